package workcal

import (
	"reflect"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/errs"
)

const sample2027 = "\ufeff# 测试用的 2027 年安排（不是真实通知）\r\n" + `
year 2027
notice 测试通知〔2026〕1号
放假 2027-01-01..2027-01-03 元旦
workday 2027-01-09 元旦调休
holiday	2027-02-05..2027-02-11   春节
`

func TestParseSchedule(t *testing.T) {
	s, err := ParseSchedule(strings.NewReader(sample2027))
	if err != nil {
		t.Fatal(err)
	}
	if s.Year != 2027 || s.Notice != "测试通知〔2026〕1号" || len(s.Days) != 11 {
		t.Fatalf("got %+v", s)
	}
	if s.Days[0] != (Entry{d("2027-01-01"), Holiday, "元旦"}) || s.Days[3] != (Entry{d("2027-01-09"), Workday, "元旦调休"}) {
		t.Fatalf("days %+v", s.Days[:4])
	}
	if h, w := s.Counts(); h != 10 || w != 1 {
		t.Fatalf("counts %d %d", h, w)
	}
	again, err := ParseSchedule(strings.NewReader(s.Format()))
	if err != nil || !reflect.DeepEqual(again, s) {
		t.Fatalf("Format does not round-trip: %v\n%s", err, s.Format())
	}
}

func TestParseScheduleErrors(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"empty", "# nothing\n\n", "没有任何放假"},
		{"unknown kind", "year 2027\nholidy 2027-01-01 元旦\n", "第 2 行：无法识别“holidy”"},
		{"bad date", "holiday 2027-02-30 x\n", "第 1 行：日期 2027-02-30 不存在"},
		{"other year", "year 2027\nholiday 2027-12-31..2028-01-01 元旦\n", "第 2 行：日期 2028-01-01 不在 2027 年内"},
		{"inferred year", "holiday 2027-01-01 元旦\nholiday 2028-01-01 元旦\n", "第 2 行：日期 2028-01-01 不在 2027 年内"},
		{"both kinds", "holiday 2027-02-06..2027-02-07 春节\nworkday 2027-02-07 春节调休\n", "第 2 行：日期 2027-02-07 已在第 1 行列出"},
		{"reversed", "holiday 2027-02-07..2027-02-05 春节\n", "第 1 行：日期区间 2027-02-07..2027-02-05 的结束日期早于开始日期"},
		{"too long", "holiday 2027-01-01..2027-03-01 春节\n", "超过 31 天"},
		{"weekday makeup", "workday 2027-01-04 元旦调休\n", "第 1 行：调休上班日 2027-01-04 是星期一"},
		{"no name", "holiday 2027-01-01\n", "第 1 行：缺少名称"},
		{"year twice", "year 2027\nyear 2027\n", "第 2 行：year 只能出现一次"},
		{"bad year", "year 27\n", "第 1 行：年份“27”无效"},
		{"notice twice", "notice a\nnotice b\n", "第 2 行：notice 只能出现一次"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseSchedule(strings.NewReader(c.text))
			if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != "file" || !strings.Contains(errs.MessageOf(err), c.want) {
				t.Fatalf("err = %v, want message containing %q", err, c.want)
			}
		})
	}
	if _, err := ParseSchedule(strings.NewReader(strings.Repeat("# padding line\n", 5000))); !errs.Is(err, errs.TooLarge) {
		t.Fatalf("large file: %v", err)
	}
	if _, err := ParseSchedule(strings.NewReader("# " + strings.Repeat("x", 5000) + "\n")); !errs.Is(err, errs.Invalid) {
		t.Fatalf("long line: %v", err)
	}
}

func TestScheduleValidate(t *testing.T) {
	ok := Schedule{Year: 2027, Days: []Entry{{d("2027-01-01"), Holiday, "元旦"}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []Schedule{
		{Year: 1800, Days: ok.Days},
		{Year: 2027},
		{Year: 2027, Days: []Entry{{d("2027-01-02"), Holiday, "a"}, {d("2027-01-01"), Holiday, "a"}}},
		{Year: 2027, Days: []Entry{{d("2027-01-01"), Holiday, "a"}, {d("2027-01-01"), Workday, "a"}}},
		{Year: 2027, Days: []Entry{{d("2027-01-01"), "off", "a"}}},
		{Year: 2027, Days: []Entry{{d("2027-01-01"), Holiday, "a\x00"}}},
		{Year: 2027, Days: []Entry{{d("2027-01-01"), Holiday, strings.Repeat("节", 41)}}},
	}
	for i, s := range bad {
		if err := s.Validate(); !errs.Is(err, errs.Invalid) {
			t.Errorf("case %d: %v", i, err)
		}
	}
}

func FuzzParseSchedule(f *testing.F) {
	f.Add(sample2027)
	f.Add("workday 2026-01-04 元旦调休\nholiday 2026-01-01..2026-01-03 元旦")
	f.Add("year 2026\nholiday 2026-12-31..2026-12-31 x")
	f.Fuzz(func(t *testing.T, text string) {
		s, err := ParseSchedule(strings.NewReader(text))
		if err != nil {
			if c := errs.CodeOf(err); c != errs.Invalid && c != errs.TooLarge {
				t.Fatalf("code %v: %v", c, err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("parsed schedule fails Validate: %v", err)
		}
		again, err := ParseSchedule(strings.NewReader(s.Format()))
		if err != nil || !reflect.DeepEqual(again.Days, s.Days) || again.Year != s.Year {
			t.Fatalf("round trip: %v", err)
		}
	})
}
