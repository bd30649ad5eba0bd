package rank

import (
	"cmp"
	"math"
	"slices"

	"github.com/onewindow/onewindow/internal/stats"
)

// How a unit scores, per indicator (0–100 points), among the units that
// received cases in the period:
//
//   - a rate where higher is better (按时办结率, 好评率 …): value × 100;
//   - a rate where lower is better (超期办结率, 补正率, 差评率 …):
//     (1 − value) × 100;
//   - 平均办理用时 (avg_days_used): 100 × (1 − days used ÷ days promised)
//     over the unit's concluded cases, clipped to 0–100: the share of the
//     promised time left unused (办理提速), so that a unit is not punished
//     for handling items with longer time limits;
//   - other averages (平均承诺时限): lower is better, relative to the best
//     unit: best ÷ value × 100 (a value of 0 scores 100);
//   - volume counts (收件量, 受理量, 办结量, 评价数): value ÷ the largest
//     unit's × 100;
//   - other counts (多次补正, 不予受理, 撤回): fewer is better:
//     (1 − value ÷ the largest unit's) × 100 (100 for all when none has any).
//
// An indicator undefined for a unit (no denominator: no concluded case
// for 按时办结率, no rating for 好评率) gives that unit the mean points of
// the units for which it is defined (Imputed), so that having nothing to
// measure neither rewards nor punishes; an indicator defined for none
// is left out of every score. Points are rounded to two decimals; the
// score is Σ weight × points ÷ Σ weight, rounded to two decimals, and
// equal scores share a rank (1, 2, 2, 4). Units with no received case in
// the period are listed after the ranked, unranked (rank 0). Tied and
// unranked units keep the order they are given in (the structure's:
// regions by code, departments by name).

// rule is how an indicator scores.
type rule int

const (
	ruleRate     rule = iota // value × 100, or (1 − value) × 100
	ruleSpeed                // 1 − used ÷ promised
	ruleRelative             // best ÷ value (lower is better), value ÷ best (higher)
	ruleVolume               // value ÷ max
	ruleFewer                // 1 − value ÷ max
)

// volume are the counts where more is more work done.
var volume = map[string]bool{"received": true, "accepted": true, "concluded": true, "rated": true}

func ruleKind(d stats.Def) rule {
	switch {
	case d.Key == "avg_days_used":
		return ruleSpeed
	case d.Kind == "rate":
		return ruleRate
	case d.Kind == "average":
		return ruleRelative
	case volume[d.Key]:
		return ruleVolume
	}
	return ruleFewer
}

// ruleOf says in words how d scores.
func ruleOf(d stats.Def) string {
	switch ruleKind(d) {
	case ruleSpeed:
		return "100 ×（1 − 办理用时之和 ÷ 承诺时限之和），0–100"
	case ruleRate:
		if d.Higher {
			return "比率 × 100"
		}
		return "（1 − 比率）× 100"
	case ruleRelative:
		if d.Higher {
			return "本单位数值 ÷ 最高单位数值 × 100"
		}
		return "最低单位数值 ÷ 本单位数值 × 100"
	case ruleVolume:
		return "本单位数量 ÷ 最多单位数量 × 100"
	}
	return "（1 − 本单位数量 ÷ 最多单位数量）× 100"
}

// Unit is one unit to rank with its counters for the period.
type Unit struct {
	Key    string // dept id or region code
	Name   string
	Counts stats.Counts
}

// Figure is one indicator of a ranked unit: its value and its points.
type Figure struct {
	Indicator string  `json:"indicator"`
	Name      string  `json:"name"`
	Kind      string  `json:"kind" enum:"count,rate,average"`
	Weight    float64 `json:"weight"`
	Value     float64 `json:"value" doc:"比率为小数（0.95 即 95%），平均值为工作日，数量为件数"`
	Num       int64   `json:"numerator"`
	Den       int64   `json:"denominator,omitempty"`
	Defined   bool    `json:"defined" doc:"false：分母为 0，本期无此指标"`
	Points    float64 `json:"points" doc:"得分（0–100）"`
	Imputed   bool    `json:"imputed,omitempty" doc:"本期无此指标，取有该指标各单位的平均得分"`
}

