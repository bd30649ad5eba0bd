package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/workcal"
)

// calPrincipals are who a test request acts as (header X-Test-As).
var calPrincipals = map[string]*access.Principal{
	"citizen":  httpxtest.Person(21, "citizen"),
	"clerk":    httpxtest.Staff(22, "clerk", access.Clerk, "533400"),
	"sysadmin": httpxtest.Staff(23, "sysadmin", access.SysAdmin, "533400"),
}

const calCSRF = httpxtest.CSRF

// calSite serves the calendar pages behind their guards over a real
// store; a small middleware stands in for login (the CSRF check itself
// belongs to httpx.Authenticate and is tested there).
type calSite struct {
	srv *httptest.Server
	svc *workcal.Service
	db  *sqlstore.DB
}

func newCalSite(t *testing.T, db *sqlstore.DB) *calSite {
	t.Helper()
	svc := workcal.NewService(sqlstore.NewCalendarStore(db), workcal.Embedded()...)
	if err := svc.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	w, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.AddCalendar(svc)
	srv := httpxtest.Serve(t, w.Routes(), w.Error, calPrincipals)
	return &calSite{srv: srv, svc: svc, db: db}
}

// do sends a request without following redirects; body is a form
// (url.Values) or a multipart writer's output with its content type.
func (s *calSite) do(t *testing.T, as, method, path string, body io.Reader, ctype string) (int, string, string) {
	t.Helper()
	res, b := httpxtest.Do(t, s.srv, httpxtest.NewRequest(t, s.srv, as, method, path, body, ctype))
	return res.StatusCode, html.UnescapeString(string(b)), res.Header.Get("Location")
}

func (s *calSite) get(t *testing.T, as, path string) (int, string) {
	st, body, _ := s.do(t, as, "GET", path, nil, "")
	return st, body
}

func (s *calSite) post(t *testing.T, as, path string, form url.Values) (int, string, string) {
	form.Set("csrf_token", calCSRF)
	return s.do(t, as, "POST", path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

// upload posts the import form with text in the textarea and file as the uploaded file.
func (s *calSite) upload(t *testing.T, as, text, file string) (int, string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf_token", calCSRF)
	mw.WriteField("text", text)
	fw, err := mw.CreateFormFile("file", "2027.txt")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(file))
	mw.Close()
	return s.do(t, as, "POST", "/calendar/import", &b, mw.FormDataContentType())
}

func calMust(t *testing.T, what string, st, want int, body string, contains ...string) {
	t.Helper()
	if st != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, st, want, body)
	}
	for _, c := range contains {
		if !strings.Contains(body, c) {
			t.Errorf("%s: page lacks %q", what, c)
		}
	}
}

func TestCalendarPageCalculator(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newCalSite(t, db)
		st, body := s.get(t, "clerk", "/calendar?year=2026&add_from=2026-09-28&add_days=20&span_from=2026-09-28&span_to=2026-10-30")
		calMust(t, "calculator", st, 200, body, `<strong class="cal-answer-value">2026-10-30</strong>`, "星期五",
			"跳过 10-01…10-07（国庆节），含调休 10-10", `<strong class="cal-answer-value">20</strong>`,
			"2026 年日历", "国办发明电〔2025〕7号")
		if strings.Contains(body, `action="/calendar/import"`) || strings.Contains(body, `action="/calendar/region-days"`) {
			t.Error("a clerk sees the editing forms")
		}
		for _, q := range []string{"add_days=0", "add_days=3651", "add_days=x"} {
			st, body := s.get(t, "clerk", "/calendar?add_from=2026-09-28&"+q)
			calMust(t, q, st, http.StatusUnprocessableEntity, body, `<span class="field-error">工作日天数应为 1 到 3650 之间的整数</span>`)
		}
		st, body = s.get(t, "clerk", "/calendar?add_from=2026-02-30&add_days=5")
		calMust(t, "bad date", st, http.StatusUnprocessableEntity, body, `<span class="field-error">日期 2026-02-30 不存在`)
		st, body = s.get(t, "clerk", "/calendar?span_from=2026-09-28&span_to=2026/10/30")
		calMust(t, "bad to", st, http.StatusUnprocessableEntity, body, `<span class="field-error">日期“2026/10/30”格式有误`)
		st, body = s.get(t, "clerk", "/calendar?year=3000")
		calMust(t, "bad year", st, http.StatusUnprocessableEntity, body, "年份应为 1950 到 2199 之间的数字")

		if st, _, loc := s.do(t, "", "GET", "/calendar", nil, ""); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("anonymous: %d %s", st, loc)
		}
		if st, _ := s.get(t, "citizen", "/calendar"); st != http.StatusForbidden {
			t.Errorf("applicant: %d, want 403", st)
		}
	})
}

