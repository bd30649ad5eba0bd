// Package casestest builds a small prefecture for case tests on a fresh
// database: regions, departments, centre halls, applicants and staff with
// their grants, published items of every shape the cases handle (standard
// steps, a parallel stage, an instant item, 通办, a bundle), uploads, the
// 2026 working-day calendar and a clock the test moves. Only tests import it.
package casestest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/files"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Start is when a fresh Env's clock stands: Monday 2026-09-28, 09:00 in
// China, the last Monday before the National Day holiday.
var Start = time.Date(2026, 9, 28, 9, 0, 0, 0, workcal.China)

// Env is the fixture: the services under test over one database, and the
// places, people and items they work with.
type Env struct {
	DB       *sqlstore.DB
	Store    *sqlstore.CaseStore
	Svc      *cases.Service
	Files    *files.Service
	Accounts *account.Service
	Catalog  *catalog.Service
	Bundles  *catalog.BundleService
	Calendar *workcal.Service
	// Clock is the clock the services read, unless New was given one.
	Clock *Clock
	Now   func() time.Time

	// Centre halls: 迪庆州政务服务中心 (533400), 香格里拉市政务服务中心
	// (533401) and 德钦县政务服务中心 (533422).
	HallPref, HallCity, HallDeqin gov.Hall
	// Departments: 迪庆州市场监督管理局, 迪庆州卫生健康委员会 (533400) and
	// 德钦县市场监督管理局 (533422).
	DeptMarket, DeptHealth, DeptDeqin int64

	// Applicants: two persons and an organisation.
	Citizen, Citizen2, Company *access.Principal
	// Front desks: two clerks of the prefecture hall, one of each county
	// hall, an agent and the hall manager of the prefecture hall.
	ClerkPref, ClerkPref2, ClerkCity, ClerkDeqin, Agent, HallManager *access.Principal
	// Back offices: reviewers and approvers of each department.
	Reviewer, Reviewer2, Approver, Approver2 *access.Principal // market regulator
	ReviewerHealth, ApproverHealth           *access.Principal
	ReviewerDeqin, ApproverDeqin             *access.Principal
	// Supervisor watches the whole prefecture.
	Supervisor *access.Principal

	catalog1, catalog2 *access.Principal
	keys               *pii.Keyring
	accounts           *sqlstore.AccountStore
	people             int
}

