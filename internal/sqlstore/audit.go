package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
)

// AppendAudit appends events to the chain inside tx. The head row is locked
// (PostgreSQL) or already exclusive (SQLite's one writer), so concurrent
// transactions on any number of nodes extend one chain in commit order.
// Every mutating store method calls this in the same transaction as its change.
func (tx *Tx) AppendAudit(ctx context.Context, evs ...audit.Event) error {
	if len(evs) == 0 {
		return nil
	}
	var seq int64
	var prev string
	err := tx.QueryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1"+tx.db.forUpdate()).Scan(&seq, &prev)
	if err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	for i := range evs {
		e := &evs[i]
		seq++
		e.Seq = seq
		e.At = now
		e.PrevHash = prev
		e.Hash = e.ComputeHash(prev)
		prev = e.Hash
		_, err := tx.Exec(ctx, `INSERT INTO audit_events
			(seq, at, actor_id, actor_name, role, action, object_type, object_id, before_json, after_json, reason, ip, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Seq, e.At.UnixMilli(), e.ActorID, e.ActorName, e.Role, e.Action, e.ObjectType, e.ObjectID,
			e.Before, e.After, e.Reason, e.IP, e.PrevHash, e.Hash)
		if err != nil {
			return fmt.Errorf("audit append: %w", err)
		}
	}
	_, err = tx.Exec(ctx, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, prev)
	return err
}

// AuditHead returns the chain's head: the newest sequence number and hash.
func (db *DB) AuditHead(ctx context.Context) (audit.Head, error) {
	var h audit.Head
	err := db.QueryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&h.Seq, &h.Hash)
	return h, mapErr(err)
}
