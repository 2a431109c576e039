// The linked client's contacts, edited in place. Only the fields that changed are sent, so an
// edit here does not overwrite what someone changed meanwhile in another field or the helpdesk.
import React, {useEffect, useId, useRef, useState} from 'react';
import {FormattedMessage} from 'react-intl';
import {useSelector} from 'react-redux';

import {updateClient} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Client, ClientPatch} from '../../client/types';
import {msg, type MessageId} from '../../i18n';

import CardForm from './card_form';
import {styles} from './card_styles';
import {asError} from './use_client_card';

type Fields = {name: string; phones: string; emails: string; address: string; notes: string};

const fieldLabels: Record<keyof Fields, MessageId> = {
    name: 'frontdesk.client.form.name',
    phones: 'frontdesk.client.form.phones',
    emails: 'frontdesk.client.form.emails',
    address: 'frontdesk.client.form.address',
    notes: 'frontdesk.client.form.notes',
};

// splitList reads phones or emails written one per line or separated by commas.
export function splitList(text: string): string[] {
    return text.split(/[\n,]/).map((v) => v.trim()).filter(Boolean);
}

function sameList(a: string[], b: string[]): boolean {
    return a.length === b.length && a.every((v, i) => v === b[i]);
}

// changes is what the form changed, compared with the client as loaded.
export function changes(client: Client, fields: Fields): ClientPatch {
    const patch: ClientPatch = {};
    if (fields.name.trim() !== client.name) {
        patch.name = fields.name.trim();
    }
    const phones = splitList(fields.phones);
    if (!sameList(phones, client.phones ?? [])) {
        patch.phones = phones;
    }
    const emails = splitList(fields.emails);
    if (!sameList(emails, client.emails ?? [])) {
        patch.emails = emails;
    }
    if (fields.address.trim() !== client.address) {
        patch.address = fields.address.trim();
    }
    if (fields.notes.trim() !== client.notes) {
        patch.notes = fields.notes.trim();
    }
    return patch;
}

export default function EditClientForm({client, onCancel, onSaved}: {client: Client; onCancel: () => void; onSaved: (client: Client) => void}) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const idPrefix = useId();
    const first = useRef<HTMLInputElement>(null);
    const [fields, setFields] = useState<Fields>({
        name: client.name,
        phones: (client.phones ?? []).join('\n'),
        emails: (client.emails ?? []).join('\n'),
        address: client.address,
        notes: client.notes,
    });
    const [saving, setSaving] = useState(false);
    const [error, setError] = useState<Error | null>(null);

    useEffect(() => {
        first.current?.focus();
    }, []);

    const submit = (e: React.FormEvent) => {
        e.preventDefault();
        const patch = changes(client, fields);
        if (Object.keys(patch).length === 0) {
            onCancel();
            return;
        }
        setSaving(true);
        setError(null);
        updateClient(base, client.id, patch).then(
            onSaved,
            (err: unknown) => {
                setSaving(false);
                setError(asError(err));
            },
        );
    };

    const field = (name: keyof Fields) => {
        const inputId = `${idPrefix}-${name}`;
        const props = {
            id: inputId,
            'data-testid': `frontdesk-client-edit-${name}`,
            value: fields[name],
            style: styles.input,
            onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setFields((f) => ({...f, [name]: e.target.value})),
        };
        return (
            <label
                key={name}
                htmlFor={inputId}
                style={styles.label}
            >
                <FormattedMessage {...msg(fieldLabels[name])}/>
                {name === 'name' || name === 'address' ? (
                    <input
                        ref={name === 'name' ? first : undefined}
                        type='text'
                        required={name === 'name'}
                        {...props}
                    />
                ) : (
                    <textarea
                        rows={2}
                        {...props}
                    />
                )}
            </label>
        );
    };

    return (
        <CardForm
            testId='frontdesk-client-edit-form'
            errorTestId='frontdesk-client-edit-error'
            submitTestId='frontdesk-client-edit-save'
            cancelTestId='frontdesk-client-edit-cancel'
            heading={'frontdesk.client.editHeading'}
            submitLabel={saving ? 'frontdesk.client.saving' : 'frontdesk.client.form.save'}
            canSubmit={!saving && Boolean(fields.name.trim())}
            error={error}
            onSubmit={submit}
            onCancel={onCancel}
        >
            {(['name', 'phones', 'emails', 'address', 'notes'] as const).map(field)}
        </CardForm>
    );
}
