// What the System Console forms decide, kept apart from the screens so it is tested alone:
// which fields are missing, the bodies sent to the server, a new channel's name, a connection's status.
import type {AdminConnection, CredentialField, KindSpec, MattermostChannel, NewConnection} from '../../client/admin_types';
import type {ConnectionKind} from '../../client/types';

// The server shows a stored secret as this mask; sent back, it keeps the stored value.
export const SECRET_MASK = '********';

export type ChannelChoice =
    | {mode: 'existing'; teamId: string; channelId: string}
    | {mode: 'new'; teamId: string; displayName: string};

export type AddForm = {
    kind: ConnectionKind | '';
    name: string;
    values: Record<string, string>;
    channel: ChannelChoice;
    apiBaseURL: string;
};

export function emptyAddForm(): AddForm {
    return {kind: '', name: '', values: {}, channel: {mode: 'existing', teamId: '', channelId: ''}, apiBaseURL: ''};
}

// missingFields names the required credential fields left empty (spaces count as empty).
export function missingFields(fields: CredentialField[], values: Record<string, string>): string[] {
    return fields.filter((f) => f.required && !(values[f.name] ?? '').trim()).map((f) => f.name);
}

// channelReady says whether the channel part names a channel or a new one to create.
export function channelReady(choice: ChannelChoice): boolean {
    if (!choice.teamId) {
        return false;
    }
    return choice.mode === 'existing' ? Boolean(choice.channelId) : Boolean(channelSlug(choice.displayName));
}

export function canCreate(form: AddForm, spec: KindSpec | undefined): boolean {
    return Boolean(spec && form.name.trim() && missingFields(spec.fields, form.values).length === 0 && channelReady(form.channel));
}

// credentialsOf keeps the fields of the kind that were filled in, trimmed: a field left empty
// is left out rather than sent as "".
export function credentialsOf(fields: CredentialField[], values: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of fields) {
        const v = (values[f.name] ?? '').trim();
        if (v) {
            out[f.name] = v;
        }
    }
    return out;
}

// createBody is POST /connections once the channel is known.
export function createBody(form: AddForm, spec: KindSpec, channelId: string): NewConnection {
    const body: NewConnection = {
        kind: spec.kind,
        name: form.name.trim(),
        channel_id: channelId,
        credentials: credentialsOf(spec.fields, form.values),
    };
    const base = form.apiBaseURL.trim();
    if (base) {
        body.api_base_url = base;
    }
    return body;
}

// reconnectValues prefills the reconnect form: the stored non-secret values as they are, the
// secrets blank (blank keeps the stored one).
export function reconnectValues(fields: CredentialField[], stored: Record<string, string> = {}): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of fields) {
        const v = stored[f.name] ?? '';
        out[f.name] = f.secret || v === SECRET_MASK ? '' : v;
    }
    return out;
}

// reconnectCredentials is the credentials of PATCH /connections/{id} for a reconnect: every
// field typed, and each secret left blank sent as the mask, which keeps the stored secret. The
// map is never empty, so the server always takes it as a reconnect (it registers the webhook
// again and clears lost sync).
export function reconnectCredentials(fields: CredentialField[], values: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of fields) {
        const v = (values[f.name] ?? '').trim();
        if (v) {
            out[f.name] = v;
        } else if (f.secret) {
            out[f.name] = SECRET_MASK;
        }
    }
    return out;
}

// missingForReconnect is missingFields where a blank secret is not missing: it is kept.
export function missingForReconnect(fields: CredentialField[], values: Record<string, string>): string[] {
    return missingFields(fields.filter((f) => !f.secret), values);
}

// channelSlug makes a Mattermost channel name (URL name) from a display name: lower case
// letters, digits and dashes, at most 64 characters, no dash at either end.
export function channelSlug(displayName: string): string {
    const slug = displayName.
        normalize('NFKD').
        replace(/[\u0300-\u036f]/g, '').
        replace(/ł/g, 'l').
        replace(/Ł/g, 'l').
        toLowerCase().
        replace(/[^a-z0-9]+/g, '-').
        replace(/^-+|-+$/g, '').
        slice(0, 64).
        replace(/-+$/, '');
    return slug.length >= 2 ? slug : '';
}

// selectableChannels keeps the channels a connection can feed: public and private ones that
// are not deleted, by display name.
export function selectableChannels(channels: MattermostChannel[]): MattermostChannel[] {
    const seen = new Set<string>();
    return channels.
        filter((c) => (c.type === 'O' || c.type === 'P') && !c.delete_at && !seen.has(c.id) && seen.add(c.id)).
        sort((a, b) => a.display_name.localeCompare(b.display_name));
}

export type ConnectionStatus =
    | {state: 'active'}
    | {state: 'lost'; since: number; reason: string};

// statusOf is what the list says about a connection: it works or it lost sync (the server has no
// switched-off state; a connection is deleted instead).
export function statusOf(c: AdminConnection): ConnectionStatus {
    if (c.sync_lost || c.sync_lost_at) {
        return {state: 'lost', since: c.sync_lost_at ?? 0, reason: c.sync_reason ?? ''};
    }
    return {state: 'active'};
}

// connectionFromQuery reads the connection a reconnect link names
// (/admin_console/plugins/plugin_frontdesk?connection=<id>).
export function connectionFromQuery(search: string): string {
    return new URLSearchParams(search).get('connection') ?? '';
}
