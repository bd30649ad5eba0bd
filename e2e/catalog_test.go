package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/e2e/browser"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// TestCatalogCitizenJourney is how a citizen finds out what to bring:
// from the home page to the public service hall, a search for "执照", one
// guide (办事指南) with its materials and its PDF, back to the results, a
// theme to browse, and a bundle (一件事一次办) whose questionnaire decides
// which items apply. Nobody is logged in.
func TestCatalogCitizenJourney(t *testing.T) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			base := startApp(t, e)
			b := browser.New(t)
			shot := screenshotter(t, b, e == sqlstore.SQLite)

			searchLicence(t, b, base, shot)
			readGuide(t, b, base, shot)
			browseTheme(t, b, base, shot)
			answerBundle(t, b, base, shot)

			if errs := consoleErrors(b); len(errs) > 0 {
				t.Errorf("the pages logged errors (a CSP violation or a missing asset?):\n%s", strings.Join(errs, "\n"))
			}
		})
	}
}

// searchLicence searches "执照" from the service hall's search box: a
// two-character query must find results.
func searchLicence(t *testing.T, b *browser.Browser, base string, shot func(string)) {
	t.Helper()
	b.Navigate(base + "/")
	b.WaitPath("/items")
	b.Fill("#hall-q", "执照")
	b.Click(".hall-search button[type=submit]")
	b.WaitJS(`location.search.indexOf("q=") >= 0 && document.readyState === "complete"`)
	b.WaitVisible(".item-cards .item-card")
	heading := b.Text("#hall-results")
	n := leadingNumber(strings.TrimPrefix(heading, "共找到 "))
	var cards int
	b.Eval(`document.querySelectorAll(".item-cards .item-card").length`, &cards)
	if n < cards || cards == 0 {
		t.Errorf(`search "执照": heading %q, %d result cards`, heading, cards)
	}
	shot("items-search")
}

// readGuide opens a result (食品经营许可 when listed), reads its guide on a
// desktop and a phone, downloads its PDF and goes back to the results.
func readGuide(t *testing.T, b *browser.Browser, base string, shot func(string)) {
	t.Helper()
	var href, name string
	b.Eval(`(function () {
		var cards = Array.from(document.querySelectorAll(".item-cards .item-card"));
		var c = cards.find(function (a) { return a.querySelector(".item-name").innerText.trim() === "食品经营许可"; }) || cards[0];
		return c.getAttribute("href");
	})()`, &href)
	b.Eval(fmt.Sprintf(`document.querySelector(%q).querySelector(".item-name").innerText.trim()`, `a.item-card[href="`+href+`"]`), &name)
	b.Click(fmt.Sprintf(`a.item-card[href=%q]`, href))
	b.WaitPath(href)
	if h := strings.TrimSpace(b.Text("h1")); h != name {
		t.Errorf("the guide of %q is headed %q", name, h)
	}
	if k := b.Text(".guide-kicker"); !strings.Contains(k, "办事指南") {
		t.Errorf("the guide page does not say 办事指南: %q", k)
	}
	var materials int
	b.Eval(`document.querySelectorAll("#materials tbody tr").length`, &materials)
	if materials == 0 {
		t.Errorf("the guide of %s lists no materials:\n%s", name, b.Text("#materials"))
	}
	shot("item-guide")

	b.SetViewport(browser.Phone)
	b.Reload()
	b.WaitVisible("#materials")
	if w := overflow(b); w != "" {
		t.Errorf("the guide is wider than the phone: %s", w)
	}
	shot("item-guide-phone")
	b.SetViewport(browser.Desktop)
	b.Reload()

	pdf, ok := b.Attr("#guide-pdf", "href")
	if !ok || pdf == "" {
		t.Fatal("the guide has no 下载 PDF link")
	}
	checkPDF(t, base+pdf)

	// Back to the results, with the query still in the box. The page may
	// come from the back-forward cache, where chromedp's view of the
	// document is stale, so the journey goes on with a navigation.
	b.Eval(`history.back(), true`, nil)
	b.WaitJS(`location.pathname === "/items" && document.readyState === "complete" && document.querySelector("#hall-q").value === "执照"`)
}

