package store

import (
	"context"
	"crypto/rand"
	"errors"
	"time"
)

// DefaultLeaseFor is how long a claim on a chat lasts without renewal. The holder renews it every
// third of that while it works; a claim left by a process that died runs out after at most this.
const DefaultLeaseFor = 15 * time.Second

// ErrLeaseLost ends the work of a holder whose claim ran out or was taken over (the holder stalled
// past its lease): it stops before doing more under a claim it no longer has.
var ErrLeaseLost = errors.New("store: the claim on the chat ran out")

// nowSQL is the database's clock in milliseconds: every node compares expiries on one clock.
const nowSQL = `(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT`

// WithConversationLock runs fn while holding a cluster-wide claim on one conversation, waiting
// for it while another holder has it, so that posting a thread and sending its outbox happen in
// order and once, whichever node runs them. It gives up when ctx ends while waiting.
func (s *Store) WithConversationLock(ctx context.Context, conversationID string, fn func(context.Context) error) error {
	wait := 20 * time.Millisecond
	for {
		if err := ctx.Err(); err != nil {
			return wrap("lock conversation", err)
		}
		got, err := s.TryConversationLock(ctx, conversationID, fn)
		if got || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, 500*time.Millisecond)
	}
}

// TryConversationLock runs fn holding the same claim as WithConversationLock when it is free, and
// reports false without running fn when another holder has it: a worker never waits on a
// conversation another worker is processing (that worker, or the periodic job, picks up what is
// due). The claim is a row with an expiry, not an open transaction: fn's provider calls hold no
// database connection, and a claim whose holder was killed runs out after the lease.
func (s *Store) TryConversationLock(ctx context.Context, conversationID string, fn func(context.Context) error) (got bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, wrap("try lock conversation", err)
	}
	key, owner := "conversation:"+conversationID, rand.Text()
	if got, err = s.takeLease(ctx, key, owner); !got || err != nil {
		return false, wrap("try lock conversation", err)
	}
	work, lost := context.WithCancelCause(ctx)
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		s.keepLease(work, key, owner, lost)
	}()
	// Deferred, so that a panic in fn (which the worker recovers) stops the renewal and frees the
	// chat too.
	defer func() {
		lost(nil)
		<-renewed
		if cause := context.Cause(work); errors.Is(cause, ErrLeaseLost) {
			err = errors.Join(cause, err) // fn's error, if any, most likely follows from the lost claim
		}
		// Released even when ctx ended: the next holder need not wait for the expiry.
		release, cancel := withTimeout(context.WithoutCancel(ctx))
		defer cancel()
		if _, rerr := s.db.ExecContext(release, `DELETE FROM frontdesk_leases WHERE lease_key=$1 AND owner=$2`, key, owner); rerr != nil && err == nil {
			err = wrap("unlock conversation", rerr)
		}
	}()
	return true, fn(work)
}

// takeLease claims key for owner when nobody holds it or the holder's claim ran out. Of two
// racing takers, PostgreSQL's row lock lets the second see the first's fresh expiry: one wins.
func (s *Store) takeLease(ctx context.Context, key, owner string) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := s.db.ExecContext(ctx, `INSERT INTO frontdesk_leases (lease_key, owner, until_at)
		VALUES ($1, $2, `+nowSQL+` + $3)
		ON CONFLICT (lease_key) DO UPDATE SET owner = EXCLUDED.owner, until_at = EXCLUDED.until_at
		WHERE frontdesk_leases.until_at < `+nowSQL, key, owner, s.leaseFor().Milliseconds())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// keepLease renews the claim every third of the lease until work ends, and ends work with
// ErrLeaseLost when a renewal finds the claim gone or cannot be made before it would run out.
func (s *Store) keepLease(work context.Context, key, owner string, lost context.CancelCauseFunc) {
	every := s.leaseFor() / 3
	t := time.NewTicker(every)
	defer t.Stop()
	renewedAt := time.Now()
	for {
		select {
		case <-work.Done():
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(work, every)
		res, err := s.db.ExecContext(ctx, `UPDATE frontdesk_leases SET until_at = `+nowSQL+` + $3
			WHERE lease_key=$1 AND owner=$2`, key, owner, s.leaseFor().Milliseconds())
		cancel()
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				lost(ErrLeaseLost)
				return
			}
			renewedAt = time.Now()
			continue
		}
		if work.Err() != nil {
			return
		}
		if time.Since(renewedAt) > 2*every {
			lost(ErrLeaseLost)
			return
		}
	}
}

func (s *Store) leaseFor() time.Duration {
	if s.LeaseFor > 0 {
		return s.LeaseFor
	}
	return DefaultLeaseFor
}
