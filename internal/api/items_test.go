package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/api"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/catalog/excel"
	"github.com/onewindow/onewindow/internal/guide/guidetest"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// itemPrincipals act in the catalog tests (header X-Test-As).
var itemPrincipals = map[string]*access.Principal{
	"citizen":  httpxtest.Person(51, "citizen"),
	"clerk":    httpxtest.Staff(52, "clerk", access.Clerk, "533400"),
	"catalog1": httpxtest.Staff(53, "catalog1", access.CatalogManager, "533400"),
	"catalog2": httpxtest.Staff(54, "catalog2", access.CatalogManager, "533400"),
	"deqin":    httpxtest.Staff(55, "deqin", access.CatalogManager, "533422"),
}

const (
	itemFood    = "11533401MB0000011X1000-01" // published
	itemLicence = "11533401MB0000011X2000-01" // published, found by 个体
	itemDraft   = "11533401MB0000011X3000-01" // never published
)

type itemAPI struct {
	*calAPI
	svc  *catalog.Service
	dept int64
}

// newItemAPI serves the item operations over a real store: 香格里拉市
// with its market regulator, two published items and a draft.
func newItemAPI(t *testing.T, db *sqlstore.DB) *itemAPI {
	t.Helper()
	dept := sqltest.MarketDept(t, db)
	svc := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	for _, d := range []catalog.Doc{guidetest.Doc(itemFood, dept, "533401"), licence(dept)} {
		catalogtest.Publish(t, svc, itemPrincipals["catalog1"], itemPrincipals["catalog2"], d)
	}
	catalogtest.Draft(t, svc, itemPrincipals["catalog1"], guidetest.Doc(itemDraft, dept, "533401"))
	a := api.New()
	a.AddItems(svc)
	srv := httpxtest.Serve(t, a.Routes(), httpx.WriteProblem, itemPrincipals)
	return &itemAPI{calAPI: &calAPI{t: t, srv: srv, db: db}, svc: svc, dept: dept}
}

// licence is found by 个体 (its name) and 执照 (a keyword).
func licence(dept int64) catalog.Doc {
	return catalog.Doc{BaseCode: "11530000MB0000000X2000", Code: itemLicence, Name: "个体工商户设立登记",
		Kind: catalog.KindConfirmation, DeptID: dept, RegionCode: "533401", ExerciseLevel: catalog.LevelCounty,
		Targets: []string{catalog.TargetPerson}, Instant: true, LegalDays: 15, OnlineDepth: 4,
		Channels: []string{catalog.ChannelOnline}, CrossRegion: catalog.CrossNational, Keywords: []string{"营业执照"},
		Materials: []catalog.Material{{Key: "m1", Name: "经营者身份证明", Requirement: catalog.Required, Forms: []string{catalog.FormElectronic}}},
		Steps:     []catalog.Step{{Key: "accept", Name: "受理并决定", Stage: 1, Role: "clerk"}},
	}
}

// send posts a raw body with a content type.
func (s *itemAPI) send(as, path, contentType string, body []byte) reply {
	s.t.Helper()
	res, raw := httpxtest.Do(s.t, s.srv, httpxtest.NewRequest(s.t, s.srv, as, "POST", path, bytes.NewReader(body), contentType))
	out := reply{Status: res.StatusCode, Raw: string(raw)}
	json.Unmarshal(raw, &out.Body)
	return out
}

func (s *itemAPI) version(code string) int {
	s.t.Helper()
	it, err := s.svc.Get(context.Background(), itemPrincipals["clerk"], code)
	if err != nil {
		s.t.Fatal(err)
	}
	return it.Version
}

