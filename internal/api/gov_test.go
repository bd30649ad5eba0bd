package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/api"
	"github.com/onewindow/onewindow/internal/demo"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

// govPrincipals act in the structure tests (header X-Test-As).
var govPrincipals = map[string]*access.Principal{
	"citizen": httpxtest.Person(21, "citizen"),
	"clerk":   httpxtest.Staff(22, "clerk", access.Clerk, "533400"),
	"admin":   httpxtest.Staff(23, "admin", access.SysAdmin, "533400"),
	"deqin":   httpxtest.Staff(24, "deqin", access.SysAdmin, "533422"),
}

// govSite is the structure API over a real store holding the demo prefecture.
type govSite struct {
	*calAPI // its do and server plumbing
	gov     *gov.Service
	st      demo.Structure
}

func newGovAPI(t *testing.T, db *sqlstore.DB) *govSite {
	t.Helper()
	svc := gov.NewService(sqlstore.NewGovStore(db), nil)
	loader := &access.Principal{Username: "t", Kind: "staff", Grants: []access.Grant{{Role: access.SysAdmin, Region: "530000"}}}
	st, err := demo.LoadStructure(context.Background(), svc, loader)
	if err != nil {
		t.Fatal(err)
	}
	a := api.New()
	a.AddGov(svc)
	srv := httpxtest.Serve(t, a.Routes(), httpx.WriteProblem, govPrincipals)
	return &govSite{calAPI: &calAPI{t: t, srv: srv, db: db}, gov: svc, st: st}
}

func (s *govSite) count(q string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

func items(r reply) []map[string]any {
	var out []map[string]any
	list, _ := r.Body["items"].([]any)
	for _, it := range list {
		out = append(out, it.(map[string]any))
	}
	return out
}

func wantStatus(t *testing.T, r reply, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Raw)
	}
	if status >= 400 && !hasHan(fmt.Sprint(r.Body["detail"])) {
		t.Errorf("detail is not Chinese: %s", r.Raw)
	}
}

func TestGovRegionsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newGovAPI(t, db)
		r := s.do("clerk", "GET", "/api/v1/regions", nil)
		wantStatus(t, r, 200)
		if it := items(r); len(it) != 1 || it[0]["code"] != "530000" || it[0]["children"] != float64(1) {
			t.Fatalf("provinces: %s", r.Raw)
		}
		r = s.do("clerk", "GET", "/api/v1/regions?parent=533400", nil)
		it := items(r)
		if len(it) != 3 || it[1]["code"] != "533422" || it[1]["name"] != "德钦县" || it[1]["depts"] != float64(23) || it[1]["halls"] != float64(1) {
			t.Fatalf("counties: %s", r.Raw)
		}
		if it[0]["children"].(float64) < 10 {
			t.Errorf("香格里拉市 should count its townships: %v", it[0])
		}
		r = s.do("clerk", "GET", "/api/v1/regions/533401101", nil)
		wantStatus(t, r, 200)
		path, _ := r.Body["path"].([]any)
		if r.Body["level"] != "township" || r.Body["parent_code"] != "533401" || len(path) != 4 ||
			path[0].(map[string]any)["name"] != "云南省" || path[2].(map[string]any)["name"] != "香格里拉市" || r.Body["name"] != "建塘镇" {
			t.Fatalf("township with path: %s", r.Raw)
		}
		wantStatus(t, s.do("clerk", "GET", "/api/v1/regions/110000", nil), 404)
		wantField(t, s.do("clerk", "GET", "/api/v1/regions?parent=5334", nil), "parent")
		wantStatus(t, s.do("citizen", "GET", "/api/v1/regions", nil), 403)
		wantStatus(t, s.do("", "GET", "/api/v1/regions", nil), 401)

		// Create, duplicate, rename with a stale version, out of scope, withdraw.
		town := map[string]any{"code": "533422999", "name": "测试乡"}
		wantStatus(t, s.do("clerk", "POST", "/api/v1/regions", town), 403)
		r = s.do("deqin", "POST", "/api/v1/regions", town)
		wantStatus(t, r, 201)
		if r.Body["level"] != "township" || r.Body["version"] != float64(1) || r.Body["active"] != true {
			t.Fatalf("created: %s", r.Raw)
		}
		wantStatus(t, s.do("deqin", "POST", "/api/v1/regions", town), 409)
		wantField(t, s.do("deqin", "POST", "/api/v1/regions", map[string]any{"code": "533422998", "name": strings.Repeat("乡", 51)}), "name")
		wantField(t, s.do("deqin", "POST", "/api/v1/regions", map[string]any{"code": "533422998", "name": "乙乡", "level": "township"}), "level")
		wantField(t, s.do("deqin", "POST", "/api/v1/regions", map[string]any{"code": 533422998, "name": "乙乡"}), "code")
		wantStatus(t, s.do("deqin", "POST", "/api/v1/regions", map[string]any{"code": "533401998", "name": "乙乡"}), 403)

		wantStatus(t, s.do("deqin", "PATCH", "/api/v1/regions/533422999", map[string]any{"name": "测试乡二", "version": 2}), 409)
		r = s.do("deqin", "PATCH", "/api/v1/regions/533422999", map[string]any{"name": "测试乡二", "version": 1})
		if r.Status != 200 || r.Body["name"] != "测试乡二" || r.Body["version"] != float64(2) {
			t.Fatalf("rename: %s", r.Raw)
		}
		wantStatus(t, s.do("deqin", "PATCH", "/api/v1/regions/533401", map[string]any{"name": "改名", "version": 1}), 403)
		wantStatus(t, s.do("admin", "POST", "/api/v1/regions/533401/active", map[string]any{"active": false, "version": 1}), 409)
		r = s.do("deqin", "POST", "/api/v1/regions/533422999/active", map[string]any{"active": false, "reason": "撤并", "version": 2})
		if r.Status != 200 || r.Body["active"] != false {
			t.Fatalf("withdraw: %s", r.Raw)
		}
		if n := s.count("SELECT COUNT(*) FROM audit_events WHERE object_type = 'region' AND object_id = '533422999'"); n != 3 {
			t.Errorf("audit events of the new township = %d, want 3", n)
		}
	})
}

func TestGovDeptsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newGovAPI(t, db)
		// Keyset pages over the prefecture's subtree.
		seen := map[string]bool{}
		next := ""
		for pages := 0; ; pages++ {
			r := s.do("clerk", "GET", "/api/v1/depts?region=533400&limit=40&cursor="+next, nil)
			wantStatus(t, r, 200)
			for _, d := range items(r) {
				name := d["name"].(string)
				if seen[name] {
					t.Fatalf("%s on two pages", name)
				}
				seen[name] = true
			}
			next, _ = r.Body["next_cursor"].(string)
			if next == "" {
				break
			}
			if pages > 5 {
				t.Fatal("the pages do not end")
			}
		}
		if len(seen) != s.st.Depts {
			t.Errorf("paged through %d depts, want %d", len(seen), s.st.Depts)
		}
		r := s.do("clerk", "GET", "/api/v1/depts?region=533400&q=市场监督", nil)
		if it := items(r); len(it) != 4 || it[0]["region_code"] != "533400" {
			t.Errorf("search: %s", r.Raw)
		}
		wantField(t, s.do("clerk", "GET", "/api/v1/depts?region=533400&cursor=@@", nil), "cursor")
		wantField(t, s.do("clerk", "GET", "/api/v1/depts?region=53", nil), "region")
		wantField(t, s.do("clerk", "GET", "/api/v1/depts?region=533400&limit=501", nil), "limit")

		// Bad input is refused and writes nothing.
		before := s.count("SELECT COUNT(*) FROM depts")
		events := s.count("SELECT COUNT(*) FROM audit_events")
		good := validate.MakeCreditCode("11533422MB9999990")
		dept := map[string]any{"region_code": "533422", "name": "德钦县测试局", "credit_code": "11533422MB999999X1", "kind": "其他"}
		wantField(t, s.do("deqin", "POST", "/api/v1/depts", dept), "credit_code")
		dept["credit_code"] = good
		dept["color"] = "red"
		wantField(t, s.do("deqin", "POST", "/api/v1/depts", dept), "color")
		delete(dept, "color")
		dept["name"] = strings.Repeat("局", 101)
		wantField(t, s.do("deqin", "POST", "/api/v1/depts", dept), "name")
		dept["name"] = "德钦县测试局"
		dept["phone"] = "12345"
		wantField(t, s.do("deqin", "POST", "/api/v1/depts", dept), "phone")
		delete(dept, "phone")
		wantStatus(t, s.do("deqin", "POST", "/api/v1/depts", map[string]any{"region_code": "533401", "name": "香格里拉市测试局", "credit_code": good}), 403)
		if s.count("SELECT COUNT(*) FROM depts") != before || s.count("SELECT COUNT(*) FROM audit_events") != events {
			t.Fatal("a refused create wrote something")
		}

		r = s.do("deqin", "POST", "/api/v1/depts", dept)
		wantStatus(t, r, 201)
		id := int64(r.Body["id"].(float64))
		if r.Body["credit_code"] != good || r.Body["version"] != float64(1) {
			t.Fatalf("created: %s", r.Raw)
		}
		path := fmt.Sprintf("/api/v1/depts/%d", id)
		wantStatus(t, s.do("clerk", "GET", path, nil), 200)
		wantStatus(t, s.do("clerk", "GET", "/api/v1/depts/999999", nil), 404)
		wantField(t, s.do("clerk", "GET", "/api/v1/depts/abc", nil), "id")

		// PATCH keeps the fields left out; a stale version is a conflict.
		r = s.do("deqin", "PATCH", path, map[string]any{"phone": "0887-8411234", "version": 1})
		if r.Status != 200 || r.Body["phone"] != "0887-8411234" || r.Body["name"] != "德钦县测试局" || r.Body["kind"] != "其他" || r.Body["version"] != float64(2) {
			t.Fatalf("patch: %s", r.Raw)
		}
		wantStatus(t, s.do("deqin", "PATCH", path, map[string]any{"short_name": "县测试局", "version": 1}), 409)
		wantField(t, s.do("deqin", "PATCH", path, map[string]any{"region_code": "533401", "version": 2}), "region_code")
		// A pilot code failing only its check character needs the confirmation.
		pilot := good[:17] + string(otherCheck(good[17]))
		wantField(t, s.do("deqin", "PATCH", path, map[string]any{"credit_code": pilot, "version": 2}), "credit_code")
		r = s.do("deqin", "PATCH", path, map[string]any{"credit_code": pilot, "confirm_check": true, "version": 2})
		if r.Status != 200 || r.Body["credit_code"] != pilot {
			t.Fatalf("confirmed pilot code: %s", r.Raw)
		}
		// Out of scope: a 德钦 administrator cannot touch a 香格里拉 dept.
		xgll := s.st.DeptIDs["香格里拉市市场监督管理局"]
		if xgll == 0 {
			t.Fatal("no 香格里拉市市场监督管理局 in the demo")
		}
		r = s.do("deqin", "PATCH", fmt.Sprintf("/api/v1/depts/%d", xgll), map[string]any{"phone": "0887-8231234", "version": 1})
		wantStatus(t, r, 403)
		if d := fmt.Sprint(r.Body["detail"]); !strings.Contains(d, "533401") {
			t.Errorf("403 should name the region: %s", d)
		}
		// A dept still served by a dedicated window stays on.
		wantStatus(t, s.do("admin", "POST", fmt.Sprintf("/api/v1/depts/%d/active", s.st.SAMRDeptID), map[string]any{"active": false, "version": 1}), 409)
		r = s.do("deqin", "POST", path+"/active", map[string]any{"active": false, "reason": "机构改革", "version": 3})
		if r.Status != 200 || r.Body["active"] != false {
			t.Fatalf("deactivate: %s", r.Raw)
		}
		wantField(t, s.do("deqin", "POST", path+"/active", map[string]any{"active": true, "version": 0}), "version")
	})
}

