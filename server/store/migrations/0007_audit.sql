-- Who did what to connections, access settings and chats, and when (readable by admins). detail
-- holds names and settings only: never message text or phone numbers.
CREATE TABLE IF NOT EXISTS frontdesk_audit (
    id          VARCHAR(26)  PRIMARY KEY,
    at          BIGINT       NOT NULL,
    user_id     VARCHAR(26)  NOT NULL DEFAULT '',
    action      VARCHAR(64)  NOT NULL,
    target_type VARCHAR(32)  NOT NULL DEFAULT '',
    target_id   VARCHAR(64)  NOT NULL DEFAULT '',
    detail      TEXT         NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS idx_frontdesk_audit_at ON frontdesk_audit (at DESC, id DESC);

-- One row per connection: its current or last lost-sync incident. Opening and fixing each change the
-- row once, so that one server alone announces each, whatever restarts or how many servers run.
CREATE TABLE IF NOT EXISTS frontdesk_sync_incidents (
    connection_id VARCHAR(26)  PRIMARY KEY REFERENCES frontdesk_connections(id) ON DELETE CASCADE,
    opened_at     BIGINT       NOT NULL,
    reason        TEXT         NOT NULL DEFAULT '',
    fixed_at      BIGINT       NOT NULL DEFAULT 0
);
