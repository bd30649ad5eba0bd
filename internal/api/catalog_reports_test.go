package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/api"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

func repManager(id int64, name, region string) *access.Principal {
	return &access.Principal{AccountID: id, Username: name, Kind: "staff", Grants: []access.Grant{{Role: access.CatalogManager, Region: region}}}
}

// repPrincipals act in the catalog report tests (header X-Test-As).
var repPrincipals = map[string]*access.Principal{
	"prov1": repManager(41, "prov1", "530000"), "prov2": repManager(42, "prov2", "530000"),
	"cat1": repManager(43, "catalog1", "533400"), "cat2": repManager(44, "catalog2", "533400"),
	"clerk": {AccountID: 45, Username: "clerk", Kind: "staff", Grants: []access.Grant{{Role: access.Clerk, Region: "533400"}}},
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
	ctx := context.Background()
	for _, r := range [][3]string{{"530000", "云南省", ""}, {"533400", "迪庆藏族自治州", "530000"}, {"533401", "香格里拉市", "533400"}} {
		level, _ := validate.RegionCode("region", r[0])
		var parent any
		if r[2] != "" {
			parent = r[2]
		}
		if _, err := db.Exec(ctx, "INSERT INTO regions (code, name, level, parent_code, prefix, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)",
			r[0], r[1], level, parent, validate.RegionPrefix(r[0])); err != nil {
			t.Fatal(err)
		}
	}
	var dept int64
	err := db.WriteTx(ctx, func(tx *sqlstore.Tx) (err error) {
		dept, err = tx.InsertID(ctx, "INSERT INTO depts (region_code, name, credit_code, kind, created_at, updated_at) VALUES ('533401', '香格里拉市市场监督管理局', ?, '市场监管', 0, 0)",
			validate.MakeCreditCode("11533401MB0000011"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	a := api.New()
	a.AddCatalogReports(svc, catalog.NewReports(svc, sqlstore.NewCatalogStats(db)))
	mux := http.NewServeMux()
	for _, r := range a.Routes() {
		mux.Handle(r.Method+" "+r.Pattern, httpx.Guard(r.Perm, httpx.WriteProblem, r.Handler))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := repPrincipals[r.Header.Get("X-Test-As")]; p != nil {
			ctx := httpx.WithSession(r.Context(), p, nil, "")
			ctx = audit.WithActor(ctx, audit.Actor{ID: p.AccountID, Name: p.Username, IP: "192.0.2.1"})
			r = r.WithContext(ctx)
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
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
	ctx := context.Background()
	it, err := s.svc.Get(ctx, repPrincipals[by], code)
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.svc.Publish(ctx, repPrincipals[by], code, it.Version); err != nil {
		s.t.Fatal(err)
	}
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
