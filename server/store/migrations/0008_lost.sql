-- A chat's former thread roots: a header card that was deleted or that stays in a channel its
-- connection no longer posts in. Replies there are recognised as the chat's and pointed to its
-- current thread instead of being relayed or ignored.
CREATE TABLE IF NOT EXISTS frontdesk_retired_threads (
    root_post_id     VARCHAR(26) PRIMARY KEY,
    conversation_id  VARCHAR(26) NOT NULL REFERENCES frontdesk_conversations(id) ON DELETE CASCADE,
    channel_id       VARCHAR(26) NOT NULL DEFAULT '',
    retired_at       BIGINT      NOT NULL
);

-- How far each sweep has looked (the sweep for replies the post hook never saw).
CREATE TABLE IF NOT EXISTS frontdesk_sweeps (
    name      VARCHAR(64) PRIMARY KEY,
    swept_to  BIGINT      NOT NULL
);

-- Customers' edits, deletes, reactions and opt-outs applied at once, by the provider's event id:
-- a provider's replay of one is not applied again (an old edit must not undo a newer one).
CREATE TABLE IF NOT EXISTS frontdesk_applied_events (
    connection_id  VARCHAR(26)  NOT NULL REFERENCES frontdesk_connections(id) ON DELETE CASCADE,
    event_id       VARCHAR(256) NOT NULL,
    applied_at     BIGINT       NOT NULL,
    PRIMARY KEY (connection_id, event_id)
);
CREATE INDEX IF NOT EXISTS idx_frontdesk_applied_events_at ON frontdesk_applied_events (applied_at);
