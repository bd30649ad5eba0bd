package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/workcal"
)

// HotlineStore implements hotline.Store: tickets, ticket_depts,
// ticket_events, the subjects, rules and limits, and the messages table
// the cases share.
type HotlineStore struct{ db *DB }

// NewHotlineStore returns the hotline store on db.
func NewHotlineStore(db *DB) *HotlineStore { return &HotlineStore{db: db} }

var _ hotline.Store = (*HotlineStore)(nil)

const ticketCols = `t.id, t.number, t.channel, t.type, t.subject_code, t.region_code, t.address, t.urgency, t.complex,
	t.content, t.caller_name, t.caller_phone_enc, t.caller_phone_idx, t.caller_phone_mask, t.confidential, t.status,
	t.outcome, t.dept_id, t.taker_id, t.dispatched_at, t.sign_due, t.signed_at, t.sign_late, t.handle_due, t.replied_at,
	t.reply_late, t.first_contact, t.returns, t.return_asks, t.reopens, t.extensions, t.urges, t.satisfaction,
	t.callback_at, t.merged_into, t.warned, t.data, t.version, t.created_at, t.updated_at, t.closed_at`

func scanTicket(s scanner) (hotline.Ticket, error) {
	var t hotline.Ticket
	var idx *string
	var name, mask, data string
	var dispatched, signDue, signed, handleDue, replied, callback, created, updated, closed int64
	err := s.Scan(&t.ID, &t.Number, &t.Channel, &t.Type, &t.SubjectCode, &t.Region, &t.Address, &t.Urgency, &t.Complex,
		&t.Content, &name, &t.PhoneEnc, &idx, &mask, &t.Confidential, &t.Status,
		&t.Outcome, &t.DeptID, &t.TakerID, &dispatched, &signDue, &signed, &t.SignLate, &handleDue, &replied,
		&t.ReplyLate, &t.FirstContact, &t.Returns, &t.ReturnAsks, &t.Reopens, &t.Extensions, &t.Urges, &t.Satisfaction,
		&callback, &t.MergedInto, &t.Warned, &data, &t.Version, &created, &updated, &closed)
	if err != nil {
		return t, mapErr(err)
	}
	if idx != nil {
		t.PhoneIdx = *idx
	}
	if err := json.Unmarshal([]byte(data), &t.Detail); err != nil {
		return t, fmt.Errorf("sqlstore: ticket %s data: %w", t.Number, err)
	}
	t.Caller = &hotline.Caller{Name: name, Phone: mask}
	t.DispatchedAt, t.SignDue, t.SignedAt, t.HandleDue = fromMS(dispatched), fromMS(signDue), fromMS(signed), fromMS(handleDue)
	t.RepliedAt, t.CallbackAt, t.CreatedAt, t.UpdatedAt, t.ClosedAt = fromMS(replied), fromMS(callback), fromMS(created),
		fromMS(updated), fromMS(closed)
	return t, nil
}

// Subjects implements hotline.Store: parents before children (by code length).
func (s *HotlineStore) Subjects(ctx context.Context) ([]hotline.Subject, error) {
	rows, err := s.db.Query(ctx, `SELECT code, parent_code, name, fast_lane, active, sort FROM hotline_subjects
		ORDER BY LENGTH(code), parent_code, sort, code`)
	return collect(rows, err, func(sc scanner) (hotline.Subject, error) {
		var x hotline.Subject
		err := sc.Scan(&x.Code, &x.Parent, &x.Name, &x.FastLane, &x.Active, &x.Sort)
		return x, mapErr(err)
	})
}

// Limits implements hotline.Store.
func (s *HotlineStore) Limits(ctx context.Context, class, urgency string) (hotline.Limits, error) {
	l := hotline.Limits{Class: class, Urgency: urgency}
	err := s.db.QueryRow(ctx, `SELECT sign_n, sign_unit, handle_n, handle_unit, complex_days FROM hotline_limits
		WHERE class = ? AND urgency = ?`, class, urgency).Scan(&l.SignN, &l.SignUnit, &l.HandleN, &l.HandleUnit, &l.ComplexDays)
	return l, mapErr(err)
}

