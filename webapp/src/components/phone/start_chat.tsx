// + Chat (F20): starts a chat with a phone number from one of the user's connections that can
// text a number (WhatsApp or SMS), with its first message. On success the mini chat shows the new
// chat's thread; a refusal (WhatsApp outside its window needs a template, say) is shown and the
// text kept.
import React, {useEffect, useRef, useState} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {listConnections, startConversation} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Connection, ConnectionKind} from '../../client/types';
import {msg} from '../../i18n';
import {useMiniChat} from '../../mini_chat_store';
import ErrorText, {ErrorAlert} from '../error_text';
import {kindLabels} from '../kind_labels';

import {styles} from './mini_chat_styles';

// The providers that can write first to a phone number.
export const PHONE_KINDS: ConnectionKind[] = ['whatsapp', 'sms'];

type Loaded =
    | {kind: 'loading'}
    | {kind: 'error'; error: Error}
    | {kind: 'ready'; connections: Connection[]};

export default function StartChat({phone}: {phone: string}) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const miniChat = useMiniChat();
    const intl = useIntl();
    const [loaded, setLoaded] = useState<Loaded>({kind: 'loading'});
    const [connectionId, setConnectionId] = useState('');
    const [text, setText] = useState('');
    const [sending, setSending] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const input = useRef<HTMLTextAreaElement>(null);

    useEffect(() => {
        const abort = new AbortController();
        listConnections(base, abort.signal).then((all) => {
            const connections = all.filter((c) => PHONE_KINDS.includes(c.kind));
            setLoaded({kind: 'ready', connections});
            setConnectionId(connections[0]?.id ?? '');
        }, (err: Error) => {
            if (!abort.signal.aborted) {
                setLoaded({kind: 'error', error: err});
            }
        });
        return () => abort.abort();
    }, [base]);

    const ready = loaded.kind === 'ready' && loaded.connections.length > 0;
    useEffect(() => {
        if (ready) {
            input.current?.focus();
        }
    }, [ready]);

    if (loaded.kind === 'loading') {
        return (
            <p
                data-testid='frontdesk-start-loading'
                style={{...styles.muted, ...pad}}
            >
                <FormattedMessage {...msg('frontdesk.start.loading')}/>
            </p>
        );
    }
    if (loaded.kind === 'error') {
        return (
            <p
                data-testid='frontdesk-start-error'
                role='alert'
                style={{...styles.error, ...pad}}
            >
                <ErrorText
                    error={loaded.error}
                    message='frontdesk.start.error'
                />
            </p>
        );
    }
    if (loaded.connections.length === 0) {
        return (
            <p
                data-testid='frontdesk-start-none'
                style={{...styles.muted, ...pad}}
            >
                <FormattedMessage {...msg('frontdesk.start.none')}/>
            </p>
        );
    }

    const start = async () => {
        const message = text.trim();
        if (!message || !connectionId || sending) {
            return;
        }
        setSending(true);
        setError(null);
        try {
            const conversation = await startConversation(base, {connection_id: connectionId, customer_id: phone, text: message});
            miniChat.open({kind: 'chat', conversation});
        } catch (err) {
            setError(err as Error);
            setSending(false);
        }
    };

    return (
        <form
            data-testid='frontdesk-start'
            style={form}
            onSubmit={(e) => {
                e.preventDefault();
                start();
            }}
        >
            <label style={label}>
                <FormattedMessage {...msg('frontdesk.start.connection')}/>
                <select
                    data-testid='frontdesk-start-connection'
                    value={connectionId}
                    style={styles.input}
                    onChange={(e) => setConnectionId(e.target.value)}
                >
                    {loaded.connections.map((c) => (
                        <option
                            key={c.id}
                            value={c.id}
                        >
                            {`${intl.formatMessage(msg(kindLabels[c.kind]))} · ${c.account_name || c.name}`}
                        </option>
                    ))}
                </select>
            </label>
            <label style={{...label, flex: '1 1 auto'}}>
                <FormattedMessage {...msg('frontdesk.start.message')}/>
                <textarea
                    ref={input}
                    data-testid='frontdesk-start-text'
                    rows={4}
                    value={text}
                    style={{...styles.input, flex: '1 1 auto'}}
                    onChange={(e) => setText(e.target.value)}
                />
            </label>
            {error && (
                <ErrorAlert
                    error={error}
                    message='frontdesk.start.failed'
                    testId='frontdesk-start-failed'
                    style={styles.error}
                />
            )}
            <button
                type='submit'
                className='btn btn-primary btn-sm'
                data-testid='frontdesk-start-send'
                disabled={sending || !text.trim() || !connectionId}
                style={{alignSelf: 'flex-end'}}
            >
                <FormattedMessage {...msg(sending ? 'frontdesk.minichat.sending' : 'frontdesk.start.send')}/>
            </button>
        </form>
    );
}

const pad = {padding: '10px 12px'};
const form = {flex: '1 1 auto', display: 'flex', flexDirection: 'column', gap: '8px', padding: '10px 12px'} as const;
const label = {display: 'flex', flexDirection: 'column', gap: '2px', fontSize: '12px', fontWeight: 600} as const;
