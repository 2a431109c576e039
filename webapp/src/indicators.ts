// The indicators (GET /indicators) shared by the header badge and the sidebar title: one call per
// change however many badges show them, and a badge that appears later shows the last answer
// at once instead of asking again.
import {createContext, useContext} from 'react';

import type {Changes} from './changes';
import type {ChatInfo} from './chat_info';
import {getIndicators} from './client/api';
import type {Indicators} from './client/types';

export type SharedIndicators = {
    // watch calls listener after every new answer while watched; the first watcher (or one with
    // another base URL) starts a load. It returns the way to stop watching.
    watch(base: string, listener: () => void): () => void;
    // current is the last answer, null until the first; a failed load keeps it.
    current(): Indicators | null;
};

// createIndicators loads again on every merged change while anything watches. Once nothing
// does, it stops listening and the next watcher loads afresh, since changes went unseen.
export function createIndicators(changes: Changes, load: typeof getIndicators = getIndicators): SharedIndicators {
    const listeners = new Set<() => void>();
    let base: string | null = null;
    let value: Indicators | null = null;
    let inFlight: AbortController | null = null;
    let stopChanges: (() => void) | null = null;

    const reload = () => {
        inFlight?.abort();
        const controller = new AbortController();
        inFlight = controller;
        load(base ?? '', controller.signal).then(
            (answer) => {
                if (controller.signal.aborted) {
                    return;
                }
                inFlight = null;
                value = answer;
                for (const listener of [...listeners]) {
                    listener();
                }
            },
            () => {
                if (inFlight === controller) {
                    inFlight = null;
                }
            },
        );
    };

    return {
        watch(nextBase, listener) {
            listeners.add(listener);
            if (!stopChanges) {
                stopChanges = changes.subscribe(reload);
                base = nextBase;
                reload();
            } else if (nextBase !== base || (value === null && inFlight === null)) {
                // Another base, or no answer yet (the first load failed): ask again.
                base = nextBase;
                reload();
            }
            return () => {
                listeners.delete(listener);
                if (listeners.size === 0 && stopChanges) {
                    stopChanges();
                    stopChanges = null;
                    inFlight?.abort();
                    inFlight = null;
                }
            };
        },
        current: () => value,
    };
}

// forUsersOfChats loads the indicators only for a user who may use chats (GET /me, F2 in
// docs/features.md): anyone else gets no count, on the badge, the App Bar icon or the tab's title.
// When /me cannot be read the indicators load; the server answers for its chats only.
export function forUsersOfChats(info: Pick<ChatInfo, 'me'>, load: typeof getIndicators = getIndicators): typeof getIndicators {
    return async (base, signal) => {
        const me = await info.me(base).catch(() => null);
        if (me && !me.may_use_chats) {
            return {unread: 0, unanswered: 0, attention: 0};
        }
        return load(base, signal);
    };
}

// Outside a provider (a component rendered on its own) each badge loads its own.
export const IndicatorsContext = createContext<SharedIndicators | null>(null);

export function useSharedIndicators(): SharedIndicators | null {
    return useContext(IndicatorsContext);
}
