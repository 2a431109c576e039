import {legacy_createStore as createStore} from 'redux';

import {callsTo, jsonResponse, routeFetch} from '../tests/fetch';
import {hostState} from '../tests/render';

import {createChatInfo} from './chat_info';
import type {ConversationDetail} from './client/types';
import {bytes, characters, conversationOfThread, replySize, messageWillBePosted, messageWillBeUpdated, refuseReply, windowClosed} from './composer';

function chat(over: Partial<ConversationDetail> = {}): ConversationDetail {
    return {
        id: 'c1', connection_id: 'conn1', kind: 'telegram', connection_name: 'Shop bot', account_name: 'shop_bot',
        root_post_id: 'root1', status: 'active', customer: {id: 'x1', name: 'Anna Nowak'},
        last_customer_at: 1, last_message_at: 1, unread: false, unanswered: true, pruned_count: 0,
        channel_id: 'ch1', sync_lost: false, window: {state: 'always', until: 0},
        ...over,
    };
}

const NOW = Date.UTC(2026, 2, 2, 9, 0);

describe('refuseReply', () => {
    test.each([
        ['a short reply in an open chat', 'Hello', chat(), 10, null],
        ['a reply at the limit', 'x'.repeat(10), chat(), 10, null],
        ['a reply over the limit', 'x'.repeat(11), chat(), 10, {id: 'frontdesk.composer.tooLong', values: {length: 11, max: 10}}],
        ['no limit known', 'x'.repeat(5000), chat(), 0, null],
        ['emoji counted as one character each, as the server counts', '👍'.repeat(10), chat(), 10, null],
        ['a closed WhatsApp window', 'Hi', chat({kind: 'whatsapp', window: {state: 'closed', until: 0}}), 10, {id: 'frontdesk.composer.windowClosedWhatsApp', values: {}}],
        ['a closed Messenger window', 'Hi', chat({kind: 'messenger', window: {state: 'closed', until: 0}}), 10, {id: 'frontdesk.composer.windowClosed', values: {provider: 'Messenger'}}],
        ['a window that ran out since it was read', 'Hi', chat({kind: 'whatsapp', window: {state: 'open', until: NOW - 1}}), 10, {id: 'frontdesk.composer.windowClosedWhatsApp', values: {}}],
        ['a window still open', 'Hi', chat({kind: 'whatsapp', window: {state: 'open', until: NOW + 1000}}), 10, null],
        ['lost sync, with the reason', 'Hi', chat({sync_lost: true, sync_reason: 'Unauthorized'}), 10, {id: 'frontdesk.composer.syncLost', values: {reason: ' (Unauthorized)'}}],
        ['lost sync before a long text', 'x'.repeat(11), chat({sync_lost: true}), 10, {id: 'frontdesk.composer.syncLost', values: {reason: ''}}],
        ['a Telegram customer who blocked the bot', 'Hi', chat({opted_out_at: 5}), 10, {id: 'frontdesk.composer.optedOut', values: {}}],
        ['an SMS customer who texted STOP', 'Hi', chat({kind: 'sms', opted_out_at: 5}), 10, {id: 'frontdesk.composer.optedOutSMS', values: {}}],
        ['Instagram: 500 Polish letters are 1000 bytes, at its limit', 'ż'.repeat(500), chat({kind: 'instagram'}), 1000, null],
        ['Instagram: 501 Polish letters are 1002 bytes, over its limit though under the longest reply', 'ż'.repeat(501), chat({kind: 'instagram'}), 1000,
            {id: 'frontdesk.composer.tooManyBytes', values: {bytes: 1002, provider: 'Instagram', max: 1000}}],
        ['Instagram: 251 emoji are 1004 bytes', '😀'.repeat(251), chat({kind: 'instagram'}), 1000, {id: 'frontdesk.composer.tooManyBytes', values: {bytes: 1004, provider: 'Instagram', max: 1000}}],
        ['Instagram with no longest reply known still counts bytes', 'ż'.repeat(501), chat({kind: 'instagram'}), 0, {id: 'frontdesk.composer.tooManyBytes', values: {bytes: 1002, provider: 'Instagram', max: 1000}}],
        ['Instagram under a shorter longest reply: characters', 'x'.repeat(11), chat({kind: 'instagram'}), 10, {id: 'frontdesk.composer.tooLong', values: {length: 11, max: 10}}],
        ['the same Polish letters on Telegram count as characters', 'ż'.repeat(501), chat(), 1000, null],
    ])('%s', (_name, message, c, max, want) => {
        const provider = {messenger: 'Messenger', instagram: 'Instagram'}[c.kind as string] ?? 'X';
        expect(refuseReply(message, c, max, provider, NOW)).toEqual(want);
    });

    test('counts code points, and bytes of UTF-8 for a provider that counts bytes', () => {
        expect(characters('👍a')).toBe(2);
        expect(bytes('żółw 😀')).toBe(12);
        expect(replySize('ż'.repeat(450), 'instagram', 1000)).toEqual({length: 900, max: 1000, unit: 'bytes'});
        expect(replySize('ż'.repeat(450), 'telegram', 1000)).toEqual({length: 450, max: 1000, unit: 'characters'});
        expect(replySize('x'.repeat(450), 'instagram', 500)).toEqual({length: 450, max: 500, unit: 'characters'});
        expect(windowClosed(chat({window: {state: 'always', until: 0}}), NOW)).toBe(false);
    });
});

