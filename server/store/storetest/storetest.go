// Package storetest gives tests a fresh PostgreSQL database on the local server. A test that cannot
// reach PostgreSQL fails: store promises are only worth something when proven on the real database.
package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"

	_ "github.com/lib/pq" // PostgreSQL driver, the one Mattermost uses
)

// AdminDSN is where test databases are created; FRONTDESK_TEST_DSN overrides it.
func AdminDSN() string {
	if dsn := os.Getenv("FRONTDESK_TEST_DSN"); dsn != "" {
		return dsn
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable&connect_timeout=10"
}

// NewDB creates a database for this test and drops it when the test ends.
func NewDB(t testing.TB) *sql.DB {
	t.Helper()
	admin, err := sql.Open("postgres", AdminDSN())
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := admin.Ping(); err != nil {
		t.Fatalf("storetest: PostgreSQL is required at %s (set FRONTDESK_TEST_DSN): %v", AdminDSN(), err)
	}
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "frontdesk_unit_" + hex.EncodeToString(suffix)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("storetest: creating %s: %v", name, err)
	}
	// The plugin's own pool sends each query in one round trip (binary_parameters): so do the tests.
	db, err := sql.Open("postgres", withDB(AdminDSN(), name)+"&binary_parameters=yes")
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	db.SetMaxOpenConns(20)
	t.Cleanup(func() {
		db.Close()
		if _, err := admin.Exec(fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)); err != nil {
			t.Logf("storetest: dropping %s: %v", name, err)
		}
	})
	return db
}

// withDB swaps the database name in a postgres:// URL.
func withDB(dsn, name string) string {
	rest, query, _ := strings.Cut(dsn, "?")
	i := strings.LastIndex(rest, "/")
	if i < len("postgres://") {
		return rest + "/" + name + "?" + query
	}
	return rest[:i+1] + name + "?" + query
}
