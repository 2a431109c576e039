package store

import (
	"context"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// AddAudit records one entry of the audit trail.
func (s *Store) AddAudit(ctx context.Context, e conversation.AuditEntry) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, `INSERT INTO frontdesk_audit (id, at, user_id, action, target_type, target_id, detail)
		VALUES ($1,$2,$3,$4,$5,$6,$7)`, e.ID, e.At, e.UserID, e.Action, e.TargetType, e.TargetID, e.Detail)
	return wrap("add audit entry", err)
}

// AddAuditOnChange records e only when its detail is not the value last recorded for its target
// (target type and id): the first server of a cluster to report a setting's new value writes the
// entry, the others, reporting the same change, write nothing. It reports whether e was written.
func (s *Store) AddAuditOnChange(ctx context.Context, e conversation.AuditEntry) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `WITH changed AS (
			INSERT INTO frontdesk_settings_seen (key, value) VALUES ($5 || ':' || $6, $7)
			ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE frontdesk_settings_seen.value <> EXCLUDED.value
			RETURNING 1)
		INSERT INTO frontdesk_audit (id, at, user_id, action, target_type, target_id, detail)
		SELECT $1, $2, $3, $4, $5, $6, $7 FROM changed`, e.ID, e.At, e.UserID, e.Action, e.TargetType, e.TargetID, e.Detail)
	if err != nil {
		return false, wrap("add audit entry on change", err)
	}
	n, err := res.RowsAffected()
	return n > 0, wrap("add audit entry on change", err)
}

// ListAudit returns up to limit entries older than before (0: from the newest), newest first.
func (s *Store) ListAudit(ctx context.Context, before int64, limit int) ([]conversation.AuditEntry, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, user_id, action, target_type, target_id, detail FROM frontdesk_audit
		WHERE $1::bigint = 0 OR at < $1::bigint ORDER BY at DESC, id DESC LIMIT $2`, before, limit)
	if err != nil {
		return nil, wrap("list audit", err)
	}
	defer rows.Close()
	out := []conversation.AuditEntry{}
	for rows.Next() {
		var e conversation.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Action, &e.TargetType, &e.TargetID, &e.Detail); err != nil {
			return nil, wrap("list audit", err)
		}
		out = append(out, e)
	}
	return out, wrap("list audit", rows.Err())
}

// OpenIncident records that a connection lost sync. It reports true only when this opens a new
// incident (none was open): the caller that gets true announces it.
func (s *Store) OpenIncident(ctx context.Context, connectionID string, at int64, reason string) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `INSERT INTO frontdesk_sync_incidents (connection_id, opened_at, reason, fixed_at)
		VALUES ($1,$2,$3,0)
		ON CONFLICT (connection_id) DO UPDATE SET opened_at=EXCLUDED.opened_at, reason=EXCLUDED.reason, fixed_at=0
		WHERE frontdesk_sync_incidents.fixed_at <> 0`, connectionID, at, reason)
	if err != nil {
		return false, wrap("open incident", err)
	}
	n, err := res.RowsAffected()
	return n > 0, wrap("open incident", err)
}

// FixIncident closes a connection's open incident. It reports true only when one was open: the
// caller that gets true announces the fix.
func (s *Store) FixIncident(ctx context.Context, connectionID string, at int64) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_sync_incidents SET fixed_at=$2 WHERE connection_id=$1 AND fixed_at=0`,
		connectionID, at)
	if err != nil {
		return false, wrap("fix incident", err)
	}
	n, err := res.RowsAffected()
	return n > 0, wrap("fix incident", err)
}

// LastMessageAt is the time of the newest message in or out on any chat of a connection (0: none).
func (s *Store) LastMessageAt(ctx context.Context, connectionID string) (int64, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(last_message_at), 0) FROM frontdesk_conversations WHERE connection_id=$1`,
		connectionID).Scan(&at)
	return at, wrap("last message time", err)
}
