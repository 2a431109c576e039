// Add connection: the provider, its credential fields, the channel (an existing one or a new
// private one, created first), and under Advanced the API base URL. The server's refusal keeps
// the form open with what was typed.
import React, {useId, useState, type FormEvent} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {createConnection, createPrivateChannel} from '../../client/admin_api';
import type {AdminConnection, KindSpec} from '../../client/admin_types';
import {baseURL, type SiteState} from '../../client/base_url';
import {msg} from '../../i18n';
import {asError} from '../clients/use_client_card';
import {ErrorAlert} from '../error_text';
import {kindLabels} from '../kind_labels';

import {styles} from './admin_styles';
import ChannelPicker from './channel_picker';
import {canCreate, channelSlug, createBody, emptyAddForm, type AddForm} from './connection_form';
import CredentialFields from './credential_fields';
import FormButtons from './form_buttons';

type Props = {
    kinds: KindSpec[];
    onCreated: (c: AdminConnection) => void;
    onCancel: () => void;
};

export default function AddConnection({kinds, onCreated, onCancel}: Props) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const id = useId();
    const intl = useIntl();
    const [form, setForm] = useState<AddForm>(emptyAddForm);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const spec = kinds.find((k) => k.kind === form.kind);

    const submit = async (e: FormEvent) => {
        e.preventDefault();
        if (!spec || !canCreate(form, spec) || busy) {
            return;
        }
        setBusy(true);
        setError(null);
        try {
            let channelId = form.channel.mode === 'existing' ? form.channel.channelId : '';
            if (form.channel.mode === 'new') {
                const created = await createPrivateChannel(base, form.channel.teamId, channelSlug(form.channel.displayName), form.channel.displayName.trim());

                // Once made, the channel is the one to use: a retry after a refused connection
                // must not create a second channel.
                channelId = created.id;
                setForm((f) => ({...f, channel: {mode: 'existing', teamId: created.team_id, channelId: created.id}}));
            }
            onCreated(await createConnection(base, createBody(form, spec, channelId)));
        } catch (err) {
            setError(asError(err));
        } finally {
            setBusy(false);
        }
    };

    return (
        <form
            data-testid='frontdesk-admin-add-form'
            style={{...styles.panel, ...styles.form}}
            onSubmit={submit}
        >
            <h4 style={styles.panelTitle}>
                <FormattedMessage {...msg('frontdesk.admin.addTitle')}/>
            </h4>
            <label
                htmlFor={`${id}-kind`}
                style={styles.label}
            >
                <FormattedMessage {...msg('frontdesk.admin.provider')}/>
                <select
                    id={`${id}-kind`}
                    data-testid='frontdesk-admin-kind'
                    value={form.kind}
                    style={styles.input}
                    onChange={(e) => setForm({...form, kind: e.target.value as AddForm['kind'], values: {}})}
                >
                    <option value=''>{'—'}</option>
                    {kinds.map((k) => (
                        <option
                            key={k.kind}
                            value={k.kind}
                        >
                            {kindLabels[k.kind] ? intl.formatMessage(msg(kindLabels[k.kind])) : k.name}
                        </option>
                    ))}
                </select>
            </label>
            {spec && (
                <>
                    <label
                        htmlFor={`${id}-name`}
                        style={styles.label}
                    >
                        <span>
                            <FormattedMessage {...msg('frontdesk.admin.name')}/>
                            <span style={styles.required}>{' *'}</span>
                        </span>
                        <input
                            id={`${id}-name`}
                            data-testid='frontdesk-admin-name'
                            value={form.name}
                            required={true}
                            style={styles.input}
                            onChange={(e) => setForm({...form, name: e.target.value})}
                        />
                        <span style={styles.hint}>
                            <FormattedMessage {...msg('frontdesk.admin.nameHint')}/>
                        </span>
                    </label>
                    <CredentialFields
                        fields={spec.fields}
                        values={form.values}
                        onChange={(values) => setForm({...form, values})}
                    />
                    <ChannelPicker
                        value={form.channel}
                        onChange={(channel) => setForm({...form, channel})}
                    />
                    <details style={styles.details}>
                        <summary
                            style={styles.summary}
                            data-testid='frontdesk-admin-advanced'
                        >
                            <FormattedMessage {...msg('frontdesk.admin.advanced')}/>
                        </summary>
                        <label
                            htmlFor={`${id}-base`}
                            style={{...styles.label, marginTop: '6px'}}
                        >
                            <FormattedMessage {...msg('frontdesk.admin.apiBaseURL')}/>
                            <input
                                id={`${id}-base`}
                                data-testid='frontdesk-admin-api-base-url'
                                value={form.apiBaseURL}
                                placeholder='https://'
                                style={styles.input}
                                onChange={(e) => setForm({...form, apiBaseURL: e.target.value})}
                            />
                            <span style={styles.hint}>
                                <FormattedMessage {...msg('frontdesk.admin.apiBaseURLHint')}/>
                            </span>
                        </label>
                    </details>
                </>
            )}
            {error && (
                <ErrorAlert
                    error={error}
                    message='frontdesk.admin.failed'
                    testId='frontdesk-admin-add-error'
                    style={styles.error}
                />
            )}
            <FormButtons
                label='frontdesk.admin.create'
                testId='frontdesk-admin-create'
                disabled={!canCreate(form, spec) || busy}
                onCancel={onCancel}
                small={false}
            />
        </form>
    );
}
