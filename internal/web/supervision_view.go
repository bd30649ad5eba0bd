package web

import (
	"strconv"
	"time"

	"github.com/onewindow/onewindow/internal/stats"
	"github.com/onewindow/onewindow/internal/workcal"
)

// svDashboard is what supervision.html shows. Numbers are formatted here;
// the charts get theirs as JSON in data-* attributes (the CSP allows no
// inline script), and every figure drawn is also in a card or a table.
type svDashboard struct {
	Lang string
	// Ready is false when the query was refused: the form shows, no figures.
	Ready bool
	Scope string // what the figures cover, in words
	// The filter form's values.
	Region, From, To string
	Hall, Staff      int64
	Depts0           bool // "all departments" is within the viewer's scope
	DeptOptions      []catOption
	Periods          []catChip
	UpURL            string // the parent region's dashboard, when the viewer may open it
	AllHallsURL      string // the same without the hall, when the viewer may open it
	ExportDept       string
	ExportRegion     string
	Cards            []svCard // the cases' indicators
	RatingCards      []svCard // the ratings'
	Formulas         []svFormula
	Regions, Depts   svTable
	Overdue          []svOverdueRow
	// Chart data: trend by day or month, channel mix, child regions.
	TrendTitle, TrendLabels, TrendSeries, TrendLinks string
	ChannelLabels, ChannelValues                     string
	RegionLabels, RegionRates, RegionCounts          string
	RegionLinks                                      string
}

// svCard is one indicator.
type svCard struct {
	Key, Name, Value, Detail, Href, Kind string
	Meter                                float64 // 0–1 for a rate's <meter>; -1 otherwise
	Higher                               bool    // a larger value is better (the meter's colours)
}

// svFormula is one indicator's definition (口径).
type svFormula struct{ Name, Formula string }

// svTable is a breakdown table with the main indicators.
type svTable struct {
	Lang, ID, By string
	Heads        []string
	Rows         []svRow
}

// svRow is one group: its name (a link to its own dashboard) and cells.
type svRow struct {
	Name, Href string
	Cells      []svCell
}

// svCell is one figure, a link to the cases it counts.
type svCell struct{ Value, Href string }

// svOverdueRow is one open case past its due date.
type svOverdueRow struct {
	Number, URL, Name, Dept, Due string
	Days                         int // working days overdue; -1 when unknown
	Status, StatusTitle          string
}

// svRatingKeys are the indicators of ratings, shown in their own group.
var svRatingKeys = map[string]bool{"rated": true, "rating_rate": true, "good_rate": true, "bad_rate": true,
	"bad_rectified_rate": true, "callback_rate": true}

// svTableKeys are the indicators the breakdown tables show.
var svTableKeys = []string{"received", "accepted", "concluded", "ontime_rate", "overdue_rate", "avg_days_used",
	"online_share", "good_rate", "bad_rate"}

// svFigure formats an indicator's value: rates as percentages, averages
// with one decimal, "—" when the denominator is 0.
func svFigure(in stats.Indicator) string {
	if !in.Defined {
		return "—"
	}
	switch in.Kind {
	case "rate":
		return strconv.FormatFloat(in.Value*100, 'f', 1, 64) + "%"
	case "average":
		return strconv.FormatFloat(in.Value, 'f', 1, 64)
	}
	return strconv.FormatInt(in.Num, 10)
}

// svCardOf is the card of an indicator within q.
func svCardOf(l string, in stats.Indicator, q stats.Query) svCard {
	c := svCard{Key: in.Key, Name: translate(l, in.Name), Value: svFigure(in), Kind: in.Kind, Meter: -1, Higher: in.Higher}
	if in.Kind != "count" {
		c.Detail = strconv.FormatInt(in.Num, 10) + " / " + strconv.FormatInt(in.Den, 10)
	}
	if in.Kind == "rate" && in.Defined {
		c.Meter = min(max(in.Value, 0), 1)
	}
	if in.Defined {
		c.Href = svCasesURL(in.List, q)
	}
	return c
}

// svIndicator finds an indicator by key.
func svIndicator(ins []stats.Indicator, key string) stats.Indicator {
	for _, in := range ins {
		if in.Key == key {
			return in
		}
	}
	return stats.Indicator{}
}

