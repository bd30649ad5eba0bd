package hotline_test

import (
	"context"
	"testing"

	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// TestDispatchRules: the nearest region up the tree wins, then the nearest
// subject; several rules of one pair make a lead and assistants; no rule
// falls back to the region's government office, or the nearest above.
func TestDispatchRules(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		for _, c := range []struct {
			subject, region string
			lead            int64
			assists         []int64
			rule            string
		}{
			{"0201", "533401", e.marketCity, nil, "rule 0201@533401"},                  // the city's own rule
			{"0201", "533422", e.marketPref, nil, "rule 02@533400"},                    // up the region tree, then the subject tree
			{"0202", "533401", e.marketPref, nil, "rule 02@533400"},                    // the city has no rule for prices
			{"0301", "533401", e.housing, nil, "rule 03@533400"},                       // parent subject
			{"010101", "533400", e.develop, []int64{e.marketPref}, "rule 0101@533400"}, // lead and assist
			{"0401", "533401", e.govCity, nil, "government"},                           // no rule: the city's government office
			{"0401", "533422", e.govPref, nil, "government"},                           // 德钦县 has none: the prefecture's
		} {
			sg, err := e.svc.Suggest(ctx, c.subject, c.region)
			if err != nil {
				t.Fatalf("%s@%s: %v", c.subject, c.region, err)
			}
			if sg.Lead.ID != c.lead || sg.Rule != c.rule || len(sg.Assists) != len(c.assists) {
				t.Errorf("%s@%s: got %+v, want lead %d assists %v rule %s", c.subject, c.region, sg, c.lead, c.assists, c.rule)
			}
			for i, a := range c.assists {
				if sg.Assists[i].ID != a {
					t.Errorf("%s@%s: assist %d is %d, want %d", c.subject, c.region, i, sg.Assists[i].ID, a)
				}
			}
		}
		if _, err := e.svc.Suggest(ctx, "9999", "533401"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("unknown subject: %v", err)
		}

		// Dispatch takes the suggestion; the assisting department sees the
		// ticket but may not act on it; a third department does not see it.
		in := call("010101", "533400")
		in.Type = hotline.TypeHelp
		tk := e.intake(t, in)
		if tk.Status != hotline.StatusDispatching || tk.Number == "" {
			t.Fatalf("intake: %+v", tk)
		}
		v, err := e.svc.Get(casestest.Ctx(e.dispatcher), e.dispatcher, tk.Number)
		if err != nil || v.Suggestion == nil || v.Suggestion.Lead.ID != e.develop {
			t.Fatalf("view suggestion: %+v %v", v.Suggestion, err)
		}
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActDispatch, Version: tk.Version})
		if tk.DeptID != e.develop || len(tk.Assists) != 1 || tk.Assists[0].ID != e.marketPref || tk.Status != hotline.StatusDispatched {
			t.Fatalf("dispatched: %+v", tk)
		}
		if _, err := e.svc.Get(casestest.Ctx(e.market), e.market, tk.Number); err != nil {
			t.Fatalf("assisting dept cannot see: %v", err)
		}
		_, err = e.svc.Act(casestest.Ctx(e.market), e.market, tk.Number, hotline.ActionInput{Action: hotline.ActSign})
		e.wantErr(t, err, errs.Forbidden, tk.Number, tk.Version)
		_, err = e.svc.Act(casestest.Ctx(e.housingRv), e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActSign})
		e.wantErr(t, err, errs.NotFound, tk.Number, tk.Version)
		page, err := e.svc.List(casestest.Ctx(e.market), e.market, hotline.ListQuery{View: hotline.ViewDept})
		if err != nil || len(page.Tickets) != 1 {
			t.Fatalf("assist's dept list: %+v %v", page, err)
		}
		// The fast lane uses the enterprise limits.
		if !tk.FastLane {
			t.Errorf("010101 is not on the fast lane")
		}

		// A dispatcher may override the rule; a dept outside the table is refused.
		tk2 := e.intake(t, call("0401", "533422"))
		_, err = e.svc.Act(casestest.Ctx(e.dispatcher), e.dispatcher, tk2.Number, hotline.ActionInput{Action: hotline.ActDispatch, DeptID: 99999})
		e.wantErr(t, err, errs.Invalid, tk2.Number, 1)
		tk2 = e.act(t, e.dispatcher, tk2.Number, hotline.ActionInput{Action: hotline.ActDispatch, DeptID: e.transport})
		if tk2.DeptID != e.transport {
			t.Fatalf("override: %+v", tk2)
		}
		// A department may not dispatch.
		_, err = e.svc.Act(casestest.Ctx(e.dev), e.dev, tk.Number, hotline.ActionInput{Action: hotline.ActDispatch})
		e.wantErr(t, err, errs.Forbidden, tk.Number, tk.Version)
	})
}

