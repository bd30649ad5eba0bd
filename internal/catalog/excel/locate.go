package excel

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/errs"
)

// listSheets maps a document's list elements to the sheet that holds them.
var listSheets = map[string]*sheetDef{
	"legal_basis": basisSheet, "fees": feesSheet, "special_procedures": procsSheet, "faq": faqSheet,
	"materials": materialsSheet, "steps": stepsSheet, "form": formSheet,
}

// segment is one step of a Validate field path such as materials[2].name.
type segment struct {
	name string
	idx  int // -1 when the step has no index
}

func parsePath(p string) []segment {
	var out []segment
	for _, part := range strings.Split(p, ".") {
		s := segment{name: part, idx: -1}
		if i := strings.IndexByte(part, '['); i > 0 && strings.HasSuffix(part, "]") {
			if n, err := strconv.Atoi(part[i+1 : len(part)-1]); err == nil {
				s = segment{name: part[:i], idx: n}
			}
		}
		out = append(out, s)
	}
	return out
}

// locate turns a document's validation error into a problem on the row and
// column it came from: materials[2].name is the 材料名称 cell of the
// item's third 申请材料 row; a list-wide error (no steps at all) falls on
// the item's 事项 row.
func (imp *importer) locate(b *build, err error) Problem {
	var e *errs.Error
	if !errors.As(err, &e) {
		return Problem{Sheet: sheetItems, Row: b.row, Reason: err.Error()}
	}
	path := parsePath(e.Field)
	head := path[0]
	s, isList := listSheets[head.name]
	if e.Field == "" || !isList {
		return imp.cellProblem(itemsSheet, b.row, head.name, e.Message)
	}
	rows := b.rows[head.name]
	if head.name == "form" {
		rows = b.formRows
	}
	if head.idx < 0 || head.idx >= len(rows) {
		return imp.cellProblem(itemsSheet, b.row, "", e.Message)
	}
	row, rest := rows[head.idx], path[1:]
	if head.name == "form" && len(rest) > 0 && rest[0].name == "columns" && rest[0].idx >= 0 {
		if cols := b.columnRows[head.idx]; rest[0].idx < len(cols) {
			row, rest = cols[rest[0].idx], rest[1:]
		}
	}
	key := ""
	if len(rest) > 0 {
		key = rest[0].name
	}
	return imp.cellProblem(s, row, key, e.Message)
}

// cellProblem is a problem at a row of a sheet, in the column with key
// (the whole row when the sheet has no such column).
func (imp *importer) cellProblem(s *sheetDef, row int, key, reason string) Problem {
	p := Problem{Sheet: s.name, Row: row, Reason: reason}
	if i, ok := s.index[key]; ok {
		p.Column = s.cols[i].header
		if l := imp.lays[s]; l != nil && l.pos[i] >= 0 {
			p.Cell = cellName(l.pos[i]+1, row)
		}
	}
	return p
}

// sort orders problems by sheet (in workbook order) and row, the order a
// catalog manager works through the file in. Problems found together on
// one row keep their order.
func (r *Report) sort() {
	order := func(sheet string) int {
		return slices.IndexFunc(sheets, func(s *sheetDef) bool { return s.name == sheet })
	}
	sort.SliceStable(r.Problems, func(i, j int) bool {
		a, b := r.Problems[i], r.Problems[j]
		if oa, ob := order(a.Sheet), order(b.Sheet); oa != ob {
			return oa < ob
		}
		return a.Row < b.Row
	})
}

func itoa(i int) string { return strconv.Itoa(i) }
