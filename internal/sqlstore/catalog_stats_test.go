package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// statsRow is one items row written straight into the table, so each
// indicator's inputs are exactly what the test says.
type statsRow struct {
	code, region, kind, status string
	dept                       int // index into the test's depts, -1 for none
	base                       bool
	published                  int
	suspended, cancelled       int64
	instant, inHall            bool
	legal, promised, visits    int
	depth                      int
}

// statsFixture loads regions, four departments and the rows below.
func statsFixture(t *testing.T, db *sqlstore.DB, now time.Time) []int64 {
	t.Helper()
	ctx := context.Background()
	sqltest.Regions(t, db, "530000", "530100", "533400", "533401", "533422", "533422101")
	var depts []int64
	for i, d := range [][3]string{{"533401", "香格里拉市市场监督管理局", "市场监管"}, {"533422", "德钦县民政局", "民政"},
		{"533422101", "升平镇便民服务中心", "乡镇"}, {"533400", "迪庆州交通运输局", "交通运输"}} {
		depts = append(depts, sqltest.Dept(t, db, d[0], d[1], d[2], fmt.Sprintf("11%sMB00%05d", d[0][:6], i+1)))
	}
	past, future := now.Add(-time.Hour).UnixMilli(), now.Add(48*time.Hour).UnixMilli()
	rows := []statsRow{
		// Counted in 533400:
		{code: "A", region: "533401", dept: 0, kind: "licensing", status: "published", published: 1, inHall: true, legal: 20, promised: 5, visits: 0, depth: 4},
		{code: "B", region: "533401", dept: 0, kind: "licensing", status: "published", published: 2, inHall: true, legal: 20, promised: 10, visits: 1, depth: 3},
		{code: "C", region: "533422", dept: 1, kind: "public_service", status: "published", published: 1, instant: true, legal: 0, promised: 0, visits: 2, depth: 2},
		{code: "D", region: "533422", dept: 1, kind: "penalty", status: "published", published: 1, legal: 90, promised: 90, visits: 1, depth: 1},
		{code: "E", region: "533422101", dept: 2, kind: "confirmation", status: "published", published: 1, inHall: true, legal: 10, promised: 3, visits: 1, depth: 3},
		{code: "F", region: "533400", dept: 3, kind: "licensing", status: "suspended", suspended: future, published: 1, inHall: true, legal: 30, promised: 15, visits: 0, depth: 4},
		// Not counted: a base item, a never-published draft, suspended and cancelled in the past.
		{code: "G", region: "533401", dept: -1, base: true, kind: "licensing", status: "published", published: 1, inHall: true, legal: 20, promised: 20, visits: 3, depth: 1},
		{code: "H", region: "533401", dept: 0, kind: "licensing", status: "draft", published: 0, legal: 20, promised: 1, visits: 0, depth: 4},
		{code: "I", region: "533401", dept: 0, kind: "licensing", status: "suspended", suspended: past, published: 1, legal: 20, promised: 1, visits: 0, depth: 4},
		{code: "J", region: "533422", dept: 1, kind: "benefit", status: "cancelled", cancelled: past, published: 3, legal: 20, promised: 1, visits: 0, depth: 4},
		// Another prefecture: only in the province's figures.
		{code: "K", region: "530100", dept: -1, kind: "licensing", status: "published", published: 1, legal: 20, promised: 10, visits: 1, depth: 3},
	}
	for _, r := range rows {
		var dept any
		if r.dept >= 0 {
			dept = depts[r.dept]
		}
		_, err := db.Exec(ctx, `INSERT INTO items (code, base_code, is_base, region_code, dept_id, name, kind, status, published_version,
			suspended_from, cancelled_from, instant, legal_days, promised_days, max_visits, online_depth, in_hall, created_at, updated_at)
			VALUES (?, 'BASE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`,
			"ITEM-"+r.code, r.base, r.region, dept, "事项"+r.code, r.kind, r.status, r.published, r.suspended, r.cancelled,
			r.instant, r.legal, r.promised, r.visits, r.depth, r.inHall)
		if err != nil {
			t.Fatal(err)
		}
	}
	return depts
}

func countLines(cs []catalog.IndicatorCount) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%s %s %s: n=%d online=%d whole=%d one=%d instant=%d hall=%d timed=%d p=%d l=%d\n", c.Group, c.GroupName, c.Kind,
			c.Items, c.OnlineApply, c.WholeOnline, c.OneVisit, c.Instant, c.InHall, c.Timed, c.PromisedSum, c.LegalSum)
	}
	return b.String()
}

