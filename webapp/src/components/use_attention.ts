import {useCallback, useMemo, useSyncExternalStore} from 'react';
import {useSelector} from 'react-redux';

import {useChanges} from '../changes';
import {baseURL, type SiteState} from '../client/base_url';
import {createIndicators, useSharedIndicators} from '../indicators';

// useAttention counts the active chats that need someone (the red indicator of F4, docs/features.md): unread or
// unanswered, each chat once, as GET /indicators counts them in attention. The badges share one
// load per change (see indicators.ts). It is null until the first answer; a failed reload keeps
// the last count.
export function useAttention(): number | null {
    const base = useSelector((state: SiteState) => baseURL(state));
    const changes = useChanges();
    const shared = useSharedIndicators();
    const own = useMemo(() => createIndicators(changes), [changes]);
    const indicators = shared ?? own;

    const subscribe = useCallback((listener: () => void) => indicators.watch(base, listener), [indicators, base]);
    const answer = useSyncExternalStore(subscribe, indicators.current);
    return answer ? answer.attention : null;
}
