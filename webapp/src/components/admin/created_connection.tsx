// Shown once a connection is created: what to paste at the provider (webhook URL and verify
// token, each with Copy), the provider's set-up steps, and the server's warning about the channel.
import React from 'react';
import {FormattedMessage} from 'react-intl';

import type {AdminConnection} from '../../client/admin_types';
import {msg} from '../../i18n';

import {styles} from './admin_styles';
import CopyField from './copy_field';
import SetupSteps from './setup_steps';

export default function CreatedConnection({connection, onClose}: {connection: AdminConnection; onClose: () => void}) {
    return (
        <section
            style={styles.panel}
            data-testid='frontdesk-admin-created'
            data-id={connection.id}
        >
            <h4 style={styles.panelTitle}>
                <FormattedMessage
                    {...msg('frontdesk.admin.createdTitle')}
                    values={{name: connection.name}}
                />
            </h4>
            {connection.warning && (
                <p
                    role='status'
                    style={styles.warning}
                    data-testid='frontdesk-admin-warning'
                >
                    <FormattedMessage
                        {...msg('frontdesk.admin.warning')}
                        values={{warning: connection.warning}}
                    />
                </p>
            )}
            {connection.webhook_url && (
                <CopyField
                    label='frontdesk.admin.webhookURL'
                    value={connection.webhook_url}
                    testId='frontdesk-admin-webhook-url'
                />
            )}
            {connection.verify_token && connection.kind !== 'sms' && (
                <CopyField
                    label='frontdesk.admin.verifyToken'
                    value={connection.verify_token}
                    testId='frontdesk-admin-verify-token'
                />
            )}
            <p style={styles.muted}>
                <FormattedMessage {...msg('frontdesk.admin.stepsTitle')}/>
            </p>
            <SetupSteps kind={connection.kind}/>
            <div style={styles.actions}>
                <button
                    type='button'
                    className='btn btn-tertiary'
                    data-testid='frontdesk-admin-created-close'
                    onClick={onClose}
                >
                    <FormattedMessage {...msg('frontdesk.admin.done')}/>
                </button>
            </div>
        </section>
    );
}
