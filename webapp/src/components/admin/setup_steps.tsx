// What to do at the provider once a connection exists: a few steps per provider, drawn from the
// set-up guides in docs/providers/.
import React from 'react';
import {FormattedMessage} from 'react-intl';

import type {ConnectionKind} from '../../client/types';
import {msg, type MessageId} from '../../i18n';

import {styles} from './admin_styles';

export const setupSteps: Record<ConnectionKind, MessageId[]> = {
    whatsapp: ['frontdesk.admin.steps.whatsapp.1', 'frontdesk.admin.steps.whatsapp.2', 'frontdesk.admin.steps.whatsapp.3'],
    messenger: ['frontdesk.admin.steps.messenger.1', 'frontdesk.admin.steps.messenger.2', 'frontdesk.admin.steps.messenger.3'],
    instagram: ['frontdesk.admin.steps.instagram.1', 'frontdesk.admin.steps.instagram.2', 'frontdesk.admin.steps.instagram.3'],
    telegram: ['frontdesk.admin.steps.telegram.1', 'frontdesk.admin.steps.telegram.2'],
    sms: ['frontdesk.admin.steps.sms.1', 'frontdesk.admin.steps.sms.2'],
};

export default function SetupSteps({kind}: {kind: ConnectionKind}) {
    const steps = setupSteps[kind] ?? [];
    return (
        <ol
            style={styles.steps}
            data-testid='frontdesk-admin-steps'
        >
            {steps.map((id) => (
                <li key={id}>
                    <FormattedMessage {...msg(id)}/>
                </li>
            ))}
        </ol>
    );
}
