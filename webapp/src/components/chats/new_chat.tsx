// + Chat in the sidebar (F10, F20, issue 10): pick one of the connections the user may use, type a
// phone number or pick a known customer, write the message — or, on WhatsApp outside the 24-hour
// window, pick an approved template. The provider's rule for the connection is shown before
// sending; the server's refusal, which explains the rule that refused, is shown as it comes.
import React, {useCallback, useEffect, useState} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {useChanges} from '../../changes';
import {listConversations, startConversation} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import {ApiError} from '../../client/request';
import type {Connection, ConnectionKind, Conversation} from '../../client/types';
import {msg, type MessageId} from '../../i18n';
import {useListEvents} from '../../list_events';
import {currentTeamName, openPath, permalinkPath, type TeamState} from '../../navigate';
import TemplatePicker, {type TemplateChoice} from '../composer/template_picker';
import {ErrorAlert} from '../error_text';
import {kindLabels} from '../kind_labels';

import {SEARCH_DELAY_MS} from './chat_filters';
import {customerLabel} from './chat_row';
import {useConnections} from './use_connections';

export const RULES: Record<ConnectionKind, MessageId> = {
    whatsapp: 'frontdesk.newchat.rule.whatsapp',
    sms: 'frontdesk.newchat.rule.sms',
    telegram: 'frontdesk.newchat.rule.telegram',
    messenger: 'frontdesk.newchat.rule.messenger',
    instagram: 'frontdesk.newchat.rule.instagram',
};

// A known customer: one of the user's chats, whose connection and customer id start the new one.
type Known = {connectionId: string; customerId: string; name: string};

export default function NewChat({onClose}: {onClose: () => void}) {
    const connections = useConnections();
    if (connections.kind === 'loading') {
        return null;
    }
    if (connections.kind === 'error') {
        return (
            <ErrorAlert
                error={connections.error}
                message='frontdesk.start.error'
                testId='frontdesk-newchat-error'
                style={styles.error}
            />
        );
    }
    const usable = connections.connections.filter((c) => !c.sync_lost);
    if (usable.length === 0) {
        return (
            <div
                data-testid='frontdesk-newchat'
                style={styles.form}
            >
                <p
                    data-testid='frontdesk-newchat-none'
                    style={styles.muted}
                >
                    <FormattedMessage {...msg('frontdesk.newchat.none')}/>
                </p>
                <button
                    type='button'
                    className='btn btn-tertiary btn-xs'
                    onClick={onClose}
                >
                    <FormattedMessage {...msg('frontdesk.newchat.cancel')}/>
                </button>
            </div>
        );
    }
    return (
        <Form
            connections={usable}
            onClose={onClose}
        />
    );
}

