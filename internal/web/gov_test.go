package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/demo"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

// govPrincipals act on the structure pages (header X-Test-As).
var govPrincipals = map[string]*access.Principal{
	"citizen": httpxtest.Person(31, "citizen"),
	"viewer":  httpxtest.Staff(32, "viewer", access.Clerk, "533400"),
	"editor":  httpxtest.Staff(33, "editor", access.SysAdmin, "533400"),
	"deqin":   httpxtest.Staff(34, "deqin", access.SysAdmin, "533422"),
}

// govSite serves the structure pages over a real store holding the demo
// prefecture, every route behind its guard as the app mounts it.
type govSite struct {
	t   *testing.T
	db  *sqlstore.DB
	st  demo.Structure
	srv *httptest.Server
}

func newGovSite(t *testing.T, db *sqlstore.DB) *govSite {
	t.Helper()
	svc := gov.NewService(sqlstore.NewGovStore(db), nil)
	loader := &access.Principal{Username: "t", Kind: "staff", Grants: []access.Grant{{Role: access.SysAdmin, Region: "530000"}}}
	st, err := demo.LoadStructure(context.Background(), svc, loader)
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.AddGov(svc)
	srv := httpxtest.Serve(t, w.Routes(), w.Error, govPrincipals)
	return &govSite{t: t, db: db, st: st, srv: srv}
}

// do sends a request as a principal without following redirects; it
// returns the status, the unescaped body and the redirect target.
func (s *govSite) do(as, method, path string, form url.Values, cookies ...*http.Cookie) (int, string, string) {
	s.t.Helper()
	var body io.Reader
	ctype := ""
	if form != nil {
		body, ctype = strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
	}
	req := httpxtest.NewRequest(s.t, s.srv, as, method, path, body, ctype)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, b := httpxtest.Do(s.t, s.srv, req)
	return res.StatusCode, html.UnescapeString(string(b)), res.Header.Get("Location")
}

func (s *govSite) get(as, path string) (int, string) {
	st, body, _ := s.do(as, "GET", path, nil)
	return st, body
}

func (s *govSite) count(q string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

// govWant checks a status and that body holds every string and none of the
// strings after a "!" prefix.
func govWant(t *testing.T, what string, st, want int, body string, checks ...string) {
	t.Helper()
	if st != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, st, want, body)
	}
	for _, c := range checks {
		if not, ok := strings.CutPrefix(c, "!"); ok {
			if strings.Contains(body, not) {
				t.Errorf("%s: page holds %q", what, not)
			}
		} else if !strings.Contains(body, c) {
			t.Errorf("%s: page lacks %q", what, c)
		}
	}
}

// fieldError finds the message shown beside a form field.
var fieldError = regexp.MustCompile(`<span class="field-error">([^<]+)</span>`)

