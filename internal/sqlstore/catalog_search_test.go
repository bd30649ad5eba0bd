package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// searchFixture is a small catalog made through the real catalog.Service:
// drafts by one manager, published by another (four eyes).
type searchFixture struct {
	svc            *catalog.Service
	ed, pub        *access.Principal
	market, civil  int64 // depts: 香格里拉市市场监督管理局 (533401), 德钦县民政局 (533422)
	hrss           int64 // 香格里拉市人力资源和社会保障局 (533401)
	public, hidden []string
}

func searchDoc(code, name string, dept int64, region string, kind catalog.Kind, targets []string, themes []string, materials ...string) catalog.Doc {
	d := catalog.Doc{
		BaseCode: "11530000" + code[:4], Code: code, Name: name, Kind: kind, DeptID: dept, RegionCode: region,
		ExerciseLevel: catalog.LevelCounty,
		LegalBasis:    []catalog.LegalBasis{{Law: "《中华人民共和国行政许可法》", Article: "第二十九条"}},
		Targets:       targets, LegalDays: 20, PromisedDays: 5, MaxVisits: 1, OnlineDepth: 3, InHall: true,
		Channels: []string{catalog.ChannelOnline, catalog.ChannelWindow}, CrossRegion: catalog.CrossNone,
		Themes: themes,
		Steps:  []catalog.Step{{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1}},
	}
	for i, m := range materials {
		d.Materials = append(d.Materials, catalog.Material{Key: fmt.Sprintf("m%d", i+1), Name: m,
			Requirement: catalog.Required, Forms: []string{catalog.FormCopy}, Copies: 1})
	}
	return d
}

func newSearchFixture(t *testing.T, db *sqlstore.DB) *searchFixture {
	t.Helper()
	ctx := context.Background()
	sqltest.Regions(t, db, "530000", "533400", "533401", "533422")
	f := &searchFixture{ed: catalogtest.Manager(101, "catalog1", "530000"), pub: catalogtest.Manager(102, "catalog2", "530000")}
	for _, d := range []struct {
		id                         *int64
		region, name, kind, credit string
	}{
		{&f.market, "533401", "香格里拉市市场监督管理局", "市场监管", "11533401MB0000011"},
		{&f.civil, "533422", "德钦县民政局", "民政", "11533422MB0000021"},
		{&f.hrss, "533401", "香格里拉市人力资源和社会保障局", "人社", "11533401MB0000031"},
	} {
		*d.id = sqltest.Dept(t, db, d.region, d.name, d.kind, d.credit)
	}
	f.svc = catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	org, person := []string{catalog.TargetOrg}, []string{catalog.TargetPerson}
	marriage := searchDoc("A001-533422", "结婚登记", f.civil, "533422", catalog.KindConfirmation, person, []string{"marriage"}, "居民身份证", "居民户口簿")
	marriage.CrossRegion, marriage.OnlineDepth, marriage.MaxVisits = catalog.CrossNational, 2, 1
	card := searchDoc("A002-533401", "社会保障卡申领", f.hrss, "533401", catalog.KindPublicService, person, []string{"social_security"}, "居民身份证", "近期免冠照片")
	card.OnlineDepth, card.MaxVisits = 4, 0
	for _, c := range []struct {
		doc    catalog.Doc
		views  int
		status string // "", or suspended/cancelled with from
		from   time.Duration
	}{
		{searchDoc("A003-533401", "营业执照变更登记", f.market, "533401", catalog.KindLicensing, org, []string{"change"}, "变更登记申请书", "营业执照正副本"), 5, "", 0},
		{searchDoc("A004-533401", "个体工商户设立登记", f.market, "533401", catalog.KindLicensing, []string{catalog.TargetPerson, catalog.TargetOrg}, []string{"start"}, "经营场所使用证明", "居民身份证"), 9, "", 0},
		{searchDoc("A005-533401", "食品经营许可（新设）", f.market, "533401", catalog.KindLicensing, org, []string{"start"}, "食品经营许可申请书", "营业执照复印件"), 7, "", 0},
		{marriage, 3, "", 0},
		{card, 8, "", 0},
		{searchDoc("A006-533401", "户口迁移", f.hrss, "533401", catalog.KindConfirmation, person, nil, "户口迁移证明"), 1, catalog.StatusSuspended, 48 * time.Hour},
		{searchDoc("A007-533401", "出生医学证明办理", f.hrss, "533401", catalog.KindPublicService, person, []string{"birth"}, "出生证明"), 2, catalog.StatusSuspended, -time.Hour},
		{searchDoc("A008-533401", "营业执照遗失补办", f.market, "533401", catalog.KindLicensing, org, nil, "遗失声明"), 0, "draft", 0},
	} {
		it, err := f.svc.Create(ctx, f.ed, c.doc, false, "录入")
		if err != nil {
			t.Fatalf("%s: %v", c.doc.Name, err)
		}
		if c.status == "draft" {
			f.hidden = append(f.hidden, it.Code)
			continue
		}
		if it, err = f.svc.Publish(ctx, f.pub, it.Code, it.Version); err != nil {
			t.Fatalf("publish %s: %v", c.doc.Name, err)
		}
		for range c.views {
			if _, err := f.svc.Public(ctx, it.Code); err != nil {
				t.Fatalf("view %s: %v", it.Code, err)
			}
		}
		if c.status != "" {
			if it, err = f.svc.SetStatus(ctx, f.pub, it.Code, it.Version, c.status, time.Now().Add(c.from), "机构调整"); err != nil {
				t.Fatalf("%s %s: %v", c.status, c.doc.Name, err)
			}
		}
		if c.from < 0 {
			f.hidden = append(f.hidden, it.Code)
		} else {
			f.public = append(f.public, it.Code)
		}
	}
	// A province base item is a template, not a service to apply for.
	base := searchDoc("B001-530000", "营业执照注销登记", 0, "530000", catalog.KindLicensing, []string{catalog.TargetOrg}, nil, "注销申请书")
	base.DeptKind = "市场监管"
	it, err := f.svc.Create(ctx, f.ed, base, true, "基本目录")
	if err == nil {
		_, err = f.svc.Publish(ctx, f.pub, it.Code, it.Version)
	}
	if err != nil {
		t.Fatalf("base item: %v", err)
	}
	f.hidden = append(f.hidden, it.Code)
	return f
}

