package stats

import (
	"slices"
	"strconv"
	"strings"
)

// Config is what a region decides about its figures.
type Config struct {
	// GoodLevels are the rating levels 好评率 counts (default 3, 4, 5:
	// 基本满意, 满意, 非常满意, as the national 好差评 rules count them).
	GoodLevels []int `json:"good_levels"`
}

// DefaultConfig counts 基本满意 and above as good.
func DefaultConfig() Config { return Config{GoodLevels: []int{3, 4, 5}} }

// Indicator is one figure with what it is computed from.
type Indicator struct {
	Key   string  `json:"key"`
	Name  string  `json:"name"`
	Kind  string  `json:"kind" enum:"count,rate,average"`
	Value float64 `json:"value"`
	// Num and Den: a rate or average is Num / Den; a count is Num.
	Num int64 `json:"numerator"`
	Den int64 `json:"denominator,omitempty"`
	// Defined is false when the denominator is 0 (shown as "—").
	Defined bool `json:"defined"`
	// Higher: a larger value is better (for rankings and colours).
	Higher bool `json:"higher_is_better"`
	// List opens the records the figure counts: the case list's metric
	// filter (with scores for rating levels).
	List string `json:"list"`
	// Formula says how it is computed, in words.
	Formula string `json:"formula,omitempty"`
}

// Def defines an indicator.
type Def struct {
	Key, Name, Kind string
	Higher          bool
	Num, Den        func(c *Counts, cfg Config) int64 // Den nil for a count
	List            func(cfg Config) string
	Formula         string
}

func m(ms ...Metric) func(*Counts, Config) int64 {
	return func(c *Counts, _ Config) int64 {
		var n int64
		for _, x := range ms {
			n += c[x]
		}
		return n
	}
}

func list(s string) func(Config) string { return func(Config) string { return s } }

// rated sums the first ratings of the given levels.
func rated(levels []int, c *Counts) int64 {
	var n int64
	for _, l := range levels {
		if l >= 1 && l <= 5 {
			n += c[Rated1+Metric(l-1)]
		}
	}
	return n
}

var allLevels = []int{1, 2, 3, 4, 5}

func levelsParam(levels []int) string {
	s := make([]string, len(levels))
	for i, l := range levels {
		s[i] = strconv.Itoa(l)
	}
	return "rated&scores=" + strings.Join(s, ",")
}