// Row is one unit of a ranking.
type Row struct {
	Unit     string   `json:"unit" doc:"部门编号或行政区划代码"`
	Name     string   `json:"name"`
	Rank     int      `json:"rank" doc:"名次；0 表示本期无收件，不参与排名"`
	PrevRank int      `json:"prev_rank" doc:"上一期名次；0 表示上一期未参与排名或未保存"`
	Change   int      `json:"change" doc:"名次变化：正数为上升的名次数，负数为下降；本期或上一期未排名时为 0"`
	Score    float64  `json:"score" doc:"综合得分（0–100）= Σ 权重 × 得分 ÷ Σ 权重"`
	Received int64    `json:"received" doc:"本期收件量"`
	Figures  []Figure `json:"figures"`
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func clip(x float64) float64 { return min(max(x, 0), 100) }

// Score ranks units by the weighted indicators (see the rules above).
// Indicators no longer defined are skipped.
func Score(ws []Weight, units []Unit, cfg stats.Config) []Row {
	if len(cfg.GoodLevels) == 0 {
		cfg = stats.DefaultConfig()
	}
	var defs []stats.Def
	var weights []float64
	for _, w := range ws {
		if d, ok := stats.DefNamed(w.Indicator); ok {
			defs, weights = append(defs, d), append(weights, w.Weight)
		}
	}
	rows := make([]Row, len(units))
	var ranked []int
	for i := range units {
		c := &units[i].Counts
		rows[i] = Row{Unit: units[i].Key, Name: units[i].Name, Received: c[stats.Received], Figures: make([]Figure, len(defs))}
		for j, d := range defs {
			in := d.Compute(c, cfg)
			rows[i].Figures[j] = Figure{Indicator: d.Key, Name: d.Name, Kind: d.Kind, Weight: weights[j], Value: in.Value,
				Num: in.Num, Den: in.Den, Defined: in.Defined}
		}
		if rows[i].Received > 0 {
			ranked = append(ranked, i)
		}
	}
	included := make([]bool, len(defs))
	for j, d := range defs {
		included[j] = scoreIndicator(d, j, rows, units, ranked)
	}
	for _, i := range ranked {
		var sum, wsum float64
		for j, f := range rows[i].Figures {
			if included[j] {
				sum += f.Weight * f.Points
				wsum += f.Weight
			}
		}
		if wsum > 0 {
			rows[i].Score = round2(sum / wsum)
		}
	}
	slices.SortStableFunc(ranked, func(a, b int) int { return cmp.Compare(rows[b].Score, rows[a].Score) })
	out := make([]Row, 0, len(rows))
	for n, i := range ranked {
		rows[i].Rank = n + 1
		if n > 0 && rows[i].Score == out[n-1].Score {
			rows[i].Rank = out[n-1].Rank
		}
		out = append(out, rows[i])
	}
	for i := range rows {
		if rows[i].Received == 0 {
			out = append(out, rows[i])
		}
	}
	return out
}

// scoreIndicator sets the points of indicator j for the ranked units and
// reports whether it counts (it is defined for at least one of them).
func scoreIndicator(d stats.Def, j int, rows []Row, units []Unit, ranked []int) bool {
	r := ruleKind(d)
	// The best (or largest) value among the units that have one.
	var best float64
	first := true
	for _, i := range ranked {
		f := &rows[i].Figures[j]
		if !f.Defined {
			continue
		}
		switch {
		case first:
			best = f.Value
		case r == ruleRelative && !d.Higher:
			best = min(best, f.Value)
		default:
			best = max(best, f.Value)
		}
		first = false
	}
	var sum float64
	n := 0
	defined := make([]bool, len(ranked))
	for k, i := range ranked {
		f := &rows[i].Figures[j]
		p, ok := points(r, d.Higher, f, &units[i].Counts, best)
		if ok {
			f.Points = round2(p)
			sum += f.Points
			n++
			defined[k] = true
		}
	}
	if n == 0 {
		return false
	}
	mean := round2(sum / float64(n))
	for k, i := range ranked {
		if !defined[k] {
			f := &rows[i].Figures[j]
			f.Points, f.Imputed = mean, true
		}
	}
	return true
}

// points scores one unit's figure; false when it has none to score.
func points(r rule, higher bool, f *Figure, c *stats.Counts, best float64) (float64, bool) {
	if !f.Defined {
		return 0, false
	}
	switch r {
	case ruleSpeed:
		if c[stats.DaysPromised] <= 0 {
			return 0, false
		}
		return clip(100 * (1 - float64(c[stats.DaysUsed])/float64(c[stats.DaysPromised]))), true
	case ruleRate:
		if higher {
			return clip(f.Value * 100), true
		}
		return clip((1 - f.Value) * 100), true
	case ruleRelative:
		if higher {
			if best <= 0 {
				return 0, true
			}
			return clip(f.Value / best * 100), true
		}
		if f.Value <= 0 {
			return 100, true
		}
		return clip(best / f.Value * 100), true
	case ruleVolume:
		if best <= 0 {
			return 0, true
		}
		return clip(f.Value / best * 100), true
	}
	if best <= 0 {
		return 100, true
	}
	return clip((1 - f.Value/best) * 100), true
}

// setPrev sets each row's previous rank from prev (unit → rank) and the
// change between the two.
func setPrev(rows []Row, prev map[string]int) {
	for i := range rows {
		r := &rows[i]
		r.PrevRank = prev[r.Unit]
		r.Change = 0
		if r.Rank > 0 && r.PrevRank > 0 {
			r.Change = r.PrevRank - r.Rank
		}
	}
}

// ranks maps each ranked unit to its rank.
func ranks(rows []Row) map[string]int {
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		if r.Rank > 0 {
			out[r.Unit] = r.Rank
		}
	}
	return out
}
