// Package browser drives Debian's headless Chromium for OneWindow's browser
// tests. It wraps github.com/chromedp/chromedp behind a small API of its own:
// chromedp changed its whole API in v0.20 and may again, and tests written
// against these few helpers then need no change.
//
// Every helper fails the test (t.Fatalf) when it cannot do its job within the
// browser's timeout, and the failure names the page's URL, its visible text
// and what the page wrote to its console, so a red run explains itself.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultPath is where Debian's chromium package installs the browser.
const DefaultPath = "/usr/bin/chromium"

// DefaultTimeout bounds each helper call. A page of this app renders in
// milliseconds; the margin is for a loaded 2-core CI machine.
const DefaultTimeout = 15 * time.Second

// startTimeout bounds Chromium's start, which is slower than a page load.
const startTimeout = 30 * time.Second

// Viewport is the size of the emulated screen in CSS pixels.
type Viewport struct {
	Width, Height int
	// Scale is the device pixel ratio; screenshots are Width*Scale pixels wide.
	Scale float64
	// Mobile makes the page see a phone: meta viewport applies, touch is on.
	Mobile bool
}

var (
	// Desktop is a common laptop screen.
	Desktop = Viewport{Width: 1280, Height: 800, Scale: 1}
	// Phone is a typical smartphone (iPhone 12–15 class) in portrait, at
	// twice the density so that its screenshots stay sharp in the README.
	Phone = Viewport{Width: 390, Height: 844, Scale: 2, Mobile: true}
)

// Option changes how New starts the browser.
type Option func(*config)

type config struct {
	viewport Viewport
	timeout  time.Duration
}

// WithViewport starts the browser with viewport v instead of Desktop.
func WithViewport(v Viewport) Option { return func(c *config) { c.viewport = v } }

// WithTimeout sets how long each helper waits before it fails the test.
func WithTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// Browser is one headless Chromium process with one tab, owned by one test.
type Browser struct {
	t       testing.TB
	ctx     context.Context
	timeout time.Duration

	mu      sync.Mutex
	console []string
}

// Path returns the Chromium binary to use: $ONEWINDOW_CHROMIUM, else
// /usr/bin/chromium, else chromium on $PATH; "" when none exists.
func Path() string {
	if p := os.Getenv("ONEWINDOW_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat(DefaultPath); err == nil {
		return DefaultPath
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// New starts a fresh headless Chromium (its own empty profile in a temporary
// directory) and stops it when the test ends. Without Chromium the test is
// skipped with a message, except under CI=true, where the browser tests are
// part of the gate and a missing browser is a failure.
func New(t testing.TB, opts ...Option) *Browser {
	t.Helper()
	cfg := config{viewport: Desktop, timeout: DefaultTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	path := Path()
	if path == "" {
		msg := "chromium not found (install Debian's package: apt-get install -y chromium fonts-droid-fallback, or set ONEWINDOW_CHROMIUM)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; browser tests may not skip under CI")
		}
		t.Skip(msg)
	}
	// The flags keep Chromium off the network: this machine's network is
	// closed, and without them Chromium's background connections (updates,
	// sync, QUIC probes) are refused and slow every start.
	allocOpts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.WindowSize(cfg.viewport.Width, cfg.viewport.Height),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocOpts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for the process to exit before TempDir is removed
	})
	b := &Browser{t: t, ctx: ctx, timeout: cfg.timeout}

	// The first action starts the process, and chromedp ties the process's
	// life to that action's context: it must be ctx itself, not a child with
	// a deadline. A watchdog bounds the start instead.
	watchdog := time.AfterFunc(startTimeout, cancelTab)
	err := chromedp.Do(ctx, chromedp.Navigate("about:blank"))
	if !watchdog.Stop() {
		err = fmt.Errorf("no answer within %s (last error: %v)", startTimeout, err)
	}
	if err != nil {
		t.Fatalf("browser: starting %s: %v", path, err)
	}
	go b.collectConsole()
	b.SetViewport(cfg.viewport)
	return b
}

// collectConsole keeps the page's console errors and uncaught exceptions so
// that a failure can show them and a test can assert there were none (a
// Content-Security-Policy violation, for one, only shows up here).
func (b *Browser) collectConsole() {
	for m, err := range chromedp.Console(b.ctx) {
		if err != nil {
			return
		}
		if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
			continue
		}
		line := m.String()
		if m.URL != "" {
			line += fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
		}
		b.mu.Lock()
		b.console = append(b.console, line)
		b.mu.Unlock()
	}
}

// ConsoleErrors returns the console errors and uncaught exceptions the pages
// of this browser have produced so far, oldest first.
func (b *Browser) ConsoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.console...)
}

// run runs one chromedp action with the browser's timeout and fails the test
// with the page's state when it errors.
func (b *Browser) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fail(what, err)
	}
}

// get runs an action that returns a value, as run does.
func get[T any](b *Browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.fail(what, err)
	}
	return v
}

// fail stops the test, describing where the browser was: what it tried, the
// URL, the text a person would have seen and the console errors.
func (b *Browser) fail(what string, err error) {
	b.t.Helper()
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("timed out after %s", b.timeout)
	}
	b.t.Fatalf("browser: %s: %v\n%s", what, err, b.describe())
}

// describe reads the page's URL and visible text with a short deadline of its
// own, because it runs after the action's deadline has passed.
func (b *Browser) describe() string {
	ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second)
	defer cancel()
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		url = "(unknown: " + err.Error() + ")"
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if err != nil {
		text = "(unreadable: " + err.Error() + ")"
	}
	const max = 3000
	if len(text) > max {
		text = text[:max] + "\n…(truncated)"
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "URL: %s\npage text:\n%s", url, indent(text))
	if c := b.ConsoleErrors(); len(c) > 0 {
		fmt.Fprintf(&sb, "\nconsole errors:\n%s", indent(strings.Join(c, "\n")))
	}
	return sb.String()
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n    ")
}
