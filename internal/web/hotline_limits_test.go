package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Revealing a caller's number from the ticket page (the agent, with a
// reason; the number only on the response, never in a URL; a department
// gets 404) and the limits page (read by hotline staff, changed by the
// prefecture's dispatcher, refused input kept with the field named).
func TestHotlineRevealAndLimitsPages(t *testing.T) {
	demoSite(t, func(t *testing.T, base string) {
		agent := login(t, base, "hotline1")
		form := url.Values{"channel": {"phone"}, "type": {"complaint"}, "subject_code": {"0201"}, "region_code": {"533401"},
			"address": {"香格里拉市建塘镇长征大道 9 号"}, "urgency": {"normal"}, "caller_name": {"赵先生"},
			"caller_phone": {"13988701234"}, "content": {"超市出售过期食品。"}, "do": {"intake"}}
		st, loc, _ := agent.post("/hotline/new", form)
		m := regexp.MustCompile(`^/hotline/(533400-RX-\d{8}-\d{6})\?flash=`).FindStringSubmatch(loc)
		if st != http.StatusSeeOther || m == nil {
			t.Fatalf("intake: %d %s", st, loc)
		}
		page := "/hotline/" + m[1]
		if _, b := agent.get(page); !strings.Contains(b, "显示完整号码") || strings.Contains(b, "13988701234") {
			t.Fatalf("the agent's ticket page lacks the reveal form or shows the number:\n%s", b)
		}
		if st, _, b := agent.post(page+"/actions", url.Values{"action": {"reveal_phone"}, "reason": {"回访"}}); st != 422 ||
			!strings.Contains(b, "至少 4 个字") || strings.Contains(b, "13988701234") {
			t.Fatalf("a short reason (%d) was not refused in the form:\n%s", st, b)
		}
		st, loc, b := agent.post(page+"/actions", url.Values{"action": {"reveal_phone"}, "reason": {"回访来电人核实情况"}})
		if st != 200 || loc != "" || !strings.Contains(b, "13988701234") {
			t.Fatalf("reveal: %d %q:\n%s", st, loc, b)
		}
		if _, b := agent.get(page); strings.Contains(b, "13988701234") {
			t.Fatal("the number stays on the page after the reveal")
		}
		rev := login(t, base, "reviewer1")
		if st, _, b := rev.post(page+"/actions", url.Values{"action": {"reveal_phone"}, "reason": {"回访来电人核实情况"}}); st != 404 || strings.Contains(b, "13988701234") {
			t.Fatalf("a department's reveal: %d", st)
		}

		if st, b := agent.get("/hotline/limits"); st != 200 || !strings.Contains(b, "企业直通车") || strings.Contains(b, "修改时限") {
			t.Fatalf("the agent's limits page (%d) lacks the table or offers the form:\n%s", st, b)
		}
		if st, _ := rev.get("/hotline/limits"); st != 403 {
			t.Fatalf("a department's limits page: %d", st)
		}
		if st, _, _ := agent.post("/hotline/limits", url.Values{"class": {"default"}, "urgency": {"normal"}, "sign_n": {"1"},
			"sign_unit": {"day"}, "handle_n": {"4"}, "handle_unit": {"day"}, "complex_days": {"15"}}); st != 403 {
			t.Fatalf("the agent changed the limits: %d", st)
		}
		disp := login(t, base, "dispatcher1")
		_, b = disp.get("/hotline/limits")
		if !strings.Contains(b, "修改时限") {
			t.Fatalf("the dispatcher's limits page lacks the form:\n%s", b)
		}
		bad := url.Values{"class": {"default"}, "urgency": {"normal"}, "sign_n": {"11"}, "sign_unit": {"day"}, "handle_n": {"4"},
			"handle_unit": {"day"}, "complex_days": {"15"}, "version": {"0"}}
		if st, _, b := disp.post("/hotline/limits", bad); st != 422 || !strings.Contains(b, "最长 10 个工作日") || !strings.Contains(b, `value="11"`) {
			t.Fatalf("a sign limit of 11 days (%d) was not refused with the input kept:\n%s", st, b)
		}
		ok := url.Values{"class": {"default"}, "urgency": {"normal"}, "sign_n": {"1"}, "sign_unit": {"day"}, "handle_n": {"4"},
			"handle_unit": {"day"}, "complex_days": {"15"}, "version": {"0"}}
		if st, loc, _ := disp.post("/hotline/limits", ok); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/hotline/limits") {
			t.Fatalf("change: %d %s", st, loc)
		}
		if _, b := disp.get("/hotline/limits"); !strings.Contains(b, "4 个工作日") {
			t.Fatal("the changed limit is not shown")
		}
		if st, _, b := disp.post("/hotline/limits", ok); st != 409 || !strings.Contains(b, "请刷新后重试") {
			t.Fatalf("a stale change: %d", st)
		}
	})
}
