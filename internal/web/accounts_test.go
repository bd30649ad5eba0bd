package web

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

const acctPW = "Shangri-La2026"

// adminSite is the session and account pages over a real account service,
// mounted the way the app mounts them: every route behind its guard, the
// lot behind authentication and the CSRF check.
type adminSite struct {
	db  *sqlstore.DB
	svc *account.Service
	url string
}

func newAdminSite(t *testing.T, db *sqlstore.DB) *adminSite {
	t.Helper()
	sqltest.Regions(t, db, "530000", "533400", "533401")
	keys, err := pii.NewRandom()
	if err != nil {
		t.Fatal(err)
	}
	svc := account.NewService(sqlstore.NewAccountStore(db), keys, sqlstore.NewScopeChecker(db), nil)
	w, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.AddSession(svc)
	w.AddAccountAdmin(svc)
	mux := http.NewServeMux()
	for _, rt := range w.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, httpx.Guard(rt.Perm, w.Error, rt.Handler))
	}
	srv := httptest.NewServer(httpx.Authenticate(svc, nil, w.Error, mux))
	t.Cleanup(srv.Close)
	return &adminSite{db: db, svc: svc, url: srv.URL}
}

var acctRoot = &access.Principal{Username: "root", Kind: "staff", Grants: []access.Grant{{Role: access.SysAdmin, Region: "530000"}, {Role: access.SecAdmin, Region: "530000"}}}

// staff creates a staff account holding role in region.
func (s *adminSite) staff(t *testing.T, username string, role access.Role, region string) account.Account {
	t.Helper()
	ctx := context.Background()
	a, err := s.svc.CreateStaff(ctx, acctRoot, account.StaffInput{Username: username, Name: "测试人员", Phone: "13700001111", Password: acctPW, Permanent: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.GrantRole(ctx, acctRoot, a.ID, access.Grant{Role: role, Region: region}); err != nil {
		t.Fatal(err)
	}
	return a
}

func (s *adminSite) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// acctBrowser is one logged-in user with a cookie jar.
type acctBrowser struct {
	site *adminSite
	c    *http.Client
	csrf string
	seen []string // every page body, to search for personal data
}

var acctCSRFMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

func (s *adminSite) login(t *testing.T, username string) *acctBrowser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &acctBrowser{site: s, c: &http.Client{Jar: jar}}
	st, body, _ := b.do(t, "POST", "/login", url.Values{"username": {username}, "password": {acctPW}}, nil)
	m := acctCSRFMeta.FindStringSubmatch(body)
	if st != http.StatusOK || m == nil {
		t.Fatalf("login %s: %d %s", username, st, body)
	}
	b.csrf = m[1]
	return b
}

func (b *acctBrowser) do(t *testing.T, method, path string, form url.Values, header map[string]string) (int, string, *url.URL) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.site.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	b.seen = append(b.seen, string(raw))
	return resp.StatusCode, string(raw), resp.Request.URL
}

func (b *acctBrowser) get(t *testing.T, path string) (int, string) {
	t.Helper()
	st, body, _ := b.do(t, "GET", path, nil, nil)
	return st, body
}

// post submits a form the way the page does, with the CSRF field.
func (b *acctBrowser) post(t *testing.T, path string, form url.Values) (int, string, *url.URL) {
	t.Helper()
	form.Set("csrf_token", b.csrf)
	return b.do(t, "POST", path, form, nil)
}

func acctMust(t *testing.T, what string, st, want int, body string, contains ...string) {
	t.Helper()
	if st != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, st, want, body)
	}
	for _, c := range contains {
		if !strings.Contains(body, c) {
			t.Fatalf("%s: page lacks %q\n%s", what, c, body)
		}
	}
}

