package plugin_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
)

// TestBrowserShowsPanelFromRealAPI opens the stand-in host page in real Chromium, signs in through
// the real API, loads the real bundle from the server and checks the Frontdesk panel shows what the
// plugin's API answered. The screenshot is kept under build/artifacts.
func TestBrowserShowsPanelFromRealAPI(t *testing.T) {
	if os.Getenv("FRONTDESK_CLIENT_DIR") == "" {
		t.Fatal("FRONTDESK_CLIENT_DIR is not set: run the tests with `make test`, which builds the host page")
	}
	root, err := harness.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}

	// One connected channel the agent can see, so the panel shows a count the API computed.
	team, err := srv.CreateTeam("browser")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := srv.CreateChannel(team.Id, "customers")
	if err != nil {
		t.Fatal(err)
	}
	agent, _, err := srv.CreateUser("browseragent")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddToTeam(team.Id, agent.Id); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddToChannel(ch.Id, agent.Id); err != nil {
		t.Fatal(err)
	}
	creds := telegramtest.Credentials{BotToken: "7000002:AAH-browser-test", BotUsername: "browser_bot"}
	fake := httptest.NewServer(telegramtest.New(creds))
	defer fake.Close()
	resp, body, err := srv.PluginDo(srv.AdminToken, http.MethodPost, "/api/v1/connections", map[string]any{
		"kind": "telegram", "name": "Shop bot", "channel_id": ch.Id, "credentials": creds.Map(), "api_base_url": fake.URL,
	})
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating a connection: %v %s", err, body)
	}

	shot := filepath.Join(root, "build", "artifacts", "browser-panel.png")
	if err := os.MkdirAll(filepath.Dir(shot), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(root, "webapp", "e2e", "browser.mjs"))
	cmd.Env = append(os.Environ(),
		"FRONTDESK_SITE_URL="+srv.URL,
		"FRONTDESK_USERNAME="+agent.Username,
		"FRONTDESK_PASSWORD="+harness.Password,
		"FRONTDESK_SCREENSHOT="+shot,
	)
	out, err := cmd.CombinedOutput()
	t.Logf("browser test output:\n%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
	if !strings.Contains(string(out), "browseragent") {
		t.Fatalf("the browser test did not report the signed-in user")
	}
	if info, err := os.Stat(shot); err != nil || info.Size() == 0 {
		t.Fatalf("no screenshot at %s: %v", shot, err)
	}
}
