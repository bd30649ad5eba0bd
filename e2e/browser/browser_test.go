package browser

import (
	"fmt"
	"html"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture is a tiny site with the shapes the app's pages have: a login form
// that posts and redirects, a session cookie, and a script loaded from a file
// (no inline script, as the app's CSP demands).
func fixture(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "script-src 'self'")
		fmt.Fprint(w, `<!doctype html><html lang="zh-CN"><head><title>登录</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="/app.js"></script></head><body>
<form method="post" action="/login"><input name="username"><input name="password" type="password">
<button type="submit">登录</button></form><p class="note" data-kind="hint">请输入用户名</p>
<button id="toggle" type="button">切换</button>
<script>document.title = "inline script ran despite the CSP"</script></body></html>`)
	})
	mux.HandleFunc("GET /app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.addEventListener("DOMContentLoaded", function () {
  document.getElementById("toggle").addEventListener("click", function () {
    setTimeout(function () { document.documentElement.classList.toggle("big"); }, 100);
  });
});`)
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: url.QueryEscape(r.FormValue("username") + ":" + r.FormValue("password")),
			Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("sid")
		if err != nil {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><body><div style="height:2000px">
<span id="whoami">%s</span></div><script>console.error("inline ran")</script></body></html>`, html.EscapeString(unescape(c.Value)))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestJourney(t *testing.T) {
	srv := fixture(t)
	b := New(t)

	b.Navigate(srv.URL + "/")
	if got := b.Path(); got != "/login" {
		t.Fatalf("path without cookie = %q, want /login", got)
	}
	if v, ok := b.Attr("p.note", "data-kind"); !ok || v != "hint" {
		t.Errorf("Attr(data-kind) = %q, %v", v, ok)
	}
	if _, ok := b.Attr("p.note", "missing"); ok {
		t.Error("Attr reported a missing attribute as present")
	}
	b.Fill("input[name=username]", "张三")
	b.Fill("input[name=username]", "李四") // Fill replaces, it does not append
	b.Fill("input[name=password]", "OneWindow@2026")
	b.Click("button[type=submit]")
	b.WaitPath("/")
	if got := b.Text("#whoami"); got != "李四:OneWindow@2026" {
		t.Fatalf("whoami = %q", got)
	}
	if b.Exists("form") {
		t.Error("Exists(form) is true on the home page")
	}

	var n int
	b.Eval(`document.querySelectorAll("span").length + 1`, &n)
	if n != 2 {
		t.Errorf("Eval = %d, want 2", n)
	}

	cookies := b.Cookies()
	if len(cookies) != 1 || cookies[0].Name != "sid" || !cookies[0].HTTPOnly || cookies[0].SameSite != "Lax" {
		t.Fatalf("cookies = %+v", cookies)
	}
	b.SetCookie(Cookie{Name: "sid", Value: "replayed"})
	b.Reload()
	if got := b.Text("#whoami"); got != "replayed" {
		t.Errorf("after SetCookie whoami = %q", got)
	}

	// The login page's CSP blocked its inline script, and the inline script
	// on / (no CSP there) logged an error: the harness must have caught both,
	// since app tests rely on it to notice CSP violations.
	errs := strings.Join(b.ConsoleErrors(), "\n")
	for _, want := range []string{"Content Security Policy", "inline ran"} {
		if !strings.Contains(errs, want) {
			t.Errorf("console errors lack %q:\n%s", want, errs)
		}
	}
}

func TestWaitJSAcrossDelay(t *testing.T) {
	srv := fixture(t)
	b := New(t)
	b.Navigate(srv.URL + "/login")
	b.Click("#toggle")
	b.WaitJS(`document.documentElement.classList.contains("big")`)
}

func TestScreenshotSizes(t *testing.T) {
	srv := fixture(t)
	b := New(t, WithViewport(Phone))
	b.Navigate(srv.URL + "/login")
	var w int
	b.Eval(`window.innerWidth`, &w)
	if w != Phone.Width {
		t.Errorf("phone innerWidth = %d, want %d", w, Phone.Width)
	}
	dir := t.TempDir()
	phone := filepath.Join(dir, "phone.png")
	b.Screenshot(phone)
	if got := pngWidth(t, phone); got != int(float64(Phone.Width)*Phone.Scale) {
		t.Errorf("phone screenshot width = %d", got)
	}

	b.SetViewport(Desktop)
	desktop := filepath.Join(dir, "sub", "desktop.png")
	b.Screenshot(desktop)
	if got := pngWidth(t, desktop); got != Desktop.Width {
		t.Errorf("desktop screenshot width = %d", got)
	}
}

func TestDescribeShowsPage(t *testing.T) {
	srv := fixture(t)
	b := New(t)
	b.Navigate(srv.URL + "/login")
	d := b.describe()
	for _, want := range []string{"URL: " + srv.URL + "/login", "请输入用户名"} {
		if !strings.Contains(d, want) {
			t.Errorf("describe() lacks %q:\n%s", want, d)
		}
	}
}

func unescape(s string) string {
	u, err := url.QueryUnescape(s)
	if err != nil {
		return "(bad cookie)"
	}
	return u
}

func pngWidth(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", path, err)
	}
	return cfg.Width
}
