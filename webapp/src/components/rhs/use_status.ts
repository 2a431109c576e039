import {useCallback, useEffect, useState} from 'react';
import {useSelector} from 'react-redux';

import {getStatus} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Status} from '../../client/types';

export type StatusState =
    | {kind: 'loading'}
    | {kind: 'ready'; status: Status}
    | {kind: 'error'; error: Error};

// useStatus loads GET /status and reloads it on retry(); an answer that arrives after the
// panel closed or a newer attempt started is dropped.
export function useStatus(): {state: StatusState; retry: () => void} {
    const base = useSelector((state: SiteState) => baseURL(state));
    const [attempt, setAttempt] = useState(0);
    const [state, setState] = useState<StatusState>({kind: 'loading'});

    useEffect(() => {
        const controller = new AbortController();
        setState({kind: 'loading'});
        getStatus(base, controller.signal).then(
            (status) => {
                if (!controller.signal.aborted) {
                    setState({kind: 'ready', status});
                }
            },
            (error: unknown) => {
                if (!controller.signal.aborted) {
                    setState({kind: 'error', error: error instanceof Error ? error : new Error(String(error))});
                }
            },
        );
        return () => controller.abort();
    }, [base, attempt]);

    const retry = useCallback(() => setAttempt((n) => n + 1), []);
    return {state, retry};
}
