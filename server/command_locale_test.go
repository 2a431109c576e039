package main

import (
	"context"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/clients"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/quickreply"
)

// The answers of /frontdesk status, connections, check, start and the client card speak the
// caller's Mattermost language; an English caller reads them as before.
func TestCommandAnswersInTheCallersLanguage(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.SMS, nil)
	polka, admin := model.NewId(), model.NewId()
	k.MM.SetMember(k.ChannelID, polka, true)
	k.MM.SetAdmin(admin, true)
	l, err := locale.Load("../assets/i18n", func(id string) string {
		if id == polka || id == admin {
			return "pl"
		}
		return ""
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	k.Connections.SetTexts(l)
	p := &Plugin{texts: l, inbox: k.Inbox, connections: k.Connections, commands: newCommands(),
		quickReplies: quickreply.New(k.Store, k.MM, func() int { return k.MaxLength })}
	ev := coretest.Message("+48601000001", "m1", "Dzień dobry", k.Now())
	ev.Customer.Phone = "+48601000001"
	k.Deliver(t, ev)
	conv := k.Conversation(t, "+48601000001")
	k.Relay.Process(ctx, conv.ID)
	conv = k.Conversation(t, "+48601000001")
	run := func(user, rootID, cmd string) string {
		resp, appErr := p.ExecuteCommand(nil, &model.CommandArgs{UserId: user, ChannelId: k.ChannelID, TeamId: "team", RootId: rootID, Command: cmd})
		if appErr != nil {
			t.Fatalf("%s: %v", cmd, appErr)
		}
		return resp.Text
	}
	// The provider revoked the token: /frontdesk check finds it, and the answers after it say so.
	k.Provider.SetHealth(providertest.ClassError(channel.ClassSyncLost, "token revoked"))
	tests := []struct {
		name, user, rootID, cmd string
		want                    []string
	}{
		{"status in Polish", polka, conv.RootPostID, "/frontdesk status",
			[]string{" w SMS (", " · aktywny\n", "Wysyłanie: "}},
		{"status in English", k.Agent, conv.RootPostID, "/frontdesk status", []string{" on SMS (", " · active\n", "Sending: "}},
		{"connections in Polish", admin, "", "/frontdesk connections", []string{"| Połączenie | Dostawca | Konto | Stan |", "| połączone |"}},
		{"check in Polish", admin, "", "/frontdesk check", []string{"| błąd: "}},
		{"connections in English", k.Admin, "", "/frontdesk connections", []string{"| Connection | Provider | Account | State |",
			"lost sync: token revoked. Reconnect it in the System Console: " + coretest.DefaultSiteURL + "/admin_console/plugins/plugin_frontdesk?connection=" + k.Conn.ID + " |"}},
		{"connections after lost sync, Polish", admin, "", "/frontdesk connections",
			[]string{"utracona synchronizacja: token revoked. Połącz je ponownie w Konsoli systemowej: " + coretest.DefaultSiteURL + "/admin_console/plugins/plugin_frontdesk?connection=" + k.Conn.ID}},
		{"status after lost sync, Polish", polka, conv.RootPostID, "/frontdesk status",
			[]string{"Połączenie straciło synchronizację z dostawcą: token revoked. Poproś administratora systemu o ponowne połączenie."}},
		{"status after lost sync, admin", k.Admin, conv.RootPostID, "/frontdesk status",
			[]string{"token revoked. Reconnect it in the System Console: " + coretest.DefaultSiteURL + "/admin_console/plugins/plugin_frontdesk?connection=" + k.Conn.ID}},
		{"admins only, Polish", polka, "", "/frontdesk check", []string{"Tego polecenia mogą używać tylko administratorzy systemu."}},
		{"start on the connection that lost sync, Polish", polka, "", "/frontdesk start +48601000002 Hej",
			[]string{"Frontdesk: połączenie straciło synchronizację z dostawcą. Poproś administratora systemu o ponowne połączenie."}},
		{"a bad quick reply name, Polish", polka, "", "/frontdesk replies save a.b Hej",
			[]string{"Frontdesk: nieprawidłowe żądanie. (a quick reply's name has only letters, digits, - and _)"}},
		{"a bad quick reply name, English", k.Agent, "", "/frontdesk replies save a.b Hi",
			[]string{"Frontdesk: invalid request: a quick reply's name has only letters, digits, - and _"}},
		{"help in Polish", polka, "", "/frontdesk", []string{"#### Polecenia Frontdesk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(tt.user, tt.rootID, tt.cmd)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Fatalf("%q lacks %q", got, w)
				}
			}
		})
	}
	card := p.cardText(polka, clients.Card{})
	if card != "Ten czat nie jest połączony z klientem. Połącz go poleceniem `/frontdesk link <nazwa, telefon lub e-mail>`." {
		t.Fatalf("an unlinked client card in Polish: %q", card)
	}
}
