-- The indicators' chat totals kept per connection instead of counted on every request: how many
-- active chats with a thread have a customer message (wrote) and how many of those wait for an
-- answer (unanswered). A chat changes the totals only when it crosses one of those lines (opened,
-- archived, reopened, answered, written to after an answer), not with each message, so the row is
-- written rarely; triggers keep it right whatever changes the chats.
-- Writers wait until the totals and their triggers are in place (CREATE TRIGGER would take this lock
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

-- A statement's changes move the totals once per connection, however many chats it changed (a
-- connection deleted with 100,000 chats is one write, not 100,000 of one row); a statement that
-- changed no chat's standing writes nothing. PostgreSQL hands a statement-level trigger its rows
-- as transition tables, one trigger per kind of statement.
CREATE OR REPLACE FUNCTION frontdesk_chat_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO frontdesk_chat_counts AS t (connection_id, wrote, unanswered)
            SELECT connection_id, COUNT(*), COUNT(*) FILTER (WHERE last_from_customer) FROM new_rows
            WHERE frontdesk_chat_wrote(status, root_post_id, last_customer_at) GROUP BY connection_id
            ON CONFLICT (connection_id) DO UPDATE SET wrote = t.wrote + EXCLUDED.wrote, unanswered = t.unanswered + EXCLUDED.unanswered;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE frontdesk_chat_counts t SET wrote = t.wrote - d.wrote, unanswered = t.unanswered - d.unanswered
            FROM (SELECT connection_id, COUNT(*) AS wrote, COUNT(*) FILTER (WHERE last_from_customer) AS unanswered FROM old_rows
                WHERE frontdesk_chat_wrote(status, root_post_id, last_customer_at) GROUP BY connection_id) d
            WHERE t.connection_id = d.connection_id;
    ELSE
        INSERT INTO frontdesk_chat_counts AS t (connection_id, wrote, unanswered)
            SELECT connection_id, SUM(wrote), SUM(unanswered) FROM (
                SELECT connection_id, 1 AS wrote, last_from_customer::INTEGER AS unanswered FROM new_rows
                    WHERE frontdesk_chat_wrote(status, root_post_id, last_customer_at)
                UNION ALL
                SELECT connection_id, -1, -last_from_customer::INTEGER FROM old_rows
                    WHERE frontdesk_chat_wrote(status, root_post_id, last_customer_at)) d
            GROUP BY connection_id HAVING SUM(wrote) <> 0 OR SUM(unanswered) <> 0
            ON CONFLICT (connection_id) DO UPDATE SET wrote = t.wrote + EXCLUDED.wrote, unanswered = t.unanswered + EXCLUDED.unanswered;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS frontdesk_chat_counts_insert ON frontdesk_conversations;
CREATE TRIGGER frontdesk_chat_counts_insert AFTER INSERT ON frontdesk_conversations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_chat_counts_follow();
DROP TRIGGER IF EXISTS frontdesk_chat_counts_update ON frontdesk_conversations;
CREATE TRIGGER frontdesk_chat_counts_update AFTER UPDATE ON frontdesk_conversations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_chat_counts_follow();
DROP TRIGGER IF EXISTS frontdesk_chat_counts_delete ON frontdesk_conversations;
CREATE TRIGGER frontdesk_chat_counts_delete AFTER DELETE ON frontdesk_conversations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_chat_counts_follow();

-- The chats already there.
DELETE FROM frontdesk_chat_counts;
INSERT INTO frontdesk_chat_counts (connection_id, wrote, unanswered)
    SELECT connection_id, COUNT(*), COUNT(*) FILTER (WHERE last_from_customer) FROM frontdesk_conversations
    WHERE frontdesk_chat_wrote(status, root_post_id, last_customer_at)
    GROUP BY connection_id;

-- Only the indicators counted this range.
DROP INDEX IF EXISTS idx_frontdesk_conversations_customer_wrote;
