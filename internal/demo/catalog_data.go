package demo

import (
	"github.com/onewindow/onewindow/internal/catalog"
)

// The demo catalog is generated from compact tables: one template per item
// (catalog_data_base.go, catalog_data_more.go) says what the item is, and
// its scope says which regions implement it. This file holds the small
// vocabulary the tables are written in: scopes, materials, form fields and
// review-step patterns.

// scope says where an item is implemented.
type scope int

const (
	// scopeBase: a province base item (基本目录) and its implementations
	// in the prefecture and every county.
	scopeBase scope = iota
	// scopeAll: implemented in the prefecture and every county, without a
	// province base item.
	scopeAll
	// scopePref: implemented by a prefecture department only.
	scopePref
	// scopeCounty: implemented by each county's department.
	scopeCounty
	// scopeTown: exercised at township level (the 乡镇便民服务中心 accepts,
	// and for items like 宅基地 the township decides). The demo has no
	// township departments, so the county department is the implementing
	// body and the exercise level says township.
	scopeTown
)

// tpl is one item template.
type tpl struct {
	scope   scope
	dept    string // dept kind (gov.DeptKinds)
	no      int    // main item number within the dept kind (01–99)
	sub     int    // sub-item number under the main item (0: the main item)
	parent  string // name of the parent template (sub-items and variants)
	variant string // new, change, renew, cancel
	name    string
	kind    catalog.Kind
	laws    []catalog.LegalBasis
	cond    string
	who     string // "p" person, "o" org, "po" both
	// legal and promised days; promised 0 makes an instant item (即办件)
	legal, promised int
	fees            []catalog.Fee
	visits, depth   int
	ch              string // channels: o online, m mobile, w window, k kiosk, a appointment, d mail
	cross           string
	themes          []string
	keys            []string
	mats            []mt
	form            []catalog.Field
	steps           string // step pattern, see stepPatterns
	sp              []catalog.SpecialProcedure
	faq             []catalog.QA
}

// lb is one legal provision.
func lb(law, article, text string) catalog.LegalBasis {
	return catalog.LegalBasis{Law: law, Article: article, Text: text}
}

// fee is one charge.
func fee(name, standard, basis string, waivable bool) catalog.Fee {
	return catalog.Fee{Name: name, Standard: standard, Basis: basis, Waivable: waivable}
}

// sp is one special procedure whose time does not count.
func sp(name string, maxDays int, note string) catalog.SpecialProcedure {
	return catalog.SpecialProcedure{Name: name, MaxDays: maxDays, Note: note}
}

// qa is one frequently asked question.
func qa(q, a string) catalog.QA { return catalog.QA{Q: q, A: a} }

func list(xs ...string) []string { return xs }

// Blank application forms and filled samples are not uploaded files in the
// demo: the guide renders them from the item's online form. These ids say so.
const (
	BlankFormTemplate = "form:blank"  // 空白表格, generated from Doc.Form
	FormSampleFile    = "form:sample" // 示范文本, generated from Doc.Form with sample values
)

// mt is a material under construction; its methods set the optional parts.
type mt catalog.Material

func newMat(key, name, req, cond, forms string, copies int) mt {
	m := mt{Key: key, Name: name, Requirement: req, Condition: cond, Copies: copies}
	for _, f := range forms {
		switch f {
		case 'o':
			m.Forms = append(m.Forms, catalog.FormOriginal)
		case 'c':
			m.Forms = append(m.Forms, catalog.FormCopy)
		case 'e':
			m.Forms = append(m.Forms, catalog.FormElectronic)
		}
	}
	return m
}

// must is a required material; forms are letters: o original, c copy, e electronic.
func must(key, name, forms string, copies int) mt {
	return newMat(key, name, catalog.Required, "", forms, copies)
}

// may is an optional material.
func may(key, name, forms string, copies int) mt {
	return newMat(key, name, catalog.Optional, "", forms, copies)
}

// when is a material required only in the stated situation.
func when(key, name, cond, forms string, copies int) mt {
	return newMat(key, name, catalog.Conditional, cond, forms, copies)
}