func TestIndicatorCounts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		now := time.Now()
		depts := statsFixture(t, db, now)
		st := sqlstore.NewCatalogStats(db)

		// The prefecture by child region: its own item (F), Shangri-La (A, B),
		// Deqin with its township (C, D, E).
		got, err := st.IndicatorCounts(ctx, catalog.IndicatorFilter{Region: "533400"}, catalog.ByRegion, now)
		if err != nil {
			t.Fatal(err)
		}
		want := `533400 迪庆藏族自治州 licensing: n=1 online=1 whole=1 one=1 instant=0 hall=1 timed=1 p=15 l=30
533401 香格里拉市 licensing: n=2 online=2 whole=1 one=2 instant=0 hall=2 timed=2 p=15 l=40
533422 德钦县 confirmation: n=1 online=1 whole=0 one=1 instant=0 hall=1 timed=1 p=3 l=10
533422 德钦县 penalty: n=1 online=0 whole=0 one=1 instant=0 hall=0 timed=1 p=90 l=90
533422 德钦县 public_service: n=1 online=0 whole=0 one=0 instant=1 hall=0 timed=0 p=0 l=0
`
		if s := countLines(got); s != want {
			t.Fatalf("by region:\n%s\nwant:\n%s", s, want)
		}
		// Worked by hand: 5 application items (D is a penalty); online A B E F = 4;
		// whole online A F = 2; one visit A B E F = 4; instant C = 1; in hall
		// A B E F = 4; compression 1 − (5+10+3+15)/(20+20+10+30) = 1 − 33/80.
		f := catalog.Summarize(got)
		if f.Items != 6 || f.Applied != 5 || f.Online.Count != 4 || f.WholeOnline.Count != 2 || f.OneVisit.Count != 4 ||
			f.Instant.Count != 1 || f.InHall.Count != 4 || *f.Compression.Value != 1-33.0/80.0 {
			t.Fatalf("figures: %+v", f)
		}

		// The province by child region: the two prefectures.
		got, err = st.IndicatorCounts(ctx, catalog.IndicatorFilter{Region: "530000"}, catalog.ByRegion, now)
		if err != nil {
			t.Fatal(err)
		}
		groups := map[string]int{}
		for _, c := range got {
			groups[c.Group+" "+c.GroupName] += c.Items
		}
		if len(groups) != 2 || groups["530100 昆明市"] != 1 || groups["533400 迪庆藏族自治州"] != 6 {
			t.Fatalf("province groups: %v", groups)
		}

		// The departments located in Deqin county itself (not its township).
		got, err = st.IndicatorCounts(ctx, catalog.IndicatorFilter{Region: "533422"}, catalog.ByDept, now)
		if err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint(depts[1])
		if s := countLines(got); s != id+" 德钦县民政局 penalty: n=1 online=0 whole=0 one=1 instant=0 hall=0 timed=1 p=90 l=90\n"+
			id+" 德钦县民政局 public_service: n=1 online=0 whole=0 one=0 instant=1 hall=0 timed=0 p=0 l=0\n" {
			t.Fatalf("by dept:\n%s", s)
		}

		// One department anywhere: grouped under its province.
		got, err = st.IndicatorCounts(ctx, catalog.IndicatorFilter{DeptID: depts[0]}, catalog.ByRegion, now)
		if err != nil {
			t.Fatal(err)
		}
		if s := countLines(got); s != "530000 云南省 licensing: n=2 online=2 whole=1 one=2 instant=0 hall=2 timed=2 p=15 l=40\n" {
			t.Fatalf("one dept:\n%s", s)
		}

		// Once F's suspension takes effect it no longer counts.
		got, err = st.IndicatorCounts(ctx, catalog.IndicatorFilter{Region: "533400"}, catalog.ByRegion, now.Add(72*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if f := catalog.Summarize(got); f.Items != 5 {
			t.Fatalf("after the suspension: %d items", f.Items)
		}

		if n, err := st.RegionName(ctx, "533422101"); err != nil || n != "升平镇" {
			t.Fatalf("region name: %q %v", n, err)
		}
		if _, err := st.RegionName(ctx, "533499"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown region: %v", err)
		}
	})
}

// TestIndicatorQueryUsesIndex keeps the region figures on an index: a
// county's indicators must not scan the province's items.
func TestIndicatorQueryUsesIndex(t *testing.T) {
	db := sqltest.Open(t, sqlstore.SQLite)
	for _, by := range []string{catalog.ByRegion, catalog.ByDept} {
		q, args := sqlstore.IndicatorQuery(catalog.IndicatorFilter{Region: "533422"}, by, time.Now())
		rows, err := db.Query(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		all := strings.Join(plan, "; ")
		if !strings.Contains(all, "USING INDEX items_region") {
			t.Fatalf("%s plan does not use items_region: %s", by, all)
		}
	}
}

func TestFixedElementsSetting(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		st := sqlstore.NewCatalogStats(db)
		if _, _, err := st.Setting(ctx, catalog.FixedElementsKey); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unset: %v", err)
		}
		if err := st.PutSetting(ctx, catalog.FixedElementsKey, `["name"]`, 0, 7); err != nil {
			t.Fatal(err)
		}
		if err := st.PutSetting(ctx, catalog.FixedElementsKey, `["kind"]`, 0, 7); !errs.Is(err, errs.Conflict) {
			t.Fatalf("second insert: %v", err)
		}
		v, ver, err := st.Setting(ctx, catalog.FixedElementsKey)
		if err != nil || v != `["name"]` || ver != 1 {
			t.Fatalf("read: %q %d %v", v, ver, err)
		}
	})
}
