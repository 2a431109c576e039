// The credential inputs GET /kinds describes for a provider: secrets as password inputs,
// required ones marked; on a reconnect a blank secret keeps the stored one.
import React, {useId} from 'react';
import {FormattedMessage} from 'react-intl';

import type {CredentialField} from '../../client/admin_types';
import {msg} from '../../i18n';

import {styles} from './admin_styles';

type Props = {
    fields: CredentialField[];
    values: Record<string, string>;
    onChange: (values: Record<string, string>) => void;
    keepSecrets?: boolean;
};

export default function CredentialFields({fields, values, onChange, keepSecrets}: Props) {
    const idPrefix = useId();
    return (
        <>
            {fields.map((f) => (
                <label
                    key={f.name}
                    htmlFor={`${idPrefix}-${f.name}`}
                    style={styles.label}
                >
                    <span>
                        {f.label}
                        {f.required && (!f.secret || !keepSecrets) && (
                            <span
                                style={styles.required}
                                title='required'
                            >
                                {' *'}
                            </span>
                        )}
                    </span>
                    <input
                        id={`${idPrefix}-${f.name}`}
                        name={f.name}
                        data-testid={`frontdesk-admin-field-${f.name}`}
                        type={f.secret ? 'password' : 'text'}
                        autoComplete={f.secret ? 'new-password' : 'off'}
                        required={f.required && (!f.secret || !keepSecrets)}
                        value={values[f.name] ?? ''}
                        style={styles.input}
                        onChange={(e) => onChange({...values, [f.name]: e.target.value})}
                    />
                    {f.secret && keepSecrets && (
                        <span style={styles.hint}>
                            <FormattedMessage {...msg('frontdesk.admin.keepSecret')}/>
                        </span>
                    )}
                </label>
            ))}
        </>
    );
}
