package cases_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// pages walks a list view to its end with pages of limit, checking that
// pages do not overlap and that every page reports the same total.
func pages(t *testing.T, e *casestest.Env, p *access.Principal, q cases.ListQuery) (n, total, count int) {
	t.Helper()
	seen := map[int64]bool{}
	total = -1
	for {
		pg, err := e.Svc.List(casestest.Ctx(p), p, q)
		if err != nil {
			t.Fatalf("%s as %s: %v", q.View, p.Username, err)
		}
		if total >= 0 && pg.Total != total {
			t.Errorf("%s: total %d then %d", q.View, total, pg.Total)
		}
		total = pg.Total
		count++
		var prev string
		for _, r := range pg.Inbox {
			if seen[r.Task.ID] {
				t.Errorf("%s: task %d twice", q.View, r.Task.ID)
			}
			seen[r.Task.ID] = true
			if k := r.Task.Due.String(); k < prev {
				t.Errorf("%s: not due first", q.View)
			}
			prev = r.Task.Due.String()
		}
		for i, c := range pg.Cases {
			if seen[c.ID] || i > 0 && c.ID >= pg.Cases[i-1].ID {
				t.Errorf("%s: case %d twice or out of order", q.View, c.ID)
			}
			seen[c.ID] = true
		}
		if pg.NextCursor == "" {
			return len(seen), total, count
		}
		q.Cursor = pg.NextCursor
	}
}

