package relay_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

// A pass never waits for a conversation another holder is processing: it skips it (outcome busy),
// and a later pass posts what was skipped, in order.
func TestBusyConversationIsSkippedAndProcessedLater(t *testing.T) {
	k, conv := started(t)
	k.Deliver(t, coretest.Message(customer, "m2", "second", k.Now().Add(time.Second)))
	k.Deliver(t, coretest.Message(customer, "m3", "third", k.Now().Add(2*time.Second)))
	before := len(k.MM.Thread(conv.RootPostID))
	err := k.Store.WithConversationLock(ctx, conv.ID, func(context.Context) error {
		k.Relay.Process(ctx, conv.ID) // returns at once instead of waiting for the lock
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(k.MM.Thread(conv.RootPostID)); got != before {
		t.Fatalf("posted %d messages while the conversation was held", got-before)
	}
	if k.Log.Count(conversation.OutcomeBusy) != 1 {
		t.Fatalf("outcomes = %v, want one busy", k.Log.Outcomes())
	}
	k.Relay.Process(ctx, conv.ID)
	posts := k.MM.Thread(conv.RootPostID)
	if len(posts) != before+2 || !strings.Contains(posts[len(posts)-2].Message, "second") || !strings.Contains(posts[len(posts)-1].Message, "third") {
		t.Fatalf("thread after release has %d posts (want %d, in order)", len(posts), before+2)
	}
}

// Customers' messages do not rewrite the header card: it shows the customer, the account and the
// status, none of which a message changes.
func TestMessagesDoNotRewriteNorReadTheHeaderCard(t *testing.T) {
	k, conv := started(t)
	updates, reads, before := k.MM.Calls("UpdatePost"), k.MM.Calls("GetPost"), len(k.MM.Thread(conv.RootPostID))
	for _, id := range []string{"m2", "m3", "m4"} {
		k.Deliver(t, coretest.Message(customer, id, "more", k.Now()))
		k.Relay.Process(ctx, conv.ID)
	}
	if got := k.MM.Calls("UpdatePost") - updates; got != 0 {
		t.Fatalf("header card rewritten %d times by messages", got)
	}
	// Nor is the root read before each post: Mattermost refuses a reply to a root that is gone.
	if got := k.MM.Calls("GetPost") - reads; got != 0 {
		t.Fatalf("%d reads of posts for 3 messages", got)
	}
	if n := len(k.MM.Thread(conv.RootPostID)); n != before+3 {
		t.Fatalf("thread has %d posts, want %d", n, before+3)
	}
}