func (m mt) lic(t string) mt      { m.LicenseType = t; return m }
func (m mt) pledge() mt           { m.Pledge = true; return m }
func (m mt) deferrable() mt       { m.Deferrable = true; return m }
func (m mt) note(s string) mt     { m.Note = s; return m }
func (m mt) spec(s string) mt     { m.Spec = s; return m }
func (m mt) accept(s string) mt   { m.Acceptance = s; return m }
func (m mt) withForm() mt         { m.Template, m.Sample = BlankFormTemplate, FormSampleFile; return m }
func (m mt) named(name string) mt { m.Name = name; return m }

// The materials most items share.

func idCard() mt {
	return must("id_card", "申请人居民身份证", "oe", 0).lic("居民身份证").
		accept("在有效期内；已领取电子身份证的可出示电子证照，无需复印")
}

func hukou() mt {
	return must("hukou", "居民户口簿", "oe", 0).lic("居民户口簿").accept("户主页和本人页齐全")
}

func proxy() mt {
	return when("proxy", "授权委托书及受托人身份证件", "委托他人办理的", "oc", 1).
		accept("委托书载明委托事项、权限和期限，由委托人签字（盖章）")
}

func bizLicence() mt {
	return must("biz_licence", "营业执照", "ce", 1).lic("营业执照").
		note("已在市场监管部门登记的，通过电子证照库调取，无需提交")
}

func applyForm(name string) mt {
	return must("application", name, "oe", 1).spec("A4 纸").withForm().
		note("网上申请的，系统根据在线填报内容自动生成，签字确认即可")
}

func photos(n int, spec string) mt {
	return must("photo", "近期免冠证件照片", "o", n).spec(spec)
}

func mats(ms ...mt) []mt { return ms }

// Form fields.

func field(key, label, typ string, req bool) catalog.Field {
	return catalog.Field{Key: key, Label: label, Type: typ, Required: req}
}

func txt(key, label string, req bool, maxLen int) catalog.Field {
	f := field(key, label, catalog.FieldText, req)
	f.MaxLength = maxLen
	return f
}

func num(key, label string, req bool, min, max float64) catalog.Field {
	f := field(key, label, catalog.FieldNumber, req)
	f.Min, f.Max = &min, &max
	return f
}

func day(key, label string, req bool) catalog.Field { return field(key, label, catalog.FieldDate, req) }
func reg(key, label string, req bool) catalog.Field {
	return field(key, label, catalog.FieldRegion, req)
}
func idn(key, label string, req bool) catalog.Field {
	return field(key, label, catalog.FieldIDNumber, req)
}
func ucc(key, label string, req bool) catalog.Field {
	return field(key, label, catalog.FieldCreditCode, req)
}
func tel(key, label string, req bool) catalog.Field {
	return field(key, label, catalog.FieldPhone, req)
}

func adr(key, label string, req bool) catalog.Field {
	f := field(key, label, catalog.FieldAddress, req)
	f.MaxLength = 200
	return f
}

func sel(key, label string, req bool, opts ...string) catalog.Field {
	f := field(key, label, catalog.FieldSelect, req)
	f.Options = opts
	return f
}

func tbl(key, label string, req bool, maxRows int, cols ...catalog.Field) catalog.Field {
	f := field(key, label, catalog.FieldTable, req)
	f.Columns, f.MaxRows = cols, maxRows
	return f
}

func help(f catalog.Field, s string) catalog.Field { f.Help = s; return f }

// personForm is the applicant block of a person's application.
func personForm() []catalog.Field {
	return []catalog.Field{txt("applicant_name", "申请人姓名", true, 50), idn("id_number", "公民身份号码", true),
		tel("phone", "联系电话", true), adr("address", "联系地址", true)}
}

// orgForm is the applicant block of an organisation's application.
func orgForm() []catalog.Field {
	return []catalog.Field{txt("org_name", "单位名称", true, 100), ucc("credit_code", "统一社会信用代码", true),
		txt("legal_rep", "法定代表人（负责人）", true, 50), idn("legal_rep_id", "法定代表人身份证件号码", true),
		tel("phone", "联系电话", true), adr("address", "住所（经营场所）", true)}
}

// form joins fields and field blocks.
func form(parts ...any) []catalog.Field {
	var out []catalog.Field
	for _, p := range parts {
		switch v := p.(type) {
		case catalog.Field:
			out = append(out, v)
		case []catalog.Field:
			out = append(out, v...)
		}
	}
	return out
}

