package alert_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/alert"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// A connection that loses sync is announced once in its channel and to each admin, however many
// checks fail; reconnecting announces the fix once; a new loss is a new incident.
func TestSyncLostIsAnnouncedOncePerIncident(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.Telegram, nil)
	dm, err := k.MM.DirectChannel(k.Admin)
	if err != nil {
		t.Fatal(err)
	}
	alerts := func(channelID, kind string) []string {
		var out []string
		for _, p := range k.MM.Posts(channelID) {
			if p.GetProp(alert.PropAlert) == kind {
				out = append(out, p.Message)
			}
		}
		return out
	}
	k.Provider.SetHealth(providertest.ClassError(channel.ClassSyncLost, "token revoked"))
	for range 3 {
		_ = k.Connections.Test(ctx, k.Admin, k.Conn.ID)
		k.Connections.CheckAll(ctx)
	}
	link := "/admin_console/plugins/plugin_frontdesk?connection=" + k.Conn.ID
	if got := alerts(k.ChannelID, "sync_lost"); len(got) != 1 || !strings.Contains(got[0], "token revoked") ||
		strings.Contains(got[0], link) || !strings.Contains(got[0], "Ask a system admin") {
		t.Fatalf("channel alerts = %q", got)
	}
	if got := alerts(dm, "sync_lost"); len(got) != 1 || !strings.Contains(got[0], coretest.DefaultSiteURL+link) {
		t.Fatalf("admin's alerts = %q", got)
	}

	k.Provider.SetHealth(nil)
	if _, err := k.Connections.Update(ctx, k.Admin, k.Conn.ID, connectionInput("new token")); err != nil {
		t.Fatal(err)
	}
	k.Connections.CheckAll(ctx)
	if got := alerts(k.ChannelID, "sync_fixed"); len(got) != 1 || !strings.Contains(got[0], "works again") {
		t.Fatalf("channel fixed notices = %q", got)
	}
	if got := alerts(dm, "sync_fixed"); len(got) != 1 {
		t.Fatalf("admin's fixed notices = %q", got)
	}

	k.Provider.SetHealth(providertest.ClassError(channel.ClassSyncLost, "token expired"))
	k.Connections.CheckAll(ctx)
	if got := alerts(k.ChannelID, "sync_lost"); len(got) != 2 || !strings.Contains(got[1], "token expired") {
		t.Fatalf("a new incident: %q", got)
	}
}

func connectionInput(token string) connection.Input {
	return connection.Input{Credentials: map[string]string{"token": token}}
}

// The channel's notice speaks the site's default language; each admin's direct message that
// admin's own Mattermost language.
func TestAlertsInTheReadersLanguages(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		site, channelLost, channelFixed string
	}{
		{"en", "lost sync with the provider** (token revoked). Replies and new chats on it are held until it is reconnected. Ask a system admin to reconnect it.", "works again.**"},
		{"pl", "straciło synchronizację z dostawcą** (token revoked). Odpowiedzi i nowe czaty na nim czekają, aż zostanie połączone ponownie. Poproś administratora systemu", "znów działa.**"},
	} {
		t.Run(tt.site, func(t *testing.T) {
			k := coretest.NewCore(t, channel.Telegram, nil)
			polish := model.NewId()
			k.MM.SetAdmin(polish, true)
			l, err := locale.Load("../../assets/i18n", func(id string) string {
				if id == polish {
					return "pl"
				}
				return "en"
			}, func() string { return tt.site })
			if err != nil {
				t.Fatal(err)
			}
			link := func(c *conversation.Connection) string { return "https://chat.example.com/reconnect/" + c.ID }
			a := alert.New(k.Store, k.MM, k.Log, k.BotID, link)
			a.SetTexts(l)
			conn := *k.Conn
			conn.SyncReason = "token revoked"
			a.Lost(ctx, &conn)
			a.Fixed(ctx, &conn)
			last := func(channelID, kind string) string {
				var out string
				for _, p := range k.MM.Posts(channelID) {
					if p.GetProp(alert.PropAlert) == kind && p.GetProp("frontdesk_connection_id") == conn.ID {
						out = p.Message
					}
				}
				return out
			}
			if got := last(k.ChannelID, "sync_lost"); !strings.Contains(got, tt.channelLost) {
				t.Errorf("channel notice %q lacks %q", got, tt.channelLost)
			}
			if got := last(k.ChannelID, "sync_fixed"); !strings.Contains(got, tt.channelFixed) {
				t.Errorf("channel fix %q lacks %q", got, tt.channelFixed)
			}
			plDM, err := k.MM.DirectChannel(polish)
			if err != nil {
				t.Fatal(err)
			}
			if got := last(plDM, "sync_lost"); !strings.Contains(got, "⚠️ **Frontdesk: połączenie Telegram") ||
				!strings.Contains(got, "Połącz je ponownie w konsoli systemowej: "+link(&conn)) {
				t.Errorf("the Polish admin's message: %q", got)
			}
			if got := last(plDM, "sync_fixed"); !strings.Contains(got, "znów działa") || !strings.Contains(got, "Jego ustawienia: "+link(&conn)) {
				t.Errorf("the Polish admin's fix: %q", got)
			}
			enDM, err := k.MM.DirectChannel(k.Admin)
			if err != nil {
				t.Fatal(err)
			}
			if got := last(enDM, "sync_lost"); !strings.Contains(got, "lost sync with the provider") ||
				!strings.Contains(got, "Reconnect it in the System Console: "+link(&conn)) {
				t.Errorf("the English admin's message: %q", got)
			}
		})
	}
}
