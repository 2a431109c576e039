import {useCallback, useEffect, useRef, useState} from 'react';
import {useSelector} from 'react-redux';

import {useChangeCount} from '../../changes';
import {listConversations} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Conversation, ConversationStatus} from '../../client/types';

export const PAGE_SIZE = 20;

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

// useConversations loads one tab of chats, newest activity first, a page at a time. When the
// server announces a change it reloads every page shown so far in one call, keeping what is on
// screen until the answer arrives.
export function useConversations(status: ConversationStatus): ConversationList {
    const base = useSelector((state: SiteState) => baseURL(state));
    const changeCount = useChangeCount();
    const [attempt, setAttempt] = useState(0);
    const [state, setState] = useState<ListState>({kind: 'loading'});
    const pages = useRef(1);

    useEffect(() => {
        const controller = new AbortController();
        const perPage = pages.current * PAGE_SIZE;
        listConversations(base, {status, page: 0, perPage}, controller.signal).then(
            (items) => {
                if (!controller.signal.aborted) {
                    setState({
                        kind: 'ready',
                        items,
                        hasMore: items.length === perPage,
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
    }, [base, status, attempt, changeCount]);

    const retry = useCallback(() => {
        setState((prev) => (prev.kind === 'error' ? {kind: 'loading'} : prev));
        setAttempt((n) => n + 1);
    }, []);

    const loadMore = useCallback(() => {
        const page = pages.current;
        setState((prev) => (prev.kind === 'ready' ? {...prev, loadingMore: true, moreError: null} : prev));
        listConversations(base, {status, page, perPage: PAGE_SIZE}).then(
            (more) => {
                pages.current = page + 1;
                setState((prev) => (prev.kind === 'ready' ? {
                    ...prev,
                    items: merge(prev.items, more),
                    hasMore: more.length === PAGE_SIZE,
                    loadingMore: false,
                } : prev));
            },
            (err: unknown) => {
                setState((prev) => (prev.kind === 'ready' ? {...prev, loadingMore: false, moreError: asError(err)} : prev));
            },
        );
    }, [base, status]);

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
