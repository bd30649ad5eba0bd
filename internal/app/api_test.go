package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/validate"
)

func (ta *testApp) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := ta.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRegisterAndSessionAPI(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		id := validate.MakeIDNumber("533422", time.Date(1992, 3, 4, 0, 0, 0, 0, time.UTC), 88)
		good := map[string]any{"kind": "person", "name": "卓玛", "id_number": id, "phone": "13812345678", "username": "zhuoma", "password": "Meili-Snow9"}
		accounts, events := ta.count(t, "accounts"), ta.count(t, "audit_events")
		// Bad input: the right 4xx, a Chinese detail naming the field, nothing written.
		bad := []struct {
			name string
			body any
			want int
			in   string
		}{
			{"unknown field", merge(good, "is_admin", true), 422, "is_admin"},
			{"wrong type", merge(good, "phone", 13812345678), 422, "phone"},
			{"too long", merge(good, "name", strings.Repeat("名", 101)), 422, "name"},
			{"bad check digit", merge(good, "id_number", id[:17]+flip(id[17])), 422, "公民身份号码"},
			{"bad kind", merge(good, "kind", "robot"), 422, "kind"},
			{"not json", "{kind:", 400, ""},
		}
		for _, c := range bad {
			r := ta.do("POST", "/api/v1/accounts", "", c.body)
			if r.Status != c.want || !strings.Contains(r.detail(), c.in) || !hasHan(r.detail()) {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
				t.Errorf("%s: content type %q", c.name, ct)
			}
		}
		if ta.count(t, "accounts") != accounts || ta.count(t, "audit_events") != events {
			t.Fatal("rejected registrations wrote something")
		}
		r := ta.do("POST", "/api/v1/accounts", "", good)
		if r.Status != 201 || strings.Contains(string(r.Body), id) || !strings.Contains(string(r.Body), id[:4]+"**********") {
			t.Fatalf("register: %d %s", r.Status, r.Body)
		}
		// Login gives a token and the user, masked.
		r = ta.do("POST", "/api/v1/session", "", map[string]string{"username": "zhuoma", "password": "Meili-Snow9"})
		var sess struct {
			Token string `json:"token"`
			User  struct {
				Username string `json:"username"`
				Phone    string `json:"phone"`
			} `json:"user"`
		}
		r.json(t, &sess)
		if r.Status != 200 || sess.Token == "" || sess.User.Username != "zhuoma" || sess.User.Phone != "138****5678" {
			t.Fatalf("login: %d %s", r.Status, r.Body)
		}
		if r := ta.do("GET", "/api/v1/me", sess.Token, nil); r.Status != 200 {
			t.Fatalf("me: %d", r.Status)
		}
		if r := ta.do("DELETE", "/api/v1/session", sess.Token, nil); r.Status != 204 {
			t.Fatalf("logout: %d %s", r.Status, r.Body)
		}
		if r := ta.do("GET", "/api/v1/me", sess.Token, nil); r.Status != 401 {
			t.Fatalf("me after logout: %d", r.Status)
		}
		// Five wrong passwords lock the account: 423 with a clear message.
		for i := 0; i < 4; i++ {
			ta.do("POST", "/api/v1/session", "", map[string]string{"username": "zhuoma", "password": "wrong"})
		}
		r = ta.do("POST", "/api/v1/session", "", map[string]string{"username": "zhuoma", "password": "wrong"})
		if r.Status != http.StatusLocked || !strings.Contains(r.detail(), "锁定") {
			t.Fatalf("lockout: %d %s", r.Status, r.Body)
		}
		if r := ta.do("POST", "/api/v1/session", "", map[string]string{"username": "zhuoma", "password": "Meili-Snow9"}); r.Status != http.StatusLocked {
			t.Fatalf("locked login with the right password: %d", r.Status)
		}
	})
}

