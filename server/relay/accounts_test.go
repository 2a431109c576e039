package relay_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

// appAccount is one account of a provider app that sends every account's events to one URL (Meta).
// Its token credential is "account" or "account/secret": a secret of its own means another app.
type appAccount struct {
	*providertest.Scripted
	account, secret string
	keep            bool
}

func (a *appAccount) ForConnection(cfg channel.Config) channel.Adapter {
	account, secret, _ := strings.Cut(cfg.Credentials["token"], "/")
	return &appAccount{Scripted: a.Scripted, account: account, secret: secret, keep: a.keep}
}

func (a *appAccount) OwnsAccount(id string) bool { return id == a.account }
func (a *appAccount) KeepsUnknownAccounts() bool { return a.keep }

func (a *appAccount) Authenticate(req channel.WebhookRequest) error {
	if a.secret == "" {
		return a.Scripted.Authenticate(req)
	}
	if req.Header.Get(providertest.ScriptedHeader) != a.secret {
		return fmt.Errorf("another app: %w", channel.ErrUnauthorized)
	}
	return nil
}

func appCore(t *testing.T, keep bool) *coretest.Core {
	return coretest.NewCore(t, channel.WhatsApp, func(p *providertest.Scripted) channel.Adapter {
		return &appAccount{Scripted: p, keep: keep}
	})
}

// connect adds a connection for account (its token) in a channel of its own.
func connect(t *testing.T, k *coretest.Core, token string) *conversation.Connection {
	t.Helper()
	channelID, name := model.NewId(), "account "+token
	k.MM.SetMember(channelID, k.Admin, true)
	c, err := k.Connections.Create(ctx, k.Admin, connection.Input{Kind: channel.WhatsApp, Name: &name,
		ChannelID: &channelID, Credentials: map[string]string{"token": token}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func forAccount(k *coretest.Core, account, id string) channel.Event {
	e := coretest.Message(customer, id, "hello "+id, k.Now())
	e.Account = channel.Account{ID: account}
	return e
}

// Finding 3 of the review: a second number or Page of the same app had its events delivered to the
// first connection's URL, skipped and answered 200. Now each event goes to the connection that owns
// its account, if that connection verifies the delivery; the rest are named unknown_account.
func TestEventsOfAnotherAccountGoToTheConnectionThatOwnsIt(t *testing.T) {
	k := appCore(t, false) // the core's own connection owns account "t"
	b := connect(t, k, "B")
	otherApp := connect(t, k, "C/another-app-secret")

	delivery := []channel.Event{forAccount(k, "t", "a1"), forAccount(k, "B", "b1"), forAccount(k, "C", "c1"), forAccount(k, "Z", "z1")}
	outcomes(t, k.Deliver(t, delivery...), conversation.OutcomeClaimed, conversation.OutcomeUnknownAccount,
		conversation.OutcomeUnknownAccount, conversation.OutcomeClaimed)
	// Meta's retry of the same delivery changes nothing.
	outcomes(t, k.Deliver(t, delivery...), conversation.OutcomeDuplicate, conversation.OutcomeUnknownAccount,
		conversation.OutcomeUnknownAccount, conversation.OutcomeDuplicate)

	convB, err := k.Store.ConversationByCustomer(ctx, b.ID, customer)
	if err != nil {
		t.Fatalf("no chat on the connection that owns account B: %v", err)
	}
	k.Relay.Process(ctx, convB.ID)
	if posts := postTexts(k.MM.LivePosts(b.ChannelID)); !strings.Contains(posts, "hello b1") || strings.Contains(posts, "hello a1") {
		t.Errorf("account B's channel holds %q", posts)
	}
	convA := k.Conversation(t, customer)
	k.Relay.Process(ctx, convA.ID)
	if posts := postTexts(k.MM.LivePosts(k.ChannelID)); !strings.Contains(posts, "hello a1") || strings.Contains(posts, "hello b1") {
		t.Errorf("account A's channel holds %q", posts)
	}
	// A connection of another app never gets events this app signed.
	if _, err := k.Store.ConversationByCustomer(ctx, otherApp.ID, customer); err == nil {
		t.Error("a delivery signed by one app was stored under another app's connection")
	}
	if n := k.Log.Count(conversation.OutcomeUnknownAccount); n != 4 {
		t.Errorf("unknown_account logged %d times, want 4", n)
	}
}

// Instagram: an account no connection owns stays with the connection that received it (the id in
// the delivery may differ from the one the admin copied), but an account another connection owns
// goes there.
func TestAKeeperKeepsAccountsNobodyOwns(t *testing.T) {
	k := appCore(t, true)
	b := connect(t, k, "B")
	otherApp := connect(t, k, "C/another-app-secret")
	// Routed first, then the unknown ones, then the receiving connection's own.
	outcomes(t, k.Deliver(t, forAccount(k, "scoped-id", "x1"), forAccount(k, "B", "b1"), forAccount(k, "C", "c1")),
		conversation.OutcomeClaimed, conversation.OutcomeUnknownAccount, conversation.OutcomeClaimed)
	// An account another app's connection owns is nobody's to keep here.
	if _, err := k.Store.ConversationByCustomer(ctx, otherApp.ID, customer); err == nil {
		t.Error("a delivery signed by one app was stored under another app's connection")
	}
	if _, err := k.Store.ConversationByCustomer(ctx, b.ID, customer); err != nil {
		t.Fatalf("account B's event is not on its connection: %v", err)
	}
	convA := k.Conversation(t, customer)
	k.Relay.Process(ctx, convA.ID)
	if posts := postTexts(k.MM.LivePosts(k.ChannelID)); !strings.Contains(posts, "hello x1") || strings.Contains(posts, "hello b1") || strings.Contains(posts, "hello c1") {
		t.Errorf("the receiving channel holds %q", posts)
	}
}

func postTexts(posts []*model.Post) string {
	var b strings.Builder
	for _, p := range posts {
		b.WriteString(p.Message + "\n")
	}
	return b.String()
}
