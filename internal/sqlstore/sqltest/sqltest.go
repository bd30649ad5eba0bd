// Package sqltest opens real databases for tests: a fresh SQLite file and a
// fresh PostgreSQL schema, so every store test runs on both engines.
//
// PostgreSQL is found at $ONEWINDOW_TEST_PG (default
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable). When it cannot be
// reached the PostgreSQL half is skipped with a message, except under CI=true,
// where that is a failure.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/sqlstore"
)

// DefaultPG is the PostgreSQL used when $ONEWINDOW_TEST_PG is unset.
const DefaultPG = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PGURL returns the base PostgreSQL DSN for tests.
func PGURL() string {
	if v := os.Getenv("ONEWINDOW_TEST_PG"); v != "" {
		return v
	}
	return DefaultPG
}

var (
	pgOnce sync.Once
	pgErr  error
)

func pgAvailable() error {
	pgOnce.Do(func() {
		db, err := sql.Open("pgx", PGURL())
		if err != nil {
			pgErr = err
			return
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		pgErr = db.PingContext(ctx)
	})
	return pgErr
}

// Engines lists the engines tests run on.
var Engines = []sqlstore.Engine{sqlstore.SQLite, sqlstore.Postgres}

// Each runs fn once per engine, each with a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	for _, e := range Engines {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e))
		})
	}
}

// DSN returns a DSN for a fresh, empty database of engine e, removed when
// the test ends, or skips the test when the engine is unavailable.
func DSN(t testing.TB, e sqlstore.Engine) string {
	t.Helper()
	if e == sqlstore.SQLite {
		return "sqlite:" + t.TempDir() + "/onewindow.db"
	}
	if err := pgAvailable(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required under CI but unreachable at %s: %v", PGURL(), err)
		}
		t.Skipf("PostgreSQL unreachable at %s (%v): skipping the PostgreSQL half; set ONEWINDOW_TEST_PG or start PostgreSQL", PGURL(), err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "owt_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", PGURL())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(PGURL())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a fresh migrated database of engine e, closed at cleanup.
func Open(t testing.TB, e sqlstore.Engine) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, sqlstore.Options{DSN: DSN(t, e), ReadConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return db
}
