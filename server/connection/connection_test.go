package connection_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

var ctx = context.Background()

// A credential renewal in flight while an admin changes the connection never undoes the change:
// the renewal writes the credentials alone, and only into the row it loaded; after any change it
// waits for the next sweep (the credentials it renews are still valid).
func TestRenewalKeepsAnAdminsChange(t *testing.T) {
	tests := []struct {
		name      string
		change    func(newChannel string) connection.Input
		wantToken string
	}{
		{"a new channel", func(ch string) connection.Input { return connection.Input{ChannelID: &ch} }, "t"},
		{"new credentials", func(ch string) connection.Input {
			return connection.Input{ChannelID: &ch, Credentials: map[string]string{"token": "from the admin"}}
		}, "from the admin"},
	}
	t.Run("no change meanwhile", func(t *testing.T) {
		k := coretest.NewCore(t, channel.Instagram, nil)
		k.Provider.SetRefresh(map[string]string{"token": "renewed"}, true)
		k.Connections.RefreshCredentials(ctx)
		if c, err := k.Connections.Get(ctx, k.Conn.ID); err != nil || c.Credentials["token"] != "renewed" || c.ChannelID != k.ChannelID {
			t.Fatalf("connection = %+v, %v", c, err)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := coretest.NewCore(t, channel.Instagram, nil)
			newChannel := model.NewId()
			k.MM.SetChannel(newChannel, connection.Place{Type: model.ChannelTypePrivate})
			k.Provider.SetRefresh(map[string]string{"token": "renewed"}, true)
			k.Provider.DuringRefresh(func() {
				k.Advance(time.Second)
				if _, err := k.Connections.Update(ctx, k.Admin, k.Conn.ID, tt.change(newChannel)); err != nil {
					t.Error(err)
				}
				k.Provider.DuringRefresh(nil)
			})
			k.Connections.RefreshCredentials(ctx)
			c, err := k.Connections.Get(ctx, k.Conn.ID)
			if err != nil {
				t.Fatal(err)
			}
			if c.ChannelID != newChannel || c.Credentials["token"] != tt.wantToken {
				t.Fatalf("channel %s (want %s), token %q (want %q)", c.ChannelID, newChannel, c.Credentials["token"], tt.wantToken)
			}
		})
	}
}

// The account name a provider tells is written alone: an admin's change made since the connection
// was loaded survives.
func TestRememberAccountKeepsAnAdminsChange(t *testing.T) {
	k := coretest.NewCore(t, channel.Messenger, nil)
	loaded, err := k.Connections.Get(ctx, k.Conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	newChannel, name := model.NewId(), "renamed"
	k.MM.SetChannel(newChannel, connection.Place{Type: model.ChannelTypePrivate})
	if _, err := k.Connections.Update(ctx, k.Admin, k.Conn.ID, connection.Input{ChannelID: &newChannel, Name: &name,
		Credentials: map[string]string{"token": "new"}}); err != nil {
		t.Fatal(err)
	}
	k.Connections.RememberAccount(ctx, loaded, channel.Account{ID: "page-2", Name: "Shop"})
	c, err := k.Connections.Get(ctx, k.Conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.ChannelID != newChannel || c.Name != "renamed" || c.Credentials["token"] != "new" || c.AccountID != "page-2" || c.AccountName != "Shop" {
		t.Fatalf("connection = %+v", c)
	}
}

// A new encryption key (an admin regenerated it) leaves the stored credentials unreadable. Nothing
// answers 500 for it: the connection is listed with sync lost and the reason, a webhook for it is
// refused as unavailable, a reply says to reconnect, and new credentials reconnect it without the
// old ones being opened.
func TestANewEncryptionKeyDegradesUntilReconnected(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Deliver(t, coretest.Message("42", "m1", "hello", k.Now()))
	k.Relay.Process(ctx, k.Conversation(t, "42").ID)
	conv := k.Conversation(t, "42")
	k.SetEncryptionKey(t, "a brand new key, also long enough")

	list, err := k.Connections.List(ctx, k.Admin)
	if err != nil || len(list) != 1 {
		t.Fatalf("list = %v, %v", list, err)
	}
	if c := list[0]; !c.SyncLost() || c.SyncReason != connection.ReasonUnreadable || len(c.Credentials) != 0 {
		t.Fatalf("listed = %+v", c)
	}
	if _, err := k.Connections.For(ctx, k.Agent, k.Conn.ID); err != nil {
		t.Fatalf("an agent loading the connection: %v", err)
	}
	if visible, err := k.Connections.Visible(ctx, k.Agent, nil); err != nil || len(visible) != 1 || !visible[0].SyncLost() {
		t.Fatalf("the agent's chat list sees %+v, %v: the lost sync is stored", visible, err)
	}

	_, err = k.Webhook(k.Provider.Request(coretest.Message("42", "m2", "still there?", k.Now())))
	if !errors.Is(err, connection.ErrCredentialsUnreadable) {
		t.Fatalf("webhook: %v", err)
	}
	var perr *channel.Error
	if err := k.Connections.Test(ctx, k.Admin, k.Conn.ID); !errors.Is(err, connection.ErrCredentialsUnreadable) ||
		!errors.As(err, &perr) || perr.Reason != connection.ReasonUnreadable {
		t.Fatalf("test: %v", err)
	}
	if reason, post := k.Reply(t, k.Agent, conv.RootPostID, "hi"); post != nil || !strings.Contains(reason, "reconnect") {
		t.Fatalf("a reply: %q", reason)
	}

	name := "renamed"
	if _, err := k.Connections.Update(ctx, k.Admin, k.Conn.ID, connection.Input{Name: &name}); !errors.Is(err, conversation.ErrInvalid) ||
		!strings.Contains(err.Error(), "enter them again") {
		t.Fatalf("a change without credentials: %v", err)
	}
	c, err := k.Connections.Update(ctx, k.Admin, k.Conn.ID, connection.Input{Credentials: map[string]string{"token": "new"}})
	if err != nil {
		t.Fatalf("reconnecting: %v", err)
	}
	if c.SyncLost() || c.CredentialsUnreadable {
		t.Fatalf("still lost: %+v", c)
	}
	if got, err := k.Connections.Get(ctx, k.Conn.ID); err != nil || got.Credentials["token"] != "new" || got.SyncLost() {
		t.Fatalf("after reconnecting: %+v, %v", got, err)
	}
	if got := k.Deliver(t, coretest.Message("42", "m3", "hello again", k.Now())); len(got) != 1 || got[0] != "claimed" {
		t.Fatalf("webhook after reconnecting: %v", got)
	}
}

// Putting the old key back makes the credentials readable again, and the lost sync their
// unreadability caused goes with it.
func TestTheOldKeyBackRestoresTheConnection(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.SetEncryptionKey(t, "a brand new key, also long enough")
	if c, _ := k.Connections.Get(ctx, k.Conn.ID); !c.SyncLost() {
		t.Fatalf("not lost: %+v", c)
	}
	k.SetEncryptionKey(t, "a core test key of enough length")
	c, err := k.Connections.Get(ctx, k.Conn.ID)
	if err != nil || c.SyncLost() || c.CredentialsUnreadable || c.Credentials["token"] != "t" {
		t.Fatalf("with the old key back: %+v, %v", c, err)
	}
	if stored, _ := k.Store.GetConnection(ctx, k.Conn.ID); stored.SyncLost() {
		t.Fatalf("the lost sync stays stored: %+v", stored)
	}
}
