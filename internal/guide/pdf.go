package guide

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/signintech/gopdf"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// Default font files (Debian packages fonts-droid-fallback and
// fonts-dejavu-core). Droid Sans Fallback covers the rare characters of
// names and places but holds no Latin letters or digits, hence the second face.
const (
	DefaultFont      = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	DefaultLatinFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)

// Options configure the PDF.
type Options struct {
	// FontPath is the CJK TrueType font; "" means DefaultFont.
	FontPath string
	// LatinFontPath is the face for Latin letters and digits; "" means DefaultLatinFont.
	LatinFontPath string
	// Region is the name of the item's region, shown beside its code.
	Region string
	// Now dates the printed guide; zero leaves the date out.
	Now time.Time
}

// PDF renders the guide of a published item on A4 pages: title block with
// a QR code linking to url (the online page), every element, materials and
// steps tables, contacts, FAQ, page numbers. Nothing is written to w
// unless the whole document was laid out. A missing font file is
// errs.Unavailable with a message naming the file and the package.
func PDF(w io.Writer, it catalog.Item, deptName, url string, o Options) error {
	qr, err := qrPNG(url, -10)
	if err != nil {
		return err
	}
	renders <- struct{}{}
	defer func() { <-renders }()
	pdf, err := startPDF(guideDoc, o)
	if err != nil {
		return err
	}
	g := New(it, deptName, o.Region)
	pdf.SetInfo(gopdf.PdfInfo{Title: g.Name + " 办事指南", Subject: "政务服务事项办事指南 " + g.Code,
		Creator: "OneWindow 一网通办", Producer: "OneWindow 一网通办", CreationDate: o.Now})
	wr := newWriter(pdf)
	wr.header = func() { runningHeader(wr, g) }
	wr.pdf.AddPage()
	wr.pages = 1
	wr.y = 36
	if err := titleBlock(wr, g, qr, url, o.Now); err != nil {
		return err
	}
	body(wr, g, url)
	for i := 1; i <= wr.pages; i++ {
		wr.fail(pdf.SetPage(i))
		footer(wr, url, i, wr.pages)
	}
	if wr.err != nil {
		return fmt.Errorf("guide: layout %s: %w", g.Code, wr.err)
	}
	_, err = pdf.WriteTo(w)
	return err
}

// fonts keeps font files once read (path → []byte): a PDF parses its faces
// anew, but reading 4 MB per guide would be waste. A missing file is not
// remembered, so installing the package later needs no restart.
var fonts sync.Map

// renders bounds the PDFs laid out at once: each needs ~20 MB while the
// fonts are parsed, and a burst of downloads must not exhaust memory.
var renders = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

// docKind names what is rendered in the messages a citizen sees when the
// fonts fail, with what they can use instead.
type docKind struct{ name, instead string }

var (
	guideDoc  = docKind{"PDF 办事指南", "，网页版办事指南可正常查看和打印"}
	noticeDoc = docKind{"PDF 文书", "，请稍后再试或到窗口领取纸质文书"}
)

// startPDF begins an A4 document with both faces loaded. The caller holds
// a slot of renders.
func startPDF(k docKind, o Options) (*gopdf.GoPdf, error) {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	if err := k.addFont(pdf, faceCJK, or(o.FontPath, DefaultFont), "fonts-droid-fallback"); err != nil {
		return nil, err
	}
	if err := k.addFont(pdf, faceLatin, or(o.LatinFontPath, DefaultLatinFont), "fonts-dejavu-core"); err != nil {
		return nil, err
	}
	return pdf, nil
}

// addFont loads a face into pdf with the guide's messages.
func addFont(pdf *gopdf.GoPdf, face, path, pkg string) error {
	return guideDoc.addFont(pdf, face, path, pkg)
}

func (k docKind) addFont(pdf *gopdf.GoPdf, face, path, pkg string) error {
	if b, ok := fonts.Load(path); ok {
		return k.useFont(pdf, face, path, b.([]byte))
	}
	b, err := os.ReadFile(path)
	// The message is shown to the public: it names the package for the
	// operator they tell; the path is in the cause, which is logged.
	if errors.Is(err, fs.ErrNotExist) {
		return errs.Wrap(err, errs.Unavailable, "暂时无法生成 %s：服务器缺少字体（请运维人员安装 Debian 软件包 %s 或配置字体路径）%s", k.name, pkg, k.instead)
	}
	if err != nil {
		return errs.Wrap(err, errs.Unavailable, "暂时无法生成 %s：服务器无法读取字体文件%s", k.name, k.instead)
	}
	if err := k.useFont(pdf, face, path, b); err != nil {
		return err
	}
	fonts.Store(path, b)
	return nil
}

