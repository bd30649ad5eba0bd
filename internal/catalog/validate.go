package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

var (
	// Codes: 基本编码 and 实施编码 are uppercase letters, digits and dashes
	// (national codes are digits; local ones add suffixes).
	codeRE = regexp.MustCompile(`^[0-9A-Z][0-9A-Z-]{3,63}$`)
	keyRE  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
)

// Limits on a document, so one item cannot swamp a page or a row.
const (
	maxMaterials = 100
	maxFields    = 200
	maxSteps     = 30
	maxList      = 50
	maxDays      = 3650
)

// Validate checks every element of d and normalises it in place. The error
// names the place, e.g. materials[2].name, and says what is wrong in Chinese.
func (d *Doc) Validate() error {
	var err error
	trim := func(field string, s *string, max int, required bool) bool {
		if err != nil {
			return false
		}
		*s, err = validate.Text(field, *s, max, required)
		return err == nil
	}
	d.Code, d.BaseCode, d.ParentCode = upper(d.Code), upper(d.BaseCode), upper(d.ParentCode)
	if !codeRE.MatchString(d.Code) {
		return errs.Field("code", "实施编码应为 4–64 位大写字母、数字或连字符")
	}
	if !codeRE.MatchString(d.BaseCode) {
		return errs.Field("base_code", "基本编码应为 4–64 位大写字母、数字或连字符")
	}
	if d.ParentCode != "" && !codeRE.MatchString(d.ParentCode) {
		return errs.Field("parent_code", "上级事项编码格式不正确")
	}
	if d.ParentCode == d.Code {
		return errs.Field("parent_code", "事项不能以自己为上级事项")
	}
	switch d.Variant {
	case "", VariantNew, VariantChange, VariantRenew, VariantCancel:
	default:
		return errs.Field("variant", "办理项只能是 new（新设）、change（变更）、renew（延续）或 cancel（注销）")
	}
	if !trim("name", &d.Name, 100, true) {
		return err
	}
	if !d.Kind.Valid() {
		return errs.Field("kind", "事项类型无效，应为 %s 之一", joinKinds())
	}
	if d.DeptID < 0 {
		return errs.Field("dept_id", "实施部门编号无效")
	}
	if _, e := validate.RegionCode("region_code", d.RegionCode); e != nil {
		return e
	}
	if !trim("dept_kind", &d.DeptKind, 20, false) {
		return err
	}
	switch d.ExerciseLevel {
	case LevelNational, LevelProvince, LevelCity, LevelCounty, LevelTownship, LevelVillage:
	default:
		return errs.Field("exercise_level", "行使层级应为 national、province、city、county、township 或 village")
	}
	if len(d.LegalBasis) > maxList {
		return errs.Field("legal_basis", "设定依据最多 %d 条", maxList)
	}
	for i := range d.LegalBasis {
		b := &d.LegalBasis[i]
		p := fmt.Sprintf("legal_basis[%d]", i)
		if !trim(p+".law", &b.Law, 200, true) || !trim(p+".article", &b.Article, 100, false) || !trim(p+".text", &b.Text, 4000, false) {
			return err
		}
	}
	if !trim("conditions", &d.Conditions, 4000, false) {
		return err
	}
	if len(d.Targets) == 0 {
		return errs.Field("targets", "请至少选择一类服务对象（自然人或法人）")
	}
	for i, t := range d.Targets {
		if t != TargetPerson && t != TargetOrg {
			return errs.Field(fmt.Sprintf("targets[%d]", i), "服务对象只能是 person（自然人）或 org（法人）")
		}
	}
	d.Targets = dedupe(d.Targets)
	if d.LegalDays < 0 || d.LegalDays > maxDays {
		return errs.Field("legal_days", "法定时限应在 0 到 %d 个工作日之间", maxDays)
	}
	if d.PromisedDays < 0 || d.PromisedDays > maxDays {
		return errs.Field("promised_days", "承诺时限应在 0 到 %d 个工作日之间", maxDays)
	}
	if d.PromisedDays > d.LegalDays {
		return errs.Field("promised_days", "承诺时限（%d 个工作日）不能超过法定时限（%d 个工作日）", d.PromisedDays, d.LegalDays)
	}
	if d.Instant && d.PromisedDays != 0 {
		return errs.Field("promised_days", "即办件当场办结，承诺时限应为 0")
	}
	if !d.Instant && d.PromisedDays == 0 {
		return errs.Field("promised_days", "承诺件的承诺时限至少为 1 个工作日；当场办结的请设为即办件")
	}
	if len(d.Fees) > maxList {
		return errs.Field("fees", "收费项目最多 %d 项", maxList)
	}
	for i := range d.Fees {
		f := &d.Fees[i]
		p := fmt.Sprintf("fees[%d]", i)
		if !trim(p+".name", &f.Name, 100, true) || !trim(p+".standard", &f.Standard, 200, true) || !trim(p+".basis", &f.Basis, 500, false) {
			return err
		}
	}
	if d.MaxVisits < 0 || d.MaxVisits > 10 {
		return errs.Field("max_visits", "到现场次数应在 0 到 10 之间")
	}
	if d.OnlineDepth < 1 || d.OnlineDepth > 4 {
		return errs.Field("online_depth", "网办深度应为 1 到 4（4 为全程网办）")
	}
	if d.OnlineDepth == 4 && d.MaxVisits != 0 {
		return errs.Field("max_visits", "全程网办（网办深度 4）的事项到现场次数应为 0")
	}
	for i, c := range d.Channels {
		switch c {
		case ChannelOnline, ChannelMobile, ChannelWindow, ChannelKiosk, ChannelAppointment, ChannelMail:
		default:
			return errs.Field(fmt.Sprintf("channels[%d]", i), "办理渠道只能是 online、mobile、window、kiosk、appointment、mail")
		}
	}
	d.Channels = dedupe(d.Channels)
	if len(d.Channels) == 0 {
		return errs.Field("channels", "请至少选择一个办理渠道")
	}
	switch d.CrossRegion {
	case CrossNone, CrossProvince, CrossNational:
	case "":
		d.CrossRegion = CrossNone
	default:
		return errs.Field("cross_region", "通办范围只能是 none、province（省内通办）或 national（跨省通办）")
	}
	if len(d.SpecialProcedures) > maxList {
		return errs.Field("special_procedures", "特别程序最多 %d 项", maxList)
	}
	for i := range d.SpecialProcedures {
		s := &d.SpecialProcedures[i]
		p := fmt.Sprintf("special_procedures[%d]", i)
		if !trim(p+".name", &s.Name, 50, true) || !trim(p+".note", &s.Note, 500, false) {
			return err
		}
		if s.MaxDays < 0 || s.MaxDays > maxDays {
			return errs.Field(p+".max_days", "特别程序时限应在 0 到 %d 天之间", maxDays)
		}
	}
	for _, ph := range []struct {
		field string
		v     *string
	}{{"consult_phone", &d.ConsultPhone}, {"complaint_phone", &d.ComplaintPhone}} {
		if strings.TrimSpace(*ph.v) == "" {
			*ph.v = ""
			continue
		}
		if *ph.v, err = validate.Phone(ph.field, *ph.v); err != nil {
			return err
		}
	}
	if len(d.FAQ) > maxList {
		return errs.Field("faq", "常见问题最多 %d 条", maxList)
	}
	for i := range d.FAQ {
		q := &d.FAQ[i]
		p := fmt.Sprintf("faq[%d]", i)
		if !trim(p+".q", &q.Q, 200, true) || !trim(p+".a", &q.A, 2000, true) {
			return err
		}
	}
	if len(d.Keywords) > maxList {
		return errs.Field("keywords", "关键词最多 %d 个", maxList)
	}
	for i := range d.Keywords {
		if !trim(fmt.Sprintf("keywords[%d]", i), &d.Keywords[i], 20, true) {
			return err
		}
	}
	d.Keywords = dedupe(d.Keywords)
	for i, t := range d.Themes {
		if _, ok := ThemeByCode(t); !ok {
			return errs.Field(fmt.Sprintf("themes[%d]", i), "主题 %q 不存在", clip(t))
		}
	}
	d.Themes = dedupe(d.Themes)
	if err := validateMaterials(d.Materials); err != nil {
		return err
	}
	if err := validateFields("form", d.Form, true); err != nil {
		return err
	}
	return validateSteps(d.Steps)
}

