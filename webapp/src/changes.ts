// Changes tells the panel, its title and the header badge that chats changed on the server (a
// websocket event, a reconnect, or an action taken here) so they load again. A burst of events,
// such as a customer sending five photos, becomes one reload.
import {createContext, useContext, useEffect, useState} from 'react';

export type Changes = {
    subscribe(listener: () => void): () => void;
    notify(): void;
};

// The websocket events (without the custom_<plugin id>_ prefix) after which chats or the badge
// may look different.
export const CHANGE_EVENTS = ['conversation_updated', 'delivery', 'indicators_changed', 'connection_changed'] as const;

// The event after which a chat's client card may look different (linked, unlinked, a new
// document). It reloads the open client cards only, not the chats: the list shows no client.
export const CLIENT_CHANGE_EVENT = 'client_changed';

export const DEFAULT_MERGE_MS = 300;

// createChanges merges the notifications of mergeMs into one call of every listener, at most
// mergeMs after the first of them.
export function createChanges(mergeMs: number = DEFAULT_MERGE_MS): Changes {
    const listeners = new Set<() => void>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    return {
        subscribe(listener) {
            listeners.add(listener);
            return () => {
                listeners.delete(listener);
            };
        },
        notify() {
            if (timer !== undefined) {
                return;
            }
            timer = setTimeout(() => {
                timer = undefined;
                for (const listener of [...listeners]) {
                    listener();
                }
            }, mergeMs);
        },
    };
}

// Outside a provider (a component rendered on its own) nothing ever changes.
const never: Changes = {subscribe: () => () => undefined, notify: () => undefined};

export const ChangesContext = createContext<Changes>(never);

// The client cards' own changes. The event names a chat, but linking one chat changes the card of
// every other chat of that client too, so every open card reloads.
export const ClientChangesContext = createContext<Changes>(never);

export function useChanges(): Changes {
    return useContext(ChangesContext);
}

export function useClientChanges(): Changes {
    return useContext(ClientChangesContext);
}

// useChangeCount counts the merged notifications: put it in an effect's dependencies to load again.
export function useChangeCount(): number {
    return useCount(useChanges());
}

export function useClientChangeCount(): number {
    return useCount(useClientChanges());
}

function useCount(changes: Changes): number {
    const [count, setCount] = useState(0);
    useEffect(() => changes.subscribe(() => setCount((n) => n + 1)), [changes]);
    return count;
}
