// What Frontdesk adds to the composer of a chat's thread (registerPostEditorActionComponent): the
// quick replies picker, which puts a saved answer into the draft. In any other composer it draws
// nothing. The banner and the counter sit above the composer (thread_notice.tsx), where they show
// whatever room the formatting bar has.
import React from 'react';
import {useSelector} from 'react-redux';

import {conversationOfThread, type PostsState} from '../../composer';
import type {PostEditorActionProps} from '../../types/mattermost-webapp';
import QuickReplyPicker from '../quick_replies/quick_reply_picker';

export default function ChatComposerBar({draft, updateText}: PostEditorActionProps) {
    const conversationId = useSelector((state: PostsState) => conversationOfThread(state, draft?.rootId));
    if (!conversationId || !updateText) {
        return null;
    }
    return (
        <span
            data-testid='frontdesk-composer'
            data-conversation-id={conversationId}
            style={styles.bar}
        >
            <QuickReplyPicker
                message={draft?.message ?? ''}
                onInsert={updateText}
            />
        </span>
    );
}

const styles = {
    bar: {display: 'inline-flex', alignItems: 'center'},
} as const;
