package e2e

import (
	"strings"
	"testing"

	"github.com/onewindow/onewindow/e2e/browser"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

const (
	demoUser     = "citizen1"
	demoPassword = "OneWindow@2026"
)

// TestLoginJourney is the first thing a citizen does: open the site, fail
// once with a wrong password, log in, switch to elderly mode (长辈模式) and
// find it still on after a reload, switch back, and log out, after which
// the old session cookie no longer opens anything.
func TestLoginJourney(t *testing.T) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			base := startApp(t, e)
			b := browser.New(t)
			shot := screenshotter(t, b, e == sqlstore.SQLite)

			// Anonymous visitors land on the public service hall (办事服务).
			b.Navigate(base + "/")
			b.WaitPath("/items")
			b.Navigate(base + "/login")
			b.WaitPath("/login")
			shot("login-desktop")

			wrongPassword(t, b, base)
			login(t, b)
			elderlyMode(t, b, shot)
			logout(t, b, base)

			if errs := consoleErrors(b); len(errs) > 0 {
				t.Errorf("the pages logged errors (a CSP violation or a missing asset?):\n%s", strings.Join(errs, "\n"))
			}
		})
	}
}

// wrongPassword: the login page says what went wrong and no session exists.
func wrongPassword(t *testing.T, b *browser.Browser, base string) {
	t.Helper()
	b.Fill("input[name=username]", demoUser)
	b.Fill("input[name=password]", "Wrong@2026x")
	b.Click("button[type=submit]")
	b.WaitVisible(".flash-error")
	if msg := strings.TrimSpace(b.Text(".flash-error")); msg == "" {
		t.Error("wrong password: .flash-error is empty")
	}
	if p := b.Path(); p != "/login" {
		t.Errorf("wrong password: landed on %s, want to stay on /login", p)
	}
	if c, ok := cookie(b, httpx.SessionCookie); ok {
		t.Errorf("wrong password: a session cookie was set: %+v", c)
	}
	b.Navigate(base + "/login")
	b.WaitPath("/login")
}

// login with the demo password lands on the home page showing the user.
func login(t *testing.T, b *browser.Browser) {
	t.Helper()
	b.Fill("input[name=username]", demoUser)
	b.Fill("input[name=password]", demoPassword)
	b.Click("button[type=submit]")
	b.WaitPath("/")
	if name := strings.TrimSpace(b.Text("#whoami")); name == "" {
		t.Error("#whoami is empty after login")
	}
	c, ok := cookie(b, httpx.SessionCookie)
	if !ok {
		t.Fatalf("no %s cookie after login", httpx.SessionCookie)
	}
	if !c.HTTPOnly || c.SameSite == "" || c.SameSite == "None" {
		t.Errorf("session cookie must be HttpOnly with SameSite: %+v", c)
	}
}

// elderlyMode switches 长辈模式 on (on a phone), checks it makes the type
// larger and survives a reload, and switches it off again.
func elderlyMode(t *testing.T, b *browser.Browser, shot func(string)) {
	t.Helper()
	shot("home-desktop")
	b.SetViewport(browser.Phone)
	b.Reload()
	normal := fontSize(b)
	shot("home-phone")

	b.Click("#elderly-toggle")
	b.WaitJS(`document.documentElement.classList.contains("elderly")`)
	b.WaitPath("/")
	if big := fontSize(b); big <= normal {
		t.Errorf("elderly mode font size %.1fpx, want larger than standard %.1fpx", big, normal)
	}
	shot("home-phone-elderly")

	b.SetViewport(browser.Desktop)
	b.Reload()
	if !hasElderlyClass(b) {
		t.Fatal(`after reload <html> lost class "elderly": the preference must persist (cookie)`)
	}
	shot("home-desktop-elderly")

	b.Click("#elderly-toggle")
	b.WaitJS(`!document.documentElement.classList.contains("elderly")`)
	b.Reload()
	if hasElderlyClass(b) {
		t.Error(`switching elderly mode off did not persist`)
	}
}

// logout ends the session on the server: the home page asks for a login
// again, also when the old session cookie is put back.
func logout(t *testing.T, b *browser.Browser, base string) {
	t.Helper()
	old, ok := cookie(b, httpx.SessionCookie)
	if !ok {
		t.Fatal("no session cookie before logout")
	}
	b.Click("#logout")
	b.WaitPath("/login")
	if c, ok := cookie(b, httpx.SessionCookie); ok && c.Value != "" {
		t.Errorf("session cookie still held after logout: %+v", c)
	}
	b.Navigate(base + "/")
	b.WaitPath("/items")

	b.SetCookie(old)
	b.Navigate(base + "/")
	b.WaitPath("/login")
	if b.Exists("#whoami") {
		t.Error("the old session cookie still logs in after logout")
	}
}

func cookie(b *browser.Browser, name string) (browser.Cookie, bool) {
	for _, c := range b.Cookies() {
		if c.Name == name {
			return c, true
		}
	}
	return browser.Cookie{}, false
}

func hasElderlyClass(b *browser.Browser) bool {
	var on bool
	b.Eval(`document.documentElement.classList.contains("elderly")`, &on)
	return on
}

// fontSize is the computed size of the page's body text in CSS pixels.
func fontSize(b *browser.Browser) float64 {
	var px float64
	b.Eval(`parseFloat(getComputedStyle(document.querySelector("main") || document.body).fontSize)`, &px)
	return px
}
