package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/api"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// repPrincipals act in the catalog report tests (header X-Test-As).
var repPrincipals = map[string]*access.Principal{
	"prov1": catalogtest.Manager(41, "prov1", "530000"), "prov2": catalogtest.Manager(42, "prov2", "530000"),
	"cat1": catalogtest.Manager(43, "catalog1", "533400"), "cat2": catalogtest.Manager(44, "catalog2", "533400"),
	"clerk": httpxtest.Staff(45, "clerk", access.Clerk, "533400"),
}

type repSite struct {
	*calAPI
	svc  *catalog.Service
	dept int64
}

// newRepAPI serves the report operations behind their guards over real
// stores holding a province, a prefecture, a city and one market regulator.
func newRepAPI(t *testing.T, db *sqlstore.DB) *repSite {
	t.Helper()
	dept := sqltest.MarketDept(t, db)
	svc := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	a := api.New()
	a.AddCatalogReports(svc, catalog.NewReports(svc, sqlstore.NewCatalogStats(db)))
	srv := httpxtest.Serve(t, a.Routes(), httpx.WriteProblem, repPrincipals)
	return &repSite{calAPI: &calAPI{t: t, srv: srv, db: db}, svc: svc, dept: dept}
}

func repBaseDoc() catalog.Doc {
	return catalog.Doc{
		BaseCode: "11530000MB0001", Code: "11530000MB0001", Name: "食品经营许可", Kind: catalog.KindLicensing,
		RegionCode: "530000", DeptKind: "市场监管", ExerciseLevel: catalog.LevelCounty,
		LegalBasis: []catalog.LegalBasis{{Law: "《中华人民共和国食品安全法》", Article: "第三十五条"}},
		Targets:    []string{catalog.TargetOrg}, LegalDays: 20, PromisedDays: 10, MaxVisits: 1, OnlineDepth: 3, InHall: true,
		Channels: []string{catalog.ChannelOnline, catalog.ChannelWindow},
		Materials: []catalog.Material{{Key: "m1", Name: "申请书", Requirement: catalog.Required, Forms: []string{catalog.FormOriginal}, Copies: 1},
			{Key: "m2", Name: "身份证", Requirement: catalog.Required, Forms: []string{catalog.FormCopy}, Copies: 1}},
		Steps: []catalog.Step{{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1},
			{Key: "decide", Name: "决定", Stage: 2, Role: "approver", Days: 2}},
	}
}

func (s *repSite) publish(code, by string) {
	s.t.Helper()
	catalogtest.PublishDraft(s.t, s.svc, repPrincipals[by], code)
}

func TestCatalogReportsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newRepAPI(t, db)
		ctx := context.Background()
		if _, err := s.svc.Create(ctx, repPrincipals["prov1"], repBaseDoc(), true, ""); err != nil {
			t.Fatal(err)
		}
		s.publish("11530000MB0001", "prov2")

		// A prefecture manager creates the city's implementation from the base.
		body := map[string]any{"base_code": "11530000MB0001", "dept_id": s.dept, "code": "11530000MB0001-533401"}
		if r := s.do("", "POST", "/api/v1/catalog/implementations", body); r.Status != http.StatusUnauthorized {
			t.Fatalf("anonymous create: %d", r.Status)
		}
		if r := s.do("clerk", "POST", "/api/v1/catalog/implementations", body); r.Status != http.StatusForbidden {
			t.Fatalf("clerk create: %d", r.Status)
		}
		r := s.do("cat1", "POST", "/api/v1/catalog/implementations", body)
		if r.Status != http.StatusCreated || r.Body["status"] != "draft" {
			t.Fatalf("create: %d %s", r.Status, r.Raw)
		}
		s.publish("11530000MB0001-533401", "cat2")

		// Indicators are public.
		r = s.do("", "GET", "/api/v1/catalog/indicators?region=533400", nil)
		if r.Status != 200 || r.Body["items"] != 1.0 || r.Body["region_name"] != "迪庆藏族自治州" ||
			r.Body["online"].(map[string]any)["value"] != 1.0 || r.Body["compression"].(map[string]any)["value"] != 0.5 {
			t.Fatalf("indicators: %d %s", r.Status, r.Raw)
		}
		if r = s.do("", "GET", "/api/v1/catalog/indicators?region=5334", nil); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Raw, "region") {
			t.Fatalf("bad region: %d %s", r.Status, r.Raw)
		}

		// The implementation conforms; a later version with a longer promise does not.
		r = s.do("clerk", "GET", "/api/v1/catalog/consistency?region=533400", nil)
		if r.Status != 200 || r.Body["checked"] != 1.0 || len(r.Body["items"].([]any)) != 0 {
			t.Fatalf("consistent: %d %s", r.Status, r.Raw)
		}
		it, _ := s.svc.Get(ctx, repPrincipals["cat1"], "11530000MB0001-533401")
		doc := it.Doc
		doc.PromisedDays = 15
		if _, err := s.svc.SaveDraft(ctx, repPrincipals["cat1"], it.Code, it.Version, doc, "延长承诺时限"); err != nil {
			t.Fatal(err)
		}
		s.publish(it.Code, "cat2")
		r = s.do("clerk", "GET", "/api/v1/catalog/consistency?base_code=11530000MB0001", nil)
		items := r.Body["items"].([]any)
		if r.Status != 200 || len(items) != 1 || !strings.Contains(r.Raw, `"rule":"只能缩短"`) {
			t.Fatalf("deviation: %d %s", r.Status, r.Raw)
		}
		if r = s.do("", "GET", "/api/v1/catalog/consistency?region=533400", nil); r.Status != http.StatusUnauthorized {
			t.Fatalf("anonymous report: %d", r.Status)
		}
		if r = s.do("clerk", "GET", "/api/v1/catalog/consistency?region=533400&cursor=x", nil); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad cursor: %d", r.Status)
		}

		// History and the readable diff.
		r = s.do("clerk", "GET", "/api/v1/items/11530000MB0001-533401/versions", nil)
		if vs := r.Body["items"].([]any); r.Status != 200 || len(vs) != 2 || vs[0].(map[string]any)["note"] != "延长承诺时限" {
			t.Fatalf("versions: %d %s", r.Status, r.Raw)
		}
		r = s.do("clerk", "GET", "/api/v1/items/11530000MB0001-533401/diff?a=1&b=2", nil)
		cs := r.Body["changes"].([]any)
		if r.Status != 200 || len(cs) != 1 || cs[0].(map[string]any)["label"] != "承诺时限" || cs[0].(map[string]any)["after"] != "15 个工作日" {
			t.Fatalf("diff: %d %s", r.Status, r.Raw)
		}
		if r = s.do("clerk", "GET", "/api/v1/items/11530000MB0001-533401/diff?a=1", nil); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("diff without b: %d", r.Status)
		}
		if r = s.do("clerk", "GET", "/api/v1/items/11530000MB0001-533401/diff?a=1&b=7", nil); r.Status != http.StatusNotFound {
			t.Fatalf("diff of a missing version: %d", r.Status)
		}

		// The fixed-element list: read by staff, changed by a province manager.
		r = s.do("clerk", "GET", "/api/v1/catalog/fixed-elements", nil)
		if r.Status != 200 || r.Body["version"] != 0.0 || len(r.Body["elements"].([]any)) != 6 || len(r.Body["available"].([]any)) < 20 {
			t.Fatalf("fixed: %d %s", r.Status, r.Raw)
		}
		put := map[string]any{"elements": []string{"name", "kind", "promised_days"}, "version": 0}
		if r = s.do("clerk", "PUT", "/api/v1/catalog/fixed-elements", put); r.Status != http.StatusForbidden {
			t.Fatalf("clerk put: %d", r.Status)
		}
		if r = s.do("cat1", "PUT", "/api/v1/catalog/fixed-elements", put); r.Status != http.StatusForbidden {
			t.Fatalf("prefecture put: %d %s", r.Status, r.Raw)
		}
		if r = s.do("prov1", "PUT", "/api/v1/catalog/fixed-elements", map[string]any{"elements": []string{"colour"}, "version": 0}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("unknown element: %d %s", r.Status, r.Raw)
		}
		r = s.do("prov1", "PUT", "/api/v1/catalog/fixed-elements", put)
		if r.Status != 200 || r.Body["version"] != 1.0 || len(r.Body["elements"].([]any)) != 4 {
			t.Fatalf("put: %d %s", r.Status, r.Raw)
		}
		if r = s.do("prov1", "PUT", "/api/v1/catalog/fixed-elements", put); r.Status != http.StatusConflict {
			t.Fatalf("stale put: %d", r.Status)
		}
	})
}
