package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

const conversationColumns = `id, connection_id, customer_id, customer_name, customer_phone, customer_username,
	COALESCE(root_post_id, ''), status, archived_by, archived_at, last_customer_at, last_message_at,
	last_from_customer, pruned_count, opted_out_at, create_at, update_at, assignee_id,
	COALESCE((SELECT l.client_id FROM frontdesk_client_links l WHERE l.conversation_id = id), '')`

func scanConversation(row interface{ Scan(...any) error }) (*conversation.Conversation, error) {
	var c conversation.Conversation
	var customer, status string
	err := row.Scan(&c.ID, &c.ConnectionID, &customer, &c.CustomerName, &c.CustomerPhone, &c.CustomerUsername,
		&c.RootPostID, &status, &c.ArchivedBy, &c.ArchivedAt, &c.LastCustomerAt, &c.LastMessageAt,
		&c.LastFromCustomer, &c.PrunedCount, &c.OptedOutAt, &c.CreateAt, &c.UpdateAt, &c.AssigneeID, &c.ClientID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	c.CustomerID = channel.CustomerID(customer)
	c.Status = conversation.Status(status)
	return &c, nil
}

// EnsureConversation returns the conversation of this customer on this connection, creating it when
// it does not exist yet. Display data is refreshed when the provider sent some.
func (s *Store) EnsureConversation(ctx context.Context, c *conversation.Conversation) (*conversation.Conversation, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	conv, err := scanConversation(s.db.QueryRowContext(ctx, `INSERT INTO frontdesk_conversations
		(id, connection_id, customer_id, customer_name, customer_phone, customer_username, status, create_at, update_at)
		VALUES ($1,$2,$3,$4,$5,$6,'active',$7,$7)
		ON CONFLICT (connection_id, customer_id) DO UPDATE SET
			customer_name = COALESCE(NULLIF(EXCLUDED.customer_name, ''), frontdesk_conversations.customer_name),
			customer_phone = COALESCE(NULLIF(EXCLUDED.customer_phone, ''), frontdesk_conversations.customer_phone),
			customer_username = COALESCE(NULLIF(EXCLUDED.customer_username, ''), frontdesk_conversations.customer_username)
		RETURNING `+conversationColumns,
		c.ID, c.ConnectionID, string(c.CustomerID), c.CustomerName, c.CustomerPhone, c.CustomerUsername, c.CreateAt))
	return conv, wrap("ensure conversation", err)
}

// GetConversation loads one conversation.
func (s *Store) GetConversation(ctx context.Context, id string) (*conversation.Conversation, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	c, err := scanConversation(s.db.QueryRowContext(ctx, `SELECT `+conversationColumns+` FROM frontdesk_conversations WHERE id=$1`, id))
	return c, wrap("get conversation", err)
}

// GetConversationByRoot finds the conversation whose thread starts at rootPostID.
func (s *Store) GetConversationByRoot(ctx context.Context, rootPostID string) (*conversation.Conversation, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	c, err := scanConversation(s.db.QueryRowContext(ctx, `SELECT `+conversationColumns+` FROM frontdesk_conversations WHERE root_post_id=$1`, rootPostID))
	return c, wrap("get conversation by root post", err)
}

// SetOptedOut records that the customer left (at > 0) or came back (at = 0); it reports whether
// that changed anything.
func (s *Store) SetOptedOut(ctx context.Context, id string, at int64) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_conversations SET opted_out_at=$2, update_at=$3
		WHERE id=$1 AND (opted_out_at = 0) <> ($2::BIGINT = 0)`, id, at, nowMillis())
	if err != nil {
		return false, wrap("set opted out", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("set opted out", err)
}

// SetRootPost records the thread's root post.
func (s *Store) SetRootPost(ctx context.Context, id, postID string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_conversations SET root_post_id=$2 WHERE id=$1`, id, postID)
	return wrap("set root post", affected(res, err))
}

