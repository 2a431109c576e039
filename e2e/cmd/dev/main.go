// Command dev runs a local Mattermost with the Frontdesk plugin for manual
// work (`make dev`): a demo team and channel, an admin, two agents and a
// viewer, all with the password harness.Password. It prints the URL and
// credentials, writes them to build/dev/credentials.json and runs until
// Ctrl-C, then tears everything down.
//
// Environment: FRONTDESK_BUNDLE (plugin bundle, default the newest in dist/),
// FRONTDESK_CLIENT_DIR (host page folder served at /), FRONTDESK_DEV_PORT
// (fixed port; default a free one).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
)

const (
	teamName    = "demo"
	channelName = "customers"
)

// Credentials is what build/dev/credentials.json holds.
type Credentials struct {
	URL       string          `json:"url"`
	Password  string          `json:"password"`
	TeamID    string          `json:"team_id"`
	TeamName  string          `json:"team_name"`
	ChannelID string          `json:"channel_id"`
	Channel   string          `json:"channel_name"`
	Users     map[string]User `json:"users"`
}

// User is one demo account.
type User struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Role     string `json:"role"`
	Token    string `json:"token"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "dev:", err)
		os.Exit(1)
	}
}

func run() (err error) {
	opts := harness.OptionsFromEnv()
	if p := os.Getenv("FRONTDESK_DEV_PORT"); p != "" {
		port, err := strconv.Atoi(p)
		if err != nil {
			return fmt.Errorf("FRONTDESK_DEV_PORT=%q: %w", p, err)
		}
		opts.Port = port
	}

	// Ctrl-C cancels a start in progress (which then cleans up) or stops the
	// running server. The server is in a process group of its own, so the
	// terminal's signal reaches only this process.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	started := time.Now()
	startCtx, cancel := context.WithTimeout(ctx, 20*time.Minute)
	s, err := harness.Start(startCtx, opts)
	cancel()
	if err != nil {
		return err
	}
	// The server goes on any return; a failed teardown (database left behind) is reported too.
	defer func() { err = errors.Join(err, s.Stop()) }()

	creds, err := seed(s)
	if err != nil {
		return err
	}
	path, err := writeCredentials(creds)
	if err != nil {
		return err
	}

	fmt.Printf(`
Frontdesk dev server ready in %s
  URL:       %s
  team:      %s   channel: ~%s
  users:     admin (system admin), agent1, agent2 (in ~%s), viewer (team only)
  password:  %s  (every user)
  host page: %s
  logs:      %s
  credentials with session tokens: %s
Ctrl-C stops the server and deletes its database.
`, time.Since(started).Round(100*time.Millisecond), s.URL, teamName, channelName, channelName,
		harness.Password, hostPage(s, opts.ClientDir), filepath.Dir(s.LogPath()), path)

	<-ctx.Done()
	fmt.Println("\nstopping…")
	return nil
}

func hostPage(s *harness.Server, clientDir string) string {
	if clientDir == "" {
		return "(none: set FRONTDESK_CLIENT_DIR)"
	}
	return s.URL + "/"
}

// seed creates the demo team, channel and users.
func seed(s *harness.Server) (*Credentials, error) {
	team, err := s.CreateTeam(teamName)
	if err != nil {
		return nil, err
	}
	ch, err := s.CreateChannel(team.Id, channelName)
	if err != nil {
		return nil, err
	}
	creds := &Credentials{
		URL: s.URL, Password: harness.Password,
		TeamID: team.Id, TeamName: team.Name, ChannelID: ch.Id, Channel: ch.Name,
		Users: map[string]User{
			harness.AdminUsername: {ID: s.Admin.Id, Username: s.Admin.Username, Role: "system admin", Token: s.AdminToken},
		},
	}
	for _, u := range []struct {
		name, role string
		inChannel  bool
	}{
		{"agent1", "agent", true},
		{"agent2", "agent", true},
		{"viewer", "team member without chat permission", false},
	} {
		user, token, err := s.CreateUser(u.name)
		if err != nil {
			return nil, err
		}
		if err := s.AddToTeam(team.Id, user.Id); err != nil {
			return nil, err
		}
		if u.inChannel {
			if err := s.AddToChannel(ch.Id, user.Id); err != nil {
				return nil, err
			}
		}
		creds.Users[u.name] = User{ID: user.Id, Username: user.Username, Role: u.role, Token: token}
	}
	return creds, nil
}

func writeCredentials(creds *Credentials) (string, error) {
	root, err := harness.RepoRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "build", "dev")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	data, err := json.MarshalIndent(creds, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode credentials: %w", err)
	}
	path := filepath.Join(dir, "credentials.json")
	// Session tokens: readable by the owner only.
	if err := os.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return path, nil
}
