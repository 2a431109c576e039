package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// QuickReplies lists a team's quick replies sorted by name.
func (s *Store) QuickReplies(ctx context.Context, teamID string) ([]conversation.QuickReply, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, `SELECT team_id, name, text, updated_by, updated_at FROM frontdesk_quick_replies
		WHERE team_id=$1 ORDER BY name`, teamID)
	if err != nil {
		return nil, wrap("list quick replies", err)
	}
	defer rows.Close()
	out := []conversation.QuickReply{}
	for rows.Next() {
		var q conversation.QuickReply
		if err := rows.Scan(&q.TeamID, &q.Name, &q.Text, &q.UpdatedBy, &q.UpdatedAt); err != nil {
			return nil, wrap("list quick replies", err)
		}
		out = append(out, q)
	}
	return out, wrap("list quick replies", rows.Err())
}

// QuickReply loads one quick reply of a team.
func (s *Store) QuickReply(ctx context.Context, teamID, name string) (conversation.QuickReply, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var q conversation.QuickReply
	err := s.db.QueryRowContext(ctx, `SELECT team_id, name, text, updated_by, updated_at FROM frontdesk_quick_replies
		WHERE team_id=$1 AND name=$2`, teamID, name).Scan(&q.TeamID, &q.Name, &q.Text, &q.UpdatedBy, &q.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return q, wrap("get quick reply", err)
}

// PutQuickReply creates or replaces a quick reply.
func (s *Store) PutQuickReply(ctx context.Context, q conversation.QuickReply) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `INSERT INTO frontdesk_quick_replies (team_id, name, text, updated_by, updated_at)
		VALUES ($1,$2,$3,$4,$5) ON CONFLICT (team_id, name) DO UPDATE SET
		text=EXCLUDED.text, updated_by=EXCLUDED.updated_by, updated_at=EXCLUDED.updated_at`,
		q.TeamID, q.Name, q.Text, q.UpdatedBy, q.UpdatedAt)
	return wrap("put quick reply", err)
}

// DeleteQuickReply removes a quick reply; ErrNotFound when there is none by that name.
func (s *Store) DeleteQuickReply(ctx context.Context, teamID, name string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `DELETE FROM frontdesk_quick_replies WHERE team_id=$1 AND name=$2`, teamID, name)
	return wrap("delete quick reply", affected(res, err))
}
