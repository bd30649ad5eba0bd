package hotline_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// TestFigures computes the figures over hand-made tickets and checks each
// rate against counts worked out by hand, and that each figure's list
// shows exactly the tickets it counts.
func TestFigures(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		e.clock.Set(at("2026-10-19 09:00")) // Monday
		// Housing: 4 tickets.
		//  h1 signed on time, replied on time, callback 满意 → closed
		//  h2 signed late, replied late, callback 不满意 → reopened, replied, callback 基本满意 → closed
		//  h3 return asked and rejected, signed, still handling
		//  h4 dispatched, not signed
		// Government office of the city: 1 ticket, return asked and accepted (lead now none: dept 0).
		// First contact: 1 consultation (no dept).
		h1, h2, h3, h4 := e.dispatched(t, "0301", "533401"), e.dispatched(t, "0301", "533401"), e.dispatched(t, "0302", "533401"), e.dispatched(t, "0303", "533401")
		e.act(t, e.housingRv, h1.Number, hotline.ActionInput{Action: hotline.ActSign})
		e.act(t, e.housingRv, h1.Number, hotline.ActionInput{Action: hotline.ActReply, Outcome: hotline.OutcomeResolved, Text: "已处理"})
		e.act(t, e.dispatcher, h1.Number, hotline.ActionInput{Action: hotline.ActReviewAccept})
		e.act(t, e.agent, h1.Number, hotline.ActionInput{Action: hotline.ActCallback, Satisfaction: hotline.Satisfied})
		e.act(t, e.housingRv, h3.Number, hotline.ActionInput{Action: hotline.ActReturn, Reason: "非本单位职责"})
		e.act(t, e.dispatcher, h3.Number, hotline.ActionInput{Action: hotline.ActReturnReject, Reason: "属于本单位职责"})
		e.act(t, e.housingRv, h3.Number, hotline.ActionInput{Action: hotline.ActSign})
		e.clock.Set(at("2026-10-28 10:00")) // past both limits of h2
		e.act(t, e.housingRv, h2.Number, hotline.ActionInput{Action: hotline.ActSign})
		e.act(t, e.housingRv, h2.Number, hotline.ActionInput{Action: hotline.ActReply, Outcome: hotline.OutcomeExplained, Text: "已解释"})
		e.act(t, e.dispatcher, h2.Number, hotline.ActionInput{Action: hotline.ActReviewAccept})
		e.act(t, e.agent, h2.Number, hotline.ActionInput{Action: hotline.ActCallback, Satisfaction: hotline.Unsatisfied})
		e.act(t, e.housingRv, h2.Number, hotline.ActionInput{Action: hotline.ActReply, Outcome: hotline.OutcomeResolved, Text: "已处理"})
		e.act(t, e.dispatcher, h2.Number, hotline.ActionInput{Action: hotline.ActReviewAccept})
		e.act(t, e.agent, h2.Number, hotline.ActionInput{Action: hotline.ActCallback, Satisfaction: hotline.Basic})
		_ = h4
		g := e.dispatched(t, "0401", "533401")
		if g.DeptID != e.govCity {
			t.Fatalf("gov dept %d", g.DeptID)
		}
		e.act(t, e.dispatcher, g.Number, hotline.ActionInput{Action: hotline.ActUrge}) // no effect on figures
		c := call("0102", "533401")
		c.Type, c.Answer = hotline.TypeConsult, "可登录政务服务网查询"
		e.intake(t, c)

		f, err := e.svc.Figures(casestest.Ctx(e.dispatcher), e.dispatcher, hotline.FiguresQuery{From: "2026-10-01", To: "2026-10-31"})
		if err != nil {
			t.Fatal(err)
		}
		byKey := map[string]hotline.Figure{}
		for _, x := range f.Groups {
			byKey[x.Key] = x
		}
		rate := func(x hotline.Figure, name string) hotline.Rate {
			for _, r := range x.Rates {
				if r.Name == name {
					return r
				}
			}
			t.Fatalf("no rate %s", name)
			return hotline.Rate{}
		}
		housing := byKey[itoa(e.housing)]
		if housing.Received != 4 || housing.Name != "迪庆州住房和城乡建设局" {
			t.Fatalf("housing: %+v", housing)
		}
		for _, c := range []struct {
			name string
			n, d int
			v    float64
		}{
			{"sign_ontime_rate", 2, 4, 50},   // h1 and h3 on time; h2 late; h4 unsigned
			{"reply_ontime_rate", 1, 2, 50},  // h1 on time, h2 late (its last reply)
			{"first_contact_rate", 0, 4, 0},  // none at intake
			{"callback_rate", 2, 2, 100},     // both concluded were called back
			{"satisfaction_rate", 2, 2, 100}, // 满意 and (finally) 基本满意
			{"return_rate", 1, 4, 25},        // h3 asked
			{"reopen_rate", 1, 2, 50},        // h2
		} {
			r := rate(housing, c.name)
			if r.Numerator != c.n || r.Denominator != c.d || r.Value != c.v {
				t.Errorf("housing %s: %d/%d = %v, want %d/%d = %v", c.name, r.Numerator, r.Denominator, r.Value, c.n, c.d, c.v)
			}
		}
		// The first-contact ticket has no department: its group is 0.
		none := byKey["0"]
		if none.Received != 1 || rate(none, "first_contact_rate").Value != 100 {
			t.Fatalf("no dept group: %+v", none)
		}
		// Each figure's list shows the tickets it counts.
		for _, name := range []string{"sign_ontime_rate", "reply_ontime_rate", "return_rate", "reopen_rate"} {
			r := rate(housing, name)
			for _, link := range []struct {
				url  string
				want int
			}{{r.List, r.Numerator}, {r.Base, r.Denominator}} {
				u, err := url.Parse(link.url)
				if err != nil || !strings.HasPrefix(link.url, "/api/v1/tickets?") {
					t.Fatalf("link %q", link.url)
				}
				q := u.Query()
				page, err := e.svc.List(casestest.Ctx(e.dispatcher), e.dispatcher, hotline.ListQuery{View: q.Get("view"),
					Metric: q.Get("metric"), DeptID: e.housing, From: q.Get("from"), To: q.Get("to"), Limit: 100})
				if err != nil || len(page.Tickets) != link.want {
					t.Errorf("%s list %s: %d tickets, want %d (%v)", name, link.url, len(page.Tickets), link.want, err)
				}
			}
		}
		// By region: all six tickets are in 香格里拉市.
		f, err = e.svc.Figures(casestest.Ctx(e.supervisor), e.supervisor, hotline.FiguresQuery{GroupBy: "region", From: "2026-10-01", To: "2026-10-31"})
		if err != nil || len(f.Groups) != 1 || f.Groups[0].Key != "533401" || f.Groups[0].Received != 6 {
			t.Fatalf("by region: %+v %v", f, err)
		}
		if _, err := e.svc.Figures(casestest.Ctx(e.housingRv), e.housingRv, hotline.FiguresQuery{}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("department: %v", err)
		}
	})
}

