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
import {createHostStore, formatMessage, type HostPost} from './store';
import {connectSocket, socketURL} from './websocket';

declare global {
    interface Window {
        React: typeof React;
        ReactDOM: typeof ReactDOM;
        Redux: typeof Redux;
        ReactRedux: typeof ReactRedux;
        PropTypes: typeof PropTypes;
        ReactIntl: typeof ReactIntl;

        // Stands for a person opening a thread in the web app's right-hand sidebar.
        hostOpenThread(postId: string): Promise<void>;

        // The message the web app would render for a post (formatMessage in store.ts).
        hostFormatMessage(post: HostPost): string;

        // Stands for a post in the channel the person is looking at: the page draws it in the
        // centre, its links with the plugins' link tooltips.
        hostShowPost(postId: string): Promise<void>;
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
    // The App Bar, on in the web app unless the System Console disables it; this page draws the
    // channel header buttons instead unless asked with ?appbar=on.
    store.dispatch({type: 'HOST_APP_BAR', on: new URLSearchParams(window.location.search).get('appbar') === 'on'});
    createRoot(document.getElementById('root')!).render(
        <ReactRedux.Provider store={store}>
            <Shell/>
        </ReactRedux.Provider>,
    );

    const config = await getJSON<Record<string, string>>('/api/v4/config/client?format=old');
    store.dispatch({type: 'HOST_RECEIVED_CONFIG', config: config.data ?? {}});

    const me = await getJSON<{id: string; username: string; locale?: string}>('/api/v4/users/me');
    store.dispatch({type: 'HOST_RECEIVED_ME', user: me.data});
    if (me.data) {
        const teams = await getJSON<{id: string; name: string}[]>('/api/v4/users/me/teams');
        store.dispatch({type: 'HOST_RECEIVED_TEAMS', teams: teams.data ?? []});
    }

    // The web app lends plugins its router; here a push records the path (and shows it in the
    // address bar) instead of drawing the thread, which this page cannot.
    window.WebappUtils = {
        browserHistory: {
            push(path: string) {
                window.history.pushState(null, '', path);
                store.dispatch({type: 'HOST_VISITED', path});
            },
        },
    };

    // The web app loads a thread from GET /api/v4/posts/{id}/thread when it is opened.
    window.hostOpenThread = async (postId: string) => {
        const thread = await getJSON<{order: string[]; posts: Record<string, HostPost>}>(`/api/v4/posts/${encodeURIComponent(postId)}/thread`);
        if (!thread.data) {
            throw new Error(`GET /api/v4/posts/${postId}/thread answered ${thread.status}`);
        }
        store.dispatch({type: 'HOST_OPENED_THREAD', rootId: postId, posts: Object.values(thread.data.posts)});
    };

    window.hostFormatMessage = (post: HostPost) => formatMessage(store.getState(), post);

    window.hostShowPost = async (postId: string) => {
        const post = await getJSON<HostPost>(`/api/v4/posts/${encodeURIComponent(postId)}`);
        if (!post.data) {
            throw new Error(`GET /api/v4/posts/${postId} answered ${post.status}`);
        }
        store.dispatch({type: 'HOST_SHOWED_POST', post: post.data});
    };

    await loadPlugins(store);
    if (me.data) {
        connectSocket(store, socketURL(window.location));
    }
}

main().catch((err: unknown) => {
    // eslint-disable-next-line no-console
    console.error(`host page: ${String(err)}`);
});
