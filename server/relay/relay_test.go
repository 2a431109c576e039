package relay_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

var ctx = context.Background()

const customer = channel.CustomerID("42")

// started is a core with one chat whose first customer message is posted in its thread.
func started(t *testing.T) (*coretest.Core, *conversation.Conversation) {
	t.Helper()
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Deliver(t, coretest.Message(customer, "m1", "hello", k.Now()))
	conv := k.Conversation(t, customer)
	k.Relay.Process(ctx, conv.ID)
	return k, k.Conversation(t, customer)
}

func outcomes(t *testing.T, got []conversation.Outcome, want ...conversation.Outcome) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("outcomes = %v, want %v", got, want)
	}
}

// Every kind of webhook event ends in its named outcome, and only claims create work.
func TestWebhookEventsEndInNamedOutcomes(t *testing.T) {
	tests := []struct {
		name  string
		setup func(k *coretest.Core, conv *conversation.Conversation)
		event func(k *coretest.Core) channel.Event
		want  conversation.Outcome
	}{
		{"a new message is claimed", nil, func(k *coretest.Core) channel.Event {
			return coretest.Message(customer, "m2", "again", k.Now())
		}, conversation.OutcomeClaimed},
		{"a provider retry is a duplicate", nil, func(k *coretest.Core) channel.Event {
			return coretest.Message(customer, "m1", "hello", k.Now())
		}, conversation.OutcomeDuplicate},
		{"an echo of Frontdesk's own send", nil, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: channel.EventEcho, MessageID: "e1", Customer: channel.Customer{ID: customer}, Metadata: "frontdesk:p1"}
		}, conversation.OutcomeOwnEcho},
		{"an echo of staff writing in the provider's app", nil, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: channel.EventEcho, MessageID: "e2", Customer: channel.Customer{ID: customer}, Text: "from the phone", Timestamp: k.Now()}
		}, conversation.OutcomeNativeEcho},
		{"an echo to someone with no chat (another app's broadcast)", nil, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: channel.EventEcho, MessageID: "e3", Customer: channel.Customer{ID: "subscriber-7"}, Text: "sale today", Timestamp: k.Now()}
		}, conversation.OutcomeNoConversation},
		{"a status before its send recorded the id", nil, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: channel.EventStatus, TargetID: "not-yet", State: channel.StateDelivered, Timestamp: k.Now()}
		}, conversation.OutcomeStatusEarly},
		{"a status about a customer's message", nil, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: channel.EventStatus, TargetID: "m1", State: channel.StateRead, Timestamp: k.Now()}
		}, conversation.OutcomeStatusUnknown},
		{"a read watermark of a customer with no chat", nil, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: channel.EventStatus, Customer: channel.Customer{ID: "nobody"}, State: channel.StateRead, Watermark: k.Now(), Timestamp: k.Now()}
		}, conversation.OutcomeNoConversation},
		{"an edit of a posted message", nil, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: channel.EventEdit, MessageID: "edit1", TargetID: "m1", Text: "hello!", Customer: channel.Customer{ID: customer}}
		}, conversation.OutcomeUpdated},
		{"a reaction on a message not posted yet waits behind it", func(k *coretest.Core, _ *conversation.Conversation) {
			k.Deliver(t, coretest.Message(customer, "m3", "unposted", k.Now()))
		}, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: channel.EventReaction, MessageID: "r1", TargetID: "m3", Emoji: "👍", Customer: channel.Customer{ID: customer}}
		}, conversation.OutcomeQueued},
		{"a delete of an unknown message", nil, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: channel.EventDelete, MessageID: "d1", TargetID: "never-seen", Customer: channel.Customer{ID: customer}}
		}, conversation.OutcomeTargetUnknown},
		{"an opt-out", nil, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: channel.EventOptOut, MessageID: "o1", Customer: channel.Customer{ID: customer}, OptedOut: true}
		}, conversation.OutcomeOptOutChanged},
		{"an opt-out of a customer with no chat", nil, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: channel.EventOptOut, MessageID: "o2", Customer: channel.Customer{ID: "nobody"}, OptedOut: true}
		}, conversation.OutcomeNoConversation},
		{"an event type the core has no use for", nil, func(k *coretest.Core) channel.Event {
			return channel.Event{Type: "typing", Customer: channel.Customer{ID: customer}}
		}, conversation.OutcomeIgnored},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, conv := started(t)
			if tt.setup != nil {
				tt.setup(k, conv)
			}
			outcomes(t, k.Deliver(t, tt.event(k)), tt.want)
			if n := k.Log.Count(tt.want); n < 1 {
				t.Fatalf("outcome %s not logged", tt.want)
			}
		})
	}
}