func TestItemsAPISearchAndRead(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newItemAPI(t, db)
		r := s.do("", "GET", "/api/v1/items?q=执照", nil)
		wantStatus(t, r, 200)
		if r.Body["total"] != float64(2) || len(items(r)) != 2 {
			t.Fatalf("执照: %s", r.Raw)
		}
		r = s.do("", "GET", "/api/v1/items?q=个体", nil)
		if it := items(r); len(it) != 1 || it[0]["code"] != itemLicence || it[0]["dept_name"] != "香格里拉市市场监督管理局" ||
			it[0]["online_depth"] != float64(4) || it[0]["instant"] != true {
			t.Fatalf("个体: %s", r.Raw)
		}
		r = s.do("", "GET", "/api/v1/items?region=533401&cross_region=national&order=popular", nil)
		if it := items(r); len(it) != 1 || it[0]["code"] != itemLicence {
			t.Errorf("filters: %s", r.Raw)
		}
		r = s.do("", "GET", "/api/v1/items?kind=bogus", nil)
		wantField(t, r, "kind")
		r = s.do("", "GET", "/api/v1/items?cursor=garbage", nil)
		wantField(t, r, "cursor")
		r = s.do("", "GET", "/api/v1/themes", nil)
		if len(items(r)) != len(catalog.Themes) {
			t.Errorf("themes: %s", r.Raw)
		}

		r = s.do("", "GET", "/api/v1/items/"+itemFood, nil)
		wantStatus(t, r, 200)
		doc, _ := r.Body["doc"].(map[string]any)
		if doc["name"] != guidetest.Name || len(doc["materials"].([]any)) != 4 || len(doc["form"].([]any)) != 2 ||
			len(doc["steps"].([]any)) != 5 || r.Body["published_version"] != float64(1) {
			t.Fatalf("item: %s", r.Raw)
		}
		if _, ok := r.Body["draft_version"]; ok {
			t.Error("the public sees the draft version")
		}
		pop := r.Body["popularity"].(float64)
		r = s.do("", "GET", "/api/v1/items/"+strings.ToLower(itemFood), nil)
		if r.Body["popularity"] != pop+1 {
			t.Errorf("popularity %v after %v", r.Body["popularity"], pop)
		}
		wantStatus(t, s.do("", "GET", "/api/v1/items/"+itemDraft, nil), 404)

		r = s.do("", "GET", "/api/v1/items/"+itemFood+"/versions/1", nil)
		wantStatus(t, r, 200)
		if r.Body["state"] != "published" || r.Body["editor_name"] != "" {
			t.Errorf("public version: %s", r.Raw)
		}
		wantStatus(t, s.do("", "GET", "/api/v1/items/"+itemDraft+"/versions/1", nil), 404)
		r = s.do("clerk", "GET", "/api/v1/items/"+itemDraft+"/versions/1", nil)
		wantStatus(t, r, 200)
		if r.Body["state"] != "draft" || r.Body["editor_name"] != "catalog1" {
			t.Errorf("staff draft: %s", r.Raw)
		}

		r = s.do("clerk", "GET", "/api/v1/admin/items?status=pending", nil)
		wantStatus(t, r, 200)
		if it := items(r); len(it) != 1 || it[0]["code"] != itemDraft || it[0]["draft_version"] != float64(1) {
			t.Errorf("pending: %s", r.Raw)
		}
		wantField(t, s.do("clerk", "GET", "/api/v1/admin/items?region=abc", nil), "region")
		wantStatus(t, s.do("citizen", "GET", "/api/v1/admin/items", nil), 403)
	})
}

