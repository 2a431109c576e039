package faults_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// kill -9 of the plugin process, then a server restart, both during a stream in both directions:
// customers keep writing (each webhook delivered until it is answered 200, as providers do) and
// agents keep replying while the provider answers slowly, so sends are in flight when the process
// dies. Every webhook answered 200 is posted afterwards, every reply is sent exactly once, in order.
//
// Replies are posted while the plugin runs and the test waits for their outbox rows before each
// fault: a reply posted while the plugin is down never meets the post hook, which is a different
// fault (the sweep for chat-thread posts without an outbox row covers it). The kill lands while
// sends are held on their way to the provider (gate.quiesce), not in the instant after the provider
// took one and before Frontdesk wrote that down: a crash there sends that reply again, and no
// provider Frontdesk speaks to takes an idempotency key that would prevent it.
func TestKillPluginAndRestartServerMidStream(t *testing.T) {
	d := newDesk(t)
	const customers = 8
	p := newPoster()
	for c := 1; c <= customers; c++ {
		if err := p.deliverUntilOK(t.Context(), d.fake.Text(customer(c), inText(c, 1)), d.conn.WebhookURL, d.conn.VerifyToken); err != nil {
			t.Fatal(err)
		}
	}
	rootOf := roots(t, d.conn.ID, customers)
	d.gate.delay.Store(int64(150 * time.Millisecond)) // sends in flight when the process dies

	// The customers' stream: round robin, each message delivered until 200.
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	stop := make(chan struct{})
	var mu sync.Mutex
	inWant := map[int][]int{}
	for c := 1; c <= customers; c++ {
		inWant[c] = []int{1}
	}
	var streamErr error
	streamDone := make(chan struct{})
	go func() {
		defer close(streamDone)
		for n := 2; ; n++ {
			for c := 1; c <= customers; c++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := p.deliverUntilOK(ctx, d.fake.Text(customer(c), inText(c, n)), d.conn.WebhookURL, d.conn.VerifyToken); err != nil {
					streamErr = err
					return
				}
				mu.Lock()
				inWant[c] = append(inWant[c], n)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}
	}()

	outWant := map[int][]int{}
	next := map[int]int{}
	burst := func(perCustomer int) {
		t.Helper()
		var ids []string
		for range perCustomer {
			for c := 1; c <= customers; c++ {
				next[c]++
				post, err := reply(srv, d, rootOf[c], outText(c, next[c]))
				if err != nil {
					t.Fatalf("reply %s refused: %v", outText(c, next[c]), err)
				}
				ids = append(ids, post.Id)
				outWant[c] = append(outWant[c], next[c])
			}
		}
		queued(t, ids)
	}

	burst(3)
	d.gate.quiesce(t)
	killed, err := srv.KillPlugin()
	d.gate.release()
	if err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now()
	selfRestarted, err := srv.WaitPluginRestarted(ctx, killed)
	if err != nil {
		t.Fatal(err)
	}
	downFor := time.Since(killedAt)
	restartedBy := "Mattermost's health check"
	if !selfRestarted {
		restartedBy = "the admin (Mattermost's health check did not restart it)"
		t.Logf("Mattermost did not restart the killed plugin; server log:\n%s", srv.LogTail(60))
	}

	burst(3)
	time.Sleep(time.Second)
	if err := srv.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	burst(3)
	time.Sleep(3 * time.Second)
	close(stop)
	<-streamDone
	if streamErr != nil {
		t.Fatal(streamErr)
	}
	d.gate.delay.Store(0)

	mu.Lock()
	in := inWant
	mu.Unlock()
	ri := waitTally(t, 4*time.Minute, "posts", in, func() map[int][]int { return posted(t, d.conn.ID) })
	report(t, "kill -9 and restart, customers' messages", ri, fmt.Sprintf("%d webhook posts made, %d not answered 200, plugin down %s after kill -9, restarted by %s",
		p.attempts.Load(), p.failed.Load(), downFor.Round(time.Second), restartedBy))
	ro := waitTally(t, 4*time.Minute, "replies", outWant, func() map[int][]int { return sent(d.fake) })
	report(t, "kill -9 and restart, agents' replies", ro, fmt.Sprintf("%d sends cut off in flight by the faults", d.gate.dropped.Load()))
}
