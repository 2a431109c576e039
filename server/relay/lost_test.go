package relay_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
	"github.com/frontdesk-chat/frontdesk/server/relay"
)

// moveChannel points the core's connection at a new channel whose members are the agent and the
// admin, as an admin's PATCH does.
func moveChannel(t *testing.T, k *coretest.Core) string {
	t.Helper()
	ch := model.NewId()
	k.MM.SetChannel(ch, connection.Place{Type: model.ChannelTypePrivate})
	k.MM.SetMember(ch, k.Agent, true)
	k.MM.SetMember(ch, k.Admin, true)
	if _, err := k.Connections.Update(ctx, k.Admin, k.Conn.ID, connection.Input{ChannelID: &ch}); err != nil {
		t.Fatal(err)
	}
	return ch
}

func texts(ps []*model.Post) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Message)
	}
	return strings.Join(out, "|")
}

// F3: a chat whose root is gone or in another channel opens a new thread in the connection's
// current channel, linked to the old one, instead of retrying forever; a reply in the old thread is
// refused with a pointer to the new one and never reaches the customer.
func TestChatFollowsItsConnectionsChannel(t *testing.T) {
	tests := []struct {
		name      string
		breakIt   func(t *testing.T, k *coretest.Core, conv *conversation.Conversation) (channelID string)
		wantLink  string
		oldThread bool
	}{
		{"the connection moved to another channel", func(t *testing.T, k *coretest.Core, _ *conversation.Conversation) string {
			return moveChannel(t, k)
		}, "Earlier messages: " + coretest.DefaultSiteURL + "/_redirect/pl/", true},
		{"the header card was deleted", func(t *testing.T, k *coretest.Core, conv *conversation.Conversation) string {
			if err := k.MM.DeletePost(conv.RootPostID); err != nil {
				t.Fatal(err)
			}
			return k.ChannelID
		}, "earlier thread was deleted", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, conv := started(t)
			oldRoot := conv.RootPostID
			ch := tt.breakIt(t, k, conv)
			k.Deliver(t, coretest.Message(customer, "m2", "still there?", k.Now()))
			k.Relay.Process(ctx, conv.ID)
			moved := k.Conversation(t, customer)
			if moved.RootPostID == oldRoot || moved.RootPostID == "" {
				t.Fatalf("root %q, old %q: no new thread", moved.RootPostID, oldRoot)
			}
			root, ok := k.MM.Post(moved.RootPostID)
			if !ok || root.ChannelId != ch {
				t.Fatalf("new root %+v not in channel %s", root, ch)
			}
			replies := k.MM.Thread(moved.RootPostID)[1:]
			if len(replies) != 2 || !strings.Contains(replies[0].Message, tt.wantLink) || !strings.Contains(replies[1].Message, "still there?") {
				t.Fatalf("new thread = %s", texts(replies))
			}
			if tt.oldThread && !strings.Contains(replies[0].Message, oldRoot) {
				t.Fatalf("link %q does not name the old root %s", replies[0].Message, oldRoot)
			}
			if k.Log.Count(conversation.OutcomeThreadMoved) != 1 || k.Log.Count(conversation.OutcomePosted) != 2 {
				t.Fatalf("outcomes %v", k.Log.Outcomes())
			}
			// Nothing waits any more: the chat is not due, the next message goes straight in.
			if due, _ := k.Store.DueConversations(ctx, conversation.Millis(k.Now().Add(time.Hour)), 10); len(due) != 0 {
				t.Fatalf("still due: %v", due)
			}
			if !tt.oldThread {
				return
			}
			// The old thread says where the chat went; a reply there is refused with that link and
			// is not sent, while a reply in the new thread is.
			old := k.MM.Thread(oldRoot)
			if last := old[len(old)-1]; !strings.Contains(last.Message, "moved to a new thread") || !strings.Contains(last.Message, moved.RootPostID) {
				t.Fatalf("old thread ends with %q", last.Message)
			}
			reason, _ := k.Reply(t, k.Agent, oldRoot, "answer in the old place")
			if !strings.Contains(reason, "does not reach the customer") || !strings.Contains(reason, moved.RootPostID) {
				t.Fatalf("refusal = %q", reason)
			}
			if reason, _ := k.Post(t, &model.Post{UserId: k.Agent, ChannelId: ch, RootId: moved.RootPostID, Message: "answer here"}); reason != "" {
				t.Fatalf("reply in the new thread refused: %s", reason)
			}
			k.Relay.Process(ctx, conv.ID)
			if sent := k.Provider.Sent(); len(sent) != 1 || sent[0].Text != "answer here" {
				t.Fatalf("sent = %+v", sent)
			}
		})
	}
}

