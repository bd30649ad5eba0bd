package guide

import "github.com/signintech/gopdf"

// A4 in points and the page's frame.
const (
	pageW      = 595.28
	pageH      = 841.89
	marginX    = 48.0
	contentW   = pageW - 2*marginX
	bodyTop    = 64.0 // below the running header of pages 2…
	bodyBottom = pageH - 52.0
)

// The two faces: the CJK face has no Latin letters or digits, so every
// rune is drawn with the face that holds it.
const (
	faceCJK   = "cjk"
	faceLatin = "latin"
)

type rgb struct{ r, g, b uint8 }

var (
	black  = rgb{0x1f, 0x23, 0x28}
	grey   = rgb{0x57, 0x60, 0x6a}
	red    = rgb{0xb7, 0x1c, 0x1c}
	navy   = rgb{0x1f, 0x3a, 0x60}
	ruleC  = rgb{0x9a, 0xa4, 0xb0}
	headBg = rgb{0xe8, 0xed, 0xf3}
	labBg  = rgb{0xf5, 0xf7, 0xfa}
	bandBg = rgb{0xf4, 0xe9, 0xe9}
)

// style is how a run of text is drawn.
type style struct {
	size  float64
	color rgb
	bold  bool // drawn twice, a hair apart: neither face has a bold cut
}

// writer lays text out on A4 pages: it picks a face per rune, measures,
// wraps Chinese and Latin text, and breaks pages (running header on each
// new page). Errors are sticky so the layout code reads straight through.
type writer struct {
	pdf    *gopdf.GoPdf
	y      float64
	pages  int
	header func() // draws the running header of a new page
	has    map[glyph]bool
	widths map[glyph]float64
	err    error
}

type glyph struct {
	face string
	size float64
	r    rune
}

func newWriter(pdf *gopdf.GoPdf) *writer {
	return &writer{pdf: pdf, has: map[glyph]bool{}, widths: map[glyph]float64{}}
}

func (w *writer) fail(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

func (w *writer) setFont(face string, size float64) {
	w.fail(w.pdf.SetFont(face, "", size))
}

func (w *writer) holds(face string, r rune) bool {
	k := glyph{face: face, r: r}
	ok, seen := w.has[k]
	if !seen {
		w.setFont(face, 10)
		var err error
		ok, err = w.pdf.IsCurrFontContainGlyph(r)
		w.fail(err)
		w.has[k] = ok
	}
	return ok
}

// faceFor picks the face for a rune: Latin text, digits and Western
// punctuation from the Latin face, everything else from the CJK face;
// a rune neither holds becomes a question mark rather than a blank.
func (w *writer) faceFor(r rune) (string, rune) {
	if r < 0x2E80 && w.holds(faceLatin, r) {
		return faceLatin, r
	}
	if w.holds(faceCJK, r) {
		return faceCJK, r
	}
	if w.holds(faceLatin, r) {
		return faceLatin, r
	}
	return faceLatin, '?'
}

func (w *writer) runeWidth(face string, size float64, r rune) float64 {
	k := glyph{face, size, r}
	if v, ok := w.widths[k]; ok {
		return v
	}
	w.setFont(face, size)
	v, err := w.pdf.MeasureTextWidth(string(r))
	w.fail(err)
	w.widths[k] = v
	return v
}

// measure is the drawn width of s at size.
func (w *writer) measure(s string, size float64) float64 {
	var sum float64
	for _, r := range s {
		face, r := w.faceFor(r)
		sum += w.runeWidth(face, size, r)
	}
	return sum
}

// text draws one line with its top at (x, y), switching faces per run.
func (w *writer) text(x, y float64, s string, st style) {
	var run []rune
	face := ""
	flush := func() {
		if len(run) == 0 {
			return
		}
		t := string(run)
		w.setFont(face, st.size)
		w.pdf.SetTextColor(st.color.r, st.color.g, st.color.b)
		w.pdf.SetXY(x, y)
		w.fail(w.pdf.Cell(nil, t))
		if st.bold {
			w.pdf.SetXY(x+st.size*0.035, y)
			w.fail(w.pdf.Cell(nil, t))
		}
		x += w.measure(t, st.size)
		run = run[:0]
	}
	for _, r := range s {
		f, r := w.faceFor(r)
		if f != face {
			flush()
			face = f
		}
		run = append(run, r)
	}
	flush()
}

// room is the height left on the page.
func (w *writer) room() float64 { return bodyBottom - w.y }

// need starts a new page unless h points fit on this one.
func (w *writer) need(h float64) {
	if h > w.room() {
		w.newPage()
	}
}

func (w *writer) newPage() {
	w.pdf.AddPage()
	w.pages++
	w.y = bodyTop
	if w.header != nil {
		w.header()
	}
}

func (w *writer) stroke(c rgb, width float64) {
	w.pdf.SetStrokeColor(c.r, c.g, c.b)
	w.pdf.SetLineWidth(width)
}

func (w *writer) fill(c rgb) { w.pdf.SetFillColor(c.r, c.g, c.b) }

// rect draws a rectangle from its top-left corner; style "D" strokes,
// "F" fills, "FD" both.
func (w *writer) rect(x, y, width, height float64, st string) {
	w.pdf.RectFromUpperLeftWithStyle(x, y, width, height, st)
}

// paragraph draws wrapped text across width from x, breaking pages.
func (w *writer) paragraph(x, width float64, s string, st style) {
	lh := st.size * 1.6
	for _, l := range w.wrap(s, st.size, width) {
		w.need(lh)
		w.text(x, w.y+(lh-st.size)/2, l, st)
		w.y += lh
	}
}