func TestGovPagesForViewerAndEditor(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newGovSite(t, db)
		st, body := s.get("viewer", "/admin/regions")
		govWant(t, "regions", st, 200, body, `href="/admin/regions/530000"`, "云南省", `href="/admin/regions/533400"`, "迪庆藏族自治州",
			"!新增行政区划")
		st, body = s.get("editor", "/admin/regions")
		govWant(t, "regions for the editor", st, 200, body, `action="/admin/regions"`, "新增行政区划", `name="csrf_token" value="x"`)
		st, _, loc := s.do("viewer", "GET", "/admin/regions?code=533422", nil)
		if st != http.StatusSeeOther || loc != "/admin/regions/533422" {
			t.Errorf("jump: %d %q", st, loc)
		}
		st, body = s.get("viewer", "/admin/regions?code=110000")
		govWant(t, "jump to a missing region", st, 200, body, `class="field-error">行政区划不存在`)

		// The prefecture: breadcrumb, its counties with counts, its own depts and hall.
		st, body = s.get("viewer", "/admin/regions/533400")
		govWant(t, "prefecture", st, 200, body, `<a href="/admin/regions/530000">云南省</a>`, `href="/admin/regions/533422">德钦县</a>`,
			"迪庆州市场监督管理局", "迪庆州政务服务中心", "!德钦县市场监督管理局",
			"!/admin/regions/533400/depts/new", `!action="/admin/regions/533400"`, "!修改名称")
		st, body = s.get("editor", "/admin/regions/533400")
		govWant(t, "prefecture for its editor", st, 200, body, "/admin/regions/533400/depts/new", "/admin/regions/533400/halls/new",
			`action="/admin/regions/533400"`, `action="/admin/regions/533400/active"`, `action="/admin/regions/533400/children"`,
			`name="version" value="1"`, `name="csrf_token" value="x"`)
		// The editor of 533422 sees the prefecture without forms: they would only be refused.
		st, body = s.get("deqin", "/admin/regions/533400")
		govWant(t, "prefecture for a county editor", st, 200, body, "!修改名称", "!/admin/regions/533400/depts/new")
		// A search covers the subtree and names each dept's region.
		st, body = s.get("viewer", "/admin/regions/533400?q="+url.QueryEscape("市场监督"))
		govWant(t, "dept search", st, 200, body, "德钦县市场监督管理局", "香格里拉市市场监督管理局", "部门查询结果")
		st, body = s.get("viewer", "/admin/regions/533400?dcursor=@@")
		govWant(t, "bad cursor", st, 422, body, "分页参数无效")

		samr := fmt.Sprintf("/admin/depts/%d", s.st.SAMRDeptID)
		st, body = s.get("viewer", samr)
		govWant(t, "dept", st, 200, body, "迪庆州市场监督管理局", "州市场监管局", `<a href="/admin/regions/533400">迪庆藏族自治州</a>`,
			"!修改部门信息", "!确认试点信用代码")
		st, body = s.get("editor", samr)
		govWant(t, "dept for the editor", st, 200, body, "修改部门信息", `action="`+samr+`"`, `value="迪庆州市场监督管理局"`,
			"<option selected>市场监管</option>", "确认试点信用代码", `action="`+samr+`/active"`)

		hall := fmt.Sprintf("/admin/halls/%d", s.st.CentreHallID)
		st, body = s.get("viewer", hall)
		govWant(t, "hall", st, 200, body, ">A01</a>", "综合受理窗口", "所有事项", "迪庆州市场监督管理局", "!新增窗口", "!修改大厅信息")
		st, body = s.get("editor", hall)
		govWant(t, "hall for the editor", st, 200, body, hall+"/windows/new", "修改大厅信息", `name="kind"`)
		st, body = s.get("editor", hall+"/windows/new")
		govWant(t, "new window", st, 200, body, `action="`+hall+`/windows"`, `name="dept_ids" value="`, `value="dedicated" checked`)

		win := fmt.Sprintf("/admin/windows/%d", s.st.GeneralWindowID)
		st, body = s.get("viewer", win)
		govWant(t, "window", st, 200, body, "A01", "所有事项（一窗受理）", "!修改窗口")
		st, body = s.get("editor", win)
		govWant(t, "window for the editor", st, 200, body, "修改窗口", `value="general" checked`, `action="`+win+`/active"`)

		for _, path := range []string{"/admin/depts/999999", "/admin/depts/abc", "/admin/halls/0", "/admin/windows/999999", "/admin/regions/110000"} {
			if st, _ := s.get("viewer", path); st != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, st)
			}
		}
		if st, _ := s.get("citizen", "/admin/regions"); st != http.StatusForbidden {
			t.Errorf("citizen: %d, want 403", st)
		}
		if st, _, _ := s.do("viewer", "POST", samr, url.Values{"csrf_token": {"x"}, "name": {"改名"}, "version": {"1"}}); st != http.StatusForbidden {
			t.Errorf("viewer post: %d, want 403", st)
		}
		if st, _, loc := s.do("", "GET", "/admin/regions", nil); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("anonymous: %d %q", st, loc)
		}
		// English pages.
		st, body, _ = s.do("viewer", "GET", "/admin/regions/533400", nil, &http.Cookie{Name: "ow_lang", Value: "en"})
		govWant(t, "english", st, 200, body, "Departments of this region", "Subdivisions", "County / district", "!本级部门")
	})
}

