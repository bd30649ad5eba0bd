package rating_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/rating"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// loop is the fixture of the rectification tests: the case fixture and
// the rating service over it.
type loop struct {
	*casestest.Env
	svc *rating.Service
	db  *sqlstore.DB
}

func newLoop(t *testing.T, db *sqlstore.DB) *loop {
	e := casestest.New(t, db, nil)
	return &loop{Env: e, db: db, svc: rating.NewService(sqlstore.NewRatingStore(db), e.Svc, e.Calendar.Calendar, e.Clock.Now)}
}

// bad rates a new granted case of the citizen badly and returns it with
// the rectification it opened.
func (l *loop) bad(t *testing.T, anonymous bool) (cases.Case, rating.RectView) {
	t.Helper()
	c := l.CaseIn(t, cases.Granted)
	r, err := l.svc.RateCase(casestest.Ctx(l.Citizen), l.Citizen, c.Number,
		rating.Input{Score: rating.Dissatisfied, Tags: []string{"多次跑腿"}, Comment: "跑了三趟", Anonymous: anonymous})
	if err != nil || r.Rectification == 0 {
		t.Fatalf("bad rating: %+v %v", r, err)
	}
	return c, l.get(t, l.Supervisor, r.Rectification)
}

func (l *loop) get(t *testing.T, p *access.Principal, id int64) rating.RectView {
	t.Helper()
	v, err := l.svc.Rectification(casestest.Ctx(p), p, id)
	if err != nil {
		t.Fatalf("read rectification %d as %s: %v", id, p.Username, err)
	}
	return v
}

func (l *loop) act(p *access.Principal, id int64, in rating.RectAction) (rating.Rectification, error) {
	return l.svc.Act(casestest.Ctx(p), p, id, in)
}

// must takes a step that has to succeed and checks the stage it leads to.
func (l *loop) must(t *testing.T, p *access.Principal, id int64, in rating.RectAction, stage string) rating.Rectification {
	t.Helper()
	x, err := l.act(p, id, in)
	if err != nil {
		t.Fatalf("%s as %s: %v", in.Action, p.Username, err)
	}
	if x.Stage != stage {
		t.Fatalf("%s led to %s, want %s", in.Action, x.Stage, stage)
	}
	return x
}

func (l *loop) due(t *testing.T, n int) string {
	t.Helper()
	r, err := l.Calendar.Calendar().Add(l.Clock.Today(), n, "")
	if err != nil {
		t.Fatal(err)
	}
	return r.Date.String()
}

