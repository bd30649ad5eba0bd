package cases_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// open lists the open tasks of a case by step key.
func open(v cases.View) map[string]cases.Task {
	out := map[string]cases.Task{}
	for _, t := range v.Tasks {
		if t.State == cases.TaskOpen {
			out[t.StepKey] = t.Task
		}
	}
	return out
}

// 会签: both steps of a stage must be approved before the next stage
// opens; a return goes back to the stage before.
func TestParallelSteps(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		ctx := context.Background()
		c := e.Submit(t, e.Company, casestest.SimpleInput(casestest.ParallelItem))
		n := c.Number
		e.Do(t, e.ClerkPref, n, cases.ActAccept)
		got := open(e.Get(t, e.Reviewer, n))
		if len(got) != 2 || got["papers"].Stage != 2 || got["site"].Stage != 2 {
			t.Fatalf("stage 2 tasks: %+v", got)
		}
		if _, err := e.Svc.Act(ctx, e.Reviewer, n, cases.ActionInput{Action: cases.ActReturn, Comment: "退回"}); !errs.Is(err, errs.Conflict) {
			t.Errorf("return from the first review stage: %v", err)
		}
		e.Act(t, e.Reviewer, n, cases.ActionInput{Action: cases.ActApprove, TaskID: got["papers"].ID, Comment: "材料齐全"})
		v := e.Get(t, e.Reviewer, n)
		if o := open(v); v.Stage != 2 || len(o) != 1 || o["site"].ID == 0 {
			t.Fatalf("after one of two: stage %d open %+v", v.Stage, o)
		}
		if _, err := e.Svc.Act(ctx, e.Approver, n, cases.ActionInput{Action: cases.ActApprove}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("the approver before the decide stage: %v", err)
		}
		if _, err := e.Svc.Act(ctx, e.Reviewer2, n, cases.ActionInput{Action: cases.ActApprove, TaskID: got["papers"].ID}); !errs.Is(err, errs.Conflict) {
			t.Errorf("approving a finished step: %v", err)
		}
		e.Act(t, e.Reviewer2, n, cases.ActionInput{Action: cases.ActApprove, Comment: "现场符合要求"})
		v = e.Get(t, e.Approver, n)
		if o := open(v); v.Stage != 3 || len(o) != 1 || o["decide"].Role != "approver" {
			t.Fatalf("after both: stage %d open %+v", v.Stage, o)
		}
		if _, err := e.Svc.Act(ctx, e.Approver, n, cases.ActionInput{Action: cases.ActReturn}); errs.FieldOf(err) != "comment" {
			t.Errorf("a return without a reason: %v", err)
		}
		e.Act(t, e.Approver, n, cases.ActionInput{Action: cases.ActReturn, Comment: "现场照片不清晰，请重新核查"})
		v = e.Get(t, e.Reviewer, n)
		o := open(v)
		if v.Stage != 2 || len(o) != 2 || o["papers"].ID == got["papers"].ID {
			t.Fatalf("after the return: stage %d open %+v", v.Stage, o)
		}
		returned := 0
		for _, task := range v.Tasks {
			if task.State == cases.TaskReturned {
				returned++
				if task.StepKey != "decide" || task.Opinion != "退回：现场照片不清晰，请重新核查" {
					t.Errorf("returned task: %+v", task.Task)
				}
			}
		}
		if returned != 1 || v.Events[len(v.Events)-1].Action != cases.ActReturn {
			t.Errorf("returned %d; last event %+v", returned, v.Events[len(v.Events)-1])
		}
		e.Do(t, e.Reviewer, n, cases.ActApprove)
		e.Do(t, e.Reviewer, n, cases.ActApprove) // one person may sign both steps
		if c := e.Do(t, e.Approver, n, cases.ActApprove); c.Status != cases.Granted {
			t.Fatalf("decide: %s", c.Status)
		}
		e.CheckCounters(t)
		e.VerifyAudit(t)
	})
}

// An instant item (即办件) is accepted and granted in one action.
func TestInstant(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		in := casestest.SimpleInput(casestest.InstantItem)
		in.OnBehalfOf = casestest.WalkIn("和建国", "533401", 7)
		c := e.Submit(t, e.ClerkPref, in)
		if c.Channel != cases.ChannelWindow || c.FilerID != e.ClerkPref.AccountID || c.Visits != 1 || !c.Instant {
			t.Fatalf("window submission: %+v", c)
		}
		c = e.Act(t, e.ClerkPref, c.Number, cases.ActionInput{Action: cases.ActAccept, Conclude: true})
		if c.Status != cases.Granted || c.Clock.Due != c.Clock.AcceptedOn || c.Clock.ConcludedOn != c.Clock.AcceptedOn || c.Overdue {
			t.Fatalf("instant: %s %+v", c.Status, c.Clock)
		}
		v := e.Get(t, e.ClerkPref, c.Number)
		if len(v.Documents) != 2 || v.Documents[0].Kind != cases.DocAccept || v.Documents[1].Kind != cases.DocGrant || len(v.Events) != 2 {
			t.Errorf("documents %+v events %+v", v.Documents, v.Events)
		}
		if v.Delivery.PickupCode != "" {
			t.Error("the filing clerk is shown the pickup code")
		}
		for _, task := range v.Tasks {
			if task.State == cases.TaskOpen {
				t.Errorf("open task after conclusion: %+v", task.Task)
			}
		}
		e.CheckCounters(t)
	})
}

// A pledge replaces a material where the item allows it; a deferred one
// (容缺) is owed after acceptance by a date, announced in its own notice.
func TestPledgeAndDeferred(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		in := cases.SubmitInput{ItemCode: casestest.StdItem, Form: casestest.StdForm(), Materials: []cases.MaterialInput{
			{Key: casestest.MatPledge, Pledge: true}, {Key: casestest.MatDeferred, Deferred: true}}}
		for _, c := range []struct {
			days int
			due  string
		}{
			{3, "2026-10-08"}, // 09-29, 09-30, (国庆), 10-08
			{0, "2026-10-10"}, // five by default: … 10-09, 10-10 (调休)
		} {
			n := e.Submit(t, e.Citizen, in).Number
			got := e.Act(t, e.ClerkPref, n, cases.ActionInput{Action: cases.ActAccept, OwedDays: c.days})
			if len(got.Owed) != 1 || got.Owed[0].Key != casestest.MatDeferred || got.Owed[0].Due.String() != c.due {
				t.Errorf("owed in %d days: %+v, want due %s", c.days, got.Owed, c.due)
			}
			v := e.Get(t, e.Citizen, n)
			if len(v.Documents) != 2 || v.Documents[1].Kind != cases.DocDeferred ||
				!strings.Contains(v.Documents[1].Content.Items[0].Problem, c.due) {
				t.Errorf("deferred notice: %+v", v.Documents)
			}
			if !v.Materials[0].Pledge || v.Materials[0].Files != nil {
				t.Errorf("pledged material: %+v", v.Materials)
			}
		}
	})
}
