package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// TestTwoNodesShareSessions runs two nodes on one PostgreSQL database: a
// login on one is valid on the other, a logout on the other ends it for
// both, and the second node's start neither re-migrates nor reloads the demo.
func TestTwoNodesShareSessions(t *testing.T) {
	dsn := sqltest.DSN(t, sqlstore.Postgres)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	nodes := make([]*testApp, 2)
	for i := range nodes {
		a, err := app.New(context.Background(), app.Config{DataDir: t.TempDir(), DSN: dsn, Demo: true, Logger: log, PIIKey: sharedKey(t)})
		if err != nil {
			t.Fatalf("node %d: %v", i, err)
		}
		srv := httptest.NewServer(a.Handler())
		t.Cleanup(func() { srv.Close(); a.Close() })
		nodes[i] = &testApp{App: a, srv: srv, t: t}
	}
	token := nodes[0].login("clerk1")
	if r := nodes[1].do("GET", "/api/v1/me", token, nil); r.Status != 200 {
		t.Fatalf("token from node 0 on node 1: %d", r.Status)
	}
	// Personal data sealed by one node is found by the other (same key).
	r := nodes[1].do("GET", "/api/v1/accounts?q=citizen1", token, nil)
	if r.Status != 200 {
		t.Fatalf("list on node 1: %d %s", r.Status, r.Body)
	}
	if r := nodes[1].do("DELETE", "/api/v1/session", token, nil); r.Status != 204 {
		t.Fatalf("logout on node 1: %d", r.Status)
	}
	if r := nodes[0].do("GET", "/api/v1/me", token, nil); r.Status != 401 {
		t.Fatalf("token on node 0 after logout on node 1: %d", r.Status)
	}
	if n := nodes[0].count(t, "accounts"); n != nodes[1].count(t, "accounts") || n < 40 {
		t.Fatalf("accounts: %d", n)
	}
}

var testKey string

// sharedKey is one personal-data key for every node of a test, as
// operations.md requires for several nodes.
func sharedKey(t *testing.T) string {
	if testKey == "" {
		k, err := pii.GenerateHex()
		if err != nil {
			t.Fatal(err)
		}
		testKey = k
	}
	return testKey
}
