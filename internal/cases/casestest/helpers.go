package casestest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/validate"
)

// Upload stores a one-page PDF as p's file and returns its id.
func (e *Env) Upload(t testing.TB, p *access.Principal) string {
	t.Helper()
	f, err := e.Files.Upload(Ctx(p), p, "材料.pdf", "application/pdf", strings.NewReader(MinimalPDF))
	if err != nil {
		t.Fatal(err)
	}
	return f.ID
}

// StdForm is a valid form of the std item.
func StdForm() map[string]any {
	return map[string]any{"shop_name": "雪域高原小吃店", "area": 80}
}

// StdInput is a complete online application of p for the std item: an
// uploaded PDF for each required material, the result picked up.
func (e *Env) StdInput(t testing.TB, p *access.Principal) cases.SubmitInput {
	t.Helper()
	return cases.SubmitInput{ItemCode: StdItem, Form: StdForm(), Materials: []cases.MaterialInput{
		{Key: MatPledge, Files: []string{e.Upload(t, p)}},
		{Key: MatDeferred, Files: []string{e.Upload(t, p)}},
	}}
}

// SimpleInput is an application for one of the items with the base form
// and no required material (all but the std item).
func SimpleInput(code string) cases.SubmitInput {
	return cases.SubmitInput{ItemCode: code, Form: StdForm()}
}

// WalkIn identifies a person at a window (seq makes the ID number).
func WalkIn(name, region string, seq int) *cases.OnBehalf {
	return &cases.OnBehalf{WalkInInput: account.WalkInInput{Kind: account.KindPerson, Name: name,
		IDNumber: validate.MakeIDNumber(region, time.Date(1990, 6, 1, 0, 0, 0, 0, time.UTC), seq), Phone: "13912345678"}}
}

// Submit files in as p, or fails the test.
func (e *Env) Submit(t testing.TB, p *access.Principal, in cases.SubmitInput) cases.Case {
	t.Helper()
	c, err := e.Svc.Submit(Ctx(p), p, in)
	if err != nil {
		t.Fatalf("submit %s%s as %s: %v", in.ItemCode, in.BundleCode, p.Username, err)
	}
	return c
}

// SubmitStd files a complete online std application of p.
func (e *Env) SubmitStd(t testing.TB, p *access.Principal) cases.Case {
	t.Helper()
	return e.Submit(t, p, e.StdInput(t, p))
}

// Act performs in on the case as p, or fails the test.
func (e *Env) Act(t testing.TB, p *access.Principal, number string, in cases.ActionInput) cases.Case {
	t.Helper()
	c, err := e.Svc.Act(Ctx(p), p, number, in)
	if err != nil {
		t.Fatalf("%s on %s as %s: %v", in.Action, number, p.Username, err)
	}
	return c
}

// Do performs a bare action (no input but its name) as p.
func (e *Env) Do(t testing.TB, p *access.Principal, number, action string) cases.Case {
	t.Helper()
	return e.Act(t, p, number, cases.ActionInput{Action: action})
}

// Get reads a case as p, or fails the test.
func (e *Env) Get(t testing.TB, p *access.Principal, number string) cases.View {
	t.Helper()
	v, err := e.Svc.Get(Ctx(p), p, number)
	if err != nil {
		t.Fatalf("get %s as %s: %v", number, p.Username, err)
	}
	return v
}

// PickupCode is the case's pickup code as its applicant sees it.
func (e *Env) PickupCode(t testing.TB, number string) string {
	t.Helper()
	c, err := e.Store.Case(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}
	return c.Delivery.PickupCode
}

// Problems is a correction notice of three problems.
func Problems() []cases.Problem {
	return []cases.Problem{
		{Material: MatPledge, Name: "经营场所使用证明", Problem: "未加盖出租方公章，请补盖后重新上传"},
		{Material: MatDeferred, Name: "健康证明", Problem: "已过有效期，请提供有效期内的健康证明"},
		{Field: "form.area", Name: "经营面积", Problem: "与场所证明不一致，请核对"},
	}
}

