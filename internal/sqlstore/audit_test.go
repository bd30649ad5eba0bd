package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// appendOne writes one event in its own transaction, as a service method does.
func appendOne(ctx context.Context, db *sqlstore.DB, action, objectType, objectID string) error {
	return db.WriteTx(ctx, func(tx *sqlstore.Tx) error {
		return tx.AppendAudit(ctx, audit.New(ctx, action, objectType, objectID, nil, map[string]any{"n": objectID}, ""))
	})
}

func mustVerify(t testing.TB, db *sqlstore.DB) audit.Report {
	t.Helper()
	r, err := db.VerifyAudit(context.Background(), nil)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return r
}

func TestAuditConcurrentAppendsFormOneChain(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		const workers, each = 8, 50
		var wg sync.WaitGroup
		errc := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				actx := audit.WithActor(ctx, audit.Actor{ID: int64(w + 1), Name: fmt.Sprintf("clerk%d", w), Role: "clerk"})
				for i := range each {
					if err := appendOne(actx, db, "account.update", "account", fmt.Sprint(w*1000+i)); err != nil {
						errc <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		var n, lo, hi int64
		if err := db.QueryRow(ctx, "SELECT COUNT(*), MIN(seq), MAX(seq) FROM audit_events").Scan(&n, &lo, &hi); err != nil {
			t.Fatal(err)
		}
		if n != workers*each || lo != 1 || hi != n {
			t.Fatalf("%d events, seq %d..%d: not dense", n, lo, hi)
		}
		var progress atomic.Int64
		r, err := db.VerifyAudit(ctx, func(n int64) { progress.Store(n) })
		if err != nil || !r.OK || r.Checked != n || r.HeadSeq != n {
			t.Fatalf("verify: %+v, %v", r, err)
		}
		if progress.Load() != n {
			t.Fatalf("progress reported %d of %d", progress.Load(), n)
		}
	})
}

func TestAuditRolledBackTransactionLeavesNoEvent(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if err := appendOne(ctx, db, "setting.update", "setting", "policy"); err != nil {
			t.Fatal(err)
		}
		refused := errors.New("the change itself failed")
		err := db.WriteTx(ctx, func(tx *sqlstore.Tx) error {
			if err := tx.AppendAudit(ctx, audit.New(ctx, "role.grant", "account", "9", nil, nil, "")); err != nil {
				return err
			}
			return refused
		})
		if !errors.Is(err, refused) {
			t.Fatalf("err = %v", err)
		}
		if _, err := db.GetAudit(ctx, 2); !errs.Is(err, errs.NotFound) {
			t.Fatalf("rolled-back event is visible: %v", err)
		}
		if err := appendOne(ctx, db, "role.grant", "account", "9"); err != nil {
			t.Fatal(err)
		}
		e, err := db.GetAudit(ctx, 2)
		if err != nil || e.Action != "role.grant" || e.ObjectID != "9" {
			t.Fatalf("next event: %+v, %v", e, err)
		}
		if r := mustVerify(t, db); !r.OK || r.Checked != 2 {
			t.Fatalf("verify: %+v", r)
		}
	})
}

// Verification reads one snapshot across its pages: events appended while
// it runs are neither reported as forged nor half-seen.
func TestVerifyAuditReadsOneSnapshot(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		const n = 5001 // more than one page
		err := db.WriteTx(ctx, func(tx *sqlstore.Tx) error {
			evs := make([]audit.Event, n)
			for i := range evs {
				evs[i] = audit.New(ctx, "account.update", "account", fmt.Sprint(i), nil, nil, "")
			}
			return tx.AppendAudit(ctx, evs...)
		})
		if err != nil {
			t.Fatal(err)
		}
		var pages []int64
		r, err := db.VerifyAudit(ctx, func(done int64) {
			pages = append(pages, done)
			if len(pages) == 1 { // between the first and the second page
				if err := appendOne(ctx, db, "role.grant", "account", "7"); err != nil {
					t.Error(err)
				}
			}
		})
		if err != nil || !r.OK || r.Checked != n || r.HeadSeq != n {
			t.Fatalf("verify during appends: %+v, %v", r, err)
		}
		if fmt.Sprint(pages) != "[5000 5001]" {
			t.Fatalf("progress = %v", pages)
		}
		if r := mustVerify(t, db); !r.OK || r.Checked != n+1 {
			t.Fatalf("verify afterwards: %+v", r)
		}
	})
}

