import {act, fireEvent, screen, waitFor, within} from '@testing-library/react';
import React from 'react';

import {callsTo, jsonResponse, routeFetch, type Route} from '../../../tests/fetch';
import {hostState, renderInHost, siteURL} from '../../../tests/render';
import {createChatInfo} from '../../chat_info';
import type {ConversationDetail} from '../../client/types';

import ChatComposerBar from './chat_composer_bar';
import ThreadNotice, {noticeOf} from './thread_notice';

function chat(over: Partial<ConversationDetail> = {}): ConversationDetail {
    return {
        id: 'c1', connection_id: 'conn1', kind: 'telegram', connection_name: 'Shop bot', account_name: 'shop_bot',
        root_post_id: 'root1', status: 'active', customer: {id: 'x1', name: 'Anna Nowak'},
        last_customer_at: 1, last_message_at: 1, unread: false, unanswered: true, pruned_count: 0,
        channel_id: 'ch1', sync_lost: false, window: {state: 'always', until: 0},
        ...over,
    };
}

const posts = {
    root1: {id: 'root1', root_id: '', create_at: 1, props: {frontdesk_conversation_id: 'c1'}},
    r1: {id: 'r1', root_id: 'root1', create_at: 2, props: {}},
    r2: {id: 'r2', root_id: 'root1', create_at: 3, props: {}},
    plain: {id: 'plain', root_id: '', create_at: 1, props: {}},
};

function stateWith(draft = '') {
    return {
        ...hostState,
        entities: {...hostState.entities, posts: {posts, postsInThread: {root1: ['r2', 'r1']}}},
        storage: {storage: {comment_draft_root1: {value: {message: draft, rootId: 'root1', channelId: 'ch1'}, timestamp: 1}}},
    };
}

const state = stateWith();

function routes(detail: ConversationDetail, me: Record<string, unknown> = {may_use_chats: true, is_admin: false, max_length: 100}): Record<string, Route> {
    return {
        'GET /conversations/c1': () => jsonResponse(200, detail),
        'GET /me': () => jsonResponse(200, me),
    };
}

// renderNotice draws the notice under a post of the thread, the latest (r2) unless told.
function renderNotice(postId = 'r2', draft = '') {
    const chatInfo = createChatInfo();
    const view = renderInHost(<ThreadNotice postId={postId}/>, {chatInfo, state: stateWith(draft)});
    return {...view, chatInfo};
}

function renderBar(message: string, rootId = 'root1', updateText = vi.fn()) {
    const chatInfo = createChatInfo();
    const view = renderInHost(
        <ChatComposerBar
            draft={{message, rootId, channelId: 'ch1'}}
            updateText={updateText}
        />,
        {chatInfo, state},
    );
    return {...view, chatInfo, updateText};
}

afterEach(() => {
    vi.unstubAllGlobals();
});


