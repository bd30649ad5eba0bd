package rank_test

import (
	"math"
	"testing"

	"github.com/onewindow/onewindow/internal/rank"
	"github.com/onewindow/onewindow/internal/stats"
	"github.com/onewindow/onewindow/internal/workcal"
)

func counts(set map[stats.Metric]int64) stats.Counts {
	var c stats.Counts
	for m, n := range set {
		c[m] = n
	}
	return c
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func byUnit(rows []rank.Row) map[string]rank.Row {
	out := map[string]rank.Row{}
	for _, r := range rows {
		out[r.Unit] = r
	}
	return out
}

// Three departments and one without cases, worked out by hand: every
// scoring rule, an undefined indicator given the mean, weights that do
// not sum to 100.
func TestScoreByHand(t *testing.T) {
	units := []rank.Unit{
		{Key: "a", Name: "甲局", Counts: counts(map[stats.Metric]int64{stats.Received: 10, stats.Accepted: 8, stats.AcceptLate: 2,
			stats.Concluded: 5, stats.ConcludedOntime: 4, stats.ConcludedOverdue: 1, stats.DaysUsed: 20, stats.DaysPromised: 50,
			stats.CorrectedRepeat: 1, stats.Rated5: 3, stats.Rated1: 1})},
		{Key: "b", Name: "乙局", Counts: counts(map[stats.Metric]int64{stats.Received: 5, stats.Accepted: 5,
			stats.Concluded: 4, stats.ConcludedOntime: 4, stats.DaysUsed: 40, stats.DaysPromised: 40})},
		{Key: "c", Name: "丙局", Counts: counts(map[stats.Metric]int64{stats.Received: 20, stats.CorrectedRepeat: 2, stats.Rated4: 2})},
		{Key: "d", Name: "丁局", Counts: counts(map[stats.Metric]int64{stats.Concluded: 3, stats.ConcludedOntime: 3})},
	}
	ws := []rank.Weight{{"ontime_rate", 30}, {"accept_late_rate", 10}, {"avg_days_used", 20}, {"received", 10},
		{"repeated_corrections", 10}, {"good_rate", 20}}
	want := map[string]struct {
		rank   int
		score  float64
		points []float64
		imp    []bool
	}{
		// 4/5 on time; 2/8 late → 75; 1 − 20/50; 10 of the largest 20; 1 − 1/2; 3 of 4 good.
		"a": {3, 68.5, []float64{80, 75, 60, 50, 50, 75}, []bool{false, false, false, false, false, false}},
		// No rating: the mean of a (75) and c (100).
		"b": {2, 70, []float64{100, 100, 0, 25, 100, 87.5}, []bool{false, false, false, false, false, true}},
		// Nothing concluded or accepted: the means of a and b.
		"c": {1, 71.75, []float64{90, 87.5, 30, 100, 0, 100}, []bool{true, true, true, false, false, false}},
	}
	for _, scale := range []float64{1, 0.5} {
		sws := make([]rank.Weight, len(ws))
		for i, w := range ws {
			sws[i] = rank.Weight{Indicator: w.Indicator, Weight: w.Weight * scale}
		}
		rows := rank.Score(sws, units, stats.DefaultConfig())
		if len(rows) != 4 || rows[0].Unit != "c" || rows[1].Unit != "b" || rows[2].Unit != "a" || rows[3].Unit != "d" {
			t.Fatalf("order: %+v", rows)
		}
		got := byUnit(rows)
		for unit, w := range want {
			r := got[unit]
			if r.Rank != w.rank || !near(r.Score, w.score) {
				t.Errorf("scale %v: %s rank %d score %v, want %d %v", scale, unit, r.Rank, r.Score, w.rank, w.score)
			}
			for j, f := range r.Figures {
				if !near(f.Points, w.points[j]) || f.Imputed != w.imp[j] {
					t.Errorf("scale %v: %s %s points %v imputed %v, want %v %v", scale, unit, f.Indicator, f.Points, f.Imputed, w.points[j], w.imp[j])
				}
			}
		}
		if d := got["d"]; d.Rank != 0 || d.Score != 0 || d.Received != 0 || len(d.Figures) != len(ws) {
			t.Errorf("a unit without received cases: %+v", d)
		}
	}
}

// Equal scores share a rank (1, 2, 2, 4), tied units in the order given; an
// indicator nobody has is left out of every score.
func TestScoreTiesAndUndefined(t *testing.T) {
	mk := func(key, name string, ontime int64) rank.Unit {
		return rank.Unit{Key: key, Name: name, Counts: counts(map[stats.Metric]int64{stats.Received: 4,
			stats.Concluded: 4, stats.ConcludedOntime: ontime})}
	}
	units := []rank.Unit{mk("1", "丁", 1), mk("2", "乙", 3), mk("3", "甲", 4), mk("4", "丙", 3)}
	rows := rank.Score([]rank.Weight{{"ontime_rate", 50}, {"good_rate", 50}}, units, stats.Config{})
	wantRank := []int{1, 2, 2, 4}
	wantUnit := []string{"3", "2", "4", "1"} // ties in the order given
	for i, r := range rows {
		if r.Rank != wantRank[i] || r.Unit != wantUnit[i] {
			t.Errorf("row %d: %s (%s) rank %d score %v, want %s rank %d", i, r.Unit, r.Name, r.Rank, r.Score, wantUnit[i], wantRank[i])
		}
		// 好评率 is undefined for all: the score is 按时办结率 alone, not half of it.
		if g := r.Figures[1]; g.Defined || g.Imputed || g.Points != 0 {
			t.Errorf("%s: good rate %+v", r.Unit, g)
		}
	}
	if rows[0].Score != 100 || rows[1].Score != 75 || rows[3].Score != 25 {
		t.Errorf("scores %v %v %v", rows[0].Score, rows[1].Score, rows[3].Score)
	}
	// Nobody at all: no rows; nobody with cases: all unranked, by name.
	if rows := rank.Score([]rank.Weight{{"received", 1}}, nil, stats.Config{}); len(rows) != 0 {
		t.Errorf("no units: %+v", rows)
	}
	rows = rank.Score([]rank.Weight{{"received", 1}}, []rank.Unit{{Key: "9", Name: "乙"}, {Key: "8", Name: "甲"}}, stats.Config{})
	if len(rows) != 2 || rows[0].Rank != 0 || rows[1].Rank != 0 || rows[0].Name != "乙" {
		t.Errorf("no cases: %+v", rows)
	}
}

// The other rules: averages relative to the best, fewer-is-better counts
// when nobody has any, a lower-is-better rate.
func TestScoreRules(t *testing.T) {
	units := []rank.Unit{
		{Key: "a", Name: "甲", Counts: counts(map[stats.Metric]int64{stats.Received: 2, stats.Concluded: 2, stats.DaysPromised: 10,
			stats.ConcludedOverdue: 1, stats.ConcludedOntime: 1})},
		{Key: "b", Name: "乙", Counts: counts(map[stats.Metric]int64{stats.Received: 2, stats.Concluded: 1, stats.DaysPromised: 10,
			stats.ConcludedOntime: 1})},
	}
	rows := byUnit(rank.Score([]rank.Weight{{"avg_days_promised", 1}, {"refused", 1}, {"overdue_rate", 1}}, units, stats.Config{}))
	// a promises 5 days on average, b 10: b scores 5/10.
	for unit, want := range map[string][]float64{"a": {100, 100, 50}, "b": {50, 100, 100}} {
		for j, f := range rows[unit].Figures {
			if !near(f.Points, want[j]) {
				t.Errorf("%s %s: %v points, want %v", unit, f.Indicator, f.Points, want[j])
			}
		}
	}
	if rows["a"].Rank != 1 || rows["b"].Rank != 1 {
		t.Errorf("equal scores: %+v", rows)
	}
	if len(rank.Choices()) != len(stats.Defs) || rank.Choices()[0].Rule == "" {
		t.Error("choices")
	}
}

// Periods: weeks run Monday to Sunday, months the 1st to the last day;
// the last complete period is the one before today's.
func TestPeriods(t *testing.T) {
	d := func(s string) workcal.Date {
		x, err := workcal.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, tc := range []struct {
		period, today, last, end string
	}{
		{rank.PeriodWeek, "2026-10-12", "2026-10-05", "2026-10-11"}, // a Monday: last week is complete
		{rank.PeriodWeek, "2026-10-11", "2026-09-28", "2026-10-04"}, // a Sunday: this week is not
		{rank.PeriodWeek, "2026-10-14", "2026-10-05", "2026-10-11"},
		{rank.PeriodMonth, "2026-11-01", "2026-10-01", "2026-10-31"},
		{rank.PeriodMonth, "2026-10-31", "2026-09-01", "2026-09-30"},
		{rank.PeriodMonth, "2026-03-15", "2026-02-01", "2026-02-28"},
		{rank.PeriodMonth, "2026-01-05", "2025-12-01", "2025-12-31"},
	} {
		last := rank.LastComplete(tc.period, d(tc.today))
		end, err := rank.Bounds(tc.period, last)
		if last != d(tc.last) || err != nil || end != d(tc.end) {
			t.Errorf("%s on %s: %s–%s %v, want %s–%s", tc.period, tc.today, last, end, err, tc.last, tc.end)
		}
	}
	if rank.Previous(rank.PeriodMonth, d("2026-01-01")) != d("2025-12-01") || rank.Previous(rank.PeriodWeek, d("2026-10-05")) != d("2026-09-28") {
		t.Error("previous")
	}
	for _, tc := range []struct{ period, start string }{{rank.PeriodWeek, "2026-10-06"}, {rank.PeriodMonth, "2026-10-02"}, {"day", "2026-10-01"}} {
		if _, err := rank.Bounds(tc.period, d(tc.start)); err == nil {
			t.Errorf("%s from %s accepted", tc.period, tc.start)
		}
	}
}
