package api_test

import (
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

var bundlePrincipals = map[string]*access.Principal{
	"citizen":  httpxtest.Person(41, "citizen"),
	"clerk":    httpxtest.Staff(42, "clerk", access.Clerk, "533400"),
	"catalog1": httpxtest.Staff(43, "catalog1", access.CatalogManager, "533400"),
	"catalog2": httpxtest.Staff(44, "catalog2", access.CatalogManager, "533400"),
}

// newBundleAPI serves the bundle operations over a real store holding two
// published items of 香格里拉市: a business licence and a liquor licence.
func newBundleAPI(t *testing.T, db *sqlstore.DB) *calAPI {
	t.Helper()
	dept := sqltest.MarketDept(t, db)
	items := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	for _, d := range []catalog.Doc{
		bundleTestItem("GTDJ-533401", "个体工商户设立登记", dept, "operator", "经营者身份证"),
		bundleTestItem("JLXK-533401", "酒类商品零售许可", dept, "applicant", "申请人身份证明"),
	} {
		catalogtest.Publish(t, items, bundlePrincipals["catalog1"], bundlePrincipals["catalog2"], d)
	}
	a := api.New()
	a.AddBundles(catalog.NewBundleService(sqlstore.NewBundleStore(db), items))
	srv := httpxtest.Serve(t, a.Routes(), httpx.WriteProblem, bundlePrincipals)
	return &calAPI{t: t, srv: srv, db: db}
}

func bundleTestItem(code, name string, dept int64, nameKey, idCard string) catalog.Doc {
	return catalog.Doc{BaseCode: "B" + code, Code: code, Name: name, Kind: catalog.KindLicensing, DeptID: dept, RegionCode: "533401",
		ExerciseLevel: catalog.LevelCounty, Targets: []string{catalog.TargetPerson}, LegalDays: 20, PromisedDays: 5,
		OnlineDepth: 3, MaxVisits: 1, Channels: []string{catalog.ChannelOnline},
		Materials: []catalog.Material{{Key: "m1", Name: idCard, Requirement: catalog.Required, Forms: []string{catalog.FormCopy}, Copies: 1}},
		Form: []catalog.Field{{Key: nameKey, Label: "姓名", Type: catalog.FieldText, Required: true},
			{Key: "shop", Label: "店名", Type: catalog.FieldText}},
		Steps: []catalog.Step{{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1}}}
}

func bundleBody() map[string]any {
	return map[string]any{
		"code": "YJS-KFD", "region_code": "533401", "note": "首次录入",
		"doc": map[string]any{
			"name": "我要开饭店", "summary": "开办个体餐馆的登记和许可一次办。", "targets": []string{"person"}, "promised_days": 10,
			"items": []any{
				map[string]any{"item_code": "GTDJ-533401", "always": true},
				map[string]any{"item_code": "JLXK-533401", "when": []any{map[string]any{"question": "liquor", "answer": "yes"}}},
			},
			"questions": []any{map[string]any{"key": "liquor", "text": "是否销售酒类？", "kind": "yes_no"}},
			"shared_fields": []any{map[string]any{"key": "name", "label": "经营者姓名", "type": "text", "required": true,
				"maps": []any{map[string]any{"item_code": "GTDJ-533401", "field_key": "operator"}, map[string]any{"item_code": "JLXK-533401", "field_key": "applicant"}}}},
		},
	}
}

func TestBundleAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newBundleAPI(t, db)
		wantStatus(t, s.do("citizen", "POST", "/api/v1/bundles", bundleBody()), 403)
		wantStatus(t, s.do("clerk", "POST", "/api/v1/bundles", bundleBody()), 403)
		wantStatus(t, s.do("", "POST", "/api/v1/bundles", bundleBody()), 401)

		bad := bundleBody()
		bad["doc"].(map[string]any)["items"].([]any)[1].(map[string]any)["when"].([]any)[0].(map[string]any)["answer"] = "是"
		wantField(t, s.do("catalog1", "POST", "/api/v1/bundles", bad), "doc.items[1].when[0].answer")
		bad = bundleBody()
		bad["doc"].(map[string]any)["shared_fields"].([]any)[0].(map[string]any)["maps"].([]any)[1].(map[string]any)["field_key"] = "nom"
		wantField(t, s.do("catalog1", "POST", "/api/v1/bundles", bad), "doc.shared_fields[0].maps[1].field_key")
		bad = bundleBody()
		bad["code"] = "开饭店"
		wantField(t, s.do("catalog1", "POST", "/api/v1/bundles", bad), "code")

		r := s.do("catalog1", "POST", "/api/v1/bundles", bundleBody())
		wantStatus(t, r, 201)
		if r.Body["status"] != "draft" || r.Body["editor_name"] != "catalog1" || r.Body["version"] != float64(1) {
			t.Fatalf("created: %s", r.Raw)
		}
		wantStatus(t, s.do("", "GET", "/api/v1/bundles/YJS-KFD", nil), 404)
		if r := s.do("", "GET", "/api/v1/bundles", nil); len(items(r)) != 0 {
			t.Fatalf("a draft is listed: %s", r.Raw)
		}
		r = s.do("clerk", "GET", "/api/v1/admin/bundles?region=533400", nil)
		wantStatus(t, r, 200)
		if it := items(r); len(it) != 1 || it[0]["status"] != "draft" {
			t.Fatalf("staff list: %s", r.Raw)
		}
		wantStatus(t, s.do("citizen", "GET", "/api/v1/admin/bundles", nil), 403)
		r = s.do("catalog1", "POST", "/api/v1/bundles/YJS-KFD/publish", map[string]any{"version": 1})
		wantStatus(t, r, 403)
		wantStatus(t, s.do("catalog2", "POST", "/api/v1/bundles/YJS-KFD/publish", map[string]any{"version": 9}), 409)
		r = s.do("catalog2", "POST", "/api/v1/bundles/YJS-KFD/publish", map[string]any{"version": 1})
		wantStatus(t, r, 200)
		if r.Body["status"] != "published" || r.Body["publisher"] != "catalog2" {
			t.Fatalf("published: %s", r.Raw)
		}

		// The public reads the list and the guide, and evaluates answers.
		r = s.do("", "GET", "/api/v1/bundles?region=533401101", nil)
		if it := items(r); len(it) != 1 || it[0]["name"] != "我要开饭店" || it[0]["items"] != float64(2) || it[0]["promised_days"] != float64(10) {
			t.Fatalf("public list: %s", r.Raw)
		}
		wantField(t, s.do("", "GET", "/api/v1/bundles?region=53x", nil), "region")
		r = s.do("", "GET", "/api/v1/bundles/yjs-kfd", nil)
		wantStatus(t, r, 200)
		mats, _ := r.Body["materials"].([]any)
		guideItems, _ := r.Body["items"].([]any)
		if len(mats) != 1 || mats[0].(map[string]any)["key"] != "居民身份证" || len(guideItems) != 2 ||
			guideItems[1].(map[string]any)["dept_name"] != "香格里拉市市场监督管理局" {
			t.Fatalf("guide: %s", r.Raw)
		}
		if b := r.Body["bundle"].(map[string]any); b["editor_name"] != nil || b["draft"] != nil {
			t.Errorf("guide shows staff fields: %v", b)
		}
		r = s.do("", "POST", "/api/v1/bundles/YJS-KFD/evaluate", map[string]any{"answers": map[string]string{"liquor": "yes"}})
		wantStatus(t, r, 200)
		form, _ := r.Body["form"].([]any)
		evItems, _ := r.Body["items"].([]any)
		if len(evItems) != 2 || len(form) != 3 || r.Body["promised_days"] != float64(10) {
			t.Fatalf("evaluation: %s", r.Raw)
		}
		shared := form[0].(map[string]any)["fields"].([]any)
		if len(shared) != 1 || shared[0].(map[string]any)["key"] != "name" ||
			form[1].(map[string]any)["fields"].([]any)[0].(map[string]any)["key"] != "GTDJ-533401.shop" {
			t.Errorf("merged form: %v", form)
		}
		r = s.do("", "POST", "/api/v1/bundles/YJS-KFD/evaluate", map[string]any{"answers": map[string]string{"liquor": "no"}})
		if evItems, _ := r.Body["items"].([]any); len(evItems) != 1 {
			t.Errorf("liquor no: %s", r.Raw)
		}
		wantField(t, s.do("", "POST", "/api/v1/bundles/YJS-KFD/evaluate", map[string]any{"answers": map[string]string{"liquor": "是"}}), "answers.liquor")
		wantStatus(t, s.do("", "POST", "/api/v1/bundles/NONE/evaluate", map[string]any{"answers": map[string]string{}}), 404)

		// An edit waits for publication; the public keeps the old content.
		body := bundleBody()
		doc := body["doc"].(map[string]any)
		doc["promised_days"] = 8
		r = s.do("catalog2", "PUT", "/api/v1/bundles/YJS-KFD", map[string]any{"doc": doc, "version": 2, "note": "压缩时限"})
		wantStatus(t, r, 200)
		if r.Body["draft"].(map[string]any)["promised_days"] != float64(8) {
			t.Fatalf("draft: %s", r.Raw)
		}
		if r := s.do("", "GET", "/api/v1/bundles/YJS-KFD", nil); r.Body["promised_days"] != float64(10) {
			t.Errorf("public during the edit: %s", r.Raw)
		}
		r = s.do("catalog1", "GET", "/api/v1/admin/bundles/YJS-KFD", nil)
		if r.Body["draft"] == nil || r.Body["version"] != float64(3) {
			t.Errorf("staff view: %s", r.Raw)
		}
		wantStatus(t, s.do("catalog1", "POST", "/api/v1/bundles/YJS-KFD/publish", map[string]any{"version": 3}), 200)
		if r := s.do("", "GET", "/api/v1/bundles/YJS-KFD", nil); r.Body["promised_days"] != float64(8) {
			t.Errorf("public after the edit: %s", r.Raw)
		}
	})
}
