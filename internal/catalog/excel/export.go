package excel

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// lastRow is the end of the ranges that data validation covers: the whole
// column, so rows a catalog manager adds get the drop-down too.
const lastRow = excelize.TotalRows

// styles are the workbook's cell styles.
type styles struct {
	header, headerRequired, key, helpHead, helpBody, note int
	// data cells: codes kept as text, wrapped free text, the rest
	code, text, other int
}

// data is the style of column c's data cells: top-aligned so that a
// multi-line cell reads from its first line; free text wraps; codes are
// text so that Excel keeps 000123 and does not show 11530000 as 1.15E+07.
func (st styles) data(c column) int {
	switch c.kind {
	case kCode:
		return st.code
	case kText:
		return st.text
	}
	return st.other
}

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1}}
	head := func(fill string) *excelize.Style {
		return &excelize.Style{Border: border, Font: &excelize.Font{Bold: true, Size: 11},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}
	}
	text := "@"
	var st styles
	for _, s := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&st.header, head("DDEBF7")},
		{&st.headerRequired, head("FCE4D6")},
		{&st.key, &excelize.Style{Font: &excelize.Font{Size: 9, Color: "808080"}}},
		{&st.code, &excelize.Style{CustomNumFmt: &text, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.text, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.other, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.helpHead, head("DDEBF7")},
		{&st.helpBody, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.note, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	} {
		id, err := f.NewStyle(s.style)
		if err != nil {
			return st, err
		}
		*s.id = id
	}
	return st, nil
}

// Export writes docs as a workbook in the documented layout
// (docs/catalog-excel.md): one sheet of items, one sheet per list element,
// and a 填写说明 sheet. Import reads it back to equal documents.
func Export(w io.Writer, docs []catalog.Doc) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "生成 Excel 文件失败")
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err == nil {
			err = writeSheet(f, st, s, docs)
		}
		if err != nil {
			return errs.Wrap(err, errs.Internal, "生成 Excel 工作表“%s”失败", s.name)
		}
	}
	if err := writeHelp(f, st); err != nil {
		return errs.Wrap(err, errs.Internal, "生成填写说明失败")
	}
	if _, err := f.WriteTo(w); err != nil {
		return errs.Wrap(err, errs.Internal, "写出 Excel 文件失败")
	}
	return nil
}

// writeSheet streams one sheet: header, hidden key row, then every row the
// documents hold. Streaming keeps memory flat for a province's catalog.
func writeSheet(f *excelize.File, st styles, s *sheetDef, docs []catalog.Doc) error {
	// Validation lists belong to the worksheet the stream writer then
	// finishes, so they are added first.
	if err := addValidations(f, s); err != nil {
		return err
	}
	if err := setPrint(f, s.name, "landscape", headerRow); err != nil {
		return err
	}
	// The stream writer would leave the dimension at A1, which readers
	// that trust it (pandas in read-only mode) take for an empty sheet.
	rows := keyRow
	for i := range docs {
		rowsOf(s, &docs[i], func(cells) { rows++ })
	}
	if err := f.SetSheetDimension(s.name, "A1:"+cellName(len(s.cols), rows)); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	head := make([]any, len(s.cols))
	keys := make([]any, len(s.cols))
	for i, c := range s.cols {
		style := st.header
		if c.required {
			style = st.headerRequired
		}
		head[i] = excelize.Cell{StyleID: style, Value: c.header}
		keys[i] = excelize.Cell{StyleID: st.key, Value: c.key}
	}
	// Columns from the last: excelize keeps the <col> list in the reverse
	// order of the calls, and Excel wants it ascending.
	for i := len(s.cols) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, s.cols[i].width); err != nil {
			return err
		}
		if err := sw.SetColStyle(i+1, i+1, st.data(s.cols[i])); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: keyRow, TopLeftCell: cellName(2, firstData), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", keys, excelize.RowOpts{Hidden: true}); err != nil {
		return err
	}
	row := firstData
	for i := range docs {
		rowsOf(s, &docs[i], func(vals cells) {
			if err != nil {
				return
			}
			out := make([]any, len(s.cols))
			for j, c := range s.cols {
				if v := cellValue(c, vals[c.key]); v != nil {
					out[j] = excelize.Cell{StyleID: st.data(c), Value: v}
				}
			}
			err = sw.SetRow(cellName(1, row), out)
			row++
		})
		if err != nil {
			return err
		}
	}
	return sw.Flush()
}

// setPrint makes a printed sheet readable: A4, as wide as one page, the
// header (row titleRow) repeated on every page.
func setPrint(f *excelize.File, sheet, orientation string, titleRow int) error {
	a4, one, any, fit := 9, 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orientation,
		FitToWidth: &one, FitToHeight: &any}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, titleRow, titleRow), Scope: sheet})
}

// addValidations gives enum and yes/no columns a drop-down list and number
// columns a range. They only warn: import accepts codes and aliases too,
// and it is import that decides.
func addValidations(f *excelize.File, s *sheetDef) error {
	for i, c := range s.cols {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s:%s", cellName(i+1, firstData), cellName(i+1, lastRow))
		var err error
		switch {
		case c.kind == kEnum:
			err = dv.SetDropList(c.enum.names())
		case c.kind == kBool:
			err = dv.SetDropList([]string{"是", "否"})
		case c.kind == kInt && c.key != "dept_id":
			lo, hi := intRange(c.key)
			err = dv.SetRange(lo, hi, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
		default:
			continue
		}
		if err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleWarning, c.header, validationHint(c))
		if err := f.AddDataValidation(s.name, dv); err != nil {
			return err
		}
	}
	return nil
}

// intRange is the range a number column accepts (the same bounds as
// catalog.Doc.Validate), for the warning Excel shows while typing.
func intRange(key string) (int, int) {
	switch key {
	case "online_depth":
		return 1, 4
	case "max_visits":
		return 0, 10
	case "copies":
		return 0, 20
	case "max_length":
		return 0, 4000
	case "max_rows":
		return 0, 500
	case "stage":
		return 1, 30
	}
	return 0, 3650
}

func validationHint(c column) string {
	switch c.kind {
	case kEnum:
		return "请从下拉列表中选择：" + joinNames(c.enum.names())
	case kBool:
		return "请填写“是”或“否”"
	}
	lo, hi := intRange(c.key)
	return fmt.Sprintf("请填写 %d 到 %d 之间的整数", lo, hi)
}

// cellName is the A1 reference of a 1-based column and row.
func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}
