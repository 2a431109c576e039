// The red indicator of F4 (docs/features.md): how many chats are unread or unanswered; nothing when none are.
import React from 'react';
import {useIntl} from 'react-intl';

import {msg} from '../i18n';

import {useAttention} from './use_attention';

export default function AttentionBadge({testId}: {testId: string}) {
    const intl = useIntl();
    const count = useAttention();
    if (!count) {
        return null;
    }
    const label = intl.formatMessage(msg('frontdesk.badge.label'), {count});
    return (
        <span
            data-testid={testId}
            data-count={count}
            role='status'
            aria-label={label}
            title={label}
            style={styles.badge}
        >
            {count > 99 ? '99+' : String(count)}
        </span>
    );
}

const styles = {
    badge: {
        display: 'inline-block',
        minWidth: '18px',
        height: '18px',
        padding: '0 5px',
        borderRadius: '9px',
        background: 'var(--dnd-indicator, #d24b4e)',
        color: '#ffffff',
        fontSize: '11px',
        fontWeight: 700,
        lineHeight: '18px',
        textAlign: 'center',
    },
} as const;
