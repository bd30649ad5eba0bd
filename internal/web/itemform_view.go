package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/pii"
)

// applyView is what item_form.html shows.
type applyView struct {
	Guide     guide.Guide
	GuideURL  string // the item's guide page
	Action    string // where the form posts to be checked
	Fields    []*applyField
	HasRegion bool        // some field asks for a region: the page offers Regions
	Regions   []catOption // the region datalist
	Materials []applyMaterial
	Checked   bool // the form was checked (OK or Problems)
	OK        bool
	Problems  []applyProblem
	Omitted   int
	Result    []resultLine // the checked values, personal numbers masked
	Unticked  []string     // required materials not yet ticked
}

// applyField is one input, or a table of inputs.
type applyField struct {
	Key, Label, Type, Help string
	Name, ID               string // the input's name and id
	Required               bool
	Value                  string
	Error                  string
	Options                []catOption
	Min, Max               string // number bounds, "" for none
	MaxLength              int
	Column, Row            string // a cell's column label and row number
	Lang                   string
	// A table's columns, rows and the blank row scripts copy.
	Columns []*applyField
	Rows    []applyRow
	Blank   applyRow
	MaxRows int
}

// applyRow is one row of a table field; Index is the number in its input
// names (the template's is a token the script replaces).
type applyRow struct {
	Index, ID string
	No        string // shown: 1, 2, …
	Cells     []*applyField
	Table     string // the table's key, for the remove button
	Lang      string
}

type applyProblem struct{ Anchor, Message string }

// applyMaterial is one line of the materials checklist.
type applyMaterial struct {
	guide.MaterialRow
	Key      string
	Required bool
	Ticked   bool
}

// resultLine shows a checked value; a table shows its rows.
type resultLine struct {
	Label, Value string
	Rows         []string
}

// The blank row's tokens, which item_form.js replaces.
const (
	applyRowToken = "__ROW__"
	applyNoToken  = "__NO__"
)

// spareRows is how many empty rows a table offers before anything is
// filled in, so the form works without scripts.
const spareRows = 3

// buildApply lays out the form with the submission's values and the
// problems beside the inputs they concern.
func buildApply(form []catalog.Field, sub submission, fe *catalog.FormErrors, lang string) *applyView {
	v := &applyView{}
	errAt := map[string]string{}
	if fe != nil {
		for _, e := range fe.List {
			if _, dup := errAt[e.Path]; !dup {
				errAt[e.Path] = e.Reason
			}
			v.Problems = append(v.Problems, applyProblem{Anchor: anchor(e.Path), Message: e.Message})
		}
		v.Omitted = fe.Omitted
	}
	for _, fd := range form {
		af := input(fd, "f."+fd.Key, anchor("form."+fd.Key), sub.top[fd.Key], errAt["form."+fd.Key], lang)
		v.HasRegion = v.HasRegion || fd.Type == catalog.FieldRegion
		if fd.Type == catalog.FieldTable {
			af.MaxRows = maxRows(fd)
			for _, c := range fd.Columns {
				v.HasRegion = v.HasRegion || c.Type == catalog.FieldRegion
				af.Columns = append(af.Columns, &applyField{Label: c.Label, Required: c.Required, Help: c.Help})
			}
			rows := sub.rows[fd.Key]
			pad := 1
			if sub.top == nil {
				pad = min(spareRows, af.MaxRows)
			}
			for len(rows) < pad {
				rows = append(rows, map[string]string{})
			}
			for i, r := range rows {
				n := strconv.Itoa(i)
				path := fmt.Sprintf("form.%s[%d]", fd.Key, i)
				af.Rows = append(af.Rows, row(fd, n, strconv.Itoa(i+1), path, r, errAt, lang))
			}
			af.Blank = row(fd, applyRowToken, applyNoToken, "", nil, nil, lang)
		}
		v.Fields = append(v.Fields, af)
	}
	return v
}