func TestGovDeptForms(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newGovSite(t, db)
		depts, events := s.count("SELECT COUNT(*) FROM depts"), s.count("SELECT COUNT(*) FROM audit_events")
		good := validate.MakeCreditCode("11533422MB9999990")
		pilot := good[:17] + map[bool]string{true: "2", false: "1"}[good[17] == '1']
		form := url.Values{"csrf_token": {"x"}, "region_code": {"533422"}, "name": {"德钦县测试局"}, "short_name": {"县测试局"},
			"credit_code": {pilot}, "kind": {"其他"}}
		st, body, _ := s.do("deqin", "POST", "/admin/depts", form)
		govWant(t, "pilot code unconfirmed", st, 422, body, "校验码", `value="德钦县测试局"`, `value="县测试局"`, "<option selected>其他</option>")
		if m := fieldError.FindStringSubmatch(body); m == nil || !strings.Contains(m[1], "统一社会信用代码") {
			t.Errorf("no message beside the credit code: %v", m)
		}
		form.Set("credit_code", "11533422MB99999")
		st, body, _ = s.do("deqin", "POST", "/admin/depts", form)
		govWant(t, "short credit code", st, 422, body, `<span class="field-error">统一社会信用代码应为 18 位`)
		form.Set("credit_code", good)
		form.Set("name", strings.Repeat("局", 101))
		st, body, _ = s.do("deqin", "POST", "/admin/depts", form)
		govWant(t, "long name", st, 422, body, `<span class="field-error">内容不能超过 100 个字`)
		form.Set("name", "香格里拉市测试局")
		form.Set("region_code", "533401")
		st, body, _ = s.do("deqin", "POST", "/admin/depts", form)
		govWant(t, "out of scope", st, 403, body, "533401")
		if s.count("SELECT COUNT(*) FROM depts") != depts || s.count("SELECT COUNT(*) FROM audit_events") != events {
			t.Fatal("a refused form wrote something")
		}

		form.Set("region_code", "533422")
		form.Set("name", "德钦县测试局")
		form.Set("credit_code", pilot)
		form.Set("confirm_check", "1")
		st, _, loc := s.do("deqin", "POST", "/admin/depts", form)
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/depts/") {
			t.Fatalf("create: %d %q", st, loc)
		}
		path := strings.SplitN(loc, "?", 2)[0]
		st, body = s.get("deqin", loc)
		govWant(t, "created", st, 200, body, "部门已新增", pilot, "德钦县测试局")
		var reason string
		if err := db.QueryRow(context.Background(), "SELECT reason FROM audit_events WHERE action = 'dept.create' ORDER BY seq DESC LIMIT 1").Scan(&reason); err != nil || !strings.Contains(reason, "管理员已核对证书") {
			t.Errorf("audit reason %q %v", reason, err)
		}

		// Edit: a bad phone comes back with what was typed; a stale version
		// shows the dept as it now is.
		edit := url.Values{"csrf_token": {"x"}, "version": {"1"}, "name": {"德钦县测试局（改）"}, "credit_code": {pilot},
			"confirm_check": {"1"}, "kind": {"其他"}, "phone": {"12345"}}
		st, body, _ = s.do("deqin", "POST", path, edit)
		govWant(t, "bad phone", st, 422, body, `<span class="field-error">联系电话`, `value="德钦县测试局（改）"`, `value="12345"`)
		edit.Set("phone", "0887-8411234")
		if st, _, loc := s.do("deqin", "POST", path, edit); st != http.StatusSeeOther || !strings.Contains(loc, "flash=") {
			t.Fatalf("edit: %d %q", st, loc)
		}
		edit.Set("name", "旧页面的名称")
		st, body, _ = s.do("deqin", "POST", path, edit)
		govWant(t, "stale", st, 409, body, "记录已被他人修改", `value="德钦县测试局（改）"`, `name="version" value="2"`, "!旧页面的名称")

		st, body, _ = s.do("deqin", "POST", fmt.Sprintf("/admin/depts/%d", s.st.DeptIDs["香格里拉市市场监督管理局"]),
			url.Values{"csrf_token": {"x"}, "version": {"1"}, "name": {"改名"}, "credit_code": {good}})
		govWant(t, "edit out of scope", st, 403, body, "533401")

		// Disable, then enable.
		st, _, _ = s.do("deqin", "POST", path+"/active", url.Values{"csrf_token": {"x"}, "version": {"2"}, "active": {"false"}, "reason": {"机构改革"}})
		if st != http.StatusSeeOther {
			t.Fatalf("disable: %d", st)
		}
		st, body = s.get("deqin", path)
		govWant(t, "disabled", st, 200, body, "已停用", "启用部门")
		st, body, _ = s.do("editor", "POST", fmt.Sprintf("/admin/depts/%d/active", s.st.SAMRDeptID),
			url.Values{"csrf_token": {"x"}, "version": {"1"}, "active": {"false"}, "reason": {"测试"}})
		govWant(t, "dept with windows", st, 409, body, "专窗", `value="测试"`)
	})
}

