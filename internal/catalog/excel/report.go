package excel

import (
	"fmt"
	"strings"

	"github.com/onewindow/onewindow/internal/errs"
)

// maxProblems bounds a report: a file that is wrong throughout would
// otherwise produce a list longer than anyone reads. The count of the rest
// is kept.
const maxProblems = 5000

// Problem is one thing wrong in an imported file, placed where the catalog
// manager will look for it.
type Problem struct {
	Sheet  string `json:"sheet"`            // 事项, 申请材料 …; "items" for JSON
	Row    int    `json:"row,omitempty"`    // as Excel shows it (1 is the header row); 0: the sheet as a whole. JSON: the item's position, from 1
	Column string `json:"column,omitempty"` // the column header (JSON: the field path)
	Cell   string `json:"cell,omitempty"`   // e.g. "O7", when a single cell is at fault
	Reason string `json:"reason"`           // Chinese, for the catalog manager
}

// String reads like "事项 第 7 行 承诺时限（O7）：承诺时限不能超过法定时限",
// or "第 3 项 materials[2].name：此项为必填项" for JSON.
func (p Problem) String() string {
	var b strings.Builder
	switch {
	case p.Sheet == jsonSheet:
		fmt.Fprintf(&b, "第 %d 项", p.Row)
	case p.Row > 0:
		fmt.Fprintf(&b, "%s 第 %d 行", p.Sheet, p.Row)
	default:
		// The whole sheet (a missing sheet or column): the reason says it.
		return p.Sheet + "：" + p.Reason
	}
	if p.Column != "" {
		b.WriteString(" " + p.Column)
	}
	if p.Cell != "" {
		b.WriteString("（" + p.Cell + "）")
	}
	return b.String() + "：" + p.Reason
}

// Report is the result of checking an imported file: how many items it
// holds and every problem found. A file with any problem imports nothing.
type Report struct {
	Items    int       `json:"items"`    // items (事项 rows) read
	Problems []Problem `json:"problems"` // in sheet and row order
	Omitted  int       `json:"omitted"`  // problems beyond maxProblems, not listed
}

// OK reports whether the file had no problem.
func (r *Report) OK() bool { return len(r.Problems) == 0 && r.Omitted == 0 }

// Count is the number of problems, listed or not.
func (r *Report) Count() int { return len(r.Problems) + r.Omitted }

func (r *Report) add(p Problem) {
	if len(r.Problems) >= maxProblems {
		r.Omitted++
		return
	}
	r.Problems = append(r.Problems, p)
}

// err is the error Import returns with a failed report: Invalid, and
// saying that nothing was imported, with the first problem as an example.
func (r *Report) err() error {
	if r.OK() {
		return nil
	}
	if r.Count() == 1 {
		return errs.E(errs.Invalid, "文件有 1 处错误，未导入任何事项：%s", r.Problems[0])
	}
	return errs.E(errs.Invalid, "文件有 %d 处错误，未导入任何事项。第一处：%s", r.Count(), r.Problems[0])
}