// Every list: the total it reports equals a COUNT of what it lists, and
// keyset paging walks it in two pages without repeats.
func TestLists(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		ctx := context.Background()
		var numbers []string
		for range 14 {
			numbers = append(numbers, e.Submit(t, e.Citizen, casestest.SimpleInput(casestest.ParallelItem)).Number)
		}
		for range 3 {
			e.Submit(t, e.Company, casestest.SimpleInput(casestest.ParallelItem))
		}
		for i := range 2 {
			in := casestest.SimpleInput(casestest.ParallelItem)
			in.OnBehalfOf = casestest.WalkIn("和建国", "533401", 20+i)
			e.Submit(t, e.ClerkPref, in)
		}
		cross := casestest.SimpleInput(casestest.CrossItem)
		cross.OnBehalfOf = casestest.WalkIn("格桑", "533422", 30)
		e.Submit(t, e.ClerkCity, cross)
		e.Submit(t, e.Citizen2, casestest.SimpleInput(casestest.LocalItem))
		for _, n := range numbers[:5] {
			e.Do(t, e.ClerkPref, n, cases.ActAccept)
		}
		e.Do(t, e.Reviewer, numbers[0], cases.ActClaim)
		e.Do(t, e.Reviewer, numbers[1], cases.ActClaim)

		for _, c := range []struct {
			name  string
			p     *access.Principal
			q     cases.ListQuery
			count string
			args  []any
		}{
			{"mine", e.Citizen, cases.ListQuery{View: cases.ViewMine, Limit: 10},
				"SELECT COUNT(*) FROM cases WHERE applicant_id = ? AND parent_id = 0", []any{e.Citizen.AccountID}},
			{"mine, one status", e.Citizen, cases.ListQuery{View: cases.ViewMine, Status: "in_review", Limit: 3},
				"SELECT COUNT(*) FROM cases WHERE applicant_id = ? AND parent_id = 0 AND status = 'in_review'", []any{e.Citizen.AccountID}},
			{"the hall's queue", e.ClerkPref, cases.ListQuery{View: cases.ViewInbox, Limit: 10},
				"SELECT COUNT(*) FROM case_tasks WHERE state = 'open' AND role = 'clerk' AND hall_id = ?", []any{e.HallPref.ID}},
			{"a reviewer's inbox", e.Reviewer, cases.ListQuery{View: cases.ViewInbox, Limit: 6},
				"SELECT COUNT(*) FROM case_tasks WHERE state = 'open' AND role = 'reviewer' AND dept_id = ?", []any{e.DeptMarket}},
			{"assigned to me", e.Reviewer, cases.ListQuery{View: cases.ViewInbox, Mine: true, Limit: 1},
				"SELECT COUNT(*) FROM case_tasks WHERE state = 'open' AND assignee_id = ?", []any{e.Reviewer.AccountID}},
			{"the hall's cases", e.ClerkPref, cases.ListQuery{View: cases.ViewHall, Limit: 10},
				"SELECT COUNT(*) FROM cases WHERE intake_hall_id = ?", []any{e.HallPref.ID}},
			{"the hall manager's", e.HallManager, cases.ListQuery{View: cases.ViewHall, Limit: 10},
				"SELECT COUNT(*) FROM cases WHERE intake_hall_id = ?", []any{e.HallPref.ID}},
			{"the department's", e.Approver, cases.ListQuery{View: cases.ViewDept, Limit: 10},
				"SELECT COUNT(*) FROM cases WHERE dept_id = ?", []any{e.DeptMarket}},
			{"the prefecture's", e.Supervisor, cases.ListQuery{View: cases.ViewAll, Limit: 12},
				"SELECT COUNT(*) FROM cases WHERE region_code LIKE '5334%' OR intake_region LIKE '5334%'", nil},
			{"the prefecture's in review", e.Supervisor, cases.ListQuery{View: cases.ViewAll, Status: "in_review", Limit: 3},
				"SELECT COUNT(*) FROM cases WHERE (region_code LIKE '5334%' OR intake_region LIKE '5334%') AND status = 'in_review'", nil},
			{"德钦县's hall", e.ClerkDeqin, cases.ListQuery{View: cases.ViewHall},
				"SELECT COUNT(*) FROM cases WHERE intake_hall_id = ?", []any{e.HallDeqin.ID}},
		} {
			want := e.Count(t, c.count, c.args...)
			n, total, count := pages(t, e, c.p, c.q)
			if total != want || n != want {
				t.Errorf("%s: total %d, listed %d, counted %d", c.name, total, n, want)
			}
			if limit := max(c.q.Limit, 1); want > limit && count < 2 {
				t.Errorf("%s: %d rows in %d page(s) of %d", c.name, want, count, limit)
			}
		}
		if n := e.Count(t, "SELECT COUNT(*) FROM cases WHERE applicant_id = ?", e.Citizen.AccountID); n != 14 {
			t.Fatalf("citizen has %d cases", n)
		}
		// The default view: the inbox for staff who work tasks, mine for applicants.
		if pg, err := e.Svc.List(ctx, e.Reviewer, cases.ListQuery{}); err != nil || len(pg.Inbox) == 0 {
			t.Errorf("reviewer's default view: %v %+v", err, pg)
		}
		if pg, err := e.Svc.List(ctx, e.Company, cases.ListQuery{}); err != nil || pg.Total != 3 {
			t.Errorf("company's default view: %v %+v", err, pg)
		}
		for _, c := range []struct {
			p    *access.Principal
			q    cases.ListQuery
			code errs.Code
		}{
			{e.Reviewer, cases.ListQuery{View: cases.ViewHall}, errs.Forbidden},
			{e.ClerkPref, cases.ListQuery{View: cases.ViewAll}, errs.Forbidden},
			{e.Citizen, cases.ListQuery{View: cases.ViewInbox}, errs.Forbidden},
			{e.Supervisor, cases.ListQuery{View: cases.ViewDept}, errs.Forbidden},
			{e.Citizen, cases.ListQuery{View: "everything"}, errs.Invalid},
			{e.Citizen, cases.ListQuery{Status: "lost"}, errs.Invalid},
			{e.Citizen, cases.ListQuery{Cursor: "abc"}, errs.Invalid},
			{e.Reviewer, cases.ListQuery{View: cases.ViewInbox, Cursor: "2026-13-01_5"}, errs.Invalid},
		} {
			if _, err := e.Svc.List(ctx, c.p, c.q); !errs.Is(err, c.code) {
				t.Errorf("%s %+v: %v, want %s", c.p.Username, c.q, err, c.code)
			}
		}
		e.CheckCounters(t)
	})
}

// recorder is a Sender that keeps what it was given, failing first when told.
type recorder struct {
	mu    sync.Mutex
	got   []cases.Message
	fails int
}

func (r *recorder) Channel() string { return "sms" }

func (r *recorder) Send(_ context.Context, m cases.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fails > 0 {
		r.fails--
		return errors.New("短信网关不可用")
	}
	r.got = append(r.got, m)
	return nil
}