// SetLimits writes the limits of a class and urgency (an operator's
// setting; the migration seeds the defaults).
func (s *HotlineStore) SetLimits(ctx context.Context, l hotline.Limits, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO hotline_limits (class, urgency, sign_n, sign_unit, handle_n, handle_unit, complex_days,
			updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)
			ON CONFLICT (class, urgency) DO UPDATE SET sign_n = excluded.sign_n, sign_unit = excluded.sign_unit,
			handle_n = excluded.handle_n, handle_unit = excluded.handle_unit, complex_days = excluded.complex_days`,
			l.Class, l.Urgency, l.SignN, l.SignUnit, l.HandleN, l.HandleUnit, l.ComplexDays)
		if err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// AllLimits implements hotline.LimitStore: every row, default and
// enterprise first, then by class and urgency.
func (s *HotlineStore) AllLimits(ctx context.Context) ([]hotline.LimitSetting, error) {
	rows, err := s.db.Query(ctx, `SELECT class, urgency, sign_n, sign_unit, handle_n, handle_unit, complex_days, updated_by,
		updated_at FROM hotline_limits ORDER BY CASE class WHEN 'default' THEN 0 WHEN 'enterprise' THEN 1 ELSE 2 END, class, urgency`)
	return collect(rows, err, func(sc scanner) (hotline.LimitSetting, error) {
		var x hotline.LimitSetting
		var at int64
		err := sc.Scan(&x.Class, &x.Urgency, &x.SignN, &x.SignUnit, &x.HandleN, &x.HandleUnit, &x.ComplexDays, &x.UpdatedBy, &at)
		x.UpdatedAt = fromMS(at)
		return x, mapErr(err)
	})
}

// UpdateLimits implements hotline.LimitStore: it writes l when the row's
// updated_at is still wasMS (errs.Conflict otherwise; errs.NotFound for
// an unknown row), with the audit events, in one transaction.
func (s *HotlineStore) UpdateLimits(ctx context.Context, l hotline.LimitSetting, wasMS int64, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE hotline_limits SET sign_n = ?, sign_unit = ?, handle_n = ?, handle_unit = ?,
			complex_days = ?, updated_by = ?, updated_at = ? WHERE class = ? AND urgency = ? AND updated_at = ?`,
			l.SignN, l.SignUnit, l.HandleN, l.HandleUnit, l.ComplexDays, l.UpdatedBy, ms(l.UpdatedAt), l.Class, l.Urgency, wasMS)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var one int
			if err := tx.QueryRow(ctx, "SELECT 1 FROM hotline_limits WHERE class = ? AND urgency = ?", l.Class, l.Urgency).Scan(&one); err != nil {
				return mapErr(err)
			}
			return errs.E(errs.Conflict, "时限已被他人修改，请刷新后重试")
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// AppendAudit implements hotline.Auditor: audit events that change no
// ticket (revealing a caller's number).
func (s *HotlineStore) AppendAudit(ctx context.Context, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error { return tx.AppendAudit(ctx, evs...) })
}

// hotlineMarks is n comma-separated placeholders.
func hotlineMarks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// Rules implements hotline.Store.
func (s *HotlineStore) Rules(ctx context.Context, regions, subjects []string) ([]hotline.Rule, error) {
	if len(regions) == 0 || len(subjects) == 0 {
		return nil, nil
	}
	args := []any{true}
	for _, r := range regions {
		args = append(args, r)
	}
	for _, x := range subjects {
		args = append(args, x)
	}
	rows, err := s.db.Query(ctx, `SELECT r.id, r.subject_code, r.region_code, r.dept_id, d.name, r.lead
		FROM hotline_rules r JOIN depts d ON d.id = r.dept_id
		WHERE d.active = ? AND r.region_code IN (`+hotlineMarks(len(regions))+`) AND r.subject_code IN (`+hotlineMarks(len(subjects))+`)
		ORDER BY r.id`, args...)
	return collect(rows, err, func(sc scanner) (hotline.Rule, error) {
		var x hotline.Rule
		err := sc.Scan(&x.ID, &x.Subject, &x.Region, &x.DeptID, &x.DeptName, &x.Lead)
		return x, mapErr(err)
	})
}

