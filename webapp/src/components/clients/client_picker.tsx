// A chat not linked yet: the helpdesk's clients with the customer's phone or handle, a search
// over all clients, and a form to create the client from what the chat knows.
import React, {useEffect, useId, useRef, useState} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {createClient, searchClients} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Client, Conversation} from '../../client/types';
import {msg, type MessageId} from '../../i18n';
import ErrorText from '../error_text';

import CardForm from './card_form';
import {styles} from './card_styles';
import {asError} from './use_client_card';

// Typing pauses this long before a search, so a name typed quickly is one call.
export const SEARCH_DELAY_MS = 300;

// Shorter queries would match most of the helpdesk.
const MIN_QUERY = 2;

type Props = {
    conversation: Conversation;
    candidates: Client[];
    busy: boolean;
    onLink: (client: Client) => void;
    onCreated: () => void;
};

export default function ClientPicker({conversation, candidates, busy, onLink, onCreated}: Props) {
    const [creating, setCreating] = useState(false);
    return (
        <div data-testid='frontdesk-client-picker'>
            <p
                data-testid='frontdesk-client-unlinked'
                style={styles.muted}
            >
                <FormattedMessage {...msg('frontdesk.client.unlinked')}/>
            </p>
            {candidates.length > 0 && (
                <>
                    <h4 style={styles.heading}>
                        <FormattedMessage {...msg('frontdesk.client.candidates')}/>
                    </h4>
                    <ClientChoices
                        testId='frontdesk-client-candidates'
                        itemTestId='frontdesk-client-candidate'
                        clients={candidates}
                        busy={busy}
                        onLink={onLink}
                    />
                </>
            )}
            <ClientSearch
                busy={busy}
                onLink={onLink}
            />
            {creating ? (
                <NewClientForm
                    conversation={conversation}
                    onCancel={() => setCreating(false)}
                    onCreated={onCreated}
                />
            ) : (
                <div style={styles.actions}>
                    <button
                        type='button'
                        className='btn btn-tertiary btn-xs'
                        data-testid='frontdesk-client-new'
                        disabled={busy}
                        onClick={() => setCreating(true)}
                    >
                        <FormattedMessage {...msg('frontdesk.client.new')}/>
                    </button>
                </div>
            )}
        </div>
    );
}

function ClientChoices({testId, itemTestId, clients, busy, onLink}: {
    testId: string;
    itemTestId: string;
    clients: Client[];
    busy: boolean;
    onLink: (client: Client) => void;
}) {
    const intl = useIntl();
    return (
        <ul
            data-testid={testId}
            style={styles.list}
        >
            {clients.map((client) => (
                <li
                    key={client.id}
                    data-testid={itemTestId}
                    data-client-id={client.id}
                    style={styles.item}
                >
                    <span style={styles.grow}>
                        <span data-testid='frontdesk-client-choice-name'>{client.name}</span>
                        <span style={styles.muted}>{contactLine(client)}</span>
                    </span>
                    <button
                        type='button'
                        className='btn btn-primary btn-xs'
                        data-testid='frontdesk-client-link'
                        disabled={busy}
                        title={intl.formatMessage(msg('frontdesk.client.linkTitle'), {name: client.name})}
                        onClick={() => onLink(client)}
                    >
                        <FormattedMessage {...msg('frontdesk.client.link')}/>
                    </button>
                </li>
            ))}
        </ul>
    );
}

// contactLine tells apart clients with the same name.
function contactLine(client: Client): string {
    const handles = (client.handles ?? []).map((h) => (h.username ? `@${h.username}` : '')).filter(Boolean);
    return [...(client.phones ?? []), ...(client.emails ?? []), ...handles].join(' · ');
}

type SearchState =
    | {kind: 'idle'}
    | {kind: 'searching'}
    | {kind: 'ready'; query: string; clients: Client[]}
    | {kind: 'error'; error: Error};

