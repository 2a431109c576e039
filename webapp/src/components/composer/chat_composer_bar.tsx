// What Frontdesk adds to the composer of a chat's thread (registerPostEditorActionComponent): the
// quick replies picker, which puts a saved answer into the draft. In any other composer it draws
// nothing, and nothing to a user who may not use chats (F2). The banner and the counter sit above the composer (thread_notice.tsx), where they show
// whatever room the formatting bar has.
import React from 'react';
import {useSelector} from 'react-redux';

import {useMayUseChats} from '../../chat_info';
import {conversationOfThread, type PostsState} from '../../composer';
import type {PostEditorActionProps} from '../../types/mattermost-webapp';
import QuickReplyPicker from '../quick_replies/quick_reply_picker';

export default function ChatComposerBar({draft, updateText}: PostEditorActionProps) {
    const conversationId = useSelector((state: PostsState) => conversationOfThread(state, draft?.rootId));
    if (!conversationId || !updateText) {
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

// ChatBar asks GET /me only in a chat's composer.
function ChatBar({conversationId, message, updateText}: {conversationId: string; message: string; updateText: (text: string) => void}) {
    const mayUseChats = useMayUseChats();
    if (mayUseChats !== true) {
        return null;
    }
    return (
        <span
            data-testid='frontdesk-composer'
            data-conversation-id={conversationId}
            style={styles.bar}
        >
            <QuickReplyPicker
                message={message}
                onInsert={updateText}
            />
        </span>
    );
}

const styles = {
    bar: {display: 'inline-flex', alignItems: 'center'},
} as const;