// PutRule implements hotline.Store.
func (s *HotlineStore) PutRule(ctx context.Context, r *hotline.Rule, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		var err error
		r.ID, err = tx.InsertID(ctx, `INSERT INTO hotline_rules (subject_code, region_code, dept_id, lead, created_at)
			VALUES (?, ?, ?, ?, ?)`, r.Subject, r.Region, r.DeptID, r.Lead, time.Now().UnixMilli())
		if err != nil {
			return err
		}
		for i := range evs {
			if evs[i].ObjectID == "" {
				evs[i].ObjectID = itoa(r.ID)
			}
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// GovOffice implements hotline.Store.
func (s *HotlineStore) GovOffice(ctx context.Context, regions []string) (hotline.Dept, error) {
	for _, r := range regions {
		var d hotline.Dept
		err := s.db.QueryRow(ctx, `SELECT id, name, region_code, active FROM depts WHERE region_code = ? AND active = ?
			AND (kind = '政府办公室' OR name LIKE '%人民政府办公室') ORDER BY id LIMIT 1`, r, true).Scan(&d.ID, &d.Name, &d.Region, &d.Active)
		if err == nil {
			return d, nil
		}
		if !IsNotFound(err) {
			return d, mapErr(err)
		}
	}
	return hotline.Dept{}, errs.E(errs.NotFound, "没有人民政府办公室")
}

// Dept implements hotline.Store.
func (s *HotlineStore) Dept(ctx context.Context, id int64) (hotline.Dept, error) {
	var d hotline.Dept
	err := s.db.QueryRow(ctx, "SELECT id, name, region_code, active FROM depts WHERE id = ?", id).Scan(&d.ID, &d.Name, &d.Region, &d.Active)
	return d, mapErr(err)
}

// RegionName implements hotline.Store.
func (s *HotlineStore) RegionName(ctx context.Context, code string) (string, error) {
	var name string
	err := s.db.QueryRow(ctx, "SELECT name FROM regions WHERE code = ? AND active = ?", code, true).Scan(&name)
	return name, mapErr(err)
}

// Create implements hotline.Store. The number's sequence lives in
// case_sequences under the prefix RX:PREFECTURE:YYYYMMDD. Intakes are
// group committed (Batch) with other intakes and submissions.
func (s *HotlineStore) Create(ctx context.Context, t *hotline.Ticket, ev hotline.Event, msgs []cases.Message, evs ...audit.Event) error {
	objects := make([]string, len(evs))
	for i := range evs {
		objects[i] = evs[i].ObjectID
	}
	centre := t.Region
	if len(centre) >= 4 {
		centre = centre[:4] + "00"
	}
	date := t.CreatedAt.In(workcal.China).Format("20060102")
	data, err := json.Marshal(t.Detail)
	if err != nil {
		return err
	}
	return s.db.Batch(ctx, func(tx *Tx) error {
		var seq int64
		err := tx.QueryRow(ctx, `INSERT INTO case_sequences (prefix, n) VALUES (?, 1)
			ON CONFLICT (prefix) DO UPDATE SET n = case_sequences.n + 1 RETURNING n`, "RX:"+centre+":"+date).Scan(&seq)
		if err != nil {
			return mapErr(err)
		}
		t.Number = fmt.Sprintf("%s-RX-%s-%06d", centre, date, seq)
		var name, mask string
		if t.Caller != nil {
			name, mask = t.Caller.Name, t.Caller.Phone
		}
		t.ID, err = tx.InsertID(ctx, `INSERT INTO tickets (number, channel, type, subject_code, region_code, address, urgency,
			complex, content, caller_name, caller_phone_enc, caller_phone_idx, caller_phone_mask, confidential, status, outcome,
			taker_id, first_contact, data, version, created_at, updated_at, closed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
			t.Number, t.Channel, t.Type, t.SubjectCode, t.Region, t.Address, t.Urgency, t.Complex, t.Content, name,
			t.PhoneEnc, nullStr(t.PhoneIdx), mask, t.Confidential, t.Status, t.Outcome, t.TakerID, t.FirstContact,
			string(data), ms(t.CreatedAt), ms(t.UpdatedAt), ms(t.ClosedAt))
		if err != nil {
			return err
		}
		t.Version = 1
		if err := insertTicketEvent(ctx, tx, t.ID, ev); err != nil {
			return err
		}
		if err := insertMessages(ctx, tx, 0, msgs); err != nil {
			return err
		}
		for i := range evs {
			if evs[i].ObjectID = objects[i]; evs[i].ObjectID == "" {
				evs[i].ObjectID = t.Number
			}
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

func insertTicketEvent(ctx context.Context, tx *Tx, ticketID int64, e hotline.Event) error {
	_, err := tx.Exec(ctx, `INSERT INTO ticket_events (ticket_id, at, actor_id, actor_name, role, action, from_status, to_status,
		dept_id, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ticketID, ms(e.At), e.ActorID, e.ActorName, e.Role, e.Action,
		e.From, e.To, e.DeptID, e.Comment)
	return err
}

// Ticket implements hotline.Store.
func (s *HotlineStore) Ticket(ctx context.Context, number string) (hotline.Ticket, error) {
	return scanTicket(s.db.QueryRow(ctx, "SELECT "+ticketCols+" FROM tickets t WHERE t.number = ?", number))
}

// TicketByID implements hotline.Store.
func (s *HotlineStore) TicketByID(ctx context.Context, id int64) (hotline.Ticket, error) {
	return scanTicket(s.db.QueryRow(ctx, "SELECT "+ticketCols+" FROM tickets t WHERE t.id = ?", id))
}

// Events implements hotline.Store.
func (s *HotlineStore) Events(ctx context.Context, ticketID int64) ([]hotline.Event, error) {
	rows, err := s.db.Query(ctx, `SELECT id, ticket_id, at, actor_id, actor_name, role, action, from_status, to_status, dept_id,
		comment FROM ticket_events WHERE ticket_id = ? ORDER BY id`, ticketID)
	return collect(rows, err, func(sc scanner) (hotline.Event, error) {
		var e hotline.Event
		var at int64
		err := sc.Scan(&e.ID, &e.TicketID, &at, &e.ActorID, &e.ActorName, &e.Role, &e.Action, &e.From, &e.To, &e.DeptID, &e.Comment)
		e.At = fromMS(at)
		return e, mapErr(err)
	})
}

// Apply implements hotline.Store.
func (s *HotlineStore) Apply(ctx context.Context, chs ...hotline.Change) error {
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		for _, ch := range chs {
			t := ch.Ticket
			data, err := json.Marshal(t.Detail)
			if err != nil {
				return err
			}
			res, err := tx.Exec(ctx, `UPDATE tickets SET complex = ?, status = ?, outcome = ?, dept_id = ?, dispatched_at = ?,
				sign_due = ?, signed_at = ?, sign_late = ?, handle_due = ?, replied_at = ?, reply_late = ?, returns = ?,
				return_asks = ?, reopens = ?, extensions = ?, urges = ?, satisfaction = ?, callback_at = ?, merged_into = ?,
				warned = ?, data = ?, version = version + 1, updated_at = ?, closed_at = ? WHERE id = ? AND version = ?`,
				t.Complex, t.Status, t.Outcome, t.DeptID, ms(t.DispatchedAt), ms(t.SignDue), ms(t.SignedAt), t.SignLate,
				ms(t.HandleDue), ms(t.RepliedAt), t.ReplyLate, t.Returns, t.ReturnAsks, t.Reopens, t.Extensions, t.Urges,
				t.Satisfaction, ms(t.CallbackAt), t.MergedInto, t.Warned, string(data), ms(t.UpdatedAt), ms(t.ClosedAt),
				t.ID, t.Version)
			if err != nil {
				return err
			}
			if err := versioned(ctx, tx, res, "tickets", "id", t.ID); err != nil {
				return err
			}
			if ch.Depts != nil {
				if _, err := tx.Exec(ctx, "DELETE FROM ticket_depts WHERE ticket_id = ?", t.ID); err != nil {
					return err
				}
				for i, d := range ch.Depts {
					if _, err := tx.Exec(ctx, "INSERT INTO ticket_depts (ticket_id, dept_id, lead) VALUES (?, ?, ?)",
						t.ID, d.ID, i == 0); err != nil {
						return err
					}
				}
			}
			if err := insertTicketEvent(ctx, tx, t.ID, ch.Event); err != nil {
				return err
			}
			if err := insertMessages(ctx, tx, 0, ch.Msgs); err != nil {
				return err
			}
			if err := tx.AppendAudit(ctx, ch.Audit...); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		for _, ch := range chs {
			ch.Ticket.Version++
		}
	}
	return err
}

// metricCond is the SQL condition of each hotline.Metrics set (alias t):
// the figures count them and the lists filter by them.
var metricCond = map[string]string{
	"received":      "1 = 1",
	"first_contact": "t.first_contact = ?",
	"dispatched":    "t.dispatched_at > 0",
	"sign_ontime":   "t.signed_at > 0 AND t.sign_late = ?",
	"concluded":     "t.status = 'closed' AND t.replied_at > 0",
	"reply_ontime":  "t.status = 'closed' AND t.replied_at > 0 AND t.reply_late = ?",
	"callback":      "t.callback_at > 0",
	"satisfied":     "t.satisfaction IN ('satisfied', 'basic')",
	"returned":      "t.return_asks > 0",
	"reopened":      "t.reopens > 0",
}

// metricArgs are the arguments of metricCond (booleans bound, not spelled,
// so both engines read them).
var metricArgs = map[string][]any{"first_contact": {true}, "sign_ontime": {false}, "reply_ontime": {false}}

// scopeCond is "t lies in one of regions" (alias t).
func scopeCond(regions []string) (string, []any) {
	var ors []string
	var args []any
	for _, r := range regions {
		c, a := regionRange("t.region_code", r)
		ors = append(ors, "("+c+")")
		args = append(args, a...)
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// subjectCond is "t's subject is code or below it": codes are digits
// growing two a level, so the subtree is a range of digit strings.
func subjectCond(code string) (string, []any) {
	if end := prefixEnd(code); end != "" {
		return "t.subject_code >= ? AND t.subject_code < ?", []any{code, end}
	}
	return "t.subject_code >= ?", []any{code}
}

// List implements hotline.Store.
func (s *HotlineStore) List(ctx context.Context, f hotline.Filter) ([]hotline.Ticket, error) {
	var conds []string
	var args []any
	add := func(c string, a ...any) { conds = append(conds, c); args = append(args, a...) }
	switch {
	case len(f.Depts) > 0:
		ph := hotlineMarks(len(f.Depts))
		var a []any
		for _, d := range f.Depts {
			a = append(a, d)
		}
		add("t.id IN (SELECT ticket_id FROM ticket_depts WHERE dept_id IN ("+ph+"))", a...)
	case len(f.Regions) > 0:
		c, a := scopeCond(f.Regions)
		add(c, a...)
	case f.TakerID == 0:
		return nil, nil
	}
	if f.TakerID != 0 {
		add("t.taker_id = ?", f.TakerID)
	}
	if len(f.Statuses) > 0 {
		var a []any
		for _, st := range f.Statuses {
			a = append(a, st)
		}
		add("t.status IN ("+hotlineMarks(len(f.Statuses))+")", a...)
	}
	if f.Subject != "" {
		c, a := subjectCond(f.Subject)
		add(c, a...)
	}
	if f.Region != "" {
		c, a := regionRange("t.region_code", f.Region)
		add(c, a...)
	}
	if f.DeptID != 0 {
		add("t.dept_id = ?", f.DeptID)
	}
	if f.Type != "" {
		add("t.type = ?", f.Type)
	}
	if f.FromMS != 0 {
		add("t.created_at >= ?", f.FromMS)
	}
	if f.ToMS != 0 {
		add("t.created_at < ?", f.ToMS)
	}
	if f.Metric != "" {
		c, ok := metricCond[f.Metric]
		if !ok {
			return nil, errs.Field("metric", "指标无效")
		}
		add(c, metricArgs[f.Metric]...)
	}
	if f.Before > 0 {
		add("t.id < ?", f.Before)
	}
	q := "SELECT " + ticketCols + " FROM tickets t WHERE " + strings.Join(conds, " AND ") + " ORDER BY t.id DESC LIMIT ?"
	rows, err := s.db.Query(ctx, q, append(args, f.Limit)...)
	return collect(rows, err, scanTicket)
}

// Similar implements hotline.Store.
func (s *HotlineStore) Similar(ctx context.Context, q hotline.SimilarQuery) ([]hotline.Ticket, error) {
	rows, err := s.db.Query(ctx, "SELECT "+ticketCols+` FROM tickets t WHERE t.subject_code = ? AND t.region_code = ?
		AND t.status <> 'closed' AND t.created_at >= ? AND t.id <> ?
		ORDER BY CASE WHEN t.address = ? AND t.address <> '' THEN 0 ELSE 1 END, t.id DESC LIMIT ?`,
		q.Subject, q.Region, q.SinceMS, q.Exclude, q.Address, q.Limit)
	return collect(rows, err, scanTicket)
}

// Hotspots implements hotline.Store.
func (s *HotlineStore) Hotspots(ctx context.Context, regions []string, lastFrom, thisFrom, to int64, limit int) ([]hotline.Hotspot, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	sc, sargs := scopeCond(regions)
	args := []any{thisFrom, lastFrom, thisFrom}
	args = append(args, sargs...)
	args = append(args, lastFrom, to, limit)
	rows, err := s.db.Query(ctx, `SELECT t.subject_code, t.region_code, COALESCE(MAX(g.name), ''),
		SUM(CASE WHEN t.created_at >= ? THEN 1 ELSE 0 END) AS this_week,
		SUM(CASE WHEN t.created_at >= ? AND t.created_at < ? THEN 1 ELSE 0 END) AS last_week,
		SUM(CASE WHEN t.status <> 'closed' THEN 1 ELSE 0 END)
		FROM tickets t LEFT JOIN regions g ON g.code = t.region_code
		WHERE `+sc+` AND t.created_at >= ? AND t.created_at < ? AND t.outcome NOT IN ('duplicate', 'invalid')
		GROUP BY t.subject_code, t.region_code
		ORDER BY SUM(CASE WHEN t.created_at >= `+strconv.FormatInt(thisFrom, 10)+` THEN 1 ELSE -1 END) DESC, this_week DESC, t.subject_code, t.region_code
		LIMIT ?`, args...)
	return collect(rows, err, func(sc scanner) (hotline.Hotspot, error) {
		var h hotline.Hotspot
		err := sc.Scan(&h.Subject, &h.Region, &h.RegionName, &h.ThisWeek, &h.LastWeek, &h.Open)
		return h, mapErr(err)
	})
}

// Figures implements hotline.Store: one pass over the period's tickets,
// each metric a SUM of its condition.
func (s *HotlineStore) Figures(ctx context.Context, q hotline.FigureQuery) ([]hotline.Counts, error) {
	metrics := []string{"received", "first_contact", "dispatched", "sign_ontime", "concluded", "reply_ontime", "callback",
		"satisfied", "returned", "reopened"}
	var cols []string
	var args []any
	for _, m := range metrics {
		cols = append(cols, "SUM(CASE WHEN "+metricCond[m]+" THEN 1 ELSE 0 END)")
		args = append(args, metricArgs[m]...)
	}
	key, name, join := "CAST(t.dept_id AS TEXT)", "COALESCE(MAX(d.name), '（未派单）')", " LEFT JOIN depts d ON d.id = t.dept_id"
	group := "t.dept_id"
	if q.GroupBy == "region" {
		key, name, join, group = "t.region_code", "COALESCE(MAX(g.name), '')", " LEFT JOIN regions g ON g.code = t.region_code", "t.region_code"
	}
	sc, sargs := scopeCond(q.Regions)
	conds := []string{sc, "t.created_at >= ?", "t.created_at < ?"}
	args = append(args, sargs...)
	args = append(args, q.FromMS, q.ToMS)
	if q.Region != "" {
		c, a := regionRange("t.region_code", q.Region)
		conds = append(conds, c)
		args = append(args, a...)
	}
	if q.DeptID != 0 {
		conds = append(conds, "t.dept_id = ?")
		args = append(args, q.DeptID)
	}
	rows, err := s.db.Query(ctx, "SELECT "+key+", "+name+", "+strings.Join(cols, ", ")+" FROM tickets t"+join+
		" WHERE "+strings.Join(conds, " AND ")+" GROUP BY "+group+" ORDER BY "+group, args...)
	return collect(rows, err, func(sc scanner) (hotline.Counts, error) {
		var c hotline.Counts
		err := sc.Scan(&c.Key, &c.Name, &c.Received, &c.FirstContact, &c.Dispatched, &c.SignOntime, &c.Concluded,
			&c.ReplyOntime, &c.Callbacks, &c.Satisfied, &c.Returned, &c.Reopened)
		return c, mapErr(err)
	})
}

// Overdue implements hotline.Store.
func (s *HotlineStore) Overdue(ctx context.Context, nowMS int64, limit int) ([]hotline.Ticket, error) {
	rows, err := s.db.Query(ctx, "SELECT "+ticketCols+` FROM tickets t WHERE t.status IN ('dispatched', 'handling', 'extending')
		AND ((t.status = 'dispatched' AND t.sign_due > 0 AND t.sign_due < ? AND (t.warned & 1) = 0)
		OR (t.handle_due > 0 AND t.handle_due < ? AND (t.warned & 2) = 0))
		ORDER BY t.id LIMIT ?`, nowMS, nowMS, limit)
	return collect(rows, err, scanTicket)
}

// StaffWith implements hotline.Store.
func (s *HotlineStore) StaffWith(ctx context.Context, perm access.Permission, at access.Scope) ([]int64, error) {
	return NewSuperviseStore(s.db).StaffWith(ctx, perm, at)
}
