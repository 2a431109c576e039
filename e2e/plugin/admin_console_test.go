package plugin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
	"github.com/frontdesk-chat/frontdesk/server/channel/instagram/instagramtest"
	"github.com/frontdesk-chat/frontdesk/server/channel/messenger/messengertest"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms/smstest"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

// TestAdminConsoleConnectsEveryProvider works the Frontdesk section of the System Console (issue 9) in
// real Chromium, on the host page's stand-in System Console plugin page: a system admin adds a
// Telegram connection through the form against a fake Bot API, into a new private channel,
// copies its webhook URL, tests it (ok); the token is regenerated at the fake, so the next test
// shows lost sync; the reconnect link opens the Reconnect form, and the new token makes the
// connection active again. The Edit form offers a public channel with its hint; that channel is
// archived before Save, and the server's refusal shows in the form, which keeps the choice; another
// public channel is accepted with the server's warning; the connection moves back to its private
// channel; Delete asks first (cancelled); the audit trail lists what was done. Then WhatsApp, Messenger, Instagram and SMS are connected through the
// same form against their fakes and each tested. The screenshots of each state are kept under
// build/artifacts.
func TestAdminConsoleConnectsEveryProvider(t *testing.T) {
	t.Parallel()
	root, artifacts := hostPage(t)
	team, err := srv.CreateTeam("console")
	if err != nil {
		t.Fatal(err)
	}

	const (
		oldToken = "7000003:AAH-console-first"
		newToken = "7000003:AAH-console-second"
		channel  = "Console chats"
	)
	// Two public channels for the Edit form: one archived while the form offers it, one accepted
	// with the public-channel warning.
	spare, err := srv.CreateChannel(team.Id, "console-spare")
	if err != nil {
		t.Fatal(err)
	}
	lobby, err := srv.CreateChannel(team.Id, "console-lobby")
	if err != nil {
		t.Fatal(err)
	}
	tg := telegramtest.New(telegramtest.Credentials{BotToken: oldToken, BotUsername: "console_bot"})
	fake := httptest.NewServer(tg)
	defer fake.Close()

	// The other four providers, each through the same form against its own fake.
	others := otherProviders(t)

	handshake := t.TempDir()
	broken := make(chan error, 1)
	go func() {
		broken <- func() error {
			if err := waitFile(filepath.Join(handshake, "admin-tested"), 150*time.Second); err != nil {
				return err
			}
			tg.SetToken(newToken)
			return os.WriteFile(filepath.Join(handshake, "admin-token-broken"), nil, 0o644)
		}()
	}()

	out := runScript(t, root, "browser.mjs", harness.AdminUsername,
		"FRONTDESK_SCREENSHOT="+filepath.Join(artifacts, "admin-console.png"),
		"FRONTDESK_ADMIN_TELEGRAM_URL="+fake.URL,
		"FRONTDESK_ADMIN_BOT_TOKEN="+oldToken,
		"FRONTDESK_ADMIN_NEW_BOT_TOKEN="+newToken,
		"FRONTDESK_ADMIN_TEAM="+team.DisplayName,
		"FRONTDESK_ADMIN_CHANNEL="+channel,
		"FRONTDESK_ADMIN_SPARE_CHANNEL="+spare.DisplayName,
		"FRONTDESK_ADMIN_PUBLIC_CHANNEL="+lobby.DisplayName,
		"FRONTDESK_HANDSHAKE_DIR="+handshake,
		"FRONTDESK_ADMIN_OTHERS="+others.json(t),
	)
	if err := <-broken; err != nil {
		t.Fatalf("breaking the token: %v", err)
	}
	shots := []string{"admin-list.png", "admin-add.png", "admin-created.png", "admin-lost-sync.png", "admin-reconnect.png",
		"admin-reconnected.png", "admin-edit.png", "admin-refused.png", "admin-public-warning.png", "admin-delete-confirm.png", "admin-audit.png"}
	for _, o := range others {
		shots = append(shots, "admin-created-"+o.Kind+".png")
	}
	requireShots(t, artifacts, shots...)

	// What the form did, as the server records it.
	m := regexp.MustCompile(`admin console: connection (\w+)`).FindSubmatch(out)
	if m == nil {
		t.Fatal("the browser test did not name the connection it created")
	}
	code, body, err := srv.PluginDo(srv.AdminToken, http.MethodGet, "/api/v1/connections/"+string(m[1]), nil)
	if err != nil || code != http.StatusOK {
		t.Fatalf("GET /connections/%s: %d %v %s", m[1], code, err, body)
	}
	var conn struct {
		Kind        string            `json:"kind"`
		Name        string            `json:"name"`
		ChannelID   string            `json:"channel_id"`
		APIBaseURL  string            `json:"api_base_url"`
		SyncLost    bool              `json:"sync_lost"`
		VerifyToken string            `json:"verify_token"`
		Credentials map[string]string `json:"credentials"`
	}
	if err := json.Unmarshal(body, &conn); err != nil {
		t.Fatal(err)
	}
	if conn.Kind != "telegram" || conn.Name != "Console bot" || conn.APIBaseURL != fake.URL || conn.SyncLost ||
		conn.Credentials["bot_username"] != "console_bot" {
		t.Fatalf("connection = %s, want the Telegram connection named Console bot on the fake, in sync", body)
	}
	ch, _, err := srv.Client(srv.AdminToken).GetChannel(context.Background(), conn.ChannelID)
	if err != nil {
		t.Fatal(err)
	}
	if ch.TeamId != team.Id || ch.DisplayName != channel || ch.Type != "P" {
		t.Fatalf("the connection's channel = %+v, want the new private channel %q in team %s", ch, channel, team.Id)
	}
	// The channel the server refused was archived while the form offered it.
	if archived, _, err := srv.Client(srv.AdminToken).GetChannel(context.Background(), spare.Id); err != nil || archived.DeleteAt == 0 {
		t.Fatalf("the spare channel = %+v (%v), want it archived by the browser test", archived, err)
	}
	for _, o := range others {
		o.check(t, out, team.Id)
	}
	// The reconnect registered the webhook again at the fake, with the new token.
	url, secret, _ := tg.Webhook()
	if !strings.HasSuffix(url, "/plugins/frontdesk/webhooks/"+string(m[1])) || secret != conn.VerifyToken {
		t.Fatalf("the fake's webhook = %q with secret %q, want the connection's URL and verify token", url, secret)
	}
	// Once the old token was refused (the failed test), only the new one works at the fake: a
	// webhook registered after that refusal was registered with the new token.
	calls := tg.Calls()
	refused := -1
	for i, call := range calls {
		if call.Status == http.StatusUnauthorized {
			refused = i
			break
		}
	}
	registeredAfter := false
	for _, call := range calls[refused+1:] {
		registeredAfter = registeredAfter || (refused >= 0 && call.Method == "setWebhook" && call.Status == http.StatusOK)
	}
	if !registeredAfter {
		t.Fatalf("no webhook registered with the new token after the old one was refused: %+v", calls)
	}
}

