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
    // The helpdesk client the chat is linked to; '' when none.
    client_id?: string;
    // Who answers the chat (issue 10); '' or absent when nobody was assigned.
    assignee_id?: string;
    assignee_username?: string;
    // The connection's credentials fail: nothing can be sent until an admin reconnects it.
    sync_lost?: boolean;
    // The provider's messaging window is closed: free text is refused (a template may be sent).
    window_closed?: boolean;
};

// The provider's sending window of one chat (GET /conversations/{id}).
export type WindowState = 'always' | 'open' | 'human_agent' | 'closed';

// ConversationDetail is GET /conversations/{id}: a chat plus what decides whether a reply may go.
export type ConversationDetail = Conversation & {
    channel_id: string;
    sync_lost: boolean;
    sync_reason?: string;
    window: {state: WindowState; until: number; deep_link?: string};
};

// Me is GET /me: what the web app may show the user.
export type Me = {
    may_use_chats: boolean;
    is_admin: boolean;
    // The longest reply Frontdesk sends, in characters; absent from older servers.
    max_length?: number;
};

// A page of GET /conversations and whether the server holds more (its X-Has-More header).
export type ConversationPage = {
    items: Conversation[];
    hasMore: boolean;
};

// QuickReply is a saved answer of one team (GET /teams/{team_id}/quick-replies).
export type QuickReply = {
    name: string;
    text: string;
    updated_by: string;
    updated_at: number;
};

// Template is an approved WhatsApp template (GET /connections/{id}/templates).
export type Template = {
    name: string;
    language: string;
    category: string;
    status: string;
    body: string;
    // How many {{n}} parameters its body has.
    parameters: number;
};

// Connection is a provider account as GET /connections shows it to a non-admin.
export type Connection = {
    id: string;
    kind: ConnectionKind;
    name: string;
    channel_id: string;
    account_name: string;
    sync_lost: boolean;
};

// StartChat is POST /conversations for free text (F10, F20).
export type StartChat = {
    connection_id: string;
    customer_id: string;
    customer_name?: string;
    text?: string;
    // WhatsApp outside the 24-hour window: an approved template instead of text.
    template?: string;
    language?: string;
    parameters?: string[];
};

// MattermostPost is the part of a Mattermost post the mini chat shows.
export type MattermostPost = {
    id: string;
    root_id: string;
    channel_id: string;
    user_id: string;
    message: string;
    create_at: number;
    delete_at?: number;
    type?: string;
    props?: Record<string, unknown> | null;
};

// PostThread is GET /api/v4/posts/{id}/thread: the root and its replies.
export type PostThread = {
    order: string[];
    posts: Record<string, MattermostPost>;
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

// Which helpdesk holds the clients: the plugin's own tables or RemOnline's.
export type Helpdesk = 'builtin' | 'remonline';

// A client's account on a chat provider (a Telegram user id and username, say).
export type ClientHandle = {
    provider: string;
    id: string;
    username: string;
};

// Client is a record in the helpdesk (F7).
export type Client = {
    id: string;
    name: string;
    phones: string[];
    emails: string[];
    handles: ClientHandle[];
    address: string;
    notes: string;
    // Where the helpdesk shows the client; may be '' (the built-in helpdesk has no pages).
    url: string;
};

// The kinds a chat can create; invoices only come from the helpdesk.
export type NewDocumentKind = 'order' | 'estimate' | 'lead';

export type DocumentKind = NewDocumentKind | 'invoice';

export type ClientDocument = {
    id: string;
    kind: DocumentKind;
    number: string;
    date: number;
    // The helpdesk's own word for it, shown as is.
    status: string;
    // A decimal string ("123.45") so no amount is rounded on the way; may be ''.
    amount: string;
    currency: string;
    url: string;
};

// One of the client's chats, on any provider.
export type ClientChat = {
    conversation_id: string;
    kind: ConnectionKind;
    connection_name: string;
    root_post_id: string;
    last_message_at: number;
};

// ClientCard is a chat's view of the helpdesk: its client when linked, else who it might be.
export type ClientCard = {
    helpdesk: Helpdesk;
    linked: boolean;
    client: Client | null;
    linked_by?: string;
    linked_at?: number;
    // Newest first.
    documents: ClientDocument[];
    // This chat included.
    chats: ClientChat[];
    // Only when not linked: clients with the chat's phone or handle, most recent document first.
    candidates?: Client[];
    // Prefills a new document's description.
    last_customer_message?: string;
};

export type NewClient = {
    name: string;
    phones: string[];
    emails: string[];
    address: string;
    notes: string;
    // Also links this chat to the new client.
    link_conversation_id?: string;
};

// ClientPatch edits a client: a field left out stays as it is.
export type ClientPatch = Partial<Pick<Client, 'name' | 'phones' | 'emails' | 'address' | 'notes'>>;

export type NewDocument = {
    kind: NewDocumentKind;
    title: string;
    description: string;
};
