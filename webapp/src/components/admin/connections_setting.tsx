// The Frontdesk section of the plugin's System Console page, registered as the admin-console
// custom setting "Connections": the connections, Add connection, and the audit trail. It saves
// through the plugin's API as the admin acts, so it never marks the page's Save button as needed.
import React, {useCallback, useEffect, useState} from 'react';
import {FormattedMessage} from 'react-intl';
import {useSelector} from 'react-redux';

import {getKinds, listAdminConnections} from '../../client/admin_api';
import type {AdminConnection, KindSpec} from '../../client/admin_types';
import {baseURL, type SiteState} from '../../client/base_url';
import {msg} from '../../i18n';
import type {AdminConsoleSettingProps} from '../../types/mattermost-webapp';
import {asError} from '../clients/use_client_card';
import {ErrorAlert} from '../error_text';

import AddConnection from './add_connection';
import {styles} from './admin_styles';
import AuditTrail from './audit_trail';
import {connectionFromQuery} from './connection_form';
import ConnectionRow from './connection_row';
import CreatedConnection from './created_connection';
import {useChannelLabels} from './use_channel_labels';

export default function ConnectionsSetting(props: Partial<AdminConsoleSettingProps>) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const [connections, setConnections] = useState<AdminConnection[] | null>(null);
    const [kinds, setKinds] = useState<KindSpec[]>([]);
    const [error, setError] = useState<Error | null>(null);
    const [adding, setAdding] = useState(false);
    const [created, setCreated] = useState<AdminConnection | null>(null);
    const [version, setVersion] = useState(0);
    const [focusId] = useState(() => connectionFromQuery(window.location.search));
    const labels = useChannelLabels(connections);

    const reload = useCallback(() => setVersion((v) => v + 1), []);

    useEffect(() => {
        const abort = new AbortController();
        Promise.all([listAdminConnections(base, abort.signal), getKinds(base, abort.signal)]).then(
            ([list, specs]) => {
                setConnections(list);
                setKinds(specs);
                setError(null);
            },
            (err: unknown) => !abort.signal.aborted && setError(asError(err)),
        );
        return () => abort.abort();
    }, [base, version]);

    const changed = (c: AdminConnection) => {
        setConnections((list) => (list ?? []).map((x) => (x.id === c.id ? {...x, ...c} : x)));
        reload();
    };

    return (
        <section
            style={styles.section}
            data-testid='frontdesk-admin'
            data-setting-id={props.id}
        >
            <h3 style={styles.title}>
                <FormattedMessage {...msg('frontdesk.admin.title')}/>
            </h3>
            <p style={styles.intro}>
                <FormattedMessage {...msg('frontdesk.admin.intro')}/>
            </p>
            {error && (
                <ErrorAlert
                    error={error}
                    message='frontdesk.admin.loadError'
                    testId='frontdesk-admin-error'
                    style={styles.error}
                />
            )}
            {!adding && !props.disabled && (
                <div style={styles.toolbar}>
                    <button
                        type='button'
                        className='btn btn-primary'
                        data-testid='frontdesk-admin-add'
                        disabled={kinds.length === 0}
                        onClick={() => {
                            setCreated(null);
                            setAdding(true);
                        }}
                    >
                        <FormattedMessage {...msg('frontdesk.admin.add')}/>
                    </button>
                </div>
            )}
            {adding && (
                <AddConnection
                    kinds={kinds}
                    onCancel={() => setAdding(false)}
                    onCreated={(c) => {
                        setAdding(false);
                        setCreated(c);
                        setConnections((list) => [...(list ?? []).filter((x) => x.id !== c.id), c]);
                        reload();
                    }}
                />
            )}
            {created && (
                <CreatedConnection
                    connection={created}
                    onClose={() => setCreated(null)}
                />
            )}
            {connections === null && !error && (
                <p style={styles.muted}>
                    <FormattedMessage {...msg('frontdesk.admin.loading')}/>
                </p>
            )}
            {connections?.length === 0 && !adding && (
                <p
                    style={styles.muted}
                    data-testid='frontdesk-admin-empty'
                >
                    <FormattedMessage {...msg('frontdesk.admin.empty')}/>
                </p>
            )}
            {connections && connections.length > 0 && (
                <ul
                    style={styles.list}
                    data-testid='frontdesk-admin-connections'
                >
                    {connections.map((c) => (
                        <ConnectionRow
                            key={c.id}
                            connection={c}
                            spec={kinds.find((k) => k.kind === c.kind)}
                            channel={labels[c.id]}
                            focused={c.id === focusId}
                            onChanged={changed}
                            onDeleted={(id) => {
                                setConnections((list) => (list ?? []).filter((x) => x.id !== id));
                                reload();
                            }}
                            onReload={reload}
                        />
                    ))}
                </ul>
            )}
            <AuditTrail version={version}/>
        </section>
    );
}
