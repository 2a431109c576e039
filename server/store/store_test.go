package store_test

import (
	"context"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/store"
	"github.com/frontdesk-chat/frontdesk/server/store/storetest"
)

func newStore(t *testing.T) *store.Store {
	t.Helper()
	s := store.New(storetest.NewDB(t))
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

func TestMigrateTwiceChangesNothing(t *testing.T) {
	s := store.New(storetest.NewDB(t))
	ctx := context.Background()
	first, err := s.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) == 0 {
		t.Fatal("first run applied nothing")
	}
	second, err := s.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(second) != 0 {
		t.Fatalf("second run applied %v", second)
	}
	var n int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_schema_migrations`).Scan(&n); err != nil || n != len(first) {
		t.Fatalf("recorded %d migrations (err %v), want %d", n, err, len(first))
	}
}
