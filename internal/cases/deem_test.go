package cases_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// A case nobody decides on within five working days is accepted by law
// (行政许可法 第三十二条) from the day it was received; a case someone acted
// on is left alone, and nothing is deemed twice.
func TestDeemedAcceptance(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		ctx := context.Background()
		// Monday 11-02: acceptance is due five working days later, Monday 11-09.
		e.Clock.SetDay(casestest.Day(t, "2026-11-02"))
		idle := e.SubmitStd(t, e.Citizen)
		if idle.Clock.AcceptDue.String() != "2026-11-09" {
			t.Fatalf("accept due %s", idle.Clock.AcceptDue)
		}
		acted := e.SubmitStd(t, e.Citizen)
		fixed := e.CaseIn(t, cases.Correction)
		instant := e.Submit(t, e.Citizen, casestest.SimpleInput(casestest.InstantItem))
		bundle := e.Submit(t, e.Citizen, bundleInput())
		e.Clock.SetDay(casestest.Day(t, "2026-11-03"))
		e.Do(t, e.ClerkPref, acted.Number, cases.ActAccept)
		// Supplemented Wednesday 11-04: a new five days, to 11-11.
		e.Clock.SetDay(casestest.Day(t, "2026-11-04"))
		fixed = e.Act(t, e.Citizen, fixed.Number, cases.ActionInput{Action: cases.ActSupplement})
		if fixed.Clock.AcceptDue.String() != "2026-11-11" {
			t.Fatalf("accept due after the supplement: %s", fixed.Clock.AcceptDue)
		}

		// On the due day itself nothing happens.
		e.Clock.SetDay(casestest.Day(t, "2026-11-09"))
		if n, err := e.Svc.Deem(ctx); err != nil || n != 0 {
			t.Fatalf("deem on the due day: %d %v", n, err)
		}
		// Six working days after submission: Tuesday 11-10.
		e.Clock.SetDay(casestest.Day(t, "2026-11-02"))
		if d := e.Workdays(t, 6); d.String() != "2026-11-10" {
			t.Fatalf("six working days after 11-02: %s", d)
		}
		head := e.Head(t)
		n, err := e.Svc.Deem(ctx)
		if err != nil || n != 4 {
			t.Fatalf("deem: %d %v, want the idle case, the instant one and both children", n, err)
		}
		if got := e.Head(t) - head; got != 4 {
			t.Errorf("%d audit events for 4 deemed cases", got)
		}
		v := e.Get(t, e.Citizen, idle.Number)
		if v.Status != cases.InReview || !v.Deemed || v.Clock.AcceptedOn.String() != "2026-11-02" || v.Stage != 2 {
			t.Fatalf("deemed: %s deemed=%v accepted on %s stage %d", v.Status, v.Deemed, v.Clock.AcceptedOn, v.Stage)
		}
		// 10 working days from 11-02 → 11-16.
		wantDue(t, v.Case, "2026-11-16", "受理 2026-11-02 + 10 个工作日")
		last := v.Events[len(v.Events)-1]
		if last.Action != cases.ActDeem || last.ActorName != "system" || last.From != cases.Submitted || last.To != cases.InReview ||
			!strings.Contains(last.Comment, "第三十二条") {
			t.Errorf("deem event: %+v", last)
		}
		if len(v.Documents) != 1 || v.Documents[0].Kind != cases.DocAccept ||
			!strings.Contains(strings.Join(v.Documents[0].Content.Paragraphs, ""), "第三十二条") ||
			!slices.Contains(v.Documents[0].Content.LegalBasis, "《中华人民共和国行政许可法》第三十二条") {
			t.Errorf("accept notice of a deemed case: %+v", v.Documents)
		}
		if v.Tasks[0].State != cases.TaskDone || v.Tasks[1].State != cases.TaskOpen || v.Tasks[1].StepKey != "review" {
			t.Errorf("tasks: %+v", v.Tasks)
		}
		if e.Count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'case.deem_accept' AND object_id = ? AND actor_name = 'system'", idle.Number) != 1 {
			t.Error("no audit event of the deemed acceptance")
		}
		if a := e.Get(t, e.Citizen, acted.Number); a.Deemed || a.Clock.AcceptedOn.String() != "2026-11-03" {
			t.Errorf("the case the clerk accepted: deemed=%v accepted on %s", a.Deemed, a.Clock.AcceptedOn)
		}
		if f := e.Get(t, e.Citizen, fixed.Number); f.Status != cases.Submitted || f.Deemed {
			t.Errorf("the supplemented case (due 11-11): %s deemed=%v", f.Status, f.Deemed)
		}
		// An instant item deemed accepted still waits for the front desk to conclude it.
		iv := e.Get(t, e.ClerkPref, instant.Number)
		if iv.Status != cases.InReview || !iv.Deemed || iv.Decision != nil {
			t.Fatalf("deemed instant case: %s %+v", iv.Status, iv.Decision)
		}
		if c := e.Do(t, e.ClerkPref, instant.Number, cases.ActApprove); c.Status != cases.Granted {
			t.Errorf("concluding the deemed instant case: %s", c.Status)
		}
		if b := e.Get(t, e.Citizen, bundle.Number); b.Status != cases.InReview || len(b.Children) != 2 ||
			b.Children[0].Status != cases.InReview || !b.Children[1].Deemed {
			t.Errorf("deemed bundle: %s %+v", b.Status, b.Children)
		}

		// Nothing is deemed twice, and the supplemented case in its turn.
		if n, err := e.Svc.Deem(ctx); err != nil || n != 0 {
			t.Fatalf("second run: %d %v", n, err)
		}
		e.Clock.SetDay(casestest.Day(t, "2026-11-12"))
		if n, err := e.Svc.Deem(ctx); err != nil || n != 1 {
			t.Fatalf("the supplemented case: %d %v", n, err)
		}
		// Received complete on 11-04, so accepted from 11-04.
		if f := e.Get(t, e.Citizen, fixed.Number); !f.Deemed || f.Clock.AcceptedOn.String() != "2026-11-04" {
			t.Errorf("the supplemented case: deemed=%v accepted on %s", f.Deemed, f.Clock.AcceptedOn)
		}
		e.CheckCounters(t)
		e.VerifyAudit(t)
	})
}

// A second correction notice breaks 一次性告知: counted and flagged.
func TestRepeatedCorrection(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		c := e.CaseIn(t, cases.Correction)
		if c.RepeatedCorrection() {
			t.Fatal("one notice is not repeated")
		}
		e.Act(t, e.Citizen, c.Number, cases.ActionInput{Action: cases.ActSupplement})
		c = e.Act(t, e.ClerkPref, c.Number, cases.ActionInput{Action: cases.ActRequestCorrection,
			Problems: []cases.Problem{{Material: casestest.MatPledge, Name: "经营场所使用证明", Problem: "租赁合同已到期"}}})
		if c.Corrections != 2 || !c.RepeatedCorrection() || len(c.Problems) != 1 {
			t.Fatalf("second notice: corrections %d problems %+v", c.Corrections, c.Problems)
		}
		v := e.Get(t, e.Citizen, c.Number)
		if len(v.Documents) != 2 || v.Documents[0].Number == v.Documents[1].Number || !strings.HasSuffix(v.Documents[1].Number, "-2号") {
			t.Errorf("notices: %+v", v.Documents)
		}
		page, err := e.Svc.List(casestest.Ctx(e.Supervisor), e.Supervisor, cases.ListQuery{View: cases.ViewAll})
		if err != nil || page.Total != 1 || page.Cases[0].Corrections != 2 {
			t.Errorf("supervisor's list: %v %+v", err, page)
		}
	})
}
