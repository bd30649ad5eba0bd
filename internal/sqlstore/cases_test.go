package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// The lists people open all day read cases and tasks through an index:
// SQLite's plans never scan either table whole. The inbox of a department's
// reviewer walks case_tasks_dept in due order, the hall's queue
// case_tasks_hall, my cases cases_applicant.
func TestCaseListPlansUseIndexes(t *testing.T) {
	db := sqltest.Open(t, sqlstore.SQLite)
	e := casestest.New(t, db, nil)
	for range 6 {
		c := e.Submit(t, e.Citizen, casestest.SimpleInput(casestest.ParallelItem))
		e.Do(t, e.ClerkPref, c.Number, cases.ActAccept)
		e.Submit(t, e.Company, casestest.SimpleInput(casestest.ParallelItem))
	}
	type traced struct {
		query string
		args  []any
	}
	for _, c := range []struct {
		name  string
		p     *access.Principal
		q     cases.ListQuery
		index string // the index the page query must use
	}{
		{"reviewer's inbox", e.Reviewer, cases.ListQuery{View: cases.ViewInbox, Limit: 5}, "case_tasks_dept"},
		{"reviewer's inbox, assigned", e.Reviewer, cases.ListQuery{View: cases.ViewInbox, Mine: true}, "case_tasks_"},
		{"the hall's queue", e.ClerkPref, cases.ListQuery{View: cases.ViewInbox, Limit: 5}, "case_tasks_hall"},
		{"my cases", e.Citizen, cases.ListQuery{View: cases.ViewMine, Limit: 5}, "cases_applicant"},
		{"my cases in review", e.Citizen, cases.ListQuery{View: cases.ViewMine, Status: "in_review", Limit: 5}, "cases_applicant"},
		{"the hall's cases", e.ClerkPref, cases.ListQuery{View: cases.ViewHall, Limit: 5}, "cases_hall"},
		{"the department's cases", e.Approver, cases.ListQuery{View: cases.ViewDept, Limit: 5}, "cases_dept"},
		{"the prefecture's cases", e.Supervisor, cases.ListQuery{View: cases.ViewAll, Limit: 5}, "cases_"},
	} {
		var seen []traced
		sqlstore.TraceCases(func(q string, a []any) { seen = append(seen, traced{q, a}) })
		pg, err := e.Svc.List(casestest.Ctx(c.p), c.p, c.q)
		if err == nil && pg.NextCursor != "" {
			c.q.Cursor = pg.NextCursor
			_, err = e.Svc.List(casestest.Ctx(c.p), c.p, c.q)
		}
		sqlstore.TraceCases(nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(seen) == 0 {
			t.Fatalf("%s: no query traced", c.name)
		}
		for _, s := range seen {
			plan := explain(t, db, s.query, s.args)
			for _, line := range plan {
				if line == "SCAN c" || line == "SCAN t" || strings.HasPrefix(line, "SCAN cases") || strings.HasPrefix(line, "SCAN case_tasks") {
					t.Errorf("%s: full scan (%s) in\n%s\nplan: %q", c.name, line, s.query, plan)
				}
			}
			if strings.Contains(s.query, "LIMIT") && !slices.ContainsFunc(plan, func(l string) bool { return strings.Contains(l, "INDEX "+c.index) }) {
				t.Errorf("%s: page query does not use %s: %q", c.name, c.index, plan)
			}
		}
	}
}

func explain(t *testing.T, db *sqlstore.DB, q string, args []any) []string {
	t.Helper()
	rows, err := db.Query(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return plan
}

// Apply writes a change only over the version it was made from: a stale
// one is a conflict and writes nothing (no task, event, message, document
// or audit event); a retried or successful one leaves the case at the
// next version.
func TestCaseApplyChecksTheVersion(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		ctx := context.Background()
		c := e.SubmitStd(t, e.Citizen)
		stale, err := e.Store.Case(ctx, c.Number)
		if err != nil {
			t.Fatal(err)
		}
		e.Do(t, e.ClerkPref, c.Number, cases.ActClaim)
		before := e.State(t, c.Number)
		stale.Status = cases.Refused
		err = e.Store.Apply(ctx, cases.Change{Case: &stale,
			NewTasks: []cases.Task{{StepKey: "x", StepName: "x", Stage: 1, Role: "reviewer", Region: "533400", State: cases.TaskOpen}},
			Event:    cases.Event{Action: "refuse", ActorName: "clerk1", Role: "clerk", From: cases.Submitted, To: cases.Refused},
			Msgs:     []cases.Message{{AccountID: e.Citizen.AccountID, Kind: "notice", Subject: "s", Body: "b"}},
			Docs:     []cases.Document{{Kind: cases.DocRefuse, Number: "不受字〔2026〕X号", CheckCode: "ABCDEFGHJKLM"}},
			Audit:    []audit.Event{audit.New(ctx, "case.refuse", "case", c.Number, nil, nil, "")}})
		if !errs.Is(err, errs.Conflict) || stale.Version != 1 {
			t.Fatalf("stale change: %v, version %d", err, stale.Version)
		}
		e.Unchanged(t, "a stale change", c.Number, before)

		cur, _ := e.Store.Case(ctx, c.Number)
		cur.Corrections = 7
		if err := e.Store.Apply(ctx, cases.Change{Case: &cur}); err != nil || cur.Version != before.Version+1 {
			t.Fatalf("apply: %v, version %d", err, cur.Version)
		}
		if got, _ := e.Store.Case(ctx, c.Number); got.Corrections != 7 || got.Version != cur.Version {
			t.Errorf("stored: %+v", got)
		}
		e.CheckCounters(t)
		e.VerifyAudit(t)
	})
}