func TestAccountAdminPages(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newAdminSite(t, db)
		ctx := context.Background()
		idNumber := validate.MakeIDNumber("533401", time.Date(1988, 5, 12, 0, 0, 0, 0, time.UTC), 123)
		const phone = "13988776655"
		citizen, err := s.svc.Register(ctx, account.RegisterInput{Kind: "person", Name: "扎西·顿珠", IDNumber: idNumber,
			Phone: phone, Username: "zhaxi", Password: acctPW})
		if err != nil {
			t.Fatal(err)
		}
		s.staff(t, "sysadmin1", access.SysAdmin, "533400")
		s.staff(t, "clerk1", access.Clerk, "533401")
		s.staff(t, "secadmin1", access.SecAdmin, "530000")
		citizenPage := "/admin/accounts/" + strconv.FormatInt(citizen.ID, 10)

		// The list and the detail page show masks only.
		admin := s.login(t, "sysadmin1")
		st, body := admin.get(t, "/admin/accounts")
		acctMust(t, "list", st, 200, body, "zhaxi", citizen.IDNumberMask, "139****6655", "/admin/accounts/new", "系统管理员 · 533400")
		st, body = admin.get(t, "/admin/accounts?kind=staff&limit=2")
		acctMust(t, "staff page 1", st, 200, body, "sysadmin1", `rel="next"`)
		if strings.Contains(body, "zhaxi") {
			t.Fatal("kind=staff lists a person")
		}
		next := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(body)
		st, body = admin.get(t, html.UnescapeString(next[1]))
		acctMust(t, "staff page 2", st, 200, body, "secadmin1", "回到第一页")
		st, body = admin.get(t, "/admin/accounts?kind=robot")
		acctMust(t, "bad kind", st, 422, body, "账号类型只能是")
		st, body = admin.get(t, citizenPage)
		acctMust(t, "detail", st, 200, body, citizen.IDNumberMask, "139****6655")
		if strings.Contains(body, "/reveal") {
			t.Fatal("sysadmin (no pii.reveal) is offered the reveal form")
		}

		// A bad phone: the field error beside the field, values refilled
		// except the password, nothing written.
		before := s.count(t, "SELECT COUNT(*) FROM accounts")
		st, body, _ = admin.post(t, "/admin/staff", url.Values{"username": {"wangfang"}, "name": {"王芳"}, "phone": {"12345"}, "password": {acctPW}})
		acctMust(t, "bad phone", st, 422, body, `<span class="field-error">手机号码应为 11 位数字`, `value="wangfang"`, `value="王芳"`)
		if strings.Contains(body, acctPW) {
			t.Fatal("the password was refilled")
		}
		if n := s.count(t, "SELECT COUNT(*) FROM accounts"); n != before {
			t.Fatalf("accounts %d → %d after a refused form", before, n)
		}
		st, body, at := admin.post(t, "/admin/staff", url.Values{"username": {"wangfang"}, "name": {"王芳"}, "phone": {"13812345678"}, "password": {acctPW}})
		acctMust(t, "create staff", st, 200, body, "工作人员账号已创建", "王芳", `name="role"`)
		if strings.Contains(body, `value="secadmin"`) {
			t.Fatal("sysadmin is offered an administrator role to grant")
		}
		staffPage := at.Path

		// Grant a role, then disable with a reason.
		st, body, _ = admin.post(t, staffPage+"/roles", url.Values{"role": {"clerk"}, "region": {"533401"}})
		acctMust(t, "grant", st, 200, body, "已授予角色", "综合窗口受理人员")
		st, body, _ = admin.post(t, staffPage+"/roles", url.Values{"role": {"reviewer"}, "region": {"533499"}})
		acctMust(t, "grant to a missing region", st, 422, body, `value="533499"`, `class="field-error"`)
		st, body, _ = admin.post(t, staffPage+"/status", url.Values{"status": {"disabled"}, "reason": {}, "version": {"1"}})
		acctMust(t, "disable without reason", st, 422, body, `class="field-error"`)
		st, body, _ = admin.post(t, staffPage+"/status", url.Values{"status": {"disabled"}, "reason": {"调离岗位"}, "version": {"1"}})
		acctMust(t, "disable", st, 200, body, "账号已停用", "启用账号")
		id := strings.TrimPrefix(staffPage, "/admin/accounts/")
		if n := s.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'account.status' AND object_id = ? AND reason = ?", id, "调离岗位"); n != 1 {
			t.Fatalf("account.status audit rows = %d", n)
		}

		// A form rendered before that change is stale now.
		st, body, _ = admin.post(t, staffPage+"/status", url.Values{"status": {"active"}, "version": {"1"}})
		acctMust(t, "stale version", st, 409, body, "账号已被他人修改，请刷新后重试")

		// Without the CSRF field the request is refused and nothing changes.
		st, body, _ = admin.do(t, "POST", staffPage+"/status", url.Values{"status": {"active"}, "version": {"2"}}, nil)
		acctMust(t, "no csrf", st, 403, body, "CSRF")
		if n := s.count(t, "SELECT COUNT(*) FROM accounts WHERE status = 'disabled'"); n != 1 {
			t.Fatalf("disabled accounts = %d after a refused request", n)
		}

		for _, page := range admin.seen {
			if strings.Contains(page, idNumber) || strings.Contains(page, phone) {
				t.Fatalf("a sysadmin page shows personal data in clear:\n%s", page)
			}
		}

		// A clerk reveals the ID number once, with a reason, audited.
		clerk := s.login(t, "clerk1")
		st, body = clerk.get(t, citizenPage)
		acctMust(t, "clerk detail", st, 200, body, `hx-post="`+citizenPage+`/reveal"`)
		if strings.Contains(body, "/status") || strings.Contains(body, "/password") {
			t.Fatal("clerk is offered account management forms")
		}
		reveals := func() int {
			return s.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'pii.reveal' AND object_id = ?", strconv.FormatInt(citizen.ID, 10))
		}
		st, body, _ = clerk.post(t, citizenPage+"/reveal", url.Values{"field": {"id_number"}, "reason": {""}})
		acctMust(t, "reveal without reason", st, 422, body, `class="field-error"`)
		if strings.Contains(body, idNumber) || reveals() != 0 {
			t.Fatal("a reveal without a reason showed or recorded something")
		}
		st, body, at = clerk.post(t, citizenPage+"/reveal", url.Values{"field": {"id_number"}, "reason": {"核验办件申请人身份"}})
		acctMust(t, "reveal", st, 200, body, "本次查看已记入审计日志")
		if n := strings.Count(body, idNumber); n != 1 || strings.Contains(at.String(), idNumber) {
			t.Fatalf("the ID number appears %d times (want once), url %s", n, at)
		}
		if n := s.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'pii.reveal' AND reason = ?", "核验办件申请人身份"); n != 1 {
			t.Fatalf("pii.reveal audit rows with the reason = %d", n)
		}
		st, body, _ = clerk.do(t, "POST", citizenPage+"/reveal", url.Values{"field": {"phone"}, "reason": {"回访核实联系电话"}},
			map[string]string{"HX-Request": "true", httpx.CSRFHeader: clerk.csrf})
		acctMust(t, "htmx reveal", st, 200, body, phone, "本次查看已记入审计日志")
		if strings.Contains(body, "<html") || reveals() != 2 {
			t.Fatalf("htmx reveal: renderBlock expected and 2 audit rows, got %d\n%s", reveals(), body)
		}
		st, body, _ = clerk.do(t, "POST", citizenPage+"/reveal", url.Values{"field": {"phone"}, "reason": {"看"}},
			map[string]string{"HX-Request": "true", httpx.CSRFHeader: clerk.csrf})
		acctMust(t, "htmx reveal, short reason", st, 200, body, `role="alert"`, "至少 4 个字")
		st, body = clerk.get(t, citizenPage)
		if st != 200 || strings.Contains(body, idNumber) || strings.Contains(body, phone) {
			t.Fatal("the detail page still shows a revealed value")
		}

		// The security policy: a garbled number, a change, a stale form.
		sec := s.login(t, "secadmin1")
		st, body = sec.get(t, "/admin/security")
		acctMust(t, "policy", st, 200, body, `name="min_length"`, `value="8"`, `name="version" value="0"`)
		form := url.Values{"min_length": {"10"}, "min_classes": {"3"}, "max_failures": {"5"}, "lock_minutes": {"15"},
			"idle_minutes": {"20"}, "session_hours": {"8"}, "password_max_age": {"90"}, "version": {"0"}}
		form.Set("lock_minutes", "x")
		st, body, _ = sec.post(t, "/admin/security", form)
		acctMust(t, "garbled policy", st, 422, body, `<span class="field-error">“锁定时长（分钟）”应填写整数`, `value="10"`)
		form.Set("lock_minutes", "15")
		st, body, _ = sec.post(t, "/admin/security", form)
		acctMust(t, "set policy", st, 200, body, "安全策略已保存", `value="10"`, `name="version" value="1"`)
		if pol, v := s.svc.Policy(ctx); pol.MinLength != 10 || pol.IdleMinutes != 20 || v != 1 {
			t.Fatalf("policy = %+v v%d", pol, v)
		}
		st, body, _ = sec.post(t, "/admin/security", form)
		acctMust(t, "stale policy", st, 409, body, "设置已被他人修改")

		// English pages render too.
		u, _ := url.Parse(s.url)
		sec.c.Jar.SetCookies(u, []*http.Cookie{{Name: "ow_lang", Value: "en"}})
		st, body = sec.get(t, staffPage)
		acctMust(t, "english detail", st, 200, body, "Grant a role", "Window clerk")
	})
}

// TestAccountPagesLookupsHaveEnglish covers the strings the pages translate
// at run time, which the template scan cannot see.
func TestAccountPagesLookupsHaveEnglish(t *testing.T) {
	var zh []string
	for _, r := range access.Roles {
		zh = append(zh, r.Title())
	}
	for _, l := range acctRevealLabels {
		zh = append(zh, l)
	}
	for _, g := range acctPolicyGroups {
		zh = append(zh, g.Title)
		for _, f := range g.Fields {
			zh = append(zh, f.Label, f.Hint)
		}
	}
	for _, s := range zh {
		if _, ok := english[s]; !ok {
			t.Errorf("no English for %q", s)
		}
	}
}
