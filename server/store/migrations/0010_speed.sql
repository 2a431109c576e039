-- A worker's pass reads a chat's pending messages and its outbox: these rows only, whatever the
-- length of the thread.
CREATE INDEX IF NOT EXISTS idx_frontdesk_messages_work ON frontdesk_messages (conversation_id, provider_at, create_at, id)
    WHERE state IN ('pending', 'sending');

-- Retention reads a chat's posted messages that are still live, newest first, never the pruned ones.
CREATE INDEX IF NOT EXISTS idx_frontdesk_messages_kept ON frontdesk_messages (conversation_id, provider_at DESC, create_at DESC, id DESC)
    WHERE NOT pruned AND post_id IS NOT NULL AND state <> 'pending';

-- The chats list: a connection's chats with a thread, newest activity first, ties by id (one index
-- range read, no sort).
CREATE INDEX IF NOT EXISTS idx_frontdesk_conversations_page ON frontdesk_conversations (connection_id, status, last_message_at DESC, id)
    WHERE root_post_id IS NOT NULL;
