package app_test

import (
	"fmt"
	"slices"
	"testing"
)

type rectJSON struct {
	ID       int64  `json:"id"`
	Stage    string `json:"stage"`
	StageDue string `json:"stage_due"`
	Outcome  string `json:"outcome"`
	Version  int    `json:"version"`
	Named    bool   `json:"named"`
	Steps    []struct {
		Action string   `json:"action"`
		Files  []string `json:"files"`
	} `json:"steps"`
	Next   []string `json:"next_actions"`
	Rating struct {
		Level string `json:"level"`
	} `json:"rating"`
}

// TestRectificationAPI takes a bad rating of a demo case through the
// loop by API as the department and the supervisor would, with the
// refusals on the way (out of order 409, the wrong role 403, a stranger
// 404, limits out of range 422), and rates the case again afterwards.
func TestRectificationAPI(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		citizen, reviewer, approver, supervisor := ta.login("citizen1"), ta.login("reviewer1"), ta.login("approver1"), ta.login("supervisor1")
		var pg struct {
			Cases []struct {
				Number string `json:"number"`
			} `json:"cases"`
		}
		ta.do("GET", "/api/v1/cases?view=mine&status=granted", citizen, nil).json(t, &pg)
		if len(pg.Cases) == 0 {
			t.Fatal("the demo citizen has no granted case to rate")
		}
		num := pg.Cases[0].Number
		r := ta.do("POST", "/api/v1/cases/"+num+"/rating", citizen, map[string]any{"score": 1, "tags": []string{"服务态度差"}})
		var rated struct {
			Rectification int64 `json:"rectification_id"`
		}
		r.json(t, &rated)
		if r.Status != 201 || rated.Rectification == 0 {
			t.Fatalf("a bad rating: %d %s", r.Status, r.Body)
		}
		path := fmt.Sprintf("/api/v1/rectifications/%d", rated.Rectification)

		var list struct {
			Rectifications []rectJSON `json:"rectifications"`
		}
		ta.do("GET", "/api/v1/rectifications?stage=verify", reviewer, nil).json(t, &list)
		if len(list.Rectifications) != 1 || list.Rectifications[0].ID != rated.Rectification {
			t.Errorf("the department's list: %+v", list)
		}
		if r := ta.do("GET", "/api/v1/rectifications", citizen, nil); r.Status != 403 {
			t.Errorf("the applicant listing rectifications: %d, want 403", r.Status)
		}
		if r := ta.do("GET", path, citizen, nil); r.Status != 404 {
			t.Errorf("the applicant reading the rectification: %d, want 404", r.Status)
		}
		if r := ta.do("POST", path+"/actions", reviewer, map[string]any{"action": "callback", "comment": "已回访", "result": "满意"}); r.Status != 409 {
			t.Errorf("a callback before verification: %d, want 409: %s", r.Status, r.Body)
		}
		if r := ta.do("POST", path+"/actions", supervisor, map[string]any{"action": "verify", "comment": "属实"}); r.Status != 403 {
			t.Errorf("the supervisor verifying: %d, want 403", r.Status)
		}
		if r := ta.do("POST", path+"/actions", reviewer, map[string]any{"action": "verify"}); r.Status != 422 {
			t.Errorf("a verification saying nothing: %d, want 422", r.Status)
		}

		var x rectJSON
		act := func(token string, body map[string]any, stage string) {
			t.Helper()
			r := ta.do("POST", path+"/actions", token, body)
			r.json(t, &x)
			if r.Status != 200 || x.Stage != stage {
				t.Fatalf("%v: %d %s, want stage %s", body["action"], r.Status, r.Body, stage)
			}
		}
		act(reviewer, map[string]any{"action": "verify", "comment": "属实：窗口人员态度生硬"}, "rectify")
		st, file := ta.upload(approver, "整改报告.pdf", []byte("%PDF-1.4\n%report\n"))
		if st != 201 {
			t.Fatalf("upload the evidence: %d", st)
		}
		act(approver, map[string]any{"action": "rectify", "comment": "已约谈并培训", "files": []string{file}}, "callback")
		act(reviewer, map[string]any{"action": "callback", "comment": "电话回访", "result": "满意", "version": x.Version}, "recheck")
		var v rectJSON
		ta.do("GET", path, supervisor, nil).json(t, &v)
		if !slices.Equal(v.Next, []string{"recheck_pass", "recheck_return"}) || v.Rating.Level != "非常不满意" || len(v.Steps) != 3 || v.Steps[1].Files[0] != file {
			t.Errorf("the supervisor's view: %+v", v)
		}
		act(supervisor, map[string]any{"action": "recheck_pass", "version": v.Version}, "closed")
		if x.Outcome != "rectified" {
			t.Errorf("closed as %q, want rectified", x.Outcome)
		}

		// Limits: the defaults, a supervisor's row, refusals.
		var l struct {
			Verify  int    `json:"verify_days"`
			Rectify int    `json:"rectify_days"`
			From    string `json:"from"`
		}
		ta.do("GET", "/api/v1/rectification-limits/533401", reviewer, nil).json(t, &l)
		if l.Verify != 2 || l.Rectify != 15 || l.From != "" {
			t.Errorf("default limits: %+v", l)
		}
		body := map[string]any{"verify_days": 3, "rectify_days": 10, "callback_days": 2, "recheck_days": 4}
		if r := ta.do("PUT", "/api/v1/rectification-limits/533400", reviewer, body); r.Status != 403 {
			t.Errorf("a reviewer setting limits: %d, want 403", r.Status)
		}
		if r := ta.do("PUT", "/api/v1/rectification-limits/533400", supervisor, map[string]any{"verify_days": 0,
			"rectify_days": 10, "callback_days": 2, "recheck_days": 61}); r.Status != 422 {
			t.Errorf("limits out of range: %d, want 422", r.Status)
		}
		if r := ta.do("PUT", "/api/v1/rectification-limits/533400", supervisor, body); r.Status != 200 {
			t.Errorf("set limits: %d %s", r.Status, r.Body)
		}
		ta.do("GET", "/api/v1/rectification-limits/533401", reviewer, nil).json(t, &l)
		if l.Verify != 3 || l.From != "533400" {
			t.Errorf("a county after the prefecture's row: %+v", l)
		}

		// Rectified: the applicant may rate once more.
		r = ta.do("POST", "/api/v1/cases/"+num+"/rating", citizen, map[string]any{"score": 4})
		var again struct {
			Round int `json:"round"`
		}
		r.json(t, &again)
		if r.Status != 201 || again.Round != 2 {
			t.Errorf("rating again after the rectification: %d %s", r.Status, r.Body)
		}
	})
}
