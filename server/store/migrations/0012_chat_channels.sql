-- Every channel a connection was ever mapped to: the only channels whose threads can be chats
-- (current or former). The post hooks look a reply's root up only in these channels, so an
-- ordinary reply anywhere else on the server costs no database query.
CREATE TABLE IF NOT EXISTS frontdesk_chat_channels (
    channel_id VARCHAR(26) PRIMARY KEY
);
INSERT INTO frontdesk_chat_channels (channel_id)
    SELECT channel_id FROM frontdesk_connections
    UNION SELECT channel_id FROM frontdesk_retired_threads WHERE channel_id <> ''
    ON CONFLICT DO NOTHING;
