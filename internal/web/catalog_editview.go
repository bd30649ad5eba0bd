package web

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
)

// editData is the item editor: the document in the form, its repeatable
// rows (each knowing its input prefix and its own error), the choices of
// every select, and the item's state for the publication panel.
type editData struct {
	Lang    string
	New     bool
	Action  string // where the form posts
	Item    catalog.Item
	Draft   *catalog.Version // the pending draft, nil when none
	Doc     catalog.Doc
	IsBase  bool
	Note    string
	CanEdit bool
	CanPub  bool
	Mine    bool // the viewer edited the pending draft: four eyes forbid them to publish it
	InForce bool
	Today   string // the status form's default date
	// StatusText and StatusClass name the item's state and its pill colour.
	StatusText, StatusClass string
	// Err holds the error of a top-level input (name, targets, steps …).
	Err map[string]string

	Basis     []editRow[catalog.LegalBasis]
	Fees      []editRow[catalog.Fee]
	Procs     []editRow[catalog.SpecialProcedure]
	FAQ       []editRow[catalog.QA]
	Materials []editRow[catalog.Material]
	Form      []fieldRow
	Steps     []editRow[catalog.Step]
	// Blank rows for the row templates the script clones.
	NewBasis    editRow[catalog.LegalBasis]
	NewFee      editRow[catalog.Fee]
	NewProc     editRow[catalog.SpecialProcedure]
	NewQA       editRow[catalog.QA]
	NewMaterial editRow[catalog.Material]
	NewField    fieldRow
	NewStep     editRow[catalog.Step]

	Keywords string
	// Adds are the 添加 buttons of the top-level lists, by list name.
	Adds map[string]addButton

	Kinds, Levels, Variants, Targets, Channels, Crosses, Depths []catOption
	Themes                                                      []catOption
	DeptGroups                                                  []deptGroup
	FieldTypes, Roles, Requirements, MatForms                   []catOption
}

// editRow is one repeatable row: its input prefix (materials[2]), its
// value, the error of one of its inputs, and which of its checkboxes are on.
type editRow[T any] struct {
	P   string
	V   T
	Err map[string]string
	On  map[string]bool
	D   *editData // the page: its language and the choices of the row's selects
}

// fieldRow is a form field with the text of its options and bounds, and
// its table columns.
type fieldRow struct {
	editRow[catalog.Field]
	Options  string
	Min, Max string
	Columns  []fieldRow
	NewCol   *fieldRow // the blank column the script clones (nil inside a column)
	AddCol   addButton
	Column   bool
}

// addButton adds a row to a list: with the script it clones the list's
// template; without, it posts the form and the page comes back one row
// longer.
type addButton struct {
	Lang   string
	List   string // the list's input prefix: materials, form[3].columns
	ListID string // the id of the list's element
	Label  string // Chinese; translated in the template
}

func newAddButton(lg, list, label string) addButton {
	return addButton{Lang: lg, List: list, ListID: "list-" + list, Label: label}
}

// deptGroup is the departments of one region in the editor's select.
type deptGroup struct {
	Region string
	Depts  []catOption
}

// rowTokens are the placeholders the row templates carry instead of an
// index; the script replaces them with the next free one. A field row
// and its columns use different tokens, so cloning a field leaves its
// columns' token for later.
const (
	rowToken = "__N__"
	colToken = "__M__"
)

