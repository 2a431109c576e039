import {useEffect, useState} from 'react';
import {useSelector} from 'react-redux';

import {getUser} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {MattermostUser} from '../../client/types';

// The slice of the web app's state holding the users it has loaded.
type UsersState = {
    entities: {
        users?: {profiles?: Record<string, MattermostUser | undefined>};
    };
};

export function displayName(user: MattermostUser): string {
    const full = [user.first_name, user.last_name].filter(Boolean).join(' ');
    return full || user.nickname || `@${user.username}`;
}

// useUserName names a Mattermost user: from the web app's store when it has them, else from
// GET /api/v4/users/{id}. It is '' while unknown (or when the user cannot be read).
export function useUserName(userId: string): string {
    const base = useSelector((state: SiteState) => baseURL(state));
    const known = useSelector((state: UsersState) => state.entities.users?.profiles?.[userId]);
    const [fetched, setFetched] = useState<MattermostUser | null>(null);

    useEffect(() => {
        if (known || !userId) {
            return undefined;
        }
        const controller = new AbortController();
        getUser(base, userId, controller.signal).then(
            (user) => {
                if (!controller.signal.aborted) {
                    setFetched(user);
                }
            },
            () => undefined,
        );
        return () => controller.abort();
    }, [base, userId, known]);

    const user = known ?? (fetched?.id === userId ? fetched : null);
    return user ? displayName(user) : '';
}
