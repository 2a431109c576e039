// The search box and filters above the chats (issue 10): the search is sent once typing pauses;
// the connection picker lists only the connections the user may use.
import React, {useEffect, useState} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';

import {msg, type MessageId} from '../../i18n';
import {kindLabels} from '../kind_labels';

import {useConnections} from './use_connections';
import type {Filters} from './use_conversations';

export const SEARCH_DELAY_MS = 300;

type Toggle = 'unread' | 'unanswered' | 'mine';

const toggles: Array<{key: Toggle; label: MessageId}> = [
    {key: 'unread', label: 'frontdesk.filters.unread'},
    {key: 'unanswered', label: 'frontdesk.filters.unanswered'},
    {key: 'mine', label: 'frontdesk.filters.mine'},
];

export default function ChatFilters({filters, onChange}: {filters: Filters; onChange: (f: Filters) => void}) {
    const intl = useIntl();
    const connections = useConnections();
    const [text, setText] = useState(filters.q);

    // Cleared from outside ("Clear filters"): the box follows.
    useEffect(() => {
        setText(filters.q);
    }, [filters.q]);

    useEffect(() => {
        if (text === filters.q) {
            return undefined;
        }
        const timer = setTimeout(() => onChange({...filters, q: text}), SEARCH_DELAY_MS);
        return () => clearTimeout(timer);
    }, [text, filters, onChange]);

    const list = connections.kind === 'ready' ? connections.connections : [];
    return (
        <div
            data-testid='frontdesk-filters'
            style={styles.wrap}
        >
            <input
                type='search'
                data-testid='frontdesk-search'
                aria-label={intl.formatMessage(msg('frontdesk.filters.search'))}
                placeholder={intl.formatMessage(msg('frontdesk.filters.searchPlaceholder'))}
                value={text}
                style={styles.search}
                onChange={(e) => setText(e.target.value)}
            />
            <div style={styles.row}>
                {list.length > 1 && (
                    <select
                        data-testid='frontdesk-filter-connection'
                        aria-label={intl.formatMessage(msg('frontdesk.filters.connection'))}
                        value={filters.connectionId}
                        style={styles.select}
                        onChange={(e) => onChange({...filters, connectionId: e.target.value})}
                    >
                        <option value=''>{intl.formatMessage(msg('frontdesk.filters.allConnections'))}</option>
                        {list.map((c) => (
                            <option
                                key={c.id}
                                value={c.id}
                            >
                                {`${intl.formatMessage(msg(kindLabels[c.kind] ?? 'frontdesk.filters.connection'))} · ${c.account_name || c.name}`}
                            </option>
                        ))}
                    </select>
                )}
                {toggles.map((t) => (
                    <button
                        key={t.key}
                        type='button'
                        data-testid={`frontdesk-filter-${t.key}`}
                        aria-pressed={filters[t.key]}
                        style={{...styles.chip, ...(filters[t.key] ? styles.chipOn : {})}}
                        onClick={() => onChange({...filters, [t.key]: !filters[t.key]})}
                    >
                        <FormattedMessage {...msg(t.label)}/>
                    </button>
                ))}
            </div>
        </div>
    );
}

const styles = {
    wrap: {display: 'flex', flexDirection: 'column', gap: '6px', marginBottom: '8px'},
    search: {
        width: '100%',
        boxSizing: 'border-box',
        padding: '6px 8px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        borderRadius: '4px',
        background: 'var(--center-channel-bg)',
        color: 'inherit',
        font: 'inherit',
    },
    row: {display: 'flex', flexWrap: 'wrap', gap: '4px', alignItems: 'center'},
    select: {
        maxWidth: '100%',
        padding: '3px 6px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        borderRadius: '12px',
        background: 'var(--center-channel-bg)',
        color: 'inherit',
        font: 'inherit',
        fontSize: '12px',
    },
    chip: {
        padding: '3px 10px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        borderRadius: '12px',
        background: 'transparent',
        color: 'inherit',
        cursor: 'pointer',
        font: 'inherit',
        fontSize: '12px',
    },
    chipOn: {
        background: 'rgba(var(--button-bg-rgb, 28, 88, 217), 0.08)',
        borderColor: 'var(--button-bg)',
        color: 'var(--button-bg)',
        fontWeight: 600,
    },
} as const;
