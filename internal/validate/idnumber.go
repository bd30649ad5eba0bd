package validate

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/errs"
)

// CitizenID is a checked 公民身份号码 (GB 11643-1999), what IDNumber returns.
// (It cannot share the validator's name in Go.)
type CitizenID struct {
	Number string    // 18 characters; a check character X is upper-case
	Birth  time.Time // the birth date, at midnight UTC (a date, not an instant)
	Male   bool      // the 17th digit is odd for men, even for women
	Area   string    // digits 1–6: where the number was issued, possibly a division abolished since
}

// idProvinces are the province-level codes a 公民身份号码 may start with:
// the 34 provincial divisions of GB/T 2260 (71 台湾省, 81 香港, 82 澳门) and 83,
// which the 台湾居民居住证 uses (港澳居民居住证 use 81 and 82).
var idProvinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

// idWeights and idCheckChars are ISO 7064 MOD 11-2 as GB 11643 applies it.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// idEarliest is the earliest birth date accepted; anything before is a typo.
var idEarliest = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// chinaZone is Beijing time, in which "today" is judged for birth dates.
var chinaZone = time.FixedZone("CST", 8*3600)

// now is the clock; tests replace it.
var now = time.Now

// idCheck computes the check character of the 17-digit body.
func idCheck(body string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// IDNumber checks a 公民身份号码 and returns it
// normalised (spaces removed, full-width digits folded, x → X) with the facts
// it carries. The area digits are not checked against the region table (see
// the package comment); 15-digit numbers of the first generation are refused
// with a request for the 18-digit number, which every holder has had since
// the second-generation card.
func IDNumber(field, s string) (CitizenID, error) {
	s = dropSpaces(strings.TrimSpace(foldWidth(s)))
	if s == "" {
		return CitizenID{}, errs.Field(field, "请填写公民身份号码")
	}
	if len(s) == 15 && allDigits(s) {
		return CitizenID{}, errs.Field(field, "请填写 18 位公民身份号码（15 位旧号码已停止使用，可在身份证上查到 18 位号码）")
	}
	if len(s) != 18 {
		return CitizenID{}, errs.Field(field, "公民身份号码应为 18 位，当前为 %d 位", utf8.RuneCountInString(s))
	}
	if !allDigits(s[:17]) {
		return CitizenID{}, errs.Field(field, "公民身份号码前 17 位应全部为数字")
	}
	last := s[17]
	if last == 'x' {
		last = 'X'
		s = s[:17] + "X"
	}
	if (last < '0' || last > '9') && last != 'X' {
		return CitizenID{}, errs.Field(field, "公民身份号码最后一位应为数字或字母 X")
	}
	if !idProvinces[s[:2]] {
		return CitizenID{}, errs.Field(field, "公民身份号码前两位不是有效的省级行政区划代码，请核对")
	}
	birth, ok := idBirth(s[6:14])
	if !ok {
		return CitizenID{}, errs.Field(field, "公民身份号码第 7–14 位（出生日期）不是有效日期，请核对")
	}
	if birth.Before(idEarliest) {
		return CitizenID{}, errs.Field(field, "公民身份号码中的出生日期早于 1900 年，请核对")
	}
	t := now().In(chinaZone)
	if birth.After(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)) {
		return CitizenID{}, errs.Field(field, "公民身份号码中的出生日期晚于今天，请核对")
	}
	if idCheck(s) != last {
		return CitizenID{}, errs.Field(field, "公民身份号码校验位错误，请核对最后一位")
	}
	return CitizenID{
		Number: s,
		Birth:  birth,
		Male:   (s[16]-'0')%2 == 1,
		Area:   s[:6],
	}, nil
}

// idBirth parses YYYYMMDD (already known to be digits) as a real calendar date.
func idBirth(s string) (time.Time, bool) {
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[4:6])
	d, _ := strconv.Atoi(s[6:8])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	// time.Date normalises 0230 to 0302; a real date survives unchanged.
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// MakeIDNumber builds a 公民身份号码 with a correct check digit from a 6-digit
// area code, a birth date (its calendar date in its own location) and a
// sequence number 0–999 (odd for men). It is for demo data and tests, so it
// panics on arguments that cannot form a number, as a programming error.
func MakeIDNumber(area string, birth time.Time, seq int) string {
	if len(area) != 6 || !allDigits(area) {
		panic(fmt.Sprintf("validate.MakeIDNumber: area %q is not 6 digits", area))
	}
	if seq < 0 || seq > 999 {
		panic(fmt.Sprintf("validate.MakeIDNumber: sequence %d is not in 0–999", seq))
	}
	if birth.Year() < 1000 || birth.Year() > 9999 {
		panic(fmt.Sprintf("validate.MakeIDNumber: birth year %d is not 4 digits", birth.Year()))
	}
	body := area + birth.Format("20060102") + fmt.Sprintf("%03d", seq)
	return body + string(idCheck(body))
}