// TestHotspotsAndPush: subjects × places rising this week come first;
// 一键送达 dispatches a hot spot's waiting tickets in one step.
func TestHotspotsAndPush(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		e.clock.Set(at("2026-10-14 10:00")) // last week (Wednesday)
		for range 3 {
			e.intake(t, call("0401", "533422"))
		}
		e.intake(t, call("0201", "533401"))
		e.clock.Set(at("2026-10-20 10:00")) // this week (Tuesday)
		for range 3 {
			e.intake(t, call("0201", "533401"))
		}
		e.intake(t, call("0401", "533422"))
		hs, err := e.svc.Hotspots(casestest.Ctx(e.dispatcher), e.dispatcher, 10)
		if err != nil || len(hs) != 2 {
			t.Fatalf("hotspots: %+v %v", hs, err)
		}
		if hs[0].Subject != "0201" || hs[0].ThisWeek != 3 || hs[0].LastWeek != 1 || hs[0].Rise != 2 || hs[0].SubjectName != "市场监管 › 食品安全" {
			t.Errorf("first: %+v", hs[0])
		}
		if hs[1].Subject != "0401" || hs[1].Rise != -2 || hs[1].RegionName != "德钦县" {
			t.Errorf("second: %+v", hs[1])
		}
		res, err := e.svc.Push(casestest.Ctx(e.dispatcher), e.dispatcher, hotline.PushInput{Subject: "0201", Region: "533401"})
		if err != nil || len(res.Dispatched) != 4 {
			t.Fatalf("push: %+v %v", res, err)
		}
		page, _ := e.svc.List(casestest.Ctx(e.marketCityRv), e.marketCityRv, hotline.ListQuery{View: hotline.ViewDept, Status: "dispatched"})
		if len(page.Tickets) != 4 {
			t.Fatalf("dept has %d", len(page.Tickets))
		}
		if _, err := e.svc.Push(casestest.Ctx(e.dispatcher), e.dispatcher, hotline.PushInput{Subject: "0201", Region: "533401"}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("second push: %v", err)
		}
		if _, err := e.svc.Push(casestest.Ctx(e.agent), e.agent, hotline.PushInput{Subject: "0401", Region: "533422"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("agent push: %v", err)
		}
	})
}

// TestRemind warns once per limit.
func TestRemind(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		e.clock.Set(at("2026-10-19 09:00"))
		tk := e.dispatched(t, "0301", "533401")
		if n, err := e.svc.Remind(t.Context()); err != nil || n != 0 {
			t.Fatalf("early: %d %v", n, err)
		}
		e.clock.Set(at("2026-10-21 09:00"))
		if n, err := e.svc.Remind(t.Context()); err != nil || n != 1 {
			t.Fatalf("sign overdue: %d %v", n, err)
		}
		if n, _ := e.svc.Remind(t.Context()); n != 0 {
			t.Fatalf("warned twice: %d", n)
		}
		e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActSign})
		e.clock.Set(at("2026-10-28 09:00"))
		if n, _ := e.svc.Remind(t.Context()); n != 1 {
			t.Fatalf("handle overdue: %d", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM ticket_events WHERE action = 'overdue'"); n != 2 {
			t.Fatalf("overdue events %d", n)
		}
	})
}

func itoa(n int64) string { return strconvI(n) }