// fill builds the rows of d.Doc and registers every row's error map by
// prefix, so that place can put a validation error beside its input.
func (d *editData) fill() map[string]map[string]string {
	reg := map[string]map[string]string{"": d.Err}
	rows := func(list string, n int, add func(i int, p string, err map[string]string)) {
		for i := 0; i < n; i++ {
			p := list + "[" + strconv.Itoa(i) + "]"
			err := map[string]string{}
			reg[p] = err
			add(i, p, err)
		}
	}
	doc := d.Doc
	d.Basis, d.Fees, d.Procs, d.FAQ, d.Materials, d.Form, d.Steps = nil, nil, nil, nil, nil, nil, nil
	rows("legal_basis", len(doc.LegalBasis), func(i int, p string, err map[string]string) {
		d.Basis = append(d.Basis, editRow[catalog.LegalBasis]{P: p, V: doc.LegalBasis[i], Err: err, D: d})
	})
	rows("fees", len(doc.Fees), func(i int, p string, err map[string]string) {
		f := doc.Fees[i]
		d.Fees = append(d.Fees, editRow[catalog.Fee]{P: p, V: f, Err: err, On: map[string]bool{"waivable": f.Waivable}, D: d})
	})
	rows("special_procedures", len(doc.SpecialProcedures), func(i int, p string, err map[string]string) {
		d.Procs = append(d.Procs, editRow[catalog.SpecialProcedure]{P: p, V: doc.SpecialProcedures[i], Err: err, D: d})
	})
	rows("faq", len(doc.FAQ), func(i int, p string, err map[string]string) {
		d.FAQ = append(d.FAQ, editRow[catalog.QA]{P: p, V: doc.FAQ[i], Err: err, D: d})
	})
	rows("materials", len(doc.Materials), func(i int, p string, err map[string]string) {
		d.Materials = append(d.Materials, materialRow(d, p, doc.Materials[i], err))
	})
	rows("form", len(doc.Form), func(i int, p string, err map[string]string) {
		f := newFieldRow(d, p, doc.Form[i], err, false)
		for j, c := range doc.Form[i].Columns {
			cp := p + ".columns[" + strconv.Itoa(j) + "]"
			cerr := map[string]string{}
			reg[cp] = cerr
			f.Columns = append(f.Columns, newFieldRow(d, cp, c, cerr, true))
		}
		d.Form = append(d.Form, f)
	})
	rows("steps", len(doc.Steps), func(i int, p string, err map[string]string) {
		d.Steps = append(d.Steps, editRow[catalog.Step]{P: p, V: doc.Steps[i], Err: err, D: d})
	})
	d.NewBasis = editRow[catalog.LegalBasis]{P: "legal_basis[" + rowToken + "]", D: d}
	d.NewFee = editRow[catalog.Fee]{P: "fees[" + rowToken + "]", D: d}
	d.NewProc = editRow[catalog.SpecialProcedure]{P: "special_procedures[" + rowToken + "]", D: d}
	d.NewQA = editRow[catalog.QA]{P: "faq[" + rowToken + "]", D: d}
	d.NewMaterial = materialRow(d, "materials["+rowToken+"]", catalog.Material{Requirement: catalog.Required,
		Forms: []string{catalog.FormOriginal}, Copies: 1}, nil)
	d.NewField = newFieldRow(d, "form["+rowToken+"]", catalog.Field{Type: catalog.FieldText}, nil, false)
	d.NewStep = editRow[catalog.Step]{P: "steps[" + rowToken + "]", V: catalog.Step{Role: string(access.Reviewer)}, D: d}
	d.Keywords = strings.Join(doc.Keywords, "、")
	d.Adds = map[string]addButton{}
	for list, label := range map[string]string{"legal_basis": "添加设定依据", "fees": "添加收费项目",
		"special_procedures": "添加特别程序", "faq": "添加常见问题", "materials": "添加申请材料", "form": "添加表单字段",
		"steps": "添加办理环节"} {
		d.Adds[list] = newAddButton(d.Lang, list, label)
	}
	return reg
}

func materialRow(d *editData, p string, m catalog.Material, err map[string]string) editRow[catalog.Material] {
	on := map[string]bool{"pledge": m.Pledge, "deferrable": m.Deferrable}
	for _, f := range m.Forms {
		on[f] = true
	}
	return editRow[catalog.Material]{P: p, V: m, Err: err, On: on, D: d}
}

func newFieldRow(d *editData, p string, f catalog.Field, err map[string]string, column bool) fieldRow {
	r := fieldRow{editRow: editRow[catalog.Field]{P: p, V: f, Err: err, On: map[string]bool{"required": f.Required}, D: d},
		Options: strings.Join(f.Options, "\n"), Column: column}
	if f.Min != nil {
		r.Min = strconv.FormatFloat(*f.Min, 'f', -1, 64)
	}
	if f.Max != nil {
		r.Max = strconv.FormatFloat(*f.Max, 'f', -1, 64)
	}
	if !column {
		r.AddCol = newAddButton(d.Lang, p+".columns", "添加一列")
		col := newFieldRow(d, p+".columns["+colToken+"]", catalog.Field{Type: catalog.FieldText}, nil, true)
		r.NewCol = &col
	}
	return r
}

