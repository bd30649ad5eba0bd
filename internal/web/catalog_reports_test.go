package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// repPrincipals act on the report pages (header X-Test-As).
var repPrincipals = map[string]*access.Principal{
	"prov1": catalogtest.Manager(51, "prov1", "530000"), "prov2": catalogtest.Manager(52, "prov2", "530000"),
	"cat1": catalogtest.Manager(53, "catalog1", "533400"), "cat2": catalogtest.Manager(54, "catalog2", "533400"),
	"clerk": httpxtest.Staff(55, "clerk", access.Clerk, "533400"),
}

const repImplCode = "11530000MB0001-533401"

// newRepSite serves the report pages over real stores holding a published
// base item and one implementation in two published versions (the second
// lengthens the promised days, which the consistency report flags).
func newRepSite(t *testing.T, db *sqlstore.DB) *govSite {
	t.Helper()
	ctx := context.Background()
	dept := sqltest.MarketDept(t, db)
	svc := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	p := repPrincipals
	publish := func(code, by string) { catalogtest.PublishDraft(t, svc, p[by], code) }
	base := catalog.Doc{
		BaseCode: "11530000MB0001", Code: "11530000MB0001", Name: "食品经营许可", Kind: catalog.KindLicensing,
		RegionCode: "530000", DeptKind: "市场监管", ExerciseLevel: catalog.LevelCounty,
		LegalBasis: []catalog.LegalBasis{{Law: "《中华人民共和国食品安全法》", Article: "第三十五条"}},
		Targets:    []string{catalog.TargetOrg}, LegalDays: 20, PromisedDays: 10, MaxVisits: 1, OnlineDepth: 3, InHall: true,
		Channels:  []string{catalog.ChannelOnline, catalog.ChannelWindow},
		Materials: []catalog.Material{{Key: "m1", Name: "申请书", Requirement: catalog.Required, Forms: []string{catalog.FormOriginal}, Copies: 1}},
		Steps:     []catalog.Step{{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1}},
	}
	if _, err := svc.Create(ctx, p["prov1"], base, true, ""); err != nil {
		t.Fatal(err)
	}
	publish(base.Code, "prov2")
	if _, err := svc.NewImplementation(ctx, p["cat1"], base.BaseCode, dept, repImplCode); err != nil {
		t.Fatal(err)
	}
	publish(repImplCode, "cat2")
	it, _ := svc.Get(ctx, p["cat1"], repImplCode)
	doc := it.Doc
	doc.PromisedDays = 15
	if _, err := svc.SaveDraft(ctx, p["cat1"], repImplCode, it.Version, doc, "延长承诺时限"); err != nil {
		t.Fatal(err)
	}
	publish(repImplCode, "cat2")

	w, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.AddCatalogReports(svc, catalog.NewReports(svc, sqlstore.NewCatalogStats(db)))
	srv := httpxtest.Serve(t, w.Routes(), w.Error, repPrincipals)
	return &govSite{t: t, db: db, srv: srv}
}

func TestCatalogReportPages(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newRepSite(t, db)

		// Indicators: public, with the figures, the drill-down and the chart data.
		st, body := s.get("", "/catalog/indicators?region=533400")
		govWant(t, "indicators", st, 200, body, "迪庆藏族自治州", `id="ind-cards"`, "网上可办率", "100.0%", "25.0%",
			`href="/catalog/indicators?region=533401"`, "香格里拉市", `href="/catalog/indicators?region=530000"`,
			`data-labels="["行政许可"]"`, `data-values="[1]"`, "vendor/echarts/echarts.min.js", "catalog_indicators.js")
		st, body = s.get("", "/catalog/indicators?region=533401")
		govWant(t, "city indicators", st, 200, body, "香格里拉市市场监督管理局", "/catalog/indicators?dept=")
		st, body = s.get("", "/catalog/indicators?region=5334")
		govWant(t, "bad region", st, 422, body, "行政区划代码", "!ind-cards")
		st, body = s.get("", "/catalog/indicators?dept=x")
		govWant(t, "bad dept", st, 422, body, "部门编号无效")
		st, body, _ = s.do("", "GET", "/catalog/indicators", nil, &http.Cookie{Name: "ow_lang", Value: "en"})
		govWant(t, "english", st, 200, body, "Online application rate", "All regions", "Administrative licensing")

		// History with a readable diff; staff only.
		st, _, loc := s.do("", "GET", "/admin/items/"+repImplCode+"/history", nil)
		if st != http.StatusSeeOther || loc == "" {
			t.Fatalf("anonymous history: %d %q", st, loc)
		}
		st, body = s.get("clerk", "/admin/items/"+repImplCode+"/history")
		govWant(t, "history", st, 200, body, "第 2 版", "现行版本", "已被替代", "catalog1", "catalog2", "延长承诺时限",
			`href="?a=1&b=2"`, "!hist-diff")
		st, body = s.get("clerk", "/admin/items/"+repImplCode+"/history?a=1&b=2")
		govWant(t, "diff", st, 200, body, "第 1 版 → 第 2 版", "承诺时限", "10 个工作日", "15 个工作日", "promised_days")
		st, body = s.get("clerk", "/admin/items/"+repImplCode+"/history?a=1&b=9")
		govWant(t, "missing version", st, 404, body, "没有第 9 版")
		st, body = s.get("clerk", "/admin/items/NOPE-1/history")
		govWant(t, "missing item", st, 404, body, "不存在")

		// Consistency: the viewer's region by default; the deviation, with links.
		st, body = s.get("clerk", "/admin/catalog/consistency")
		govWant(t, "consistency", st, 200, body, `value="533400"`, "已检查 1 个实施清单事项，其中 1 个与基本目录不一致",
			"承诺时限", "只能缩短", "/admin/items/"+repImplCode+"/edit", "/admin/items/"+repImplCode+"/history",
			"/admin/items/11530000MB0001/edit", "事项名称、基本编码", "由省级事项管理员维护", "!修改统一要素清单")
		st, body = s.get("clerk", "/admin/catalog/consistency?region=&base_code=")
		govWant(t, "no scope", st, 422, body, "请指定行政区划或基本编码")

		// The fixed-element list: province managers only.
		st, body = s.get("prov1", "/admin/catalog/consistency?base_code=11530000MB0001")
		govWant(t, "province view", st, 200, body, "修改统一要素清单", `name="elements" value="promised_days"`)
		form := url.Values{"csrf_token": {"x"}, "version": {"0"}, "elements": {"name", "kind", "promised_days"}}
		st, body, _ = s.do("cat1", "POST", "/admin/catalog/fixed-elements", form)
		govWant(t, "prefecture save", st, 403, body, "省级事项管理员")
		st, body, _ = s.do("clerk", "POST", "/admin/catalog/fixed-elements", form)
		govWant(t, "clerk save", st, 403, body)
		st, _, loc = s.do("prov1", "POST", "/admin/catalog/fixed-elements", form)
		if st != http.StatusSeeOther || loc == "" {
			t.Fatalf("save: %d %q", st, loc)
		}
		st, body = s.get("clerk", "/admin/catalog/consistency?region=533401")
		govWant(t, "after save", st, 200, body, "事项名称、基本编码、事项类型、承诺时限", "须与基本目录一致")
		st, body, _ = s.do("prov1", "POST", "/admin/catalog/fixed-elements", form)
		govWant(t, "stale save", st, 409, body, "刷新")
	})
}
