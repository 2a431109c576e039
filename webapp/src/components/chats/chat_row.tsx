// One chat in the list: marker, customer, provider, what holds replies back (window closed, lost
// sync, opted out), the assignee, time of the last message, its actions (assignment, archive), and
// the customer's client card (F7) with a hover card on the name (F19).
import React, {useId, useState} from 'react';
import {FormattedDate, FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import type {Conversation} from '../../client/types';
import {msg} from '../../i18n';
import ClientCardPanel from '../clients/client_card';
import ClientHover from '../clients/client_hover';
import {useClientCard} from '../clients/use_client_card';
import {kindLabels} from '../kind_labels';
import {useHoverIntent} from '../use_hover_intent';

import AssignPicker from './assign_picker';
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

type Props = {
    conversation: Conversation;
    busy: boolean;
    error: Error | null;
    onOpen: (c: Conversation) => void;
    onArchive: (c: Conversation) => void;
    onReopen: (c: Conversation) => void;
    // Gives the chat to a user; '' unassigns it.
    onAssign?: (c: Conversation, userId: string) => void;
};

type MeState = {entities: {users?: {currentUserId?: string}}};

export default function ChatRow({conversation: c, busy, error, onOpen, onArchive, onReopen, onAssign}: Props) {
    const intl = useIntl();
    const me = useSelector((state: MeState) => state.entities.users?.currentUserId ?? '');
    const [assigning, setAssigning] = useState(false);
    const marker = markerOf(c);
    const name = customerLabel(c);
    const archived = c.status === 'archived';
    const cardId = useId();
    const hoverId = useId();
    const [cardOpen, setCardOpen] = useState(false);
    const hover = useHoverIntent();
    // The hover card and the client card share one load.
    const client = useClientCard(c.id, cardOpen || hover.open);
    const showHover = hover.open && !cardOpen;

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
                aria-describedby={showHover ? hoverId : undefined}
                onClick={() => onOpen(c)}
                onFocus={hover.show}
                onBlur={hover.hide}
                onKeyDown={(e) => {
                    if (e.key === 'Escape') {
                        hover.close();
                    }
                }}
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
                        onMouseEnter={hover.show}
                        onMouseLeave={hover.hide}
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
                    {!archived && c.window_closed && (
                        <span
                            data-testid='frontdesk-chat-window-closed'
                            style={styles.warning}
                        >
                            <FormattedMessage {...msg('frontdesk.chats.windowClosed')}/>
                        </span>
                    )}
                    {c.sync_lost && (
                        <span
                            data-testid='frontdesk-chat-sync-lost'
                            style={styles.warning}
                        >
                            <FormattedMessage {...msg('frontdesk.chats.syncLost')}/>
                        </span>
                    )}
                    {c.assignee_id && (
                        <span
                            data-testid='frontdesk-chat-assignee'
                            data-assignee-id={c.assignee_id}
                            style={styles.muted}
                        >
                            {c.assignee_id === me ? <FormattedMessage {...msg('frontdesk.assign.toYou')}/> : (
                                <FormattedMessage
                                    {...msg('frontdesk.assign.to')}
                                    values={{name: c.assignee_username ? `@${c.assignee_username}` : <FormattedMessage {...msg('frontdesk.chats.someone')}/>}}
                                />
                            )}
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
            {showHover && (
                <ClientHover
                    id={hoverId}
                    state={client.state}
                />
            )}
            <span style={styles.actions}>
                <button
                    type='button'
                    className='btn btn-tertiary btn-xs'
                    data-testid='frontdesk-chat-client'
                    aria-expanded={cardOpen}
                    aria-controls={cardOpen ? cardId : undefined}
                    title={intl.formatMessage(msg('frontdesk.client.buttonTitle'), {name})}
                    style={styles.action}
                    onClick={() => {
                        hover.close();
                        setCardOpen((open) => !open);
                    }}
                >
                    <FormattedMessage {...msg('frontdesk.client.button')}/>
                </button>
                {onAssign && !archived && c.assignee_id !== me && (
                    <button
                        type='button'
                        className='btn btn-tertiary btn-xs'
                        data-testid='frontdesk-chat-take'
                        disabled={busy}
                        style={styles.action}
                        onClick={() => onAssign(c, me)}
                    >
                        <FormattedMessage {...msg('frontdesk.assign.take')}/>
                    </button>
                )}
                {onAssign && !archived && (
                    <button
                        type='button'
                        className='btn btn-tertiary btn-xs'
                        data-testid='frontdesk-chat-assign'
                        aria-expanded={assigning}
                        disabled={busy}
                        style={styles.action}
                        onClick={() => setAssigning((open) => !open)}
                    >
                        <FormattedMessage {...msg('frontdesk.assign.assign')}/>
                    </button>
                )}
                {onAssign && c.assignee_id && (
                    <button
                        type='button'
                        className='btn btn-tertiary btn-xs'
                        data-testid='frontdesk-chat-unassign'
                        disabled={busy}
                        style={styles.action}
                        onClick={() => onAssign(c, '')}
                    >
                        <FormattedMessage {...msg('frontdesk.assign.unassign')}/>
                    </button>
                )}
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
            </span>
            {assigning && onAssign && (
                <AssignPicker
                    onPick={(userId) => {
                        setAssigning(false);
                        onAssign(c, userId);
                    }}
                    onCancel={() => setAssigning(false)}
                />
            )}
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
            {cardOpen && (
                <ClientCardPanel
                    id={cardId}
                    conversation={c}
                    name={name}
                    handle={client}
                />
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
        position: 'relative',
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: '8px',
        padding: '8px 0',
        borderBottom: '1px solid rgba(var(--center-channel-color-rgb), 0.08)',
    },
    // Wide enough for a name beside the time; narrower, the actions wrap under the chat.
    open: {
        flex: '1 1 220px',
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
    actions: {flex: '0 1 auto', display: 'flex', flexWrap: 'wrap', gap: '4px', marginLeft: 'auto'},
    action: {flex: '0 0 auto'},
    error: {flex: '1 0 100%', margin: 0, fontSize: '12px', color: 'var(--error-text, #d24b4e)'},
} as const;
