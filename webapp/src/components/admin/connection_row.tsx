// One connection in the System Console list: provider, name, channel and team, status, last
// message; and what an admin does with it: Test, Reconnect, Edit, Delete.
import React, {useEffect, useRef, useState, type FormEvent} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {createPrivateChannel, deleteConnection, testConnection, updateConnection} from '../../client/admin_api';
import type {AdminConnection, KindSpec, TestResult} from '../../client/admin_types';
import {baseURL, type SiteState} from '../../client/base_url';
import {msg, type MessageId} from '../../i18n';
import {asError} from '../clients/use_client_card';
import {ErrorAlert} from '../error_text';
import {kindLabels} from '../kind_labels';

import {styles} from './admin_styles';
import ChannelPicker from './channel_picker';
import {
    channelReady,
    channelSlug,
    missingForReconnect,
    reconnectCredentials,
    reconnectValues,
    statusOf,
    type ChannelChoice,
} from './connection_form';
import CopyField from './copy_field';
import CredentialFields from './credential_fields';
import FormButtons from './form_buttons';
import SetupSteps from './setup_steps';

export type ChannelLabel = {channel: string; team: string};

type Mode = 'none' | 'reconnect' | 'edit' | 'delete' | 'details';

// The panels a row opens, in the order of their buttons.
const rowModes = ['reconnect', 'edit', 'details', 'delete'] as const;

type Props = {
    connection: AdminConnection;
    spec?: KindSpec;
    channel?: ChannelLabel;

    // The reconnect link named this connection: open its Reconnect form and scroll to it.
    focused: boolean;
    onChanged: (c: AdminConnection) => void;
    onDeleted: (id: string) => void;
    onReload: () => void;
};

