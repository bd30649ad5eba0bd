package excel

import (
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
)

// enum maps a closed set of code values to the Chinese names catalog
// managers read in cells. Import accepts the Chinese name, a few common
// aliases and the code itself, so a file produced by another system that
// writes codes still reads.
type enum struct {
	codes  []string          // in display order
	titles map[string]string // code → Chinese name written on export
	parse  map[string]string // accepted spelling → code
}

func newEnum(pairs ...string) *enum {
	e := &enum{titles: map[string]string{}, parse: map[string]string{}}
	for i := 0; i+1 < len(pairs); i += 2 {
		code, title := pairs[i], pairs[i+1]
		e.codes = append(e.codes, code)
		e.titles[code] = title
		e.parse[title] = code
		e.parse[strings.ToLower(code)] = code
	}
	return e
}

// alias adds extra accepted spellings for a code.
func (e *enum) alias(code string, names ...string) *enum {
	for _, n := range names {
		e.parse[n] = code
	}
	return e
}

// title is the cell text for a code; an unknown code is written as it is,
// so that export never drops a value (import then reports it).
func (e *enum) title(code string) string {
	if t, ok := e.titles[code]; ok {
		return t
	}
	return code
}

// lookup finds the code for a cell value.
func (e *enum) lookup(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if c, ok := e.parse[s]; ok {
		return c, true
	}
	c, ok := e.parse[strings.ToLower(s)]
	return c, ok
}

// names lists the Chinese names, for drop-down lists and messages.
func (e *enum) names() []string {
	out := make([]string, len(e.codes))
	for i, c := range e.codes {
		out[i] = e.titles[c]
	}
	return out
}

// The enums of the workbook. Codes are the catalog's constants.
var (
	kindEnum = func() *enum {
		var pairs []string
		for _, k := range catalog.Kinds {
			pairs = append(pairs, string(k), k.Title())
		}
		return newEnum(pairs...)
	}()
	variantEnum = newEnum(catalog.VariantNew, "新设", catalog.VariantChange, "变更",
		catalog.VariantRenew, "延续", catalog.VariantCancel, "注销")
	levelEnum = newEnum(catalog.LevelNational, "国家级", catalog.LevelProvince, "省级", catalog.LevelCity, "市级",
		catalog.LevelCounty, "县级", catalog.LevelTownship, "乡级", catalog.LevelVillage, "村级").
		alias(catalog.LevelCity, "市州级", "地市级").alias(catalog.LevelCounty, "县区级", "县（市、区）级").
		alias(catalog.LevelTownship, "乡镇级", "乡镇（街道）级").alias(catalog.LevelVillage, "村（社区）级")
	targetEnum = newEnum(catalog.TargetPerson, "自然人", catalog.TargetOrg, "法人").
			alias(catalog.TargetOrg, "法人或其他组织")
	instantEnum = newEnum("instant", "即办件", "promised", "承诺件")
	channelEnum = newEnum(catalog.ChannelOnline, "网上办", catalog.ChannelMobile, "掌上办", catalog.ChannelWindow, "窗口办",
		catalog.ChannelKiosk, "自助终端", catalog.ChannelAppointment, "预约办", catalog.ChannelMail, "结果免费邮寄").
		alias(catalog.ChannelMail, "邮寄", "免费邮寄")
	crossEnum = newEnum(catalog.CrossNone, "不通办", catalog.CrossProvince, "省内通办", catalog.CrossNational, "跨省通办").
			alias(catalog.CrossNone, "无", "否")
	requirementEnum = newEnum(catalog.Required, "必要", catalog.Optional, "非必要", catalog.Conditional, "情形").
			alias(catalog.Required, "必须", "必需").alias(catalog.Optional, "可选").alias(catalog.Conditional, "情形材料", "视情形")
	materialFormEnum = newEnum(catalog.FormOriginal, "原件", catalog.FormCopy, "复印件", catalog.FormElectronic, "电子件").
				alias(catalog.FormElectronic, "电子版")
	fieldTypeEnum = newEnum(catalog.FieldText, "文本", catalog.FieldNumber, "数字", catalog.FieldDate, "日期",
		catalog.FieldSelect, "下拉选择", catalog.FieldRegion, "行政区划", catalog.FieldIDNumber, "身份证号码",
		catalog.FieldCreditCode, "统一社会信用代码", catalog.FieldPhone, "电话", catalog.FieldAddress, "地址",
		catalog.FieldTable, "表格").
		alias(catalog.FieldSelect, "下拉", "选择").alias(catalog.FieldIDNumber, "身份证号").alias(catalog.FieldPhone, "联系电话")
	roleEnum = newEnum(string(access.Clerk), access.Clerk.Title(), string(access.Reviewer), access.Reviewer.Title(),
		string(access.Approver), access.Approver.Title(), string(access.HallManager), access.HallManager.Title()).
		alias(string(access.Clerk), "受理人员", "窗口人员")
	themeEnum = func() *enum {
		var pairs []string
		for _, t := range catalog.Themes {
			pairs = append(pairs, t.Code, t.Name)
		}
		return newEnum(pairs...)
	}()
	boolEnum = newEnum("true", "是", "false", "否").
			alias("true", "y", "yes", "1", "√").alias("false", "n", "no", "0", "×")
)

// The list separator in cells. Import also splits on the full-width "；"
// and on line breaks, which is what people type in WPS with a Chinese IME.
const listSep = ";"

// joinList writes a list into one cell. A value that itself holds a
// separator or a backslash gets a backslash before it, so that the list
// reads back exactly.
func joinList(xs []string) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteString(listSep)
		}
		for _, r := range x {
			if r == ';' || r == '；' || r == '\\' || r == '\n' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// splitList reads a cell written by joinList or typed by hand: values are
// separated by ";", "；" or line breaks, trimmed, and empty values dropped.
// It returns nil for an empty cell, as the catalog's documents do.
func splitList(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if v := strings.TrimSpace(cur.String()); v != "" {
			out = append(out, v)
		}
		cur.Reset()
	}
	esc := false
	for _, r := range s {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case r == '\\':
			esc = true
		case r == ';' || r == '；' || r == '\n' || r == '\r':
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	if esc {
		cur.WriteRune('\\')
	}
	flush()
	return out
}