function ClientSearch({busy, onLink}: {busy: boolean; onLink: (client: Client) => void}) {
    const intl = useIntl();
    const base = useSelector((state: SiteState) => baseURL(state));
    const inputId = useId();
    const [text, setText] = useState('');
    const [attempt, setAttempt] = useState(0);
    const [state, setState] = useState<SearchState>({kind: 'idle'});

    useEffect(() => {
        const query = text.trim();
        if (query.length < MIN_QUERY) {
            setState({kind: 'idle'});
            return undefined;
        }
        const controller = new AbortController();
        const timer = setTimeout(() => {
            setState({kind: 'searching'});
            searchClients(base, query, controller.signal).then(
                (clients) => {
                    if (!controller.signal.aborted) {
                        setState({kind: 'ready', query, clients});
                    }
                },
                (err: unknown) => {
                    if (!controller.signal.aborted) {
                        setState({kind: 'error', error: asError(err)});
                    }
                },
            );
        }, SEARCH_DELAY_MS);
        return () => {
            clearTimeout(timer);
            controller.abort();
        };
    }, [base, text, attempt]);

    return (
        <div style={styles.form}>
            <label
                htmlFor={inputId}
                style={styles.label}
            >
                <FormattedMessage {...msg('frontdesk.client.search')}/>
            </label>
            <input
                id={inputId}
                type='search'
                data-testid='frontdesk-client-search'
                value={text}
                placeholder={intl.formatMessage(msg('frontdesk.client.searchPlaceholder'))}
                autoComplete='off'
                style={styles.input}
                onChange={(e) => setText(e.target.value)}
            />
            <div aria-live='polite'>
                {state.kind === 'searching' && (
                    <p
                        data-testid='frontdesk-client-searching'
                        style={styles.muted}
                    >
                        <FormattedMessage {...msg('frontdesk.client.searching')}/>
                    </p>
                )}
                {state.kind === 'error' && (
                    <p
                        role='alert'
                        data-testid='frontdesk-client-search-error'
                        style={styles.error}
                    >
                        <ErrorText
                            error={state.error}
                            message='frontdesk.client.searchError'
                        />
                        {' '}
                        <button
                            type='button'
                            className='btn btn-link btn-xs'
                            data-testid='frontdesk-client-search-retry'
                            onClick={() => setAttempt((n) => n + 1)}
                        >
                            <FormattedMessage {...msg('frontdesk.status.retry')}/>
                        </button>
                    </p>
                )}
                {state.kind === 'ready' && state.clients.length === 0 && (
                    <p
                        data-testid='frontdesk-client-no-results'
                        style={styles.muted}
                    >
                        <FormattedMessage
                            {...msg('frontdesk.client.noResults')}
                            values={{query: state.query}}
                        />
                    </p>
                )}
            </div>
            {state.kind === 'ready' && state.clients.length > 0 && (
                <ClientChoices
                    testId='frontdesk-client-results'
                    itemTestId='frontdesk-client-result'
                    clients={state.clients}
                    busy={busy}
                    onLink={onLink}
                />
            )}
        </div>
    );
}

type ClientFields = {name: string; phone: string; email: string; address: string; notes: string};

const fieldLabels: Record<keyof ClientFields, MessageId> = {
    name: 'frontdesk.client.form.name',
    phone: 'frontdesk.client.form.phone',
    email: 'frontdesk.client.form.email',
    address: 'frontdesk.client.form.address',
    notes: 'frontdesk.client.form.notes',
};

// NewClientForm starts from what the provider told about the customer; the server links the
// chat in the same call (link_conversation_id) so no client is left half made.
function NewClientForm({conversation, onCancel, onCreated}: {conversation: Conversation; onCancel: () => void; onCreated: () => void}) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const idPrefix = useId();
    const first = useRef<HTMLInputElement>(null);
    const [fields, setFields] = useState<ClientFields>({
        name: conversation.customer.name ?? '',
        phone: conversation.customer.phone ?? '',
        email: '',
        address: '',
        notes: '',
    });
    const [saving, setSaving] = useState(false);
    const [error, setError] = useState<Error | null>(null);

    useEffect(() => {
        first.current?.focus();
    }, []);

    const submit = (e: React.FormEvent) => {
        e.preventDefault();
        setSaving(true);
        setError(null);
        const list = (value: string) => (value.trim() ? [value.trim()] : []);
        createClient(base, {
            name: fields.name.trim(),
            phones: list(fields.phone),
            emails: list(fields.email),
            address: fields.address.trim(),
            notes: fields.notes.trim(),
            link_conversation_id: conversation.id,
        }).then(
            () => onCreated(),
            (err: unknown) => {
                setSaving(false);
                setError(asError(err));
            },
        );
    };

    const field = (name: keyof ClientFields) => {
        const inputId = `${idPrefix}-${name}`;
        const props = {
            id: inputId,
            'data-testid': `frontdesk-client-form-${name}`,
            value: fields[name],
            style: styles.input,
            onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setFields((f) => ({...f, [name]: e.target.value})),
        };
        return (
            <label
                key={name}
                htmlFor={inputId}
                style={styles.label}
            >
                <FormattedMessage {...msg(fieldLabels[name])}/>
                {name === 'notes' ? (
                    <textarea
                        rows={2}
                        {...props}
                    />
                ) : (
                    <input
                        ref={name === 'name' ? first : undefined}
                        type={name === 'email' ? 'email' : (name === 'phone' ? 'tel' : 'text')}
                        required={name === 'name'}
                        {...props}
                    />
                )}
            </label>
        );
    };

    return (
        <CardForm
            testId='frontdesk-client-form'
            errorTestId='frontdesk-client-form-error'
            submitTestId='frontdesk-client-form-submit'
            cancelTestId='frontdesk-client-form-cancel'
            heading={'frontdesk.client.new'}
            submitLabel={saving ? 'frontdesk.client.creating' : 'frontdesk.client.form.create'}
            canSubmit={!saving && Boolean(fields.name.trim())}
            error={error}
            onSubmit={submit}
            onCancel={onCancel}
        >
            {(['name', 'phone', 'email', 'address', 'notes'] as const).map(field)}
        </CardForm>
    );
}