// The whole loop: a named rating is verified, rectified (with evidence),
// called back and rechecked; an anonymous one skips the callback. Each
// stage's due date follows the default limits, and each step is recorded.
func TestRectificationLoop(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		l := newLoop(t, db)
		_, v := l.bad(t, false)
		id := v.ID
		if v.Stage != rating.StageVerify || v.StageDue.String() != "2026-09-30" || !v.Named || v.Rating.Score != 2 || v.Version != 1 {
			t.Fatalf("opened %+v, want verify due 2026-09-30 (2 working days from Monday 09-28), named", v.Rectification)
		}
		if got := l.get(t, l.Reviewer, id).Next; !slices.Equal(got, []string{rating.ActVerify, rating.ActAppeal}) {
			t.Errorf("the reviewer may %v, want verify and appeal", got)
		}
		if got := l.get(t, l.Supervisor, id).Next; len(got) != 0 {
			t.Errorf("the supervisor may %v at verify, want nothing", got)
		}
		if _, err := l.act(l.Reviewer, id, rating.RectAction{Action: rating.ActVerify}); !errs.Is(err, errs.Invalid) {
			t.Errorf("verify without saying what happened: %v, want invalid", err)
		}
		x := l.must(t, l.Reviewer, id, rating.RectAction{Action: rating.ActVerify, Comment: "属实：窗口未一次性告知"}, rating.StageRectify)
		if x.StageDue.String() != l.due(t, 15) || x.Version != 2 {
			t.Errorf("rectify due %s v%d, want %s (15 working days) v2", x.StageDue, x.Version, l.due(t, 15))
		}
		file := l.Upload(t, l.Approver)
		x = l.must(t, l.Approver, id, rating.RectAction{Action: rating.ActRectify, Comment: "已修订一次性告知清单并培训窗口人员",
			Files: []string{file, file}}, rating.StageCallback)
		if x.StageDue.String() != l.due(t, 1) {
			t.Errorf("callback due %s, want %s", x.StageDue, l.due(t, 1))
		}
		if _, err := l.act(l.Reviewer, id, rating.RectAction{Action: rating.ActCallback, Comment: "已电话回访"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("a callback without its result: %v, want invalid", err)
		}
		x = l.must(t, l.Reviewer, id, rating.RectAction{Action: rating.ActCallback, Comment: "已电话回访，申请人认可", Result: "基本满意"}, rating.StageRecheck)
		if x.StageDue.String() != l.due(t, 5) {
			t.Errorf("recheck due %s, want %s", x.StageDue, l.due(t, 5))
		}
		if got := l.get(t, l.Reviewer, id).Next; len(got) != 0 {
			t.Errorf("the reviewer may %v at recheck, want nothing", got)
		}
		x = l.must(t, l.Supervisor, id, rating.RectAction{Action: rating.ActRecheckPass}, rating.StageClosed)
		if x.Outcome != rating.OutcomeRectified || x.ClosedAt.IsZero() || !x.StageDue.IsZero() {
			t.Errorf("closed %+v, want rectified with a closing time and no due date", x)
		}
		v = l.get(t, l.Approver, id)
		var acts []string
		for _, s := range v.Steps {
			acts = append(acts, s.Action+"@"+s.Stage+"→"+s.Next)
		}
		want := []string{"verify@verify→rectify", "rectify@rectify→callback", "callback@callback→recheck", "recheck_pass@recheck→closed"}
		if !slices.Equal(acts, want) {
			t.Errorf("steps %v, want %v", acts, want)
		}
		if s := v.Steps[1]; s.ActorID != l.Approver.AccountID || s.Actor != "approver1" || s.Role != "approver" || len(s.Files) != 1 || s.Files[0] != file {
			t.Errorf("the rectify step %+v", s)
		}
		if v.Steps[2].Result != "基本满意" || v.Version != 5 || v.Stage != rating.StageClosed {
			t.Errorf("the record %+v", v.Rectification)
		}
		if n := rectCount(t, db, "SELECT COUNT(*) FROM messages WHERE account_id = ? AND subject LIKE ?", l.Citizen.AccountID, "您的评价已整改%"); n != 1 {
			t.Errorf("the applicant got %d notices of the closing, want 1", n)
		}
		if n := rectCount(t, db, "SELECT COUNT(*) FROM messages WHERE account_id = ?", l.Supervisor.AccountID); n != 1 {
			t.Errorf("the supervisor got %d messages, want 1 (the recheck waiting)", n)
		}

		// Anonymous: no callback, and nobody is named.
		_, v = l.bad(t, true)
		if v.Named || rectCount(t, db, "SELECT COUNT(*) FROM rectifications WHERE id = ? AND named = ?", v.ID, false) != 1 {
			t.Errorf("the anonymous rating's rectification is named: %+v", v.Rectification)
		}
		if v.Rating.AccountID != 0 || v.Rating.Named {
			t.Errorf("the anonymous rating names its author: %+v", v.Rating)
		}
		l.must(t, l.Reviewer, v.ID, rating.RectAction{Action: rating.ActVerify, Comment: "属实"}, rating.StageRectify)
		l.must(t, l.Reviewer, v.ID, rating.RectAction{Action: rating.ActRectify, Comment: "已整改"}, rating.StageRecheck)
		if _, err := l.act(l.Reviewer, v.ID, rating.RectAction{Action: rating.ActCallback, Comment: "x", Result: "满意"}); !errs.Is(err, errs.Conflict) {
			t.Errorf("a callback of an anonymous rating: %v, want conflict", err)
		}
		l.must(t, l.Supervisor, v.ID, rating.RectAction{Action: rating.ActRecheckPass, Comment: "整改到位"}, rating.StageClosed)
	})
}

