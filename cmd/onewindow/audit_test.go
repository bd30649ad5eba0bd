package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// TestAuditVerifyCommand runs `onewindow audit verify` on a real database
// of each engine: 0 on an intact chain, exit 3 naming the event after a
// rogue edit in the database.
func TestAuditVerifyCommand(t *testing.T) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			dir, dsn := t.TempDir(), sqltest.DSN(t, e)
			a, err := app.New(ctx, app.Config{DataDir: dir, DSN: dsn, Demo: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			args := []string{"verify", "--quiet", "--data", dir, "--db", dsn}
			if err := runAudit(ctx, args); err != nil {
				t.Fatalf("intact chain: %v", err)
			}
			head, err := a.DB.AuditHead(ctx)
			if err != nil {
				t.Fatal(err)
			}
			anchor := fmt.Sprintf("%d:%s", head.Seq, head.Hash)
			if err := runAudit(ctx, append(args, "--anchor", anchor)); err != nil {
				t.Fatalf("anchored intact chain: %v", err)
			}
			drop := []string{"DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"}
			if e == "postgres" {
				drop = []string{"DROP TRIGGER audit_events_no_update ON audit_events"}
			}
			for _, q := range drop {
				if _, err := a.DB.Exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			// Remove the newest event and reset the head to the one before:
			// the chain alone verifies, the anchor does not.
			var prev string
			if err := a.DB.QueryRow(ctx, "SELECT hash FROM audit_events WHERE seq = ?", head.Seq-1).Scan(&prev); err != nil {
				t.Fatal(err)
			}
			if _, err := a.DB.Exec(ctx, "DELETE FROM audit_events WHERE seq = ?", head.Seq); err != nil {
				t.Fatal(err)
			}
			if _, err := a.DB.Exec(ctx, "UPDATE audit_head SET seq = ?, hash = ?", head.Seq-1, prev); err != nil {
				t.Fatal(err)
			}
			if err := runAudit(ctx, args); err != nil {
				t.Fatalf("truncated chain without an anchor should still verify: %v", err)
			}
			var ec exitCode
			if err := runAudit(ctx, append(args, "--anchor", anchor)); !errors.As(err, &ec) || ec.code != 3 {
				t.Fatalf("truncated chain with an anchor: %v", err)
			}
			if _, err := a.DB.Exec(ctx, "UPDATE audit_events SET actor_name = 'mallory' WHERE seq = 7"); err != nil {
				t.Fatal(err)
			}
			err = runAudit(ctx, args)
			if !errors.As(err, &ec) || ec.code != 3 {
				t.Fatalf("tampered chain: %v", err)
			}
			t.Log(ec.msg)
		})
	}
}
