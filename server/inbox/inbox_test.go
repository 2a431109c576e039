package inbox_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
)

var ctx = context.Background()

// The start rules: who may be written to first, when, and by whom.
func TestStartRules(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(k *coretest.Core)
		input   inbox.StartInput
		user    func(k *coretest.Core) string
		wantErr error
		say     string
	}{
		{"a typed number becomes the provider's id and the chat's phone", nil,
			inbox.StartInput{CustomerID: "+48 601-234-567", Text: "Your phone is ready"}, nil, nil, ""},
		{"no text and no template", nil, inbox.StartInput{CustomerID: "42"}, nil, conversation.ErrInvalid, "required"},
		{"someone outside the channel", nil, inbox.StartInput{CustomerID: "42", Text: "hi"},
			func(*coretest.Core) string { return model.NewId() }, conversation.ErrNotFound, ""},
		{"a provider on which the business may not write first", func(k *coretest.Core) {
			k.Provider.SetFirstContact(errors.New("ask them to open the bot and press Start"))
		}, inbox.StartInput{CustomerID: "42", Text: "hi"}, nil, conversation.ErrNotAllowed, "press Start"},
		{"outside the window without a template", func(k *coretest.Core) {
			k.Provider.SetWindow(channel.Window{State: channel.WindowClosed})
		}, inbox.StartInput{CustomerID: "42", Text: "hi"}, nil, conversation.ErrNotAllowed, "only inside its window"},
		{"lost sync", func(k *coretest.Core) {
			k.Provider.SetHealth(providertest.ClassError(channel.ClassSyncLost, "token revoked"))
			_ = k.Connections.Test(ctx, k.Admin, k.Conn.ID)
		}, inbox.StartInput{CustomerID: "42", Text: "hi"}, nil, conversation.ErrNotAllowed, "reconnect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := coretest.NewCore(t, channel.SMS, nil)
			if tt.setup != nil {
				tt.setup(k)
			}
			user := k.Agent
			if tt.user != nil {
				user = tt.user(k)
			}
			tt.input.ConnectionID = k.Conn.ID
			before := len(k.MM.Posts(k.ChannelID)) // the setup's own posts: a lost-sync alert
			conv, err := k.Inbox.Start(ctx, user, tt.input)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.say) {
					t.Fatalf("err = %v, want %v saying %q", err, tt.wantErr, tt.say)
				}
				if len(k.MM.Posts(k.ChannelID)) != before {
					t.Fatal("a refused start posted something")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if conv.CustomerID != "48601234567" || conv.CustomerPhone != "+48601234567" || conv.RootPostID == "" {
				t.Fatalf("conversation = %+v", conv)
			}
			thread := k.MM.Thread(conv.RootPostID)
			if len(thread) != 2 || thread[1].UserId != k.Agent || thread[1].Message != "Your phone is ready" {
				t.Fatalf("thread = %+v", thread)
			}
		})
	}
}

// An opted-out customer is refused with the provider's words; the first contact rule lets a
// customer who wrote before be written to again.
func TestStartToAKnownCustomer(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Provider.SetFirstContact(errors.New("press Start"))
	k.Deliver(t, coretest.Message("42", "m1", "hello", k.Now()))
	k.Relay.Process(ctx, k.Conversation(t, "42").ID)
	if _, err := k.Inbox.Start(ctx, k.Agent, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: "42", Text: "hi again"}); err != nil {
		t.Fatalf("a customer who wrote before: %v", err)
	}
	k.Deliver(t, channel.Event{Type: channel.EventOptOut, MessageID: "o", Customer: channel.Customer{ID: "42"}, OptedOut: true})
	_, err := k.Inbox.Start(ctx, k.Agent, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: "42", Text: "hello?"})
	if !errors.Is(err, conversation.ErrNotAllowed) || !strings.Contains(err.Error(), "the customer left Scripted") {
		t.Fatalf("opted out: %v", err)
	}
	if !strings.Contains(k.MM.Thread(k.Conversation(t, "42").RootPostID)[0].Message, "The customer left Scripted") {
		t.Fatal("the header card does not say the customer left")
	}
}

