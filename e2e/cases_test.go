package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/e2e/browser"
	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/demo"
	"github.com/onewindow/onewindow/internal/sqlstore"
)

// TestCaseJourney takes one application all the way in the browser: the
// citizen applies online for 食品经营许可 with uploaded scans; the clerk
// asks for a correction; the citizen supplements; the clerk accepts; the
// reviewer approves both parallel steps and the approver grants; the clerk
// mails the result; the citizen sees it delivered and downloads the
// decision. It runs on SQLite (the same journey runs on both engines
// through the API in internal/app).
func TestCaseJourney(t *testing.T) {
	base := startApp(t, sqlstore.SQLite)
	b := browser.New(t)
	shot := screenshotter(t, b, true)
	dir := t.TempDir()
	scan := func(name string) string {
		p := filepath.Join(dir, name)
		body := fmt.Sprintf("%%PDF-1.4\n%% %s\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n", name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	// The citizen applies online.
	signIn(t, b, base, "citizen1", app.DemoPassword)
	b.Navigate(base + "/items/" + demo.FoodLicence + "/apply")
	b.WaitVisible("#apply-form")
	form := demo.FoodForm("香格里拉市格桑花餐厅", 77)
	for _, k := range []string{"org_name", "credit_code", "legal_rep", "legal_rep_id", "phone", "address", "safety_officer"} {
		b.Fill("#af-"+k, fmt.Sprint(form[k]))
	}
	b.Fill("#af-area", "86")
	selectValue(b, "#af-format", "餐饮服务经营者")
	selectValue(b, "#af-items", "热食类食品制售")
	staff := form["staff"].([]any)[0].(map[string]any)
	for _, k := range []string{"name", "id_number", "health_cert_no"} {
		b.Fill("#af-staff-0-"+k, fmt.Sprint(staff[k]))
	}
	setValue(b, "#af-staff-0-health_cert_until", fmt.Sprint(staff["health_cert_until"]))
	selectValue(b, "#af-staff-0-post", "食品安全管理员")
	b.SetFiles(`input[name="file.application"]`, scan("申请书.pdf"))
	b.SetFiles(`input[name="file.biz_licence"]`, scan("营业执照.pdf"))
	b.SetFiles(`input[name="file.facilities"]`, scan("布局.pdf"))
	tick(b, `input[name="pledge.rules"]`)
	tick(b, `input[name="delivery.method"][value="mail"]`)
	b.Fill("#af-delivery-address", "云南省迪庆州香格里拉市建塘镇长征路 18 号")
	b.Fill("#af-delivery-recipient", "扎西顿珠")
	b.Fill("#af-delivery-phone", "13988770021")
	shot("case-apply")
	b.Click(".apply-submit button.primary")
	b.WaitJS(`location.pathname.indexOf("/cases/") === 0 && document.readyState === "complete"`)
	number := strings.TrimPrefix(b.Path(), "/cases/")
	if st := b.Text(".case-head .st"); !strings.Contains(st, "待受理") {
		t.Fatalf("after applying, %s is %q, want 待受理", number, st)
	}
	shot("case-submitted")
	signOut(t, b)

	// The clerk finds it in the inbox and asks for a correction, listing two problems at once.
	signIn(t, b, base, "clerk1", app.DemoPassword)
	b.Navigate(base + "/cases")
	b.WaitVisible(fmt.Sprintf(`a[href="/cases/%s"]`, number))
	shot("cases-inbox-clerk")
	b.Navigate(base + "/cases/" + number)
	b.Click("#act-correct summary")
	selectValue(b, `select[name="p.0.material"]`, "facilities")
	b.Fill(`textarea[name="p.0.problem"]`, "缺少厨房布局平面图，请补充标明各功能区面积的平面图")
	b.Fill(`textarea[name="p.1.problem"]`, "经营场所面积与营业执照登记不一致，请核对")
	b.Click("#act-correct button.primary")
	waitStatus(t, b, "补正中")
	shot("case-correction")
	signOut(t, b)

	// The citizen supplements the missing plan.
	signIn(t, b, base, "citizen1", app.DemoPassword)
	b.Navigate(base + "/cases/" + number)
	if txt := b.Text("main"); !strings.Contains(txt, "缺少厨房布局平面图") || !strings.Contains(txt, "经营场所面积") {
		t.Errorf("the citizen's case page does not list both problems")
	}
	b.SetFiles(`#act-supplement ~ * input[name="file.facilities"], form#apply-form input[name="file.facilities"]`, scan("平面图.pdf"))
	b.Click(`form#apply-form button.primary`)
	waitStatus(t, b, "待受理")
	signOut(t, b)

	// The clerk accepts; the reviewer approves both parallel steps; the approver grants.
	signIn(t, b, base, "clerk1", app.DemoPassword)
	b.Navigate(base + "/cases/" + number)
	b.Click("#act-accept button.primary")
	waitStatus(t, b, "办理中")
	signOut(t, b)

	signIn(t, b, base, "reviewer1", app.DemoPassword)
	b.Navigate(base + "/cases/" + number)
	for _, opinion := range []string{"材料审查通过", "现场核查符合要求"} { // 会签: two parallel steps
		b.Fill(`form:has(input[name="action"][value="approve"]) textarea[name="comment"]`, opinion)
		b.Click(`form:has(input[name="action"][value="approve"]) button.primary`)
		b.WaitJS(fmt.Sprintf(`document.readyState === "complete" && document.body.innerText.indexOf(%q) >= 0 &&
			location.search.indexOf("flash=") >= 0`, opinion))
		b.Navigate(base + "/cases/" + number)
	}
	signOut(t, b)

	signIn(t, b, base, "approver1", app.DemoPassword)
	b.Navigate(base + "/cases/" + number)
	shot("case-decide")
	b.Eval(`window.confirm = function () { return true; }; true`, new(bool))
	b.Click(`form:has(input[name="action"][value="approve"]) button.primary`)
	waitStatus(t, b, "准予")
	signOut(t, b)

	// The clerk mails the result.
	signIn(t, b, base, "clerk1", app.DemoPassword)
	b.Navigate(base + "/cases/" + number)
	b.Fill(`#act-deliver input[name="tracking"]`, "1187665432109")
	b.Click("#act-deliver button.primary")
	waitStatus(t, b, "已送达")
	signOut(t, b)

	// The citizen sees it delivered, with the tracking number, and downloads the decision.
	signIn(t, b, base, "citizen1", app.DemoPassword)
	b.Navigate(base + "/cases/" + number)
	waitStatus(t, b, "已送达")
	if txt := b.Text("main"); !strings.Contains(txt, "1187665432109") || !strings.Contains(txt, "准予许可决定书") {
		t.Errorf("the delivered case page lacks the tracking number or the decision")
	}
	shot("case-delivered")
	var href string
	b.Eval(`(function () {
		var a = Array.from(document.querySelectorAll(".case-docs a.button")).find(function (x) { return x.innerText.indexOf("准予许可决定书") >= 0; });
		return a ? a.href : "";
	})()`, &href)
	if href == "" {
		t.Fatal("no link to the grant decision")
	}
	pdf := get(t, b, href)
	if pdf.StatusCode != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("decision PDF: %d %s", pdf.StatusCode, pdf.Header.Get("Content-Type"))
	}

	// 好差评: the citizen rates it 不满意 (one correction too many); it goes to rectification.
	tick(b, `.rate-form input[name="score"][value="2"]`)
	tick(b, `.rate-form input[name="tags"][value="多次跑腿"]`)
	b.Fill(`.rate-form textarea[name="comment"]`, "补正了一次，希望一次告知更清楚")
	b.Click(".rate-form button.primary")
	b.WaitJS(`document.readyState === "complete" && document.querySelector(".case-rating") !== null &&
		document.querySelector(".rate-form") === null`)
	if txt := b.Text(".case-rating"); !strings.Contains(txt, "不满意") || !strings.Contains(txt, "已转部门核实整改") {
		t.Errorf("after rating: %q", txt)
	}
	shot("case-rated")
	signOut(t, b)

	// The department follows the bad rating through: verify, rectify, call back.
	signIn(t, b, base, "reviewer1", app.DemoPassword)
	b.Navigate(base + "/rectifications")
	var rect string
	b.WaitJS(fmt.Sprintf(`(function () {
		var row = Array.from(document.querySelectorAll("td.case-name")).find(function (td) { return td.innerText.indexOf(%q) >= 0; });
		return !!row;
	})()`, number))
	b.Eval(fmt.Sprintf(`(function () {
		var row = Array.from(document.querySelectorAll("td.case-name")).find(function (td) { return td.innerText.indexOf(%q) >= 0; });
		return row.querySelector("a").getAttribute("href");
	})()`, number), &rect)
	b.Navigate(base + rect)
	step := func(fill func(), button, next string) {
		t.Helper()
		b.WaitVisible(".act-main button.primary")
		if got := b.Text(".act-main button.primary"); !strings.Contains(got, button) {
			t.Fatalf("the step's button says %q, want %q", got, button)
		}
		fill()
		b.Click(".act-main button.primary")
		b.WaitJS(fmt.Sprintf(`(function () {
			if (document.readyState !== "complete") { return false; }
			var bad = document.querySelector(".field-error[role=alert], .flash-error");
			if (bad && bad.offsetParent !== null) { throw new Error(bad.innerText); }
			var btn = document.querySelector(".act-main button.primary");
			return %q === "" ? btn === null : !!btn && btn.innerText.indexOf(%q) >= 0;
		})()`, next, next))
	}
	comment := func(text string) func() { return func() { b.Fill(".act-main textarea[name=comment]", text) } }
	step(comment("属实：受理时未一次性告知健康证明有效期要求"), "提交核实情况", "提交整改情况")
	step(comment("已在办事指南和窗口告知单中写明健康证明须在有效期内，并培训窗口人员"), "提交整改情况", "记录回访")
	step(func() {
		tick(b, `.act-main input[name="result"][value="满意"]`)
		b.Fill(".act-main textarea[name=comment]", "电话回访申请人，对整改表示满意")
	}, "记录回访", "")
	shot("rectification-callback")
	signOut(t, b)

	// The supervisor rechecks it; the figures show it at once and open the case.
	signIn(t, b, base, "supervisor1", app.DemoPassword)
	b.Navigate(base + rect)
	step(func() {}, "复核通过", "")
	if txt := b.Text(".case-head"); !strings.Contains(txt, "整改完成") {
		t.Errorf("after the recheck the head says %q, want 整改完成", txt)
	}
	b.Navigate(base + "/supervision")
	b.WaitVisible("#sv-card-bad_rectified_rate")
	if v := b.Text("#sv-card-bad_rectified_rate .sv-value"); !strings.Contains(v, "100.0%") {
		t.Errorf("差评整改率 shows %q, want 100.0%%", v)
	}
	shot("supervision-after-rectification")
	b.Click("#sv-card-bad_rectified_rate a.sv-value")
	b.WaitJS(fmt.Sprintf(`document.readyState === "complete" && location.pathname === "/supervision/cases" && document.body.innerText.indexOf(%q) >= 0`, number))
	if errs := consoleErrors(b); len(errs) > 0 {
		t.Errorf("the pages logged errors:\n%s", strings.Join(errs, "\n"))
	}
}

// waitStatus waits until the case page's status badge says want.
func waitStatus(t *testing.T, b *browser.Browser, want string) {
	t.Helper()
	b.WaitJS(fmt.Sprintf(`(function () {
		if (document.readyState !== "complete") { return false; }
		var bad = document.querySelector(".field-error[role=alert], .flash-error");
		if (bad && bad.offsetParent !== null) { throw new Error(bad.innerText); }
		var s = document.querySelector(".case-head .st");
		return !!s && s.innerText.trim() === %q;
	})()`, want))
}

// tick checks a checkbox or radio button as a click on its label would.
func tick(b *browser.Browser, sel string) {
	b.Eval(fmt.Sprintf(`(function () { var s = document.querySelector(%q); if (!s.checked) { s.click(); } return s.checked; })()`, sel), new(bool))
}

// selectValue picks an option of a select.
func selectValue(b *browser.Browser, sel, value string) {
	b.Eval(fmt.Sprintf(`(function () { var s = document.querySelector(%q); s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})); return s.value === %q; })()`, sel, value, value), new(bool))
}

// setValue sets an input's value directly (date inputs ignore typed text).
func setValue(b *browser.Browser, sel, value string) {
	b.Eval(fmt.Sprintf(`(function () { var s = document.querySelector(%q); s.value = %q; s.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`, sel, value), new(bool))
}

// get fetches url with the browser's cookies.
func get(t *testing.T, b *browser.Browser, url string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for _, c := range b.Cookies() {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	res, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}