func (k docKind) useFont(pdf *gopdf.GoPdf, face, path string, b []byte) error {
	if err := pdf.AddTTFFontData(face, b); err != nil {
		return errs.Wrap(fmt.Errorf("%s: %w", path, err), errs.Unavailable, "暂时无法生成 %s：服务器的字体文件无法使用%s", k.name, k.instead)
	}
	return nil
}

// runningHeader heads every page after the first with the item's name and code.
func runningHeader(w *writer, g Guide) {
	st := style{size: 8.5, color: grey}
	name := g.Name + " · 办事指南"
	code := "实施编码 " + g.Code
	room := contentW - w.measure(code, st.size) - 16
	if w.measure(name, st.size) > room {
		name = w.wrap(name, st.size, room-w.measure("…", st.size))[0] + "…"
	}
	w.text(marginX, 30, name, st)
	w.text(pageW-marginX-w.measure(code, st.size), 30, code, st)
	w.stroke(red, 0.8)
	w.pdf.Line(marginX, 46, pageW-marginX, 46)
}

// footer closes a page with the online address and the page number.
func footer(w *writer, url string, page, pages int) {
	st := style{size: 8, color: grey}
	y := pageH - 40
	w.stroke(ruleC, 0.5)
	w.pdf.Line(marginX, y, pageW-marginX, y)
	num := fmt.Sprintf("第 %d 页  共 %d 页", page, pages)
	numW := w.measure(num, st.size)
	left := "在线查看与办理：" + url
	if room := contentW - numW - 16; w.measure(left, st.size) > room {
		left = w.wrap(left, st.size, room-w.measure("…", st.size))[0] + "…"
	}
	w.text(marginX, y+7, left, st)
	w.text(pageW-marginX-numW, y+7, num, st)
}

// titleBlock draws the first page's head: the kind of document, the
// item's name, codes and department, the QR code, a red double rule and
// the key figures a citizen looks for first.
func titleBlock(w *writer, g Guide, qr []byte, url string, now time.Time) error {
	const qrSize = 86.0
	left := contentW - qrSize - 20
	w.text(marginX, w.y, "政务服务事项办事指南", style{size: 11, color: red, bold: true})
	w.y += 24
	for _, l := range w.wrap(g.Name, 20, left) {
		w.text(marginX, w.y, l, style{size: 20, color: black, bold: true})
		w.y += 28
	}
	w.y += 2
	meta := "实施编码 " + g.Code + "    基本编码 " + g.BaseCode
	w.paragraph(marginX, left, meta, style{size: 9, color: grey})
	who := g.Dept + "  ·  " + g.Kind
	w.paragraph(marginX, left, who, style{size: 10, color: black})
	stamp := ""
	if g.Version > 0 {
		stamp = fmt.Sprintf("第 %d 版", g.Version)
	}
	if !now.IsZero() {
		stamp += "  ·  " + now.In(cst).Format("2006-01-02") + " 打印"
	}
	if stamp != "" {
		w.paragraph(marginX, left, stamp, style{size: 8.5, color: grey})
	}
	qx, qy := pageW-marginX-qrSize, 32.0
	img, err := gopdf.ImageHolderByBytes(qr)
	if err != nil {
		return fmt.Errorf("guide: qr image: %w", err)
	}
	w.fail(w.pdf.ImageByHolder(img, qx, qy, &gopdf.Rect{W: qrSize, H: qrSize}))
	w.pdf.AddExternalLink(url, qx, qy, qrSize, qrSize)
	caption := "扫码在线办理"
	w.text(qx+(qrSize-w.measure(caption, 8.5))/2, qy+qrSize+2, caption, style{size: 8.5, color: grey})
	w.y = max(w.y+6, qy+qrSize+20)
	w.stroke(red, 1.6)
	w.pdf.Line(marginX, w.y, pageW-marginX, w.y)
	w.stroke(red, 0.5)
	w.pdf.Line(marginX, w.y+3, pageW-marginX, w.y+3)
	w.y += 14
	keyFigures(w, g)
	return nil
}

// keyFigures is a strip of boxes with what a citizen looks for first:
// time limit, visits, online depth, fees.
func keyFigures(w *writer, g Guide) {
	const gap, h = 8.0, 46.0
	n := float64(len(g.Figures))
	bw := (contentW - (n-1)*gap) / n
	for i, f := range g.Figures {
		x := marginX + float64(i)*(bw+gap)
		w.fill(bandBg)
		w.rect(x, w.y, bw, h, "F")
		w.fill(red)
		w.rect(x, w.y, bw, 2, "F")
		w.text(x+8, w.y+9, f.Label, style{size: 8.5, color: grey})
		v := f.Value
		if w.measure(v, 12) > bw-16 {
			v = w.wrap(v, 12, bw-16-w.measure("…", 12))[0] + "…"
		}
		w.text(x+8, w.y+24, v, style{size: 12, color: black, bold: true})
	}
	w.y += h + 6
}

// cst is China Standard Time, in which the print date is given.
var cst = time.FixedZone("CST", 8*3600)
