package hotline_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/workcal"
)

// env is a small prefecture for hotline tests: 迪庆州 (533400) with
// 香格里拉市 (533401) and 德钦县 (533422, no government office of its
// own), departments, the hotline centre's staff and departments' staff.
type env struct {
	db    *sqlstore.DB
	store *sqlstore.HotlineStore
	svc   *hotline.Service
	clock *casestest.Clock
	kb    *fakeKB

	govPref, govCity, marketPref, marketCity, housing, develop, transport int64

	agent, dispatcher, supervisor        *access.Principal
	market, marketCityRv, housingRv, dev *access.Principal
	agentCity                            *access.Principal // an agent of 香格里拉市 only
}

type fakeKB struct{ uses map[int64]int }

func (k *fakeKB) Use(_ context.Context, id int64) (string, error) {
	if id != 7 {
		return "", errs.E(errs.NotFound, "no article")
	}
	k.uses[id]++
	return "企业开办流程", nil
}

func newEnv(t testing.TB, db *sqlstore.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{db: db, store: sqlstore.NewHotlineStore(db), clock: casestest.NewClock(casestest.Start), kb: &fakeKB{uses: map[int64]int{}}}
	sqltest.Regions(t, db, "530000", "533400", "533401", "533422")
	e.govPref = sqltest.Dept(t, db, "533400", "迪庆州人民政府办公室", "政府办公室", "11533400MB0000101")
	e.govCity = sqltest.Dept(t, db, "533401", "香格里拉市人民政府办公室", "政府办公室", "11533401MB0000102")
	e.marketPref = sqltest.Dept(t, db, "533400", "迪庆州市场监督管理局", "市场监管", "11533400MB0000103")
	e.marketCity = sqltest.Dept(t, db, "533401", "香格里拉市市场监督管理局", "市场监管", "11533401MB0000104")
	e.housing = sqltest.Dept(t, db, "533400", "迪庆州住房和城乡建设局", "住房城乡建设", "11533400MB0000105")
	e.develop = sqltest.Dept(t, db, "533400", "迪庆州发展和改革委员会", "发展改革", "11533400MB0000106")
	e.transport = sqltest.Dept(t, db, "533400", "迪庆州交通运输局", "交通运输", "11533400MB0000107")

	cal := workcal.NewService(sqlstore.NewCalendarStore(db), workcal.Embedded()...)
	if err := cal.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	keys, err := pii.NewRandom()
	if err != nil {
		t.Fatal(err)
	}
	e.svc = hotline.NewService(e.store, keys, e.kb, cal.Calendar, e.clock.Now)
	e.svc.Channels = ""

	staff := func(user string, g access.Grant) *access.Principal {
		t.Helper()
		return sqltest.Staff(t, db, keys, e.clock.Now(), user, g)
	}
	e.agent = staff("hotline1", access.Grant{Role: access.HotlineAgent, Region: "533400"})
	e.agentCity = staff("hotlinecity", access.Grant{Role: access.HotlineAgent, Region: "533401"})
	e.dispatcher = staff("dispatcher1", access.Grant{Role: access.Dispatcher, Region: "533400"})
	e.supervisor = staff("supervisor1", access.Grant{Role: access.Supervisor, Region: "533400"})
	e.market = staff("market1", access.Grant{Role: access.Reviewer, Region: "533400", DeptID: e.marketPref})
	e.marketCityRv = staff("marketcity1", access.Grant{Role: access.Approver, Region: "533401", DeptID: e.marketCity})
	e.housingRv = staff("housing1", access.Grant{Role: access.Reviewer, Region: "533400", DeptID: e.housing})
	e.dev = staff("dev1", access.Grant{Role: access.Approver, Region: "533400", DeptID: e.develop})

	// Rules: food safety goes to the prefecture's market regulator
	// everywhere, and to the city's in 香格里拉市; property management to
	// housing; the fast lane to 发展改革 leading with 市场监管 assisting.
	for _, r := range []hotline.RuleInput{
		{Subject: "02", Region: "533400", DeptID: e.marketPref, Lead: true},
		{Subject: "0201", Region: "533401", DeptID: e.marketCity, Lead: true},
		{Subject: "03", Region: "533400", DeptID: e.housing, Lead: true},
		{Subject: "0101", Region: "533400", DeptID: e.develop, Lead: true},
		{Subject: "0101", Region: "533400", DeptID: e.marketPref, Lead: false},
	} {
		if _, err := e.svc.AddRule(casestest.Ctx(e.dispatcher), e.dispatcher, r); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// call is a typical phone intake.
func call(subject, region string) hotline.Input {
	return hotline.Input{Channel: hotline.ChannelPhone, Type: hotline.TypeComplaint, Subject: subject, Region: region,
		Address: "建塘镇长征大道 8 号", Content: "小区物业长期不清运垃圾，多次反映无果。", CallerName: "王女士", CallerPhone: "13988776655"}
}

func (e *env) intake(t testing.TB, in hotline.Input) hotline.Ticket {
	t.Helper()
	tk, err := e.svc.Intake(casestest.Ctx(e.agent), e.agent, in)
	if err != nil {
		t.Fatalf("intake: %v", err)
	}
	return tk
}

func (e *env) act(t testing.TB, p *access.Principal, number string, in hotline.ActionInput) hotline.Ticket {
	t.Helper()
	tk, err := e.svc.Act(casestest.Ctx(p), p, number, in)
	if err != nil {
		t.Fatalf("%s on %s as %s: %v", in.Action, number, p.Username, err)
	}
	return tk
}

// wantErr checks err has code and nothing about the ticket changed.
func (e *env) wantErr(t testing.TB, err error, code errs.Code, number string, version int) {
	t.Helper()
	if !errs.Is(err, code) {
		t.Fatalf("got %v, want %s", err, code)
	}
	if number == "" {
		return
	}
	tk, err := e.store.Ticket(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Version != version {
		t.Fatalf("ticket %s version %d after a refused action, want %d", number, tk.Version, version)
	}
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, workcal.China)
	if err != nil {
		panic(err)
	}
	return t
}

func calendar(t testing.TB) *workcal.Calendar {
	t.Helper()
	cal, err := workcal.Build(workcal.Embedded(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

func strconvI(n int64) string { return fmt.Sprint(n) }
