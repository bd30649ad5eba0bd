package catalog

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// Limits a form's checks fall back to when the item sets none.
const (
	DefaultTextLength    = 500 // characters of a text field
	DefaultAddressLength = 200 // characters of an address
	DefaultMaxRows       = 100 // rows of a table field
)

var (
	dateRE   = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	numberRE = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
)

// ValidateValues checks a submission against an item's form and returns
// the values normalised: text trimmed, numbers as float64, a 公民身份号码's
// x upper-cased, phones as 11 digits or 0887-8221234, table rows as
// []any of map[string]any. Blank optional fields, and table rows with
// nothing filled in, are left out.
//
// Every problem is reported, not only the first, so that an applicant
// corrects a form in one pass (一次性告知): the error is a *FormErrors,
// whose code is errs.Invalid. Paths name the place (form.shop_name,
// form.staff[2].id_number) and messages name it in words by the labels
// (“从业人员”第 3 行“身份证号”：…). Keys the form does not have are errors too.
// form is expected to have passed (*Doc).Validate.
func ValidateValues(form []Field, values map[string]any) (map[string]any, error) {
	c := &valueChecker{}
	out := c.object(form, values, "form.", func(f Field) string { return "“" + f.Label + "”" })
	if len(c.list) > 0 || c.omitted > 0 {
		return nil, &FormErrors{List: c.list, Omitted: c.omitted}
	}
	return out, nil
}

// valueChecker collects the problems of one submission.
type valueChecker struct {
	list    []FormError
	omitted int
}

func (c *valueChecker) add(path, place, reason string) {
	if len(c.list) >= maxFormErrors {
		c.omitted++
		return
	}
	c.list = append(c.list, FormError{Path: path, Label: place, Reason: reason, Message: place + "：" + reason})
}

// object checks the values of one level (the form, or one table row)
// against its fields; place names a field in words.
func (c *valueChecker) object(fields []Field, in map[string]any, prefix string, place func(Field) string) map[string]any {
	out := make(map[string]any, len(fields))
	known := make(map[string]bool, len(fields))
	for _, f := range fields {
		known[f.Key] = true
		if v, ok := c.value(f, in[f.Key], prefix+f.Key, place(f)); ok {
			out[f.Key] = v
		}
	}
	var unknown []string
	for k := range in {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		k = printable(k)
		c.add(prefix+k, "“"+k+"”", "申请表中没有这一项，请删除")
	}
	return out
}

// value checks one field's value; ok is false when there is nothing to
// keep (blank, or wrong).
func (c *valueChecker) value(f Field, v any, path, place string) (any, bool) {
	if f.Type == FieldTable {
		return c.table(f, v, path, place)
	}
	if blank(v) {
		if f.Required {
			c.add(path, place, "此项为必填项")
		}
		return nil, false
	}
	if f.Type == FieldNumber {
		n, reason := number(f, v)
		if reason != "" {
			c.add(path, place, reason)
			return nil, false
		}
		return n, true
	}
	s, isString := v.(string)
	if !isString {
		c.add(path, place, "应填写为文字，不能是数字、是非值或列表")
		return nil, false
	}
	s, err := scalar(f, s, path)
	if err != nil {
		c.add(path, place, errs.MessageOf(err))
		return nil, false
	}
	return s, true
}

// scalar checks and normalises a non-blank text value of every type but
// number and table.
func scalar(f Field, s, path string) (string, error) {
	switch f.Type {
	case FieldText:
		return validate.Text(path, s, or0(f.MaxLength, DefaultTextLength), true)
	case FieldAddress:
		return validate.Text(path, s, or0(f.MaxLength, DefaultAddressLength), true)
	case FieldSelect:
		s = strings.TrimSpace(s)
		if !slices.Contains(f.Options, s) {
			return "", errs.Field(path, "请从选项中选择：%s", options(f.Options))
		}
		return s, nil
	case FieldDate:
		return date(path, s)
	case FieldRegion:
		s = strings.TrimSpace(s)
		if _, err := validate.RegionCode(path, s); err != nil {
			return "", err
		}
		return s, nil
	case FieldIDNumber:
		id, err := validate.IDNumber(path, s)
		return id.Number, err
	case FieldCreditCode:
		return validate.CreditCode(path, s)
	case FieldPhone:
		return validate.Phone(path, s)
	}
	return "", errs.Field(path, "字段类型 %q 无法填写", clip(f.Type))
}

