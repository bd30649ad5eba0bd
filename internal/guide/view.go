// Package guide renders an item's guide (办事指南) for the public: the
// same words for the web page and the printable A4 PDF (CJK font, a QR code
// to the online page, page numbers). It reads catalog values and knows
// nothing of HTTP; the web package serves what it makes.
package guide

import (
	"fmt"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
)

// Guide is an item's guide put into words: every element as the citizen
// reads it. The page and the PDF both render this value, so they cannot
// disagree about what an item requires.
type Guide struct {
	Code, BaseCode, Name string
	Kind                 string // 行政许可 …
	Dept                 string // implementing department (or the dept kind of a base item)
	Region               string // 迪庆藏族自治州（533400）
	Version              int    // the published version the guide shows
	Figures              []Fact // the four figures a citizen looks for first
	Facts                []Fact // 基本信息, in reading order
	Basis                []catalog.LegalBasis
	Conditions           string
	Fees                 []FeeRow // empty: free of charge
	Materials            []MaterialRow
	Steps                []StepRow
	Special              []SpecialRow
	ConsultPhone         string
	ComplaintPhone       string
	FAQ                  []catalog.QA
	Online               bool // online or mobile channel: applying online is offered
}

// Fact is one labelled element of the basic information table.
type Fact struct{ Label, Value string }

// FeeRow is one charge in words.
type FeeRow struct{ Name, Standard, Basis, Waivable string }

// MaterialRow is one material in words. Notes gather what lets the
// applicant skip or postpone it (e-licence, pledge, deferral) and how it
// is checked.
type MaterialRow struct {
	No          int
	Name        string
	Requirement string // 必要 / 非必要 / 情形材料
	Condition   string // when the requirement is conditional
	Forms       string // 原件、复印件
	Copies      string // 1 份, or — when none on paper
	Spec        string
	Notes       []string
}

// StepRow is one review step in words; Parallel marks steps that share a
// stage (会签).
type StepRow struct {
	Stage    int
	Name     string
	Role     string
	Days     string
	Parallel bool
}

// SpecialRow is one special procedure whose time is not counted.
type SpecialRow struct{ Name, Days, Note string }

// Free is the wording of an item without fees.
const Free = "不收费"

// New puts an item's published content into words. dept and region are
// the names the caller resolved (empty falls back to the codes in the doc).
func New(it catalog.Item, dept, region string) Guide {
	d := it.Doc
	g := Guide{
		Code: d.Code, BaseCode: d.BaseCode, Name: d.Name, Kind: d.Kind.Title(), Version: it.PublishedVersion,
		Basis: d.LegalBasis, Conditions: d.Conditions, ConsultPhone: d.ConsultPhone,
		ComplaintPhone: d.ComplaintPhone, FAQ: d.FAQ,
	}
	g.Dept = dept
	if g.Dept == "" {
		g.Dept = d.DeptKind
		if it.IsBase && g.Dept != "" {
			g.Dept += "（基本目录，由各地对应部门实施）"
		}
	}
	g.Region = d.RegionCode
	if region != "" {
		g.Region = region + "（" + d.RegionCode + "）"
	}
	for _, c := range d.Channels {
		if c == catalog.ChannelOnline || c == catalog.ChannelMobile {
			g.Online = true
		}
	}
	g.Facts = facts(d, g)
	g.Figures = []Fact{
		{"承诺时限", pick(d.Instant, "当场办结", workdays(d.PromisedDays, ""))},
		{"到现场次数", visits(d.MaxVisits)},
		{"网上办理", depthWords[d.OnlineDepth]},
		{"收费", feeFigure(d.Fees)},
	}
	for _, f := range d.Fees {
		w := "否"
		if f.Waivable {
			w = "可减免"
		}
		g.Fees = append(g.Fees, FeeRow{Name: f.Name, Standard: f.Standard, Basis: f.Basis, Waivable: w})
	}
	for i, m := range d.Materials {
		g.Materials = append(g.Materials, material(i+1, m))
	}
	stageSize := map[int]int{}
	for _, s := range d.Steps {
		stageSize[s.Stage]++
	}
	for _, s := range d.Steps {
		g.Steps = append(g.Steps, StepRow{Stage: s.Stage, Name: s.Name, Role: roleTitle(s.Role),
			Days: stepDays(s.Days), Parallel: stageSize[s.Stage] > 1})
	}
	for _, s := range d.SpecialProcedures {
		days := "—"
		if s.MaxDays > 0 {
			days = fmt.Sprintf("最长 %d 天", s.MaxDays)
		}
		g.Special = append(g.Special, SpecialRow{Name: s.Name, Days: days, Note: s.Note})
	}
	return g
}

