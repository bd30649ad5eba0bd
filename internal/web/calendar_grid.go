package web

import (
	"fmt"
	"time"

	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// calGrid is one year of the calendar laid out as month grids, the way
// a wall calendar shows it (weeks start on Monday, as in China).
type calGrid struct {
	Year     int
	Region   string
	HasData  bool // the year has a national schedule
	Notice   string
	Source   string // 内置 / 导入, "" without data
	Prev     int    // 0 when out of range
	Next     int
	Weekdays []string
	Months   []calMonth
	Runs     []calRun // the year's special days, consecutive days merged
}

type calMonth struct {
	Title string
	Lead  []struct{} // empty cells before the 1st
	Days  []calDay
}

// calDay is one cell. Class is holiday, makeup (a special working day),
// weekend or work; Tag is the short mark in the corner (休 / 班).
type calDay struct {
	Day   int
	Date  string
	Class string
	Tag   string
	Name  string
	Title string
	Today bool
}

// calRun is a stretch of consecutive special days with one kind and name;
// From and To are MM-DD (the grid names the year).
type calRun struct {
	From, To string
	Kind     workcal.Kind
	Name     string
	Region   string // "" for the national schedule
	Count    int
}

// calSpecial is a day's effective special status in the viewed region.
type calSpecial struct {
	Kind         workcal.Kind
	Name, Region string
}

// buildGrid lays out year for region ("" = national). Special days come
// from the national schedule and the region days of region and the
// regions above it, nearer ones winning, exactly as the calendar counts;
// which days are worked is asked of the calendar itself.
func buildGrid(cal *workcal.Calendar, years []workcal.YearInfo, year int, region, lang string, today workcal.Date) calGrid {
	g := calGrid{Year: year, Region: region}
	if year > workcal.MinYear {
		g.Prev = year - 1
	}
	if year < workcal.MaxYear {
		g.Next = year + 1
	}
	special := map[workcal.Date]calSpecial{}
	if sch, ok := cal.Schedule(year); ok {
		g.HasData, g.Notice = true, sch.Notice
		for _, e := range sch.Days {
			special[e.Date] = calSpecial{Kind: e.Kind, Name: e.Name}
		}
	}
	for _, y := range years {
		if y.Year == year {
			g.Source = sourceLabel(y)
		}
	}
	if region != "" {
		anc := validate.RegionAncestors(region) // nearest first: apply the farthest first
		days := cal.RegionDays()
		for i := len(anc) - 1; i >= 0; i-- {
			for _, d := range days {
				if d.Region == anc[i] && d.Date.Year() == year {
					special[d.Date] = calSpecial{Kind: d.Kind, Name: d.Name, Region: d.Region}
				}
			}
		}
	}
	g.Weekdays = calWeekdays(lang)
	for m := time.January; m <= time.December; m++ {
		first := workcal.NewDate(year, m, 1)
		month := calMonth{Title: monthTitle(m, lang), Lead: make([]struct{}, (int(first.Weekday())+6)%7)}
		for d := first; d.Month() == m; d = d.AddDays(1) {
			month.Days = append(month.Days, dayCell(cal, d, region, special, lang, today))
		}
		g.Months = append(g.Months, month)
	}
	g.Runs = calRuns(special, year)
	return g
}

func dayCell(cal *workcal.Calendar, d workcal.Date, region string, special map[workcal.Date]calSpecial, lang string, today workcal.Date) calDay {
	c := calDay{Day: d.Day(), Date: d.String(), Today: d == today}
	sp, ok := special[d]
	switch {
	case ok && sp.Kind == workcal.Holiday:
		c.Class, c.Tag, c.Name = "holiday", translate(lang, "休"), sp.Name
	case ok:
		c.Class, c.Tag, c.Name = "makeup", translate(lang, "班"), sp.Name
	case !cal.IsWorkday(d, region):
		c.Class = "weekend"
	default:
		c.Class = "work"
	}
	state := translate(lang, "工作日")
	if !cal.IsWorkday(d, region) {
		state = translate(lang, "休息日")
	}
	c.Title = d.String() + " " + state
	if c.Name != "" {
		c.Title += " · " + c.Name
		if sp.Region != "" {
			c.Title += " (" + sp.Region + ")"
		}
	}
	return c
}

// calRuns merges consecutive special days of one kind, name and region.
func calRuns(special map[workcal.Date]calSpecial, year int) []calRun {
	var out []calRun
	var prev workcal.Date // the last special day seen
	for d := workcal.NewDate(year, time.January, 1); d.Year() == year; d = d.AddDays(1) {
		sp, ok := special[d]
		if !ok {
			continue
		}
		md := d.Time().Format("01-02")
		if n := len(out); n > 0 && prev == d.AddDays(-1) {
			last := &out[n-1]
			if last.Kind == sp.Kind && last.Name == sp.Name && last.Region == sp.Region {
				last.To, last.Count, prev = md, last.Count+1, d
				continue
			}
		}
		out = append(out, calRun{From: md, To: md, Kind: sp.Kind, Name: sp.Name, Region: sp.Region, Count: 1})
		prev = d
	}
	return out
}

func sourceLabel(y workcal.YearInfo) string {
	if y.Source == workcal.SourceOverride {
		return "导入"
	}
	return "内置"
}

func monthTitle(m time.Month, lang string) string {
	if lang == "en" {
		return m.String()
	}
	return fmt.Sprintf("%d 月", int(m))
}

func calWeekdays(lang string) []string {
	if lang == "en" {
		return []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}
	}
	return []string{"一", "二", "三", "四", "五", "六", "日"}
}

func calWeekdayName(d workcal.Date, lang string) string {
	if lang == "en" {
		return d.Weekday().String()
	}
	return [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}[d.Weekday()]
}

// calYears builds the years table (with rows for missing years) and the
// years offered in the picker: every year with data, the missing ones and
// the one on view.
func calYears(years []workcal.YearInfo, missing []int, viewing int) ([]calYearRow, []int) {
	var rows []calYearRow
	seen := map[int]bool{}
	for _, y := range years {
		rows = append(rows, calYearRow{YearInfo: y, SourceLabel: sourceLabel(y)})
		seen[y.Year] = true
	}
	for _, m := range missing {
		if !seen[m] {
			rows = append(rows, calYearRow{YearInfo: workcal.YearInfo{Year: m}, Missing: true})
			seen[m] = true
		}
	}
	for i := 1; i < len(rows); i++ { // few rows: insertion sort by year
		for j := i; j > 0 && rows[j].Year < rows[j-1].Year; j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
	var choices []int
	for _, row := range rows {
		choices = append(choices, row.Year)
	}
	if !seen[viewing] {
		choices = append(choices, viewing)
		for j := len(choices) - 1; j > 0 && choices[j] < choices[j-1]; j-- {
			choices[j], choices[j-1] = choices[j-1], choices[j]
		}
	}
	return rows, choices
}

// calRegionDaysFor lists the region days that concern region: entered for
// it, above it (they hold in it too) or below it; all when region is "".
func calRegionDaysFor(cal *workcal.Calendar, region string) []workcal.RegionDay {
	all := cal.RegionDays()
	if region == "" {
		return all
	}
	above := map[string]bool{}
	for _, a := range validate.RegionAncestors(region) {
		above[a] = true
	}
	out := all[:0]
	for _, d := range all {
		if above[d.Region] || validate.InRegion(d.Region, region) {
			out = append(out, d)
		}
	}
	return out
}
