package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

func createBatchTable(t testing.TB, db *sqlstore.DB) {
	t.Helper()
	if _, err := db.Exec(context.Background(), "CREATE TABLE batch_t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)"); err != nil {
		t.Fatal(err)
	}
}

func insertBatchRow(ctx context.Context, tx *sqlstore.Tx, id int, v string) error {
	_, err := tx.Exec(ctx, "INSERT INTO batch_t (id, v) VALUES (?, ?)", id, v)
	return err
}

// holdBatcher occupies the batcher with a request that waits until release
// is called, so that the callers started meanwhile queue up and form the
// next batch together. release returns the held request's result.
func holdBatcher(t *testing.T, db *sqlstore.DB) (release func() error) {
	t.Helper()
	started, gate := make(chan struct{}), make(chan struct{})
	res := make(chan error, 1)
	go func() {
		res <- db.Batch(context.Background(), func(*sqlstore.Tx) error {
			close(started)
			<-gate
			return nil
		})
	}()
	<-started
	return func() error {
		close(gate)
		return <-res
	}
}

// queued gives goroutines just started time to block in the batcher's queue.
func queued() { time.Sleep(50 * time.Millisecond) }

func TestBatchConcurrentCallersAllCommit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		createBatchTable(t, db)
		const n = 200
		errc := make(chan error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				errc <- db.Batch(ctx, func(tx *sqlstore.Tx) error {
					return insertBatchRow(ctx, tx, i+1, fmt.Sprint("row", i))
				})
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := count(t, db, "SELECT COUNT(*) FROM batch_t"); got != n {
			t.Fatalf("rows = %d, want %d", got, n)
		}
	})
}

func TestBatchesForm(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		createBatchTable(t, db)
		release := holdBatcher(t, db)
		const n = 100
		var wg sync.WaitGroup
		var failed atomic.Int32
		for i := range n {
			wg.Go(func() {
				if err := db.Batch(ctx, func(tx *sqlstore.Tx) error {
					return insertBatchRow(ctx, tx, i+1, fmt.Sprint(i))
				}); err != nil {
					t.Error(err)
					failed.Add(1)
				}
			})
		}
		queued()
		if err := release(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		batches, requests := db.BatchStats()
		if requests != n+1 || failed.Load() != 0 {
			t.Fatalf("requests = %d (failed %d), want %d", requests, failed.Load(), n+1)
		}
		// The held request is a batch of its own; the 100 waiting behind it
		// must have shared far fewer commits than one each.
		if batches > 5 {
			t.Fatalf("%d requests took %d batches: batches do not form", requests, batches)
		}
		t.Logf("%d requests in %d batches", requests, batches)
	})
}

func TestBatchFailingCallerFailsAlone(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		createBatchTable(t, db)
		if _, err := db.Exec(ctx, "INSERT INTO batch_t (id, v) VALUES (1000, 'taken')"); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		release := holdBatcher(t, db)
		var wg sync.WaitGroup
		okErrs := make(chan error, 20)
		good := func(from int) {
			for i := from; i < from+10; i++ {
				wg.Go(func() {
					okErrs <- db.Batch(ctx, func(tx *sqlstore.Tx) error {
						return insertBatchRow(ctx, tx, i, fmt.Sprint("good", i))
					})
				})
			}
		}
		var dupErr, boomErr error
		var panicked any
		good(1)
		queued()
		wg.Go(func() { // a unique violation after a write of its own
			dupErr = db.Batch(ctx, func(tx *sqlstore.Tx) error {
				if err := insertBatchRow(ctx, tx, 2001, "dup-own"); err != nil {
					return err
				}
				return insertBatchRow(ctx, tx, 2002, "taken")
			})
		})
		wg.Go(func() { // a plain error
			boomErr = db.Batch(ctx, func(tx *sqlstore.Tx) error {
				if err := insertBatchRow(ctx, tx, 2003, "boom-own"); err != nil {
					return err
				}
				return boom
			})
		})
		wg.Go(func() { // a panic comes back in the caller's goroutine
			defer func() { panicked = recover() }()
			db.Batch(ctx, func(tx *sqlstore.Tx) error {
				if err := insertBatchRow(ctx, tx, 2004, "panic-own"); err != nil {
					return err
				}
				panic("fn panicked")
			})
		})
		queued()
		good(11)
		queued()
		if err := release(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		close(okErrs)
		for err := range okErrs {
			if err != nil {
				t.Fatalf("a successful caller got %v", err)
			}
		}
		mustCode(t, dupErr, errs.Conflict)
		if !errors.Is(boomErr, boom) {
			t.Fatalf("boom caller got %v", boomErr)
		}
		if panicked != "fn panicked" {
			t.Fatalf("recovered %v, want the fn's panic value", panicked)
		}
		if got := count(t, db, "SELECT COUNT(*) FROM batch_t WHERE v LIKE 'good%'"); got != 20 {
			t.Fatalf("good rows = %d, want 20", got)
		}
		if got := count(t, db, "SELECT COUNT(*) FROM batch_t WHERE id > 2000"); got != 0 {
			t.Fatalf("%d rows of failed callers were committed", got)
		}
	})
}

