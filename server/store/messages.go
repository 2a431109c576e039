package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/lib/pq"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

func pqArray(ids []string) any { return pq.Array(ids) }

const messageColumns = `id, conversation_id, connection_id, direction, COALESCE(provider_message_id, ''),
	COALESCE(post_id, ''), event, state, reason, attempts, next_attempt_at, provider_at, read_at, pruned, create_at`

func scanMessage(row interface{ Scan(...any) error }) (*conversation.Message, error) {
	var m conversation.Message
	var dir, providerID string
	var event []byte
	err := row.Scan(&m.ID, &m.ConversationID, &m.ConnectionID, &dir, &providerID, &m.PostID, &event, &m.State,
		&m.Reason, &m.Attempts, &m.NextAttemptAt, &m.ProviderAt, &m.ReadAt, &m.Pruned, &m.CreateAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	m.Direction = conversation.Direction(dir)
	m.ProviderMessageID = channel.MessageID(providerID)
	if len(event) > 0 {
		if m.Event, err = decodeEvent(event); err != nil {
			return nil, fmt.Errorf("decoding the event of message %s: %w", m.ID, err)
		}
	}
	return &m, nil
}

// queryIDs lists the single text column q selects; op names the operation in its errors.
func queryIDs(ctx context.Context, db *sql.DB, op, q string, args ...any) ([]string, error) {
	return queryRows(ctx, db, op, func(rows *sql.Rows) (string, error) {
		var id string
		return id, rows.Scan(&id)
	}, q, args...)
}

// queryMessages lists the messages q selects; op names the operation in its errors.
func queryMessages(ctx context.Context, db *sql.DB, op, q string, args ...any) ([]*conversation.Message, error) {
	return queryRows(ctx, db, op, func(rows *sql.Rows) (*conversation.Message, error) { return scanMessage(rows) }, q, args...)
}

// queryRows lists what scan reads from each row q selects; op names the operation in its errors.
func queryRows[T any](ctx context.Context, db *sql.DB, op string, scan func(*sql.Rows) (T, error), q string, args ...any) ([]T, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, wrap(op, err)
		}
		out = append(out, v)
	}
	return out, wrap(op, rows.Err())
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// insertMessage stores a row unless its (connection, provider id) or post id is taken; $15 and on
// are free for a statement around it.
const insertMessage = `INSERT INTO frontdesk_messages (id, conversation_id, connection_id, direction,
	provider_message_id, post_id, event, state, reason, attempts, next_attempt_at, provider_at, read_at, create_at, update_at)
	VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$14) ON CONFLICT DO NOTHING`

func insertArgs(m *conversation.Message) ([]any, error) {
	var event any // NULL unless there is an event to keep
	if m.Event != nil {
		b, err := encodeEvent(m.Event)
		if err != nil {
			return nil, fmt.Errorf("encoding the event of message %s: %w", m.ID, err)
		}
		event = string(b)
	}
	return []any{m.ID, m.ConversationID, m.ConnectionID, string(m.Direction), nullable(string(m.ProviderMessageID)),
		nullable(m.PostID), event, m.State, m.Reason, m.Attempts, m.NextAttemptAt, m.ProviderAt, m.ReadAt, m.CreateAt}, nil
}

// InsertMessage stores a message row. It reports false, with no error, when the unique claim on
// (connection, provider id) or on the post id is already taken: a duplicate.
func (s *Store) InsertMessage(ctx context.Context, m *conversation.Message) (bool, error) {
	return s.execClaim(ctx, "insert message", insertMessage, m)
}

// ClaimMessage stores an inbound claim and, in the same statement, records it on its conversation
// as RecordMessage does: the window and the indicators never disagree with the stored messages,
// and the webhook waits for one round trip, not two.
func (s *Store) ClaimMessage(ctx context.Context, m *conversation.Message) (bool, error) {
	return s.execClaim(ctx, "claim message", `WITH claimed AS (`+insertMessage+` RETURNING conversation_id)
		UPDATE frontdesk_conversations SET `+recordSet("$15::BOOLEAN", "$12::BIGINT", "$14::BIGINT")+`
		FROM claimed WHERE frontdesk_conversations.id = claimed.conversation_id`, m, m.Direction == conversation.In)
}

