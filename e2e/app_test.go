package e2e

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/e2e/browser"
	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// startApp runs the whole application with the demo data on a fresh
// database of engine e, serving on a free loopback port, and returns its
// base URL. Everything is stopped when the test ends.
func startApp(t *testing.T, e sqlstore.Engine) string {
	t.Helper()
	dsn := sqltest.DSN(t, e)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.New(context.Background(), app.Config{
		Addr: ln.Addr().String(), DataDir: t.TempDir(), DSN: dsn, Demo: true, Logger: log,
	})
	if err != nil {
		ln.Close()
		t.Fatalf("start app on %s: %v", e, err)
	}
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
		if err := a.Close(); err != nil {
			t.Errorf("close app: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// screenshotter saves full-page screenshots named NAME.png. They go to
// $ONEWINDOW_SCREENSHOTS when set and keep is true (one engine's run is
// enough for the README), otherwise to the test's temporary directory, so
// the screenshot code runs, and can fail, either way.
func screenshotter(t *testing.T, b *browser.Browser, keep bool) func(name string) {
	dir := os.Getenv("ONEWINDOW_SCREENSHOTS")
	if dir == "" || !keep {
		dir = t.TempDir()
	} else if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return func(name string) {
		t.Helper()
		path := filepath.Join(dir, name+".png")
		b.Screenshot(path)
		t.Logf("screenshot %s", path)
	}
}

// consoleErrors returns what the pages logged as errors: script exceptions,
// CSP violations and failed static assets. Chromium also logs every page
// answered with a 4xx (the login page after a wrong password is a 401, on
// purpose) and its own favicon request; those are left out.
func consoleErrors(b *browser.Browser) []string {
	var out []string
	for _, e := range b.ConsoleErrors() {
		if strings.Contains(e, "Failed to load resource") && !strings.Contains(e, "/static/") {
			continue
		}
		out = append(out, e)
	}
	return out
}
