import {fireEvent, screen, waitFor, within} from '@testing-library/react';
import React from 'react';

import {callsTo, jsonResponse, routeFetch, type Route} from '../../../tests/fetch';
import {renderInHost} from '../../../tests/render';
import en from '../../../i18n/en.json';
import type {AdminConnection, KindSpec} from '../../client/admin_types';

import ConnectionsSetting from './connections_setting';

const kinds: KindSpec[] = [
    {kind: 'telegram', name: 'Telegram', fields: [
        {name: 'bot_token', label: 'Bot token', secret: true, required: true},
        {name: 'bot_username', label: 'Bot username', secret: false, required: false},
    ]},
    {kind: 'sms', name: 'SMS', fields: [{name: 'account_sid', label: 'Account SID', secret: false, required: true}]},
];

function conn(over: Partial<AdminConnection> = {}): AdminConnection {
    return {
        id: 'c1',
        kind: 'telegram',
        name: 'Shop bot',
        channel_id: 'ch1',
        account_name: '@shop_bot',
        sync_lost: false,
        credentials: {bot_token: '********', bot_username: 'shop_bot'},
        webhook_url: 'http://mattermost.test:8065/plugins/frontdesk/webhooks/c1',
        verify_token: 'vt-1',
        create_at: 1,
        update_at: 1,
        ...over,
    };
}

const json = (body: unknown, status = 200): Route => () => jsonResponse(status, body);

function bodyOf(init: RequestInit): unknown {
    return JSON.parse(String(init.body));
}

function baseRoutes(list: AdminConnection[]): Record<string, Route> {
    return {
        'GET /connections': json(list),
        'GET /kinds': json(kinds),
        'GET /audit': json({entries: []}),
        'GET /api/v4/channels/ch1': json({id: 'ch1', team_id: 't1', name: 'customers', display_name: 'Customers', type: 'P'}),
        'GET /api/v4/teams/t1': json({id: 't1', name: 'shop', display_name: 'Repair shop'}),
        'GET /api/v4/teams': json([{id: 't1', name: 'shop', display_name: 'Repair shop'}]),
        'GET /api/v4/teams/t1/channels': json([{id: 'pub', team_id: 't1', name: 'town', display_name: 'Town square', type: 'O'}]),
        'GET /api/v4/teams/t1/channels/private': json([{id: 'ch1', team_id: 't1', name: 'customers', display_name: 'Customers', type: 'P'}]),
    };
}

afterEach(() => {
    window.history.replaceState(null, '', '/');
});

