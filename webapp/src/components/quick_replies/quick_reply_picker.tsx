// The quick replies picker in a chat's composer: one click puts a saved answer into the reply
// (after what is typed already), to be read and sent like any reply.
import React, {useState} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';

import {msg} from '../../i18n';
import {ErrorAlert} from '../error_text';

import {useQuickReplies} from './use_quick_replies';

export function insertReply(current: string, text: string): string {
    const trimmed = current.replace(/\s+$/, '');
    return trimmed ? `${trimmed}\n${text}` : text;
}

export default function QuickReplyPicker({message, onInsert}: {message: string; onInsert: (next: string) => void}) {
    const intl = useIntl();
    const [open, setOpen] = useState(false);
    return (
        <span style={styles.wrap}>
            <button
                type='button'
                data-testid='frontdesk-quick-button'
                aria-expanded={open}
                title={intl.formatMessage(msg('frontdesk.quick.button'))}
                style={styles.button}
                onClick={() => setOpen((o) => !o)}
            >
                <FormattedMessage {...msg('frontdesk.quick.button')}/>
            </button>
            {open && (
                <List
                    onPick={(text) => {
                        setOpen(false);
                        onInsert(insertReply(message, text));
                    }}
                />
            )}
        </span>
    );
}

function List({onPick}: {onPick: (text: string) => void}) {
    const intl = useIntl();
    const {state} = useQuickReplies();
    return (
        <div
            role='menu'
            data-testid='frontdesk-quick-menu'
            style={styles.menu}
        >
            {state.kind === 'loading' && (
                <p style={styles.muted}>
                    <FormattedMessage {...msg('frontdesk.quick.loading')}/>
                </p>
            )}
            {state.kind === 'error' && (
                <ErrorAlert
                    error={state.error}
                    message='frontdesk.quick.error'
                    style={styles.muted}
                />
            )}
            {state.kind === 'ready' && state.replies.length === 0 && (
                <p
                    data-testid='frontdesk-quick-empty'
                    style={styles.muted}
                >
                    <FormattedMessage {...msg('frontdesk.quick.empty')}/>
                </p>
            )}
            {state.kind === 'ready' && state.replies.map((r) => (
                <button
                    key={r.name}
                    type='button'
                    role='menuitem'
                    data-testid='frontdesk-quick-item'
                    data-name={r.name}
                    title={intl.formatMessage(msg('frontdesk.quick.insert'), {name: r.name})}
                    style={styles.item}
                    onClick={() => onPick(r.text)}
                >
                    <strong>{r.name}</strong>
                    <span style={styles.preview}>{r.text}</span>
                </button>
            ))}
        </div>
    );
}

const styles = {
    wrap: {position: 'relative', display: 'inline-block'},
    button: {
        padding: '2px 8px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        borderRadius: '12px',
        background: 'transparent',
        color: 'inherit',
        cursor: 'pointer',
        font: 'inherit',
        fontSize: '12px',
    },
    menu: {
        position: 'absolute',
        bottom: '100%',
        left: 0,
        zIndex: 100,
        width: '280px',
        maxHeight: '240px',
        overflowY: 'auto',
        marginBottom: '4px',
        padding: '4px 0',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        borderRadius: '4px',
        background: 'var(--center-channel-bg, #fff)',
        boxShadow: '0 4px 12px rgba(0, 0, 0, 0.12)',
    },
    item: {
        display: 'flex',
        flexDirection: 'column',
        width: '100%',
        padding: '4px 10px',
        border: 0,
        background: 'transparent',
        color: 'inherit',
        textAlign: 'left',
        cursor: 'pointer',
        font: 'inherit',
        fontSize: '12px',
    },
    preview: {overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
    muted: {margin: '4px 10px', fontSize: '12px', color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
} as const;
