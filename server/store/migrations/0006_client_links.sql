-- A chat linked to a client of the helpdesk (at most one client per chat; a client may have chats on
-- several providers). Who linked it and when are kept for the thread's event and the audit.
CREATE TABLE IF NOT EXISTS frontdesk_client_links (
    conversation_id VARCHAR(26)  PRIMARY KEY REFERENCES frontdesk_conversations(id) ON DELETE CASCADE,
    client_id       VARCHAR(64)  NOT NULL,
    linked_by       VARCHAR(26)  NOT NULL DEFAULT '',  -- '' when Frontdesk linked it automatically
    linked_at       BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_frontdesk_client_links_client ON frontdesk_client_links (client_id);
