package store

import "context"

// CountConnections counts connected provider accounts.
func (s *Store) CountConnections(ctx context.Context) (int, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM frontdesk_connections`).Scan(&n)
	return n, err
}
