// Package job runs OneWindow's periodic work (deadline scans, reminders,
// rollups, PRAGMA optimize) on every serve node, while a lease in the
// database lets exactly one node run each job at a time. A node that stops
// renewing a lease (crash, lost network) loses it after the lease's ttl and
// another node takes the job over. Because a takeover cannot know how long
// ago the old holder last ran, a job may run twice in one interval around a
// takeover: jobs must be idempotent (scan for due work, do not count ticks).
package job

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"
)

// Leaser stores the leases (sqlstore.DB implements it on both engines).
type Leaser interface {
	// TryLease takes the named lease for holder for ttl when it is free or
	// expired, or renews it when holder has it; it reports whether holder
	// holds it now.
	TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// ReleaseLease gives the lease up if holder has it.
	ReleaseLease(ctx context.Context, name, holder string) error
}

// Job is one periodic task.
type Job struct {
	Name     string // unique; also the lease's name
	Interval time.Duration
	// Run does one round of work. Its context is cancelled when the runner
	// stops or when this node loses the lease while the run is in progress.
	Run func(ctx context.Context) error
}

// MaxRenew caps how often a lease is renewed, and so how fast a dead node's
// jobs move elsewhere: a lease lives three renew periods.
const MaxRenew = 10 * time.Second

// Status is what one node knows about one job, for /metrics and the admin page.
type Status struct {
	Name      string
	Interval  time.Duration
	Holding   bool  // this node held the lease at its last attempt
	Runs      int64 // runs on this node since start
	Failures  int64 // runs that returned an error or panicked
	LastStart time.Time
	LastEnd   time.Time
	LastError string // of the last run; "" when it succeeded
}

// Runner runs registered jobs on this node under their leases.
type Runner struct {
	leases Leaser
	log    *slog.Logger
	holder string

	mu      sync.Mutex
	jobs    []*entry
	started bool
}

type entry struct {
	Job
	mu sync.Mutex
	st Status
}

// NewRunner returns a runner whose leases carry a holder id unique to this
// process (hostname, pid and a random part, so that a restarted process with
// a reused pid is a new holder). log may be nil for slog.Default.
func NewRunner(l Leaser, log *slog.Logger) *Runner {
	if log == nil {
		log = slog.Default()
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown"
	}
	b := make([]byte, 4)
	rand.Read(b)
	holder := fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
	return &Runner{leases: l, log: log.With("holder", holder), holder: holder}
}

// Holder returns this runner's lease holder id.
func (r *Runner) Holder() string { return r.holder }

// Add registers a job. It must be called before Run.
func (r *Runner) Add(j Job) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.started:
		return errors.New("job: Add after Run")
	case j.Name == "" || len(j.Name) > 100:
		return errors.New("job: a job needs a name of at most 100 bytes")
	case j.Interval <= 0:
		return fmt.Errorf("job %s: interval must be positive", j.Name)
	case j.Run == nil:
		return fmt.Errorf("job %s: no Run function", j.Name)
	}
	for _, e := range r.jobs {
		if e.Name == j.Name {
			return fmt.Errorf("job %s: registered twice", j.Name)
		}
	}
	r.jobs = append(r.jobs, &entry{Job: j, st: Status{Name: j.Name, Interval: j.Interval}})
	return nil
}

// Status returns a snapshot of every job's state on this node, in
// registration order.
func (r *Runner) Status() []Status {
	r.mu.Lock()
	jobs := r.jobs
	r.mu.Unlock()
	out := make([]Status, len(jobs))
	for i, e := range jobs {
		e.mu.Lock()
		out[i] = e.st
		e.mu.Unlock()
	}
	return out
}

// Run runs every registered job until ctx is cancelled, then waits for
// running jobs to return, releases the leases it holds (so another node
// takes over at once) and returns nil. It may be called once.
func (r *Runner) Run(ctx context.Context) error {
	r.mu.Lock()
	if r.started {
		r.mu.Unlock()
		return errors.New("job: Run called twice")
	}
	r.started = true
	jobs := r.jobs
	r.mu.Unlock()
	var wg sync.WaitGroup
	for _, e := range jobs {
		wg.Go(func() { r.loop(ctx, e) })
	}
	wg.Wait()
	return nil
}
