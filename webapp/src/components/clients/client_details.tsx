// A linked chat's client: contacts (editable, each phone with its phone card), the client's other
// chats, their documents, and a new order, estimate or lead straight from the chat.
import React, {useEffect, useId, useRef, useState} from 'react';
import {FormattedDate, FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {createDocument} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Client, ClientCard, ClientChat, ClientDocument, Conversation, DocumentKind, NewDocumentKind} from '../../client/types';
import {msg, type MessageId} from '../../i18n';
import {currentTeamName, openPath, permalinkPath, type TeamState} from '../../navigate';
import {kindLabels} from '../kind_labels';
import PhoneHover from '../phone/phone_hover';

import CardForm from './card_form';
import {styles} from './card_styles';
import EditClientForm from './client_edit';
import {formatAmount} from './format';
import {asError} from './use_client_card';

export const documentKindLabels: Record<DocumentKind, MessageId> = {
    order: 'frontdesk.document.order',
    estimate: 'frontdesk.document.estimate',
    lead: 'frontdesk.document.lead',
    invoice: 'frontdesk.document.invoice',
};

const newDocumentLabels: Record<NewDocumentKind, MessageId> = {
    order: 'frontdesk.client.newOrder',
    estimate: 'frontdesk.client.newEstimate',
    lead: 'frontdesk.client.newLead',
};

type Props = {
    conversation: Conversation;
    card: ClientCard;
    client: Client;
    busy: boolean;
    onUnlink: () => void;
    onDocument: (doc: ClientDocument) => void;
    onEdited: (client: Client) => void;
};

export default function ClientDetails({conversation, card, client, busy, onUnlink, onDocument, onEdited}: Props) {
    const intl = useIntl();
    const [editing, setEditing] = useState(false);
    const [drafting, setDrafting] = useState<NewDocumentKind | null>(null);
    const [created, setCreated] = useState<ClientDocument | null>(null);
    const others = card.chats.filter((c) => c.conversation_id !== conversation.id);

    return (
        <div data-testid='frontdesk-client-details'>
            {editing ? (
                <EditClientForm
                    client={client}
                    onCancel={() => setEditing(false)}
                    onSaved={(saved) => {
                        setEditing(false);
                        onEdited(saved);
                    }}
                />
            ) : (
                <>
                    <div style={styles.header}>
                        <h4
                            data-testid='frontdesk-client-name'
                            style={styles.name}
                        >
                            {client.url ? (
                                <a
                                    href={client.url}
                                    target='_blank'
                                    rel='noopener noreferrer'
                                    title={intl.formatMessage(msg('frontdesk.client.openInHelpdesk'), {name: client.name})}
                                >
                                    {client.name}
                                </a>
                            ) : client.name}
                        </h4>
                        <button
                            type='button'
                            className='btn btn-tertiary btn-xs'
                            data-testid='frontdesk-client-edit'
                            disabled={busy}
                            title={intl.formatMessage(msg('frontdesk.client.editTitle'), {name: client.name})}
                            onClick={() => {
                                setDrafting(null);
                                setEditing(true);
                            }}
                        >
                            <FormattedMessage {...msg('frontdesk.client.edit')}/>
                        </button>
                    </div>
                    <dl style={styles.contacts}>
                        <Contact
                            testId='frontdesk-client-phones'
                            label='frontdesk.client.phones'
                            values={client.phones ?? []}
                            show={(p) => <PhoneHover phone={p}/>}
                        />
                        <Contact
                            testId='frontdesk-client-emails'
                            label='frontdesk.client.emails'
                            values={client.emails ?? []}
                            show={(e) => <a href={`mailto:${e}`}>{e}</a>}
                        />
                        <Contact
                            testId='frontdesk-client-address'
                            label='frontdesk.client.address'
                            values={client.address ? [client.address] : []}
                        />
                    </dl>
                </>
            )}

            <h4 style={styles.heading}>
                <FormattedMessage {...msg('frontdesk.client.chats')}/>
            </h4>
            {others.length === 0 ? (
                <p
                    data-testid='frontdesk-client-no-chats'
                    style={styles.muted}
                >
                    <FormattedMessage {...msg('frontdesk.client.noOtherChats')}/>
                </p>
            ) : (
                <ul
                    data-testid='frontdesk-client-chats'
                    style={styles.list}
                >
                    {others.map((chat) => (
                        <OtherChat
                            key={chat.conversation_id}
                            chat={chat}
                        />
                    ))}
                </ul>
            )}

            <h4 style={styles.heading}>
                <FormattedMessage {...msg('frontdesk.client.documents')}/>
            </h4>
            {created && (
                <p
                    role='status'
                    data-testid='frontdesk-document-created'
                    data-document-id={created.id}
                    style={styles.success}
                >
                    <FormattedMessage
                        {...msg('frontdesk.document.created')}
                        values={{kind: created.kind, number: created.number}}
                    />
                </p>
            )}
            <Documents documents={card.documents}/>

            {drafting ? (
                <DocumentForm
                    conversation={conversation}
                    kind={drafting}
                    lastMessage={card.last_customer_message ?? ''}
                    onCancel={() => setDrafting(null)}
                    onCreated={(doc) => {
                        setDrafting(null);
                        setCreated(doc);
                        onDocument(doc);
                    }}
                />
            ) : (
                <div style={styles.actions}>
                    {(['order', 'estimate', 'lead'] as const).map((kind) => (
                        <button
                            key={kind}
                            type='button'
                            className='btn btn-tertiary btn-xs'
                            data-testid={`frontdesk-client-new-${kind}`}
                            disabled={busy}
                            onClick={() => {
                                setCreated(null);
                                setDrafting(kind);
                            }}
                        >
                            <FormattedMessage {...msg(newDocumentLabels[kind])}/>
                        </button>
                    ))}
                    <button
                        type='button'
                        className='btn btn-tertiary btn-xs'
                        data-testid='frontdesk-client-unlink'
                        disabled={busy}
                        title={intl.formatMessage(msg('frontdesk.client.unlinkTitle'), {name: client.name})}
                        style={styles.unlink}
                        onClick={onUnlink}
                    >
                        <FormattedMessage {...msg('frontdesk.client.unlink')}/>
                    </button>
                </div>
            )}
        </div>
    );
}