func validateMaterials(ms []Material) error {
	if len(ms) > maxMaterials {
		return errs.Field("materials", "申请材料最多 %d 项", maxMaterials)
	}
	keys := map[string]bool{}
	for i := range ms {
		m := &ms[i]
		p := fmt.Sprintf("materials[%d]", i)
		if !keyRE.MatchString(m.Key) {
			return errs.Field(p+".key", "材料标识应为小写字母开头的字母、数字、下划线")
		}
		if keys[m.Key] {
			return errs.Field(p+".key", "材料标识 %s 重复", m.Key)
		}
		keys[m.Key] = true
		var err error
		for _, f := range []struct {
			name string
			v    *string
			max  int
			req  bool
		}{{"name", &m.Name, 200, true}, {"condition", &m.Condition, 500, m.Requirement == Conditional},
			{"spec", &m.Spec, 200, false}, {"note", &m.Note, 1000, false}, {"acceptance", &m.Acceptance, 1000, false},
			{"license_type", &m.LicenseType, 100, false}, {"template", &m.Template, 100, false}, {"sample", &m.Sample, 100, false}} {
			if *f.v, err = validate.Text(p+"."+f.name, *f.v, f.max, f.req); err != nil {
				if f.name == "condition" && strings.TrimSpace(*f.v) == "" {
					return errs.Field(p+".condition", "“%s”是情形材料，请写明需要提交的情形", m.Name)
				}
				return err
			}
		}
		switch m.Requirement {
		case Required, Optional:
			m.Condition = ""
		case Conditional:
		default:
			return errs.Field(p+".requirement", "材料要求只能是 required（必要）、optional（非必要）或 conditional（情形）")
		}
		if len(m.Forms) == 0 {
			return errs.Field(p+".forms", "“%s”：请选择材料形式（原件、复印件或电子件）", m.Name)
		}
		for j, f := range m.Forms {
			if f != FormOriginal && f != FormCopy && f != FormElectronic {
				return errs.Field(fmt.Sprintf("%s.forms[%d]", p, j), "材料形式只能是 original（原件）、copy（复印件）或 electronic（电子件）")
			}
		}
		m.Forms = dedupe(m.Forms)
		if m.Copies < 0 || m.Copies > 20 {
			return errs.Field(p+".copies", "纸质份数应在 0 到 20 之间")
		}
	}
	return nil
}

