package app_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// postForm posts an HTML form with a bearer token (no CSRF token needed).
func (ta *testApp) postForm(path, token string, v url.Values) response {
	ta.t.Helper()
	req, _ := http.NewRequest("POST", ta.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

type schemeJSON struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Region  string `json:"region_code"`
	Version int    `json:"version"`
}

// A supervisor makes a scheme through the API, ranks the demo's
// departments, exports the ranking and edits the scheme on the page;
// the refusals change nothing.
func TestRankAPI(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		sup, citizen, approver := ta.login("supervisor1"), ta.login("citizen1"), ta.login("approver1")

		var list struct {
			Schemes []schemeJSON `json:"schemes"`
			Choices []struct {
				Key, Rule string
			} `json:"choices"`
		}
		r := ta.do("GET", "/api/v1/rank/schemes", sup, nil)
		r.json(t, &list)
		if r.Status != 200 || len(list.Schemes) != 1 || list.Schemes[0].Region != "533400" || len(list.Choices) < 20 {
			t.Fatalf("schemes: %d %s", r.Status, r.Body)
		}
		if r := ta.do("GET", "/api/v1/rank/schemes", citizen, nil); r.Status != 403 {
			t.Errorf("a citizen lists schemes: %d", r.Status)
		}
		if r := ta.do("GET", "/api/v1/rank/schemes/"+strconv.FormatInt(list.Schemes[0].ID, 10), approver, nil); r.Status != 404 {
			t.Errorf("a department's approver reads the prefecture's scheme: %d", r.Status)
		}

		body := map[string]any{"region_code": "533400", "name": "收件量排名", "subject": "dept",
			"indicators": []map[string]any{{"indicator": "received", "weight": 10}, {"indicator": "online_share", "weight": 0}}}
		r = ta.do("POST", "/api/v1/rank/schemes", sup, body)
		var prob struct {
			Errors []struct{ Location, Message string }
		}
		r.json(t, &prob)
		if r.Status != 422 || len(prob.Errors) != 1 || prob.Errors[0].Location != "body.indicators[1].weight" {
			t.Fatalf("a zero weight: %d %s", r.Status, r.Body)
		}
		if r := ta.do("POST", "/api/v1/rank/schemes", approver, body); r.Status != 403 {
			t.Errorf("an approver makes a scheme: %d", r.Status)
		}
		body["indicators"] = []map[string]any{{"indicator": "received", "weight": 10}}
		r = ta.do("POST", "/api/v1/rank/schemes", sup, body)
		var sc schemeJSON
		r.json(t, &sc)
		if r.Status != 201 || sc.ID == 0 || sc.Version != 1 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		path := "/api/v1/rank/schemes/" + strconv.FormatInt(sc.ID, 10)

		// The live ranking: the market regulator received the demo cases.
		var rk struct {
			Title string `json:"title"`
			Rows  []struct {
				Name  string  `json:"name"`
				Rank  int     `json:"rank"`
				Score float64 `json:"score"`
			} `json:"rows"`
		}
		r = ta.do("GET", path+"/ranking", sup, nil)
		r.json(t, &rk)
		if r.Status != 200 || len(rk.Rows) < 2 || rk.Rows[0].Name != "迪庆州市场监督管理局" || rk.Rows[0].Rank != 1 ||
			rk.Rows[0].Score != 100 || rk.Rows[1].Rank != 0 || !strings.Contains(rk.Title, "收件量排名（迪庆藏族自治州本级部门") {
			t.Fatalf("ranking: %d %s", r.Status, r.Body)
		}
		if r := ta.do("GET", path+"/ranking?from=2026-13-01", sup, nil); r.Status != 422 {
			t.Errorf("a bad date: %d", r.Status)
		}
		if r := ta.do("GET", path+"/snapshots?period=week", sup, nil); r.Status != 404 {
			t.Errorf("nothing kept yet: %d %s", r.Status, r.Body)
		}

		// Excel: the title names the scheme, scope and period; the first row is rank 1.
		r = ta.do("GET", path+"/ranking.xlsx", sup, nil)
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "ranking.xlsx") {
			t.Fatalf("xlsx: %d %s", r.Status, r.Header)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		title, _ := f.GetCellValue("排名", "A1")
		head, _ := f.GetCellValue("排名", "F2")
		rank1, _ := f.GetCellValue("排名", "A3")
		unit, _ := f.GetCellValue("排名", "C3")
		score, _ := f.GetCellValue("排名", "D3")
		if title != rk.Title || head != "收件量" || rank1 != "1" || unit != "迪庆州市场监督管理局" || score != "100.00" {
			t.Errorf("xlsx: title %q, F2 %q, row 3: %q %q %q", title, head, rank1, unit, score)
		}
		f.Close()

		// Optimistic concurrency: the second edit from version 1 loses.
		upd := map[string]any{"name": "收件量排名（修订）", "subject": "dept", "version": 1,
			"indicators": []map[string]any{{"indicator": "received", "weight": 10}, {"indicator": "ontime_rate", "weight": 5}}}
		if r := ta.do("PUT", path, sup, upd); r.Status != 200 {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		if r := ta.do("PUT", path, sup, upd); r.Status != 409 {
			t.Errorf("stale update: %d %s", r.Status, r.Body)
		}

		// The pages: the list, the ranking with its Excel link, and the
		// form, whose refused save keeps the rows and names the bad one.
		page := ta.do("GET", "/rank/schemes", sup, nil)
		if page.Status != 200 || !strings.Contains(string(page.Body), "收件量排名（修订）") {
			t.Errorf("list page: %d", page.Status)
		}
		page = ta.do("GET", "/rank/schemes/"+strconv.FormatInt(sc.ID, 10)+"/ranking?view=live", sup, nil)
		if s := string(page.Body); page.Status != 200 || !strings.Contains(s, `<meter min="0" max="100" value="100">`) ||
			!strings.Contains(s, "/api/v1/rank/schemes/"+strconv.FormatInt(sc.ID, 10)+"/ranking.xlsx?from=") ||
			!strings.Contains(s, "/supervision?dept=") {
			t.Errorf("ranking page: %d %s", page.Status, s)
		}
		page = ta.do("GET", "/rank/schemes/"+strconv.FormatInt(sc.ID, 10)+"/ranking", sup, nil)
		if page.Status != 200 || !strings.Contains(string(page.Body), "尚无保存的周排名") {
			t.Errorf("weekly ranking page with nothing kept: %d", page.Status)
		}
		form := url.Values{"name": {"收件量排名（修订）"}, "subject": {"dept"}, "active": {"true"}, "version": {"2"},
			"indicator_0": {"received"}, "weight_0": {"10"}, "indicator_1": {""}, "weight_1": {""},
			"indicator_2": {"good_rate"}, "weight_2": {"abc"}}
		page = ta.postForm("/rank/schemes/"+strconv.FormatInt(sc.ID, 10), sup, form)
		if s := string(page.Body); page.Status != 422 || !strings.Contains(s, "第 3 行的权重“abc”不是数字") || !strings.Contains(s, `value="abc"`) {
			t.Errorf("refused form: %d", page.Status)
		}
		form.Set("weight_2", "20")
		page = ta.postForm("/rank/schemes/"+strconv.FormatInt(sc.ID, 10), sup, form)
		if page.Status != 303 {
			t.Fatalf("form save: %d %s", page.Status, page.Body)
		}
		ta.do("GET", path, sup, nil).json(t, &sc)
		if sc.Version != 3 {
			t.Errorf("after the form: version %d", sc.Version)
		}
		if page := ta.do("GET", "/rank/schemes/new", approver, nil); page.Status != 403 {
			t.Errorf("an approver opens the new-scheme form: %d", page.Status)
		}
	})
}
