package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

type noticeJSON struct {
	ID       int64  `json:"id"`
	Number   string `json:"number"`
	DeptID   int64  `json:"dept_id"`
	Status   string `json:"status"`
	ReplyDue string `json:"reply_due"`
	Version  int    `json:"version"`
	CanReply bool   `json:"can_reply"`
	CanClose bool   `json:"can_close"`
	History  []struct {
		Action, Actor, Text string
	} `json:"history"`
}

// TestSupervisionAPI takes a 督办 through the API: only supervisors send,
// fields are named, each side sees its list, the wrong department gets
// 404, the wrong role 403, an action out of order or on a stale version
// 409; reply, return, reply again and close, with the history from the
// audit log.
func TestSupervisionAPI(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		sup, ap, rv, cit, aud := ta.login("supervisor1"), ta.login("approver1"), ta.login("reviewer1"), ta.login("citizen1"), ta.login("auditor")
		dept := func(name string) int64 {
			t.Helper()
			r := ta.do("GET", "/api/v1/depts?region=533400&q="+url.QueryEscape(name), sup, nil)
			var out struct {
				Items []struct {
					ID   int64  `json:"id"`
					Name string `json:"name"`
				} `json:"items"`
			}
			r.json(t, &out)
			for _, d := range out.Items {
				if d.Name == name {
					return d.ID
				}
			}
			t.Fatalf("no dept %s: %s", name, r.Body)
			return 0
		}
		samr, police := dept("迪庆州市场监督管理局"), dept("迪庆州公安局")
		body := func(dept int64) map[string]any {
			return map[string]any{"dept_id": dept, "subject": "食品经营许可办件超期", "body": "请说明超期原因和办结时间。"}
		}
		send := func(token string, b map[string]any, want int) noticeJSON {
			t.Helper()
			r := ta.do("POST", "/api/v1/notices", token, b)
			if r.Status != want {
				t.Fatalf("send %v: %d %s, want %d", b, r.Status, r.Body, want)
			}
			var n noticeJSON
			if want == 201 {
				r.json(t, &n)
			}
			return n
		}
		before := ta.count(t, "supervision_notices")
		send(ap, body(samr), 403)
		r := ta.do("POST", "/api/v1/notices", sup, map[string]any{"dept_id": samr, "subject": " ", "body": "内容"})
		if r.Status != 422 || !strings.Contains(string(r.Body), "body.subject") {
			t.Errorf("no subject: %d %s, want 422 naming body.subject", r.Status, r.Body)
		}
		send(sup, merge(body(samr), "days", 31), 422)
		send(sup, merge(body(samr), "case_number", "533400-20200101-999999"), 422)
		if n := ta.count(t, "supervision_notices"); n != before {
			t.Errorf("refused sends stored %d notices", n-before)
		}
		n := send(sup, body(samr), 201)
		if !regexp.MustCompile(`^督办〔\d{4}〕533400-0001$`).MatchString(n.Number) || n.Status != "open" || n.Version != 1 || n.ReplyDue == "" {
			t.Fatalf("sent %+v", n)
		}
		other := send(sup, body(police), 201)

		list := func(token, query string, want int) []noticeJSON {
			t.Helper()
			r := ta.do("GET", "/api/v1/notices"+query, token, nil)
			var out struct {
				Notices []noticeJSON `json:"notices"`
			}
			if r.Status == 200 {
				r.json(t, &out)
			}
			if r.Status != want {
				t.Errorf("GET notices%s: %d %s, want %d", query, r.Status, r.Body, want)
			}
			return out.Notices
		}
		if got := list(sup, "", 200); len(got) != 2 || got[0].ID != other.ID {
			t.Errorf("the supervisor's list: %+v", got)
		}
		if got := list(ap, "", 200); len(got) != 1 || got[0].ID != n.ID {
			t.Errorf("the approver's list: %+v", got)
		}
		if got := list(sup, "?status=closed", 200); len(got) != 0 {
			t.Errorf("closed notices: %+v", got)
		}
		if got := list(sup, "?dept="+itoa(police)+"&limit=1", 200); len(got) != 1 || got[0].ID != other.ID {
			t.Errorf("filtered by department: %+v", got)
		}
		list(cit, "", 403)
		list(sup, "?status=bogus", 422)
		list(ap, "?view=sent", 403)

		path := "/api/v1/notices/" + itoa(n.ID)
		get := func(token, p string, want int) noticeJSON {
			t.Helper()
			r := ta.do("GET", p, token, nil)
			var v noticeJSON
			if r.Status != want {
				t.Errorf("GET %s: %d %s, want %d", p, r.Status, r.Body, want)
			} else if want == 200 {
				r.json(t, &v)
			}
			return v
		}
		if v := get(ap, path, 200); !v.CanReply || v.CanClose {
			t.Errorf("the approver's view %+v", v)
		}
		get(ap, "/api/v1/notices/"+itoa(other.ID), 404)
		get(cit, path, 404)

		act := func(token, p, action, text string, version, want int) noticeJSON {
			t.Helper()
			r := ta.do("POST", p+"/actions", token, map[string]any{"action": action, "text": text, "version": version})
			var v noticeJSON
			if r.Status != want {
				t.Errorf("%s on %s: %d %s, want %d", action, p, r.Status, r.Body, want)
			} else if want == 200 {
				r.json(t, &v)
			}
			return v
		}
		head := ta.count(t, "audit_events")
		act(ap, "/api/v1/notices/"+itoa(other.ID), "reply", "不是我们的", 0, 404)
		act(sup, path, "reply", "监督人员代答", 0, 403)
		act(sup, path, "close", "", 0, 409)
		act(ap, path, "reply", "", 0, 422)
		act(ap, path, "reply", "已处理", 5, 409)
		act(ap, path, "approve", "已处理", 0, 422)
		if got := ta.count(t, "audit_events"); got != head {
			t.Errorf("refused actions wrote %d audit events", got-head)
		}
		if v := act(ap, path, "reply", "已查明原因，本周内办结。", 1, 200); v.Status != "replied" || v.Version != 2 {
			t.Errorf("reply: %+v", v)
		}
		act(rv, path, "reply", "再答一次", 0, 409)
		act(sup, path, "close", "", 1, 409)
		if v := act(sup, path, "return", "请写明具体办结日期。", 2, 200); v.Status != "open" || v.Version != 3 {
			t.Errorf("return: %+v", v)
		}
		act(rv, path, "reply", "定于 12 月 1 日办结。", 3, 200)
		if v := act(sup, path, "close", "", 4, 200); v.Status != "closed" {
			t.Errorf("close: %+v", v)
		}
		v := get(sup, path, 200)
		var steps []string
		for _, h := range v.History {
			steps = append(steps, h.Action+":"+h.Actor)
		}
		if want := "send:supervisor1 reply:approver1 return:supervisor1 reply:reviewer1 close:supervisor1"; strings.Join(steps, " ") != want {
			t.Errorf("history %q, want %q", steps, want)
		}

		// The audit log holds the same steps, under the notice's number.
		r = ta.do("GET", "/api/v1/audit?object_type=notice&object_id="+url.QueryEscape(n.Number), aud, nil)
		if r.Status != 200 || strings.Count(string(r.Body), `"action":"notice.`) != 5 {
			t.Errorf("audit of %s: %d %s", n.Number, r.Status, r.Body)
		}
		// The department was told, in its inbox.
		r = ta.do("GET", "/api/v1/messages", rv, nil)
		if !strings.Contains(string(r.Body), n.Number) {
			t.Errorf("the reviewer's messages lack the notice: %s", r.Body)
		}
	})
}
