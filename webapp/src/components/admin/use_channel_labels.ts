// The channel and team each connection feeds, in words. Newer servers send channel_name and
// team_name with the connection; for older ones the names are read from Mattermost's own API.
import {useEffect, useState} from 'react';
import {useSelector} from 'react-redux';

import {getChannel, getTeam} from '../../client/admin_api';
import type {AdminConnection} from '../../client/admin_types';
import {baseURL, type SiteState} from '../../client/base_url';

import type {ChannelLabel} from './connection_row';

export function useChannelLabels(connections: AdminConnection[] | null): Record<string, ChannelLabel> {
    const base = useSelector((state: SiteState) => baseURL(state));
    const [looked, setLooked] = useState<Record<string, ChannelLabel>>({});

    const missing = (connections ?? []).
        filter((c) => !c.channel_name && c.channel_id && !looked[c.channel_id]).
        map((c) => c.channel_id);
    const key = [...new Set(missing)].sort().join(',');

    useEffect(() => {
        if (!key) {
            return undefined;
        }
        const abort = new AbortController();
        const teams = new Map<string, Promise<string>>();
        const teamName = (id: string) => {
            if (!teams.has(id)) {
                teams.set(id, getTeam(base, id, abort.signal).then((t) => t.display_name || t.name, () => ''));
            }
            return teams.get(id)!;
        };
        Promise.all(key.split(',').map(async (id): Promise<[string, ChannelLabel]> => {
            try {
                const ch = await getChannel(base, id, abort.signal);
                return [id, {channel: ch.display_name || ch.name, team: await teamName(ch.team_id)}];
            } catch {
                // A deleted channel, say: the list then shows its id.
                return [id, {channel: id, team: ''}];
            }
        })).then((found) => {
            if (!abort.signal.aborted) {
                setLooked((prev) => ({...prev, ...Object.fromEntries(found)}));
            }
        });
        return () => abort.abort();
    }, [base, key]);

    const out: Record<string, ChannelLabel> = {};
    for (const c of connections ?? []) {
        if (c.channel_name) {
            out[c.id] = {channel: c.channel_name, team: c.team_name ?? ''};
        } else if (looked[c.channel_id]) {
            out[c.id] = looked[c.channel_id];
        }
    }
    return out;
}
