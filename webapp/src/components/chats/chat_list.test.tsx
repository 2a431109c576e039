import {act, fireEvent, screen, waitFor, within} from '@testing-library/react';
import React from 'react';

import {callsTo, jsonResponse, routeFetch, routeKey, type Route} from '../../../tests/fetch';
import {renderInHost} from '../../../tests/render';
import {createListEvents} from '../../list_events';
import type {Conversation} from '../../client/types';

import ChatList from './chat_list';

function conv(id: string, over: Partial<Conversation> = {}): Conversation {
    return {
        id,
        connection_id: 'conn1',
        kind: 'telegram',
        connection_name: 'Shop bot',
        account_name: 'shop_bot',
        root_post_id: `root-${id}`,
        status: 'active',
        customer: {id: `cust-${id}`, name: `Customer ${id}`},
        last_customer_at: Date.UTC(2025, 4, 6, 9, 30),
        last_message_at: Date.UTC(2025, 4, 6, 9, 30),
        unread: false,
        unanswered: false,
        pruned_count: 0,
        ...over,
    };
}

const ok = (body: unknown): Route => () => jsonResponse(200, body);

function detail(id: string, over: Partial<Conversation> = {}) {
    return {...conv(id, over), channel_id: 'ch1', sync_lost: false, window: {state: 'always', until: 0}};
}

function rows() {
    return screen.queryAllByTestId('frontdesk-chat');
}

afterEach(() => {
    vi.unstubAllGlobals();
    delete window.WebappUtils;
});

