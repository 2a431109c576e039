import {useCallback, useEffect, useRef, useState} from 'react';
import {useSelector} from 'react-redux';

import {useClientChangeCount} from '../../changes';
import {getClientCard} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {ClientCard} from '../../client/types';

export type CardState =
    | {kind: 'idle'}
    | {kind: 'loading'}
    | {kind: 'error'; error: Error}
    | {kind: 'ready'; card: ClientCard; refreshError: Error | null};

export type ClientCardHandle = {
    state: CardState;
    retry: () => void;
    // replace shows a card the server answered an action with, without asking again.
    replace: (card: ClientCard) => void;
};

export function asError(err: unknown): Error {
    return err instanceof Error ? err : new Error(String(err));
}

// useClientCard loads a chat's client card (GET /conversations/{id}/client) the first time it is
// wanted, so rows nobody looks at cost nothing, and again after a client change while wanted. A
// card loaded once stays for the next look; it is fetched again only when it may have changed.
export function useClientCard(conversationId: string, wanted: boolean): ClientCardHandle {
    const base = useSelector((state: SiteState) => baseURL(state));
    const changeCount = useClientChangeCount();
    const [attempt, setAttempt] = useState(0);
    const [state, setState] = useState<CardState>({kind: 'idle'});
    // What the card on screen was loaded for; a different key means it may be out of date.
    const loadedFor = useRef('');
    const key = `${base} ${conversationId} ${attempt} ${changeCount}`;

    useEffect(() => {
        if (!wanted || loadedFor.current === key) {
            return undefined;
        }
        const controller = new AbortController();
        setState((prev) => (prev.kind === 'ready' ? prev : {kind: 'loading'}));
        getClientCard(base, conversationId, controller.signal).then(
            (card) => {
                if (!controller.signal.aborted) {
                    loadedFor.current = key;
                    setState({kind: 'ready', card, refreshError: null});
                }
            },
            (err: unknown) => {
                if (!controller.signal.aborted) {
                    setState((prev) => (prev.kind === 'ready' ? {...prev, refreshError: asError(err)} : {kind: 'error', error: asError(err)}));
                }
            },
        );
        return () => controller.abort();
    }, [base, conversationId, wanted, key]);

    const retry = useCallback(() => {
        setState((prev) => (prev.kind === 'error' ? {kind: 'loading'} : prev));
        setAttempt((n) => n + 1);
    }, []);

    const replace = useCallback((card: ClientCard) => {
        setState((prev) => {
            // An action's answer may leave out the prefill; the one already known still holds.
            const lastMessage = card.last_customer_message ?? (prev.kind === 'ready' ? prev.card.last_customer_message : undefined);
            return {kind: 'ready', card: {...card, last_customer_message: lastMessage}, refreshError: null};
        });
    }, []);

    return {state, retry, replace};
}
