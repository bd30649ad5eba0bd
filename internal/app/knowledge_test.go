package app_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/app"
)

type kbArticleJSON struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Status    string `json:"status"`
	Stale     bool   `json:"stale"`
	Uses      int64  `json:"uses"`
	Version   int    `json:"version"`
	ReviewDue string `json:"review_due"`
	DeptName  string `json:"dept_name"`
	Snippet   string `json:"snippet"`
	CanEdit   bool   `json:"can_edit"`
	Versions  []struct {
		Version int    `json:"version"`
		Action  string `json:"action"`
	} `json:"versions"`
}

type kbPageJSON struct {
	Articles []kbArticleJSON `json:"articles"`
	Next     string          `json:"next_cursor"`
}

// TestKnowledgeAPI searches the demo knowledge base as a hotline agent
// and maintains an article as its department's approver, with the
// refusals on the way: a stranger (403), bad input (422, nothing made),
// another department's article (403), a stale version (409).
func TestKnowledgeAPI(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		agent, approver, reviewer, citizen := ta.login("hotline1"), ta.login("approver1"), ta.login("reviewer1"), ta.login("citizen1")
		var pg kbPageJSON
		r := ta.do("GET", "/api/v1/knowledge?q="+url.QueryEscape("执照"), agent, nil)
		r.json(t, &pg)
		if r.Status != 200 || len(pg.Articles) < 2 || !strings.Contains(pg.Articles[0].Title, "执照") {
			t.Fatalf("执照: %d %s", r.Status, r.Body)
		}
		if r := ta.do("GET", "/api/v1/knowledge?q=x", citizen, nil); r.Status != 403 {
			t.Errorf("a citizen searches: %d", r.Status)
		}
		// The demo's stale article is flagged.
		r = ta.do("GET", "/api/v1/knowledge?stale=true", agent, nil)
		r.json(t, &pg)
		if r.Status != 200 || len(pg.Articles) != 1 || !pg.Articles[0].Stale || pg.Articles[0].Title != "结婚登记需要带什么" {
			t.Errorf("stale list: %d %s", r.Status, r.Body)
		}
		// Bad input: every problem, nothing made.
		r = ta.do("POST", "/api/v1/knowledge", approver, map[string]any{"title": strings.Repeat("长", 101), "answer": ""})
		if r.Status != 422 || !strings.Contains(r.detail(), "标题") || !strings.Contains(r.detail(), "答复口径") {
			t.Errorf("bad article: %d %s", r.Status, r.Body)
		}
		r = ta.do("GET", "/api/v1/knowledge?status=draft", approver, nil)
		r.json(t, &pg)
		if len(pg.Articles) != 0 {
			t.Errorf("a refused article was saved: %s", r.Body)
		}
		if r := ta.do("POST", "/api/v1/knowledge", reviewer, map[string]any{"title": "审查人员", "answer": "无权"}); r.Status != 403 {
			t.Errorf("a reviewer creates: %d", r.Status)
		}
		// Create, publish, edit with a stale version, confirm.
		var a kbArticleJSON
		r = ta.do("POST", "/api/v1/knowledge", approver, map[string]any{"title": "药品经营许可证怎么换证",
			"keywords": []string{"药店换证"}, "answer": "有效期届满前六个月内申请换发。"})
		r.json(t, &a)
		if r.Status != 200 || a.Status != "draft" || a.DeptName != "迪庆州市场监督管理局" {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		if r := ta.do("GET", fmt.Sprintf("/api/v1/knowledge/%d", a.ID), agent, nil); r.Status != 404 {
			t.Errorf("an agent reads a draft: %d", r.Status)
		}
		r = ta.do("POST", fmt.Sprintf("/api/v1/knowledge/%d/publish", a.ID), approver, map[string]any{"version": a.Version})
		r.json(t, &a)
		if r.Status != 200 || a.Status != "published" || a.ReviewDue == "" {
			t.Fatalf("publish: %d %s", r.Status, r.Body)
		}
		r = ta.do("PUT", fmt.Sprintf("/api/v1/knowledge/%d", a.ID), approver, map[string]any{"title": "药品经营许可证换证",
			"answer": "旧版本", "version": a.Version - 1})
		if r.Status != 409 {
			t.Errorf("stale version: %d %s", r.Status, r.Body)
		}
		r = ta.do("GET", "/api/v1/knowledge?q="+url.QueryEscape("药店"), agent, nil)
		r.json(t, &pg)
		if len(pg.Articles) != 1 || pg.Articles[0].ID != a.ID {
			t.Errorf("the new article by its keyword: %s", r.Body)
		}
		r = ta.do("GET", fmt.Sprintf("/api/v1/knowledge/%d", a.ID), approver, nil)
		r.json(t, &a)
		if !a.CanEdit || len(a.Versions) != 2 || a.Versions[0].Action != "publish" {
			t.Errorf("detail: %s", r.Body)
		}
		// Another department's article: readable, not changeable.
		r = ta.do("GET", "/api/v1/knowledge?q="+url.QueryEscape("社保卡补办"), approver, nil)
		r.json(t, &pg)
		if len(pg.Articles) == 0 {
			t.Fatalf("社保卡补办: %s", r.Body)
		}
		other := pg.Articles[0]
		r = ta.do("PUT", fmt.Sprintf("/api/v1/knowledge/%d", other.ID), approver, map[string]any{"title": "改", "answer": "改", "version": other.Version})
		if r.Status != 403 {
			t.Errorf("another department's article: %d %s", r.Status, r.Body)
		}
		if r := ta.do("POST", fmt.Sprintf("/api/v1/knowledge/%d/retire", other.ID), approver, map[string]any{"version": other.Version}); r.Status != 403 {
			t.Errorf("retire another department's article: %d", r.Status)
		}
	})
}

