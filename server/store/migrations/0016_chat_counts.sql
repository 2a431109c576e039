-- The indicators' chat totals kept per connection instead of counted on every request: how many
-- active chats with a thread have a customer message (wrote) and how many of those wait for an
-- answer (unanswered). A chat changes the totals only when it crosses one of those lines (opened,
-- archived, reopened, answered, written to after an answer), not with each message, so the row is
-- written rarely; a trigger keeps it right whatever changes the chat.
-- Writers wait until the totals and their trigger are in place (CREATE TRIGGER would take this lock
-- too; taken first, no chat changes between the two).
LOCK TABLE frontdesk_conversations IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE IF NOT EXISTS frontdesk_chat_counts (
    connection_id VARCHAR(26) PRIMARY KEY,
    wrote         INTEGER NOT NULL DEFAULT 0,
    unanswered    INTEGER NOT NULL DEFAULT 0
);

-- Whether a chat counts in wrote: active, with a thread, and a customer message.
CREATE OR REPLACE FUNCTION frontdesk_chat_wrote(status VARCHAR, root_post_id VARCHAR, last_customer_at BIGINT)
RETURNS BOOLEAN LANGUAGE sql IMMUTABLE AS $$
    SELECT status = 'active' AND root_post_id IS NOT NULL AND last_customer_at > 0
$$;

CREATE OR REPLACE FUNCTION frontdesk_chat_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_wrote BOOLEAN := FALSE;
    old_unanswered BOOLEAN := FALSE;
    new_wrote BOOLEAN := FALSE;
    new_unanswered BOOLEAN := FALSE;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_wrote := frontdesk_chat_wrote(OLD.status, OLD.root_post_id, OLD.last_customer_at);
        old_unanswered := old_wrote AND OLD.last_from_customer;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_wrote := frontdesk_chat_wrote(NEW.status, NEW.root_post_id, NEW.last_customer_at);
        new_unanswered := new_wrote AND NEW.last_from_customer;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.connection_id = NEW.connection_id
        AND old_wrote = new_wrote AND old_unanswered = new_unanswered THEN
        RETURN NULL; -- a message that moves no line: nothing to write
    END IF;
    IF TG_OP <> 'INSERT' AND old_wrote THEN
        UPDATE frontdesk_chat_counts SET wrote = wrote - 1, unanswered = unanswered - old_unanswered::INTEGER
            WHERE connection_id = OLD.connection_id;
    END IF;
    IF TG_OP <> 'DELETE' AND new_wrote THEN
        INSERT INTO frontdesk_chat_counts AS t (connection_id, wrote, unanswered)
            VALUES (NEW.connection_id, 1, new_unanswered::INTEGER)
            ON CONFLICT (connection_id) DO UPDATE SET wrote = t.wrote + 1, unanswered = t.unanswered + new_unanswered::INTEGER;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS frontdesk_chat_counts_follow ON frontdesk_conversations;
CREATE TRIGGER frontdesk_chat_counts_follow AFTER INSERT OR DELETE OR UPDATE OF status, root_post_id, last_customer_at, last_from_customer, connection_id
    ON frontdesk_conversations FOR EACH ROW EXECUTE FUNCTION frontdesk_chat_counts_follow();

-- The chats already there.
DELETE FROM frontdesk_chat_counts;
INSERT INTO frontdesk_chat_counts (connection_id, wrote, unanswered)
    SELECT connection_id, COUNT(*), COUNT(*) FILTER (WHERE last_from_customer) FROM frontdesk_conversations
    WHERE frontdesk_chat_wrote(status, root_post_id, last_customer_at)
    GROUP BY connection_id;

-- Only the indicators counted this range.
DROP INDEX IF EXISTS idx_frontdesk_conversations_customer_wrote;
