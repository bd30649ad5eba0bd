package web

import (
	"slices"
	"strconv"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
)

// catPair is a code with its Chinese label.
type catPair struct{ code, zh string }

// The editor's choices, in the order managers expect them.
var (
	levelPairs = []catPair{{catalog.LevelNational, "国家级"}, {catalog.LevelProvince, "省级"}, {catalog.LevelCity, "市（州）级"},
		{catalog.LevelCounty, "县（市、区）级"}, {catalog.LevelTownship, "乡镇（街道）级"}, {catalog.LevelVillage, "村（社区）级"}}
	variantPairs = []catPair{{"", "无（主项或子项）"}, {catalog.VariantNew, "新设"}, {catalog.VariantChange, "变更"},
		{catalog.VariantRenew, "延续"}, {catalog.VariantCancel, "注销"}}
	targetPairs  = []catPair{{catalog.TargetPerson, "自然人"}, {catalog.TargetOrg, "法人"}}
	channelPairs = []catPair{{catalog.ChannelOnline, "网上办"}, {catalog.ChannelMobile, "掌上办"}, {catalog.ChannelWindow, "窗口办"},
		{catalog.ChannelKiosk, "自助终端"}, {catalog.ChannelAppointment, "预约办"}, {catalog.ChannelMail, "结果免费邮寄"}}
	crossPairs = []catPair{{catalog.CrossNone, "不通办"}, {catalog.CrossProvince, "省内通办"}, {catalog.CrossNational, "跨省通办"}}
	depthPairs = []catPair{{"1", "一级：网上查询指南、下载表格"}, {"2", "二级：网上预约、预审"},
		{"3", "三级：网上受理，到现场一次"}, {"4", "四级：全程网办，零跑动"}}
	fieldTypePairs = []catPair{{catalog.FieldText, "文本"}, {catalog.FieldNumber, "数字"}, {catalog.FieldDate, "日期"},
		{catalog.FieldSelect, "下拉选择"}, {catalog.FieldRegion, "行政区划"}, {catalog.FieldIDNumber, "公民身份号码"},
		{catalog.FieldCreditCode, "统一社会信用代码"}, {catalog.FieldPhone, "电话号码"}, {catalog.FieldAddress, "地址"},
		{catalog.FieldTable, "表格（多行）"}}
	requirementPairs = []catPair{{catalog.Required, "必要"}, {catalog.Optional, "非必要"}, {catalog.Conditional, "情形（满足条件时提交）"}}
	matFormPairs     = []catPair{{catalog.FormOriginal, "原件"}, {catalog.FormCopy, "复印件"}, {catalog.FormElectronic, "电子件"}}
)

// editorStepRoles are the roles a review step may name.
var editorStepRoles = []access.Role{access.Clerk, access.Reviewer, access.Approver, access.HallManager}

// catChoices turns pairs into options, the codes in selected ticked.
func catChoices(lg string, ps []catPair, selected ...string) []catOption {
	out := make([]catOption, len(ps))
	for i, p := range ps {
		out[i] = catOption{Value: p.code, Label: translate(lg, p.zh), Selected: slices.Contains(selected, p.code)}
	}
	return out
}

// options fills every choice of the editor for its document.
func (d *editData) options(lg string) {
	doc := d.Doc
	d.Kinds = catKindOptions(lg, doc.Kind)
	d.Levels = catChoices(lg, levelPairs, doc.ExerciseLevel)
	d.Variants = catChoices(lg, variantPairs, doc.Variant)
	d.Targets = catChoices(lg, targetPairs, doc.Targets...)
	d.Channels = catChoices(lg, channelPairs, doc.Channels...)
	cross := doc.CrossRegion
	if cross == "" {
		cross = catalog.CrossNone
	}
	d.Crosses = catChoices(lg, crossPairs, cross)
	d.Depths = catChoices(lg, depthPairs, strconv.Itoa(doc.OnlineDepth))
	d.Themes = d.Themes[:0]
	for _, t := range catalog.Themes {
		d.Themes = append(d.Themes, catOption{Value: t.Code, Label: translate(lg, t.Name), Selected: slices.Contains(doc.Themes, t.Code)})
	}
	d.FieldTypes = catChoices(lg, fieldTypePairs)
	d.Requirements = catChoices(lg, requirementPairs)
	d.MatForms = catChoices(lg, matFormPairs)
	d.Roles = d.Roles[:0]
	for _, r := range editorStepRoles {
		d.Roles = append(d.Roles, catOption{Value: string(r), Label: translate(lg, r.Title())})
	}
}
