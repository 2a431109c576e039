// ChatInfo keeps what decides whether a reply in a chat's thread may go (GET /conversations/{id}:
// window, lost sync, opt-out; GET /me: the longest reply) for the composer's check and its banner,
// so the check before posting answers at once and the banner shows before anyone types. The
// websocket's events about a chat or its connection make the next read load it again.
import {createContext, useContext, useEffect, useState} from 'react';
import {useSelector} from 'react-redux';

import {getConversation, getMe} from './client/api';
import {baseURL, type SiteState} from './client/base_url';
import type {ConversationDetail, Me} from './client/types';

export type ChatInfo = {
    // detail answers from memory unless the chat changed since (or fresh is asked); a failed load
    // is not kept.
    detail(base: string, conversationId: string, fresh?: boolean): Promise<ConversationDetail>;
    me(base: string): Promise<Me>;
    // changed forgets one chat (its id) or, given a connection id, every chat of that connection.
    changed(conversationId: string): void;
    connectionChanged(connectionId: string): void;
    // subscribe is told the id of every chat forgotten ('' for all).
    subscribe(listener: (conversationId: string) => void): () => void;
};

export function createChatInfo(load = getConversation, loadMe = getMe): ChatInfo {
    const details = new Map<string, Promise<ConversationDetail>>();
    const connections = new Map<string, string>();
    const listeners = new Set<(id: string) => void>();
    let me: Promise<Me> | null = null;
    const tell = (id: string) => {
        for (const l of [...listeners]) {
            l(id);
        }
    };
    return {
        detail(base, id, fresh = false) {
            let p = details.get(id);
            if (!p || fresh) {
                p = load(base, id);
                details.set(id, p);
                p.then((d) => connections.set(id, d.connection_id), () => details.delete(id));
            }
            return p;
        },
        me(base) {
            if (!me) {
                me = loadMe(base);
                me.catch(() => {
                    me = null;
                });
            }
            return me;
        },
        changed(id) {
            details.delete(id);
            tell(id);
        },
        connectionChanged(connectionId) {
            for (const [id, conn] of connections) {
                if (conn === connectionId) {
                    details.delete(id);
                    tell(id);
                }
            }
        },
        subscribe(listener) {
            listeners.add(listener);
            return () => {
                listeners.delete(listener);
            };
        },
    };
}

export const ChatInfoContext = createContext<ChatInfo | null>(null);

export type ChatDetailState =
    | {kind: 'loading'}
    | {kind: 'error'; error: Error}
    | {kind: 'ready'; detail: ConversationDetail; me: Me | null};

// useChatDetail is one chat's detail and the user's /me, loaded again when the chat changes.
export function useChatDetail(conversationId: string): ChatDetailState {
    const info = useContext(ChatInfoContext);
    const base = useSelector((state: SiteState) => baseURL(state));
    const [state, setState] = useState<ChatDetailState>({kind: 'loading'});
    const [version, setVersion] = useState(0);

    useEffect(() => {
        if (!info) {
            return undefined;
        }
        return info.subscribe((id) => {
            if (id === conversationId) {
                setVersion((n) => n + 1);
            }
        });
    }, [info, conversationId]);

    useEffect(() => {
        if (!info || !conversationId) {
            return undefined;
        }
        let live = true;
        Promise.all([info.detail(base, conversationId), info.me(base).catch(() => null)]).then(
            ([detail, me]) => live && setState({kind: 'ready', detail, me}),
            (err: unknown) => live && setState({kind: 'error', error: err instanceof Error ? err : new Error(String(err))}),
        );
        return () => {
            live = false;
        };
    }, [info, base, conversationId, version]);

    return state;
}

// useMayUseChats is GET /me's may_use_chats (F2 in docs/features.md): null until it is known.
// The web app offers no chat actions to a user the server would refuse; when /me cannot be read
// they show, and the server's own check still stands. Without a ChatInfo (a component drawn on
// its own) nothing is asked and the actions show.
export function useMayUseChats(): boolean | null {
    const info = useContext(ChatInfoContext);
    const base = useSelector((state: SiteState) => baseURL(state));
    const [may, setMay] = useState<boolean | null>(info ? null : true);

    useEffect(() => {
        if (!info) {
            return undefined;
        }
        let live = true;
        info.me(base).then(
            (me) => live && setMay(me.may_use_chats),
            () => live && setMay(true),
        );
        return () => {
            live = false;
        };
    }, [info, base]);

    return may;
}
