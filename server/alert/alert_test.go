package alert_test

import (
	"context"
	"strings"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/alert"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
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
