package harness

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Fault injection for the fault suite (e2e/faults): killing the plugin process, and a second
// server on the first one's database.

// pluginRestartTimeout bounds the wait for Mattermost to restart a killed plugin: its health
// check runs every 30 seconds.
const pluginRestartTimeout = 4 * time.Minute

// SmallPool is the database pool of the fault suite's servers: two servers, each with Frontdesk's
// own pool of 10 beside it, share one PostgreSQL with at most 100 connections.
var SmallPool = map[string]string{
	"MM_SQLSETTINGS_MAXOPENCONNS": "30",
	"MM_SQLSETTINGS_MAXIDLECONNS": "6",
}

// pluginExecutable is where the server unpacked the plugin's server executable.
func (s *Server) pluginExecutable() string {
	return filepath.Join(s.Home, "plugins", PluginID, "server", "dist")
}

// PluginPIDs lists the running processes of the plugin's server executable (found by their
// executable's path under this server's plugin folder).
func (s *Server) PluginPIDs() []int {
	dir := s.pluginExecutable() + string(filepath.Separator)
	var pids []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil {
			continue
		}
		if strings.HasPrefix(exe, dir) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// KillPlugin sends SIGKILL to the plugin's process, as a crash or the OOM killer would, and
// returns its pid. Mattermost notices on its plugin health check and starts the plugin again;
// WaitPluginRestarted waits for that.
func (s *Server) KillPlugin() (int, error) {
	pids := s.PluginPIDs()
	if len(pids) != 1 {
		return 0, fmt.Errorf("want one %s plugin process under %s, found %v", PluginID, s.pluginExecutable(), pids)
	}
	if err := syscall.Kill(pids[0], syscall.SIGKILL); err != nil {
		return 0, fmt.Errorf("kill plugin process %d: %w", pids[0], err)
	}
	return pids[0], nil
}

// WaitPluginRestarted waits until a plugin process other than killed runs and the plugin reports
// running again. Mattermost restarts a crashed plugin on its health check (every 30 s); when it has
// not done so after two checks, the plugin is disabled and enabled again, as an admin would, and
// selfRestarted is false.
func (s *Server) WaitPluginRestarted(ctx context.Context, killed int) (selfRestarted bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, pluginRestartTimeout)
	defer cancel()
	giveUp := time.Now().Add(2*time.Minute + 15*time.Second)
	for {
		pids := s.PluginPIDs()
		if len(pids) == 1 && pids[0] != killed {
			if err := s.waitPlugin(ctx, true); err != nil {
				return true, err
			}
			return true, s.waitServing(ctx)
		}
		if time.Now().After(giveUp) {
			if err := s.DisablePlugin(ctx); err != nil {
				return false, err
			}
			if err := s.EnablePlugin(ctx); err != nil {
				return false, err
			}
			return false, s.waitServing(ctx)
		}
		select {
		case <-ctx.Done():
			return false, s.withLog(fmt.Errorf("plugin not restarted after kill of %d (processes now %v): %w", killed, pids, ctx.Err()))
		case <-time.After(pollEvery):
		}
	}
}

// waitServing waits until the plugin answers its health route: the status may say running from
// before a restart while the new process is still activating (its hooks not yet in place).
func (s *Server) waitServing(ctx context.Context) error {
	for {
		code, _, err := s.PluginDo(s.AdminToken, "GET", "/health", nil)
		if err == nil && code == 200 {
			return nil
		}
		select {
		case <-ctx.Done():
			return s.withLog(fmt.Errorf("plugin does not answer /health (last %d %v): %w", code, err, ctx.Err()))
		case <-time.After(pollEvery):
		}
	}
}

// StartBeside starts a second server on the first one's database, file store and configuration, as a second
// node behind a load balancer would run (without a cluster licence: no cluster messages between
// them). Its site URL is the first server's, so the webhook URLs the plugin computes are the same;
// its own URL is where a test reaches it. It installs and enables the plugin; Stop leaves the
// shared database to the first server.
func StartBeside(ctx context.Context, first *Server, extraEnv map[string]string) (*Server, error) {
	binDir, err := Build(ctx)
	if err != nil {
		return nil, err
	}
	s := &Server{bin: filepath.Join(binDir, "mattermost"), bundle: first.bundle}
	fail := func(err error) (*Server, error) { return nil, errors.Join(err, s.Stop()) }
	if err := s.prepareHome(binDir, ""); err != nil {
		return fail(err)
	}
	// One configuration, as a cluster shares it: the plugin's settings (its encryption key above
	// all) must be the same on both; the environment sets what differs (address, folders).
	if err := copyFile(filepath.Join(first.Home, "config", "config.json"), filepath.Join(s.Home, "config", "config.json")); err != nil {
		return fail(fmt.Errorf("copy the first server's config: %w", err))
	}
	// A copy without the admin connection: dropping it is the first server's job.
	s.database = &database{host: first.database.host, port: first.database.port, name: first.database.name}
	if s.port, err = freePort(); err != nil {
		return fail(err)
	}
	s.URL = "http://127.0.0.1:" + strconv.Itoa(s.port)
	env := map[string]string{
		"MM_SERVICESETTINGS_SITEURL": first.URL,
		"MM_FILESETTINGS_DIRECTORY":  filepath.Join(first.Home, "data") + "/",
	}
	for k, v := range extraEnv {
		env[k] = v
	}
	s.env = s.environment(env)
	if err := s.launch(ctx); err != nil {
		return fail(s.withLog(err))
	}
	// Users and sessions live in the shared database: the first server's admin token works here.
	s.Admin, s.AdminToken = first.Admin, first.AdminToken
	if err := s.installPlugin(ctx); err != nil {
		return fail(s.withLog(err))
	}
	if err := s.EnablePlugin(ctx); err != nil {
		return fail(err)
	}
	return s, nil
}
