package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The notice pages as the supervisor and the department use them: send
// from the list (a refused send keeps what was typed), reply, a refused
// return, close; the history on the page; nobody else gets in.
func TestNoticePages(t *testing.T) {
	demoSite(t, func(t *testing.T, base string) {
		sup, ap, cit := login(t, base, "supervisor1"), login(t, base, "approver1"), login(t, base, "citizen1")
		st, body := sup.get("/notices")
		m := regexp.MustCompile(`<option value="(\d+)">迪庆州市场监督管理局</option>`).FindStringSubmatch(body)
		if st != http.StatusOK || m == nil || !strings.Contains(body, "发出督办") {
			t.Fatalf("the supervisor's list: %d, no send form with the market regulator", st)
		}
		form := url.Values{"dept_id": {m[1]}, "subject": {" "}, "body": {"请核查超期原因，三日内书面回复。"}, "days": {"3"}}
		st, _, body = sup.post("/notices", form)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "请填写督办事由") || !strings.Contains(body, "请核查超期原因，三日内书面回复。") {
			t.Errorf("a send without a subject: %d, want 422 with the problem and the text kept", st)
		}
		form.Set("subject", "食品经营许可办件超期")
		st, loc, _ := sup.post("/notices", form)
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/notices/") {
			t.Fatalf("send: %d → %q", st, loc)
		}
		page, _, _ := strings.Cut(loc, "?")

		st, body = ap.get(page)
		if st != http.StatusOK || !strings.Contains(body, "提交回复") || !strings.Contains(body, "督办〔") {
			t.Fatalf("the approver's notice page: %d", st)
		}
		if st, _ := cit.get(page); st != http.StatusNotFound {
			t.Errorf("the applicant opens the notice: %d, want 404", st)
		}
		if st, _ := cit.get("/notices"); st != http.StatusForbidden {
			t.Errorf("the applicant's list: %d, want 403", st)
		}
		if st, loc, _ := ap.post(page+"/actions", url.Values{"action": {"reply"}, "text": {"已查明原因，本周内办结。"}, "version": {"1"}}); st != http.StatusSeeOther {
			t.Fatalf("reply: %d → %q", st, loc)
		}
		st, body = sup.get(page)
		if !strings.Contains(body, "已查明原因，本周内办结。") || !strings.Contains(body, "办结督办") || !strings.Contains(body, "退回重新回复") {
			t.Errorf("the supervisor's page after the reply lacks the reply or the close and return forms")
		}
		st, _, body = sup.post(page+"/actions", url.Values{"action": {"return"}, "text": {""}, "version": {"2"}, "days": {"3"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "请写明退回理由") {
			t.Errorf("a return without a reason: %d", st)
		}
		if st, _, _ := sup.post(page+"/actions", url.Values{"action": {"close"}, "text": {"整改到位"}, "version": {"2"}}); st != http.StatusSeeOther {
			t.Fatalf("close: %d", st)
		}
		_, body = sup.get(page)
		for _, want := range []string{"已办结", "发出督办", "部门回复", "整改到位", "approver1"} {
			if !strings.Contains(body, want) {
				t.Errorf("the closed notice's page lacks %q", want)
			}
		}
		st, body = ap.get("/notices", "ow_lang=en")
		if st != http.StatusOK || !strings.Contains(body, "Supervision notices") || !strings.Contains(body, "Closed") {
			t.Errorf("the English list: %d", st)
		}
	})
}