// TestClocks: limits in working days end at the end of the day, across a
// weekend and the National Day holiday; urgent tickets count clock hours
// on working days only; complex tickets get 15 working days.
func TestClocks(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		dispatch := func(now string, in hotline.Input, complex bool) hotline.Ticket {
			t.Helper()
			e.clock.Set(at(now))
			tk := e.intake(t, in)
			return e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActDispatch, Complex: complex})
		}
		check := func(tk hotline.Ticket, sign, handle string) {
			t.Helper()
			if !tk.SignDue.Equal(at(sign)) || !tk.HandleDue.Equal(at(handle)) {
				t.Errorf("%s: sign due %s handle due %s, want %s / %s (%s; %s)", tk.Number, tk.SignDue.In(at(sign).Location()),
					tk.HandleDue.In(at(sign).Location()), sign, handle, tk.SignExplain, tk.HandleExplain)
			}
		}
		// Wednesday 30 September: the next working day is Thursday 8 October
		// (国庆节); five working days end Tuesday 13 October (Saturday 10th is a 调休 workday).
		check(dispatch("2026-09-30 10:00", call("0301", "533401"), false), "2026-10-09 00:00", "2026-10-14 00:00")
		// Friday 16 October: over the weekend.
		check(dispatch("2026-10-16 16:00", call("0301", "533401"), false), "2026-10-20 00:00", "2026-10-24 00:00")
		// Urgent at 23:00 before the holiday: one hour that day, the rest on 8 October.
		urgent := call("0301", "533401")
		urgent.Urgency = hotline.Urgent
		check(dispatch("2026-09-30 23:00", urgent, false), "2026-10-08 01:00", "2026-10-09 00:00")
		// Urgent on a Monday morning: two clock hours.
		check(dispatch("2026-10-19 09:30", urgent, false), "2026-10-19 11:30", "2026-10-21 00:00")
		// Complex: 15 working days.
		check(dispatch("2026-10-19 09:30", call("0301", "533401"), true), "2026-10-21 00:00", "2026-11-10 00:00")

		// Signing after the limit is late; before it is not.
		tk := dispatch("2026-10-19 09:30", call("0301", "533401"), false)
		e.clock.Set(at("2026-10-20 23:59"))
		if s := e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActSign}); s.SignLate {
			t.Errorf("signed in time counted late")
		}
		tk = dispatch("2026-10-19 09:30", call("0301", "533401"), false)
		e.clock.Set(at("2026-10-21 00:01"))
		if s := e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActSign}); !s.SignLate {
			t.Errorf("late signing not counted late")
		}
	})
}

// TestDue checks the clock arithmetic alone.
func TestDue(t *testing.T) {
	cal := calendar(t)
	due, _, err := hotline.Due(cal, "533401", at("2026-10-16 23:30"), 3, "hour")
	if err != nil || !due.Equal(at("2026-10-19 02:30")) {
		t.Fatalf("3 hours from Friday 23:30: %s %v", due, err)
	}
	due, _, err = hotline.Due(cal, "533401", at("2026-10-16 08:00"), 1, "day")
	if err != nil || !due.Equal(at("2026-10-20 00:00")) {
		t.Fatalf("1 day from Friday: %s %v", due, err)
	}
	if _, _, err := hotline.Due(cal, "533401", at("2026-10-16 08:00"), 0, "day"); !errs.Is(err, errs.Invalid) {
		t.Fatalf("0 days: %v", err)
	}
}