func TestDuplicatesNeverShowTwice(t *testing.T) {
	k, conv := started(t)
	outcomes(t, k.Deliver(t, coretest.Message(customer, "m1", "hello", k.Now()), coretest.Message(customer, "m1", "hello", k.Now())),
		conversation.OutcomeDuplicate, conversation.OutcomeDuplicate)
	k.Relay.Process(ctx, conv.ID)
	if n := len(k.MM.Thread(conv.RootPostID)); n != 2 { // the header card and the message
		t.Fatalf("thread has %d posts", n)
	}
}

func TestWebhookAnswersTheProvidersWayAndLogsNoText(t *testing.T) {
	k := coretest.NewCore(t, channel.SMS, nil)
	ans, err := k.Webhook(k.Provider.Request(coretest.Message("+48601234567", "s1", "my door code is 1234", k.Now())))
	if err != nil || ans.Status != 200 || ans.Body != "scripted ok" {
		t.Fatalf("answer = %+v, %v", ans, err)
	}
	for _, e := range k.Log.Entries() {
		for _, v := range e.Fields {
			if strings.Contains(v, "door code") || strings.Contains(v, "601234567") {
				t.Fatalf("logged %s %v", e.Msg, e.Fields)
			}
		}
	}
	minimal := coretest.NewCore(t, channel.SMS, (*providertest.Scripted).Minimal)
	ans, _ = minimal.Webhook(minimal.Provider.Request())
	if ans.Body != "ok" || ans.ContentType != "text/plain" {
		t.Fatalf("an adapter without its own answer got %+v", ans)
	}
}

// Each class of send failure ends the way staff need to see it.
func TestSendFailuresByClass(t *testing.T) {
	tests := []struct {
		class        channel.Class
		want         conversation.Outcome
		state        string
		syncLost     bool
		optedOut     bool
		reasonPrefix string
	}{
		{channel.ClassRetryable, conversation.OutcomeRetryScheduled, "sending", false, false, "busy"},
		{channel.ClassSyncLost, conversation.OutcomeSendFailed, "failed", true, false, "The provider account lost its connection"},
		{channel.ClassWindowClosed, conversation.OutcomeSendFailed, "failed", false, false, "The customer-service window is closed"},
		{channel.ClassOptedOut, conversation.OutcomeSendFailed, "failed", false, true, "busy"},
		{channel.ClassPermanent, conversation.OutcomeSendFailed, "failed", false, false, "busy"},
	}
	for _, tt := range tests {
		t.Run(string(tt.class), func(t *testing.T) {
			k, conv := started(t)
			k.Provider.FailNext("Send", 1, providertest.ClassError(tt.class, "busy"))
			_, post := k.Reply(t, k.Agent, conv.RootPostID, "Your phone is ready")
			k.Relay.Process(ctx, conv.ID)
			if n := k.Log.Count(tt.want); n != 1 {
				t.Fatalf("outcomes %v, want one %s", k.Log.Outcomes(), tt.want)
			}
			m, err := k.Store.MessageByPost(ctx, post.Id)
			if err != nil || m.State != tt.state || !strings.HasPrefix(m.Reason, tt.reasonPrefix) {
				t.Fatalf("message = %+v, %v", m, err)
			}
			c, _ := k.Connections.Get(ctx, k.Conn.ID)
			if c.SyncLost() != tt.syncLost {
				t.Fatalf("sync lost = %v", c.SyncLost())
			}
			if got := k.Conversation(t, customer).OptedOut(); got != tt.optedOut {
				t.Fatalf("opted out = %v", got)
			}
			if tt.state == "failed" {
				p, _ := k.MM.Post(post.Id)
				if d, _ := p.GetProp("frontdesk_delivery").(map[string]any); d["state"] != "failed" {
					t.Fatalf("the post shows %v", p.GetProps())
				}
			}
		})
	}
}

