package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/api"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/workcal"
)

// testPrincipals are the accounts a test request can act as (header X-Test-As).
var testPrincipals = map[string]*access.Principal{
	"citizen":  httpxtest.Person(11, "citizen"),
	"clerk":    httpxtest.Staff(12, "clerk", access.Clerk, "533400"),
	"sysadmin": httpxtest.Staff(13, "sysadmin", access.SysAdmin, "533400"),
}

type calAPI struct {
	t   *testing.T
	srv *httptest.Server
	svc *workcal.Service
	db  *sqlstore.DB
}

// newCalAPI serves the calendar operations behind their guards, the way
// the app mounts them, over a real store.
func newCalAPI(t *testing.T, db *sqlstore.DB) *calAPI {
	svc := workcal.NewService(sqlstore.NewCalendarStore(db), workcal.Embedded()...)
	if err := svc.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	a := api.New()
	a.AddCalendar(svc)
	srv := httpxtest.Serve(t, a.Routes(), httpx.WriteProblem, testPrincipals)
	return &calAPI{t: t, srv: srv, svc: svc, db: db}
}

type reply struct {
	Status int
	Body   map[string]any
	Raw    string
}

func (c *calAPI) do(as, method, path string, body any) reply {
	c.t.Helper()
	var rd io.Reader
	ctype := ""
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd, ctype = strings.NewReader(string(b)), "application/json"
	}
	res, raw := httpxtest.Do(c.t, c.srv, httpxtest.NewRequest(c.t, c.srv, as, method, path, rd, ctype))
	out := reply{Status: res.StatusCode, Raw: string(raw)}
	json.Unmarshal(raw, &out.Body)
	return out
}

// wantField checks a 422 problem naming field (in its location) with a Chinese detail.
func wantField(t *testing.T, r reply, field string) {
	t.Helper()
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", r.Status, r.Raw)
	}
	detail, _ := r.Body["detail"].(string)
	if !hasHan(detail) {
		t.Errorf("detail %q is not Chinese", detail)
	}
	es, _ := r.Body["errors"].([]any)
	for _, e := range es {
		if loc, _ := e.(map[string]any)["location"].(string); strings.HasSuffix(loc, "."+field) {
			return
		}
	}
	t.Errorf("problem does not name %q: %s", field, r.Raw)
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func addPath(from string, days string, region string) string {
	q := url.Values{"from": {from}, "days": {days}}
	if region != "" {
		q.Set("region", region)
	}
	return "/api/v1/calendar/add?" + q.Encode()
}

func TestCalendarAddAndBetween(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCalAPI(t, db)
		r := c.do("citizen", "GET", addPath("2026-09-28", "20", ""), nil)
		if r.Status != 200 || r.Body["date"] != "2026-10-30" || r.Body["estimated"] != false {
			t.Fatalf("add: %d %s", r.Status, r.Raw)
		}
		if ex, _ := r.Body["explanation"].(string); !strings.Contains(ex, "国庆节") || !strings.Contains(ex, "10-10") {
			t.Errorf("explanation %q should name the holiday and the make-up day", ex)
		}
		// The Spring Festival week: 2026-02-13 (Fri) + 1 is the make-up Saturday 02-14.
		if r := c.do("citizen", "GET", addPath("2026-02-13", "1", ""), nil); r.Body["date"] != "2026-02-14" {
			t.Errorf("add over the make-up day: %s", r.Raw)
		}
		if r := c.do("citizen", "GET", addPath("2026-02-14", "1", ""), nil); r.Body["date"] != "2026-02-24" {
			t.Errorf("add over the Spring Festival: %s", r.Raw)
		}
		r = c.do("clerk", "GET", "/api/v1/calendar/between?from=2026-09-28&to=2026-10-30", nil)
		if r.Status != 200 || r.Body["working_days"] != float64(20) {
			t.Fatalf("between: %d %s", r.Status, r.Raw)
		}
		r = c.do("clerk", "GET", "/api/v1/calendar/between?from=2026-10-30&to=2026-09-28", nil)
		if r.Status != 200 || r.Body["working_days"] != float64(0) {
			t.Errorf("between backwards: %d %s", r.Status, r.Raw)
		}

		wantField(t, c.do("citizen", "GET", addPath("2026-09-28", "0", ""), nil), "days")
		wantField(t, c.do("citizen", "GET", addPath("2026-09-28", "3651", ""), nil), "days")
		wantField(t, c.do("citizen", "GET", addPath("2026-02-30", "5", ""), nil), "from")
		wantField(t, c.do("citizen", "GET", addPath("2026/09/28", "5", ""), nil), "from")
		wantField(t, c.do("citizen", "GET", addPath("2026-09-28", "5", "53340"), nil), "region")
		wantField(t, c.do("citizen", "GET", "/api/v1/calendar/between?from=2026-09-28&to=20261030", nil), "to")
		if r := c.do("", "GET", addPath("2026-09-28", "20", ""), nil); r.Status != http.StatusUnauthorized {
			t.Errorf("anonymous add: %d", r.Status)
		}
	})
}

