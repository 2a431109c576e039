package faults_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
)

// Two Mattermost servers on one database, both running Frontdesk, as the nodes of a
// high-availability deployment: every webhook is delivered to both at once, and agents reply
// through both at once. Each customer message is posted once and each reply sent once: the
// claim, the outbox and the conversation lock live in the shared database, not in one server.
func TestTwoServersOnOneDatabase(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	second, err := harness.StartBeside(ctx, srv, harness.SmallPool)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := second.Stop(); err != nil {
			t.Errorf("stopping the second server: %v", err)
		}
	}()

	d := newDesk(t)
	// The same connection's webhook on each server (the plugin computes it from the shared site URL).
	urls := []string{d.conn.WebhookURL, strings.Replace(d.conn.WebhookURL, srv.URL, second.URL, 1)}
	servers := []*harness.Server{srv, second}

	const customers, perCustomer, repliesPer = 20, 15, 5
	hc := &http.Client{Timeout: 30 * time.Second}
	var deliveries, non200 atomic.Int64
	inWant := map[int][]int{}
	for c := 1; c <= customers; c++ {
		for n := 1; n <= perCustomer; n++ {
			inWant[c] = append(inWant[c], n)
		}
	}
	deliverBoth := func(c, n int) {
		del := d.fake.Text(customer(c), inText(c, n))
		for {
			var wg sync.WaitGroup
			var ok atomic.Int64
			for _, u := range urls {
				wg.Add(1)
				go func() {
					defer wg.Done()
					deliveries.Add(1)
					code, err := del.Post(ctx, hc, u, d.conn.VerifyToken)
					if err == nil && code == http.StatusOK {
						ok.Add(1)
					} else {
						non200.Add(1)
					}
				}()
			}
			wg.Wait()
			if ok.Load() > 0 || ctx.Err() != nil {
				return
			}
			time.Sleep(300 * time.Millisecond)
		}
	}
	// The first message of each chat opens it; then messages and replies flow at once.
	parallel(customers, 8, func(i int) { deliverBoth(i+1, 1) })
	rootOf := roots(t, d.conn.ID, customers)

	outWant := map[int][]int{}
	var outMu sync.Mutex
	var replyErr atomic.Value
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		parallel(customers, 8, func(i int) {
			for n := 2; n <= perCustomer; n++ {
				deliverBoth(i+1, n)
			}
		})
	}()
	go func() {
		defer wg.Done()
		// Half the chats are answered through one server, half through the other, as a load
		// balancer with sticky sessions keeps each agent on one node. A chat's next reply follows
		// once the previous one is queued: a reply waits for the earlier ones its own server let
		// through to be queued, and asks Mattermost for another server's only in a cluster, which
		// these two servers are not (the order then follows the hooks).
		parallel(customers, 8, func(i int) {
			c := i + 1
			for n := 1; n <= repliesPer; n++ {
				post, err := reply(servers[c%2], d, rootOf[c], outText(c, n))
				if err != nil {
					replyErr.Store(fmt.Errorf("reply %s refused: %w", outText(c, n), err))
					return
				}
				if err := waitQueued(post.Id); err != nil {
					replyErr.Store(err)
					return
				}
				outMu.Lock()
				outWant[c] = append(outWant[c], n)
				outMu.Unlock()
			}
		})
	}()
	wg.Wait()
	if err, _ := replyErr.Load().(error); err != nil {
		t.Fatal(err)
	}

	ri := waitTally(t, 4*time.Minute, "posts", inWant, func() map[int][]int { return posted(t, d.conn.ID) })
	claimed := srv.CountOutcomes(t, d.conn.ID, "claimed") + second.CountOutcomes(t, d.conn.ID, "claimed")
	report(t, "two servers, customers' messages", ri, fmt.Sprintf("%d deliveries (%d duplicates), %d not answered 200, claimed %d (first %d, second %d)",
		deliveries.Load(), deliveries.Load()-int64(ri.expected), non200.Load(), claimed,
		srv.CountOutcomes(t, d.conn.ID, "claimed"), second.CountOutcomes(t, d.conn.ID, "claimed")))
	if claimed != ri.expected {
		t.Errorf("the two servers claimed %d messages together, want %d", claimed, ri.expected)
	}
	ro := waitTally(t, 3*time.Minute, "replies", outWant, func() map[int][]int { return sent(d.fake) })
	report(t, "two servers, agents' replies", ro, fmt.Sprintf("sent by the first %d, by the second %d",
		srv.CountOutcomes(t, d.conn.ID, "sent"), second.CountOutcomes(t, d.conn.ID, "sent")))
}

// waitQueued waits until a reply has its outbox row.
func waitQueued(postID string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE post_id = $1`, postID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("reply %s never queued", postID)
}
