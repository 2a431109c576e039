package harness

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"
)

// startTimeout bounds a start including a cold build of the server.
const startTimeout = 20 * time.Minute

// Main runs a test package against one shared server started with
// OptionsFromEnv. Call it from TestMain; use receives the server before any
// test runs (store it in a package variable):
//
//	var srv *harness.Server
//	func TestMain(m *testing.M) { harness.Main(m, func(s *harness.Server) { srv = s }) }
//
// When the server cannot start the package fails; no test is skipped.
func Main(m *testing.M, use func(*Server)) { MainWith(m, OptionsFromEnv(), use) }

// MainWith is Main with explicit Options.
func MainWith(m *testing.M, opts Options, use func(*Server)) {
	os.Exit(runMain(m, opts, use))
}

func runMain(m *testing.M, opts Options, use func(*Server)) int {
	// A signal during the start cancels it; Start then cleans up.
	sigCtx, stopSig := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(sigCtx, startTimeout)
	s, err := Start(ctx, opts)
	cancel()
	stopSig()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: cannot start Mattermost with the %s plugin: %v\n", PluginID, err)
		return 1
	}
	defer stopLogged(s)
	stop := StopOnSignal(s)
	defer stop()
	use(s)
	return m.Run()
}

// stopLogged stops the server and reports a failed teardown (a database or
// folder left behind) on stderr: the tests have already given their verdict.
func stopLogged(s *Server) {
	if err := s.Stop(); err != nil {
		fmt.Fprintf(os.Stderr, "harness: stop: %v\n", err)
	}
}

// StopOnSignal tears the server down and exits when the process gets
// SIGINT or SIGTERM (the server runs in its own process group, so a Ctrl-C
// does not reach it). The returned func stops listening.
func StopOnSignal(s *Server) func() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			fmt.Fprintf(os.Stderr, "harness: %v: stopping server\n", sig)
			stopLogged(s)
			os.Exit(1)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}
