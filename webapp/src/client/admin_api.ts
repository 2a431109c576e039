// Typed calls for the System Console section: the plugin's admin routes and the part of
// Mattermost's /api/v4 that lists teams and channels and creates a channel, with the admin's session.
import type {
    AdminConnection,
    AuditPage,
    ConnectionPatch,
    KindSpec,
    MattermostChannel,
    MattermostTeam,
    NewConnection,
    TestResult,
} from './admin_types';
import {request, serverRequest} from './request';

function connectionPath(id: string, rest = ''): string {
    return `/connections/${encodeURIComponent(id)}${rest}`;
}

export function getKinds(baseURL: string, signal?: AbortSignal): Promise<KindSpec[]> {
    return request<KindSpec[]>(baseURL, '/kinds', {signal});
}

export function listAdminConnections(baseURL: string, signal?: AbortSignal): Promise<AdminConnection[]> {
    return request<AdminConnection[]>(baseURL, '/connections', {signal});
}

export function createConnection(baseURL: string, body: NewConnection): Promise<AdminConnection> {
    return request<AdminConnection>(baseURL, '/connections', {method: 'POST', body});
}

export function updateConnection(baseURL: string, id: string, patch: ConnectionPatch): Promise<AdminConnection> {
    return request<AdminConnection>(baseURL, connectionPath(id), {method: 'PATCH', body: patch});
}

export function deleteConnection(baseURL: string, id: string): Promise<void> {
    return request<void>(baseURL, connectionPath(id), {method: 'DELETE'});
}

export function testConnection(baseURL: string, id: string): Promise<TestResult> {
    return request<TestResult>(baseURL, connectionPath(id, '/test'), {method: 'POST'});
}

// getAudit reads the newest entries, or those before an entry's time when paging back.
export function getAudit(baseURL: string, limit: number, before?: number, signal?: AbortSignal): Promise<AuditPage> {
    const params = new URLSearchParams({limit: String(limit)});
    if (before) {
        params.set('before', String(before));
    }
    return request<AuditPage>(baseURL, `/audit?${params.toString()}`, {signal});
}

export function listTeams(baseURL: string, signal?: AbortSignal): Promise<MattermostTeam[]> {
    return serverRequest<MattermostTeam[]>(baseURL, '/api/v4/teams?per_page=200', {signal});
}

export function getTeam(baseURL: string, id: string, signal?: AbortSignal): Promise<MattermostTeam> {
    return serverRequest<MattermostTeam>(baseURL, `/api/v4/teams/${encodeURIComponent(id)}`, {signal});
}

// listTeamChannels lists a team's public and private channels (the private list needs the
// system admin's permission, which the section's users have).
export async function listTeamChannels(baseURL: string, teamId: string, signal?: AbortSignal): Promise<MattermostChannel[]> {
    const team = encodeURIComponent(teamId);
    const [open, closed] = await Promise.all([
        serverRequest<MattermostChannel[]>(baseURL, `/api/v4/teams/${team}/channels?per_page=200`, {signal}),
        serverRequest<MattermostChannel[]>(baseURL, `/api/v4/teams/${team}/channels/private?per_page=200`, {signal}),
    ]);
    return [...open, ...closed];
}

export function getChannel(baseURL: string, id: string, signal?: AbortSignal): Promise<MattermostChannel> {
    return serverRequest<MattermostChannel>(baseURL, `/api/v4/channels/${encodeURIComponent(id)}`, {signal});
}

export function createPrivateChannel(baseURL: string, teamId: string, name: string, displayName: string): Promise<MattermostChannel> {
    return serverRequest<MattermostChannel>(baseURL, '/api/v4/channels', {
        method: 'POST',
        body: {team_id: teamId, name, display_name: displayName, type: 'P'},
    });
}