// checkPDF fetches the guide's PDF as the browser's download would.
func checkPDF(t *testing.T, url string) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	if ct := res.Header.Get("Content-Type"); res.StatusCode != http.StatusOK || ct != "application/pdf" {
		t.Fatalf("GET %s: %d %s, want 200 application/pdf", url, res.StatusCode, ct)
	}
	if !bytes.HasPrefix(body, []byte("%PDF-")) || len(body) < 10_000 {
		t.Errorf("GET %s: %d bytes starting %q, want a PDF with its font", url, len(body), body[:min(len(body), 8)])
	}
}

// browseTheme opens 主题服务 and the enterprise theme 开办.
func browseTheme(t *testing.T, b *browser.Browser, base string, shot func(string)) {
	t.Helper()
	b.Navigate(base + "/items")
	b.Click(`a[href="/themes"]`)
	b.WaitPath("/themes")
	shot("themes")
	b.Click(`a.theme-tile[href="/items?theme=start"]`)
	b.WaitJS(`location.search === "?theme=start" && document.readyState === "complete"`)
	if h := b.Text("#hall-results"); !strings.Contains(h, "开办") || leadingNumber(strings.TrimPrefix(h, "开办 · 共找到 ")) == 0 {
		t.Errorf("the theme 开办 shows %q, want its items", h)
	}
	b.WaitVisible(".item-cards .item-card")
}

// answerBundle opens 我要开饭店 from the bundle list and answers its
// questionnaire (情形引导) twice: a "yes" to its first question (公共场所?)
// adds an item that all "no" leaves out.
func answerBundle(t *testing.T, b *browser.Browser, base string, shot func(string)) {
	t.Helper()
	b.Navigate(base + "/items")
	b.Click("a.hall-bundles")
	b.WaitPath("/bundles")
	var href string
	b.Eval(`(function () {
		var a = Array.from(document.querySelectorAll(".bdl-card h2 a")).find(function (a) { return a.innerText.trim() === "我要开饭店"; });
		return a ? a.getAttribute("href") : "";
	})()`, &href)
	if href == "" {
		t.Fatalf("the bundle list has no 我要开饭店:\n%s", b.Text("main"))
	}
	b.Click(fmt.Sprintf(`a[href=%q]`, href))
	b.WaitPath(href)
	if b.Exists("#bdl-result") {
		t.Error("the bundle shows a result before any answer")
	}
	var first string
	b.Eval(`(document.querySelector("#bdl-ask input[type=radio]") || {}).name || ""`, &first)
	if first == "" {
		t.Fatalf("我要开饭店 has no questionnaire:\n%s", b.Text("main"))
	}

	none := answer(b, "")
	b.Click(`a.button[href="` + href + `"]`) // 重新回答
	b.WaitJS(`location.search === "" && document.readyState === "complete"`)
	yes := answer(b, first)
	shot("bundle")

	var added []string
	for _, n := range yes {
		if !slices.Contains(none, n) {
			added = append(added, n)
		}
	}
	if len(added) == 0 || len(yes) != len(none)+len(added) {
		t.Errorf("answering %s yes gives items %v, all no gives %v: want items added, none lost", first, yes, none)
	}
}

// answer answers every question of the bundle's questionnaire "no" except
// the one named yes, sends it and returns the names of the items to
// apply for.
func answer(b *browser.Browser, yes string) []string {
	var names []string
	b.Eval(`Array.from(new Set(Array.from(document.querySelectorAll("#bdl-ask input[type=radio]")).map(function (r) { return r.name; })))`, &names)
	for _, n := range names {
		v := "no"
		if n == yes {
			v = "yes"
		}
		b.Click(fmt.Sprintf(`#bdl-ask input[name=%q][value=%q]`, n, v))
	}
	b.Click(`#bdl-ask button[type=submit]`)
	b.WaitJS(`location.search.indexOf("check=1") >= 0 && document.readyState === "complete"`)
	b.WaitVisible("#bdl-result")
	var items []string
	b.Eval(`Array.from(document.querySelectorAll("#bdl-result .bdl-items a")).map(function (a) { return a.innerText.trim(); })`, &items)
	return items
}