// row lays out one table row; path is where its problems are found.
func row(fd catalog.Field, index, no, path string, vals, errAt map[string]string, lang string) applyRow {
	r := applyRow{Index: index, No: no, ID: "af-" + fd.Key + "-" + index, Table: fd.Key, Lang: lang}
	for _, c := range fd.Columns {
		cell := input(c, "t."+fd.Key+"."+index+"."+c.Key, r.ID+"-"+c.Key, vals[c.Key], errAt[path+"."+c.Key], lang)
		cell.Column, cell.Row = c.Label, no
		r.Cells = append(r.Cells, cell)
	}
	return r
}

func input(fd catalog.Field, name, id, value, problem, lang string) *applyField {
	af := &applyField{Key: fd.Key, Label: fd.Label, Type: fd.Type, Help: fd.Help, Name: name, ID: id,
		Required: fd.Required, Value: value, Error: problem, MaxLength: fd.MaxLength, Lang: lang}
	switch fd.Type {
	case catalog.FieldText:
		af.MaxLength = cmp0(fd.MaxLength, catalog.DefaultTextLength)
	case catalog.FieldAddress:
		af.MaxLength = cmp0(fd.MaxLength, catalog.DefaultAddressLength)
	case catalog.FieldNumber:
		if fd.Min != nil {
			af.Min = strconv.FormatFloat(*fd.Min, 'f', -1, 64)
		}
		if fd.Max != nil {
			af.Max = strconv.FormatFloat(*fd.Max, 'f', -1, 64)
		}
	case catalog.FieldSelect:
		for _, o := range fd.Options {
			af.Options = append(af.Options, catOption{Value: o, Label: o, Selected: o == strings.TrimSpace(value)})
		}
	}
	return af
}

func cmp0(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// anchor is the id of the input a problem's path names:
// form.staff[2].id_number → af-staff-2-id_number.
func anchor(path string) string {
	p := strings.TrimPrefix(path, "form.")
	return "af-" + strings.NewReplacer("[", "-", "]", "", ".", "-").Replace(p)
}

// checklist is the materials list with what the applicant has ticked.
func checklist(rows []guide.MaterialRow, ms []catalog.Material, ticks map[string]bool) []applyMaterial {
	out := make([]applyMaterial, 0, len(rows))
	for i, r := range rows {
		if i >= len(ms) {
			break
		}
		out = append(out, applyMaterial{MaterialRow: r, Key: ms[i].Key, Required: ms[i].Requirement == catalog.Required,
			Ticked: ticks[ms[i].Key]})
	}
	return out
}

// resultLines show the checked values; ID and phone numbers are masked,
// as on every page that is not an input, and regions named when known.
func resultLines(form []catalog.Field, vals map[string]any, regions []catOption) []resultLine {
	names := map[string]string{}
	for _, r := range regions {
		names[r.Value] = r.Label
	}
	shown := func(typ string, v any) string {
		s := text(v)
		switch typ {
		case catalog.FieldIDNumber:
			return pii.MaskIDNumber(s)
		case catalog.FieldPhone:
			return pii.MaskPhone(s)
		case catalog.FieldRegion:
			if n, ok := names[s]; ok {
				return n + "（" + s + "）"
			}
		}
		return s
	}
	var out []resultLine
	for _, fd := range form {
		v, ok := vals[fd.Key]
		if !ok {
			continue
		}
		if fd.Type != catalog.FieldTable {
			out = append(out, resultLine{Label: fd.Label, Value: shown(fd.Type, v)})
			continue
		}
		line := resultLine{Label: fd.Label}
		rows, _ := v.([]any)
		for _, r := range rows {
			m, _ := r.(map[string]any)
			var cells []string
			for _, c := range fd.Columns {
				if x, ok := m[c.Key]; ok {
					cells = append(cells, c.Label+" "+shown(c.Type, x))
				}
			}
			line.Rows = append(line.Rows, strings.Join(cells, " · "))
		}
		out = append(out, line)
	}
	return out
}