func (f *searchFixture) search(t *testing.T, q catalog.Query) catalog.SearchResult {
	t.Helper()
	res, err := f.svc.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

func hitNames(res catalog.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Name)
	}
	return out
}

func TestSearchFindsChineseTermsOnBothEngines(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newSearchFixture(t, db)
		for _, c := range []struct {
			q    string
			want []string // in order
		}{
			// Name matches first, then the rest, each by popularity.
			{"执照", []string{"营业执照变更登记", "食品经营许可（新设）"}},
			{"营业执照", []string{"营业执照变更登记", "食品经营许可（新设）"}},
			{"结婚", []string{"结婚登记"}},
			{"社保", []string{"社会保障卡申领"}},                             // through its theme
			{"登记", []string{"个体工商户设立登记", "营业执照变更登记", "结婚登记"}},       // popularity 9, 5, 3
			{"身份证", []string{"个体工商户设立登记", "社会保障卡申领", "结婚登记"}},       // materials only
			{"证", []string{"个体工商户设立登记", "社会保障卡申领", "结婚登记", "户口迁移"}}, // one character: unigrams
			{"户口", []string{"户口迁移", "结婚登记"}},                        // suspended from a later date: still in force; 居民户口簿
			{"出生", nil}, // suspended since an hour ago
			{"遗失", nil}, // a draft
			{"注销", nil}, // a base item
			{"香格里拉 人力资源", []string{"社会保障卡申领", "户口迁移"}}, // department name
			{"行政确认", []string{"结婚登记", "户口迁移"}},         // kind title
			{"ＡＢＣ", nil},
		} {
			res := f.search(t, catalog.Query{Text: c.q})
			if got := hitNames(res); !slices.Equal(got, c.want) || res.Total != len(c.want) {
				t.Errorf("%q: got %q (total %d), want %q", c.q, got, res.Total, c.want)
			}
		}
		res := f.search(t, catalog.Query{Text: "结婚"})
		if h := res.Hits[0]; h.DeptName != "德钦县民政局" || h.DeptID != f.civil || h.RegionCode != "533422" ||
			h.Kind != catalog.KindConfirmation || h.CrossRegion != catalog.CrossNational || h.OnlineDepth != 2 ||
			h.Popularity != 3 || h.PromisedDays != 5 || h.Code != "A001-533422" {
			t.Errorf("hit: %+v", h)
		}
	})
}

