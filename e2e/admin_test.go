package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/e2e/browser"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// The staff member the administrators take on in TestAdminJourney.
const (
	newStaffUser     = "wangfang"
	newStaffInitial  = "Initial@2026"
	newStaffPassword = "Window#2027x"
)

// TestAdminJourney is how a prefecture takes on a new window clerk under
// 三权分立: the system administrator creates the account and grants the
// clerk role in 香格里拉市 (533401); the security administrator tightens the
// lockout to 6 failures; the clerk logs in, is asked to replace the initial
// password and does; the auditor finds the grant in the audit log, opens
// the event and verifies the chain.
func TestAdminJourney(t *testing.T) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			base := startApp(t, e)
			b := browser.New(t)
			shot := screenshotter(t, b, e == sqlstore.SQLite)

			signIn(t, b, base, "sysadmin", demoPassword)
			id := createStaff(t, b, base, shot)
			grantClerk(t, b, id, shot)
			structurePages(t, b, base, shot)
			signOut(t, b)

			signIn(t, b, base, "secadmin", demoPassword)
			setLockout(t, b, base, shot)
			signOut(t, b)

			firstLogin(t, b, base, shot)
			signOut(t, b)
			signIn(t, b, base, newStaffUser, newStaffPassword)
			signOut(t, b)

			signIn(t, b, base, "auditor", demoPassword)
			auditGrant(t, b, base, id, shot)
			signOut(t, b)

			if errs := consoleErrors(b); len(errs) > 0 {
				t.Errorf("the pages logged errors (a CSP violation or a missing asset?):\n%s", strings.Join(errs, "\n"))
			}
		})
	}
}

// createStaff fills in 新建工作人员 from the account list and returns the new
// account's id, read from the page it lands on.
func createStaff(t *testing.T, b *browser.Browser, base string, shot func(string)) string {
	t.Helper()
	// Short pages keep the screenshots small; the list pages on.
	b.SetViewport(browser.Phone)
	b.Navigate(base + "/admin/accounts?limit=4")
	shot("admin-accounts-phone")
	b.SetViewport(browser.Desktop)
	b.Navigate(base + "/admin/accounts?limit=12")
	b.WaitVisible("table.accounts")
	if !b.Exists(`a[rel=next]`) {
		t.Error("the account list of 12 of the demo's accounts offers no next page")
	}
	shot("admin-accounts")

	b.Click(`a[href="/admin/accounts/new"]`)
	b.WaitPath("/admin/accounts/new")
	b.Fill("input[name=username]", newStaffUser)
	b.Fill("input[name=name]", "王芳")
	b.Fill("input[name=phone]", "13988776655")
	b.Fill("input[name=password]", newStaffInitial)
	shot("admin-staff-new")
	b.Click(`form[action="/admin/staff"] button[type=submit]`)
	waitFlash(b, "工作人员账号已创建")
	var id string
	b.Eval(`location.pathname.split("/").pop()`, &id)
	if id == "" || id == "new" {
		t.Fatalf("after creating the account the page is %s, want its detail page", b.URL())
	}
	if got := b.Text("#roles"); !strings.Contains(got, "尚未授予角色") {
		t.Errorf("a new staff account shows roles already:\n%s", got)
	}
	return id
}

// grantClerk grants 综合窗口受理人员 in 533401 on the account's page.
func grantClerk(t *testing.T, b *browser.Browser, id string, shot func(string)) {
	t.Helper()
	var role string
	b.Eval(`(function () { var s = document.querySelector("select[name=role]"); s.value = "clerk"; return s.value })()`, &role)
	if role != "clerk" {
		t.Fatalf("the grant form offers no clerk role to the system administrator (select value %q)", role)
	}
	b.Fill("input[name=region]", "533401")
	b.Click(`form[action$="/roles"] button[type=submit]`)
	waitFlash(b, "已授予角色")
	if p := b.Path(); p != "/admin/accounts/"+id {
		t.Errorf("after the grant the page is %s, want /admin/accounts/%s", p, id)
	}
	grants := b.Text("#roles .grants")
	if !strings.Contains(grants, "综合窗口受理人员") || !strings.Contains(grants, "533401") {
		t.Errorf("the account's roles do not show the clerk grant in 533401:\n%s", grants)
	}
	shot("admin-account")
}

// structurePages are what the system administrator looks after besides
// accounts: the structure of a county and the working-day calendar.
func structurePages(t *testing.T, b *browser.Browser, base string, shot func(string)) {
	t.Helper()
	b.Navigate(base + "/admin/regions/533401")
	if h := b.Text("h1"); !strings.Contains(h, "香格里拉市") {
		t.Errorf("/admin/regions/533401 heading = %q", h)
	}
	shot("admin-region")
	b.Navigate(base + "/calendar?year=2026")
	b.WaitVisible(".cal-months")
	shot("calendar")
}

