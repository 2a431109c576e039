-- Statuses that arrive before the send that they are about has recorded its provider id (WhatsApp
-- can report "delivered" before its send call returns). Applied when the id is recorded; rows older
-- than a day are about messages Frontdesk did not send and are dropped.
CREATE TABLE IF NOT EXISTS frontdesk_early_statuses (
    connection_id       VARCHAR(26)  NOT NULL,
    provider_message_id VARCHAR(256) NOT NULL,
    state               VARCHAR(16)  NOT NULL,
    at                  BIGINT       NOT NULL,
    reason              TEXT         NOT NULL DEFAULT '',
    class               VARCHAR(32)  NOT NULL DEFAULT '',
    create_at           BIGINT       NOT NULL,
    PRIMARY KEY (connection_id, provider_message_id, state)
);
CREATE INDEX IF NOT EXISTS idx_frontdesk_early_statuses_age ON frontdesk_early_statuses (create_at);
