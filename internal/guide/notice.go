package guide

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"github.com/onewindow/onewindow/internal/errs"
)

// The kinds of document issued on a case.
const (
	NoticeAccept     = "accept_notice"     // 受理通知书
	NoticeRefuse     = "refuse_decision"   // 不予受理决定书
	NoticeCorrection = "correction_notice" // 补正材料告知书
	NoticeGrant      = "grant_decision"    // 准予许可决定书
	NoticeDeny       = "deny_decision"     // 不予许可决定书
	NoticeDeferred   = "deferred_notice"   // 容缺受理告知书
)

// DefaultRights is the remedy notice printed on a refusal or denial whose
// Rights is empty: the Administrative Licensing Law (art. 38) requires
// every refusal to tell the applicant how to challenge it.
const DefaultRights = "如不服本决定，可在收到之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。"

var noticeTitles = map[string]string{
	NoticeAccept:     "受理通知书",
	NoticeRefuse:     "不予受理决定书",
	NoticeCorrection: "补正材料告知书",
	NoticeGrant:      "准予许可决定书",
	NoticeDeny:       "不予许可决定书",
	NoticeDeferred:   "容缺受理告知书",
}

// NoticeTitle is the Chinese title of a kind of document, "" for an
// unknown kind.
func NoticeTitle(kind string) string { return noticeTitles[kind] }

// Notice is one document issued on a case (办件文书), as printed.
type Notice struct {
	Kind       string       // one of the Notice… kinds
	Title      string       // "" → NoticeTitle(Kind)
	Number     string       // document number, e.g. 迪市监受〔2026〕533401-20261123-000042号
	CaseNumber string       // the case's number
	ItemName   string       // the item applied for
	DeptName   string       // issuing department: the head of the page and the signature
	Applicant  string       // the applicant as addressed (扎西顿珠)
	IssuedOn   string       // YYYY-MM-DD, printed 2026年11月23日
	Paragraphs []string     // the body, in order
	Items      []NoticeItem // the listed items: every problem of a correction, the materials owed for 容缺 …
	ItemsTitle string       // heading of Items; "" → a heading for the kind
	LegalBasis []string     // e.g. 《中华人民共和国行政许可法》第三十二条
	Rights     string       // remedy notice; "" on a refusal or denial → DefaultRights
	Contact    string       // window and phone line
	CheckURL   string       // absolute URL of the public check page, encoded in the QR code
	CheckCode  string       // printed under the QR code (核验码)
}

// NoticeItem is one row of a notice's list: a material or matter and what
// is wrong with it or owed.
type NoticeItem struct{ Name, Problem string }

// Type sizes of a notice: body text a little under the 三号 of paper
// documents, so that a correction notice's list stays readable in a table.
var (
	noticeText  = style{size: 12, color: black}
	noticeBold  = style{size: 12, color: black, bold: true}
	noticeSmall = style{size: 9, color: grey}
)

// indent is the two-character first-line indent of Chinese paragraphs:
// ideographic spaces are as wide as a character at any size and wrap like one.
const indent = "\u3000\u3000"

// qrSide is the printed QR code: 28 mm, scannable from a phone at arm's length.
const qrSide = 28 * 72 / 25.4

// NoticePDF renders a notice on A4 pages in the manner of an official
// document: the department's name in red over a red rule, the title and
// number, the addressee, the body, the list as a numbered table that
// repeats its header on every page it continues on, the legal basis and
// remedy, the signature (department, seal placeholder, date) beside a QR
// code that opens the public check page, page numbers. Nothing is written
// to w unless the whole document was laid out. A notice without a known
// kind or title, issue date, department or check URL is errs.Invalid; a
// missing font is errs.Unavailable, as for PDF.
func NoticePDF(w io.Writer, n Notice, o Options) error {
	title := or(n.Title, NoticeTitle(n.Kind))
	if title == "" {
		return errs.Field("kind", "未知的文书种类“%s”", n.Kind)
	}
	issued, err := time.Parse(time.DateOnly, n.IssuedOn)
	if err != nil {
		return errs.Field("issued_on", "文书的成文日期应为 YYYY-MM-DD 格式的日期")
	}
	if strings.TrimSpace(n.DeptName) == "" {
		return errs.Field("dept_name", "文书缺少发文机关")
	}
	if n.CheckURL == "" {
		return errs.Field("check_url", "文书缺少核验页面地址")
	}
	if n.Rights == "" && (n.Kind == NoticeRefuse || n.Kind == NoticeDeny) {
		n.Rights = DefaultRights
	}
	qr, err := qrPNG(n.CheckURL, -10)
	if err != nil {
		return err
	}
	renders <- struct{}{}
	defer func() { <-renders }()
	pdf, err := startPDF(noticeDoc, o)
	if err != nil {
		return err
	}
	pdf.SetInfo(gopdf.PdfInfo{Title: strings.TrimSpace(title + " " + n.Number), Subject: n.ItemName,
		Author: n.DeptName, Creator: "OneWindow 一网通办", Producer: "OneWindow 一网通办", CreationDate: o.Now})
	wr := newWriter(pdf)
	wr.header = func() { noticeHeader(wr, title, n.Number) }
	wr.pdf.AddPage()
	wr.pages = 1
	wr.y = 46
	noticeHead(wr, n, title)
	noticeBody(wr, n)
	if err := noticeClose(wr, n, chineseDate(issued), qr); err != nil {
		return err
	}
	for i := 1; i <= wr.pages; i++ {
		wr.fail(pdf.SetPage(i))
		noticeFooter(wr, n.CheckCode, i, wr.pages)
	}
	if wr.err != nil {
		return fmt.Errorf("guide: layout notice %s: %w", n.Number, wr.err)
	}
	_, err = pdf.WriteTo(w)
	return err
}

