// Package providertest holds what every fake provider server shares: failures queued for the
// next calls, an outage switch and id numbering. Each fake embeds Faults with its own Failure
// type and Seq, so tests call FailNext, SetDown and StartIDsAfter the same way on all of them. It also
// holds Scripted, an adapter without any provider behind it, for tests of the core.
package providertest

import "sync"

// Faults is a fake provider's failure injection. The zero value is ready: no failures, up.
type Faults[F any] struct {
	mu       sync.Mutex
	failures []F
	down     bool
}

// FailNext makes the next n calls the failure applies to answer it.
func (f *Faults[F]) FailNext(n int, failure F) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.failures = append(f.failures, failure)
	}
}

// SetDown makes every call answer the provider's 503, as during an outage, until SetDown(false).
func (f *Faults[F]) SetDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
}

// Down reports whether the provider is in an outage.
func (f *Faults[F]) Down() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.down
}

// TakeFailure removes and returns the first queued failure that applies to a call; applies nil
// means every failure applies.
func (f *Faults[F]) TakeFailure(applies func(F) bool) (F, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, failure := range f.failures {
		if applies == nil || applies(failure) {
			f.failures = append(f.failures[:i], f.failures[i+1:]...)
			return failure, true
		}
	}
	var none F
	return none, false
}
