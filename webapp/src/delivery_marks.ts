// F11: the delivery state of an agent's reply, shown under its text wherever the web app renders
// the post: sending, ✓ sent, ✓✓ delivered, ✓✓ read with the time of reading. The server keeps the
// state in the post's frontdesk_delivery prop and edits the post when it changes, so the web app
// renders it again. A failed reply already carries "Not delivered" and a Retry button.
import {translationsFor} from './i18n';

export type DeliveredPost = {props?: Record<string, unknown> | null};

type Delivery = {state?: unknown; read_at?: unknown};

const lineIds = {
    sending: 'frontdesk.delivery.sending',
    sent: 'frontdesk.delivery.sent',
    delivered: 'frontdesk.delivery.delivered',
    read: 'frontdesk.delivery.read',
} as const;

// deliveryLine is the line for a post, '' when it has none to show.
export function deliveryLine(post: DeliveredPost, locale: string, now: Date = new Date()): string {
    const d = post.props?.frontdesk_delivery as Delivery | undefined;
    const state = typeof d?.state === 'string' ? d.state : '';
    if (!(state in lineIds)) {
        return '';
    }
    const text = translationsFor(locale)[lineIds[state as keyof typeof lineIds]];
    const readAt = typeof d?.read_at === 'number' && d.read_at > 0 ? new Date(d.read_at) : null;
    return text.replace('{time}', readAt ? readTime(readAt, locale, now) : '').trim();
}

// readTime is the hour of reading, with the day when it was not today.
function readTime(at: Date, locale: string, now: Date): string {
    const sameDay = at.toDateString() === now.toDateString();
    const options: Intl.DateTimeFormatOptions = sameDay ? {hour: '2-digit', minute: '2-digit'} : {day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit'};
    try {
        return new Intl.DateTimeFormat(locale, options).format(at);
    } catch {
        return new Intl.DateTimeFormat('en', options).format(at);
    }
}

// withDeliveryLine is the web app's MessageWillFormat hook: the message, then its delivery line as
// a small paragraph of its own.
export function withDeliveryLine(post: DeliveredPost, message: string, locale: string): string {
    const line = deliveryLine(post, locale);
    return line ? `${message}\n\n_${line}_` : message;
}