describe('the chat composer bar and the thread notice', () => {
    test('draws nothing and asks nothing outside a chat thread', () => {
        const fetchMock = routeFetch({});
        renderBar('hello', 'plain');
        expect(screen.queryByTestId('frontdesk-composer')).not.toBeInTheDocument();
        renderBar('hello', '');
        expect(screen.queryByTestId('frontdesk-composer')).not.toBeInTheDocument();
        renderNotice('plain');
        renderNotice('r1');
        expect(screen.queryByTestId('frontdesk-thread-notice')).not.toBeInTheDocument();
        expect(fetchMock).not.toHaveBeenCalled();
    });

    test('the notice shows under the thread\'s latest post only', () => {
        const st = stateWith();
        expect(noticeOf(st, 'r2')).toEqual({conversationId: 'c1', rootId: 'root1'});
        expect(noticeOf(st, 'r1')).toBeNull();
        expect(noticeOf(st, 'root1')).toBeNull();
        expect(noticeOf(st, 'plain')).toBeNull();
        expect(noticeOf(st, 'unknown')).toBeNull();
        // A thread with no reply loaded ends with its header card.
        expect(noticeOf({entities: {posts: {posts: {root1: posts.root1}}}}, 'root1')).toEqual({conversationId: 'c1', rootId: 'root1'});
    });

    test('shows the draft\'s counter from 80% of the longest reply, red past it, and no banner in an open chat', async () => {
        routeFetch(routes(chat()));
        renderNotice('r2', 'x'.repeat(79));
        await screen.findByTestId('frontdesk-thread-notice');
        expect(screen.queryByTestId('frontdesk-counter')).not.toBeInTheDocument();
        expect(screen.queryByTestId('frontdesk-banner')).not.toBeInTheDocument();
    });

    test('the counter at and past the limit', async () => {
        routeFetch(routes(chat()));
        renderNotice('r2', 'x'.repeat(80));
        expect(await screen.findByTestId('frontdesk-counter')).toHaveTextContent('80 / 100');
        expect(screen.getByTestId('frontdesk-counter')).toHaveAttribute('data-over', 'false');
    });

    test('the counter past the limit is red and says so', async () => {
        routeFetch(routes(chat()));
        renderNotice('r2', 'x'.repeat(101));
        expect(await screen.findByTestId('frontdesk-counter')).toHaveTextContent('101 / 100');
        expect(screen.getByTestId('frontdesk-counter')).toHaveAttribute('data-over', 'true');
        expect(screen.getByTestId('frontdesk-counter')).toHaveAccessibleName('101 of at most 100 characters');
    });

    test('in an Instagram chat the counter counts bytes, which Instagram limits to 1000', async () => {
        routeFetch(routes(chat({kind: 'instagram'}), {may_use_chats: true, is_admin: false, max_length: 1000}));
        renderNotice('r2', 'ż'.repeat(400));
        const counter = await screen.findByTestId('frontdesk-counter');
        expect(counter).toHaveTextContent('800 / 1000 bytes');
        expect(counter).toHaveAttribute('data-unit', 'bytes');
        expect(counter).toHaveAttribute('data-over', 'false');
        expect(counter).toHaveAccessibleName('800 of at most 1000 bytes: Instagram counts bytes, a Polish letter takes 2, an emoji 4');
    });

    test('the same draft in a Telegram chat is 400 characters of 1000: no counter', async () => {
        routeFetch(routes(chat(), {may_use_chats: true, is_admin: false, max_length: 1000}));
        renderNotice('r2', 'ż'.repeat(400));
        await screen.findByTestId('frontdesk-thread-notice');
        expect(screen.queryByTestId('frontdesk-counter')).not.toBeInTheDocument();
    });

    test('an Instagram draft of emoji past 1000 bytes shows the counter red', async () => {
        routeFetch(routes(chat({kind: 'instagram'}), {may_use_chats: true, is_admin: false, max_length: 1000}));
        renderNotice('r2', '😀'.repeat(251));
        const counter = await screen.findByTestId('frontdesk-counter');
        expect(counter).toHaveTextContent('1004 / 1000 bytes');
        expect(counter).toHaveAttribute('data-over', 'true');
    });

    test('a closed WhatsApp window: the banner with the deep link and the template picker, which sends the template', async () => {
        const fetchMock = routeFetch({
            ...routes(chat({kind: 'whatsapp', customer: {id: '48601000111', name: 'Jan'}, window: {state: 'closed', until: 0, deep_link: 'https://wa.me/48601000111'}})),
            'GET /connections/conn1/templates': () => jsonResponse(200, [
                {name: 'order_ready', language: 'en_US', category: 'UTILITY', status: 'APPROVED', body: 'Hello {{1}}, your order is ready.', parameters: 1},
                {name: 'draft_one', language: 'en_US', category: 'UTILITY', status: 'PENDING', body: 'Not yet', parameters: 0},
            ]),
            'POST /conversations': () => jsonResponse(201, chat({kind: 'whatsapp'})),
        });
        renderNotice();
        const banner = await screen.findByTestId('frontdesk-banner');
        expect(banner).toHaveAttribute('data-reason', 'window_closed');
        expect(banner).toHaveTextContent('The 24-hour WhatsApp window is closed');
        expect(within(banner).getByTestId('frontdesk-banner-deep-link')).toHaveAttribute('href', 'https://wa.me/48601000111');

        fireEvent.click(within(banner).getByTestId('frontdesk-banner-templates'));
        const select = await within(banner).findByTestId('frontdesk-template');
        expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['order_ready (en_US)']);
        expect(within(banner).getByTestId('frontdesk-template-body')).toHaveTextContent('Hello {{1}}, your order is ready.');
        fireEvent.change(within(banner).getByTestId('frontdesk-template-param'), {target: {value: 'Jan'}});
        fireEvent.click(within(banner).getByTestId('frontdesk-banner-template-send'));

        expect(await within(banner).findByTestId('frontdesk-banner-template-sent')).toHaveTextContent('Template order_ready sent.');
        const [, init] = fetchMock.mock.calls.find(([, i]) => i?.method === 'POST')!;
        expect(JSON.parse(String(init?.body))).toEqual({connection_id: 'conn1', customer_id: '48601000111', template: 'order_ready', language: 'en_US', parameters: ['Jan']});
    });

    test('a closed Messenger window names the provider and links its app', async () => {
        routeFetch(routes(chat({kind: 'messenger', window: {state: 'closed', until: 0, deep_link: 'https://m.me/anna'}})));
        renderNotice();
        const banner = await screen.findByTestId('frontdesk-banner');
        expect(banner).toHaveTextContent('The messaging window is closed: Messenger accepts no free-text reply until the customer writes again. Answer in the Messenger app');
        expect(within(banner).queryByTestId('frontdesk-banner-templates')).not.toBeInTheDocument();
    });

    test('lost sync: the reconnect link for an admin, "ask an admin" for everyone else', async () => {
        routeFetch(routes(chat({sync_lost: true, sync_reason: 'Unauthorized'}), {may_use_chats: true, is_admin: true, max_length: 100}));
        renderNotice();
        const banner = await screen.findByTestId('frontdesk-banner');
        expect(banner).toHaveAttribute('data-reason', 'sync_lost');
        expect(banner).toHaveTextContent('The connection lost sync (Unauthorized): replies cannot be sent.');
        expect(within(banner).getByTestId('frontdesk-banner-reconnect')).toHaveAttribute('href', `${siteURL}/admin_console/plugins/plugin_frontdesk?connection=conn1`);
    });

    test('lost sync for someone who is no admin', async () => {
        routeFetch(routes(chat({sync_lost: true})));
        renderNotice();
        const banner = await screen.findByTestId('frontdesk-banner');
        expect(within(banner).getByTestId('frontdesk-banner-ask-admin')).toHaveTextContent('Ask a system admin to reconnect it.');
        expect(within(banner).queryByTestId('frontdesk-banner-reconnect')).not.toBeInTheDocument();
    });

    test('an SMS customer who texted STOP', async () => {
        routeFetch(routes(chat({kind: 'sms', opted_out_at: 5})));
        renderNotice();
        expect(await screen.findByTestId('frontdesk-banner')).toHaveTextContent('The customer texted STOP: replies are held until they text START.');
    });

    test('loads the chat again when the websocket says it changed', async () => {
        let detail = chat();
        const fetchMock = routeFetch({
            'GET /conversations/c1': () => jsonResponse(200, detail),
            'GET /me': () => jsonResponse(200, {may_use_chats: true, is_admin: false, max_length: 100}),
        });
        const {chatInfo} = renderNotice();
        await screen.findByTestId('frontdesk-thread-notice');
        detail = chat({sync_lost: true});
        chatInfo.connectionChanged('conn1');
        expect(await screen.findByTestId('frontdesk-banner')).toHaveAttribute('data-reason', 'sync_lost');
        expect(callsTo(fetchMock, 'GET /conversations/c1')).toHaveLength(2);
    });

    test('the quick replies picker puts a saved answer after what is typed', async () => {
        routeFetch({
            ...routes(chat()),
            'GET /teams/team1/quick-replies': () => jsonResponse(200, [
                {name: 'hours', text: 'We are open 9 to 17.', updated_by: 'user1', updated_at: 1},
                {name: 'address', text: 'Długa 5, Gdańsk.', updated_by: 'user1', updated_at: 1},
            ]),
        });
        const {updateText} = renderBar('Hello Anna,  ');
        fireEvent.click(await screen.findByTestId('frontdesk-quick-button'));
        const items = await screen.findAllByTestId('frontdesk-quick-item');
        expect(items.map((i) => i.dataset.name)).toEqual(['address', 'hours']);
        fireEvent.click(items[1]);
        expect(updateText).toHaveBeenCalledWith('Hello Anna,\nWe are open 9 to 17.');
        await waitFor(() => expect(screen.queryByTestId('frontdesk-quick-menu')).not.toBeInTheDocument());
    });

    test('offers no quick replies and no banner to a user who may not use chats', async () => {
        const fetchMock = routeFetch({
            ...routes(chat({kind: 'whatsapp', window: {state: 'closed', until: 0}}), {may_use_chats: false, is_admin: false, max_length: 100}),
            'GET /teams/team1/quick-replies': () => jsonResponse(200, [{name: 'hours', text: 'We are open.', updated_by: 'user1', updated_at: 1}]),
        });
        const bar = renderBar('Hello');
        const notice = renderNotice('r2', 'x'.repeat(95));
        await Promise.all([bar.chatInfo.me(siteURL), notice.chatInfo.me(siteURL), notice.chatInfo.detail(siteURL, 'c1')]);
        await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
        expect(callsTo(fetchMock, 'GET /teams/team1/quick-replies')).toHaveLength(0);
        expect(screen.queryByTestId('frontdesk-composer')).not.toBeInTheDocument();
        expect(screen.queryByTestId('frontdesk-quick-button')).not.toBeInTheDocument();
        expect(screen.queryByTestId('frontdesk-thread-notice')).not.toBeInTheDocument();
        expect(screen.queryByTestId('frontdesk-banner')).not.toBeInTheDocument();
    });

    test('says where quick replies are added when the team has none', async () => {
        routeFetch({...routes(chat()), 'GET /teams/team1/quick-replies': () => jsonResponse(200, [])});
        renderBar('');
        fireEvent.click(await screen.findByTestId('frontdesk-quick-button'));
        expect(await screen.findByTestId('frontdesk-quick-empty')).toHaveTextContent('No quick replies yet: add them in the Frontdesk sidebar.');
    });
});
