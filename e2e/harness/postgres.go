package harness

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"
)

const (
	sharedPGHost = "127.0.0.1"
	sharedPGPort = 5432
	pgUser       = "postgres"
)

// database is one Mattermost database: created fresh for a server and
// dropped with it. It lives on the machine's PostgreSQL at 127.0.0.1:5432
// when that answers, otherwise on a private cluster started for it.
type database struct {
	host    string
	port    int
	name    string
	admin   *sql.DB  // connection to the "postgres" database, for CREATE/DROP
	cluster *cluster // nil on the shared server
}

func pgURL(host string, port int, db string) string {
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable&connect_timeout=10", pgUser, host, port, db)
}

// openDatabase creates a fresh database named frontdesk_<random>. dir is a
// folder the private cluster may use when no shared server answers.
func openDatabase(ctx context.Context, dir string) (*database, error) {
	d := &database{host: sharedPGHost, port: sharedPGPort}
	admin, err := connectPG(ctx, d.host, d.port)
	if err != nil {
		fmt.Fprintf(os.Stderr, "harness: no PostgreSQL at %s:%d (%v); starting a private cluster\n", d.host, d.port, err)
		c, cerr := startCluster(ctx, dir)
		if cerr != nil {
			return nil, cerr
		}
		d.cluster, d.port = c, c.port
		admin, err = connectPG(ctx, d.host, d.port)
		if err != nil {
			c.stop()
			return nil, fmt.Errorf("connect to private PostgreSQL: %w", err)
		}
	}
	d.admin = admin

	suffix := make([]byte, 6)
	if _, err := rand.Read(suffix); err != nil {
		d.close()
		return nil, fmt.Errorf("random database name: %w", err)
	}
	d.name = "frontdesk_" + hex.EncodeToString(suffix)
	// template0 with UTF8: Mattermost needs UTF8 whatever template1 holds.
	q := "CREATE DATABASE " + pq.QuoteIdentifier(d.name) + " TEMPLATE template0 ENCODING 'UTF8'"
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := d.admin.ExecContext(cctx, q); err != nil {
		d.close()
		return nil, fmt.Errorf("create database %s: %w", d.name, err)
	}
	return d, nil
}

func connectPG(ctx context.Context, host string, port int) (*sql.DB, error) {
	db, err := sql.Open("postgres", pgURL(host, port, "postgres"))
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// DataSource is the URL Mattermost connects with.
func (d *database) DataSource() string { return pgURL(d.host, d.port, d.name) }

// drop removes the database (closing any session still on it) and stops the
// private cluster, if any.
func (d *database) drop() error {
	var err error
	if d.name != "" && d.admin != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		q := "DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(d.name) + " WITH (FORCE)"
		if _, e := d.admin.ExecContext(ctx, q); e != nil {
			err = fmt.Errorf("drop database %s: %w", d.name, e)
		}
	}
	d.close()
	return err
}

func (d *database) close() {
	if d.admin != nil {
		d.admin.Close()
		d.admin = nil
	}
	if d.cluster != nil {
		d.cluster.stop()
		d.cluster = nil
	}
}

// cluster is a private PostgreSQL instance in its own folder, with its own
// port and socket folder, owned by the postgres user when run as root
// (initdb refuses to run as root).
type cluster struct {
	bin  string // folder with initdb and pg_ctl
	dir  string
	port int
	asPG bool
}

func startCluster(ctx context.Context, dir string) (*cluster, error) {
	bin, err := findPGBin()
	if err != nil {
		if ierr := installPostgres(ctx); ierr != nil {
			return nil, ierr
		}
		if bin, err = findPGBin(); err != nil {
			return nil, err
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: bin, dir: dir, port: port, asPG: os.Geteuid() == 0}
	if err := os.MkdirAll(filepath.Join(dir, "run"), 0o755); err != nil {
		return nil, fmt.Errorf("create cluster folder: %w", err)
	}
	if c.asPG {
		if err := chownTree(dir, pgUser); err != nil {
			return nil, err
		}
	}
	if _, err := c.run(ctx, "initdb", "-D", c.dataDir(), "-U", pgUser, "-A", "trust", "-E", "UTF8", "--no-locale"); err != nil {
		return nil, err
	}
	opts := fmt.Sprintf("-c listen_addresses=%s -p %d -c unix_socket_directories=%s", sharedPGHost, port, filepath.Join(dir, "run"))
	if _, err := c.run(ctx, "pg_ctl", "-D", c.dataDir(), "-l", filepath.Join(dir, "postgres.log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *cluster) dataDir() string { return filepath.Join(c.dir, "data") }

func (c *cluster) run(ctx context.Context, tool string, args ...string) (string, error) {
	name := filepath.Join(c.bin, tool)
	if c.asPG {
		args = append([]string{"-u", pgUser, "--", name}, args...)
		name = "runuser"
	}
	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cctx, name, args...)
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s: %w\n%s", tool, err, tailLines(string(out), 20))
	}
	return string(out), nil
}

func (c *cluster) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.run(ctx, "pg_ctl", "-D", c.dataDir(), "-m", "fast", "-w", "stop"); err != nil {
		fmt.Fprintf(os.Stderr, "harness: stop private PostgreSQL: %v\n", err)
	}
}

// findPGBin returns the newest /usr/lib/postgresql/N/bin holding initdb.
func findPGBin() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(matches, func(i, j int) bool { return pgMajor(matches[i]) > pgMajor(matches[j]) })
	if len(matches) > 0 {
		return filepath.Dir(matches[0]), nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("PostgreSQL server binaries (initdb) not found")
}

func pgMajor(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

func installPostgres(ctx context.Context) error {
	fmt.Fprintln(os.Stderr, "harness: installing PostgreSQL (apt-get install -y postgresql)")
	install := func() error {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(cctx, "apt-get", "install", "-y", "postgresql")
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("apt-get install -y postgresql: %w\n%s", err, tailLines(string(out), 20))
		}
		return nil
	}
	if err := install(); err == nil {
		return nil
	}
	// A fresh machine may not have read the package lists yet.
	cctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(cctx, "apt-get", "update").CombinedOutput(); err != nil {
		return fmt.Errorf("apt-get update: %w\n%s", err, tailLines(string(out), 20))
	}
	return install()
}

func chownTree(dir, owner string) error {
	u, err := user.Lookup(owner)
	if err != nil {
		return fmt.Errorf("look up user %s: %w", owner, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if err := os.Lchown(path, uid, gid); err != nil {
			return fmt.Errorf("chown %s: %w", strings.TrimPrefix(path, dir), err)
		}
		return nil
	})
}
