// A System Console form's submit button and its Cancel.
import React from 'react';
import {FormattedMessage} from 'react-intl';

import {msg, type MessageId} from '../../i18n';

import {styles} from './admin_styles';

type Props = {
    label: MessageId;
    testId: string;
    disabled: boolean;
    onCancel: () => void;
    small?: boolean;
};

export default function FormButtons({label, testId, disabled, onCancel, small = true}: Props) {
    const size = small ? ' btn-sm' : '';
    return (
        <div style={styles.actions}>
            <button
                type='submit'
                className={`btn btn-primary${size}`}
                data-testid={testId}
                disabled={disabled}
            >
                <FormattedMessage {...msg(label)}/>
            </button>
            <button
                type='button'
                className={`btn btn-tertiary${size}`}
                onClick={onCancel}
            >
                <FormattedMessage {...msg('frontdesk.admin.cancel')}/>
            </button>
        </div>
    );
}
