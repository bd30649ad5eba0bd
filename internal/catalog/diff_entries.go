package catalog

import (
	"strconv"
	"strings"
)

// The list entries Diff compares: each element of a list with its key,
// the title a reader knows it by, a one-line summary and its sub-elements.

func materialEntries(ms []Material) []entry {
	out := make([]entry, len(ms))
	for i, m := range ms {
		out[i] = entry{key: m.Key, title: m.Name, summary: materialSummary(m), elems: []elem{
			{"name", "名称", m.Name},
			{"requirement", "要求", zhEnum("requirement", m.Requirement)},
			{"condition", "适用情形", m.Condition},
			{"forms", "材料形式", zhList("form", m.Forms)},
			{"copies", "份数", copiesText(m.Copies)},
			{"spec", "规格", m.Spec},
			{"template", "空白表格", m.Template},
			{"sample", "示范文本", m.Sample},
			{"note", "备注", m.Note},
			{"acceptance", "受理标准", m.Acceptance},
			{"license_type", "可替代的电子证照", m.LicenseType},
			{"pledge", "可告知承诺替代", yesNo(m.Pledge)},
			{"deferrable", "可容缺后补", yesNo(m.Deferrable)},
		}}
	}
	return out
}

func materialSummary(m Material) string {
	s := zhEnum("requirement", m.Requirement) + "；" + zhList("form", m.Forms) + "；" + copiesText(m.Copies)
	if m.Condition != "" {
		s += "；情形：" + m.Condition
	}
	return s
}

func fieldEntries(fs []Field) []entry {
	out := make([]entry, len(fs))
	for i, f := range fs {
		req := "选填"
		if f.Required {
			req = "必填"
		}
		out[i] = entry{key: f.Key, title: f.Label, summary: zhEnum("field", f.Type) + "；" + req, elems: []elem{
			{"label", "名称", f.Label},
			{"type", "类型", zhEnum("field", f.Type)},
			{"required", "填写要求", req},
			{"options", "选项", strings.Join(f.Options, "、")},
			{"min", "最小值", numText(f.Min)},
			{"max", "最大值", numText(f.Max)},
			{"max_length", "最大长度", intOrEmpty(f.MaxLength)},
			{"help", "填写说明", f.Help},
			{"max_rows", "最多行数", intOrEmpty(f.MaxRows)},
		}}
	}
	return out
}

func stepEntries(ss []Step) []entry {
	out := make([]entry, len(ss))
	for i, s := range ss {
		out[i] = entry{key: s.Key, title: s.Name, summary: stepSummary(s), elems: []elem{
			{"name", "名称", s.Name},
			{"stage", "顺序", "第 " + strconv.Itoa(s.Stage) + " 步"},
			{"role", "办理角色", roleTitle(s.Role)},
			{"days", "时限", daysText(s.Days)},
		}}
	}
	return out
}

func stepSummary(s Step) string {
	return "第 " + strconv.Itoa(s.Stage) + " 步；" + roleTitle(s.Role) + "；" + daysText(s.Days)
}

// named gives list entries without keys a key from their name, numbering
// repeats so each entry stays addressable.
func named(names []string) []string {
	seen := map[string]int{}
	out := make([]string, len(names))
	for i, n := range names {
		seen[n]++
		out[i] = n
		if seen[n] > 1 {
			out[i] = n + "#" + strconv.Itoa(seen[n])
		}
	}
	return out
}

func basisEntries(bs []LegalBasis) []entry {
	names := make([]string, len(bs))
	for i, b := range bs {
		names[i] = strings.TrimSpace(b.Law + b.Article)
	}
	keys := named(names)
	out := make([]entry, len(bs))
	for i, b := range bs {
		out[i] = entry{key: keys[i], title: names[i], summary: basisText(b), elems: []elem{{"text", "条文内容", b.Text}}}
	}
	return out
}

func basisText(b LegalBasis) string {
	s := b.Law + b.Article
	if b.Text != "" {
		s += "：" + b.Text
	}
	return s
}

func feeEntries(fs []Fee) []entry {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	keys := named(names)
	out := make([]entry, len(fs))
	for i, f := range fs {
		out[i] = entry{key: keys[i], title: f.Name, summary: feeText(f), elems: []elem{
			{"standard", "收费标准", f.Standard}, {"basis", "收费依据", f.Basis}, {"waivable", "可减免", yesNo(f.Waivable)}}}
	}
	return out
}

func feeText(f Fee) string {
	s := f.Name + "：" + f.Standard
	if f.Waivable {
		s += "（可减免）"
	}
	return s
}

func procedureEntries(ps []SpecialProcedure) []entry {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	keys := named(names)
	out := make([]entry, len(ps))
	for i, p := range ps {
		out[i] = entry{key: keys[i], title: p.Name, summary: p.Name + "：最长 " + strconv.Itoa(p.MaxDays) + " 天",
			elems: []elem{{"max_days", "最长时限", strconv.Itoa(p.MaxDays) + " 天"}, {"note", "说明", p.Note}}}
	}
	return out
}

func faqEntries(qs []QA) []entry {
	names := make([]string, len(qs))
	for i, q := range qs {
		names[i] = q.Q
	}
	keys := named(names)
	out := make([]entry, len(qs))
	for i, q := range qs {
		out[i] = entry{key: keys[i], title: q.Q, summary: q.A, elems: []elem{{"a", "答复", q.A}}}
	}
	return out
}
