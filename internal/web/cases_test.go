package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

// The case pages are tested on the whole application with the demo data
// (internal/web cannot start it itself: app imports web), through cookie
// sessions and CSRF tokens as a browser uses them.

const foodItem = "010260100000-533400" // 食品经营许可, the demo cases' item

// caseUser is a browser-like client logged in as one demo account.
type caseUser struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

func demoSite(t *testing.T, fn func(t *testing.T, base string)) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			a, err := app.New(context.Background(), app.Config{DataDir: t.TempDir(), DSN: sqltest.DSN(t, e), Demo: true, Logger: log})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(a.Handler())
			t.Cleanup(func() { srv.Close(); a.Close() })
			fn(t, srv.URL)
		})
	}
}

// login logs user in through the login form ("" stays anonymous).
func login(t *testing.T, base, user string) *caseUser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	u := &caseUser{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	if user == "" {
		return u
	}
	res, err := u.c.PostForm(base+"/login", url.Values{"username": {user}, "password": {app.DemoPassword}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %d", user, res.StatusCode)
	}
	_, body := u.get("/cases")
	m := regexp.MustCompile(`name="csrf-token" content="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token for %s", user)
	}
	u.csrf = m[1]
	return u
}

func (u *caseUser) do(req *http.Request) (int, string, string) {
	u.t.Helper()
	res, err := u.c.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), html.UnescapeString(string(b))
}

func (u *caseUser) get(path string, cookies ...string) (int, string) {
	u.t.Helper()
	req, _ := http.NewRequest("GET", u.base+path, nil)
	for _, c := range cookies {
		req.Header.Add("Cookie", c)
	}
	status, _, body := u.do(req)
	return status, body
}

func (u *caseUser) post(path string, v url.Values) (int, string, string) {
	u.t.Helper()
	v.Set("csrf_token", u.csrf)
	req, _ := http.NewRequest("POST", u.base+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return u.do(req)
}

// upload is one file of a multipart post.
type upload struct {
	field, name, typ string
	data             []byte
}

func (u *caseUser) multipart(path string, v url.Values, files ...upload) (int, string, string) {
	u.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("csrf_token", u.csrf)
	for k, vals := range v {
		for _, x := range vals {
			w.WriteField(k, x)
		}
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, f.field, f.name))
		h.Set("Content-Type", f.typ)
		p, _ := w.CreatePart(h)
		p.Write(f.data)
	}
	w.Close()
	req, _ := http.NewRequest("POST", u.base+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return u.do(req)
}

func pdf(name string) []byte {
	return []byte("%PDF-1.4\n% " + name + "\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// foodForm is a correct food licence application as the page posts it.
func foodForm() url.Values {
	return url.Values{
		"f.org_name": {"香格里拉市测试小吃店"}, "f.credit_code": {validate.MakeCreditCode("92533401MA6999001")},
		"f.legal_rep": {"扎西顿珠"}, "f.legal_rep_id": {validate.MakeIDNumber("533401", time.Date(1988, 5, 12, 0, 0, 0, 0, time.UTC), 21)},
		"f.phone": {"0887-8221234"}, "f.address": {"云南省迪庆州香格里拉市建塘镇长征路 20 号"}, "f.format": {"餐饮服务经营者"},
		"f.items": {"热食类食品制售"}, "f.area": {"60"}, "f.safety_officer": {"卓玛"},
		"t.staff.0.name": {"卓玛"}, "t.staff.0.id_number": {validate.MakeIDNumber("533401", time.Date(1992, 3, 8, 0, 0, 0, 0, time.UTC), 44)},
		"t.staff.0.health_cert_no": {"JK2026-0999"}, "t.staff.0.health_cert_until": {"2027-06-30"}, "t.staff.0.post": {"厨师"},
		"t.staff.1.name": {""}, "t.staff.1.id_number": {""}, "t.staff.1.health_cert_no": {""}, "t.staff.1.health_cert_until": {""}, "t.staff.1.post": {""},
		"pledge.rules": {"1"}, "delivery.method": {"pickup"},
	}
}

func foodFiles() []upload {
	return []upload{
		{"file.application", "申请书.pdf", "application/pdf", pdf("申请书")},
		{"file.biz_licence", "营业执照.pdf", "application/pdf", pdf("营业执照")},
		{"file.facilities", "布局图.pdf", "application/pdf", pdf("布局图")},
	}
}

func must(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func mustNot(t *testing.T, what, body string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(body, w) {
			t.Errorf("%s shows %q", what, w)
		}
	}
}

var caseLink = regexp.MustCompile(`^/cases/([0-9-]+)\?flash=`)

func TestCasePagesJourney(t *testing.T) {
	demoSite(t, func(t *testing.T, base string) {
		citizen, clerk, reviewer := login(t, base, "citizen1"), login(t, base, "clerk1"), login(t, base, "reviewer1")
		anon := login(t, base, "")

		// The application page: the form, one row per material, pledge
		// only where the item allows it, the delivery choice.
		status, page := citizen.get("/items/" + foodItem + "/apply")
		if status != 200 {
			t.Fatalf("apply page: %d\n%s", status, page)
		}
		must(t, "apply page", page, `enctype="multipart/form-data"`, `name="f.org_name"`, `name="t.staff.0.name"`,
			`name="file.application" multiple accept=".pdf,.jpg,.jpeg,.png,.ofd"`, `name="pledge.rules"`,
			`name="delivery.method" value="mail"`, `name="delivery.address"`, "提交申请", "保存草稿", "item_form.js")
		mustNot(t, "apply page", page, `name="pledge.application"`, `name="deferred.`, `name="paper.`, `name="ob.name"`)
		// Others keep the public preview; the guide offers the application.
		for _, u := range []*caseUser{anon, clerk} {
			if status, page := u.get("/items/" + foodItem + "/apply"); status != 200 || !strings.Contains(page, "在线填报（预览）") {
				t.Errorf("preview: %d", status)
			}
		}
		_, page = citizen.get("/items/" + foodItem)
		must(t, "guide", page, `href="/items/`+foodItem+`/apply">在线申请`)
		_, page = clerk.get("/items/" + foodItem)
		must(t, "guide for a clerk", page, `href="/window/intake?item=`+foodItem+`"`)

		// Everything missing: every problem at once, values kept.
		status, _, page = citizen.multipart("/items/"+foodItem+"/apply", url.Values{"f.org_name": {"香格里拉市测试小吃店"},
			"delivery.method": {"mail"}})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("empty application: %d\n%s", status, page)
		}
		must(t, "problems", page, "以下内容需要修改", "“统一社会信用代码”", "“营业执照”：必须提交", "“食品经营许可申请书”",
			"或选择告知承诺", "请填写邮寄地址", `value="香格里拉市测试小吃店"`, `href="#af-materials-biz_licence"`,
			`id="af-materials-biz_licence"`, `href="#af-delivery-address"`)
		if n := strings.Count(page, `<li><a href="#af-`); n < 10 {
			t.Errorf("only %d problems listed", n)
		}

		// A refused file: said at its material, the good file kept.
		v := foodForm()
		status, _, page = citizen.multipart("/items/"+foodItem+"/apply", v,
			upload{"file.application", "申请书.pdf", "application/pdf", pdf("申请书")},
			upload{"file.biz_licence", "执照.txt", "text/plain", []byte("not a pdf")})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("bad file: %d", status)
		}
		must(t, "refused file", page, "文件“执照.txt”只能上传 PDF、JPEG、PNG 或 OFD 文件", `name="keep.application"`, "申请书.pdf",
			"已上传的文件已保留")
		kept := regexp.MustCompile(`name="keep.application" value="([0-9a-f]{32})"`).FindStringSubmatch(page)
		if kept == nil {
			t.Fatal("no kept file")
		}

		// The whole application, the kept file counting: a case.
		v = foodForm()
		v.Set("keep.application", kept[1])
		files := foodFiles()[1:]
		status, loc, page := citizen.multipart("/items/"+foodItem+"/apply", v, files...)
		m := caseLink.FindStringSubmatch(loc)
		if status != http.StatusSeeOther || m == nil {
			t.Fatalf("application: %d %s\n%s", status, loc, page)
		}
		number := m[1]
		status, page = citizen.get("/cases/" + number)
		if status != 200 {
			t.Fatalf("case page: %d", status)
		}
		must(t, "case page", page, number, "待受理", "受理期限", "收件 ", "申请书.pdf", "营业执照.pdf", "告知承诺",
			"取件码", "撤回申请", "办理过程", "提交申请")
		if !regexp.MustCompile(`<strong class="mono">\d{6}</strong>`).MatchString(page) {
			t.Error("the applicant does not see the pickup code")
		}
		_, page = citizen.get("/cases")
		must(t, "my cases", page, number, "我的办件", "待受理")

		// The clerk: the inbox, the case with the front desk's forms.
		_, page = clerk.get("/cases")
		must(t, "inbox", page, "待办任务", number, "本环节期限")
		_, page = clerk.get("/cases/" + number)
		must(t, "clerk's case", page, `name="action" value="accept"`, "一次性告知补正", `name="p.2.problem"`, "决定不予受理")
		mustNot(t, "clerk's case", page, "撤回申请", `<strong class="mono">`)
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		status, loc, page = clerk.post("/cases/"+number+"/actions", url.Values{"action": {"accept"}, "version": {version}})
		if status != http.StatusSeeOther || !strings.Contains(loc, "flash=") {
			t.Fatalf("accept: %d %s\n%s", status, loc, page)
		}
		_, page = clerk.get(loc)
		must(t, "accepted", page, "已受理", "办理中", "受理通知书", "办结期限", "受理 ")
		// A second clerk acting on the page they loaded before: told, not applied.
		status, _, page = clerk.post("/cases/"+number+"/actions", url.Values{"action": {"refuse"}, "version": {version},
			"reason": {"x"}, "legal_basis": {"y"}})
		if status != http.StatusConflict {
			t.Fatalf("stale version: %d", status)
		}
		must(t, "stale version", page, "办件已被他人处理")

		// The reviewer sees the parallel steps with their forms.
		_, page = reviewer.get("/cases/" + number)
		must(t, "reviewer's case", page, "材料审查", "现场核查", `name="action" value="approve"`, `name="action" value="claim"`)
		mustNot(t, "reviewer's case", page, `name="action" value="accept"`)

		// The public check of the acceptance notice: no applicant.
		code := regexp.MustCompile(`href="/check/([A-Z0-9]+)"`).FindStringSubmatch(page)
		if code == nil {
			t.Fatal("no check code on the case page")
		}
		status, page = anon.get("/check/" + code[1])
		if status != 200 {
			t.Fatalf("check: %d", status)
		}
		must(t, "check", page, "文书真实有效", "受理通知书", number, "迪庆州市场监督管理局", "办理中")
		mustNot(t, "check", page, "扎西顿珠", "扎*", "香格里拉市测试小吃店")
		if status, page = anon.get("/check/NOPE2345"); status != http.StatusNotFound || !strings.Contains(page, "未找到该文书") {
			t.Errorf("unknown code: %d", status)
		}
		if status, _ := anon.get("/check"); status != 200 {
			t.Errorf("check form: %d", status)
		}

		// Messages: unread first, then all read.
		_, page = citizen.get("/messages")
		must(t, "messages", page, "您的申请已受理", "msg-unread", "全部标为已读")
		if status, loc, _ := citizen.post("/messages/read", url.Values{}); status != http.StatusSeeOther {
			t.Errorf("mark read: %d %s", status, loc)
		}
		_, page = citizen.get("/messages")
		mustNot(t, "messages after reading", page, "msg-unread")

		// English.
		_, page = citizen.get("/cases", "ow_lang=en")
		must(t, "English list", page, "My cases", "In review")
	})
}