export default function ConnectionRow({connection: c, spec, channel, focused, onChanged, onDeleted, onReload}: Props) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const intl = useIntl();
    const [mode, setMode] = useState<Mode>(focused ? 'reconnect' : 'none');
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const [test, setTest] = useState<TestResult | null>(null);
    const [notice, setNotice] = useState<AdminConnection | null>(null);
    const [done, setDone] = useState<MessageId | null>(null);
    const ref = useRef<HTMLLIElement>(null);

    useEffect(() => {
        if (focused) {
            setMode('reconnect');
            ref.current?.scrollIntoView({block: 'start'});
        }
    }, [focused]);

    const status = statusOf(c);
    const time = (ms: number) => intl.formatDate(ms, {dateStyle: 'medium', timeStyle: 'short'});

    const run = async (work: () => Promise<void>) => {
        setBusy(true);
        setError(null);
        try {
            await work();
        } catch (err) {
            setError(asError(err));
        } finally {
            setBusy(false);
        }
    };
    // Opening a panel clears what the last action said (an old test result read as an answer to it).
    const open = (next: Mode) => {
        setError(null);
        setNotice(null);
        setDone(null);
        setTest(null);
        setMode(mode === next ? 'none' : next);
    };

    const onTest = () => run(async () => {
        setTest(null);
        setDone(null);
        setTest(await testConnection(base, c.id));

        // A failed check may have marked the connection as out of sync, a passing one cleared it.
        onReload();
    });

    return (
        <li
            ref={ref}
            style={styles.row}
            data-testid='frontdesk-admin-connection'
            data-id={c.id}
            data-status={status.state}
        >
            <div style={styles.rowHead}>
                <span style={styles.kind}>
                    {kindLabels[c.kind] ? <FormattedMessage {...msg(kindLabels[c.kind])}/> : c.kind}
                </span>
                <span
                    style={styles.name}
                    data-testid='frontdesk-admin-connection-name'
                >
                    {c.name}
                </span>
                {c.account_name && <span style={styles.muted}>{c.account_name}</span>}
            </div>
            <dl style={styles.facts}>
                <dt style={styles.term}><FormattedMessage {...msg('frontdesk.admin.channelColumn')}/></dt>
                <dd
                    style={styles.definition}
                    data-testid='frontdesk-admin-connection-channel'
                >
                    {channel ? (
                        <FormattedMessage
                            {...msg('frontdesk.admin.channelInTeam')}
                            values={{channel: channel.channel, team: channel.team}}
                        />
                    ) : c.channel_id}
                </dd>
                <dt style={styles.term}><FormattedMessage {...msg('frontdesk.admin.statusColumn')}/></dt>
                <dd
                    style={styles.definition}
                    data-testid='frontdesk-admin-connection-status'
                >
                    {status.state === 'active' && <span style={styles.active}><FormattedMessage {...msg('frontdesk.admin.statusActive')}/></span>}
                    {status.state === 'lost' && (
                        <span style={styles.lost}>
                            <FormattedMessage
                                {...msg(status.since ? 'frontdesk.admin.statusLost' : 'frontdesk.admin.statusLostNoTime')}
                                values={{time: status.since ? time(status.since) : '', reason: status.reason || '—'}}
                            />
                        </span>
                    )}
                </dd>
                <dt style={styles.term}><FormattedMessage {...msg('frontdesk.admin.lastMessageColumn')}/></dt>
                <dd
                    style={styles.definition}
                    data-testid='frontdesk-admin-connection-last'
                >
                    {c.last_message_at ? time(c.last_message_at) : <FormattedMessage {...msg('frontdesk.admin.noMessages')}/>}
                </dd>
            </dl>
            <div style={styles.actions}>
                <button
                    type='button'
                    className='btn btn-tertiary btn-sm'
                    data-testid='frontdesk-admin-test'
                    disabled={busy}
                    onClick={onTest}
                >
                    <FormattedMessage {...msg('frontdesk.admin.test')}/>
                </button>
                {rowModes.map((m) => (
                    <button
                        key={m}
                        type='button'
                        className='btn btn-tertiary btn-sm'
                        data-testid={`frontdesk-admin-${m}`}
                        aria-expanded={mode === m}
                        onClick={() => open(m)}
                    >
                        <FormattedMessage {...msg(`frontdesk.admin.${m}`)}/>
                    </button>
                ))}
            </div>
            {test && (
                <p
                    role='status'
                    data-testid='frontdesk-admin-test-result'
                    data-ok={String(test.ok)}
                    style={test.ok ? styles.success : styles.error}
                >
                    {test.ok ? <FormattedMessage {...msg('frontdesk.admin.testOk')}/> : (
                        <FormattedMessage
                            {...msg('frontdesk.admin.testFailed')}
                            values={{reason: test.reason || '—', class: test.class, code: String(test.code ?? '')}}
                        />
                    )}
                </p>
            )}
            {done && (
                <p
                    role='status'
                    style={styles.success}
                    data-testid='frontdesk-admin-done'
                >
                    <FormattedMessage {...msg(done)}/>
                </p>
            )}
            {notice?.warning && (
                <p
                    role='status'
                    style={styles.warning}
                    data-testid='frontdesk-admin-warning'
                >
                    <FormattedMessage
                        {...msg('frontdesk.admin.warning')}
                        values={{warning: notice.warning}}
                    />
                </p>
            )}
            {mode === 'reconnect' && spec && (
                <ReconnectForm
                    connection={c}
                    spec={spec}
                    busy={busy}
                    onCancel={() => setMode('none')}
                    onSubmit={(credentials) => run(async () => {
                        const saved = await updateConnection(base, c.id, {credentials});
                        setMode('none');
                        setTest(null);
                        setNotice(saved);
                        setDone('frontdesk.admin.reconnected');
                        onChanged(saved);
                    })}
                />
            )}
            {mode === 'edit' && (
                <EditForm
                    connection={c}
                    busy={busy}
                    onCancel={() => setMode('none')}
                    onSubmit={(name, choice) => run(async () => {
                        const patch: {name?: string; channel_id?: string} = {};
                        if (name !== c.name) {
                            patch.name = name;
                        }
                        if (choice.mode === 'existing' && choice.channelId && choice.channelId !== c.channel_id) {
                            patch.channel_id = choice.channelId;
                        }
                        if (choice.mode === 'new') {
                            const created = await createPrivateChannel(base, choice.teamId, channelSlug(choice.displayName), choice.displayName.trim());
                            patch.channel_id = created.id;
                        }
                        const saved = await updateConnection(base, c.id, patch);
                        setMode('none');
                        setNotice(saved);
                        setDone('frontdesk.admin.saved');
                        onChanged(saved);
                    })}
                />
            )}
            {mode === 'details' && (
                <div style={styles.form}>
                    {c.webhook_url && (
                        <CopyField
                            label='frontdesk.admin.webhookURL'
                            value={c.webhook_url}
                            testId='frontdesk-admin-webhook-url'
                        />
                    )}
                    {c.verify_token && c.kind !== 'sms' && (
                        <CopyField
                            label='frontdesk.admin.verifyToken'
                            value={c.verify_token}
                            testId='frontdesk-admin-verify-token'
                        />
                    )}
                    <SetupSteps kind={c.kind}/>
                </div>
            )}
            {mode === 'delete' && (
                <div
                    role='alertdialog'
                    style={{...styles.panel, ...styles.form}}
                    data-testid='frontdesk-admin-delete-confirm'
                >
                    <p style={{margin: 0}}>
                        <FormattedMessage
                            {...msg('frontdesk.admin.deleteConfirm')}
                            values={{name: c.name}}
                        />
                    </p>
                    <div style={styles.actions}>
                        <button
                            type='button'
                            className='btn btn-danger btn-sm'
                            data-testid='frontdesk-admin-delete-yes'
                            disabled={busy}
                            onClick={() => run(async () => {
                                await deleteConnection(base, c.id);
                                onDeleted(c.id);
                            })}
                        >
                            <FormattedMessage {...msg('frontdesk.admin.deleteYes')}/>
                        </button>
                        <button
                            type='button'
                            className='btn btn-tertiary btn-sm'
                            onClick={() => setMode('none')}
                        >
                            <FormattedMessage {...msg('frontdesk.admin.cancel')}/>
                        </button>
                    </div>
                </div>
            )}
            {error && (
                <ErrorAlert
                    error={error}
                    message='frontdesk.admin.failed'
                    testId='frontdesk-admin-row-error'
                    style={styles.error}
                />
            )}
        </li>
    );
}