func merge(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{}
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

func flip(c byte) string {
	const set = "0123456789X"
	return string(set[(strings.IndexByte(set, c)+1)%len(set)])
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// TestWebSessionCSRFAndHeaders logs in through the page, then checks the
// cookie, the CSRF token on unsafe requests, cross-origin refusal and the
// security headers.
func TestWebSessionCSRFAndHeaders(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		res, err := c.PostForm(ta.srv.URL+"/login", url.Values{"username": {"citizen1"}, "password": {"OneWindow@2026"}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), `id="whoami"`) {
			t.Fatalf("login page flow: %d", res.StatusCode)
		}
		u, _ := url.Parse(ta.srv.URL)
		var cookie *http.Cookie
		for _, ck := range res.Request.Response.Cookies() {
			if ck.Name == "ow_session" {
				cookie = ck
			}
		}
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie: %+v", cookie)
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || res.Header.Get("X-Frame-Options") != "DENY" {
			t.Fatalf("headers: %v", res.Header)
		}
		meta := strings.Index(string(body), `name="csrf-token" content="`)
		if meta < 0 {
			t.Fatal("no csrf meta")
		}
		token := string(body)[meta+len(`name="csrf-token" content="`):]
		token = token[:strings.IndexByte(token, '"')]
		// Without the token: 403 and the password stays.
		form := url.Values{"old_password": {"OneWindow@2026"}, "password": {"New-Pass2026"}}
		res, _ = c.PostForm(ta.srv.URL+"/account/password", form)
		res.Body.Close()
		if res.StatusCode != 403 {
			t.Fatalf("no CSRF token: %d", res.StatusCode)
		}
		if ta.do("POST", "/api/v1/session", "", map[string]string{"username": "citizen1", "password": "OneWindow@2026"}).Status != 200 {
			t.Fatal("password changed without a CSRF token")
		}
		// A cross-site form post is refused before anything else.
		req, _ := http.NewRequest("POST", ta.srv.URL+"/account/password", strings.NewReader(form.Encode()+"&csrf_token="+token))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		res, _ = c.Do(req)
		res.Body.Close()
		if res.StatusCode != 403 {
			t.Fatalf("cross-site post: %d", res.StatusCode)
		}
		// With the token it works.
		form.Set("csrf_token", token)
		res, _ = c.PostForm(ta.srv.URL+"/account/password", form)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Request.URL.RawQuery, "flash=") {
			t.Fatalf("with CSRF token: %d %s", res.StatusCode, res.Request.URL)
		}
		// Logout kills the session: the old cookie no longer works.
		old := jar.Cookies(u)
		res, _ = c.PostForm(ta.srv.URL+"/logout", url.Values{"csrf_token": {token}})
		res.Body.Close()
		jar.SetCookies(u, old)
		res, _ = c.Get(ta.srv.URL + "/account")
		res.Body.Close()
		if res.Request.URL.Path != "/login" {
			t.Fatalf("after logout /account ended at %s", res.Request.URL)
		}
	})
}

func TestOperationalEndpoints(t *testing.T) {
	ta := start(t, "sqlite")
	if r := ta.do("GET", "/healthz", "", nil); r.Status != 200 {
		t.Fatal(r.Status)
	}
	if r := ta.do("GET", "/readyz", "", nil); r.Status != 200 {
		t.Fatal(r.Status)
	}
	r := ta.do("GET", "/metrics", "", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), "onewindow_calendar_missing_years") {
		t.Fatalf("metrics: %d", r.Status)
	}
	r = ta.do("GET", "/api/openapi.json", "", nil)
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(r.Body, &doc); err != nil || doc.OpenAPI != "3.1.0" || doc.Paths["/api/v1/session"] == nil {
		t.Fatalf("openapi: %v %s", err, doc.OpenAPI)
	}
	if r := ta.do("GET", "/no/such/page", "", nil); r.Status != 404 {
		t.Fatalf("unknown path: %d", r.Status)
	}
	ta.Close()
	if r := ta.do("GET", "/readyz", "", nil); r.Status != 503 {
		t.Fatalf("readyz with the database closed: %d", r.Status)
	}
}

// TestInitialPasswordMustBeChanged: a staff account created with an
// initial password reaches only its own account until it changes it.
func TestInitialPasswordMustBeChanged(t *testing.T) {
	ta := start(t, "sqlite")
	sys := ta.login("sysadmin")
	r := ta.do("POST", "/api/v1/staff", sys, map[string]string{"username": "newclerk", "name": "新同事", "phone": "13800002222", "password": "Initial-Pass1"})
	if r.Status != 201 {
		t.Fatalf("create staff: %d %s", r.Status, r.Body)
	}
	var acc struct {
		ID int64 `json:"id"`
	}
	r.json(t, &acc)
	if r := ta.do("POST", "/api/v1/accounts/"+itoa(acc.ID)+"/roles", sys, map[string]string{"role": "clerk", "region": "533401"}); r.Status != 201 {
		t.Fatalf("grant: %d %s", r.Status, r.Body)
	}
	tok := ta.login2("newclerk", "Initial-Pass1")
	if r := ta.do("GET", "/api/v1/accounts", tok, nil); r.Status != 403 || !strings.Contains(r.detail(), "修改初始密码") {
		t.Fatalf("before the change: %d %s", r.Status, r.Body)
	}
	if r := ta.do("GET", "/api/v1/me", tok, nil); r.Status != 200 {
		t.Fatalf("me before the change: %d", r.Status)
	}
	if r := ta.do("POST", "/api/v1/me/password", tok, map[string]string{"old_password": "Initial-Pass1", "password": "Changed-Pass2"}); r.Status != 204 {
		t.Fatalf("change: %d %s", r.Status, r.Body)
	}
	if r := ta.do("GET", "/api/v1/accounts", tok, nil); r.Status != 200 {
		t.Fatalf("after the change: %d %s", r.Status, r.Body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// login2 logs in with a given password.
func (ta *testApp) login2(user, password string) string {
	ta.t.Helper()
	r := ta.do("POST", "/api/v1/session", "", map[string]string{"username": user, "password": password})
	if r.Status != 200 {
		ta.t.Fatalf("login %s: %d %s", user, r.Status, r.Body)
	}
	var out struct {
		Token string `json:"token"`
	}
	r.json(ta.t, &out)
	return out.Token
}