// Defs are the case and rating indicators, in display order.
var Defs = []Def{
	{Key: "received", Name: "收件量", Kind: "count", Num: m(Received), List: list("received"),
		Formula: "提交的办件数（一件事按子件计），按提交日"},
	{Key: "accepted", Name: "受理量", Kind: "count", Num: m(Accepted), List: list("accepted"),
		Formula: "受理的办件数（含依法视为受理），按受理日"},
	{Key: "concluded", Name: "办结量", Kind: "count", Num: m(Concluded), List: list("concluded"),
		Formula: "受理后作出准予或不予决定的办件数，按办结日"},
	{Key: "ontime_rate", Name: "按时办结率", Kind: "rate", Higher: true, Num: m(ConcludedOntime), Den: m(Concluded),
		List: list("concluded_ontime"), Formula: "承诺期限内办结数 ÷ 办结量"},
	{Key: "overdue_rate", Name: "超期办结率", Kind: "rate", Num: m(ConcludedOverdue), Den: m(Concluded),
		List: list("concluded_overdue"), Formula: "超过承诺期限办结数 ÷ 办结量"},
	{Key: "accept_late_rate", Name: "超期受理率", Kind: "rate", Num: m(AcceptLate), Den: m(Accepted),
		List: list("accept_late"), Formula: "收件 5 个工作日后才受理（含依法视为受理）数 ÷ 受理量"},
	{Key: "avg_days_used", Name: "平均办理用时（工作日）", Kind: "average", Num: m(DaysUsed), Den: m(Concluded),
		List: list("concluded"), Formula: "办结件受理至办结的工作日之和（不含特别程序）÷ 办结量"},
	{Key: "avg_days_promised", Name: "平均承诺时限（工作日）", Kind: "average", Num: m(DaysPromised), Den: m(Concluded),
		List: list("concluded"), Formula: "办结件承诺时限（含延期）之和 ÷ 办结量"},
	{Key: "correction_rate", Name: "补正率", Kind: "rate", Num: m(Corrected), Den: m(Received),
		List: list("corrected"), Formula: "收到补正告知的办件数 ÷ 收件量，按提交日"},
	{Key: "repeated_corrections", Name: "多次补正（违反一次性告知）", Kind: "count", Num: m(CorrectedRepeat),
		List: list("corrected_repeat"), Formula: "补正告知超过一次的办件数"},
	{Key: "instant_share", Name: "即办件占比", Kind: "rate", Higher: true, Num: m(Instant), Den: m(Accepted),
		List: list("instant"), Formula: "即办事项的受理数 ÷ 受理量"},
	{Key: "online_share", Name: "网上申报率", Kind: "rate", Higher: true, Num: m(ReceivedOnline, ReceivedMobile),
		Den: m(Received), List: list("online"), Formula: "网上和掌上提交数 ÷ 收件量"},
	{Key: "no_visit_rate", Name: "零跑动率", Kind: "rate", Higher: true, Num: m(NoVisit), Den: m(Concluded),
		List: list("no_visit"), Formula: "没有到过大厅的办结件数 ÷ 办结量"},
	{Key: "refused", Name: "不予受理", Kind: "count", Num: m(Refused), List: list("refused"),
		Formula: "不予受理的办件数，按决定日"},
	{Key: "withdrawn", Name: "撤回", Kind: "count", Num: m(Withdrawn), List: list("withdrawn"),
		Formula: "申请人撤回的办件数，按撤回日"},
	{Key: "rated", Name: "评价数", Kind: "count", Num: func(c *Counts, _ Config) int64 { return rated(allLevels, c) },
		List: list("rated"), Formula: "首次评价数，按评价日"},
	{Key: "rating_rate", Name: "主动评价率", Kind: "rate", Higher: true,
		Num: func(c *Counts, _ Config) int64 { return rated(allLevels, c) }, Den: m(Concluded, Refused),
		List: list("rated"), Formula: "评价数 ÷（办结量 + 不予受理）"},
	{Key: "good_rate", Name: "好评率", Kind: "rate", Higher: true,
		Num:  func(c *Counts, cfg Config) int64 { return rated(cfg.GoodLevels, c) },
		Den:  func(c *Counts, _ Config) int64 { return rated(allLevels, c) },
		List: func(cfg Config) string { return levelsParam(cfg.GoodLevels) }, Formula: "好评数（计入好评的等级见设置）÷ 评价数"},
	{Key: "bad_rate", Name: "差评率", Kind: "rate", Num: m(Rated1, Rated2),
		Den:  func(c *Counts, _ Config) int64 { return rated(allLevels, c) },
		List: list(levelsParam([]int{1, 2})), Formula: "不满意和非常不满意数 ÷ 评价数"},
	{Key: "bad_rectified_rate", Name: "差评整改率", Kind: "rate", Higher: true, Num: m(BadRectified),
		Den:  func(c *Counts, _ Config) int64 { return c[Rated1] + c[Rated2] - c[BadVoided] },
		List: list("bad_rectified"), Formula: "整改完成（复核通过）的差评数 ÷（差评数 − 申诉核销数）"},
	{Key: "callback_rate", Name: "实名差评回访率", Kind: "rate", Higher: true, Num: m(NamedBadCallback), Den: m(NamedBad),
		List: list("named_bad_callback"), Formula: "已回访的实名差评数 ÷ 实名差评数"},
}

// DefNamed returns the definition of an indicator key.
func DefNamed(key string) (Def, bool) {
	i := slices.IndexFunc(Defs, func(d Def) bool { return d.Key == key })
	if i < 0 {
		return Def{}, false
	}
	return Defs[i], true
}

// Compute computes one indicator from counts.
func (d Def) Compute(c *Counts, cfg Config) Indicator {
	in := Indicator{Key: d.Key, Name: d.Name, Kind: d.Kind, Higher: d.Higher, Num: d.Num(c, cfg), List: d.List(cfg),
		Formula: d.Formula, Defined: true}
	in.Value = float64(in.Num)
	if d.Den != nil {
		in.Den = d.Den(c, cfg)
		in.Defined = in.Den > 0
		in.Value = 0
		if in.Defined {
			in.Value = float64(in.Num) / float64(in.Den)
		}
	}
	return in
}

// Compute computes every indicator from counts.
func Compute(c *Counts, cfg Config) []Indicator {
	if len(cfg.GoodLevels) == 0 {
		cfg = DefaultConfig()
	}
	out := make([]Indicator, len(Defs))
	for i, d := range Defs {
		out[i] = d.Compute(c, cfg)
	}
	return out
}
