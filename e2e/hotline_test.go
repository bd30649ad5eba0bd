package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/e2e/browser"
	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/sqlstore"
)

// TestHotlineJourney takes one 12345 call all the way in the browser: the
// agent types a food-safety complaint while the caller talks (the similar
// tickets panel fills as subject and place are chosen) and submits it; the
// dispatcher sends it to the suggested department; the department's
// reviewer signs and replies; the dispatcher accepts the reply; the agent
// calls back 满意 and the ticket closes. Every page is also checked on a
// phone-wide screen for horizontal overflow.
func TestHotlineJourney(t *testing.T) {
	base := startApp(t, sqlstore.SQLite)
	b := browser.New(t)
	shot := screenshotter(t, b, true)
	phone := func(name string) {
		t.Helper()
		b.SetViewport(browser.Phone)
		b.WaitJS(`document.documentElement.clientWidth < 500`)
		if o := overflow(b); o != "" {
			t.Errorf("%s on a phone: %s", name, o)
		}
		shot(name + "-phone")
		b.SetViewport(browser.Desktop)
		b.WaitJS(`document.documentElement.clientWidth > 1000`)
	}

	// The agent takes the call.
	signIn(t, b, base, "hotline1", app.DemoPassword)
	b.Navigate(base + "/hotline")
	b.Click("#hl-new")
	b.WaitVisible("#hl-form")
	b.Fill("#hl-phone", "13988705566")
	b.Fill("#hl-name", "王女士")
	selectValue(b, "#hl-type", "complaint")
	selectValue(b, "#hl-subject", "0201")
	selectValue(b, "#hl-region", "533401")
	b.Fill("#hl-address", "香格里拉市建塘镇长征大道某餐馆")
	b.Fill("#hl-content", "在餐馆吃饭后全家腹泻，怀疑食材变质，希望监管部门检查后厨。")
	// The demo has an open food-safety ticket at 香格里拉市: the panel shows it.
	b.WaitJS(`document.querySelectorAll("#hl-similar .hl-similar-list li").length > 0`)
	b.Fill("#hl-kb-q", "食品")
	b.WaitJS(`document.querySelector("#hl-kb") !== null && document.querySelector("#hl-kb").innerText.trim() !== ""`)
	shot("hotline-intake")
	phone("hotline-intake")
	b.Click("#hl-submit")
	waitTicket(t, b, "待派单")
	number := strings.TrimSpace(b.Text("#hl-number"))
	signOut(t, b)

	// The dispatcher sends it to the suggested department.
	signIn(t, b, base, "dispatcher1", app.DemoPassword)
	b.Navigate(base + "/hotline")
	b.WaitVisible(fmt.Sprintf(`a[href="/hotline/%s"]`, number))
	shot("hotline-queue")
	phone("hotline-queue")
	b.Click(fmt.Sprintf(`a[href="/hotline/%s"]`, number))
	b.WaitVisible("#hl-act-dispatch")
	var lead string
	b.Eval(`document.querySelector("#hl-dept-id").selectedOptions[0].innerText`, &lead)
	if lead != "迪庆州市场监督管理局" {
		t.Errorf("the suggested department preselected is %q", lead)
	}
	b.Click("#hl-act-dispatch button[type=submit]")
	waitTicket(t, b, "待签收")
	signOut(t, b)

	// The department signs and replies; it never sees a confidential caller, and this one is not.
	signIn(t, b, base, "reviewer1", app.DemoPassword)
	b.Navigate(base + "/hotline/" + number)
	b.WaitVisible("#hl-act-sign")
	shot("hotline-ticket-department")
	phone("hotline-ticket-department")
	b.Click("#hl-act-sign button[type=submit]")
	waitTicket(t, b, "办理中")
	tick(b, `#hl-act-reply input[name="outcome"][value="resolved"]`)
	b.Fill(`#hl-act-reply textarea[name="text"]`, "经现场检查，该餐馆部分食材过期，已责令停业整改并立案调查。")
	b.Click("#hl-act-reply button[type=submit]")
	waitTicket(t, b, "待审核")
	signOut(t, b)

	// The dispatcher accepts the reply.
	signIn(t, b, base, "dispatcher1", app.DemoPassword)
	b.Navigate(base + "/hotline/" + number)
	b.WaitVisible("#hl-act-review_accept")
	b.Click("#hl-act-review_accept button[type=submit]")
	waitTicket(t, b, "待回访")
	signOut(t, b)

	// The agent calls back: 满意, and the ticket closes.
	signIn(t, b, base, "hotline1", app.DemoPassword)
	b.Navigate(base + "/hotline?view=queue")
	b.WaitVisible(fmt.Sprintf(`a[href="/hotline/%s"]`, number))
	b.Navigate(base + "/hotline/" + number)
	tick(b, `#hl-act-callback input[name="satisfaction"][value="satisfied"]`)
	b.Fill(`#hl-act-callback textarea[name="text"]`, "来电人对处理结果满意")
	b.Click("#hl-act-callback button[type=submit]")
	waitTicket(t, b, "已办结")
	if txt := b.Text("main"); !strings.Contains(txt, "满意") || !strings.Contains(txt, "责令停业整改") {
		t.Errorf("the closed ticket lacks the callback or the reply")
	}
	shot("hotline-closed")
	phone("hotline-closed")
	b.Navigate(base + "/hotline/figures")
	b.WaitVisible("table.hl-fig")
	shot("hotline-figures")
	phone("hotline-figures")
	b.Navigate(base + "/hotline/hotspots")
	b.WaitVisible("table.hl-spots")
	phone("hotline-hotspots")
	if errs := consoleErrors(b); len(errs) > 0 {
		t.Errorf("the pages logged errors:\n%s", strings.Join(errs, "\n"))
	}
}

// waitTicket waits until the ticket page's status badge says want, and
// fails with the page's error when a red notice comes instead.
func waitTicket(t *testing.T, b *browser.Browser, want string) {
	t.Helper()
	b.WaitJS(fmt.Sprintf(`(function () {
		if (document.readyState !== "complete") { return false; }
		var bad = document.querySelector(".field-error[role=alert], .flash-error");
		if (bad && bad.offsetParent !== null) { throw new Error(bad.innerText); }
		var s = document.querySelector("#hl-status");
		return !!s && s.innerText.trim() === %q;
	})()`, want))
}
