package faults_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Every webhook delivered three times at once, over many customers: each message is posted
// exactly once, in the customer's order. A customer's next message is sent once the previous one
// was answered 200, as a provider keeps a chat's order.
func TestEveryWebhookThreeTimesAtOnce(t *testing.T) {
	d := newDesk(t)
	total := messagesWanted(t)
	customers := 50
	if total < 500 {
		customers = 10
	}
	perCustomer := total / customers
	want := map[int][]int{}
	for c := 1; c <= customers; c++ {
		for n := 1; n <= perCustomer; n++ {
			want[c] = append(want[c], n)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	hc := &http.Client{Timeout: 30 * time.Second}
	var deliveries, non200 atomic.Int64
	start := time.Now()
	var errOnce sync.Once
	var firstErr error
	parallel(customers, 16, func(i int) {
		c := i + 1
		u := customer(c)
		for n := 1; n <= perCustomer; n++ {
			del := d.fake.Text(u, inText(c, n))
			var wg sync.WaitGroup
			var ok atomic.Int64
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					deliveries.Add(1)
					code, err := del.Post(ctx, hc, d.conn.WebhookURL, d.conn.VerifyToken)
					if err == nil && code == http.StatusOK {
						ok.Add(1)
						return
					}
					non200.Add(1)
				}()
			}
			wg.Wait()
			if ok.Load() == 0 {
				// A provider would deliver again; all three failing is itself a fault to report.
				errOnce.Do(func() { firstErr = fmt.Errorf("customer %d message %d: no delivery of three answered 200", c, n) })
				return
			}
		}
	})
	if firstErr != nil {
		t.Fatal(firstErr)
	}
	delivered := time.Since(start)
	r := waitTally(t, 5*time.Minute, "posts", want, func() map[int][]int { return posted(t, d.conn.ID) })
	report(t, "three deliveries of every webhook", r, fmt.Sprintf("%d customers, %d deliveries (%d duplicates), %d not answered 200, delivered in %s, posted in %s",
		customers, deliveries.Load(), deliveries.Load()-int64(r.expected), non200.Load(), delivered.Round(time.Second), time.Since(start).Round(time.Second)))
	if n := srv.CountOutcomes(t, d.conn.ID, "claimed"); n != r.expected {
		t.Errorf("%d messages claimed, want %d", n, r.expected)
	}
	// Every delivery was either the claim or a recognised duplicate (exact when all were answered).
	if n, want := srv.CountOutcomes(t, d.conn.ID, "duplicate"), int(deliveries.Load())-r.expected; non200.Load() == 0 && n != want {
		t.Errorf("%d deliveries recognised as duplicates, want %d", n, want)
	}
}