func TestSearchFiltersAndOrders(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newSearchFixture(t, db)
		all := []string{"个体工商户设立登记", "社会保障卡申领", "食品经营许可（新设）", "营业执照变更登记", "结婚登记", "户口迁移"}
		for _, c := range []struct {
			name string
			q    catalog.Query
			want []string
		}{
			{"browse by popularity", catalog.Query{}, all},
			{"region city", catalog.Query{Region: "533400"}, all},
			{"region county", catalog.Query{Region: "533422"}, []string{"结婚登记"}},
			{"region elsewhere", catalog.Query{Region: "520000"}, nil},
			{"text and region", catalog.Query{Text: "登记", Region: "533401"}, []string{"个体工商户设立登记", "营业执照变更登记"}},
			{"dept", catalog.Query{DeptID: f.hrss}, []string{"社会保障卡申领", "户口迁移"}},
			{"kind", catalog.Query{Kind: catalog.KindLicensing, Text: "许可"}, []string{"食品经营许可（新设）", "个体工商户设立登记", "营业执照变更登记"}}, // 行政许可
			{"theme", catalog.Query{Theme: "start"}, []string{"个体工商户设立登记", "食品经营许可（新设）"}},
			{"target person", catalog.Query{Target: catalog.TargetPerson, Text: "登记"}, []string{"个体工商户设立登记", "结婚登记"}},
			{"target org", catalog.Query{Target: catalog.TargetOrg}, []string{"个体工商户设立登记", "食品经营许可（新设）", "营业执照变更登记"}},
			{"online depth", catalog.Query{OnlineDepth: 4}, []string{"社会保障卡申领"}},
			{"cross province", catalog.Query{CrossRegion: catalog.CrossProvince}, []string{"结婚登记"}},
			{"cross national", catalog.Query{CrossRegion: catalog.CrossNational, Text: "结婚"}, []string{"结婚登记"}},
			{"popular order with text", catalog.Query{Text: "执照", Order: catalog.OrderPopular}, []string{"食品经营许可（新设）", "营业执照变更登记"}},
		} {
			res := f.search(t, c.q)
			if got := hitNames(res); !slices.Equal(got, c.want) || res.Total != len(c.want) {
				t.Errorf("%s: got %q (total %d), want %q", c.name, got, res.Total, c.want)
			}
		}
	})
}

func TestSearchPagesCoverEveryHitOnce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newSearchFixture(t, db)
		for _, q := range []catalog.Query{{}, {Text: "证"}, {Text: "登记"}, {Text: "执照", Order: catalog.OrderPopular}, {Region: "533401"}} {
			whole := f.search(t, catalog.Query{Text: q.Text, Order: q.Order, Region: q.Region, Limit: 100})
			var paged []string
			q.Limit = 1
			for pages := 0; ; pages++ {
				if pages > 20 {
					t.Fatalf("%+v: pages do not end", q)
				}
				res := f.search(t, q)
				if res.Total != whole.Total {
					t.Errorf("%+v: total %d on a page, %d on the whole", q, res.Total, whole.Total)
				}
				paged = append(paged, hitNames(res)...)
				if res.Next == "" {
					break
				}
				q.Cursor = res.Next
			}
			if want := hitNames(whole); !slices.Equal(paged, want) || len(want) == 0 {
				t.Errorf("%+v: pages give %q, whole gives %q", q, paged, want)
			}
		}
	})
}

func TestSearchHostileInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newSearchFixture(t, db)
		for _, text := range []string{`"`, `*`, `OR`, `(`, `'`, `--`, `\`, `执照 OR 结婚`, `执照" OR "结婚`, `NOT 执照`,
			`tokens:执照`, `{tokens}:执照`, `^执照`, `执照*`, `NEAR(执照 结婚)`, `'执照' | '结婚'`, `!执照`, `执照:*`,
			`区5334`, `n执照`, `'; DROP TABLE items; --`} {
			res, err := f.svc.Search(context.Background(), catalog.Query{Text: text})
			if err != nil {
				t.Errorf("%q: %v", text, err)
				continue
			}
			for _, h := range res.Hits {
				if !strings.Contains(h.Name, "执照") && !strings.Contains(h.Name, "食品") {
					t.Errorf("%q found %s", text, h.Name)
				}
			}
			if res.Total > 2 {
				t.Errorf("%q matched %d items", text, res.Total)
			}
		}
	})
}

// Every query a search runs reads items through an index: SQLite's plans
// never scan the items (or depts) table, whether the match is small (looked
// up by id) or large (items walked in popularity order).
func TestSearchPlansUseIndexes(t *testing.T) {
	db := sqltest.Open(t, sqlstore.SQLite)
	gen := loadCatalog(t, db, 5000)
	store := sqlstore.NewCatalogStore(db)
	type traced struct {
		query string
		args  []any
	}
	var seen []traced
	sqlstore.TraceSearch(func(q string, a []any) { seen = append(seen, traced{q, a}) })
	defer sqlstore.TraceSearch(nil)
	ctx := context.Background()
	for _, q := range []catalog.Query{{Text: "执照"}, {Text: "结婚登记"}, {Text: "证"}, {Text: "许可", Region: gen.counties[0]},
		{}, {Region: gen.cities[2]}, {Theme: "marriage", OnlineDepth: 2}, {Text: "执照", Order: catalog.OrderPopular},
		{Text: "证", Order: catalog.OrderPopular}, {Target: catalog.TargetPerson}} {
		q, err := q.Normalize()
		if err != nil {
			t.Fatal(err)
		}
		res, err := store.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Next != "" {
			q.Cursor = res.Next
			if _, err := store.Search(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
	}
	walks, matchWalks := 0, 0
	for _, s := range seen {
		rows, err := db.Query(ctx, "EXPLAIN QUERY PLAN "+s.query, s.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		for _, line := range plan {
			// "SCAN i" alone reads a whole table, unless i names a
			// co-routine (a bounded walk) of the same plan.
			if (line == "SCAN i" && !slices.Contains(plan, "CO-ROUTINE i")) || line == "SCAN items" || line == "SCAN d" {
				t.Errorf("full scan (%s) in\n%s\nplan: %q", line, s.query, plan)
			}
			if strings.Contains(line, "USING INDEX items_popular") || strings.Contains(line, "USING COVERING INDEX items_popular") {
				walks++
				if slices.ContainsFunc(plan, func(l string) bool { return strings.HasPrefix(l, "LIST SUBQUERY") }) {
					matchWalks++
				}
			}
		}
	}
	sqlstore.TraceSearch(nil)
	// A walked tier pages like a looked-up one: in order, each hit once, all of them.
	q, _ := catalog.Query{Text: "证", Order: catalog.OrderPopular, Limit: 100}.Normalize()
	var got []catalog.Hit
	for pages := 0; pages < 100; pages++ {
		res, err := store.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, res.Hits...)
		if q.Cursor = res.Next; q.Cursor == "" {
			break
		}
	}
	var want int
	now := time.Now().UnixMilli()
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM item_fts JOIN items i ON i.id = item_fts.rowid WHERE item_fts MATCH '"证"'
		AND NOT i.is_base AND (i.status = 'published' OR (i.status = 'suspended' AND i.suspended_from > ?)
		OR (i.status = 'cancelled' AND i.cancelled_from > ?))`, now, now).Scan(&want); err != nil {
		t.Fatal(err)
	}
	if len(got) != want || want <= 2000 {
		t.Errorf("paged %d hits of %d", len(got), want)
	}
	for i := 1; i < len(got); i++ {
		a, b := got[i-1], got[i]
		if a.Popularity < b.Popularity || a.Popularity == b.Popularity && a.ID >= b.ID {
			t.Fatalf("hits %d and %d out of order: %+v %+v", i-1, i, a, b)
		}
	}
	if len(seen) < 20 || walks == 0 || matchWalks == 0 {
		t.Fatalf("%d queries traced, %d walks of items_popular (%d with a match): the test no longer covers every way",
			len(seen), walks, matchWalks)
	}
}
