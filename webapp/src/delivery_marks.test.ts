import {deliveryLine, deliveryOf, withDeliveryLine, type PostsState, type ThreadPost} from './delivery_marks';

const now = new Date(2025, 4, 6, 18, 0);
const root: ThreadPost = {id: 'root', props: {frontdesk_root: true, frontdesk_conversation_id: 'c1'}};

function reply(id: string, at: number, delivery?: unknown, over: Partial<ThreadPost> = {}): ThreadPost {
    return {id, root_id: 'root', create_at: at, props: delivery ? {frontdesk_delivery: delivery} : {}, ...over};
}

function thread(...replies: ThreadPost[]): PostsState {
    const posts = Object.fromEntries([root, ...replies].map((p) => [p.id, p]));
    return {entities: {posts: {posts, postsInThread: {root: replies.map((p) => p.id)}}}};
}

describe('deliveryOf', () => {
    test('reads the state the server keeps on the reply', () => {
        for (const s of ['sending', 'sent', 'delivered'] as const) {
            const p = reply('r1', 1, {state: s});
            expect(deliveryOf(p, thread(p))).toEqual({state: s, readAt: undefined});
        }
    });

    test('the time of reading shows under the last reply the customer read only', () => {
        const first = reply('r1', 1, {state: 'read', read_at: 100});
        const second = reply('r2', 2, {state: 'read', read_at: 200});
        const third = reply('r3', 3, {state: 'delivered'});
        const s = thread(first, second, third);
        expect(deliveryOf(first, s)).toEqual({state: 'read'});
        expect(deliveryOf(second, s)).toEqual({state: 'read', readAt: 200});
        expect(deliveryOf(third, s)).toEqual({state: 'delivered', readAt: undefined});
    });

    test('a reply in a chat thread without a state yet is queued: sending', () => {
        const queued = reply('r1', 1);
        expect(deliveryOf(queued, thread(queued))).toEqual({state: 'sending'});
    });

    test('nothing for customer messages, notes, failed replies, unknown states and ordinary threads', () => {
        const customer = reply('c1', 1, undefined, {props: {frontdesk_conversation_id: 'c1', frontdesk_direction: 'in'}});
        const note = reply('n1', 2, undefined, {type: 'custom_frontdesk_note'});
        const failed = reply('f1', 3, {state: 'failed', reason: 'blocked'});
        const odd = reply('o1', 4, {state: 'teleported'});
        const s = thread(customer, note, failed, odd);
        for (const p of [customer, note, failed, odd]) {
            expect(deliveryOf(p, s)).toBeNull();
        }
        const elsewhere: ThreadPost = {id: 'x', root_id: 'plain', props: {}};
        expect(deliveryOf(elsewhere, {entities: {posts: {posts: {plain: {id: 'plain', props: {}}}}}})).toBeNull();
        expect(deliveryOf({id: 'top'}, {entities: {}})).toBeNull();
    });
});

describe('deliveryLine', () => {
    test('names each state in the user\'s language, English for an unknown one', () => {
        expect(deliveryLine({state: 'sending'}, 'en', now)).toBe('Sending…');
        expect(deliveryLine({state: 'sent'}, 'xx-YY', now)).toBe('✓ Sent');
        expect(deliveryLine({state: 'delivered'}, 'en', now)).toBe('✓✓ Delivered');
        expect(deliveryLine({state: 'read'}, 'en', now)).toBe('✓✓ Read');
    });

    test('the time of reading, with the day when it was not today', () => {
        expect(deliveryLine({state: 'read', readAt: new Date(2025, 4, 6, 9, 30).getTime()}, 'en', now)).toMatch(/^✓✓ Read 09:30\sAM$/u);
        expect(deliveryLine({state: 'read', readAt: new Date(2025, 4, 2, 9, 30).getTime()}, 'en', now)).toMatch(/^✓✓ Read May 2, 09:30\sAM$/u);
    });
});

describe('withDeliveryLine', () => {
    test('adds the line as a paragraph of its own, and leaves other posts alone', () => {
        const sent = reply('r1', 1, {state: 'sent'});
        expect(withDeliveryLine(sent, 'Your phone is ready', thread(sent), 'en')).toBe('Your phone is ready\n\n_✓ Sent_');
        expect(withDeliveryLine(root, 'header', thread(), 'en')).toBe('header');
    });
});
