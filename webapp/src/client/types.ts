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

export type Conversation = {
    id: string;
    connection_id: string;
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
};

export type ConnectionKind = 'whatsapp' | 'messenger' | 'instagram' | 'telegram' | 'sms';

// Connection is what any member sees of a connected channel (admins also get credentials).
export type Connection = {
    id: string;
    kind: ConnectionKind;
    name: string;
    channel_id: string;
    account_name: string;
    sync_lost: boolean;
};

export type Indicators = {
    unread: number;
    unanswered: number;
};

// MattermostUser is the part of GET /api/v4/users/{id} the plugin shows.
export type MattermostUser = {
    id: string;
    username: string;
    first_name?: string;
    last_name?: string;
    nickname?: string;
};