func TestCaseCorrectionAndIntake(t *testing.T) {
	demoSite(t, func(t *testing.T, base string) {
		citizen, clerk := login(t, base, "citizen1"), login(t, base, "clerk1")
		// The demo case waiting for acceptance.
		_, page := clerk.get("/cases?view=hall&status=submitted")
		m := regexp.MustCompile(`href="/cases/([0-9-]+)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no submitted case in the hall list:\n%s", page)
		}
		number := m[1]
		_, page = clerk.get("/cases/" + number)
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		// 增加一行 without scripts: a fourth row, what was typed kept.
		v := url.Values{"action": {"request_correction"}, "version": {version}, "op": {"add-problem"},
			"p.0.material": {"facilities"}, "p.0.problem": {"布局图不清晰，请重新扫描"}, "p.1.material": {""}, "p.1.problem": {""},
			"p.2.material": {""}, "p.2.problem": {""}}
		status, _, page := clerk.post("/cases/"+number+"/actions", v)
		if status != 200 {
			t.Fatalf("add row: %d", status)
		}
		must(t, "rows", page, `name="p.3.problem"`, "布局图不清晰，请重新扫描", `<option value="facilities" selected>`)
		// Nothing written: an error beside the form.
		v.Del("op")
		v.Set("p.0.problem", "")
		status, _, page = clerk.post("/cases/"+number+"/actions", v)
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("no problems: %d", status)
		}
		must(t, "no problems", page, "第 1 项：请写明问题和补正要求", "act-correct\" open")
		v.Set("p.0.problem", "布局图不清晰，请重新扫描")
		v.Set("p.1.problem", "经营场所面积与执照不一致")
		status, loc, page := clerk.post("/cases/"+number+"/actions", v)
		if status != http.StatusSeeOther {
			t.Fatalf("correction: %d\n%s", status, page)
		}
		_, page = clerk.get(loc)
		must(t, "correction", page, "补正中", "已一次性告知需补正的内容", "布局图不清晰，请重新扫描", "申请表", "补正材料告知书")
		// The applicant supplements: the form again, the files kept.
		_, page = citizen.get("/cases/" + number)
		must(t, "applicant's correction", page, "需要补正的内容", `name="action" value="supplement"`, `name="f.area"`,
			`name="keep.facilities"`, `name="file.facilities"`)
		version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		sv := url.Values{"action": {"supplement"}, "version": {version}}
		for _, mm := range regexp.MustCompile(`name="(f\.[a-z_]+|t\.staff\.\d+\.[a-z_]+)"[^>]*value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
			sv.Set(mm[1], mm[2])
		}
		for _, mm := range regexp.MustCompile(`<textarea id="af-[a-z_]+" name="(f\.[a-z_]+)"[^>]*>([^<]*)</textarea>`).FindAllStringSubmatch(page, -1) {
			sv.Set(mm[1], mm[2])
		}
		for _, mm := range regexp.MustCompile(`<select id="af-[a-z_0-9-]+" name="([a-z_.0-9]+)"[^>]*>.*?<option value="([^"]*)" selected>`).FindAllStringSubmatch(page, -1) {
			sv.Set(mm[1], mm[2])
		}
		for _, mm := range regexp.MustCompile(`name="(keep\.[a-z_]+)" value="([0-9a-f]+)"`).FindAllStringSubmatch(page, -1) {
			if mm[1] != "keep.facilities" {
				sv.Add(mm[1], mm[2])
			}
		}
		sv.Set("pledge.rules", "1")
		sv.Set("f.area", "90")
		status, loc, page = citizen.multipart("/cases/"+number+"/actions", sv,
			upload{"file.facilities", "新布局图.pdf", "application/pdf", pdf("新布局图")})
		if status != http.StatusSeeOther {
			t.Fatalf("supplement: %d\n%s", status, page)
		}
		_, page = citizen.get(loc)
		must(t, "supplemented", page, "补正材料已提交", "待受理", "新布局图.pdf")

		// The walk-in intake: find the item, then file for the applicant.
		_, page = clerk.get("/window/intake?q=" + url.QueryEscape("食品经营许可"))
		must(t, "intake search", page, `href="/window/intake?item=`+foodItem+`"`)
		_, page = clerk.get("/window/intake?item=" + foodItem)
		must(t, "intake form", page, `name="ob.name"`, `name="ob.id_number"`, `name="paper.application"`, `name="item" value="`+foodItem+`"`)
		iv := foodForm()
		iv.Set("item", foodItem)
		iv.Set("ob.kind", "person")
		iv.Set("ob.name", "格桑")
		iv.Set("ob.id_number", validate.MakeIDNumber("533401", time.Date(1979, 9, 1, 0, 0, 0, 0, time.UTC), 77))
		iv.Set("ob.phone", "13988771234")
		for _, k := range []string{"application", "biz_licence", "facilities"} {
			iv.Set("paper."+k, "1")
		}
		status, loc, page = clerk.multipart("/window/intake", iv)
		m = caseLink.FindStringSubmatch(loc)
		if status != http.StatusSeeOther || m == nil {
			t.Fatalf("intake: %d %s\n%s", status, loc, page)
		}
		_, page = clerk.get("/cases/" + m[1])
		must(t, "window case", page, "格桑", "窗口收件", "纸质原件已核验", `name="action" value="accept"`)
		// A wrong ID number is said beside the identity.
		iv.Set("ob.id_number", "533401197909010000")
		status, _, page = clerk.multipart("/window/intake", iv)
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("bad identity: %d", status)
		}
		must(t, "bad identity", page, `href="#af-on_behalf_of-id_number"`, `value="格桑"`)
	})
}
