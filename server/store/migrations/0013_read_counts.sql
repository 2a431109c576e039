-- The indicators (F4) without visiting every chat: each read mark says whether it covers its chat's
-- latest customer message (caught_up, counted only for an active chat with a thread) and whether
-- that chat waits for an answer. Then, over the connections a user may see:
--   unread    = chats with a customer message           - the user's caught-up marks
--   attention = unread + the user's caught-up marks on chats that wait for an answer
-- and each count is one range of a small index. Triggers keep the marks right whatever changes the
-- chat or the mark, so no code path can forget them.
ALTER TABLE frontdesk_reads ADD COLUMN IF NOT EXISTS chat_connection_id VARCHAR(26) NOT NULL DEFAULT '';
ALTER TABLE frontdesk_reads ADD COLUMN IF NOT EXISTS caught_up BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE frontdesk_reads ADD COLUMN IF NOT EXISTS unanswered BOOLEAN NOT NULL DEFAULT FALSE;

-- Whether a mark read at read_at covers its chat's latest customer message, counted.
CREATE OR REPLACE FUNCTION frontdesk_caught_up(status VARCHAR, root_post_id VARCHAR, last_customer_at BIGINT, read_at BIGINT)
RETURNS BOOLEAN LANGUAGE sql IMMUTABLE AS $$
    SELECT status = 'active' AND root_post_id IS NOT NULL AND last_customer_at > 0 AND read_at >= last_customer_at
$$;

-- A mark written or moved: fill its chat's state in.
CREATE OR REPLACE FUNCTION frontdesk_reads_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c frontdesk_conversations;
BEGIN
    SELECT * INTO c FROM frontdesk_conversations WHERE id = NEW.conversation_id;
    IF FOUND THEN
        NEW.chat_connection_id := c.connection_id;
        NEW.caught_up := frontdesk_caught_up(c.status, c.root_post_id, c.last_customer_at, NEW.read_at);
        NEW.unanswered := c.last_from_customer;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS frontdesk_reads_fill ON frontdesk_reads;
CREATE TRIGGER frontdesk_reads_fill BEFORE INSERT OR UPDATE OF read_at ON frontdesk_reads
    FOR EACH ROW EXECUTE FUNCTION frontdesk_reads_fill();

-- A chat whose state changed: its marks follow.
CREATE OR REPLACE FUNCTION frontdesk_conversations_marks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE frontdesk_reads r
        SET caught_up = frontdesk_caught_up(NEW.status, NEW.root_post_id, NEW.last_customer_at, r.read_at),
            unanswered = NEW.last_from_customer, chat_connection_id = NEW.connection_id
        WHERE r.conversation_id = NEW.id;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS frontdesk_conversations_marks ON frontdesk_conversations;
CREATE TRIGGER frontdesk_conversations_marks AFTER UPDATE OF status, root_post_id, last_customer_at, last_from_customer, connection_id
    ON frontdesk_conversations FOR EACH ROW
    WHEN ((OLD.status, OLD.root_post_id, OLD.last_customer_at, OLD.last_from_customer, OLD.connection_id)
        IS DISTINCT FROM (NEW.status, NEW.root_post_id, NEW.last_customer_at, NEW.last_from_customer, NEW.connection_id))
    EXECUTE FUNCTION frontdesk_conversations_marks();

-- The marks already there.
UPDATE frontdesk_reads r SET read_at = r.read_at;

CREATE INDEX IF NOT EXISTS idx_frontdesk_reads_conversation ON frontdesk_reads (conversation_id);
CREATE INDEX IF NOT EXISTS idx_frontdesk_reads_caught_up ON frontdesk_reads (user_id, chat_connection_id) INCLUDE (unanswered)
    WHERE caught_up;
CREATE INDEX IF NOT EXISTS idx_frontdesk_conversations_customer_wrote ON frontdesk_conversations (connection_id)
    INCLUDE (last_from_customer) WHERE status = 'active' AND root_post_id IS NOT NULL AND last_customer_at > 0;
