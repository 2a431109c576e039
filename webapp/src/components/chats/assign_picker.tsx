// "Assign…": find a teammate by name and give them the chat. The server checks that they may use
// the chat's channel and answers why not otherwise.
import React, {useEffect, useState} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {searchUsers} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {MattermostUser} from '../../client/types';
import {msg} from '../../i18n';

import {SEARCH_DELAY_MS} from './chat_filters';

type TeamIdState = SiteState & {entities: {teams?: {currentTeamId?: string}}};

export default function AssignPicker({onPick, onCancel}: {onPick: (userId: string) => void; onCancel: () => void}) {
    const intl = useIntl();
    const base = useSelector((state: SiteState) => baseURL(state));
    const teamId = useSelector((state: TeamIdState) => state.entities.teams?.currentTeamId ?? '');
    const [term, setTerm] = useState('');
    const [users, setUsers] = useState<MattermostUser[]>([]);

    useEffect(() => {
        const abort = new AbortController();
        const timer = setTimeout(() => {
            searchUsers(base, term.replace(/^@/, ''), teamId, abort.signal).then(setUsers, () => undefined);
        }, term ? SEARCH_DELAY_MS : 0);
        return () => {
            clearTimeout(timer);
            abort.abort();
        };
    }, [base, term, teamId]);

    return (
        <div
            data-testid='frontdesk-assign-picker'
            style={styles.wrap}
        >
            <input
                type='search'
                data-testid='frontdesk-assign-search'
                aria-label={intl.formatMessage(msg('frontdesk.assign.search'))}
                placeholder={intl.formatMessage(msg('frontdesk.assign.search'))}
                value={term}
                autoFocus={true}
                style={styles.input}
                onChange={(e) => setTerm(e.target.value)}
                onKeyDown={(e) => {
                    if (e.key === 'Escape') {
                        onCancel();
                    }
                }}
            />
            <ul style={styles.list}>
                {users.map((u) => (
                    <li key={u.id}>
                        <button
                            type='button'
                            className='btn btn-link btn-xs'
                            data-testid='frontdesk-assign-user'
                            data-username={u.username}
                            onClick={() => onPick(u.id)}
                        >
                            {`@${u.username}${[u.first_name, u.last_name].filter(Boolean).length ? ` · ${[u.first_name, u.last_name].filter(Boolean).join(' ')}` : ''}`}
                        </button>
                    </li>
                ))}
            </ul>
            <button
                type='button'
                className='btn btn-tertiary btn-xs'
                data-testid='frontdesk-assign-cancel'
                onClick={onCancel}
            >
                <FormattedMessage {...msg('frontdesk.client.cancel')}/>
            </button>
        </div>
    );
}

const styles = {
    wrap: {flex: '1 0 100%', display: 'flex', flexDirection: 'column', gap: '4px'},
    input: {
        padding: '4px 6px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        borderRadius: '4px',
        background: 'var(--center-channel-bg)',
        color: 'inherit',
        font: 'inherit',
    },
    list: {listStyle: 'none', margin: 0, padding: 0, maxHeight: '160px', overflowY: 'auto'},
} as const;
