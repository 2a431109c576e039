import {useEffect, useState} from 'react';
import {useSelector} from 'react-redux';

import {listConnections} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Connection} from '../../client/types';

// useConnections maps connection ids to the connections the user can see, to name the provider
// and page of each chat. Until it answers (or if it fails) the map is empty and rows show no
// provider: the list itself does not depend on it. Loaded once per mount: names and kinds of
// connections seldom change, and every chat event reloading them would double the traffic.
export function useConnections(): Record<string, Connection> {
    const base = useSelector((state: SiteState) => baseURL(state));
    const [byId, setById] = useState<Record<string, Connection>>({});

    useEffect(() => {
        const controller = new AbortController();
        listConnections(base, controller.signal).then(
            (list) => {
                if (!controller.signal.aborted) {
                    setById(Object.fromEntries(list.map((c) => [c.id, c])));
                }
            },
            () => undefined,
        );
        return () => controller.abort();
    }, [base]);

    return byId;
}
