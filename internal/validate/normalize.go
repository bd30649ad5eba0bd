package validate

import (
	"strings"
	"unicode/utf8"
)

// foldWidth turns full-width ASCII forms (U+FF01–U+FF5E) into ASCII and the
// ideographic space into a space. A phone keyboard in Chinese input mode types
// "１３８１２３４５６７８" or "０８８７－８２２１２３４"; to the person typing, that is
// the same number, so refusing it would only be unkind.
func foldWidth(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dropSpaces removes ASCII and ideographic spaces anywhere in s: numbers are
// often typed in groups ("5334 2119 9001 0112 34") to keep one's place.
func dropSpaces(s string) string {
	if !strings.ContainsAny(s, " \t\u3000") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

// asciiUpper upper-cases ASCII letters only. strings.ToUpper would also turn
// "ſ" into "S" and "ı" into "I", letting look-alike characters through.
func asciiUpper(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// asciiLower lower-cases ASCII letters only (strings.ToLower maps the Kelvin
// sign "K" to "k").
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r - 'A' + 'a'
		}
		return r
	}, s)
}

// quoteASCII shows a printable ASCII character in Chinese quotes for a
// message, or nothing for anything else (control bytes must not reach a page).
func quoteASCII(c byte) string {
	if c > ' ' && c < 0x7f {
		return "“" + string(c) + "”"
	}
	return ""
}
