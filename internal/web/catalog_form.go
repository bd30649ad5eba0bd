package web

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// The item editor posts one form whose input names are the paths the
// catalog's validation names (materials[2].name, form[3].columns[0].key),
// so an error maps straight back to its input. Repeatable rows may arrive
// with gaps in their indices (a row removed in the browser); reading
// compacts them, and the page is drawn again from the compacted document,
// whose paths are the ones validation reports.

// docForm reads the editor's form into a document. A number that is not a
// number is an errs.Field naming its input; the rest is left to
// Doc.Validate.
func docForm(v url.Values) (catalog.Doc, error) {
	fr := &formReader{v: v}
	d := catalog.Doc{
		Code: v.Get("code"), BaseCode: v.Get("base_code"), ParentCode: v.Get("parent_code"), Variant: v.Get("variant"),
		Name: v.Get("name"), Kind: catalog.Kind(v.Get("kind")), RegionCode: strings.TrimSpace(v.Get("region_code")),
		DeptKind: v.Get("dept_kind"), ExerciseLevel: v.Get("exercise_level"), Conditions: v.Get("conditions"),
		Targets: v["targets"], Instant: v.Get("instant") == "1", InHall: v.Get("in_hall") == "1", Channels: v["channels"],
		CrossRegion: v.Get("cross_region"), ConsultPhone: v.Get("consult_phone"), ComplaintPhone: v.Get("complaint_phone"),
		Keywords: splitWords(v.Get("keywords")), Themes: v["themes"],
	}
	d.DeptID = int64(fr.int("dept_id", "实施部门"))
	d.LegalDays = fr.int("legal_days", "法定时限")
	d.PromisedDays = fr.int("promised_days", "承诺时限")
	d.MaxVisits = fr.int("max_visits", "到现场次数")
	d.OnlineDepth = fr.int("online_depth", "网办深度")
	for _, r := range rowsOf(v, "legal_basis", "law", "article", "text") {
		d.LegalBasis = append(d.LegalBasis, catalog.LegalBasis{Law: r.Get("law"), Article: r.Get("article"), Text: r.Get("text")})
	}
	for _, r := range rowsOf(v, "fees", "name", "standard", "basis") {
		d.Fees = append(d.Fees, catalog.Fee{Name: r.Get("name"), Standard: r.Get("standard"), Basis: r.Get("basis"), Waivable: r.Get("waivable") == "1"})
	}
	for i, r := range rowsOf(v, "special_procedures", "name", "note") {
		p := fmt.Sprintf("special_procedures[%d].", i)
		d.SpecialProcedures = append(d.SpecialProcedures, catalog.SpecialProcedure{Name: r.Get("name"),
			MaxDays: fr.rowInt(r, p, "max_days", "特别程序时限"), Note: r.Get("note")})
	}
	for _, r := range rowsOf(v, "faq", "q", "a") {
		d.FAQ = append(d.FAQ, catalog.QA{Q: r.Get("q"), A: r.Get("a")})
	}
	for i, r := range rowsOf(v, "materials", "key", "name") {
		p := fmt.Sprintf("materials[%d].", i)
		d.Materials = append(d.Materials, catalog.Material{Key: strings.TrimSpace(r.Get("key")), Name: r.Get("name"),
			Requirement: r.Get("requirement"), Condition: r.Get("condition"), Forms: r["forms"],
			Copies: fr.rowInt(r, p, "copies", "纸质份数"), Spec: r.Get("spec"), Template: r.Get("template"), Sample: r.Get("sample"),
			Note: r.Get("note"), Acceptance: r.Get("acceptance"), LicenseType: r.Get("license_type"),
			Pledge: r.Get("pledge") == "1", Deferrable: r.Get("deferrable") == "1"})
	}
	fillKeys(d.Materials, func(m *catalog.Material) *string { return &m.Key }, "m")
	for i, r := range rowsOf(v, "form", "key", "label") {
		f := fr.field(r, fmt.Sprintf("form[%d].", i))
		for j, c := range rowsOf(r, "columns", "key", "label") {
			f.Columns = append(f.Columns, fr.field(c, fmt.Sprintf("form[%d].columns[%d].", i, j)))
		}
		fillKeys(f.Columns, func(c *catalog.Field) *string { return &c.Key }, "c")
		d.Form = append(d.Form, f)
	}
	fillKeys(d.Form, func(f *catalog.Field) *string { return &f.Key }, "f")
	for i, r := range rowsOf(v, "steps", "key", "name") {
		p := fmt.Sprintf("steps[%d].", i)
		s := catalog.Step{Key: strings.TrimSpace(r.Get("key")), Name: r.Get("name"), Role: r.Get("role"),
			Stage: fr.rowInt(r, p, "stage", "环节顺序"), Days: fr.rowInt(r, p, "days", "环节时限")}
		if strings.TrimSpace(r.Get("stage")) == "" {
			// A blank stage follows the step before it.
			s.Stage = 1
			if i > 0 {
				s.Stage = d.Steps[i-1].Stage + 1
			}
		}
		d.Steps = append(d.Steps, s)
	}
	fillKeys(d.Steps, func(s *catalog.Step) *string { return &s.Key }, "s")
	return d, fr.err
}

