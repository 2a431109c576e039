import {useCallback, useEffect, useRef, useState} from 'react';
import {useSelector} from 'react-redux';

import {getConversation, listConversations} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import {ApiError} from '../../client/request';
import type {Conversation, ConversationStatus} from '../../client/types';
import {useListEvents} from '../../list_events';

export const PAGE_SIZE = 20;

// Filters narrow the list (issue 10): a search over the customer's name, phone or username, one
// connection, unread, unanswered, and the chats assigned to the user.
export type Filters = {
    q: string;
    connectionId: string;
    unread: boolean;
    unanswered: boolean;
    mine: boolean;
};

export const NO_FILTERS: Filters = {q: '', connectionId: '', unread: false, unanswered: false, mine: false};

export function hasFilters(f: Filters): boolean {
    return Boolean(f.q.trim() || f.connectionId || f.unread || f.unanswered || f.mine);
}

export type ListState =
    | {kind: 'loading'}
    | {kind: 'error'; error: Error}
    | {
        kind: 'ready';
        items: Conversation[];
        hasMore: boolean;
        loadingMore: boolean;
        moreError: Error | null;
        refreshError: Error | null;
    };

export type ConversationList = {
    state: ListState;
    retry: () => void;
    loadMore: () => void;
    // change replaces one chat (or removes it, given null) after an action taken here.
    change: (id: string, next: Conversation | null) => void;
};

function asError(err: unknown): Error {
    return err instanceof Error ? err : new Error(String(err));
}

// merge appends a later page, skipping chats already shown (new activity moves chats up, so
// pages can overlap).
function merge(shown: Conversation[], more: Conversation[]): Conversation[] {
    const seen = new Set(shown.map((c) => c.id));
    return [...shown, ...more.filter((c) => !seen.has(c.id))];
}

const digits = (s: string) => s.replace(/\D/g, '');

// matches says whether a chat the websocket announced belongs in the list as filtered, the way
// the server filters (the search loosely: a word of the name, the phone's digits, the username).
export function matches(c: Conversation, status: ConversationStatus, f: Filters, userId: string): boolean {
    if (c.status !== status) {
        return false;
    }
    if ((f.connectionId && c.connection_id !== f.connectionId) || (f.unread && !c.unread) || (f.unanswered && !c.unanswered)) {
        return false;
    }
    if (f.mine && c.assignee_id !== userId) {
        return false;
    }
    const q = f.q.trim().toLowerCase();
    if (!q) {
        return true;
    }
    const {name = '', phone = '', username = ''} = c.customer;
    const qDigits = digits(q);
    return name.toLowerCase().includes(q) ||
        username.toLowerCase().includes(q.replace(/^@/, '')) ||
        (qDigits.length >= 3 && digits(phone).includes(qDigits));
}

// place puts an updated chat where newest-activity-first order wants it, or takes it out. A chat
// older than every chat shown goes last only when the whole list is shown (or it was shown):
// otherwise its place is on a page not loaded yet.
export function place(items: Conversation[], next: Conversation, keep: boolean, hasMore: boolean): Conversation[] {
    const others = items.filter((c) => c.id !== next.id);
    if (!keep) {
        return others;
    }
    const at = others.findIndex((c) => c.last_message_at < next.last_message_at);
    if (at === -1) {
        return !hasMore || items.some((c) => c.id === next.id) ? [...others, next] : others;
    }
    return [...others.slice(0, at), next, ...others.slice(at)];
}

type MeState = SiteState & {entities: {users?: {currentUserId?: string}}};

