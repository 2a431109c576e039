// What a chat's thread says just above its composer, before anyone types (issue 10): drawn under
// the thread's latest post (registerPostMessageAttachmentComponent), so it shows in the right-hand
// thread and the Threads view alike, where the composer's formatting bar may tuck plugin controls
// away. It holds the banner (window closed, lost sync, opted out) and the counter of the thread's
// draft once it nears the longest reply: in characters, or in bytes where the provider counts
// bytes (Instagram) and that limit is the nearer one.
import React from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {useChatDetail} from '../../chat_info';
import {PROP_CONVERSATION, replySize} from '../../composer';
import {msg} from '../../i18n';
import {kindLabels} from '../kind_labels';

import ChatBanner from './chat_banner';

// The counter shows from this share of the limit on.
export const COUNTER_FROM = 0.8;

type NoticePost = {id: string; root_id?: string; create_at?: number; props?: Record<string, unknown> | null};

// The slice of the web app's state the notice reads: the posts, the threads' replies and the
// drafts, which the web app keeps as storage items named comment_draft_<root id>.
export type NoticeState = {
    entities: {posts?: {posts?: Record<string, NoticePost | undefined>; postsInThread?: Record<string, string[] | undefined>}};
    storage?: {storage?: Record<string, {value?: {message?: string} | null} | undefined>};
};

export type Notice = {conversationId: string; rootId: string} | null;

// noticeOf is the chat thread a post ends, or null: the post must be the newest one loaded of a
// thread whose root is a chat's header card.
export function noticeOf(state: NoticeState, postId: string): Notice {
    const posts = state.entities.posts?.posts ?? {};
    const post = posts[postId];
    if (!post) {
        return null;
    }
    const rootId = post.root_id || post.id;
    const id = posts[rootId]?.props?.[PROP_CONVERSATION];
    if (typeof id !== 'string' || !id) {
        return null;
    }
    let newest = posts[rootId];
    for (const replyId of state.entities.posts?.postsInThread?.[rootId] ?? []) {
        const reply = posts[replyId];
        if (reply && (reply.create_at ?? 0) > (newest?.create_at ?? 0)) {
            newest = reply;
        }
    }
    return newest?.id === postId ? {conversationId: id, rootId} : null;
}

export function draftOf(state: NoticeState, rootId: string): string {
    return state.storage?.storage?.[`comment_draft_${rootId}`]?.value?.message ?? '';
}

export default function ThreadNotice({postId}: {postId: string}) {
    const notice = useSelector((state: NoticeState) => noticeOf(state, postId), (a, b) => a?.conversationId === b?.conversationId && a?.rootId === b?.rootId);
    if (!notice) {
        return null;
    }
    return (
        <Notice
            conversationId={notice.conversationId}
            rootId={notice.rootId}
        />
    );
}

function Notice({conversationId, rootId}: {conversationId: string; rootId: string}) {
    const intl = useIntl();
    const chat = useChatDetail(conversationId);
    const draft = useSelector((state: NoticeState) => draftOf(state, rootId));
    // A user who may not use chats (F2) is offered nothing here either (the banner's template).
    if (chat.kind !== 'ready' || chat.me?.may_use_chats === false) {
        return null;
    }
    const {length, max, unit} = replySize(draft, chat.detail.kind, chat.me?.max_length ?? 0);
    const showCounter = max > 0 && length >= max * COUNTER_FROM;
    const kind = kindLabels[chat.detail.kind];
    const provider = kind ? intl.formatMessage(msg(kind)) : chat.detail.kind;
    return (
        <div
            data-testid='frontdesk-thread-notice'
            data-conversation-id={conversationId}
            style={styles.notice}
        >
            <ChatBanner
                detail={chat.detail}
                me={chat.me}
            />
            {showCounter && (
                <span
                    data-testid='frontdesk-counter'
                    data-over={length > max}
                    data-unit={unit}
                    aria-label={intl.formatMessage(msg(unit === 'bytes' ? 'frontdesk.composer.counterBytesLabel' : 'frontdesk.composer.counterLabel'), {length, max, provider})}
                    style={{...styles.counter, ...(length > max ? styles.over : {})}}
                >
                    <FormattedMessage
                        {...msg(unit === 'bytes' ? 'frontdesk.composer.counterBytes' : 'frontdesk.composer.counter')}
                        values={{length, max}}
                    />
                </span>
            )}
        </div>
    );
}

const styles = {
    notice: {display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: '4px', marginTop: '6px'},
    counter: {fontSize: '12px', fontVariantNumeric: 'tabular-nums', color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
    over: {color: 'var(--error-text, #d24b4e)', fontWeight: 700},
} as const;
