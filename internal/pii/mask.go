package pii

import (
	"strings"
	"unicode/utf8"
)

// The masks follow GB/T 35273's de-identification practice for display: keep
// just enough for a person to recognise their own record or a clerk to
// confirm a caller ("the number ending 1234"), hide the rest. They work on
// runes, never panic, and always return valid UTF-8, whatever they are given;
// a value not in its normalised form falls back to showing at most its last
// few characters.

// MaskIDNumber shows the first 4 (the prefecture) and last 4 characters of an
// ID number: 533421199001011234 → 5334**********1234. 15-digit numbers keep
// the same ends with 7 stars.
func MaskIDNumber(s string) string {
	r := []rune(s)
	if n := len(r); n == 18 || n == 15 {
		return string(r[:4]) + stars(n-8) + string(r[n-4:])
	}
	return maskFallback(r)
}

// MaskPhone masks a mobile as 138****5678 and a landline as 0887-***1234
// (area code and extension kept: they identify an office, not a person).
func MaskPhone(s string) string {
	if len(s) == 11 && s[0] == '1' && digits(s) {
		return s[:3] + "****" + s[7:]
	}
	if parts := strings.Split(s, "-"); s != "" && s[0] == '0' && len(parts) >= 2 && len(parts) <= 3 {
		local := parts[1]
		if digits(parts[0]) && digits(local) && len(local) >= 7 && (len(parts) == 2 || digits(parts[2])) {
			out := parts[0] + "-" + stars(len(local)-4) + local[len(local)-4:]
			if len(parts) == 3 {
				out += "-" + parts[2]
			}
			return out
		}
	}
	return maskFallback([]rune(s))
}

// MaskName keeps the first character and stars the rest, one star per
// character: 张三 → 张*, 欧阳娜娜 → 欧***, 扎西·多吉 → 扎****. The first character
// is usually the surname, enough for a clerk calling a name in the hall; a
// one-character name becomes "*".
func MaskName(s string) string {
	n := utf8.RuneCountInString(s)
	switch n {
	case 0:
		return ""
	case 1:
		return "*"
	}
	first, _ := utf8.DecodeRuneInString(s)
	return string(first) + stars(n-1)
}

// maskFallback stars everything but the last min(4, n/3) runes.
func maskFallback(r []rune) string {
	keep := min(4, len(r)/3)
	return stars(len(r)-keep) + string(r[len(r)-keep:])
}

func stars(n int) string { return strings.Repeat("*", n) }

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
