// Entry of the Frontdesk host page, which stands in for the Mattermost web app (see root.html).
// Like the web app it exposes the shared libraries on window for plugin bundles built with
// webpack externals, offers window.registerPlugin, and loads the enabled plugins' bundles.
import PropTypes from 'prop-types';
import React from 'react';
import * as ReactDOM from 'react-dom';
import {createRoot} from 'react-dom/client';
import * as ReactIntl from 'react-intl';
import * as ReactRedux from 'react-redux';
import * as Redux from 'redux';

import {getJSON, loadPlugins, type WebappPlugin} from './loader';
import Shell from './shell';
import {createHostStore} from './store';

declare global {
    interface Window {
        React: typeof React;
        ReactDOM: typeof ReactDOM;
        Redux: typeof Redux;
        ReactRedux: typeof ReactRedux;
        PropTypes: typeof PropTypes;
        ReactIntl: typeof ReactIntl;
    }
}

window.React = React;
window.ReactDOM = ReactDOM;
window.Redux = Redux;
window.ReactRedux = ReactRedux;
window.PropTypes = PropTypes;
window.ReactIntl = ReactIntl;
window.plugins = {};
window.registerPlugin = (id: string, plugin: unknown) => {
    window.plugins[id] = plugin as WebappPlugin;
};

async function main() {
    const store = createHostStore();
    createRoot(document.getElementById('root')!).render(
        <ReactRedux.Provider store={store}>
            <Shell/>
        </ReactRedux.Provider>,
    );

    const config = await getJSON<Record<string, string>>('/api/v4/config/client?format=old');
    store.dispatch({type: 'HOST_RECEIVED_CONFIG', config: config.data ?? {}});

    const me = await getJSON<{id: string; username: string; locale?: string}>('/api/v4/users/me');
    store.dispatch({type: 'HOST_RECEIVED_ME', user: me.data});

    await loadPlugins(store);
}

main().catch((err: unknown) => {
    // eslint-disable-next-line no-console
    console.error(`host page: ${String(err)}`);
});
