package rank_test

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/rank"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

func newService(e *casestest.Env) *rank.Service {
	return rank.NewService(sqlstore.NewRankStore(e.DB), sqlstore.NewStatStore(e.DB), sqlstore.NewGovStore(e.DB), e.Now)
}

// deptScheme is 迪庆州 ranking its own departments by 网上申报率 alone.
func deptScheme() rank.Input {
	return rank.Input{Region: "533400", Name: "迪庆州网上申报排名", Subject: rank.SubjectDept,
		Indicators: []rank.Weight{{Indicator: "online_share", Weight: 10}}}
}

// supervisorOf is a supervisor of another region (no account behind it:
// the service reads only the grants).
func supervisorOf(region string) *access.Principal {
	return &access.Principal{AccountID: 99001, Username: "sup" + region, Kind: "staff",
		Grants: []access.Grant{{Role: access.Supervisor, Region: region}}}
}

// Refused writes say which field is wrong and change nothing; only a
// supervisor of the scheme's region edits it, and a stale version loses.
func TestSchemeRules(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		svc := newService(e)
		sup := e.Supervisor
		ctx := casestest.Ctx(sup)
		head := e.Head(t)
		with := func(f func(*rank.Input)) rank.Input { in := deptScheme(); f(&in); return in }
		for _, tc := range []struct {
			name, field, says string
			in                rank.Input
		}{
			{"no name", "name", "请填写", with(func(in *rank.Input) { in.Name = "  " })},
			{"long name", "name", "最多 50 个字", with(func(in *rank.Input) { in.Name = strings.Repeat("评", 51) })},
			{"subject", "subject", "dept", with(func(in *rank.Input) { in.Subject = "hall" })},
			{"no indicators", "indicators", "至少", with(func(in *rank.Input) { in.Indicators = nil })},
			{"unknown", "indicators[1].indicator", "“speed”不存在", with(func(in *rank.Input) {
				in.Indicators = append(in.Indicators, rank.Weight{Indicator: "speed", Weight: 5})
			})},
			{"duplicate", "indicators[1].indicator", "网上申报率”重复", with(func(in *rank.Input) {
				in.Indicators = append(in.Indicators, rank.Weight{Indicator: "online_share", Weight: 5})
			})},
			{"zero weight", "indicators[0].weight", "大于 0", with(func(in *rank.Input) { in.Indicators[0].Weight = 0 })},
			{"negative weight", "indicators[0].weight", "大于 0", with(func(in *rank.Input) { in.Indicators[0].Weight = -3 })},
			{"heavy weight", "indicators[0].weight", "不超过 100", with(func(in *rank.Input) { in.Indicators[0].Weight = 100.5 })},
			{"no region", "region_code", "请填写", with(func(in *rank.Input) { in.Region = "" })},
			{"bad region", "region_code", "数字", with(func(in *rank.Input) { in.Region = "53340x" })},
			{"unknown region", "region_code", "不存在", with(func(in *rank.Input) { in.Region = "533499" })},
		} {
			_, err := svc.Create(ctx, sup, tc.in)
			if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != tc.field || !strings.Contains(errs.MessageOf(err), tc.says) {
				t.Errorf("%s: %v (field %q), want %s saying %q", tc.name, err, errs.FieldOf(err), tc.field, tc.says)
			}
		}
		// Outside one's region, or not a supervisor at all.
		for _, tc := range []struct {
			p  *access.Principal
			in rank.Input
		}{
			{supervisorOf("533422"), deptScheme()},
			{e.Citizen, deptScheme()},
			{e.ApproverHealth, deptScheme()},
			{sup, with(func(in *rank.Input) { in.Region = "530000" })},
		} {
			if _, err := svc.Create(casestest.Ctx(tc.p), tc.p, tc.in); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s creating for %s: %v, want forbidden", tc.p.Username, tc.in.Region, err)
			}
		}
		if n := e.Count(t, "SELECT COUNT(*) FROM rank_schemes"); n != 0 || e.Head(t) != head {
			t.Fatalf("refused writes left %d schemes, audit %d → %d", n, head, e.Head(t))
		}

		sc, err := svc.Create(ctx, sup, with(func(in *rank.Input) { in.Name = " 迪庆州\n网上申报排名 " }))
		if err != nil || sc.ID == 0 || sc.Version != 1 || !sc.Active || sc.Name != "迪庆州 网上申报排名" || sc.RegionName != "迪庆藏族自治州" {
			t.Fatalf("create: %+v %v", sc, err)
		}
		id := sc.ID
		if n := e.Count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'rank_scheme.create' AND object_id = ?", strconv.FormatInt(id, 10)); n != 1 {
			t.Errorf("%d create events", n)
		}

		// Who sees it.
		for _, p := range []*access.Principal{supervisorOf("533422"), e.ApproverHealth, e.HallManager, e.Citizen} {
			if _, err := svc.Scheme(context.Background(), p, id); !errs.Is(err, errs.NotFound) {
				t.Errorf("%s reads the scheme: %v, want not found", p.Username, err)
			}
			if _, err := svc.Live(context.Background(), p, id, "", ""); !errs.Is(err, errs.NotFound) {
				t.Errorf("%s ranks: %v, want not found", p.Username, err)
			}
			if _, err := svc.Update(casestest.Ctx(p), p, id, with(func(in *rank.Input) { in.Version = 1 })); !errs.Is(err, errs.NotFound) {
				t.Errorf("%s updates: %v, want not found", p.Username, err)
			}
		}
		for _, p := range []*access.Principal{e.Citizen, e.ApproverHealth, e.HallManager} {
			if _, err := svc.Schemes(context.Background(), p); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s lists schemes: %v, want forbidden", p.Username, err)
			}
		}
		if list, err := svc.Schemes(context.Background(), supervisorOf("533422")); err != nil || len(list) != 0 {
			t.Errorf("another region's supervisor lists %+v %v", list, err)
		}
		// A province-wide viewer sees it, but may not edit it.
		viewer := &access.Principal{AccountID: 99002, Username: "viewer", Grants: []access.Grant{{Role: access.HallManager, Region: "530000"}}}
		if list, err := svc.Schemes(context.Background(), viewer); err != nil || len(list) != 1 || list[0].ID != id {
			t.Errorf("province viewer lists %+v %v", list, err)
		}
		if _, err := svc.Update(casestest.Ctx(viewer), viewer, id, with(func(in *rank.Input) { in.Version = 1 })); !errs.Is(err, errs.Forbidden) {
			t.Errorf("viewer updates: %v, want forbidden", err)
		}

		// Optimistic concurrency: two edits from version 1, the second loses.
		head = e.Head(t)
		if _, err := svc.Update(ctx, sup, id, with(func(in *rank.Input) { in.Name = "甲" })); !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != "version" {
			t.Errorf("update without version: %v", err)
		}
		a := with(func(in *rank.Input) {
			in.Name, in.Version = "迪庆州评价（州直部门）", 1
			in.Indicators = append(in.Indicators, rank.Weight{Indicator: "ontime_rate", Weight: 30})
		})
		up, err := svc.Update(ctx, sup, id, a)
		if err != nil || up.Version != 2 || len(up.Indicators) != 2 || up.Name != a.Name {
			t.Fatalf("update: %+v %v", up, err)
		}
		b := with(func(in *rank.Input) { in.Name, in.Version = "乙", 1 })
		if _, err := svc.Update(ctx, sup, id, b); !errs.Is(err, errs.Conflict) {
			t.Errorf("stale update: %v, want conflict", err)
		}
		if _, err := svc.Update(ctx, sup, id, with(func(in *rank.Input) { in.Region, in.Version = "533422", 2 })); !errs.Is(err, errs.Invalid) {
			t.Errorf("moving the scheme: %v", err)
		}
		got, _ := svc.Scheme(context.Background(), sup, id)
		if got.Name != a.Name || got.Version != 2 || e.Head(t) != head+1 {
			t.Errorf("after the refused updates: %+v, audit %d → %d", got, head, e.Head(t))
		}
		off := false
		d := with(func(in *rank.Input) { in.Version, in.Active = 2, &off })
		if up, err := svc.Update(ctx, sup, id, d); err != nil || up.Active || up.Version != 3 {
			t.Fatalf("deactivate: %+v %v", up, err)
		}
		if n := e.Count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'rank_scheme.deactivate'"); n != 1 {
			t.Errorf("%d deactivation events", n)
		}
		e.VerifyAudit(t)
	})
}

