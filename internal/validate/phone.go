package validate

import (
	"strings"

	"github.com/onewindow/onewindow/internal/errs"
)

// Mobile checks a mainland mobile number and returns its 11 digits. A country
// code (+86, 0086, 86) and spaces, dashes or parentheses are accepted and
// dropped, because that is how numbers are copied from contact cards.
func Mobile(field, s string) (string, error) {
	s = strings.TrimSpace(foldWidth(s))
	if s == "" {
		return "", errs.Field(field, "请填写手机号码")
	}
	m, ok := parseMobile(s)
	if !ok {
		return "", errs.Field(field, "手机号码应为 11 位数字，以 13–19 开头")
	}
	return m, nil
}

// Phone checks a contact number that may be a mobile or a landline; 12345
// callers and village stations often have only a landline. A mobile comes
// back as 11 digits; a landline as "0887-8221234", with "-123" appended for
// an extension. The area code is required, since a local number alone cannot
// be called back from another city.
func Phone(field, s string) (string, error) {
	s = strings.TrimSpace(foldWidth(s))
	if s == "" {
		return "", errs.Field(field, "请填写联系电话")
	}
	if m, ok := parseMobile(s); ok {
		return m, nil
	}
	if l, ok := parseLandline(s); ok {
		return l, nil
	}
	return "", errs.Field(field, "联系电话应为 11 位手机号码，或带区号的固定电话（如 0887-8221234，分机号可写在后面，如 0887-8221234-123）")
}

// phoneSeparator reports whether r may stand between digit groups of a number.
func phoneSeparator(r rune) bool {
	switch r {
	case ' ', '-', '(', ')', '.', '/', '\t', '\u3000', '—', '–', '（', '）':
		return true
	}
	return false
}

// stripCountry removes a leading +86 or 0086 and reports whether it did.
func stripCountry(s string) (string, bool) {
	s = strings.TrimLeft(s, " (")
	switch {
	case strings.HasPrefix(s, "+86"):
		return s[3:], true
	case strings.HasPrefix(s, "0086"):
		return s[4:], true
	}
	return s, false
}

// parseMobile returns the 11 digits of a mobile number written in s.
func parseMobile(s string) (string, bool) {
	s, _ = stripCountry(s)
	var d []byte
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, byte(r))
		case phoneSeparator(r):
		default:
			return "", false
		}
	}
	if len(d) == 13 && d[0] == '8' && d[1] == '6' {
		d = d[2:]
	}
	if len(d) != 11 || d[0] != '1' || d[1] < '3' {
		return "", false
	}
	return string(d), true
}

// extMarkers introduce an extension; "-" after the local number does too
// (handled in parseLandline).
var extMarkers = []string{"转", "分机", "ext.", "ext", "EXT", "Ext", "x", "X", "#", ",", "，"}

// parseLandline returns a landline in the form AREA-LOCAL[-EXT].
func parseLandline(s string) (string, bool) {
	main, ext := s, ""
	for _, m := range extMarkers {
		if i := strings.Index(s, m); i > 0 {
			main, ext = s[:i], strings.Trim(s[i+len(m):], " -:：")
			if ext == "" || len(ext) > 6 || !allDigits(ext) {
				return "", false
			}
			break
		}
	}
	main, intl := stripCountry(main)
	var groups []string
	for _, g := range strings.FieldsFunc(main, phoneSeparator) {
		if !allDigits(g) {
			return "", false
		}
		groups = append(groups, g)
	}
	if intl {
		// +86 (0)887 8221234 and +86 887 8221234 both mean 0887-8221234.
		if len(groups) > 1 && groups[0] == "0" {
			groups = groups[1:]
		}
		if len(groups) > 0 && groups[0][0] != '0' {
			groups[0] = "0" + groups[0]
		}
	}
	if len(groups) == 0 {
		return "", false
	}
	var area, local string
	if len(groups) >= 2 && len(groups[0]) == areaLen(groups[0]) {
		// The caller separated the area code: trust the grouping, which is
		// also the only way to tell "0887-8221234-5" (extension 5) apart.
		area = groups[0]
		rest := groups[1:]
		if ext == "" && len(rest) == 2 && validLocal(area, rest[0]) {
			local, ext = rest[0], rest[1]
			if len(ext) > 6 {
				return "", false
			}
		} else {
			local = strings.Join(rest, "")
		}
	} else {
		all := strings.Join(groups, "")
		n := areaLen(all)
		if n == 0 || len(all) <= n {
			return "", false
		}
		area, local = all[:n], all[n:]
	}
	if !validArea(area) || !validLocal(area, local) {
		return "", false
	}
	out := area + "-" + local
	if ext != "" {
		out += "-" + ext
	}
	return out, true
}

// areaLen is the length of the area code at the start of d: 010 and 02x are
// three digits long (Beijing, and the large cities on 02x), every other
// mainland area code four (0887 迪庆). It is 0 when d cannot start one.
func areaLen(d string) int {
	switch {
	case len(d) < 3 || d[0] != '0':
		return 0
	case d[1] == '1' || d[1] == '2':
		return 3
	}
	return 4
}

// validArea reports whether a is a plausible area code: 010, 02x or 0[3-9]xx.
func validArea(a string) bool {
	switch {
	case len(a) == 3:
		return a == "010" || a[1] == '2'
	case len(a) == 4:
		return a[0] == '0' && a[1] >= '3' && a[1] <= '9'
	}
	return false
}

// validLocal reports whether l is a subscriber number for area a: 8 digits
// under a three-digit area code, 7 or 8 elsewhere; subscriber numbers never
// start with 0 (trunk prefix) or 1 (service numbers).
func validLocal(a, l string) bool {
	if !allDigits(l) || l[0] < '2' {
		return false
	}
	if len(a) == 3 {
		return len(l) == 8
	}
	return len(l) == 7 || len(l) == 8
}