// Limits: the nearest region with a row applies, over the defaults; only a
// supervisor over the region sets them, within 1–60, and it is audited.
// Due dates count working days across the National Day holiday.
func TestRectificationLimits(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		l := newLoop(t, db)
		sup := casestest.Ctx(l.Supervisor)
		in := rating.LimitsInput{Verify: 3, Rectify: 10, Callback: 2, Recheck: 4}
		for _, tc := range []struct {
			name   string
			p      *access.Principal
			region string
			in     rating.LimitsInput
			code   errs.Code
		}{
			{"zero days", l.Supervisor, "533400", rating.LimitsInput{Verify: 0, Rectify: 10, Callback: 2, Recheck: 4}, errs.Invalid},
			{"61 days", l.Supervisor, "533400", rating.LimitsInput{Verify: 3, Rectify: 61, Callback: 2, Recheck: 4}, errs.Invalid},
			{"not a region code", l.Supervisor, "5334", in, errs.Invalid},
			{"a reviewer", l.Reviewer, "533400", in, errs.Forbidden},
			{"above the supervisor's region", l.Supervisor, "530000", in, errs.Forbidden},
			{"no such region", l.Supervisor, "533499", in, errs.NotFound},
		} {
			before := head(t, db)
			if _, err := l.svc.SetLimits(casestest.Ctx(tc.p), tc.p, tc.region, tc.in); !errs.Is(err, tc.code) {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			}
			if head(t, db) != before {
				t.Errorf("%s: the refused change wrote an audit event", tc.name)
			}
		}
		if got, err := l.svc.Limits(sup, l.Supervisor, "533401"); err != nil || got.From != "" || got.Verify != 2 || got.Rectify != 15 {
			t.Errorf("limits with no row: %+v %v, want the defaults 2/15/1/5", got, err)
		}
		// The province's row, then the prefecture's own: the nearest applies.
		if _, err := db.Exec(t.Context(), `INSERT INTO rectification_limits (region_code, verify_days, rectify_days,
			callback_days, recheck_days, updated_at) VALUES ('530000', 7, 20, 3, 9, 0)`); err != nil {
			t.Fatal(err)
		}
		before := head(t, db)
		if _, err := l.svc.SetLimits(sup, l.Supervisor, "533400", in); err != nil {
			t.Fatal(err)
		}
		if head(t, db) != before+1 {
			t.Errorf("setting the limits wrote %d audit events, want 1", head(t, db)-before)
		}
		if got, _ := l.svc.Limits(sup, l.Reviewer, "533401"); got.From != "533400" || got.Verify != 3 || got.Recheck != 4 {
			t.Errorf("a county under the prefecture: %+v, want the prefecture's row", got)
		}
		if got, _ := l.svc.Limits(sup, l.Supervisor, "530100"); got.From != "530000" || got.Verify != 7 {
			t.Errorf("another city of the province: %+v, want the province's row", got)
		}

		// Monday 28 September + 3 working days: 1–7 October are the
		// National Day holiday, so verification is due Thursday 8 October.
		_, v := l.bad(t, false)
		if v.StageDue.String() != "2026-10-08" || v.Limits.Verify != 3 {
			t.Errorf("verify due %s with limits %+v, want 2026-10-08 under the prefecture's 3 days", v.StageDue, v.Limits)
		}
		// Verified on Wednesday 30 September: 10 working days, the make-up
		// Saturday 10 October counting, lead to Tuesday 20 October.
		l.Clock.SetDay(casestest.Day(t, "2026-09-30"))
		x := l.must(t, l.Reviewer, v.ID, rating.RectAction{Action: rating.ActVerify, Comment: "属实"}, rating.StageRectify)
		if x.StageDue.String() != "2026-10-20" {
			t.Errorf("rectify due %s, want 2026-10-20", x.StageDue)
		}
		// A weekend: rectified on Friday 16 October, the 2-day callback is due Tuesday 20 October.
		l.Clock.SetDay(casestest.Day(t, "2026-10-16"))
		x = l.must(t, l.Reviewer, v.ID, rating.RectAction{Action: rating.ActRectify, Comment: "已整改"}, rating.StageCallback)
		if x.StageDue.String() != "2026-10-20" {
			t.Errorf("callback due %s, want 2026-10-20", x.StageDue)
		}
	})
}

