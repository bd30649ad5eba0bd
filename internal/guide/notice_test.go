package guide

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
)

// sampleNotice is a notice of kind as a department would issue it, with
// a rare character in the applicant's name.
func sampleNotice(kind string) Notice {
	n := Notice{
		Kind:       kind,
		Number:     "迪市监受〔2026〕533401-20261123-000042号",
		CaseNumber: "533401-20261123-000042",
		ItemName:   "食品经营许可（新办）",
		DeptName:   "迪庆藏族自治州市场监督管理局",
		Applicant:  "格桑卓㛃",
		IssuedOn:   "2026-11-23",
		Paragraphs: []string{
			"你（单位）于2026年11月20日提出的食品经营许可申请（办件编号533401-20261123-000042），本机关已收悉。",
			"经审查，现将有关事项告知如下。",
		},
		LegalBasis: []string{"《中华人民共和国行政许可法》第三十二条", "《食品经营许可和备案管理办法》第十七条"},
		Contact:    "香格里拉市政务服务中心市场监管窗口（A区12号），0887-8223456",
		CheckURL:   "https://zwfw.example.gov.cn/check/K7QX-2M9D-W4HT",
		CheckCode:  "K7QX-2M9D-W4HT",
	}
	switch kind {
	case NoticeCorrection:
		for i := 1; i <= 3; i++ {
			n.Items = append(n.Items, NoticeItem{Name: fmt.Sprintf("材料%d", i), Problem: fmt.Sprintf("问题%d：复印件不清晰，请提交原件扫描件", i)})
		}
		n.ItemsTitle = "需补正的材料和问题"
	case NoticeDeferred:
		n.Items = []NoticeItem{{Name: "健康证明", Problem: "请于受理之日起5个工作日内补齐，逾期未补齐的，本机关将终止办理"}}
	case NoticeRefuse:
		n.Rights = "如不服本决定，可在收到本决定书之日起六十日内向迪庆藏族自治州人民政府申请行政复议，或者在六个月内依法向香格里拉市人民法院提起行政诉讼。"
	}
	return n
}

var noticeWhen = Options{Now: time.Date(2026, 11, 23, 10, 0, 0, 0, cst)}

// renderNotice writes n to a file and returns its path and bytes.
func renderNotice(t *testing.T, n Notice) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := NoticePDF(&buf, n, noticeWhen); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[max(0, len(b)-1024):], []byte("%%EOF")) {
		t.Fatalf("not a PDF: %q", b[:min(20, len(b))])
	}
	// The QR code is the only image.
	if !bytes.Contains(b, []byte("/Subtype /Image")) {
		t.Error("no image object: the QR code is missing")
	}
	path := filepath.Join(t.TempDir(), n.Kind+".pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b
}

func TestNoticePDFKinds(t *testing.T) {
	needFont(t)
	needTool(t, "pdftotext")
	for _, kind := range []string{NoticeAccept, NoticeRefuse, NoticeCorrection, NoticeGrant, NoticeDeny, NoticeDeferred} {
		t.Run(kind, func(t *testing.T) {
			n := sampleNotice(kind)
			path, _ := renderNotice(t, n)
			text := squash(pdfText(t, path))
			want := []string{NoticeTitle(kind), n.Number, n.DeptName + "（印章）", "2026年11月23日", "格桑卓㛃：",
				n.ItemName, n.CaseNumber, n.Paragraphs[0], n.LegalBasis[0], n.LegalBasis[1], n.Contact,
				"扫码核验", "核验码：" + n.CheckCode, "第1页共1页"}
			for _, it := range n.Items {
				want = append(want, it.Name, it.Problem)
			}
			switch kind {
			case NoticeRefuse:
				want = append(want, n.Rights)
			case NoticeDeny:
				want = append(want, DefaultRights)
			case NoticeDeferred:
				want = append(want, "容缺的材料及补齐要求（共1项）")
			}
			for _, w := range want {
				if !strings.Contains(text, squash(w)) {
					t.Errorf("PDF text lacks %q", w)
				}
			}
			if kind == NoticeAccept && strings.Contains(text, "行政复议") {
				t.Error("an accept notice carries a remedy notice")
			}
		})
	}
}

// A correction notice lists every problem, however many: the table goes
// on over the page with its header repeated.
func TestNoticePDFLongList(t *testing.T) {
	needFont(t)
	needTool(t, "pdftotext")
	n := sampleNotice(NoticeCorrection)
	n.Items = nil
	for i := 1; i <= 30; i++ {
		n.Items = append(n.Items, NoticeItem{
			Name:    fmt.Sprintf("第%d项材料（Material %d）", i, i),
			Problem: fmt.Sprintf("问题%02d：所附文件的签章与申请人名称不一致，请重新提交加盖公章的原件扫描件。", i),
		})
	}
	path, _ := renderNotice(t, n)
	pages := pdfPages(t, path)
	if pages < 2 {
		t.Fatalf("pages = %d, want the 30 problems over at least 2", pages)
	}
	text := squash(pdfText(t, path))
	for _, it := range n.Items {
		if !strings.Contains(text, squash(it.Problem)) {
			t.Errorf("PDF text lacks problem %q", it.Problem)
		}
	}
	for _, w := range []string{"需补正的材料和问题（共30项）", "核验码：" + n.CheckCode, "2026年11月23日",
		fmt.Sprintf("第%d页共%d页", pages, pages)} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
	if c := strings.Count(text, "问题及要求"); c < 2 {
		t.Errorf("table header printed %d times, want it on every page of the table", c)
	}
	if os.Getenv("ONEWINDOW_SAMPLES") != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("/tmp/notice-sample.pdf", b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("wrote /tmp/notice-sample.pdf")
	}
}

