// Shapes of the plugin's /api/v1 answers (documented in docs/api.md).

export type Status = {
    version: string;
    user_id: string;
    username: string;
    connections: number;
    can_use_chats: boolean;
};

export type ConversationStatus = 'active' | 'archived';

export type Customer = {
    id: string;
    name: string;
    phone?: string;
    username?: string;
};

export type ConnectionKind = 'whatsapp' | 'messenger' | 'instagram' | 'telegram' | 'sms';

export type Conversation = {
    id: string;
    connection_id: string;
    kind: ConnectionKind;
    connection_name: string;
    // The page, number or bot the customer wrote to; may be '' (then connection_name names it).
    account_name: string;
    root_post_id: string;
    status: ConversationStatus;
    customer: Customer;
    archived_by?: string;
    archived_at?: number;
    last_customer_at: number;
    last_message_at: number;
    unread: boolean;
    unanswered: boolean;
    pruned_count: number;
    // Set while the customer has blocked the business or unsubscribed: replies are refused.
    opted_out_at?: number;
};

// Indicators count the active chats the user can see; attention is the red badge: chats that
// are unread or unanswered, each once.
export type Indicators = {
    unread: number;
    unanswered: number;
    attention: number;
};

// MattermostUser is the part of GET /api/v4/users/{id} the plugin shows.
export type MattermostUser = {
    id: string;
    username: string;
    first_name?: string;
    last_name?: string;
    nickname?: string;
};