// Appeals: only with a reason and one's own evidence; upheld closes the
// rectification and voids the rating; rejected goes back to the stage it
// came from with a fresh due date; one appeal each.
func TestRectificationAppeal(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		l := newLoop(t, db)
		_, a := l.bad(t, false)
		own, others := l.Upload(t, l.Reviewer), l.Upload(t, l.Citizen)
		for _, in := range []rating.RectAction{
			{Action: rating.ActAppeal, Files: []string{own}},
			{Action: rating.ActAppeal, Comment: "申请人未到场办理，评价与事实不符"},
			{Action: rating.ActAppeal, Comment: "评价与事实不符", Files: []string{others}},
			{Action: rating.ActAppeal, Comment: "评价与事实不符", Files: []string{"0123456789abcdef0123456789abcdef"}},
		} {
			if _, err := l.act(l.Reviewer, a.ID, in); !errs.Is(err, errs.Invalid) {
				t.Errorf("appeal %+v: %v, want invalid", in, err)
			}
		}
		x := l.must(t, l.Reviewer, a.ID, rating.RectAction{Action: rating.ActAppeal, Comment: "评价与事实不符", Files: []string{own}}, rating.StageAppeal)
		if x.AppealFrom != rating.StageVerify || x.StageDue.String() != l.due(t, 5) {
			t.Errorf("appeal %+v, want from verify due in 5 working days", x)
		}
		if _, err := l.act(l.Reviewer, a.ID, rating.RectAction{Action: rating.ActAppealUphold, Comment: "成立"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("the department deciding its own appeal: %v, want forbidden", err)
		}
		x = l.must(t, l.Supervisor, a.ID, rating.RectAction{Action: rating.ActAppealUphold, Comment: "经核查录音，评价与事实不符"}, rating.StageClosed)
		if x.Outcome != rating.OutcomeUpheld {
			t.Errorf("upheld appeal closed as %q", x.Outcome)
		}

		// Rejected from rectify: back to rectify, due anew from the decision.
		_, b := l.bad(t, false)
		l.must(t, l.Reviewer, b.ID, rating.RectAction{Action: rating.ActVerify, Comment: "部分属实"}, rating.StageRectify)
		l.must(t, l.Approver, b.ID, rating.RectAction{Action: rating.ActAppeal, Comment: "超时系申请人补正所致", Files: []string{l.Upload(t, l.Approver)}}, rating.StageAppeal)
		l.Workdays(t, 3)
		if _, err := l.act(l.Supervisor, b.ID, rating.RectAction{Action: rating.ActAppealReject}); !errs.Is(err, errs.Invalid) {
			t.Errorf("a rejection without a reason: %v, want invalid", err)
		}
		x = l.must(t, l.Supervisor, b.ID, rating.RectAction{Action: rating.ActAppealReject, Comment: "补正通知本身不完整"}, rating.StageRectify)
		if x.StageDue.String() != l.due(t, 15) {
			t.Errorf("back at rectify due %s, want a fresh %s", x.StageDue, l.due(t, 15))
		}
		if _, err := l.act(l.Approver, b.ID, rating.RectAction{Action: rating.ActAppeal, Comment: "再次申诉", Files: []string{l.Upload(t, l.Approver)}}); !errs.Is(err, errs.Conflict) {
			t.Errorf("a second appeal: %v, want conflict", err)
		}
		if n := rectCount(t, db, "SELECT COUNT(*) FROM messages WHERE account_id = ? AND subject LIKE ?", l.Reviewer.AccountID, "差评整改退回%"); n != 1 {
			t.Errorf("the department got %d notices of the rejection, want 1", n)
		}
	})
}

