import {fireEvent, render, screen} from '@testing-library/react';
import React from 'react';
import {Provider} from 'react-redux';

import {jsonResponse, routeFetch} from '../../../tests/fetch';
import type {AdminConsoleSettingProps} from '../../../src/types/mattermost-webapp';

import AdminConsolePage, {adminPluginId} from './admin_console';
import {createRegistry} from './registry';
import {createHostStore} from './store';

const manifest = {
    id: 'frontdesk',
    name: 'Frontdesk',
    settings_schema: {
        header: 'Connect provider accounts below.',
        footer: '',
        settings: [
            {key: 'Connections', display_name: 'Connections:', type: 'custom', help_text: 'Provider accounts.'},
            {key: 'RetentionMessages', display_name: 'Messages kept per chat:', type: 'number', help_text: 'Only the most recent messages are kept.'},
        ],
    },
};

describe('the stand-in System Console plugin page', () => {
    test('is the page of /admin_console/plugins/plugin_<id>', () => {
        expect(adminPluginId('/admin_console/plugins/plugin_frontdesk')).toBe('frontdesk');
        expect(adminPluginId('/admin_console/plugins/plugin_frontdesk/')).toBe('frontdesk');
        expect(adminPluginId('/demo/channels/town-square')).toBe('');
    });

    test('draws a custom setting with the registered component and the web app\'s props; Save runs its save actions', async () => {
        routeFetch({
            'GET /api/v4/plugins': () => jsonResponse(200, {active: [manifest], inactive: []}),
            'GET /api/v4/config': () => jsonResponse(200, {PluginSettings: {Plugins: {frontdesk: {connections: 'stored', retentionmessages: 500}}}}),
        });
        const store = createHostStore();
        let got: AdminConsoleSettingProps | undefined;
        const saved = vi.fn(async () => ({}));
        const Setting = (props: AdminConsoleSettingProps) => {
            got = props;
            return (
                <button
                    type='button'
                    onClick={() => {
                        props.registerSaveAction(saved);
                        props.onChange(props.id, 'changed');
                    }}
                >
                    {'custom setting'}
                </button>
            );
        };
        createRegistry('frontdesk', store).registerAdminConsoleCustomSetting('Connections', Setting, {showTitle: false});

        render(<Provider store={store}><AdminConsolePage pluginId='frontdesk'/></Provider>);

        fireEvent.click(await screen.findByText('custom setting'));
        expect(got).toMatchObject({
            id: 'PluginSettings.Plugins.frontdesk.connections',
            label: 'Connections:',
            helpText: 'Provider accounts.',
            disabled: false,
            setByEnv: false,
            license: {},
        });
        expect(got?.config).toHaveProperty('PluginSettings');
        expect(got?.value).toBe('changed');
        expect(screen.queryByText('Connections:')).not.toBeInTheDocument();
        expect(screen.getByTestId('host-admin-setting-RetentionMessages')).toHaveTextContent('Messages kept per chat:Only the most recent messages are kept.');

        fireEvent.click(screen.getByTestId('host-admin-save'));
        expect(await screen.findByTestId('host-admin-saved')).toHaveTextContent('Saved');
        expect(saved).toHaveBeenCalledTimes(1);
    });

    test('tells a user who is no system admin that the System Console is not theirs', async () => {
        routeFetch({});
        render(<Provider store={createHostStore()}><AdminConsolePage pluginId='frontdesk'/></Provider>);
        expect(await screen.findByTestId('host-admin-error')).toHaveTextContent('only system admins see the System Console');
    });
});
