package excel

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// rowReader reads one data row's cells by column key, turning each into
// its Go value and reporting every cell it cannot read, so that one pass
// over the file lists all of them.
type rowReader struct {
	rep  *Report
	lay  *layout
	row  int      // as Excel shows it
	vals []string // by column position in the sheet's definition
	bad  bool     // a problem was reported on this row
}

// empty reports whether the row has nothing in it (people leave blank
// lines between items).
func (r *rowReader) empty() bool {
	for _, v := range r.vals {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// problem reports a problem in column key of this row.
func (r *rowReader) problem(key, format string, args ...any) {
	r.bad = true
	i := r.lay.s.index[key]
	r.rep.add(Problem{Sheet: r.lay.s.name, Row: r.row, Column: r.lay.s.cols[i].header,
		Cell: cellName(r.lay.pos[i]+1, r.row), Reason: fmt.Sprintf(format, args...)})
}

// checkRequired reports every required cell left empty.
func (r *rowReader) checkRequired() {
	for i, c := range r.lay.s.cols {
		if c.required && strings.TrimSpace(r.vals[i]) == "" {
			r.problem(c.key, "“%s”为必填项", c.header)
		}
	}
}

// text is the cell as written; catalog.Doc.Validate trims and checks it.
func (r *rowReader) text(key string) string { return r.vals[r.lay.s.index[key]] }

// code is the cell trimmed.
func (r *rowReader) code(key string) string { return strings.TrimSpace(r.text(key)) }

// integer reads a whole number. A number cell that Excel stored as 5.0
// reads as 5; 5.5 or text is a problem.
func (r *rowReader) integer(key string) int {
	s := r.code(key)
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e9 {
		return int(f)
	}
	r.problem(key, "应为整数，不能是“%s”", clip(s))
	return 0
}

// number reads an optional number; empty is nil.
func (r *rowReader) number(key string) *float64 {
	s := r.code(key)
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		r.problem(key, "应为数字，不能是“%s”", clip(s))
		return nil
	}
	return &f
}

// boolean reads 是/否; empty is 否.
func (r *rowReader) boolean(key string) bool {
	s := r.code(key)
	if s == "" {
		return false
	}
	v, ok := boolEnum.lookup(s)
	if !ok {
		r.problem(key, "应填“是”或“否”，不能是“%s”", clip(s))
	}
	return v == "true"
}

// enum reads one value of the column's enum as its code; empty is "".
func (r *rowReader) enum(key string) string {
	s := r.code(key)
	if s == "" {
		return ""
	}
	e := r.lay.s.cols[r.lay.s.index[key]].enum
	v, ok := e.lookup(s)
	if !ok {
		r.problem(key, "无法识别“%s”，可填：%s", clip(s), joinNames(e.names()))
	}
	return v
}

// list reads values separated by ";".
func (r *rowReader) list(key string) []string { return splitList(r.text(key)) }

// enumList reads enum values separated by ";" as codes, reporting every
// value it does not know in one problem.
func (r *rowReader) enumList(key string) []string {
	parts := splitList(r.text(key))
	if parts == nil {
		return nil
	}
	e := r.lay.s.cols[r.lay.s.index[key]].enum
	out := make([]string, 0, len(parts))
	var unknown []string
	for _, p := range parts {
		if v, ok := e.lookup(p); ok {
			out = append(out, v)
		} else {
			unknown = append(unknown, "“"+clip(p)+"”")
		}
	}
	if unknown != nil {
		r.problem(key, "无法识别%s，可填：%s（多个用分号分隔）", strings.Join(unknown, "、"), joinNames(e.names()))
	}
	return out
}

// clip shortens a value quoted back in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}