// A recheck may send the work back with a reason; refusals (out of order,
// another department, the wrong role, a stranger, a stale version) change
// nothing and write nothing.
func TestRectificationRefusals(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		l := newLoop(t, db)
		_, v := l.bad(t, true)
		id := v.ID
		refuse := func(name string, p *access.Principal, in rating.RectAction, code errs.Code) {
			t.Helper()
			before, hd := l.get(t, l.Supervisor, id), head(t, db)
			if _, err := l.act(p, id, in); !errs.Is(err, code) {
				t.Errorf("%s: %v, want %s", name, err, code)
			}
			after := l.get(t, l.Supervisor, id)
			if head(t, db) != hd || after.Version != before.Version || after.Stage != before.Stage || len(after.Steps) != len(before.Steps) {
				t.Errorf("%s changed something: %+v → %+v", name, before.Rectification, after.Rectification)
			}
		}
		ok := rating.RectAction{Action: rating.ActVerify, Comment: "属实"}
		refuse("out of order", l.Reviewer, rating.RectAction{Action: rating.ActRectify, Comment: "已整改"}, errs.Conflict)
		refuse("a recheck at verify", l.Supervisor, rating.RectAction{Action: rating.ActRecheckPass}, errs.Conflict)
		refuse("another department", l.ReviewerHealth, ok, errs.NotFound)
		refuse("another county's department", l.ApproverDeqin, ok, errs.NotFound)
		refuse("the supervisor verifying", l.Supervisor, ok, errs.Forbidden)
		refuse("a clerk", l.ClerkPref, ok, errs.NotFound)
		refuse("the applicant", l.Citizen, ok, errs.NotFound)
		refuse("an unknown action", l.Reviewer, rating.RectAction{Action: "close"}, errs.Invalid)
		refuse("a stale version", l.Reviewer, rating.RectAction{Action: rating.ActVerify, Comment: "属实", Version: 7}, errs.Conflict)
		if _, err := l.svc.Rectification(casestest.Ctx(l.ReviewerHealth), l.ReviewerHealth, id); !errs.Is(err, errs.NotFound) {
			t.Errorf("another department reading: %v, want not found", err)
		}

		l.must(t, l.Reviewer2, id, ok, rating.StageRectify)
		l.must(t, l.Reviewer, id, rating.RectAction{Action: rating.ActRectify, Comment: "已整改"}, rating.StageRecheck)
		refuse("the department passing its own recheck", l.Approver, rating.RectAction{Action: rating.ActRecheckPass}, errs.Forbidden)
		refuse("a return without a reason", l.Supervisor, rating.RectAction{Action: rating.ActRecheckReturn}, errs.Invalid)
		l.Workdays(t, 2)
		x := l.must(t, l.Supervisor, id, rating.RectAction{Action: rating.ActRecheckReturn, Comment: "整改措施未落实到人"}, rating.StageRectify)
		if x.StageDue.String() != l.due(t, 15) || x.Steps[len(x.Steps)-1].Comment != "整改措施未落实到人" {
			t.Errorf("returned %+v, want rectify due %s with the reason", x, l.due(t, 15))
		}
		l.must(t, l.Reviewer, id, rating.RectAction{Action: rating.ActRectify, Comment: "已落实到人"}, rating.StageRecheck)

		// Lists: the department sees its own, another department nothing.
		pg, err := l.svc.ListRectifications(casestest.Ctx(l.Reviewer), l.Reviewer, rating.RectQuery{Stage: "open"})
		if err != nil || len(pg.Rectifications) != 1 || pg.Rectifications[0].ID != id {
			t.Errorf("the department's list: %+v %v", pg, err)
		}
		if pg, err := l.svc.ListRectifications(casestest.Ctx(l.ReviewerHealth), l.ReviewerHealth, rating.RectQuery{}); err != nil || len(pg.Rectifications) != 0 {
			t.Errorf("another department's list: %+v %v", pg, err)
		}
		if _, err := l.svc.ListRectifications(casestest.Ctx(l.ClerkPref), l.ClerkPref, rating.RectQuery{}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a clerk's list: %v, want forbidden", err)
		}
		if pg, _ := l.svc.ListRectifications(casestest.Ctx(l.Supervisor), l.Supervisor, rating.RectQuery{Stage: rating.StageVerify}); len(pg.Rectifications) != 0 {
			t.Errorf("nothing is at verify: %+v", pg)
		}
	})
}