describe('ChatList', () => {
    test('lists active chats newest first with blue unread and grey unanswered markers', async () => {
        const fetchMock = routeFetch({
            'GET /conversations': ok([
                conv('c1', {unread: true, unanswered: true, customer: {id: 'x1', name: 'Anna Nowak'}}),
                conv('c2', {unanswered: true, customer: {id: 'x2', name: '', username: 'bob_k'}}),
                conv('c3', {customer: {id: 'x3', name: '', phone: '+48500100200'}}),
            ]),
        });

        renderInHost(<ChatList/>);

        expect(screen.getByTestId('frontdesk-chats-loading')).toHaveTextContent('Loading chats…');
        await waitFor(() => expect(rows()).toHaveLength(3));
        const [anna, bob, phone] = rows();
        expect(within(anna).getByTestId('frontdesk-chat-name')).toHaveTextContent('Anna Nowak');
        expect(within(anna).getByTestId('frontdesk-chat-marker')).toHaveAttribute('data-marker', 'unread');
        expect(within(anna).getByTestId('frontdesk-chat-marker')).toHaveStyle({background: '#1c58d9'});
        expect(within(anna).getByRole('img', {name: 'Unread'})).toBeInTheDocument();
        expect(within(bob).getByTestId('frontdesk-chat-name')).toHaveTextContent('@bob_k');
        expect(within(bob).getByTestId('frontdesk-chat-marker')).toHaveAttribute('data-marker', 'unanswered');
        expect(within(bob).getByTestId('frontdesk-chat-marker')).toHaveStyle({background: '#8d93a5'});
        expect(within(phone).getByTestId('frontdesk-chat-name')).toHaveTextContent('+48500100200');
        expect(within(phone).getByTestId('frontdesk-chat-marker')).toHaveAttribute('data-marker', 'none');
        expect(within(anna).getByTestId('frontdesk-chat-time')).toHaveAttribute('dateTime', '2025-05-06T09:30:00.000Z');
        expect(within(anna).getByTestId('frontdesk-chat-time')).toHaveTextContent(/May/);
        expect(within(anna).getByTestId('frontdesk-chat-provider')).toHaveTextContent('Telegram · shop_bot');
        expect(within(anna).getByTestId('frontdesk-chat-archive')).toHaveTextContent('Archive');

        // The rows name their provider from the list itself: no other call but the connections
        // the filter offers.
        expect(fetchMock.mock.calls.map(([input, init]) => routeKey(String(input), init)).sort()).toEqual(['GET /connections', 'GET /conversations']);
        const [query] = callsTo(fetchMock, 'GET /conversations');
        expect(Object.fromEntries(query)).toEqual({status: 'active', page: '0', per_page: '20'});
    });

    test('names the provider with the account, else the connection, and nothing for an unknown kind', async () => {
        routeFetch({
            'GET /conversations': ok([
                conv('w1', {kind: 'whatsapp', connection_name: 'Shop WhatsApp', account_name: '+48 22 000 00 00'}),
                conv('m1', {kind: 'messenger', connection_name: 'Shop page', account_name: ''}),
                conv('s1', {kind: 'sms', connection_name: 'Shop SMS', account_name: '+48 600 000 000'}),
                conv('x1', {kind: 'fax' as Conversation['kind'], connection_name: 'Old fax'}),
            ]),
        });

        renderInHost(<ChatList/>);

        await waitFor(() => expect(rows()).toHaveLength(4));
        const providers = rows().map((r) => within(r).getByTestId('frontdesk-chat-provider').textContent);
        expect(providers).toEqual(['WhatsApp · +48 22 000 00 00', 'Messenger · Shop page', 'SMS · +48 600 000 000', '']);
    });

    test('says which customers blocked the bot or texted STOP, and only those', async () => {
        routeFetch({
            'GET /conversations': ok([
                conv('t1', {opted_out_at: Date.UTC(2025, 4, 6)}),
                conv('s1', {kind: 'sms', opted_out_at: Date.UTC(2025, 4, 6)}),
                conv('t2'),
            ]),
        });

        renderInHost(<ChatList/>);

        await waitFor(() => expect(rows()).toHaveLength(3));
        const [blocked, stopped, reachable] = rows();
        expect(within(blocked).getByTestId('frontdesk-chat-opted-out')).toHaveTextContent('Blocked the bot: replies are held');
        expect(within(stopped).getByTestId('frontdesk-chat-opted-out')).toHaveTextContent('Texted STOP: replies are held');
        expect(within(reachable).queryByTestId('frontdesk-chat-opted-out')).toBeNull();
    });

    test('switches to archived chats, names who archived each and when, and marks none of them', async () => {
        const archivedAt = Date.UTC(2025, 4, 7, 15, 45);
        const fetchMock = routeFetch({
            'GET /conversations': (q) => jsonResponse(200, q.get('status') === 'archived' ? [
                // The server still says the customer waits; a closed chat shows no marker for it.
                conv('a1', {status: 'archived', archived_by: 'user1', archived_at: archivedAt, unanswered: true}),
                conv('a2', {status: 'archived', archived_by: 'user2', archived_at: archivedAt, unread: true, unanswered: true}),
            ] : [conv('c1')]),
            'GET /api/v4/users/user2': ok({id: 'user2', username: 'bob', first_name: 'Bob', last_name: 'Builder'}),
        });

        renderInHost(<ChatList/>);
        await waitFor(() => expect(rows()).toHaveLength(1));
        expect(screen.getByTestId('frontdesk-tab-active')).toHaveAttribute('aria-selected', 'true');

        fireEvent.click(screen.getByTestId('frontdesk-tab-archived'));

        expect(screen.getByTestId('frontdesk-tab-archived')).toHaveAttribute('aria-selected', 'true');
        expect(screen.getByTestId('frontdesk-tab-active')).toHaveAttribute('aria-selected', 'false');
        await waitFor(() => expect(rows().map((r) => r.dataset.conversationId)).toEqual(['a1', 'a2']));
        const [mine, bobs] = rows();
        // user1 is in the web app's store; user2 is asked of the server.
        expect(within(mine).getByTestId('frontdesk-chat-archived')).toHaveTextContent(/^Archived by Alice Smith at May 7/);
        await waitFor(() => expect(within(bobs).getByTestId('frontdesk-chat-archived')).toHaveTextContent(/^Archived by Bob Builder at May 7/));
        expect(within(mine).getByTestId('frontdesk-chat-reopen')).toHaveTextContent('Reopen');
        for (const row of [mine, bobs]) {
            expect(row).toHaveAttribute('data-marker', 'none');
            expect(within(row).getByTestId('frontdesk-chat-marker')).toHaveAttribute('data-marker', 'none');
            expect(within(row).queryByRole('img')).not.toBeInTheDocument();
            expect(within(row).getByTestId('frontdesk-chat-name')).toHaveStyle({fontWeight: '600'});
        }
        expect(callsTo(fetchMock, 'GET /conversations').map((q) => q.get('status'))).toEqual(['active', 'archived']);
        expect(callsTo(fetchMock, 'GET /api/v4/users/user1')).toHaveLength(0);
        expect(callsTo(fetchMock, 'GET /api/v4/users/user2')).toHaveLength(1);
    });

    test('says when there are no active or no archived chats', async () => {
        routeFetch({'GET /conversations': ok([])});

        renderInHost(<ChatList/>);

        expect(await screen.findByTestId('frontdesk-chats-empty')).toHaveTextContent("No active chats. Customers' new messages appear here; start one yourself with + Chat.");
        fireEvent.click(screen.getByTestId('frontdesk-tab-archived'));
        await waitFor(() => expect(screen.getByTestId('frontdesk-chats-empty')).toHaveTextContent('No archived chats'));
        expect(screen.queryByTestId('frontdesk-chats-more')).not.toBeInTheDocument();
    });

    test('shows the server error and loads again on retry', async () => {
        const routes: Record<string, Route> = {
            'GET /conversations': () => jsonResponse(500, {error: 'internal', message: 'The database is not reachable.'}),
        };
        const fetchMock = routeFetch(routes);

        renderInHost(<ChatList/>);

        expect(await screen.findByTestId('frontdesk-chats-error-message')).toHaveTextContent(
            'Could not load chats: The database is not reachable.',
        );
        routes['GET /conversations'] = ok([conv('c1', {unread: true})]);
        fireEvent.click(screen.getByTestId('frontdesk-chats-retry'));

        await waitFor(() => expect(rows()).toHaveLength(1));
        expect(screen.queryByTestId('frontdesk-chats-error')).not.toBeInTheDocument();
        expect(callsTo(fetchMock, 'GET /conversations')).toHaveLength(2);
    });

    test('one click marks the chat read and opens its thread through the web app router', async () => {
        document.cookie = 'MMCSRF=csrf1';
        const push = vi.fn();
        window.WebappUtils = {browserHistory: {push}};
        const fetchMock = routeFetch({
            'GET /conversations': ok([conv('c1', {unread: true, unanswered: true})]),
            'POST /conversations/c1/read': ok({ok: true}),
        });

        renderInHost(<ChatList/>);
        await waitFor(() => expect(rows()).toHaveLength(1));

        fireEvent.click(screen.getByTestId('frontdesk-chat-open'));

        // Read, now waiting for an answer: grey.
        expect(screen.getByTestId('frontdesk-chat-marker')).toHaveAttribute('data-marker', 'unanswered');
        await waitFor(() => expect(push).toHaveBeenCalledWith('/repair-shop/pl/root-c1'));
        const read = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/conversations/c1/read'));
        expect(read?.[1]?.method).toBe('POST');
        expect(read?.[1]?.headers).toMatchObject({'X-CSRF-Token': 'csrf1'});
        document.cookie = 'MMCSRF=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    });

    test('opens the thread even when marking it read fails', async () => {
        const push = vi.fn();
        window.WebappUtils = {browserHistory: {push}};
        routeFetch({
            'GET /conversations': ok([conv('c1', {unread: true})]),
            'POST /conversations/c1/read': () => jsonResponse(500, {error: 'internal', message: 'down'}),
        });

        renderInHost(<ChatList/>);
        await waitFor(() => expect(rows()).toHaveLength(1));
        fireEvent.click(screen.getByTestId('frontdesk-chat-open'));

        await waitFor(() => expect(push).toHaveBeenCalledWith('/repair-shop/pl/root-c1'));
    });

    test('archives an active chat and reopens an archived one, each leaving its tab', async () => {
        const fetchMock = routeFetch({
            'GET /conversations': (q) => jsonResponse(200, q.get('status') === 'archived' ?
                [conv('a1', {status: 'archived', archived_by: 'user1', archived_at: 1})] :
                [conv('c1'), conv('c2')]),
            'POST /conversations/c1/archive': ok(conv('c1', {status: 'archived'})),
            'POST /conversations/a1/reopen': ok(conv('a1')),
        });

        renderInHost(<ChatList/>);
        await waitFor(() => expect(rows()).toHaveLength(2));

        fireEvent.click(within(rows()[0]).getByTestId('frontdesk-chat-archive'));
        await waitFor(() => expect(rows().map((r) => r.dataset.conversationId)).toEqual(['c2']));
        expect(callsTo(fetchMock, 'POST /conversations/c1/archive')).toHaveLength(1);

        fireEvent.click(screen.getByTestId('frontdesk-tab-archived'));
        await waitFor(() => expect(rows().map((r) => r.dataset.conversationId)).toEqual(['a1']));
        fireEvent.click(screen.getByTestId('frontdesk-chat-reopen'));
        expect(await screen.findByTestId('frontdesk-chats-empty')).toHaveTextContent('No archived chats');
        expect(callsTo(fetchMock, 'POST /conversations/a1/reopen')).toHaveLength(1);
    });

    test('keeps the row and says why when archiving is refused', async () => {
        routeFetch({
            'GET /conversations': ok([conv('c1')]),
            'POST /conversations/c1/archive': () => jsonResponse(404, {error: 'not_found', message: 'No such chat.'}),
        });

        renderInHost(<ChatList/>);
        await waitFor(() => expect(rows()).toHaveLength(1));
        fireEvent.click(screen.getByTestId('frontdesk-chat-archive'));

        expect(await screen.findByTestId('frontdesk-chat-error')).toHaveTextContent('That did not work: No such chat.');
        expect(rows()).toHaveLength(1);
        expect(screen.getByTestId('frontdesk-chat-archive')).toBeEnabled();
    });

    test('loads more a page at a time until a short page', async () => {
        const all = Array.from({length: 25}, (_, i) => conv(`c${i}`));
        const fetchMock = routeFetch({
            'GET /conversations': (q) => {
                const page = Number(q.get('page'));
                const perPage = Number(q.get('per_page'));
                return jsonResponse(200, all.slice(page * perPage, (page + 1) * perPage));
            },
        });

        renderInHost(<ChatList/>);
        await waitFor(() => expect(rows()).toHaveLength(20));

        fireEvent.click(screen.getByTestId('frontdesk-chats-more'));

        await waitFor(() => expect(rows()).toHaveLength(25));
        expect(rows()[24].dataset.conversationId).toBe('c24');
        expect(screen.queryByTestId('frontdesk-chats-more')).not.toBeInTheDocument();
        expect(callsTo(fetchMock, 'GET /conversations').map((q) => [q.get('page'), q.get('per_page')])).toEqual([['0', '20'], ['1', '20']]);
    });

    test('updates the rows the websocket names, one load per chat for a burst, without loading the list again', async () => {
        const listEvents = createListEvents(20);
        const routes: Record<string, Route> = {
            'GET /conversations': ok([conv('c1', {last_message_at: 100})]),
            'GET /conversations/c9': () => jsonResponse(200, detail('c9', {unread: true, unanswered: true, last_message_at: 200, customer: {id: 'x9', name: 'New Customer'}})),
        };
        const fetchMock = routeFetch(routes);

        renderInHost(<ChatList/>, {listEvents});
        await waitFor(() => expect(rows()).toHaveLength(1));

        act(() => {
            listEvents.conversation('c9');
            listEvents.conversation('c9');
            listEvents.conversation('c9');
        });

        await waitFor(() => expect(rows().map((r) => r.dataset.conversationId)).toEqual(['c9', 'c1']));
        expect(within(rows()[0]).getByTestId('frontdesk-chat-marker')).toHaveAttribute('data-marker', 'unread');
        expect(callsTo(fetchMock, 'GET /conversations/c9')).toHaveLength(1);
        expect(callsTo(fetchMock, 'GET /conversations')).toHaveLength(1);

        // Archived elsewhere: it leaves the Active tab; a chat the user lost access to goes too.
        routes['GET /conversations/c9'] = () => jsonResponse(200, detail('c9', {status: 'archived', last_message_at: 200}));
        routes['GET /conversations/c1'] = () => jsonResponse(404, {error: 'not_found', message: 'Not found.'});
        act(() => {
            listEvents.conversation('c9');
            listEvents.conversation('c1');
        });
        await waitFor(() => expect(rows()).toHaveLength(0));
        expect(callsTo(fetchMock, 'GET /conversations')).toHaveLength(1);
    });

    test('marks the rows of a connection that lost sync, and clears them when it works again', async () => {
        const listEvents = createListEvents(5);
        routeFetch({'GET /conversations': ok([conv('c1'), conv('c2', {connection_id: 'conn2'})])});

        renderInHost(<ChatList/>, {listEvents});
        await waitFor(() => expect(rows()).toHaveLength(2));
        act(() => listEvents.connection('conn1', true));
        await waitFor(() => expect(within(rows()[0]).getByTestId('frontdesk-chat-sync-lost')).toHaveTextContent('Connection lost sync'));
        expect(within(rows()[1]).queryByTestId('frontdesk-chat-sync-lost')).not.toBeInTheDocument();
        act(() => listEvents.connection('conn1', false));
        await waitFor(() => expect(screen.queryByTestId('frontdesk-chat-sync-lost')).not.toBeInTheDocument());
    });

    test('keeps the chats on screen when a reload fails, and says so', async () => {
        const listEvents = createListEvents(5);
        const routes: Record<string, Route> = {'GET /conversations': ok([conv('c1')])};
        routeFetch(routes);

        renderInHost(<ChatList/>, {listEvents});
        await waitFor(() => expect(rows()).toHaveLength(1));
        routes['GET /conversations'] = () => Promise.reject(new TypeError('Failed to fetch'));
        // The websocket reconnected: events may have been missed, so the list loads again.
        act(() => listEvents.reload());

        expect(await screen.findByTestId('frontdesk-chats-stale')).toHaveTextContent(
            'Could not refresh the chats: the server could not be reached',
        );
        expect(rows()).toHaveLength(1);
    });

    test('searches once typing pauses and filters by connection, unread, unanswered and "assigned to me"', async () => {
        vi.useFakeTimers({shouldAdvanceTime: true});
        try {
            const fetchMock = routeFetch({
                'GET /conversations': (q) => jsonResponse(200, q.get('q') === 'anna' ? [conv('c1', {customer: {id: 'x1', name: 'Anna Nowak'}})] : [conv('c1'), conv('c2')]),
                'GET /connections': ok([
                    {id: 'conn1', kind: 'telegram', name: 'Shop bot', channel_id: 'ch1', account_name: 'shop_bot', sync_lost: false},
                    {id: 'conn2', kind: 'whatsapp', name: 'Shop WhatsApp', channel_id: 'ch1', account_name: '+48 22 000 00 00', sync_lost: false},
                ]),
            });
            renderInHost(<ChatList/>);
            await waitFor(() => expect(rows()).toHaveLength(2));

            const search = screen.getByTestId('frontdesk-search');
            fireEvent.change(search, {target: {value: 'a'}});
            fireEvent.change(search, {target: {value: 'an'}});
            fireEvent.change(search, {target: {value: 'anna'}});
            expect(callsTo(fetchMock, 'GET /conversations')).toHaveLength(1);
            await act(async () => {
                await vi.advanceTimersByTimeAsync(350);
            });
            await waitFor(() => expect(rows()).toHaveLength(1));
            // One search for the word typed, not one per key.
            expect(callsTo(fetchMock, 'GET /conversations').map((q) => q.get('q'))).toEqual([null, 'anna']);

            fireEvent.change(await screen.findByTestId('frontdesk-filter-connection'), {target: {value: 'conn2'}});
            fireEvent.click(screen.getByTestId('frontdesk-filter-unread'));
            fireEvent.click(screen.getByTestId('frontdesk-filter-unanswered'));
            fireEvent.click(screen.getByTestId('frontdesk-filter-mine'));
            expect(screen.getByTestId('frontdesk-filter-mine')).toHaveAttribute('aria-pressed', 'true');
            await waitFor(() => {
                const last = callsTo(fetchMock, 'GET /conversations').at(-1)!;
                expect(Object.fromEntries(last)).toEqual({
                    status: 'active', page: '0', per_page: '20', q: 'anna', connection_id: 'conn2', unread: 'true', unanswered: 'true', assigned: 'me',
                });
            });
        } finally {
            vi.useRealTimers();
        }
    });

    test('says when nothing matches the filters, and clears them', async () => {
        routeFetch({'GET /conversations': (q) => jsonResponse(200, q.get('unread') ? [] : [conv('c1')])});
        renderInHost(<ChatList/>);
        await waitFor(() => expect(rows()).toHaveLength(1));
        fireEvent.click(screen.getByTestId('frontdesk-filter-unread'));
        expect(await screen.findByTestId('frontdesk-chats-empty')).toHaveTextContent('No chat matches the search and filters.');
        fireEvent.click(screen.getByTestId('frontdesk-chats-clear-filters'));
        await waitFor(() => expect(rows()).toHaveLength(1));
        expect(screen.getByTestId('frontdesk-filter-unread')).toHaveAttribute('aria-pressed', 'false');
    });

    test('pages with the server\'s X-Has-More', async () => {
        const all = Array.from({length: 30}, (_, i) => conv(`c${i}`));
        const fetchMock = routeFetch({
            'GET /conversations': (q) => {
                const page = Number(q.get('page'));
                const items = all.slice(page * 20, (page + 1) * 20);
                return new Response(JSON.stringify(items), {status: 200, headers: {'Content-Type': 'application/json', 'X-Has-More': String((page + 1) * 20 < all.length)}});
            },
        });
        renderInHost(<ChatList/>);
        await waitFor(() => expect(rows()).toHaveLength(20));
        fireEvent.click(screen.getByTestId('frontdesk-chats-more'));
        await waitFor(() => expect(rows()).toHaveLength(30));
        expect(screen.queryByTestId('frontdesk-chats-more')).not.toBeInTheDocument();
        expect(callsTo(fetchMock, 'GET /conversations')).toHaveLength(2);
    });

    test('shows the provider\'s state and the assignee on each row', async () => {
        routeFetch({'GET /conversations': ok([
            conv('c1', {window_closed: true, assignee_id: 'user1', assignee_username: 'alice'}),
            conv('c2', {sync_lost: true, assignee_id: 'user2', assignee_username: 'bob'}),
            conv('c3'),
        ])});
        renderInHost(<ChatList/>);
        await waitFor(() => expect(rows()).toHaveLength(3));
        const [mine, bobs, free] = rows();
        expect(within(mine).getByTestId('frontdesk-chat-window-closed')).toHaveTextContent('Window closed');
        expect(within(mine).getByTestId('frontdesk-chat-assignee')).toHaveTextContent('Assigned to you');
        expect(within(mine).queryByTestId('frontdesk-chat-take')).not.toBeInTheDocument();
        expect(within(mine).getByTestId('frontdesk-chat-unassign')).toBeInTheDocument();
        expect(within(bobs).getByTestId('frontdesk-chat-sync-lost')).toHaveTextContent('Connection lost sync');
        expect(within(bobs).getByTestId('frontdesk-chat-assignee')).toHaveTextContent('Assigned to @bob');
        expect(within(bobs).getByTestId('frontdesk-chat-take')).toBeInTheDocument();
        expect(within(free).queryByTestId('frontdesk-chat-assignee')).not.toBeInTheDocument();
        expect(within(free).queryByTestId('frontdesk-chat-unassign')).not.toBeInTheDocument();
    });

    test('Take, Assign… and Unassign change the row at once, and a refusal says why', async () => {
        const assigned: string[] = [];
        routeFetch({
            'GET /conversations': ok([conv('c1')]),
            'POST /conversations/c1/assign': (_q, init) => {
                const {user_id: userId} = JSON.parse(String(init.body)) as {user_id: string};
                assigned.push(userId);
                if (userId === 'user3') {
                    return jsonResponse(400, {error: 'invalid', message: '@carol is not a member of this chat\'s channel.'});
                }
                const names: Record<string, string> = {user1: 'alice', user2: 'bob'};
                return jsonResponse(200, conv('c1', {assignee_id: userId, assignee_username: names[userId] ?? ''}));
            },
            'GET /api/v4/users/autocomplete': (q) => jsonResponse(200, {users: q.get('name') === 'ca' ? [{id: 'user3', username: 'carol'}] : [{id: 'user2', username: 'bob', first_name: 'Bob'}]}),
        });
        renderInHost(<ChatList/>);
        await waitFor(() => expect(rows()).toHaveLength(1));

        fireEvent.click(screen.getByTestId('frontdesk-chat-take'));
        expect(await screen.findByTestId('frontdesk-chat-assignee')).toHaveTextContent('Assigned to you');

        fireEvent.click(screen.getByTestId('frontdesk-chat-assign'));
        fireEvent.click(await screen.findByRole('button', {name: '@bob · Bob'}));
        await waitFor(() => expect(screen.getByTestId('frontdesk-chat-assignee')).toHaveTextContent('Assigned to @bob'));

        fireEvent.click(screen.getByTestId('frontdesk-chat-assign'));
        fireEvent.change(screen.getByTestId('frontdesk-assign-search'), {target: {value: 'ca'}});
        fireEvent.click(await screen.findByRole('button', {name: '@carol'}));
        expect(await screen.findByTestId('frontdesk-chat-error')).toHaveTextContent('@carol is not a member of this chat\'s channel.');
        expect(screen.getByTestId('frontdesk-chat-assignee')).toHaveTextContent('Assigned to @bob');

        fireEvent.click(screen.getByTestId('frontdesk-chat-unassign'));
        await waitFor(() => expect(screen.queryByTestId('frontdesk-chat-assignee')).not.toBeInTheDocument());
        expect(assigned).toEqual(['user1', 'user2', 'user3', '']);
    });
});
