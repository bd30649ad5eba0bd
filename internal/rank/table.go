package rank

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/stats"
)

// ChangeText says a row's change in rank: ↑2, ↓1, 持平, or "—" when it
// was not ranked in one of the two periods.
func (r *Row) ChangeText() string {
	switch {
	case r.Rank == 0 || r.PrevRank == 0:
		return "—"
	case r.Change > 0:
		return "↑" + strconv.Itoa(r.Change)
	case r.Change < 0:
		return "↓" + strconv.Itoa(-r.Change)
	}
	return "持平"
}

// ValueCell is a figure's value for a table: a count, a rate (fraction)
// or an average, "—" when undefined.
func (f *Figure) ValueCell() any {
	if !f.Defined {
		return "—"
	}
	if f.Kind == "count" {
		return f.Num
	}
	return f.Value
}

// Table is a ranking as an export table: rank, change, unit, score, and
// each indicator's value and points.
func Table(r Ranking) stats.Table {
	unit := "部门"
	if r.Scheme.Subject == SubjectRegion {
		unit = "地区"
	}
	t := stats.Table{Title: r.Title, Sheet: "排名", Columns: []stats.Column{
		{Name: "名次", Kind: "count", Width: 8}, {Name: "名次变化", Kind: "text", Width: 10},
		{Name: unit, Kind: "text", Width: 28}, {Name: "综合得分", Kind: "average", Width: 10},
		{Name: "收件量", Kind: "count", Width: 10}}}
	for _, w := range r.Scheme.Indicators {
		name := w.Indicator
		kind := "count"
		if d, ok := stats.DefNamed(w.Indicator); ok {
			name, kind = d.Name, d.Kind
		}
		weight := strconv.FormatFloat(w.Weight, 'f', -1, 64)
		t.Columns = append(t.Columns, stats.Column{Name: name, Kind: kind},
			stats.Column{Name: name + "得分（权重 " + weight + "）", Kind: "average", Width: 16})
	}
	for _, row := range r.Rows {
		cells := []any{"未排名", "—", row.Name, "—", row.Received}
		if row.Rank > 0 {
			cells[0], cells[1], cells[3] = int64(row.Rank), row.ChangeText(), row.Score
		}
		for _, f := range row.Figures {
			var pts any = "—"
			if row.Rank > 0 && (f.Defined || f.Imputed) { // else: no unit has it, it does not count
				pts = f.Points
			}
			cells = append(cells, f.ValueCell(), pts)
		}
		t.Rows = append(t.Rows, cells)
	}
	notes := []string{"综合得分 = Σ（权重 × 指标得分）÷ Σ 权重；得分相同名次并列；本期无收件的单位不参与排名。" +
		"指标无分母（如无办结件）时取其他单位该项的平均得分。"}
	if !r.PrevFrom.IsZero() {
		notes = append(notes, fmt.Sprintf("名次变化与 %s 至 %s 比较。", r.PrevFrom, r.PrevTo))
	}
	notes = append(notes, "导出自一网通办平台。")
	t.Note = strings.Join(notes, "")
	return t
}