// rowLists are the repeatable lists: a path's index after one of them
// names a row, after anything else an entry of a list input (targets[1],
// materials[2].forms[0]), which the page shows at the list input.
var rowLists = map[string]bool{"legal_basis": true, "fees": true, "special_procedures": true, "faq": true,
	"materials": true, "form": true, "steps": true, "columns": true}

var trailingIndex = regexp.MustCompile(`([A-Za-z_]+)\[\d+\]$`)

// placeErr puts a validation error beside its input: the row registered under
// the path's prefix gets it under the input's name; an unknown place goes
// to the top-level map under the path itself.
func placeErr(reg map[string]map[string]string, path, msg string) {
	if m := trailingIndex.FindStringSubmatchIndex(path); m != nil && !rowLists[path[m[2]:m[3]]] {
		path = path[:m[3]]
	}
	if err, ok := reg[path]; ok && path != "" {
		err["_"] = msg // the row as a whole
		return
	}
	prefix, leaf := "", path
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		prefix, leaf = path[:i], path[i+1:]
	}
	if err, ok := reg[prefix]; ok && err != nil {
		err[leaf] = msg
		return
	}
	reg[""][path] = msg
}

// pathWords name the parts of a validation path in words, for the message
// at the top of the page (some messages, like 此项为必填项, do not say
// which input they mean).
var pathWords = map[string]string{
	"legal_basis": "设定依据", "fees": "收费项目", "special_procedures": "特别程序", "faq": "常见问题",
	"materials": "申请材料", "form": "表单字段", "steps": "办理环节", "columns": "列",
	"code": "实施编码", "base_code": "基本编码", "parent_code": "上级事项编码", "variant": "办理项", "name": "名称",
	"kind": "事项类型", "dept_id": "实施部门", "region_code": "实施区划代码", "dept_kind": "实施主体类型",
	"exercise_level": "行使层级", "conditions": "受理条件", "targets": "服务对象", "legal_days": "法定时限",
	"promised_days": "承诺时限", "max_visits": "到现场次数", "online_depth": "网办深度", "channels": "办理渠道",
	"cross_region": "通办范围", "consult_phone": "咨询电话", "complaint_phone": "投诉电话", "keywords": "搜索关键词",
	"themes": "主题", "law": "法律法规名称", "article": "条款", "text": "条文内容", "standard": "收费标准",
	"basis": "收费依据", "max_days": "最长天数", "note": "说明", "q": "问题", "a": "解答", "key": "标识",
	"requirement": "要求", "condition": "提交情形", "forms": "材料形式", "copies": "纸质份数", "spec": "规格",
	"template": "空白表格", "sample": "示范文本", "acceptance": "受理标准", "license_type": "可替代的电子证照",
	"label": "字段名称", "type": "类型", "options": "选项", "min": "最小值", "max": "最大值", "max_length": "最大长度",
	"help": "填写提示", "max_rows": "最多行数", "stage": "顺序号", "role": "办理角色", "days": "时限",
	"from": "生效日期", "reason": "原因", "status": "操作",
}

// pathIndex splits a path segment like materials[2] into its name and index.
var pathIndex = regexp.MustCompile(`^([a-z_]+)(?:\[(\d+)\])?$`)

// describePath names a validation path in words: materials[1].name is
// 申请材料第 2 项 · 名称. An unknown part leaves the path unnamed ("").
func describePath(path string) string {
	var parts []string
	for _, seg := range strings.Split(path, ".") {
		m := pathIndex.FindStringSubmatch(seg)
		if m == nil || pathWords[m[1]] == "" {
			return ""
		}
		w := pathWords[m[1]]
		if m[2] != "" {
			n, _ := strconv.Atoi(m[2])
			w += "第 " + strconv.Itoa(n+1) + " 项"
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, " · ")
}
