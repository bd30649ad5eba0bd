package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/stats"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// CaseStore implements cases.Store.
type CaseStore struct{ db *DB }

// NewCaseStore returns the case store on db.
func NewCaseStore(db *DB) *CaseStore { return &CaseStore{db: db} }

const caseCols = `id, number, parent_id, bundle_code, item_code, item_version, name, dept_id, region_code,
	intake_region, intake_hall_id, applicant_id, filer_id, channel, status, stage, instant, submitted_at,
	accepted_at, concluded_at, delivered_at, corrections, deemed, overdue, accepted_by, data, version, created_at, updated_at`

func scanCase(row interface{ Scan(...any) error }) (cases.Case, error) {
	var c cases.Case
	var status, data string
	var sub, acc, con, del, created, updated int64
	err := row.Scan(&c.ID, &c.Number, &c.ParentID, &c.BundleCode, &c.ItemCode, &c.ItemVersion, &c.Name, &c.DeptID,
		&c.RegionCode, &c.IntakeRegion, &c.IntakeHallID, &c.ApplicantID, &c.FilerID, &c.Channel, &status, &c.Stage,
		&c.Instant, &sub, &acc, &con, &del, &c.Corrections, &c.Deemed, &c.Overdue, &c.AcceptedBy, &data, &c.Version, &created, &updated)
	if err != nil {
		return c, mapErr(err)
	}
	c.Status = cases.Status(status)
	c.SubmittedAt, c.AcceptedAt, c.ConcludedAt, c.DeliveredAt = fromMS(sub), fromMS(acc), fromMS(con), fromMS(del)
	c.CreatedAt, c.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	if err := json.Unmarshal([]byte(data), &c.Detail); err != nil {
		return c, fmt.Errorf("case %s: bad data: %w", c.Number, err)
	}
	return c, nil
}

