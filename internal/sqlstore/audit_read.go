package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

const auditCols = `seq, at, actor_id, actor_name, role, action, object_type, object_id,
	before_json, after_json, reason, ip, prev_hash, hash`

// auditPage is how many events VerifyAudit reads per query: large enough to
// amortise round trips, small enough to keep memory flat on any chain length.
const auditPage = 5000

func scanAuditEvent(s interface{ Scan(...any) error }) (audit.Event, error) {
	var e audit.Event
	var at int64
	err := s.Scan(&e.Seq, &at, &e.ActorID, &e.ActorName, &e.Role, &e.Action, &e.ObjectType, &e.ObjectID,
		&e.Before, &e.After, &e.Reason, &e.IP, &e.PrevHash, &e.Hash)
	e.At = time.UnixMilli(at).UTC()
	return e, err
}

// GetAudit returns one event by its sequence number. errs.NotFound.
func (db *DB) GetAudit(ctx context.Context, seq int64) (audit.Event, error) {
	e, err := scanAuditEvent(db.QueryRow(ctx, "SELECT "+auditCols+" FROM audit_events WHERE seq = ?", seq))
	if IsNotFound(err) {
		return e, errs.Wrap(err, errs.NotFound, "审计事件（序号 %d）不存在", seq)
	}
	return e, mapErr(err)
}

// ListAudit returns one page of events matching f, newest first, and the
// cursor for the next page (pass it as f.Before; 0 when this is the last
// page). Every filter is answered from an index or by walking the seq order
// backwards, never by sorting the whole log. errs.Invalid for a bad filter.
func (db *DB) ListAudit(ctx context.Context, f audit.Filter) ([]audit.Event, int64, error) {
	f, err := f.Normalize()
	if err != nil {
		return nil, 0, err
	}
	q, args, err := db.auditListQuery(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := make([]audit.Event, 0, f.Limit+1)
	for rows.Next() {
		e, err := scanAuditEvent(rows)
		if err != nil {
			return nil, 0, mapErr(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, mapErr(err)
	}
	var next int64
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = out[f.Limit-1].Seq
	}
	return out, next, nil
}

// auditListQuery builds the page query for a normalized filter. It fetches
// one row more than the limit to learn whether a next page exists.
func (db *DB) auditListQuery(ctx context.Context, f audit.Filter) (string, []any, error) {
	var conds []string
	var args []any
	add := func(cond string, vals ...any) {
		conds = append(conds, cond)
		args = append(args, vals...)
	}
	if f.Actor != "" {
		id, ok := f.ActorID()
		if !ok {
			// A username: its account's events (actor_id is indexed and
			// survives a rename), or, for names without an account such as
			// system, the events recorded under that name.
			err := db.QueryRow(ctx, "SELECT id FROM accounts WHERE username = ?", f.Actor).Scan(&id)
			if err != nil && !IsNotFound(err) {
				return "", nil, mapErr(err)
			}
		}
		add("actor_id = ?", id)
		if !ok && id == 0 {
			add("actor_name = ?", f.Actor)
		}
	}
	switch {
	case f.Action == "":
	case !f.ActionPrefix():
		add("action = ?", f.Action)
	case db.Engine == SQLite:
		// GLOB is case-sensitive, so SQLite turns it into a range on the
		// action index; Normalize admits no glob metacharacters.
		add("action GLOB ?", f.Action+"*")
	default:
		add(`action LIKE ? ESCAPE '\'`, likeEscape(f.Action)+"%")
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.UnixMilli())
	}
	if f.IP != "" {
		add("ip = ?", f.IP)
	}
	if f.Before > 0 {
		add("seq < ?", f.Before)
	}
	q := "SELECT " + auditCols + " FROM audit_events"
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	q += " ORDER BY seq DESC LIMIT ?"
	return q, append(args, f.Limit+1), nil
}

// VerifyAudit walks the whole chain in seq order, in pages, inside one
// read snapshot (so appends running meanwhile neither confuse nor block it),
// and checks it against the head. progress, when not nil, is called after
// each page with the number of events read so far. The error is for failures
// to read; a broken chain is a Report with OK false.
func (db *DB) VerifyAudit(ctx context.Context, progress func(n int64)) (audit.Report, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Engine == Postgres {
		opts.Isolation = sql.LevelRepeatableRead // one snapshot across all pages
	}
	stx, err := db.r.BeginTx(ctx, opts)
	if err != nil {
		return audit.Report{}, mapErr(err)
	}
	defer stx.Rollback()
	tx := &Tx{db: db, tx: stx}
	var head audit.Head
	if err := tx.QueryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&head.Seq, &head.Hash); err != nil {
		return audit.Report{}, fmt.Errorf("audit head: %w", mapErr(err))
	}
	return audit.Verify(auditPages(ctx, tx, progress), head)
}

// auditPages streams every event in seq order with keyset pages. A page is
// read completely before it is handed on, because a transaction's
// connection serves one query at a time.
func auditPages(ctx context.Context, tx *Tx, progress func(n int64)) iter.Seq2[audit.Event, error] {
	return func(yield func(audit.Event, error) bool) {
		page := make([]audit.Event, 0, auditPage)
		var after, n int64
		for {
			page = page[:0]
			rows, err := tx.Query(ctx, "SELECT "+auditCols+" FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?", after, auditPage)
			if err != nil {
				yield(audit.Event{}, err)
				return
			}
			for rows.Next() {
				e, err := scanAuditEvent(rows)
				if err != nil {
					rows.Close()
					yield(audit.Event{}, err)
					return
				}
				page = append(page, e)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				yield(audit.Event{}, err)
				return
			}
			for _, e := range page {
				if !yield(e, nil) {
					return
				}
			}
			n += int64(len(page))
			if progress != nil && len(page) > 0 {
				progress(n)
			}
			if len(page) < auditPage {
				return
			}
			after = page[len(page)-1].Seq
		}
	}
}

// ExplainListAudit returns the query plan ListAudit would use for f, one
// line per plan row, so tests and operators can see that every filter is
// served by an index. On PostgreSQL sequential scans are disabled for the
// explanation: a small log is always scanned whole, and what matters is the
// index a large one would use.
func (db *DB) ExplainListAudit(ctx context.Context, f audit.Filter) (string, error) {
	f, err := f.Normalize()
	if err != nil {
		return "", err
	}
	q, args, err := db.auditListQuery(ctx, f)
	if err != nil {
		return "", err
	}
	var lines []string
	err = db.ReadTx(ctx, func(tx *Tx) error {
		explain := "EXPLAIN "
		if db.Engine == SQLite {
			explain = "EXPLAIN QUERY PLAN "
		} else if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, explain+q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(any)
		}
		for rows.Next() {
			if err := rows.Scan(vals...); err != nil {
				return err
			}
			// SQLite: id, parent, notused, detail; PostgreSQL: one text column.
			lines = append(lines, fmt.Sprint(*(vals[len(vals)-1].(*any))))
		}
		return rows.Err()
	})
	return strings.Join(lines, "\n"), err
}
