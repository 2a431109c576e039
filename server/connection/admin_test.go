package connection_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// A connection feeds a team channel that exists and is in use: anything else is refused with the
// reason, on create and on change, and nothing changes. A public channel is accepted with a warning.
func TestTheChannelMustHoldChats(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	channels := map[string]connection.Place{
		"archived": {ChannelName: "Old", Type: model.ChannelTypePrivate, Deleted: true},
		"direct":   {Type: model.ChannelTypeDirect},
		"group":    {Type: model.ChannelTypeGroup},
		"public":   {ChannelName: "Town", Type: model.ChannelTypeOpen, TeamID: "t"},
		"private":  {ChannelName: "Shop", Type: model.ChannelTypePrivate, TeamID: "t"},
	}
	ids := map[string]string{"unknown": model.NewId()}
	for name, p := range channels {
		ids[name] = model.NewId()
		k.MM.SetChannel(ids[name], p)
	}
	tests := []struct {
		channel, wantErr, wantWarning string
	}{
		{"unknown", "does not exist", ""},
		{"archived", "archived", ""},
		{"direct", "direct or group message", ""},
		{"group", "direct or group message", ""},
		{"public", "", connection.PublicWarning},
		{"private", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.channel, func(t *testing.T) {
			ch, name := ids[tt.channel], "bot "+tt.channel
			created, err := k.Connections.Create(ctx, k.Admin, connection.Input{Kind: channel.Telegram, Name: &name, ChannelID: &ch,
				Credentials: map[string]string{"token": "t"}})
			changed, uerr := k.Connections.Update(ctx, k.Admin, k.Conn.ID, connection.Input{ChannelID: &ch})
			if tt.wantErr != "" {
				for _, e := range []error{err, uerr} {
					if !errors.Is(e, conversation.ErrInvalid) || !strings.Contains(e.Error(), tt.wantErr) {
						t.Fatalf("error = %v, want %q", e, tt.wantErr)
					}
				}
				if c, _ := k.Connections.Get(ctx, k.Conn.ID); c.ChannelID != k.ChannelID {
					t.Fatalf("the refused change moved the connection to %s", c.ChannelID)
				}
				return
			}
			if err != nil || uerr != nil {
				t.Fatalf("create: %v, change: %v", err, uerr)
			}
			if w := k.Connections.Warning(created); w != tt.wantWarning {
				t.Fatalf("warning = %q", w)
			}
			if w := k.Connections.Warning(changed); w != tt.wantWarning {
				t.Fatalf("warning after the change = %q", w)
			}
			back := k.ChannelID
			if _, err := k.Connections.Update(ctx, k.Admin, k.Conn.ID, connection.Input{ChannelID: &back}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Lost sync is explained with the System Console link of that connection to admins; anyone else
// is told to ask a system admin.
func TestReconnectAdvice(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	want := coretest.DefaultSiteURL + "/admin_console/plugins/plugin_frontdesk?connection=" + k.Conn.ID
	if got := k.Connections.ReconnectAdvice(k.Admin, k.Conn); !strings.Contains(got, want) {
		t.Fatalf("admin: %q", got)
	}
	if got := k.Connections.ReconnectAdvice(k.Agent, k.Conn); strings.Contains(got, "http") || !strings.Contains(got, "Ask a system admin") {
		t.Fatalf("agent: %q", got)
	}
}

// Every change an admin makes to a connection is in the audit trail with who, what and when; no
// credential value is.
func TestConnectionChangesAreAudited(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	name := "renamed"
	if _, err := k.Connections.Update(ctx, k.Admin, k.Conn.ID, connection.Input{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Connections.Update(ctx, k.Admin, k.Conn.ID, connection.Input{Credentials: map[string]string{"token": "s3cret-token"}}); err != nil {
		t.Fatal(err)
	}
	if err := k.Connections.Delete(ctx, k.Agent, k.Conn.ID); !errors.Is(err, conversation.ErrForbidden) {
		t.Fatalf("an agent deleting: %v", err)
	}
	if err := k.Connections.Delete(ctx, k.Admin, k.Conn.ID); err != nil {
		t.Fatal(err)
	}
	k.MM.SetUsername(k.Admin, "boss")
	if _, err := k.Audit.List(ctx, k.Agent, 0, 10); !errors.Is(err, conversation.ErrForbidden) {
		t.Fatalf("an agent reading the trail: %v", err)
	}
	entries, err := k.Audit.List(ctx, k.Admin, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.UserID != k.Admin || e.Username != "boss" || e.TargetID != k.Conn.ID || e.TargetType != audit.TargetConnection || e.At == 0 {
			t.Fatalf("entry = %+v", e)
		}
		if strings.Contains(e.Detail, "s3cret") {
			t.Fatalf("a credential in the trail: %q", e.Detail)
		}
	}
	// Newest first; entries made in one millisecond keep no order between them, so compare as a set.
	want := []string{audit.ConnectionCreate, audit.ConnectionUpdate, audit.ConnectionReconnect, audit.ConnectionDelete}
	if len(actions) != len(want) {
		t.Fatalf("actions = %v", actions)
	}
	for _, a := range want {
		if !strings.Contains(strings.Join(actions, " "), a) {
			t.Fatalf("actions = %v, missing %s", actions, a)
		}
	}
}

// The advice speaks its reader's language: a Polish admin and a Polish agent read it in Polish.
func TestReconnectAdviceInTheReadersLanguage(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	l, err := locale.Load("../../assets/i18n", func(string) string { return "pl" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	k.Connections.SetTexts(l)
	url := k.Connections.ReconnectURL(k.Conn)
	if got, want := k.Connections.ReconnectAdvice(k.Admin, k.Conn), "Połącz je ponownie w Konsoli systemowej: "+url; got != want {
		t.Fatalf("admin: %q, want %q", got, want)
	}
	if got, want := k.Connections.ReconnectAdvice(k.Agent, k.Conn), "Poproś administratora systemu o ponowne połączenie."; got != want {
		t.Fatalf("agent: %q, want %q", got, want)
	}
}
