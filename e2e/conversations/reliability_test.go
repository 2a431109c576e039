package conversations_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A provider outage across retries, then recovery: every queued reply is delivered once and in order.
func TestProviderOutageThenRecoveryDeliversOnceInOrder(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	d.fake.SetDown(true)
	var posts []string
	for i := 1; i <= 3; i++ {
		p, err := reply(t, d.agent, d.channelID, conv.RootPostID, fmt.Sprintf("reply %d", i))
		if err != nil {
			t.Fatal(err)
		}
		posts = append(posts, p.Id)
	}
	// The first try (right after the reply) and a retry by the periodic job both hit the outage;
	// the queue waits behind the first reply, so the later ones are not tried yet.
	waitOutcome(t, d.conn.ID, "retry_scheduled", 2)
	if n := len(d.fake.Sent()); n != 0 {
		t.Fatalf("%d messages went through a down provider", n)
	}
	if st := delivery(t, posts[0]); st["state"] != "sending" {
		t.Fatalf("during the outage the first reply shows %v, want sending", st)
	}
	d.fake.SetDown(false)
	for _, id := range posts {
		waitStateWithin(t, id, "sent", 90*time.Second)
	}
	if got := strings.Join(d.sentTexts(), "|"); got != "reply 1|reply 2|reply 3" {
		t.Fatalf("sent after recovery: %s", got)
	}
}

// A server restart in the middle of a queue loses nothing and sends nothing twice.
//
// Not parallel: the restart would break every test running beside it. Serial tests run before
// the parallel ones start.
func TestServerRestartMidQueueLosesNothing(t *testing.T) {
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	d.fake.SetDown(true)
	var posts []string
	for i := 1; i <= 2; i++ {
		p, err := reply(t, d.agent, d.channelID, conv.RootPostID, fmt.Sprintf("queued %d", i))
		if err != nil {
			t.Fatal(err)
		}
		posts = append(posts, p.Id)
	}
	// A customer message claimed while the server goes down is posted after the restart.
	if code := d.send(d.fake.Text(d.customer, "are you there?")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := srv.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	d.fake.SetDown(false)
	for _, id := range posts {
		waitStateWithin(t, id, "sent", 90*time.Second)
	}
	if got := strings.Join(d.sentTexts(), "|"); got != "queued 1|queued 2" {
		t.Fatalf("sent after restart: %s", got)
	}
	eventually(t, 30*time.Second, "the customer's message in the thread", func() bool {
		for _, p := range thread(t, conv.RootPostID) {
			if strings.Contains(p.Message, "are you there?") {
				return true
			}
		}
		return false
	})
}

// F9: only the newest 500 messages are kept; the 501st prunes the 1st, with its post.
//
// Not parallel: 500 webhooks for one conversation queue 500 kicks of it, and the core's few
// workers all wait on that conversation's lock in turn, so every other test's work stalls.
func TestMessage501PrunesTheFirst(t *testing.T) {
	d := newTelegramDesk(t)
	first := d.fake.Text(d.customer, "message 1")
	d.send(first)
	conv := d.waitConversation()
	firstPost := waitReplies(t, conv.RootPostID, 1)[0]
	for i := 2; i <= 500; i++ {
		if code := d.send(d.fake.Text(d.customer, fmt.Sprintf("message %d", i))); code != http.StatusOK {
			t.Fatalf("message %d: webhook answered %d", i, code)
		}
	}
	eventually(t, 2*time.Minute, "500 posted messages", func() bool {
		var n int
		_ = srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE conversation_id=$1 AND state='posted'`, conv.ID).Scan(&n)
		return n == 500
	})
	if c := d.conversation(conv.ID); c.PrunedCount != 0 {
		t.Fatalf("pruned %d of 500", c.PrunedCount)
	}
	d.send(d.fake.Text(d.customer, "message 501"))
	eventually(t, 30*time.Second, "the first message to be pruned", func() bool {
		return d.conversation(conv.ID).PrunedCount == 1
	})
	if _, _, err := srv.Client(srv.AdminToken).GetPost(context.Background(), firstPost.Id, ""); err == nil {
		t.Fatal("the first message's post still exists")
	}
	var kept int
	_ = srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE conversation_id=$1 AND NOT pruned`, conv.ID).Scan(&kept)
	if kept != 500 {
		t.Fatalf("kept %d messages, want 500", kept)
	}
	eventually(t, 20*time.Second, "the header card to count the pruned message", func() bool {
		return strings.Contains(rootMessage(t, conv.RootPostID), "1 older messages were removed")
	})
}

func waitStateWithin(t *testing.T, postID, state string, within time.Duration) {
	t.Helper()
	eventually(t, within, "delivery state "+state, func() bool {
		d := delivery(t, postID)
		return d != nil && d["state"] == state
	})
}

// Reconnecting a channel sends the replies that wait for a retry at once, not after their backoff.
func TestReconnectSendsWaitingRepliesAtOnce(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	d.fake.SetDown(true)
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Your phone is ready")
	if err != nil {
		t.Fatal(err)
	}
	attempts := func() int {
		n := 0
		for _, c := range d.fake.Calls() {
			if c.Method == "sendMessage" {
				n++
			}
		}
		return n
	}
	// Backoff doubles from 2 s: after the fourth failure the next try is at least 16 s away.
	eventually(t, 40*time.Second, "four failed attempts", func() bool { return attempts() >= 4 })
	d.fake.SetDown(false)
	code, body := d.admin(http.MethodPatch, "/api/v1/connections/"+d.conn.ID, map[string]any{
		"credentials": map[string]string{"bot_token": telegramToken}})
	if code != http.StatusOK {
		t.Fatalf("reconnect: %d %s", code, body)
	}
	waitStateWithin(t, p.Id, "sent", 8*time.Second)
	if got := d.sentTexts(); len(got) != 1 || got[0] != "Your phone is ready" {
		t.Fatalf("sent = %v", got)
	}
}
