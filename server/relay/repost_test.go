package relay_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
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

// A pass counts the attempts of all the messages it posts in one write and records their posts in
// one write after. Cut off between the posts and that record (here the database failing), the
// next pass finds each post in the thread: nothing is posted twice, and each row ends posted.
func TestAPassRecordsItsPostsAtOnceAndACutOffPassPostsNothingTwice(t *testing.T) {
	k, conv := started(t)
	texts := []string{"first of three", "second of three", "third of three"}
	k.Deliver(t, coretest.Message(customer, "b1", texts[0], k.Now()), coretest.Message(customer, "b2", texts[1], k.Now()),
		coretest.Message(customer, "b3", texts[2], k.Now()))
	notes, marks := k.Store.Calls("NoteAttempts"), k.Store.Calls("MarkPosted")
	k.Store.FailNext("MarkPosted", 1, errors.New("the database went away"))
	k.Relay.Process(ctx, conv.ID)
	if n, m := k.Store.Calls("NoteAttempts")-notes, k.Store.Calls("MarkPosted")-marks; n != 1 || m != 1 {
		t.Fatalf("a pass of three messages made %d attempt writes and %d post writes, want one each", n, m)
	}
	pending, err := k.Store.PendingInbound(ctx, conv.ID, k.Now().UnixMilli()+1)
	if err != nil || len(pending) != 3 {
		t.Fatalf("after the failed record: pending = %v, %v; want the three rows", pending, err)
	}
	lookups := k.MM.Calls("PostWithProp")
	k.Relay.Process(ctx, conv.ID)
	for _, text := range texts {
		if n := postsOf(k, conv.RootPostID, text); n != 1 {
			t.Fatalf("%q is in the thread %d times, want once", text, n)
		}
	}
	if n := k.MM.Calls("PostWithProp") - lookups; n != 3 {
		t.Fatalf("%d lookups in the thread, want one per message", n)
	}
	for _, m := range pending {
		if got, err := k.Store.MessageByID(ctx, m.ID); err != nil || got.State != conversation.StatePosted || got.PostID == "" {
			t.Fatalf("row %+v, %v: want posted with its post", got, err)
		}
	}
}

// A pass stops between two messages when its context ends (the relay closing: deactivating the
// plugin waits for one post, not a chat's whole backlog). What it posted is recorded, and the next
// pass posts the rest, each message once and in order.
func TestAPassStopsBetweenMessagesWhenItsContextEnds(t *testing.T) {
	k, conv := started(t)
	backlog := []string{"one of a backlog", "two of a backlog", "three of a backlog"}
	k.Deliver(t, coretest.Message(customer, "s1", backlog[0], k.Now()), coretest.Message(customer, "s2", backlog[1], k.Now().Add(time.Millisecond)),
		coretest.Message(customer, "s3", backlog[2], k.Now().Add(2*time.Millisecond)))
	closing, closeRelay := context.WithCancel(ctx)
	k.MM.AfterCreate(func(*model.Post) { closeRelay() })
	k.Relay.Process(closing, conv.ID)
	k.MM.AfterCreate(nil)
	pending, err := k.Store.PendingInbound(ctx, conv.ID, k.Now().UnixMilli()+1)
	if err != nil || len(pending) != 2 {
		t.Fatalf("after the pass was stopped: pending = %v, %v; want the two it had not reached", pending, err)
	}
	lookups := k.MM.Calls("PostWithProp")
	k.Relay.Process(ctx, conv.ID)
	got := texts(k.MM.Thread(conv.RootPostID))
	for i, text := range backlog {
		if n := postsOf(k, conv.RootPostID, text); n != 1 {
			t.Fatalf("%q is in the thread %d times, want once", text, n)
		}
		if i > 0 && strings.Index(got, backlog[i-1]) > strings.Index(got, text) {
			t.Fatalf("thread %q: %q before %q", got, text, backlog[i-1])
		}
	}
	if n := k.MM.Calls("PostWithProp") - lookups; n != 2 {
		t.Fatalf("%d lookups in the thread, want one for each message the stopped pass had counted", n)
	}
}

// A pass counts attempts a batch of messages at a time: stopped after its first post, a pass over
// a backlog of 25 leaves 19 attempts counted ahead (one lookup in the thread each on the next
// pass), not 24.
func TestAStoppedPassLeavesAtMostOneBatchOfAttemptsCounted(t *testing.T) {
	k, conv := started(t)
	var backlog []channel.Event
	for i := range 25 {
		backlog = append(backlog, coretest.Message(customer, fmt.Sprintf("q%d", i), fmt.Sprintf("queued %02d.", i), k.Now().Add(time.Duration(i)*time.Millisecond)))
	}
	k.Deliver(t, backlog...)
	closing, closeRelay := context.WithCancel(ctx)
	k.MM.AfterCreate(func(*model.Post) { closeRelay() })
	k.Relay.Process(closing, conv.ID)
	k.MM.AfterCreate(nil)
	lookups := k.MM.Calls("PostWithProp")
	k.Relay.Process(ctx, conv.ID)
	if n := k.MM.Calls("PostWithProp") - lookups; n != 19 {
		t.Fatalf("%d lookups in the thread after the stopped pass, want 19 (the rest of its first batch)", n)
	}
	for i := range 25 {
		if n := postsOf(k, conv.RootPostID, fmt.Sprintf("queued %02d.", i)); n != 1 {
			t.Fatalf("message %d is in the thread %d times, want once", i, n)
		}
	}
}