// A caller that ends the shared transaction itself fails alone; the callers
// batched with it are run again in a fresh transaction and commit.
func TestBatchCallerBreakingTheTransaction(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		createBatchTable(t, db)
		release := holdBatcher(t, db)
		var wg sync.WaitGroup
		var runs atomic.Int32
		errc := make(chan error, 10)
		for i := range 10 {
			if i == 5 {
				queued()
				wg.Go(func() {
					err := db.Batch(ctx, func(tx *sqlstore.Tx) error {
						if _, err := tx.Exec(ctx, "ROLLBACK"); err != nil {
							return err
						}
						return errors.New("rolled back the batch")
					})
					if err == nil {
						t.Error("the breaking caller succeeded")
					}
				})
				queued()
			}
			wg.Go(func() {
				errc <- db.Batch(ctx, func(tx *sqlstore.Tx) error {
					runs.Add(1)
					return insertBatchRow(ctx, tx, i+1, fmt.Sprint(i))
				})
			})
		}
		queued()
		if err := release(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := count(t, db, "SELECT COUNT(*) FROM batch_t"); got != 10 {
			t.Fatalf("rows = %d, want 10", got)
		}
		if got := runs.Load(); got != 15 {
			t.Fatalf("fns ran %d times, want 15: the 5 batched before the breaker run again", got)
		}
	})
}

func TestBatchContext(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		createBatchTable(t, db)
		var ran atomic.Bool
		mark := func(*sqlstore.Tx) error { ran.Store(true); return nil }

		// Done before the call.
		done, cancel := context.WithCancel(context.Background())
		cancel()
		if err := db.Batch(done, mark); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}

		// Done while queued: the caller returns at once, fn never runs.
		release := holdBatcher(t, db)
		qctx, qcancel := context.WithCancel(context.Background())
		res := make(chan error, 1)
		go func() { res <- db.Batch(qctx, mark) }()
		queued()
		qcancel()
		select {
		case err := <-res:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a cancelled queued caller did not return")
		}
		if err := release(); err != nil {
			t.Fatal(err)
		}
		// Flush the batcher: the abandoned request has been skipped.
		if err := db.Batch(context.Background(), func(*sqlstore.Tx) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if ran.Load() {
			t.Fatal("fn ran for a caller whose ctx was done before it started")
		}

		// Done after fn ran: the caller waits and reports the commit.
		actx, acancel := context.WithCancel(context.Background())
		err := db.Batch(actx, func(tx *sqlstore.Tx) error {
			defer acancel()
			return insertBatchRow(actx, tx, 1, "after")
		})
		if err != nil {
			t.Fatalf("err = %v, want nil: fn ran and the batch committed", err)
		}
		if got := count(t, db, "SELECT COUNT(*) FROM batch_t WHERE v = 'after'"); got != 1 {
			t.Fatalf("rows = %d, want 1", got)
		}
	})
}

func TestBatchAuditChainStaysValid(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{ID: 1, Name: "clerk1", Role: "clerk"})
		createBatchTable(t, db)
		const n = 150
		var wg sync.WaitGroup
		var committed atomic.Int64
		for i := range n {
			wg.Go(func() {
				err := db.Batch(ctx, func(tx *sqlstore.Tx) error {
					if err := insertBatchRow(ctx, tx, i+1, fmt.Sprint(i)); err != nil {
						return err
					}
					ev := audit.New(ctx, "batch.insert", "batch_t", fmt.Sprint(i+1), nil, map[string]any{"v": i}, "")
					if err := tx.AppendAudit(ctx, ev, ev); err != nil {
						return err
					}
					if i%7 == 0 { // undone after its audit events were appended
						return errors.New("changed my mind")
					}
					return nil
				})
				if err == nil {
					committed.Add(1)
				} else if i%7 != 0 {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		r := mustVerify(t, db)
		if !r.OK {
			t.Fatalf("chain broken after batched appends: %+v", r)
		}
		if want := 2 * committed.Load(); r.HeadSeq != want || r.Checked != want {
			t.Fatalf("head %d, checked %d, want %d events", r.HeadSeq, r.Checked, want)
		}
	})
}

func TestBatchClose(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			db := sqltest.Open(t, engine)
			ctx := context.Background()
			createBatchTable(t, db)
			release := holdBatcher(t, db)
			const n = 20
			errc := make(chan error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					errc <- db.Batch(ctx, func(tx *sqlstore.Tx) error {
						return insertBatchRow(ctx, tx, i+1, fmt.Sprint(i))
					})
				})
			}
			queued()
			closed := make(chan error, 1)
			go func() { closed <- db.Close() }()
			queued()
			if err := release(); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-closed:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Close did not stop the batcher")
			}
			wg.Wait()
			close(errc)
			for err := range errc {
				if err != nil && !errs.Is(err, errs.Unavailable) {
					t.Fatalf("a caller pending at Close got %v", err)
				}
			}
			mustCode(t, db.Batch(ctx, func(*sqlstore.Tx) error { return nil }), errs.Unavailable)
		})
	}
}
