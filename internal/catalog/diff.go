package catalog

import (
	"strconv"
	"strings"
)

// Change is one difference between two versions of an item, element by
// element, worded for a reader: Label names the element in Chinese
// (申请材料“身份证”的份数) and Before/After are rendered values (即办件,
// 20 个工作日, 必要), not codes.
//
// Path names the element for programs: "promised_days",
// "materials[m1].copies", "steps[review].days", "form[applicant_name].required".
// Materials, form fields and steps are addressed by their stable key, so a
// renamed material stays the same entry; lists without keys (legal basis,
// fees, special procedures, FAQ) are addressed by their natural name.
type Change struct {
	Path   string `json:"path"`
	Label  string `json:"label"`
	Op     string `json:"op"` // changed, added, removed, moved
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// Kinds of change.
const (
	ChangeEdited  = "changed"
	ChangeAdded   = "added"
	ChangeRemoved = "removed"
	ChangeMoved   = "moved" // same entry, other position in its list
)

// Diff lists what changed from a to b. List entries are matched by key, so
// reordering shows as moves (only the entries that left the longest common
// order), not as a removal and an addition.
func Diff(a, b Doc) []Change {
	d := &differ{}
	d.val("code", "实施编码", a.Code, b.Code)
	d.val("base_code", "基本编码", a.BaseCode, b.BaseCode)
	d.val("parent_code", "上级事项编码", a.ParentCode, b.ParentCode)
	d.val("variant", "办理项", zhEnum("variant", a.Variant), zhEnum("variant", b.Variant))
	d.val("name", "事项名称", a.Name, b.Name)
	d.val("kind", "事项类型", a.Kind.Title(), b.Kind.Title())
	d.val("dept_id", "实施部门", deptText(a.DeptID), deptText(b.DeptID))
	d.val("region_code", "实施区划", a.RegionCode, b.RegionCode)
	d.val("dept_kind", "实施主体类型", a.DeptKind, b.DeptKind)
	d.val("exercise_level", "行使层级", zhEnum("level", a.ExerciseLevel), zhEnum("level", b.ExerciseLevel))
	d.list("legal_basis", "设定依据", basisEntries(a.LegalBasis), basisEntries(b.LegalBasis))
	d.val("conditions", "受理条件", a.Conditions, b.Conditions)
	d.val("targets", "服务对象", zhList("target", a.Targets), zhList("target", b.Targets))
	d.val("instant", "办件类型", instantText(a.Instant), instantText(b.Instant))
	d.val("legal_days", "法定时限", daysText(a.LegalDays), daysText(b.LegalDays))
	d.val("promised_days", "承诺时限", daysText(a.PromisedDays), daysText(b.PromisedDays))
	d.list("fees", "收费项目", feeEntries(a.Fees), feeEntries(b.Fees))
	d.val("max_visits", "到现场次数", visitsText(a.MaxVisits), visitsText(b.MaxVisits))
	d.val("online_depth", "网办深度", depthText(a.OnlineDepth), depthText(b.OnlineDepth))
	d.val("in_hall", "进驻政务服务中心", yesNo(a.InHall), yesNo(b.InHall))
	d.val("channels", "办理渠道", zhList("channel", a.Channels), zhList("channel", b.Channels))
	d.val("cross_region", "通办范围", zhEnum("cross", a.CrossRegion), zhEnum("cross", b.CrossRegion))
	d.list("special_procedures", "特别程序", procedureEntries(a.SpecialProcedures), procedureEntries(b.SpecialProcedures))
	d.val("consult_phone", "咨询电话", a.ConsultPhone, b.ConsultPhone)
	d.val("complaint_phone", "投诉电话", a.ComplaintPhone, b.ComplaintPhone)
	d.list("faq", "常见问题", faqEntries(a.FAQ), faqEntries(b.FAQ))
	d.val("keywords", "关键词", strings.Join(a.Keywords, "、"), strings.Join(b.Keywords, "、"))
	d.val("themes", "主题", themesText(a.Themes), themesText(b.Themes))
	d.list("materials", "申请材料", materialEntries(a.Materials), materialEntries(b.Materials))
	d.form("form", "表单字段", a.Form, b.Form)
	d.list("steps", "办理环节", stepEntries(a.Steps), stepEntries(b.Steps))
	return d.out
}

type differ struct{ out []Change }

// val records a changed single value.
func (d *differ) val(path, label, before, after string) {
	if before == after {
		return
	}
	d.out = append(d.out, Change{Path: path, Label: label, Op: ChangeEdited, Before: orNone(before), After: orNone(after)})
}

// entry is one list element prepared for comparison: its key, the title
// the reader knows it by, a one-line summary (shown when it is added or
// removed) and its sub-elements.
type entry struct {
	key, title, summary string
	elems               []elem
}

type elem struct{ name, label, value string }

// list compares two keyed lists: removals, then b's entries in order
// (additions, moves, edited sub-elements).
func (d *differ) list(path, what string, a, b []entry) {
	ai := map[string]int{}
	for i, e := range a {
		ai[e.key] = i
	}
	bi := map[string]int{}
	for i, e := range b {
		bi[e.key] = i
	}
	for _, e := range a {
		if _, ok := bi[e.key]; !ok {
			d.out = append(d.out, Change{Path: path + "[" + e.key + "]", Label: what + "“" + e.title + "”",
				Op: ChangeRemoved, Before: e.summary})
		}
	}
	stay := stable(a, b, bi)
	for _, e := range b {
		i, ok := ai[e.key]
		if !ok {
			d.out = append(d.out, Change{Path: path + "[" + e.key + "]", Label: what + "“" + e.title + "”",
				Op: ChangeAdded, After: e.summary})
			continue
		}
		if !stay[e.key] {
			d.out = append(d.out, Change{Path: path + "[" + e.key + "]", Label: what + "“" + e.title + "”的位置",
				Op: ChangeMoved, Before: "第 " + strconv.Itoa(i+1) + " 项", After: "第 " + strconv.Itoa(bi[e.key]+1) + " 项"})
		}
		old := map[string]elem{}
		for _, x := range a[i].elems {
			old[x.name] = x
		}
		for _, x := range e.elems {
			d.val(path+"["+e.key+"]."+x.name, what+"“"+e.title+"”的"+x.label, old[x.name].value, x.value)
		}
	}
}

// stable returns the keys present in both lists that keep their relative
// order: the longest common subsequence of the two key orders. Every
// other common entry has moved.
func stable(a, b []entry, bi map[string]int) map[string]bool {
	var x, y []string
	for _, e := range a {
		if _, ok := bi[e.key]; ok {
			x = append(x, e.key)
		}
	}
	in := map[string]bool{}
	for _, k := range x {
		in[k] = true
	}
	for _, e := range b {
		if in[e.key] {
			y = append(y, e.key)
		}
	}
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	out := map[string]bool{}
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i] == y[j]:
			out[x[i]] = true
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// form compares form fields, then the columns of table fields kept in both.
func (d *differ) form(path, what string, a, b []Field) {
	d.list(path, what, fieldEntries(a), fieldEntries(b))
	old := map[string]Field{}
	for _, f := range a {
		old[f.Key] = f
	}
	for _, f := range b {
		if o, ok := old[f.Key]; ok && (len(o.Columns) > 0 || len(f.Columns) > 0) {
			d.list(path+"["+f.Key+"].columns", what+"“"+f.Label+"”的列", fieldEntries(o.Columns), fieldEntries(f.Columns))
		}
	}
}
