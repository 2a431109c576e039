package coretest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/alert"
	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/relay"
	"github.com/frontdesk-chat/frontdesk/server/retention"
	"github.com/frontdesk-chat/frontdesk/server/secret"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// The fakes stand in for everything the core's parts need of the database and of Mattermost.
var (
	_ connection.Store      = (*Store)(nil)
	_ relay.Store           = (*Store)(nil)
	_ inbox.Store           = (*Store)(nil)
	_ thread.Store          = (*Store)(nil)
	_ retention.Store       = (*Store)(nil)
	_ connection.Mattermost = (*Mattermost)(nil)
	_ relay.Mattermost      = (*Mattermost)(nil)
	_ inbox.Mattermost      = (*Mattermost)(nil)
	_ thread.Mattermost     = (*Mattermost)(nil)
	_ retention.Mattermost  = (*Mattermost)(nil)
)

// Core is the real core wired as the plugin wires it, over the in-memory store, the recording
// Mattermost and one scripted provider. Its relay has no background workers: a test runs the work
// with Process, so every step is deterministic.
type Core struct {
	Store       *Store
	MM          *Mattermost
	Provider    *providertest.Scripted
	Log         *Log
	Connections *connection.Service
	Relay       *relay.Relay
	Pruner      *retention.Pruner
	Inbox       *inbox.Inbox
	Audit       *audit.Trail

	BotID, Admin, Agent, ChannelID string
	Conn                           *conversation.Connection
	Retention, MaxLength           int

	clock *Clock

	keyMu sync.Mutex
	box   *secret.Box // nil: no key configured

	thread *thread.Thread
}

// SetEncryptionKey changes the plugin's encryption key, as an admin regenerating it (or clearing
// it: "") does; credentials sealed with the old key can no longer be opened.
func (k *Core) SetEncryptionKey(t testing.TB, key string) {
	t.Helper()
	var box *secret.Box
	if key != "" {
		var err error
		if box, err = secret.NewBox(key); err != nil {
			t.Fatal(err)
		}
	}
	k.keyMu.Lock()
	k.box = box
	k.keyMu.Unlock()
}

func (k *Core) sealer() (connection.Sealer, error) {
	k.keyMu.Lock()
	defer k.keyMu.Unlock()
	if k.box == nil {
		return nil, secret.ErrNoKey
	}
	return k.box, nil
}

// NewCore wires a core with one connection of kind (an admin and an agent in its channel). The
// adapter is the scripted one, or what adapt makes of it (e.g. its Minimal form).
func NewCore(t testing.TB, kind channel.Kind, adapt func(*providertest.Scripted) channel.Adapter) *Core {
	t.Helper()
	prov := providertest.NewScripted(kind)
	var a channel.Adapter = prov
	if adapt != nil {
		a = adapt(prov)
	}
	k := &Core{Store: NewStore(), MM: NewMattermost(), Provider: prov, Log: &Log{},
		BotID: model.NewId(), Admin: model.NewId(), Agent: model.NewId(), ChannelID: model.NewId(),
		MaxLength: 1000, clock: &Clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}}
	k.Store.SetNow(k.clock.Now)
	k.MM.SetAdmin(k.Admin, true)
	k.MM.SetMember(k.ChannelID, k.Admin, true)
	k.MM.SetMember(k.ChannelID, k.Agent, true)
	k.SetEncryptionKey(t, "a core test key of enough length")
	k.Audit = audit.New(k.Store, k.MM, k.Log)
	alerts := alert.New(k.Store, k.MM, k.Log, k.BotID, func(c *conversation.Connection) string { return k.Connections.ReconnectURL(c) })
	k.Connections = connection.New(connection.Deps{Store: k.Store, MM: k.MM, Log: k.Log, PluginID: "frontdesk", Audit: k.Audit, Alerts: alerts,
		Sealer: k.sealer, Specs: []channel.Spec{specOf(prov, a)}})
	th := thread.New(k.Store, k.MM, k.Connections, k.Log, k.BotID)
	k.thread = th
	alerts.RefreshCardsWith(th.RefreshConnection)
	k.Pruner = &retention.Pruner{Store: k.Store, MM: k.MM, Header: th, Keep: func() int { return k.Retention }, Log: k.Log}
	k.Relay = relay.New(relay.Deps{Store: k.Store, MM: k.MM, Connections: k.Connections, Thread: th, Pruner: k.Pruner,
		Settings: func() relay.Settings { return relay.Settings{MaxMessageLength: k.MaxLength} },
		MediaKey: func() ([]byte, error) {
			box, err := k.sealer()
			if err != nil {
				return nil, err
			}
			return box.(*secret.Box).DeriveKey("media"), nil
		},
		Log: k.Log, BotID: k.BotID, Workers: -1, Now: k.clock.Now})
	t.Cleanup(k.Relay.Close)
	k.Connections.OnReconnected(k.Relay.RetryNow)
	k.Connections.OnChannelsChanged(k.Relay.ForgetChatChannels)
	k.Inbox = inbox.New(inbox.Deps{Store: k.Store, MM: k.MM, Connections: k.Connections, Thread: th, Relay: k.Relay,
		Log: k.Log, BotID: k.BotID, Now: k.clock.Now, Audit: k.Audit})
	name := "support"
	var err error
	k.Conn, err = k.Connections.Create(context.Background(), k.Admin, connection.Input{Kind: kind, Name: &name,
		ChannelID: &k.ChannelID, Credentials: map[string]string{"token": "t"}})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// PerConnection is an adapter a test builds anew for each connection from its config (one that