// webClient logs user in through the login page and returns the client
// and the page's CSRF token.
func webClient(t *testing.T, ta *testApp, user string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(ta.srv.URL+"/login", url.Values{"username": {user}, "password": {app.DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	i := strings.Index(string(body), `name="csrf-token" content="`)
	if res.StatusCode != 200 || i < 0 {
		t.Fatalf("login %s: %d", user, res.StatusCode)
	}
	token := string(body)[i+len(`name="csrf-token" content="`):]
	return c, token[:strings.IndexByte(token, '"')]
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestKnowledgePages: an agent searches on the call page (results in
// place, an answer to copy); the department's approver writes and
// publishes an article through the forms and sees its review list.
func TestKnowledgePages(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		agent, _ := webClient(t, ta, "hotline1")
		st, body := get(t, agent, ta.srv.URL+"/knowledge?q="+url.QueryEscape("公积金"))
		if st != 200 || !strings.Contains(body, "住房公积金提取") || !strings.Contains(body, `id="kb-results"`) ||
			!strings.Contains(body, "autofocus") || !strings.Contains(body, "复制答复") || !strings.Contains(body, `hx-get="/knowledge"`) {
			t.Fatalf("search page: %d\n%s", st, body)
		}
		if st, body := get(t, agent, ta.srv.URL+"/knowledge?stale=1"); st != 200 || !strings.Contains(body, "结婚登记需要带什么") || !strings.Contains(body, "kb-stale") {
			t.Errorf("stale view: %d", st)
		}
		if st, _ := get(t, agent, ta.srv.URL+"/knowledge/new"); st != 403 {
			t.Errorf("an agent opens the edit form: %d", st)
		}

		editor, csrf := webClient(t, ta, "approver1")
		// A refused form keeps what was typed and changes nothing.
		res, err := editor.PostForm(ta.srv.URL+"/knowledge/new", url.Values{"csrf_token": {csrf}, "title": {"个体户年报"}, "answer": {""}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 422 || !strings.Contains(string(b), "个体户年报") || !strings.Contains(string(b), "请填写答复口径") {
			t.Errorf("refused form: %d", res.StatusCode)
		}
		res, err = editor.PostForm(ta.srv.URL+"/knowledge/new", url.Values{"csrf_token": {csrf}, "title": {"个体户年报怎么报"},
			"keywords": {"个体工商户年报\n年度报告"}, "answer": {"每年 1 月 1 日至 6 月 30 日通过国家企业信用信息公示系统报送。\n\n也可到市场监管窗口咨询。"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ = io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(res.Request.URL.Path, "/knowledge/") || !strings.Contains(string(b), "草稿") {
			t.Fatalf("create: %d %s", res.StatusCode, res.Request.URL)
		}
		path := res.Request.URL.Path
		res, _ = editor.PostForm(ta.srv.URL+path+"/publish", url.Values{"csrf_token": {csrf}, "version": {"1"}})
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Request.URL.RawQuery, "flash=") {
			t.Errorf("publish: %d %s", res.StatusCode, res.Request.URL)
		}
		if st, body := get(t, editor, ta.srv.URL+path+"/edit"); st != 200 || !strings.Contains(body, "个体户年报怎么报") || !strings.Contains(body, "年度报告") {
			t.Errorf("edit form: %d", st)
		}
		// An edit from the form read before publishing: 409, the typed text kept.
		res, _ = editor.PostForm(ta.srv.URL+path+"/edit", url.Values{"csrf_token": {csrf}, "version": {"1"},
			"title": {"个体户年报怎么报送"}, "answer": {"过时的修改"}})
		b, _ = io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 409 || !strings.Contains(string(b), "过时的修改") {
			t.Errorf("stale edit: %d", res.StatusCode)
		}
		if st, body := get(t, agent, ta.srv.URL+"/knowledge?q="+url.QueryEscape("年报")); st != 200 || !strings.Contains(body, "个体户年报怎么报") {
			t.Errorf("the agent finds the new article: %d", st)
		}
		if st, body := get(t, editor, ta.srv.URL+"/knowledge/review"); st != 200 || !strings.Contains(body, "待复核") {
			t.Errorf("review list: %d", st)
		}
		if st, _ := get(t, agent, ta.srv.URL+"/knowledge/review"); st != 403 {
			t.Errorf("an agent's review list: %d", st)
		}
	})
}
