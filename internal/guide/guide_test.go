package guide

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/signintech/gopdf"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/guide/guidetest"
)

// needFont skips a test on a machine without the fonts, except under CI,
// where .ci/run installs them and a skip would hide a broken PDF.
func needFont(t testing.TB) {
	t.Helper()
	for _, p := range []string{DefaultFont, DefaultLatinFont} {
		if _, err := os.Stat(p); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("font %s missing under CI: %v", p, err)
			}
			t.Skipf("font %s missing (apt-get install fonts-droid-fallback fonts-dejavu-core): %v", p, err)
		}
	}
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s missing under CI (poppler-utils)", name)
		}
		t.Skipf("%s missing (apt-get install poppler-utils)", name)
	}
}

func fullItem(t testing.TB) catalog.Item {
	t.Helper()
	d := guidetest.Doc("11533400MB0000000X1000-01", 7, "533400")
	if err := d.Validate(); err != nil {
		t.Fatalf("test doc invalid: %v", err)
	}
	return catalog.Item{ID: 1, Code: d.Code, Status: catalog.StatusPublished, PublishedVersion: 2, Doc: d}
}

// writePDF renders it to a file: under ONEWINDOW_GUIDE_PDF when set (to
// look at the result), else in a temporary directory.
func writePDF(t *testing.T, it catalog.Item) string {
	t.Helper()
	var buf bytes.Buffer
	err := PDF(&buf, it, "迪庆州市场监督管理局", "https://zwfw.example.gov.cn/items/"+it.Code,
		Options{Region: "迪庆藏族自治州", Now: time.Date(2026, 3, 2, 9, 0, 0, 0, cst)})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:min(20, buf.Len())])
	}
	path := filepath.Join(t.TempDir(), "guide.pdf")
	if p := os.Getenv("ONEWINDOW_GUIDE_PDF"); p != "" {
		path = p
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func pdfPages(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("pdfinfo without a page count:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// squash drops the spaces pdftotext puts between runs, so a phrase can be
// found whatever the layout.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func TestPDFShowsEveryElement(t *testing.T) {
	needFont(t)
	needTool(t, "pdftotext")
	it := fullItem(t)
	path := writePDF(t, it)
	n := pdfPages(t, path)
	if n < 1 {
		t.Fatalf("pages = %d", n)
	}
	text := squash(pdfText(t, path))
	want := []string{guidetest.Name, guidetest.FeeStandard, guidetest.ConsultPhone, "0887-8223456",
		"政务服务事项办事指南", it.Doc.Code, it.Doc.BaseCode, "迪庆州市场监督管理局", "迪庆藏族自治州（533400）",
		"行政许可", "《中华人民共和国食品安全法》第三十五条", "具有与经营的食品品种", "自然人、法人", "承诺件",
		"20个工作日", "5个工作日", "最多1次", "每证10元", "三级（网上受理，现场核验）", "网上办、掌上办、窗口办、结果免费邮寄",
		"省内通办", "现场核查", "最长10天", "情形材料：委托他人办理的", "可用电子证照“营业执照”替代",
		"可以告知承诺替代", "可容缺受理", "会签", "综合窗口受理人员", "审批负责人", "许可证有效期多长？",
		"第1页", "共" + strconv.Itoa(n) + "页", "第2版", "2026-03-02"}
	for _, m := range guidetest.MaterialNames {
		want = append(want, squash(m))
	}
	for _, w := range want {
		if !strings.Contains(text, squash(w)) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
}

// A material whose notes fill more than a page is split across pages,
// and every page gets its number.
func TestPDFLongContentBreaksPages(t *testing.T) {
	needFont(t)
	needTool(t, "pdftotext")
	it := fullItem(t)
	it.Doc.Materials[2].Note = strings.Repeat("经营场所布局图应当标明各功能区域（Function areas, A4 size）、设备设施位置。", 60)
	for i := 0; i < 30; i++ {
		it.Doc.FAQ = append(it.Doc.FAQ, catalog.QA{Q: "第 " + strconv.Itoa(i) + " 个问题？", A: strings.Repeat("回答内容，", 30)})
	}
	path := writePDF(t, it)
	n := pdfPages(t, path)
	if n < 4 {
		t.Fatalf("pages = %d, want the long guide on at least 4", n)
	}
	text := squash(pdfText(t, path))
	for i := 1; i <= n; i++ {
		if !strings.Contains(text, "第"+strconv.Itoa(i)+"页共"+strconv.Itoa(n)+"页") {
			t.Errorf("page %d has no page number", i)
		}
	}
	if !strings.Contains(text, "第29个问题？") {
		t.Error("the last FAQ is missing")
	}
}

func TestPDFWithoutFont(t *testing.T) {
	var buf bytes.Buffer
	missing := filepath.Join(t.TempDir(), "none.ttf")
	err := PDF(&buf, fullItem(t), "", "https://x.example/items/1", Options{FontPath: missing})
	if !errs.Is(err, errs.Unavailable) || !strings.Contains(err.Error(), missing) ||
		!strings.Contains(errs.MessageOf(err), "fonts-droid-fallback") || strings.Contains(errs.MessageOf(err), missing) {
		t.Fatalf("err = %v, want unavailable naming the package to users and the file to the log", err)
	}
	if buf.Len() != 0 {
		t.Fatalf("wrote %d bytes before failing", buf.Len())
	}
}

func TestQR(t *testing.T) {
	b, err := QR("https://zwfw.example.gov.cn/items/11533400MB0000000X1000-01", 256)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if s := img.Bounds().Size(); s.X != 256 || s.Y != 256 {
		t.Fatalf("size = %v", s)
	}
	for _, bad := range []struct {
		url  string
		size int
	}{{"", 256}, {"https://x.example", 10}, {"https://x.example", 5000}, {strings.Repeat("x", 3000), 256}} {
		if _, err := QR(bad.url, bad.size); !errs.Is(err, errs.Invalid) {
			t.Errorf("QR(%d chars, %d) err = %v, want invalid", len(bad.url), bad.size, err)
		}
	}
}

func TestGuideWords(t *testing.T) {
	it := fullItem(t)
	g := New(it, "", "")
	if factOf(g, "实施主体") != "市场监管" || factOf(g, "实施区划") != "533400" || factOf(g, "是否收费") != "收费" {
		t.Errorf("facts without names = %v", g.Facts)
	}
	if !g.Steps[1].Parallel || !g.Steps[2].Parallel || g.Steps[0].Parallel || g.Steps[1].Role != "审查人员" {
		t.Errorf("steps = %+v", g.Steps)
	}
	if m := g.Materials[3]; m.RequirementText() != "情形材料：委托他人办理的" || m.Copies != "1 份" {
		t.Errorf("conditional material = %+v", m)
	}
	it.Doc.Fees, it.Doc.Instant, it.Doc.PromisedDays = nil, true, 0
	g = New(it, "", "")
	if g.Figures[3].Value != Free || g.Figures[0].Value != "当场办结" || factOf(g, "是否收费") != Free {
		t.Errorf("figures of a free instant item = %+v", g.Figures)
	}
}

func factOf(g Guide, label string) string {
	for _, f := range g.Facts {
		if f.Label == label {
			return f.Value
		}
	}
	return ""
}

// Wrapped lines fit their width, keep every character, and obey the
// line-breaking rules: no line starts with closing punctuation or ends
// with opening punctuation, and Latin words stay whole when they fit.
func TestWrap(t *testing.T) {
	needFont(t)
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	if err := addFont(pdf, faceCJK, DefaultFont, ""); err != nil {
		t.Fatal(err)
	}
	if err := addFont(pdf, faceLatin, DefaultLatinFont, ""); err != nil {
		t.Fatal(err)
	}
	w := newWriter(pdf)
	text := "申请人应当提交《食品经营许可申请书》，并按照“一次告知”要求补齐材料。Business licence number 91533400MA6K000000 must match（统一社会信用代码）。" +
		strings.Repeat("经营场所，", 12) + "https://zwfw.example.gov.cn/items/11533400MB0000000X1000-01/guide.pdf"
	for _, width := range []float64{60, 97, 150, 333} {
		lines := w.wrap(text, 10, width)
		if len(lines) < 2 {
			t.Fatalf("width %v: %d lines", width, len(lines))
		}
		for i, l := range lines {
			if lw := w.measure(l, 10); lw > width+0.01 {
				t.Errorf("width %v: line %d is %.1f wide: %q", width, i, lw, l)
			}
			first, _ := utf8.DecodeRuneInString(l)
			last, _ := utf8.DecodeLastRuneInString(l)
			if i > 0 && strings.ContainsRune("，。、；：）》”", first) {
				t.Errorf("width %v: line %d starts with %q", width, i, first)
			}
			if i < len(lines)-1 && strings.ContainsRune("（《“", last) {
				t.Errorf("width %v: line %d ends with %q", width, i, last)
			}
		}
		if got, want := squash(strings.Join(lines, "")), squash(text); got != want {
			t.Errorf("width %v: text changed:\n%s\n%s", width, got, want)
		}
		if width >= 150 && !strings.Contains(strings.Join(lines, "\n"), "91533400MA6K000000") {
			t.Errorf("width %v: a code that fits a line was cut", width)
		}
	}
	if got := w.wrap("第一行\n\n第三行", 10, 200); len(got) != 3 || got[1] != "" {
		t.Errorf("newlines: %q", got)
	}
}
