// The channel header button's icon: a small front-desk bell, drawn inline so the bundle
// needs no asset loader, with the red badge of F4 (docs/features.md) counting the chats that need someone.
import React from 'react';

import AttentionBadge from './attention_badge';

export default function HeaderIcon() {
    return (
        <span style={styles.wrap}>
            <svg
                aria-hidden='true'
                width='18'
                height='18'
                viewBox='0 0 24 24'
                fill='currentColor'
                data-testid='frontdesk-header-icon'
            >
                <path d='M12 5a2 2 0 0 0-2 2v.1A8 8 0 0 0 4 15h16a8 8 0 0 0-6-7.9V7a2 2 0 0 0-2-2zm-9 12a1 1 0 0 0 0 2h18a1 1 0 0 0 0-2H3z'/>
            </svg>
            <AttentionBadge testId='frontdesk-badge'/>
        </span>
    );
}

const styles = {
    wrap: {display: 'inline-flex', alignItems: 'center', gap: '4px'},
} as const;
