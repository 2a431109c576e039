package relay_test

import (
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// interrupted leaves what a plugin killed between posting a customer's message and marking its
// row posted leaves behind: the row pending after one attempt and, when posted, its post in the
// thread. The fault suite found the message posted twice after a kill -9.
func interrupted(t *testing.T, posted bool) (*coretest.Core, *conversation.Conversation, *conversation.Message) {
	t.Helper()
	k, conv := started(t)
	k.Deliver(t, coretest.Message(customer, "m2", "posted just before the crash", k.Now()))
	pending, err := k.Store.PendingInbound(ctx, conv.ID, k.Now().UnixMilli()+1)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending = %v, %v", pending, err)
	}
	m := pending[0]
	m.Attempts++
	if err := k.Store.UpdateDelivery(ctx, m); err != nil {
		t.Fatal(err)
	}
	if posted {
		p := &model.Post{UserId: k.BotID, ChannelId: k.ChannelID, RootId: conv.RootPostID, Message: "posted just before the crash"}
		p.AddProp(thread.PropMessage, m.ID)
		if _, err := k.MM.CreatePost(p); err != nil {
			t.Fatal(err)
		}
	}
	return k, conv, m
}

func postsOf(k *coretest.Core, rootID, text string) int {
	n := 0
	for _, p := range k.MM.Thread(rootID) {
		if p.DeleteAt == 0 && strings.Contains(p.Message, text) {
			n++
		}
	}
	return n
}

func TestAMessagePostedBeforeACrashIsNotPostedAgain(t *testing.T) {
	k, conv, m := interrupted(t, true)
	k.Relay.Process(ctx, conv.ID)
	if n := postsOf(k, conv.RootPostID, "posted just before the crash"); n != 1 {
		t.Fatalf("the message is in the thread %d times, want once", n)
	}
	got, err := k.Store.MessageByID(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != conversation.StatePosted || got.PostID == "" {
		t.Fatalf("row %+v: want posted with the earlier post", got)
	}
	if n := k.Log.Count(conversation.OutcomePosted); n != 2 { // m1 and, found, m2
		t.Fatalf("posted outcomes = %d, want 2", n)
	}
}

func TestAMessageWhoseAttemptNeverPostedIsPosted(t *testing.T) {
	k, conv, _ := interrupted(t, false)
	k.Relay.Process(ctx, conv.ID)
	if n := postsOf(k, conv.RootPostID, "posted just before the crash"); n != 1 {
		t.Fatalf("the message is in the thread %d times, want once", n)
	}
}
