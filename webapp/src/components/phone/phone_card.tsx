// The phone card (F19, F20): the web app's link tooltip for tel: links in posts. It names the
// helpdesk clients with the number and lists the chats with it, each with a Write button that
// opens the mini chat; with no chat yet it offers + Chat, to a user who may use chats (F2). Other
// links get no card.
import React from 'react';
import {FormattedDate, FormattedMessage, useIntl} from 'react-intl';

import {useMayUseChats} from '../../chat_info';
import type {Conversation} from '../../client/types';
import {msg, type MessageId} from '../../i18n';
import {useMiniChat} from '../../mini_chat_store';
import {phoneDigits} from '../../phone_links';
import type {LinkTooltipProps} from '../../types/mattermost-webapp';
import {ErrorAlert} from '../error_text';
import {kindLabels} from '../kind_labels';

import {usePhoneCard, type Part, type PhoneClient} from './use_phone_card';

const TEL = 'tel:';

export default function PhoneLinkTooltip({href, show}: LinkTooltipProps) {
    if (!href?.toLowerCase().startsWith(TEL) || show === false) {
        return null;
    }
    const phone = telNumber(href);
    if (!phone) {
        return null;
    }
    return <PhoneCard phone={phone}/>;
}

// telNumber is the number of a tel: address as "+" and digits, or '' when it is none (an
// encoded space must not pass for the digits 2 and 0).
export function telNumber(href: string): string {
    let text: string;
    try {
        text = decodeURIComponent(href.slice(TEL.length));
    } catch {
        return '';
    }
    const phone = phoneDigits(text);
    return text.trim().startsWith('+') && phone.length >= 8 && phone.length <= 16 ? phone : '';
}

export function PhoneCard({phone}: {phone: string}) {
    const intl = useIntl();
    const {clients, chats} = usePhoneCard(phone);
    return (
        <div
            data-testid='frontdesk-phone-card'
            data-phone={phone}
            role='group'
            aria-label={intl.formatMessage(msg('frontdesk.phone.label'), {phone})}
            style={styles.card}
        >
            <div style={styles.phone}>{phone}</div>
            <Clients part={clients}/>
            <h4 style={styles.heading}><FormattedMessage {...msg('frontdesk.phone.chats')}/></h4>
            <Chats
                part={chats}
                phone={phone}
            />
        </div>
    );
}

function Loading({testId}: {testId: string}) {
    return (
        <p
            data-testid={testId}
            style={styles.muted}
        >
            <FormattedMessage {...msg('frontdesk.phone.loading')}/>
        </p>
    );
}

function Failed({testId, error, message}: {testId: string; error: Error; message: MessageId}) {
    return (
        <ErrorAlert
            error={error}
            message={message}
            testId={testId}
            style={styles.error}
        />
    );
}

function Clients({part}: {part: Part<PhoneClient[]>}) {
    if (part.kind === 'loading') {
        return <Loading testId='frontdesk-phone-clients-loading'/>;
    }
    if (part.kind === 'error') {
        return (
            <Failed
                testId='frontdesk-phone-clients-error'
                error={part.error}
                message='frontdesk.phone.clientsError'
            />
        );
    }
    if (part.value.length === 0) {
        return (
            <p
                data-testid='frontdesk-phone-no-client'
                style={styles.muted}
            >
                <FormattedMessage {...msg('frontdesk.phone.noClient')}/>
            </p>
        );
    }
    return (
        <ul style={styles.list}>
            {part.value.map(({client, documents}) => (
                <li
                    key={client.id}
                    data-testid='frontdesk-phone-client'
                    data-client-id={client.id}
                    style={styles.client}
                >
                    <strong data-testid='frontdesk-phone-client-name'>{client.name}</strong>
                    {client.phones.length > 0 && (
                        <span
                            data-testid='frontdesk-phone-client-phones'
                            style={styles.muted}
                        >
                            {client.phones.join(', ')}
                        </span>
                    )}
                    {documents !== null && (
                        <span
                            data-testid='frontdesk-phone-client-documents'
                            data-count={documents}
                            style={styles.muted}
                        >
                            <FormattedMessage
                                {...msg('frontdesk.client.hoverDocuments')}
                                values={{count: documents}}
                            />
                        </span>
                    )}
                </li>
            ))}
        </ul>
    );
}

