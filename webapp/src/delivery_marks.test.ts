import {deliveryLine, withDeliveryLine} from './delivery_marks';

const post = (delivery: unknown) => ({props: {frontdesk_delivery: delivery}});
const now = new Date(2025, 4, 6, 18, 0);

describe('deliveryLine', () => {
    test('names each state an agent sees', () => {
        expect(deliveryLine(post({state: 'sending'}), 'en', now)).toBe('Sending…');
        expect(deliveryLine(post({state: 'sent'}), 'en', now)).toBe('✓ Sent');
        expect(deliveryLine(post({state: 'delivered'}), 'en', now)).toBe('✓✓ Delivered');
    });

    test('a read reply shows two ticks and the time of reading, with the day when not today', () => {
        const today = new Date(2025, 4, 6, 9, 30).getTime();
        expect(deliveryLine(post({state: 'read', read_at: today}), 'en', now)).toMatch(/^✓✓ Read 09:30\sAM$/u);
        const earlier = new Date(2025, 4, 2, 9, 30).getTime();
        expect(deliveryLine(post({state: 'read', read_at: earlier}), 'en', now)).toMatch(/^✓✓ Read May 2, 09:30\sAM$/u);
        expect(deliveryLine(post({state: 'read'}), 'en', now)).toBe('✓✓ Read');
    });

    test('nothing for a failed reply (its attachment says so), a customer message or an unknown state', () => {
        expect(deliveryLine(post({state: 'failed', reason: 'blocked'}), 'en', now)).toBe('');
        expect(deliveryLine({props: {frontdesk_direction: 'in'}}, 'en', now)).toBe('');
        expect(deliveryLine({props: null}, 'en', now)).toBe('');
        expect(deliveryLine({}, 'en', now)).toBe('');
        expect(deliveryLine(post({state: 'teleported'}), 'en', now)).toBe('');
        expect(deliveryLine(post('sent'), 'en', now)).toBe('');
    });

    test('an unknown locale falls back to English', () => {
        expect(deliveryLine(post({state: 'sent'}), 'xx-YY', now)).toBe('✓ Sent');
    });
});

describe('withDeliveryLine', () => {
    test('adds the line as a paragraph of its own, and leaves other posts alone', () => {
        expect(withDeliveryLine(post({state: 'sent'}), 'Your phone is ready', 'en')).toBe('Your phone is ready\n\n_✓ Sent_');
        expect(withDeliveryLine({props: {}}, 'hello', 'en')).toBe('hello');
    });
});
