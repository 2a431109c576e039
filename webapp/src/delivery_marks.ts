// F11 (docs/features.md): the delivery state of an agent's reply, shown under its text wherever the web app renders
// the post: Sending…, ✓ Sent, ✓✓ Delivered, ✓✓ Read, with the time of reading under the last reply
// the customer read. The server keeps the state in the post's frontdesk_delivery prop and edits the
// post when it changes, so the web app renders it again. A failed reply already carries
// "Not delivered" and a Retry button.
import {translationsFor} from './i18n';

export type ThreadPost = {
    id: string;
    root_id?: string;
    type?: string;
    create_at?: number;
    props?: Record<string, unknown> | null;
};

// The slice of the web app's state that holds the posts of open threads.
export type PostsState = {
    entities: {
        posts?: {
            posts?: Record<string, ThreadPost | undefined>;
            postsInThread?: Record<string, string[] | undefined>;
        };
    };
};

export type Delivery = {state: 'sending' | 'sent' | 'delivered' | 'read'; readAt?: number};

const lineIds = {
    sending: 'frontdesk.delivery.sending',
    sent: 'frontdesk.delivery.sent',
    delivered: 'frontdesk.delivery.delivered',
    read: 'frontdesk.delivery.read',
} as const;

function stateOf(post: ThreadPost | undefined): {state?: unknown; read_at?: unknown} | undefined {
    return post?.props?.frontdesk_delivery as {state?: unknown; read_at?: unknown} | undefined;
}

// deliveryOf is what to show under a post, null for none. A reply in a chat's thread that has no
// state yet waits in the queue (behind a reply the provider has not taken yet, say).
export function deliveryOf(post: ThreadPost, state: PostsState): Delivery | null {
    const d = stateOf(post);
    const posts = state.entities.posts?.posts ?? {};
    if (typeof d?.state === 'string') {
        if (!(d.state in lineIds)) {
            return null;
        }
        const s = d.state as Delivery['state'];
        const readAt = typeof d.read_at === 'number' && d.read_at > 0 ? d.read_at : undefined;
        if (s === 'read' && readAt && readLater(post, state)) {
            return {state: s};
        }
        return {state: s, readAt};
    }
    const root = post.root_id ? posts[post.root_id] : undefined;
    const ours = post.props?.frontdesk_conversation_id !== undefined;
    if (root?.props?.frontdesk_root && !ours && !post.type) {
        return {state: 'sending'};
    }
    return null;
}

// readLater reports whether the customer read a later reply of the same thread: the time of
// reading shows once, under the last one.
function readLater(post: ThreadPost, state: PostsState): boolean {
    const posts = state.entities.posts?.posts ?? {};
    const thread = state.entities.posts?.postsInThread?.[post.root_id ?? ''] ?? [];
    return thread.some((id) => {
        const other = posts[id];
        return id !== post.id && (other?.create_at ?? 0) > (post.create_at ?? 0) && stateOf(other)?.state === 'read';
    });
}

// deliveryLine is the text for a delivery in the user's language.
export function deliveryLine(d: Delivery, locale: string, now: Date = new Date()): string {
    const text = translationsFor(locale)[lineIds[d.state]];
    return text.replace('{time}', d.readAt ? readTime(new Date(d.readAt), locale, now) : '').trim();
}

// readTime is the hour of reading, with the day when it was not today.
function readTime(at: Date, locale: string, now: Date): string {
    const sameDay = at.toDateString() === now.toDateString();
    const options: Intl.DateTimeFormatOptions = sameDay ? {hour: '2-digit', minute: '2-digit'} : {day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit'};
    try {
        return new Intl.DateTimeFormat(locale, options).format(at);
    } catch {
        return new Intl.DateTimeFormat('en', options).format(at);
    }
}

// withDeliveryLine is the web app's MessageWillFormat hook: the message, then its delivery line as
// a small paragraph of its own.
export function withDeliveryLine(post: ThreadPost, message: string, state: PostsState, locale: string): string {
    const d = deliveryOf(post, state);
    return d ? `${message}\n\n_${deliveryLine(d, locale)}_` : message;
}
