package cases_test

import (
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// The statutory clock across the 2026 National Day holiday, a special
// procedure and extensions, with dates worked out by hand from the State
// Council's 2026 schedule (internal/workcal/data/2026.txt): 中秋节 09-25…09-27,
// 国庆节 10-01…10-07 (Thursday to Wednesday), make-up working days Sunday
// 09-20 and Saturday 10-10. 2026-09-28 is a Monday.
func TestClockAcrossHolidaysAndPauses(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		c := e.SubmitStd(t, e.Citizen)
		n := c.Number
		c = e.Do(t, e.ClerkPref, n, cases.ActAccept)
		// Accepted Monday 09-28, promised 10 working days:
		// 09-29 (1), 09-30 (2), 10-01…10-07 holiday, 10-08 (3), 10-09 (4),
		// 10-10 Saturday make-up (5), 10-12…10-16 (6…10) → Friday 10-16.
		wantDue(t, c, "2026-10-16", "受理 2026-09-28 + 10 个工作日", "跳过 10-01…10-07（国庆节）", "含调休 10-10")
		// The review step has 3 days: 09-29, 09-30, 10-08.
		v := e.Get(t, e.Reviewer, n)
		if rv := v.Tasks[1]; rv.StepKey != "review" || rv.Due.String() != "2026-10-08" || !strings.Contains(rv.DueExplain, "跳过") {
			t.Fatalf("review task: %+v", rv.Task)
		}

		// On Monday 10-12 the case has 4 working days left (normal), the
		// review step is overdue (red).
		e.Clock.SetDay(casestest.Day(t, "2026-10-12"))
		v = e.Get(t, e.Reviewer, n)
		if v.Level != cases.LevelNormal || v.Tasks[1].Level != cases.LevelRed {
			t.Errorf("levels on 10-12: case %s, review %s", v.Level, v.Tasks[1].Level)
		}
		e.Clock.SetDay(casestest.Day(t, "2026-10-14"))
		if v = e.Get(t, e.Reviewer, n); v.Level != cases.LevelYellow {
			t.Errorf("two working days before the due date: %s", v.Level)
		}
		e.Clock.SetDay(casestest.Day(t, "2026-10-12"))

		_, err := e.Svc.Act(casestest.Ctx(e.Reviewer), e.Reviewer, n, cases.ActionInput{Action: cases.ActStartSpecial, Procedure: "听证"})
		if errs.FieldOf(err) != "procedure" || !strings.Contains(errs.MessageOf(err), "检验") {
			t.Errorf("a procedure the item does not have: %v", err)
		}
		c = e.Act(t, e.Reviewer, n, cases.ActionInput{Action: cases.ActStartSpecial, Procedure: "检验"})
		if c.Status != cases.Special || c.Clock.Running() == nil || c.Clock.Running().Max != 10 {
			t.Fatalf("start special: %+v", c.Clock.Pauses)
		}
		if v = e.Get(t, e.Reviewer, n); v.Level != cases.LevelNormal || v.Tasks[1].Level != cases.LevelNormal {
			t.Errorf("levels while the clock stands still: %s %s", v.Level, v.Tasks[1].Level)
		}
		// Ended Friday 10-16: 10-13, 10-14, 10-15, 10-16 are 4 working days
		// paused; 14 working days from 09-28 → 10-19 (11), 10-20 (12),
		// 10-21 (13), 10-22 (14).
		e.Clock.SetDay(casestest.Day(t, "2026-10-16"))
		c = e.Do(t, e.Reviewer, n, cases.ActEndSpecial)
		if c.Status != cases.InReview || c.Clock.Paused != 4 || c.Clock.Pauses[0].Days != 4 || c.Clock.Pauses[0].To.String() != "2026-10-16" {
			t.Fatalf("end special: %+v", c.Clock)
		}
		wantDue(t, c, "2026-10-22", "暂停 4 个工作日（检验 2026-10-12…2026-10-16）", "跳过 10-01…10-07（国庆节）")
		// The review step moves 4 working days too: 10-08 → 10-09, 10-10, 10-12, 10-13.
		if rv := e.Get(t, e.Reviewer, n).Tasks[1]; rv.Due.String() != "2026-10-13" || !strings.Contains(rv.DueExplain, "暂停 4 个工作日后顺延至 2026-10-13") {
			t.Errorf("review task after the pause: %s %s", rv.Due, rv.DueExplain)
		}

		// Extensions: 5 more (19 days) → 10-23, 10-26, 10-27, 10-28, 10-29.
		c = e.Act(t, e.Approver, n, cases.ActionInput{Action: cases.ActExtend, Days: 5, Comment: "检验结果需复核"})
		wantDue(t, c, "2026-10-29", "延期 5 个工作日", "暂停 4 个工作日")
		// 10 + 5 + 6 = 21 > the legal 20: refused, saying what is left.
		before := e.State(t, n)
		_, err = e.Svc.Act(casestest.Ctx(e.Approver), e.Approver, n, cases.ActionInput{Action: cases.ActExtend, Days: 6, Comment: "再延期"})
		if errs.FieldOf(err) != "days" || errs.MessageOf(err) != "延期后共 21 个工作日，超过法定时限 20 个工作日（最多还能延长 5 个工作日）" {
			t.Errorf("beyond the legal limit: %v", err)
		}
		e.Unchanged(t, "extension beyond the legal limit", n, before)
		if _, err := e.Svc.Act(casestest.Ctx(e.Reviewer), e.Reviewer, n, cases.ActionInput{Action: cases.ActExtend, Days: 1, Comment: "x"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a reviewer extends: %v", err)
		}
		// Exactly up to the limit: 24 days → 10-30, 11-02, 11-03, 11-04, 11-05.
		c = e.Act(t, e.Approver, n, cases.ActionInput{Action: cases.ActExtend, Days: 5, Comment: "检验结果需复核"})
		wantDue(t, c, "2026-11-05", "延期 10 个工作日")
		if v := e.Get(t, e.Citizen, n); v.Events[len(v.Events)-1].Data["due"] != "2026-11-05" {
			t.Errorf("extend event: %+v", v.Events[len(v.Events)-1])
		}

		// A correction before acceptance does not count: supplemented and
		// accepted Wednesday 09-30, 10 working days → 10-08 (1) … 10-10 (3),
		// 10-12…10-16 (4…8), 10-19 (9), 10-20 (10).
		e.Clock.SetDay(casestest.Day(t, "2026-09-28"))
		c = e.CaseIn(t, cases.Correction)
		e.Clock.SetDay(casestest.Day(t, "2026-09-30"))
		e.Act(t, e.Citizen, c.Number, cases.ActionInput{Action: cases.ActSupplement})
		c = e.Do(t, e.ClerkPref, c.Number, cases.ActAccept)
		if c.Clock.Paused != 0 || strings.Contains(c.Clock.DueExplain, "暂停") || strings.Contains(c.Clock.DueExplain, "补正") {
			t.Errorf("correction counted after acceptance: %+v", c.Clock)
		}
		wantDue(t, c, "2026-10-20", "受理 2026-09-30 + 10 个工作日")
		// A special procedure from 10-12 to 10-13 adds one day (10-21); the
		// explanation names it alone.
		e.Clock.SetDay(casestest.Day(t, "2026-10-12"))
		e.Act(t, e.Reviewer, c.Number, cases.ActionInput{Action: cases.ActStartSpecial, Procedure: "检验"})
		e.Clock.SetDay(casestest.Day(t, "2026-10-13"))
		c = e.Do(t, e.Reviewer, c.Number, cases.ActEndSpecial)
		wantDue(t, c, "2026-10-21", "暂停 1 个工作日（检验 2026-10-12…2026-10-13）")
		if strings.Contains(c.Clock.DueExplain, "补正") {
			t.Errorf("the correction before acceptance is named: %s", c.Clock.DueExplain)
		}
		e.VerifyAudit(t)
	})
}

func wantDue(t *testing.T, c cases.Case, due string, explains ...string) {
	t.Helper()
	if c.Clock.Due.String() != due || !strings.HasSuffix(c.Clock.DueExplain, "→ "+due) {
		t.Errorf("due %s (%s), want %s", c.Clock.Due, c.Clock.DueExplain, due)
	}
	for _, x := range explains {
		if !strings.Contains(c.Clock.DueExplain, x) {
			t.Errorf("due explanation %q lacks %q", c.Clock.DueExplain, x)
		}
	}
}
