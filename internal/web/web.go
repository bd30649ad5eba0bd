// Package web serves OneWindow's HTML pages: html/template rendered on the
// server, htmx for partial updates, every asset embedded and addressed by
// checksum. zh-CN first with an English catalogue; usable on a phone; an
// elderly mode (长辈模式) with large type and high contrast.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/rating"
)

//go:embed templates static
var files embed.FS

// Banner is a notice shown at the top of pages (demo data, missing calendar years).
type Banner struct {
	Text   string
	TextEN string // shown on English pages when set
	Class  string // info, warn
	Perm   access.Permission
}

// Web renders pages.
type Web struct {
	pages   map[string]*template.Template
	assets  map[string]string // name → ?v=checksum
	static  fs.FS
	banners func() []Banner
	routes  []httpx.Route
	mux     *http.ServeMux
	// passwordHint describes the policy in force (set by AddSession).
	passwordHint func(r *http.Request, lang string) string
	// ratings, when set (SetRatings), lets applicants rate their cases on the case page.
	ratings *rating.Service
	// tokens, when set (AddRatingTablet), lets window staff ask for window ratings.
	tokens *rating.Tokens
}

// SetRatings lets the case page show ratings and take the applicant's.
func (w *Web) SetRatings(svc *rating.Service) { w.ratings = svc }

// Options configure the page shell.
type Options struct {
	// Banners returns the notices to show now (called per page).
	Banners func() []Banner
}

// New parses every template at start-up (a broken template fails the start, not a request).
func New(o Options) (*Web, error) {
	st, err := fs.Sub(files, "static")
	if err != nil {
		return nil, err
	}
	w := &Web{pages: map[string]*template.Template{}, assets: map[string]string{}, static: st, banners: o.Banners, mux: http.NewServeMux()}
	if w.banners == nil {
		w.banners = func() []Banner { return nil }
	}
	err = fs.WalkDir(st, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(st, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		w.assets[p] = "/static/" + p + "?v=" + hex.EncodeToString(sum[:6])
		return nil
	})
	if err != nil {
		return nil, err
	}
	layout, err := fs.ReadFile(files, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	entries, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := strings.TrimSuffix(path.Base(e), ".html")
		if name == "layout" {
			continue
		}
		body, err := fs.ReadFile(files, e)
		if err != nil {
			return nil, err
		}
		t := template.New("layout").Funcs(w.funcs())
		if _, err := t.Parse(string(layout)); err != nil {
			return nil, fmt.Errorf("web: layout: %w", err)
		}
		if _, err := t.Parse(string(body)); err != nil {
			return nil, fmt.Errorf("web: %s: %w", name, err)
		}
		w.pages[name] = t
	}
	w.routes = append(w.routes, httpx.Route{Method: http.MethodGet, Pattern: "/static/", Perm: access.Public,
		Handler: http.HandlerFunc(w.serveStatic)})
	return w, nil
}

func (w *Web) serveStatic(rw http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("v") != "" {
		rw.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		rw.Header().Set("Cache-Control", "no-cache")
	}
	http.StripPrefix("/static/", http.FileServerFS(w.static)).ServeHTTP(rw, r)
}

// Routes lists every page route with its permission.
func (w *Web) Routes() []httpx.Route { return w.routes }

// handle adds a page route.
func (w *Web) handle(method, pattern string, perm access.Permission, h http.HandlerFunc) {
	w.routes = append(w.routes, httpx.Route{Method: method, Pattern: pattern, Perm: perm, Handler: h})
}

// Page is what every template receives.
type Page struct {
	Title     string
	Lang      string
	Elderly   bool
	Principal *access.Principal
	Name      string // display name of the logged-in account
	CSRF      string
	Path      string
	Nav       []NavItem
	Banners   []Banner
	Flash     string
	Error     string
	Fields    map[string]string // field → error message
	Form      map[string]string // submitted values to refill a form
	// PasswordHint states the password policy in force.
	PasswordHint string
	Data         any
}

// NavItem is a link in the navigation bar.
type NavItem struct {
	Href, Label string
	Active      bool
}

