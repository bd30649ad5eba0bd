// Package app wires OneWindow together: configuration → database → stores
// → services → HTTP (pages and API) → background jobs. The binary's serve
// command and the end-to-end tests both start it through New.
package app

import (
	"context"
	"fmt"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/files"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/api"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/job"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/web"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Config is everything serve needs; the command fills it from flags and
// ONEWINDOW_* environment variables.
type Config struct {
	Addr    string // listen address, default 127.0.0.1:8080
	DataDir string // SQLite file, uploads, keys; default ./data
	DSN     string // "" = SQLite in DataDir; postgres://… = PostgreSQL
	Demo    bool   // load the demo prefecture on first start
	// PIIKey is the personal-data key in hex (pii.FromHex format); empty =
	// the key file in DataDir, generated on first start.
	PIIKey string
	// TrustedProxies are CIDRs whose X-Forwarded-For is believed (default loopback).
	TrustedProxies []string
	// Region is the root region of this platform: the initial administrators' scope.
	Region string
	Logger *slog.Logger
	Now    func() time.Time // nil = time.Now
	// WarnDays: a case's due date this many working days away or closer
	// shows yellow and sends a reminder (default 2).
	WarnDays int
}

// App is a running OneWindow.
type App struct {
	cfg      Config
	log      *slog.Logger
	DB       *sqlstore.DB
	Keys     *pii.Keyring
	Accounts *account.Service
	Calendar *workcal.Service
	Gov      *gov.Service
	Audit    *audit.Service
	Catalog  *catalog.Service
	Bundles  *catalog.BundleService
	Files    *files.Service
	Cases    *cases.Service

	api     *api.API
	web     *web.Web
	routes  []httpx.Route
	handler http.Handler
	metrics *metrics
	trusted []*net.IPNet
	jobs    *job.Runner
	// publicRoot is the region the public pages start from.
	publicRoot string
	// DemoLogins lists the demo accounts when the demo was loaded.
	DemoLogins []DemoLogin
}

// DemoLogin is one fixed demo account, printed at start.
type DemoLogin struct{ Username, Role string }

// New opens the database, applies migrations, builds the services and the
// HTTP handler, and loads the demo data on first start when asked.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:8080"
	}
	if cfg.DataDir == "" {
		cfg.DataDir = "data"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	a := &App{cfg: cfg, log: cfg.Logger}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	if err := a.parseProxies(); err != nil {
		return nil, err
	}
	db, err := OpenDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a.DB = db
	if a.Keys, err = pii.Open(cfg.DataDir, cfg.PIIKey); err != nil {
		db.Close()
		return nil, err
	}
	if err := a.buildServices(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if cfg.Demo {
		if err := a.loadDemo(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("demo data: %w", err)
		}
	} else if err := a.bootstrapAdmins(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if a.publicRoot, err = a.rootRegion(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if cfg.Demo && cfg.Region == "" {
		a.publicRoot = "533400"
	}
	if err := a.buildHTTP(); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) parseProxies() error {
	list := a.cfg.TrustedProxies
	if len(list) == 0 {
		list = []string{"127.0.0.0/8", "::1/128"}
	}
	for _, c := range list {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		_, n, err := net.ParseCIDR(c)
		if err != nil {
			return fmt.Errorf("trusted proxy %q: %w", c, err)
		}
		a.trusted = append(a.trusted, n)
	}
	return nil
}

func (a *App) isTrusted(ip net.IP) bool {
	for _, n := range a.trusted {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

func (a *App) buildServices(ctx context.Context) error {
	a.Accounts = account.NewService(sqlstore.NewAccountStore(a.DB), a.Keys, sqlstore.NewScopeChecker(a.DB), a.cfg.Now)
	a.Audit = audit.NewService(a.DB)
	a.Catalog = catalog.NewService(sqlstore.NewCatalogStore(a.DB), sqlstore.NewCatalogDepts(a.DB), a.cfg.Now)
	a.Bundles = catalog.NewBundleService(sqlstore.NewBundleStore(a.DB), a.Catalog)
	a.Gov = gov.NewService(sqlstore.NewGovStore(a.DB), a.cfg.Now)
	a.Calendar = workcal.NewService(sqlstore.NewCalendarStore(a.DB), workcal.Embedded()...)
	if err := a.Calendar.Reload(ctx); err != nil {
		return err
	}
	a.Files = files.NewService(sqlstore.NewFileStore(a.DB), a.cfg.Now)
	a.Cases = cases.NewService(cases.Deps{Store: sqlstore.NewCaseStore(a.DB), Items: a.Catalog, Bundles: a.Bundles,
		People: a.Accounts, Dir: sqlstore.NewCaseDirectory(a.DB), Calendar: a.Calendar.Calendar, Now: a.cfg.Now})
	if a.cfg.WarnDays > 0 {
		a.Cases.WarnDays = a.cfg.WarnDays
	}
	return a.buildJobs()
}

// OpenDB opens the configured database and applies the embedded
// migrations (refusing a database written by a newer version).
func OpenDB(ctx context.Context, cfg Config) (*sqlstore.DB, error) {
	if cfg.DataDir == "" {
		cfg.DataDir = "data"
	}
	db, err := sqlstore.Open(ctx, sqlstore.Options{DSN: cfg.DSN, DataDir: cfg.DataDir})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, cfg.Logger); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.DropStat4(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Handler is the whole HTTP surface.
func (a *App) Handler() http.Handler { return a.handler }

// Routes lists every route with its permission (for the access test and docs).
func (a *App) Routes() []httpx.Route { return a.routes }

// Addr is the configured listen address.
func (a *App) Addr() string { return a.cfg.Addr }

// DataDir is the configured data directory.
func (a *App) DataDir() string { return a.cfg.DataDir }

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }

// initialAdminsFile is where first-start administrator passwords are written.
func (a *App) initialAdminsFile() string {
	return filepath.Join(a.cfg.DataDir, "initial-admins.txt")
}
