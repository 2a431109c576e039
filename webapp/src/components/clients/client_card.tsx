// A chat's client card in the chats sidebar (F7): who the customer is in the helpdesk, or how to
// find, pick or create them; once linked, their contacts, other chats and documents.
import React, {useState} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {linkClient, unlinkClient} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Client, ClientCard, Conversation} from '../../client/types';
import {msg} from '../../i18n';
import ErrorText, {ErrorAlert} from '../error_text';

import {styles} from './card_styles';
import ClientDetails from './client_details';
import ClientPicker from './client_picker';
import {asError, type ClientCardHandle} from './use_client_card';

type Props = {
    id: string;
    conversation: Conversation;
    // The customer's name as the row shows it.
    name: string;
    handle: ClientCardHandle;
};

export default function ClientCardPanel({id, conversation, name, handle}: Props) {
    const intl = useIntl();
    const {state, retry} = handle;
    return (
        <section
            id={id}
            data-testid='frontdesk-client-card'
            data-conversation-id={conversation.id}
            data-state={state.kind === 'ready' ? (state.card.linked ? 'linked' : 'unlinked') : state.kind}
            aria-label={intl.formatMessage(msg('frontdesk.client.region'), {name})}
            style={styles.card}
        >
            {(state.kind === 'idle' || state.kind === 'loading') && (
                <p
                    role='status'
                    data-testid='frontdesk-client-loading'
                    style={styles.muted}
                >
                    <FormattedMessage {...msg('frontdesk.client.loading')}/>
                </p>
            )}
            {state.kind === 'error' && (
                <div
                    role='alert'
                    data-testid='frontdesk-client-error'
                >
                    <p
                        data-testid='frontdesk-client-error-message'
                        style={styles.error}
                    >
                        <ErrorText
                            error={state.error}
                            message='frontdesk.client.error'
                        />
                    </p>
                    <button
                        type='button'
                        className='btn btn-tertiary btn-xs'
                        data-testid='frontdesk-client-retry'
                        onClick={retry}
                    >
                        <FormattedMessage {...msg('frontdesk.status.retry')}/>
                    </button>
                </div>
            )}
            {state.kind === 'ready' && (
                <>
                    {state.refreshError && (
                        <p
                            role='alert'
                            data-testid='frontdesk-client-stale'
                            style={styles.error}
                        >
                            <ErrorText
                                error={state.refreshError}
                                message='frontdesk.client.stale'
                            />
                            {' '}
                            <button
                                type='button'
                                className='btn btn-link btn-xs'
                                data-testid='frontdesk-client-retry'
                                onClick={retry}
                            >
                                <FormattedMessage {...msg('frontdesk.status.retry')}/>
                            </button>
                        </p>
                    )}
                    <ReadyCard
                        conversation={conversation}
                        card={state.card}
                        handle={handle}
                    />
                </>
            )}
        </section>
    );
}

function ReadyCard({conversation, card, handle}: {conversation: Conversation; card: ClientCard; handle: ClientCardHandle}) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<Error | null>(null);

    // Link and unlink answer with the whole new card, so it shows without another call.
    const act = (call: () => Promise<ClientCard>) => {
        setBusy(true);
        setError(null);
        call().then(
            (next) => handle.replace(next),
            (err: unknown) => setError(asError(err)),
        ).finally(() => setBusy(false));
    };
    const link = (client: Client) => act(() => linkClient(base, conversation.id, client.id));
    const unlink = () => act(() => unlinkClient(base, conversation.id));

    return (
        <>
            {card.linked && card.client ? (
                <ClientDetails
                    conversation={conversation}
                    card={card}
                    client={card.client}
                    busy={busy}
                    onUnlink={unlink}
                    onDocument={(doc) => handle.replace({...card, documents: [doc, ...card.documents.filter((d) => d.id !== doc.id)]})}
                    // The saved client shows at once; the card is loaded again for what else the
                    // edit may have changed (the chats and documents of a new phone).
                    onEdited={(client) => {
                        handle.replace({...card, client});
                        handle.retry();
                    }}
                />
            ) : (
                <ClientPicker
                    conversation={conversation}
                    candidates={card.candidates ?? []}
                    busy={busy}
                    onLink={link}
                    // The answer is the client, not the card: load the card it now belongs to.
                    onCreated={handle.retry}
                />
            )}
            {error && (
                <ErrorAlert
                    error={error}
                    message='frontdesk.chats.actionFailed'
                    testId='frontdesk-client-action-error'
                    style={styles.error}
                />
            )}
        </>
    );
}
