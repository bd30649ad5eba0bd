package catalog

import (
	"slices"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/errs"
)

// The same item must mean the same thing in every region (同一事项、同一标准).
// A province base item (基本目录) fixes some elements outright — they must
// be identical in every implementation — and bounds the rest: a region may
// only make the item easier for the applicant, never harder. Check applies
// both and returns every deviation, element by element.
//
// The tightening rules, for elements not in the fixed list:
//   - legal_days must equal the base's: the statutory limit is set by law,
//     and a region shortens the wait with promised days, not by rewriting it;
//   - promised_days may only be shortened;
//   - an instant item (即办件) stays instant;
//   - max_visits may only go down, online_depth only up;
//   - channels: every channel of the base stays (a region may add more);
//   - cross_region may only widen (none < within province < across provinces);
//   - targets: every target of the base stays served;
//   - materials (matched by name): none added; of those kept, paper copies
//     only fewer and the requirement only looser (required → conditional → optional);
//   - fees (matched by name): none added; a kept fee has the base's standard
//     (a region may waive a fee by dropping it, not invent a new amount);
//   - special procedures (matched by name): none added, their time limits only shorter.
//
// Not checked, because they are local by nature: the department and region,
// in_hall (where the hall is, and whether a fully online item needs it, is the
// region's call), conditions text, contacts, FAQ, keywords, themes, the form
// and the review steps.

// FixedElementsKey is the settings key holding the fixed-element list (a
// JSON array of element names).
const FixedElementsKey = "catalog.fixed_elements"

// DefaultFixedElements is the fixed list when none is configured.
var DefaultFixedElements = []string{"name", "base_code", "kind", "legal_basis", "dept_kind", "exercise_level"}

// Element is an element a province may fix, with its Chinese name.
type Element struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

// fixable renders each fixable element of a doc canonically: two docs
// agree on an element exactly when the renderings are equal.
var fixable = []struct {
	Element
	render func(d Doc) string
}{
	{Element{"name", "事项名称"}, func(d Doc) string { return d.Name }},
	{Element{"base_code", "基本编码"}, func(d Doc) string { return d.BaseCode }},
	{Element{"kind", "事项类型"}, func(d Doc) string { return d.Kind.Title() }},
	{Element{"variant", "办理项"}, func(d Doc) string { return zhEnum("variant", d.Variant) }},
	{Element{"dept_kind", "实施主体类型"}, func(d Doc) string { return d.DeptKind }},
	{Element{"exercise_level", "行使层级"}, func(d Doc) string { return zhEnum("level", d.ExerciseLevel) }},
	{Element{"legal_basis", "设定依据"}, func(d Doc) string { return joinMap(d.LegalBasis, basisText) }},
	{Element{"conditions", "受理条件"}, func(d Doc) string { return d.Conditions }},
	{Element{"targets", "服务对象"}, func(d Doc) string { return zhList("target", sorted(d.Targets)) }},
	{Element{"instant", "办件类型"}, func(d Doc) string { return instantText(d.Instant) }},
	{Element{"legal_days", "法定时限"}, func(d Doc) string { return daysText(d.LegalDays) }},
	{Element{"promised_days", "承诺时限"}, func(d Doc) string { return daysText(d.PromisedDays) }},
	{Element{"fees", "收费项目"}, func(d Doc) string { return joinMap(d.Fees, feeText) }},
	{Element{"max_visits", "到现场次数"}, func(d Doc) string { return visitsText(d.MaxVisits) }},
	{Element{"online_depth", "网办深度"}, func(d Doc) string { return depthText(d.OnlineDepth) }},
	{Element{"in_hall", "进驻政务服务中心"}, func(d Doc) string { return yesNo(d.InHall) }},
	{Element{"channels", "办理渠道"}, func(d Doc) string { return zhList("channel", sorted(d.Channels)) }},
	{Element{"cross_region", "通办范围"}, func(d Doc) string { return zhEnum("cross", d.CrossRegion) }},
	{Element{"special_procedures", "特别程序"}, func(d Doc) string {
		return joinMap(d.SpecialProcedures, func(p SpecialProcedure) string { return p.Name + "（" + strconv.Itoa(p.MaxDays) + " 天）" })
	}},
	{Element{"materials", "申请材料"}, func(d Doc) string {
		return joinMap(d.Materials, func(m Material) string { return m.Name + "（" + materialSummary(m) + "）" })
	}},
	{Element{"form", "申请表单"}, func(d Doc) string { return canonJSON(d.Form) }},
	{Element{"steps", "办理环节"}, func(d Doc) string {
		return joinMap(d.Steps, func(s Step) string { return s.Name + "（" + stepSummary(s) + "）" })
	}},
}

// FixableElements lists the elements a province may fix, for the settings form.
func FixableElements() []Element {
	out := make([]Element, len(fixable))
	for i, f := range fixable {
		out[i] = f.Element
	}
	return out
}

func isFixable(name string) bool {
	for _, f := range fixable {
		if f.Name == name {
			return true
		}
	}
	return false
}

