-- One conversation per customer per connection: one Mattermost thread, archived and reopened in place.
CREATE TABLE IF NOT EXISTS frontdesk_conversations (
    id                 VARCHAR(26)  PRIMARY KEY,
    connection_id      VARCHAR(26)  NOT NULL REFERENCES frontdesk_connections(id) ON DELETE CASCADE,
    customer_id        VARCHAR(128) NOT NULL,
    customer_name      VARCHAR(256) NOT NULL DEFAULT '',
    customer_phone     VARCHAR(64)  NOT NULL DEFAULT '',
    customer_username  VARCHAR(128) NOT NULL DEFAULT '',
    root_post_id       VARCHAR(26),
    status             VARCHAR(16)  NOT NULL DEFAULT 'active',
    archived_by        VARCHAR(26)  NOT NULL DEFAULT '',
    archived_at        BIGINT       NOT NULL DEFAULT 0,
    last_customer_at   BIGINT       NOT NULL DEFAULT 0,
    last_message_at    BIGINT       NOT NULL DEFAULT 0,
    last_from_customer BOOLEAN      NOT NULL DEFAULT FALSE,
    pruned_count       INTEGER      NOT NULL DEFAULT 0,
    create_at          BIGINT       NOT NULL,
    update_at          BIGINT       NOT NULL,
    UNIQUE (connection_id, customer_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_frontdesk_conversations_root ON frontdesk_conversations (root_post_id);
CREATE INDEX IF NOT EXISTS idx_frontdesk_conversations_list ON frontdesk_conversations (connection_id, status, last_message_at DESC);

-- Every message of a conversation, both ways. Inbound rows are the durable claim of a provider message
-- (unique on connection + provider id) written before the webhook is answered; outbound rows are the
-- outbox (unique on the agent's post) written before the provider is called.
CREATE TABLE IF NOT EXISTS frontdesk_messages (
    id                  VARCHAR(26)  PRIMARY KEY,
    conversation_id     VARCHAR(26)  NOT NULL REFERENCES frontdesk_conversations(id) ON DELETE CASCADE,
    connection_id       VARCHAR(26)  NOT NULL,
    direction           VARCHAR(8)   NOT NULL,            -- 'in' (customer) or 'out' (business)
    provider_message_id VARCHAR(256),
    post_id             VARCHAR(26),
    event               JSONB,                           -- inbound: the normalised event until posted
    state               VARCHAR(16)  NOT NULL,           -- in: pending|posted; out: sending|sent|delivered|read|failed
    reason              TEXT         NOT NULL DEFAULT '',
    attempts            INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at     BIGINT       NOT NULL DEFAULT 0,
    provider_at         BIGINT       NOT NULL,           -- provider timestamp (ms): thread order
    read_at             BIGINT       NOT NULL DEFAULT 0,
    pruned              BOOLEAN      NOT NULL DEFAULT FALSE,
    create_at           BIGINT       NOT NULL,
    update_at           BIGINT       NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_frontdesk_messages_claim ON frontdesk_messages (connection_id, provider_message_id);
CREATE UNIQUE INDEX IF NOT EXISTS idx_frontdesk_messages_post ON frontdesk_messages (post_id);
CREATE INDEX IF NOT EXISTS idx_frontdesk_messages_conv ON frontdesk_messages (conversation_id, provider_at);
CREATE INDEX IF NOT EXISTS idx_frontdesk_messages_due ON frontdesk_messages (state, next_attempt_at)
    WHERE state IN ('pending', 'sending');

-- When each user last read each conversation: unread = customer messages after this.
CREATE TABLE IF NOT EXISTS frontdesk_reads (
    user_id          VARCHAR(26) NOT NULL,
    conversation_id  VARCHAR(26) NOT NULL REFERENCES frontdesk_conversations(id) ON DELETE CASCADE,
    read_at          BIGINT      NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
);
