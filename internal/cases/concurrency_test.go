package cases_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// race lets two people take the same action on one case at the same moment
// and checks that exactly one wins and the other is told someone was first.
func race(t *testing.T, e *casestest.Env, number string, in cases.ActionInput, ps ...*access.Principal) *access.Principal {
	t.Helper()
	var wg sync.WaitGroup
	start := make(chan struct{})
	results := make([]error, len(ps))
	for i, p := range ps {
		wg.Go(func() {
			<-start
			_, results[i] = e.Svc.Act(casestest.Ctx(p), p, number, in)
		})
	}
	close(start)
	wg.Wait()
	var winner *access.Principal
	for i, err := range results {
		switch {
		case err == nil && winner == nil:
			winner = ps[i]
		case err == nil:
			t.Errorf("%s: both %s and %s succeeded", in.Action, winner.Username, ps[i].Username)
		case !errs.Is(err, errs.Conflict):
			t.Errorf("%s by %s: %v, want conflict", in.Action, ps[i].Username, err)
		}
	}
	if winner == nil {
		t.Fatalf("%s: nobody won: %v", in.Action, results)
	}
	return winner
}

// Two people acting on one case at once: one wins, the other gets a
// conflict, and the timeline, tasks and counters show one action.
func TestConcurrentActions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		for round := range 3 {
			c := e.SubmitStd(t, e.Citizen)
			n := c.Number
			won := race(t, e, n, cases.ActionInput{Action: cases.ActAccept}, e.ClerkPref, e.ClerkPref2)
			v := e.Get(t, e.Supervisor, n)
			if v.Status != cases.InReview || len(v.Events) != 2 || v.Events[1].ActorID != won.AccountID || len(v.Documents) != 1 {
				t.Fatalf("round %d accept: %s events %d docs %d", round, v.Status, len(v.Events), len(v.Documents))
			}
			won = race(t, e, n, cases.ActionInput{Action: cases.ActClaim}, e.Reviewer, e.Reviewer2)
			if v = e.Get(t, e.Supervisor, n); v.Tasks[1].AssigneeID != won.AccountID || len(v.Events) != 3 {
				t.Fatalf("round %d claim: %+v", round, v.Tasks[1].Task)
			}
			e.Act(t, won, n, cases.ActionInput{Action: cases.ActApprove})
			race(t, e, n, cases.ActionInput{Action: cases.ActApprove}, e.Approver, e.Approver2)
			v = e.Get(t, e.Supervisor, n)
			if v.Status != cases.Granted || len(v.Events) != 5 || len(v.Documents) != 2 {
				t.Fatalf("round %d decide: %s events %d docs %d", round, v.Status, len(v.Events), len(v.Documents))
			}
			// Granting and denying at once: one decision.
			c = e.CaseIn(t, cases.InReview)
			e.Do(t, e.Reviewer, c.Number, cases.ActApprove)
			var wg sync.WaitGroup
			var grantErr, denyErr error
			wg.Go(func() {
				_, grantErr = e.Svc.Act(casestest.Ctx(e.Approver), e.Approver, c.Number, cases.ActionInput{Action: cases.ActApprove})
			})
			wg.Go(func() {
				_, denyErr = e.Svc.Act(casestest.Ctx(e.Approver2), e.Approver2, c.Number, cases.ActionInput{Action: cases.ActDeny, Reason: "不符合条件"})
			})
			wg.Wait()
			if (grantErr == nil) == (denyErr == nil) || !errs.Is(grantErr, errs.Conflict) && !errs.Is(denyErr, errs.Conflict) {
				t.Fatalf("round %d grant %v / deny %v", round, grantErr, denyErr)
			}
			if d := e.Get(t, e.Supervisor, c.Number); len(d.Documents) != 2 || d.Decision == nil {
				t.Fatalf("round %d: %d documents, decision %+v", round, len(d.Documents), d.Decision)
			}
		}
		e.CheckCounters(t)
		// Rebuilt from the rows, the counters are the same.
		if err := sqlstore.NewCaseStore(db).RebuildCounters(t.Context()); err != nil {
			t.Fatal(err)
		}
		e.CheckCounters(t)
		e.VerifyAudit(t)
	})
}

// Submissions at once are numbered without gaps or duplicates, each with
// its own audit event, and the applicant's total counts them all.
func TestConcurrentSubmissions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		const n = 16
		var wg sync.WaitGroup
		numbers := make([]string, n)
		for i := range n {
			wg.Go(func() {
				p := e.Citizen
				if i%2 == 1 {
					p = e.Company
				}
				c, err := e.Svc.Submit(casestest.Ctx(p), p, casestest.SimpleInput(casestest.ParallelItem))
				if err != nil {
					t.Error(err)
					return
				}
				numbers[i] = c.Number
			})
		}
		wg.Wait()
		seen := map[string]bool{}
		for _, num := range numbers {
			seen[num] = true
		}
		for i := 1; i <= n; i++ {
			if !seen[fmt.Sprintf("533400-20260928-%06d", i)] {
				t.Errorf("number %d missing: %v", i, numbers)
			}
		}
		if got := e.Count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'case.submit'"); got != n {
			t.Errorf("%d submit events", got)
		}
		mine, err := e.Svc.List(casestest.Ctx(e.Citizen), e.Citizen, cases.ListQuery{View: cases.ViewMine})
		if err != nil || mine.Total != n/2 {
			t.Errorf("citizen's total: %v %d", err, mine.Total)
		}
		e.CheckCounters(t)
		e.VerifyAudit(t)
	})
}
