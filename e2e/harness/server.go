package harness

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lib/pq"
	"github.com/mattermost/mattermost/server/public/model"
)

const (
	// PluginID is the id in the plugin's manifest.
	PluginID = "frontdesk"
	// Password is the password of every user the harness creates.
	Password = "Frontdesk-dev-1"
	// AdminUsername is the first user, who becomes system admin.
	AdminUsername = "admin"

	dbNameFile    = "database"
	readyTimeout  = 2 * time.Minute
	pluginTimeout = time.Minute
	pollEvery     = 200 * time.Millisecond
)

// Options says what to run. The zero value runs the newest bundle in dist/.
type Options struct {
	// Bundle is the plugin tar.gz; empty means DefaultBundle (FRONTDESK_BUNDLE
	// or the newest dist/frontdesk-*.tar.gz at the repository root).
	Bundle string
	// ClientDir, when set, is copied to HOME/client: the host page the server
	// serves at / and /static/ (it stands in for the Mattermost web app).
	ClientDir string
	// Env holds extra MM_* overrides, applied after the harness's own.
	Env map[string]string
	// Port is the loopback port to listen on; 0 picks a free one.
	Port int
}

// Server is one running Mattermost server with the plugin enabled.
type Server struct {
	URL        string
	AdminToken string
	Admin      *model.User
	// Home is the server's working folder: config/, logs/, data/, plugins/.
	Home string

	bin      string
	bundle   string
	port     int
	env      []string
	database *database

	mu       sync.Mutex
	proc     *proc
	sqlDB    *sql.DB
	stopOnce sync.Once
	stopErr  error

	outcomeOnce sync.Once
	outcomeLog  *outcomeLog
}

// Start builds the server if needed, starts it on a fresh HOME, database and
// port, creates the admin, installs and enables the plugin and waits until it
// runs. On failure everything started is torn down and the error carries
// the tail of the server log.
func Start(ctx context.Context, opts Options) (*Server, error) {
	bundle := opts.Bundle
	if bundle == "" {
		b, err := DefaultBundle()
		if err != nil {
			return nil, err
		}
		bundle = b
	}
	if _, err := os.Stat(bundle); err != nil {
		return nil, fmt.Errorf("plugin bundle: %w", err)
	}
	binDir, err := Build(ctx)
	if err != nil {
		return nil, err
	}
	sweepStale(dropSharedDB)

	s := &Server{bin: filepath.Join(binDir, "mattermost"), bundle: bundle}
	// fail tears down what was started; a teardown error is kept beside the cause.
	fail := func(err error) (*Server, error) { return nil, errors.Join(err, s.Stop()) }
	if err := s.prepareHome(binDir, opts.ClientDir); err != nil {
		return fail(err)
	}
	if s.database, err = openDatabase(ctx, filepath.Join(s.Home, "pg")); err != nil {
		return fail(err)
	}
	if err := os.WriteFile(filepath.Join(s.Home, dbNameFile), []byte(s.database.name), 0o644); err != nil {
		return fail(fmt.Errorf("record database name: %w", err))
	}
	s.port = opts.Port
	if s.port == 0 {
		if s.port, err = freePort(); err != nil {
			return fail(err)
		}
	}
	s.URL = "http://127.0.0.1:" + strconv.Itoa(s.port)
	s.env = s.environment(opts.Env)

	if err := s.firstStart(ctx); err != nil {
		return fail(s.withLog(err))
	}
	return s, nil
}

func (s *Server) firstStart(ctx context.Context) error {
	if err := s.launch(ctx); err != nil {
		return err
	}
	if err := s.createAdmin(ctx); err != nil {
		return err
	}
	if err := s.installPlugin(ctx); err != nil {
		return err
	}
	return s.EnablePlugin(ctx)
}