// Two people act on the same rectification at once: exactly one wins.
func TestRectificationConcurrency(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		l := newLoop(t, db)
		_, v := l.bad(t, false)
		errsOf := make([]error, 2)
		var wg sync.WaitGroup
		for i, p := range []*access.Principal{l.Reviewer, l.Reviewer2} {
			wg.Go(func() {
				_, errsOf[i] = l.act(p, v.ID, rating.RectAction{Action: rating.ActVerify, Comment: "属实", Version: v.Version})
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errsOf {
			switch {
			case err == nil:
				won++
			case !errs.Is(err, errs.Conflict):
				t.Errorf("the loser: %v, want conflict", err)
			}
		}
		if x := l.get(t, l.Supervisor, v.ID); won != 1 || len(x.Steps) != 1 || x.Version != 2 {
			t.Errorf("%d won, %d steps, version %d: want one of each and version 2", won, len(x.Steps), x.Version)
		}
	})
}

// Reminders: a stage due within a working day warns the department once;
// an overdue one escalates to the supervisor once; a stage change resets.
func TestRectificationRemind(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		l := newLoop(t, db)
		_, v := l.bad(t, false) // verify due Wednesday 30 September
		remind := func(want int) {
			t.Helper()
			if n, err := l.svc.Remind(t.Context()); err != nil || n != want {
				t.Errorf("remind on %s: %d %v, want %d", l.Clock.Today(), n, err, want)
			}
		}
		warned := func() int {
			return rectCount(t, db, "SELECT warned FROM rectifications WHERE id = ?", v.ID)
		}
		remind(0) // two working days left
		l.Clock.SetDay(casestest.Day(t, "2026-09-29"))
		remind(1)
		remind(0)
		if warned() != 1 {
			t.Errorf("warned %d, want 1", warned())
		}
		for _, p := range []*access.Principal{l.Reviewer, l.Reviewer2, l.Approver, l.Approver2} {
			if n := rectCount(t, db, "SELECT COUNT(*) FROM messages WHERE account_id = ? AND kind = 'reminder'", p.AccountID); n != 1 {
				t.Errorf("%s got %d reminders, want 1", p.Username, n)
			}
		}
		for _, p := range []*access.Principal{l.Supervisor, l.ReviewerHealth, l.ReviewerDeqin, l.Citizen} {
			if n := rectCount(t, db, "SELECT COUNT(*) FROM messages WHERE account_id = ? AND kind IN ('reminder', 'overdue')", p.AccountID); n != 0 {
				t.Errorf("%s got %d reminders, want none", p.Username, n)
			}
		}
		l.Clock.SetDay(casestest.Day(t, "2026-10-08"))
		remind(1)
		remind(0)
		if warned() != 2 || rectCount(t, db, "SELECT COUNT(*) FROM messages WHERE account_id = ? AND kind = 'overdue'", l.Supervisor.AccountID) != 1 {
			t.Errorf("overdue: warned %d, the supervisor's escalations %d; want 2 and 1", warned(),
				rectCount(t, db, "SELECT COUNT(*) FROM messages WHERE account_id = ? AND kind = 'overdue'", l.Supervisor.AccountID))
		}
		if x := l.get(t, l.Supervisor, v.ID); x.DueLevel != "red" {
			t.Errorf("due level %q, want red", x.DueLevel)
		}
		x := l.must(t, l.Reviewer, v.ID, rating.RectAction{Action: rating.ActVerify, Comment: "属实"}, rating.StageRectify)
		if warned() != 0 || x.Warned != 0 {
			t.Errorf("warned %d after the stage changed, want 0", warned())
		}
	})
}