// A chat started from Mattermost shows in teammates' lists at once: the channel hears of it.
func TestStartTellsTheChannel(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	started, err := k.Inbox.Start(ctx, k.Agent, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: "77", Text: "hello from the shop"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range k.MM.Events() {
		if e.Name == "conversation_updated" && e.Payload["conversation_id"] == started.ID && e.ChannelID == k.ChannelID {
			return
		}
	}
	t.Fatalf("no conversation_updated for the started chat in %+v", k.MM.Events())
}

// Archive and reopen record who and when, tell the channel, and are refused to outsiders.
func TestArchiveAndReopen(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Deliver(t, coretest.Message("42", "m1", "hello", k.Now()))
	k.Relay.Process(ctx, k.Conversation(t, "42").ID)
	conv := k.Conversation(t, "42")
	if _, err := k.Inbox.Archive(ctx, model.NewId(), conv.ID); !errors.Is(err, conversation.ErrNotFound) {
		t.Fatalf("an outsider archived: %v", err)
	}
	got, err := k.Inbox.Archive(ctx, k.Agent, conv.ID)
	if err != nil || got.Status != conversation.Archived || got.ArchivedBy != k.Agent {
		t.Fatalf("archive = %+v, %v", got, err)
	}
	if !strings.Contains(k.MM.Thread(conv.RootPostID)[0].Message, "**Archived**") || len(k.MM.EventsNamed("conversation_updated")) == 0 {
		t.Fatal("the header card or the channel was not told")
	}
	// The customer writing again reopens it.
	k.Deliver(t, coretest.Message("42", "m2", "one more thing", k.Now()))
	k.Relay.Process(ctx, conv.ID)
	if c := k.Conversation(t, "42"); c.Status != conversation.Active {
		t.Fatalf("status after the customer wrote = %s", c.Status)
	}
}

// Lists and badges count what the user has not read; reading clears it and tells the provider.
func TestListsIndicatorsAndReading(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Deliver(t, coretest.Message("42", "m1", "hello", k.Now()))
	k.Relay.Process(ctx, k.Conversation(t, "42").ID)
	conv := k.Conversation(t, "42")
	ind, err := k.Inbox.IndicatorsFor(ctx, k.Agent)
	if err != nil || ind.Unread != 1 || ind.Attention != 1 {
		t.Fatalf("indicators = %+v, %v", ind, err)
	}
	list, conns, err := k.Inbox.List(ctx, k.Agent, conversation.ListFilter{Status: conversation.Active})
	if err != nil || len(list) != 1 || conns[k.Conn.ID] == nil || !k.Inbox.Unread(ctx, k.Agent, list[0]) {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if list, _, _ := k.Inbox.List(ctx, model.NewId(), conversation.ListFilter{}); len(list) != 0 {
		t.Fatal("an outsider sees chats")
	}
	k.Advance(1)
	if err := k.Inbox.MarkRead(ctx, k.Agent, conv.ID); err != nil {
		t.Fatal(err)
	}
	if ind, _ := k.Inbox.IndicatorsFor(ctx, k.Agent); ind.Unread != 0 || ind.Unanswered != 1 {
		t.Fatalf("after reading = %+v", ind)
	}
	if calls := k.Provider.Calls("MarkRead"); len(calls) != 1 || calls[0].Target != "m1" {
		t.Fatalf("the provider was told %+v", calls)
	}
}

// Retry queues a failed reply again; only a failed reply can be retried.
func TestRetryOfAFailedReply(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Deliver(t, coretest.Message("42", "m1", "hello", k.Now()))
	k.Relay.Process(ctx, k.Conversation(t, "42").ID)
	conv := k.Conversation(t, "42")
	k.Provider.FailNext("Send", 1, providertest.ClassError(channel.ClassPermanent, "rejected"))
	_, post := k.Reply(t, k.Agent, conv.RootPostID, "Ready")
	k.Relay.Process(ctx, conv.ID)
	if err := k.Inbox.Retry(ctx, k.Agent, post.Id); err != nil {
		t.Fatal(err)
	}
	k.Relay.Process(ctx, conv.ID)
	if sent := k.Provider.Sent(); len(sent) != 1 || sent[0].Text != "Ready" {
		t.Fatalf("sent = %+v", sent)
	}
	if err := k.Inbox.Retry(ctx, k.Agent, post.Id); !errors.Is(err, conversation.ErrInvalid) {
		t.Fatalf("retrying a sent reply: %v", err)
	}
}

// The template post names the agent and the template literally: a display name such as "@all"
// never pings anyone and Markdown in either shows as typed.
func TestTemplatePostNamesTheAgentLiterally(t *testing.T) {
	k := coretest.NewCore(t, channel.WhatsApp, nil)
	k.MM.SetDisplayName(k.Agent, "@all *boss*\n# [x](https://evil.example)")
	conv, err := k.Inbox.Start(ctx, k.Agent, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: "48601234567", Template: "order_ready", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	thread := k.MM.Thread(conv.RootPostID)
	want := "_Template **order_ready** sent by @\u200ball \\*boss\\* \\# \\[x\\](https://evil.example)._"
	if len(thread) != 2 || thread[1].Message != want {
		t.Fatalf("thread = %+v\nwant the template post %q", thread, want)
	}
}

// The first message of a chat Frontdesk posts on the agent's behalf is checked and sent like any
// reply: the plugin API marks the post from_plugin, which the post hooks leave alone.
func TestStartSendsTheFirstMessage(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	conv, err := k.Inbox.Start(ctx, k.Agent, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: "42", Text: "Your phone is ready"})
	if err != nil {
		t.Fatal(err)
	}
	k.Relay.Process(ctx, conv.ID)
	if sent := k.Provider.Sent(); len(sent) != 1 || sent[0].Text != "Your phone is ready" {
		t.Fatalf("sent = %+v", sent)
	}
	k.MaxLength = 5
	_, err = k.Inbox.Start(ctx, k.Agent, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: "42", Text: "far too long"})
	if !errors.Is(err, conversation.ErrNotAllowed) || !strings.Contains(err.Error(), "at most 5") {
		t.Fatalf("a reply too long: %v", err)
	}
}

// An edit of a chat's first message is checked like an edit of any reply: the customer could not
// take a text over the longest reply.
func TestEditOfTheFirstMessageIsChecked(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	conv, err := k.Inbox.Start(ctx, k.Agent, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: "42", Text: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	first := k.MM.Thread(conv.RootPostID)[1]
	edit := first.Clone()
	edit.Message = strings.Repeat("x", k.MaxLength+1)
	if _, reason := k.Relay.WillEdit(ctx, edit, first); !strings.Contains(reason, "at most") {
		t.Fatalf("a too long edit: %q", reason)
	}
}