function storeWith(posts: Record<string, {id: string; props: Record<string, unknown>}>, locale = 'en') {
    const state = {
        ...hostState,
        entities: {
            ...hostState.entities,
            users: {currentUserId: 'user1', profiles: {user1: {id: 'user1', username: 'alice', locale}}},
            posts: {posts},
        },
    };
    return createStore((s: typeof state = state) => s);
}

const root = {root1: {id: 'root1', props: {frontdesk_conversation_id: 'c1', frontdesk_root: true}}, other: {id: 'other', props: {}}};

afterEach(() => {
    vi.unstubAllGlobals();
});

describe('the MessageWillBePosted hook', () => {
    test('refuses a reply over the limit in a chat thread with the reason, so the web app keeps the draft', async () => {
        routeFetch({
            'GET /conversations/c1': () => jsonResponse(200, chat()),
            'GET /me': () => jsonResponse(200, {may_use_chats: true, is_admin: false, max_length: 20}),
        });
        const hook = messageWillBePosted(storeWith(root), createChatInfo());
        const post = {message: 'x'.repeat(21), channel_id: 'ch1', root_id: 'root1'};

        expect(await hook(post)).toEqual({error: {message: 'This reply has 21 characters; Frontdesk sends at most 20. Shorten it: your text stays here.'}});
        expect(await hook({...post, message: 'Fine'})).toEqual({post: {...post, message: 'Fine'}});
    });

    test('speaks the user\'s language and names the provider', async () => {
        routeFetch({
            'GET /conversations/c1': () => jsonResponse(200, chat({kind: 'messenger', window: {state: 'closed', until: 0}})),
            'GET /me': () => jsonResponse(200, {may_use_chats: true, is_admin: false, max_length: 1000}),
        });
        const hook = messageWillBePosted(storeWith(root, 'pl'), createChatInfo());
        const result = await hook({message: 'Dzień dobry', root_id: 'root1'});
        expect(result).toEqual({error: {message: 'Okno wiadomości klienta jest zamknięte: Messenger nie przyjmie teraz zwykłej odpowiedzi. Tekst zostaje tutaj.'}});
    });

    test('refuses an Instagram reply past 1000 bytes of UTF-8, in English and Polish, though it has fewer characters than the longest reply', async () => {
        routeFetch({
            'GET /conversations/c1': () => jsonResponse(200, chat({kind: 'instagram'})),
            'GET /me': () => jsonResponse(200, {may_use_chats: true, is_admin: false, max_length: 1000}),
        });
        const message = 'Zażółć gęślą jaźń. '.repeat(40);
        expect([characters(message), bytes(message)]).toEqual([760, 1120]);

        const en = await messageWillBePosted(storeWith(root), createChatInfo())({message, root_id: 'root1'});
        expect(en).toEqual({error: {message: 'This reply takes 1120 bytes; Instagram accepts at most 1000 bytes of text (a Polish letter takes 2, an emoji 4). Shorten it: your text stays here.'}});
        const pl = await messageWillBePosted(storeWith(root, 'pl'), createChatInfo())({message, root_id: 'root1'});
        expect(pl).toEqual({error: {message: 'Ta odpowiedź zajmuje 1120 bajtów; Instagram przyjmuje najwyżej 1000 bajtów tekstu (polska litera zajmuje 2, emoji 4). Skróć ją: tekst zostaje tutaj.'}});

        const fits = 'Zażółć gęślą jaźń. '.repeat(35);
        expect(await messageWillBePosted(storeWith(root), createChatInfo())({message: fits, root_id: 'root1'})).toEqual({post: {message: fits, root_id: 'root1'}});
    });

    test('loads the chat afresh for every reply: a window may have closed since the thread opened', async () => {
        let state: ConversationDetail = chat({kind: 'whatsapp', window: {state: 'open', until: Date.now() + 60_000}});
        const fetchMock = routeFetch({
            'GET /conversations/c1': () => jsonResponse(200, state),
            'GET /me': () => jsonResponse(200, {may_use_chats: true, is_admin: false, max_length: 1000}),
        });
        const info = createChatInfo();
        const hook = messageWillBePosted(storeWith(root), info);
        expect(await hook({message: 'Hi', root_id: 'root1'})).toHaveProperty('post');
        state = chat({kind: 'whatsapp', window: {state: 'closed', until: 0}});
        expect(await hook({message: 'Hi', root_id: 'root1'})).toHaveProperty('error');
        expect(callsTo(fetchMock, 'GET /conversations/c1')).toHaveLength(2);
        expect(callsTo(fetchMock, 'GET /me')).toHaveLength(1);
    });

    test('lets every other post through without asking the server, and a chat it cannot look up too', async () => {
        const fetchMock = routeFetch({});
        const hook = messageWillBePosted(storeWith(root), createChatInfo());
        const elsewhere = {message: 'x'.repeat(5000), channel_id: 'town-square', root_id: ''};
        const otherThread = {message: 'x'.repeat(5000), root_id: 'other'};
        const unknownRoot = {message: 'x'.repeat(5000), root_id: 'not-loaded'};
        expect(await hook(elsewhere)).toEqual({post: elsewhere});
        expect(await hook(otherThread)).toEqual({post: otherThread});
        expect(await hook(unknownRoot)).toEqual({post: unknownRoot});
        expect(fetchMock).not.toHaveBeenCalled();

        // The server's own check still stands when the chat cannot be read.
        const inChat = {message: 'x'.repeat(5000), root_id: 'root1'};
        expect(await hook(inChat)).toEqual({post: inChat});
    });

    test('names the chat of a thread from its root post', () => {
        const state = storeWith(root).getState();
        expect(conversationOfThread(state, 'root1')).toBe('c1');
        expect(conversationOfThread(state, 'other')).toBe('');
        expect(conversationOfThread(state, undefined)).toBe('');
    });
});

describe('the MessageWillBeUpdated hook', () => {
    test('refuses an edit of a chat reply past the longest reply, and leaves other edits alone', async () => {
        const fetchMock = routeFetch({'GET /me': () => jsonResponse(200, {may_use_chats: true, is_admin: false, max_length: 10})});
        const hook = messageWillBeUpdated(storeWith(root), createChatInfo());
        const old = {message: 'Short', root_id: 'root1'};
        expect(await hook({message: 'x'.repeat(11), root_id: 'root1'}, old)).toEqual({error: {message: 'This reply has 11 characters; Frontdesk sends at most 10. Shorten it: your text stays here.'}});
        expect(await hook({message: 'Shorter', root_id: 'root1'}, old)).toEqual({post: {message: 'Shorter', root_id: 'root1'}});
        expect(await hook({message: 'x'.repeat(50), root_id: 'other'}, old)).toEqual({post: {message: 'x'.repeat(50), root_id: 'other'}});
        expect(callsTo(fetchMock, 'GET /conversations/c1')).toHaveLength(0);
    });
});
