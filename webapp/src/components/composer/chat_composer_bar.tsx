// What Frontdesk adds to the composer of a chat's thread (registerPostEditorActionComponent): the
// banner that says why replies cannot go now, the quick replies picker, and a live character
// counter once the reply nears the longest Frontdesk sends. In any other thread it draws nothing.
import React from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {useChatDetail} from '../../chat_info';
import {characters, conversationOfThread, type PostsState} from '../../composer';
import {msg} from '../../i18n';
import type {PostEditorActionProps} from '../../types/mattermost-webapp';
import QuickReplyPicker from '../quick_replies/quick_reply_picker';

import ChatBanner from './chat_banner';

// The counter shows from this share of the limit on.
export const COUNTER_FROM = 0.8;


export default function ChatComposerBar({draft, updateText}: PostEditorActionProps) {
    const conversationId = useSelector((state: PostsState) => conversationOfThread(state, draft?.rootId));
    if (!conversationId) {
        return null;
    }
    return (
        <ChatBar
            conversationId={conversationId}
            message={draft?.message ?? ''}
            updateText={updateText}
        />
    );
}

function ChatBar({conversationId, message, updateText}: {conversationId: string; message: string; updateText?: (m: string) => void}) {
    const intl = useIntl();
    const chat = useChatDetail(conversationId);
    const max = chat.kind === 'ready' ? chat.me?.max_length ?? 0 : 0;
    const length = characters(message);
    const showCounter = max > 0 && length >= max * COUNTER_FROM;
    return (
        <span
            data-testid='frontdesk-composer'
            data-conversation-id={conversationId}
            style={styles.bar}
        >
            {chat.kind === 'ready' && (
                <ChatBanner
                    detail={chat.detail}
                    me={chat.me}
                />
            )}
            {updateText && (
                <QuickReplyPicker
                    message={message}
                    onInsert={updateText}
                />
            )}
            {showCounter && (
                <span
                    data-testid='frontdesk-counter'
                    data-over={length > max}
                    aria-label={intl.formatMessage(msg('frontdesk.composer.counterLabel'), {length, max})}
                    style={{...styles.counter, ...(length > max ? styles.over : {})}}
                >
                    <FormattedMessage
                        {...msg('frontdesk.composer.counter')}
                        values={{length, max}}
                    />
                </span>
            )}
        </span>
    );
}

const styles = {
    bar: {display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: '6px', maxWidth: '100%'},
    counter: {fontSize: '12px', fontVariantNumeric: 'tabular-nums', color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
    over: {color: 'var(--error-text, #d24b4e)', fontWeight: 700},
} as const;
