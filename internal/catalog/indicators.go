package catalog

// Catalog indicators (事项指标) measure how far a region's or a
// department's catalog has gone towards 一网通办. They count the
// implementations in force (published, or suspended/cancelled from a
// future date); province base items are templates, not services anyone
// applies for, so they are never counted.
//
// Every rate is over the application items (依申请事项): the kinds a
// person or organisation applies for — 行政许可, 行政给付, 行政确认,
// 行政奖励, 行政裁决, 其他行政权力, 公共服务. Penalties, enforcement, levies
// and inspections are started by the authority (依职权); nobody applies for
// them online or visits a window for them, so counting them would make every
// rate meaningless. They still appear in the items-by-kind table.
//
// Definitions (N = application items in force):
//   - 网上可办率 = items with online depth ≥ 3 / N. Depth levels of the
//     national standard: 一级 guide published, 二级 forms downloadable,
//     三级 application and materials submitted online (pre-review), 四级
//     whole process online. An item is "can be handled online" when the
//     application itself can be made online, i.e. level 3 or 4; a
//     downloadable form (level 2) or a listed channel alone does not make it so.
//   - 全程网办率 = items with online depth 4 / N.
//   - 最多跑一次率 = items with max_visits ≤ 1 / N.
//   - 即办件率 = instant items / N.
//   - 进驻率 = items stationed in the service hall (in_hall) / N.
//   - 承诺时限压缩率 = 1 − Σ promised_days / Σ legal_days, over the
//     application items with legal_days > 0 (an item without a statutory
//     limit has nothing to compress against; instant items count with
//     promised_days 0, which is the compression they achieve).
// A rate over zero items is undefined (nil), shown as "—", not 0 %.

// IndicatorFilter selects the items counted.
type IndicatorFilter struct {
	Region string `json:"region,omitempty"` // subtree; "" every region
	DeptID int64  `json:"dept,omitempty"`   // 0 every department
}

// Breakdowns of the counts.
const (
	ByRegion = "region" // by child region of the filter's region (the region itself counts as its own row: 本级)
	ByDept   = "dept"   // by department, among the items located exactly in the filter's region
)

// IndicatorCount is one group's raw sums for one kind, as the store
// aggregates them.
type IndicatorCount struct {
	Group       string // child region code, or department id in decimal
	GroupName   string
	Kind        Kind
	Items       int
	OnlineApply int // online_depth ≥ 3
	WholeOnline int // online_depth = 4
	OneVisit    int // max_visits ≤ 1
	Instant     int
	InHall      int
	Timed       int // legal_days > 0
	PromisedSum int // Σ promised_days over the timed items
	LegalSum    int // Σ legal_days over the timed items
}

// AppliedKind reports whether k is an application kind (依申请), the
// denominator of every rate.
func AppliedKind(k Kind) bool {
	switch k {
	case KindPenalty, KindEnforcement, KindLevy, KindInspection:
		return false
	}
	return true
}

// Rate is Count out of Of; Value is nil when Of is 0.
type Rate struct {
	Count int      `json:"count"`
	Of    int      `json:"of"`
	Value *float64 `json:"value"`
}

func rate(n, of int) Rate {
	r := Rate{Count: n, Of: of}
	if of > 0 {
		v := float64(n) / float64(of)
		r.Value = &v
	}
	return r
}

// Compression is the time-limit compression 1 − Σpromised / Σlegal.
type Compression struct {
	Items    int      `json:"items"` // application items with a statutory limit
	Promised int      `json:"promised_days"`
	Legal    int      `json:"legal_days"`
	Value    *float64 `json:"value"`
}

// Figures are the indicators of one set of items.
type Figures struct {
	Items       int         `json:"items"`   // every implementation in force
	Applied     int         `json:"applied"` // of which application items (the rates' denominator)
	Online      Rate        `json:"online"`  // 网上可办率
	WholeOnline Rate        `json:"whole_online"`
	OneVisit    Rate        `json:"one_visit"` // 最多跑一次率
	Instant     Rate        `json:"instant"`   // 即办件率
	InHall      Rate        `json:"in_hall"`   // 进驻率
	Compression Compression `json:"compression"`
}

// KindFigures are the figures of one kind.
type KindFigures struct {
	Kind    Kind   `json:"kind"`
	Title   string `json:"title"`
	Applied bool   `json:"applied"` // an application kind (its rates count)
	Figures
}

// GroupFigures are the figures of a child region or a department.
type GroupFigures struct {
	Code   string `json:"code,omitempty"` // region code
	DeptID int64  `json:"dept_id,omitempty"`
	Name   string `json:"name"`
	Figures
}

// Indicators is the indicator report of a region subtree or department.
type Indicators struct {
	Region     string `json:"region,omitempty"`
	RegionName string `json:"region_name,omitempty"`
	DeptID     int64  `json:"dept,omitempty"`
	DeptName   string `json:"dept_name,omitempty"`
	Figures
	Kinds   []KindFigures  `json:"kinds"`   // every kind, in the standard's order
	Regions []GroupFigures `json:"regions"` // by child region (本级 first)
	Depts   []GroupFigures `json:"depts"`   // departments located in the region itself
}

// Summarize computes the figures of a set of counts.
func Summarize(cs []IndicatorCount) Figures {
	var f Figures
	var online, whole, one, instant, hall int
	for _, c := range cs {
		f.Items += c.Items
		if !AppliedKind(c.Kind) {
			continue
		}
		f.Applied += c.Items
		online += c.OnlineApply
		whole += c.WholeOnline
		one += c.OneVisit
		instant += c.Instant
		hall += c.InHall
		f.Compression.Items += c.Timed
		f.Compression.Promised += c.PromisedSum
		f.Compression.Legal += c.LegalSum
	}
	f.Online, f.WholeOnline, f.OneVisit = rate(online, f.Applied), rate(whole, f.Applied), rate(one, f.Applied)
	f.Instant, f.InHall = rate(instant, f.Applied), rate(hall, f.Applied)
	if f.Compression.Legal > 0 {
		v := 1 - float64(f.Compression.Promised)/float64(f.Compression.Legal)
		f.Compression.Value = &v
	}
	return f
}

// byKind returns every kind's figures, in the standard's order.
func byKind(cs []IndicatorCount) []KindFigures {
	out := make([]KindFigures, len(Kinds))
	for i, k := range Kinds {
		var own []IndicatorCount
		for _, c := range cs {
			if c.Kind == k {
				own = append(own, c)
			}
		}
		out[i] = KindFigures{Kind: k, Title: k.Title(), Applied: AppliedKind(k), Figures: Summarize(own)}
	}
	return out
}

// byGroup returns each group's figures in the order the groups first appear.
func byGroup(cs []IndicatorCount, dept bool) []GroupFigures {
	var order []string
	groups := map[string][]IndicatorCount{}
	names := map[string]string{}
	for _, c := range cs {
		if _, ok := groups[c.Group]; !ok {
			order = append(order, c.Group)
		}
		groups[c.Group] = append(groups[c.Group], c)
		names[c.Group] = c.GroupName
	}
	out := make([]GroupFigures, 0, len(order))
	for _, g := range order {
		gf := GroupFigures{Name: names[g], Figures: Summarize(groups[g])}
		if dept {
			gf.DeptID = parseID(g)
		} else {
			gf.Code = g
		}
		out = append(out, gf)
	}
	return out
}

func parseID(s string) int64 {
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int64(c-'0')
	}
	return n
}
