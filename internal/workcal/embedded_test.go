package workcal

import (
	"strings"
	"testing"
	"time"
)

// TestEmbeddedYearsMatchTheNotices pins every shipped year to figures
// counted by hand from the State Council's notices, so that a typo in a data
// file fails here. weekdayOff counts the holidays that fall Monday–Friday;
// makeUp lists the make-up workdays. The statutory figure is a second,
// independent check: each make-up day moves one weekend day onto a weekday,
// so weekdayOff − len(makeUp) must equal the statutory holidays of the year
// (11 until 2024, 13 from 2025 after 除夕 and 5月2日 were added), plus two
// in 2020 when the Spring Festival break was extended to 2 February
// (31 January became a holiday and the 1 February make-up day was cancelled).
func TestEmbeddedYearsMatchTheNotices(t *testing.T) {
	want := []struct {
		year       int
		notice     string
		weekdayOff int
		statutory  int
		makeUp     []string
	}{
		{2020, "国办发明电〔2020〕1号", 19, 13, []string{"01-19", "04-26", "05-09", "06-28", "09-27", "10-10"}},
		{2021, "国办发明电〔2020〕27号", 18, 11, []string{"02-07", "02-20", "04-25", "05-08", "09-18", "09-26", "10-09"}},
		{2022, "国办发明电〔2021〕11号", 18, 11, []string{"01-29", "01-30", "04-02", "04-24", "05-07", "10-08", "10-09"}},
		{2023, "国办发明电〔2022〕16号", 18, 11, []string{"01-28", "01-29", "04-23", "05-06", "06-25", "10-07", "10-08"}},
		{2024, "国办发明电〔2023〕7号", 19, 11, []string{"02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"}},
		{2025, "国办发明电〔2024〕12号", 18, 13, []string{"01-26", "02-08", "04-27", "09-28", "10-11"}},
		{2026, "国办发明电〔2025〕7号", 19, 13, []string{"01-04", "02-14", "02-28", "05-09", "09-20", "10-10"}},
	}
	got := Embedded()
	if len(got) != len(want) {
		t.Fatalf("embedded %d years, want %d", len(got), len(want))
	}
	for i, w := range want {
		s := got[i]
		if s.Year != w.year || !strings.Contains(s.Notice, w.notice) {
			t.Errorf("year %d: got %d with notice %q", w.year, s.Year, s.Notice)
			continue
		}
		weekdayOff := 0
		var makeUp []string
		for _, e := range s.Days {
			switch {
			case e.Kind == Holiday && !e.Date.IsWeekend():
				weekdayOff++
			case e.Kind == Workday:
				if wd := e.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
					t.Errorf("%d: make-up workday %s is a %v", w.year, e.Date, wd)
				}
				makeUp = append(makeUp, e.Date.short())
			}
		}
		if weekdayOff != w.weekdayOff {
			t.Errorf("%d: %d holidays on weekdays, hand count %d", w.year, weekdayOff, w.weekdayOff)
		}
		if strings.Join(makeUp, " ") != strings.Join(w.makeUp, " ") {
			t.Errorf("%d: make-up days %v, want %v", w.year, makeUp, w.makeUp)
		}
		if weekdayOff-len(w.makeUp) != w.statutory {
			t.Errorf("%d: %d weekday holidays − %d make-up days ≠ %d statutory days", w.year, weekdayOff, len(w.makeUp), w.statutory)
		}
	}
}

// Working days per year, counted by hand: weekdays of the year minus
// weekday holidays plus make-up days (2026: 261 − 19 + 6).
func TestWorkingDaysPerYear(t *testing.T) {
	cal := mustBuild(t, nil)
	for _, c := range []struct{ year, days int }{
		{2020, 262 - 19 + 6}, {2021, 261 - 18 + 7}, {2022, 260 - 18 + 7}, {2023, 260 - 18 + 7},
		{2024, 262 - 19 + 8}, {2025, 261 - 18 + 5}, {2026, 261 - 19 + 6},
	} {
		from := NewDate(c.year-1, time.December, 31)
		n, err := cal.Between(from, NewDate(c.year, time.December, 31), "")
		if err != nil || n != c.days {
			t.Errorf("%d: %d working days (%v), want %d", c.year, n, err, c.days)
		}
	}
}
