// ListEvents carries what the websocket says about single chats to the chats list, so the list
// updates the rows concerned instead of loading every page again (issue 10: thousands of chats).
// A burst of events about one chat (a customer sending five photos) becomes one update.
import {createContext, useContext} from 'react';

export type ListEvent =
    | {kind: 'conversations'; ids: string[]}
    | {kind: 'connection'; id: string; syncLost: boolean}
    // Events may have been missed (the websocket reconnected): load the list again.
    | {kind: 'reload'};

export type ListEvents = {
    subscribe(listener: (e: ListEvent) => void): () => void;
    conversation(id: string): void;
    connection(id: string, syncLost: boolean): void;
    reload(): void;
};

export const DEFAULT_MERGE_MS = 300;

export function createListEvents(mergeMs: number = DEFAULT_MERGE_MS): ListEvents {
    const listeners = new Set<(e: ListEvent) => void>();
    const pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const emit = (e: ListEvent) => {
        for (const listener of [...listeners]) {
            listener(e);
        }
    };
    return {
        subscribe(listener) {
            listeners.add(listener);
            return () => {
                listeners.delete(listener);
            };
        },
        conversation(id) {
            if (!id) {
                return;
            }
            pending.add(id);
            if (timer !== undefined) {
                return;
            }
            timer = setTimeout(() => {
                timer = undefined;
                const ids = [...pending];
                pending.clear();
                emit({kind: 'conversations', ids});
            }, mergeMs);
        },
        connection(id, syncLost) {
            emit({kind: 'connection', id, syncLost});
        },
        reload() {
            emit({kind: 'reload'});
        },
    };
}

const none: ListEvents = {subscribe: () => () => undefined, conversation: () => undefined, connection: () => undefined, reload: () => undefined};

export const ListEventsContext = createContext<ListEvents>(none);

export function useListEvents(): ListEvents {
    return useContext(ListEventsContext);
}
