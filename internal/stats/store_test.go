package stats_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/rating"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/stats"
)

func newService(e *casestest.Env) *stats.Service {
	return stats.NewService(sqlstore.NewStatStore(e.DB), sqlstore.NewGovStore(e.DB), e.Store, e.Now)
}

func figures(t *testing.T, svc *stats.Service, p *access.Principal, q stats.Query) map[string]stats.Indicator {
	t.Helper()
	r, err := svc.Indicators(context.Background(), p, q)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]stats.Indicator{}
	for _, in := range r.Indicators {
		out[in.Key] = in
	}
	return out
}

// Five cases worked out by hand, the figures they make on the day they
// came in and over the whole period, and the lists behind the figures.
func TestFiguresByHand(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		svc := newService(e)
		day1 := e.Clock.Today() // Monday 2026-09-28
		a := e.Do(t, e.ClerkPref, e.SubmitStd(t, e.Citizen).Number, cases.ActAccept)
		b := e.CaseIn(t, cases.Correction)
		in := casestest.SimpleInput(casestest.InstantItem)
		in.OnBehalfOf = casestest.WalkIn("和建国", "533401", 7)
		c := e.Submit(t, e.ClerkPref, in)
		c = e.Act(t, e.ClerkPref, c.Number, cases.ActionInput{Action: cases.ActAccept, Conclude: true})
		d := e.CaseIn(t, cases.Refused)
		late := e.Do(t, e.ClerkPref, e.SubmitStd(t, e.Citizen).Number, cases.ActAccept)

		e.Clock.SetDay(casestest.Day(t, "2026-10-13"))
		e.Do(t, e.Reviewer, a.Number, cases.ActApprove)
		a = e.Do(t, e.Approver, a.Number, cases.ActApprove)
		e.Clock.SetDay(late.Clock.Due.AddDays(3))
		e.Do(t, e.Reviewer, late.Number, cases.ActApprove)
		late = e.Do(t, e.Approver, late.Number, cases.ActApprove)
		if a.Overdue || !late.Overdue || c.Status != cases.Granted || b.Corrections != 1 || d.Status != cases.Refused {
			t.Fatalf("fixture: a overdue %v, late overdue %v, c %s, b corrections %d", a.Overdue, late.Overdue, c.Status, b.Corrections)
		}
		e.CheckStats(t)

		all := stats.Query{Region: "533400", From: day1.String(), To: e.Clock.Today().String()}
		f := figures(t, svc, e.Supervisor, all)
		for key, want := range map[string]float64{"received": 5, "accepted": 3, "concluded": 3, "refused": 1,
			"ontime_rate": 2.0 / 3, "overdue_rate": 1.0 / 3, "correction_rate": 0.2, "instant_share": 1.0 / 3,
			"online_share": 0.8, "accept_late_rate": 0, "no_visit_rate": 2.0 / 3} {
			if got := f[key]; !got.Defined || got.Value < want-1e-9 || got.Value > want+1e-9 {
				t.Errorf("%s = %v (%d/%d), want %v", key, got.Value, got.Num, got.Den, want)
			}
		}
		if used := f["avg_days_used"]; used.Num != int64(a.Clock.Used+late.Clock.Used) || a.Clock.Used != 7 {
			t.Errorf("days used %d, want %d + %d (a used %d, want 7: accepted 09-28, concluded 10-13 across the National Day holiday)",
				used.Num, a.Clock.Used, late.Clock.Used, a.Clock.Used)
		}
		one := all
		one.To = day1.String()
		f = figures(t, svc, e.Supervisor, one)
		if f["received"].Num != 5 || f["concluded"].Num != 1 || f["ontime_rate"].Value != 1 {
			t.Errorf("on day 1: received %d concluded %d ontime %v", f["received"].Num, f["concluded"].Num, f["ontime_rate"].Value)
		}
		// A staff member's figures: the clerk accepted three.
		staff := all
		staff.Staff = e.ClerkPref.AccountID
		if f = figures(t, svc, e.Supervisor, staff); f["accepted"].Num != 3 || f["received"].Num != 3 {
			t.Errorf("clerk: accepted %d received %d", f["accepted"].Num, f["received"].Num)
		}

		// Every figure opens the cases it counts.
		for metric, want := range map[string][]string{
			"received": {a.Number, b.Number, c.Number, d.Number, late.Number}, "concluded_overdue": {late.Number},
			"concluded_ontime": {a.Number, c.Number}, "corrected": {b.Number}, "instant": {c.Number},
			"refused": {d.Number}, "received_window": {c.Number}, "no_visit": {a.Number, late.Number},
		} {
			pg, err := svc.Cases(context.Background(), e.Supervisor, stats.CasesQuery{Query: all, Metric: metric})
			if err != nil {
				t.Fatal(metric, err)
			}
			var got []string
			for _, s := range pg.Cases {
				got = append(got, s.Number)
			}
			if pg.Total != len(want) || !sameSet(got, want) {
				t.Errorf("%s lists %v (total %d), want %v", metric, got, pg.Total, want)
			}
		}

		// Breakdowns: by department, by month.
		br, err := svc.Breakdown(context.Background(), e.Supervisor, all, stats.ByDept)
		if err != nil || len(br.Groups) != 1 || br.Groups[0].Name != "迪庆州市场监督管理局" {
			t.Fatalf("by dept: %+v %v", br.Groups, err)
		}
		br, err = svc.Breakdown(context.Background(), e.Supervisor, all, stats.ByMonth)
		if err != nil || len(br.Groups) < 2 || br.Groups[0].Key != "2026-09" {
			t.Fatalf("by month: %+v %v", br.Groups, err)
		}

		// Scope: a department's approver sees its own department only.
		r, err := svc.Indicators(context.Background(), e.Approver, stats.Query{From: all.From, To: all.To})
		if err != nil || r.Filter.DeptID != e.DeptMarket || r.Indicators[0].Num != 5 {
			t.Errorf("approver's default scope: %+v %v", r.Filter, err)
		}
		for _, tc := range []struct {
			p *access.Principal
			q stats.Query
		}{
			{e.ApproverHealth, stats.Query{Region: "533400", Dept: e.DeptMarket}},
			{e.Citizen, stats.Query{}},
			{e.ApproverDeqin, stats.Query{Region: "533400"}},
		} {
			if _, err := svc.Indicators(context.Background(), tc.p, tc.q); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s on %+v: %v, want forbidden", tc.p.Username, tc.q, err)
			}
		}
		for _, q := range []stats.Query{{From: "2026-13-01"}, {From: "2026-10-02", To: "2026-10-01"}, {From: "2020-01-01", To: "2026-01-01"}} {
			if _, err := svc.Indicators(context.Background(), e.Supervisor, q); !errs.Is(err, errs.Invalid) {
				t.Errorf("%+v: %v, want invalid", q, err)
			}
		}
		if _, err := svc.Cases(context.Background(), e.Supervisor, stats.CasesQuery{Query: all, Metric: "nonsense"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("unknown metric: %v", err)
		}
	})
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		if seen[x]--; seen[x] < 0 {
			return false
		}
	}
	return true
}

