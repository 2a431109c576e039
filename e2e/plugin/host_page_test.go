package plugin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
)

// hostPage checks that the host page was built and returns the repository root (where the browser
// scripts are) and the folder the screenshots go to.
func hostPage(t *testing.T) (root, artifacts string) {
	t.Helper()
	if os.Getenv("FRONTDESK_CLIENT_DIR") == "" {
		t.Fatal("FRONTDESK_CLIENT_DIR is not set: run the tests with `make test`, which builds the host page")
	}
	root, err := harness.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	artifacts = filepath.Join(root, "build", "artifacts")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	return root, artifacts
}

// runScript runs one of webapp/e2e's browser scripts in Chromium, signed in as username, and
// returns what it printed; a failing script fails the test.
func runScript(t *testing.T, root, script, username string, env ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(root, "webapp", "e2e", script))
	cmd.Env = append(os.Environ(), "FRONTDESK_SITE_URL="+srv.URL, "FRONTDESK_USERNAME="+username, "FRONTDESK_PASSWORD="+harness.Password)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	t.Logf("%s output:\n%s", script, out)
	if err != nil {
		t.Fatalf("%s failed: %v", script, err)
	}
	return out
}

// requireShots fails unless each screenshot was written.
func requireShots(t *testing.T, artifacts string, names ...string) {
	t.Helper()
	for _, name := range names {
		if info, err := os.Stat(filepath.Join(artifacts, name)); err != nil || info.Size() == 0 {
			t.Fatalf("no screenshot %s: %v", name, err)
		}
	}
}

// agentDesk is a team with a customers channel and an agent who is a member of both.
type agentDesk struct {
	team       *model.Team
	channel    *model.Channel
	agent      *model.User
	agentToken string
}

func newAgentDesk(t *testing.T, teamName, agentName string) agentDesk {
	t.Helper()
	team, err := srv.CreateTeam(teamName)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := srv.CreateChannel(team.Id, "customers")
	if err != nil {
		t.Fatal(err)
	}
	agent, token, err := srv.CreateMember(agentName, team.Id, ch.Id)
	if err != nil {
		t.Fatal(err)
	}
	return agentDesk{team: team, channel: ch, agent: agent, agentToken: token}
}

// createdConnection is what creating a connection answers that a test uses.
type createdConnection struct {
	ID          string `json:"id"`
	WebhookURL  string `json:"webhook_url"`
	VerifyToken string `json:"verify_token"`
}

// connect creates, as the admin, a connection into the desk's channel on a fake provider.
func (d agentDesk) connect(t *testing.T, kind, name string, creds map[string]string, fakeURL string) createdConnection {
	t.Helper()
	code, body, err := srv.PluginDo(srv.AdminToken, http.MethodPost, "/api/v1/connections", map[string]any{
		"kind": kind, "name": name, "channel_id": d.channel.Id, "credentials": creds, "api_base_url": fakeURL,
	})
	if err != nil || code != http.StatusCreated {
		t.Fatalf("creating the %s connection: %d %v %s", kind, code, err, body)
	}
	var c createdConnection
	if err := json.Unmarshal(body, &c); err != nil || c.ID == "" || c.WebhookURL == "" {
		t.Fatalf("the %s connection's answer lacks its id or webhook URL: %v %s", kind, err, body)
	}
	return c
}
