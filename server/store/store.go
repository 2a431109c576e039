// Package store keeps Frontdesk's own state in prefixed tables on the Mattermost database: schema
// migrations, connections, conversations and messages. Every query runs with a timeout; uniqueness
// that the product promises (one post per provider message, one send per post) lives in constraints.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// ErrNotFound is returned when a row does not exist; it is the core's own sentinel.
var ErrNotFound = conversation.ErrNotFound

// QueryTimeout bounds every single query.
const QueryTimeout = 10 * time.Second

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is the SQL store. It is safe for concurrent use.
type Store struct {
	db *sql.DB
	// LeaseFor overrides DefaultLeaseFor; tests of a claim that runs out set it short.
	LeaseFor time.Duration
}

// New wraps an open PostgreSQL database.
func New(db *sql.DB) *Store { return &Store{db: db} }

// DB exposes the handle for tests and jobs that need a transaction of their own.
func (s *Store) DB() *sql.DB { return s.db }

// wrap names the store operation that failed, keeping the cause (and any sentinel such as
// ErrNotFound) reachable through errors.Is and errors.As; nil stays nil.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

func withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, QueryTimeout)
}

// Migrate applies every embedded migration not applied yet, each in its own transaction. Callers run it
// under a cluster mutex; the schema table's primary key makes a concurrent second run fail instead of
// applying a migration twice.
func (s *Store) Migrate(ctx context.Context) (applied []string, err error) {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS frontdesk_schema_migrations (
		name VARCHAR(128) PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return nil, wrap("create migrations table", err)
	}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, wrap("list migrations", err)
	}
	sort.Strings(names)
	for _, path := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "migrations/"), ".sql")
		done, err := s.apply(ctx, name, path)
		for try := 1; err != nil && try < migrateTries && ctx.Err() == nil; try++ {
			time.Sleep(time.Duration(try) * 200 * time.Millisecond)
			done, err = s.apply(ctx, name, path)
		}
		if err != nil {
			return applied, wrap("apply migration "+name, err)
		}
		if done {
			applied = append(applied, name)
		}
	}
	return applied, nil
}

// migrateTries is how often one migration is tried. The server's connection pool can hand out a
// connection that a plugin process killed mid-transaction left behind; the driver drops it on its
// first error, and the next try gets another.
const migrateTries = 3

func (s *Store) apply(ctx context.Context, name, path string) (bool, error) {
	body, err := migrationFiles.ReadFile(path)
	if err != nil {
		return false, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after commit
	var exists bool
	if err := tx.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM frontdesk_schema_migrations WHERE name = $1)`, name).Scan(&exists); err != nil {
		return false, err
	}
	if exists {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO frontdesk_schema_migrations (name, applied_at) VALUES ($1, $2)`, name, nowMillis()); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

func nowMillis() int64 { return time.Now().UnixMilli() }