// prepareHome creates the server's working folder. It is world-readable so a
// private PostgreSQL (running as the postgres user) can live inside it.
func (s *Server) prepareHome(binDir, clientDir string) error {
	home, err := os.MkdirTemp("", homePrefix+"*")
	if err != nil {
		return fmt.Errorf("create server home: %w", err)
	}
	s.Home = home
	if err := os.Chmod(home, 0o755); err != nil {
		return fmt.Errorf("chmod server home: %w", err)
	}
	if err := os.WriteFile(filepath.Join(home, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return fmt.Errorf("write owner: %w", err)
	}
	for _, name := range serverAssets {
		if err := os.Symlink(filepath.Join(binDir, name), filepath.Join(home, name)); err != nil {
			return fmt.Errorf("link %s: %w", name, err)
		}
	}
	if clientDir != "" {
		if err := copyTree(clientDir, filepath.Join(home, "client")); err != nil {
			return fmt.Errorf("copy client folder: %w", err)
		}
	}
	for _, dir := range []string{"config", "logs", "data", "plugins", "client/plugins"} {
		if err := os.MkdirAll(filepath.Join(home, dir), 0o755); err != nil {
			return fmt.Errorf("create %s: %w", dir, err)
		}
	}
	return nil
}

// environment is the process environment: the caller's minus any MM_*
// setting, plus the harness's settings, plus the extra overrides.
func (s *Server) environment(extra map[string]string) []string {
	h := s.Home
	vars := map[string]string{
		"HOME":                      h,
		"MM_SQLSETTINGS_DRIVERNAME": "postgres",
		"MM_SQLSETTINGS_DATASOURCE": s.database.DataSource(),
		// The test PostgreSQL takes 100 connections: the server's pool leaves room for Frontdesk's
		// own 10 and the tests' own queries (the fault suite's two servers set less).
		"MM_SQLSETTINGS_MAXOPENCONNS":                   "60",
		"MM_SERVICESETTINGS_LISTENADDRESS":              "127.0.0.1:" + strconv.Itoa(s.port),
		"MM_SERVICESETTINGS_SITEURL":                    s.URL,
		"MM_SERVICESETTINGS_ENABLELOCALMODE":            "true",
		"MM_SERVICESETTINGS_LOCALMODESOCKETLOCATION":    filepath.Join(h, "mattermost_local.socket"),
		"MM_SERVICESETTINGS_ENABLEUSERACCESSTOKENS":     "true",
		"MM_SERVICESETTINGS_ENABLEBOTACCOUNTCREATION":   "true",
		"MM_SERVICESETTINGS_ENABLESECURITYFIXALERT":     "false",
		"MM_PLUGINSETTINGS_ENABLE":                      "true",
		"MM_PLUGINSETTINGS_ENABLEUPLOADS":               "true",
		"MM_PLUGINSETTINGS_REQUIREPLUGINSIGNATURE":      "false",
		"MM_PLUGINSETTINGS_ENABLEMARKETPLACE":           "false",
		"MM_PLUGINSETTINGS_ENABLEREMOTEMARKETPLACE":     "false",
		"MM_PLUGINSETTINGS_AUTOMATICPREPACKAGEDPLUGINS": "false",
		"MM_PLUGINSETTINGS_DIRECTORY":                   filepath.Join(h, "plugins"),
		"MM_PLUGINSETTINGS_CLIENTDIRECTORY":             filepath.Join(h, "client", "plugins"),
		"MM_FILESETTINGS_DIRECTORY":                     filepath.Join(h, "data") + "/",
		"MM_LOGSETTINGS_FILELOCATION":                   filepath.Join(h, "logs"),
		// DEBUG: the core's outcome entries, which the tests wait on, are debug entries.
		"MM_LOGSETTINGS_FILELEVEL":                "DEBUG",
		"MM_LOGSETTINGS_FILEJSON":                 "true",
		"MM_LOGSETTINGS_CONSOLELEVEL":             "INFO",
		"MM_LOGSETTINGS_ENABLEDIAGNOSTICS":        "false",
		"MM_EMAILSETTINGS_SENDEMAILNOTIFICATIONS": "false",
		"MM_TEAMSETTINGS_ENABLEOPENSERVER":        "true",
		// The default of 50 members per team is smaller than one test package's users.
		"MM_TEAMSETTINGS_MAXUSERSPERTEAM": "10000",
		"MM_RATELIMITSETTINGS_ENABLE":     "false",
	}
	maps.Copy(vars, extra)

	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MM_") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		env = append(env, k+"="+vars[k])
	}
	return env
}

// launch starts the server process and waits until it answers ping.
func (s *Server) launch(ctx context.Context) error {
	p, err := startProc(s.bin, s.Home, s.env)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.proc = p
	s.mu.Unlock()

	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/api/v4/system/ping", nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.done:
			return fmt.Errorf("mattermost server exited before answering ping: %v", p.err)
		case <-ctx.Done():
			return fmt.Errorf("mattermost server did not answer ping at %s: %w", s.URL, ctx.Err())
		case <-time.After(pollEvery):
		}
	}
}

func (s *Server) createAdmin(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c := model.NewAPIv4Client(s.URL)
	if _, _, err := c.CreateUser(ctx, &model.User{
		Username: AdminUsername,
		Email:    AdminUsername + "@example.com",
		Password: Password,
	}); err != nil {
		return fmt.Errorf("create admin user: %w", err)
	}
	u, _, err := c.Login(ctx, AdminUsername, Password)
	if err != nil {
		return fmt.Errorf("log in as admin: %w", err)
	}
	if !strings.Contains(u.Roles, model.SystemAdminRoleId) {
		return fmt.Errorf("first user %q did not become system admin (roles %q)", u.Username, u.Roles)
	}
	s.Admin, s.AdminToken = u, c.AuthToken
	return nil
}

func (s *Server) installPlugin(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	f, err := os.Open(s.bundle)
	if err != nil {
		return fmt.Errorf("open plugin bundle: %w", err)
	}
	defer f.Close()
	m, _, err := s.Client(s.AdminToken).UploadPluginForced(ctx, f)
	if err != nil {
		return fmt.Errorf("upload plugin bundle %s: %w", filepath.Base(s.bundle), err)
	}
	if m.Id != PluginID {
		return fmt.Errorf("bundle %s holds plugin %q, want %q", filepath.Base(s.bundle), m.Id, PluginID)
	}
	return nil
}