// execClaim runs a statement around insertMessage; one affected row means the claim was taken. op
// names the operation in its errors.
func (s *Store) execClaim(ctx context.Context, op, query string, m *conversation.Message, more ...any) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	args, err := insertArgs(m)
	if err != nil {
		return false, wrap(op, err)
	}
	res, err := s.db.ExecContext(ctx, query, append(args, more...)...)
	if err != nil {
		return false, wrap(op, err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap(op, err)
}

// Work reads, in one query, what a worker's pass over a conversation does: its claimed messages
// (customer messages and echoes) due to be posted, and its unsent agent messages, each in provider
// order.
func (s *Store) Work(ctx context.Context, conversationID string, now int64) (pending, outbox []*conversation.Message, err error) {
	rows, err := queryMessages(ctx, s.db, "list work", `SELECT `+messageColumns+` FROM frontdesk_messages
		WHERE conversation_id=$1 AND state IN ('pending', 'sending')
		AND ((state='pending' AND next_attempt_at <= $2) OR (direction='out' AND state='sending'))
		ORDER BY provider_at, create_at, id`, conversationID, now)
	pending, outbox = conversation.SplitWork(rows)
	return pending, outbox, err
}

// PendingInbound lists the pending half of Work.
func (s *Store) PendingInbound(ctx context.Context, conversationID string, now int64) ([]*conversation.Message, error) {
	pending, _, err := s.Work(ctx, conversationID, now)
	return pending, err
}

// DropEchoClaim deletes a not yet posted echo claim of a message Frontdesk itself just sent: the
// echo overtook the send's answer.
func (s *Store) DropEchoClaim(ctx context.Context, connectionID string, id channel.MessageID) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `DELETE FROM frontdesk_messages WHERE connection_id=$1 AND provider_message_id=$2
		AND direction='out' AND state='pending' AND post_id IS NULL`, connectionID, string(id))
	return wrap("drop echo claim", err)
}

// MarkPosted records the posts made for messages and drops their stored events, in one statement
// (a worker's pass records what it posted at once).
func (s *Store) MarkPosted(ctx context.Context, posted ...conversation.Posted) error {
	if len(posted) == 0 {
		return nil
	}
	ids, postIDs, states := make([]string, len(posted)), make([]string, len(posted)), make([]string, len(posted))
	for i, p := range posted {
		ids[i], postIDs[i], states[i] = p.ID, p.PostID, p.State
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_messages m SET post_id = v.post_id, state = v.state, event = NULL,
		update_at = $4 FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[]) AS v(id, post_id, state) WHERE m.id = v.id`,
		pqArray(ids), pqArray(postIDs), pqArray(states), nowMillis())
	if err != nil {
		return wrap("mark posted", err)
	}
	n, err := res.RowsAffected()
	if err == nil && int(n) != len(posted) {
		err = ErrNotFound // a message that is not there
	}
	return wrap("mark posted", err)
}

// NoteAttempts counts a posting attempt on each message.
func (s *Store) NoteAttempts(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `UPDATE frontdesk_messages SET attempts = attempts + 1, update_at = $2 WHERE id = ANY($1)`,
		pqArray(ids), nowMillis())
	return wrap("note attempts", err)
}

// MarkApplied records that a queued edit, delete or reaction was applied to its message's post.
func (s *Store) MarkApplied(ctx context.Context, id string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_messages SET state=$3, event=NULL, update_at=$2 WHERE id=$1`,
		id, nowMillis(), conversation.StateApplied)
	return wrap("mark applied", affected(res, err))
}