// setLockout changes 连续失败次数上限 to 6 and finds it saved.
func setLockout(t *testing.T, b *browser.Browser, base string, shot func(string)) {
	t.Helper()
	b.Navigate(base + "/admin/security")
	b.Fill("input[name=max_failures]", "6")
	b.Click(`form.policy button[type=submit]`)
	waitFlash(b, "安全策略已保存")
	b.Reload()
	if v, _ := b.Attr("input[name=max_failures]", "value"); v != "6" {
		t.Errorf("after saving, 连续失败次数上限 shows %q, want 6", v)
	}
	shot("admin-security")
}

// firstLogin: the new clerk logs in with the initial password, follows the
// home page's request to change it, and changes it on /account.
func firstLogin(t *testing.T, b *browser.Browser, base string, shot func(string)) {
	t.Helper()
	signIn(t, b, base, newStaffUser, newStaffInitial)
	b.WaitVisible("#must-change a")
	if roles := b.Text("main"); !strings.Contains(roles, "综合窗口受理人员") {
		t.Errorf("the clerk's home page does not name the new role:\n%s", roles)
	}
	shot("home-must-change")
	b.Click("#must-change a")
	b.WaitPath("/account")
	b.Fill("input[name=old_password]", newStaffInitial)
	b.Fill("input[name=password]", newStaffPassword)
	b.Click(`form[action="/account/password"] button[type=submit]`)
	waitFlash(b, "密码已修改")
	b.Navigate(base + "/")
	if b.Exists("#must-change") {
		t.Error("the home page still asks to change the initial password after it was changed")
	}
}

// auditGrant: the auditor filters the log by action "role.", finds the
// grant to the new account, opens it, and verifies the chain.
func auditGrant(t *testing.T, b *browser.Browser, base, id string, shot func(string)) {
	t.Helper()
	b.Navigate(base + "/audit")
	b.Fill("input[name=action]", "role.")
	b.Click(`form[action="/audit"] button[type=submit]`)
	b.WaitJS(`location.search.indexOf("action=role.") >= 0 && document.readyState === "complete"`)
	var href string
	b.Eval(fmt.Sprintf(`(function () {
		var rows = document.querySelectorAll("table.audit-table tbody tr");
		for (var i = 0; i < rows.length; i++) {
			var obj = rows[i].querySelector('td[data-label="对象"]');
			if (rows[i].innerText.indexOf("role.grant") >= 0 && obj && obj.innerText.trim().split(/\s+/).pop() === %q) {
				return rows[i].querySelector("a").getAttribute("href");
			}
		}
		return "";
	})()`, id), &href)
	if href == "" {
		t.Fatalf("the audit log filtered by role. has no role.grant for account %s:\n%s", id, b.Text("main"))
	}
	var others int
	b.Eval(`Array.from(document.querySelectorAll("table.audit-table tbody tr")).filter(function (tr) { return tr.innerText.indexOf("role.") < 0 }).length`, &others)
	if others > 0 {
		t.Errorf("the filter by action role. also lists %d other events", others)
	}

	b.Click(fmt.Sprintf(`a[href=%q]`, href))
	b.WaitPath(href)
	event := b.Text("main")
	for _, want := range []string{"role.grant", "sysadmin", `"clerk"`, `"533401"`} {
		if !strings.Contains(event, want) {
			t.Errorf("the grant's audit event lacks %s:\n%s", want, event)
		}
	}
	shot("audit-event")

	// Verifying from a filtered list keeps the filter.
	b.Navigate(base + "/audit?action=role.&actor=sysadmin")
	b.SetViewport(browser.Phone)
	shot("audit-phone")
	b.SetViewport(browser.Desktop)
	b.Click("#verify-chain")
	b.WaitVisible("#verify-result")
	if cls, _ := b.Attr("#verify-result", "class"); !strings.Contains(cls, "ok") {
		t.Errorf("校验审计链: %s (class %q), want the chain intact", b.Text("#verify-result"), cls)
	}
	if v, _ := b.Attr("input[name=action]", "value"); v != "role." {
		t.Errorf("after 校验审计链 the filter is %q, want role. kept", v)
	}
	shot("audit")
}

// signIn logs user in from the login page and waits for the home page.
func signIn(t *testing.T, b *browser.Browser, base, user, password string) {
	t.Helper()
	b.Navigate(base + "/login")
	b.Fill("input[name=username]", user)
	b.Fill("input[name=password]", password)
	b.Click(`form[action="/login"] button[type=submit]`)
	b.WaitPath("/")
	if who := strings.TrimSpace(b.Text("#whoami")); who != user {
		t.Fatalf("logged in as %q, #whoami shows %q", user, who)
	}
}

// signOut logs out with the header's button.
func signOut(t *testing.T, b *browser.Browser) {
	t.Helper()
	b.Click("#logout")
	b.WaitPath("/login")
}

// waitFlash waits for the green notice a successful form leaves, and fails
// with the page's error when a red one comes instead.
func waitFlash(b *browser.Browser, text string) {
	b.WaitJS(fmt.Sprintf(`(function () {
		if (document.readyState !== "complete") { return false; }
		var ok = document.querySelector(".flash-ok");
		if (ok && ok.innerText.indexOf(%q) >= 0) { return true; }
		var bad = document.querySelector(".flash-error");
		if (bad) { throw new Error(bad.innerText); }
		return false;
	})()`, text))
}
