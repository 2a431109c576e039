// The team's quick replies in the sidebar: add, edit and delete (anyone who may use chats). A name
// is the key: saving under an existing name replaces its text.
import React, {useState} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {deleteQuickReply, saveQuickReply} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {QuickReply} from '../../client/types';
import {msg} from '../../i18n';
import {ErrorAlert} from '../error_text';

import {useQuickReplies} from './use_quick_replies';

type Editing = {original: string; name: string; text: string} | null;

export default function QuickRepliesManager() {
    const intl = useIntl();
    const base = useSelector((state: SiteState) => baseURL(state));
    const {state, reload, teamId} = useQuickReplies();
    const [editing, setEditing] = useState<Editing>(null);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<Error | null>(null);

    const run = (call: () => Promise<unknown>, after?: () => void) => {
        setBusy(true);
        setError(null);
        call().then(
            () => {
                after?.();
                reload();
            },
            (err: unknown) => setError(err instanceof Error ? err : new Error(String(err))),
        ).finally(() => setBusy(false));
    };

    const save = (e: Editing) => {
        if (!e || !e.name.trim() || !e.text.trim()) {
            return;
        }
        const name = e.name.trim();
        run(async () => {
            await saveQuickReply(base, teamId, name, e.text);
            // Renamed: the old name goes.
            if (e.original && e.original !== name) {
                await deleteQuickReply(base, teamId, e.original);
            }
        }, () => setEditing(null));
    };

    return (
        <section
            data-testid='frontdesk-quick-manager'
            style={styles.section}
        >
            <h4 style={styles.heading}>
                <FormattedMessage {...msg('frontdesk.quick.title')}/>
            </h4>
            {state.kind === 'loading' && (
                <p style={styles.muted}>
                    <FormattedMessage {...msg('frontdesk.quick.loading')}/>
                </p>
            )}
            {state.kind === 'error' && (
                <ErrorAlert
                    error={state.error}
                    message='frontdesk.quick.error'
                    style={styles.error}
                />
            )}
            {state.kind === 'ready' && state.replies.length === 0 && !editing && (
                <p
                    data-testid='frontdesk-quick-manager-empty'
                    style={styles.muted}
                >
                    <FormattedMessage {...msg('frontdesk.quick.emptyManager')}/>
                </p>
            )}
            {state.kind === 'ready' && state.replies.length > 0 && (
                <ul style={styles.list}>
                    {state.replies.map((r: QuickReply) => (
                        <li
                            key={r.name}
                            data-testid='frontdesk-quick-row'
                            data-name={r.name}
                            style={styles.row}
                        >
                            <span style={styles.text}>
                                <strong>{r.name}</strong>
                                <span style={styles.preview}>{r.text}</span>
                            </span>
                            <button
                                type='button'
                                className='btn btn-tertiary btn-xs'
                                data-testid='frontdesk-quick-edit'
                                disabled={busy}
                                onClick={() => setEditing({original: r.name, name: r.name, text: r.text})}
                            >
                                <FormattedMessage {...msg('frontdesk.quick.edit')}/>
                            </button>
                            <button
                                type='button'
                                className='btn btn-tertiary btn-xs'
                                data-testid='frontdesk-quick-delete'
                                disabled={busy}
                                onClick={() => run(() => deleteQuickReply(base, teamId, r.name))}
                            >
                                <FormattedMessage {...msg('frontdesk.quick.delete')}/>
                            </button>
                        </li>
                    ))}
                </ul>
            )}
            {editing ? (
                <form
                    data-testid='frontdesk-quick-form'
                    style={styles.form}
                    onSubmit={(e) => {
                        e.preventDefault();
                        save(editing);
                    }}
                >
                    <input
                        data-testid='frontdesk-quick-name'
                        aria-label={intl.formatMessage(msg('frontdesk.quick.name'))}
                        placeholder={intl.formatMessage(msg('frontdesk.quick.name'))}
                        value={editing.name}
                        style={styles.input}
                        onChange={(e) => setEditing({...editing, name: e.target.value})}
                    />
                    <textarea
                        data-testid='frontdesk-quick-text'
                        aria-label={intl.formatMessage(msg('frontdesk.quick.text'))}
                        placeholder={intl.formatMessage(msg('frontdesk.quick.text'))}
                        rows={3}
                        value={editing.text}
                        style={styles.input}
                        onChange={(e) => setEditing({...editing, text: e.target.value})}
                    />
                    <span style={styles.buttons}>
                        <button
                            type='submit'
                            className='btn btn-primary btn-xs'
                            data-testid='frontdesk-quick-save'
                            disabled={busy || !editing.name.trim() || !editing.text.trim()}
                        >
                            <FormattedMessage {...msg('frontdesk.quick.save')}/>
                        </button>
                        <button
                            type='button'
                            className='btn btn-tertiary btn-xs'
                            onClick={() => setEditing(null)}
                        >
                            <FormattedMessage {...msg('frontdesk.quick.cancel')}/>
                        </button>
                    </span>
                </form>
            ) : (
                <button
                    type='button'
                    className='btn btn-tertiary btn-xs'
                    data-testid='frontdesk-quick-add'
                    onClick={() => setEditing({original: '', name: '', text: ''})}
                >
                    <FormattedMessage {...msg('frontdesk.quick.add')}/>
                </button>
            )}
            {error && (
                <ErrorAlert
                    error={error}
                    message='frontdesk.quick.failed'
                    testId='frontdesk-quick-failed'
                    style={styles.error}
                />
            )}
        </section>
    );
}

const styles = {
    section: {marginTop: '16px'},
    heading: {margin: '0 0 6px', fontSize: '14px', fontWeight: 600},
    list: {listStyle: 'none', margin: '0 0 6px', padding: 0},
    row: {display: 'flex', alignItems: 'center', gap: '4px', padding: '4px 0', borderBottom: '1px solid rgba(var(--center-channel-color-rgb), 0.08)'},
    text: {flex: '1 1 auto', minWidth: 0, display: 'flex', flexDirection: 'column', fontSize: '12px'},
    preview: {overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
    form: {display: 'flex', flexDirection: 'column', gap: '4px'},
    input: {
        padding: '4px 6px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        borderRadius: '4px',
        background: 'var(--center-channel-bg)',
        color: 'inherit',
        font: 'inherit',
    },
    buttons: {display: 'flex', gap: '4px'},
    muted: {margin: '0 0 6px', fontSize: '12px', color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
    error: {margin: '4px 0', fontSize: '12px', color: 'var(--error-text, #d24b4e)'},
} as const;
