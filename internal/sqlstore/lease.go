package sqlstore

import (
	"context"
	"errors"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
)

// dbNowMS is the database's clock in Unix milliseconds. Leases are timed by
// the one clock every node shares, so a node whose clock drifts can neither
// steal a live lease nor keep a dead one.
func (db *DB) dbNowMS() string {
	if db.Engine == Postgres {
		return "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT"
	}
	return "CAST(unixepoch('subsec') * 1000 AS INTEGER)"
}

// TryLease takes the named lease for holder for ttl when it is free or
// expired, or renews it when holder already has it, in one atomic statement
// (so two nodes racing for it cannot both win). It reports whether holder
// holds the lease now.
func (db *DB) TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if name == "" || holder == "" || ttl <= 0 {
		return false, errors.New("sqlstore: TryLease needs a name, a holder and a positive ttl")
	}
	now := db.dbNowMS()
	res, err := db.Exec(ctx, `INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, `+now+` + ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE job_leases.expires_at < `+now+` OR job_leases.holder = excluded.holder`,
		name, holder, ttl.Milliseconds())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseLease gives the lease up if holder has it, so that another node
// can take it at once instead of after the ttl (a clean shutdown).
func (db *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	_, err := db.Exec(ctx, "DELETE FROM job_leases WHERE name = ? AND holder = ?", name, holder)
	return err
}

// Lease returns who holds the named lease and until when (possibly in the
// past: an expired lease stays until someone takes it). errs.NotFound when
// it was never taken or was released.
func (db *DB) Lease(ctx context.Context, name string) (holder string, expiresAt time.Time, err error) {
	var ms int64
	err = db.QueryRow(ctx, "SELECT holder, expires_at FROM job_leases WHERE name = ?", name).Scan(&holder, &ms)
	if IsNotFound(err) {
		return "", time.Time{}, errs.Wrap(err, errs.NotFound, "任务租约 %s 不存在", name)
	}
	return holder, time.UnixMilli(ms).UTC(), mapErr(err)
}