function Chats({part, phone}: {part: Part<Conversation[]>; phone: string}) {
    const miniChat = useMiniChat();
    const intl = useIntl();
    const mayUseChats = useMayUseChats();
    if (part.kind === 'loading') {
        return <Loading testId='frontdesk-phone-chats-loading'/>;
    }
    if (part.kind === 'error') {
        return (
            <Failed
                testId='frontdesk-phone-chats-error'
                error={part.error}
                message='frontdesk.phone.chatsError'
            />
        );
    }
    if (part.value.length === 0) {
        return (
            <div style={styles.row}>
                <span
                    data-testid='frontdesk-phone-no-chats'
                    style={styles.grow}
                >
                    <FormattedMessage {...msg('frontdesk.phone.noChats')}/>
                </span>
                {mayUseChats === true && (
                    <button
                        type='button'
                        className='btn btn-primary btn-xs'
                        data-testid='frontdesk-phone-new-chat'
                        title={intl.formatMessage(msg('frontdesk.phone.newChatTitle'), {phone})}
                        style={styles.button}
                        onClick={() => miniChat.open({kind: 'start', phone})}
                    >
                        <FormattedMessage {...msg('frontdesk.phone.newChat')}/>
                    </button>
                )}
            </div>
        );
    }
    return (
        <ul style={styles.list}>
            {part.value.map((c) => (
                <li
                    key={c.id}
                    data-testid='frontdesk-phone-chat'
                    data-conversation-id={c.id}
                    style={styles.row}
                >
                    <span style={styles.grow}>
                        <span data-testid='frontdesk-phone-chat-provider'>
                            {kindLabels[c.kind] ? <FormattedMessage {...msg(kindLabels[c.kind])}/> : c.kind}
                            {` · ${c.connection_name}`}
                        </span>
                        <span
                            data-testid='frontdesk-phone-chat-time'
                            style={styles.muted}
                        >
                            <FormattedMessage
                                {...msg('frontdesk.phone.lastMessage')}
                                values={{
                                    time: (
                                        <FormattedDate
                                            value={c.last_message_at}
                                            day='numeric'
                                            month='short'
                                            hour='2-digit'
                                            minute='2-digit'
                                        />
                                    ),
                                }}
                            />
                            {c.status === 'archived' && (
                                <>
                                    {' · '}
                                    <FormattedMessage {...msg('frontdesk.phone.archived')}/>
                                </>
                            )}
                        </span>
                        {Boolean(c.opted_out_at) && (
                            <span
                                data-testid='frontdesk-phone-chat-opted-out'
                                style={styles.warning}
                            >
                                <FormattedMessage {...msg(c.kind === 'sms' ? 'frontdesk.chats.optedOutSMS' : 'frontdesk.chats.blocked')}/>
                            </span>
                        )}
                    </span>
                    <button
                        type='button'
                        className='btn btn-tertiary btn-xs'
                        data-testid='frontdesk-phone-write'
                        title={intl.formatMessage(msg('frontdesk.phone.writeTitle'), {name: c.customer.name || phone, connection: c.connection_name})}
                        style={styles.button}
                        onClick={() => miniChat.open({kind: 'chat', conversation: c})}
                    >
                        <FormattedMessage {...msg('frontdesk.phone.write')}/>
                    </button>
                </li>
            ))}
        </ul>
    );
}

const muted = {fontSize: '12px', color: 'rgba(var(--center-channel-color-rgb), 0.64)'};

const styles = {
    card: {
        display: 'flex',
        flexDirection: 'column',
        gap: '4px',
        width: '300px',
        maxWidth: '100%',
        padding: '10px 12px',
        borderRadius: '4px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        background: 'var(--center-channel-bg, #fff)',
        color: 'var(--center-channel-color, #3f4350)',
        boxShadow: '0 4px 12px rgba(0, 0, 0, 0.12)',
        fontSize: '13px',
        textAlign: 'left',
        whiteSpace: 'normal',
    },
    phone: {fontSize: '14px', fontWeight: 600},
    heading: {...muted, margin: '6px 0 0', fontSize: '11px', fontWeight: 600, textTransform: 'uppercase'},
    list: {listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '4px'},
    client: {display: 'flex', flexDirection: 'column'},
    row: {display: 'flex', alignItems: 'center', gap: '8px'},
    button: {flex: '0 0 auto', whiteSpace: 'nowrap'},
    grow: {flex: '1 1 auto', minWidth: 0, display: 'flex', flexDirection: 'column'},
    muted: {margin: 0, ...muted},
    warning: {fontSize: '12px', color: 'var(--error-text, #d24b4e)'},
    error: {margin: 0, fontSize: '12px', color: 'var(--error-text, #d24b4e)'},
} as const;
