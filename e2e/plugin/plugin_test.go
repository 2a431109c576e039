// Package plugin_test proves the plugin's foundation on a real Mattermost server: activation, the bot,
// the slash command, the migrations, the API's authentication and the webapp in real Chromium.
package plugin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
)

var srv *harness.Server

func TestMain(m *testing.M) { harness.Main(m, func(s *harness.Server) { srv = s }) }

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestPluginActivates(t *testing.T) {
	t.Parallel()
	statuses, _, err := srv.Client(srv.AdminToken).GetPluginStatuses(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range statuses {
		if st.PluginId == "frontdesk" {
			if st.State != model.PluginStateRunning {
				t.Fatalf("frontdesk state = %d, want running", st.State)
			}
			return
		}
	}
	t.Fatal("frontdesk is not installed")
}

func TestBotExists(t *testing.T) {
	t.Parallel()
	u, _, err := srv.Client(srv.AdminToken).GetUserByUsername(ctxT(t), "frontdesk", "")
	if err != nil {
		t.Fatal(err)
	}
	if !u.IsBot {
		t.Fatal("user frontdesk is not a bot")
	}
	bot, _, err := srv.Client(srv.AdminToken).GetBot(ctxT(t), u.Id, "")
	if err != nil {
		t.Fatal(err)
	}
	if bot.DisplayName != "Frontdesk" || !strings.Contains(bot.Description, "WhatsApp") {
		t.Fatalf("bot = %+v", bot)
	}
	if bot.OwnerId != "frontdesk" {
		t.Fatalf("bot owner = %q, want the plugin", bot.OwnerId)
	}
}

func TestCommandIsRegisteredWithAutocomplete(t *testing.T) {
	t.Parallel()
	ctx := ctxT(t)
	c := srv.Client(srv.AdminToken)
	team, err := srv.CreateTeam("cmdteam")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := srv.CreateChannel(team.Id, "cmd")
	if err != nil {
		t.Fatal(err)
	}
	resp, _, err := c.ExecuteCommand(ctx, ch.Id, "/frontdesk help")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Frontdesk commands", "/frontdesk archive", "/frontdesk connections"} {
		if !strings.Contains(resp.Text, want) {
			t.Errorf("help for an admin lacks %q:\n%s", want, resp.Text)
		}
	}
	suggestions, _, err := c.ListCommandAutocompleteSuggestions(ctx, "/frontdesk ", team.Id)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range suggestions {
		names = append(names, s.Complete)
	}
	if !strings.Contains(strings.Join(names, " "), "frontdesk archive") {
		t.Fatalf("autocomplete suggestions = %v", names)
	}
}

// ownConnections counts the connections of Frontdesk's own database pool (named "frontdesk").
func ownConnections(t *testing.T) int {
	t.Helper()
	var n int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = 'frontdesk'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func frontdeskTables(t *testing.T) []string {
	rows, err := srv.DB().Query(`SELECT table_name FROM information_schema.tables
		WHERE table_name LIKE 'frontdesk\_%' ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return names
}

// Not parallel: the plugin is off for a moment, which the other tests would see. Serial tests
// run before the parallel ones start.
func TestMigrationsRanAndActivatingTwiceChangesNothing(t *testing.T) {
	want := "frontdesk_applied_events frontdesk_audit frontdesk_chat_channels frontdesk_chat_counts frontdesk_client_handles frontdesk_client_links frontdesk_clients " +
		"frontdesk_connections frontdesk_conversations frontdesk_document_counters frontdesk_documents frontdesk_early_statuses frontdesk_leases frontdesk_messages " +
		"frontdesk_quick_replies frontdesk_reads frontdesk_retired_threads frontdesk_schema_migrations frontdesk_settings_seen frontdesk_sweeps frontdesk_sync_incidents"
	if got := strings.Join(frontdeskTables(t), " "); got != want {
		t.Fatalf("tables = %s\nwant %s", got, want)
	}
	var before int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_schema_migrations`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	ctx := ctxT(t)
	if n := ownConnections(t); n < 1 || n > 10 {
		t.Fatalf("%d connections of Frontdesk's own pool while active, want 1 to 10", n)
	}
	if err := srv.DisablePlugin(ctx); err != nil {
		t.Fatal(err)
	}
	// A disabled plugin leaves no connection of its own behind.
	for deadline := time.Now().Add(15 * time.Second); ownConnections(t) != 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections of Frontdesk's own pool left after disabling", ownConnections(t))
		}
	}
	if err := srv.EnablePlugin(ctx); err != nil {
		t.Fatal(err)
	}
	var after int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_schema_migrations`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != before || before == 0 {
		t.Fatalf("migrations recorded: %d before re-activation, %d after", before, after)
	}
	if got := strings.Join(frontdeskTables(t), " "); got != want {
		t.Fatalf("tables after re-activation = %s", got)
	}
}

func TestEncryptionKeyIsGenerated(t *testing.T) {
	t.Parallel()
	cfg, _, err := srv.Client(srv.AdminToken).GetConfig(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	settings, _ := cfg.PluginSettings.Plugins["frontdesk"]
	key, _ := settings["encryptionkey"].(string)
	if key == "" {
		key, _ = settings["EncryptionKey"].(string)
	}
	// The admin API masks secret settings; a masked value proves one is stored.
	if key == "" {
		t.Fatalf("no encryption key in the plugin settings: %v", settings)
	}
}

func TestAPIRequiresAUser(t *testing.T) {
	t.Parallel()
	code, body, err := srv.PluginDo("", http.MethodGet, "/api/v1/status", nil)
	if err != nil {
		t.Fatal(err)
	}
	if code != http.StatusUnauthorized {
		t.Fatalf("status without a user = %d %s, want 401", code, body)
	}
	var e struct{ Error, Message string }
	if err := json.Unmarshal(body, &e); err != nil || e.Error != "unauthorized" {
		t.Fatalf("401 body = %s", body)
	}

	code, body, err = srv.PluginDo(srv.AdminToken, http.MethodGet, "/api/v1/status", nil)
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Version  string `json:"version"`
		UserID   string `json:"user_id"`
		Username string `json:"username"`
	}
	if code != http.StatusOK || json.Unmarshal(body, &st) != nil {
		t.Fatalf("status with a user = %d %s", code, body)
	}
	if st.Username != srv.Admin.Username || st.UserID != srv.Admin.Id || st.Version == "" {
		t.Fatalf("status = %+v", st)
	}
}

func TestHealthAndUnknownRoutes(t *testing.T) {
	t.Parallel()
	code, body, err := srv.PluginDo("", http.MethodGet, "/health", nil)
	if err != nil || code != http.StatusOK || !strings.Contains(string(body), `"ok"`) {
		t.Fatalf("health = %d %s %v", code, body, err)
	}
	code, _, err = srv.PluginDo(srv.AdminToken, http.MethodGet, "/api/v1/nothing-here", nil)
	if err != nil || code != http.StatusNotFound {
		t.Fatalf("unknown route = %d %v", code, err)
	}
	code, _, err = srv.PluginDo("", http.MethodPost, "/webhooks/doesnotexist", `{}`)
	if err != nil || code != http.StatusNotFound {
		t.Fatalf("webhook for an unknown connection = %d %v", code, err)
	}
}