func facts(d catalog.Doc, g Guide) []Fact {
	fs := []Fact{
		{"事项名称", d.Name},
		{"事项类型", g.Kind},
		{"基本编码", d.BaseCode},
		{"实施编码", d.Code},
	}
	if d.ParentCode != "" {
		fs = append(fs, Fact{"上级事项编码", d.ParentCode})
	}
	if d.Variant != "" {
		fs = append(fs, Fact{"办理项", variants[d.Variant]})
	}
	fs = append(fs,
		Fact{"实施主体", or(g.Dept, "—")},
		Fact{"实施区划", g.Region},
		Fact{"行使层级", or(levels[d.ExerciseLevel], d.ExerciseLevel)},
		Fact{"服务对象", join(d.Targets, targets)},
		Fact{"办件类型", pick(d.Instant, "即办件（当场办结）", "承诺件")},
		Fact{"法定办结时限", workdays(d.LegalDays, "法律法规未规定")},
		Fact{"承诺办结时限", pick(d.Instant, "当场办结", workdays(d.PromisedDays, ""))},
		Fact{"到现场次数", pick(d.MaxVisits == 0, "0 次（无需到现场）", visits(d.MaxVisits))},
		Fact{"网办深度", depths[d.OnlineDepth]},
		Fact{"办理渠道", join(d.Channels, channels)},
		Fact{"通办范围", or(crosses[d.CrossRegion], crosses[catalog.CrossNone])},
		Fact{"是否进驻政务服务中心", pick(d.InHall, "是", "否")},
		Fact{"是否收费", pick(len(d.Fees) > 0, "收费", Free)},
	)
	return fs
}

func material(no int, m catalog.Material) MaterialRow {
	r := MaterialRow{No: no, Name: m.Name, Requirement: requirements[m.Requirement], Condition: m.Condition,
		Forms: join(m.Forms, forms), Copies: "—", Spec: or(m.Spec, "—")}
	if m.Copies > 0 {
		r.Copies = fmt.Sprintf("%d 份", m.Copies)
	}
	if m.LicenseType != "" {
		r.Notes = append(r.Notes, "可用电子证照“"+m.LicenseType+"”替代，无需提交")
	}
	if m.Pledge {
		r.Notes = append(r.Notes, "可以告知承诺替代")
	}
	if m.Deferrable {
		r.Notes = append(r.Notes, "可容缺受理，受理后补交")
	}
	switch {
	case m.Template != "" && m.Sample != "":
		r.Notes = append(r.Notes, "提供空白表格和示范文本")
	case m.Template != "":
		r.Notes = append(r.Notes, "提供空白表格")
	case m.Sample != "":
		r.Notes = append(r.Notes, "提供示范文本")
	}
	if m.Acceptance != "" {
		r.Notes = append(r.Notes, "受理标准："+m.Acceptance)
	}
	if m.Note != "" {
		r.Notes = append(r.Notes, m.Note)
	}
	return r
}

// HasParallel reports whether any stage runs steps in parallel (会签), so
// the guide explains it.
func (g Guide) HasParallel() bool {
	for _, s := range g.Steps {
		if s.Parallel {
			return true
		}
	}
	return false
}

// RequirementText is the requirement cell: the condition follows a
// conditional material's label.
func (m MaterialRow) RequirementText() string {
	if m.Condition != "" {
		return m.Requirement + "：" + m.Condition
	}
	return m.Requirement
}

var (
	variants     = map[string]string{catalog.VariantNew: "新设", catalog.VariantChange: "变更", catalog.VariantRenew: "延续", catalog.VariantCancel: "注销"}
	levels       = map[string]string{catalog.LevelNational: "国家级", catalog.LevelProvince: "省级", catalog.LevelCity: "市（州）级", catalog.LevelCounty: "县（市、区）级", catalog.LevelTownship: "乡镇（街道）级", catalog.LevelVillage: "村（社区）级"}
	targets      = map[string]string{catalog.TargetPerson: "自然人", catalog.TargetOrg: "法人"}
	channels     = map[string]string{catalog.ChannelOnline: "网上办", catalog.ChannelMobile: "掌上办", catalog.ChannelWindow: "窗口办", catalog.ChannelKiosk: "自助终端办", catalog.ChannelAppointment: "预约办", catalog.ChannelMail: "结果免费邮寄"}
	crosses      = map[string]string{catalog.CrossNone: "不通办", catalog.CrossProvince: "省内通办", catalog.CrossNational: "跨省通办"}
	depths       = map[int]string{1: "一级（网上咨询）", 2: "二级（网上预审）", 3: "三级（网上受理，现场核验）", 4: "四级（全程网办）"}
	depthWords   = map[int]string{1: "网上咨询", 2: "网上预审", 3: "网上受理", 4: "全程网办"}
	requirements = map[string]string{catalog.Required: "必要", catalog.Optional: "非必要", catalog.Conditional: "情形材料"}
	forms        = map[string]string{catalog.FormOriginal: "原件", catalog.FormCopy: "复印件", catalog.FormElectronic: "电子件"}
)

func roleTitle(r string) string { return or(access.Role(r).Title(), r) }

func stepDays(n int) string {
	if n == 0 {
		return "当场"
	}
	return fmt.Sprintf("%d 个工作日", n)
}

func workdays(n int, zero string) string {
	if n == 0 && zero != "" {
		return zero
	}
	return fmt.Sprintf("%d 个工作日", n)
}

func visits(n int) string {
	if n == 0 {
		return "0 次"
	}
	return fmt.Sprintf("最多 %d 次", n)
}

// feeFigure sums the fees up in a few words: the standard of a single
// fee, else how many there are.
func feeFigure(fees []catalog.Fee) string {
	switch len(fees) {
	case 0:
		return Free
	case 1:
		return fees[0].Standard
	}
	return fmt.Sprintf("%d 项收费", len(fees))
}

func join(codes []string, words map[string]string) string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, or(words[c], c))
	}
	return or(strings.Join(out, "、"), "—")
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