func TestGovRegionHallWindowForms(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newGovSite(t, db)
		// A child must sit under the page's region.
		st, body, _ := s.do("deqin", "POST", "/admin/regions/533422/children", url.Values{"csrf_token": {"x"}, "code": {"533401999"}, "name": {"错乡"}})
		govWant(t, "child elsewhere", st, 422, body, "533422", `value="533401999"`, "<details class=\"gov-add\" open>")
		st, _, loc := s.do("deqin", "POST", "/admin/regions/533422/children", url.Values{"csrf_token": {"x"}, "code": {"533422999"}, "name": {"测试乡"}})
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/regions/533422?") {
			t.Fatalf("child: %d %q", st, loc)
		}
		st, _, loc = s.do("deqin", "POST", "/admin/regions/533422999", url.Values{"csrf_token": {"x"}, "version": {"1"}, "name": {"测试镇"}})
		if st != http.StatusSeeOther {
			t.Fatalf("rename: %d", st)
		}
		st, body = s.get("deqin", loc)
		govWant(t, "renamed", st, 200, body, "名称已修改为：测试镇", "乡镇（街道）")
		st, body, _ = s.do("deqin", "POST", "/admin/regions/533422/active", url.Values{"csrf_token": {"x"}, "version": {"1"}, "active": {"false"}})
		govWant(t, "withdraw a county in use", st, 409, body, "在用")

		// A hall and its windows.
		st, body, _ = s.do("deqin", "POST", "/admin/halls", url.Values{"csrf_token": {"x"}, "region_code": {"533422999"}, "name": {""}, "kind": {"station"}})
		govWant(t, "hall without a name", st, 422, body, `<span class="field-error">此项为必填项`, "新增大厅")
		st, _, loc = s.do("deqin", "POST", "/admin/halls", url.Values{"csrf_token": {"x"}, "region_code": {"533422999"}, "name": {"测试镇便民服务中心"}, "kind": {"centre"}})
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/halls/") {
			t.Fatalf("hall: %d %q", st, loc)
		}
		hall := strings.SplitN(loc, "?", 2)[0]
		samr := s.st.DeptIDs["德钦县市场监督管理局"]
		wform := url.Values{"csrf_token": {"x"}, "number": {"a01"}, "name": {"综合受理"}, "kind": {"general"}, "dept_ids": {fmt.Sprint(samr)}}
		st, body, _ = s.do("deqin", "POST", hall+"/windows", wform)
		govWant(t, "general window with a dept", st, 422, body, "综合窗口受理所有事项", fmt.Sprintf(`value="%d" checked`, samr), `value="general" checked`)
		wform.Set("kind", "dedicated")
		st, _, loc = s.do("deqin", "POST", hall+"/windows", wform)
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, hall+"?") {
			t.Fatalf("window: %d %q", st, loc)
		}
		st, body = s.get("deqin", loc)
		govWant(t, "hall with its window", st, 200, body, "已新增 A01 号窗口", ">A01</a>", "德钦县市场监督管理局")
		var wid int64
		if err := db.QueryRow(context.Background(), "SELECT id FROM windows WHERE hall_id = ? AND number = 'A01'", strings.TrimPrefix(hall, "/admin/halls/")).Scan(&wid); err != nil {
			t.Fatal(err)
		}
		win := fmt.Sprintf("/admin/windows/%d", wid)
		st, body = s.get("deqin", win)
		govWant(t, "window page", st, 200, body, fmt.Sprintf(`value="%d" checked`, samr), "德钦县", "迪庆藏族自治州")
		st, body, _ = s.do("deqin", "POST", win, url.Values{"csrf_token": {"x"}, "version": {"1"}, "number": {"A 01"}, "name": {"综合受理"}, "kind": {"dedicated"},
			"dept_ids": {fmt.Sprint(samr)}})
		govWant(t, "bad number", st, 422, body, `<span class="field-error">窗口号应为`, `value="A 01"`)
		st, _, loc = s.do("deqin", "POST", win, url.Values{"csrf_token": {"x"}, "version": {"1"}, "number": {"A01"}, "name": {"综合受理窗口"}, "kind": {"general"}})
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, hall+"?") {
			t.Fatalf("edit window: %d %q", st, loc)
		}
		st, body, _ = s.do("deqin", "POST", hall+"/active", url.Values{"csrf_token": {"x"}, "version": {"1"}, "active": {"false"}})
		govWant(t, "close a hall with an open window", st, 409, body, "在用窗口")
		if st, _, _ := s.do("deqin", "POST", win+"/active", url.Values{"csrf_token": {"x"}, "version": {"2"}, "active": {"false"}}); st != http.StatusSeeOther {
			t.Fatalf("close window: %d", st)
		}
		if st, _, _ := s.do("deqin", "POST", hall+"/active", url.Values{"csrf_token": {"x"}, "version": {"1"}, "active": {"false"}, "reason": {"合并"}}); st != http.StatusSeeOther {
			t.Fatalf("close hall: %d", st)
		}
		st, body = s.get("deqin", hall)
		govWant(t, "closed hall", st, 200, body, "启用大厅", "!"+hall+"/windows/new")
	})
}