// dropAuditTriggers does what a rogue DBA must do before touching the log.
func dropAuditTriggers(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	ctx := context.Background()
	stmts := []string{"DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"}
	if db.Engine == sqlstore.Postgres {
		stmts = []string{"DROP TRIGGER audit_events_no_update ON audit_events"}
	}
	for _, s := range stmts {
		if _, err := db.Exec(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditTamperingIsFound(t *testing.T) {
	cases := []struct {
		name      string
		sql       []string
		fault     audit.Fault
		firstBad  int64
		movedFrom int64
	}{
		{"field changed", []string{"UPDATE audit_events SET reason = '补录' WHERE seq = 7"}, audit.FaultModified, 7, 0},
		{"middle deleted", []string{"DELETE FROM audit_events WHERE seq = 10"}, audit.FaultMissing, 10, 0},
		{"two events swapped", []string{
			"UPDATE audit_events SET seq = -1 WHERE seq = 5",
			"UPDATE audit_events SET seq = 5 WHERE seq = 12",
			"UPDATE audit_events SET seq = 12 WHERE seq = -1",
		}, audit.FaultReordered, 5, 12},
		{"last deleted", []string{"DELETE FROM audit_events WHERE seq = 20"}, audit.FaultTailMissing, 20, 0},
		{"head set back", []string{
			"UPDATE audit_head SET seq = 19, hash = (SELECT hash FROM audit_events WHERE seq = 19)",
		}, audit.FaultBeyondHead, 20, 0},
		{"head hash changed", []string{"UPDATE audit_head SET hash = 'ffff'"}, audit.FaultHeadMismatch, 20, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
				ctx := context.Background()
				for i := range 4 {
					err := db.WriteTx(ctx, func(tx *sqlstore.Tx) error {
						var evs []audit.Event
						for j := range 5 {
							evs = append(evs, audit.New(ctx, "account.update", "account", fmt.Sprint(i*5+j), nil, nil, ""))
						}
						return tx.AppendAudit(ctx, evs...)
					})
					if err != nil {
						t.Fatal(err)
					}
				}
				if r := mustVerify(t, db); !r.OK || r.Checked != 20 {
					t.Fatalf("before tampering: %+v", r)
				}
				if _, err := db.Exec(ctx, "UPDATE audit_events SET reason = 'x' WHERE seq = 1"); err == nil {
					t.Fatal("the database let an audit event be updated")
				}
				if _, err := db.Exec(ctx, "DELETE FROM audit_events WHERE seq = 1"); err == nil {
					t.Fatal("the database let an audit event be deleted")
				}
				dropAuditTriggers(t, db)
				for _, s := range c.sql {
					if _, err := db.Exec(ctx, s); err != nil {
						t.Fatalf("%s: %v", s, err)
					}
				}
				r := mustVerify(t, db)
				if r.OK != (c.fault == "") || r.Fault != c.fault || r.FirstBad != c.firstBad || r.MovedFrom != c.movedFrom {
					t.Fatalf("report = %+v; want %q at %d (moved from %d)", r, c.fault, c.firstBad, c.movedFrom)
				}
				t.Log(r.Message)
			})
		})
	}
}