func validateFields(place string, fs []Field, top bool) error {
	if len(fs) > maxFields {
		return errs.Field(place, "表单字段最多 %d 个", maxFields)
	}
	keys := map[string]bool{}
	for i := range fs {
		f := &fs[i]
		p := fmt.Sprintf("%s[%d]", place, i)
		if !keyRE.MatchString(f.Key) {
			return errs.Field(p+".key", "字段标识应为小写字母开头的字母、数字、下划线（最多 40 位）")
		}
		if keys[f.Key] {
			return errs.Field(p+".key", "字段标识 %s 重复", f.Key)
		}
		keys[f.Key] = true
		var err error
		if f.Label, err = validate.Text(p+".label", f.Label, 100, true); err != nil {
			return err
		}
		if f.Help, err = validate.Text(p+".help", f.Help, 500, false); err != nil {
			return err
		}
		if !slices.Contains(FieldTypes, f.Type) {
			return errs.Field(p+".type", "字段类型 %q 无效，应为 %s 之一", clip(f.Type), strings.Join(FieldTypes, "、"))
		}
		if f.Type == FieldSelect {
			if len(f.Options) == 0 || len(f.Options) > 200 {
				return errs.Field(p+".options", "下拉字段“%s”需要 1 到 200 个选项", f.Label)
			}
			for j := range f.Options {
				if f.Options[j], err = validate.Text(fmt.Sprintf("%s.options[%d]", p, j), f.Options[j], 100, true); err != nil {
					return err
				}
			}
			if len(dedupe(slices.Clone(f.Options))) != len(f.Options) {
				return errs.Field(p+".options", "下拉字段“%s”的选项重复", f.Label)
			}
		} else if len(f.Options) > 0 {
			return errs.Field(p+".options", "只有下拉字段可以有选项")
		}
		if (f.Min != nil || f.Max != nil) && f.Type != FieldNumber {
			return errs.Field(p+".min", "只有数字字段可以设置最小值、最大值")
		}
		if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
			return errs.Field(p+".max", "字段“%s”的最大值小于最小值", f.Label)
		}
		if f.MaxLength < 0 || f.MaxLength > 4000 {
			return errs.Field(p+".max_length", "最大长度应在 0 到 4000 之间")
		}
		if f.Type == FieldTable {
			if !top {
				return errs.Field(p+".type", "表格中不能再嵌套表格")
			}
			if len(f.Columns) == 0 {
				return errs.Field(p+".columns", "表格字段“%s”至少需要一列", f.Label)
			}
			if f.MaxRows < 0 || f.MaxRows > 500 {
				return errs.Field(p+".max_rows", "表格最多 500 行")
			}
			if err := validateFields(p+".columns", f.Columns, false); err != nil {
				return err
			}
		} else if len(f.Columns) > 0 {
			return errs.Field(p+".columns", "只有表格字段可以有列")
		}
	}
	return nil
}

