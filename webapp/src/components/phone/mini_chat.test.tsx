import '@testing-library/jest-dom/vitest';
import {act, fireEvent, screen, waitFor} from '@testing-library/react';
import React from 'react';

import {deferred, jsonResponse, requestOf, routeFetch, routeKey, type Route} from '../../../tests/fetch';
import {renderInHost} from '../../../tests/render';
import type {Conversation, MattermostPost} from '../../client/types';
import {createMiniChat, MiniChatContext, postFromEvent, type MiniChat} from '../../mini_chat_store';

import MiniChatWindow, {bubbleText, sideOf} from './mini_chat';

const chat: Conversation = {
    id: 'c1',
    connection_id: 'conn1',
    kind: 'sms',
    connection_name: 'Shop SMS',
    account_name: '+15557654321',
    root_post_id: 'root1',
    status: 'active',
    customer: {id: '+15550001234', name: '', phone: '+15550001234'},
    last_customer_at: 1,
    last_message_at: 1,
    unread: false,
    unanswered: false,
    pruned_count: 0,
};

function post(id: string, at: number, fields: Partial<MattermostPost> = {}): MattermostPost {
    return {id, root_id: 'root1', channel_id: 'ch1', user_id: 'bot1', message: '', create_at: at, ...fields};
}

const root = post('root1', 1, {root_id: '', message: '#### +15550001234', props: {frontdesk_root: true}});
const thread = {
    order: ['root1', 'p2', 'p1'],
    posts: {
        root1: root,
        // Out of order on purpose: the window sorts by time.
        p2: post('p2', 30, {user_id: 'user1', message: 'Yes, until six'}),
        p1: post('p1', 20, {message: '**+15550001234:** Are you open today?', props: {frontdesk_direction: 'in'}}),
        j1: post('j1', 25, {type: 'system_join_channel', message: 'joined'}),
    },
};

function renderWindow(routes: Record<string, Route>, open: (m: MiniChat) => void = (m) => m.open({kind: 'chat', conversation: chat})) {
    const fetchMock = routeFetch(routes);
    const miniChat = createMiniChat();
    renderInHost(
        <MiniChatContext.Provider value={miniChat}>
            <MiniChatWindow/>
        </MiniChatContext.Provider>,
    );
    act(() => open(miniChat));
    return {miniChat, fetchMock};
}

const texts = () => screen.getAllByTestId('frontdesk-mini-chat-message').map((m) => [m.getAttribute('data-side'), m.textContent]);

afterEach(() => {
    vi.unstubAllGlobals();
});

