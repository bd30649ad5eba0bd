package app

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/api"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/web"
)

// buildHTTP assembles pages and API, mounts every route behind its guard
// and wraps the lot in the shared middleware.
func (a *App) buildHTTP() error {
	a.metrics = newMetrics(a)
	w, err := web.New(web.Options{Banners: a.banners})
	if err != nil {
		return err
	}
	a.web = w
	a.api = api.New()
	a.addDomainRoutes()

	ops := []httpx.Route{
		{Method: http.MethodGet, Pattern: "/healthz", Perm: access.Public, Handler: http.HandlerFunc(a.healthz)},
		{Method: http.MethodGet, Pattern: "/readyz", Perm: access.Public, Handler: http.HandlerFunc(a.readyz)},
		{Method: http.MethodGet, Pattern: "/metrics", Perm: access.Public, Handler: a.metrics.handler()},
	}
	a.routes = append(append(ops, a.api.Routes()...), a.web.Routes()...)
	a.addOpen311()

	mux := http.NewServeMux()
	for _, r := range a.routes {
		pattern := r.Pattern
		if r.Method != "" {
			pattern = r.Method + " " + r.Pattern
		}
		mux.Handle(pattern, a.metrics.instrument(r.Pattern, httpx.Guard(r.Perm, a.fail, r.Handler)))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, errs.E(errs.NotFound, "页面或接口不存在：%s", r.URL.Path))
	})

	var h http.Handler = mux
	h = httpx.Authenticate(a.Accounts, a.isTrusted, a.fail, h)
	h = limitBody(h)
	cop := http.NewCrossOriginProtection()
	// Open311 apps (web ones too) file with an api_key, which a session can never stand in for.
	cop.AddInsecureBypassPattern("POST /open311/v2/requests.json")
	h = cop.Handler(h)
	h = httpx.SecurityHeaders(h)
	h = httpx.Recover(a.fail, h)
	h = a.logRequests(h)
	a.handler = h
	return nil
}

// fail renders an error for a page or an API request.
func (a *App) fail(w http.ResponseWriter, r *http.Request, err error) {
	if httpx.IsAPI(r) || r.Header.Get("Accept") == "application/json" {
		httpx.WriteProblem(w, r, err)
		return
	}
	a.web.Error(w, r, err)
}

// limitBody caps request bodies (catalog imports, uploads and application
// pages with their files may be larger); the API
// additionally caps per operation.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(2 << 20)
		p := r.URL.Path
		switch {
		case strings.HasSuffix(p, "/items/import") || p == "/api/v1/files":
			limit = 21 << 20
		case r.Method == http.MethodPost && (strings.HasSuffix(p, "/apply") || p == "/window/intake" ||
			strings.HasPrefix(p, "/cases/") && strings.HasSuffix(p, "/actions")):
			// Application pages post their files with the form: each file
			// is still limited to 20 MB by the upload service.
			limit = 100 << 20
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		httpx.WriteProblem(w, r, errs.Wrap(err, errs.Unavailable, "数据库不可用"))
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ready\n"))
}

// logRequests logs each request without personal data: method, route
// path, status, duration; never query strings or bodies.
func (a *App) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(sw, r)
		lvl := slog.LevelDebug
		if sw.status >= 500 {
			lvl = slog.LevelError
		} else if sw.status >= 400 {
			lvl = slog.LevelInfo
		}
		a.log.Log(r.Context(), lvl, "http", "method", r.Method, "path", logPath(r.URL.Path), "status", sw.status,
			"ms", time.Since(start).Milliseconds())
	})
}

// logPath is the path as the log may show it: a window-rating token in it
// is a bearer secret until used, so it is replaced by its route's name.
func logPath(p string) string {
	if strings.HasPrefix(p, "/rate/") {
		return "/rate/{token}"
	}
	return p
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// banners are the notices shown on pages.
func (a *App) banners() []web.Banner {
	var out []web.Banner
	if a.cfg.Demo {
		out = append(out, web.Banner{Text: "演示环境：本系统中的所有人员、单位和数据均为虚构的演示数据", Class: "info"})
	}
	out = append(out, a.calendarBanners()...)
	return out
}
