package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// The supervision dashboards run on the demo prefecture with a clock the
// test moves: the six demo cases are filed 45 days ago, and now the ones
// still in review are overdue. (The clock ends at the real time, as the
// client's cookie jar checks the session cookie's expiry against it.)
func supervisionSite(t *testing.T, fn func(t *testing.T, base string, clock *casestest.Clock)) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			clock := casestest.NewClock(time.Now().Add(-45 * 24 * time.Hour))
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			a, err := app.New(context.Background(), app.Config{DataDir: t.TempDir(), DSN: sqltest.DSN(t, e), Demo: true,
				Logger: log, Now: clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(a.Handler())
			t.Cleanup(func() { srv.Close(); a.Close() })
			fn(t, srv.URL, clock)
		})
	}
}

// svCard is one card as the page shows it.
type svCard struct {
	key, kind, href, value string
	num, den               int
}

var svCardRE = regexp.MustCompile(`(?s)<li class="sv-card sv-(\w+)" id="sv-card-(\w+)">.*?</li>`)
var svHrefRE = regexp.MustCompile(`<a class="sv-value" href="([^"]+)">([^<]+)</a>`)
var svDetailRE = regexp.MustCompile(`<span class="sv-detail mono">(\d+) / (\d+)</span>`)

func svCards(t *testing.T, page string) []svCard {
	t.Helper()
	var out []svCard
	for _, m := range svCardRE.FindAllStringSubmatch(page, -1) {
		c := svCard{kind: m[1], key: m[2]}
		if h := svHrefRE.FindStringSubmatch(m[0]); h != nil {
			c.href, c.value = h[1], h[2]
		}
		if d := svDetailRE.FindStringSubmatch(m[0]); d != nil {
			c.num, _ = strconv.Atoi(d[1])
			c.den, _ = strconv.Atoi(d[2])
		} else if c.kind == "count" {
			c.num, _ = strconv.Atoi(c.value)
		}
		out = append(out, c)
	}
	return out
}

var svTotalRE = regexp.MustCompile(`<strong id="sv-total">(\d+)</strong>`)
var svCaseRowRE = regexp.MustCompile(`<td data-label="办件"><div><a href="/cases/([0-9-]+)"`)