// A retryable failure is tried again after its backoff and the reply goes out once.
func TestRetryAfterBackoffSendsOnce(t *testing.T) {
	k, conv := started(t)
	k.Provider.FailNext("Send", 1, providertest.ClassError(channel.ClassRetryable, "busy"))
	k.Reply(t, k.Agent, conv.RootPostID, "Ready tomorrow")
	k.Relay.Process(ctx, conv.ID)
	k.Relay.Process(ctx, conv.ID) // before the backoff: nothing
	if n := len(k.Provider.Sends()); n != 1 {
		t.Fatalf("%d attempts before the backoff", n)
	}
	k.Advance(3 * time.Second)
	k.Relay.RunDue(ctx)
	if sent := k.Provider.Sent(); len(sent) != 1 || sent[0].Text != "Ready tomorrow" || sent[0].To != customer {
		t.Fatalf("sent = %+v", sent)
	}
	outcomes(t, filter(k.Log.Outcomes(), conversation.OutcomeRetryScheduled, conversation.OutcomeSent),
		conversation.OutcomeRetryScheduled, conversation.OutcomeSent)
}

// A reply the provider cannot take is refused before it is posted, with the reason.
func TestRefusalsBeforePosting(t *testing.T) {
	tests := []struct {
		name  string
		setup func(k *coretest.Core)
		text  string
		want  string
	}{
		{"too long", func(k *coretest.Core) { k.MaxLength = 10 }, "this reply is too long", "at most 10"},
		{"the provider's own limit", func(k *coretest.Core) { k.Provider.SetTextLimit(5) }, "too long for it", "Shorten the reply"},
		{"lost sync", func(k *coretest.Core) {
			k.Provider.SetHealth(providertest.ClassError(channel.ClassSyncLost, "token revoked"))
			_ = k.Connections.Test(ctx, k.Admin, k.Conn.ID)
		}, "hi", "lost sync with the provider (token revoked). Ask a system admin to reconnect it."},
		{"opted out", func(k *coretest.Core) {
			k.Deliver(t, channel.Event{Type: channel.EventOptOut, MessageID: "o", Customer: channel.Customer{ID: customer}, OptedOut: true})
		}, "hi", "the customer left Scripted"},
		{"window closed", func(k *coretest.Core) {
			k.Provider.SetWindow(channel.Window{State: channel.WindowClosed})
			k.Provider.SetDeepLink("https://scripted.example/")
		}, "hi", "Scripted allows replies only inside its window. Continue in the Telegram app: https://scripted.example/42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, conv := started(t)
			tt.setup(k)
			reason, post := k.Reply(t, k.Agent, conv.RootPostID, tt.text)
			if post != nil || !strings.Contains(reason, tt.want) {
				t.Fatalf("reason %q (post %v), want it to say %q", reason, post, tt.want)
			}
			if k.Log.Count(conversation.OutcomeRefused) != 1 {
				t.Fatalf("outcomes %v", k.Log.Outcomes())
			}
		})
	}
}

// A panic in a provider's send path is recovered: counted, the reply waits for a retry, and the
// next conversation is served.
func TestPanicInSendIsRecoveredAndCounted(t *testing.T) {
	k, conv := started(t)
	k.Provider.PanicOn("Send", true)
	k.Reply(t, k.Agent, conv.RootPostID, "first")
	k.Relay.Process(ctx, conv.ID)
	if k.Relay.Panics() != 1 || k.Log.Count(conversation.OutcomeRetryScheduled) != 1 {
		t.Fatalf("panics %d, outcomes %v", k.Relay.Panics(), k.Log.Outcomes())
	}
	k.Provider.PanicOn("Send", false)
	k.Advance(3 * time.Second)
	k.Relay.RunDue(ctx)
	if sent := k.Provider.Sent(); len(sent) != 1 || sent[0].Text != "first" {
		t.Fatalf("sent after the panic = %+v", sent)
	}
}

// A panic anywhere in a worker's pass (here: downloading an attachment) is recovered and counted.
func TestPanicInAWorkerPassIsRecovered(t *testing.T) {
	k, _ := started(t)
	k.Provider.PanicOn("FetchMedia", true)
	ev := coretest.Message(customer, "m9", "", k.Now())
	ev.Media = []channel.Media{{Kind: channel.Image, Ref: "x"}}
	k.Deliver(t, ev)
	k.Relay.Process(ctx, k.Conversation(t, customer).ID)
	if k.Relay.Panics() != 1 || k.Log.Count(conversation.OutcomePanic) != 1 {
		t.Fatalf("panics %d, outcomes %v", k.Relay.Panics(), k.Log.Outcomes())
	}
	k.Provider.PanicOn("FetchMedia", false)
	k.Relay.RunDue(ctx) // the claim is still stored: the periodic pass posts it
	if k.Log.Count(conversation.OutcomePosted) != 2 {
		t.Fatalf("outcomes %v", k.Log.Outcomes())
	}
}

