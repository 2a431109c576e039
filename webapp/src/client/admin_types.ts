// Shapes of the admin-only answers of the plugin's /api/v1 (docs/api.md) and of the part of
// Mattermost's /api/v4 the System Console section reads.
import type {Connection, ConnectionKind} from './types';

// CredentialField is one field of GET /kinds: what a provider's connection needs.
export type CredentialField = {
    name: string;
    label: string;
    secret: boolean;
    required: boolean;
};

export type KindSpec = {
    kind: ConnectionKind;
    name: string;
    fields: CredentialField[];
};

// AdminConnection is a connection as an admin sees it. The fields marked optional are newer
// than some servers: the section works without them (it asks Mattermost for the channel's name).
export type AdminConnection = Connection & {
    credentials?: Record<string, string>;
    api_base_url?: string;
    webhook_url?: string;
    verify_token?: string;
    sync_reason?: string;
    sync_lost_at?: number;
    last_message_at?: number;
    channel_name?: string;
    team_name?: string;
    create_at: number;
    update_at: number;

    // A create or update answer may warn about the channel (a public one: everyone on the team
    // can join it and read the chats).
    warning?: string;
};

export type NewConnection = {
    kind: ConnectionKind;
    name: string;
    channel_id: string;
    credentials: Record<string, string>;
    api_base_url?: string;
};

// ConnectionPatch is PATCH /connections/{id}: a field left out stays as it is; credentials are
// merged into the stored ones, and any credentials at all count as a reconnect.
export type ConnectionPatch = {
    name?: string;
    channel_id?: string;
    credentials?: Record<string, string>;
    api_base_url?: string;
};

// TestResult is POST /connections/{id}/test: the provider's answer to its cheap authenticated call.
export type TestResult = {ok: true} | {ok: false; class: string; code: string | number; reason: string};

export type AuditEntry = {
    id: string;
    at: number;
    user_id: string;
    username: string;
    // "system_console": a setting saved in the System Console (no user: Mattermost's own audit log
    // names the admin).
    via?: string;
    action: string;
    target_type: string;
    target_id: string;
    detail: string;
};

export type AuditPage = {entries: AuditEntry[]};

// The part of Mattermost's team and channel the section shows.
export type MattermostTeam = {id: string; name: string; display_name: string; delete_at?: number};

export type MattermostChannel = {
    id: string;
    team_id: string;
    name: string;
    display_name: string;
    // O public, P private, D direct, G group: only O and P can carry customer chats.
    type: string;
    delete_at?: number;
};