// seedAuditLog writes events by three actors in two batches and returns the
// instant between the batches.
func seedAuditLog(t *testing.T, db *sqlstore.DB) (clerkID int64, between time.Time) {
	t.Helper()
	ctx := context.Background()
	err := db.WriteTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		clerkID, err = tx.InsertID(ctx, `INSERT INTO accounts (username, kind, name, password_hash, password_at, created_at, updated_at)
			VALUES ('clerk1', 'staff', '扎西·多吉', 'x', 0, 0, 0)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	clerk := audit.WithActor(ctx, audit.Actor{ID: clerkID, Name: "clerk1", Role: "clerk", IP: "10.0.0.1"})
	system := audit.WithActor(ctx, audit.Actor{Name: "system", Role: "system"})
	reviewer := audit.WithActor(ctx, audit.Actor{ID: clerkID + 1, Name: "reviewer1", Role: "reviewer", IP: "10.0.0.2"})
	write := func(steps [][4]string) {
		for _, s := range steps {
			actx := map[string]context.Context{"clerk": clerk, "system": system, "reviewer": reviewer}[s[0]]
			if err := appendOne(actx, db, s[1], s[2], s[3]); err != nil {
				t.Fatal(err)
			}
		}
	}
	write([][4]string{ // seq 1..5
		{"clerk", "account.create", "account", "1"},
		{"clerk", "role.grant", "account", "1"},
		{"system", "setting.update", "setting", "password_policy"},
		{"reviewer", "session.login", "account", "2"},
		{"reviewer", "session.logout", "account", "2"},
	})
	time.Sleep(3 * time.Millisecond)
	between = time.Now()
	time.Sleep(3 * time.Millisecond)
	write([][4]string{ // seq 6..8
		{"clerk", "session.login", "account", "1"},
		{"system", "session.login_failed", "account", "2"},
		{"reviewer", "account.update", "account", "1"},
	})
	return clerkID, between
}

func seqs(evs []audit.Event) []int64 {
	out := make([]int64, len(evs))
	for i, e := range evs {
		out[i] = e.Seq
	}
	return out
}

func TestListAuditFilters(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		clerkID, between := seedAuditLog(t, db)
		cases := []struct {
			name string
			f    audit.Filter
			want []int64
		}{
			{"all, newest first", audit.Filter{}, []int64{8, 7, 6, 5, 4, 3, 2, 1}},
			{"actor by username", audit.Filter{Actor: "Clerk1"}, []int64{6, 2, 1}},
			{"actor by id", audit.Filter{Actor: fmt.Sprint(clerkID)}, []int64{6, 2, 1}},
			{"actor without account", audit.Filter{Actor: "system"}, []int64{7, 3}},
			{"unknown actor", audit.Filter{Actor: "nobody"}, []int64{}},
			{"action kind", audit.Filter{Action: "session."}, []int64{7, 6, 5, 4}},
			{"exact action", audit.Filter{Action: "session.login"}, []int64{6, 4}},
			{"object type", audit.Filter{ObjectType: "setting"}, []int64{3}},
			{"object", audit.Filter{ObjectType: "account", ObjectID: "1"}, []int64{8, 6, 2, 1}},
			{"from", audit.Filter{From: between}, []int64{8, 7, 6}},
			{"to", audit.Filter{To: between}, []int64{5, 4, 3, 2, 1}},
			{"ip", audit.Filter{IP: "10.0.0.2"}, []int64{8, 5, 4}},
			{"combined", audit.Filter{Actor: "clerk1", Action: "session.", From: between}, []int64{6}},
			{"before cursor", audit.Filter{Before: 4}, []int64{3, 2, 1}},
		}
		for _, c := range cases {
			got, next, err := db.ListAudit(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if fmt.Sprint(seqs(got)) != fmt.Sprint(c.want) || next != 0 {
				t.Errorf("%s: seqs %v next %d, want %v", c.name, seqs(got), next, c.want)
			}
		}
		// Keyset pages of two walk the whole log once.
		var all []int64
		f := audit.Filter{Limit: 2}
		for page := 0; ; page++ {
			got, next, err := db.ListAudit(ctx, f)
			if err != nil || page > 4 {
				t.Fatalf("page %d: %v", page, err)
			}
			all = append(all, seqs(got)...)
			if next == 0 {
				break
			}
			f.Before = next
		}
		if fmt.Sprint(all) != "[8 7 6 5 4 3 2 1]" {
			t.Fatalf("paged = %v", all)
		}
		if _, _, err := db.ListAudit(ctx, audit.Filter{Limit: 500}); errs.FieldOf(err) != "limit" {
			t.Fatalf("limit 500: %v", err)
		}
		e, err := db.GetAudit(ctx, 3)
		if err != nil || e.Action != "setting.update" || e.ActorName != "system" || e.At.IsZero() || e.Hash == "" {
			t.Fatalf("GetAudit(3) = %+v, %v", e, err)
		}
		if _, err := db.GetAudit(ctx, 99); !errs.Is(err, errs.NotFound) {
			t.Fatalf("GetAudit(99): %v", err)
		}
	})
}

// Every filter is answered through an index (or the primary key's seq
// order), never by scanning the table and sorting it.
func TestListAuditPlansUseIndexes(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		clerkID, between := seedAuditLog(t, db)
		filters := []audit.Filter{
			{}, {Before: 5}, {Actor: "clerk1"}, {Actor: fmt.Sprint(clerkID)}, {Actor: "system"},
			{Action: "session."}, {Action: "role.grant"}, {ObjectType: "account"},
			{ObjectType: "account", ObjectID: "1", Before: 7}, {From: between}, {To: between},
			{From: between, To: between.Add(time.Hour)}, {IP: "10.0.0.1"},
			{Actor: "clerk1", Action: "session.", ObjectType: "account", ObjectID: "1", From: between, IP: "10.0.0.1"},
		}
		for _, f := range filters {
			plan, err := db.ExplainListAudit(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(plan, "\n") {
				if db.Engine == sqlstore.SQLite && strings.Contains(line, "SCAN audit_events") && !strings.Contains(line, "INDEX") ||
					db.Engine == sqlstore.Postgres && strings.Contains(line, "Seq Scan") {
					t.Errorf("filter %+v scans the table:\n%s", f, plan)
				}
			}
		}
	})
}

// BenchmarkAuditAppend measures durable audit appends: one event per write
// transaction, as a service method writes a change and its event. The
// parallel case shows how concurrent requests share the chain head.
func BenchmarkAuditAppend(b *testing.B) {
	for _, engine := range sqltest.Engines {
		b.Run(string(engine), func(b *testing.B) {
			db := sqltest.Open(b, engine)
			ctx := audit.WithActor(context.Background(), audit.Actor{ID: 1, Name: "clerk1", Role: "clerk", IP: "10.0.0.1"})
			b.Run("sequential", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					if err := appendOne(ctx, db, "account.update", "account", fmt.Sprint(i)); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("parallel", func(b *testing.B) {
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := appendOne(ctx, db, "account.update", "account", "42"); err != nil {
							b.Fatal(err)
						}
					}
				})
			})
			if r := mustVerify(b, db); !r.OK {
				b.Fatalf("chain broken after the benchmark: %+v", r)
			}
		})
	}
}
