package store

import (
	"context"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// KeepEarlyStatus stores a status whose message is not known yet; a repeat is ignored.
func (s *Store) KeepEarlyStatus(ctx context.Context, st conversation.EarlyStatus) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `INSERT INTO frontdesk_early_statuses
		(connection_id, provider_message_id, state, at, reason, class, create_at) VALUES ($1,$2,$3,$4,$5,$6,$7)
		ON CONFLICT DO NOTHING`, st.ConnectionID, string(st.ProviderMessageID), st.State.String(), st.At, st.Reason,
		string(st.Class), nowMillis())
	return wrap("keep early status", err)
}

// TakeEarlyStatuses removes and returns the statuses kept for a message, oldest first.
func (s *Store) TakeEarlyStatuses(ctx context.Context, connectionID string, id channel.MessageID) ([]conversation.EarlyStatus, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, `DELETE FROM frontdesk_early_statuses WHERE connection_id=$1 AND provider_message_id=$2
		RETURNING state, at, reason, class`, connectionID, string(id))
	if err != nil {
		return nil, wrap("take early statuses", err)
	}
	defer rows.Close()
	var out []conversation.EarlyStatus
	for rows.Next() {
		st := conversation.EarlyStatus{ConnectionID: connectionID, ProviderMessageID: id}
		var state, class string
		if err := rows.Scan(&state, &st.At, &st.Reason, &class); err != nil {
			return nil, wrap("take early statuses", err)
		}
		st.State, st.Class = channel.ParseDeliveryState(state), channel.Class(class)
		out = append(out, st)
	}
	return out, wrap("take early statuses", rows.Err())
}

// DropEarlyStatuses deletes kept statuses older than before (ms).
func (s *Store) DropEarlyStatuses(ctx context.Context, before int64) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `DELETE FROM frontdesk_early_statuses WHERE create_at < $1`, before)
	return wrap("drop early statuses", err)
}
