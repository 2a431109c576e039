package harness

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	homePrefix  = "frontdesk-mm-"
	ownerFile   = "owner.pid"
	consoleLog  = "console.log"
	stopTimeout = 20 * time.Second
)

// proc is one run of the server binary, in a process group of its own so
// that stopping it also stops the plugin processes it started.
type proc struct {
	cmd  *exec.Cmd
	log  *os.File
	done chan struct{} // closed when the server process has exited
	err  error         // its exit status, valid after done
}

func startProc(bin, home string, env []string) (*proc, error) {
	logPath := filepath.Join(home, "logs", consoleLog)
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", logPath, err)
	}
	cmd := exec.Command(bin, "server", "--config", filepath.Join(home, "config", "config.json"))
	cmd.Dir = home
	cmd.Env = env
	cmd.Stdout = log
	cmd.Stderr = log
	// Own group: one signal reaches the plugin processes too. Pdeathsig: the
	// server dies with the test binary even when that crashes or is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &proc{cmd: cmd, log: log, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM to the server, then SIGKILL to its process group after
// stopTimeout, and finally SIGKILL to whatever is left in the group. The
// first signal goes to the server alone so that it shuts its plugins down
// itself (running their OnDeactivate) instead of seeing them killed.
func (p *proc) stop() {
	pgid := p.cmd.Process.Pid
	if !p.exited() {
		_ = syscall.Kill(pgid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(stopTimeout):
			fmt.Fprintf(os.Stderr, "harness: server %d did not stop in %s; killing it\n", pgid, stopTimeout)
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-p.done
		}
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	p.log.Close()
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// sweepStale cleans up after runs that died without tearing down (a crashed
// or killed test binary): for every server HOME whose owner process is gone,
// it kills the processes still working inside it (plugin processes, a
// private PostgreSQL) and removes the folder. Their databases on the shared
// server are dropped through dropDB.
func sweepStale(dropDB func(name string)) {
	homes, _ := filepath.Glob(filepath.Join(os.TempDir(), homePrefix+"*"))
	for _, home := range homes {
		raw, err := os.ReadFile(filepath.Join(home, ownerFile))
		if err != nil {
			continue // not (yet) a harness home
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
		if err != nil || processAlive(pid) {
			continue
		}
		killInside(home)
		if name, err := os.ReadFile(filepath.Join(home, dbNameFile)); err == nil && dropDB != nil {
			dropDB(strings.TrimSpace(string(name)))
		}
		_ = os.RemoveAll(home)
	}
}

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// killInside kills every process whose working directory is dir or below.
func killInside(dir string) {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cwd, err := os.Readlink(filepath.Join("/proc", e.Name(), "cwd"))
		if err != nil {
			continue
		}
		if cwd == dir || strings.HasPrefix(cwd, dir+string(filepath.Separator)) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}
