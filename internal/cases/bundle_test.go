package cases_test

import (
	"context"
	"testing"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// bundleInput is an application for the bundle: the shared name once,
// each item's own field under its merged key.
func bundleInput(files ...string) cases.SubmitInput {
	in := cases.SubmitInput{BundleCode: casestest.Bundle, Form: map[string]any{
		"operator": "扎西顿珠", catalog.MergedKey(casestest.BundleItemA, "seats"): 24,
		catalog.MergedKey(casestest.BundleItemB, "staff"): 3,
	}}
	if len(files) > 0 {
		in.Materials = []cases.MaterialInput{{Key: catalog.NormalizeMaterialName("申请书"), Files: files}}
	}
	return in
}

// A bundle is one application: a parent and one child per item, each
// routed to its department; the parent follows its children and is
// delivered once for all.
func TestBundle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		ctx := context.Background()
		pdf := e.Upload(t, e.Citizen)
		p := e.Submit(t, e.Citizen, bundleInput(pdf))
		if p.BundleCode != casestest.Bundle || p.ItemCode != "" || p.Status != cases.Submitted || p.Name != "我要开小吃店" || p.ParentID != 0 {
			t.Fatalf("parent: %+v", p)
		}
		if n := e.Count(t, "SELECT COUNT(*) FROM messages WHERE account_id = ?", e.Citizen.AccountID); n != 1 {
			t.Errorf("%d messages for one bundle application", n)
		}
		v := e.Get(t, e.Citizen, p.Number)
		if len(v.Children) != 2 || len(v.Tasks) != 0 {
			t.Fatalf("children %+v, parent tasks %+v", v.Children, v.Tasks)
		}
		kids := map[string]cases.Case{}
		for _, s := range v.Children {
			c, err := e.Store.Case(ctx, s.Number)
			if err != nil {
				t.Fatal(err)
			}
			kids[c.ItemCode] = c
		}
		a, b := kids[casestest.BundleItemA], kids[casestest.BundleItemB]
		if a.DeptID != e.DeptMarket || b.DeptID != e.DeptHealth || a.ParentID != p.ID || b.ParentID != p.ID ||
			a.IntakeHallID != e.HallPref.ID || a.Status != cases.Submitted {
			t.Fatalf("children: %+v / %+v", a, b)
		}
		if a.Form["operator"] != "扎西顿珠" || b.Form["name"] != "扎西顿珠" || b.Form["staff"] == nil || a.Form["staff"] != nil {
			t.Errorf("merged form split: %v / %v", a.Form, b.Form)
		}
		if f, err := e.Files.Get(ctx, pdf); err != nil || f.CaseID != p.ID {
			t.Errorf("the shared upload belongs to the bundle: %+v %v", f, err)
		}
		for _, who := range []struct {
			name string
			ok   bool
			p    func() bool
		}{
			{"reviewer of the first child's department", true, func() bool { return e.Svc.CanSeeCaseFile(ctx, e.Reviewer, p.ID) }},
			{"approver of the second", true, func() bool { return e.Svc.CanSeeCaseFile(ctx, e.ApproverHealth, p.ID) }},
			{"a department with no child", false, func() bool { return e.Svc.CanSeeCaseFile(ctx, e.ReviewerDeqin, p.ID) }},
		} {
			if who.p() != who.ok {
				t.Errorf("%s sees the bundle's files: %v", who.name, !who.ok)
			}
		}
		mine, err := e.Svc.List(ctx, e.Citizen, cases.ListQuery{View: cases.ViewMine})
		if err != nil || mine.Total != 1 || len(mine.Cases) != 1 || mine.Cases[0].Number != p.Number {
			t.Errorf("my cases list the bundle once: %v %+v", err, mine)
		}
		if _, err := e.Svc.Act(ctx, e.ClerkPref, p.Number, cases.ActionInput{Action: cases.ActAccept}); !errs.Is(err, errs.Conflict) {
			t.Errorf("accepting the parent: %v", err)
		}

		e.Do(t, e.ClerkPref, a.Number, cases.ActAccept)
		if got := e.Get(t, e.Citizen, p.Number); got.Status != cases.InReview || got.Clock.AcceptedOn.IsZero() ||
			got.Events[len(got.Events)-1].Action != "child_update" {
			t.Fatalf("parent after one child's acceptance: %s %+v", got.Status, got.Events)
		}
		e.Do(t, e.ClerkPref, b.Number, cases.ActAccept)
		in, err := e.Svc.List(ctx, e.ApproverHealth, cases.ListQuery{View: cases.ViewInbox})
		if err != nil || in.Total != 1 || in.Inbox[0].Case.Number != b.Number {
			t.Fatalf("health approver's inbox: %v %+v", err, in)
		}
		if c := e.Do(t, e.Approver, a.Number, cases.ActApprove); c.Status != cases.Granted {
			t.Fatalf("child a: %s", c.Status)
		}
		if got := e.Get(t, e.Citizen, p.Number); got.Status != cases.InReview {
			t.Fatalf("parent with one child open: %s", got.Status)
		}
		before := e.State(t, a.Number)
		_, err = e.Svc.Act(ctx, e.ClerkPref, a.Number, cases.ActionInput{Action: cases.ActDeliver, PickupCode: e.PickupCode(t, a.Number)})
		if !errs.Is(err, errs.Conflict) {
			t.Errorf("delivering a child alone: %v", err)
		}
		e.Unchanged(t, "delivering a child alone", a.Number, before)
		if _, err := e.Svc.Act(ctx, e.ClerkPref, p.Number, cases.ActionInput{Action: cases.ActDeliver, PickupCode: e.PickupCode(t, p.Number)}); !errs.Is(err, errs.Conflict) {
			t.Errorf("delivering the parent before it concluded: %v", err)
		}
		if c := e.Act(t, e.ApproverHealth, b.Number, cases.ActionInput{Action: cases.ActDeny, Reason: "从业人员未取得健康证明"}); c.Status != cases.Denied {
			t.Fatalf("child b: %s", c.Status)
		}
		got := e.Get(t, e.Citizen, p.Number)
		if got.Status != cases.Granted || got.ConcludedAt.IsZero() {
			t.Fatalf("parent after both concluded: %s", got.Status)
		}

		e.Act(t, e.ClerkPref, p.Number, cases.ActionInput{Action: cases.ActDeliver, PickupCode: e.PickupCode(t, p.Number)})
		got = e.Get(t, e.Citizen, p.Number)
		if got.Status != cases.Delivered || got.Children[0].Status != cases.Delivered || got.Children[1].Status != cases.Delivered {
			t.Fatalf("one delivery: %s %+v", got.Status, got.Children)
		}
		for _, k := range []string{a.Number, b.Number} {
			kv := e.Get(t, e.Citizen, k)
			if last := kv.Events[len(kv.Events)-1]; last.Action != cases.ActDeliver || last.To != cases.Delivered || kv.DeliveredAt.IsZero() {
				t.Errorf("child %s: %+v delivered at %v", k, last, kv.DeliveredAt)
			}
		}
		e.CheckCounters(t)
		e.VerifyAudit(t)
	})
}