function Contact({testId, label, values, show}: {testId: string; label: MessageId; values: string[]; show?: (value: string) => React.ReactNode}) {
    if (values.length === 0) {
        return null;
    }
    return (
        <>
            <dt style={styles.term}>
                <FormattedMessage {...msg(label)}/>
            </dt>
            <dd
                data-testid={testId}
                style={styles.definition}
            >
                {values.map((value, i) => (
                    <React.Fragment key={value}>
                        {i > 0 && ', '}
                        {show ? show(value) : value}
                    </React.Fragment>
                ))}
            </dd>
        </>
    );
}

// OtherChat opens that chat's thread, wherever it lives, through the web app's router.
function OtherChat({chat}: {chat: ClientChat}) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const teamName = useSelector((state: TeamState) => currentTeamName(state));
    const kind = kindLabels[chat.kind];
    return (
        <li
            data-testid='frontdesk-client-chat'
            data-conversation-id={chat.conversation_id}
            style={styles.item}
        >
            <button
                type='button'
                data-testid='frontdesk-client-chat-open'
                style={styles.link}
                onClick={() => openPath(base, permalinkPath(teamName, chat.root_post_id))}
            >
                {kind ? (
                    <FormattedMessage
                        {...msg('frontdesk.chats.provider')}
                        values={{kind: <FormattedMessage {...msg(kind)}/>, page: chat.connection_name}}
                    />
                ) : chat.connection_name}
            </button>
            <span style={styles.muted}>
                <FormattedDate
                    value={chat.last_message_at}
                    day='numeric'
                    month='short'
                    year='numeric'
                />
            </span>
        </li>
    );
}

