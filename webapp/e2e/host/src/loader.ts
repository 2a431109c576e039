// Loads the enabled plugins' web bundles from the server the way the Mattermost web app does.
import type {ClientPluginManifest} from '@mattermost/types/plugins';
import type {Store} from 'redux';

import {createRegistry} from './registry';
import type {HostState} from './store';

export type WebappPlugin = {initialize?: (registry: unknown, store: Store<HostState>) => unknown};

declare global {
    interface Window {
        plugins: Record<string, WebappPlugin>;
    }
}

// bundleURL maps the path GET /api/v4/plugins/webapp lists ("/static/<id>/<id>_<hash>_bundle.js")
// to where the server serves plugin bundles ("/static/plugins/<id>/...").
export function bundleURL(bundlePath: string): string {
    if (bundlePath.includes('/static/') && !bundlePath.includes('/static/plugins/')) {
        return bundlePath.replace('/static/', '/static/plugins/');
    }
    return bundlePath;
}

export async function getJSON<T>(path: string): Promise<{status: number; data: T | null}> {
    const response = await fetch(path, {
        credentials: 'same-origin',
        headers: {Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest'},
    });
    if (!response.ok) {
        return {status: response.status, data: null};
    }
    return {status: response.status, data: await response.json() as T};
}

export async function loadPlugins(store: Store<HostState>): Promise<void> {
    const {status, data} = await getJSON<ClientPluginManifest[]>('/api/v4/plugins/webapp');
    if (!data) {
        throw new Error(`GET /api/v4/plugins/webapp answered ${status}`);
    }
    await Promise.all(data.map((manifest) => loadPlugin(manifest, store)));
}

async function loadPlugin(manifest: ClientPluginManifest, store: Store<HostState>): Promise<void> {
    const fail = (error: string) => {
        store.dispatch({type: 'HOST_PLUGIN', load: {id: manifest.id, state: 'failed', error}});
        // eslint-disable-next-line no-console
        console.error(`host page: plugin ${manifest.id}: ${error}`);
    };

    store.dispatch({type: 'HOST_PLUGIN', load: {id: manifest.id, state: 'loading'}});
    try {
        await addScript(manifest.id, bundleURL(manifest.webapp.bundle_path));
    } catch (err) {
        fail(String(err));
        return;
    }

    const plugin = window.plugins[manifest.id];
    if (!plugin?.initialize) {
        fail('the bundle did not call window.registerPlugin with an initialize method');
        return;
    }
    try {
        await plugin.initialize(createRegistry(manifest.id, store), store);
    } catch (err) {
        fail(`initialize threw: ${String(err)}`);
        return;
    }
    store.dispatch({type: 'HOST_PLUGIN', load: {id: manifest.id, state: 'loaded'}});
}

function addScript(id: string, src: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.id = `plugin_${id}`;
        script.src = src;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error(`could not load ${src}`));
        document.head.appendChild(script);
    });
}
