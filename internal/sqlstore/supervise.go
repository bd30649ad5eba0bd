package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/supervise"
	"github.com/onewindow/onewindow/internal/workcal"
)

// SuperviseStore implements supervise.Store: supervision_notices,
// overdue_digests, and the messages table the cases share.
type SuperviseStore struct{ db *DB }

// NewSuperviseStore returns the supervision store on db.
func NewSuperviseStore(db *DB) *SuperviseStore { return &SuperviseStore{db: db} }

var _ supervise.Store = (*SuperviseStore)(nil)

// noticeSelect reads notices with the names lists show: department, case
// number, sender and replier.
const noticeSelect = `SELECT n.id, n.number, n.region_code, n.dept_id, COALESCE(d.name, ''), n.case_id,
	COALESCE(c.number, ''), n.subject, n.body, n.reply_due, n.status, n.reply, n.replied_by, COALESCE(r.username, ''),
	n.replied_at, n.closed_at, n.warned, n.created_by, COALESCE(a.username, ''), n.created_at, n.version
	FROM supervision_notices n LEFT JOIN depts d ON d.id = n.dept_id LEFT JOIN cases c ON c.id = n.case_id
	LEFT JOIN accounts a ON a.id = n.created_by LEFT JOIN accounts r ON r.id = n.replied_by`

func scanNotice(s scanner) (supervise.Notice, error) {
	var n supervise.Notice
	var due string
	var replied, closed, created int64
	err := s.Scan(&n.ID, &n.Number, &n.Region, &n.DeptID, &n.DeptName, &n.CaseID, &n.CaseNumber, &n.Subject, &n.Body,
		&due, &n.Status, &n.Reply, &n.RepliedBy, &n.Replier, &replied, &closed, &n.Warned, &n.CreatedBy, &n.Sender,
		&created, &n.Version)
	n.ReplyDue, n.RepliedAt, n.ClosedAt, n.CreatedAt = parseDay(due), fromMS(replied), fromMS(closed), fromMS(created)
	return n, mapErr(err)
}

// Create implements supervise.Store. The number's sequence lives in
// case_sequences under the prefix notice:REGION:YEAR.
func (s *SuperviseStore) Create(ctx context.Context, n *supervise.Notice, msgs func(supervise.Notice) []cases.Message, evs ...audit.Event) error {
	objects := make([]string, len(evs))
	for i := range evs {
		objects[i] = evs[i].ObjectID
	}
	region := n.Region
	if len(region) > 6 {
		region = region[:6]
	}
	year := n.CreatedAt.In(workcal.China).Year()
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		var seq int64
		err := tx.QueryRow(ctx, `INSERT INTO case_sequences (prefix, n) VALUES (?, 1)
			ON CONFLICT (prefix) DO UPDATE SET n = case_sequences.n + 1 RETURNING n`,
			fmt.Sprintf("notice:%s:%d", region, year)).Scan(&seq)
		if err != nil {
			return mapErr(err)
		}
		n.Number = supervise.Number(year, region, seq)
		n.ID, err = tx.InsertID(ctx, `INSERT INTO supervision_notices (number, region_code, dept_id, case_id, subject, body,
			reply_due, status, warned, created_by, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 1)`,
			n.Number, n.Region, n.DeptID, n.CaseID, n.Subject, n.Body, day(n.ReplyDue), n.Status, n.CreatedBy,
			n.CreatedAt.UnixMilli())
		if err != nil {
			return mapErr(err)
		}
		n.Version, n.Warned = 1, 0
		if err := insertMessages(ctx, tx, n.CaseID, msgs(*n)); err != nil {
			return err
		}
		for i := range evs {
			if evs[i].ObjectID = objects[i]; evs[i].ObjectID == "" {
				evs[i].ObjectID = n.Number
			}
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// Notice implements supervise.Store.
func (s *SuperviseStore) Notice(ctx context.Context, id int64) (supervise.Notice, error) {
	return scanNotice(s.db.QueryRow(ctx, noticeSelect+" WHERE n.id = ?", id))
}

// List implements supervise.Store: each scope is a range on region_code
// (supervision_notices_region), with its department when it names one.
func (s *SuperviseStore) List(ctx context.Context, f supervise.Filter) ([]supervise.Notice, error) {
	if len(f.Scopes) == 0 {
		return nil, nil
	}
	var ors []string
	var args []any
	for _, sc := range f.Scopes {
		cond, a := regionRange("n.region_code", sc.Region)
		if sc.DeptID != 0 {
			cond += " AND n.dept_id = ?"
			a = append(a, sc.DeptID)
		}
		ors = append(ors, "("+cond+")")
		args = append(args, a...)
	}
	q := noticeSelect + " WHERE (" + strings.Join(ors, " OR ") + ")"
	if f.Status != "" {
		q += " AND n.status = ?"
		args = append(args, f.Status)
	}
	if f.DeptID != 0 {
		q += " AND n.dept_id = ?"
		args = append(args, f.DeptID)
	}
	if f.Before > 0 {
		q += " AND n.id < ?"
		args = append(args, f.Before)
	}
	rows, err := s.db.Query(ctx, q+" ORDER BY n.id DESC LIMIT ?", append(args, f.Limit)...)
	return collect(rows, err, scanNotice)
}

// Update implements supervise.Store.
func (s *SuperviseStore) Update(ctx context.Context, n *supervise.Notice, msgs []cases.Message, evs ...audit.Event) error {
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE supervision_notices SET status = ?, reply = ?, replied_by = ?, replied_at = ?,
			reply_due = ?, warned = ?, closed_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			n.Status, n.Reply, n.RepliedBy, ms(n.RepliedAt), day(n.ReplyDue), n.Warned, ms(n.ClosedAt), n.ID, n.Version)
		if err != nil {
			return mapErr(err)
		}
		if err := versioned(ctx, tx, res, "supervision_notices", "id", n.ID); err != nil {
			return err
		}
		if err := insertMessages(ctx, tx, n.CaseID, msgs); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
	if err == nil {
		n.Version++
	}
	return err
}

// Events implements supervise.Store (audit_object index).
func (s *SuperviseStore) Events(ctx context.Context, number string) ([]audit.Event, error) {
	rows, err := s.db.Query(ctx, "SELECT "+auditCols+` FROM audit_events WHERE object_type = ? AND object_id = ?
		ORDER BY seq LIMIT 500`, supervise.ObjectType, number)
	return collect(rows, err, func(sc scanner) (audit.Event, error) {
		e, err := scanAuditEvent(sc)
		return e, mapErr(err)
	})
}

// Pending implements supervise.Store.
func (s *SuperviseStore) Pending(ctx context.Context, d workcal.Date, limit int) ([]supervise.Notice, error) {
	rows, err := s.db.Query(ctx, noticeSelect+` WHERE n.status = 'open' AND n.warned < 2 AND n.reply_due <= ?
		ORDER BY n.reply_due, n.id LIMIT ?`, day(d), limit)
	return collect(rows, err, scanNotice)
}

// MarkWarned implements supervise.Store. The warning does not bump the
// version: a reminder must not make a reply written meanwhile conflict.
func (s *SuperviseStore) MarkWarned(ctx context.Context, id int64, version, level int, msgs []cases.Message, evs ...audit.Event) (bool, error) {
	var done bool
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		done = false
		res, err := tx.Exec(ctx, `UPDATE supervision_notices SET warned = ?
			WHERE id = ? AND version = ? AND status = 'open' AND warned < ?`, level, id, version, level)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil // another node warned first, or the notice moved on
		}
		if err := insertMessages(ctx, tx, 0, msgs); err != nil {
			return err
		}
		done = true
		return tx.AppendAudit(ctx, evs...)
	})
	return done, err
}

