package job_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/job"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

const interval = 60 * time.Millisecond // lease ttl is 3× this

// recorder notes which node ran the job when, and how many ran at once.
type recorder struct {
	mu       sync.Mutex
	runs     map[string][]time.Time
	inflight atomic.Int32
	overlap  atomic.Bool
}

func newRecorder() *recorder { return &recorder{runs: map[string][]time.Time{}} }

func (rec *recorder) job(node string, hold time.Duration) job.Job {
	return job.Job{Name: "deadline-scan", Interval: interval, Run: func(ctx context.Context) error {
		if rec.inflight.Add(1) > 1 {
			rec.overlap.Store(true)
		}
		defer rec.inflight.Add(-1)
		rec.mu.Lock()
		rec.runs[node] = append(rec.runs[node], time.Now())
		rec.mu.Unlock()
		select {
		case <-time.After(hold):
		case <-ctx.Done():
		}
		return nil
	}}
}

// count returns how many runs node started after since.
func (rec *recorder) count(node string, since time.Time) int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	n := 0
	for _, at := range rec.runs[node] {
		if at.After(since) {
			n++
		}
	}
	return n
}

// flaky cuts a node off from the database on demand, as a lost network does.
type flaky struct {
	job.Leaser
	down atomic.Bool
}

var errDown = errors.New("dial tcp: connection refused")

func (f *flaky) TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if f.down.Load() {
		return false, errDown
	}
	return f.Leaser.TryLease(ctx, name, holder, ttl)
}

func (f *flaky) ReleaseLease(ctx context.Context, name, holder string) error {
	if f.down.Load() {
		return errDown
	}
	return f.Leaser.ReleaseLease(ctx, name, holder)
}

// node starts a runner with one job and returns it with its stop function.
func node(t *testing.T, l job.Leaser, j job.Job) (*job.Runner, func()) {
	t.Helper()
	r := job.NewRunner(l, slog.New(slog.DiscardHandler))
	if err := r.Add(j); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		r.Run(ctx)
		close(done)
	}()
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return r, stop
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestOneNodeRunsTheJobEachInterval(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		rec := newRecorder()
		t0 := time.Now()
		a, stopA := node(t, db, rec.job("a", 0))
		b, stopB := node(t, db, rec.job("b", 0))
		time.Sleep(12 * interval)
		// Counted before stopping: the first node to stop releases its lease,
		// and the other may rightly take it over before it stops too.
		elapsed := time.Since(t0)
		na, nb := rec.count("a", t0), rec.count("b", t0)
		stopA()
		stopB()
		if na > 0 && nb > 0 {
			t.Fatalf("both nodes ran the job: a %d, b %d", na, nb)
		}
		want := int(elapsed / interval)
		if n := na + nb; n < want-3 || n > want+1 {
			t.Fatalf("%d runs in %v, want about %d (one per interval)", n, elapsed, want)
		}
		if rec.overlap.Load() {
			t.Fatal("two runs overlapped")
		}
		runs := rec.runs["a"][:na]
		if nb > 0 {
			runs = rec.runs["b"][:nb]
		}
		for i := 1; i < len(runs); i++ {
			if gap := runs[i].Sub(runs[i-1]); gap < interval/3 {
				t.Fatalf("runs %d and %d only %v apart", i-1, i+1, gap)
			}
		}
		sa, sb := a.Status()[0], b.Status()[0]
		if int(sa.Runs) != rec.count("a", t0) || int(sb.Runs) != rec.count("b", t0) || sa.Holding || sb.Holding || sa.Failures != 0 {
			t.Fatalf("status a %+v, b %+v", sa, sb)
		}
		if a.Holder() == b.Holder() || !strings.Contains(a.Holder(), "-") {
			t.Fatalf("holders %q and %q", a.Holder(), b.Holder())
		}
	})
}

func TestLeaseMovesWhenHolderStopsRenewing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		rec := newRecorder()
		la := &flaky{Leaser: db}
		t0 := time.Now()
		a, _ := node(t, la, rec.job("a", 0))
		waitFor(t, "node a to run", time.Second, func() bool { return rec.count("a", t0) >= 2 })
		node(t, db, rec.job("b", 0))
		time.Sleep(4 * interval)
		if n := rec.count("b", t0); n != 0 {
			t.Fatalf("node b ran %d times while a held the lease", n)
		}

		// Node a loses the database: it stops running at once, and b takes
		// the job over when a's lease expires (3 intervals after its last renewal).
		la.down.Store(true)
		cut := time.Now()
		waitFor(t, "node b to take over", 20*interval, func() bool { return rec.count("b", cut) > 0 })
		if took := time.Since(cut); took < 2*interval {
			t.Fatalf("b took over after %v, before a's lease could have expired", took)
		}
		if n := rec.count("a", cut.Add(interval/2)); n != 0 {
			t.Fatalf("node a ran %d times without its lease", n)
		}
		if a.Status()[0].Holding {
			t.Fatal("node a still believes it holds the lease")
		}
		if rec.overlap.Load() {
			t.Fatal("two runs overlapped")
		}
	})
}

func TestCleanStopHandsTheLeaseOverAtOnce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		rec := newRecorder()
		t0 := time.Now()
		_, stopA := node(t, db, rec.job("a", 0))
		waitFor(t, "node a to run", time.Second, func() bool { return rec.count("a", t0) > 0 })
		node(t, db, rec.job("b", 0))
		time.Sleep(2 * interval)
		cut := time.Now()
		stopA() // releases the lease
		waitFor(t, "node b to take over", 20*interval, func() bool { return rec.count("b", cut) > 0 })
		if took := time.Since(cut); took > 2*interval {
			t.Fatalf("handover took %v after a clean stop; the lease was not released", took)
		}
		if n := rec.count("b", t0); n != rec.count("b", cut) {
			t.Fatalf("b ran %d times while a held the lease", n-rec.count("b", cut))
		}
	})
}
