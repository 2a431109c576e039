package harness

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestPrivateClusterLifecycle runs the fallback used where no PostgreSQL
// answers on 127.0.0.1:5432: initdb (as the postgres user when root), start
// on a free port, a fresh UTF8 database, drop, stop.
func TestPrivateClusterLifecycle(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// Not t.TempDir: the postgres user must be able to enter the folder.
	dir, err := os.MkdirTemp("", "frontdesk-pgtest-*")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}

	c, err := startCluster(ctx, filepath.Join(dir, "pg"))
	if err != nil {
		t.Fatalf("start private cluster: %v", err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			c.stop()
		}
	})
	if c.port == sharedPGPort {
		t.Fatalf("private cluster took the shared port %d", c.port)
	}
	admin, err := connectPG(ctx, sharedPGHost, c.port)
	if err != nil {
		t.Fatalf("connect to private cluster: %v", err)
	}
	d := &database{host: sharedPGHost, port: c.port, name: "frontdesk_clustertest", admin: admin}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE frontdesk_clustertest TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		t.Fatalf("create database: %v", err)
	}
	var enc string
	if err := admin.QueryRowContext(ctx, "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'frontdesk_clustertest'").Scan(&enc); err != nil || enc != "UTF8" {
		t.Fatalf("database encoding = %q (%v), want UTF8", enc, err)
	}
	if err := d.drop(); err != nil {
		t.Fatalf("drop: %v", err)
	}
	c.stop()
	stopped = true
	if _, err := connectPG(ctx, sharedPGHost, c.port); err == nil {
		t.Fatalf("private cluster still answers on port %d after stop", c.port)
	}
}
