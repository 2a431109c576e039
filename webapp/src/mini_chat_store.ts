// The one mini chat window (F19, F20): the phone card opens it, the window registered as a root
// component shows it, and the websocket's posted events feed it. A tiny store rather than the
// web app's redux: the state is the plugin's own and no other part of the web app reads it.
import {createContext, useContext, useSyncExternalStore} from 'react';

import type {Conversation, MattermostPost} from './client/types';

// What the window shows: a chat's thread, or the form that starts a chat with a phone number.
export type MiniChatTarget =
    | {kind: 'chat'; conversation: Conversation}
    | {kind: 'start'; phone: string};

export type MiniChat = {
    current(): MiniChatTarget | null;
    subscribe(listener: () => void): () => void;
    open(target: MiniChatTarget): void;
    close(): void;
    // posted hands a post from the websocket to whoever shows its thread.
    posted(post: MattermostPost): void;
    onPosted(listener: (post: MattermostPost) => void): () => void;
};

export function createMiniChat(): MiniChat {
    let target: MiniChatTarget | null = null;
    const listeners = new Set<() => void>();
    const postListeners = new Set<(post: MattermostPost) => void>();
    const set = (next: MiniChatTarget | null) => {
        target = next;
        listeners.forEach((l) => l());
    };
    return {
        current: () => target,
        subscribe(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
        open: set,
        close: () => set(null),
        posted(post) {
            postListeners.forEach((l) => l(post));
        },
        onPosted(listener) {
            postListeners.add(listener);
            return () => postListeners.delete(listener);
        },
    };
}

// postFromEvent reads the post of a websocket posted event, whose data carries it as a JSON string.
export function postFromEvent(data: Record<string, unknown>): MattermostPost | null {
    if (typeof data.post !== 'string') {
        return null;
    }
    try {
        const post: unknown = JSON.parse(data.post);
        if (post && typeof post === 'object' && typeof (post as MattermostPost).id === 'string') {
            return post as MattermostPost;
        }
    } catch {
        // A malformed event is no post.
    }
    return null;
}

// Without a provider (a component rendered on its own) the window never opens.
export const MiniChatContext = createContext<MiniChat>(createMiniChat());

export function useMiniChat(): MiniChat {
    return useContext(MiniChatContext);
}

export function useMiniChatTarget(): MiniChatTarget | null {
    const chat = useMiniChat();
    return useSyncExternalStore(chat.subscribe, chat.current);
}