// chineseDate writes a date the way documents are dated since GB/T
// 9704-2012: Arabic numerals without leading zeros.
func chineseDate(t time.Time) string {
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

// noticeHead draws the masthead: department in red over a red rule, the
// title, the number flush right, the addressee.
func noticeHead(w *writer, n Notice, title string) {
	centred(w, n.DeptName, style{size: 22, color: red, bold: true}, 1.45)
	w.y += 8
	w.stroke(red, 1.6)
	w.pdf.Line(marginX, w.y, pageW-marginX, w.y)
	w.stroke(red, 0.5)
	w.pdf.Line(marginX, w.y+3, pageW-marginX, w.y+3)
	w.y += 22
	centred(w, title, style{size: 20, color: black, bold: true}, 1.5)
	w.y += 8
	if n.Number != "" {
		for _, l := range w.wrap(n.Number, 12, contentW) {
			w.text(pageW-marginX-w.measure(l, 12), w.y, l, noticeText)
			w.y += 12 * 1.6
		}
	}
	if facts := noticeFacts(n); len(facts) > 0 {
		w.y += 4
		w.paragraph(marginX, contentW, strings.Join(facts, "　　"), noticeSmall)
	}
	w.y += 10
	if a := strings.TrimRight(strings.TrimSpace(n.Applicant), "：:"); a != "" {
		w.paragraph(marginX, contentW, a+"：", noticeText)
	}
}

// noticeFacts names the case the notice belongs to.
func noticeFacts(n Notice) []string {
	var out []string
	if n.ItemName != "" {
		out = append(out, "申请事项："+n.ItemName)
	}
	if n.CaseNumber != "" {
		out = append(out, "办件编号："+n.CaseNumber)
	}
	return out
}

// centred draws s centred on the page, wrapped to the content width.
func centred(w *writer, s string, st style, spacing float64) {
	lh := st.size * spacing
	for _, l := range w.wrap(s, st.size, contentW) {
		w.need(lh)
		w.text(marginX+(contentW-w.measure(l, st.size))/2, w.y+(lh-st.size)/2, l, st)
		w.y += lh
	}
}

// indented is a paragraph of the body: first line indented two characters.
func indented(w *writer, s string, st style) {
	s = strings.TrimLeft(s, " \u3000")
	if s == "" {
		return
	}
	w.paragraph(marginX, contentW, indent+s, st)
	w.y += 2
}

// noticeBody draws the text, the list, the legal basis and the remedy.
func noticeBody(w *writer, n Notice) {
	for _, p := range n.Paragraphs {
		indented(w, p, noticeText)
	}
	if len(n.Items) > 0 {
		w.y += 4
		head := fmt.Sprintf("%s（共 %d 项）：", strings.TrimRight(or(n.ItemsTitle, itemsTitle(n.Kind)), "：:"), len(n.Items))
		w.need(12*1.6 + 2*(10.5*1.5+2*cellPad)) // the heading stays with the table's header and first row
		indented(w, head, noticeBold)
		rows := make([][]string, len(n.Items))
		for i, it := range n.Items {
			rows[i] = []string{strconv.Itoa(i + 1), or(it.Name, "—"), or(it.Problem, "—")}
		}
		const num, name = 36.0, 150.0
		w.table([]column{{title: "序号", width: num, center: true}, {title: "材料或事项", width: name},
			{title: "问题及要求", width: contentW - num - name}}, rows, 10.5, true)
		w.y += 10
	}
	if len(n.LegalBasis) > 0 {
		basis := strings.TrimRight(strings.Join(n.LegalBasis, "、"), "。；;")
		indented(w, "依据："+basis+"。", noticeText)
	}
	if n.Rights != "" {
		indented(w, n.Rights, noticeText)
	}
}

// itemsTitle heads a list whose caller gave no heading.
func itemsTitle(kind string) string {
	switch kind {
	case NoticeCorrection:
		return "需补正的材料和问题"
	case NoticeDeferred:
		return "容缺的材料及补齐要求"
	}
	return "相关材料和事项"
}

// noticeClose draws the signature — department with the seal's place and
// the date, right of centre — beside the QR code of the check page with
// its caption, then the contact line as a note. The block is not split.
func noticeClose(w *writer, n Notice, date string, qr []byte) error {
	const lh = 12 * 1.8
	sign := []string{n.DeptName + "（印章）", date}
	var contact []string
	if n.Contact != "" {
		contact = w.wrap(indent+"（联系方式："+strings.TrimSpace(n.Contact)+"）", 10.5, contentW)
	}
	capH := 2 * 9 * 1.5
	h := qrSide + 6 + capH + float64(len(contact))*10.5*1.6 + 10
	w.y += 24
	pages := w.pages
	w.need(h)
	if w.pages > pages {
		// A signature alone on its page says so, as paper documents do,
		// so that the page cannot be put under some other text.
		indented(w, "（此页无正文）", noticeText)
		w.y += 12
	}
	top := w.y

	img, err := gopdf.ImageHolderByBytes(qr)
	if err != nil {
		return fmt.Errorf("guide: qr image: %w", err)
	}
	w.fail(w.pdf.ImageByHolder(img, marginX, top, &gopdf.Rect{W: qrSide, H: qrSide}))
	w.pdf.AddExternalLink(n.CheckURL, marginX, top, qrSide, qrSide)
	caption := style{size: 9, color: grey}
	scan := "扫码核验"
	w.text(marginX+(qrSide-w.measure(scan, 9))/2, top+qrSide+4, scan, style{size: 9, color: black, bold: true})
	if n.CheckCode != "" {
		w.text(marginX, top+qrSide+4+9*1.5, "核验码："+n.CheckCode, caption)
	}

	// The date ends two characters from the right margin and the
	// department is centred over it, as the seal will be.
	bw := 0.0
	for _, l := range sign {
		bw = max(bw, w.measure(l, 12))
	}
	right := pageW - marginX - 2*12
	left := max(right-bw, marginX+qrSide+24)
	sy := top + (qrSide-float64(len(sign))*lh)/2
	for _, l := range sign {
		lw := w.measure(l, 12)
		w.text(left+(right-left-lw)/2, sy+(lh-12)/2, l, noticeText)
		sy += lh
	}

	w.y = top + qrSide + 6 + capH + 10
	for _, l := range contact {
		w.text(marginX, w.y, l, style{size: 10.5, color: black})
		w.y += 10.5 * 1.6
	}
	return nil
}

// noticeHeader heads every page after the first with the title and number.
func noticeHeader(w *writer, title, number string) {
	st := style{size: 8.5, color: grey}
	w.text(marginX, 30, title, st)
	if number != "" {
		room := contentW - w.measure(title, st.size) - 16
		if w.measure(number, st.size) > room {
			number = w.wrap(number, st.size, room-w.measure("…", st.size))[0] + "…"
		}
		w.text(pageW-marginX-w.measure(number, st.size), 30, number, st)
	}
	w.stroke(red, 0.8)
	w.pdf.Line(marginX, 46, pageW-marginX, 46)
}

// noticeFooter numbers a page and repeats the check code, so a page that
// has come apart from the rest can still be checked.
func noticeFooter(w *writer, code string, page, pages int) {
	st := style{size: 8, color: grey}
	y := pageH - 40
	w.stroke(ruleC, 0.5)
	w.pdf.Line(marginX, y, pageW-marginX, y)
	num := fmt.Sprintf("第 %d 页  共 %d 页", page, pages)
	w.text(pageW-marginX-w.measure(num, st.size), y+7, num, st)
	if code != "" {
		w.text(marginX, y+7, "核验码 "+code, st)
	}
}