describe('the System Console section', () => {
    test('says what to do when there is no connection yet, and that nothing was audited yet', async () => {
        routeFetch(baseRoutes([]));
        renderInHost(<ConnectionsSetting/>);

        expect(await screen.findByTestId('frontdesk-admin-empty')).toHaveTextContent('Click Add connection, pick the provider');
        expect(await screen.findByTestId('frontdesk-admin-audit')).toHaveTextContent(en['frontdesk.admin.auditEmpty']);
    });

    test('lists each connection with provider, name, channel and team, status and last message', async () => {
        routeFetch(baseRoutes([
            conn(),
            conn({id: 'c2', name: 'Shop SMS', kind: 'sms', channel_name: 'SMS chats', team_name: 'Repair shop', sync_lost: true,
                sync_lost_at: Date.UTC(2026, 10, 30, 9, 15), sync_reason: 'Twilio refused the Auth Token (20003)', last_message_at: Date.UTC(2026, 10, 29, 8, 0)}),
        ]));
        renderInHost(<ConnectionsSetting/>);

        const rows = await screen.findAllByTestId('frontdesk-admin-connection');
        expect(rows).toHaveLength(2);
        expect(rows[0]).toHaveAttribute('data-status', 'active');
        expect(rows[0]).toHaveTextContent('Telegram');
        expect(rows[0]).toHaveTextContent('None yet');
        await waitFor(() => expect(within(rows[0]).getByTestId('frontdesk-admin-connection-channel')).toHaveTextContent('Customers in Repair shop'));
        expect(rows[1]).toHaveAttribute('data-status', 'lost');
        expect(within(rows[1]).getByTestId('frontdesk-admin-connection-status')).toHaveTextContent(/^Lost sync since Nov 30, 2026, .+: Twilio refused the Auth Token \(20003\)$/);
        expect(within(rows[1]).getByTestId('frontdesk-admin-connection-channel')).toHaveTextContent('SMS chats in Repair shop');
        expect(within(rows[1]).getByTestId('frontdesk-admin-connection-last')).toHaveTextContent('Nov 29, 2026');
    });

    test('adds a connection: provider, fields (secrets hidden), channel, Advanced base URL; then the webhook URL, verify token and steps', async () => {
        const routes = baseRoutes([]);
        routes['POST /connections'] = (_q, init) => jsonResponse(201, {...conn({id: 'c9', name: (bodyOf(init) as {name: string}).name}), warning: 'Everyone on the team can join this public channel and read the chats.'});
        const fetch = routeFetch(routes);
        renderInHost(<ConnectionsSetting/>);

        fireEvent.click(await screen.findByTestId('frontdesk-admin-add'));
        fireEvent.change(await screen.findByTestId('frontdesk-admin-kind'), {target: {value: 'telegram'}});
        expect(screen.getByTestId('frontdesk-admin-field-bot_token')).toHaveAttribute('type', 'password');
        expect(screen.getByTestId('frontdesk-admin-field-bot_token')).toBeRequired();
        expect(screen.getByTestId('frontdesk-admin-field-bot_username')).toHaveAttribute('type', 'text');
        expect(screen.getByTestId('frontdesk-admin-create')).toBeDisabled();

        fireEvent.change(screen.getByTestId('frontdesk-admin-name'), {target: {value: 'Shop bot'}});
        fireEvent.change(screen.getByTestId('frontdesk-admin-field-bot_token'), {target: {value: '7000:AA'}});
        await screen.findByRole('option', {name: 'Repair shop'});
        fireEvent.change(screen.getByTestId('frontdesk-admin-team'), {target: {value: 't1'}});
        await screen.findByRole('option', {name: '# Town square'});
        expect(screen.queryByRole('option', {name: /direct/i})).not.toBeInTheDocument();
        fireEvent.change(screen.getByTestId('frontdesk-admin-channel-select'), {target: {value: 'pub'}});
        expect(screen.getByTestId('frontdesk-admin-public-hint')).toHaveTextContent('everyone on the team can join it');
        expect(screen.getByTestId('frontdesk-admin-api-base-url')).not.toBeVisible();
        fireEvent.change(screen.getByTestId('frontdesk-admin-api-base-url'), {target: {value: 'http://127.0.0.1:9000'}});
        fireEvent.click(screen.getByTestId('frontdesk-admin-create'));

        const created = await screen.findByTestId('frontdesk-admin-created');
        expect(bodyOf(fetch.mock.calls.find(([, init]) => init?.method === 'POST')![1]!)).toEqual({
            kind: 'telegram', name: 'Shop bot', channel_id: 'pub', credentials: {bot_token: '7000:AA'}, api_base_url: 'http://127.0.0.1:9000',
        });
        expect(within(created).getByTestId('frontdesk-admin-webhook-url')).toHaveValue('http://mattermost.test:8065/plugins/frontdesk/webhooks/c1');
        expect(within(created).getByTestId('frontdesk-admin-verify-token')).toHaveValue('vt-1');
        expect(within(created).getByTestId('frontdesk-admin-warning')).toHaveTextContent('public channel');
        expect(within(created).getByTestId('frontdesk-admin-steps')).toHaveTextContent('Frontdesk has registered its webhook');
    });

    test('creates a new private channel first when asked, and keeps the form with the server\'s refusal', async () => {
        const routes = baseRoutes([]);
        routes['POST /api/v4/channels'] = json({id: 'new1', team_id: 't1', name: 'shop-chats', display_name: 'Shop chats', type: 'P'}, 201);
        routes['POST /connections'] = json({error: 'invalid', message: 'The bot token was refused by Telegram.'}, 400);
        const fetch = routeFetch(routes);
        renderInHost(<ConnectionsSetting/>);

        fireEvent.click(await screen.findByTestId('frontdesk-admin-add'));
        fireEvent.change(await screen.findByTestId('frontdesk-admin-kind'), {target: {value: 'telegram'}});
        fireEvent.change(screen.getByTestId('frontdesk-admin-name'), {target: {value: 'Shop bot'}});
        fireEvent.change(screen.getByTestId('frontdesk-admin-field-bot_token'), {target: {value: '7000:AA'}});
        fireEvent.click(screen.getByTestId('frontdesk-admin-channel-new'));
        await screen.findByRole('option', {name: 'Repair shop'});
        fireEvent.change(screen.getByTestId('frontdesk-admin-team'), {target: {value: 't1'}});
        fireEvent.change(screen.getByTestId('frontdesk-admin-channel-name'), {target: {value: 'Shop chats'}});
        fireEvent.click(screen.getByTestId('frontdesk-admin-create'));

        expect(await screen.findByTestId('frontdesk-admin-add-error')).toHaveTextContent('The bot token was refused by Telegram.');
        const [channelCall] = fetch.mock.calls.filter(([input, init]) => String(input).endsWith('/api/v4/channels') && init?.method === 'POST');
        expect(bodyOf(channelCall[1]!)).toEqual({team_id: 't1', name: 'shop-chats', display_name: 'Shop chats', type: 'P'});
        expect(bodyOf(fetch.mock.calls.find(([input, init]) => String(input).endsWith('/connections') && init?.method === 'POST')![1]!)).toMatchObject({channel_id: 'new1'});
        expect(screen.getByTestId('frontdesk-admin-name')).toHaveValue('Shop bot');

        // A second try uses the channel already made.
        fireEvent.click(screen.getByTestId('frontdesk-admin-create'));
        await waitFor(() => expect(callsTo(fetch, 'POST /connections')).toHaveLength(2));
        expect(callsTo(fetch, 'POST /api/v4/channels')).toHaveLength(1);
    });

    test('Test connection shows the provider\'s answer: ok, or its class, code and reason', async () => {
        const routes = baseRoutes([conn()]);
        routes['POST /connections/c1/test'] = json({ok: false, class: 'sync_lost', code: 401, reason: 'Unauthorized'});
        routeFetch(routes);
        renderInHost(<ConnectionsSetting/>);

        fireEvent.click(await screen.findByTestId('frontdesk-admin-test'));
        expect(await screen.findByTestId('frontdesk-admin-test-result')).toHaveTextContent('The provider refused: Unauthorized (sync_lost 401)');

        routes['POST /connections/c1/test'] = json({ok: true});
        fireEvent.click(screen.getByTestId('frontdesk-admin-test'));
        await waitFor(() => expect(screen.getByTestId('frontdesk-admin-test-result')).toHaveTextContent('The provider accepted the credentials.'));

        // Opening a panel clears the result: it does not answer what is done there.
        fireEvent.click(screen.getByTestId('frontdesk-admin-edit'));
        expect(screen.queryByTestId('frontdesk-admin-test-result')).not.toBeInTheDocument();
    });

    test('the reconnect link opens that connection\'s Reconnect form; a blank secret keeps the stored one', async () => {
        window.history.replaceState(null, '', '/admin_console/plugins/plugin_frontdesk?connection=c1');
        const scrolled = vi.fn();
        Element.prototype.scrollIntoView = scrolled;
        const routes = baseRoutes([conn({sync_lost: true, sync_lost_at: 5, sync_reason: 'Unauthorized'})]);
        routes['PATCH /connections/c1'] = json(conn());
        const fetch = routeFetch(routes);
        renderInHost(<ConnectionsSetting/>);

        const form = await screen.findByTestId('frontdesk-admin-reconnect-form');
        expect(within(form).getByTestId('frontdesk-admin-field-bot_token')).toHaveValue('');
        expect(within(form).getByTestId('frontdesk-admin-field-bot_token')).not.toBeRequired();
        expect(within(form).getByTestId('frontdesk-admin-field-bot_username')).toHaveValue('shop_bot');
        expect(scrolled).toHaveBeenCalled();
        routes['GET /connections'] = json([conn()]);
        fireEvent.click(within(form).getByTestId('frontdesk-admin-reconnect-save'));

        await waitFor(() => expect(screen.queryByTestId('frontdesk-admin-reconnect-form')).not.toBeInTheDocument());
        const patch = fetch.mock.calls.find(([, init]) => init?.method === 'PATCH')!;
        expect(bodyOf(patch[1]!)).toEqual({credentials: {bot_token: '********', bot_username: 'shop_bot'}});
        await waitFor(() => expect(screen.getByTestId('frontdesk-admin-connection')).toHaveAttribute('data-status', 'active'));
        expect(screen.getByTestId('frontdesk-admin-done')).toHaveTextContent('Reconnected: the credentials are saved, the webhook is registered again');
    });

    test('edits the name alone, and deletes only after a confirmation that says the threads stay', async () => {
        const routes = baseRoutes([conn()]);
        routes['PATCH /connections/c1'] = json(conn({name: 'Front bot'}));
        routes['DELETE /connections/c1'] = () => new Response(null, {status: 204});
        const fetch = routeFetch(routes);
        renderInHost(<ConnectionsSetting/>);

        fireEvent.click(await screen.findByTestId('frontdesk-admin-edit'));
        fireEvent.change(screen.getByTestId('frontdesk-admin-edit-name'), {target: {value: 'Front bot'}});
        routes['GET /connections'] = json([conn({name: 'Front bot'})]);
        fireEvent.click(screen.getByTestId('frontdesk-admin-edit-save'));
        await waitFor(() => expect(screen.getByTestId('frontdesk-admin-connection-name')).toHaveTextContent('Front bot'));
        expect(bodyOf(fetch.mock.calls.find(([, init]) => init?.method === 'PATCH')![1]!)).toEqual({name: 'Front bot'});

        fireEvent.click(screen.getByTestId('frontdesk-admin-delete'));
        expect(screen.getByTestId('frontdesk-admin-delete-confirm')).toHaveTextContent('Delete Front bot? Frontdesk stops relaying this account\'s messages. The threads already posted stay in Mattermost.');
        expect(callsTo(fetch, 'DELETE /connections/c1')).toHaveLength(0);
        routes['GET /connections'] = json([]);
        fireEvent.click(screen.getByTestId('frontdesk-admin-delete-yes'));
        expect(await screen.findByTestId('frontdesk-admin-empty')).toBeInTheDocument();
        expect(callsTo(fetch, 'DELETE /connections/c1')).toHaveLength(1);
    });

    test('Edit moves the chats to another channel: only the channel is sent, and the public-channel warning the server answers shows', async () => {
        const warning = 'everyone on the team can join this public channel and read its chats; map the connection to a private channel to keep them to its members';
        const routes = baseRoutes([conn()]);
        routes['PATCH /connections/c1'] = json({...conn({channel_id: 'pub', channel_name: 'Town square', team_name: 'Repair shop'}), warning});
        const fetch = routeFetch(routes);
        renderInHost(<ConnectionsSetting/>);

        fireEvent.click(await screen.findByTestId('frontdesk-admin-edit'));
        const form = screen.getByTestId('frontdesk-admin-edit-form');
        expect(within(form).getByRole('heading')).toHaveTextContent('Edit Shop bot');
        expect(within(form).getByTestId('frontdesk-admin-edit-name')).toHaveValue('Shop bot');
        await within(form).findByRole('option', {name: 'Repair shop'});
        fireEvent.change(within(form).getByTestId('frontdesk-admin-team'), {target: {value: 't1'}});
        await within(form).findByRole('option', {name: '# Town square'});
        expect(within(form).getByRole('option', {name: '🔒 Customers'})).toBeInTheDocument();
        fireEvent.change(within(form).getByTestId('frontdesk-admin-channel-select'), {target: {value: 'pub'}});
        expect(within(form).getByTestId('frontdesk-admin-public-hint')).toHaveTextContent('everyone on the team can join it');
        routes['GET /connections'] = json([conn({channel_id: 'pub', channel_name: 'Town square', team_name: 'Repair shop'})]);
        fireEvent.click(within(form).getByTestId('frontdesk-admin-edit-save'));

        expect(await screen.findByTestId('frontdesk-admin-warning')).toHaveTextContent(`Warning: ${warning}`);
        expect(screen.queryByTestId('frontdesk-admin-edit-form')).not.toBeInTheDocument();
        expect(screen.getByTestId('frontdesk-admin-done')).toHaveTextContent(en['frontdesk.admin.saved']);
        expect(bodyOf(fetch.mock.calls.find(([, init]) => init?.method === 'PATCH')![1]!)).toEqual({channel_id: 'pub'});
        await waitFor(() => expect(screen.getByTestId('frontdesk-admin-connection-channel')).toHaveTextContent('Town square in Repair shop'));
    });

    test('Edit keeps the form and the choice when the server refuses the channel; picking the current channel sends nothing for it', async () => {
        const routes = baseRoutes([conn()]);
        routes['PATCH /connections/c1'] = json({error: 'invalid', message: 'channel "Town square" is archived: pick a channel in use'}, 400);
        const fetch = routeFetch(routes);
        renderInHost(<ConnectionsSetting/>);

        fireEvent.click(await screen.findByTestId('frontdesk-admin-edit'));
        const form = screen.getByTestId('frontdesk-admin-edit-form');
        await within(form).findByRole('option', {name: 'Repair shop'});
        fireEvent.change(within(form).getByTestId('frontdesk-admin-team'), {target: {value: 't1'}});
        await within(form).findByRole('option', {name: '# Town square'});
        fireEvent.change(within(form).getByTestId('frontdesk-admin-channel-select'), {target: {value: 'pub'}});
        fireEvent.click(within(form).getByTestId('frontdesk-admin-edit-save'));

        expect(await screen.findByTestId('frontdesk-admin-row-error')).toHaveTextContent('channel "Town square" is archived: pick a channel in use');
        expect(screen.getByTestId('frontdesk-admin-edit-form')).toBeInTheDocument();
        expect(within(form).getByTestId('frontdesk-admin-channel-select')).toHaveValue('pub');
        expect(screen.queryByTestId('frontdesk-admin-done')).not.toBeInTheDocument();
        expect(screen.getByTestId('frontdesk-admin-connection-channel')).toHaveTextContent('Customers in Repair shop');

        // The channel it already feeds, with a new name: only the name goes.
        routes['PATCH /connections/c1'] = json(conn({name: 'Front bot'}));
        fireEvent.change(within(form).getByTestId('frontdesk-admin-channel-select'), {target: {value: 'ch1'}});
        fireEvent.change(within(form).getByTestId('frontdesk-admin-edit-name'), {target: {value: 'Front bot'}});
        fireEvent.click(within(form).getByTestId('frontdesk-admin-edit-save'));
        await waitFor(() => expect(screen.queryByTestId('frontdesk-admin-edit-form')).not.toBeInTheDocument());
        expect(callsTo(fetch, 'PATCH /connections/c1')).toHaveLength(2);
        expect(bodyOf(fetch.mock.calls.filter(([, init]) => init?.method === 'PATCH')[1][1]!)).toEqual({name: 'Front bot'});
        expect(screen.queryByTestId('frontdesk-admin-warning')).not.toBeInTheDocument();
    });

    test('Edit into a new private channel creates it first, then moves the chats there', async () => {
        const routes = baseRoutes([conn()]);
        routes['POST /api/v4/channels'] = json({id: 'new1', team_id: 't1', name: 'vip-chats', display_name: 'VIP chats', type: 'P'}, 201);
        routes['PATCH /connections/c1'] = json(conn({channel_id: 'new1', channel_name: 'VIP chats', team_name: 'Repair shop'}));
        const fetch = routeFetch(routes);
        renderInHost(<ConnectionsSetting/>);

        fireEvent.click(await screen.findByTestId('frontdesk-admin-edit'));
        const form = screen.getByTestId('frontdesk-admin-edit-form');
        fireEvent.click(within(form).getByTestId('frontdesk-admin-channel-new'));
        await within(form).findByRole('option', {name: 'Repair shop'});
        fireEvent.change(within(form).getByTestId('frontdesk-admin-team'), {target: {value: 't1'}});
        expect(within(form).getByTestId('frontdesk-admin-edit-save')).toBeDisabled();
        fireEvent.change(within(form).getByTestId('frontdesk-admin-channel-name'), {target: {value: 'VIP chats'}});
        fireEvent.click(within(form).getByTestId('frontdesk-admin-edit-save'));

        await waitFor(() => expect(screen.queryByTestId('frontdesk-admin-edit-form')).not.toBeInTheDocument());
        expect(bodyOf(fetch.mock.calls.find(([input, init]) => String(input).endsWith('/api/v4/channels') && init?.method === 'POST')![1]!)).toEqual({team_id: 't1', name: 'vip-chats', display_name: 'VIP chats', type: 'P'});
        expect(bodyOf(fetch.mock.calls.find(([, init]) => init?.method === 'PATCH')![1]!)).toEqual({channel_id: 'new1'});
    });

    test('names the actions of the audit trail in words, and an unknown one as the server does', async () => {
        const entry = (id: string, action: string, targetType: string) => ({id, at: 1000, user_id: 'u1', username: 'admin', action, target_type: targetType, target_id: 'c1', detail: ''});
        const routes = baseRoutes([]);
        routes['GET /audit'] = json({entries: [
            entry('a1', 'connection.update', 'connection'), entry('a2', 'connection.reconnect', 'connection'),
            entry('a3', 'access.change', 'settings'), entry('a4', 'assign', 'conversation'), entry('a5', 'future.thing', 'connection'),
        ]});
        routeFetch(routes);
        renderInHost(<ConnectionsSetting/>);

        const audit = await screen.findByTestId('frontdesk-admin-audit');
        await waitFor(() => expect(within(audit).getAllByTestId('frontdesk-admin-audit-entry')).toHaveLength(5));
        expect(within(audit).getAllByTestId('frontdesk-admin-audit-entry').map((r) => r.children[2].textContent)).toEqual([
            'Connection changed', 'Connection reconnected', 'Who may use chats changed', 'Chat assigned', 'future.thing connection',
        ]);
    });

    test('shows the audit trail, older entries on Load more', async () => {
        const entry = (n: number) => ({id: `a${n}`, at: 1000 - n, user_id: 'u1', username: 'admin', action: 'connect', target_type: 'connection', target_id: 'c1', detail: `entry ${n}`});
        const routes = baseRoutes([]);
        routes['GET /audit'] = (q) => jsonResponse(200, {entries: q.get('before') ? [entry(20)] : Array.from({length: 20}, (_, i) => entry(i))});
        const fetch = routeFetch(routes);
        renderInHost(<ConnectionsSetting/>);

        const audit = await screen.findByTestId('frontdesk-admin-audit');
        expect(within(audit).getAllByTestId('frontdesk-admin-audit-entry')).toHaveLength(20);
        expect(within(audit).getAllByTestId('frontdesk-admin-audit-entry')[0]).toHaveTextContent('@admin');
        expect(within(audit).getAllByTestId('frontdesk-admin-audit-entry')[0]).toHaveTextContent('connect connection');
        fireEvent.click(within(audit).getByTestId('frontdesk-admin-audit-more'));
        await waitFor(() => expect(within(audit).getAllByTestId('frontdesk-admin-audit-entry')).toHaveLength(21));
        expect(callsTo(fetch, 'GET /audit').map((q) => q.get('before'))).toEqual([null, '981']);
        expect(within(audit).queryByTestId('frontdesk-admin-audit-more')).not.toBeInTheDocument();
    });

    test('names the System Console, not a user, for a setting saved there', async () => {
        const routes = baseRoutes([]);
        routes['GET /audit'] = () => jsonResponse(200, {entries: [
            {id: 'a1', at: 1000, user_id: '', username: 'System Console', via: 'system_console', action: 'access.change', target_type: 'settings', target_id: 'ChatAccess', detail: 'groups'},
        ]});
        routeFetch(routes);
        renderInHost(<ConnectionsSetting/>);

        const entry = await screen.findByTestId('frontdesk-admin-audit-entry');
        expect(entry).toHaveTextContent('System Console');
        expect(entry).not.toHaveTextContent('@');
    });
});
