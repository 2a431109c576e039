package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// LinkClient links a chat to a client, replacing any earlier link. It reports whether the link
// changed (linking the same client again changes nothing).
func (s *Store) LinkClient(ctx context.Context, l conversation.ClientLink) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `INSERT INTO frontdesk_client_links (conversation_id, client_id, linked_by, linked_at)
		VALUES ($1,$2,$3,$4)
		ON CONFLICT (conversation_id) DO UPDATE SET client_id=EXCLUDED.client_id, linked_by=EXCLUDED.linked_by, linked_at=EXCLUDED.linked_at
		WHERE frontdesk_client_links.client_id <> EXCLUDED.client_id`,
		l.ConversationID, l.ClientID, l.LinkedBy, l.LinkedAt)
	if err != nil {
		return false, fmt.Errorf("store: link client: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// UnlinkClient removes a chat's link and returns the link it removed (ErrNotFound when none).
func (s *Store) UnlinkClient(ctx context.Context, conversationID string) (conversation.ClientLink, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	l, err := scanLink(s.db.QueryRowContext(ctx, `DELETE FROM frontdesk_client_links WHERE conversation_id=$1
		RETURNING conversation_id, client_id, linked_by, linked_at`, conversationID))
	if err != nil {
		return l, fmt.Errorf("store: unlink client: %w", err)
	}
	return l, nil
}

// ClientLinkOf is a chat's link (ErrNotFound when the chat is linked to no client).
func (s *Store) ClientLinkOf(ctx context.Context, conversationID string) (conversation.ClientLink, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	l, err := scanLink(s.db.QueryRowContext(ctx, `SELECT conversation_id, client_id, linked_by, linked_at
		FROM frontdesk_client_links WHERE conversation_id=$1`, conversationID))
	if err != nil {
		return l, fmt.Errorf("store: client link of a chat: %w", err)
	}
	return l, nil
}

// ConversationsOfClient lists the chats linked to a client, newest first: one client seen on
// several providers has a chat on each.
func (s *Store) ConversationsOfClient(ctx context.Context, clientID string) ([]*conversation.Conversation, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, `SELECT `+conversationColumns+` FROM frontdesk_conversations
		WHERE id IN (SELECT conversation_id FROM frontdesk_client_links WHERE client_id=$1)
		ORDER BY last_message_at DESC LIMIT 50`, clientID)
	if err != nil {
		return nil, fmt.Errorf("store: chats of a client: %w", err)
	}
	defer rows.Close()
	var out []*conversation.Conversation
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, fmt.Errorf("store: chats of a client: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LastCustomerPost is the post of a chat's latest customer message that is still shown ("" when
// there is none).
func (s *Store) LastCustomerPost(ctx context.Context, conversationID string) (string, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var postID string
	err := s.db.QueryRowContext(ctx, `SELECT post_id FROM frontdesk_messages
		WHERE conversation_id=$1 AND direction='in' AND post_id IS NOT NULL AND NOT pruned AND state='posted'
		ORDER BY provider_at DESC LIMIT 1`, conversationID).Scan(&postID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: last customer post: %w", err)
	}
	return postID, nil
}

func scanLink(row *sql.Row) (conversation.ClientLink, error) {
	var l conversation.ClientLink
	err := row.Scan(&l.ConversationID, &l.ClientID, &l.LinkedBy, &l.LinkedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	return l, err
}
