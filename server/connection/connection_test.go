package connection_test

import (
	"context"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/connection"
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