// otherCheck is a valid code character other than c, to fake a pilot code.
func otherCheck(c byte) byte {
	if c == '1' {
		return '2'
	}
	return '1'
}

func TestGovHallsAndWindowsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newGovAPI(t, db)
		r := s.do("clerk", "GET", "/api/v1/halls?region=533422&kind=centre", nil)
		if it := items(r); r.Status != 200 || len(it) < 2 || it[0]["region_code"] != "533422" {
			t.Fatalf("halls: %s", r.Raw)
		}
		centre := fmt.Sprintf("/api/v1/halls/%d", s.st.CentreHallID)
		r = s.do("clerk", "GET", centre+"/windows", nil)
		if it := items(r); r.Status != 200 || len(it) < 5 || it[0]["number"] != "A01" || it[0]["kind"] != "general" {
			t.Fatalf("windows: %s", r.Raw)
		}

		hall := map[string]any{"region_code": "533422", "name": "德钦县测试服务站", "kind": "kiosk"}
		wantField(t, s.do("deqin", "POST", "/api/v1/halls", hall), "kind")
		hall["kind"] = "station"
		r = s.do("deqin", "POST", "/api/v1/halls", hall)
		wantStatus(t, r, 201)
		hid := int64(r.Body["id"].(float64))
		hpath := fmt.Sprintf("/api/v1/halls/%d", hid)
		r = s.do("deqin", "PATCH", hpath, map[string]any{"hours": "周一至周五 9:00–17:00", "version": 1})
		if r.Status != 200 || r.Body["kind"] != "station" || r.Body["name"] != "德钦县测试服务站" {
			t.Fatalf("patch hall: %s", r.Raw)
		}
		wantStatus(t, s.do("deqin", "PATCH", centre, map[string]any{"hours": "全天", "version": 1}), 403)

		// Windows: a general window lists no dept; a dedicated one does.
		samr := s.st.DeptIDs["德钦县市场监督管理局"]
		win := map[string]any{"number": "a01", "name": "综合受理", "kind": "general", "dept_ids": []int64{samr}}
		wantField(t, s.do("deqin", "POST", hpath+"/windows", win), "dept_ids")
		delete(win, "dept_ids")
		r = s.do("deqin", "POST", hpath+"/windows", win)
		if r.Status != 201 || r.Body["number"] != "A01" {
			t.Fatalf("create window: %s", r.Raw)
		}
		wid := int64(r.Body["id"].(float64))
		wantField(t, s.do("deqin", "POST", hpath+"/windows", win), "number")
		wantField(t, s.do("deqin", "POST", hpath+"/windows", map[string]any{"number": "B01", "name": "专窗", "kind": "dedicated",
			"dept_ids": []int64{s.st.DeptIDs["香格里拉市市场监督管理局"]}}), "dept_ids")
		wantStatus(t, s.do("deqin", "POST", centre+"/windows", map[string]any{"number": "Z9", "name": "专窗", "kind": "general"}), 403)

		wpath := fmt.Sprintf("/api/v1/windows/%d", wid)
		r = s.do("deqin", "PATCH", wpath, map[string]any{"kind": "dedicated", "dept_ids": []int64{samr, s.st.SAMRDeptID}, "version": 1})
		if ids, _ := r.Body["dept_ids"].([]any); r.Status != 200 || len(ids) != 2 || r.Body["name"] != "综合受理" {
			t.Fatalf("patch window: %s", r.Raw)
		}
		r = s.do("deqin", "PATCH", wpath, map[string]any{"kind": "general", "version": 2})
		if ids, _ := r.Body["dept_ids"].([]any); r.Status != 200 || len(ids) != 0 {
			t.Fatalf("back to general: %s", r.Raw)
		}
		wantStatus(t, s.do("deqin", "PATCH", wpath, map[string]any{"name": "旧版本", "version": 2}), 409)

		// A hall closes only after its windows.
		wantStatus(t, s.do("deqin", "POST", hpath+"/active", map[string]any{"active": false, "version": 2}), 409)
		wantStatus(t, s.do("deqin", "POST", wpath+"/active", map[string]any{"active": false, "version": 3}), 200)
		r = s.do("deqin", "POST", hpath+"/active", map[string]any{"active": false, "reason": "合并", "version": 2})
		if r.Status != 200 || r.Body["active"] != false {
			t.Fatalf("close hall: %s", r.Raw)
		}
		wantStatus(t, s.do("deqin", "POST", wpath+"/active", map[string]any{"active": true, "version": 4}), 409)
		r = s.do("clerk", "GET", wpath, nil)
		if r.Status != 200 || r.Body["active"] != false || r.Body["version"] != float64(4) {
			t.Fatalf("get window: %s", r.Raw)
		}
	})
}