// RetryOutboxNow makes a connection's replies waiting for a retry due at once and names their
// conversations: after a reconnect they need not wait out their backoff.
func (s *Store) RetryOutboxNow(ctx context.Context, connectionID string) ([]string, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, `UPDATE frontdesk_messages SET next_attempt_at=0, update_at=$2
		WHERE connection_id=$1 AND direction='out' AND state='sending' AND next_attempt_at > 0
		RETURNING conversation_id`, connectionID, nowMillis())
	if err != nil {
		return nil, wrap("retry outbox now", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("retry outbox now", err)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, wrap("retry outbox now", rows.Err())
}

// DueConversations lists conversations with work a job must pick up: inbound messages still pending
// and outbox entries whose next attempt is due. The longest waiting come first, so that a few
// conversations that keep failing cannot starve the others behind the limit.
func (s *Store) DueConversations(ctx context.Context, now int64, limit int) ([]string, error) {
	return queryIDs(ctx, s.db, "list due conversations", `SELECT conversation_id FROM frontdesk_messages
		WHERE state IN ('pending', 'sending') AND next_attempt_at <= $1
		GROUP BY conversation_id ORDER BY MIN(next_attempt_at), MIN(create_at), conversation_id LIMIT $2`, now, limit)
}

// UpdateDelivery saves an outbound message's state after a send attempt or a status.
func (s *Store) UpdateDelivery(ctx context.Context, m *conversation.Message) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_messages SET provider_message_id=$2, state=$3, reason=$4,
		attempts=$5, next_attempt_at=$6, read_at=$7, update_at=$8 WHERE id=$1`,
		m.ID, nullable(string(m.ProviderMessageID)), m.State, m.Reason, m.Attempts, m.NextAttemptAt, m.ReadAt, nowMillis())
	return wrap("update delivery", affected(res, err))
}

// MessageByProviderID finds a message by the provider's id on one connection.
func (s *Store) MessageByProviderID(ctx context.Context, connectionID string, id channel.MessageID) (*conversation.Message, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM frontdesk_messages
		WHERE connection_id=$1 AND provider_message_id=$2`, connectionID, string(id)))
	return m, wrap("find message by provider id", err)
}

// MessageByPost finds the message row of a post.
func (s *Store) MessageByPost(ctx context.Context, postID string) (*conversation.Message, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM frontdesk_messages WHERE post_id=$1`, postID))
	return m, wrap("find message by post", err)
}

// MessageByID finds a message row by its id.
func (s *Store) MessageByID(ctx context.Context, id string) (*conversation.Message, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM frontdesk_messages WHERE id=$1`, id))
	return m, wrap("find message by id", err)
}

// SentUpTo lists a conversation's outbound messages sent at or before a watermark whose state is
// behind the given one (Messenger read and delivery watermarks).
func (s *Store) SentUpTo(ctx context.Context, conversationID string, watermark int64, behind string) ([]*conversation.Message, error) {
	return queryMessages(ctx, s.db, "list sent up to watermark", `SELECT `+messageColumns+` FROM frontdesk_messages
		WHERE conversation_id=$1 AND direction='out' AND provider_at <= $2 AND state IN ('sent', 'delivered')
		AND state <> $3 AND post_id IS NOT NULL ORDER BY provider_at`, conversationID, watermark, behind)
}

// OverLimit names those of the conversations with more than keep posted messages not pruned yet,
// in one query: each is looked at up to keep+1 of its rows.
func (s *Store) OverLimit(ctx context.Context, conversationIDs []string, keep int) ([]string, error) {
	return queryIDs(ctx, s.db, "find chats over the limit", `SELECT c.id FROM unnest($1::TEXT[]) AS c(id) WHERE EXISTS (
		SELECT 1 FROM frontdesk_messages m WHERE m.conversation_id = c.id AND NOT m.pruned AND m.post_id IS NOT NULL
		AND m.state <> 'pending' OFFSET $2)`, pqArray(conversationIDs), keep)
}

// PrunableMessages lists the posted messages of a conversation beyond the newest keep ones.
func (s *Store) PrunableMessages(ctx context.Context, conversationID string, keep int) ([]*conversation.Message, error) {
	return queryMessages(ctx, s.db, "list prunable messages", `SELECT `+messageColumns+` FROM frontdesk_messages
		WHERE conversation_id=$1 AND NOT pruned AND post_id IS NOT NULL AND state <> 'pending'
		ORDER BY provider_at DESC, create_at DESC, id DESC OFFSET $2`, conversationID, keep)
}

// MarkPruned flags a message whose post retention deleted.
func (s *Store) MarkPruned(ctx context.Context, id string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `UPDATE frontdesk_messages SET pruned=TRUE, update_at=$2 WHERE id=$1`, id, nowMillis())
	return wrap("mark pruned", err)
}

// LastInbound is the provider id of the customer's newest message in a conversation.
func (s *Store) LastInbound(ctx context.Context, conversationID string) (channel.MessageID, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT provider_message_id FROM frontdesk_messages
		WHERE conversation_id=$1 AND direction='in' AND provider_message_id IS NOT NULL AND post_id IS NOT NULL
		ORDER BY provider_at DESC, create_at DESC LIMIT 1`, conversationID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return channel.MessageID(id), wrap("find last inbound", err)
}
