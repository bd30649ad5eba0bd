package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

func TestMigrateIsIdempotentAndRefusesNewerSchema(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx, nil); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		cur, known, err := db.SchemaVersion(ctx)
		if err != nil || cur != known || cur < 1 {
			t.Fatalf("version = %d/%d, %v", cur, known, err)
		}
		// A newer binary migrated this database further.
		if _, err := db.Exec(ctx, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)", known+1, true); err != nil {
			t.Fatal(err)
		}
		err = db.Migrate(ctx, nil)
		if err == nil || !strings.Contains(err.Error(), "高于本程序支持的版本") {
			t.Fatalf("migrate on newer schema: %v", err)
		}
	})
}

func TestAuditEventsAreAppendOnlyInTheDatabase(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if _, err := db.Exec(ctx, `INSERT INTO audit_events (seq, at, action, object_type, prev_hash, hash) VALUES (1, 1, 'x', 'y', '', '')`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE audit_events SET action = 'z'`); err == nil {
			t.Fatal("update of an audit event succeeded")
		}
		if _, err := db.Exec(ctx, `DELETE FROM audit_events`); err == nil {
			t.Fatal("delete of an audit event succeeded")
		}
	})
}