// stepRoles are the roles that may act on a review step.
var stepRoles = []access.Role{access.Clerk, access.Reviewer, access.Approver, access.HallManager}

func validateSteps(ss []Step) error {
	if len(ss) == 0 {
		return errs.Field("steps", "请至少设置一个办理环节（如 受理 → 审查 → 决定）")
	}
	if len(ss) > maxSteps {
		return errs.Field("steps", "办理环节最多 %d 个", maxSteps)
	}
	keys := map[string]bool{}
	for i := range ss {
		s := &ss[i]
		p := fmt.Sprintf("steps[%d]", i)
		if !keyRE.MatchString(s.Key) {
			return errs.Field(p+".key", "环节标识应为小写字母开头的字母、数字、下划线")
		}
		if keys[s.Key] {
			return errs.Field(p+".key", "环节标识 %s 重复", s.Key)
		}
		keys[s.Key] = true
		var err error
		if s.Name, err = validate.Text(p+".name", s.Name, 50, true); err != nil {
			return err
		}
		if s.Role == "" {
			return errs.Field(p+".role", "环节“%s”没有指定办理角色", s.Name)
		}
		if !slices.Contains(stepRoles, access.Role(s.Role)) {
			return errs.Field(p+".role", "环节“%s”的办理角色应为 clerk、reviewer、approver 或 hall_manager", s.Name)
		}
		if s.Stage < 1 || s.Stage > maxSteps {
			return errs.Field(p+".stage", "环节顺序号应在 1 到 %d 之间", maxSteps)
		}
		if i > 0 && s.Stage < ss[i-1].Stage {
			return errs.Field(p+".stage", "环节应按顺序号从小到大排列")
		}
		if s.Days < 0 || s.Days > maxDays {
			return errs.Field(p+".days", "环节时限应在 0 到 %d 个工作日之间", maxDays)
		}
	}
	if ss[0].Stage != 1 {
		return errs.Field("steps[0].stage", "第一个环节的顺序号应为 1")
	}
	for i := 1; i < len(ss); i++ {
		if ss[i].Stage > ss[i-1].Stage+1 {
			return errs.Field(fmt.Sprintf("steps[%d].stage", i), "环节顺序号不能跳号")
		}
	}
	return nil
}

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func clip(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

func joinKinds() string {
	ks := make([]string, len(Kinds))
	for i, k := range Kinds {
		ks[i] = string(k)
	}
	return strings.Join(ks, "、")
}