// svTableOf lays out a breakdown by region or department. In a region
// table the scope's own level (cases of the region itself, not of a
// child) is named 本级 and not linked.
func svTableOf(l string, b stats.Breakdown, f stats.Filter, byRegion bool) svTable {
	t := svTable{Lang: l, ID: "sv-" + b.By, By: b.By}
	for _, k := range svTableKeys {
		d, _ := stats.DefNamed(k)
		t.Heads = append(t.Heads, translate(l, d.Name))
	}
	for _, g := range b.Groups {
		row := svRow{Name: g.Name, Href: svDashboardURL(g.Query)}
		switch {
		case byRegion && g.Key == f.Region:
			row.Name, row.Href = g.Name+translate(l, "（本级）"), ""
		case !byRegion && g.Key == "0":
			row.Name, row.Href = translate(l, "未分部门"), ""
		}
		for _, k := range svTableKeys {
			in := svIndicator(g.Indicators, k)
			cell := svCell{Value: svFigure(in)}
			if in.Defined {
				cell.Href = svCasesURL(in.List, g.Query)
			}
			row.Cells = append(row.Cells, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// trendChart sets the trend's data: received, concluded and concluded
// overdue for every day (or month) of the period, with the days without
// figures as 0, each point linking to that day's (month's) dashboard.
func (v *svDashboard) trendChart(b stats.Breakdown, f stats.Filter) {
	byKey := map[string]stats.Group{}
	for _, g := range b.Groups {
		byKey[g.Key] = g
	}
	var labels, links []string
	var received, concluded, overdue []int64
	add := func(key, label string, from, to workcal.Date) {
		g := byKey[key]
		q := stats.QueryOf(f)
		q.From, q.To = from.String(), to.String()
		labels, links = append(labels, label), append(links, svDashboardURL(q))
		received = append(received, svIndicator(g.Indicators, "received").Num)
		concluded = append(concluded, svIndicator(g.Indicators, "concluded").Num)
		overdue = append(overdue, svIndicator(g.Indicators, "overdue_rate").Num)
	}
	if b.By == stats.ByDay {
		v.TrendTitle = "每日趋势"
		for d := f.From; !d.After(f.To); d = d.AddDays(1) {
			add(d.String(), d.Time().Format("01-02"), d, d)
		}
	} else {
		v.TrendTitle = "每月趋势"
		for m := workcal.NewDate(f.From.Year(), f.From.Month(), 1); !m.After(f.To); m = workcal.NewDate(m.Year(), m.Month()+1, 1) {
			last := workcal.NewDate(m.Year(), m.Month()+1, 1).AddDays(-1)
			from, to := m, last
			if from.Before(f.From) {
				from = f.From
			}
			if to.After(f.To) {
				to = f.To
			}
			add(m.Time().Format("2006-01"), m.Time().Format("2006-01"), from, to)
		}
	}
	l := v.Lang
	v.TrendTitle = translate(l, v.TrendTitle)
	v.TrendLabels, v.TrendLinks = jsonText(labels), jsonText(links)
	v.TrendSeries = jsonText([]svSeries{{translate(l, "收件量"), received}, {translate(l, "办结量"), concluded},
		{translate(l, "超期办结"), overdue}})
}

// svSeries is one line of the trend chart.
type svSeries struct {
	Name   string  `json:"name"`
	Values []int64 `json:"values"`
}

// regionChart sets the regions' chart from their breakdown and table
// (the same groups in the same order): 按时办结率 in percent (null when
// undefined) and 收件量 per region, each bar linking to its dashboard.
func (v *svDashboard) regionChart(b stats.Breakdown, t svTable) {
	if len(t.Rows) < 2 {
		return // the scope alone: the cards say it all
	}
	var labels, links []string
	var rates []*float64
	var counts []int64
	for i, g := range b.Groups {
		label := t.Rows[i].Name
		if t.Rows[i].Href == "" {
			label = translate(t.Lang, "本级")
		}
		labels, links = append(labels, label), append(links, t.Rows[i].Href)
		counts = append(counts, svIndicator(g.Indicators, "received").Num)
		var rate *float64
		if in := svIndicator(g.Indicators, "ontime_rate"); in.Defined {
			x := float64(int(in.Value*1000+0.5)) / 10
			rate = &x
		}
		rates = append(rates, rate)
	}
	v.RegionLabels, v.RegionRates, v.RegionCounts, v.RegionLinks = jsonText(labels), jsonText(rates), jsonText(counts), jsonText(links)
}

// svDate shows a case's submission time (ms) as a date.
func svDate(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).In(cst).Format("2006-01-02")
}