// EnablePlugin enables the plugin and waits until it runs.
func (s *Server) EnablePlugin(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, pluginTimeout)
	defer cancel()
	if _, err := s.Client(s.AdminToken).EnablePlugin(ctx, PluginID); err != nil {
		return s.withLog(fmt.Errorf("enable plugin: %w", err))
	}
	return s.waitPlugin(ctx, true)
}

// DisablePlugin disables the plugin and waits until it has stopped.
func (s *Server) DisablePlugin(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, pluginTimeout)
	defer cancel()
	if _, err := s.Client(s.AdminToken).DisablePlugin(ctx, PluginID); err != nil {
		return s.withLog(fmt.Errorf("disable plugin: %w", err))
	}
	return s.waitPlugin(ctx, false)
}

// waitPlugin polls the plugin statuses until the plugin runs (or, with
// running false, no longer runs). A failed start ends the wait at once.
func (s *Server) waitPlugin(ctx context.Context, running bool) error {
	c := s.Client(s.AdminToken)
	var last string // why the plugin is not there yet, for the timeout error
	for {
		statuses, _, err := c.GetPluginStatuses(ctx)
		if err == nil {
			st := findStatus(statuses)
			switch {
			case st == nil && !running:
				return nil
			case st == nil:
				last = "not installed"
			case running && st.State == model.PluginStateRunning:
				return nil
			case !running && st.State != model.PluginStateRunning:
				return nil
			case running && (st.State == model.PluginStateFailedToStart || st.State == model.PluginStateFailedToStayRunning):
				return s.withLog(fmt.Errorf("plugin %s failed (state %d): %s", PluginID, st.State, st.Error))
			default:
				last = fmt.Sprintf("state %d %s", st.State, st.Error)
			}
		} else {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return s.withLog(fmt.Errorf("plugin %s not %s in time (last: %s): %w", PluginID, map[bool]string{true: "running", false: "stopped"}[running], last, ctx.Err()))
		case <-time.After(pollEvery):
		}
	}
}

func findStatus(statuses model.PluginStatuses) *model.PluginStatus {
	for _, st := range statuses {
		if st.PluginId == PluginID {
			return st
		}
	}
	return nil
}

// Restart stops the server process and starts it again on the same HOME,
// database and port, then waits until the plugin runs again.
func (s *Server) Restart(ctx context.Context) error {
	s.mu.Lock()
	p := s.proc
	s.mu.Unlock()
	if p != nil {
		p.stop()
	}
	if err := s.launch(ctx); err != nil {
		return s.withLog(fmt.Errorf("restart: %w", err))
	}
	ctx, cancel := context.WithTimeout(ctx, pluginTimeout)
	defer cancel()
	return s.waitPlugin(ctx, true)
}

// DB returns a connection pool to the server's database (Mattermost's tables
// and the plugin's). It is closed by Stop.
func (s *Server) DB() *sql.DB {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sqlDB == nil {
		// sql.Open only parses the URL, which is ours and valid.
		s.sqlDB, _ = sql.Open("postgres", s.database.DataSource())
	}
	return s.sqlDB
}

// LogPath is the server's captured stdout/stderr.
func (s *Server) LogPath() string { return filepath.Join(s.Home, "logs", consoleLog) }

// LogTail returns the last n lines of the server's console log.
func (s *Server) LogTail(n int) string {
	data, err := os.ReadFile(s.LogPath())
	if err != nil {
		return "(no server log: " + err.Error() + ")"
	}
	return tailLines(string(data), n)
}

func (s *Server) withLog(err error) error {
	if s.Home == "" {
		return err
	}
	return fmt.Errorf("%w\n--- tail of %s ---\n%s", err, s.LogPath(), s.LogTail(40))
}

// Stop tears everything down: the server's process group (SIGTERM, then
// SIGKILL), the database and the HOME folder (kept when FRONTDESK_E2E_KEEP
// is set). It is safe to call more than once.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		s.mu.Lock()
		p, db := s.proc, s.sqlDB
		s.sqlDB = nil
		s.mu.Unlock()
		if p != nil {
			p.stop()
		}
		if db != nil {
			db.Close()
		}
		var errs []error
		if s.database != nil {
			errs = append(errs, s.database.drop())
		}
		if s.Home != "" {
			if os.Getenv("FRONTDESK_E2E_KEEP") != "" {
				fmt.Fprintf(os.Stderr, "harness: kept server home %s\n", s.Home)
				_ = os.Remove(filepath.Join(s.Home, ownerFile))
			} else {
				errs = append(errs, os.RemoveAll(s.Home))
			}
		}
		s.stopErr = errors.Join(errs...)
	})
	return s.stopErr
}

// dropSharedDB drops a database left behind on the shared PostgreSQL by a
// run that died; used by sweepStale.
func dropSharedDB(name string) {
	if !strings.HasPrefix(name, "frontdesk_") {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := connectPG(ctx, sharedPGHost, sharedPGPort)
	if err != nil {
		return
	}
	defer admin.Close()
	_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)")
}

// PID is the process id (and process group id) of the running server.
func (s *Server) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return 0
	}
	return s.proc.cmd.Process.Pid
}