// table checks the rows of a table field, each against the columns.
func (c *valueChecker) table(f Field, v any, path, place string) (any, bool) {
	var rows []any
	switch x := v.(type) {
	case nil:
	case []any:
		rows = x
	case []map[string]any:
		for _, r := range x {
			rows = append(rows, r)
		}
	default:
		c.add(path, place, "应为表格的若干行（数组）")
		return nil, false
	}
	max := or0(f.MaxRows, DefaultMaxRows)
	if len(rows) > max {
		c.add(path, place, fmt.Sprintf("最多填写 %d 行（当前 %d 行）", max, len(rows)))
		rows = rows[:max]
	}
	out := make([]any, 0, len(rows))
	for i, r := range rows {
		rowPath := fmt.Sprintf("%s[%d]", path, i)
		rowPlace := fmt.Sprintf("%s第 %d 行", place, i+1)
		m, ok := r.(map[string]any)
		if !ok {
			c.add(rowPath, rowPlace, "格式不正确，每一行应为一个对象")
			continue
		}
		if blankRow(m) {
			continue // an empty row of the page's spare rows says nothing
		}
		before := len(c.list) + c.omitted
		row := c.object(f.Columns, m, rowPath+".", func(col Field) string { return rowPlace + "“" + col.Label + "”" })
		if len(c.list)+c.omitted == before {
			out = append(out, row)
		}
	}
	if len(out) == 0 {
		if f.Required && !hasPrefix(c.list, path) {
			c.add(path, place, "请至少填写一行")
		}
		return nil, false
	}
	return out, true
}

// number reads a JSON number or a numeric string and checks its range.
func number(f Field, v any) (float64, string) {
	var n float64
	switch x := v.(type) {
	case float64:
		n = x
	case float32:
		n = float64(x)
	case int:
		n = float64(x)
	case int64:
		n = float64(x)
	case json.Number:
		return number(f, x.String())
	case string:
		s := strings.TrimSpace(x)
		if !numberRE.MatchString(s) {
			return 0, "应填写数字，如 12 或 3.5"
		}
		var err error
		if n, err = strconv.ParseFloat(s, 64); err != nil {
			return 0, "数字太大，请核对"
		}
	default:
		return 0, "应填写数字，如 12 或 3.5"
	}
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, "应填写数字，如 12 或 3.5"
	}
	switch {
	case f.Min != nil && f.Max != nil && (n < *f.Min || n > *f.Max):
		return 0, fmt.Sprintf("应在 %s 到 %s 之间", fnum(*f.Min), fnum(*f.Max))
	case f.Min != nil && n < *f.Min:
		return 0, fmt.Sprintf("不能小于 %s", fnum(*f.Min))
	case f.Max != nil && n > *f.Max:
		return 0, fmt.Sprintf("不能大于 %s", fnum(*f.Max))
	}
	return n, ""
}

// date checks a calendar date written YYYY-MM-DD.
func date(path, s string) (string, error) {
	s = strings.TrimSpace(s)
	if !dateRE.MatchString(s) {
		return "", errs.Field(path, "日期应写成“年-月-日”，如 2026-05-01")
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return "", errs.Field(path, "%s 不是有效日期，请核对月份和日", s)
	}
	if t.Year() < 1900 || t.Year() > 2100 {
		return "", errs.Field(path, "日期应在 1900 年到 2100 年之间")
	}
	return s, nil
}

// blank reports a value that says nothing: absent, null or white space.
func blank(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	}
	return false
}

func blankRow(m map[string]any) bool {
	for _, v := range m {
		if !blank(v) {
			return false
		}
	}
	return true
}

// hasPrefix reports whether some problem lies at or under path.
func hasPrefix(list []FormError, path string) bool {
	for _, e := range list {
		if e.Path == path || strings.HasPrefix(e.Path, path+"[") {
			return true
		}
	}
	return false
}

func or0(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// fnum writes a limit the way a person would (10, not 10.000000).
func fnum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// options lists a select's choices for a message, the first ten of many.
func options(opts []string) string {
	if len(opts) > 10 {
		return strings.Join(opts[:10], "、") + fmt.Sprintf(" 等 %d 项", len(opts))
	}
	return strings.Join(opts, "、")
}

// printable makes an unknown key safe to show and to use in a path: at
// most 40 characters, control and direction characters dropped.
func printable(k string) string {
	k = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(k, ""))
	if r := []rune(k); len(r) > 40 {
		k = string(r[:40]) + "…"
	}
	if k == "" {
		k = "（空）"
	}
	return k
}