func filter(all []conversation.Outcome, keep ...conversation.Outcome) []conversation.Outcome {
	var out []conversation.Outcome
	for _, o := range all {
		if slices.Contains(keep, o) {
			out = append(out, o)
		}
	}
	return out
}

// A burst of messages for one customer wakes one worker pass, not one a message: the other
// conversations are not starved while it is worked through.
func TestABurstForOneCustomerQueuesOnePass(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	for i := range 50 {
		k.Deliver(t, coretest.Message(customer, fmt.Sprintf("b%d", i), "burst", k.Now()))
	}
	if n := k.Relay.Queued(); n != 1 {
		t.Fatalf("%d passes queued for one conversation", n)
	}
}

// An admin's reply on a connection that lost sync is refused with the System Console link of that
// connection, where the admin reconnects it.
// The header card of an active chat says when its connection lost sync, with the reconnect link
// for admins and whom to ask for everyone else, and stops saying it once the connection works again.
func TestLostSyncShowsOnTheHeaderCard(t *testing.T) {
	k, conv := started(t)
	card := func() string {
		p, ok := k.MM.Post(conv.RootPostID)
		if !ok {
			t.Fatal("the header card is gone")
		}
		return p.Message
	}
	k.Provider.SetHealth(providertest.ClassError(channel.ClassSyncLost, "token revoked"))
	_ = k.Connections.Test(ctx, k.Admin, k.Conn.ID)
	link := coretest.DefaultSiteURL + "/admin_console/plugins/plugin_frontdesk?connection=" + k.Conn.ID
	for _, want := range []string{"lost sync", "token revoked", "](" + link + ")", "ask a system admin"} {
		if !strings.Contains(card(), want) {
			t.Fatalf("header card %q lacks %q", card(), want)
		}
	}
	k.Provider.SetHealth(nil)
	_ = k.Connections.Test(ctx, k.Admin, k.Conn.ID)
	if strings.Contains(card(), "lost sync") {
		t.Fatalf("header card still says lost sync after the fix: %q", card())
	}
}

func TestLostSyncRefusalLinksAdminsToTheConnection(t *testing.T) {
	k, conv := started(t)
	k.Provider.SetHealth(providertest.ClassError(channel.ClassSyncLost, "token revoked"))
	_ = k.Connections.Test(ctx, k.Admin, k.Conn.ID)
	reason, post := k.Reply(t, k.Admin, conv.RootPostID, "hi")
	want := "Reconnect it in the System Console: " + coretest.DefaultSiteURL + "/admin_console/plugins/plugin_frontdesk?connection=" + k.Conn.ID
	if post != nil || !strings.Contains(reason, want) {
		t.Fatalf("reason %q (post %v), want %q", reason, post, want)
	}
}

// Mattermost runs the post hook that queues a reply in the background, so of two replies posted
// within milliseconds the later one can reach Frontdesk first. It waits until the earlier one is
// queued, and the customer gets them in the order they were posted: on one server the relay knows
// the replies it let through MessageWillBePosted; in a cluster it also asks Mattermost for the
// thread's recent posts, for a reply posted through another server.
func TestRepliesGoOutInPostOrderWhateverTheHookOrder(t *testing.T) {
	tests := []struct {
		name      string
		clustered bool
		// post stores a reply as its server does up to MessageWillBePosted included.
		post func(k *coretest.Core, p *model.Post) (*model.Post, error)
	}{
		{"both on this server", false, func(k *coretest.Core, p *model.Post) (*model.Post, error) {
			if _, reason := k.Relay.WillPost(ctx, p); reason != "" {
				return nil, errors.New(reason)
			}
			return k.MM.UserPost(p)
		}},
		{"the earlier one on another server of the cluster", true, func(k *coretest.Core, p *model.Post) (*model.Post, error) {
			if p.Message == "second" {
				if _, reason := k.Relay.WillPost(ctx, p); reason != "" {
					return nil, errors.New(reason)
				}
			}
			return k.MM.UserPost(p)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, conv := started(t)
			k.MM.SetClustered(tt.clustered)
			post := func(text string) *model.Post {
				p, err := tt.post(k, &model.Post{UserId: k.Agent, ChannelId: k.ChannelID, RootId: conv.RootPostID, Message: text})
				if err != nil {
					t.Fatal(err)
				}
				return p
			}
			first, second := post("first"), post("second")
			k.Relay.HasBeenPosted(ctx, second)
			k.Relay.Process(ctx, conv.ID)
			if sent := k.Provider.Sent(); len(sent) != 0 {
				t.Fatalf("sent %+v before the earlier reply was queued", sent)
			}
			outcomes(t, filter(k.Log.Outcomes(), conversation.OutcomeReplyWaits), conversation.OutcomeReplyWaits)
			k.Relay.HasBeenPosted(ctx, first)
			k.Relay.Process(ctx, conv.ID)
			sent := k.Provider.Sent()
			if len(sent) != 2 || sent[0].Text != "first" || sent[1].Text != "second" {
				t.Fatalf("sent %+v, want first then second", sent)
			}
		})
	}
}