// CaseIn returns a new std case of the citizen (online, picked up at the
// prefecture hall) brought to status st by the usual people.
func (e *Env) CaseIn(t testing.TB, st cases.Status) cases.Case {
	t.Helper()
	if st == cases.Draft {
		in := e.StdInput(t, e.Citizen)
		in.Draft = true
		return e.Submit(t, e.Citizen, in)
	}
	c := e.SubmitStd(t, e.Citizen)
	n := c.Number
	switch st {
	case cases.Submitted:
		return c
	case cases.Correction:
		return e.Act(t, e.ClerkPref, n, cases.ActionInput{Action: cases.ActRequestCorrection, Problems: Problems()})
	case cases.Refused:
		return e.Act(t, e.ClerkPref, n, cases.ActionInput{Action: cases.ActRefuse, Reason: "申请事项不属于本机关职权范围",
			LegalBasis: "《中华人民共和国行政许可法》第三十二条第一款第（二）项"})
	case cases.Withdrawn:
		return e.Do(t, e.Citizen, n, cases.ActWithdraw)
	}
	c = e.Do(t, e.ClerkPref, n, cases.ActAccept)
	switch st {
	case cases.InReview:
		return c
	case cases.Special:
		return e.Act(t, e.Reviewer, n, cases.ActionInput{Action: cases.ActStartSpecial, Procedure: "检验"})
	case cases.Denied:
		return e.Act(t, e.Approver, n, cases.ActionInput{Action: cases.ActDeny, Reason: "经营场所不符合卫生要求",
			LegalBasis: "《中华人民共和国食品安全法》第三十五条"})
	}
	e.Do(t, e.Reviewer, n, cases.ActApprove)
	c = e.Do(t, e.Approver, n, cases.ActApprove)
	switch st {
	case cases.Granted:
		return c
	case cases.Delivered:
		return e.Act(t, e.ClerkPref, n, cases.ActionInput{Action: cases.ActDeliver, PickupCode: e.PickupCode(t, n)})
	}
	t.Fatalf("CaseIn: no way to status %q", st)
	return cases.Case{}
}

// CaseOwing returns a std case in status st (in_review or special) that
// was accepted with its health certificate still owed (容缺).
func (e *Env) CaseOwing(t testing.TB, st cases.Status) cases.Case {
	t.Helper()
	in := e.StdInput(t, e.Citizen)
	in.Materials[1] = cases.MaterialInput{Key: MatDeferred, Deferred: true}
	c := e.Submit(t, e.Citizen, in)
	c = e.Do(t, e.ClerkPref, c.Number, cases.ActAccept)
	if len(c.Owed) != 1 || c.Owed[0].Key != MatDeferred {
		t.Fatalf("accepted with a deferral, owed %+v", c.Owed)
	}
	if st == cases.Special {
		c = e.Act(t, e.Reviewer, c.Number, cases.ActionInput{Action: cases.ActStartSpecial, Procedure: "检验"})
	}
	return c
}

// State is what an action may change about a case, to check that a
// refused one changed nothing.
type State struct {
	Status                                  cases.Status
	Version, Events, Docs, Tasks, Msgs, Att int
	OpenTasks                               string
	Head                                    int64
}

// State reads the case's state and the audit head.
func (e *Env) State(t testing.TB, number string) State {
	t.Helper()
	ctx := context.Background()
	var s State
	var id int64
	var status string
	if err := e.DB.QueryRow(ctx, e.DB.Rebind("SELECT id, status, version FROM cases WHERE number = ?"), number).Scan(&id, &status, &s.Version); err != nil {
		t.Fatal(err)
	}
	s.Status = cases.Status(status)
	s.Events = e.Count(t, "SELECT COUNT(*) FROM case_events WHERE case_id = ?", id)
	s.Docs = e.Count(t, "SELECT COUNT(*) FROM case_documents WHERE case_id = ?", id)
	s.Tasks = e.Count(t, "SELECT COUNT(*) FROM case_tasks WHERE case_id = ?", id)
	s.Msgs = e.Count(t, "SELECT COUNT(*) FROM messages WHERE case_id = ?", id)
	s.Att = e.Count(t, "SELECT COUNT(*) FROM files WHERE case_id = ?", id)
	rows, err := e.DB.Query(ctx, "SELECT id, state, assignee_id FROM case_tasks WHERE case_id = ? ORDER BY id", id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var tid, who int64
		var state string
		if err := rows.Scan(&tid, &state, &who); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d:%s:%d ", tid, state, who)
	}
	s.OpenTasks = b.String()
	s.Head = e.Head(t)
	return s
}

