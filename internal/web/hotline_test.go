package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The 12345 pages as the centre and a department use them: an intake
// refused with every field kept; a confidential complaint taken,
// dispatched to the suggested department, signed, replied, reviewed and
// called back through the forms; the department never sees the caller; a
// stale form gives a clear notice; a department of another region gets
// 404; figures link to the tickets they count.
func TestHotlinePages(t *testing.T) {
	demoSite(t, func(t *testing.T, base string) {
		agent := login(t, base, "hotline1")
		st, body := agent.get("/hotline/new")
		if st != 200 || !strings.Contains(body, "企业直通车") || !strings.Contains(body, "香格里拉市") || !strings.Contains(body, `href="/hotline"`) {
			t.Fatalf("the intake page (%d) lacks the fast lane, the regions or the nav link:\n%s", st, body)
		}
		form := url.Values{"channel": {"phone"}, "type": {"complaint"}, "subject_code": {"0201"}, "region_code": {"533401"},
			"address": {"香格里拉市建塘镇长征大道 88 号某火锅店"}, "urgency": {"urgent"}, "caller_name": {"王女士"},
			"caller_phone": {"13988705566"}, "confidential": {"1"}, "content": {""}, "do": {"intake"}}
		st, _, body = agent.post("/hotline/new", form)
		for _, want := range []string{"请填写诉求内容", "长征大道 88 号某火锅店", `value="王女士"`, `value="13988705566"`,
			`value="0201" selected`, `value="533401" selected`, `value="urgent" selected`, `value="1" checked`, `aria-invalid="true"`} {
			if st != 422 || !strings.Contains(body, want) {
				t.Fatalf("a refused intake (%d) lacks %q:\n%s", st, want, body)
			}
		}
		form.Set("content", "火锅店后厨老鼠出没，餐具未消毒。")
		st, loc, _ := agent.post("/hotline/new", form)
		m := regexp.MustCompile(`^/hotline/(533400-RX-\d{8}-\d{6})\?flash=`).FindStringSubmatch(loc)
		if st != http.StatusSeeOther || m == nil {
			t.Fatalf("intake: %d %s", st, loc)
		}
		number, page := m[1], "/hotline/"+m[1]
		if _, b := agent.get("/hotline/similar?subject_code=0201&region_code=533401&address=x"); !strings.Contains(b, number) || strings.Contains(b, "<html") {
			t.Errorf("the similar panel lacks the new ticket or is a whole page:\n%s", b)
		}
		if _, b := agent.get("/hotline?view=mine"); !strings.Contains(b, number) {
			t.Errorf("the agent's list lacks %s", number)
		}

		version := func(u *caseUser) string {
			_, b := u.get(page)
			v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(b)
			if v == nil {
				t.Fatalf("no form on %s for %s:\n%s", page, u.base, b)
			}
			return v[1]
		}
		disp := login(t, base, "dispatcher1")
		if _, b := disp.get("/hotline"); !strings.Contains(b, number) {
			t.Errorf("the dispatcher's queue lacks %s", number)
		}
		_, b := disp.get(page)
		lead := regexp.MustCompile(`<option value="(\d+)" selected>迪庆州市场监督管理局</option>`).FindStringSubmatch(b)
		other := regexp.MustCompile(`<option value="(\d+)">香格里拉市住房和城乡建设局</option>`).FindStringSubmatch(b)
		if lead == nil || other == nil || !strings.Contains(b, "王女士") || !strings.Contains(b, "139****5566") {
			t.Fatalf("the dispatch form lacks the suggested department preselected or the caller:\n%s", b)
		}
		stale := version(disp)
		if st, loc, _ := disp.post(page+"/actions", url.Values{"action": {"dispatch"}, "dept_id": {lead[1]}, "version": {stale}}); st != http.StatusSeeOther || !strings.HasPrefix(loc, page) {
			t.Fatalf("dispatch: %d %s", st, loc)
		}
		if st, _, b := disp.post(page+"/actions", url.Values{"action": {"urge"}, "version": {stale}}); st != 409 || !strings.Contains(b, "flash-error") || !strings.Contains(b, "请刷新后重试") {
			t.Errorf("a stale form: %d, want 409 with a notice", st)
		}

		rev := login(t, base, "reviewer1")
		if _, b := rev.get("/hotline"); !strings.Contains(b, number) {
			t.Errorf("the department's list lacks %s", number)
		}
		_, b = rev.get(page)
		if strings.Contains(b, "王女士") || strings.Contains(b, "5566") || !strings.Contains(b, "来电人要求保密") || !strings.Contains(b, "签收期限") {
			t.Fatalf("the department's page of a confidential ticket shows the caller or lacks the clock:\n%s", b)
		}
		if _, b := rev.get("/hotline?view=dept"); strings.Contains(b, "王女士") {
			t.Error("the department's list shows the caller of a confidential ticket")
		}
		step := func(u *caseUser, v url.Values) {
			t.Helper()
			v.Set("version", version(u))
			if st, loc, b := u.post(page+"/actions", v); st != http.StatusSeeOther {
				t.Fatalf("%s: %d %s\n%s", v.Get("action"), st, loc, b)
			}
		}
		step(rev, url.Values{"action": {"sign"}})
		if st, _, b := rev.post(page+"/actions", url.Values{"action": {"reply"}, "outcome": {"resolved"}, "version": {version(rev)}}); st != 422 || !strings.Contains(b, "请填写答复内容") || !strings.Contains(b, `value="resolved" required checked`) {
			t.Errorf("a reply without text: %d, want 422 with the problem and the outcome kept", st)
		}
		step(rev, url.Values{"action": {"reply"}, "outcome": {"resolved"}, "text": {"已现场检查，责令停业整顿并消毒。"}})
		step(disp, url.Values{"action": {"review_accept"}})
		if _, b := agent.get("/hotline?view=queue"); !strings.Contains(b, number) {
			t.Errorf("the callback queue lacks %s", number)
		}
		step(agent, url.Values{"action": {"callback"}, "satisfaction": {"satisfied"}, "text": {"来电人满意"}})
		if _, b := agent.get(page); !strings.Contains(b, "已办结") || !strings.Contains(b, "工单已办结。") || !strings.Contains(b, "已现场检查") {
			t.Errorf("the closed ticket:\n%s", b)
		}

		// A department of another region (香格里拉市) does not know the ticket exists.
		admin := login(t, base, "sysadmin")
		st, loc, _ = admin.post("/admin/staff", url.Values{"username": {"xgllzj1"}, "name": {"和建国"}, "phone": {"13988706677"},
			"password": {"Shangri-La2026"}})
		if st != http.StatusSeeOther {
			t.Fatalf("create staff: %d", st)
		}
		acct, _, _ := strings.Cut(loc, "?")
		if st, _, b := admin.post(acct+"/roles", url.Values{"role": {"reviewer"}, "region": {"533401"}, "dept_id": {other[1]}}); st != 200 && st != http.StatusSeeOther {
			t.Fatalf("grant: %d\n%s", st, b)
		}
		county := loginAs(t, base, "xgllzj1", "Shangri-La2026")
		if st, _ := county.get(page); st != 404 {
			t.Errorf("another region's department opening the ticket: %d, want 404", st)
		}
		if st, _, _ := county.post(page+"/actions", url.Values{"action": {"sign"}}); st != 404 {
			t.Errorf("another region's department acting: %d, want 404", st)
		}

		// The figures count it and open it; the export is a workbook.
		sup := login(t, base, "supervisor1")
		_, b = sup.get("/hotline/figures")
		l := regexp.MustCompile(`(?s)迪庆州市场监督管理局</th>.*?href="(/hotline\?[^"]*metric=satisfied[^"]*)"`).FindStringSubmatch(b)
		if l == nil {
			t.Fatalf("the figures lack the satisfied list:\n%s", b)
		}
		if _, b := sup.get(strings.ReplaceAll(l[1], "&amp;", "&")); !strings.Contains(b, number) {
			t.Errorf("the satisfied list %s lacks %s", l[1], number)
		}
		if st, x := sup.get("/hotline/figures.xlsx?group=region"); st != 200 || !strings.HasPrefix(x, "PK") {
			t.Errorf("export: %d", st)
		}
		if st, b := sup.get("/hotline/hotspots"); st != 200 || !strings.Contains(b, "食品安全") {
			t.Errorf("hot spots: %d", st)
		}
	})
}

// loginAs logs in with a password of one's own.
func loginAs(t *testing.T, base, user, password string) *caseUser {
	t.Helper()
	u := login(t, base, "")
	st, _, _ := u.post("/login", url.Values{"username": {user}, "password": {password}, "next": {"/"}})
	if st != http.StatusSeeOther {
		t.Fatalf("login %s: %d", user, st)
	}
	_, body := u.get("/account")
	m := regexp.MustCompile(`name="csrf-token" content="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token for %s", user)
	}
	u.csrf = m[1]
	return u
}
