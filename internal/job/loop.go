package job

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"
)

// timing returns how often a job's lease is renewed and how long it lives.
// Renewal divides the interval evenly, so runs fall on renewal ticks.
func timing(interval time.Duration) (renew, ttl time.Duration) {
	k := (interval + MaxRenew - 1) / MaxRenew
	renew = interval / max(k, 1)
	return renew, 3 * renew
}

// loop renews e's lease every renew period and runs e when this node holds
// the lease and an interval has passed since its last run here. A node that
// just took the lease over runs at once: it cannot know when the old holder
// last ran, and a missed run is worse than a repeated idempotent one.
func (r *Runner) loop(ctx context.Context, e *entry) {
	renew, ttl := timing(e.Interval)
	log := r.log.With("job", e.Name)
	t := time.NewTicker(renew)
	defer t.Stop()
	holding := false
	defer func() {
		e.setHolding(false)
		if holding {
			r.release(ctx, e.Name, ttl)
		}
	}()
	var lastRun time.Time
	now := time.Now()
	for {
		ok, err := r.leases.TryLease(ctx, e.Name, r.holder, ttl)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			// Without an answer this node cannot know it holds the lease.
			log.Warn("job lease renewal failed", "err", err)
			ok = false
		}
		if ok != holding {
			if ok {
				log.Info("job lease taken")
				lastRun = time.Time{}
			} else {
				log.Info("job lease lost or held by another node")
			}
			holding = ok
			e.setHolding(ok)
		}
		// Half a renew period of slack absorbs ticker jitter.
		if holding && now.Sub(lastRun) >= e.Interval-renew/2 {
			lastRun = now
			r.runOnce(ctx, e, renew, ttl)
		}
		select {
		case <-ctx.Done():
			return
		case now = <-t.C:
		}
	}
}

// release gives a lease up on shutdown. ctx is cancelled by then, so the
// release gets a short context of its own; if it fails the lease expires.
func (r *Runner) release(ctx context.Context, name string, ttl time.Duration) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := r.leases.ReleaseLease(rctx, name, r.holder); err != nil {
		r.log.Warn("job lease release failed; it expires by itself", "job", name, "err", err, "ttl", ttl)
	}
}

// runOnce runs e once, renewing the lease meanwhile so that a run longer
// than the lease does not let another node start the same job. The run is
// cancelled when the lease is lost or cannot be renewed before it expires.
func (r *Runner) runOnce(ctx context.Context, e *entry, renew, ttl time.Duration) {
	log := r.log.With("job", e.Name)
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(renew)
		defer t.Stop()
		renewed := time.Now()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				ok, err := r.leases.TryLease(rctx, e.Name, r.holder, ttl)
				switch {
				case err == nil && !ok:
					cancel(fmt.Errorf("job %s: lease taken by another node", e.Name))
					return
				case err == nil:
					renewed = now
				case now.Sub(renewed) >= ttl-renew:
					cancel(fmt.Errorf("job %s: lease could not be renewed: %w", e.Name, err))
					return
				}
			}
		}
	}()
	start := time.Now()
	e.mu.Lock()
	e.st.LastStart = start
	e.mu.Unlock()
	err := protect(rctx, e.Run)
	close(done)
	<-stopped // no renewal may land after a release
	if cause := context.Cause(rctx); cause != nil && ctx.Err() == nil {
		err = errors.Join(cause, err) // lost the lease; the run may be incomplete
	}
	end := time.Now()
	e.mu.Lock()
	e.st.Runs++
	e.st.LastEnd = end
	e.st.LastError = ""
	if err != nil {
		e.st.Failures++
		e.st.LastError = err.Error()
	}
	e.mu.Unlock()
	switch {
	case err != nil && ctx.Err() != nil:
		log.Info("job interrupted by shutdown", "err", err)
	case err != nil:
		log.Error("job failed", "err", err, "duration", end.Sub(start))
	default:
		log.Debug("job done", "duration", end.Sub(start))
	}
}

// protect runs fn, turning a panic into an error so that one bad job does
// not take the node down.
func protect(ctx context.Context, fn func(context.Context) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return fn(ctx)
}

func (e *entry) setHolding(v bool) {
	e.mu.Lock()
	e.st.Holding = v
	e.mu.Unlock()
}
