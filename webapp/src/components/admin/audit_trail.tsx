// The audit trail: who connected, reconnected, edited or deleted what, and when; newest first,
// older ones on "Load more".
import React, {useCallback, useEffect, useState} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {getAudit} from '../../client/admin_api';
import type {AuditEntry} from '../../client/admin_types';
import {baseURL, type SiteState} from '../../client/base_url';
import {msg, type MessageId} from '../../i18n';
import {asError} from '../clients/use_client_card';
import {ErrorAlert} from '../error_text';

import {styles} from './admin_styles';

export const AUDIT_PAGE = 20;

// What each action the server records is called; an action this web app does not know yet shows
// as the server names it.
const actionLabels: Record<string, MessageId> = {
    'connection.create': 'frontdesk.admin.audit.connectionCreate',
    'connection.update': 'frontdesk.admin.audit.connectionUpdate',
    'connection.reconnect': 'frontdesk.admin.audit.connectionReconnect',
    'connection.delete': 'frontdesk.admin.audit.connectionDelete',
    'access.change': 'frontdesk.admin.audit.accessChange',
    'client.link': 'frontdesk.admin.audit.clientLink',
    'client.unlink': 'frontdesk.admin.audit.clientUnlink',
    'conversation.archive': 'frontdesk.admin.audit.conversationArchive',
    'conversation.reopen': 'frontdesk.admin.audit.conversationReopen',
    'assign': 'frontdesk.admin.audit.assign',
};

type State =
    | {kind: 'loading'}
    | {kind: 'error'; error: Error}
    | {kind: 'ready'; entries: AuditEntry[]; more: boolean; loadingMore: boolean; moreError: Error | null};

export default function AuditTrail({version}: {version: number}) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const intl = useIntl();
    const who = (e: AuditEntry) => {
        if (e.via === 'system_console') {
            return intl.formatMessage(msg('frontdesk.admin.auditViaSystemConsole'));
        }
        return e.username ? `@${e.username}` : e.user_id;
    };
    const [state, setState] = useState<State>({kind: 'loading'});

    // Reloaded whenever the section changed a connection (version), so the newest entry shows.
    useEffect(() => {
        const abort = new AbortController();
        getAudit(base, AUDIT_PAGE, undefined, abort.signal).then(
            (page) => setState({kind: 'ready', entries: page.entries ?? [], more: (page.entries ?? []).length === AUDIT_PAGE, loadingMore: false, moreError: null}),
            (err: unknown) => {
                if (abort.signal.aborted) {
                    return;
                }
                setState({kind: 'error', error: asError(err)});
            },
        );
        return () => abort.abort();
    }, [base, version]);

    const loadMore = useCallback(async () => {
        if (state.kind !== 'ready' || state.entries.length === 0) {
            return;
        }
        const before = state.entries[state.entries.length - 1].at;
        setState({...state, loadingMore: true, moreError: null});
        try {
            const page = await getAudit(base, AUDIT_PAGE, before);
            const older = page.entries ?? [];
            setState((s) => (s.kind === 'ready' ? {...s, entries: [...s.entries, ...older], more: older.length === AUDIT_PAGE, loadingMore: false} : s));
        } catch (err) {
            setState((s) => (s.kind === 'ready' ? {...s, loadingMore: false, moreError: asError(err)} : s));
        }
    }, [base, state]);

    if (state.kind === 'loading') {
        return null;
    }
    return (
        <section
            style={styles.panel}
            data-testid='frontdesk-admin-audit'
        >
            <h4 style={styles.panelTitle}>
                <FormattedMessage {...msg('frontdesk.admin.auditTitle')}/>
            </h4>
            {state.kind === 'error' && (
                <ErrorAlert
                    error={state.error}
                    message='frontdesk.admin.auditError'
                    style={styles.error}
                />
            )}
            {state.kind === 'ready' && state.entries.length === 0 && (
                <p style={styles.muted}>
                    <FormattedMessage {...msg('frontdesk.admin.auditEmpty')}/>
                </p>
            )}
            {state.kind === 'ready' && state.entries.length > 0 && (
                <table style={styles.table}>
                    <thead>
                        <tr>
                            <th style={styles.th}><FormattedMessage {...msg('frontdesk.admin.auditWhen')}/></th>
                            <th style={styles.th}><FormattedMessage {...msg('frontdesk.admin.auditWho')}/></th>
                            <th style={styles.th}><FormattedMessage {...msg('frontdesk.admin.auditWhat')}/></th>
                            <th style={styles.th}><FormattedMessage {...msg('frontdesk.admin.auditDetail')}/></th>
                        </tr>
                    </thead>
                    <tbody>
                        {state.entries.map((e) => (
                            <tr
                                key={e.id}
                                data-testid='frontdesk-admin-audit-entry'
                                data-action={e.action}
                            >
                                <td style={styles.td}>{intl.formatDate(e.at, {dateStyle: 'medium', timeStyle: 'medium'})}</td>
                                <td style={styles.td}>{who(e)}</td>
                                <td style={styles.td}>{actionLabels[e.action] ? <FormattedMessage {...msg(actionLabels[e.action])}/> : `${e.action} ${e.target_type}`.trim()}</td>
                                <td style={styles.td}>{e.detail}</td>
                            </tr>
                        ))}
                    </tbody>
                </table>
            )}
            {state.kind === 'ready' && state.moreError && (
                <ErrorAlert
                    error={state.moreError}
                    message='frontdesk.admin.auditError'
                    style={styles.error}
                />
            )}
            {state.kind === 'ready' && state.more && (
                <div style={styles.actions}>
                    <button
                        type='button'
                        className='btn btn-tertiary btn-sm'
                        data-testid='frontdesk-admin-audit-more'
                        disabled={state.loadingMore}
                        onClick={loadMore}
                    >
                        <FormattedMessage {...msg(state.loadingMore ? 'frontdesk.chats.loadingMore' : 'frontdesk.chats.loadMore')}/>
                    </button>
                </div>
            )}
        </section>
    );
}