// A stage of review steps: parallel steps (会签) share a stage.
type stage []catalog.Step

func stp(key, name, role string) catalog.Step { return catalog.Step{Key: key, Name: name, Role: role} }

// stepPatterns are the review flows the templates use.
var stepPatterns = map[string][]stage{
	// 即办件: accepted and concluded on the spot.
	"instant": {{stp("accept", "受理并办结", "clerk")}},
	// the ordinary licence flow
	"std": {{stp("accept", "受理", "clerk")}, {stp("review", "审查", "reviewer")}, {stp("decide", "决定", "approver")}},
	// materials and the site inspected in parallel (会签)
	"site": {{stp("accept", "受理", "clerk")}, {stp("review", "材料审查", "reviewer"), stp("inspect", "现场核查", "reviewer")},
		{stp("decide", "决定", "approver")}},
	// review, then joint opinions of two offices in parallel, then decision
	"cosign": {{stp("accept", "受理", "clerk")}, {stp("review", "审查", "reviewer")},
		{stp("cosign_tech", "技术审查会签", "reviewer"), stp("cosign_legal", "合法性审查会签", "reviewer")},
		{stp("decide", "决定", "approver")}},
	// a public service handled by one office
	"service": {{stp("accept", "受理", "clerk")}, {stp("handle", "办理", "reviewer")}},
	// certificates and cards: made after the decision
	"issue": {{stp("accept", "受理", "clerk")}, {stp("review", "审核", "reviewer")}, {stp("decide", "审批", "approver")},
		{stp("issue", "制证发证", "clerk")}},
	// assistance: the township accepts and checks, the county decides
	"town": {{stp("accept", "乡镇（街道）受理", "clerk")}, {stp("survey", "入户调查核实", "reviewer")},
		{stp("review", "县级部门审核", "reviewer")}, {stp("decide", "审批", "approver")}},
	// real estate transfer: registration review and tax collection in parallel (一窗受理、并行办理)
	"transfer": {{stp("accept", "一窗受理", "clerk")}, {stp("review", "登记审核", "reviewer"), stp("tax", "税款征收", "reviewer")},
		{stp("decide", "登簿发证", "approver")}},
	// divorce: application, then after the 30-day cooling-off period the registration
	"divorce": {{stp("accept", "离婚登记申请受理", "clerk")}, {stp("register", "冷静期届满审查登记", "clerk")}},
}

// steps lays a pattern out with a working-day budget that adds up to the
// promised days: the first and last stages take a day when there are days
// to spare, the stages between share the rest.
func steps(pattern string, promised int) []catalog.Step {
	stages := stepPatterns[pattern]
	budget := make([]int, len(stages))
	left := promised
	if n := len(stages); n > 1 {
		if left >= 3 {
			budget[0], left = 1, left-1
		}
		if left >= 2 || (n == 2 && left >= 1 && budget[0] == 0) {
			budget[n-1], left = 1, left-1
		}
		middle := n - 2
		if middle <= 0 {
			budget[n-1] += left
		} else {
			for i := 1; i <= middle; i++ {
				budget[i] = left / middle
			}
			budget[1] += left % middle
		}
	} else if len(stages) == 1 {
		budget[0] = promised
	}
	var out []catalog.Step
	for i, s := range stages {
		for _, x := range s {
			x.Stage, x.Days = i+1, budget[i]
			out = append(out, x)
		}
	}
	return out
}

// channels expands channel letters.
func channels(letters string) []string {
	var out []string
	for _, c := range letters {
		switch c {
		case 'o':
			out = append(out, catalog.ChannelOnline)
		case 'm':
			out = append(out, catalog.ChannelMobile)
		case 'w':
			out = append(out, catalog.ChannelWindow)
		case 'k':
			out = append(out, catalog.ChannelKiosk)
		case 'a':
			out = append(out, catalog.ChannelAppointment)
		case 'd':
			out = append(out, catalog.ChannelMail)
		}
	}
	return out
}

// targets expands "p", "o", "po".
func targets(who string) []string {
	var out []string
	for _, c := range who {
		switch c {
		case 'p':
			out = append(out, catalog.TargetPerson)
		case 'o':
			out = append(out, catalog.TargetOrg)
		}
	}
	return out
}
