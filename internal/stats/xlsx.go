package stats

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Table is a figure table for export: a title saying scope and period,
// column headings and rows. Cells are strings, int64 or float64; columns
// of Kind "rate" show float64 cells as percentages.
type Table struct {
	Title   string
	Sheet   string // sheet name (default 指标)
	Columns []Column
	Rows    [][]any
	Note    string // a line under the table (formulas, source)
}

// Column is one column of a Table.
type Column struct {
	Name  string
	Kind  string // "text", "count", "rate", "average"
	Width float64
}

// WriteXLSX writes t as an Excel workbook.
func (t Table) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Sheet
	if sheet == "" {
		sheet = "指标"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(max(len(t.Columns), 1))
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Color: []string{"DDE7F3"}, Pattern: 1},
		Border: []excelize.Border{{Type: "bottom", Color: "7F8FA6", Style: 1}}})
	if err != nil {
		return err
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return err
	}
	avg, err := f.NewStyle(&excelize.Style{DecimalPlaces: intp(1), NumFmt: 2}) // 0.00
	if err != nil {
		return err
	}
	f.SetCellValue(sheet, "A1", t.Title)
	f.SetCellStyle(sheet, "A1", "A1", title)
	f.MergeCell(sheet, "A1", last+"1")
	for i, c := range t.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellValue(sheet, col+"2", c.Name)
		w := c.Width
		if w == 0 {
			w = 14
			if c.Kind == "text" {
				w = 24
			}
		}
		f.SetColWidth(sheet, col, col, w)
	}
	f.SetCellStyle(sheet, "A2", last+"2", head)
	for r, row := range t.Rows {
		for i, v := range row {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+3)
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return err
			}
			if i < len(t.Columns) {
				if _, ok := v.(float64); ok {
					switch t.Columns[i].Kind {
					case "rate":
						f.SetCellStyle(sheet, cell, cell, pct)
					case "average":
						f.SetCellStyle(sheet, cell, cell, avg)
					}
				}
			}
		}
	}
	if t.Note != "" {
		f.SetCellValue(sheet, fmt.Sprintf("A%d", len(t.Rows)+4), t.Note)
	}
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	_, err = f.WriteTo(w)
	return err
}

func intp(n int) *int { return &n }

// IndicatorCell is an indicator's value for a table: a count or a float
// (rates as fractions), "—" when undefined.
func IndicatorCell(in Indicator) any {
	if !in.Defined {
		return "—"
	}
	if in.Kind == "count" {
		return in.Num
	}
	return in.Value
}

// BreakdownTable is a breakdown as a table: one row per group, one column
// per indicator.
func BreakdownTable(b Breakdown, title string) Table {
	t := Table{Title: fmt.Sprintf("%s（%s）", title, b.Scope), Columns: []Column{{Name: byTitle[b.By], Kind: "text"}}}
	for _, d := range Defs {
		t.Columns = append(t.Columns, Column{Name: d.Name, Kind: d.Kind})
	}
	for _, g := range b.Groups {
		row := []any{g.Name}
		for _, in := range g.Indicators {
			row = append(row, IndicatorCell(in))
		}
		t.Rows = append(t.Rows, row)
	}
	t.Note = "口径：按办件各环节发生日统计（收件按提交日、受理按受理日、办结按办结日、评价按评价日）；一件事按子件计。导出自一网通办平台。"
	return t
}

var byTitle = map[string]string{ByRegion: "地区", ByDept: "部门", ByHall: "大厅", ByMonth: "月份", ByDay: "日期"}