// The item the catalog managers change in TestCatalogManagerJourney: 食品经营许可
// as 香格里拉市 (533401) implements it (demo codes are 基本编码-区划代码).
const managedItem = "010260100000-533401"

// TestCatalogManagerJourney is a change under four eyes: catalog1 shortens
// an item's promised time limit by a day and saves the draft, and may not
// publish it herself; catalog2 publishes it; the public guide shows the new
// limit and the history shows the change. The reports pages follow.
func TestCatalogManagerJourney(t *testing.T) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			base := startApp(t, e)
			b := browser.New(t)
			shot := screenshotter(t, b, e == sqlstore.SQLite)

			signIn(t, b, base, "catalog1", demoPassword)
			days := editDraft(t, b, shot)
			signOut(t, b)

			signIn(t, b, base, "catalog2", demoPassword)
			publishDraft(t, b, base)
			checkPublished(t, b, base, days, shot)
			catalogReports(t, b, base, shot)
			signOut(t, b)

			if errs := consoleErrors(b); len(errs) > 0 {
				t.Errorf("the pages logged errors (a CSP violation or a missing asset?):\n%s", strings.Join(errs, "\n"))
			}
		})
	}
}

// editDraft finds the item in 事项管理, shortens its promised days by one,
// saves the draft and is refused publication. It returns the new days.
func editDraft(t *testing.T, b *browser.Browser, shot func(string)) int {
	t.Helper()
	b.Click(`nav.nav a[href="/admin/items"]`)
	b.WaitPath("/admin/items")
	b.WaitVisible("table.items-table")

	b.Fill("input[name=name]", "食品经营许可")
	b.Click(`form.filters button[type=submit]`)
	b.WaitJS(`location.search.indexOf("name=") >= 0 && document.readyState === "complete"`)
	edit := "/admin/items/" + managedItem + "/edit"
	b.Click(fmt.Sprintf(`table.items-table a[href=%q]`, edit))
	b.WaitPath(edit)

	v, _ := b.Attr("input[name=promised_days]", "value")
	days, err := strconv.Atoi(v)
	if err != nil || days < 2 {
		t.Fatalf("承诺时限 of %s is %q, want 2 days or more to shorten", managedItem, v)
	}
	days--
	b.Fill("input[name=promised_days]", strconv.Itoa(days))
	b.Fill("textarea[name=note]", "承诺时限压缩 1 个工作日")
	// From the top: scrolled down to the note, the sticky save bar would
	// be drawn in the middle of the full-page picture.
	b.Eval(`document.activeElement.blur(), window.scrollTo(0, 0), true`, nil)
	shot("item-edit")
	b.Click(`.editor-bar button[type=submit]`)
	waitFlash(b, "草稿已保存")
	b.WaitVisible(".four-eyes")

	b.Click("#publish")
	b.WaitJS(`document.readyState === "complete" && document.querySelector(".flash-error") !== null`)
	if msg := b.Text(".flash-error"); !strings.Contains(msg, "四眼原则") {
		t.Errorf("the editor publishing her own draft got %q, want the four-eyes refusal", msg)
	}

	// The list shows the pending draft and who edited it.
	b.Click(`.breadcrumb a[href="/admin/items"]`)
	b.WaitPath("/admin/items")
	b.Fill("input[name=name]", "食品经营许可")
	b.Click(`form.filters button[type=submit]`)
	b.WaitJS(`location.search.indexOf("name=") >= 0 && document.readyState === "complete"`)
	row := b.Text(fmt.Sprintf(`table.items-table tr:has(a[href=%q])`, edit))
	if !strings.Contains(row, "第 2 版") || !strings.Contains(row, "编辑人") {
		t.Errorf("the list does not show the pending draft of %s:\n%s", managedItem, row)
	}
	shot("admin-items")
	return days
}

