package guide

// column is one column of a bordered table.
type column struct {
	title  string
	width  float64
	center bool // short values (numbers, counts) sit in the middle
	label  bool // a label column: shaded, muted text
}

// cellPad is the inner padding of a table cell.
const cellPad = 4.0

// table draws a bordered table at the left margin. Cells wrap; the header
// row (when withHeader) repeats on every page the table continues on; a
// row that would fit a fresh page is not split, a taller one is split
// line by line.
func (w *writer) table(cols []column, rows [][]string, size float64, withHeader bool) {
	lh := size * 1.5
	head := func() float64 { return 0 }
	if withHeader {
		titles := make([]string, len(cols))
		for i, c := range cols {
			titles[i] = c.title
		}
		hl := w.cells(cols, titles, size)
		headH := float64(lineCount(hl))*lh + 2*cellPad
		head = func() float64 {
			w.row(cols, hl, 0, lineCount(hl), style{size: size, color: navy, bold: true}, true, lh)
			return headH
		}
		w.need(headH + lh + 2*cellPad)
	} else {
		w.need(lh + 2*cellPad)
	}
	headH := head()
	full := bodyBottom - bodyTop - headH
	for _, r := range rows {
		lines := w.cells(cols, r, size)
		n := lineCount(lines)
		h := float64(n)*lh + 2*cellPad
		if h > w.room() && h <= full {
			w.newPage()
			head()
		}
		for from := 0; from < n; {
			fit := int((w.room() - 2*cellPad) / lh)
			if fit < 1 {
				w.newPage()
				head()
				continue
			}
			to := min(n, from+fit)
			w.row(cols, lines, from, to, style{size: size, color: black}, false, lh)
			from = to
			if from < n {
				w.newPage()
				head()
			}
		}
	}
}

// cells wraps each cell of a row to its column.
func (w *writer) cells(cols []column, row []string, size float64) [][]string {
	out := make([][]string, len(cols))
	for i, c := range cols {
		v := ""
		if i < len(row) {
			v = row[i]
		}
		out[i] = w.wrap(v, size, c.width-2*cellPad)
	}
	return out
}

// lineCount is the number of lines of the tallest cell.
func lineCount(lines [][]string) int {
	n := 1
	for _, l := range lines {
		n = max(n, len(l))
	}
	return n
}

// row draws lines [from, to) of every cell as one band of the table.
func (w *writer) row(cols []column, lines [][]string, from, to int, st style, header bool, lh float64) {
	h := float64(to-from)*lh + 2*cellPad
	x := marginX
	w.stroke(ruleC, 0.5)
	for i, c := range cols {
		cs := st
		switch {
		case header:
			w.fill(headBg)
			w.rect(x, w.y, c.width, h, "FD")
		case c.label:
			w.fill(labBg)
			w.rect(x, w.y, c.width, h, "FD")
			cs.color = grey
		default:
			w.rect(x, w.y, c.width, h, "D")
		}
		for k := from; k < to && k < len(lines[i]); k++ {
			l := lines[i][k]
			tx := x + cellPad
			if c.center || header {
				tx = x + (c.width-w.measure(l, st.size))/2
			}
			w.text(tx, w.y+cellPad+float64(k-from)*lh+(lh-st.size)/2, l, cs)
		}
		x += c.width
	}
	w.y += h
}
