package validate

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/errs"
)

// ErrCreditCodeCheck is wrapped by the error CreditCode returns when a
// 统一社会信用代码 is well formed except for its check character. Most such
// codes are typos, but a few early codes from pilot areas really are like
// that and are still legal, so callers test for it with errors.Is to point the
// applicant to a window, where a clerk can accept the code through
// CreditCodeConfirmed after comparing it with the licence.
var ErrCreditCodeCheck = errors.New("统一社会信用代码校验码不符")

// creditChars is the GB 32100 character set in value order (0–30): digits and
// upper-case letters without I, O, S, V, Z.
const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are 3^i mod 31 for positions 1–17 (ISO 7064 MOD 31-3).
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditCategories maps each 登记管理部门代码 (1st character) to the
// 机构类别代码 (2nd character) it may be followed by, as the national code
// centre publishes the GB 32100 table:
//
//	1 机构编制: 1 机关, 2 事业单位, 3 中央编办直接管理机构编制的群众团体, 9 其他
//	2 外交: 1 外国常驻新闻机构, 9 其他
//	3 司法行政: 1 律师执业机构, 2 公证处, 3 基层法律服务所, 4 司法鉴定机构, 5 仲裁委员会, 9 其他
//	4 文化: 1 外国在华文化中心, 9 其他
//	5 民政: 1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他
//	6 旅游: 1 外国旅游部门常驻代表机构, 2 港澳台地区旅游部门常驻内地（大陆）代表机构, 9 其他
//	7 宗教: 1 宗教活动场所, 2 宗教院校, 9 其他
//	8 工会: 1 基层工会, 9 其他
//	9 工商（市场监管）: 1 企业, 2 个体工商户, 3 农民专业合作社
//	A 中央军委改革和编制办公室: 1 军队事业单位, 9 其他
//	N 农业农村: 1 组级, 2 村级, 3 乡镇级集体经济组织, 9 其他
//	Y 其他: 1 (not subdivided)
var creditCategories = map[byte]string{
	'1': "1239", '2': "19", '3': "123459", '4': "19", '5': "1239", '6': "129",
	'7': "129", '8': "19", '9': "123", 'A': "19", 'N': "1239", 'Y': "1",
}

// creditValue is the value of a character in creditChars, or -1.
func creditValue(c byte) int {
	return strings.IndexByte(creditChars, c)
}

// creditCheck computes the check character of the 17-character body, whose
// characters are all in creditChars.
func creditCheck(body string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += creditValue(body[i]) * creditWeights[i]
	}
	return creditChars[(31-sum%31)%31]
}

// CreditCode checks a 统一社会信用代码 (GB 32100-2015) and returns it
// normalised (spaces removed, upper case). When only the check character is
// wrong the error wraps ErrCreditCodeCheck (see there).
func CreditCode(field, s string) (string, error) {
	code, err := parseCreditCode(field, s)
	if err != nil {
		return "", err
	}
	if creditCheck(code) != code[17] {
		return "", &errs.Error{
			Code:  errs.Invalid,
			Field: field,
			Message: "统一社会信用代码校验码（第 18 位）与前 17 位不符，请先核对是否输入有误。" +
				"如与营业执照（登记证书）上的代码完全一致（少数早期试点地区发放的代码属于这种情况），" +
				"网上无法受理，请携带证照原件到政务服务窗口办理，由工作人员核对后登记",
			Err: ErrCreditCodeCheck,
		}
	}
	return code, nil
}

// CreditCodeConfirmed is CreditCode for the window: a clerk who has compared
// the code with the licence may accept a code whose only fault is its check
// character. Every other rule still applies. The caller audits the
// confirmation.
func CreditCodeConfirmed(field, s string) (string, error) {
	return parseCreditCode(field, s)
}

// parseCreditCode applies every rule but the check character.
func parseCreditCode(field, s string) (string, error) {
	s = dropSpaces(strings.TrimSpace(foldWidth(s)))
	if s == "" {
		return "", errs.Field(field, "请填写统一社会信用代码")
	}
	s = asciiUpper(s)
	if len(s) == 15 && allDigits(s) {
		return "", errs.Field(field, "请填写 18 位统一社会信用代码（15 位工商注册号已停止使用，请查看营业执照上的统一社会信用代码）")
	}
	if n := utf8.RuneCountInString(s); n != 18 || len(s) != 18 {
		return "", errs.Field(field, "统一社会信用代码应为 18 位，当前为 %d 位", n)
	}
	for i := 0; i < 18; i++ {
		if creditValue(s[i]) < 0 {
			return "", errs.Field(field, "统一社会信用代码第 %d 位%s不是有效字符：代码由数字和大写字母组成，不含 I、O、S、V、Z（请检查是否把数字 0、1 写成了字母 O、I）", i+1, quoteASCII(s[i]))
		}
	}
	cats, ok := creditCategories[s[0]]
	if !ok {
		return "", errs.Field(field, "统一社会信用代码第 1 位（登记管理部门代码）%s无效，请核对", quoteASCII(s[0]))
	}
	if strings.IndexByte(cats, s[1]) < 0 {
		return "", errs.Field(field, "统一社会信用代码第 2 位（机构类别代码）%s与第 1 位登记管理部门不对应，请核对", quoteASCII(s[1]))
	}
	if !allDigits(s[2:8]) {
		return "", errs.Field(field, "统一社会信用代码第 3–8 位（登记管理机关行政区划码）应为数字")
	}
	return s, nil
}

// MakeCreditCode appends the check character to a 17-character body (for demo
// data and tests). It panics when the body is not 17 characters of the GB
// 32100 set, as a programming error; it does not check the other rules.
func MakeCreditCode(prefix17 string) string {
	if len(prefix17) != 17 {
		panic(fmt.Sprintf("validate.MakeCreditCode: %q is not 17 characters", prefix17))
	}
	for i := 0; i < 17; i++ {
		if creditValue(prefix17[i]) < 0 {
			panic(fmt.Sprintf("validate.MakeCreditCode: %q has a character outside the GB 32100 set", prefix17))
		}
	}
	return prefix17 + string(creditCheck(prefix17))
}
