package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The rectification pages as people use them: the applicant's bad rating
// shows up in the department's list; the department verifies and
// rectifies with an evidence file from the page; a step out of order
// shows the page again with the problem; the supervisor sees the record,
// downloads the evidence and rechecks.
func TestRectificationPages(t *testing.T) {
	demoSite(t, func(t *testing.T, base string) {
		citizen := login(t, base, "citizen1")
		_, body := citizen.get("/cases?view=mine&status=granted")
		m := regexp.MustCompile(`/cases/(\d{6}-\d{8}-\d{6})`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no granted case of the demo citizen")
		}
		number := m[1]
		if st, _, _ := citizen.post("/cases/"+number+"/actions", url.Values{"action": {"rate"}, "score": {"2"},
			"tags": {"多次跑腿"}, "comment": {"跑了三趟"}}); st != http.StatusSeeOther {
			t.Fatalf("rating: %d", st)
		}

		reviewer := login(t, base, "reviewer1")
		st, list := reviewer.get("/rectifications")
		id := regexp.MustCompile(`href="/rectifications/(\d+)"`).FindStringSubmatch(list)
		if st != 200 || id == nil || !strings.Contains(list, number) || !strings.Contains(list, `href="/rectifications"`) {
			t.Fatalf("the department's list (%d) lacks the case or the nav link:\n%s", st, list)
		}
		page := "/rectifications/" + id[1]
		version := func(u *caseUser) string {
			_, b := u.get(page)
			v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(b)
			if v == nil {
				t.Fatalf("no form on the page for %s:\n%s", u.base, b)
			}
			return v[1]
		}
		if _, b := reviewer.get(page); !strings.Contains(b, "提交核实情况") || !strings.Contains(b, "提交申诉") || !strings.Contains(b, "多次跑腿") {
			t.Errorf("the verify page lacks its forms or the rating:\n%s", b)
		}
		if st, _, b := reviewer.post(page+"/actions", url.Values{"action": {"verify"}, "version": {version(reviewer)}}); st != 422 || !strings.Contains(b, "请填写核实情况") {
			t.Errorf("an empty verification: %d, want 422 with the problem", st)
		}
		if st, loc, _ := reviewer.post(page+"/actions", url.Values{"action": {"verify"}, "comment": {"属实"}, "version": {version(reviewer)}}); st != http.StatusSeeOther || !strings.HasPrefix(loc, page) {
			t.Fatalf("verify: %d %s", st, loc)
		}
		if st, _, b := reviewer.post(page+"/actions", url.Values{"action": {"verify"}, "comment": {"属实"}}); st != 409 || !strings.Contains(b, "当前处于“整改”环节") {
			t.Errorf("verifying twice: %d, want 409 with the stage named", st)
		}
		approver := login(t, base, "approver1")
		if st, _, _ := approver.multipart(page+"/actions", url.Values{"action": {"rectify"}, "comment": {"已整改"}, "version": {version(approver)}},
			upload{"files", "整改报告.pdf", "application/pdf", pdf("report")}); st != http.StatusSeeOther {
			t.Fatalf("rectify with evidence: %d", st)
		}

		supervisor := login(t, base, "supervisor1")
		_, b := supervisor.get(page)
		f := regexp.MustCompile(`href="(/rectifications/\d+/files/[0-9a-f]{32})"`).FindStringSubmatch(b)
		if f == nil || !strings.Contains(b, "整改报告.pdf") || strings.Contains(b, "复核通过，办结") {
			t.Fatalf("the supervisor's page at callback: evidence link %v\n%s", f, b)
		}
		if st, data := supervisor.get(f[1]); st != 200 || !strings.HasPrefix(data, "%PDF") {
			t.Errorf("the evidence download: %d", st)
		}
		if st, _ := citizen.get(f[1]); st != 404 {
			t.Errorf("the applicant downloading the evidence: %d, want 404", st)
		}
		if st, _, _ := reviewer.post(page+"/actions", url.Values{"action": {"callback"}, "result": {"满意"}, "comment": {"已回访"}}); st != http.StatusSeeOther {
			t.Fatalf("callback: %d", st)
		}
		if st, _, _ := supervisor.post(page+"/actions", url.Values{"action": {"recheck_pass"}, "version": {version(supervisor)}}); st != http.StatusSeeOther {
			t.Fatalf("recheck: %d", st)
		}
		if _, b := supervisor.get(page); !strings.Contains(b, "整改已办结。") || !strings.Contains(b, "复核通过") {
			t.Errorf("the closed page:\n%s", b)
		}
	})
}
