package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var (
	hallCaseLink = regexp.MustCompile(`href="/cases/([0-9]{6}-[0-9]{8}-[0-9]{6})"`)
	rateLink     = regexp.MustCompile(`/rate/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)`)
)

// askForRating presses 请申请人评价 on number's case page as clerk and
// returns the token its QR code carries.
func askForRating(t *testing.T, clerk *caseUser, number string) string {
	t.Helper()
	_, page := clerk.get("/cases/" + number)
	must(t, "clerk's case page", page, "窗口评价", `action="/cases/`+number+`/rating-token"`, "请申请人评价")
	status, loc, page := clerk.post("/cases/"+number+"/rating-token", url.Values{})
	if status != http.StatusSeeOther || !strings.HasSuffix(loc, "#rating-ask") {
		t.Fatalf("ask for a rating: %d %s\n%s", status, loc, page)
	}
	_, page = clerk.get(loc)
	must(t, "case page with the QR code", page, `<img src="data:image/png;base64,`, "重新生成评价二维码", "有效期至")
	m := rateLink.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no rating link on the case page")
	}
	return m[1]
}

func TestWindowRatingPages(t *testing.T) {
	demoSite(t, func(t *testing.T, base string) {
		clerk, anon := login(t, base, "clerk1"), login(t, base, "")
		_, page := clerk.get("/cases?view=hall")
		var numbers []string
		for _, m := range hallCaseLink.FindAllStringSubmatch(page, -1) {
			if len(numbers) == 0 || numbers[len(numbers)-1] != m[1] {
				numbers = append(numbers, m[1])
			}
		}
		if len(numbers) < 2 {
			t.Fatalf("hall cases: %v", numbers)
		}

		// The tablet waits for a token, looking again every 3 seconds.
		status, page := clerk.get("/window/tablet")
		if status != 200 {
			t.Fatalf("tablet: %d", status)
		}
		must(t, "waiting tablet", page, `hx-get="/window/tablet"`, `hx-trigger="every 3s"`, "欢迎您")

		tok := askForRating(t, clerk, numbers[0])
		_, page = clerk.get("/window/tablet")
		must(t, "tablet with a token", page, "请您对本次服务进行评价", `href="/window/tablet?score=5"`, `hx-trigger="every 3s"`)
		_, page = clerk.get("/window/tablet?score=2")
		must(t, "tablet, a level chosen", page, `action="/rate/`+tok+`"`, `name="tablet" value="1"`, "多次跑腿")
		mustNot(t, "tablet, a level chosen", page, `hx-trigger="every 3s"`)

		// The public page: the service, never the person; levels, then tags.
		status, page = anon.get("/rate/" + tok)
		if status != 200 {
			t.Fatalf("rating page: %d\n%s", status, page)
		}
		must(t, "rating page", page, "请您对本次服务进行评价", "办理部门", "服务大厅", "非常满意", "非常不满意",
			`href="/rate/`+tok+`?score=1"`, "rate.css")
		mustNot(t, "rating page", page, numbers[0], "扎西顿珠", "香格里拉市雪域高原商贸有限公司", `name="tags"`)
		_, page = anon.get("/rate/" + tok + "?score=2")
		must(t, "a bad level chosen", page, `name="score" value="2"`, "多次跑腿", `name="anonymous"`, "请至少选一项")
		mustNot(t, "a bad level chosen", page, "服务态度好")

		// A bad rating without a reason: the card again, nothing used up.
		status, _, page = anon.post("/rate/"+tok, url.Values{"score": {"2"}, "comment": {"  "}})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("a bad rating without a reason: %d", status)
		}
		must(t, "refused rating", page, "差评请至少选择一个标签或写明原因", `name="score" value="2"`)
		status, _, page = anon.post("/rate/"+tok, url.Values{"score": {"2"}, "tags": {"多次跑腿"}, "comment": {"跑了三趟"}, "anonymous": {"1"}})
		if status != 200 {
			t.Fatalf("rate: %d\n%s", status, page)
		}
		must(t, "rated", page, "感谢您的评价", "不满意", "已转承办部门核实整改")

		// Replayed, forged, unreadable.
		status, _, page = anon.post("/rate/"+tok, url.Values{"score": {"5"}})
		if status != http.StatusConflict || !strings.Contains(page, "已经使用过") {
			t.Errorf("replay: %d", status)
		}
		if status, _ := anon.get("/rate/" + tok); status != http.StatusConflict {
			t.Errorf("a used token's page: %d, want 409", status)
		}
		payload, mac, _ := strings.Cut(tok, ".")
		flip := map[bool]string{true: "B", false: "A"}[mac[0] == 'A']
		if status, page := anon.get("/rate/" + payload + "." + flip + mac[1:]); status != http.StatusForbidden || !strings.Contains(page, "评价码无效") {
			t.Errorf("a forged token's page: %d", status)
		}
		if status, _ := anon.get("/rate/nonsense"); status != http.StatusUnprocessableEntity {
			t.Errorf("an unreadable token's page: %d, want 422", status)
		}
		// Rated: the clerk is not offered another token.
		_, page = clerk.get("/cases/" + numbers[0])
		mustNot(t, "rated case", page, "请申请人评价", `/rating-token"`)
		_, page = clerk.get("/window/tablet")
		must(t, "tablet after the rating", page, "欢迎您")

		// On the tablet (the clerk's session, with its CSRF token): back to the tablet afterwards.
		tok = askForRating(t, clerk, numbers[1])
		status, _, page = clerk.post("/rate/"+tok, url.Values{"score": {"5"}, "tags": {"服务态度好"}, "tablet": {"1"}})
		if status != 200 {
			t.Fatalf("rate on the tablet: %d\n%s", status, page)
		}
		must(t, "rated on the tablet", page, "感谢您的评价", `id="rate-back"`, `hx-trigger="load delay:5s"`)
	})
}