// ElementLabel is the Chinese name of a fixable element, or the name itself.
func ElementLabel(name string) string {
	for _, f := range fixable {
		if f.Name == name {
			return f.Label
		}
	}
	return name
}

// Deviation is one way an implementation departs from its base item.
type Deviation struct {
	Element string `json:"element"` // promised_days, materials[营业执照] …
	Label   string `json:"label"`
	Base    string `json:"base"`
	Impl    string `json:"impl"`
	Rule    string `json:"rule"` // 须与基本目录一致, 只能缩短 …
}

// Rules, as the report words them.
const (
	RuleEqual    = "须与基本目录一致"
	RuleLegal    = "须与基本目录一致（法定时限由法律规定，压缩请调整承诺时限）"
	RuleShorten  = "只能缩短"
	RuleFewer    = "只能减少"
	RuleDeeper   = "只能提高"
	RuleInstant  = "即办件不能改为承诺件"
	RuleChannels = "不能取消基本目录已有的办理渠道"
	RuleWiden    = "通办范围只能扩大"
	RuleTargets  = "不能缩小服务对象"
	RuleNoNewMat = "只能减少申请材料，不能增加"
	RuleLooser   = "材料要求只能放宽"
	RuleNoNewFee = "不能增加收费项目"
	RuleFeeStd   = "收费标准须与基本目录一致"
	RuleNoNewSP  = "不能增加特别程序"
)

// Check compares an implementation with its base item: the fixed elements
// must be equal; the others follow the tightening rules above.
func Check(base, impl Doc, fixed []string) []Deviation {
	var out []Deviation
	isFixed := map[string]bool{}
	for _, f := range fixable {
		if !slices.Contains(fixed, f.Name) {
			continue
		}
		isFixed[f.Name] = true
		if b, i := f.render(base), f.render(impl); b != i {
			out = append(out, Deviation{Element: f.Name, Label: f.Label, Base: orNone(b), Impl: orNone(i), Rule: RuleEqual})
		}
	}
	add := func(el, label, b, i, rule string) {
		out = append(out, Deviation{Element: el, Label: label, Base: orNone(b), Impl: orNone(i), Rule: rule})
	}
	if !isFixed["legal_days"] && impl.LegalDays != base.LegalDays {
		add("legal_days", "法定时限", daysText(base.LegalDays), daysText(impl.LegalDays), RuleLegal)
	}
	if !isFixed["promised_days"] && impl.PromisedDays > base.PromisedDays {
		add("promised_days", "承诺时限", daysText(base.PromisedDays), daysText(impl.PromisedDays), RuleShorten)
	}
	if !isFixed["instant"] && base.Instant && !impl.Instant {
		add("instant", "办件类型", instantText(true), instantText(false), RuleInstant)
	}
	if !isFixed["max_visits"] && impl.MaxVisits > base.MaxVisits {
		add("max_visits", "到现场次数", visitsText(base.MaxVisits), visitsText(impl.MaxVisits), RuleFewer)
	}
	if !isFixed["online_depth"] && impl.OnlineDepth < base.OnlineDepth {
		add("online_depth", "网办深度", depthText(base.OnlineDepth), depthText(impl.OnlineDepth), RuleDeeper)
	}
	if miss := missing(base.Channels, impl.Channels); !isFixed["channels"] && len(miss) > 0 {
		add("channels", "办理渠道", zhList("channel", base.Channels), zhList("channel", impl.Channels),
			RuleChannels+"（缺少"+zhList("channel", miss)+"）")
	}
	if !isFixed["cross_region"] && crossRank(impl.CrossRegion) < crossRank(base.CrossRegion) {
		add("cross_region", "通办范围", zhEnum("cross", base.CrossRegion), zhEnum("cross", impl.CrossRegion), RuleWiden)
	}
	if miss := missing(base.Targets, impl.Targets); !isFixed["targets"] && len(miss) > 0 {
		add("targets", "服务对象", zhList("target", base.Targets), zhList("target", impl.Targets), RuleTargets)
	}
	if !isFixed["materials"] {
		out = append(out, checkMaterials(base.Materials, impl.Materials)...)
	}
	if !isFixed["fees"] {
		out = append(out, checkFees(base.Fees, impl.Fees)...)
	}
	if !isFixed["special_procedures"] {
		out = append(out, checkProcedures(base.SpecialProcedures, impl.SpecialProcedures)...)
	}
	return out
}

// ParseFixedElements reads and checks a fixed-element list: known names,
// each once; base_code is always fixed, since it is what ties an
// implementation to its base.
func ParseFixedElements(names []string) ([]string, error) {
	seen := map[string]bool{"base_code": true}
	out := []string{}
	for i, n := range names {
		n = strings.TrimSpace(n)
		if !isFixable(n) {
			return nil, errs.Field("elements["+strconv.Itoa(i)+"]", "要素 %q 不能设为统一要素", clip(n))
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	// Keep the catalogue's order, with base_code in its place.
	var ordered []string
	for _, f := range fixable {
		if f.Name == "base_code" || slices.Contains(out, f.Name) {
			ordered = append(ordered, f.Name)
		}
	}
	return ordered, nil
}