const schedule2027 = `# test schedule
year 2027
notice 测试通知（国办发明电〔2026〕X号）
holiday 2027-01-01..2027-01-03 元旦
holiday 2027-02-06..2027-02-14 春节
workday 2027-02-20 春节调休
`

func TestCalendarImportYear(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCalAPI(t, db)
		// 2027 has no data yet: counted with weekends only, and said so.
		r := c.do("citizen", "GET", addPath("2026-12-28", "10", ""), nil)
		if r.Body["date"] != "2027-01-11" || r.Body["estimated"] != true {
			t.Fatalf("before import: %s", r.Raw)
		}
		if r := c.do("clerk", "POST", "/api/v1/calendar/years", map[string]string{"text": schedule2027}); r.Status != http.StatusForbidden {
			t.Errorf("clerk import: %d, want 403", r.Status)
		}
		if r := c.do("citizen", "GET", "/api/v1/calendar/years", nil); r.Status != http.StatusForbidden {
			t.Errorf("applicant years: %d, want 403", r.Status)
		}
		before := c.svc.Years()

		// A bad file is refused with its line number and changes nothing.
		bad := strings.Replace(schedule2027, "2027-02-20", "2027-02-19", 1) // a Friday
		r = c.do("sysadmin", "POST", "/api/v1/calendar/years", map[string]string{"text": bad})
		wantField(t, r, "text")
		if d, _ := r.Body["detail"].(string); !strings.Contains(d, "第 6 行") {
			t.Errorf("detail %q should name line 6", d)
		}
		wantField(t, c.do("sysadmin", "POST", "/api/v1/calendar/years", map[string]string{"text": ""}), "text")
		if after := c.svc.Years(); len(after) != len(before) || c.svc.Calendar().HasYear(2027) {
			t.Fatalf("a refused import changed the years: %v", after)
		}
		var n int
		if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM calendar_years").Scan(&n); err != nil || n != 0 {
			t.Fatalf("calendar_years rows after refused import: %d %v", n, err)
		}

		r = c.do("sysadmin", "POST", "/api/v1/calendar/years", map[string]string{"text": schedule2027})
		if r.Status != http.StatusCreated || r.Body["year"] != float64(2027) || r.Body["source"] != "override" ||
			r.Body["holidays"] != float64(12) || r.Body["workdays"] != float64(1) {
			t.Fatalf("import: %d %s", r.Status, r.Raw)
		}
		r = c.do("citizen", "GET", addPath("2026-12-28", "10", ""), nil)
		if r.Body["date"] != "2027-01-12" || r.Body["estimated"] != false {
			t.Fatalf("after import: %s", r.Raw)
		}
		var actor, role, action string
		err := db.QueryRow(context.Background(), "SELECT actor_name, role, action FROM audit_events ORDER BY seq DESC LIMIT 1").
			Scan(&actor, &role, &action)
		if err != nil || actor != "sysadmin" || role != "sysadmin" || action != "calendar.import_year" {
			t.Errorf("audit event: %q %q %q %v", actor, role, action, err)
		}

		r = c.do("clerk", "GET", "/api/v1/calendar/years/2027", nil)
		if days, _ := r.Body["days"].([]any); r.Status != 200 || len(days) != 13 || !strings.Contains(r.Body["text"].(string), "workday 2027-02-20 春节调休") {
			t.Errorf("year 2027: %d %s", r.Status, r.Raw)
		}
		if r := c.do("clerk", "GET", "/api/v1/calendar/years/2031", nil); r.Status != http.StatusNotFound {
			t.Errorf("year 2031: %d", r.Status)
		}
		r = c.do("clerk", "GET", "/api/v1/calendar/years", nil)
		if items, _ := r.Body["items"].([]any); r.Status != 200 || len(items) != len(before)+1 {
			t.Errorf("years: %d %s", r.Status, r.Raw)
		}
	})
}

