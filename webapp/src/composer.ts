// The web app's check of a reply in a chat's thread before it is posted (issue 10): a reply that
// is too long, outside the provider's window, on a connection that lost sync or to a customer who
// opted out is refused by the MessageWillBePosted hook with a clear message, and the web app keeps
// the draft in the composer. The server checks again for every other client.
import {createIntl} from 'react-intl';
import type {Store} from 'redux';

import type {ChatInfo} from './chat_info';
import {baseURL, type SiteState} from './client/base_url';
import type {ConnectionKind, ConversationDetail} from './client/types';
import {kindLabels} from './components/kind_labels';
import {currentLocale, msg, translationsFor, type LocaleState, type MessageId} from './i18n';
import type {MessageHookPost, MessageHookResult} from './types/mattermost-webapp';

export const PROP_CONVERSATION = 'frontdesk_conversation_id';

type PostLike = {id?: string; root_id?: string; props?: Record<string, unknown> | null};

export type PostsState = SiteState & LocaleState & {
    entities: {posts?: {posts?: Record<string, PostLike | undefined>}};
};

// conversationOfThread is the chat whose thread has this root post, or ''.
export function conversationOfThread(state: PostsState, rootId: string | undefined): string {
    if (!rootId) {
        return '';
    }
    const id = state.entities.posts?.posts?.[rootId]?.props?.[PROP_CONVERSATION];
    return typeof id === 'string' ? id : '';
}

export type Refusal = {id: MessageId; values: Record<string, string | number>};

// characters counts as the server does: Unicode code points.
export function characters(text: string): number {
    return [...text].length;
}

// Providers whose text limit counts bytes of UTF-8, not characters: Instagram takes 1000 bytes (the
// server's instagram.MaxTextBytes), where a Polish letter counts 2 and an emoji 4, so a reply well
// under the longest reply in characters may still be refused.
export const MAX_TEXT_BYTES: Partial<Record<ConnectionKind, number>> = {instagram: 1000};

const utf8 = new TextEncoder();

// bytes counts as the provider does: UTF-8.
export function bytes(text: string): number {
    return utf8.encode(text).length;
}

// ReplySize is a reply measured against a limit; max 0 when no limit is known.
export type ReplySize = {length: number; max: number; unit: 'characters' | 'bytes'};

// replySize measures a reply against the limit it is nearest: the longest reply Frontdesk sends,
// in characters, or where the provider counts bytes, its byte limit. Past either limit the
// measure returned is past its own.
export function replySize(text: string, kind: ConnectionKind, maxLength: number): ReplySize {
    const inCharacters: ReplySize = {length: characters(text), max: Math.max(maxLength, 0), unit: 'characters'};
    const byteMax = MAX_TEXT_BYTES[kind];
    if (!byteMax) {
        return inCharacters;
    }
    const inBytes: ReplySize = {length: bytes(text), max: byteMax, unit: 'bytes'};
    if (inCharacters.max === 0 || inBytes.length / inBytes.max >= inCharacters.length / inCharacters.max) {
        return inBytes;
    }
    return inCharacters;
}

// windowClosed: the server said so, or the window it gave has run out since.
export function windowClosed(c: ConversationDetail, now: number = Date.now()): boolean {
    const w = c.window;
    return w?.state === 'closed' || (w?.state === 'open' && w.until > 0 && w.until < now);
}

// refuseReply says why a reply cannot go now, or null when it may. provider is the provider's
// name in the reader's language.
export function refuseReply(message: string, c: ConversationDetail, maxLength: number, provider: string, now: number = Date.now()): Refusal | null {
    if (c.sync_lost) {
        return {id: 'frontdesk.composer.syncLost', values: {reason: c.sync_reason ? ` (${c.sync_reason})` : ''}};
    }
    if (c.opted_out_at) {
        return {id: c.kind === 'sms' ? 'frontdesk.composer.optedOutSMS' : 'frontdesk.composer.optedOut', values: {}};
    }
    if (windowClosed(c, now)) {
        return c.kind === 'whatsapp' ? {id: 'frontdesk.composer.windowClosedWhatsApp', values: {}} : {id: 'frontdesk.composer.windowClosed', values: {provider}};
    }
    const size = replySize(message, c.kind, maxLength);
    if (size.max > 0 && size.length > size.max) {
        return size.unit === 'bytes' ? {id: 'frontdesk.composer.tooManyBytes', values: {bytes: size.length, provider, max: size.max}} : {id: 'frontdesk.composer.tooLong', values: {length: size.length, max: size.max}};
    }
    return null;
}


// messageWillBePosted checks replies in chat threads; every other post passes untouched. When the
// chat cannot be looked up the post passes too: the server's own check still stands.
export function messageWillBePosted(store: Store, info: ChatInfo) {
    return async (post: MessageHookPost): Promise<MessageHookResult> => {
        const state = store.getState() as PostsState;
        const conversationId = conversationOfThread(state, post.root_id);
        if (!conversationId || (post.type && post.type !== '')) {
            return {post};
        }
        const base = baseURL(state);
        let detail: ConversationDetail;
        let maxLength = 0;
        try {
            // Fresh: a window may have closed, or a connection lost sync, since the thread opened.
            detail = await info.detail(base, conversationId, true).catch(() => info.detail(base, conversationId));
            maxLength = (await info.me(base).catch(() => null))?.max_length ?? 0;
        } catch {
            return {post};
        }
        const locale = currentLocale(state);
        const intl = createIntl({locale, messages: translationsFor(locale)});
        const kind = kindLabels[detail.kind];
        const refusal = refuseReply(post.message, detail, maxLength, kind ? intl.formatMessage(msg(kind)) : detail.kind);
        if (!refusal) {
            return {post};
        }
        return {error: {message: intl.formatMessage(msg(refusal.id), refusal.values)}};
    };
}

// messageWillBeUpdated checks an edit of a reply in a chat's thread against the longest reply: the
// server relays edits the provider allows, and refuses longer ones.
export function messageWillBeUpdated(store: Store, info: ChatInfo) {
    return async (post: MessageHookPost, oldPost?: MessageHookPost): Promise<MessageHookResult> => {
        const state = store.getState() as PostsState;
        if (!conversationOfThread(state, post.root_id) || post.message === oldPost?.message) {
            return {post};
        }
        const maxLength = (await info.me(baseURL(state)).catch(() => null))?.max_length ?? 0;
        const length = characters(post.message);
        if (maxLength <= 0 || length <= maxLength) {
            return {post};
        }
        const locale = currentLocale(state);
        const intl = createIntl({locale, messages: translationsFor(locale)});
        return {error: {message: intl.formatMessage(msg('frontdesk.composer.tooLong'), {length, max: maxLength})}};
    };
}
