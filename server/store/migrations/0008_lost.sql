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
