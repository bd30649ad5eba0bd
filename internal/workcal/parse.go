package workcal

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/onewindow/onewindow/internal/errs"
)

// maxFileSize caps an imported schedule file; a real one is about 1 KB.
const maxFileSize = 64 << 10

// ParseSchedule reads one year's national schedule in the line format the
// embedded data files use and `onewindow calendar import FILE` accepts:
//
//	# comment (ignored), blank lines ignored
//	year 2026
//	notice 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）
//	holiday 2026-01-01..2026-01-03 元旦
//	workday 2026-01-04 元旦调休
//
// A line is a kind (holiday/放假 or workday/上班/调休上班), a date or an
// inclusive range FROM..TO, and a name (the rest of the line). The year
// line is optional; without it the first date's year is the file's year.
// The file must hold exactly one year; every date lies in it; no date is
// listed twice (so none is both holiday and workday); ranges run forward;
// each make-up workday is a Saturday or Sunday. Errors are Invalid, name the
// field "file" and say the line number in Chinese.
func ParseSchedule(r io.Reader) (Schedule, error) {
	var s Schedule
	seen := map[Date]int{} // date → line it was first listed on
	lineErr := func(n int, format string, args ...any) error {
		return errs.Field("file", "第 %d 行：%s", n, fmt.Sprintf(format, args...))
	}
	sc := bufio.NewScanner(io.LimitReader(r, maxFileSize+1))
	sc.Buffer(make([]byte, 4096), 4096)
	n, size := 0, 0
	for sc.Scan() {
		n++
		raw := sc.Text()
		size += len(raw) + 1
		if size > maxFileSize {
			return Schedule{}, errs.E(errs.TooLarge, "放假安排文件过大（上限 %d KB）", maxFileSize>>10)
		}
		if n == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff") // a BOM from Windows editors
		}
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		word, rest := splitWord(line)
		switch word {
		case "year":
			y, ok := parseYear(rest)
			if !ok {
				return Schedule{}, lineErr(n, "年份“%s”无效，应为 %d 到 %d 之间的四位数字", clip(rest, 10), MinYear, MaxYear)
			}
			if s.Year != 0 {
				return Schedule{}, lineErr(n, "year 只能出现一次，且应写在所有日期之前")
			}
			s.Year = y
			continue
		case "notice":
			if s.Notice != "" {
				return Schedule{}, lineErr(n, "notice 只能出现一次")
			}
			if rest == "" {
				return Schedule{}, lineErr(n, "notice 后应写通知名称或文号")
			}
			if len([]rune(rest)) > 200 {
				return Schedule{}, lineErr(n, "通知文号不能超过 200 个字")
			}
			s.Notice = rest
			continue
		}
		kind, ok := kindWords[word]
		if !ok {
			return Schedule{}, lineErr(n, "无法识别“%s”，每行应以 holiday（放假）、workday（调休上班）、year 或 notice 开头", clip(word, 20))
		}
		span, name := splitWord(rest)
		from, to, err := parseSpan(span)
		if err != nil {
			return Schedule{}, lineErr(n, "%s", errs.MessageOf(err))
		}
		if s.Year == 0 {
			s.Year = from.Year()
			if s.Year < MinYear || s.Year > MaxYear {
				return Schedule{}, lineErr(n, "年份应在 %d 到 %d 之间", MinYear, MaxYear)
			}
		}
		for d := from; !d.After(to); d = d.AddDays(1) {
			e := Entry{Date: d, Kind: kind, Name: name}
			if msg := checkEntry(s.Year, e); msg != "" {
				return Schedule{}, lineErr(n, "%s", msg)
			}
			if first, dup := seen[d]; dup {
				return Schedule{}, lineErr(n, "日期 %s 已在第 %d 行列出，同一天不能既放假又上班，也不能重复", d, first)
			}
			seen[d] = n
			s.Days = append(s.Days, e)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return Schedule{}, errs.Field("file", "第 %d 行过长（每行不超过 4096 字节）", n+1)
		}
		return Schedule{}, errs.Wrap(err, errs.Malformed, "读取放假安排文件失败")
	}
	if len(s.Days) == 0 {
		return Schedule{}, errs.Field("file", "文件中没有任何放假（holiday）或调休上班（workday）安排")
	}
	s.normalize()
	return s, nil
}

// kindWords maps the first word of a line to its kind; the Chinese words
// let an admin type the notice's own terms.
var kindWords = map[string]Kind{
	"holiday": Holiday, "放假": Holiday,
	"workday": Workday, "上班": Workday, "调休上班": Workday,
}

// parseSpan reads "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD".
func parseSpan(span string) (from, to Date, err error) {
	a, b, isRange := strings.Cut(span, "..")
	if from, err = ParseDateField("file", a); err != nil {
		return
	}
	to = from
	if isRange {
		if to, err = ParseDateField("file", b); err != nil {
			return
		}
		if to.Before(from) {
			return from, to, errs.Field("file", "日期区间 %s 的结束日期早于开始日期", span)
		}
		if to.Sub(from) >= maxRunDays {
			return from, to, errs.Field("file", "日期区间 %s 超过 %d 天，请检查是否写错", span, maxRunDays)
		}
	}
	return from, to, nil
}

// splitWord splits off the first space- or tab-separated word.
func splitWord(s string) (word, rest string) {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i], strings.TrimSpace(s[i+1:])
	}
	return s, ""
}
