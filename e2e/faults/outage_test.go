package faults_test

import (
	"fmt"
	"testing"
	"time"
)

// The provider is down for a while (FRONTDESK_FAULTS_OUTAGE, 60 s by default): first it answers
// 503 to everything, then it refuses connections. Agents keep replying meanwhile. After recovery
// every reply goes out, in each chat's order, none twice.
func TestProviderDownThenEveryReplyOnceInOrder(t *testing.T) {
	d := newDesk(t)
	outage := outageWanted(t)
	const customers, perCustomer = 10, 6
	p := newPoster()
	for c := 1; c <= customers; c++ {
		if err := p.deliverUntilOK(t.Context(), d.fake.Text(customer(c), inText(c, 1)), d.conn.WebhookURL, d.conn.VerifyToken); err != nil {
			t.Fatal(err)
		}
	}
	rootOf := roots(t, d.conn.ID, customers)

	d.fake.SetDown(true)
	began := time.Now()
	want := map[int][]int{}
	var postIDs []string
	// Replies spread over the first half of the outage: 503s.
	for n := 1; n <= perCustomer; n++ {
		for c := 1; c <= customers; c++ {
			post, err := reply(srv, d, rootOf[c], outText(c, n))
			if err != nil {
				t.Fatalf("reply %s refused: %v", outText(c, n), err)
			}
			postIDs = append(postIDs, post.Id)
			want[c] = append(want[c], n)
		}
		time.Sleep(outage / 2 / perCustomer)
	}
	queued(t, postIDs)
	// The second half: the provider's address refuses connections.
	d.fake.SetDown(false)
	d.gate.refuse.Store(true)
	time.Sleep(outage - time.Since(began))
	if n := len(d.fake.Sent()); n != 0 {
		t.Fatalf("%d replies went through a down provider", n)
	}
	d.gate.refuse.Store(false)
	recovered := time.Now()

	// Backoff doubles up to minutes; after a long outage the periodic job brings the next try.
	r := waitTally(t, 4*time.Minute, "replies", want, func() map[int][]int { return sent(d.fake) })
	report(t, "provider down", r, fmt.Sprintf("outage %s (503 then refused: %d connections dropped), %d retries scheduled, all sent %s after recovery",
		outage, d.gate.refused.Load(), srv.CountOutcomes(t, d.conn.ID, "retry_scheduled"), time.Since(recovered).Round(time.Second)))
	if n := srv.CountOutcomes(t, d.conn.ID, "send_failed"); n != 0 {
		t.Errorf("%d replies failed for good during a %s outage", n, outage)
	}
}
