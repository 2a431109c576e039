package inbox_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
)

// Starting a chat, writing a note and sending a template all post in the channel on the user's
// behalf: someone Mattermost does not let post there (a channel moderated to read-only for
// members, a role without create_post) is refused, and nothing is posted or sent.
func TestActingForAUserNeedsMattermostsPostPermission(t *testing.T) {
	k := coretest.NewCore(t, channel.WhatsApp, nil)
	k.Deliver(t, coretest.Message("48601234567", "m1", "hello", k.Now()))
	conv := k.Conversation(t, "48601234567")
	k.Relay.Process(ctx, conv.ID)
	conv = k.Conversation(t, "48601234567")
	k.MM.SetMayPost(k.ChannelID, k.Agent, false)
	posts, sent := len(k.MM.Posts(k.ChannelID)), len(k.Provider.Sent())

	for name, act := range map[string]func() error{
		"start": func() error {
			_, err := k.Inbox.Start(ctx, k.Agent, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: "48601234568", Text: "hi"})
			return err
		},
		"start with a template": func() error {
			_, err := k.Inbox.Start(ctx, k.Agent, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: "48601234568", Template: "order_ready", Language: "en"})
			return err
		},
		"note":     func() error { return k.Inbox.Note(ctx, k.Agent, conv.ID, "internal") },
		"template": func() error { return k.Inbox.SendTemplateInThread(ctx, k.Agent, conv.ID, "order_ready", "en", nil) },
	} {
		err := act()
		if !errors.Is(err, conversation.ErrForbidden) || !strings.Contains(err.Error(), "post") {
			t.Errorf("%s: err = %v, want ErrForbidden about posting", name, err)
		}
	}
	if len(k.MM.Posts(k.ChannelID)) != posts || len(k.Provider.Sent()) != sent || len(k.Provider.Calls("SendTemplate")) != 0 {
		t.Fatal("a refused action posted or sent something")
	}
	// Given the permission back, the same user may.
	k.MM.SetMayPost(k.ChannelID, k.Agent, true)
	if err := k.Inbox.Note(ctx, k.Agent, conv.ID, "internal"); err != nil {
		t.Fatal(err)
	}
}

// Starting chats and sending templates cost money (SMS, WhatsApp templates): one user gets a
// burst, then one every few seconds, and is told when to try again; another user is not affected.
func TestStartAndTemplatesAreRateLimitedPerUser(t *testing.T) {
	k := coretest.NewCore(t, channel.SMS, nil)
	limit := inbox.DefaultStartLimit
	start := func(user string, i int) error {
		_, err := k.Inbox.Start(ctx, user, inbox.StartInput{ConnectionID: k.Conn.ID,
			CustomerID: channel.CustomerID(fmt.Sprintf("+486012340%02d", i)), Text: "hello"})
		return err
	}
	for i := range limit.Burst {
		if err := start(k.Agent, i); err != nil {
			t.Fatalf("start %d of the burst: %v", i+1, err)
		}
	}
	err := start(k.Agent, limit.Burst)
	var rl *inbox.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter <= 0 || rl.RetryAfter > limit.Every || !strings.Contains(err.Error(), "try again in") {
		t.Fatalf("over the burst: %v", err)
	}
	// Another user has a limit of their own.
	if err := start(k.Admin, 50); err != nil {
		t.Fatalf("another user: %v", err)
	}
	// Time refills the bucket.
	k.Advance(rl.RetryAfter)
	if err := start(k.Agent, limit.Burst+1); err != nil {
		t.Fatalf("after waiting: %v", err)
	}
	if err := start(k.Agent, limit.Burst+2); !errors.As(err, &rl) {
		t.Fatalf("at once again: %v", err)
	}
	k.Advance(time.Minute)
	if err := start(k.Agent, limit.Burst+3); err != nil {
		t.Fatalf("a minute later: %v", err)
	}
}