// SetStatus archives (by, at) or reopens (by "" and at 0) a conversation. It reports whether the
// status changed, so that only one of two concurrent archives announces it.
func (s *Store) SetStatus(ctx context.Context, id string, status conversation.Status, by string, at int64) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_conversations SET status=$2, archived_by=$3, archived_at=$4,
		update_at=$5 WHERE id=$1 AND status<>$2`, id, string(status), by, at, nowMillis())
	if err != nil {
		return false, wrap("set conversation status", err)
	}
	n, err := res.RowsAffected()
	return n > 0, wrap("set conversation status", err)
}

// RecordMessage moves the conversation's last-message marks forward (never back: out-of-order
// deliveries keep the newest).
func (s *Store) RecordMessage(ctx context.Context, id string, fromCustomer bool, at int64) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `UPDATE frontdesk_conversations SET `+recordSet("$2", "$3", "$4")+` WHERE id=$1`,
		id, fromCustomer, at, nowMillis())
	return wrap("record message", err)
}

// recordSet moves a conversation's last message (and last customer message, when from is true) to
// at, and says who spoke last.
func recordSet(from, at, now string) string {
	return `last_customer_at = CASE WHEN ` + from + ` THEN GREATEST(last_customer_at, ` + at + `) ELSE last_customer_at END,
		last_from_customer = CASE WHEN ` + at + ` >= last_message_at THEN ` + from + ` ELSE last_from_customer END,
		last_message_at = GREATEST(last_message_at, ` + at + `),
		update_at = ` + now
}

// AddPruned counts posts removed by retention.
func (s *Store) AddPruned(ctx context.Context, id string, n int) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `UPDATE frontdesk_conversations SET pruned_count = pruned_count + $2 WHERE id=$1`, id, n)
	return wrap("add pruned count", err)
}

// ListConversations lists conversations of the given connections, newest activity first.
func (s *Store) ListConversations(ctx context.Context, f conversation.ListFilter) ([]*conversation.Conversation, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if len(f.ConnectionIDs) == 0 {
		return nil, nil
	}
	// Each connection's page is read newest first from its own index range (a LATERAL join per
	// connection: "connection_id = ANY" would read and sort every chat of every connection), and the
	// read marks are joined to the page only.
	inner := `SELECT * FROM frontdesk_conversations c WHERE c.connection_id = k.conn AND c.root_post_id IS NOT NULL`
	args := []any{pqArray(f.ConnectionIDs), f.Viewer}
	if f.Status != "" {
		args = append(args, string(f.Status))
		inner += fmt.Sprintf(" AND c.status = $%d", len(args))
	}
	if f.Unanswered {
		inner += " AND c.last_from_customer"
	}
	if f.Phone != "" {
		args = append(args, f.Phone)
		inner += fmt.Sprintf(" AND c.customer_phone = $%d", len(args))
	}
	if f.UnreadFor != "" {
		args = append(args, f.UnreadFor)
		inner += fmt.Sprintf(` AND c.last_customer_at > COALESCE((SELECT read_at FROM frontdesk_reads r2
			WHERE r2.user_id = $%d AND r2.conversation_id = c.id), 0)`, len(args))
	}
	if text := strings.TrimSpace(f.Query); text != "" {
		// Both sides lower-cased by PostgreSQL, so that the database's own case rules apply alike.
		args = append(args, "%"+likeEscape(text)+"%")
		match := fmt.Sprintf("LOWER(c.customer_name) LIKE LOWER($%d) OR LOWER(c.customer_username) LIKE LOWER($%d)", len(args), len(args))
		if digits := conversation.Digits(text); digits != "" {
			args = append(args, "%"+digits+"%")
			match += fmt.Sprintf(" OR c.customer_phone LIKE $%d", len(args))
		}
		inner += " AND (" + match + ")"
	}
	switch f.Assigned {
	case "":
	case conversation.Unassigned:
		inner += " AND c.assignee_id = ''"
	default:
		args = append(args, f.Assigned)
		inner += fmt.Sprintf(" AND c.assignee_id = $%d", len(args))
	}
	pageSize := f.PerPage
	if f.More {
		pageSize++
	}
	args = append(args, pageSize, f.Page*f.PerPage)
	limit, offset := len(args)-1, len(args)
	inner += fmt.Sprintf(" ORDER BY c.last_message_at DESC, c.id LIMIT $%d::BIGINT + $%d::BIGINT", limit, offset)
	q := `SELECT ` + conversationColumns + `, COALESCE(r.read_at, 0) FROM unnest($1::TEXT[]) AS k(conn)
		CROSS JOIN LATERAL (` + inner + `) c
		LEFT JOIN frontdesk_reads r ON r.conversation_id = c.id AND r.user_id = $2` +
		fmt.Sprintf(" ORDER BY c.last_message_at DESC, c.id LIMIT $%d OFFSET $%d", limit, offset)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap("list conversations", err)
	}
	defer rows.Close()
	var out []*conversation.Conversation
	for rows.Next() {
		var readAt int64
		c, err := scanConversation(withExtra(rows, &readAt))
		if err != nil {
			return nil, wrap("list conversations", err)
		}
		c.Viewer, c.ViewerReadAt = f.Viewer, readAt
		out = append(out, c)
	}
	return out, wrap("list conversations", rows.Err())
}

// likeEscape makes a user's text match literally inside a LIKE pattern (backslash is the default
// escape character).
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SetAssignee assigns a conversation to a user ("" unassigns). It reports whether that changed
// anything, so that one of two concurrent assignments alone announces it.
func (s *Store) SetAssignee(ctx context.Context, id, userID string) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_conversations SET assignee_id=$2, update_at=$3
		WHERE id=$1 AND assignee_id<>$2`, id, userID, nowMillis())
	if err != nil {
		return false, wrap("set assignee", err)
	}
	n, err := res.RowsAffected()
	return n > 0, wrap("set assignee", err)
}