// formReader reads numbers, keeping the first that fails.
type formReader struct {
	v   url.Values
	err error
}

func (fr *formReader) parse(name, label, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil && fr.err == nil {
		fr.err = errs.Field(name, "%s应为整数", label)
	}
	return n
}

func (fr *formReader) int(name, label string) int { return fr.parse(name, label, fr.v.Get(name)) }

func (fr *formReader) rowInt(r url.Values, prefix, name, label string) int {
	return fr.parse(prefix+name, label, r.Get(name))
}

func (fr *formReader) float(r url.Values, prefix, name, label string) *float64 {
	s := strings.TrimSpace(r.Get(name))
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if fr.err == nil {
			fr.err = errs.Field(prefix+name, "%s应为数字", label)
		}
		return nil
	}
	return &f
}

// field reads one form field (or table column) row.
func (fr *formReader) field(r url.Values, p string) catalog.Field {
	return catalog.Field{Key: strings.TrimSpace(r.Get("key")), Label: r.Get("label"), Type: r.Get("type"),
		Required: r.Get("required") == "1", Options: textLines(r.Get("options")),
		Min: fr.float(r, p, "min", "最小值"), Max: fr.float(r, p, "max", "最大值"),
		MaxLength: fr.rowInt(r, p, "max_length", "最大长度"), Help: r.Get("help"), MaxRows: fr.rowInt(r, p, "max_rows", "最多行数")}
}

// rowIndex matches the index of a repeatable row's input: list[7].rest.
var rowIndex = regexp.MustCompile(`^\[(\d{1,4})\]\.(.+)$`)

// rowsOf groups the inputs named list[i].x by i, in index order, each row
// keyed by what follows its prefix (x). Rows whose key inputs are all blank
// (added and never filled) are dropped.
func rowsOf(v url.Values, list string, keys ...string) []url.Values {
	byIndex := map[int]url.Values{}
	for name, vals := range v {
		rest, ok := strings.CutPrefix(name, list)
		if !ok {
			continue
		}
		m := rowIndex.FindStringSubmatch(rest)
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		if byIndex[i] == nil {
			byIndex[i] = url.Values{}
		}
		byIndex[i][m[2]] = vals
	}
	idx := make([]int, 0, len(byIndex))
	for i, r := range byIndex {
		blank := true
		for _, k := range keys {
			if strings.TrimSpace(r.Get(k)) != "" {
				blank = false
			}
		}
		if !blank {
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	out := make([]url.Values, len(idx))
	for j, i := range idx {
		out[j] = byIndex[i]
	}
	return out
}

// fillKeys gives rows left without a key the next free prefix+n, so a
// manager need not invent identifiers (they stay stable once saved).
func fillKeys[T any](rows []T, key func(*T) *string, prefix string) {
	used := map[string]bool{}
	for i := range rows {
		used[*key(&rows[i])] = true
	}
	n := 1
	for i := range rows {
		if k := key(&rows[i]); *k == "" {
			for used[prefix+strconv.Itoa(n)] {
				n++
			}
			*k = prefix + strconv.Itoa(n)
			used[*k] = true
		}
	}
}

// splitWords splits a keyword list typed with any usual separator.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ' ' || r == '\u3000' || r == '\n' || r == '\r' || r == '\t'
	})
}

// textLines splits a textarea into its non-blank lines.
func textLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// withoutRow drops the inputs of one row (the no-script 删除 button posts
// its path, e.g. materials[2] or form[1].columns[0]).
func withoutRow(v url.Values, row string) url.Values {
	if row == "" {
		return v
	}
	out := url.Values{}
	for k, vals := range v {
		if !strings.HasPrefix(k, row+".") {
			out[k] = vals
		}
	}
	return out
}
