package workcal

import (
	"time"

	"github.com/onewindow/onewindow/internal/errs"
)

// Date is a civil date: a day on the wall calendar, with no time of day and
// no zone. Deadlines are counted in whole days, so a time.Time (which brings
// zones and daylight rules) would only invite off-by-one errors. The zero
// Date is 0001-01-01, like the zero time.Time. Dates compare with ==.
type Date struct {
	n int32 // days since 0001-01-01 (proleptic Gregorian)
}

// unixEpochDay is 1970-01-01 counted from 0001-01-01.
const unixEpochDay = 719162

// China is Beijing time; "today" for a deadline is the date in China.
var China = time.FixedZone("CST", 8*3600)

// NewDate returns the date y-m-d, normalising out-of-range months and days
// the way time.Date does (2026-02-30 is 2026-03-02).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	return Date{n: int32(u/86400 + unixEpochDay)}
}

// Today returns the date in China at instant now.
func Today(now time.Time) Date { return DateOf(now.In(China)) }

// ParseDate reads a strict 'YYYY-MM-DD' date; errors name the field "date".
func ParseDate(s string) (Date, error) { return ParseDateField("date", s) }

// ParseDateField reads a strict 'YYYY-MM-DD' date; errors are Invalid and
// name field, so an HTTP handler can pass its parameter name.
func ParseDateField(field, s string) (Date, error) {
	bad := errs.Field(field, "日期“%s”格式有误，应为 YYYY-MM-DD，例如 2026-10-08", clip(s, 20))
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, bad
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 {
		return Date{}, bad
	}
	t := NewDate(y, time.Month(m), d)
	if t.Day() != d {
		return Date{}, errs.Field(field, "日期 %s 不存在（%d 年 %d 月没有 %d 日）", s, y, m, d)
	}
	return t, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// clip shortens untrusted input quoted back in a message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time {
	return time.Unix(int64(d.n-unixEpochDay)*86400, 0).UTC()
}

// YMD returns year, month and day.
func (d Date) YMD() (int, time.Month, int) { return d.Time().Date() }

// Year returns the year.
func (d Date) Year() int { y, _, _ := d.YMD(); return y }

// Month returns the month.
func (d Date) Month() time.Month { _, m, _ := d.YMD(); return m }

// Day returns the day of the month.
func (d Date) Day() int { _, _, dd := d.YMD(); return dd }

// Weekday returns the day of the week (0001-01-01 was a Monday).
func (d Date) Weekday() time.Weekday { return time.Weekday(((int64(d.n)+1)%7 + 7) % 7) }

// IsWeekend reports Saturday or Sunday.
func (d Date) IsWeekend() bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// AddDays returns the date n calendar days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return Date{n: d.n + int32(n)} }

// Sub returns the number of calendar days from e to d.
func (d Date) Sub(e Date) int { return int(d.n - e.n) }

// Before reports d < e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports d > e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Compare returns -1, 0 or +1 (for slices.SortFunc).
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// IsZero reports the zero Date.
func (d Date) IsZero() bool { return d.n == 0 }

// String formats 'YYYY-MM-DD', the form stored in the database and the API.
func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// short formats 'MM-DD' for explanations within one year.
func (d Date) short() string { return d.Time().Format("01-02") }

// MarshalText encodes 'YYYY-MM-DD' (JSON strings, form values).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes 'YYYY-MM-DD'.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
