package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/errs"
)

// Username checks a login name: 3–32 characters, ASCII letters, digits,
// "_", "." and "-", starting with a letter. It is case-folded to lower case
// so that "Citizen1" and "citizen1" cannot be two accounts.
func Username(field, s string) (string, error) {
	s = asciiLower(strings.TrimSpace(s))
	if s == "" {
		return "", errs.Field(field, "请填写用户名")
	}
	ok := len(s) >= 3 && len(s) <= 32 && s[0] >= 'a' && s[0] <= 'z'
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
	}
	if !ok {
		return "", errs.Field(field, "用户名应为 3–32 位，以英文字母开头，只能包含英文字母、数字、下划线、点和连字符")
	}
	return s, nil
}

// nameDots are the characters people type for the 间隔号 in names such as
// 扎西·多吉 or 阿依古丽·买买提: they all become U+00B7, the form the public
// security registry uses, so that one person is not two spellings.
var nameDots = map[rune]bool{
	'\u00B7': true, // · middle dot (the standard form)
	'\u2022': true, // • bullet
	'\u2027': true, // ‧ hyphenation point
	'\u2219': true, // ∙ bullet operator
	'\u22C5': true, // ⋅ dot operator
	'\u30FB': true, // ・ katakana middle dot (Japanese IMEs)
	'\uFF65': true, // ･ half-width katakana middle dot
	'\u0387': true, // · Greek ano teleia
	'\u2E31': true, // ⸱ word separator middle dot
	'\u16EB': true, // ᛫ runic single punctuation
}

// maxNameRunes is the longest name accepted, in characters.
const maxNameRunes = 50

// PersonName checks a natural person's name: 1–50 characters of Chinese
// characters (any CJK extension, for rare name characters), the 间隔号 of
// minority and transliterated names, and Latin letters with spaces, "-",
// "'" and "." for foreigners. Dot variants become "·" ("." too when the name
// has Chinese characters), runs of spaces become one, and spaces between
// Chinese characters or around "·" are dropped ("张 三" → "张三").
func PersonName(field, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", errs.Field(field, "姓名包含无法识别的字符，请重新输入")
	}
	s = strings.TrimSpace(foldWidth(s))
	if utf8.RuneCountInString(s) > 4*maxNameRunes {
		return "", errs.Field(field, "姓名不能超过 %d 个字", maxNameRunes)
	}
	// Map spaces and dot variants, collapsing each run of spaces to one.
	in := make([]rune, 0, len(s))
	hasHan := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			hasHan = true
		case unicode.IsSpace(r):
			r = ' '
		case nameDots[r]:
			r = '·'
		}
		if r == ' ' && in[len(in)-1] == ' ' {
			continue // in is not empty: s starts with no space
		}
		in = append(in, r)
	}
	if hasHan {
		for i, r := range in {
			if r == '.' {
				in[i] = '·'
			}
		}
	}
	out := make([]rune, 0, len(in))
	for i, r := range in {
		// in has no leading, trailing or repeated spaces, so in[i+1] exists.
		if r == ' ' && dropNameSpace(out[len(out)-1], in[i+1]) {
			continue
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return "", errs.Field(field, "请填写姓名")
	}
	if len(out) > maxNameRunes {
		return "", errs.Field(field, "姓名不能超过 %d 个字", maxNameRunes)
	}
	for i, r := range out {
		prev := rune(0)
		if i > 0 {
			prev = out[i-1]
		}
		switch {
		case unicode.Is(unicode.Han, r), unicode.Is(unicode.Latin, r) && unicode.IsLetter(r):
		case unicode.Is(unicode.Mn, r) && unicode.Is(unicode.Latin, prev):
			// a combining accent typed after a Latin letter (é as e + ◌́)
		case r == ' ':
		case r == '·' || r == '-' || r == '\'' || r == '.':
			if i == 0 || i == len(out)-1 && r != '.' || isNamePunct(prev) {
				return "", errs.Field(field, "姓名中的间隔号“·”或连字符只能出现在两个字之间")
			}
		default:
			return "", errs.Field(field, "姓名只能包含汉字、字母、空格和间隔号“·”，不能包含数字或符号")
		}
	}
	return string(out), nil
}

// isNamePunct reports the punctuation PersonName allows between letters.
func isNamePunct(r rune) bool {
	return r == '·' || r == '-' || r == '\'' || r == '.' || r == ' '
}

// dropNameSpace reports whether a space between prev and next is noise: next
// to a "·", or between two Chinese characters, where names have no spaces.
func dropNameSpace(prev, next rune) bool {
	return prev == '·' || next == '·' || unicode.Is(unicode.Han, prev) && unicode.Is(unicode.Han, next)
}

// Text checks free text such as a reason or a remark: valid UTF-8, trimmed,
// at most max characters (runes; max <= 0 means no limit), and no control
// characters but newline and tab. Line ends become "\n". Bidirectional
// override characters are refused too: they make a page show text other than
// what is stored ("Trojan Source"), which an audit trail cannot allow.
// An empty value is an error only when required.
func Text(field, s string, max int, required bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", errs.Field(field, "内容包含无法识别的字符编码，请重新输入")
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return "", errs.Field(field, "此项为必填项")
		}
		return "", nil
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) {
			return "", errs.Field(field, "内容不能包含控制字符")
		}
		if isBidiControl(r) {
			return "", errs.Field(field, "内容不能包含文字方向控制符")
		}
	}
	if n := utf8.RuneCountInString(s); max > 0 && n > max {
		return "", errs.Field(field, "内容不能超过 %d 个字（当前 %d 个）", max, n)
	}
	return s, nil
}

// isBidiControl reports the explicit directional embedding, override and
// isolate characters (U+202A–U+202E, U+2066–U+2069).
func isBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// OrgName checks the name of an organisation: one line of 2–100 characters,
// runs of white space collapsed to one space, and ASCII parentheses turned
// into the full-width ones that registered Chinese names use, so that
// "迪庆州某某有限公司(香格里拉)" and "迪庆州某某有限公司（香格里拉）" are one name.
func OrgName(field, s string) (string, error) {
	s, err := Text(field, s, 0, false)
	if err != nil {
		return "", err
	}
	s = strings.Join(strings.Fields(s), " ")
	s = strings.NewReplacer("(", "（", ")", "）").Replace(s)
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return "", errs.Field(field, "请填写单位名称")
	case n < 2:
		return "", errs.Field(field, "单位名称至少 2 个字")
	case n > 100:
		return "", errs.Field(field, "单位名称不能超过 100 个字")
	}
	return s, nil
}