func TestNoticePDFInvalid(t *testing.T) {
	for _, c := range []struct {
		field string
		edit  func(*Notice)
	}{
		{"kind", func(n *Notice) { n.Kind = "memo" }},
		{"issued_on", func(n *Notice) { n.IssuedOn = "2026/11/23" }},
		{"issued_on", func(n *Notice) { n.IssuedOn = "" }},
		{"dept_name", func(n *Notice) { n.DeptName = " " }},
		{"check_url", func(n *Notice) { n.CheckURL = "" }},
	} {
		n := sampleNotice(NoticeAccept)
		c.edit(&n)
		var buf bytes.Buffer
		err := NoticePDF(&buf, n, Options{})
		if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != c.field {
			t.Errorf("%s: err = %v, want invalid %s", c.field, err, c.field)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes", c.field, buf.Len())
		}
	}
}

// A caller's own title stands for an unknown kind.
func TestNoticePDFOwnTitle(t *testing.T) {
	needFont(t)
	needTool(t, "pdftotext")
	n := sampleNotice("memo")
	n.Title = "办结通知书"
	path, _ := renderNotice(t, n)
	if text := squash(pdfText(t, path)); !strings.Contains(text, "办结通知书") {
		t.Errorf("PDF text lacks the caller's title:\n%s", text)
	}
}

func TestNoticePDFWithoutFont(t *testing.T) {
	var buf bytes.Buffer
	err := NoticePDF(&buf, sampleNotice(NoticeAccept), Options{LatinFontPath: filepath.Join(t.TempDir(), "none.ttf")})
	if !errs.Is(err, errs.Unavailable) || !strings.Contains(errs.MessageOf(err), "PDF 文书") ||
		!strings.Contains(errs.MessageOf(err), "fonts-dejavu-core") || strings.Contains(errs.MessageOf(err), "办事指南") {
		t.Fatalf("err = %v (%s), want unavailable naming the document and the package", err, errs.MessageOf(err))
	}
	if buf.Len() != 0 {
		t.Fatalf("wrote %d bytes before failing", buf.Len())
	}
}

func TestNoticeTitle(t *testing.T) {
	for kind, want := range map[string]string{NoticeAccept: "受理通知书", NoticeRefuse: "不予受理决定书",
		NoticeCorrection: "补正材料告知书", NoticeGrant: "准予许可决定书", NoticeDeny: "不予许可决定书",
		NoticeDeferred: "容缺受理告知书", "": "", "memo": ""} {
		if got := NoticeTitle(kind); got != want {
			t.Errorf("NoticeTitle(%q) = %q, want %q", kind, got, want)
		}
	}
	if got := chineseDate(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)); got != "2026年1月5日" {
		t.Errorf("chineseDate = %q", got)
	}
}

// BenchmarkNoticePDF measures a correction notice of 30 problems: as for
// the guide, most of it is parsing the fonts.
func BenchmarkNoticePDF(b *testing.B) {
	needFont(b)
	n := sampleNotice(NoticeCorrection)
	for i := 4; i <= 30; i++ {
		n.Items = append(n.Items, NoticeItem{Name: fmt.Sprintf("材料%d", i), Problem: "签章与申请人名称不一致，请重新提交。"})
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := NoticePDF(io.Discard, n, noticeWhen); err != nil {
			b.Fatal(err)
		}
	}
}

// A signature pushed onto a page of its own says that the page has no text.
func TestNoticeCloseAlone(t *testing.T) {
	needFont(t)
	needTool(t, "pdftotext")
	pdf, err := startPDF(noticeDoc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := sampleNotice(NoticeGrant)
	qr, err := qrPNG(n.CheckURL, -10)
	if err != nil {
		t.Fatal(err)
	}
	w := newWriter(pdf)
	w.header = func() { noticeHeader(w, "准予许可决定书", n.Number) }
	pdf.AddPage()
	w.pages, w.y = 1, bodyBottom-60
	if err := noticeClose(w, n, "2026年11月23日", qr); err != nil || w.err != nil {
		t.Fatal(err, w.err)
	}
	if w.pages != 2 {
		t.Fatalf("pages = %d, want the signature block moved whole to page 2", w.pages)
	}
	path := filepath.Join(t.TempDir(), "close.pdf")
	if err := pdf.WritePdf(path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-f", "2", "-l", "2", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if text := squash(string(out)); !strings.Contains(text, "（此页无正文）") || !strings.Contains(text, "2026年11月23日") {
		t.Errorf("page 2 = %q, want the note and the signature", text)
	}
}
