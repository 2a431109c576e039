// The sidebar's title with the same count as the header badge.
import React from 'react';
import {FormattedMessage} from 'react-intl';

import {msg} from '../../i18n';
import AttentionBadge from '../attention_badge';

export default function RhsTitle() {
    return (
        <span style={styles.title}>
            <FormattedMessage {...msg('frontdesk.rhs.title')}/>
            <AttentionBadge testId='frontdesk-title-count'/>
        </span>
    );
}

const styles = {
    title: {display: 'inline-flex', alignItems: 'center', gap: '8px'},
} as const;
