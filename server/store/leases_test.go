package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/store"
)

// A claim is a row with an expiry, not an open transaction: while a holder works (and calls a
// provider), no connection of the database sits idle in a transaction.
func TestAClaimHoldsNoTransactionOpen(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	got, err := s.TryConversationLock(ctx, "conv-1", func(ctx context.Context) error {
		var open int
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity
			WHERE datname = current_database() AND state LIKE 'idle in transaction%'`).Scan(&open); err != nil {
			return err
		}
		if open != 0 {
			t.Errorf("%d connections idle in a transaction while a claim is held", open)
		}
		return nil
	})
	if !got || err != nil {
		t.Fatalf("claim: got %v, err %v", got, err)
	}
}

// A claim left by a process that died (its row stays, nobody renews it) blocks the chat only until
// it runs out; then the next worker takes the chat.
func TestAClaimOfADeadHolderRunsOut(t *testing.T) {
	s := newStore(t)
	s.LeaseFor = 400 * time.Millisecond
	ctx := context.Background()
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO frontdesk_leases (lease_key, owner, until_at)
		VALUES ('conversation:conv-d', 'killed', (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT + 400)`); err != nil {
		t.Fatal(err)
	}
	ran := false
	got, err := s.TryConversationLock(ctx, "conv-d", func(context.Context) error { ran = true; return nil })
	if got || ran || err != nil {
		t.Fatalf("while the dead holder's claim lasts: got %v, ran %v, err %v", got, ran, err)
	}
	// The waiting form takes it once it runs out.
	wait, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.WithConversationLock(wait, "conv-d", func(context.Context) error { ran = true; return nil }); err != nil || !ran {
		t.Fatalf("after the claim ran out: ran %v, err %v", ran, err)
	}
	var left int
	if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM frontdesk_leases`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d claims left after release (err %v)", left, err)
	}
}

// A holder working longer than the lease keeps its claim by renewing it; a holder whose claim was
// taken over (it stalled past the lease) is stopped with ErrLeaseLost.
func TestAClaimIsRenewedWhileItsHolderWorks(t *testing.T) {
	s := newStore(t)
	s.LeaseFor = 300 * time.Millisecond
	ctx := context.Background()
	got, err := s.TryConversationLock(ctx, "conv-r", func(ctx context.Context) error {
		time.Sleep(3 * s.LeaseFor)
		other, err := s.TryConversationLock(ctx, "conv-r", func(context.Context) error { return nil })
		if other || err != nil {
			t.Errorf("a second holder after three leases of work: got %v, err %v", other, err)
		}
		return ctx.Err()
	})
	if !got || err != nil {
		t.Fatalf("long holder: got %v, err %v", got, err)
	}

	got, err = s.TryConversationLock(ctx, "conv-s", func(ctx context.Context) error {
		if _, err := s.DB().ExecContext(ctx, `UPDATE frontdesk_leases SET owner = 'thief' WHERE lease_key = 'conversation:conv-s'`); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Second):
			return nil
		}
	})
	if !got || !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("holder whose claim was taken over: got %v, err %v", got, err)
	}
}

// A panic in the holder's work (a worker recovers it) still frees the chat at once.
func TestAClaimIsFreedWhenItsHolderPanics(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	func() {
		defer func() { _ = recover() }()
		_, _ = s.TryConversationLock(ctx, "conv-p", func(context.Context) error { panic("adapter gone wrong") })
	}()
	ran := false
	got, err := s.TryConversationLock(ctx, "conv-p", func(context.Context) error { ran = true; return nil })
	if !got || !ran || err != nil {
		t.Fatalf("after a panic: got %v, ran %v, err %v", got, ran, err)
	}
}

// Claims skip the write-ahead log: taking and releasing one does not wait for the disk, and a
// database crash, which ends every holder's connection, frees them all.
func TestClaimsAreUnlogged(t *testing.T) {
	s := newStore(t)
	var persistence string
	if err := s.DB().QueryRow(`SELECT relpersistence FROM pg_class WHERE relname = 'frontdesk_leases'`).Scan(&persistence); err != nil {
		t.Fatal(err)
	}
	if persistence != "u" {
		t.Fatalf("frontdesk_leases persistence = %q, want u (unlogged)", persistence)
	}
}