// F3: a reply in the old thread before the customer writes again moves the chat at once, so
// the agent has somewhere to answer.
func TestReplyInTheOldChannelOpensTheNewThread(t *testing.T) {
	k, conv := started(t)
	oldRoot := conv.RootPostID
	ch := moveChannel(t, k)
	reason, _ := k.Reply(t, k.Agent, oldRoot, "hello from the old channel")
	moved := k.Conversation(t, customer)
	if moved.RootPostID == oldRoot {
		t.Fatal("no new thread")
	}
	if root, _ := k.MM.Post(moved.RootPostID); root.ChannelId != ch {
		t.Fatalf("new thread in %s, want %s", root.ChannelId, ch)
	}
	if !strings.Contains(reason, "/_redirect/pl/"+moved.RootPostID) {
		t.Fatalf("refusal %q has no link to the new thread", reason)
	}
	if len(k.Provider.Sent()) != 0 {
		t.Fatal("a reply in the old thread reached the customer")
	}
}

// F3: a message that can never be posted does not retry forever nor hold up the next ones:
// it backs off, then ends failed with a notice in the thread.
func TestAMessageThatCannotBePostedEndsFailed(t *testing.T) {
	k, conv := started(t)
	k.MM.FailNext("CreatePost", relay.MaxAttempts-1, errors.New("the database is read-only"))
	k.Deliver(t, coretest.Message(customer, "m2", "stuck", k.Now()))
	for range relay.MaxAttempts - 1 {
		k.Relay.Process(ctx, conv.ID)
		k.Advance(10 * time.Minute)
	}
	if n := k.Log.Count(conversation.OutcomePostRetry); n != relay.MaxAttempts-1 {
		t.Fatalf("%d retries, want %d", n, relay.MaxAttempts-1)
	}
	k.MM.FailNext("CreatePost", 1, errors.New("the database is read-only"))
	k.Relay.Process(ctx, conv.ID)
	m, err := k.Store.MessageByProviderID(ctx, k.Conn.ID, "m2")
	if err != nil || m.State != "failed" || m.Attempts != relay.MaxAttempts {
		t.Fatalf("message = %+v, %v", m, err)
	}
	thread := k.MM.Thread(conv.RootPostID)
	if last := thread[len(thread)-1]; !strings.Contains(last.Message, "could not be shown here") {
		t.Fatalf("no notice: %s", texts(thread))
	}
	if due, _ := k.Store.DueConversations(ctx, conversation.Millis(k.Now().Add(time.Hour)), 10); len(due) != 0 {
		t.Fatalf("still due: %v", due)
	}
}

// F3: a message waiting for its retry does not hold up the customer's next one.
func TestAWaitingMessageDoesNotBlockTheNext(t *testing.T) {
	k, conv := started(t)
	k.MM.FailNext("CreatePost", 1, errors.New("busy"))
	k.Deliver(t, coretest.Message(customer, "m2", "first", k.Now()), coretest.Message(customer, "m3", "second", k.Now().Add(time.Second)))
	k.Relay.Process(ctx, conv.ID)
	if got := texts(k.MM.Thread(conv.RootPostID)[1:]); !strings.Contains(got, "second") || strings.Contains(got, "first") {
		t.Fatalf("thread = %s", got)
	}
	k.Advance(time.Minute)
	k.Relay.Process(ctx, conv.ID)
	if got := texts(k.MM.Thread(conv.RootPostID)[1:]); !strings.Contains(got, "first") {
		t.Fatalf("the waiting message never came: %s", got)
	}
}

// F3: Mattermost rolls a post back when posts race into one thread. A message it failed that way
// is posted again at once, after a look that it was not stored after all, and keeps its place;
// one it fails twice waits for its retry without holding up the next.
func TestAMessageMattermostRolledBackIsPostedAgainInItsPlace(t *testing.T) {
	rolledBack := model.NewAppError("CreatePost", "app.post.save.app_error", nil, "", http.StatusInternalServerError)
	tests := []struct {
		name     string
		failures int
		want     string
	}{
		{"failed once", 1, "**Anna Nowak:** first|**Anna Nowak:** second"},
		{"failed twice", 2, "**Anna Nowak:** second|**Anna Nowak:** first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, conv := started(t)
			lookups := k.MM.Calls("PostWithProp")
			k.MM.FailNext("CreatePost", tt.failures, rolledBack)
			k.Deliver(t, coretest.Message(customer, "m2", "first", k.Now()), coretest.Message(customer, "m3", "second", k.Now().Add(time.Second)))
			k.Relay.Process(ctx, conv.ID)
			k.Advance(time.Minute)
			k.Relay.Process(ctx, conv.ID)
			if got := texts(k.MM.Thread(conv.RootPostID)[2:]); got != tt.want {
				t.Fatalf("thread = %s, want %s", got, tt.want)
			}
			if n := k.MM.Calls("PostWithProp") - lookups; n < 1 {
				t.Fatal("posted again without looking for the post in the thread")
			}
		})
	}
}