const calSchedule2027 = `year 2027
notice 测试通知
holiday 2027-01-01..2027-01-03 元旦
holiday 2027-02-06..2027-02-14 春节
workday 2027-02-20 春节调休
`

func TestCalendarPageImport(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newCalSite(t, db)
		st, body := s.get(t, "sysadmin", "/calendar?year=2026&draft=1")
		calMust(t, "admin page", st, 200, body, `action="/calendar/import"`, `name="csrf_token" value="`+calCSRF+`"`,
			"holiday 2026-10-01..2026-10-07 国庆节", "year 2027") // the draft in the textarea, the example beside it
		if st, _, _ := s.upload(t, "clerk", calSchedule2027, ""); st != http.StatusForbidden {
			t.Errorf("clerk import: %d", st)
		}

		// A file with a make-up day on a Friday: refused, shown with its
		// line, kept in the textarea, and nothing stored.
		bad := strings.Replace(calSchedule2027, "2027-02-20", "2027-02-19", 1)
		st, body, _ = s.upload(t, "sysadmin", "", bad)
		calMust(t, "bad import", st, http.StatusUnprocessableEntity, body, "第 5 行：调休上班日 2027-02-19 是星期五", "workday 2027-02-19 春节调休\n</textarea>")
		var n int
		if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM calendar_years").Scan(&n); err != nil || n != 0 || s.svc.Calendar().HasYear(2027) {
			t.Fatalf("a refused import stored something: %d %v", n, err)
		}
		st, body = s.get(t, "sysadmin", "/calendar?add_from=2026-12-28&add_days=10")
		calMust(t, "before import", st, 200, body, "2027-01-11", "含缺少放假安排数据的年份，按周末推算")

		// The uploaded file wins over the textarea.
		st, _, loc := s.upload(t, "sysadmin", "garbage", calSchedule2027)
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/calendar?") {
			t.Fatalf("import: %d %s", st, loc)
		}
		u, _ := url.Parse(loc)
		if u.Query().Get("year") != "2027" || !strings.Contains(u.Query().Get("flash"), "已导入 2027 年") {
			t.Errorf("redirect %s", loc)
		}
		st, body = s.get(t, "sysadmin", "/calendar?add_from=2026-12-28&add_days=10")
		calMust(t, "after import", st, 200, body, `<strong class="cal-answer-value">2027-01-12</strong>`, "跳过 2027-01-01…2027-01-03（元旦）")
		if strings.Contains(body, "含缺少放假安排数据的年份") {
			t.Error("2027 still estimated after the import")
		}
		st, body = s.get(t, "clerk", "/calendar?year=2027")
		calMust(t, "2027 grid", st, 200, body, "测试通知", "导入", `title="2027-02-20 工作日 · 春节调休"`)

		// Pasting the text works too, and replaces the year again.
		if st, _, _ := s.upload(t, "sysadmin", strings.Replace(calSchedule2027, "测试通知", "更正通知", 1), ""); st != http.StatusSeeOther {
			t.Fatalf("import from the textarea: %d", st)
		}
		if sch, _ := s.svc.Calendar().Schedule(2027); sch.Notice != "更正通知" {
			t.Errorf("notice after re-import: %q", sch.Notice)
		}
	})
}