function Documents({documents}: {documents: ClientDocument[]}) {
    const intl = useIntl();
    if (documents.length === 0) {
        return (
            <p
                data-testid='frontdesk-client-documents-empty'
                style={styles.muted}
            >
                <FormattedMessage {...msg('frontdesk.client.noDocuments')}/>
            </p>
        );
    }
    const columns: MessageId[] = [
        'frontdesk.client.column.kind',
        'frontdesk.client.column.number',
        'frontdesk.client.column.date',
        'frontdesk.client.column.status',
        'frontdesk.client.column.amount',
    ];
    return (
        <table
            data-testid='frontdesk-client-documents'
            style={styles.table}
        >
            <thead>
                <tr>
                    {columns.map((id) => (
                        <th
                            key={id}
                            scope='col'
                            style={id === 'frontdesk.client.column.amount' ? {...styles.th, textAlign: 'right'} : styles.th}
                        >
                            <FormattedMessage {...msg(id)}/>
                        </th>
                    ))}
                </tr>
            </thead>
            <tbody>
                {documents.map((doc) => {
                    const kind = documentKindLabels[doc.kind];
                    return (
                        <tr
                            key={doc.id}
                            data-testid='frontdesk-client-document'
                            data-document-id={doc.id}
                            data-kind={doc.kind}
                        >
                            <td style={styles.td}>{kind ? <FormattedMessage {...msg(kind)}/> : doc.kind}</td>
                            <td
                                data-testid='frontdesk-client-document-number'
                                style={styles.td}
                            >
                                {doc.url ? (
                                    <a
                                        href={doc.url}
                                        target='_blank'
                                        rel='noopener noreferrer'
                                    >
                                        {doc.number || doc.id}
                                    </a>
                                ) : doc.number}
                            </td>
                            <td style={{...styles.td, whiteSpace: 'nowrap'}}>
                                <FormattedDate
                                    value={doc.date}
                                    day='numeric'
                                    month='short'
                                    year='numeric'
                                />
                            </td>
                            <td style={styles.td}>{doc.status}</td>
                            <td
                                data-testid='frontdesk-client-document-amount'
                                style={{...styles.td, textAlign: 'right', whiteSpace: 'nowrap'}}
                            >
                                {formatAmount(intl.locale, doc.amount, doc.currency)}
                            </td>
                        </tr>
                    );
                })}
            </tbody>
        </table>
    );
}

// DocumentForm creates an order, estimate or lead in the helpdesk; the description starts as what
// the customer last wrote, which is usually what the order is about.
function DocumentForm({conversation, kind, lastMessage, onCancel, onCreated}: {
    conversation: Conversation;
    kind: NewDocumentKind;
    lastMessage: string;
    onCancel: () => void;
    onCreated: (doc: ClientDocument) => void;
}) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const idPrefix = useId();
    const first = useRef<HTMLInputElement>(null);
    const [title, setTitle] = useState('');
    const [description, setDescription] = useState(lastMessage);
    const [saving, setSaving] = useState(false);
    const [error, setError] = useState<Error | null>(null);

    useEffect(() => {
        first.current?.focus();
    }, []);

    const submit = (e: React.FormEvent) => {
        e.preventDefault();
        setSaving(true);
        setError(null);
        createDocument(base, conversation.id, {kind, title: title.trim(), description: description.trim()}).then(
            onCreated,
            (err: unknown) => {
                setSaving(false);
                setError(asError(err));
            },
        );
    };

    return (
        <CardForm
            testId='frontdesk-document-form'
            errorTestId='frontdesk-document-error'
            submitTestId='frontdesk-document-submit'
            cancelTestId='frontdesk-document-cancel'
            heading={newDocumentLabels[kind]}
            submitLabel={saving ? 'frontdesk.client.creating' : 'frontdesk.document.create'}
            canSubmit={!saving && Boolean(title.trim())}
            error={error}
            onSubmit={submit}
            onCancel={onCancel}
            kind={kind}
        >
            <label
                htmlFor={`${idPrefix}-title`}
                style={styles.label}
            >
                <FormattedMessage {...msg('frontdesk.document.title')}/>
                <input
                    ref={first}
                    id={`${idPrefix}-title`}
                    data-testid='frontdesk-document-title'
                    value={title}
                    required={true}
                    style={styles.input}
                    onChange={(e) => setTitle(e.target.value)}
                />
            </label>
            <label
                htmlFor={`${idPrefix}-description`}
                style={styles.label}
            >
                <FormattedMessage {...msg('frontdesk.document.description')}/>
                <textarea
                    id={`${idPrefix}-description`}
                    data-testid='frontdesk-document-description'
                    value={description}
                    rows={3}
                    style={styles.input}
                    onChange={(e) => setDescription(e.target.value)}
                />
            </label>
        </CardForm>
    );
}