// Withdrawing a bundle withdraws every child still open, and the work on
// them stops.
func TestBundleWithdraw(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		p := e.Submit(t, e.Citizen, bundleInput())
		v := e.Get(t, e.Citizen, p.Number)
		e.Do(t, e.ClerkPref, v.Children[0].Number, cases.ActAccept)
		e.Do(t, e.Citizen, p.Number, cases.ActWithdraw)
		v = e.Get(t, e.Citizen, p.Number)
		if v.Status != cases.Withdrawn {
			t.Fatalf("parent: %s", v.Status)
		}
		for _, k := range v.Children {
			kv := e.Get(t, e.Citizen, k.Number)
			if kv.Status != cases.Withdrawn || kv.ConcludedAt.IsZero() {
				t.Errorf("child %s: %s", k.Number, kv.Status)
			}
			for _, task := range kv.Tasks {
				if task.State == cases.TaskOpen {
					t.Errorf("child %s keeps an open task: %+v", k.Number, task.Task)
				}
			}
		}
		if n := e.Count(t, "SELECT COUNT(*) FROM case_tasks WHERE state = 'open'"); n != 0 {
			t.Errorf("%d open tasks after the withdrawal", n)
		}

		// At the window: the walk-in applicant is on the bundle and on each child.
		in := bundleInput()
		in.OnBehalfOf = casestest.WalkIn("扎西顿珠", "533401", 40)
		w := e.Submit(t, e.ClerkPref, in)
		if w.ApplicantID == 0 || w.ApplicantID == e.ClerkPref.AccountID || w.FilerID != e.ClerkPref.AccountID {
			t.Fatalf("window bundle: applicant %d filer %d", w.ApplicantID, w.FilerID)
		}
		if n := e.Count(t, "SELECT COUNT(*) FROM cases WHERE (id = ? OR parent_id = ?) AND applicant_id = ?", w.ID, w.ID, w.ApplicantID); n != 3 {
			t.Errorf("%d of 3 cases carry the applicant", n)
		}
		if n := e.Count(t, "SELECT COUNT(*) FROM messages WHERE case_id = ? AND account_id = ?", w.ID, w.ApplicantID); n != 1 {
			t.Errorf("the applicant has %d notices", n)
		}
		e.CheckCounters(t)
		e.VerifyAudit(t)
	})
}