// StaffWith finds the people whose grant covers a place, as Grant.Covers
// decides: a hall's clerks and not another hall's, a department's
// approvers and not another department's, supervisors above the region.
func TestStaffWith(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		ctx := context.Background()
		ids := func(ps ...*access.Principal) []int64 {
			var out []int64
			for _, p := range ps {
				out = append(out, p.AccountID)
			}
			slices.Sort(out)
			return out
		}
		for _, c := range []struct {
			role string
			at   access.Scope
			want []int64
		}{
			{"clerk", access.Scope{Region: "533400", HallID: e.HallPref.ID}, ids(e.ClerkPref, e.ClerkPref2)},
			{"clerk", access.Scope{Region: "533401", HallID: e.HallCity.ID}, ids(e.ClerkCity)},
			{"approver", access.Scope{Region: "533400", DeptID: e.DeptMarket}, ids(e.Approver, e.Approver2)},
			{"approver", access.Scope{Region: "533400", DeptID: e.DeptHealth}, ids(e.ApproverHealth)},
			{"reviewer", access.Scope{Region: "533422", DeptID: e.DeptDeqin}, ids(e.ReviewerDeqin)},
			{"supervisor", access.Scope{Region: "533422"}, ids(e.Supervisor)},
			{"supervisor", access.Scope{Region: "530000"}, nil},
			{"approver", access.Scope{Region: "533400"}, nil}, // every approver here has a department
		} {
			got, err := e.Store.StaffWith(ctx, c.role, c.at)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s at %+v: %v, want %v", c.role, c.at, got, c.want)
			}
		}
		if _, err := db.Exec(ctx, db.Rebind("UPDATE accounts SET status = 'disabled' WHERE id = ?"), e.ClerkPref2.AccountID); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.Store.StaffWith(ctx, "clerk", access.Scope{Region: "533400", HallID: e.HallPref.ID}); !slices.Equal(got, ids(e.ClerkPref)) {
			t.Errorf("a disabled account: %v", got)
		}
	})
}

// Messages are read and marked by their owner only.
func TestCaseMessages(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		ctx := context.Background()
		c := e.SubmitStd(t, e.Citizen)
		ms, err := e.Store.Messages(ctx, e.Citizen.AccountID, 10)
		if err != nil || len(ms) != 1 || ms[0].Number != c.Number || ms[0].CaseID != c.ID || !ms[0].ReadAt.IsZero() {
			t.Fatalf("messages: %v %+v", err, ms)
		}
		if err := e.Store.MarkRead(ctx, e.Citizen2.AccountID, []int64{ms[0].ID}); err != nil {
			t.Fatal(err)
		}
		if ms, _ = e.Store.Messages(ctx, e.Citizen.AccountID, 10); !ms[0].ReadAt.IsZero() {
			t.Error("someone else marked the message read")
		}
		if other, _ := e.Store.Messages(ctx, e.Citizen2.AccountID, 10); len(other) != 0 {
			t.Errorf("someone else's messages: %+v", other)
		}
		if _, err := e.Store.DocumentByCode(ctx, "NOSUCHCODE00"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown check code: %v", err)
		}
	})
}
