package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Navigate opens url and waits for the page (after any redirects) to load.
func (b *Browser) Navigate(url string) {
	b.t.Helper()
	b.run("navigate to "+url, chromedp.Navigate(url))
}

// Reload reloads the current page and waits for it to load.
func (b *Browser) Reload() {
	b.t.Helper()
	b.run("reload", chromedp.Reload())
}

// URL returns the address of the current page.
func (b *Browser) URL() string {
	b.t.Helper()
	return get(b, "read location", chromedp.Location())
}

// Path returns the path of the current page's address, e.g. "/login".
func (b *Browser) Path() string {
	b.t.Helper()
	return get(b, "read location.pathname", chromedp.Evaluate[string](`location.pathname`))
}

// Fill replaces the value of the input matched by the CSS selector with text,
// typed key by key so that the page sees the same events as from a person.
func (b *Browser) Fill(selector, text string) {
	b.t.Helper()
	sel := chromedp.CSS(selector)
	// chromedp.SetValue(sel, "") sets "undefined" (the empty argument is
	// dropped on the wire), so the field is cleared in page script.
	clear := fmt.Sprintf(`(function (el) { el.value = ""; el.dispatchEvent(new Event("input", {bubbles: true})); return true })(document.querySelector(%s))`,
		jsString(selector))
	b.run(fmt.Sprintf("fill %s", selector),
		chromedp.WaitVisible(sel),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](clear)(ctx, t)
			return err
		}),
		chromedp.SendKeys(sel, text),
	)
}

// SetFiles chooses files (absolute paths) for the file input matched by
// the CSS selector, as a person would in the file dialog.
func (b *Browser) SetFiles(selector string, paths ...string) {
	b.t.Helper()
	b.run("choose files for "+selector, chromedp.SetUploadFiles(chromedp.CSS(selector), paths))
}

// Click waits until the element matched by the CSS selector is visible and
// clicks its centre with the mouse.
func (b *Browser) Click(selector string) {
	b.t.Helper()
	b.run("click "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// WaitVisible waits until an element matching the CSS selector is visible.
func (b *Browser) WaitVisible(selector string) {
	b.t.Helper()
	b.run("wait until visible: "+selector, chromedp.WaitVisible(chromedp.CSS(selector)))
}

// WaitGone waits until no element matches the CSS selector.
func (b *Browser) WaitGone(selector string) {
	b.t.Helper()
	b.run("wait until gone: "+selector, chromedp.WaitNotPresent(chromedp.CSS(selector)))
}

// Exists reports at once, without waiting, whether an element matches the
// CSS selector on the current page.
func (b *Browser) Exists(selector string) bool {
	b.t.Helper()
	return get(b, "look for "+selector,
		chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%s) !== null`, jsString(selector))))
}

// Text waits for the element matched by the CSS selector and returns its
// visible text (innerText).
func (b *Browser) Text(selector string) string {
	b.t.Helper()
	return get(b, "read text of "+selector, chromedp.Text(chromedp.CSS(selector)))
}

// Attr waits for the element matched by the CSS selector and returns the
// value of its attribute name, and whether the attribute is present.
func (b *Browser) Attr(selector, name string) (string, bool) {
	b.t.Helper()
	r := get(b, fmt.Sprintf("read attribute %s of %s", name, selector),
		chromedp.AttributeValue(chromedp.CSS(selector), name))
	return r.Value, r.Exists
}

// Eval evaluates the JavaScript expression in the page and decodes its
// JSON-able result into out (a pointer), or ignores it when out is nil.
func (b *Browser) Eval(expr string, out any) {
	b.t.Helper()
	raw := get(b, "evaluate "+expr, chromedp.Evaluate[[]byte](expr))
	if out == nil {
		return
	}
	if err := json.Unmarshal(raw, out); err != nil {
		b.fail("decode result of "+expr, err)
	}
}

// WaitJS polls the JavaScript expression until it is truthy. It keeps
// polling across page loads, so it can wait for the effect of a click that
// submits a form or swaps content with htmx.
func (b *Browser) WaitJS(expr string) {
	b.t.Helper()
	deadline := time.Now().Add(b.timeout)
	js := fmt.Sprintf(`!!(%s)`, expr)
	var lastErr error
	for {
		ctx, cancel := context.WithTimeout(b.ctx, time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		cancel()
		if err == nil && ok {
			return
		}
		// Errors while a navigation replaces the document are expected; keep
		// the last one to explain a timeout.
		lastErr = err
		if time.Now().After(deadline) {
			if lastErr == nil {
				lastErr = fmt.Errorf("still false after %s", b.timeout)
			}
			b.fail("wait until "+expr, lastErr)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// WaitPath waits until the current page's path is path, e.g. after a form
// submission that redirects.
func (b *Browser) WaitPath(path string) {
	b.t.Helper()
	b.WaitJS(fmt.Sprintf(`location.pathname === %s && document.readyState === "complete"`, jsString(path)))
}

// SetViewport resizes the emulated screen, e.g. to Phone for mobile
// screenshots.
func (b *Browser) SetViewport(v Viewport) {
	b.t.Helper()
	scale := v.Scale
	if scale == 0 {
		scale = 1
	}
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(scale)}
	if v.Mobile {
		opts = append(opts, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	b.run(fmt.Sprintf("set viewport %dx%d", v.Width, v.Height),
		chromedp.EmulateViewport(int64(v.Width), int64(v.Height), opts...))
}

// Screenshot saves a PNG of the whole page (beyond the visible viewport) to
// path, creating its directory.
func (b *Browser) Screenshot(path string) {
	b.t.Helper()
	png := get(b, "screenshot", chromedp.FullScreenshot(100))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.t.Fatalf("browser: screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("browser: screenshot: %v", err)
	}
}

// Cookie is a cookie the browser holds for the current page.
type Cookie struct {
	Name, Value, Path string
	HTTPOnly, Secure  bool
	// SameSite is "Strict", "Lax", "None" or "" when unset.
	SameSite string
}

// Cookies returns the cookies the browser would send to the current page.
func (b *Browser) Cookies() []Cookie {
	b.t.Helper()
	res := get(b, "read cookies", func(ctx context.Context, t *chromedp.Target) (network.GetCookiesResult, error) {
		return cdp.Call(ctx, t, network.GetCookies, network.GetCookiesParams{})
	})
	out := make([]Cookie, 0, len(res.Cookies))
	for _, c := range res.Cookies {
		out = append(out, Cookie{Name: c.Name, Value: c.Value, Path: c.Path,
			HTTPOnly: c.HTTPOnly, Secure: c.Secure, SameSite: string(c.SameSite)})
	}
	return out
}

// SetCookie stores a cookie for the current page's origin, e.g. to replay
// a session cookie after logout and prove the server forgot it.
func (b *Browser) SetCookie(c Cookie) {
	b.t.Helper()
	url := b.URL()
	path := c.Path
	if path == "" {
		path = "/"
	}
	b.run("set cookie "+c.Name, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetCookies, network.SetCookiesParams{Cookies: []*network.CookieParam{{
			Name: c.Name, Value: c.Value, URL: url, Path: path, HTTPOnly: c.HTTPOnly, Secure: c.Secure,
		}}})
		return err
	}))
}

// jsString quotes s as a JavaScript string literal (JSON is a subset).
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
