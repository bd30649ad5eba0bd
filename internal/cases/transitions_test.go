package cases_test

import (
	"slices"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// move is one action with the actor who may take it from a status and an
// actor who may see the case but not take the action.
type move struct {
	actor, wrong func(e *casestest.Env) *access.Principal
	input        func(e *casestest.Env, t *testing.T, c cases.Case) cases.ActionInput
	// to is the status the action leads to from status from (key "" for any).
	to map[cases.Status]cases.Status
}

func input(a string) func(*casestest.Env, *testing.T, cases.Case) cases.ActionInput {
	return func(*casestest.Env, *testing.T, cases.Case) cases.ActionInput { return cases.ActionInput{Action: a} }
}

var (
	citizen    = func(e *casestest.Env) *access.Principal { return e.Citizen }
	clerk      = func(e *casestest.Env) *access.Principal { return e.ClerkPref }
	reviewer   = func(e *casestest.Env) *access.Principal { return e.Reviewer }
	approver   = func(e *casestest.Env) *access.Principal { return e.Approver }
	supervisor = func(e *casestest.Env) *access.Principal { return e.Supervisor }
	manager    = func(e *casestest.Env) *access.Principal { return e.HallManager }
)

// moves lists every action a client may send with the people who may take it.
var moves = map[string]move{
	cases.ActSubmit: {actor: citizen, wrong: clerk, input: input(cases.ActSubmit),
		to: map[cases.Status]cases.Status{"": cases.Submitted}},
	cases.ActAccept: {actor: clerk, wrong: supervisor, input: input(cases.ActAccept),
		to: map[cases.Status]cases.Status{"": cases.InReview}},
	cases.ActRefuse: {actor: clerk, wrong: supervisor, input: func(*casestest.Env, *testing.T, cases.Case) cases.ActionInput {
		return cases.ActionInput{Action: cases.ActRefuse, Reason: "不属于本机关职权范围", LegalBasis: "《中华人民共和国行政许可法》第三十二条"}
	}, to: map[cases.Status]cases.Status{"": cases.Refused}},
	cases.ActRequestCorrection: {actor: clerk, wrong: supervisor, input: func(*casestest.Env, *testing.T, cases.Case) cases.ActionInput {
		return cases.ActionInput{Action: cases.ActRequestCorrection, Problems: casestest.Problems()}
	}, to: map[cases.Status]cases.Status{"": cases.Correction}},
	cases.ActSupplement: {actor: citizen, wrong: supervisor, input: func(e *casestest.Env, t *testing.T, c cases.Case) cases.ActionInput {
		return cases.ActionInput{Action: cases.ActSupplement, Materials: []cases.MaterialInput{{Key: casestest.MatDeferred, Files: []string{e.Upload(t, e.Citizen)}}}}
	}, to: map[cases.Status]cases.Status{"": cases.Submitted}},
	// The open task of the status: the acceptance while submitted, the review otherwise.
	cases.ActClaim: {actor: func(e *casestest.Env) *access.Principal { return e.Reviewer }, wrong: supervisor, input: input(cases.ActClaim),
		to: map[cases.Status]cases.Status{cases.Submitted: cases.Submitted, cases.InReview: cases.InReview, cases.Special: cases.Special}},
	cases.ActAssign: {actor: approver, wrong: reviewer, input: func(e *casestest.Env, t *testing.T, c cases.Case) cases.ActionInput {
		return cases.ActionInput{Action: cases.ActAssign, AssigneeID: e.Reviewer2.AccountID}
	}, to: map[cases.Status]cases.Status{cases.Submitted: cases.Submitted, cases.InReview: cases.InReview, cases.Special: cases.Special}},
	cases.ActApprove: {actor: reviewer, wrong: approver, input: input(cases.ActApprove),
		to: map[cases.Status]cases.Status{"": cases.InReview}},
	cases.ActDeny: {actor: approver, wrong: reviewer, input: func(*casestest.Env, *testing.T, cases.Case) cases.ActionInput {
		return cases.ActionInput{Action: cases.ActDeny, Reason: "经营场所不符合要求"}
	}, to: map[cases.Status]cases.Status{"": cases.Denied}},
	cases.ActReturn: {actor: approver, wrong: reviewer, input: func(*casestest.Env, *testing.T, cases.Case) cases.ActionInput {
		return cases.ActionInput{Action: cases.ActReturn, Comment: "请补充现场照片"}
	}, to: map[cases.Status]cases.Status{"": cases.InReview}},
	cases.ActStartSpecial: {actor: reviewer, wrong: supervisor, input: func(*casestest.Env, *testing.T, cases.Case) cases.ActionInput {
		return cases.ActionInput{Action: cases.ActStartSpecial, Procedure: "检验"}
	}, to: map[cases.Status]cases.Status{"": cases.Special}},
	cases.ActEndSpecial: {actor: reviewer, wrong: supervisor, input: input(cases.ActEndSpecial),
		to: map[cases.Status]cases.Status{"": cases.InReview}},
	cases.ActExtend: {actor: approver, wrong: reviewer, input: func(*casestest.Env, *testing.T, cases.Case) cases.ActionInput {
		return cases.ActionInput{Action: cases.ActExtend, Days: 5, Comment: "需要补充检验"}
	}, to: map[cases.Status]cases.Status{cases.InReview: cases.InReview, cases.Special: cases.Special}},
	cases.ActWithdraw: {actor: citizen, wrong: clerk, input: input(cases.ActWithdraw),
		to: map[cases.Status]cases.Status{"": cases.Withdrawn}},
	cases.ActSupplyOwed: {actor: citizen, wrong: supervisor, input: func(e *casestest.Env, t *testing.T, c cases.Case) cases.ActionInput {
		return cases.ActionInput{Action: cases.ActSupplyOwed, Materials: []cases.MaterialInput{{Key: casestest.MatDeferred, Files: []string{e.Upload(t, e.Citizen)}}}}
	}, to: map[cases.Status]cases.Status{cases.InReview: cases.InReview, cases.Special: cases.Special}},
	cases.ActDeliver: {actor: clerk, wrong: supervisor, input: func(e *casestest.Env, t *testing.T, c cases.Case) cases.ActionInput {
		return cases.ActionInput{Action: cases.ActDeliver, PickupCode: e.PickupCode(t, c.Number)}
	}, to: map[cases.Status]cases.Status{"": cases.Delivered}},
}

// Every action from every status: where the status allows it, the right
// actor succeeds (after a wrong one was refused with Forbidden, and someone
// who cannot see the case with NotFound, neither changing anything); where
// it does not, Conflict and nothing changed.
func TestTransitions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		if len(moves) != len(cases.Actions) {
			t.Fatalf("moves cover %d actions, cases has %d", len(moves), len(cases.Actions))
		}
		// One case per status for the refusals (a refusal changes nothing).
		in := map[cases.Status]cases.Case{}
		for _, st := range cases.Statuses {
			in[st] = e.CaseIn(t, st)
			if in[st].Status != st {
				t.Fatalf("CaseIn(%s) is %s", st, in[st].Status)
			}
		}
		for _, a := range cases.Actions {
			m := moves[a]
			for _, st := range cases.Statuses {
				if cases.Allowed(a, st) {
					continue
				}
				c := in[st]
				p := m.actor(e)
				if st == cases.Draft {
					p = e.Citizen // the only one who sees a draft (besides the hall)
				}
				act := m.input(e, t, c)
				before := e.State(t, c.Number)
				_, err := e.Svc.Act(casestest.Ctx(p), p, c.Number, act)
				if !errs.Is(err, errs.Conflict) {
					t.Errorf("%s from %s: %v, want conflict", a, st, err)
				}
				e.Unchanged(t, a+" from "+string(st), c.Number, before)
			}
		}
		for _, a := range cases.Actions {
			m := moves[a]
			for _, st := range cases.Statuses {
				if !cases.Allowed(a, st) {
					continue
				}
				c := e.CaseIn(t, st)
				if a == cases.ActSupplyOwed {
					c = e.CaseOwing(t, st)
				}
				if a == cases.ActReturn {
					e.Do(t, e.Reviewer, c.Number, cases.ActApprove) // to the decide stage, so there is one to return to
				}
				act := m.input(e, t, c)
				// Someone who cannot see the case: it does not exist for them.
				before := e.State(t, c.Number)
				for _, p := range []*access.Principal{e.Citizen2, e.ClerkDeqin, e.ReviewerHealth} {
					if _, err := e.Svc.Act(casestest.Ctx(p), p, c.Number, act); !errs.Is(err, errs.NotFound) {
						t.Errorf("%s from %s by %s: %v, want not found", a, st, p.Username, err)
					}
				}
				if w := m.wrong(e); st != cases.Draft || w == e.ClerkPref {
					if _, err := e.Svc.Act(casestest.Ctx(w), w, c.Number, act); !errs.Is(err, errs.Forbidden) {
						t.Errorf("%s from %s by %s: %v, want forbidden", a, st, w.Username, err)
					}
				}
				e.Unchanged(t, a+" from "+string(st)+" by the wrong people", c.Number, before)

				p := m.actor(e)
				switch {
				case a == cases.ActClaim && st == cases.Submitted:
					p = e.ClerkPref
				case a == cases.ActAssign && st == cases.Submitted:
					p, act.AssigneeID = e.HallManager, e.ClerkPref2.AccountID
				}
				got, err := e.Svc.Act(casestest.Ctx(p), p, c.Number, act)
				if err != nil {
					t.Errorf("%s from %s by %s: %v", a, st, p.Username, err)
					continue
				}
				want, ok := m.to[st]
				if !ok {
					want = m.to[""]
				}
				if got.Status != want || got.Version != before.Version+1 {
					t.Errorf("%s from %s: status %s version %d, want %s version %d", a, st, got.Status, got.Version, want, before.Version+1)
				}
				after := e.State(t, c.Number)
				if after.Events != before.Events+1 || after.Head <= before.Head {
					t.Errorf("%s from %s: events %d → %d, audit head %d → %d", a, st, before.Events, after.Events, before.Head, after.Head)
				}
				if a == cases.ActAssign {
					v := e.Get(t, e.Supervisor, c.Number)
					if !slices.ContainsFunc(v.Tasks, func(x cases.TaskView) bool {
						return x.State == cases.TaskOpen && x.AssigneeID == act.AssigneeID
					}) {
						t.Errorf("assign from %s: no open task assigned to %d: %+v", st, act.AssigneeID, v.Tasks)
					}
				}
			}
		}
		e.CheckCounters(t)
		e.VerifyAudit(t)
	})
}