// bundle files 我要开小吃店: one case for the market regulator and one
// for the health commission, online, or at the window when filed by a clerk.
func bundle(t *testing.T, e *casestest.Env, p *access.Principal, seq int) {
	t.Helper()
	in := cases.SubmitInput{BundleCode: casestest.Bundle, Form: map[string]any{
		"operator": "扎西顿珠", catalog.MergedKey(casestest.BundleItemA, "seats"): 24,
		catalog.MergedKey(casestest.BundleItemB, "staff"): 3,
	}}
	if p != e.Citizen {
		in.OnBehalfOf = casestest.WalkIn("扎西顿珠", "533401", seq)
	}
	e.Submit(t, p, in)
}

type unitRank struct {
	Unit           string
	Rank, Prev, Ch int
	Score          float64
}

func ranksOf(r rank.Ranking) []unitRank {
	var out []unitRank
	for _, row := range r.Rows {
		out = append(out, unitRank{row.Unit, row.Rank, row.PrevRank, row.Change, row.Score})
	}
	return out
}

// Two weeks in which the market regulator and the health commission swap
// places: weekly and monthly snapshots with the previous rank, taken in
// any order and taken again with the same result; the live ranking;
// TakeDue picking the last complete week and month once.
func TestSnapshots(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		svc := newService(e)
		edu := sqltest.Dept(t, db, "533400", "迪庆州教育体育局", "教育", "11533400MB0000053")
		sup := e.Supervisor
		ctx := casestest.Ctx(sup)
		sc, err := svc.Create(ctx, sup, deptScheme())
		if err != nil {
			t.Fatal(err)
		}
		market, health := strconv.FormatInt(e.DeptMarket, 10), strconv.FormatInt(e.DeptHealth, 10)
		eduKey := strconv.FormatInt(edu, 10)

		// Week of 09-28: the health commission all online (100), the market
		// regulator one of two (50). Week of 10-05: the market regulator
		// one of two, the health commission none.
		bundle(t, e, e.Citizen, 0)
		in := casestest.SimpleInput(casestest.InstantItem)
		in.OnBehalfOf = casestest.WalkIn("和建国", "533401", 7)
		e.Submit(t, e.ClerkPref, in)
		e.Clock.SetDay(casestest.Day(t, "2026-10-09"))
		bundle(t, e, e.ClerkPref, 8)
		e.SubmitStd(t, e.Citizen)

		wk1, wk2 := casestest.Day(t, "2026-09-28"), casestest.Day(t, "2026-10-05")
		if _, err := svc.Snapshot(ctx, sc.ID, rank.PeriodWeek, wk2); !errs.Is(err, errs.Invalid) {
			t.Errorf("a week not over: %v", err)
		}
		e.Clock.SetDay(casestest.Day(t, "2026-10-12"))
		if _, err := svc.Snapshot(ctx, sc.ID, rank.PeriodWeek, wk2.AddDays(1)); !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != "start" {
			t.Errorf("a week from a Tuesday: %v", err)
		}
		// The later week first: nothing kept before it.
		r2, err := svc.Snapshot(ctx, sc.ID, rank.PeriodWeek, wk2)
		if err != nil {
			t.Fatal(err)
		}
		want2 := []unitRank{{market, 1, 0, 0, 50}, {health, 2, 0, 0, 0}, {eduKey, 0, 0, 0, 0}}
		if got := ranksOf(r2); !reflect.DeepEqual(got, want2) {
			t.Errorf("week 2 alone: %+v, want %+v", got, want2)
		}
		r1, err := svc.Snapshot(ctx, sc.ID, rank.PeriodWeek, wk1)
		if err != nil {
			t.Fatal(err)
		}
		want1 := []unitRank{{health, 1, 0, 0, 100}, {market, 2, 0, 0, 50}, {eduKey, 0, 0, 0, 0}}
		if got := ranksOf(r1); !reflect.DeepEqual(got, want1) {
			t.Errorf("week 1: %+v, want %+v", got, want1)
		}
		if r1.Rows[2].Name != "迪庆州教育体育局" || r1.Rows[0].Received != 1 || r1.Rows[1].Figures[0].Num != 1 || r1.Rows[1].Figures[0].Den != 2 {
			t.Errorf("week 1 rows: %+v", r1.Rows)
		}
		// Keeping week 1 refreshed week 2's previous ranks.
		k2, err := svc.Kept(context.Background(), sup, sc.ID, "", "")
		want2 = []unitRank{{market, 1, 2, 1, 50}, {health, 2, 1, -1, 0}, {eduKey, 0, 0, 0, 0}}
		if err != nil || k2.From != wk2 || k2.To != wk2.AddDays(6) || !reflect.DeepEqual(ranksOf(k2), want2) {
			t.Fatalf("kept week 2: %+v %v, want %+v", ranksOf(k2), err, want2)
		}
		if len(k2.Kept) != 2 || k2.Kept[0] != wk2 || k2.TakenAt.IsZero() || !strings.Contains(k2.Title, "迪庆藏族自治州本级部门") {
			t.Errorf("kept week 2: kept %v, taken %v, title %s", k2.Kept, k2.TakenAt, k2.Title)
		}
		if k2.Rows[0].ChangeText() != "↑1" || k2.Rows[1].ChangeText() != "↓1" || k2.Rows[2].ChangeText() != "—" {
			t.Errorf("changes: %s %s %s", k2.Rows[0].ChangeText(), k2.Rows[1].ChangeText(), k2.Rows[2].ChangeText())
		}
		// Taking it again gives the same rows, and no more of them.
		again, err := svc.Snapshot(ctx, sc.ID, rank.PeriodWeek, wk2)
		if err != nil || !reflect.DeepEqual(again.Rows, k2.Rows) {
			t.Errorf("week 2 again: %+v %v\nwant %+v", again.Rows, err, k2.Rows)
		}
		if n := e.Count(t, "SELECT COUNT(*) FROM rank_snapshots WHERE scheme_id = ? AND period = 'week'", sc.ID); n != 6 {
			t.Errorf("%d weekly rows, want 6", n)
		}

		// Months: September has only the first week's cases; October is
		// not over on 10-12.
		if _, err := svc.Snapshot(ctx, sc.ID, rank.PeriodMonth, casestest.Day(t, "2026-10-01")); !errs.Is(err, errs.Invalid) {
			t.Errorf("October on 10-12: %v", err)
		}
		if m, err := svc.Snapshot(ctx, sc.ID, rank.PeriodMonth, casestest.Day(t, "2026-09-01")); err != nil || !reflect.DeepEqual(ranksOf(m), want1) {
			t.Errorf("September: %+v %v", ranksOf(m), err)
		}
		e.Clock.SetDay(casestest.Day(t, "2026-11-02"))
		if _, err := svc.Snapshot(ctx, sc.ID, rank.PeriodMonth, casestest.Day(t, "2026-10-01")); err != nil {
			t.Fatal(err)
		}
		km, err := svc.Kept(context.Background(), sup, sc.ID, rank.PeriodMonth, "")
		if err != nil || km.From != casestest.Day(t, "2026-10-01") || km.To != casestest.Day(t, "2026-10-31") || !reflect.DeepEqual(ranksOf(km), want2) {
			t.Errorf("kept October: %+v %v", ranksOf(km), err)
		}
		for _, q := range []struct{ period, start string }{{"week", "2026-09-29"}, {"day", ""}, {"week", "10-05"}} {
			if _, err := svc.Kept(context.Background(), sup, sc.ID, q.period, q.start); !errs.Is(err, errs.Invalid) {
				t.Errorf("kept %v: %v, want invalid", q, err)
			}
		}
		if _, err := svc.Kept(context.Background(), sup, sc.ID, "week", "2026-09-21"); !errs.Is(err, errs.NotFound) {
			t.Errorf("a week not kept: %v", err)
		}

		// Live: any period, compared with the one just before.
		live, err := svc.Live(context.Background(), sup, sc.ID, "2026-10-05", "2026-10-11")
		if err != nil || !reflect.DeepEqual(ranksOf(live), want2) || live.PrevFrom != wk1 || live.PrevTo != wk1.AddDays(6) {
			t.Errorf("live week 2: %+v %v (prev %s–%s)", ranksOf(live), err, live.PrevFrom, live.PrevTo)
		}
		live, err = svc.Live(context.Background(), sup, sc.ID, "2026-10-01", "2026-10-31")
		if err != nil || live.PrevFrom != casestest.Day(t, "2026-09-01") || live.PrevTo != casestest.Day(t, "2026-09-30") || live.Rows[0].Change != 1 {
			t.Errorf("live October: %+v %v (prev %s–%s)", ranksOf(live), err, live.PrevFrom, live.PrevTo)
		}
		if _, err := svc.Live(context.Background(), sup, sc.ID, "2026-10-05", "2026-10-01"); !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != "to" {
			t.Errorf("reversed period: %v", err)
		}

		// TakeDue: a second scheme (the counties) and an inactive third.
		counties, err := svc.Create(ctx, sup, rank.Input{Region: "533400", Name: "县市排名", Subject: rank.SubjectRegion,
			Indicators: []rank.Weight{{Indicator: "ontime_rate", Weight: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		off := false
		idle, err := svc.Create(ctx, sup, deptScheme())
		if err == nil {
			in := deptScheme()
			in.Version, in.Active = 1, &off
			_, err = svc.Update(ctx, sup, idle.ID, in)
		}
		if err != nil {
			t.Fatal(err)
		}
		type due struct {
			id     int64
			period string
			start  string
		}
		takeDue := func(today string) []due {
			t.Helper()
			taken, err := svc.TakeDue(ctx, casestest.Day(t, today))
			if err != nil {
				t.Fatal(err)
			}
			var out []due
			for _, k := range taken {
				out = append(out, due{k.SchemeID, k.Period, k.Start.String()})
			}
			slices.SortFunc(out, func(a, b due) int {
				return cmp.Or(cmp.Compare(a.id, b.id), strings.Compare(b.period, a.period))
			})
			return out
		}
		// On Sunday 10-11 the last complete week is 09-28 (kept for the
		// first scheme) and the month September.
		got := takeDue("2026-10-11")
		want := []due{{counties.ID, "week", "2026-09-28"}, {counties.ID, "month", "2026-09-01"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("TakeDue on 10-11: %+v, want %+v", got, want)
		}
		got = takeDue("2026-10-12")
		want = []due{{counties.ID, "week", "2026-10-05"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("TakeDue on 10-12: %+v, want %+v", got, want)
		}
		if got := takeDue("2026-10-12"); len(got) != 0 {
			t.Errorf("TakeDue twice: %+v", got)
		}
		got = takeDue("2026-11-02")
		want = []due{{sc.ID, "week", "2026-10-26"}, {counties.ID, "week", "2026-10-26"}, {counties.ID, "month", "2026-10-01"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("TakeDue on 11-02: %+v, want %+v", got, want)
		}
		// The counties: children of 533400, no cases of their own (the
		// prefecture's cases count for none of them), listed unranked.
		kc, err := svc.Kept(context.Background(), sup, counties.ID, "week", "2026-10-05")
		if err != nil || len(kc.Rows) != 2 || kc.Rows[0].Unit != "533401" || kc.Rows[1].Unit != "533422" || kc.Rows[0].Rank != 0 ||
			kc.Scope != "迪庆藏族自治州下级地区" {
			t.Errorf("counties: %+v %v", kc, err)
		}
		if n := e.Count(t, "SELECT COUNT(*) FROM rank_snapshots WHERE scheme_id = ?", idle.ID); n != 0 {
			t.Errorf("the inactive scheme has %d kept rows", n)
		}
		e.VerifyAudit(t)

		// The export table: title, and a row with rank, change, name, score.
		tab := rank.Table(k2)
		if tab.Title != k2.Title || len(tab.Columns) != 7 || tab.Rows[0][0] != int64(1) || tab.Rows[0][1] != "↑1" ||
			tab.Rows[0][2] != "迪庆州市场监督管理局" || tab.Rows[0][3] != 50.0 || tab.Rows[2][0] != "未排名" {
			t.Errorf("table: %+v %+v", tab.Columns, tab.Rows)
		}
	})
}
