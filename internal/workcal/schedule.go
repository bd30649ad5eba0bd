package workcal

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/errs"
)

// Kind says whether a special day is off or on.
type Kind string

// The kinds of special day.
const (
	Holiday Kind = "holiday" // 放假: no work, even on a weekday
	Workday Kind = "workday" // 调休上班 / 上班: work, even on a weekend
)

// Label is the Chinese word for the kind.
func (k Kind) Label() string {
	switch k {
	case Holiday:
		return "放假"
	case Workday:
		return "上班"
	}
	return string(k)
}

// The dates the calendar supports. Deadlines never reach further; the
// bound keeps the precomputed day bitsets small (about 11 KB each).
const (
	MinYear = 1950
	MaxYear = 2199
)

// maxNameLen caps a holiday name; the longest real one is 国庆节、中秋节调休.
const maxNameLen = 40

// maxRunDays caps one line's range: the longest national break so far was
// ten days (2020, extended Spring Festival), so a longer range is a typo.
const maxRunDays = 31

// Entry is one special day of a national schedule.
type Entry struct {
	Date Date   `json:"date"`
	Kind Kind   `json:"kind"`
	Name string `json:"name"` // 元旦, 春节调休 …
}

// Schedule is one year's national schedule: the holidays and make-up
// workdays of the State Council's notice. Every other day follows the week
// (Monday–Friday work). Days are sorted by date, one entry per date.
type Schedule struct {
	Year   int     `json:"year"`
	Notice string  `json:"notice"` // the notice it follows, e.g. 国办发明电〔2025〕7号
	Days   []Entry `json:"days"`
}

// Counts returns the number of holiday and make-up workday entries.
func (s Schedule) Counts() (holidays, workdays int) {
	for _, e := range s.Days {
		if e.Kind == Holiday {
			holidays++
		} else {
			workdays++
		}
	}
	return holidays, workdays
}

// Validate checks a schedule that did not come through ParseSchedule (an
// admin form, the database) with the same rules. Errors name the field.
func (s Schedule) Validate() error {
	if s.Year < MinYear || s.Year > MaxYear {
		return errs.Field("year", "年份应在 %d 到 %d 之间", MinYear, MaxYear)
	}
	if utf8.RuneCountInString(s.Notice) > 200 {
		return errs.Field("notice", "通知文号不能超过 200 个字")
	}
	if len(s.Days) == 0 {
		return errs.Field("days", "%d 年的安排中没有任何放假或调休上班日", s.Year)
	}
	for i, e := range s.Days {
		if err := checkEntry(s.Year, e); err != "" {
			return errs.Field("days", "%s", err)
		}
		if i > 0 && !s.Days[i-1].Date.Before(e.Date) {
			if s.Days[i-1].Date == e.Date {
				return errs.Field("days", "日期 %s 出现了两次", e.Date)
			}
			return errs.Field("days", "安排应按日期先后排列（%s 排在 %s 之后）", e.Date, s.Days[i-1].Date)
		}
	}
	return nil
}

// checkEntry returns a message for the first rule e breaks, or "".
func checkEntry(year int, e Entry) string {
	if e.Kind != Holiday && e.Kind != Workday {
		return fmt.Sprintf("未知的类型“%s”，应为 holiday（放假）或 workday（调休上班）", clip(string(e.Kind), 20))
	}
	if e.Date.Year() != year {
		return fmt.Sprintf("日期 %s 不在 %d 年内（一个文件只能包含一年的安排）", e.Date, year)
	}
	if e.Kind == Workday && !e.Date.IsWeekend() {
		return fmt.Sprintf("调休上班日 %s 是%s，调休上班日只能是周六或周日", e.Date, weekdayCN[e.Date.Weekday()])
	}
	return checkName(e.Name)
}

// checkName returns a message when a day's name is empty, too long or has
// control characters (it is shown in pages and explanations).
func checkName(name string) string {
	if name == "" {
		return "缺少名称（例如 春节、春节调休）"
	}
	if utf8.RuneCountInString(name) > maxNameLen {
		return fmt.Sprintf("名称不能超过 %d 个字", maxNameLen)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return "名称中含有不可见的控制字符"
		}
	}
	return ""
}

var weekdayCN = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// Format renders the schedule in the file format ParseSchedule reads, runs
// of consecutive days with the same kind and name on one line. It is how a
// year is exported and shown to admins.
func (s Schedule) Format() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %d 年全国节假日安排\nyear %d\n", s.Year, s.Year)
	if s.Notice != "" {
		fmt.Fprintf(&b, "notice %s\n", s.Notice)
	}
	for i := 0; i < len(s.Days); {
		j := i
		for j+1 < len(s.Days) && s.Days[j+1].Kind == s.Days[i].Kind && s.Days[j+1].Name == s.Days[i].Name &&
			s.Days[j+1].Date == s.Days[j].Date.AddDays(1) {
			j++
		}
		span := s.Days[i].Date.String()
		if j > i {
			span += ".." + s.Days[j].Date.String()
		}
		fmt.Fprintf(&b, "%s %s %s\n", s.Days[i].Kind, span, s.Days[i].Name)
		i = j + 1
	}
	return b.String()
}

// normalize sorts Days by date (files list them in any order).
func (s *Schedule) normalize() {
	slices.SortFunc(s.Days, func(a, b Entry) int { return a.Date.Compare(b.Date) })
}

// parseYear reads a 4-digit year within the supported range.
func parseYear(v string) (int, bool) {
	y, err := strconv.Atoi(v)
	return y, err == nil && len(v) == 4 && y >= MinYear && y <= MaxYear
}

// monthDay is used where a date needs no year for the reader.
func monthDay(d Date, year int) string {
	if d.Year() == year {
		return d.short()
	}
	return d.String()
}
