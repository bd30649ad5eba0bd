package app_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
)

// demoUsers holds one demo login per role.
var demoUsers = map[access.Role]string{
	access.Applicant: "citizen1", access.Agent: "agent1", access.Clerk: "clerk1", access.Reviewer: "reviewer1",
	access.Approver: "approver1", access.HallManager: "hallmanager1", access.Supervisor: "supervisor1",
	access.HotlineAgent: "hotline1", access.Dispatcher: "dispatcher1", access.SysAdmin: "sysadmin",
	access.SecAdmin: "secadmin", access.Auditor: "auditor", access.CatalogManager: "catalog1",
}

var param = regexp.MustCompile(`\{[^}]+\}`)

// concrete turns a route pattern into a path that reaches its handler.
func concrete(pattern string) string {
	p := strings.ReplaceAll(pattern, "{$}", "")
	p = param.ReplaceAllStringFunc(p, func(s string) string {
		switch {
		case strings.Contains(s, "code"), strings.Contains(s, "region"):
			return "533401"
		case strings.Contains(s, "year"):
			return "2026"
		case strings.Contains(s, "date"), strings.Contains(s, "day"):
			return "2026-10-01"
		case strings.HasSuffix(s, "...}"):
			return "x"
		}
		return "1"
	})
	if strings.HasSuffix(p, "/static/") {
		p += "app.css"
	}
	return p
}

// endsSession reports routes that log the caller out.
func endsSession(method, path string) bool {
	return (method == http.MethodDelete && path == "/api/v1/session") || (method == http.MethodPost && path == "/logout")
}

const guardDenied = "您的角色无权访问此功能"

// TestEveryRoleAgainstEveryRoute checks the guard on every route for every
// role: a role lacking the route's permission gets 403 from the guard, a
// role holding it gets past the guard, and nobody anonymous gets past a
// non-public route. The route table is what the mux is built from, so no
// route can be left unguarded.
func TestEveryRoleAgainstEveryRoute(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		tokens := map[access.Role]string{}
		for role, user := range demoUsers {
			tokens[role] = ta.login(user)
		}
		routes := ta.Routes()
		if len(routes) < 30 {
			t.Fatalf("only %d routes", len(routes))
		}
		for _, rt := range routes {
			if rt.Perm == "" {
				t.Errorf("%s %s declares no permission", rt.Method, rt.Pattern)
				continue
			}
			path := concrete(rt.Pattern)
			method := rt.Method
			if method == "" {
				method = http.MethodGet
			}
			// Anonymous.
			r := ta.do(method, path, "", nil)
			if rt.Perm != access.Public {
				if r.Status != http.StatusUnauthorized && r.Status != http.StatusSeeOther {
					t.Errorf("anonymous %s %s: %d, want 401 or a redirect to login", method, path, r.Status)
				}
			} else if r.Status == http.StatusForbidden && strings.Contains(string(r.Body), guardDenied) {
				t.Errorf("anonymous %s %s (public): denied by the guard", method, path)
			}
			for _, role := range access.Roles {
				r := ta.do(method, path, tokens[role], nil)
				denied := r.Status == http.StatusForbidden && strings.Contains(string(r.Body), guardDenied)
				if role.Has(rt.Perm) && denied {
					t.Errorf("%s %s %s: denied by the guard, but the role holds %s", role, method, path, rt.Perm)
				}
				if !role.Has(rt.Perm) && !denied {
					t.Errorf("%s %s %s: %d, want the guard's 403 (route needs %s)", role, method, path, r.Status, rt.Perm)
				}
				if endsSession(method, path) {
					tokens[role] = ta.login(demoUsers[role])
				}
			}
		}
	})
}

// TestSeparationOfAdministrators spells out 三权分立 on real routes,
// independently of the role table.
func TestSeparationOfAdministrators(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		sys, sec, aud := ta.login("sysadmin"), ta.login("secadmin"), ta.login("auditor")
		cases := []struct {
			token, method, path string
			body                any
			want                int
		}{
			{sys, "GET", "/api/v1/audit", nil, 403},
			{sys, "GET", "/api/v1/security/policy", nil, 403},
			{sec, "GET", "/api/v1/audit", nil, 403},
			{aud, "GET", "/api/v1/accounts", nil, 403},
			{aud, "POST", "/api/v1/staff", map[string]string{"username": "x1", "name": "某人", "phone": "13800001111", "password": "Abcdefg1!"}, 403},
			{sec, "GET", "/api/v1/security/policy", nil, 200},
			{aud, "GET", "/api/v1/audit", nil, 200},
		}
		for _, c := range cases {
			r := ta.do(c.method, c.path, c.token, c.body)
			if r.Status != c.want {
				t.Errorf("%s %s: %d %s, want %d", c.method, c.path, r.Status, r.Body, c.want)
			}
		}
	})
}