// withExtra scans the extra columns after a row's usual ones.
func withExtra(row interface{ Scan(...any) error }, extra ...any) interface{ Scan(...any) error } {
	return scanFunc(func(dest ...any) error { return row.Scan(append(dest, extra...)...) })
}

type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// Indicators counts, for one user over the given connections, active conversations with customer
// messages the user has not read, those whose last message is the customer's, and those that are
// either (each chat once: the red badge), without visiting the chats: the totals of chats with a
// customer message are kept per connection (migration 0016), and a read mark knows whether it
// covers its chat's latest customer message (migration 0013), so unread = those chats - the user's
// caught-up marks, one range of a small index.
func (s *Store) Indicators(ctx context.Context, userID string, connectionIDs []string) (unread, unanswered, attention int, err error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if len(connectionIDs) == 0 {
		return 0, 0, 0, nil
	}
	var wrote, caughtUp, caughtUpUnanswered int
	err = s.db.QueryRowContext(ctx, `SELECT * FROM
		(SELECT COALESCE(SUM(wrote), 0), COALESCE(SUM(unanswered), 0) FROM frontdesk_chat_counts
			WHERE connection_id = ANY($1)) chats,
		(SELECT COUNT(*), COUNT(*) FILTER (WHERE unanswered) FROM frontdesk_reads
			WHERE user_id = $2 AND chat_connection_id = ANY($1) AND caught_up) marks`,
		pqArray(connectionIDs), userID).Scan(&wrote, &unanswered, &caughtUp, &caughtUpUnanswered)
	// A chat waiting for an answer has a customer message (last_customer_at > 0): it is in wrote, and
	// unread unless caught up.
	return wrote - caughtUp, unanswered, wrote - caughtUp + caughtUpUnanswered, wrap("count indicators", err)
}

// ReadState tells one user's read mark on one conversation.
func (s *Store) ReadState(ctx context.Context, userID, conversationID string) (int64, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT read_at FROM frontdesk_reads WHERE user_id=$1 AND conversation_id=$2`,
		userID, conversationID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return at, wrap("read state", err)
}

// MarkRead moves a user's read mark forward.
func (s *Store) MarkRead(ctx context.Context, userID, conversationID string, at int64) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `INSERT INTO frontdesk_reads (user_id, conversation_id, read_at) VALUES ($1,$2,$3)
		ON CONFLICT (user_id, conversation_id) DO UPDATE SET read_at = GREATEST(frontdesk_reads.read_at, EXCLUDED.read_at)`,
		userID, conversationID, at)
	return wrap("mark read", err)
}

// ConversationByCustomer finds a customer's conversation on a connection.
func (s *Store) ConversationByCustomer(ctx context.Context, connectionID string, customer channel.CustomerID) (*conversation.Conversation, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	c, err := scanConversation(s.db.QueryRowContext(ctx, `SELECT `+conversationColumns+` FROM frontdesk_conversations
		WHERE connection_id=$1 AND customer_id=$2`, connectionID, string(customer)))
	return c, wrap("find conversation by customer", err)
}