// Round 2: after a rectification closes as rectified the applicant may
// rate once more, within the period from the closing; not before, not
// after an upheld appeal, not a third time. A bad second rating opens a
// new rectification.
func TestRatingRoundTwo(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		l := newLoop(t, db)
		rate := func(c cases.Case, score int) (rating.Rating, error) {
			in := rating.Input{Score: score}
			if rating.Bad(score) {
				in.Tags = []string{"服务态度差"}
			}
			return l.svc.RateCase(casestest.Ctx(l.Citizen), l.Citizen, c.Number, in)
		}
		c, v := l.bad(t, true)
		if _, err := rate(c, 1); !errs.Is(err, errs.Conflict) {
			t.Errorf("rating again while rectifying: %v, want conflict", err)
		}
		l.must(t, l.Reviewer, v.ID, rating.RectAction{Action: rating.ActVerify, Comment: "属实"}, rating.StageRectify)
		l.must(t, l.Reviewer, v.ID, rating.RectAction{Action: rating.ActRectify, Comment: "已整改"}, rating.StageRecheck)
		if _, err := rate(c, 1); !errs.Is(err, errs.Conflict) {
			t.Errorf("rating again before the recheck: %v, want conflict", err)
		}
		l.must(t, l.Supervisor, v.ID, rating.RectAction{Action: rating.ActRecheckPass}, rating.StageClosed)
		list, _ := l.svc.Ratings(casestest.Ctx(l.Citizen), l.Citizen, c.Number)
		if !l.svc.CanRate(t.Context(), list) {
			t.Error("the applicant may not rate again after the rectification")
		}
		r, err := rate(c, rating.VeryDissatisfied)
		if err != nil || r.Round != 2 || r.Rectification == 0 || r.Rectification == v.ID {
			t.Fatalf("round 2: %+v %v, want a new rectification", r, err)
		}
		if x := l.get(t, l.Reviewer, r.Rectification); x.Round != 2 || x.Stage != rating.StageVerify || !x.Named {
			t.Errorf("the round-2 rectification %+v", x.Rectification)
		}
		if _, err := rate(c, 5); !errs.Is(err, errs.Conflict) {
			t.Errorf("a third rating: %v, want conflict", err)
		}
		list, _ = l.svc.Ratings(casestest.Ctx(l.Citizen), l.Citizen, c.Number)
		if len(list) != 2 || l.svc.CanRate(t.Context(), list) {
			t.Errorf("after round 2: %d ratings, may rate %v", len(list), l.svc.CanRate(t.Context(), list))
		}

		// Upheld: the rating is void, no second round.
		c2, v2 := l.bad(t, false)
		l.must(t, l.Reviewer, v2.ID, rating.RectAction{Action: rating.ActAppeal, Comment: "恶意评价", Files: []string{l.Upload(t, l.Reviewer)}}, rating.StageAppeal)
		l.must(t, l.Supervisor, v2.ID, rating.RectAction{Action: rating.ActAppealUphold, Comment: "成立"}, rating.StageClosed)
		if _, err := rate(c2, 5); !errs.Is(err, errs.Conflict) {
			t.Errorf("rating again after an upheld appeal: %v, want conflict", err)
		}

		// The period counts from the closing.
		c3, v3 := l.bad(t, true)
		l.must(t, l.Reviewer, v3.ID, rating.RectAction{Action: rating.ActVerify, Comment: "属实"}, rating.StageRectify)
		l.must(t, l.Reviewer, v3.ID, rating.RectAction{Action: rating.ActRectify, Comment: "已整改"}, rating.StageRecheck)
		l.Clock.Add(40 * 24 * time.Hour)
		l.must(t, l.Supervisor, v3.ID, rating.RectAction{Action: rating.ActRecheckPass}, rating.StageClosed)
		l.Clock.Add(29 * 24 * time.Hour)
		if r, err := rate(c3, 5); err != nil || r.Round != 2 || r.Rectification != 0 {
			t.Errorf("29 days after the closing (69 after the conclusion): %+v %v, want a good round 2", r, err)
		}
		c4, v4 := l.bad(t, true)
		l.must(t, l.Reviewer, v4.ID, rating.RectAction{Action: rating.ActVerify, Comment: "属实"}, rating.StageRectify)
		l.must(t, l.Reviewer, v4.ID, rating.RectAction{Action: rating.ActRectify, Comment: "已整改"}, rating.StageRecheck)
		l.must(t, l.Supervisor, v4.ID, rating.RectAction{Action: rating.ActRecheckPass}, rating.StageClosed)
		l.Clock.Add(31 * 24 * time.Hour)
		if _, err := rate(c4, 5); !errs.Is(err, errs.Conflict) {
			t.Errorf("31 days after the closing: %v, want conflict", err)
		}
	})
}

func rectCount(t *testing.T, db *sqlstore.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(t.Context(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
