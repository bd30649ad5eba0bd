package job_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/job"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

func TestLongRunKeepsItsLease(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		rec := newRecorder()
		t0 := time.Now()
		node(t, db, rec.job("a", 6*interval)) // each run outlives the 3-interval lease
		waitFor(t, "node a to run", time.Second, func() bool { return rec.count("a", t0) > 0 })
		node(t, db, rec.job("b", 0))
		time.Sleep(8 * interval)
		if n := rec.count("b", t0); n != 0 || rec.overlap.Load() {
			t.Fatalf("node b ran %d times during a's long run (overlap %v)", n, rec.overlap.Load())
		}
	})
}

func TestRunIsCancelledWhenItsLeaseCannotBeRenewed(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		l := &flaky{Leaser: db}
		started, stopped := make(chan struct{}, 1), make(chan time.Time, 1)
		a, _ := node(t, l, job.Job{Name: "rollup", Interval: interval, Run: func(ctx context.Context) error {
			started <- struct{}{}
			<-ctx.Done()
			stopped <- time.Now()
			return ctx.Err()
		}})
		<-started
		l.down.Store(true)
		cut := time.Now()
		select {
		case at := <-stopped:
			// Cancelled before the lease (3 intervals) runs out.
			if d := at.Sub(cut); d > 3*interval+interval/2 {
				t.Fatalf("run cancelled %v after the database was lost", d)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("the run went on without its lease")
		}
		waitFor(t, "the failure to be recorded", time.Second, func() bool { return a.Status()[0].Failures == 1 })
		if st := a.Status()[0]; !strings.Contains(st.LastError, "lease") || st.Runs != 1 || st.LastEnd.Before(st.LastStart) {
			t.Fatalf("status %+v", st)
		}
	})
}

// memLeases is a lease table for one process, for tests of the runner's
// bookkeeping that need no database.
type memLeases struct{}

func (memLeases) TryLease(context.Context, string, string, time.Duration) (bool, error) {
	return true, nil
}
func (memLeases) ReleaseLease(context.Context, string, string) error { return nil }

func TestFailuresAndPanicsAreRecorded(t *testing.T) {
	r := job.NewRunner(memLeases{}, slog.New(slog.DiscardHandler))
	calls := 0
	err := r.Add(job.Job{Name: "flaky", Interval: 10 * time.Millisecond, Run: func(ctx context.Context) error {
		calls++
		switch calls {
		case 1:
			return errors.New("upstream timeout")
		case 2:
			panic("nil map")
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	waitFor(t, "three runs", 2*time.Second, func() bool { return r.Status()[0].Runs >= 3 })
	cancel()
	<-done
	st := r.Status()[0]
	if st.Failures != 2 || st.LastError != "" || st.Name != "flaky" || st.Interval != 10*time.Millisecond {
		t.Fatalf("status %+v: want 2 failures and a clean last run", st)
	}
}

func TestAddRejectsBadJobs(t *testing.T) {
	r := job.NewRunner(memLeases{}, nil)
	ok := func(context.Context) error { return nil }
	bad := []job.Job{
		{Interval: time.Second, Run: ok},
		{Name: strings.Repeat("x", 101), Interval: time.Second, Run: ok},
		{Name: "a", Run: ok},
		{Name: "a", Interval: time.Second},
	}
	for _, j := range bad {
		if err := r.Add(j); err == nil {
			t.Errorf("accepted %+v", j)
		}
	}
	if err := r.Add(job.Job{Name: "a", Interval: time.Second, Run: ok}); err != nil {
		t.Fatal(err)
	}
	if err := r.Add(job.Job{Name: "a", Interval: time.Minute, Run: ok}); err == nil {
		t.Error("a job registered twice")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := r.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.Add(job.Job{Name: "b", Interval: time.Second, Run: ok}); err == nil {
		t.Error("Add after Run accepted")
	}
	if err := r.Run(ctx); err == nil {
		t.Error("Run twice accepted")
	}
}
