// The right-hand sidebar panel: who is signed in, what Frontdesk is connected to, + Chat, the chats
// and the team's quick replies.
import React, {useState} from 'react';
import {FormattedMessage} from 'react-intl';

import type {Status} from '../../client/types';
import {msg} from '../../i18n';
import ChatList from '../chats/chat_list';
import NewChat from '../chats/new_chat';
import ErrorText from '../error_text';
import QuickRepliesManager from '../quick_replies/quick_replies_manager';

import {useStatus} from './use_status';

export default function FrontdeskPanel() {
    const {state, retry} = useStatus();

    switch (state.kind) {
    case 'loading':
        return (
            <div
                className='frontdesk-rhs'
                data-testid='frontdesk-status-loading'
                role='status'
                style={styles.panel}
            >
                <FormattedMessage {...msg('frontdesk.status.loading')}/>
            </div>
        );
    case 'error':
        return (
            <div
                className='frontdesk-rhs'
                data-testid='frontdesk-status-error'
                role='alert'
                style={styles.panel}
            >
                <p data-testid='frontdesk-error-message'>
                    <ErrorText
                        error={state.error}
                        message='frontdesk.status.error'
                    />
                </p>
                <button
                    type='button'
                    className='btn btn-tertiary'
                    data-testid='frontdesk-retry'
                    onClick={retry}
                >
                    <FormattedMessage {...msg('frontdesk.status.retry')}/>
                </button>
            </div>
        );
    case 'ready':
        return <StatusView status={state.status}/>;
    }
}

function StatusView({status}: {status: Status}) {
    return (
        <div
            className='frontdesk-rhs'
            data-testid='frontdesk-status'
            style={styles.panel}
        >
            <h3
                data-testid='frontdesk-version'
                style={styles.heading}
            >
                <FormattedMessage
                    {...msg('frontdesk.status.version')}
                    values={{version: status.version}}
                />
            </h3>
            <p data-testid='frontdesk-username'>
                <FormattedMessage
                    {...msg('frontdesk.status.signedInAs')}
                    values={{username: status.username}}
                />
            </p>
            {status.can_use_chats ? <Connections count={status.connections}/> : (
                <p data-testid='frontdesk-no-access'>
                    <FormattedMessage {...msg('frontdesk.status.noAccess')}/>
                </p>
            )}
            {status.can_use_chats && status.connections > 0 && <Chats/>}
        </div>
    );
}

// + Chat above the chats, and the team's quick replies under them.
function Chats() {
    const [starting, setStarting] = useState(false);
    return (
        <>
            {starting ? <NewChat onClose={() => setStarting(false)}/> : (
                <button
                    type='button'
                    className='btn btn-primary btn-sm'
                    data-testid='frontdesk-newchat-button'
                    onClick={() => setStarting(true)}
                >
                    <FormattedMessage {...msg('frontdesk.newchat.button')}/>
                </button>
            )}
            <ChatList/>
            <QuickRepliesManager/>
        </>
    );
}

function Connections({count}: {count: number}) {
    if (count === 0) {
        return (
            <p
                data-testid='frontdesk-connections-empty'
                style={styles.muted}
            >
                <FormattedMessage {...msg('frontdesk.status.noConnections')}/>
            </p>
        );
    }
    return (
        <p
            data-testid='frontdesk-connections'
            data-count={count}
        >
            <FormattedMessage
                {...msg('frontdesk.status.connections')}
                values={{count}}
            />
        </p>
    );
}

// Inline styles keep the bundle free of a CSS pipeline; colours come from the Mattermost
// theme variables so the panel follows the user's theme.
const styles = {
    panel: {padding: '16px', color: 'var(--center-channel-color)'},
    heading: {margin: '0 0 8px', fontSize: '16px', fontWeight: 600},
    muted: {color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
} as const;