// publishDraft: the second manager finds the draft among the pending ones
// and publishes it.
func publishDraft(t *testing.T, b *browser.Browser, base string) {
	t.Helper()
	b.Navigate(base + "/admin/items?status=pending")
	edit := "/admin/items/" + managedItem + "/edit"
	b.Click(fmt.Sprintf(`table.items-table a[href=%q]`, edit))
	b.WaitPath(edit)
	if b.Exists(".four-eyes") {
		t.Error("catalog2 is told she edited catalog1's draft")
	}
	b.Click("#publish")
	waitFlash(b, "已发布第 2 版")
}

// checkPublished: the public guide shows the new limit, and the history
// compares the two versions.
func checkPublished(t *testing.T, b *browser.Browser, base string, days int, shot func(string)) {
	t.Helper()
	b.Click(`.item-state a[href="/items/` + managedItem + `"]`)
	b.WaitPath("/items/" + managedItem)
	var promised string
	b.Eval(`(function () {
		var dt = Array.from(document.querySelectorAll("#basic dt")).find(function (d) { return d.innerText.trim() === "承诺办结时限"; });
		return dt ? dt.nextElementSibling.innerText.trim() : "";
	})()`, &promised)
	if want := fmt.Sprintf("%d 个工作日", days); promised != want {
		t.Errorf("the published guide's 承诺办结时限 is %q, want %q", promised, want)
	}

	b.Navigate(base + "/admin/items/" + managedItem + "/history")
	b.WaitVisible("#versions")
	b.Click(`#v2 a[href*="a=1"]`)
	b.WaitVisible("#diff")
	diff := b.Text("#diff")
	if !strings.Contains(diff, "承诺时限") || !strings.Contains(diff, strconv.Itoa(days)) {
		t.Errorf("the diff of version 1 → 2 does not show the promised days:\n%s", diff)
	}
	shot("item-history")
}

// catalogReports are the indicators and the consistency report, which
// must find the deviations the demo catalog plants.
func catalogReports(t *testing.T, b *browser.Browser, base string, shot func(string)) {
	t.Helper()
	b.Navigate(base + "/catalog/indicators?region=533400")
	b.WaitVisible("#ind-cards")
	b.WaitJS(`document.querySelectorAll(".ind-chart svg").length === 2`)
	shot("catalog-indicators")

	b.Navigate(base + "/admin/catalog/consistency")
	b.WaitVisible("#summary")
	// A deviation from a base item (not a missing base item), to show on
	// its own: the whole report is too long for a picture.
	var baseCode string
	b.Eval(`(function () {
		var it = Array.from(document.querySelectorAll("#report .cons-item")).find(function (a) {
			return a.querySelector("tbody th").innerText.trim() !== "基本编码";
		});
		return it ? it.querySelector("p a.mono").innerText.trim() : "";
	})()`, &baseCode)
	if baseCode == "" {
		t.Fatalf("the consistency report of 533400 finds no deviation from a base item:\n%s", b.Text("#report"))
	}
	b.Fill("input[name=base_code]", baseCode)
	b.Click(`form[action="/admin/catalog/consistency"] button[type=submit]`)
	b.WaitJS(`location.search.indexOf("base_code=` + baseCode + `") >= 0 && document.readyState === "complete"`)
	b.WaitVisible("#report .cons-item")
	shot("catalog-consistency")
}

// overflow describes what makes the page wider than its viewport ("" when
// nothing does).
func overflow(b *browser.Browser) string {
	var s string
	b.Eval(`(function () {
		var w = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= w) { return ""; }
		var wide = Array.from(document.querySelectorAll("main *")).filter(function (el) {
			return el.getBoundingClientRect().right > w + 1;
		}).slice(0, 5).map(function (el) { return el.tagName.toLowerCase() + "." + el.className + " (" + Math.round(el.getBoundingClientRect().right) + "px)"; });
		return "page " + document.documentElement.scrollWidth + "px > " + w + "px: " + wide.join(", ");
	})()`, &s)
	return s
}

// leadingNumber reads the number s starts with (0 when none).
func leadingNumber(s string) int {
	end := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(s)
	}
	n, _ := strconv.Atoi(s[:end])
	return n
}
