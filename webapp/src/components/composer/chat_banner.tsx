// The banner in a chat's thread, shown before anyone types (issue 10): the connection lost sync
// (the reconnect link for admins, "ask an admin" for others), the customer opted out, or the
// provider's window is closed (the native app's deep link, or on WhatsApp the template picker).
import React, {useCallback, useState} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {startConversation} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {ConversationDetail, Me} from '../../client/types';
import {windowClosed} from '../../composer';
import {msg} from '../../i18n';
import {ErrorAlert} from '../error_text';
import {kindLabels} from '../kind_labels';

import TemplatePicker, {type TemplateChoice} from './template_picker';

export function reconnectPath(connectionId: string): string {
    return `/admin_console/plugins/plugin_frontdesk?connection=${encodeURIComponent(connectionId)}`;
}

export default function ChatBanner({detail, me}: {detail: ConversationDetail; me: Me | null}) {
    const intl = useIntl();
    const base = useSelector((state: SiteState) => baseURL(state));
    const kind = kindLabels[detail.kind];
    const provider = kind ? intl.formatMessage(msg(kind)) : detail.kind;

    if (detail.sync_lost) {
        return (
            <div
                role='status'
                data-testid='frontdesk-banner'
                data-reason='sync_lost'
                style={styles.banner}
            >
                <FormattedMessage
                    {...msg('frontdesk.banner.syncLost')}
                    values={{reason: detail.sync_reason ? ` (${detail.sync_reason})` : ''}}
                />
                {' '}
                {me?.is_admin ? (
                    <a
                        data-testid='frontdesk-banner-reconnect'
                        href={base + reconnectPath(detail.connection_id)}
                    >
                        <FormattedMessage {...msg('frontdesk.banner.reconnect')}/>
                    </a>
                ) : (
                    <span data-testid='frontdesk-banner-ask-admin'>
                        <FormattedMessage {...msg('frontdesk.banner.askAdmin')}/>
                    </span>
                )}
            </div>
        );
    }
    if (detail.opted_out_at) {
        return (
            <div
                role='status'
                data-testid='frontdesk-banner'
                data-reason='opted_out'
                style={styles.banner}
            >
                <FormattedMessage {...msg(detail.kind === 'sms' ? 'frontdesk.banner.optedOutSMS' : 'frontdesk.banner.optedOut')}/>
            </div>
        );
    }
    if (!windowClosed(detail)) {
        return null;
    }
    return (
        <div
            role='status'
            data-testid='frontdesk-banner'
            data-reason='window_closed'
            style={styles.banner}
        >
            {detail.kind === 'whatsapp' ? <FormattedMessage {...msg('frontdesk.banner.windowClosedWhatsApp')}/> : (
                <FormattedMessage
                    {...msg('frontdesk.banner.windowClosed')}
                    values={{provider}}
                />
            )}
            {detail.window.deep_link && (
                <>
                    {' '}
                    <a
                        data-testid='frontdesk-banner-deep-link'
                        href={detail.window.deep_link}
                        target='_blank'
                        rel='noopener noreferrer'
                    >
                        <FormattedMessage
                            {...msg('frontdesk.banner.deepLink')}
                            values={{provider}}
                        />
                    </a>
                </>
            )}
            {detail.kind === 'whatsapp' && <SendTemplate detail={detail}/>}
        </div>
    );
}

function SendTemplate({detail}: {detail: ConversationDetail}) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const [open, setOpen] = useState(false);
    const [choice, setChoice] = useState<TemplateChoice | null>(null);
    const [sending, setSending] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const [sent, setSent] = useState('');
    const onChange = useCallback((c: TemplateChoice | null) => setChoice(c), []);

    if (!open) {
        return (
            <>
                {' '}
                <button
                    type='button'
                    className='btn btn-link'
                    data-testid='frontdesk-banner-templates'
                    style={styles.link}
                    onClick={() => setOpen(true)}
                >
                    <FormattedMessage {...msg('frontdesk.banner.templates')}/>
                </button>
                {sent && (
                    <span data-testid='frontdesk-banner-template-sent'>
                        {' '}
                        <FormattedMessage
                            {...msg('frontdesk.banner.templateSent')}
                            values={{name: sent}}
                        />
                    </span>
                )}
            </>
        );
    }
    const send = () => {
        if (!choice || sending) {
            return;
        }
        setSending(true);
        setError(null);
        startConversation(base, {connection_id: detail.connection_id, customer_id: detail.customer.id, ...choice}).then(
            () => {
                setSent(choice.template);
                setOpen(false);
            },
            (err: unknown) => setError(err instanceof Error ? err : new Error(String(err))),
        ).finally(() => setSending(false));
    };
    return (
        <div style={styles.picker}>
            <TemplatePicker
                connectionId={detail.connection_id}
                onChange={onChange}
            />
            {error && (
                <ErrorAlert
                    error={error}
                    message='frontdesk.quick.failed'
                    testId='frontdesk-banner-template-failed'
                    style={styles.error}
                />
            )}
            <span style={styles.buttons}>
                <button
                    type='button'
                    className='btn btn-primary btn-xs'
                    data-testid='frontdesk-banner-template-send'
                    disabled={!choice || sending}
                    onClick={send}
                >
                    <FormattedMessage {...msg('frontdesk.banner.templates')}/>
                </button>
                <button
                    type='button'
                    className='btn btn-tertiary btn-xs'
                    onClick={() => setOpen(false)}
                >
                    <FormattedMessage {...msg('frontdesk.quick.cancel')}/>
                </button>
            </span>
        </div>
    );
}

const styles = {
    banner: {
        alignSelf: 'stretch',
        boxSizing: 'border-box',
        padding: '6px 10px',
        borderRadius: '4px',
        background: 'rgba(var(--away-indicator-rgb, 255, 188, 31), 0.16)',
        borderLeft: '3px solid var(--away-indicator, #ffbc1f)',
        color: 'var(--center-channel-color)',
        fontSize: '12px',
        lineHeight: '16px',
    },
    link: {padding: 0, height: 'auto', fontSize: '12px', verticalAlign: 'baseline'},
    picker: {display: 'flex', flexDirection: 'column', gap: '6px', marginTop: '6px'},
    buttons: {display: 'flex', gap: '4px'},
    error: {margin: 0, fontSize: '12px', color: 'var(--error-text, #d24b4e)'},
} as const;
