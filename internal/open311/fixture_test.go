package open311_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/open311"
	"github.com/onewindow/onewindow/internal/open311/open311test"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/workcal"
)

// env is 迪庆州 with its market regulator, the hotline centre's agent and
// dispatcher, the regulator's reviewer, the Open311 service behind a test
// server, and one api key for 533400.
type env struct {
	db      *sqlstore.DB
	clock   *casestest.Clock
	hotline *hotline.Service
	svc     *open311.Service
	srv     *httptest.Server
	key     string

	market                    int64
	agent, dispatcher, review *access.Principal
}

func newEnv(t *testing.T, db *sqlstore.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{db: db, clock: casestest.NewClock(casestest.Start)}
	sqltest.Regions(t, db, "530000", "533400", "533401", "533422")
	e.market = sqltest.Dept(t, db, "533400", "迪庆州市场监督管理局", "市场监管", "11533400MB0000103")
	sqltest.Dept(t, db, "533400", "迪庆州人民政府办公室", "政府办公室", "11533400MB0000101")
	cal := workcal.NewService(sqlstore.NewCalendarStore(db), workcal.Embedded()...)
	if err := cal.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	keys, err := pii.NewRandom()
	if err != nil {
		t.Fatal(err)
	}
	e.hotline = hotline.NewService(sqlstore.NewHotlineStore(db), keys, nil, cal.Calendar, e.clock.Now)
	e.hotline.Channels = ""
	staff := func(user string, g access.Grant) *access.Principal {
		t.Helper()
		return sqltest.Staff(t, db, keys, e.clock.Now(), user, g)
	}
	e.agent = staff("hotline1", access.Grant{Role: access.HotlineAgent, Region: "533400"})
	e.dispatcher = staff("dispatcher1", access.Grant{Role: access.Dispatcher, Region: "533400"})
	e.review = staff("market1", access.Grant{Role: access.Reviewer, Region: "533400", DeptID: e.market})
	if _, err := e.hotline.AddRule(casestest.Ctx(e.dispatcher), e.dispatcher,
		hotline.RuleInput{Subject: "02", Region: "533400", DeptID: e.market, Lead: true}); err != nil {
		t.Fatal(err)
	}

	e.svc = open311.NewService(e.hotline, sqlstore.NewOpen311Store(db), e.clock.Now)
	if e.key, _, err = e.svc.AddKey(ctx, "某某 app", "533400"); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for _, r := range open311.NewHandler(e.svc, nil).Routes() {
		p := r.Pattern
		if r.Method != "" {
			p = r.Method + " " + p
		}
		mux.Handle(p, r.Handler)
	}
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

type response struct {
	status int
	body   string
}

func (e *env) get(t *testing.T, path string) response {
	t.Helper()
	res, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, string(b)}
}

func (e *env) post(t *testing.T, form url.Values) response {
	t.Helper()
	res, err := http.Post(e.srv.URL+"/open311/v2/requests.json", "application/x-www-form-urlencoded",
		strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, string(b)}
}

// valid checks a 200 answer against a GeoReport v2 schema.
func valid(t *testing.T, r response, schema string) {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("%s: %d %s", schema, r.status, r.body)
	}
	if errs := open311test.Validate(schema, []byte(r.body)); len(errs) > 0 {
		t.Fatalf("%s: %s\n%s", schema, strings.Join(errs, "\n"), r.body)
	}
}

// wantError checks an Open311 error answer: the status and a list of
// {code, description} with that code.
func wantError(t *testing.T, r response, status int, what string) {
	t.Helper()
	if r.status != status || !strings.HasPrefix(r.body, fmt.Sprintf(`[{"code":%d,"description":"`, status)) {
		t.Fatalf("%s: %d %s, want %d with an Open311 error", what, r.status, r.body, status)
	}
}

func (e *env) tickets(t *testing.T) int {
	t.Helper()
	var n int
	if err := e.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM tickets").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