func TestSupervisionDashboard(t *testing.T) {
	supervisionSite(t, func(t *testing.T, base string, clock *casestest.Clock) {
		filed := clock.Today()
		clock.Add(45 * 24 * time.Hour)
		from := filed.AddDays(-30).String() // 76 days: drawn by month
		period := "from=" + from + "&to=" + clock.Today().String()
		sup := login(t, base, "supervisor1")

		status, page := sup.get("/supervision?" + period)
		if status != 200 {
			t.Fatalf("dashboard: %d\n%s", status, page)
		}
		must(t, "dashboard", page, `href="/supervision" aria-current="page">效能监督`, "迪庆藏族自治州 · "+from+" 至 ",
			`id="sv-card-received"`, `id="sv-card-good_rate"`, `data-kind="trend"`, `data-kind="pie"`, "每月趋势",
			"本月", "上月", "本季度", "本年", "近30天", "迪庆州市场监督管理局", "（本级）", "超期办结率", "承诺期限内办结数 ÷ 办结量",
			`href="/api/v1/stats/breakdown.xlsx?by=dept&region=533400&from=`+from+`&to=`, "supervision.js")
		mustNot(t, "dashboard of the whole prefecture", page, `id="sv-up"`)

		// Every figure opens exactly the cases it counts: a count's value,
		// a rate's numerator, an average's denominator (its cases).
		cards := svCards(t, page)
		if len(cards) != 21 {
			t.Fatalf("%d cards", len(cards))
		}
		seen := map[string]bool{}
		for _, c := range cards {
			want := c.num
			if c.kind == "average" {
				want = c.den
			}
			if c.key == "received" && c.value != "6" {
				t.Errorf("received: %q, want the six demo cases", c.value)
			}
			if c.href == "" {
				if c.kind == "count" || c.den != 0 {
					t.Errorf("%s: no link", c.key)
				}
				continue
			}
			if !strings.HasPrefix(c.href, "/supervision/cases?metric=") || !strings.Contains(c.href, "region=533400&from="+from) {
				t.Errorf("%s: link %s", c.key, c.href)
			}
			status, list := sup.get(c.href)
			if status != 200 {
				t.Fatalf("%s: %s: %d\n%s", c.key, c.href, status, list)
			}
			m := svTotalRE.FindStringSubmatch(list)
			if m == nil {
				t.Fatalf("%s: no total\n%s", c.key, list)
			}
			if total, _ := strconv.Atoi(m[1]); total != want {
				t.Errorf("%s counts %d, its cases %d (%s)", c.key, want, total, c.href)
			}
			if rows := len(svCaseRowRE.FindAllString(list, -1)); rows != want {
				t.Errorf("%s: %d rows, want %d", c.key, rows, want)
			}
			seen[c.key] = true
		}
		for _, k := range []string{"received", "accepted", "concluded", "ontime_rate", "avg_days_used", "online_share"} {
			if !seen[k] {
				t.Errorf("%s was not followed", k)
			}
		}
		_, list := sup.get("/supervision/cases?metric=accepted&region=533400&" + period)
		must(t, "cases behind 受理量", list, "受理的办件", "计入指标：受理量", "迪庆藏族自治州", "食品经营许可", "办理中", `href="/supervision?region=533400&from=`+from)

		// The overdue list: the demo cases still in review, most overdue first.
		m := regexp.MustCompile(`(?s)<table class="sv-table sv-overdue" id="sv-overdue">.*?</table>`).FindString(page)
		if m == "" {
			t.Fatalf("no overdue table:\n%s", page)
		}
		rows := regexp.MustCompile(`<a href="/cases/[0-9-]+" class="mono">`).FindAllString(m, -1)
		days := regexp.MustCompile(`<strong class="sv-late">(\d+)</strong>`).FindAllStringSubmatch(m, -1)
		if len(rows) < 1 || len(days) != len(rows) {
			t.Fatalf("overdue rows %d, days %d:\n%s", len(rows), len(days), m)
		}
		if n, _ := strconv.Atoi(days[0][1]); n < 1 {
			t.Errorf("overdue %d working days after 45 days", n)
		}
		must(t, "overdue", m, "迪庆州市场监督管理局", "办理中")

		// A short period is drawn by day; a child region has the way up.
		week := "from=" + filed.String() + "&to=" + filed.AddDays(7).String()
		_, page = sup.get("/supervision?region=533401&" + week)
		must(t, "county", page, "香格里拉市", "每日趋势", `"`+filed.Time().Format("01-02")+`"`, `href="/supervision?region=533400&`+week+`" id="sv-up"`)
		if !regexp.MustCompile(`<option value="" selected>全部部门</option>`).MatchString(page) {
			t.Error("no 全部部门 for the supervisor")
		}

		// The Excel export works with the page's session cookie.
		res, err := sup.c.Get(base + "/api/v1/stats/breakdown.xlsx?by=dept&region=533400&" + period)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(string(b), "PK") {
			t.Errorf("export: %d %q", res.StatusCode, b[:min(len(b), 80)])
		}

		// Bad input: said at the form, nothing else shown.
		for _, c := range []struct{ query, want string }{
			{"from=2026-13-01", "起始日期：日期“2026-13-01”格式有误"},
			{"from=2026-10-09&to=2026-10-01", "截止日期：截止日期 2026-10-01 早于起始日期 2026-10-09"},
			{"dept=abc", "部门：部门编号“abc”无效"},
		} {
			status, page := sup.get("/supervision?" + c.query)
			if status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d", c.query, status)
			}
			must(t, c.query, page, c.want, `action="/supervision"`)
			mustNot(t, c.query, page, "sv-card-", `data-kind="trend"`, "sv-overdue")
		}
		for _, c := range []struct{ query, want string }{
			{"metric=nope", "未知的指标"},
			{"region=533400", "缺少指标"},
			{"metric=rated&scores=7", "评价等级应为 1 到 5"},
		} {
			status, page := sup.get("/supervision/cases?" + c.query)
			if status != http.StatusUnprocessableEntity {
				t.Errorf("cases %s: %d", c.query, status)
			}
			must(t, c.query, page, c.want)
			mustNot(t, c.query, page, `id="sv-total"`)
		}

		// The dept select offers every department of the prefecture.
		_, page = sup.get("/supervision?" + period)
		var other string
		for _, o := range regexp.MustCompile(`<option value="(\d+)">([^<]+)</option>`).FindAllStringSubmatch(page, -1) {
			if o[2] != "迪庆州市场监督管理局" {
				other = o[1]
				break
			}
		}
		if other == "" {
			t.Fatal("no other department in the select")
		}

		// An approver lands on the department and may not look at another.
		appr := login(t, base, "approver1")
		status, page = appr.get("/supervision?" + period)
		if status != 200 {
			t.Fatalf("approver: %d", status)
		}
		must(t, "approver", page, "迪庆藏族自治州 · 迪庆州市场监督管理局 · ", `id="sv-card-received"`)
		mustNot(t, "approver", page, ">全部部门</option>")
		for _, path := range []string{"/supervision?dept=" + other, "/supervision/cases?metric=received&dept=" + other} {
			status, page := appr.get(path)
			if status != http.StatusForbidden {
				t.Errorf("approver %s: %d", path, status)
			}
			must(t, path, page, "无权查看该范围的指标")
			mustNot(t, path, page, "sv-card-", `id="sv-total"`)
		}

		// A hall manager lands on the hall.
		hm := login(t, base, "hallmanager1")
		_, page = hm.get("/supervision")
		must(t, "hall manager", page, "迪庆州政务服务中心", `name="hall" value="`, `id="sv-card-received"`)
		mustNot(t, "hall manager", page, "全部大厅")
		// A supervisor following a hall's link may leave the hall again.
		hall := regexp.MustCompile(`name="hall" value="(\d+)"`).FindStringSubmatch(page)
		_, page = sup.get("/supervision?hall=" + hall[1])
		must(t, "supervisor at a hall", page, "迪庆州政务服务中心", ">全部大厅</a>")

		// A citizen has no dashboard, and no link to it.
		cit := login(t, base, "citizen1")
		for _, path := range []string{"/supervision", "/supervision/cases?metric=received"} {
			if status, _ := cit.get(path); status != http.StatusForbidden {
				t.Errorf("citizen %s: %d", path, status)
			}
		}
		_, page = cit.get("/cases")
		mustNot(t, "citizen's nav", page, `href="/supervision"`)

		// English.
		_, page = sup.get("/supervision?"+period, "ow_lang=en")
		must(t, "English", page, "Performance", "On-time rate", "Last month")
	})
}