describe('MiniChatWindow', () => {
    test('is closed until opened', () => {
        routeFetch({});
        renderInHost(<MiniChatWindow/>);
        expect(screen.queryByTestId('frontdesk-mini-chat')).not.toBeInTheDocument();
    });

    test('loads the thread: the customer left, staff right, oldest first', async () => {
        const loading = deferred<Response>();
        renderWindow({'GET /api/v4/posts/root1/thread': () => loading.promise});

        const dialog = screen.getByRole('dialog', {name: 'Chat with +15550001234'});
        expect(dialog).toHaveAttribute('data-mode', 'chat');
        expect(dialog).toHaveFocus();
        expect(screen.getByTestId('frontdesk-mini-chat-provider')).toHaveTextContent('SMS · +15557654321');
        expect(screen.getByTestId('frontdesk-mini-chat-loading')).toHaveTextContent('Loading the conversation…');

        loading.resolve(jsonResponse(200, thread));
        await screen.findAllByTestId('frontdesk-mini-chat-message');
        expect(texts()).toEqual([['customer', 'Are you open today?'], ['staff', 'Yes, until six']]);
        expect(screen.getByRole('log')).toBeInTheDocument();
        expect(screen.getByTestId('frontdesk-mini-chat-input')).toHaveFocus();
    });

    test('an empty thread and a failed load say so', async () => {
        renderWindow({'GET /api/v4/posts/root1/thread': () => jsonResponse(200, {order: ['root1'], posts: {root1: root}})});
        expect(await screen.findByTestId('frontdesk-mini-chat-empty')).toHaveTextContent('No messages yet');
    });

    test('a thread that cannot be loaded shows why', async () => {
        renderWindow({'GET /api/v4/posts/root1/thread': () => jsonResponse(403, {id: 'api.context.permissions.app_error', message: 'You do not have the appropriate permissions.'})});
        expect(await screen.findByTestId('frontdesk-mini-chat-error')).toHaveTextContent('Could not load the conversation: You do not have the appropriate permissions.');
        expect(screen.queryByTestId('frontdesk-mini-chat-input')).not.toBeInTheDocument();
    });

    test('sends a reply as the user into the thread and clears the composer', async () => {
        const {fetchMock} = renderWindow({
            'GET /api/v4/posts/root1/thread': () => jsonResponse(200, thread),
            'POST /api/v4/posts': () => jsonResponse(201, post('p3', 40, {user_id: 'user1', message: 'See you then'})),
        });
        const input = await screen.findByTestId('frontdesk-mini-chat-input');

        fireEvent.change(input, {target: {value: 'See you then'}});
        fireEvent.keyDown(input, {key: 'Enter'});

        await waitFor(() => expect(texts()).toHaveLength(3));
        expect(texts()[2]).toEqual(['staff', 'See you then']);
        expect(input).toHaveValue('');
        const sent = fetchMock.mock.calls.findIndex(([url, init]) => routeKey(String(url), init) === 'POST /api/v4/posts');
        const {init} = requestOf(fetchMock, sent);
        expect(JSON.parse(String(init.body))).toEqual({channel_id: 'ch1', root_id: 'root1', message: 'See you then'});
        expect((init.headers as Record<string, string>)['X-Requested-With']).toBe('XMLHttpRequest');
    });

    test('a refused reply shows the reason and keeps the text', async () => {
        renderWindow({
            'GET /api/v4/posts/root1/thread': () => jsonResponse(200, thread),
            'POST /api/v4/posts': () => jsonResponse(400, {
                id: 'plugin.message_will_be_posted.dismiss_post',
                message: 'Post rejected by plugin. The customer texted STOP: replies are held until they text START.',
                status_code: 400,
            }),
        });
        const input = await screen.findByTestId('frontdesk-mini-chat-input');

        fireEvent.change(input, {target: {value: 'Your laptop is ready'}});
        fireEvent.click(screen.getByTestId('frontdesk-mini-chat-send'));

        expect(await screen.findByTestId('frontdesk-mini-chat-send-error')).toHaveTextContent('Not sent: Post rejected by plugin. The customer texted STOP');
        expect(input).toHaveValue('Your laptop is ready');
        expect(texts()).toHaveLength(2);
    });

    test('a post of the thread arrives live, once, and other threads\' posts do not', async () => {
        const {miniChat} = renderWindow({'GET /api/v4/posts/root1/thread': () => jsonResponse(200, thread)});
        await screen.findAllByTestId('frontdesk-mini-chat-message');

        const answer = post('p4', 50, {message: '**+15550001234:** Thanks!', props: {frontdesk_direction: 'in'}});
        act(() => {
            miniChat.posted(answer);
            miniChat.posted(answer);
            miniChat.posted(post('x1', 60, {root_id: 'other', message: 'elsewhere'}));
        });

        expect(texts()).toEqual([['customer', 'Are you open today?'], ['staff', 'Yes, until six'], ['customer', 'Thanks!']]);
    });

    test('the close button and Escape close it', async () => {
        const {miniChat} = renderWindow({'GET /api/v4/posts/root1/thread': () => jsonResponse(200, thread)});
        const input = await screen.findByTestId('frontdesk-mini-chat-input');

        fireEvent.keyDown(input, {key: 'Escape'});
        expect(screen.queryByTestId('frontdesk-mini-chat')).not.toBeInTheDocument();
        expect(miniChat.current()).toBeNull();

        act(() => miniChat.open({kind: 'chat', conversation: chat}));
        fireEvent.click(await screen.findByRole('button', {name: 'Close'}));
        expect(screen.queryByTestId('frontdesk-mini-chat')).not.toBeInTheDocument();
    });
});