// New builds the fixture on db (fresh and migrated, as sqltest.Each gives
// it). now is the time source of every service; nil uses a Clock set to
// Start, which the test moves through Env.Clock.
func New(t testing.TB, db *sqlstore.DB, now func() time.Time) *Env {
	t.Helper()
	ctx := context.Background()
	e := &Env{DB: db, accounts: sqlstore.NewAccountStore(db)}
	if now == nil {
		e.Clock = NewClock(Start)
		now = e.Clock.Now
	}
	e.Now = now
	keys, err := pii.NewRandom()
	if err != nil {
		t.Fatal(err)
	}
	e.keys = keys

	sqltest.Regions(t, db, "530000", "533400", "533401", "533422")
	e.DeptMarket = sqltest.Dept(t, db, "533400", "迪庆州市场监督管理局", "市场监管", "11533400MB0000011")
	e.DeptHealth = sqltest.Dept(t, db, "533400", "迪庆州卫生健康委员会", "卫生健康", "11533400MB0000029")
	e.DeptDeqin = sqltest.Dept(t, db, "533422", "德钦县市场监督管理局", "市场监管", "11533422MB0000037")
	govs := sqlstore.NewGovStore(db)
	hall := func(region, name string) gov.Hall {
		h := gov.Hall{RegionCode: region, Name: name, Kind: "centre", Active: true, UpdatedAt: now()}
		if h.ID, err = govs.CreateHall(ctx, h); err != nil {
			t.Fatal(err)
		}
		h.Version = 1
		return h
	}
	e.HallPref = hall("533400", "迪庆州政务服务中心")
	e.HallCity = hall("533401", "香格里拉市政务服务中心")
	e.HallDeqin = hall("533422", "德钦县政务服务中心")

	e.Calendar = workcal.NewService(sqlstore.NewCalendarStore(db), workcal.Embedded()...)
	if err := e.Calendar.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	e.Accounts = account.NewService(e.accounts, keys, sqlstore.NewScopeChecker(db), now)
	e.Catalog = catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), now)
	e.Bundles = catalog.NewBundleService(sqlstore.NewBundleStore(db), e.Catalog)
	e.Files = files.NewService(sqlstore.NewFileStore(db), now)
	e.Store = sqlstore.NewCaseStore(db)
	e.Svc = cases.NewService(cases.Deps{Store: e.Store, Items: e.Catalog, Bundles: e.Bundles, People: e.Accounts,
		Dir: sqlstore.NewCaseDirectory(db), Calendar: e.Calendar.Calendar, Now: now})

	e.Citizen = e.person(t, "citizen1", "扎西顿珠", "533401")
	e.Citizen2 = e.person(t, "citizen2", "卓玛拉姆", "533422")
	e.Company = e.org(t, "company1", "香格里拉市雪域高原商贸有限公司", "91533401MA6KXY0D3")
	staff := func(user string, role access.Role, region string, dept int64, hall int64) *access.Principal {
		return e.staff(t, user, access.Grant{Role: role, Region: region, DeptID: dept, HallID: hall})
	}
	e.ClerkPref = staff("clerk1", access.Clerk, "533400", 0, e.HallPref.ID)
	e.ClerkPref2 = staff("clerk2", access.Clerk, "533400", 0, e.HallPref.ID)
	e.ClerkCity = staff("clerkcity", access.Clerk, "533401", 0, e.HallCity.ID)
	e.ClerkDeqin = staff("clerkdeqin", access.Clerk, "533422", 0, e.HallDeqin.ID)
	e.Agent = staff("agent1", access.Agent, "533400", 0, e.HallPref.ID)
	e.HallManager = staff("hallmanager1", access.HallManager, "533400", 0, e.HallPref.ID)
	e.Reviewer = staff("reviewer1", access.Reviewer, "533400", e.DeptMarket, 0)
	e.Reviewer2 = staff("reviewer2", access.Reviewer, "533400", e.DeptMarket, 0)
	e.Approver = staff("approver1", access.Approver, "533400", e.DeptMarket, 0)
	e.Approver2 = staff("approver2", access.Approver, "533400", e.DeptMarket, 0)
	e.ReviewerHealth = staff("reviewerhw", access.Reviewer, "533400", e.DeptHealth, 0)
	e.ApproverHealth = staff("approverhw", access.Approver, "533400", e.DeptHealth, 0)
	e.ReviewerDeqin = staff("reviewerdq", access.Reviewer, "533422", e.DeptDeqin, 0)
	e.ApproverDeqin = staff("approverdq", access.Approver, "533422", e.DeptDeqin, 0)
	e.Supervisor = staff("supervisor1", access.Supervisor, "533400", 0, 0)

	e.catalog1 = catalogtest.Manager(90001, "catalog1", "530000")
	e.catalog2 = catalogtest.Manager(90002, "catalog2", "530000")
	for _, d := range []catalog.Doc{stdDoc(e.DeptMarket), parallelDoc(e.DeptMarket), instantDoc(e.DeptMarket),
		crossDoc(e.DeptDeqin), localDoc(e.DeptDeqin)} {
		catalogtest.Publish(t, e.Catalog, e.catalog1, e.catalog2, d)
	}
	for _, d := range bundleItemDocs(e.DeptMarket, e.DeptHealth) {
		catalogtest.Publish(t, e.Catalog, e.catalog1, e.catalog2, d)
	}
	b, err := e.Bundles.Create(catalogtest.As(e.catalog1), e.catalog1,
		catalog.BundleInput{Code: Bundle, RegionCode: "533400", Doc: bundleDoc(), Note: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Bundles.Publish(catalogtest.As(e.catalog2), e.catalog2, b.Code, b.Version); err != nil {
		t.Fatal(err)
	}
	return e
}

// password is the one hash every fixture account carries: argon2 is slow
// by design, and the tests never log in.
var password = sync.OnceValue(func() string {
	h, err := account.HashPassword("OneWindow@2026")
	if err != nil {
		panic(err)
	}
	return h
})

func (e *Env) record(t testing.TB, username, kind, name string) *account.Record {
	t.Helper()
	e.people++
	now := e.Now()
	r := &account.Record{Username: username, Kind: kind, Name: name, Status: account.StatusActive,
		PasswordHash: password(), PasswordAt: now, CreatedAt: now, UpdatedAt: now}
	var err error
	r.PhoneEnc, r.PhoneIdx, r.PhoneMask, err = e.keys.Seal(pii.KindPhone, fmt.Sprintf("139887%05d", 70000+e.people))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (e *Env) create(t testing.TB, r *account.Record) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := e.accounts.CreateAccount(ctx, r, audit.New(ctx, "account.create", "account", "", nil,
		map[string]any{"username": r.Username, "kind": r.Kind}, "测试数据"))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// person registers a natural person born in region.
func (e *Env) person(t testing.TB, username, name, region string) *access.Principal {
	t.Helper()
	r := e.record(t, username, account.KindPerson, name)
	id := validate.MakeIDNumber(region, time.Date(1985, 3, 1+e.people, 0, 0, 0, 0, time.UTC), 100+e.people)
	var err error
	if r.IDNumberEnc, r.IDNumberIdx, r.IDNumberMask, err = e.keys.Seal(pii.KindIDNumber, id); err != nil {
		t.Fatal(err)
	}
	return &access.Principal{AccountID: e.create(t, r), Username: username, Kind: account.KindPerson,
		Grants: []access.Grant{{Role: access.Applicant}}}
}

// org registers an organisation; code17 is its credit code without the check character.
func (e *Env) org(t testing.TB, username, name, code17 string) *access.Principal {
	t.Helper()
	r := e.record(t, username, account.KindOrg, name)
	r.CreditCode, r.LegalRep = validate.MakeCreditCode(code17), "和志强"
	return &access.Principal{AccountID: e.create(t, r), Username: username, Kind: account.KindOrg,
		Grants: []access.Grant{{Role: access.Applicant}}}
}

// staff creates a staff account holding g.
func (e *Env) staff(t testing.TB, username string, g access.Grant) *access.Principal {
	t.Helper()
	id := e.create(t, e.record(t, username, account.KindStaff, "测试人员"))
	ctx := context.Background()
	gid, err := e.accounts.AddGrant(ctx, id, g, 0, audit.New(ctx, "role.grant", "account", fmt.Sprint(id), nil,
		map[string]any{"role": g.Role, "region": g.Region, "dept_id": g.DeptID, "hall_id": g.HallID}, ""))
	if err != nil {
		t.Fatal(err)
	}
	g.ID = gid
	return &access.Principal{AccountID: id, Username: username, Kind: account.KindStaff, Grants: []access.Grant{g}}
}

// Ctx is a context whose audit actor is p (under its first role), as the
// HTTP middleware and guard would set it.
func Ctx(p *access.Principal) context.Context {
	a := audit.Actor{ID: p.AccountID, Name: p.Username}
	if len(p.Grants) > 0 {
		a.Role = string(p.Grants[0].Role)
	}
	return audit.WithActor(context.Background(), a)
}

// MinimalPDF is a complete one-page PDF.
const MinimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n"