func TestCalendarPageRegionDays(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newCalSite(t, db)
		day := func(region, date string) url.Values {
			return url.Values{"rd_region": {region}, "rd_date": {date}, "rd_kind": {"holiday"}, "rd_name": {"测试节"}}
		}
		if st, _, _ := s.post(t, "clerk", "/calendar/region-days", day("533400", "2026-10-12")); st != http.StatusForbidden {
			t.Errorf("clerk: %d", st)
		}
		st, body, _ := s.post(t, "sysadmin", "/calendar/region-days", day("110000", "2026-10-12"))
		calMust(t, "outside scope", st, http.StatusForbidden, body, "您的授权范围不包括地区 110000")
		st, body, _ = s.post(t, "sysadmin", "/calendar/region-days", day("533400", "2026-10-32"))
		calMust(t, "bad date", st, http.StatusUnprocessableEntity, body, `<p class="field-error">日期 2026-10-32 不存在`, `value="2026-10-32"`)
		if got := s.svc.Calendar().RegionDays(); len(got) != 0 {
			t.Fatalf("refused posts stored %v", got)
		}

		st, _, loc := s.post(t, "sysadmin", "/calendar/region-days", day("533400", "2026-10-12"))
		if st != http.StatusSeeOther || !strings.HasSuffix(loc, "#region-days") {
			t.Fatalf("put: %d %s", st, loc)
		}
		// The prefecture's day holds in a township below it, not nationally.
		st, body = s.get(t, "clerk", "/calendar?add_from=2026-10-10&add_days=1&add_region=533401001")
		calMust(t, "township", st, 200, body, `<strong class="cal-answer-value">2026-10-13</strong>`, "测试节，地区 533400")
		st, body = s.get(t, "clerk", "/calendar?add_from=2026-10-10&add_days=1")
		calMust(t, "national", st, 200, body, `<strong class="cal-answer-value">2026-10-12</strong>`)
		st, body = s.get(t, "clerk", "/calendar?year=2026&region=533401")
		calMust(t, "region grid", st, 200, body, `title="2026-10-12 休息日 · 测试节 (533400)"`, `<td class="mono" data-label="地区">533400</td>`)
		if st, body := s.get(t, "clerk", "/calendar?year=2026&region=530100"); strings.Contains(body, "测试节") || st != 200 {
			t.Errorf("another city's page shows the prefecture's day (%d)", st)
		}

		st, _, _ = s.post(t, "sysadmin", "/calendar/region-days/delete", url.Values{"region": {"533400"}, "date": {"2026-10-12"}})
		if st != http.StatusSeeOther || len(s.svc.Calendar().RegionDays()) != 0 {
			t.Fatalf("delete: %d %v", st, s.svc.Calendar().RegionDays())
		}
		st, body, _ = s.post(t, "sysadmin", "/calendar/region-days/delete", url.Values{"region": {"533400"}, "date": {"2026-10-12"}})
		calMust(t, "delete again", st, http.StatusNotFound, body, "没有特别安排")
	})
}

func TestCalendarGrid(t *testing.T) {
	cal := workcal.NewService(nil, workcal.Embedded()...).Calendar()
	today := workcal.NewDate(2026, time.October, 9)
	g := buildGrid(cal, nil, 2026, "", "zh-CN", today)
	if len(g.Months) != 12 || !g.HasData || g.Prev != 2025 || g.Next != 2027 {
		t.Fatalf("grid: %d months, data %v, %d/%d", len(g.Months), g.HasData, g.Prev, g.Next)
	}
	oct := g.Months[9]
	if oct.Title != "10 月" || len(oct.Lead) != 3 || len(oct.Days) != 31 { // 2026-10-01 is a Thursday
		t.Fatalf("October: %q lead %d days %d", oct.Title, len(oct.Lead), len(oct.Days))
	}
	want := map[int]string{1: "holiday", 4: "holiday", 8: "work", 10: "makeup", 11: "weekend", 12: "work"}
	for day, class := range want {
		if c := oct.Days[day-1]; c.Class != class {
			t.Errorf("2026-10-%02d: %s, want %s", day, c.Class, class)
		}
	}
	if c := oct.Days[0]; c.Tag != "休" || c.Name != "国庆节" {
		t.Errorf("10-01: %+v", c)
	}
	if !oct.Days[8].Today || oct.Days[7].Today {
		t.Error("today is not marked on 10-09 alone")
	}
	var runs []string
	for _, r := range g.Runs {
		runs = append(runs, r.From+"…"+r.To+" "+r.Name)
	}
	if got := strings.Join(runs, "；"); !strings.Contains(got, "10-01…10-07 国庆节；10-10…10-10 国庆节调休") || len(g.Runs) != 13 {
		t.Errorf("runs: %s", got)
	}
	if e := buildGrid(cal, nil, 2031, "", "en", today); e.HasData || e.Months[0].Title != "January" || e.Weekdays[0] != "Mo" {
		t.Errorf("2031 in English: %+v", e.Months[0].Title)
	}
}

// TestCalendarExampleParses keeps the format help honest, and the words
// the page builds in Go translated.
func TestCalendarExampleParses(t *testing.T) {
	s, err := workcal.ParseSchedule(strings.NewReader(calendarExample))
	if err != nil || s.Year != 2027 {
		t.Fatalf("the example does not parse: %v", err)
	}
	for _, zh := range []string{"休", "班", "工作日", "休息日", "内置", "导入"} {
		if translate("en", zh) == zh {
			t.Errorf("no English for %q", zh)
		}
	}
}
