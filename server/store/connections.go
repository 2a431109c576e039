package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

const connectionColumns = `id, kind, name, channel_id, credentials, api_base_url, verify_token, account_id,
	account_name, sync_lost_at, sync_reason, created_by, create_at, update_at`

func scanConnection(row interface{ Scan(...any) error }) (*conversation.Connection, error) {
	var c conversation.Connection
	var kind string
	err := row.Scan(&c.ID, &kind, &c.Name, &c.ChannelID, &c.Sealed, &c.APIBaseURL, &c.VerifyToken, &c.AccountID,
		&c.AccountName, &c.SyncLostAt, &c.SyncReason, &c.CreatedBy, &c.CreateAt, &c.UpdateAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	c.Kind = channel.Kind(kind)
	return &c, nil
}

// CreateConnection inserts a connection; its credentials must already be sealed.
func (s *Store) CreateConnection(ctx context.Context, c *conversation.Connection) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := s.db.ExecContext(ctx, rememberChannel(4)+`INSERT INTO frontdesk_connections (`+connectionColumns+`)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
		c.ID, string(c.Kind), c.Name, c.ChannelID, c.Sealed, c.APIBaseURL, c.VerifyToken, c.AccountID,
		c.AccountName, c.SyncLostAt, c.SyncReason, c.CreatedBy, c.CreateAt, c.UpdateAt)
	return wrap("create connection", err)
}

// rememberChannel starts a connection's insert or update with adding its channel (the statement's
// parameter number param) to the chat channels, in the same statement: a channel is remembered
// before any chat thread can be in it, and for good (its threads stay the chats' former threads).
func rememberChannel(param int) string {
	return fmt.Sprintf(`WITH remembered AS (INSERT INTO frontdesk_chat_channels (channel_id) VALUES ($%d) ON CONFLICT DO NOTHING) `, param)
}

// ChatChannels lists every channel a connection was ever mapped to.
func (s *Store) ChatChannels(ctx context.Context) ([]string, error) {
	return queryIDs(ctx, s.db, "list chat channels", `SELECT channel_id FROM frontdesk_chat_channels`)
}

// UpdateConnection saves the editable fields and the sync state.
func (s *Store) UpdateConnection(ctx context.Context, c *conversation.Connection) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, rememberChannel(3)+`UPDATE frontdesk_connections SET name=$2, channel_id=$3, credentials=$4,
		api_base_url=$5, account_id=$6, account_name=$7, sync_lost_at=$8, sync_reason=$9, update_at=$10 WHERE id=$1`,
		c.ID, c.Name, c.ChannelID, c.Sealed, c.APIBaseURL, c.AccountID, c.AccountName, c.SyncLostAt, c.SyncReason, c.UpdateAt)
	return wrap("update connection", affected(res, err))
}

// SetAccount records the provider account a connection's deliveries name, and nothing else: an
// admin's change made since the connection was loaded stays.
func (s *Store) SetAccount(ctx context.Context, id, accountID, accountName string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_connections SET account_id=$2, account_name=$3 WHERE id=$1`,
		id, accountID, accountName)
	return wrap("set account", affected(res, err))
}

// SetCredentials stores renewed credentials only if the connection is as the renewal loaded it
// (update_at still expectedUpdateAt): it reports false when an admin changed it meanwhile (or
// deleted it), whose change then wins.
func (s *Store) SetCredentials(ctx context.Context, id string, sealed []byte, updateAt, expectedUpdateAt int64) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_connections SET credentials=$2, update_at=$3 WHERE id=$1 AND update_at=$4`,
		id, sealed, updateAt, expectedUpdateAt)
	if err != nil {
		return false, wrap("set credentials", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("set credentials", err)
}

// SetSyncLost records that a connection lost (reason != "") or regained (at == 0) its credentials.
func (s *Store) SetSyncLost(ctx context.Context, id string, at int64, reason string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_connections SET sync_lost_at=$2, sync_reason=$3 WHERE id=$1`,
		id, at, reason)
	return wrap("set sync lost", affected(res, err))
}

// GetConnection loads one connection.
func (s *Store) GetConnection(ctx context.Context, id string) (*conversation.Connection, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	c, err := scanConnection(s.db.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM frontdesk_connections WHERE id=$1`, id))
	return c, wrap("get connection", err)
}

// ListConnections lists every connection, oldest first.
func (s *Store) ListConnections(ctx context.Context) ([]*conversation.Connection, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, `SELECT `+connectionColumns+` FROM frontdesk_connections ORDER BY create_at, id`)
	if err != nil {
		return nil, wrap("list connections", err)
	}
	defer rows.Close()
	var out []*conversation.Connection
	for rows.Next() {
		c, err := scanConnection(rows)
		if err != nil {
			return nil, wrap("list connections", err)
		}
		out = append(out, c)
	}
	return out, wrap("list connections", rows.Err())
}

// DeleteConnection removes a connection and, by cascade, its conversations and messages rows (the
// Mattermost posts stay: they are the team's history).
func (s *Store) DeleteConnection(ctx context.Context, id string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `DELETE FROM frontdesk_connections WHERE id=$1`, id)
	return wrap("delete connection", affected(res, err))
}

func affected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