// Cases walked along random paths over random days: the counters kept on
// every write equal a full recount, and the figures of any period agree
// with the lists behind them.
func TestRecountRandom(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		svc := newService(e)
		rnd := rand.New(rand.NewPCG(7, 11))
		start := e.Clock.Today()
		var open []cases.Case
		statuses := []cases.Status{cases.Submitted, cases.Correction, cases.Refused, cases.Withdrawn, cases.InReview,
			cases.Special, cases.Denied, cases.Granted, cases.Delivered}
		for i := 0; i < 36; i++ {
			c := e.CaseIn(t, statuses[rnd.IntN(len(statuses))])
			if c.Status == cases.InReview {
				open = append(open, c)
			}
			if rnd.IntN(3) == 0 && len(open) > 0 {
				// Conclude an earlier one, maybe late.
				x := open[0]
				open = open[1:]
				e.Do(t, e.Reviewer, x.Number, cases.ActApprove)
				e.Do(t, e.Approver, x.Number, cases.ActApprove)
			}
			e.Clock.Add(time.Duration(rnd.IntN(72)) * time.Hour)
		}
		e.Clock.Add(40 * 24 * time.Hour)
		for _, x := range open {
			e.Do(t, e.Reviewer, x.Number, cases.ActApprove)
			e.Do(t, e.Approver, x.Number, cases.ActApprove)
		}
		if _, err := e.Svc.Deem(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.CheckStats(t)

		// Any period: a figure equals its list's total.
		for i := 0; i < 6; i++ {
			from := start.AddDays(rnd.IntN(30))
			q := stats.Query{Region: "533400", From: from.String(), To: from.AddDays(rnd.IntN(60)).String()}
			for _, in := range figures(t, svc, e.Supervisor, q) {
				if in.Kind != "count" || in.List == "" || in.Key == "rated" {
					continue
				}
				pg, err := svc.Cases(context.Background(), e.Supervisor, stats.CasesQuery{Query: q, Metric: in.List, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				if int64(pg.Total) != in.Num {
					t.Errorf("%s %s…%s: figure %d, list %d", in.Key, q.From, q.To, in.Num, pg.Total)
				}
			}
		}
	})
}

// Ratings and their rectifications move the rating figures: 好评率 on the
// day of the rating, 差评整改率 and 实名差评回访率 when the loop closes,
// and an appeal upheld voids a bad rating.
func TestRatingFigures(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		svc := newService(e)
		ratings := rating.NewService(sqlstore.NewRatingStore(db), e.Svc, e.Calendar.Calendar, e.Clock.Now)
		rate := func(score int, tags ...string) rating.Rating {
			c := e.CaseIn(t, cases.Granted)
			r, err := ratings.RateCase(casestest.Ctx(e.Citizen), e.Citizen, c.Number, rating.Input{Score: score, Tags: tags, Comment: "测试"})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		act := func(p *access.Principal, id int64, in rating.RectAction) {
			t.Helper()
			if _, err := ratings.Act(casestest.Ctx(p), p, id, in); err != nil {
				t.Fatalf("%s: %v", in.Action, err)
			}
		}
		rate(5)
		rate(3)
		fixed := rate(2, "多次跑腿")
		voided := rate(1, "服务态度差")
		q := stats.Query{Region: "533400", From: e.Clock.Today().String(), To: e.Clock.Today().String()}
		check := func(when string, want map[string]float64) {
			t.Helper()
			e.CheckStats(t)
			f := figures(t, svc, e.Supervisor, q)
			for k, v := range want {
				if got := f[k]; got.Value < v-1e-9 || got.Value > v+1e-9 {
					t.Errorf("%s: %s = %v (%d/%d), want %v", when, k, got.Value, got.Num, got.Den, v)
				}
			}
		}
		check("rated", map[string]float64{"rated": 4, "good_rate": 0.5, "bad_rate": 0.5, "bad_rectified_rate": 0, "callback_rate": 0})

		id := fixed.Rectification
		act(e.Reviewer, id, rating.RectAction{Action: rating.ActVerify, Comment: "属实"})
		act(e.Approver, id, rating.RectAction{Action: rating.ActRectify, Comment: "已整改"})
		check("rectified, not yet called back", map[string]float64{"callback_rate": 0})
		act(e.Reviewer, id, rating.RectAction{Action: rating.ActCallback, Comment: "已回访", Result: "满意"})
		check("called back", map[string]float64{"callback_rate": 0.5, "bad_rectified_rate": 0})
		act(e.Supervisor, id, rating.RectAction{Action: rating.ActRecheckPass})
		check("rechecked", map[string]float64{"bad_rectified_rate": 0.5})

		file := e.Upload(t, e.Approver)
		act(e.Approver, voided.Rectification, rating.RectAction{Action: rating.ActAppeal, Comment: "申请人办理的并非本部门事项", Files: []string{file}})
		act(e.Supervisor, voided.Rectification, rating.RectAction{Action: rating.ActAppealUphold, Comment: "属实"})
		check("appeal upheld", map[string]float64{"bad_rectified_rate": 1, "rated": 4})

		for metric, want := range map[string]int{"bad_rectified": 1, "bad_voided": 1, "named_bad_callback": 1, "named_bad": 2} {
			pg, err := svc.Cases(context.Background(), e.Supervisor, stats.CasesQuery{Query: q, Metric: metric})
			if err != nil || pg.Total != want {
				t.Errorf("%s lists %d, want %d (%v)", metric, pg.Total, want, err)
			}
		}
		pg, err := svc.Cases(context.Background(), e.Supervisor, stats.CasesQuery{Query: q, Metric: "rated", Scores: "3,4,5"})
		if err != nil || pg.Total != 2 {
			t.Errorf("good ratings list %d, want 2 (%v)", pg.Total, err)
		}
	})
}
