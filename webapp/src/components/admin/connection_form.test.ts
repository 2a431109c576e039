import type {AdminConnection, CredentialField, KindSpec} from '../../client/admin_types';

import {
    SECRET_MASK,
    canCreate,
    channelReady,
    channelSlug,
    connectionFromQuery,
    createBody,
    emptyAddForm,
    missingFields,
    missingForReconnect,
    reconnectCredentials,
    reconnectValues,
    selectableChannels,
    statusOf,
} from './connection_form';

const telegram: KindSpec = {
    kind: 'telegram',
    name: 'Telegram',
    fields: [
        {name: 'bot_token', label: 'Bot token', secret: true, required: true},
        {name: 'bot_username', label: 'Bot username', secret: false, required: false},
    ],
};

const sms: CredentialField[] = [
    {name: 'account_sid', label: 'Account SID', secret: false, required: true},
    {name: 'auth_token', label: 'Auth token', secret: true, required: true},
    {name: 'from_number', label: 'From number', secret: false, required: false},
];

function connection(extra: Partial<AdminConnection> = {}): AdminConnection {
    return {id: 'c1', kind: 'telegram', name: 'Shop bot', channel_id: 'ch1', account_name: '', sync_lost: false, create_at: 1, update_at: 1, ...extra};
}

describe('the add form', () => {
    test('a required field left empty or blank is missing; optional ones never are', () => {
        expect(missingFields(telegram.fields, {})).toEqual(['bot_token']);
        expect(missingFields(telegram.fields, {bot_token: '   '})).toEqual(['bot_token']);
        expect(missingFields(telegram.fields, {bot_token: '1:AA'})).toEqual([]);
    });

    test('can be sent only with a provider, a name, every required field and a channel', () => {
        const form = {...emptyAddForm(), kind: 'telegram' as const, name: 'Shop bot', values: {bot_token: '1:AA'}};
        expect(canCreate(form, undefined)).toBe(false);
        expect(canCreate(form, telegram)).toBe(false);
        const withChannel = {...form, channel: {mode: 'existing' as const, teamId: 't1', channelId: 'ch1'}};
        expect(canCreate(withChannel, telegram)).toBe(true);
        expect(canCreate({...withChannel, name: ' '}, telegram)).toBe(false);
        expect(canCreate({...withChannel, values: {}}, telegram)).toBe(false);
    });

    test('a channel is ready once picked, or once a new one has a team and a usable name', () => {
        expect(channelReady({mode: 'existing', teamId: 't1', channelId: ''})).toBe(false);
        expect(channelReady({mode: 'existing', teamId: '', channelId: 'ch1'})).toBe(false);
        expect(channelReady({mode: 'new', teamId: 't1', displayName: 'Shop chats'})).toBe(true);
        expect(channelReady({mode: 'new', teamId: 't1', displayName: '!!'})).toBe(false);
        expect(channelReady({mode: 'new', teamId: '', displayName: 'Shop chats'})).toBe(false);
    });

    test('the body carries the trimmed fields that were filled in, and the API base URL only when given', () => {
        const form = {...emptyAddForm(), kind: 'telegram' as const, name: ' Shop bot ', values: {bot_token: ' 1:AA ', bot_username: '', stray: 'x'}};
        expect(createBody(form, telegram, 'ch1')).toEqual({kind: 'telegram', name: 'Shop bot', channel_id: 'ch1', credentials: {bot_token: '1:AA'}});
        expect(createBody({...form, apiBaseURL: ' http://127.0.0.1:9000 '}, telegram, 'ch1').api_base_url).toBe('http://127.0.0.1:9000');
    });

    test('a new channel\'s URL name is made from its display name', () => {
        expect(channelSlug('Sklep — Łódź WhatsApp')).toBe('sklep-lodz-whatsapp');
        expect(channelSlug('  Shop chats!  ')).toBe('shop-chats');
        expect(channelSlug('x')).toBe('');
        expect(channelSlug('a'.repeat(70))).toHaveLength(64);
    });

    test('only public and private channels that exist are offered, each once, by name', () => {
        const list = selectableChannels([
            {id: '3', team_id: 't', name: 'z', display_name: 'Zebra', type: 'O'},
            {id: '1', team_id: 't', name: 'a', display_name: 'Alpha', type: 'P'},
            {id: '2', team_id: 't', name: 'dm', display_name: '', type: 'D'},
            {id: '4', team_id: 't', name: 'gm', display_name: 'Group', type: 'G'},
            {id: '5', team_id: 't', name: 'old', display_name: 'Old', type: 'O', delete_at: 5},
            {id: '1', team_id: 't', name: 'a', display_name: 'Alpha', type: 'P'},
        ]);
        expect(list.map((c) => c.id)).toEqual(['1', '3']);
    });
});

describe('the reconnect form', () => {
    test('comes with the stored non-secret values and blank secrets', () => {
        expect(reconnectValues(sms, {account_sid: 'AC1', auth_token: SECRET_MASK, from_number: '+15550001111'})).toEqual({
            account_sid: 'AC1',
            auth_token: '',
            from_number: '+15550001111',
        });
        expect(reconnectValues(telegram.fields)).toEqual({bot_token: '', bot_username: ''});
    });

    test('a blank secret is sent as the mask, which keeps the stored one; a typed one replaces it', () => {
        expect(reconnectCredentials(sms, {account_sid: 'AC1', auth_token: '', from_number: ''})).toEqual({account_sid: 'AC1', auth_token: SECRET_MASK});
        expect(reconnectCredentials(sms, {account_sid: 'AC1', auth_token: ' new ', from_number: '+1555'})).toEqual({account_sid: 'AC1', auth_token: 'new', from_number: '+1555'});
    });

    test('never sends an empty map, so saving is always a reconnect', () => {
        expect(Object.keys(reconnectCredentials(telegram.fields, {}))).toEqual(['bot_token']);
    });

    test('a blank secret is not missing, a blank required plain field is', () => {
        expect(missingForReconnect(sms, {account_sid: '', auth_token: ''})).toEqual(['account_sid']);
        expect(missingForReconnect(sms, {account_sid: 'AC1', auth_token: ''})).toEqual([]);
    });
});

describe('a connection\'s status', () => {
    test('is active, or lost since a time with the reason', () => {
        expect(statusOf(connection())).toEqual({state: 'active'});
        expect(statusOf(connection({sync_lost: true, sync_lost_at: 1700, sync_reason: 'Unauthorized'}))).toEqual({state: 'lost', since: 1700, reason: 'Unauthorized'});
        expect(statusOf(connection({sync_lost: true}))).toEqual({state: 'lost', since: 0, reason: ''});
    });

    test('the reconnect link names the connection in its query', () => {
        expect(connectionFromQuery('?connection=abc123')).toBe('abc123');
        expect(connectionFromQuery('')).toBe('');
    });
});
