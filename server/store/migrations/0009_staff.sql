-- Who a chat is assigned to ('' when nobody): shown on the list, the header card and filtered by.
ALTER TABLE frontdesk_conversations ADD COLUMN IF NOT EXISTS assignee_id VARCHAR(26) NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS idx_frontdesk_conversations_assignee
    ON frontdesk_conversations (assignee_id, last_message_at DESC) WHERE assignee_id <> '';
-- The list's page order across connections.
CREATE INDEX IF NOT EXISTS idx_frontdesk_conversations_recent
    ON frontdesk_conversations (connection_id, last_message_at DESC, id);

-- Quick replies: saved answers per team, inserted into a chat reply by name.
CREATE TABLE IF NOT EXISTS frontdesk_quick_replies (
    team_id    VARCHAR(26) NOT NULL,
    name       VARCHAR(32) NOT NULL,
    text       TEXT        NOT NULL,
    updated_by VARCHAR(26) NOT NULL DEFAULT '',
    updated_at BIGINT      NOT NULL,
    PRIMARY KEY (team_id, name)
);
