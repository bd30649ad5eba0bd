package workcal

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Result is a computed date (Add) or count (Span) with what it took to get
// there. The explanation (Skipped, MakeUp, Explain) is derived on demand
// from the calendar the result came from, so that computing a deadline
// allocates nothing.
type Result struct {
	From      Date   `json:"from"`
	Days      int    `json:"days"` // Add: n; Span: the working days counted
	Date      Date   `json:"date"` // Add: the n-th working day; Span: to
	Region    string `json:"region,omitempty"`
	Estimated bool   `json:"estimated"` // some year in the span has no national schedule

	span bool
	cal  *Calendar
	l    *layer
}

// Run is a stretch of consecutive special days with one kind and name.
type Run struct {
	From   Date   `json:"from"`
	To     Date   `json:"to"`
	Kind   Kind   `json:"kind"`
	Name   string `json:"name"`
	Region string `json:"region,omitempty"` // "" when national
}

// specials returns the special days in (From, Date].
func (r Result) specials() []special {
	if r.l == nil || !r.Date.After(r.From) {
		return nil
	}
	s := r.l.special
	i, _ := slices.BinarySearchFunc(s, r.From.AddDays(1), func(x special, d Date) int { return x.date.Compare(d) })
	j, _ := slices.BinarySearchFunc(s, r.Date.AddDays(1), func(x special, d Date) int { return x.date.Compare(d) })
	return s[i:j]
}

// Skipped returns the holiday runs in (From, Date] that cost a working day,
// that is, runs with at least one Monday–Friday in the span. A holiday that
// falls on a weekend changes nothing and is left out.
func (r Result) Skipped() []Run {
	var out []Run
	sp := r.specials()
	for i := 0; i < len(sp); {
		if sp[i].kind != Holiday {
			i++
			continue
		}
		j, weekday := i, !sp[i].date.IsWeekend()
		for j+1 < len(sp) && sp[j+1].kind == Holiday && sp[j+1].name == sp[i].name &&
			sp[j+1].region == sp[i].region && sp[j+1].date == sp[j].date.AddDays(1) {
			j++
			weekday = weekday || !sp[j].date.IsWeekend()
		}
		if weekday {
			out = append(out, Run{From: sp[i].date, To: sp[j].date, Kind: Holiday, Name: sp[i].name, Region: sp[i].region})
		}
		i = j + 1
	}
	return out
}

// MakeUp returns the make-up workdays in (From, Date]: working days that
// fall on a Saturday or Sunday. Each Run is one day.
func (r Result) MakeUp() []Run {
	var out []Run
	for _, s := range r.specials() {
		if s.kind == Workday && s.date.IsWeekend() {
			out = append(out, Run{From: s.date, To: s.date, Kind: Workday, Name: s.name, Region: s.region})
		}
	}
	return out
}

// EstimatedYears lists the years of (From, Date] without a national
// schedule, counted with weekends only.
func (r Result) EstimatedYears() []int {
	if !r.Estimated || r.cal == nil {
		return nil
	}
	var out []int
	for y := r.From.AddDays(1).Year(); y <= r.Date.Year(); y++ {
		if !r.cal.HasYear(y) {
			out = append(out, y)
		}
	}
	return out
}

// explainMax caps the runs listed in Explain; long spans cross many years.
const explainMax = 8

// Explain renders how the result was computed, in Chinese, e.g.
// "2026-09-28 + 20 个工作日，跳过 10-01…10-07（国庆节），含调休 10-10 → 2026-10-30".
// Dates in From's year are written MM-DD, others in full.
func (r Result) Explain() string {
	var b strings.Builder
	if r.span {
		fmt.Fprintf(&b, "%s 至 %s 共 %d 个工作日（不含起始日）", r.From, r.Date, r.Days)
	} else {
		fmt.Fprintf(&b, "%s + %d 个工作日", r.From, r.Days)
	}
	b.WriteString(r.Notes())
	if !r.span {
		fmt.Fprintf(&b, " → %s", r.Date)
	}
	if ys := r.EstimatedYears(); len(ys) > 0 {
		s := make([]string, len(ys))
		for i, y := range ys {
			s[i] = strconv.Itoa(y)
		}
		fmt.Fprintf(&b, "；%s 年无放假安排数据，按周末推算", strings.Join(s, "、"))
	}
	return b.String()
}

// Notes renders the special days the result crossed, as Explain lists
// them: "，跳过 10-01…10-07（国庆节），含调休 10-10" ("" when none). Callers
// that explain a composite deadline (a case's due date with pauses and
// extensions) put it after their own terms.
func (r Result) Notes() string {
	var b strings.Builder
	year := r.From.Year()
	day := func(d Date) string { return monthDay(d, year) }
	if runs := r.Skipped(); len(runs) > 0 {
		b.WriteString("，跳过 ")
		list(&b, runs, func(x Run) string {
			s := day(x.From)
			if x.To != x.From {
				s += "…" + day(x.To)
			}
			if x.Region != "" {
				return s + "（" + x.Name + "，地区 " + x.Region + "）"
			}
			return s + "（" + x.Name + "）"
		})
	}
	if days := r.MakeUp(); len(days) > 0 {
		b.WriteString("，含调休 ")
		list(&b, days, func(x Run) string { return day(x.From) })
	}
	return b.String()
}

// list writes up to explainMax items joined by 、 and a count of the rest.
func list(b *strings.Builder, runs []Run, f func(Run) string) {
	for i, x := range runs {
		if i == explainMax {
			fmt.Fprintf(b, " 等 %d 处", len(runs))
			return
		}
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(f(x))
	}
}
