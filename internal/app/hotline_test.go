package app_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

type ticketJSON struct {
	Number  string `json:"number"`
	Status  string `json:"status"`
	DeptID  int64  `json:"dept_id"`
	Version int    `json:"version"`
	Outcome string `json:"outcome"`
	Caller  *struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
	} `json:"caller"`
	Suggestion *struct {
		Lead struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"lead"`
	} `json:"suggestion"`
	Actions []string `json:"actions"`
}

// TestHotlineAPI takes a call through the API: an agent takes it
// (confidential), the dispatcher dispatches it by the demo rules, the
// department signs and replies without ever seeing the caller, the centre
// reviews and calls back; bad input is refused with the field named, the
// wrong department gets 404, the wrong role 403, out of order or stale 409.
func TestHotlineAPI(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		agent, disp, rv, cit, sup := ta.login("hotline1"), ta.login("dispatcher1"), ta.login("reviewer1"), ta.login("citizen1"), ta.login("supervisor1")
		want := func(r response, status int, what string) {
			t.Helper()
			if r.Status != status {
				t.Fatalf("%s: %d %s, want %d", what, r.Status, r.Body, status)
			}
		}
		r := ta.do("GET", "/api/v1/hotline/subjects", agent, nil)
		want(r, 200, "subjects")
		if !strings.Contains(string(r.Body), `"path":"营商环境 › 企业直通车","fast_lane":true`) {
			t.Fatalf("subjects: %.300s", r.Body)
		}
		call := map[string]any{"channel": "phone", "type": "complaint", "subject_code": "0201", "region_code": "533401",
			"address": "香格里拉市建塘镇长征大道 1 号", "content": "餐馆使用过期食材。", "caller_name": "赵女士",
			"caller_phone": "13912348765", "confidential": true}
		bad := func(field string, v any, path string) {
			t.Helper()
			b := map[string]any{}
			for k, x := range call {
				b[k] = x
			}
			b[field] = v
			r := ta.do("POST", "/api/v1/tickets", agent, b)
			want(r, 422, field)
			if !strings.Contains(string(r.Body), path) {
				t.Fatalf("%s: the problem does not name %s: %s", field, path, r.Body)
			}
		}
		bad("subject_code", "8888", "body.subject_code")
		bad("region_code", "533499", "body.region_code")
		bad("content", strings.Repeat("长", 2001), "body.content")
		want(ta.do("POST", "/api/v1/tickets", cit, call), 403, "citizen intake")
		want(ta.do("POST", "/api/v1/tickets", rv, call), 403, "department intake")

		r = ta.do("POST", "/api/v1/tickets", agent, call)
		want(r, 201, "intake")
		var tk ticketJSON
		r.json(t, &tk)
		if !regexp.MustCompile(`^533400-RX-\d{8}-\d{6}$`).MatchString(tk.Number) || tk.Caller == nil || tk.Caller.Phone != "139****8765" {
			t.Fatalf("intake: %s", r.Body)
		}
		if strings.Contains(string(r.Body), "13912348765") {
			t.Fatalf("the full number in a response: %s", r.Body)
		}
		r = ta.do("GET", "/api/v1/tickets/similar?subject=0201&region=533401&address="+url.QueryEscape("香格里拉市建塘镇长征大道 1 号"), agent, nil)
		want(r, 200, "similar")
		if !strings.Contains(string(r.Body), tk.Number) {
			t.Fatalf("similar: %s", r.Body)
		}
		path := "/api/v1/tickets/" + tk.Number
		actions := path + "/actions"
		r = ta.do("GET", path, disp, nil)
		want(r, 200, "dispatcher view")
		r.json(t, &tk)
		if tk.Suggestion == nil || tk.Suggestion.Lead.Name != "迪庆州市场监督管理局" {
			t.Fatalf("suggestion: %s", r.Body)
		}
		want(ta.do("GET", path, rv, nil), 404, "department before dispatch")
		want(ta.do("POST", actions, agent, map[string]any{"action": "callback", "satisfaction": "satisfied"}), 409, "callback before reply")
		want(ta.do("POST", actions, agent, map[string]any{"action": "dispatch"}), 403, "agent dispatch")
		r = ta.do("POST", actions, disp, map[string]any{"action": "dispatch", "version": tk.Version})
		want(r, 200, "dispatch")
		r.json(t, &tk)
		want(ta.do("POST", actions, disp, map[string]any{"action": "dispatch", "version": tk.Version - 1}), 409, "stale dispatch")

		// The department's views: no caller at all.
		r = ta.do("GET", path, rv, nil)
		want(r, 200, "department view")
		if strings.Contains(string(r.Body), `"caller"`) || strings.Contains(string(r.Body), "赵女士") || strings.Contains(string(r.Body), "8765") {
			t.Fatalf("department sees the caller: %s", r.Body)
		}
		r = ta.do("GET", "/api/v1/tickets?view=dept", rv, nil)
		want(r, 200, "department list")
		var page struct {
			Tickets []ticketJSON `json:"tickets"`
		}
		r.json(t, &page)
		found := false
		for _, x := range page.Tickets {
			if x.Number == tk.Number {
				found = true
				if x.Caller != nil {
					t.Fatalf("department list shows the caller: %s", r.Body)
				}
			}
		}
		if !found || strings.Contains(string(r.Body), "赵女士") || strings.Contains(string(r.Body), "8765") {
			t.Fatalf("department list: %s", r.Body)
		}
		want(ta.do("POST", actions, rv, map[string]any{"action": "return"}), 422, "return without reason")
		r = ta.do("POST", actions, rv, map[string]any{"action": "sign"})
		want(r, 200, "sign")
		if strings.Contains(string(r.Body), `"caller"`) {
			t.Fatalf("the action result shows the caller: %s", r.Body)
		}
		want(ta.do("POST", actions, sup, map[string]any{"action": "urge", "text": "请加快办理"}), 200, "督办")
		want(ta.do("POST", actions, rv, map[string]any{"action": "reply", "outcome": "resolved", "text": "已立案查处，责令整改。"}), 200, "reply")
		want(ta.do("POST", actions, agent, map[string]any{"action": "callback", "satisfaction": "satisfied"}), 409, "callback before review")
		want(ta.do("POST", actions, disp, map[string]any{"action": "review_accept"}), 200, "review")
		r = ta.do("POST", actions, agent, map[string]any{"action": "callback", "satisfaction": "satisfied", "text": "满意"})
		want(r, 200, "callback")
		r.json(t, &tk)
		if tk.Status != "closed" || tk.Outcome != "resolved" {
			t.Fatalf("closed: %s", r.Body)
		}
		r = ta.do("GET", path, disp, nil)
		for _, a := range []string{"intake", "dispatch", "sign", "supervise", "reply", "review_accept", "callback"} {
			if !strings.Contains(string(r.Body), `"action":"`+a+`"`) {
				t.Fatalf("timeline lacks %s: %s", a, r.Body)
			}
		}

		// A ticket dispatched elsewhere: the market regulator gets 404.
		taxi := map[string]any{"channel": "web", "type": "complaint", "subject_code": "0401", "region_code": "533401",
			"content": "出租车绕路。", "caller_phone": "0887-8221234"}
		r = ta.do("POST", "/api/v1/tickets", agent, taxi)
		want(r, 201, "taxi intake")
		var other ticketJSON
		r.json(t, &other)
		want(ta.do("POST", "/api/v1/tickets/"+other.Number+"/actions", disp, map[string]any{"action": "dispatch"}), 200, "taxi dispatch")
		want(ta.do("POST", "/api/v1/tickets/"+other.Number+"/actions", rv, map[string]any{"action": "sign"}), 404, "another department's ticket")

		r = ta.do("GET", "/api/v1/hotline/figures?group=dept", disp, nil)
		want(r, 200, "figures")
		if !strings.Contains(string(r.Body), "按时签收率") || !strings.Contains(string(r.Body), "metric=sign_ontime") {
			t.Fatalf("figures: %.400s", r.Body)
		}
		want(ta.do("GET", "/api/v1/hotline/figures", rv, nil), 403, "department figures")
		r = ta.do("GET", "/api/v1/hotline/hotspots", sup, nil)
		want(r, 200, "hotspots")
		r = ta.do("GET", "/api/v1/tickets?view=all&metric=sign_ontime&dept="+fmt.Sprint(tk.DeptID), sup, nil)
		want(r, 200, "figure list")
		if !strings.Contains(string(r.Body), tk.Number) {
			t.Fatalf("figure list: %s", r.Body)
		}
		want(ta.do("GET", "/api/v1/tickets?view=queue", rv, nil), 403, "department queue")
		want(ta.do("GET", "/api/v1/tickets?metric=nonsense", disp, nil), 422, "bad metric")
	})
}
