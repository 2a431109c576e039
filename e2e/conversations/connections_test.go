package conversations_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
)

// Bad connection input gets a clear 400 naming what to fix, and stores nothing.
//
// Not parallel: it counts every connection on the server, and the other tests create theirs.
func TestConnectionInputIsValidated(t *testing.T) {
	ch, err := srv.CreateChannel(team.Id, "validation")
	if err != nil {
		t.Fatal(err)
	}
	var before int
	_ = srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_connections`).Scan(&before)
	cases := []struct {
		name string
		body any
		want string
	}{
		{"unknown kind", map[string]any{"kind": "viber", "name": "x", "channel_id": ch.Id}, "kind must be one of"},
		{"no name", map[string]any{"kind": "telegram", "channel_id": ch.Id, "credentials": map[string]string{"bot_token": "1:a"}}, "name is required"},
		{"bad channel", map[string]any{"kind": "telegram", "name": "x", "channel_id": "nope", "credentials": map[string]string{"bot_token": "1:a"}}, "channel_id"},
		{"missing credential", map[string]any{"kind": "whatsapp", "name": "x", "channel_id": ch.Id, "credentials": map[string]string{"phone_number_id": "123"}}, "is required"},
		{"unknown credential", map[string]any{"kind": "telegram", "name": "x", "channel_id": ch.Id, "credentials": map[string]string{"bot_token": "1:a", "password": "x"}}, `unknown credential "password"`},
		{"bad base URL", map[string]any{"kind": "telegram", "name": "x", "channel_id": ch.Id, "credentials": map[string]string{"bot_token": "1:a"}, "api_base_url": "ftp://x"}, "api_base_url"},
		{"unknown field", map[string]any{"kind": "telegram", "name": "x", "channel_id": ch.Id, "colour": "red"}, "unknown field"},
		{"not JSON", "{kind:", "invalid JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := call(t, srv.AdminToken, http.MethodPost, "/api/v1/connections", tc.body)
			var e struct{ Error, Message string }
			_ = json.Unmarshal(body, &e)
			if code != http.StatusBadRequest || !strings.Contains(e.Message, tc.want) {
				t.Fatalf("answer %d %s, want 400 mentioning %q", code, body, tc.want)
			}
		})
	}
	var after int
	_ = srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_connections`).Scan(&after)
	if after != before {
		t.Fatalf("refused requests stored %d connections", after-before)
	}
}

// Credentials are sealed at rest: the database never holds a token in the clear.
func TestCredentialsAreEncryptedAtRest(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	var sealed []byte
	if err := srv.DB().QueryRow(`SELECT credentials FROM frontdesk_connections WHERE id=$1`, d.conn.ID).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if len(sealed) == 0 || strings.Contains(string(sealed), "AAH-fake-token") || strings.Contains(string(sealed), "bot_token") {
		t.Fatal("credentials are stored readable")
	}
	// An echoed mask keeps the stored secret: the connection still works after a rename.
	code, body := d.admin(http.MethodPatch, "/api/v1/connections/"+d.conn.ID, map[string]any{
		"name": "renamed", "credentials": map[string]string{"bot_token": "********"}})
	if code != http.StatusOK || !strings.Contains(string(body), `"renamed"`) {
		t.Fatalf("rename: %d %s", code, body)
	}
	d.send(d.fake.Text(d.customer, "still there?"))
	conv := d.waitConversation()
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "yes")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
}

// Frontdesk keeps the site's settings it reads (its Site URL and default language) rather than
// read Mattermost's whole configuration for every message: a change in the System Console shows
// in what it writes next. Here the site's language, in the header card of the next chat.
//
// Not parallel: it changes the site's language, which other tests' threads are written in (Go runs
// the parallel tests after the sequential ones, and this one puts the language back when it ends).
func TestTheSitesLanguageFollowsAChangeInTheSystemConsole(t *testing.T) {
	setSiteLanguage(t, "pl")
	t.Cleanup(func() { setSiteLanguage(t, "en") })
	d := newTelegramDesk(t)
	if code := d.send(d.fake.Text(d.customer, "Dzień dobry")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	contains(t, rootMessage(t, d.waitConversation().RootPostID), "**Aktywny** · odpowiedz w tym wątku, aby odpisać klientowi")
}

// setSiteLanguage changes the site's default language.
func setSiteLanguage(t *testing.T, locale string) {
	t.Helper()
	updateConfig(t, func(cfg *model.Config) { cfg.LocalizationSettings.DefaultClientLocale = model.NewPointer(locale) })
}
