// F12 (docs/features.md): a chat is read when its thread is open in front of the user, in the right-hand thread view
// or the threads view, and not only when it is opened from the chats sidebar. Marking it read
// clears the user's unread marker and, on Messenger and WhatsApp, shows the customer it was seen.
import type {Store} from 'redux';

import {markConversationRead} from './client/api';
import {baseURL, type SiteState} from './client/base_url';

type PostLike = {id: string; root_id?: string; reply_count?: number; props?: Record<string, unknown>};

// The slice of the web app's state that says which thread is open and what it holds.
export type ThreadState = SiteState & {
    entities: {
        posts?: {
            posts?: Record<string, PostLike | undefined>;
            postsInThread?: Record<string, string[] | undefined>;
        };
        teams?: {currentTeamId?: string};
    };
    views?: {
        rhs?: {selectedPostId?: string};
        threads?: {selectedThreadIdInTeam?: Record<string, string | undefined>};
    };
};

export type ViewedChat = {
    conversationId: string;

    // key changes when the thread shows more messages, so a message that arrives while the
    // thread is open is read too.
    key: string;
};

// viewedChat is the Frontdesk chat whose thread is open, or null.
export function viewedChat(state: ThreadState): ViewedChat | null {
    const posts = state.entities.posts?.posts ?? {};
    const team = state.entities.teams?.currentTeamId ?? '';
    const open = [state.views?.rhs?.selectedPostId, state.views?.threads?.selectedThreadIdInTeam?.[team]];
    for (const id of open) {
        const post = id ? posts[id] : undefined;
        const root = post?.root_id ? posts[post.root_id] : post;
        const conversationId = root?.props?.frontdesk_conversation_id;
        if (root && root.props?.frontdesk_root && typeof conversationId === 'string' && conversationId) {
            const shown = state.entities.posts?.postsInThread?.[root.id]?.length ?? 0;
            return {conversationId, key: `${root.id}:${root.reply_count ?? 0}:${shown}`};
        }
    }
    return null;
}

// watchThreadReading marks the open chat read whenever it opens or shows more while the page is
// visible. The server answers with an indicators_changed event, which refreshes the badges.
export function watchThreadReading(
    store: Store<ThreadState>,
    mark: typeof markConversationRead = markConversationRead,
    doc: Document = document,
): () => void {
    let marked = '';
    const check = () => {
        if (doc.visibilityState === 'hidden') {
            return;
        }
        const state = store.getState();
        const chat = viewedChat(state);
        if (!chat || chat.key === marked) {
            return;
        }
        marked = chat.key;
        // A failure (the user left the channel, the server is away) waits for the thread to
        // change rather than asking again on every unrelated change of the store.
        mark(baseURL(state), chat.conversationId).catch(() => undefined);
    };
    const unsubscribe = store.subscribe(check);
    doc.addEventListener('visibilitychange', check);
    check();
    return () => {
        unsubscribe();
        doc.removeEventListener('visibilitychange', check);
    };
}