describe('+ Chat', () => {
    const connections = [
        {id: 'tg1', kind: 'telegram', name: 'Shop bot', channel_id: 'ch1', account_name: 'shop_bot', sync_lost: false},
        {id: 'sms1', kind: 'sms', name: 'Shop SMS', channel_id: 'ch1', account_name: '+15557654321', sync_lost: false},
        {id: 'wa1', kind: 'whatsapp', name: 'Shop WhatsApp', channel_id: 'ch2', account_name: '', sync_lost: false},
    ];
    const start = (m: MiniChat) => m.open({kind: 'start', phone: '+15550001234'});

    test('offers the connections that can write to a phone, starts the chat and shows its thread', async () => {
        const {fetchMock} = renderWindow({
            'GET /connections': () => jsonResponse(200, connections),
            'POST /conversations': () => jsonResponse(201, chat),
            'GET /api/v4/posts/root1/thread': () => jsonResponse(200, {order: ['root1', 'p1'], posts: {
                root1: root,
                p1: post('p1', 20, {user_id: 'user1', message: 'Your laptop is ready'}),
            }}),
        }, start);

        expect(screen.getByRole('dialog', {name: 'New chat with +15550001234'})).toHaveAttribute('data-mode', 'start');
        const select = await screen.findByTestId('frontdesk-start-connection');
        expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['SMS · +15557654321', 'WhatsApp · Shop WhatsApp']);
        fireEvent.change(select, {target: {value: 'sms1'}});
        fireEvent.change(screen.getByTestId('frontdesk-start-text'), {target: {value: 'Your laptop is ready'}});
        fireEvent.click(screen.getByTestId('frontdesk-start-send'));

        expect(await screen.findByTestId('frontdesk-mini-chat-message')).toHaveTextContent('Your laptop is ready');
        expect(screen.getByTestId('frontdesk-mini-chat')).toHaveAttribute('data-mode', 'chat');
        const started = fetchMock.mock.calls.findIndex(([url, init]) => routeKey(String(url), init) === 'POST /conversations');
        expect(JSON.parse(String(requestOf(fetchMock, started).init.body))).toEqual({connection_id: 'sms1', customer_id: '+15550001234', text: 'Your laptop is ready'});
    });

    test('a refusal shows the reason and keeps the text', async () => {
        renderWindow({
            'GET /connections': () => jsonResponse(200, [connections[2]]),
            'POST /conversations': () => jsonResponse(409, {error: 'not_allowed', message: 'Outside the 24-hour window WhatsApp only takes an approved template.'}),
        }, start);

        const text = await screen.findByTestId('frontdesk-start-text');
        fireEvent.change(text, {target: {value: 'Hello Anna'}});
        fireEvent.click(screen.getByTestId('frontdesk-start-send'));

        expect(await screen.findByTestId('frontdesk-start-failed')).toHaveTextContent('The chat was not started: Outside the 24-hour window WhatsApp only takes an approved template.');
        expect(text).toHaveValue('Hello Anna');
        expect(screen.getByTestId('frontdesk-mini-chat')).toHaveAttribute('data-mode', 'start');
        expect(screen.getByTestId('frontdesk-start-send')).toBeEnabled();
    });

    test('without a WhatsApp or SMS connection it says what it takes', async () => {
        renderWindow({'GET /connections': () => jsonResponse(200, [connections[0]])}, start);
        expect(await screen.findByTestId('frontdesk-start-none')).toHaveTextContent('that takes WhatsApp or SMS');
    });

    test('connections that cannot be loaded show why', async () => {
        renderWindow({'GET /connections': () => jsonResponse(500, {error: 'internal', message: 'Database unavailable.'})}, start);
        expect(await screen.findByTestId('frontdesk-start-error')).toHaveTextContent('Could not load your connections: Database unavailable.');
    });
});

describe('thread helpers', () => {
    test('places posts by who wrote them', () => {
        expect(sideOf(post('a', 1, {props: {frontdesk_direction: 'in'}}), 'bot1')).toBe('customer');
        expect(sideOf(post('b', 1, {props: {frontdesk_direction: 'out'}}), 'bot1')).toBe('staff');
        expect(sideOf(post('c', 1, {user_id: 'user1'}), 'bot1')).toBe('staff');
        expect(sideOf(post('d', 1, {message: 'Alice linked the client'}), 'bot1')).toBe('notice');
        expect(sideOf(post('e', 1, {user_id: 'user1', type: 'custom_frontdesk_note'}), 'bot1')).toBe('notice');
    });

    test('a customer\'s bubble drops the name the title already says and the mention guard', () => {
        const p = post('a', 1, {message: '**Anna Nowak:** mail me at anna@\u200bexample.com'});
        expect(bubbleText(p, 'customer')).toBe('mail me at anna@example.com');
        expect(bubbleText(post('b', 1, {message: '**Bold** start'}), 'staff')).toBe('**Bold** start');
    });

    test('reads the post of a websocket posted event', () => {
        expect(postFromEvent({post: JSON.stringify(post('a', 1))})?.id).toBe('a');
        expect(postFromEvent({post: '{not json'})).toBeNull();
        expect(postFromEvent({})).toBeNull();
    });
});
