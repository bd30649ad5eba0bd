package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
)

// maxBatch caps how many requests share one commit, so that one batch's
// latency stays bounded however long the queue grows.
const maxBatch = 512

// batchRetries is how many times a batch that failed as a whole with a
// retryable error is run again.
const batchRetries = 3

// errBatchClosed answers callers that arrive after DB.Close.
var errBatchClosed = errs.E(errs.Unavailable, "数据库已关闭")

// errRerun says a request broke the shared transaction (its rollback to the
// savepoint failed); it has its own error, the others are run again.
var errRerun = errors.New("sqlstore: batch transaction broken by one request")

// A request's state: the caller may give up only while it is queued; once
// the batcher has started it, the caller waits for the commit.
const (
	reqQueued int32 = iota
	reqRunning
	reqAbandoned
)

type batchReq struct {
	ctx      context.Context
	fn       func(tx *Tx) error
	state    atomic.Int32
	panicked any        // set before done is sent: fn's panic value
	done     chan error // buffered 1; receives exactly one result
}

// batcher is a DB's group-commit writer: one goroutine, started on first use.
type batcher struct {
	start, stop sync.Once
	queue       chan *batchReq // unbuffered: queued callers wait in send
	quit, done  chan struct{}
	// batches and requests count the batches formed and the requests in
	// them, so tests can see that batches form.
	batches, requests atomic.Int64
}

// Batch runs fn in a write transaction with the contract of WriteTx: a nil
// error means fn's writes are committed and durable. It is group commit:
// concurrent callers share one transaction and one commit (one fsync), which
// is what makes thousands of durable writes a second possible.
//
// One batcher goroutine per DB takes the first queued request, then every
// other request already waiting (at most 512; there is no timer: batches form
// from the callers that queue while the previous commit's fsync runs), and
// BEGINs one transaction. Each fn runs inside SAVEPOINT b: on success the
// savepoint is released; on an error (or a panic) it is rolled back, so that
// caller alone gets its error and its writes are undone while the others go
// on. After one COMMIT every successful caller gets nil, or the commit's
// error. If the batch fails as a whole with a retryable error it is run
// again, every fn included, up to 3 times — so fn must be safe to re-run:
// it must touch only tx and keep no state from an earlier run.
//
// fns run one after another on the one writer, so tx.AppendAudit extends the
// chain in order within the batch; every fn in the batch waits for the
// slowest, so fn should be short. fn must not call Batch or WriteTx (the
// writer is busy with it), and should pass a ctx to tx that is not cancelled
// half-way: a statement interrupted by cancellation may break the shared
// transaction, which costs the other callers a re-run.
//
// A caller whose ctx is done before its fn starts gets ctx.Err() and fn never
// runs. Once fn has started the caller waits for the outcome, whatever its
// ctx does, so the answer is always true. A panic in fn is recovered in the
// batcher, undone like an error, and re-raised with the same value in the
// caller's goroutine, as WriteTx does. After Close, Batch returns an
// errs.Unavailable error.
func (db *DB) Batch(ctx context.Context, fn func(tx *Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b := &db.batch
	b.start.Do(func() {
		b.queue, b.quit, b.done = make(chan *batchReq), make(chan struct{}), make(chan struct{})
		go b.run(db)
	})
	r := &batchReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case b.queue <- r:
	case <-ctx.Done():
		return ctx.Err()
	case <-b.quit:
		return errBatchClosed
	}
	var err error
	select {
	case err = <-r.done:
	case <-ctx.Done():
		if r.state.CompareAndSwap(reqQueued, reqAbandoned) {
			return ctx.Err()
		}
		err = <-r.done
	}
	if r.panicked != nil {
		panic(r.panicked)
	}
	return err
}

// close stops the batcher: the batch in progress finishes, callers still
// waiting to be queued get errBatchClosed. Safe to call more than once.
func (b *batcher) close() {
	b.start.Do(func() { // never started: nothing to wait for
		b.queue, b.quit, b.done = make(chan *batchReq), make(chan struct{}), make(chan struct{})
		close(b.done)
	})
	b.stop.Do(func() { close(b.quit) })
	<-b.done
}

func (b *batcher) run(db *DB) {
	defer close(b.done)
	reqs := make([]*batchReq, 0, maxBatch)
	for {
		reqs = reqs[:0]
		select {
		case r := <-b.queue:
			reqs = append(reqs, r)
		case <-b.quit:
			return
		}
	drain:
		for len(reqs) < maxBatch {
			select {
			case r := <-b.queue:
				reqs = append(reqs, r)
			default:
				break drain
			}
		}
		b.batches.Add(1)
		b.requests.Add(int64(len(reqs)))
		db.runBatch(reqs)
		clear(reqs) // let finished requests be collected
	}
}

// runBatch commits reqs together, with retries, and answers every caller.
func (db *DB) runBatch(reqs []*batchReq) {
	for attempt := 0; len(reqs) > 0; attempt++ {
		rest, err := db.batchOnce(reqs)
		switch {
		case err == nil:
			for _, r := range rest {
				r.done <- nil
			}
			return
		case errors.Is(err, errRerun):
			attempt-- // not the batch's fault; each re-run has one request fewer
		case retryable(err) && attempt < batchRetries:
			time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
		default:
			for _, r := range rest {
				r.done <- err
			}
			return
		}
		reqs = rest
	}
}

// batchOnce runs reqs in one transaction. Callers whose fn fails, or whose
// ctx ended before it started, are answered here; it returns the requests
// still owed an answer — all committed when err is nil, none when not.
func (db *DB) batchOnce(reqs []*batchReq) (rest []*batchReq, err error) {
	bg := context.Background() // the batch outlives any one caller's ctx
	stx, err := db.w.BeginTx(bg, nil)
	if err != nil {
		return reqs, mapErr(err)
	}
	tx := &Tx{db: db, tx: stx, pool: db.w}
	ok := make([]*batchReq, 0, len(reqs))
	fail := func(from int, err error) ([]*batchReq, error) {
		stx.Rollback()
		return append(ok, reqs[from:]...), err
	}
	for i, r := range reqs {
		if !r.begin() {
			continue
		}
		if _, err := stx.ExecContext(bg, "SAVEPOINT b"); err != nil {
			return fail(i, mapErr(err))
		}
		ferr := r.run(tx)
		if ferr == nil {
			if _, err := stx.ExecContext(bg, "RELEASE SAVEPOINT b"); err != nil {
				return fail(i, mapErr(err))
			}
			ok = append(ok, r)
			continue
		}
		r.done <- ferr
		if _, err := stx.ExecContext(bg, "ROLLBACK TO SAVEPOINT b"); err != nil {
			return fail(i+1, errRerun)
		}
		if _, err := stx.ExecContext(bg, "RELEASE SAVEPOINT b"); err != nil {
			return fail(i+1, errRerun)
		}
	}
	if err := stx.Commit(); err != nil {
		return ok, mapErr(err)
	}
	return ok, nil
}

// begin claims r for running: false when its caller gave up or its ctx is
// done (then it is answered). A request already run in an earlier attempt
// of the batch stays claimed.
func (r *batchReq) begin() bool {
	if !r.state.CompareAndSwap(reqQueued, reqRunning) && r.state.Load() != reqRunning {
		return false
	}
	if err := r.ctx.Err(); err != nil {
		r.done <- err
		return false
	}
	return true
}

// run calls fn, turning a panic into an error carried back to the caller.
func (r *batchReq) run(tx *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			r.panicked = p
			err = fmt.Errorf("sqlstore: batched transaction panicked: %v", p)
		}
	}()
	return r.fn(tx)
}
