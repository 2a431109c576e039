import {useCallback, useEffect, useState} from 'react';
import {useSelector} from 'react-redux';

import {listQuickReplies} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {QuickReply} from '../../client/types';

export type QuickRepliesState =
    | {kind: 'loading'}
    | {kind: 'error'; error: Error}
    | {kind: 'ready'; replies: QuickReply[]};

type TeamIdState = SiteState & {entities: {teams?: {currentTeamId?: string}}};

export function useTeamId(): string {
    return useSelector((state: TeamIdState) => state.entities.teams?.currentTeamId ?? '');
}

// useQuickReplies loads the current team's saved answers, by name; reload() after a change.
export function useQuickReplies(): {state: QuickRepliesState; reload: () => void; teamId: string} {
    const base = useSelector((state: SiteState) => baseURL(state));
    const teamId = useTeamId();
    const [attempt, setAttempt] = useState(0);
    const [state, setState] = useState<QuickRepliesState>({kind: 'loading'});
    useEffect(() => {
        const abort = new AbortController();
        listQuickReplies(base, teamId, abort.signal).then(
            (replies) => setState({kind: 'ready', replies: [...replies].sort((a, b) => a.name.localeCompare(b.name))}),
            (err: unknown) => !abort.signal.aborted && setState({kind: 'error', error: err instanceof Error ? err : new Error(String(err))}),
        );
        return () => abort.abort();
    }, [base, teamId, attempt]);
    const reload = useCallback(() => setAttempt((n) => n + 1), []);
    return {state, reload, teamId};
}