func day(d workcal.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func parseDay(s string) workcal.Date {
	if s == "" {
		return workcal.Date{}
	}
	d, _ := workcal.ParseDate(s)
	return d
}

// Create implements cases.Store: the cases are group committed.
func (s *CaseStore) Create(ctx context.Context, cs []cases.NewCase, evs ...audit.Event) error {
	// A batch may run fn more than once: what it fills in (parents, object
	// ids) starts each run from what the caller gave.
	parents := make([]int64, len(cs))
	for i := range cs {
		parents[i] = cs[i].Case.ParentID
	}
	objects := make([]string, len(evs))
	for i := range evs {
		objects[i] = evs[i].ObjectID
	}
	return s.db.Batch(ctx, func(tx *Tx) error {
		// The figures first: every writer takes the counter rows before the
		// list counters (Apply too), so PostgreSQL writers never wait on
		// each other in a cycle.
		counts := stats.Delta{}
		for i := range cs {
			stats.AddCase(counts, stats.CaseOf(cs[i].Case), 1)
		}
		if err := addStats(ctx, tx, counts); err != nil {
			return err
		}
		var parentID int64
		for i := range cs {
			nc := &cs[i]
			c := nc.Case
			c.ParentID = parents[i]
			if i > 0 && c.ParentID == 0 {
				c.ParentID = parentID
			}
			n, err := nextNumber(ctx, tx, c)
			if err != nil {
				return err
			}
			c.Number = n
			data, err := json.Marshal(c.Detail)
			if err != nil {
				return err
			}
			c.ID, err = tx.InsertID(ctx, `INSERT INTO cases (number, parent_id, bundle_code, item_code, item_version, name,
				dept_id, region_code, intake_region, intake_hall_id, applicant_id, filer_id, channel, status, stage, instant,
				submitted_at, accept_due, accepted_at, due_date, concluded_at, delivered_at, corrections, deemed, overdue,
				accepted_by, accept_late, visits, used_days, promised_days, data, version, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
				c.Number, c.ParentID, c.BundleCode, c.ItemCode, c.ItemVersion, c.Name, c.DeptID, c.RegionCode,
				c.IntakeRegion, c.IntakeHallID, c.ApplicantID, c.FilerID, c.Channel, string(c.Status), c.Stage, c.Instant,
				ms(c.SubmittedAt), day(c.Clock.AcceptDue), ms(c.AcceptedAt), day(c.Clock.Due), ms(c.ConcludedAt),
				ms(c.DeliveredAt), c.Corrections, c.Deemed, c.Overdue, c.AcceptedBy, c.AcceptedLate(), c.Visits, c.Clock.Used,
				c.PromisedDays(), string(data), c.CreatedAt.UnixMilli(), c.UpdatedAt.UnixMilli())
			if err != nil {
				return err
			}
			c.Version = 1
			if i == 0 && c.ItemCode == "" {
				parentID = c.ID
			}
			if c.ParentID == 0 {
				if err := bumpCounter(ctx, tx, mineKey(c.ApplicantID), 1); err != nil {
					return err
				}
				if c.FilerID != 0 && c.FilerID != c.ApplicantID {
					if err := bumpCounter(ctx, tx, filedKey(c.FilerID), 1); err != nil {
						return err
					}
				}
			}
			nc.Event.CaseID = c.ID
			ch := cases.Change{Case: c, NewTasks: nc.Tasks, Event: nc.Event, Files: nc.Files, Owners: nc.Owners,
				Docs: nc.Docs, Msgs: nc.Msgs}
			if err := s.writeParts(ctx, tx, &ch); err != nil {
				return err
			}
		}
		for i := range evs {
			if evs[i].ObjectID = objects[i]; evs[i].ObjectID == "" {
				evs[i].ObjectID = cs[0].Case.Number
			}
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// nextNumber hands out the case number: home region (county level),
// date in China, and the day's sequence in that region.
func nextNumber(ctx context.Context, tx *Tx, c *cases.Case) (string, error) {
	region := c.RegionCode
	if len(region) > 6 {
		region = region[:6]
	}
	prefix := region + "-" + c.CreatedAt.In(workcal.China).Format("20060102")
	var n int64
	err := tx.QueryRow(ctx, `INSERT INTO case_sequences (prefix, n) VALUES (?, 1)
		ON CONFLICT (prefix) DO UPDATE SET n = case_sequences.n + 1 RETURNING n`, prefix).Scan(&n)
	if err != nil {
		return "", mapErr(err)
	}
	return fmt.Sprintf("%s-%06d", prefix, n), nil
}

func mineKey(id int64) string { return fmt.Sprintf("mine:%d", id) }

// filedKey counts the cases a clerk or agent filed for others.
func filedKey(id int64) string { return fmt.Sprintf("filed:%d", id) }

// RebuildCounters recomputes the kept list totals from the rows, with the
// keys mineKey, filedKey and taskKeys write (after a bulk load, or to
// repair them).
func (s *CaseStore) RebuildCounters(ctx context.Context) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		for _, q := range []string{
			"DELETE FROM case_counters",
			`INSERT INTO case_counters (key, n) SELECT 'mine:' || CAST(applicant_id AS TEXT), COUNT(*) FROM cases
				WHERE parent_id = 0 GROUP BY applicant_id`,
			`INSERT INTO case_counters (key, n) SELECT 'filed:' || CAST(filer_id AS TEXT), COUNT(*) FROM cases
				WHERE parent_id = 0 AND filer_id <> 0 AND filer_id <> applicant_id GROUP BY filer_id`,
			`INSERT INTO case_counters (key, n) SELECT 'open:' || role || ':h' || CAST(hall_id AS TEXT), COUNT(*) FROM case_tasks
				WHERE state = 'open' AND hall_id <> 0 GROUP BY role, hall_id`,
			`INSERT INTO case_counters (key, n) SELECT 'open:' || role || ':d' || CAST(dept_id AS TEXT), COUNT(*) FROM case_tasks
				WHERE state = 'open' AND dept_id <> 0 GROUP BY role, dept_id`,
			`INSERT INTO case_counters (key, n) SELECT 'open:a' || CAST(assignee_id AS TEXT), COUNT(*) FROM case_tasks
				WHERE state = 'open' AND assignee_id <> 0 GROUP BY assignee_id`,
		} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("rebuild counters: %w", err)
			}
		}
		return nil
	})
}

// taskKeys are the counters an open task counts in.
func taskKeys(t cases.Task) []string {
	var keys []string
	if t.HallID != 0 {
		keys = append(keys, fmt.Sprintf("open:%s:h%d", t.Role, t.HallID))
	}
	if t.DeptID != 0 {
		keys = append(keys, fmt.Sprintf("open:%s:d%d", t.Role, t.DeptID))
	}
	if t.AssigneeID != 0 {
		keys = append(keys, fmt.Sprintf("open:a%d", t.AssigneeID))
	}
	return keys
}

func bumpCounter(ctx context.Context, tx *Tx, key string, delta int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO case_counters (key, n) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET n = case_counters.n + excluded.n`, key, delta)
	return err
}

func bumpTask(ctx context.Context, tx *Tx, t cases.Task, delta int64) error {
	if t.State != cases.TaskOpen {
		return nil
	}
	for _, k := range taskKeys(t) {
		if err := bumpCounter(ctx, tx, k, delta); err != nil {
			return err
		}
	}
	return nil
}

// writeParts writes what comes with a case row: tasks, the event, files,
// documents and messages.
func (s *CaseStore) writeParts(ctx context.Context, tx *Tx, ch *cases.Change) error {
	c := ch.Case
	if err := updateTasks(ctx, tx, c.ID, ch.Tasks); err != nil {
		return err
	}
	for _, t := range ch.NewTasks {
		_, err := tx.Exec(ctx, `INSERT INTO case_tasks (case_id, step_key, step_name, stage, role, region_code, dept_id,
			hall_id, assignee_id, state, started_on, due_date, due_explain, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, t.StepKey, t.StepName, t.Stage, t.Role, t.Region,
			t.DeptID, t.HallID, t.AssigneeID, t.State, day(t.StartedOn), day(t.Due), t.DueExplain, t.CreatedAt.UnixMilli())
		if err != nil {
			return err
		}
		if err := bumpTask(ctx, tx, t, 1); err != nil {
			return err
		}
	}
	if ch.Event.Action != "" {
		if err := insertEvent(ctx, tx, c.ID, ch.Event); err != nil {
			return err
		}
	}
	for _, f := range slices.Compact(slices.Sorted(slices.Values(ch.Files))) {
		args := []any{c.ID, f}
		ph := make([]string, len(ch.Owners))
		for i, o := range ch.Owners {
			ph[i] = "?"
			args = append(args, o)
		}
		if len(ph) == 0 {
			return errs.Field("materials", "文件 %s 不属于申请人", f)
		}
		res, err := tx.Exec(ctx, "UPDATE files SET case_id = ? WHERE id = ? AND case_id = 0 AND owner_id IN ("+strings.Join(ph, ",")+")", args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Field("materials", "文件 %s 不存在、不属于申请人或已用于其他办件，请重新上传", f)
		}
	}
	for _, d := range ch.Docs {
		content, err := json.Marshal(d.Content)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "INSERT INTO case_documents (case_id, kind, number, check_code, content, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			c.ID, d.Kind, d.Number, d.CheckCode, string(content), d.CreatedAt.UnixMilli())
		if err != nil {
			return err
		}
	}
	return insertMessages(ctx, tx, c.ID, ch.Msgs)
}

// updateTasks writes changed tasks of a case, moving the open-task
// counters from what each task was to what it is.
func updateTasks(ctx context.Context, tx *Tx, caseID int64, tasks []cases.Task) error {
	for _, t := range tasks {
		old, err := scanTask(tx.QueryRow(ctx, "SELECT "+taskCols+" FROM case_tasks WHERE id = ? AND case_id = ?", t.ID, caseID))
		if err != nil {
			return err
		}
		if err := bumpTask(ctx, tx, old, -1); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE case_tasks SET state = ?, assignee_id = ?, due_date = ?, opinion = ?, done_by = ?,
			done_at = ?, due_explain = ? WHERE id = ?`, t.State, t.AssigneeID, day(t.Due), t.Opinion, t.DoneBy, ms(t.DoneAt),
			t.DueExplain, t.ID)
		if err != nil {
			return err
		}
		if err := bumpTask(ctx, tx, t, 1); err != nil {
			return err
		}
	}
	return nil
}

func insertEvent(ctx context.Context, tx *Tx, caseID int64, e cases.Event) error {
	data := ""
	if len(e.Data) > 0 {
		b, err := json.Marshal(e.Data)
		if err != nil {
			return err
		}
		data = string(b)
	}
	_, err := tx.Exec(ctx, `INSERT INTO case_events (case_id, at, actor_id, actor_name, role, action, from_status, to_status, comment, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, caseID, e.At.UnixMilli(), e.ActorID, e.ActorName, e.Role, e.Action,
		string(e.From), string(e.To), e.Comment, data)
	return err
}

func insertMessages(ctx context.Context, tx *Tx, caseID int64, msgs []cases.Message) error {
	for _, m := range msgs {
		if m.CaseID == 0 {
			m.CaseID = caseID
		}
		_, err := tx.Exec(ctx, `INSERT INTO messages (account_id, case_id, kind, subject, body, channels, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, m.AccountID, m.CaseID, m.Kind, m.Subject, m.Body, m.Channels, m.CreatedAt.UnixMilli())
		if err != nil {
			return err
		}
	}
	return nil
}

// Apply implements cases.Store. On success ch.Case carries its new version.
func (s *CaseStore) Apply(ctx context.Context, ch cases.Change) error {
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		before, err := statCase(ctx, tx, ch.Case.ID)
		if err != nil {
			return err
		}
		if err := updateCase(ctx, tx, ch.Case); err != nil {
			return err
		}
		counts := stats.Delta{}
		stats.AddCase(counts, before, -1)
		stats.AddCase(counts, stats.CaseOf(ch.Case), 1)
		if err := addStats(ctx, tx, counts); err != nil {
			return err
		}
		ch.Event.CaseID = ch.Case.ID
		if err := s.writeParts(ctx, tx, &ch); err != nil {
			return err
		}
		for _, m := range ch.Children {
			if err := moveChild(ctx, tx, ch.Case, m); err != nil {
				return err
			}
		}
		if ch.Case.ParentID != 0 {
			if err := rollUp(ctx, tx, ch.Case); err != nil {
				return err
			}
		}
		return tx.AppendAudit(ctx, ch.Audit...)
	})
	if err == nil {
		ch.Case.Version++
	}
	return err
}

// moveChild moves a bundle's child along with its parent p: delivered
// with it, or withdrawn (concluded) with it.
func moveChild(ctx context.Context, tx *Tx, p *cases.Case, m cases.ChildMove) error {
	col, at := "concluded_at", p.ConcludedAt
	if m.To == cases.Delivered {
		col, at = "delivered_at", p.DeliveredAt
	}
	before, err := statCase(ctx, tx, m.ID)
	if err != nil {
		return err
	}
	res, err := tx.Exec(ctx, "UPDATE cases SET status = ?, "+col+" = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
		string(m.To), ms(at), ms(p.UpdatedAt), m.ID, m.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.Conflict, "一件事的子件已变化，请刷新后重试")
	}
	after, err := statCase(ctx, tx, m.ID)
	if err != nil {
		return err
	}
	counts := stats.Delta{}
	stats.AddCase(counts, before, -1)
	stats.AddCase(counts, after, 1)
	if err := addStats(ctx, tx, counts); err != nil {
		return err
	}
	if err := updateTasks(ctx, tx, m.ID, m.Tasks); err != nil {
		return err
	}
	return insertEvent(ctx, tx, m.ID, m.Event)
}

// updateCase writes c when its stored version is still c.Version (and
// bumps the stored one; c is left as it was, so a retried transaction
// checks the same version).
func updateCase(ctx context.Context, tx *Tx, c *cases.Case) error {
	data, err := json.Marshal(c.Detail)
	if err != nil {
		return err
	}
	res, err := tx.Exec(ctx, `UPDATE cases SET status = ?, stage = ?, submitted_at = ?, accept_due = ?, accepted_at = ?, due_date = ?,
		concluded_at = ?, delivered_at = ?, corrections = ?, deemed = ?, overdue = ?, accepted_by = ?, accept_late = ?,
		visits = ?, used_days = ?, promised_days = ?, data = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		string(c.Status), c.Stage, ms(c.SubmittedAt), day(c.Clock.AcceptDue), ms(c.AcceptedAt), day(c.Clock.Due), ms(c.ConcludedAt),
		ms(c.DeliveredAt), c.Corrections, c.Deemed, c.Overdue, c.AcceptedBy, c.AcceptedLate(), c.Visits, c.Clock.Used,
		c.PromisedDays(), string(data), c.UpdatedAt.UnixMilli(), c.ID, c.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.Conflict, "办件已被他人处理，请刷新后重试")
	}
	return nil
}

// rollUp recomputes a bundle case's status from its children, inside the
// transaction that changed one of them (the parent row is locked first on
// PostgreSQL, so two children concluding at once are counted in turn).
func rollUp(ctx context.Context, tx *Tx, child *cases.Case) error {
	parent, err := scanCase(tx.QueryRow(ctx, "SELECT "+caseCols+" FROM cases WHERE id = ?"+tx.db.forUpdate(), child.ParentID))
	if err != nil {
		return err
	}
	rows, err := tx.Query(ctx, "SELECT status, data FROM cases WHERE parent_id = ?", parent.ID)
	if err != nil {
		return err
	}
	var sts, results []cases.Status
	for rows.Next() {
		var st, data string
		if err := rows.Scan(&st, &data); err != nil {
			rows.Close()
			return err
		}
		var d struct {
			Decision *cases.Decision `json:"decision"`
		}
		_ = json.Unmarshal([]byte(data), &d)
		sts = append(sts, cases.Status(st))
		r := cases.Status(st)
		if d.Decision != nil {
			r = d.Decision.Result
		}
		results = append(results, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	to := cases.ParentStatus(sts, results)
	if to == parent.Status || parent.Status == cases.Delivered {
		return nil
	}
	from := parent.Status
	parent.Status, parent.UpdatedAt = to, child.UpdatedAt
	if to.Concluded() {
		parent.ConcludedAt = child.UpdatedAt
		parent.Clock.ConcludedOn = workcal.Today(child.UpdatedAt)
	}
	if to == cases.InReview && parent.Clock.AcceptedOn.IsZero() {
		parent.AcceptedAt, parent.Clock.AcceptedOn = child.AcceptedAt, child.Clock.AcceptedOn
	}
	if err := updateCase(ctx, tx, &parent); err != nil {
		return err
	}
	a := audit.ActorFrom(ctx)
	return insertEvent(ctx, tx, parent.ID, cases.Event{At: child.UpdatedAt, ActorID: a.ID, ActorName: a.Name, Role: a.Role,
		Action: "child_update", From: from, To: to, Comment: fmt.Sprintf("子件 %s（%s）%s", child.Number, child.Name, child.Status.Title())})
}

// Case implements cases.Store.
func (s *CaseStore) Case(ctx context.Context, number string) (cases.Case, error) {
	return scanCase(s.db.QueryRow(ctx, "SELECT "+caseCols+" FROM cases WHERE number = ?", number))
}

// CaseByID implements cases.Store.
func (s *CaseStore) CaseByID(ctx context.Context, id int64) (cases.Case, error) {
	return scanCase(s.db.QueryRow(ctx, "SELECT "+caseCols+" FROM cases WHERE id = ?", id))
}

const taskCols = `id, case_id, step_key, step_name, stage, role, region_code, dept_id, hall_id, assignee_id, state,
	started_on, due_date, due_explain, warned, opinion, done_by, done_at, created_at`

// taskRow receives one row of taskCols; Task converts what needs it.
type taskRow struct {
	t               cases.Task
	started, due    string
	doneAt, created int64
}

func (x *taskRow) dest() []any {
	t := &x.t
	return []any{&t.ID, &t.CaseID, &t.StepKey, &t.StepName, &t.Stage, &t.Role, &t.Region, &t.DeptID, &t.HallID,
		&t.AssigneeID, &t.State, &x.started, &x.due, &t.DueExplain, &t.Warned, &t.Opinion, &t.DoneBy, &x.doneAt, &x.created}
}

func (x *taskRow) task() cases.Task {
	t := x.t
	t.StartedOn, t.Due, t.DoneAt, t.CreatedAt = parseDay(x.started), parseDay(x.due), fromMS(x.doneAt), time.UnixMilli(x.created).UTC()
	return t
}

func scanTask(row interface{ Scan(...any) error }, extra ...any) (cases.Task, error) {
	var x taskRow
	if err := row.Scan(append(x.dest(), extra...)...); err != nil {
		return cases.Task{}, mapErr(err)
	}
	return x.task(), nil
}

// Tasks implements cases.Store.
func (s *CaseStore) Tasks(ctx context.Context, caseID int64) ([]cases.Task, error) {
	// The assignee's username comes along in the same query.
	rows, err := s.db.Query(ctx, "SELECT "+prefixCols("t.", taskCols)+", COALESCE(a.username, '')"+
		" FROM case_tasks t LEFT JOIN accounts a ON a.id = t.assignee_id WHERE t.case_id = ? ORDER BY t.id", caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Task
	for rows.Next() {
		var name string
		t, err := scanTask(rows, &name)
		if err != nil {
			return nil, err
		}
		t.Assignee = name
		out = append(out, t)
	}
	return out, rows.Err()
}

// Events implements cases.Store.
func (s *CaseStore) Events(ctx context.Context, caseID int64) ([]cases.Event, error) {
	rows, err := s.db.Query(ctx, `SELECT id, case_id, at, actor_id, actor_name, role, action, from_status, to_status,
		comment, data FROM case_events WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Event
	for rows.Next() {
		var e cases.Event
		var at int64
		var from, to, data string
		if err := rows.Scan(&e.ID, &e.CaseID, &at, &e.ActorID, &e.ActorName, &e.Role, &e.Action, &from, &to, &e.Comment, &data); err != nil {
			return nil, mapErr(err)
		}
		e.At, e.From, e.To = time.UnixMilli(at).UTC(), cases.Status(from), cases.Status(to)
		if data != "" {
			_ = json.Unmarshal([]byte(data), &e.Data)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

const docCols = "id, case_id, kind, number, check_code, content, created_at"

func scanDoc(row interface{ Scan(...any) error }) (cases.Document, error) {
	var d cases.Document
	var content string
	var created int64
	if err := row.Scan(&d.ID, &d.CaseID, &d.Kind, &d.Number, &d.CheckCode, &content, &created); err != nil {
		return d, mapErr(err)
	}
	d.CreatedAt = time.UnixMilli(created).UTC()
	return d, json.Unmarshal([]byte(content), &d.Content)
}

// Documents implements cases.Store.
func (s *CaseStore) Documents(ctx context.Context, caseID int64) ([]cases.Document, error) {
	rows, err := s.db.Query(ctx, "SELECT "+docCols+" FROM case_documents WHERE case_id = ? ORDER BY id", caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Document
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DocumentByCode implements cases.Store.
func (s *CaseStore) DocumentByCode(ctx context.Context, code string) (cases.Document, error) {
	return scanDoc(s.db.QueryRow(ctx, "SELECT "+docCols+" FROM case_documents WHERE check_code = ?", code))
}

const summaryCols = `c.id, c.number, c.name, c.parent_id, c.bundle_code, c.item_code, c.dept_id, c.region_code,
	c.intake_region, c.intake_hall_id, c.applicant_id, c.channel, c.status, c.corrections, c.deemed, c.submitted_at,
	c.accept_due, c.due_date, c.version, c.data`

// summaryRow receives one row of summaryCols; Summary converts what needs it.
type summaryRow struct {
	c                            cases.Summary
	status, acceptDue, due, data string
}

func (x *summaryRow) dest() []any {
	c := &x.c
	return []any{&c.ID, &c.Number, &c.Name, &c.ParentID, &c.BundleCode, &c.ItemCode, &c.DeptID, &c.RegionCode,
		&c.IntakeRegion, &c.IntakeHallID, &c.ApplicantID, &c.Channel, &x.status, &c.Corrections, &c.Deemed, &c.SubmittedAt,
		&x.acceptDue, &x.due, &c.Version, &x.data}
}

func (x *summaryRow) summary() cases.Summary {
	c := x.c
	c.Status, c.AcceptDue, c.Due = cases.Status(x.status), parseDay(x.acceptDue), parseDay(x.due)
	var d struct {
		Applicant cases.Party `json:"applicant"`
	}
	_ = json.Unmarshal([]byte(x.data), &d)
	c.Applicant = listName(d.Applicant)
	return c
}

func scanSummary(row interface{ Scan(...any) error }, extra ...any) (cases.Summary, error) {
	var x summaryRow
	if err := row.Scan(append(x.dest(), extra...)...); err != nil {
		return cases.Summary{}, mapErr(err)
	}
	return x.summary(), nil
}

// caseTrace, when set (by the plan tests), sees every query a case list
// or inbox runs.
var caseTrace func(query string, args []any)

// query runs a list query on the reader pool.
func (s *CaseStore) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if caseTrace != nil {
		caseTrace(q, args)
	}
	return s.db.Query(ctx, q, args...)
}

// List implements cases.Store.
func (s *CaseStore) List(ctx context.Context, f cases.ListFilter) ([]cases.Summary, int, error) {
	var where []string
	var args []any
	counter := ""
	switch {
	case f.Figure != nil:
		w, a, err := figureWhere(f.Figure)
		if err != nil {
			return nil, 0, err
		}
		where, args = append(where, w), append(args, a...)
	case f.ApplicantID != 0:
		// +parent_id: the condition holds for nearly every case, so it must
		// not lead the plan (SQLite would walk cases_parent in id order).
		where = append(where, "c.applicant_id = ? AND +c.parent_id = 0")
		args = append(args, f.ApplicantID)
		counter = mineKey(f.ApplicantID)
	case f.FilerID != 0:
		where = append(where, "c.filer_id = ? AND +c.parent_id = 0")
		args = append(args, f.FilerID)
		counter = filedKey(f.FilerID)
	case f.ParentID != 0:
		where = append(where, "c.parent_id = ?")
		args = append(args, f.ParentID)
	case f.HallID != 0:
		where = append(where, "c.intake_hall_id = ?")
		args = append(args, f.HallID)
	case f.DeptID != 0:
		where = append(where, "c.dept_id = ?")
		args = append(args, f.DeptID)
	case f.Region != "":
		home, a1 := regionRange("c.region_code", f.Region)
		in, a2 := regionRange("c.intake_region", f.Region)
		where = append(where, "(("+home+") OR ("+in+"))")
		args = append(append(args, a1...), a2...)
	default:
		return nil, 0, errs.E(errs.Invalid, "列表缺少范围条件")
	}
	if f.Status != "" {
		where = append(where, "c.status = ?")
		args = append(args, string(f.Status))
		counter = ""
	}
	cond := strings.Join(where, " AND ")
	total, err := s.total(ctx, counter, "SELECT COUNT(*) FROM cases c WHERE "+cond, args)
	if err != nil {
		return nil, 0, err
	}
	if f.Before != 0 {
		cond += " AND c.id < ?"
		args = append(args, f.Before)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.query(ctx, "SELECT "+summaryCols+" FROM cases c WHERE "+cond+" ORDER BY c.id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []cases.Summary
	for rows.Next() {
		c, err := scanSummary(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// total reads a kept counter, or counts.
func (s *CaseStore) total(ctx context.Context, counter, count string, args []any) (int, error) {
	var n int64
	if counter != "" {
		err := s.db.QueryRow(ctx, "SELECT n FROM case_counters WHERE key = ?", counter).Scan(&n)
		if IsNotFound(err) {
			return 0, nil
		}
		return int(n), mapErr(err)
	}
	if caseTrace != nil {
		caseTrace(count, args)
	}
	err := s.db.QueryRow(ctx, count, args...).Scan(&n)
	return int(n), mapErr(err)
}

// Inbox implements cases.Store.
func (s *CaseStore) Inbox(ctx context.Context, f cases.InboxFilter) ([]cases.InboxRow, int, error) {
	var scopes []string
	var args []any
	counter := ""
	for _, sc := range f.Scopes {
		switch {
		case sc.HallID != 0:
			scopes = append(scopes, "(t.role = ? AND t.hall_id = ?)")
			args = append(args, sc.Role, sc.HallID)
			counter = fmt.Sprintf("open:%s:h%d", sc.Role, sc.HallID)
		case sc.DeptID != 0:
			scopes = append(scopes, "(t.role = ? AND t.dept_id = ?)")
			args = append(args, sc.Role, sc.DeptID)
			counter = fmt.Sprintf("open:%s:d%d", sc.Role, sc.DeptID)
		default:
			r, ra := regionRange("t.region_code", sc.Region)
			scopes = append(scopes, "(t.role = ? AND "+r+")")
			args = append(append(args, sc.Role), ra...)
		}
	}
	if len(f.Scopes) != 1 {
		counter = ""
	}
	cond := "t.state = 'open' AND (" + strings.Join(scopes, " OR ") + ")"
	if f.AssigneeID != 0 {
		cond += " AND t.assignee_id = ?"
		args = append(args, f.AssigneeID)
		counter = fmt.Sprintf("open:a%d", f.AssigneeID)
		if len(f.Scopes) != 1 {
			counter = ""
		}
	}
	total, err := s.total(ctx, counter, "SELECT COUNT(*) FROM case_tasks t WHERE "+cond, args)
	if err != nil {
		return nil, 0, err
	}
	if !f.AfterDue.IsZero() {
		cond += " AND (t.due_date > ? OR (t.due_date = ? AND t.id > ?))"
		args = append(args, day(f.AfterDue), day(f.AfterDue), f.AfterID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.query(ctx, "SELECT "+prefixCols("t.", taskCols)+", "+summaryCols+
		" FROM case_tasks t JOIN cases c ON c.id = t.case_id WHERE "+cond+" ORDER BY t.due_date, t.id LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out, err := scanInbox(rows)
	return out, total, err
}

func scanInbox(rows *sql.Rows) ([]cases.InboxRow, error) {
	var out []cases.InboxRow
	for rows.Next() {
		var t taskRow
		var c summaryRow
		if err := rows.Scan(append(t.dest(), c.dest()...)...); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, cases.InboxRow{Task: t.task(), Case: c.summary()})
	}
	return out, rows.Err()
}

// prefixCols qualifies a column list with a table alias.
func prefixCols(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// AcceptOverdue implements cases.Store.
func (s *CaseStore) AcceptOverdue(ctx context.Context, d workcal.Date, limit int) ([]cases.Case, error) {
	rows, err := s.db.Query(ctx, "SELECT "+caseCols+" FROM cases WHERE status = 'submitted' AND accept_due < ? AND accept_due <> '' AND item_code <> '' ORDER BY accept_due LIMIT ?",
		day(d), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TasksDue implements cases.Store.
func (s *CaseStore) TasksDue(ctx context.Context, d workcal.Date, level, limit int) ([]cases.InboxRow, error) {
	rows, err := s.db.Query(ctx, "SELECT "+prefixCols("t.", taskCols)+", "+summaryCols+
		` FROM case_tasks t JOIN cases c ON c.id = t.case_id
		WHERE t.state = 'open' AND t.due_date <= ? AND t.warned < ? AND c.status IN ('submitted', 'in_review')
		ORDER BY t.due_date, t.id LIMIT ?`, day(d), level, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanInbox(rows)
}

// MarkWarned implements cases.Store.
func (s *CaseStore) MarkWarned(ctx context.Context, taskID int64, level int, msgs []cases.Message, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, "UPDATE case_tasks SET warned = ? WHERE id = ? AND warned < ?", level, taskID, level)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil // another node warned first
		}
		if err := insertMessages(ctx, tx, 0, msgs); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// Messages implements cases.Store.
func (s *CaseStore) Messages(ctx context.Context, accountID int64, limit int) ([]cases.Message, error) {
	rows, err := s.db.Query(ctx, `SELECT m.id, m.account_id, m.case_id, COALESCE(c.number, ''), m.kind, m.subject, m.body,
		m.channels, m.created_at, m.read_at FROM messages m LEFT JOIN cases c ON c.id = m.case_id
		WHERE m.account_id = ? ORDER BY m.id DESC LIMIT ?`, accountID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanMessages(rows)
}

func scanMessages(rows *sql.Rows) ([]cases.Message, error) {
	var out []cases.Message
	for rows.Next() {
		var m cases.Message
		var created, read int64
		if err := rows.Scan(&m.ID, &m.AccountID, &m.CaseID, &m.Number, &m.Kind, &m.Subject, &m.Body, &m.Channels, &created, &read); err != nil {
			return nil, mapErr(err)
		}
		m.CreatedAt, m.ReadAt = time.UnixMilli(created).UTC(), fromMS(read)
		out = append(out, m)
	}
	return out, rows.Err()
}

// MarkRead implements cases.Store. Reading a message is not audited.
func (s *CaseStore) MarkRead(ctx context.Context, accountID int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		for _, id := range ids {
			if _, err := tx.Exec(ctx, "UPDATE messages SET read_at = ? WHERE id = ? AND account_id = ? AND read_at = 0",
				time.Now().UnixMilli(), id, accountID); err != nil {
				return err
			}
		}
		return nil
	})
}

// PendingMessages implements cases.Store.
func (s *CaseStore) PendingMessages(ctx context.Context, limit int) ([]cases.Message, error) {
	rows, err := s.db.Query(ctx, `SELECT m.id, m.account_id, m.case_id, COALESCE(c.number, ''), m.kind, m.subject, m.body,
		m.channels, m.created_at, m.read_at FROM messages m LEFT JOIN cases c ON c.id = m.case_id
		WHERE m.sent_at = 0 AND m.channels <> '' AND m.attempts < 5 ORDER BY m.id LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanMessages(rows)
}

// MarkSent implements cases.Store.
func (s *CaseStore) MarkSent(ctx context.Context, id int64, failure string) error {
	var err error
	if failure == "" {
		_, err = s.db.Exec(ctx, "UPDATE messages SET sent_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?", time.Now().UnixMilli(), id)
	} else {
		_, err = s.db.Exec(ctx, "UPDATE messages SET attempts = attempts + 1, last_error = ? WHERE id = ?", failure, id)
	}
	return err
}

// StaffWith implements cases.Store.
func (s *CaseStore) StaffWith(ctx context.Context, role string, at access.Scope) ([]int64, error) {
	anc := validate.RegionAncestors(at.Region)
	if len(anc) == 0 {
		return nil, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(anc)), ",")
	args := []any{role}
	for _, a := range anc {
		args = append(args, a)
	}
	args = append(args, at.DeptID, at.HallID)
	q := `SELECT DISTINCT g.account_id FROM role_grants g JOIN accounts a ON a.id = g.account_id
		WHERE g.role = ? AND a.status = 'active' AND g.region_code IN (` + ph + `)
		AND (g.dept_id IS NULL OR g.dept_id = 0 OR g.dept_id = ?) AND (g.hall_id IS NULL OR g.hall_id = 0 OR g.hall_id = ?)`
	rows, err := s.db.Query(ctx, q+" ORDER BY g.account_id LIMIT 50", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// listName is the applicant as lists show it: a person's name masked
// (张*), an organisation's in full (its name is public).
func listName(p cases.Party) string {
	if p.Kind == "org" {
		return p.Name
	}
	return pii.MaskName(p.Name)
}

// HallLoad implements cases.Store: index ranges on case_tasks_hall and cases_hall.
func (s *CaseStore) HallLoad(ctx context.Context, hallID int64, today, soon workcal.Date) (cases.HallLoad, error) {
	l := cases.HallLoad{HallID: hallID}
	err := s.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_date < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN due_date >= ? AND due_date <= ? THEN 1 ELSE 0 END), 0)
		FROM case_tasks WHERE state = 'open' AND role = 'clerk' AND hall_id = ?`,
		day(today), day(today), day(soon), hallID).Scan(&l.Waiting, &l.Overdue, &l.DueSoon)
	if err != nil {
		return l, mapErr(err)
	}
	for _, q := range []struct {
		n      *int
		status string
	}{{&l.Correction, "correction"}, {&l.Deliver, "granted"}, {&l.Deliver, "denied"}} {
		var n int
		if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM cases WHERE intake_hall_id = ? AND status = ?", hallID, q.status).Scan(&n); err != nil {
			return l, mapErr(err)
		}
		*q.n += n
	}
	rows, err := s.db.Query(ctx, `SELECT a.username, COUNT(*) FROM case_tasks t JOIN accounts a ON a.id = t.assignee_id
		WHERE t.state = 'open' AND t.role = 'clerk' AND t.hall_id = ? AND t.assignee_id <> 0
		GROUP BY a.username ORDER BY COUNT(*) DESC, a.username`, hallID)
	if err != nil {
		return l, err
	}
	defer rows.Close()
	for rows.Next() {
		var c cases.ClerkLoad
		if err := rows.Scan(&c.Username, &c.Open); err != nil {
			return l, mapErr(err)
		}
		l.ByClerk = append(l.ByClerk, c)
	}
	return l, rows.Err()
}