// In a cluster an agent can edit a reply through another server, whose edit hook this server does
// not see: the send reads the post, and the customer gets the edited text.
func TestInAClusterAReplyEditedElsewhereGoesOutAsEdited(t *testing.T) {
	k, conv := started(t)
	k.MM.SetClustered(true)
	_, draft := k.Reply(t, k.Agent, conv.RootPostID, "draft")
	edited := draft.Clone()
	edited.Message = "final"
	if err := k.MM.UpdatePost(edited); err != nil {
		t.Fatal(err)
	}
	k.Relay.Process(ctx, conv.ID)
	if sent := k.Provider.Sent(); len(sent) != 1 || sent[0].Text != "final" {
		t.Fatalf("sent %+v, want the edited text", sent)
	}
}

// On one server a reply costs no lookup after it is stored: the reply hook queues it with the chat
// MessageWillBePosted found, its pass asks Mattermost for no posts to keep the order, and its send
// takes the post the hook had. A reply Mattermost did not store after all (another plugin refused
// it) holds its thread back for two seconds at most; a reply edited before its send goes out as
// edited.
func TestAReplyOnThisServerIsQueuedAndSentWithoutLookups(t *testing.T) {
	k, conv := started(t)
	lookups, scans, reads := k.Store.Calls("ChatOfThread"), k.MM.Calls("PostsSince"), k.MM.Calls("GetPost")
	if reason, _ := k.Reply(t, k.Agent, conv.RootPostID, "on its way"); reason != "" {
		t.Fatal(reason)
	}
	k.Relay.Process(ctx, conv.ID)
	if sent := k.Provider.Sent(); len(sent) != 1 || sent[0].Text != "on its way" {
		t.Fatalf("sent %+v", sent)
	}
	if n := k.Store.Calls("ChatOfThread") - lookups; n != 1 {
		t.Fatalf("%d chat lookups for one reply, want 1 (MessageWillBePosted's)", n)
	}
	if n := k.MM.Calls("PostsSince") - scans; n != 0 {
		t.Fatalf("%d post scans, want none", n)
	}
	if n := k.MM.Calls("GetPost") - reads; n != 1 {
		t.Fatalf("%d post reads, want 1: the delivery mark's, after the send", n)
	}

	refused := &model.Post{UserId: k.Agent, ChannelId: k.ChannelID, RootId: conv.RootPostID, Message: "refused by another plugin"}
	if _, reason := k.Relay.WillPost(ctx, refused); reason != "" {
		t.Fatal(reason)
	}
	k.Advance(time.Second)
	if reason, _ := k.Reply(t, k.Agent, conv.RootPostID, "after it"); reason != "" {
		t.Fatal(reason)
	}
	k.Relay.Process(ctx, conv.ID)
	if sent := k.Provider.Sent(); len(sent) != 1 {
		t.Fatalf("sent %+v while a reply let through before it might still come", sent)
	}
	k.Advance(time.Second)
	k.Relay.Process(ctx, conv.ID)
	if sent := k.Provider.Sent(); len(sent) != 2 || sent[1].Text != "after it" {
		t.Fatalf("sent %+v, want the reply after two seconds", sent)
	}

	_, draft := k.Reply(t, k.Agent, conv.RootPostID, "draft")
	edited := draft.Clone()
	edited.Message = "final"
	if err := k.MM.UpdatePost(edited); err != nil {
		t.Fatal(err)
	}
	k.Relay.AgentEdited(ctx, edited, draft)
	k.Relay.Process(ctx, conv.ID)
	if sent := k.Provider.Sent(); len(sent) != 3 || sent[2].Text != "final" {
		t.Fatalf("sent %+v, want the edited text", sent)
	}
}