// render writes a page with status.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t, ok := w.pages[name]
	if !ok {
		panic("web: no template " + name)
	}
	w.fill(r, p)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		slog.ErrorContext(r.Context(), "render", "template", name, "err", err)
		http.Error(rw, "页面渲染失败", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	rw.Write(buf.Bytes())
}

// fill sets the shell fields every page needs.
func (w *Web) fill(r *http.Request, p *Page) {
	p.Lang = lang(r)
	p.Elderly = elderly(r)
	p.Path = r.URL.Path
	p.Principal = httpx.Principal(r.Context())
	if s := httpx.Session(r.Context()); s != nil {
		p.CSRF = s.CSRF
	}
	if p.Principal != nil {
		p.Name = p.Principal.Username
		p.Nav = nav(p.Principal, p.Path, p.Lang)
	}
	if w.passwordHint != nil {
		p.PasswordHint = w.passwordHint(r, p.Lang)
	}
	for _, b := range w.banners() {
		if b.Perm == "" || b.Perm == access.Public || p.Principal.Has(b.Perm) {
			if p.Lang == "en" && b.TextEN != "" {
				b.Text = b.TextEN
			}
			p.Banners = append(p.Banners, b)
		}
	}
	if p.Flash == "" {
		p.Flash = r.URL.Query().Get("flash")
		if len([]rune(p.Flash)) > 80 {
			p.Flash = ""
		}
	}
}

// Error renders err as a page: anonymous users go to the login page.
func (w *Web) Error(rw http.ResponseWriter, r *http.Request, err error) {
	code := errs.CodeOf(err)
	if code == errs.Unauthorized && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		q := "?next=" + urlQueryEscape(r.URL.RequestURI())
		if m := httpx.ExpiredMessage(r.Context()); m != "" {
			q += "&flash=" + urlQueryEscape(m)
		}
		http.Redirect(rw, r, "/login"+q, http.StatusSeeOther)
		return
	}
	p := httpx.ProblemOf(r, err)
	// The detail goes inside the error card (Data), not in the shell's
	// flash, so that the page says it once, under its title.
	w.render(rw, r, p.Status, "error", &Page{Title: p.Title, Data: p.Detail})
}

func elderly(r *http.Request) bool {
	c, err := r.Cookie("ow_elderly")
	return err == nil && c.Value == "1"
}

func lang(r *http.Request) string {
	if c, err := r.Cookie("ow_lang"); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh-CN"
}

func (w *Web) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) string {
			if u, ok := w.assets[name]; ok {
				return u
			}
			panic("web: unknown asset " + name)
		},
		// t translates a Chinese UI string for English pages (the
		// template passes .Lang first).
		"t":         translate,
		"roleTitle": func(r access.Role) string { return r.Title() },
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(cst).Format("2006-01-02 15:04")
		},
		// seconds is for the audit log, where many events share a minute.
		"seconds": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(cst).Format("2006-01-02 15:04:05")
		},
		"has": func(p *access.Principal, perm string) bool { return p.Has(access.Permission(perm)) },
		// grantScope bundles what the "grant-scope" block needs to show
		// where a role applies (templates pass one value to a block).
		"grantScope": func(p *access.Principal, g access.Grant, lang string) grantScopeView {
			return grantScopeView{P: p, G: g, Lang: lang}
		},
		"auditAction": func(lang, code string) string { return auditLabel(auditActions, lang, code) },
		"auditObject": func(lang, code string) string { return auditLabel(auditObjects, lang, code) },
		// roleName is the title of a role stored as text (an audit event's
		// role), or the text itself when it names no role ("demo", "system").
		"roleName": func(lang, role string) string {
			if r := access.Role(role); r.Valid() {
				return translate(lang, r.Title())
			}
			return role
		},
	}
}

// grantScopeView is the one value the "grant-scope" template block takes.
type grantScopeView struct {
	P    *access.Principal
	G    access.Grant
	Lang string
}

// cst is China Standard Time, in which pages show times.
var cst = time.FixedZone("CST", 8*3600)
