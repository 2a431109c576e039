// The page's connection to the server's websocket, standing in for the web app's: it signs in
// with the session cookie (same origin), hands every event to the handlers plugins registered
// for its name, and after a lost connection connects again and calls the reconnect handlers.
import type {Store} from 'redux';

import type {HostState, SocketMessage} from './store';
import {reloadThread} from './thread';

const RETRY_MS = 1000;

export function socketURL(location: {protocol: string; host: string}, basename = ''): string {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}${basename.replace(/\/+$/, '')}/api/v4/websocket`;
}

// dispatchEvent calls every handler registered for the message's event; a throwing handler is
// reported and does not stop the others.
export function dispatchEvent(store: Store<HostState>, message: SocketMessage): void {
    store.dispatch({type: 'HOST_SOCKET_EVENT'});
    for (const h of store.getState().host.socketHandlers) {
        if (h.event === message.event) {
            try {
                h.handler(message);
            } catch (err) {
                // eslint-disable-next-line no-console
                console.error(`host page: plugin ${h.pluginId} websocket handler for ${h.event} threw: ${String(err)}`);
            }
        }
    }
}

// refreshOpenThread loads the open thread again when a post arrives in it, as the web app shows
// a thread's new replies live.
export function refreshOpenThread(store: Store<HostState>, message: SocketMessage): void {
    if (message.event !== 'posted' || typeof message.data.post !== 'string') {
        return;
    }
    const open = store.getState().views.rhs.selectedPostId;
    try {
        const post = JSON.parse(message.data.post) as {id?: string; root_id?: string};
        if (open && (post.root_id === open || post.id === open)) {
            reloadThread(store, open).catch(() => undefined);
        }
    } catch {
        // Not a post: nothing to show.
    }
}

export function connectSocket(store: Store<HostState>, url: string): void {
    let connectedBefore = false;
    const connect = () => {
        store.dispatch({type: 'HOST_SOCKET', socket: 'connecting'});
        const ws = new WebSocket(url);
        ws.onopen = () => {
            store.dispatch({type: 'HOST_SOCKET', socket: 'open'});
            if (connectedBefore) {
                for (const h of store.getState().host.reconnectHandlers) {
                    h.handler();
                }
            }
            connectedBefore = true;
        };
        ws.onmessage = (e: MessageEvent) => {
            let message: unknown;
            try {
                message = JSON.parse(String(e.data));
            } catch {
                return;
            }
            // Replies to the page's own requests carry no event name.
            if (message && typeof message === 'object' && typeof (message as SocketMessage).event === 'string') {
                dispatchEvent(store, message as SocketMessage);
                refreshOpenThread(store, message as SocketMessage);
            }
        };
        ws.onclose = () => {
            store.dispatch({type: 'HOST_SOCKET', socket: 'closed'});
            setTimeout(connect, RETRY_MS);
        };
    };
    connect();
}
