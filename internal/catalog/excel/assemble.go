package excel

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// importer gathers the rows of every sheet into documents, remembering the
// row each element came from so that a document's validation error can be
// shown where it is.
type importer struct {
	f     *excelize.File
	rep   *Report
	order []*build
	items map[string]*build // by upper-case code
	lays  map[*sheetDef]*layout
}

// build is one document being assembled.
type build struct {
	doc  catalog.Doc
	row  int              // its 事项 row
	rows map[string][]int // list element (legal_basis, fees, …) → row of each entry
	form []formRow        // 表单字段 rows in file order, assembled at the end
	bad  bool             // a row of this item had a problem
	// where the assembled form's fields came from
	formRows   []int
	columnRows [][]int
}

// formRow is one 表单字段 row before tables are put together.
type formRow struct {
	field  catalog.Field
	parent string
	r      *rowReader
}

func newImporter(f *excelize.File) *importer {
	return &importer{f: f, rep: &Report{}, items: map[string]*build{}, lays: map[*sheetDef]*layout{}}
}

// itemKey is how child rows find their item: codes are upper case in the
// catalog, and people type them in any case.
func itemKey(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// readRow turns one data row into its part of a document.
func (imp *importer) readRow(r *rowReader) error {
	r.checkRequired()
	if r.lay.s == itemsSheet {
		return imp.readItem(r)
	}
	code := r.code("code")
	b := imp.items[itemKey(code)]
	if b == nil && code != "" {
		r.problem("code", "“事项”表中没有实施编码为 %s 的事项", clip(code))
	}
	list, add := imp.element(r)
	if b == nil {
		return nil
	}
	if list == "form" {
		b.form = append(b.form, formRow{field: add.(catalog.Field), parent: r.code("parent"), r: r})
	} else {
		appendElement(&b.doc, add)
		b.rows[list] = append(b.rows[list], r.row)
	}
	b.bad = b.bad || r.bad
	return nil
}

// readItem reads a 事项 row.
func (imp *importer) readItem(r *rowReader) error {
	if imp.rep.Items++; imp.rep.Items > MaxItems {
		return errs.E(errs.TooLarge, "文件中的事项超过 %d 个，请按部门或地区分批导入", MaxItems)
	}
	d := catalog.Doc{
		Code: r.code("code"), BaseCode: r.code("base_code"), ParentCode: r.code("parent_code"),
		Variant: r.enum("variant"), Name: r.text("name"), Kind: catalog.Kind(r.enum("kind")),
		DeptID: int64(r.integer("dept_id")), RegionCode: r.code("region_code"), DeptKind: r.text("dept_kind"),
		ExerciseLevel: r.enum("exercise_level"), Conditions: r.text("conditions"), Targets: r.enumList("targets"),
		Instant: r.enum("instant") == "instant", LegalDays: r.integer("legal_days"), PromisedDays: r.integer("promised_days"),
		MaxVisits: r.integer("max_visits"), OnlineDepth: r.integer("online_depth"), InHall: r.boolean("in_hall"),
		Channels: r.enumList("channels"), CrossRegion: r.enum("cross_region"), ConsultPhone: r.code("consult_phone"),
		ComplaintPhone: r.code("complaint_phone"), Keywords: r.list("keywords"), Themes: r.enumList("themes"),
	}
	key := itemKey(d.Code)
	if prev := imp.items[key]; prev != nil && key != "" {
		r.problem("code", "实施编码 %s 与第 %d 行重复", clip(d.Code), prev.row)
		return nil
	}
	b := &build{doc: d, row: r.row, rows: map[string][]int{}, bad: r.bad}
	if key != "" {
		imp.items[key] = b
	}
	imp.order = append(imp.order, b)
	return nil
}

// element reads a child row into the list element it holds and names the
// list (the catalog's JSON name, which is also what Validate's errors name).
func (imp *importer) element(r *rowReader) (string, any) {
	switch r.lay.s {
	case basisSheet:
		return "legal_basis", catalog.LegalBasis{Law: r.text("law"), Article: r.text("article"), Text: r.text("text")}
	case feesSheet:
		return "fees", catalog.Fee{Name: r.text("name"), Standard: r.text("standard"), Basis: r.text("basis"), Waivable: r.boolean("waivable")}
	case procsSheet:
		return "special_procedures", catalog.SpecialProcedure{Name: r.text("name"), MaxDays: r.integer("max_days"), Note: r.text("note")}
	case faqSheet:
		return "faq", catalog.QA{Q: r.text("q"), A: r.text("a")}
	case materialsSheet:
		return "materials", catalog.Material{Key: r.code("key"), Name: r.text("name"), Requirement: r.enum("requirement"),
			Condition: r.text("condition"), Forms: r.enumList("forms"), Copies: r.integer("copies"), Spec: r.text("spec"),
			Template: r.text("template"), Sample: r.text("sample"), Note: r.text("note"), Acceptance: r.text("acceptance"),
			LicenseType: r.text("license_type"), Pledge: r.boolean("pledge"), Deferrable: r.boolean("deferrable")}
	case formSheet:
		return "form", catalog.Field{Key: r.code("key"), Label: r.text("label"), Type: r.enum("type"), Required: r.boolean("required"),
			Options: r.list("options"), Min: r.number("min"), Max: r.number("max"), MaxLength: r.integer("max_length"),
			Help: r.text("help"), MaxRows: r.integer("max_rows")}
	default: // stepsSheet
		return "steps", catalog.Step{Key: r.code("key"), Name: r.text("name"), Stage: r.integer("stage"), Role: r.enum("role"), Days: r.integer("days")}
	}
}

func appendElement(d *catalog.Doc, v any) {
	switch v := v.(type) {
	case catalog.LegalBasis:
		d.LegalBasis = append(d.LegalBasis, v)
	case catalog.Fee:
		d.Fees = append(d.Fees, v)
	case catalog.SpecialProcedure:
		d.SpecialProcedures = append(d.SpecialProcedures, v)
	case catalog.QA:
		d.FAQ = append(d.FAQ, v)
	case catalog.Material:
		d.Materials = append(d.Materials, v)
	case catalog.Step:
		d.Steps = append(d.Steps, v)
	}
}

// keyed lists report a repeated key on the row that repeats it: Validate
// would stop at the first.
var keyed = map[string]string{"materials": "材料标识", "steps": "环节标识"}

// finish puts each document's form together, reports repeated keys, and
// validates every document whose rows read cleanly. It returns the
// documents in 事项 order.
func (imp *importer) finish() []catalog.Doc {
	docs := make([]catalog.Doc, 0, len(imp.order))
	for _, b := range imp.order {
		imp.assembleForm(b)
		imp.checkKeys(b)
		if b.bad {
			continue
		}
		if err := b.doc.Validate(); err != nil {
			imp.rep.add(imp.locate(b, err))
			continue
		}
		docs = append(docs, b.doc)
	}
	imp.rep.sort()
	return docs
}

// checkKeys reports each material and step whose key repeats an earlier one.
func (imp *importer) checkKeys(b *build) {
	check := func(list string, keys []string, s *sheetDef) {
		seen := map[string]int{}
		for i, k := range keys {
			if first, ok := seen[k]; ok && k != "" {
				b.bad = true
				imp.rep.add(imp.cellProblem(s, b.rows[list][i], "key", keyed[list]+" "+k+" 与第 "+itoa(first)+" 行重复"))
				continue
			}
			seen[k] = b.rows[list][i]
		}
	}
	mk := make([]string, len(b.doc.Materials))
	for i, m := range b.doc.Materials {
		mk[i] = m.Key
	}
	check("materials", mk, materialsSheet)
	sk := make([]string, len(b.doc.Steps))
	for i, s := range b.doc.Steps {
		sk[i] = s.Key
	}
	check("steps", sk, stepsSheet)
}