// StaffWith implements supervise.Store: the staff of every role that
// carries perm (CaseStore.StaffWith per role).
func (s *SuperviseStore) StaffWith(ctx context.Context, perm access.Permission, at access.Scope) ([]int64, error) {
	cs := NewCaseStore(s.db)
	var out []int64
	for _, r := range access.Roles {
		if !r.Staff() || !r.Has(perm) {
			continue
		}
		ids, err := cs.StaffWith(ctx, string(r), at)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// overdueTasks is the condition of an overdue open task (alias t, its case c) on a day.
const overdueTasks = `t.state = 'open' AND t.due_date <> '' AND t.due_date < ? AND c.status IN ('submitted', 'in_review')`

// OverdueDepts implements supervise.Store: tasks of a department (the
// back office; acceptance tasks belong to a hall) on case_tasks_dept.
func (s *SuperviseStore) OverdueDepts(ctx context.Context, d workcal.Date) ([]supervise.DeptOverdue, error) {
	rows, err := s.db.Query(ctx, `SELECT t.dept_id, dp.name, dp.region_code, COUNT(DISTINCT t.case_id)
		FROM case_tasks t JOIN cases c ON c.id = t.case_id JOIN depts dp ON dp.id = t.dept_id
		WHERE t.dept_id <> 0 AND `+overdueTasks+`
		AND NOT EXISTS (SELECT 1 FROM overdue_digests o WHERE o.dept_id = t.dept_id AND o.day = ?)
		GROUP BY t.dept_id, dp.name, dp.region_code ORDER BY t.dept_id`, day(d), day(d))
	return collect(rows, err, func(sc scanner) (supervise.DeptOverdue, error) {
		var x supervise.DeptOverdue
		err := sc.Scan(&x.DeptID, &x.DeptName, &x.Region, &x.Cases)
		return x, mapErr(err)
	})
}

// OverdueCases implements supervise.Store.
func (s *SuperviseStore) OverdueCases(ctx context.Context, deptID int64, d workcal.Date, limit int) ([]supervise.OverdueCase, error) {
	rows, err := s.db.Query(ctx, `SELECT c.id, c.number, c.name, c.region_code, MIN(t.due_date) AS due
		FROM case_tasks t JOIN cases c ON c.id = t.case_id
		WHERE t.dept_id = ? AND `+overdueTasks+`
		GROUP BY c.id, c.number, c.name, c.region_code ORDER BY due, c.number LIMIT ?`, deptID, day(d), limit)
	return collect(rows, err, func(sc scanner) (supervise.OverdueCase, error) {
		var x supervise.OverdueCase
		var due string
		err := sc.Scan(&x.CaseID, &x.Number, &x.Name, &x.Region, &due)
		x.Due = parseDay(due)
		return x, mapErr(err)
	})
}

// SendDigest implements supervise.Store: the (dept_id, day) key lets one
// of two nodes sending at once insert the row; the other inserts nothing
// and so sends nothing.
func (s *SuperviseStore) SendDigest(ctx context.Context, g supervise.Digest, msgs []cases.Message, evs ...audit.Event) (bool, error) {
	var done bool
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		done = false
		res, err := tx.Exec(ctx, `INSERT INTO overdue_digests (dept_id, day, cases, sent_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (dept_id, day) DO NOTHING`, g.DeptID, day(g.Day), g.Cases, g.SentAt.UnixMilli())
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		if err := insertMessages(ctx, tx, 0, msgs); err != nil {
			return err
		}
		done = true
		return tx.AppendAudit(ctx, evs...)
	})
	return done, err
}