// F3: a transient media failure retries with backoff and the message arrives with its
// attachment; a permanent one posts the text at once with a notice; a transient one that never
// recovers ends with the notice too.
func TestInboundMediaFailures(t *testing.T) {
	photo := channel.Download{Data: []byte("jpeg"), MIMEType: "image/jpeg", FileName: "p.jpg"}
	tests := []struct {
		name      string
		failures  int
		class     channel.Class
		wantFiles int
		wantTries int
		notice    bool
	}{
		{"a 5xx then success", 2, channel.ClassRetryable, 1, 2, false},
		{"a 404 gives up at once", 1, channel.ClassPermanent, 0, 0, true},
		{"a 5xx every time ends with the notice", relay.MaxAttempts, channel.ClassRetryable, 0, relay.MaxAttempts - 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, conv := started(t)
			k.Provider.SetMedia("photo", photo)
			k.Provider.FailNext("FetchMedia", tt.failures, providertest.ClassError(tt.class, "media fetch failed"))
			ev := coretest.Message(customer, "m2", "see the crack", k.Now())
			ev.Media = []channel.Media{{Kind: channel.Image, Ref: "photo"}}
			k.Deliver(t, ev)
			for range relay.MaxAttempts + 1 {
				k.Relay.Process(ctx, conv.ID)
				k.Advance(10 * time.Minute)
			}
			if n := k.Log.Count(conversation.OutcomePostRetry); n != tt.wantTries {
				t.Fatalf("%d retries, want %d", n, tt.wantTries)
			}
			replies := k.MM.Thread(conv.RootPostID)[1:]
			if len(replies) != 2 {
				t.Fatalf("thread = %s", texts(replies))
			}
			p := replies[1]
			if !strings.Contains(p.Message, "see the crack") || len(p.FileIds) != tt.wantFiles ||
				strings.Contains(p.Message, "could not be downloaded") != tt.notice {
				t.Fatalf("post %q with %d files", p.Message, len(p.FileIds))
			}
			if tt.notice != (k.Log.Count(conversation.OutcomeMediaFailed) == 1) {
				t.Fatalf("outcomes %v", k.Log.Outcomes())
			}
		})
	}
}

// hasRetry reports whether a post offers the Retry button.
func hasRetry(p *model.Post) bool {
	for _, a := range p.Attachments() {
		for _, act := range a.Actions {
			if act.Id == "retry" {
				return true
			}
		}
	}
	return false
}