// useConversations loads one tab of chats, newest activity first, a page at a time, filtered.
// The websocket's events update the rows they name (one GET /conversations/{id} each); only a
// reconnect, when events may have been missed, loads the pages shown so far again.
export function useConversations(status: ConversationStatus, filters: Filters = NO_FILTERS): ConversationList {
    const base = useSelector((state: SiteState) => baseURL(state));
    const userId = useSelector((state: MeState) => state.entities.users?.currentUserId ?? '');
    const events = useListEvents();
    const [attempt, setAttempt] = useState(0);
    const [state, setState] = useState<ListState>({kind: 'loading'});
    const pages = useRef(1);
    const {q, connectionId, unread, unanswered, mine} = filters;

    const query = useCallback((page: number, perPage: number) => ({
        status, page, perPage, q, connectionId, unread, unanswered, assigned: mine ? 'me' : '',
    }), [status, q, connectionId, unread, unanswered, mine]);

    // New filters start from the first page.
    useEffect(() => {
        pages.current = 1;
    }, [query]);

    useEffect(() => {
        const controller = new AbortController();
        const perPage = pages.current * PAGE_SIZE;
        listConversations(base, query(0, perPage), controller.signal).then(
            (page) => {
                if (!controller.signal.aborted) {
                    setState({
                        kind: 'ready',
                        items: page.items,
                        hasMore: page.hasMore,
                        loadingMore: false,
                        moreError: null,
                        refreshError: null,
                    });
                }
            },
            (err: unknown) => {
                if (!controller.signal.aborted) {
                    setState((prev) => (prev.kind === 'ready' ? {...prev, refreshError: asError(err)} : {kind: 'error', error: asError(err)}));
                }
            },
        );
        return () => controller.abort();
    }, [base, query, attempt]);

    // The rows the websocket names, each loaded alone.
    useEffect(() => {
        const controller = new AbortController();
        const filtersNow = {q, connectionId, unread, unanswered, mine};
        const stop = events.subscribe((e) => {
            if (e.kind === 'reload') {
                setAttempt((n) => n + 1);
                return;
            }
            if (e.kind === 'connection') {
                setState((prev) => (prev.kind === 'ready' ? {
                    ...prev,
                    items: prev.items.map((c) => (c.connection_id === e.id ? {...c, sync_lost: e.syncLost} : c)),
                } : prev));
                return;
            }
            for (const id of e.ids) {
                getConversation(base, id, controller.signal).then(
                    (c) => setState((prev) => (prev.kind === 'ready' ? {...prev, items: place(prev.items, c, matches(c, status, filtersNow, userId), prev.hasMore)} : prev)),
                    (err: unknown) => {
                        // Gone, or no longer the user's to see.
                        if (err instanceof ApiError && err.status === 404) {
                            setState((prev) => (prev.kind === 'ready' ? {...prev, items: prev.items.filter((c) => c.id !== id)} : prev));
                        }
                    },
                );
            }
        });
        return () => {
            stop();
            controller.abort();
        };
    }, [base, events, status, q, connectionId, unread, unanswered, mine, userId]);

    const retry = useCallback(() => {
        setState((prev) => (prev.kind === 'error' ? {kind: 'loading'} : prev));
        setAttempt((n) => n + 1);
    }, []);

    const loadMore = useCallback(() => {
        const page = pages.current;
        setState((prev) => (prev.kind === 'ready' ? {...prev, loadingMore: true, moreError: null} : prev));
        listConversations(base, query(page, PAGE_SIZE)).then(
            (more) => {
                pages.current = page + 1;
                setState((prev) => (prev.kind === 'ready' ? {
                    ...prev,
                    items: merge(prev.items, more.items),
                    hasMore: more.hasMore,
                    loadingMore: false,
                } : prev));
            },
            (err: unknown) => {
                setState((prev) => (prev.kind === 'ready' ? {...prev, loadingMore: false, moreError: asError(err)} : prev));
            },
        );
    }, [base, query]);

    const change = useCallback((id: string, next: Conversation | null) => {
        setState((prev) => {
            if (prev.kind !== 'ready') {
                return prev;
            }
            const items = next ? prev.items.map((c) => (c.id === id ? next : c)) : prev.items.filter((c) => c.id !== id);
            return {...prev, items};
        });
    }, []);

    return {state, retry, loadMore, change};
}