// Unchanged fails the test when the case or the audit log moved since before.
func (e *Env) Unchanged(t testing.TB, what, number string, before State) {
	t.Helper()
	if now := e.State(t, number); now != before {
		t.Errorf("%s changed the case: %+v → %+v", what, before, now)
	}
}

// Head is the audit chain's newest sequence number.
func (e *Env) Head(t testing.TB) int64 {
	t.Helper()
	var n int64
	if err := e.DB.QueryRow(context.Background(), "SELECT seq FROM audit_head WHERE id = 1").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Count runs a COUNT query (with ? placeholders).
func (e *Env) Count(t testing.TB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.DB.QueryRow(context.Background(), e.DB.Rebind(q), args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// VerifyAudit fails the test unless the audit chain verifies.
func (e *Env) VerifyAudit(t testing.TB) {
	t.Helper()
	r, err := e.DB.VerifyAudit(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK {
		t.Fatalf("audit chain broken: %+v", r)
	}
}

// CheckCounters recomputes every list total the store keeps (open tasks
// per role and hall or department, per assignee; top-level cases per
// applicant, and per clerk or agent who filed them for others) and fails
// the test where a kept one differs.
func (e *Env) CheckCounters(t testing.TB) {
	defer e.CheckStats(t)
	t.Helper()
	ctx := context.Background()
	want := map[string]int64{}
	rows, err := e.DB.Query(ctx, "SELECT role, hall_id, dept_id, assignee_id FROM case_tasks WHERE state = 'open'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var role string
		var hall, dept, who int64
		if err := rows.Scan(&role, &hall, &dept, &who); err != nil {
			t.Fatal(err)
		}
		if hall != 0 {
			want[fmt.Sprintf("open:%s:h%d", role, hall)]++
		}
		if dept != 0 {
			want[fmt.Sprintf("open:%s:d%d", role, dept)]++
		}
		if who != 0 {
			want[fmt.Sprintf("open:a%d", who)]++
		}
	}
	rows.Close()
	rows, err = e.DB.Query(ctx, "SELECT applicant_id, filer_id FROM cases WHERE parent_id = 0")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a, f int64
		if err := rows.Scan(&a, &f); err != nil {
			t.Fatal(err)
		}
		want[fmt.Sprintf("mine:%d", a)]++
		if f != 0 && f != a {
			want[fmt.Sprintf("filed:%d", f)]++
		}
	}
	rows.Close()
	got := map[string]int64{}
	rows, err = e.DB.Query(ctx, "SELECT key, n FROM case_counters")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			got[k] = n
		}
	}
	if !maps.Equal(got, want) {
		keys := slices.Sorted(maps.Keys(want))
		for k := range got {
			if _, ok := want[k]; !ok {
				keys = append(keys, k)
			}
		}
		var diff []string
		for _, k := range keys {
			if got[k] != want[k] {
				diff = append(diff, fmt.Sprintf("%s kept %d, counted %d", k, got[k], want[k]))
			}
		}
		t.Errorf("counters differ from the tables: %s", strings.Join(diff, "; "))
	}
}

// CheckStats recounts the indicator counters from every case and rating
// row and fails the test where a kept counter differs, or a month row is
// not the sum of its days.
func (e *Env) CheckStats(t testing.TB) {
	t.Helper()
	diffs, err := sqlstore.NewStatStore(e.DB).Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Errorf("stats: %s", d)
	}
}
