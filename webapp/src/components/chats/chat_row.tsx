// One chat in the list: marker, customer, provider, time of the last message, and its action.
import React from 'react';
import {FormattedDate, FormattedMessage, useIntl} from 'react-intl';

import type {ConnectionKind, Conversation} from '../../client/types';
import {msg, type MessageId} from '../../i18n';

import {useUserName} from './use_user_name';

export type Marker = 'unread' | 'unanswered' | 'none';

// markerOf follows F4 (docs/features.md): blue while unread, grey once read while the customer still waits. An
// archived chat is closed, so it shows none whatever the server counts.
export function markerOf(c: Conversation): Marker {
    if (c.status === 'archived') {
        return 'none';
    }
    if (c.unread) {
        return 'unread';
    }
    return c.unanswered ? 'unanswered' : 'none';
}

// customerLabel is the best name the provider gave: name, then username, phone, raw id.
export function customerLabel(c: Conversation): string {
    const {name, username, phone, id} = c.customer;
    return name || (username ? `@${username}` : '') || phone || id;
}

const kindLabels: Record<ConnectionKind, MessageId> = {
    whatsapp: 'frontdesk.kind.whatsapp',
    messenger: 'frontdesk.kind.messenger',
    instagram: 'frontdesk.kind.instagram',
    telegram: 'frontdesk.kind.telegram',
    sms: 'frontdesk.kind.sms',
};

type Props = {
    conversation: Conversation;
    busy: boolean;
    error: Error | null;
    onOpen: (c: Conversation) => void;
    onArchive: (c: Conversation) => void;
    onReopen: (c: Conversation) => void;
};

export default function ChatRow({conversation: c, busy, error, onOpen, onArchive, onReopen}: Props) {
    const intl = useIntl();
    const marker = markerOf(c);
    const name = customerLabel(c);
    const archived = c.status === 'archived';

    return (
        <li
            data-testid='frontdesk-chat'
            data-conversation-id={c.id}
            data-marker={marker}
            style={styles.row}
        >
            <button
                type='button'
                data-testid='frontdesk-chat-open'
                style={styles.open}
                title={intl.formatMessage(msg('frontdesk.chats.open'), {name})}
                onClick={() => onOpen(c)}
            >
                <span
                    data-testid='frontdesk-chat-marker'
                    data-marker={marker}
                    role={marker === 'none' ? undefined : 'img'}
                    aria-label={marker === 'none' ? undefined : intl.formatMessage(msg(marker === 'unread' ? 'frontdesk.chats.unread' : 'frontdesk.chats.unanswered'))}
                    style={{...styles.dot, background: dotColours[marker]}}
                />
                <span style={styles.text}>
                    <span
                        data-testid='frontdesk-chat-name'
                        style={{...styles.name, fontWeight: marker === 'unread' ? 700 : 600}}
                    >
                        {name}
                    </span>
                    <span
                        data-testid='frontdesk-chat-provider'
                        style={styles.muted}
                    >
                        <ProviderText conversation={c}/>
                    </span>
                    {Boolean(c.opted_out_at) && (
                        <span
                            data-testid='frontdesk-chat-opted-out'
                            style={styles.warning}
                        >
                            <FormattedMessage {...msg(c.kind === 'sms' ? 'frontdesk.chats.optedOutSMS' : 'frontdesk.chats.blocked')}/>
                        </span>
                    )}
                    {archived && (
                        <span
                            data-testid='frontdesk-chat-archived'
                            style={styles.muted}
                        >
                            <ArchivedBy
                                userId={c.archived_by ?? ''}
                                at={c.archived_at ?? 0}
                            />
                        </span>
                    )}
                </span>
                <time
                    data-testid='frontdesk-chat-time'
                    dateTime={new Date(c.last_message_at).toISOString()}
                    style={styles.time}
                >
                    <Time at={c.last_message_at}/>
                </time>
            </button>
            <button
                type='button'
                className='btn btn-tertiary btn-xs'
                data-testid={archived ? 'frontdesk-chat-reopen' : 'frontdesk-chat-archive'}
                disabled={busy}
                style={styles.action}
                onClick={() => (archived ? onReopen(c) : onArchive(c))}
            >
                <FormattedMessage {...msg(archived ? 'frontdesk.chats.reopen' : 'frontdesk.chats.archive')}/>
            </button>
            {error && (
                <p
                    role='alert'
                    data-testid='frontdesk-chat-error'
                    style={styles.error}
                >
                    <FormattedMessage
                        {...msg('frontdesk.chats.actionFailed')}
                        values={{reason: error.message}}
                    />
                </p>
            )}
        </li>
    );
}

// ProviderText names where the customer wrote: the provider and the page, number or bot, else
// the connection's name. A kind this version does not know shows nothing rather than a raw id.
function ProviderText({conversation: c}: {conversation: Conversation}) {
    const kind = kindLabels[c.kind];
    if (!kind) {
        return null;
    }
    const page = c.account_name || c.connection_name;
    return (
        <FormattedMessage
            {...msg('frontdesk.chats.provider')}
            values={{kind: <FormattedMessage {...msg(kind)}/>, page}}
        />
    );
}

function ArchivedBy({userId, at}: {userId: string; at: number}) {
    const name = useUserName(userId);
    return (
        <FormattedMessage
            {...msg('frontdesk.chats.archivedBy')}
            values={{
                name: name || <FormattedMessage {...msg('frontdesk.chats.someone')}/>,
                time: <Time at={at}/>,
            }}
        />
    );
}

function Time({at}: {at: number}) {
    return (
        <FormattedDate
            value={at}
            day='numeric'
            month='short'
            hour='2-digit'
            minute='2-digit'
        />
    );
}

// The colours of F4 (docs/features.md): blue for unread, grey for read but unanswered.
export const dotColours: Record<Marker, string> = {
    unread: '#1c58d9',
    unanswered: '#8d93a5',
    none: 'transparent',
};

const styles = {
    row: {
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: '8px',
        padding: '8px 0',
        borderBottom: '1px solid rgba(var(--center-channel-color-rgb), 0.08)',
    },
    open: {
        flex: '1 1 0',
        minWidth: 0,
        display: 'flex',
        alignItems: 'center',
        gap: '8px',
        border: 0,
        padding: 0,
        background: 'transparent',
        color: 'inherit',
        textAlign: 'left',
        cursor: 'pointer',
        font: 'inherit',
    },
    dot: {flex: '0 0 auto', width: '10px', height: '10px', borderRadius: '50%'},
    text: {flex: '1 1 auto', minWidth: 0, display: 'flex', flexDirection: 'column'},
    name: {overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap'},
    muted: {fontSize: '12px', color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
    warning: {fontSize: '12px', color: 'var(--error-text, #d24b4e)'},
    time: {flex: '0 0 auto', fontSize: '12px', color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
    action: {flex: '0 0 auto'},
    error: {flex: '1 0 100%', margin: 0, fontSize: '12px', color: 'var(--error-text, #d24b4e)'},
} as const;
