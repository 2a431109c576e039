// Where a connection's chats go: an existing public or private channel of a team, or a new
// private channel in a team (created when the form is sent). Teams and channels come from
// Mattermost's own REST API with the admin's session; direct and group messages are never offered.
import React, {useEffect, useId, useState} from 'react';
import {FormattedMessage} from 'react-intl';
import {useSelector} from 'react-redux';

import {listTeamChannels, listTeams} from '../../client/admin_api';
import type {MattermostChannel, MattermostTeam} from '../../client/admin_types';
import {baseURL, type SiteState} from '../../client/base_url';
import {msg} from '../../i18n';
import {asError} from '../clients/use_client_card';
import {ErrorAlert} from '../error_text';

import {styles} from './admin_styles';
import {selectableChannels, type ChannelChoice} from './connection_form';

type Props = {
    value: ChannelChoice;
    onChange: (choice: ChannelChoice) => void;
};

export default function ChannelPicker({value, onChange}: Props) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const id = useId();
    const [teams, setTeams] = useState<MattermostTeam[] | null>(null);
    const [channels, setChannels] = useState<MattermostChannel[] | null>(null);
    const [error, setError] = useState<Error | null>(null);

    useEffect(() => {
        const abort = new AbortController();
        listTeams(base, abort.signal).then(
            (list) => setTeams(list.filter((t) => !t.delete_at).sort((a, b) => a.display_name.localeCompare(b.display_name))),
            (err: unknown) => !abort.signal.aborted && setError(asError(err)),
        );
        return () => abort.abort();
    }, [base]);

    const teamId = value.teamId;
    useEffect(() => {
        setChannels(null);
        if (!teamId) {
            return undefined;
        }
        const abort = new AbortController();
        listTeamChannels(base, teamId, abort.signal).then(
            (list) => setChannels(selectableChannels(list)),
            (err: unknown) => !abort.signal.aborted && setError(asError(err)),
        );
        return () => abort.abort();
    }, [base, teamId]);

    const setMode = (mode: ChannelChoice['mode']) => onChange(mode === 'new' ? {mode, teamId, displayName: ''} : {mode, teamId, channelId: ''});

    return (
        <fieldset
            style={{...styles.form, border: 0, padding: 0, margin: 0}}
            data-testid='frontdesk-admin-channel'
        >
            <legend style={{...styles.label, marginBottom: '4px'}}>
                <FormattedMessage {...msg('frontdesk.admin.channel')}/>
            </legend>
            <div style={styles.radios}>
                <label>
                    <input
                        type='radio'
                        name={`${id}-mode`}
                        data-testid='frontdesk-admin-channel-existing'
                        checked={value.mode === 'existing'}
                        onChange={() => setMode('existing')}
                    />
                    {' '}
                    <FormattedMessage {...msg('frontdesk.admin.channelExisting')}/>
                </label>
                <label>
                    <input
                        type='radio'
                        name={`${id}-mode`}
                        data-testid='frontdesk-admin-channel-new'
                        checked={value.mode === 'new'}
                        onChange={() => setMode('new')}
                    />
                    {' '}
                    <FormattedMessage {...msg('frontdesk.admin.channelNew')}/>
                </label>
            </div>
            <label
                htmlFor={`${id}-team`}
                style={styles.label}
            >
                <FormattedMessage {...msg('frontdesk.admin.team')}/>
                <select
                    id={`${id}-team`}
                    data-testid='frontdesk-admin-team'
                    value={teamId}
                    style={styles.input}
                    onChange={(e) => onChange(value.mode === 'new' ? {...value, teamId: e.target.value} : {mode: 'existing', teamId: e.target.value, channelId: ''})}
                >
                    <option value=''>{teams ? '—' : '…'}</option>
                    {teams?.map((t) => (
                        <option
                            key={t.id}
                            value={t.id}
                        >
                            {t.display_name || t.name}
                        </option>
                    ))}
                </select>
            </label>
            {value.mode === 'existing' ? (
                <label
                    htmlFor={`${id}-channel`}
                    style={styles.label}
                >
                    <FormattedMessage {...msg('frontdesk.admin.channelPick')}/>
                    <select
                        id={`${id}-channel`}
                        data-testid='frontdesk-admin-channel-select'
                        value={value.channelId}
                        disabled={!teamId}
                        style={styles.input}
                        onChange={(e) => onChange({...value, channelId: e.target.value})}
                    >
                        <option value=''>{teamId && !channels ? '…' : '—'}</option>
                        {channels?.map((c) => (
                            <option
                                key={c.id}
                                value={c.id}
                            >
                                {`${c.type === 'P' ? '🔒 ' : '# '}${c.display_name || c.name}`}
                            </option>
                        ))}
                    </select>
                    {value.channelId && channels?.find((c) => c.id === value.channelId)?.type === 'O' && (
                        <span
                            style={styles.hint}
                            data-testid='frontdesk-admin-public-hint'
                        >
                            <FormattedMessage {...msg('frontdesk.admin.publicChannel')}/>
                        </span>
                    )}
                </label>
            ) : (
                <label
                    htmlFor={`${id}-new`}
                    style={styles.label}
                >
                    <FormattedMessage {...msg('frontdesk.admin.channelNewName')}/>
                    <input
                        id={`${id}-new`}
                        data-testid='frontdesk-admin-channel-name'
                        value={value.displayName}
                        style={styles.input}
                        onChange={(e) => onChange({...value, displayName: e.target.value})}
                    />
                </label>
            )}
            {error && (
                <ErrorAlert
                    error={error}
                    message='frontdesk.admin.channelsError'
                    style={styles.error}
                />
            )}
        </fieldset>
    );
}
