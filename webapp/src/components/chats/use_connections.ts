import {useEffect, useState} from 'react';
import {useSelector} from 'react-redux';

import {listConnections} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Connection} from '../../client/types';

export type ConnectionsState =
    | {kind: 'loading'}
    | {kind: 'error'; error: Error}
    | {kind: 'ready'; connections: Connection[]};

// useConnections loads the connections the user may use (GET /connections answers a non-admin
// with those of the channels they may use chats in).
export function useConnections(): ConnectionsState {
    const base = useSelector((state: SiteState) => baseURL(state));
    const [state, setState] = useState<ConnectionsState>({kind: 'loading'});
    useEffect(() => {
        const abort = new AbortController();
        listConnections(base, abort.signal).then(
            (connections) => setState({kind: 'ready', connections}),
            (err: unknown) => {
                if (!abort.signal.aborted) {
                    setState({kind: 'error', error: err instanceof Error ? err : new Error(String(err))});
                }
            },
        );
        return () => abort.abort();
    }, [base]);
    return state;
}