// F3: a reply the post hook never saw (Frontdesk stopped) is queued by the sweep and sent
// exactly once, whatever runs after it (another sweep, the hook late); one older than a day is
// marked failed with Retry instead; posts that are nobody's reply stay alone.
func TestSweepQueuesRepliesTheHookNeverSaw(t *testing.T) {
	k, conv := started(t)
	k.Relay.Sweep(ctx) // the watermark of a running Frontdesk
	outsider := model.NewId()
	// Posted while Frontdesk was not running: no hook ran.
	missed, err := k.MM.UserPost(&model.Post{UserId: k.Agent, ChannelId: k.ChannelID, RootId: conv.RootPostID, Message: "missed reply"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.MM.UserPost(&model.Post{UserId: outsider, ChannelId: k.ChannelID, RootId: conv.RootPostID, Message: "not a member"}); err != nil {
		t.Fatal(err)
	}
	note := &model.Post{UserId: k.Agent, ChannelId: k.ChannelID, RootId: conv.RootPostID, Message: "private", Type: "custom_frontdesk_note"}
	if _, err := k.MM.UserPost(note); err != nil {
		t.Fatal(err)
	}
	k.Relay.Sweep(ctx)
	k.Relay.Sweep(ctx)                         // a second server's sweep, or the next run
	k.Relay.HasBeenPosted(ctx, missed.Clone()) // the hook, late
	k.Relay.Process(ctx, conv.ID)
	if sent := k.Provider.Sent(); len(sent) != 1 || sent[0].Text != "missed reply" {
		t.Fatalf("sent = %+v", sent)
	}
	if n := k.Log.Count(conversation.OutcomeSwept); n != 1 {
		t.Fatalf("swept %d times", n)
	}

	// An old one: posted, then Frontdesk stays off for more than a day.
	old, err := k.MM.UserPost(&model.Post{UserId: k.Agent, ChannelId: k.ChannelID, RootId: conv.RootPostID, Message: "old reply"})
	if err != nil {
		t.Fatal(err)
	}
	k.MM.Backdate(old.Id, conversation.Millis(k.Now()))
	k.Advance(relay.SweepTooOld + time.Hour)
	k.Relay.Sweep(ctx)
	k.Relay.Process(ctx, conv.ID)
	if sent := k.Provider.Sent(); len(sent) != 1 {
		t.Fatalf("an old reply was sent: %+v", sent)
	}
	m, err := k.Store.MessageByPost(ctx, old.Id)
	if err != nil || m.State != "failed" || !strings.Contains(m.Reason, "more than a day ago") {
		t.Fatalf("old reply's row = %+v, %v", m, err)
	}
	if p, _ := k.MM.Post(old.Id); !hasRetry(p) {
		t.Fatalf("no Retry on the old reply: %+v", p.GetProps())
	}
	if k.Log.Count(conversation.OutcomeSweptTooOld) != 1 {
		t.Fatalf("outcomes %v", k.Log.Outcomes())
	}
}

// F3: a channel the sweep could not read keeps the watermark, so the next sweep looks again.
func TestSweepKeepsItsWatermarkWhenAChannelFails(t *testing.T) {
	k, conv := started(t)
	k.Relay.Sweep(ctx)
	missed, err := k.MM.UserPost(&model.Post{UserId: k.Agent, ChannelId: k.ChannelID, RootId: conv.RootPostID, Message: "missed"})
	if err != nil {
		t.Fatal(err)
	}
	k.MM.Backdate(missed.Id, conversation.Millis(k.Now().Add(time.Minute)))
	k.Advance(time.Hour)
	k.MM.FailNext("PostsSince", 1, errors.New("database busy"))
	k.Relay.Sweep(ctx)
	k.Advance(time.Hour)
	k.Relay.Sweep(ctx)
	if _, err := k.Store.MessageByPost(ctx, missed.Id); err != nil {
		t.Fatalf("the reply was never queued: %v", err)
	}
}

// F3: a provider's replay of an edit or an opt-out already applied is a duplicate: an old
// edit does not undo a newer one, an old block does not undo the customer's coming back.
func TestReplayedChangesAreNotAppliedAgain(t *testing.T) {
	k, conv := started(t)
	edit := func(id, text string) channel.Event {
		return channel.Event{Type: channel.EventEdit, MessageID: channel.MessageID(id), TargetID: "m1", Text: text, Customer: channel.Customer{ID: customer}}
	}
	optOut := func(id string, out bool) channel.Event {
		return channel.Event{Type: channel.EventOptOut, MessageID: channel.MessageID(id), Customer: channel.Customer{ID: customer}, OptedOut: out, Timestamp: k.Now()}
	}
	outcomes(t, k.Deliver(t, edit("edit-1", "first edit"), edit("edit-2", "second edit")), conversation.OutcomeUpdated, conversation.OutcomeUpdated)
	outcomes(t, k.Deliver(t, edit("edit-1", "first edit")), conversation.OutcomeDuplicate)
	posted := k.MM.Thread(conv.RootPostID)[1]
	if !strings.Contains(posted.Message, "second edit") {
		t.Fatalf("after a replayed edit the post says %q", posted.Message)
	}
	outcomes(t, k.Deliver(t, optOut("block-1", true), optOut("unblock-1", false)), conversation.OutcomeOptOutChanged, conversation.OutcomeOptOutChanged)
	outcomes(t, k.Deliver(t, optOut("block-1", true)), conversation.OutcomeDuplicate)
	if k.Conversation(t, customer).OptedOut() {
		t.Fatal("a replayed block undid the customer's coming back")
	}
	// A change queued behind its message and applied later is a duplicate when replayed too.
	k.Deliver(t, coretest.Message(customer, "m2", "unposted", k.Now()))
	queued := channel.Event{Type: channel.EventEdit, MessageID: "edit-3", TargetID: "m2", Text: "m2 edited", Customer: channel.Customer{ID: customer}}
	outcomes(t, k.Deliver(t, queued), conversation.OutcomeQueued)
	k.Relay.Process(ctx, conv.ID)
	outcomes(t, k.Deliver(t, queued), conversation.OutcomeDuplicate)
}

// F3: starting a chat from Mattermost with a customer whose thread stayed in the old channel
// continues in a new thread in the connection's channel, and the message reaches the customer.
func TestStartAfterTheMoveOpensTheNewThread(t *testing.T) {
	k, conv := started(t)
	ch := moveChannel(t, k)
	got, err := k.Inbox.Start(ctx, k.Agent, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: customer, Text: "we have news"})
	if err != nil {
		t.Fatal(err)
	}
	if got.RootPostID == conv.RootPostID {
		t.Fatal("the chat stayed in the old thread")
	}
	if root, _ := k.MM.Post(got.RootPostID); root.ChannelId != ch {
		t.Fatalf("new thread in %s, want %s", root.ChannelId, ch)
	}
	k.Relay.Process(ctx, conv.ID)
	if sent := k.Provider.Sent(); len(sent) != 1 || sent[0].Text != "we have news" {
		t.Fatalf("sent = %+v", sent)
	}
}

// P4: the post hooks look a reply's root up only in channels a connection was ever mapped to. A
// connection moved by another server of the cluster is seen here once the set is read again; the
// sweep queues a reply the hook skipped meanwhile, so it is late, never lost.
func TestAReplyInAChannelMovedByAnotherServerIsSweptNotLost(t *testing.T) {
	k, conv := started(t)
	if reason, _ := k.Reply(t, k.Agent, conv.RootPostID, "first answer"); reason != "" {
		t.Fatalf("first reply refused: %s", reason) // the hook has read the chat channels now
	}
	k.Relay.Process(ctx, conv.ID)
	// Another server moves the connection: this one is not told.
	ch := model.NewId()
	k.MM.SetChannel(ch, connection.Place{Type: model.ChannelTypePrivate})
	k.MM.SetMember(ch, k.Agent, true)
	c, err := k.Store.GetConnection(ctx, k.Conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.ChannelID = ch
	if err := k.Store.UpdateConnection(ctx, c); err != nil {
		t.Fatal(err)
	}
	k.Deliver(t, coretest.Message(customer, "m2", "moved?", k.Now()))
	k.Relay.Process(ctx, conv.ID)
	moved := k.Conversation(t, customer)
	if root, ok := k.MM.Post(moved.RootPostID); !ok || root.ChannelId != ch {
		t.Fatalf("no new thread in the new channel: %+v", root)
	}
	reason, skipped := k.Post(t, &model.Post{UserId: k.Agent, ChannelId: ch, RootId: moved.RootPostID, Message: "second answer"})
	if reason != "" {
		t.Fatalf("reply in the new thread refused: %s", reason)
	}
	if _, err := k.Store.MessageByPost(ctx, skipped.Id); !errors.Is(err, conversation.ErrNotFound) {
		t.Fatalf("the hook queued a reply in a channel it did not know yet: %v", err)
	}
	k.Relay.Sweep(ctx)
	k.Relay.Process(ctx, conv.ID)
	if sent := k.Provider.Sent(); len(sent) != 2 || sent[1].Text != "second answer" {
		t.Fatalf("sent = %+v", sent)
	}
	// The set was read again: the next reply goes through its hook at once.
	reason, next := k.Post(t, &model.Post{UserId: k.Agent, ChannelId: ch, RootId: moved.RootPostID, Message: "third answer"})
	if reason != "" {
		t.Fatalf("the next reply refused: %s", reason)
	}
	if _, err := k.Store.MessageByPost(ctx, next.Id); err != nil {
		t.Fatalf("the next reply was not queued by its hook: %v", err)
	}
}

// P4: a connection moved on this server is seen by the very next hook, not after the set's
// lifetime: the move tells the relay to read the chat channels again.
func TestAConnectionMovedHereIsSeenByTheNextHook(t *testing.T) {
	k, conv := started(t)
	if reason, _ := k.Reply(t, k.Agent, conv.RootPostID, "first answer"); reason != "" {
		t.Fatalf("first reply refused: %s", reason) // the hook has read the chat channels now
	}
	k.Relay.Process(ctx, conv.ID)
	ch := moveChannel(t, k)
	k.Deliver(t, coretest.Message(customer, "m2", "moved?", k.Now()))
	k.Relay.Process(ctx, conv.ID)
	moved := k.Conversation(t, customer)
	reason, p := k.Post(t, &model.Post{UserId: k.Agent, ChannelId: ch, RootId: moved.RootPostID, Message: "second answer"})
	if reason != "" {
		t.Fatalf("reply in the new thread refused: %s", reason)
	}
	if _, err := k.Store.MessageByPost(ctx, p.Id); err != nil {
		t.Fatalf("the hook did not queue a reply in the channel moved to here: %v", err)
	}
}
