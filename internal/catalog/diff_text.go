package catalog

import (
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
)

// zhEnums are the Chinese names of the coded values a reader meets in a
// diff or a consistency report, by group.
var zhEnums = map[string]map[string]string{
	"variant": {VariantNew: "新设", VariantChange: "变更", VariantRenew: "延续", VariantCancel: "注销"},
	"level": {LevelNational: "国家级", LevelProvince: "省级", LevelCity: "市级", LevelCounty: "县级",
		LevelTownship: "乡镇（街道）级", LevelVillage: "村（社区）级"},
	"channel": {ChannelOnline: "网上办", ChannelMobile: "掌上办", ChannelWindow: "窗口办", ChannelKiosk: "自助终端",
		ChannelAppointment: "预约办", ChannelMail: "结果免费邮寄"},
	"cross":       {CrossNone: "不通办", CrossProvince: "省内通办", CrossNational: "跨省通办"},
	"target":      {TargetPerson: "自然人", TargetOrg: "法人"},
	"requirement": {Required: "必要", Optional: "非必要", Conditional: "情形材料"},
	"form":        {FormOriginal: "原件", FormCopy: "复印件", FormElectronic: "电子件"},
	"field": {FieldText: "文本", FieldNumber: "数字", FieldDate: "日期", FieldSelect: "下拉选择", FieldRegion: "行政区划",
		FieldIDNumber: "身份证号码", FieldCreditCode: "统一社会信用代码", FieldPhone: "电话", FieldAddress: "地址", FieldTable: "表格"},
}

// zhEnum is the Chinese name of a coded value; an unknown code shows as is.
func zhEnum(group, v string) string {
	if s, ok := zhEnums[group][v]; ok {
		return s
	}
	return v
}

// zhList names each value of a set, joined with 、.
func zhList(group string, vs []string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = zhEnum(group, v)
	}
	return strings.Join(out, "、")
}

func roleTitle(r string) string {
	if t := access.Role(r).Title(); t != "" {
		return t
	}
	return r
}

func orNone(s string) string {
	if s == "" {
		return "（无）"
	}
	return s
}

func deptText(id int64) string {
	if id == 0 {
		return ""
	}
	return "部门编号 " + strconv.FormatInt(id, 10)
}

func instantText(instant bool) string {
	if instant {
		return "即办件"
	}
	return "承诺件"
}

func daysText(n int) string { return strconv.Itoa(n) + " 个工作日" }

func visitsText(n int) string { return strconv.Itoa(n) + " 次" }

func copiesText(n int) string { return strconv.Itoa(n) + " 份" }

func intOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func numText(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func depthText(n int) string {
	if n >= 1 && n <= 4 {
		return []string{"一级", "二级", "三级", "四级（全程网办）"}[n-1]
	}
	return strconv.Itoa(n)
}

func themesText(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = c
		if t, ok := ThemeByCode(c); ok {
			names[i] = t.Name
		}
	}
	return strings.Join(names, "、")
}