// owns the account its credentials name, say); NewCore's spec then returns ForConnection's adapter.
type PerConnection interface {
	ForConnection(cfg channel.Config) channel.Adapter
}

func specOf(prov *providertest.Scripted, a channel.Adapter) channel.Spec {
	spec := prov.SpecOf(a)
	pc, ok := a.(PerConnection)
	if !ok {
		return spec
	}
	build := spec.New
	spec.New = func(cfg channel.Config) (channel.Adapter, error) {
		if _, err := build(cfg); err != nil {
			return nil, err
		}
		return pc.ForConnection(cfg), nil
	}
	return spec
}

// SetTexts gives the core's connections, threads and relay their texts, as the plugin does (the
// inbox takes them in its Deps).
func (k *Core) SetTexts(l *locale.Locale) {
	k.Connections.SetTexts(l)
	k.thread.SetTexts(l)
	k.Relay.SetTexts(l)
}

// Advance moves the core's clock.
func (k *Core) Advance(d time.Duration) { k.clock.Advance(d) }

// Now is the core's clock.
func (k *Core) Now() time.Time { return k.clock.Now() }

// Deliver hands events to the webhook as the provider would and returns the outcome of each.
func (k *Core) Deliver(t testing.TB, events ...channel.Event) []conversation.Outcome {
	t.Helper()
	ans, err := k.Webhook(k.Provider.Request(events...))
	if err != nil {
		t.Fatalf("webhook: %v", err)
	}
	return ans.Outcomes
}

// Webhook hands a delivery to the relay with the connection as stored now, as the HTTP layer does.
func (k *Core) Webhook(req channel.WebhookRequest) (relay.WebhookAnswer, error) {
	c, err := k.Connections.Get(context.Background(), k.Conn.ID)
	if err != nil {
		return relay.WebhookAnswer{}, err
	}
	return k.Relay.HandleWebhook(context.Background(), c, req)
}

// Conversation is the customer's conversation on the connection.
func (k *Core) Conversation(t testing.TB, customer channel.CustomerID) *conversation.Conversation {
	t.Helper()
	conv, err := k.Store.ConversationByCustomer(context.Background(), k.Conn.ID, customer)
	if err != nil {
		t.Fatalf("conversation of %s: %v", customer, err)
	}
	return conv
}

// Reply posts a user's reply in a thread as Mattermost would (see Post). It returns the refusal
// ("" when posted) and the post.
func (k *Core) Reply(t testing.TB, userID, rootID, text string) (string, *model.Post) {
	t.Helper()
	return k.Post(t, &model.Post{UserId: userID, ChannelId: k.ChannelID, RootId: rootID, Message: text})
}

// Post makes a post as Mattermost's own API would (a person, a bot or a webhook): refused by
// WillPost, or stored as WillPost cleaned it and handed to HasBeenPosted. It returns the refusal
// ("" when posted) and the stored post.
func (k *Core) Post(t testing.TB, post *model.Post) (string, *model.Post) {
	t.Helper()
	cleaned, reason := k.Relay.WillPost(context.Background(), post)
	if reason != "" {
		return reason, nil
	}
	created, err := k.MM.UserPost(cleaned)
	if err != nil {
		t.Fatal(err)
	}
	k.Relay.HasBeenPosted(context.Background(), created)
	return "", created
}

// Message is a customer's text message event.
func Message(customer channel.CustomerID, id, text string, at time.Time) channel.Event {
	return channel.Event{Type: channel.EventMessage, MessageID: channel.MessageID(id),
		Customer: channel.Customer{ID: customer, Name: "Anna Nowak"}, Text: text, Timestamp: at}
}

// Clock is a settable clock.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Log records what the core logs, outcomes included.
type Log struct {
	mu      sync.Mutex
	entries []Entry
}

// Entry is one log call.
type Entry struct {
	Level, Msg string
	Fields     map[string]string
}

func (l *Log) add(level, msg string, kv []any) {
	f := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		f[fmt.Sprint(kv[i])] = fmt.Sprint(kv[i+1])
	}
	l.mu.Lock()
	l.entries = append(l.entries, Entry{Level: level, Msg: msg, Fields: f})
	l.mu.Unlock()
}

func (l *Log) Debug(msg string, kv ...any) { l.add("debug", msg, kv) }
func (l *Log) Info(msg string, kv ...any)  { l.add("info", msg, kv) }
func (l *Log) Warn(msg string, kv ...any)  { l.add("warn", msg, kv) }
func (l *Log) Error(msg string, kv ...any) { l.add("error", msg, kv) }

// Entries returns every entry logged so far.
func (l *Log) Entries() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Entry(nil), l.entries...)
}

// Outcomes lists the outcomes logged so far, in order.
func (l *Log) Outcomes() []conversation.Outcome {
	var out []conversation.Outcome
	for _, e := range l.Entries() {
		if e.Msg == "Frontdesk: outcome" {
			out = append(out, conversation.Outcome(e.Fields["outcome"]))
		}
	}
	return out
}

// Count is how many times an outcome was logged.
func (l *Log) Count(o conversation.Outcome) int {
	n := 0
	for _, got := range l.Outcomes() {
		if got == o {
			n++
		}
	}
	return n
}