// consoleProvider is a provider the admin connects through the console form against its fake.
type consoleProvider struct {
	Kind    string            `json:"kind"`
	Name    string            `json:"name"`
	URL     string            `json:"url"`
	Channel string            `json:"channel"`
	Fields  map[string]string `json:"fields"`
	Steps   string            `json:"steps"` // a phrase of the provider's set-up steps
}

type consoleProviders []consoleProvider

func (ps consoleProviders) json(t *testing.T) string {
	b, err := json.Marshal(ps)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// otherProviders starts the fakes of WhatsApp, Messenger, Instagram and SMS and says what the
// admin types for each.
func otherProviders(t *testing.T) consoleProviders {
	start := func(h http.Handler) string {
		s := httptest.NewServer(h)
		t.Cleanup(s.Close)
		return s.URL
	}
	wa := whatsapptest.ExampleCredentials()
	fb := map[string]string{"page_id": "104000099990001", "page_access_token": "EAAconsole-page-token", "app_secret": "console-messenger-secret"}
	ig := map[string]string{"account_id": "178400099990001", "access_token": "IGAAconsole-user-token", "app_secret": "console-instagram-secret", "username": "console_shop"}
	tw := smstest.Credentials{AccountSID: "AC" + strings.Repeat("7", 32), AuthToken: "console-twilio-token", FromNumber: "+15557650000"}
	fbFake, igFake, twFake := messengertest.New(fb), instagramtest.New(ig), smstest.New(tw)
	fbURL, igURL, twURL := start(fbFake), start(igFake), start(twFake)
	fbFake.SetURL(fbURL)
	igFake.SetURL(igURL)
	twFake.SetBaseURL(twURL)
	return consoleProviders{
		{Kind: "whatsapp", Name: "Console WhatsApp", URL: start(whatsapptest.New(wa)), Channel: "Console WhatsApp chats", Fields: wa.Map(), Steps: "system user"},
		{Kind: "messenger", Name: "Console Page", URL: fbURL, Channel: "Console Messenger chats", Fields: fb, Steps: "Page access token"},
		{Kind: "instagram", Name: "Console Instagram", URL: igURL, Channel: "Console Instagram chats", Fields: ig, Steps: "Allow access to messages"},
		{Kind: "sms", Name: "Console SMS", URL: twURL, Channel: "Console SMS chats", Fields: tw.Map(), Steps: "A message comes in"},
	}
}

// check finds the connection the browser test named for this provider and checks what the
// server holds: the provider, the name, the fake's URL, in sync, in its new private channel.
func (o consoleProvider) check(t *testing.T, out []byte, teamID string) {
	t.Helper()
	m := regexp.MustCompile(`admin console: ` + o.Kind + ` connection (\w+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("the browser test did not name the %s connection it created", o.Kind)
	}
	code, body, err := srv.PluginDo(srv.AdminToken, http.MethodGet, "/api/v1/connections/"+string(m[1]), nil)
	if err != nil || code != http.StatusOK {
		t.Fatalf("GET /connections/%s: %d %v %s", m[1], code, err, body)
	}
	var conn struct {
		Kind       string `json:"kind"`
		Name       string `json:"name"`
		ChannelID  string `json:"channel_id"`
		APIBaseURL string `json:"api_base_url"`
		SyncLost   bool   `json:"sync_lost"`
	}
	if err := json.Unmarshal(body, &conn); err != nil {
		t.Fatal(err)
	}
	if conn.Kind != o.Kind || conn.Name != o.Name || conn.APIBaseURL != o.URL || conn.SyncLost {
		t.Fatalf("%s connection = %s", o.Kind, body)
	}
	ch, _, err := srv.Client(srv.AdminToken).GetChannel(context.Background(), conn.ChannelID)
	if err != nil {
		t.Fatal(err)
	}
	if ch.TeamId != teamID || ch.DisplayName != o.Channel || ch.Type != "P" {
		t.Fatalf("the %s connection's channel = %+v, want the new private channel %q", o.Kind, ch, o.Channel)
	}
}