type ReconnectProps = {
    connection: AdminConnection;
    spec: KindSpec;
    busy: boolean;
    onCancel: () => void;
    onSubmit: (credentials: Record<string, string>) => void;
};

// ReconnectForm asks for the credentials again: non-secret values come prefilled, a secret left
// blank keeps the stored one. Saving registers the webhook again, clears lost sync and sends
// what waited.
function ReconnectForm({connection, spec, busy, onCancel, onSubmit}: ReconnectProps) {
    const [values, setValues] = useState(() => reconnectValues(spec.fields, connection.credentials));
    const ready = missingForReconnect(spec.fields, values).length === 0;
    const submit = (e: FormEvent) => {
        e.preventDefault();
        if (ready && !busy) {
            onSubmit(reconnectCredentials(spec.fields, values));
        }
    };
    return (
        <form
            data-testid='frontdesk-admin-reconnect-form'
            style={{...styles.panel, ...styles.form}}
            onSubmit={submit}
        >
            <h4 style={styles.panelTitle}>
                <FormattedMessage
                    {...msg('frontdesk.admin.reconnectTitle')}
                    values={{name: connection.name}}
                />
            </h4>
            <p style={styles.muted}>
                <FormattedMessage {...msg('frontdesk.admin.reconnectHint')}/>
            </p>
            <CredentialFields
                fields={spec.fields}
                values={values}
                onChange={setValues}
                keepSecrets={true}
            />
            <FormButtons
                label='frontdesk.admin.reconnectSave'
                testId='frontdesk-admin-reconnect-save'
                disabled={!ready || busy}
                onCancel={onCancel}
            />
        </form>
    );
}

type EditProps = {
    connection: AdminConnection;
    busy: boolean;
    onCancel: () => void;
    onSubmit: (name: string, channel: ChannelChoice) => void;
};

// EditForm changes the name and, when another channel is picked, the channel.
function EditForm({connection, busy, onCancel, onSubmit}: EditProps) {
    const [name, setName] = useState(connection.name);
    const [channel, setChannel] = useState<ChannelChoice>({mode: 'existing', teamId: '', channelId: ''});
    const channelChosen = channel.mode === 'new' || channel.channelId !== '';
    const ready = name.trim() !== '' && (!channelChosen || channelReady(channel));
    const submit = (e: FormEvent) => {
        e.preventDefault();
        if (ready && !busy) {
            onSubmit(name.trim(), channel);
        }
    };
    return (
        <form
            data-testid='frontdesk-admin-edit-form'
            style={{...styles.panel, ...styles.form}}
            onSubmit={submit}
        >
            <h4 style={styles.panelTitle}>
                <FormattedMessage
                    {...msg('frontdesk.admin.editTitle')}
                    values={{name: connection.name}}
                />
            </h4>
            <label style={styles.label}>
                <FormattedMessage {...msg('frontdesk.admin.name')}/>
                <input
                    data-testid='frontdesk-admin-edit-name'
                    value={name}
                    style={styles.input}
                    onChange={(e) => setName(e.target.value)}
                />
            </label>
            <p style={styles.muted}>
                <FormattedMessage {...msg('frontdesk.admin.editChannelHint')}/>
            </p>
            <ChannelPicker
                value={channel}
                onChange={setChannel}
            />
            <FormButtons
                label='frontdesk.admin.save'
                testId='frontdesk-admin-edit-save'
                disabled={!ready || busy}
                onCancel={onCancel}
            />
        </form>
    );
}