func TestCalendarRegionDays(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCalAPI(t, db)
		day := map[string]string{"kind": "holiday", "name": "测试节"}
		if r := c.do("clerk", "PUT", "/api/v1/calendar/region-days/533400/2026-10-12", day); r.Status != http.StatusForbidden {
			t.Errorf("clerk put: %d, want 403", r.Status)
		}
		// Outside the administrator's own region.
		if r := c.do("sysadmin", "PUT", "/api/v1/calendar/region-days/110000/2026-10-12", day); r.Status != http.StatusForbidden {
			t.Errorf("put outside scope: %d %s", r.Status, r.Raw)
		}
		wantField(t, c.do("sysadmin", "PUT", "/api/v1/calendar/region-days/533400/2026-13-01", day), "date")
		wantField(t, c.do("sysadmin", "PUT", "/api/v1/calendar/region-days/5334/2026-10-12", day), "region")
		wantField(t, c.do("sysadmin", "PUT", "/api/v1/calendar/region-days/533400/2026-10-12", map[string]string{"kind": "holiday", "name": ""}), "name")

		r := c.do("sysadmin", "PUT", "/api/v1/calendar/region-days/533400/2026-10-12", day)
		if r.Status != 200 || r.Body["region"] != "533400" || r.Body["date"] != "2026-10-12" || r.Body["updated_by"] != float64(13) {
			t.Fatalf("put: %d %s", r.Status, r.Raw)
		}
		// The prefecture's day holds in a township below it, not elsewhere.
		if r := c.do("citizen", "GET", addPath("2026-10-09", "1", "533401001"), nil); r.Body["date"] != "2026-10-10" {
			t.Errorf("make-up Saturday first: %s", r.Raw)
		}
		if r := c.do("citizen", "GET", addPath("2026-10-10", "1", "533401001"), nil); r.Body["date"] != "2026-10-13" ||
			!strings.Contains(r.Body["explanation"].(string), "测试节") {
			t.Errorf("township below the prefecture: %s", r.Raw)
		}
		if r := c.do("citizen", "GET", addPath("2026-10-10", "1", "530100"), nil); r.Body["date"] != "2026-10-12" {
			t.Errorf("another city: %s", r.Raw)
		}
		if r := c.do("citizen", "GET", addPath("2026-10-10", "1", ""), nil); r.Body["date"] != "2026-10-12" {
			t.Errorf("national: %s", r.Raw)
		}
		for region, want := range map[string]int{"533401": 1, "530000": 1, "530100": 0, "": 1} {
			r := c.do("clerk", "GET", "/api/v1/calendar/region-days?region="+region, nil)
			if items, _ := r.Body["items"].([]any); r.Status != 200 || len(items) != want {
				t.Errorf("region days for %q: %d %s", region, r.Status, r.Raw)
			}
		}

		if r := c.do("sysadmin", "DELETE", "/api/v1/calendar/region-days/533400/2026-10-12", nil); r.Status != http.StatusNoContent {
			t.Fatalf("delete: %d %s", r.Status, r.Raw)
		}
		if r := c.do("sysadmin", "DELETE", "/api/v1/calendar/region-days/533400/2026-10-12", nil); r.Status != http.StatusNotFound {
			t.Errorf("delete again: %d %s", r.Status, r.Raw)
		}
		if r := c.do("citizen", "GET", addPath("2026-10-10", "1", "533401001"), nil); r.Body["date"] != "2026-10-12" {
			t.Errorf("after delete: %s", r.Raw)
		}
	})
}
