package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/rating"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// The rectification loop's storage (差评整改): RatingStore implements
// rating.RectStore. Every change of a rectification row after its
// creation goes through UpdateRectification, so that whatever must follow
// a change (messages, audit, and the indicator counters) happens there, in
// the same transaction.

// rectData is the data column: the record of each step.
type rectData struct {
	Steps      []rating.RectStep `json:"steps"`
	AppealFrom string            `json:"appeal_from,omitempty"`
}

func rectDataJSON(x *rating.Rectification) (string, error) {
	steps := x.Steps
	if steps == nil {
		steps = []rating.RectStep{}
	}
	b, err := json.Marshal(rectData{Steps: steps, AppealFrom: x.AppealFrom})
	return string(b), err
}

// insertRectification opens the rectification a bad rating r brings, in
// the rating's transaction (after r was inserted): named as r (a callback
// is owed) and created with it.
func insertRectification(ctx context.Context, tx *Tx, r *rating.Rating, x *rating.Rectification) (int64, error) {
	x.RatingID, x.Named, x.Round, x.Version = r.ID, r.Named, r.Round, 1
	if x.CreatedAt.IsZero() {
		x.CreatedAt, x.UpdatedAt = r.CreatedAt, r.CreatedAt
	}
	data, err := rectDataJSON(x)
	if err != nil {
		return 0, err
	}
	now := x.CreatedAt.UnixMilli()
	return tx.InsertID(ctx, `INSERT INTO rectifications (rating_id, case_id, dept_id, region_code, stage, stage_due, named,
		data, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		x.RatingID, x.CaseID, x.DeptID, x.Region, x.Stage, day(x.StageDue), x.Named, data, now, now)
}

const rectCols = `x.id, x.rating_id, x.case_id, c.number, c.name, c.applicant_id, x.dept_id, x.region_code, r.round, r.score,
	x.named, x.stage, x.stage_due, x.warned, x.outcome, x.closed_at, x.data, x.version, x.created_at, x.updated_at`

const rectFrom = ` FROM rectifications x JOIN ratings r ON r.id = x.rating_id JOIN cases c ON c.id = x.case_id`

func scanRect(row interface{ Scan(...any) error }) (rating.Rectification, error) {
	var x rating.Rectification
	var due, data string
	var closed, created, updated int64
	err := row.Scan(&x.ID, &x.RatingID, &x.CaseID, &x.CaseNumber, &x.CaseName, &x.ApplicantID, &x.DeptID, &x.Region,
		&x.Round, &x.Score, &x.Named, &x.Stage, &due, &x.Warned, &x.Outcome, &closed, &data, &x.Version, &created, &updated)
	if err != nil {
		return x, mapErr(err)
	}
	var d rectData
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		return x, err
	}
	x.Steps, x.AppealFrom = d.Steps, d.AppealFrom
	if x.Steps == nil {
		x.Steps = []rating.RectStep{}
	}
	x.Level, x.StageDue, x.ClosedAt = rating.Title(x.Score), parseDay(due), fromMS(closed)
	x.CreatedAt, x.UpdatedAt = fromMS(created), fromMS(updated)
	return x, nil
}

func scanRects(rows *sql.Rows) ([]rating.Rectification, error) {
	defer rows.Close()
	var out []rating.Rectification
	for rows.Next() {
		x, err := scanRect(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Rectification implements rating.RectStore.
func (s *RatingStore) Rectification(ctx context.Context, id int64) (rating.Rectification, error) {
	x, err := scanRect(s.db.QueryRow(ctx, "SELECT "+rectCols+rectFrom+" WHERE x.id = ?", id))
	if IsNotFound(err) {
		return x, errs.E(errs.NotFound, "整改记录不存在")
	}
	return x, err
}

// Rectifications implements rating.RectStore: an OR of the scopes' region
// ranges (with their department), the filters, then ids downwards.
func (s *RatingStore) Rectifications(ctx context.Context, f rating.RectFilter) ([]rating.Rectification, error) {
	if len(f.Scopes) == 0 {
		return nil, nil
	}
	var where []string
	var args []any
	var ors []string
	for _, sc := range f.Scopes {
		cond, a := regionRange("x.region_code", sc.Region)
		if sc.DeptID != 0 {
			cond += " AND x.dept_id = ?"
			a = append(a, sc.DeptID)
		}
		ors = append(ors, "("+cond+")")
		args = append(args, a...)
	}
	where = append(where, "("+strings.Join(ors, " OR ")+")")
	if f.Region != "" {
		cond, a := regionRange("x.region_code", f.Region)
		where, args = append(where, cond), append(args, a...)
	}
	if f.DeptID != 0 {
		where, args = append(where, "x.dept_id = ?"), append(args, f.DeptID)
	}
	switch f.Stage {
	case "":
	case "open":
		where = append(where, "x.stage <> 'closed'")
	default:
		where, args = append(where, "x.stage = ?"), append(args, f.Stage)
	}
	if !f.OverdueOn.IsZero() {
		where, args = append(where, "x.stage <> 'closed' AND x.stage_due <> '' AND x.stage_due < ?"), append(args, day(f.OverdueOn))
	}
	if f.Before > 0 {
		where, args = append(where, "x.id < ?"), append(args, f.Before)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.Query(ctx, "SELECT "+rectCols+rectFrom+" WHERE "+strings.Join(where, " AND ")+
		" ORDER BY x.id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	return scanRects(rows)
}

// UpdateRectification implements rating.RectStore. It is the one write of
// a rectification's change: the row (checked against before.Version), the
// messages and the audit events in one transaction. Hooks that count what
// a change means (rectified, voided, called back) belong here, comparing
// before with after.
func (s *RatingStore) UpdateRectification(ctx context.Context, before, after rating.Rectification, msgs []cases.Message, evs ...audit.Event) error {
	if before.ID == 0 || before.ID != after.ID {
		return errs.E(errs.Internal, "整改记录更新有误")
	}
	data, err := rectDataJSON(&after)
	if err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		// The figures (差评整改率, 实名差评回访率) follow the change: what
		// the rating counted before it out, what it counts after it in.
		if err := countRating(ctx, tx, before.RatingID, -1); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE rectifications SET stage = ?, stage_due = ?, warned = ?, outcome = ?, closed_at = ?,
			data = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
			after.Stage, day(after.StageDue), after.Warned, after.Outcome, ms(after.ClosedAt), data, before.Version+1,
			ms(after.UpdatedAt), before.ID, before.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "整改记录已被他人处理，请刷新后重试")
		}
		if err := countRating(ctx, tx, before.RatingID, 1); err != nil {
			return err
		}
		if err := insertMessages(ctx, tx, after.CaseID, msgs); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// DueRectifications implements rating.RectStore.
func (s *RatingStore) DueRectifications(ctx context.Context, d workcal.Date, level, limit int) ([]rating.Rectification, error) {
	rows, err := s.db.Query(ctx, "SELECT "+rectCols+rectFrom+` WHERE x.stage <> 'closed' AND x.stage_due <> ''
		AND x.stage_due <= ? AND x.warned < ? ORDER BY x.stage_due, x.id LIMIT ?`, day(d), level, limit)
	if err != nil {
		return nil, err
	}
	return scanRects(rows)
}

// Limits implements rating.RectStore: the nearest row up the tree.
func (s *RatingStore) Limits(ctx context.Context, region string) (rating.Limits, error) {
	anc := validate.RegionAncestors(region)
	if len(anc) == 0 {
		return rating.Limits{}, nil
	}
	args := make([]any, len(anc))
	for i, a := range anc {
		args[i] = a
	}
	rows, err := s.db.Query(ctx, `SELECT region_code, verify_days, rectify_days, callback_days, recheck_days, updated_by, updated_at
		FROM rectification_limits WHERE region_code IN (`+strings.TrimSuffix(strings.Repeat("?,", len(anc)), ",")+`)`, args...)
	if err != nil {
		return rating.Limits{}, err
	}
	defer rows.Close()
	found := map[string]rating.Limits{}
	for rows.Next() {
		var l rating.Limits
		var at int64
		if err := rows.Scan(&l.From, &l.Verify, &l.Rectify, &l.Callback, &l.Recheck, &l.UpdatedBy, &at); err != nil {
			return rating.Limits{}, mapErr(err)
		}
		l.UpdatedAt = fromMS(at)
		found[l.From] = l
	}
	if err := rows.Err(); err != nil {
		return rating.Limits{}, err
	}
	for _, a := range anc {
		if l, ok := found[a]; ok {
			l.Region = region
			return l, nil
		}
	}
	return rating.Limits{}, nil
}

// PutLimits implements rating.RectStore.
func (s *RatingStore) PutLimits(ctx context.Context, l rating.Limits, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM regions WHERE code = ?", l.Region).Scan(&n); err != nil {
			return mapErr(err)
		}
		if n == 0 {
			return errs.E(errs.NotFound, "行政区划 %s 不存在", l.Region)
		}
		_, err := tx.Exec(ctx, `INSERT INTO rectification_limits (region_code, verify_days, rectify_days, callback_days,
			recheck_days, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (region_code) DO UPDATE SET verify_days = excluded.verify_days, rectify_days = excluded.rectify_days,
			callback_days = excluded.callback_days, recheck_days = excluded.recheck_days, updated_by = excluded.updated_by,
			updated_at = excluded.updated_at`,
			l.Region, l.Verify, l.Rectify, l.Callback, l.Recheck, l.UpdatedBy, ms(l.UpdatedAt))
		if err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// StaffWith implements rating.RectStore with the case store's lookup.
func (s *RatingStore) StaffWith(ctx context.Context, role string, at access.Scope) ([]int64, error) {
	return NewCaseStore(s.db).StaffWith(ctx, role, at)
}

// FileOwners implements rating.RectStore.
func (s *RatingStore) FileOwners(ctx context.Context, ids []string) (map[string]int64, error) {
	out := map[string]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.Query(ctx, "SELECT id, owner_id FROM files WHERE id IN ("+
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var owner int64
		if err := rows.Scan(&id, &owner); err != nil {
			return nil, mapErr(err)
		}
		out[id] = owner
	}
	return out, rows.Err()
}