func TestItemsAPIWriteFourEyesStatus(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newItemAPI(t, db)
		const code = "11533401MB0000011X4000-01"
		d := licence(s.dept)
		d.Code, d.Name = code, "新事项"
		d.Steps, d.Form, d.FAQ = nil, nil, nil
		body := map[string]any{"doc": d, "note": "新建"}
		r := s.do("catalog1", "POST", "/api/v1/items", body)
		wantField(t, r, "doc.steps")
		d.Steps = []catalog.Step{{Key: "accept", Name: "受理", Stage: 1, Role: "clerk"}}
		d.PromisedDays, d.Instant = 20, false
		r = s.do("catalog1", "POST", "/api/v1/items", map[string]any{"doc": d})
		wantField(t, r, "doc.promised_days")
		d.PromisedDays = 5
		// A minimal document: the empty lists may be left out.
		min := map[string]any{"code": code, "base_code": d.BaseCode, "name": d.Name, "kind": "confirmation", "dept_id": s.dept,
			"region_code": "533401", "exercise_level": "county", "targets": []string{"person"}, "legal_days": 15, "promised_days": 5,
			"online_depth": 4, "channels": []string{"online"}, "steps": d.Steps}
		wantStatus(t, s.do("citizen", "POST", "/api/v1/items", map[string]any{"doc": min}), 403)
		wantStatus(t, s.do("deqin", "POST", "/api/v1/items", map[string]any{"doc": min}), 403)
		r = s.do("catalog1", "POST", "/api/v1/items", map[string]any{"doc": min, "note": "新建"})
		wantStatus(t, r, 201)
		if r.Body["status"] != "draft" || r.Body["draft_version"] != float64(1) {
			t.Fatalf("created: %s", r.Raw)
		}
		wantField(t, s.do("catalog1", "POST", "/api/v1/items", map[string]any{"doc": min}), "doc.code")

		v := s.version(code)
		min["name"] = "新事项（修订）"
		wantStatus(t, s.do("catalog1", "PUT", "/api/v1/items/"+code+"/draft", map[string]any{"doc": min, "version": v + 5}), 409)
		r = s.do("catalog1", "PUT", "/api/v1/items/"+code+"/draft", map[string]any{"doc": min, "version": v, "note": "改名"})
		wantStatus(t, r, 200)
		v = s.version(code)
		r = s.do("catalog1", "POST", "/api/v1/items/"+code+"/publish", map[string]any{"version": v})
		wantStatus(t, r, 403)
		if !strings.Contains(r.Raw, "四眼原则") {
			t.Errorf("four eyes: %s", r.Raw)
		}
		r = s.do("catalog2", "POST", "/api/v1/items/"+code+"/publish", map[string]any{"version": v})
		wantStatus(t, r, 200)
		if r.Body["published_version"] != float64(1) || r.Body["status"] != "published" {
			t.Fatalf("published: %s", r.Raw)
		}
		if r := s.do("", "GET", "/api/v1/items/"+code, nil); r.Body["doc"].(map[string]any)["name"] != "新事项（修订）" {
			t.Errorf("public: %s", r.Raw)
		}
		wantStatus(t, s.do("catalog1", "DELETE", "/api/v1/items/"+code+"/draft", map[string]any{"version": s.version(code)}), 409)

		v = s.version(code)
		r = s.do("catalog2", "POST", "/api/v1/items/"+code+"/status", map[string]any{"status": "suspended", "version": v})
		wantField(t, r, "reason")
		r = s.do("catalog2", "POST", "/api/v1/items/"+code+"/status", map[string]any{"status": "suspended", "version": v, "from": "2001-01-01", "reason": "调整"})
		wantField(t, r, "from")
		r = s.do("catalog2", "POST", "/api/v1/items/"+code+"/status", map[string]any{"status": "suspended", "version": v, "reason": "机构调整"})
		wantStatus(t, r, 200)
		if r.Body["status"] != "suspended" {
			t.Errorf("suspended: %s", r.Raw)
		}
		wantStatus(t, s.do("", "GET", "/api/v1/items/"+code, nil), 404)
		r = s.do("clerk", "GET", "/api/v1/admin/items?status=suspended", nil)
		if it := items(r); len(it) != 1 || it[0]["code"] != code {
			t.Errorf("suspended list: %s", r.Raw)
		}
	})
}

