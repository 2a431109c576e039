package providertest

import "sync"

// Seq numbers the ids a fake hands out (message ids, media ids, SIDs).
type Seq struct {
	mu sync.Mutex
	n  int64
}

// Next is the next number, from 1.
func (q *Seq) Next() int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.n++
	return q.n
}

// StartIDsAfter makes every id handed out from now on greater than n, so that a fake started again
// (the simulator) does not reuse the ids an earlier run gave the same connection.
func (q *Seq) StartIDsAfter(n int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.n = max(q.n, n)
}
