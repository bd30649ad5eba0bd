package excel

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// helpNotes open the 填写说明 sheet: the rules that hold for every sheet.
var helpNotes = []string{
	"每个工作表第 1 行是列名，第 2 行（已隐藏）是机器标识，请勿修改、删除或调换；数据从第 3 行开始。",
	"橙色列名为必填列。多个值用分号分隔（; 或 ；均可），值本身含分号时在前面加反斜杠 \\。",
	"枚举列填中文名称（如 行政许可、县级、跨省通办），也接受英文代码（如 licensing、county、national）。",
	"设定依据、收费、特别程序、常见问题、申请材料、表单字段、办理环节各表按“实施编码”归属到事项，行的先后即展示顺序。",
	"导入时任何一处错误都会使整个文件不被导入，并列出每一处错误的工作表、行号、列名和原因。本说明表不参与导入。",
}

// writeHelp adds the 填写说明 sheet: the general rules, then one row per
// column of every sheet with its key, whether it is required and what it
// accepts. It is generated from the same layout import checks against.
func writeHelp(f *excelize.File, st styles) error {
	if _, err := f.NewSheet(sheetHelp); err != nil {
		return err
	}
	row := 1
	for _, n := range helpNotes {
		// A note spans the table's width and wraps; merged cells do not
		// grow by themselves, so the row is made two lines high.
		end := cellName(5, row)
		if err := f.SetCellValue(sheetHelp, cellName(1, row), n); err != nil {
			return err
		}
		if err := f.MergeCell(sheetHelp, cellName(1, row), end); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheetHelp, cellName(1, row), end, st.note); err != nil {
			return err
		}
		if err := f.SetRowHeight(sheetHelp, row, 30); err != nil {
			return err
		}
		row++
	}
	row++
	head := []any{"工作表", "列名", "机器标识", "必填", "填写说明与可填值"}
	if err := f.SetSheetRow(sheetHelp, cellName(1, row), &head); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheetHelp, cellName(1, row), cellName(len(head), row), st.helpHead); err != nil {
		return err
	}
	first := row + 1
	for _, s := range sheets {
		for _, c := range s.cols {
			row++
			req := ""
			if c.required {
				req = "是"
			}
			vals := []any{s.name, c.header, c.key, req, columnHelp(c)}
			if err := f.SetSheetRow(sheetHelp, cellName(1, row), &vals); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStyle(sheetHelp, cellName(1, first), cellName(len(head), row), st.helpBody); err != nil {
		return err
	}
	for col, w := range []float64{10, 14, 16, 6, 110} {
		name, _ := excelize.ColumnNumberToName(col + 1)
		if err := f.SetColWidth(sheetHelp, name, name, w); err != nil {
			return err
		}
	}
	if err := f.SetSheetDimension(sheetHelp, "A1:"+cellName(len(head), row)); err != nil {
		return err
	}
	return setPrint(f, sheetHelp, "portrait", first-1)
}

// columnHelp is a column's note followed by the values it accepts.
func columnHelp(c column) string {
	parts := []string{}
	if c.note != "" {
		parts = append(parts, c.note)
	}
	switch c.kind {
	case kEnum, kEnumList:
		parts = append(parts, "可填："+joinNames(c.enum.names()))
	case kBool:
		parts = append(parts, "可填：是、否")
	case kInt:
		parts = append(parts, "整数")
	case kFloat:
		parts = append(parts, "数字")
	}
	return strings.Join(parts, "。")
}

func joinNames(xs []string) string { return strings.Join(xs, "、") }
