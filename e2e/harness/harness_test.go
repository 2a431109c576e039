package harness_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
)

// srv is the package's shared server, started by TestMain with the real
// bundle from dist/ (or FRONTDESK_BUNDLE).
var srv *harness.Server

func TestMain(m *testing.M) {
	harness.Main(m, func(s *harness.Server) { srv = s })
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestPluginRunsAndAnswersHealth(t *testing.T) {
	ctx := ctxT(t)
	statuses, _, err := srv.Client(srv.AdminToken).GetPluginStatuses(ctx)
	if err != nil {
		t.Fatalf("plugin statuses: %v", err)
	}
	var found *model.PluginStatus
	for _, st := range statuses {
		if st.PluginId == harness.PluginID {
			found = st
		}
	}
	if found == nil || found.State != model.PluginStateRunning {
		t.Fatalf("plugin status = %+v, want %s running", found, harness.PluginID)
	}

	code, body, err := srv.PluginDo("", http.MethodGet, "/health", nil)
	if err != nil {
		t.Fatal(err)
	}
	var health struct{ Status, Version string }
	if code != http.StatusOK || json.Unmarshal(body, &health) != nil || health.Status != "ok" {
		t.Fatalf("GET /health = %d %s, want 200 status ok", code, body)
	}
	if health.Version != found.Version {
		t.Errorf("health version %q, plugin status version %q", health.Version, found.Version)
	}
}

func TestAdminIsSystemAdminInDatabase(t *testing.T) {
	if srv.Admin.Username != harness.AdminUsername {
		t.Fatalf("admin username %q", srv.Admin.Username)
	}
	var roles string
	err := srv.DB().QueryRowContext(ctxT(t), "SELECT roles FROM users WHERE id = $1", srv.Admin.Id).Scan(&roles)
	if err != nil {
		t.Fatalf("read admin from the Mattermost database: %v", err)
	}
	if !strings.Contains(roles, model.SystemAdminRoleId) {
		t.Fatalf("admin roles in database = %q, want %s", roles, model.SystemAdminRoleId)
	}
}

func TestUsersTeamsChannelsAndPluginAuth(t *testing.T) {
	ctx := ctxT(t)
	member, memberToken, err := srv.CreateUser("member1")
	if err != nil {
		t.Fatal(err)
	}
	outsider, outsiderToken, err := srv.CreateUser("outsider1")
	if err != nil {
		t.Fatal(err)
	}
	team, err := srv.CreateTeam("smoke")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := srv.CreateChannel(team.Id, "inbox")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*model.User{member, outsider} {
		if err := srv.AddToTeam(team.Id, u.Id); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.AddToChannel(ch.Id, member.Id); err != nil {
		t.Fatal(err)
	}

	if _, _, err := srv.Client(memberToken).GetChannelMember(ctx, ch.Id, member.Id, ""); err != nil {
		t.Fatalf("member cannot see own channel membership: %v", err)
	}
	_, resp, err := srv.Client(outsiderToken).GetChannelMember(ctx, ch.Id, outsider.Id, "")
	if err == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider channel membership: status %d err %v, want 403", resp.StatusCode, err)
	}

	// The token reaches the plugin as the user: /api/v1 sees who is calling.
	code2, body, err := srv.PluginDo(memberToken, http.MethodGet, "/api/v1/status", nil)
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		UserID string `json:"user_id"`
	}
	if code2 != http.StatusOK || json.Unmarshal(body, &st) != nil || st.UserID != member.Id {
		t.Fatalf("GET /api/v1/status as member = %d %s, want 200 with user_id %s", code2, body, member.Id)
	}
	code3, body, err := srv.PluginDo("", http.MethodGet, "/api/v1/status", nil)
	if err != nil {
		t.Fatal(err)
	}
	if code3 != http.StatusUnauthorized {
		t.Fatalf("GET /api/v1/status without token = %d %s, want 401", code3, body)
	}
}

func TestDisableEnableAndRestart(t *testing.T) {
	ctx := ctxT(t)
	health := func() int {
		t.Helper()
		code, _, err := srv.PluginDo("", http.MethodGet, "/health", nil)
		if err != nil {
			t.Fatal(err)
		}
		return code
	}

	if err := srv.DisablePlugin(ctx); err != nil {
		t.Fatal(err)
	}
	if code := health(); code == http.StatusOK {
		t.Fatalf("health answered 200 with the plugin disabled")
	}
	if err := srv.EnablePlugin(ctx); err != nil {
		t.Fatal(err)
	}
	if code := health(); code != http.StatusOK {
		t.Fatalf("health = %d after enable, want 200", code)
	}

	if err := srv.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	if code := health(); code != http.StatusOK {
		t.Fatalf("health = %d after restart, want 200", code)
	}
	// Same database and sessions: the admin token still works.
	me, _, err := srv.Client(srv.AdminToken).GetMe(ctx, "")
	if err != nil || me.Id != srv.Admin.Id {
		t.Fatalf("admin after restart: %v %v", me, err)
	}
}

func TestStopTearsDownEverything(t *testing.T) {
	ctx := ctxT(t)
	s, err := harness.Start(ctx, harness.OptionsFromEnv())
	if err != nil {
		t.Fatalf("second server: %v", err)
	}
	if s.URL == srv.URL {
		t.Fatalf("second server shares URL %s", s.URL)
	}
	var dbName string
	if err := s.DB().QueryRowContext(ctx, "SELECT current_database()").Scan(&dbName); err != nil {
		t.Fatal(err)
	}
	pid := s.PID()
	home := s.Home

	if err := s.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("server process %d still exists after Stop (kill 0: %v)", pid, err)
	}
	if _, err := os.Stat(home); !os.IsNotExist(err) {
		t.Errorf("home %s still exists after Stop", home)
	}
	var n int
	if err := srv.DB().QueryRowContext(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", dbName).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("database %s still exists after Stop", dbName)
	}
	if err := s.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

func TestStartFailsWithoutBundle(t *testing.T) {
	_, err := harness.Start(ctxT(t), harness.Options{Bundle: "/nonexistent/frontdesk-0.0.0.tar.gz"})
	if err == nil || !strings.Contains(err.Error(), "frontdesk-0.0.0.tar.gz") {
		t.Fatalf("Start with a missing bundle: err = %v, want one naming the bundle", err)
	}
}