// The clock's warnings: a yellow reminder to whoever works a task, then,
// once it is overdue, the escalation to the department's approvers and the
// supervisors, each once; then the outbox sends them.
func TestRemindAndDispatch(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		ctx := context.Background()
		// Monday 09-28: one case accepted (review due 10-08, three working
		// days), one waiting at the front desk (acceptance due 10-10).
		c := e.SubmitStd(t, e.Citizen)
		e.Do(t, e.ClerkPref, c.Number, cases.ActAccept)
		e.Do(t, e.Reviewer, c.Number, cases.ActClaim)
		waiting := e.SubmitStd(t, e.Company)
		msgs := func(kind string) map[int64]int {
			rows, err := db.Query(ctx, "SELECT account_id FROM messages WHERE kind = ?", kind)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			out := map[int64]int{}
			for rows.Next() {
				var id int64
				rows.Scan(&id)
				out[id]++
			}
			return out
		}
		remind := func(day string, want int) {
			t.Helper()
			e.Clock.SetDay(casestest.Day(t, day))
			if n, err := e.Svc.Remind(ctx); err != nil || n != want {
				t.Fatalf("remind on %s: %d %v, want %d", day, n, err, want)
			}
		}
		remind("2026-09-28", 0) // two working days on is 09-30
		remind("2026-09-29", 1) // 09-30, 10-08: the review is due within two
		if got := msgs("reminder"); len(got) != 1 || got[e.Reviewer.AccountID] != 1 {
			t.Fatalf("yellow reminder to the assignee only: %v", got)
		}
		remind("2026-09-30", 0)
		// Friday 10-09: the review is overdue, and the acceptance (due
		// 10-10) is within two working days (10-10, 10-12).
		remind("2026-10-09", 2)
		esc := msgs("overdue")
		want := map[int64]int{e.Reviewer.AccountID: 1, e.Approver.AccountID: 1, e.Approver2.AccountID: 1, e.Supervisor.AccountID: 1}
		if len(esc) != len(want) {
			t.Errorf("escalation to %v, want %v", esc, want)
		}
		for id, n := range want {
			if esc[id] != n {
				t.Errorf("escalation to %v, want %v", esc, want)
				break
			}
		}
		if got := msgs("reminder"); len(got) != 3 || got[e.ClerkPref.AccountID] != 1 || got[e.ClerkPref2.AccountID] != 1 {
			t.Errorf("the acceptance reminder goes to the hall's clerks only: %v", got)
		}
		remind("2026-10-09", 0)
		remind("2026-10-12", 1) // the acceptance is overdue now: escalated
		if got := msgs("overdue"); got[e.ClerkPref.AccountID] != 1 || got[e.Approver.AccountID] != 2 || got[e.ClerkCity.AccountID] != 0 {
			t.Errorf("acceptance escalation: %v", got)
		}
		remind("2026-10-13", 0)
		if e.Count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'case.remind'") != 2 ||
			e.Count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'case.escalate'") != 2 {
			t.Error("reminders are not audited once each")
		}
		ms, err := e.Svc.Messages(ctx, e.Supervisor, 10)
		if err != nil || len(ms) != 2 || !strings.Contains(ms[0].Subject, waiting.Number) || ms[0].Number != waiting.Number {
			t.Errorf("supervisor's messages: %v %+v", err, ms)
		}

		// The outbox: a failed send is retried, then everything is sent once.
		pending := e.Count(t, "SELECT COUNT(*) FROM messages WHERE channels <> '' AND sent_at = 0")
		rec := &recorder{fails: 1}
		n, err := cases.Dispatch(ctx, e.Store, []cases.Sender{rec})
		if err != nil || n != pending || len(rec.got) != pending-1 {
			t.Fatalf("dispatch: %d %v, sent %d of %d", n, err, len(rec.got), pending)
		}
		if e.Count(t, "SELECT COUNT(*) FROM messages WHERE attempts = 1 AND sent_at = 0 AND last_error LIKE '%短信网关%'") != 1 {
			t.Error("the failure is not recorded")
		}
		if n, err := cases.Dispatch(ctx, e.Store, []cases.Sender{rec}); err != nil || n != 1 || len(rec.got) != pending {
			t.Fatalf("retry: %d %v", n, err)
		}
		if n, _ := cases.Dispatch(ctx, e.Store, []cases.Sender{rec}); n != 0 {
			t.Errorf("sent twice: %d", n)
		}
		if e.Count(t, "SELECT COUNT(*) FROM messages WHERE sent_at = 0") != 0 {
			t.Error("messages left unsent")
		}
		ids := map[int64]bool{}
		for _, m := range rec.got {
			if ids[m.ID] {
				t.Errorf("message %d sent twice", m.ID)
			}
			ids[m.ID] = true
		}
		if !slices.ContainsFunc(rec.got, func(m cases.Message) bool { return m.Kind == "overdue" && m.Number == c.Number }) {
			t.Error("the escalation was not sent")
		}
		e.VerifyAudit(t)
	})
}