func TestItemsAPIImportExport(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newItemAPI(t, db)
		// A published item with a pending draft exports the draft, so that
		// importing the file unchanged drafts nothing.
		pending := guidetest.Doc(itemFood, s.dept, "533401")
		pending.Name = "食品经营许可（修订中）"
		ctx := audit.WithActor(context.Background(), audit.Actor{ID: 53, Name: "catalog1"})
		if _, err := s.svc.SaveDraft(ctx, itemPrincipals["catalog1"], itemFood, s.version(itemFood), pending, "修订"); err != nil {
			t.Fatal(err)
		}
		res, xlsx := httpxtest.Do(t, s.srv, httpxtest.NewRequest(t, s.srv, "clerk", "GET", "/api/v1/items/export.xlsx?region=533401", nil, ""))
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != api.XLSX || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("export: %d %v", res.StatusCode, res.Header)
		}
		docs, rep, err := excel.Import(bytes.NewReader(xlsx))
		if err != nil || len(docs) != 3 || docs[0].Name != pending.Name {
			t.Fatalf("exported workbook: %d docs, %v %+v", len(docs), err, rep)
		}
		wantStatus(t, s.send("clerk", "/api/v1/items/import", api.XLSX, xlsx), 403)
		// The unchanged catalog imports as nothing new.
		r := s.send("catalog1", "/api/v1/items/import", api.XLSX, xlsx)
		wantStatus(t, r, 200)
		if r.Body["items"] != float64(3) || r.Body["created"] != float64(0) || r.Body["drafted"] != float64(0) {
			t.Errorf("re-import: %s", r.Raw)
		}

		// Two bad rows and an item outside the importer's region: every
		// one listed, nothing imported.
		bad := []catalog.Doc{licence(s.dept), licence(s.dept), licence(s.dept)}
		bad[0].Code, bad[0].PromisedDays, bad[0].Instant = "11533401MB0000011X5000-01", 99, false
		bad[1].Code, bad[1].Steps[0].Role = "11533401MB0000011X5000-02", ""
		bad[1].Steps = []catalog.Step{{Key: "accept", Name: "受理", Stage: 1}}
		bad[2].Code = "11533401MB0000011X5000-03"
		var buf bytes.Buffer
		if err := excel.Export(&buf, bad); err != nil {
			t.Fatal(err)
		}
		before := s.count("SELECT COUNT(*) FROM items")
		r = s.send("catalog1", "/api/v1/items/import", api.XLSX, buf.Bytes())
		wantStatus(t, r, 422)
		es, _ := r.Body["errors"].([]any)
		if len(es) != 2 || !strings.Contains(r.Raw, "承诺时限") || !strings.Contains(r.Raw, "第 3 行") {
			t.Errorf("report: %s", r.Raw)
		}
		r = s.send("deqin", "/api/v1/items/import", api.XLSX, xlsx)
		wantStatus(t, r, 422)
		if es, _ := r.Body["errors"].([]any); len(es) != 3 || !strings.Contains(r.Raw, "不在您的管理范围内") {
			t.Errorf("scope report: %s", r.Raw)
		}
		if n := s.count("SELECT COUNT(*) FROM items"); n != before {
			t.Errorf("a file with errors imported %d items", n-before)
		}

		// A good file through a form upload; the JSON export too.
		good := licence(s.dept)
		good.Code = "11533401MB0000011X6000-01"
		buf.Reset()
		if err := excel.Export(&buf, []catalog.Doc{good}); err != nil {
			t.Fatal(err)
		}
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		fw, _ := mw.CreateFormFile("file", "新事项.xlsx")
		fw.Write(buf.Bytes())
		mw.Close()
		r = s.send("catalog1", "/api/v1/items/import?note=批量新增", mw.FormDataContentType(), form.Bytes())
		wantStatus(t, r, 200)
		if r.Body["created"] != float64(1) {
			t.Errorf("upload: %s", r.Raw)
		}
		good.Code, good.Name = "11533401MB0000011X6000-02", "JSON 导入的事项"
		buf.Reset()
		excel.ExportJSON(&buf, []catalog.Doc{good})
		r = s.send("catalog1", "/api/v1/items/import", "application/json", buf.Bytes())
		wantStatus(t, r, 200)
		if r.Body["created"] != float64(1) {
			t.Errorf("JSON: %s", r.Raw)
		}
		r = s.do("clerk", "GET", "/api/v1/items/export.json", nil)
		if v := fmt.Sprint(r.Body["version"]); v != "1" || len(r.Body["items"].([]any)) != 5 {
			t.Errorf("JSON export: %.300s", r.Raw)
		}
	})
}

func (s *itemAPI) count(q string) int {
	s.t.Helper()
	var n int
	if err := s.db.QueryRow(context.Background(), q).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}
