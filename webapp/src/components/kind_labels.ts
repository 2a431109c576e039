// The providers' names as people know them.
import type {ConnectionKind} from '../client/types';
import type {MessageId} from '../i18n';

export const kindLabels: Record<ConnectionKind, MessageId> = {
    whatsapp: 'frontdesk.kind.whatsapp',
    messenger: 'frontdesk.kind.messenger',
    instagram: 'frontdesk.kind.instagram',
    telegram: 'frontdesk.kind.telegram',
    sms: 'frontdesk.kind.sms',
};
