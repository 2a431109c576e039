package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// RetireThread records a chat's former thread root (deleted, or in a channel the connection no
// longer posts in); recording it twice keeps the first record.
func (s *Store) RetireThread(ctx context.Context, rootPostID, conversationID, channelID string, at int64) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `INSERT INTO frontdesk_retired_threads (root_post_id, conversation_id, channel_id, retired_at)
		VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING`, rootPostID, conversationID, channelID, at)
	return wrap("retire thread", err)
}

// RetiredThread is the conversation whose former thread started at root, or ErrNotFound.
func (s *Store) RetiredThread(ctx context.Context, rootPostID string) (string, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT conversation_id FROM frontdesk_retired_threads WHERE root_post_id=$1`, rootPostID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return id, wrap("find retired thread", err)
}

// SweptTo is how far the named sweep has looked (0: never ran).
func (s *Store) SweptTo(ctx context.Context, name string) (int64, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT swept_to FROM frontdesk_sweeps WHERE name=$1`, name).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return at, wrap("read sweep watermark", err)
}

// SetSweptTo moves the named sweep's watermark forward (never back).
func (s *Store) SetSweptTo(ctx context.Context, name string, at int64) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `INSERT INTO frontdesk_sweeps (name, swept_to) VALUES ($1,$2)
		ON CONFLICT (name) DO UPDATE SET swept_to = GREATEST(frontdesk_sweeps.swept_to, EXCLUDED.swept_to)`, name, at)
	return wrap("set sweep watermark", err)
}

// UnqueuedPosts returns the ones of postIDs that no message row holds, in the order given.
func (s *Store) UnqueuedPosts(ctx context.Context, postIDs []string) ([]string, error) {
	if len(postIDs) == 0 {
		return nil, nil
	}
	return queryIDs(ctx, s.db, "list unqueued posts", `SELECT id FROM unnest($1::VARCHAR[]) WITH ORDINALITY AS p(id, n)
		WHERE NOT EXISTS (SELECT 1 FROM frontdesk_messages m WHERE m.post_id = p.id) ORDER BY n`, pqArray(postIDs))
}

// EventApplied reports whether a customer's change event was applied already.
func (s *Store) EventApplied(ctx context.Context, connectionID, eventID string) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var found bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM frontdesk_applied_events
		WHERE connection_id=$1 AND event_id=$2)`, connectionID, eventID).Scan(&found)
	return found, wrap("check applied event", err)
}

// RecordAppliedEvent remembers a customer's change event applied at once; recording it twice is fine.
func (s *Store) RecordAppliedEvent(ctx context.Context, connectionID, eventID string, at int64) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `INSERT INTO frontdesk_applied_events (connection_id, event_id, applied_at)
		VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`, connectionID, eventID, at)
	return wrap("record applied event", err)
}

// DropAppliedEvents forgets the applied events recorded before a time (providers stop replaying).
func (s *Store) DropAppliedEvents(ctx context.Context, before int64) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `DELETE FROM frontdesk_applied_events WHERE applied_at < $1`, before)
	return wrap("drop applied events", err)
}

// ChatOfThread finds, in one round trip, the chat a thread belongs to: its current thread
// (retired false) or a former one (retired true). The post hooks ask it for every reply on the
// server, so a reply outside chats costs one indexed lookup.
func (s *Store) ChatOfThread(ctx context.Context, rootPostID string) (*conversation.Conversation, bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var retired bool
	row := s.db.QueryRowContext(ctx, `SELECT `+conversationColumns+`, false FROM frontdesk_conversations WHERE root_post_id=$1
		UNION ALL
		SELECT `+conversationColumns+`, true FROM frontdesk_conversations
		WHERE id = (SELECT conversation_id FROM frontdesk_retired_threads WHERE root_post_id=$1)
		LIMIT 1`, rootPostID)
	c, err := scanConversation(withExtra(row, &retired))
	return c, retired, wrap("find the chat of a thread", err)
}
