-- Provider accounts connected to Mattermost channels. Credentials are sealed with the plugin's key.
CREATE TABLE IF NOT EXISTS frontdesk_connections (
    id            VARCHAR(26)  PRIMARY KEY,
    kind          VARCHAR(16)  NOT NULL,
    name          VARCHAR(128) NOT NULL,
    channel_id    VARCHAR(26)  NOT NULL,
    credentials   BYTEA        NOT NULL,
    api_base_url  TEXT         NOT NULL DEFAULT '',
    verify_token  VARCHAR(64)  NOT NULL,
    account_id    VARCHAR(128) NOT NULL DEFAULT '',
    account_name  VARCHAR(256) NOT NULL DEFAULT '',
    sync_lost_at  BIGINT       NOT NULL DEFAULT 0,
    sync_reason   TEXT         NOT NULL DEFAULT '',
    created_by    VARCHAR(26)  NOT NULL,
    create_at     BIGINT       NOT NULL,
    update_at     BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_frontdesk_connections_channel ON frontdesk_connections (channel_id);
