// The plugin's System Console page as the Mattermost web app draws it at
// /admin_console/plugins/plugin_<id>: the plugin's settings_schema header, then each setting in
// order. A setting of type "custom" is the component the plugin registered for its key
// (registerAdminConsoleCustomSetting), given the props the web app gives it; the page's Save
// button runs the save actions the components registered. Other settings are listed with their
// help text only: the web app draws their inputs, this page stands in for it and does not.
import type {PluginManifest, PluginSetting} from '@mattermost/types/plugins';
import React, {useCallback, useEffect, useRef, useState} from 'react';
import {useSelector} from 'react-redux';

import type {AdminConsoleSettingProps} from '../../../src/types/mattermost-webapp';

import {getJSON} from './loader';
import type {HostState} from './store';

export const ADMIN_PLUGIN_PAGE = /^\/admin_console\/plugins\/plugin_([^/]+)\/?$/;

type SaveAction = AdminConsoleSettingProps['registerSaveAction'] extends (a: infer A) => void ? A : never;

type PluginConfig = Record<string, unknown>;

// A manifest's help text is a string; the web app's own settings may give a message descriptor.
function text(value: unknown): string {
    return typeof value === 'string' ? value : '';
}

export function adminPluginId(pathname: string): string {
    return ADMIN_PLUGIN_PAGE.exec(pathname)?.[1] ?? '';
}

export default function AdminConsolePage({pluginId}: {pluginId: string}) {
    const [manifest, setManifest] = useState<PluginManifest | null>(null);
    const [config, setConfig] = useState<Record<string, unknown> | null>(null);
    const [error, setError] = useState('');
    const [values, setValues] = useState<PluginConfig>({});
    const [saveNeeded, setSaveNeeded] = useState(false);
    const [saved, setSaved] = useState('');
    const saveActions = useRef(new Set<SaveAction>());
    const registered = useSelector((s: HostState) => s.host.adminSettings);
    const settings = registered.filter((x) => x.pluginId === pluginId);

    // The web app reads the manifests (with their settings_schema) from GET /api/v4/plugins and
    // the whole configuration from GET /api/v4/config: both are for system admins only.
    useEffect(() => {
        (async () => {
            const plugins = await getJSON<{active: PluginManifest[]; inactive: PluginManifest[]}>('/api/v4/plugins');
            const cfg = await getJSON<Record<string, unknown>>('/api/v4/config');
            if (!plugins.data || !cfg.data) {
                setError(`GET /api/v4/plugins answered ${plugins.status}, GET /api/v4/config answered ${cfg.status}: only system admins see the System Console`);
                return;
            }
            const found = [...plugins.data.active, ...plugins.data.inactive].find((m) => m.id === pluginId);
            if (!found) {
                setError(`plugin ${pluginId} is not installed`);
                return;
            }
            const pluginSettings = (cfg.data.PluginSettings as {Plugins?: Record<string, PluginConfig>} | undefined)?.Plugins?.[pluginId] ?? {};
            setManifest(found);
            setConfig(cfg.data);
            setValues(pluginSettings);
        })().catch((err: unknown) => setError(String(err)));
    }, [pluginId]);

    const save = useCallback(async () => {
        const errors: string[] = [];
        for (const action of saveActions.current) {
            const result = await action();
            if (result?.error?.message) {
                errors.push(result.error.message);
            }
        }
        setSaveNeeded(false);
        setSaved(errors.length ? errors.join('; ') : 'Saved');
    }, []);

    const props = useCallback((setting: PluginSetting): AdminConsoleSettingProps => ({
        id: `PluginSettings.Plugins.${pluginId}.${setting.key.toLowerCase()}`,
        label: setting.display_name,
        helpText: text(setting.help_text),
        value: values[setting.key.toLowerCase()],
        disabled: false,
        config: config ?? {},
        license: {},
        setByEnv: false,
        onChange: (_id, value) => {
            setValues((v) => ({...v, [setting.key.toLowerCase()]: value}));
            setSaveNeeded(true);
        },
        setSaveNeeded: () => setSaveNeeded(true),
        registerSaveAction: (action) => saveActions.current.add(action),
        unRegisterSaveAction: (action) => saveActions.current.delete(action),
    }), [config, pluginId, values]);

    if (error) {
        return (
            <main
                className='host-center host-admin'
                data-testid='host-admin-console'
            >
                <p
                    className='host-error'
                    data-testid='host-admin-error'
                >
                    {error}
                </p>
            </main>
        );
    }
    if (!manifest || !config) {
        return (
            <main
                className='host-center host-admin'
                data-testid='host-admin-console'
            >
                {'Loading the System Console…'}
            </main>
        );
    }
    const schema = manifest.settings_schema;
    return (
        <main
            className='host-center host-admin'
            data-testid='host-admin-console'
            data-plugin-id={pluginId}
        >
            <p className='host-note'>
                {'This page stands in for the Mattermost System Console: it draws the plugin\'s settings as the web app does, ' +
                 'its custom settings with the components the plugin registered.'}
            </p>
            <h2 className='host-admin-title'>{`System Console › Plugins › ${manifest.name}`}</h2>
            {schema?.header && <p className='host-admin-header'>{schema.header}</p>}
            {(schema?.settings ?? []).map((setting) => {
                const custom = setting.type === 'custom' ? settings.find((x) => x.key === setting.key.toLowerCase()) : undefined;
                if (custom) {
                    const Custom = custom.component;
                    return (
                        <div
                            key={setting.key}
                            className='host-admin-setting host-admin-custom'
                            data-testid={`host-admin-setting-${setting.key}`}
                        >
                            {custom.showTitle && <label className='host-admin-label'>{setting.display_name}</label>}
                            <Custom {...props(setting)}/>
                        </div>
                    );
                }
                return (
                    <div
                        key={setting.key}
                        className='host-admin-setting'
                        data-testid={`host-admin-setting-${setting.key}`}
                    >
                        <label className='host-admin-label'>{setting.display_name}</label>
                        <span className='host-admin-help'>
                            {setting.type === 'custom' ? `No component is registered for the custom setting ${setting.key}.` : text(setting.help_text)}
                        </span>
                    </div>
                );
            })}
            <div className='host-admin-save'>
                <button
                    type='button'
                    className='btn btn-primary'
                    data-testid='host-admin-save'
                    disabled={!saveNeeded}
                    onClick={save}
                >
                    {'Save'}
                </button>
                {saved && <span data-testid='host-admin-saved'>{saved}</span>}
            </div>
        </main>
    );
}
