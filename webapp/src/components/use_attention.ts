import {useEffect, useState} from 'react';
import {useSelector} from 'react-redux';

import {useChangeCount} from '../changes';
import {getIndicators, listConversations} from '../client/api';
import {baseURL, type SiteState} from '../client/base_url';

// At most this many unread chats are looked at to find those already answered; past it the
// badge says 99+ anyway.
const UNREAD_SCAN = 100;

// useAttention counts the active chats that need someone (F4's red indicator): unread or
// unanswered, each chat once. GET /indicators counts the two separately and most chats are
// both, so the unread chats that are already answered are added to the unanswered count.
// It is null until the first answer; a failed reload keeps the last count.
export function useAttention(): number | null {
    const base = useSelector((state: SiteState) => baseURL(state));
    const changeCount = useChangeCount();
    const [count, setCount] = useState<number | null>(null);

    useEffect(() => {
        const controller = new AbortController();
        const load = async () => {
            const indicators = await getIndicators(base, controller.signal);
            if (indicators.unread === 0) {
                return indicators.unanswered;
            }
            const unread = await listConversations(
                base,
                {status: 'active', unread: true, page: 0, perPage: UNREAD_SCAN},
                controller.signal,
            );
            return indicators.unanswered + unread.filter((c) => !c.unanswered).length;
        };
        load().then(
            (n) => {
                if (!controller.signal.aborted) {
                    setCount(n);
                }
            },
            () => undefined,
        );
        return () => controller.abort();
    }, [base, changeCount]);

    return count;
}