function Form({connections, onClose}: {connections: Connection[]; onClose: () => void}) {
    const intl = useIntl();
    const base = useSelector((state: SiteState) => baseURL(state));
    const teamName = useSelector((state: TeamState) => currentTeamName(state));
    const changes = useChanges();
    const listEvents = useListEvents();
    const [connectionId, setConnectionId] = useState(connections[0].id);
    const [customer, setCustomer] = useState('');
    const [known, setKnown] = useState<Known | null>(null);
    const [matches, setMatches] = useState<Conversation[]>([]);
    const [text, setText] = useState('');
    const [useTemplate, setUseTemplate] = useState(false);
    const [template, setTemplate] = useState<TemplateChoice | null>(null);
    const [sending, setSending] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const [started, setStarted] = useState<Conversation | null>(null);
    const connection = connections.find((c) => c.id === connectionId) ?? connections[0];
    const onTemplate = useCallback((c: TemplateChoice | null) => setTemplate(c), []);

    // Known customers: the user's chats whose name, phone or username match what is typed.
    useEffect(() => {
        const q = customer.trim();
        if (known || q.length < 2) {
            setMatches([]);
            return undefined;
        }
        const abort = new AbortController();
        const timer = setTimeout(() => {
            listConversations(base, {status: 'all', page: 0, perPage: 5, q}, abort.signal).then(
                (page) => setMatches(page.items.filter((c) => connections.some((conn) => conn.id === c.connection_id))),
                () => undefined,
            );
        }, SEARCH_DELAY_MS);
        return () => {
            clearTimeout(timer);
            abort.abort();
        };
    }, [base, customer, known, connections]);

    const whatsapp = connection.kind === 'whatsapp';
    const templateMode = whatsapp && useTemplate;
    const canSend = !sending && (known || customer.trim()) && (templateMode ? Boolean(template) : Boolean(text.trim()));

    const send = () => {
        if (!canSend) {
            return;
        }
        setSending(true);
        setError(null);
        const who = known ? {connection_id: known.connectionId, customer_id: known.customerId} : {connection_id: connection.id, customer_id: customer.trim()};
        const body = templateMode && template ? {...who, ...template} : {...who, text: text.trim()};
        startConversation(base, body).then(
            (c) => {
                setStarted(c);
                // The list shows it at once, as the websocket would.
                listEvents.conversation(c.id);
                changes.notify();
            },
            (err: unknown) => {
                setError(err instanceof Error ? err : new Error(String(err)));
                // WhatsApp refused free text outside its window: offer the templates.
                if (whatsapp && err instanceof ApiError && err.status === 409) {
                    setUseTemplate(true);
                }
            },
        ).finally(() => setSending(false));
    };

    if (started) {
        return (
            <div
                data-testid='frontdesk-newchat-started'
                data-conversation-id={started.id}
                style={styles.form}
            >
                <p style={styles.done}>
                    <FormattedMessage
                        {...msg('frontdesk.newchat.started')}
                        values={{name: customerLabel(started)}}
                    />
                </p>
                <span style={styles.buttons}>
                    <button
                        type='button'
                        className='btn btn-primary btn-xs'
                        data-testid='frontdesk-newchat-open'
                        onClick={() => {
                            openPath(base, permalinkPath(teamName, started.root_post_id));
                            onClose();
                        }}
                    >
                        <FormattedMessage {...msg('frontdesk.newchat.open')}/>
                    </button>
                    <button
                        type='button'
                        className='btn btn-tertiary btn-xs'
                        onClick={onClose}
                    >
                        <FormattedMessage {...msg('frontdesk.newchat.cancel')}/>
                    </button>
                </span>
            </div>
        );
    }

    return (
        <form
            data-testid='frontdesk-newchat'
            style={styles.form}
            onSubmit={(e) => {
                e.preventDefault();
                send();
            }}
        >
            <h4 style={styles.heading}>
                <FormattedMessage {...msg('frontdesk.newchat.title')}/>
            </h4>
            <label style={styles.label}>
                <FormattedMessage {...msg('frontdesk.newchat.connection')}/>
                <select
                    data-testid='frontdesk-newchat-connection'
                    value={known?.connectionId ?? connectionId}
                    disabled={Boolean(known)}
                    style={styles.input}
                    onChange={(e) => {
                        setConnectionId(e.target.value);
                        setUseTemplate(false);
                        setError(null);
                    }}
                >
                    {connections.map((c) => (
                        <option
                            key={c.id}
                            value={c.id}
                        >
                            {`${intl.formatMessage(msg(kindLabels[c.kind]))} · ${c.account_name || c.name}`}
                        </option>
                    ))}
                </select>
            </label>
            <p
                data-testid='frontdesk-newchat-rule'
                style={styles.muted}
            >
                <FormattedMessage {...msg(RULES[connection.kind])}/>
            </p>
            <label style={styles.label}>
                <FormattedMessage {...msg('frontdesk.newchat.customer')}/>
                <input
                    data-testid='frontdesk-newchat-customer'
                    placeholder={intl.formatMessage(msg('frontdesk.newchat.customerPlaceholder'))}
                    value={known ? known.name : customer}
                    style={styles.input}
                    onChange={(e) => {
                        setKnown(null);
                        setCustomer(e.target.value);
                    }}
                />
            </label>
            {matches.length > 0 && (
                <div
                    data-testid='frontdesk-newchat-known'
                    style={styles.known}
                >
                    <span style={styles.muted}>
                        <FormattedMessage {...msg('frontdesk.newchat.known')}/>
                    </span>
                    {matches.map((c) => (
                        <button
                            key={c.id}
                            type='button'
                            className='btn btn-link btn-xs'
                            data-testid='frontdesk-newchat-known-customer'
                            style={styles.knownButton}
                            onClick={() => {
                                setKnown({connectionId: c.connection_id, customerId: c.customer.id, name: customerLabel(c)});
                                setConnectionId(c.connection_id);
                                setMatches([]);
                            }}
                        >
                            {`${customerLabel(c)} · ${intl.formatMessage(msg(kindLabels[c.kind]))}`}
                        </button>
                    ))}
                </div>
            )}
            {templateMode ? (
                <>
                    <p style={styles.muted}>
                        <FormattedMessage {...msg('frontdesk.newchat.templateNeeded')}/>
                    </p>
                    <TemplatePicker
                        connectionId={connection.id}
                        onChange={onTemplate}
                    />
                </>
            ) : (
                <label style={styles.label}>
                    <FormattedMessage {...msg('frontdesk.newchat.message')}/>
                    <textarea
                        data-testid='frontdesk-newchat-text'
                        rows={3}
                        value={text}
                        style={styles.input}
                        onChange={(e) => setText(e.target.value)}
                    />
                </label>
            )}
            {whatsapp && (
                <button
                    type='button'
                    className='btn btn-link btn-xs'
                    data-testid='frontdesk-newchat-mode'
                    style={styles.knownButton}
                    onClick={() => setUseTemplate((t) => !t)}
                >
                    <FormattedMessage {...msg(templateMode ? 'frontdesk.newchat.useText' : 'frontdesk.newchat.useTemplate')}/>
                </button>
            )}
            {error && (
                <ErrorAlert
                    error={error}
                    message='frontdesk.newchat.failed'
                    testId='frontdesk-newchat-failed'
                    style={styles.error}
                />
            )}
            <span style={styles.buttons}>
                <button
                    type='submit'
                    className='btn btn-primary btn-xs'
                    data-testid='frontdesk-newchat-send'
                    disabled={!canSend}
                >
                    <FormattedMessage {...msg(sending ? 'frontdesk.newchat.sending' : 'frontdesk.newchat.send')}/>
                </button>
                <button
                    type='button'
                    className='btn btn-tertiary btn-xs'
                    data-testid='frontdesk-newchat-cancel'
                    onClick={onClose}
                >
                    <FormattedMessage {...msg('frontdesk.newchat.cancel')}/>
                </button>
            </span>
        </form>
    );
}

const styles = {
    form: {
        display: 'flex',
        flexDirection: 'column',
        gap: '6px',
        margin: '8px 0',
        padding: '10px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        borderRadius: '4px',
    },
    heading: {margin: 0, fontSize: '14px', fontWeight: 600},
    label: {display: 'flex', flexDirection: 'column', gap: '2px', fontSize: '12px', fontWeight: 600},
    input: {
        padding: '4px 6px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        borderRadius: '4px',
        background: 'var(--center-channel-bg)',
        color: 'inherit',
        font: 'inherit',
        fontWeight: 400,
    },
    known: {display: 'flex', flexDirection: 'column', alignItems: 'flex-start'},
    knownButton: {padding: 0, height: 'auto', fontSize: '12px'},
    buttons: {display: 'flex', gap: '4px'},
    muted: {margin: 0, fontSize: '12px', color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
    done: {margin: 0, fontSize: '13px'},
    error: {margin: 0, fontSize: '12px', color: 'var(--error-text, #d24b4e)'},
} as const;
