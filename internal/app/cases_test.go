package app_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/onewindow/onewindow/internal/demo"
)

// upload posts a file to /api/v1/files and returns its id.
func (ta *testApp) upload(token, name string, content []byte) (int, string) {
	ta.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile("file", name)
	part.Write(content)
	w.Close()
	req, _ := http.NewRequest("POST", ta.srv.URL+"/api/v1/files", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var f struct {
		ID string `json:"id"`
	}
	response{Body: b}.json(ta.t, &f)
	return res.StatusCode, f.ID
}

type caseJSON struct {
	Number  string `json:"number"`
	Status  string `json:"status"`
	Version int    `json:"version"`
	Clock   struct {
		AcceptDue  string `json:"accept_due"`
		Due        string `json:"due"`
		DueExplain string `json:"due_explain"`
	} `json:"clock"`
	Documents []struct {
		ID        int64  `json:"id"`
		Kind      string `json:"kind"`
		CheckCode string `json:"check_code"`
	} `json:"documents"`
	Events []struct {
		Action string `json:"action"`
	} `json:"events"`
}

// TestCaseAPIJourney takes one case through the API as each role would,
// with the refusals on the way: every problem listed at once, a file that
// is not a PDF, an action out of order (409), the wrong actor (403), a
// stranger (404), and two clerks accepting at once (one wins).
func TestCaseAPIJourney(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		citizen, clerk, reviewer, approver := ta.login("citizen1"), ta.login("clerk1"), ta.login("reviewer1"), ta.login("approver1")

		// Uploads are sniffed: a text file named .pdf is refused.
		if st, _ := ta.upload(citizen, "申请书.pdf", []byte("not a pdf at all")); st != 422 {
			t.Errorf("a text file named .pdf: status %d, want 422", st)
		}
		// Everything missing is listed at once.
		r := ta.do("POST", "/api/v1/cases", citizen, map[string]any{"item_code": demo.FoodLicence, "form": map[string]any{}})
		var prob struct {
			Errors []struct{ Location, Message string }
		}
		r.json(t, &prob)
		if r.Status != 422 || len(prob.Errors) < 12 {
			t.Fatalf("empty application: %d with %d problems, want 422 listing every field and material: %s", r.Status, len(prob.Errors), r.Body)
		}
		var mats []map[string]any
		for _, key := range []string{"application", "biz_licence", "facilities"} {
			st, id := ta.upload(citizen, key+".pdf", []byte("%PDF-1.4\n%test\n"))
			if st != 201 {
				t.Fatalf("upload %s: %d", key, st)
			}
			mats = append(mats, map[string]any{"key": key, "files": []string{id}})
		}
		mats = append(mats, map[string]any{"key": "rules", "pledge": true})
		r = ta.do("POST", "/api/v1/cases", citizen, map[string]any{"item_code": demo.FoodLicence, "form": demo.FoodForm("测试餐馆", 99),
			"materials": mats, "delivery": map[string]any{"method": "mail", "address": "香格里拉市长征路 1 号", "recipient": "扎西顿珠", "phone": "13988770021"}})
		var c caseJSON
		r.json(t, &c)
		if r.Status != 201 || c.Status != "submitted" || !strings.HasPrefix(c.Number, "533400-") {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		num := c.Number
		path := "/api/v1/cases/" + num

		// Out of order, wrong actor, stranger.
		if r := ta.do("POST", path+"/actions", approver, map[string]any{"action": "approve"}); r.Status != 409 {
			t.Errorf("approve before acceptance: %d, want 409: %s", r.Status, r.Body)
		}
		if r := ta.do("POST", path+"/actions", reviewer, map[string]any{"action": "accept"}); r.Status != 403 {
			t.Errorf("a reviewer accepting at the front desk: %d, want 403", r.Status)
		}
		if r := ta.do("GET", path, ta.login("company1"), nil); r.Status != 404 {
			t.Errorf("another applicant reading the case: %d, want 404", r.Status)
		}

		// Correction with every problem, then supplement.
		r = ta.do("POST", path+"/actions", clerk, map[string]any{"action": "request_correction", "problems": []map[string]string{
			{"material": "facilities", "name": "设备布局与操作流程", "problem": "缺少平面图"},
			{"field": "form.area", "name": "经营场所面积", "problem": "与执照不一致"}}})
		if r.Status != 200 {
			t.Fatalf("request_correction: %d %s", r.Status, r.Body)
		}
		st, fid := ta.upload(citizen, "平面图.pdf", []byte("%PDF-1.4\n%plan\n"))
		if st != 201 {
			t.Fatal("upload the plan")
		}
		r = ta.do("POST", path+"/actions", citizen, map[string]any{"action": "supplement",
			"materials": []map[string]any{{"key": "facilities", "files": []string{fid}}}})
		if r.Status != 200 {
			t.Fatalf("supplement: %d %s", r.Status, r.Body)
		}

		// Two clerks accept at once: exactly one wins.
		ta.do("GET", path, clerk, nil).json(t, &c)
		codes := make([]int, 2)
		var wg sync.WaitGroup
		for i := range codes {
			wg.Go(func() {
				codes[i] = ta.do("POST", path+"/actions", clerk, map[string]any{"action": "accept", "version": c.Version}).Status
			})
		}
		wg.Wait()
		if !(codes[0] == 200 && codes[1] == 409 || codes[0] == 409 && codes[1] == 200) {
			t.Errorf("two accepts at once: %v, want one 200 and one 409", codes)
		}

		// Review (two parallel steps), decide, mail.
		for _, op := range []string{"材料审查通过", "现场核查通过"} {
			if r := ta.do("POST", path+"/actions", reviewer, map[string]any{"action": "approve", "comment": op}); r.Status != 200 {
				t.Fatalf("review: %d %s", r.Status, r.Body)
			}
		}
		if r := ta.do("POST", path+"/actions", approver, map[string]any{"action": "approve", "comment": "同意"}); r.Status != 200 {
			t.Fatalf("decide: %d %s", r.Status, r.Body)
		}
		if r := ta.do("POST", path+"/actions", clerk, map[string]any{"action": "deliver"}); r.Status != 422 {
			t.Errorf("mail without a tracking number: %d, want 422", r.Status)
		}
		if r := ta.do("POST", path+"/actions", clerk, map[string]any{"action": "deliver", "tracking": "1187665432109"}); r.Status != 200 {
			t.Fatalf("deliver: %d %s", r.Status, r.Body)
		}

		ta.do("GET", path, citizen, nil).json(t, &c)
		if c.Status != "delivered" || c.Clock.Due == "" || !strings.Contains(c.Clock.DueExplain, "个工作日") {
			t.Errorf("the delivered case: %+v", c)
		}
		kinds := map[string]bool{}
		for _, d := range c.Documents {
			kinds[d.Kind] = true
		}
		for _, k := range []string{"correction_notice", "accept_notice", "grant_decision"} {
			if !kinds[k] {
				t.Errorf("no %s among %v", k, kinds)
			}
		}
		var actions []string
		for _, e := range c.Events {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, ","); got != "submit,request_correction,supplement,accept,approve,approve,approve,deliver" {
			t.Errorf("timeline %s", got)
		}

		// The grant decision as a PDF, and its public check without personal data.
		var grant struct {
			ID        int64
			CheckCode string
		}
		for _, d := range c.Documents {
			if d.Kind == "grant_decision" {
				grant.ID, grant.CheckCode = d.ID, d.CheckCode
			}
		}
		pdf := ta.do("GET", fmt.Sprintf("%s/documents/%d", path, grant.ID), citizen, nil)
		if pdf.Status != 200 || pdf.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf.Body, []byte("%PDF")) {
			t.Fatalf("decision PDF: %d %s", pdf.Status, pdf.Header.Get("Content-Type"))
		}
		if txt, err := pdfText(pdf.Body); err == nil && !strings.Contains(txt, "准予许可决定书") {
			t.Errorf("the decision PDF does not say 准予许可决定书:\n%s", txt)
		}
		chk := ta.do("GET", "/api/v1/check/"+grant.CheckCode, "", nil)
		if chk.Status != 200 || !strings.Contains(string(chk.Body), num) || strings.Contains(string(chk.Body), "扎西顿珠") {
			t.Errorf("public check: %d %s", chk.Status, chk.Body)
		}
		if r := ta.do("GET", "/api/v1/check/AAAAAAAAAAAA", "", nil); r.Status != 404 {
			t.Errorf("a forged check code: %d, want 404", r.Status)
		}

		// 好差评: once, a bad one goes to rectification.
		if r := ta.do("POST", path+"/rating", citizen, map[string]any{"score": 7}); r.Status != 422 {
			t.Errorf("score 7: %d, want 422", r.Status)
		}
		r = ta.do("POST", path+"/rating", citizen, map[string]any{"score": 2, "tags": []string{"多次跑腿"}, "comment": "补正了一次"})
		var rated struct {
			Level         string `json:"level"`
			Rectification int64  `json:"rectification_id"`
		}
		r.json(t, &rated)
		if r.Status != 201 || rated.Level != "不满意" || rated.Rectification == 0 {
			t.Errorf("a bad rating: %d %s", r.Status, r.Body)
		}
		if r := ta.do("POST", path+"/rating", citizen, map[string]any{"score": 5}); r.Status != 409 {
			t.Errorf("rating twice: %d, want 409", r.Status)
		}

		// The rating is in the figures at once, and on the public board
		// without anything personal.
		sup := ta.login("supervisor1")
		var rep struct {
			Indicators []struct {
				Key string `json:"key"`
				Num int64  `json:"numerator"`
				Den int64  `json:"denominator"`
			} `json:"indicators"`
		}
		ta.do("GET", "/api/v1/stats/indicators?region=533400", sup, nil).json(t, &rep)
		for _, in := range rep.Indicators {
			if in.Key == "bad_rate" && (in.Num != 1 || in.Den != 1) {
				t.Errorf("bad rate %d/%d after one bad rating, want 1/1", in.Num, in.Den)
			}
		}
		if r := ta.do("GET", "/api/v1/stats/indicators?region=533400", citizen, nil); r.Status != 403 {
			t.Errorf("a citizen reading the figures: %d, want 403", r.Status)
		}
		board := ta.do("GET", "/ratings/public?region=533400", "", nil)
		if body := string(board.Body); board.Status != 200 || !strings.Contains(body, "迪庆州市场监督管理局") ||
			strings.Contains(body, "补正了一次") || strings.Contains(body, "扎西顿珠") || strings.Contains(body, num) {
			t.Errorf("public board: %d\n%s", board.Status, body)
		}
		if r := ta.do("GET", "/ratings/public?region=533400&month=2026-13", "", nil); r.Status != 422 {
			t.Errorf("a month 13 on the board: %d, want 422", r.Status)
		}

		// Lists: the citizen's cases (demo cases included), the reviewer's empty-handed inbox total.
		var pg struct {
			Total int `json:"total"`
			Cases []struct {
				Number string `json:"number"`
			} `json:"cases"`
		}
		ta.do("GET", "/api/v1/cases?view=mine", citizen, nil).json(t, &pg)
		if pg.Total < 1 || len(pg.Cases) == 0 || pg.Cases[0].Number != num {
			t.Errorf("my cases: total %d, first %+v, want %s first", pg.Total, pg.Cases, num)
		}
		var msgs struct {
			Messages []struct{ Subject string } `json:"messages"`
		}
		ta.do("GET", "/api/v1/messages", citizen, nil).json(t, &msgs)
		if len(msgs.Messages) < 4 {
			t.Errorf("the citizen got %d messages, want one per step that concerns them", len(msgs.Messages))
		}
	})
}

// pdfText extracts a PDF's text with poppler's pdftotext when installed.
func pdfText(pdf []byte) (string, error) {
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	return string(out), err
}
