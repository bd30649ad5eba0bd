// Package rank is 晾晒: departments and regions ranked by a weighted score
// of the supervision indicators (package stats). A region's evaluation
// scheme (政务服务能力建设评价办法) names the indicators and their weights;
// supervisors of the region edit it. A ranking is computed live for any
// period, and kept for every complete week and month (snapshots), each
// row with the rank of the period before, so that a unit's rise or fall
// shows.
//
// What is ranked (the scheme's subject):
//   - dept: the departments of the scheme's region itself (本级部门, whose
//     region code is exactly the scheme's), not those of the regions below,
//     which their own region's scheme ranks;
//   - region: the scheme region's child regions, each with its whole
//     subtree; cases of the scheme's region itself (本级) belong to no child
//     and count for none.
//
// How a score is made is in score.go.
package rank

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/stats"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Subjects: what a scheme ranks.
const (
	SubjectDept   = "dept"   // the region's own departments
	SubjectRegion = "region" // its child regions
)

// Periods of kept rankings.
const (
	PeriodWeek  = "week"  // Monday to Sunday
	PeriodMonth = "month" // the 1st to the last day
	PeriodLive  = "live"  // any period, computed on request, not kept
)

// Limits of a scheme.
const (
	MaxName       = 50  // characters
	MaxIndicators = 12  // weighted indicators
	MaxWeight     = 100 // the largest weight of one indicator
)

// ObjectType is the audit object type of schemes (object id: the scheme id).
const ObjectType = "rank_scheme"

// Weight is one indicator of a scheme with its weight. Weights need not
// sum to 100: a score divides by their sum.
type Weight struct {
	Indicator string  `json:"indicator" doc:"指标代码（stats 指标的 key），如 ontime_rate"`
	Weight    float64 `json:"weight" doc:"权重，大于 0 且不超过 100；各项权重之和不必为 100，计分时按权重之和归一"`
}

// Scheme is a region's evaluation scheme (评价办法).
type Scheme struct {
	ID         int64     `json:"id"`
	Region     string    `json:"region_code" doc:"制定该办法的行政区划：按 subject 排名其本级部门或下级地区"`
	RegionName string    `json:"region_name"`
	Name       string    `json:"name"`
	Subject    string    `json:"subject" enum:"dept,region" doc:"dept 本级部门 / region 下级地区"`
	Indicators []Weight  `json:"indicators"`
	Active     bool      `json:"active" doc:"停用的办法不再自动生成周、月排名，已保存的排名保留"`
	Version    int       `json:"version"`
	UpdatedBy  int64     `json:"updated_by"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// SubjectTitle says in words what a scheme ranks: 迪庆藏族自治州本级部门.
func (sc *Scheme) SubjectTitle() string {
	name := sc.RegionName
	if name == "" {
		name = sc.Region
	}
	if sc.Subject == SubjectRegion {
		return name + "下级地区"
	}
	return name + "本级部门"
}

// Input is a scheme as a supervisor writes it.
type Input struct {
	Region     string   `json:"region_code,omitempty" doc:"创建时必填；修改时可省略，不能改变"`
	Name       string   `json:"name" doc:"名称，1–50 字，如：迪庆州政务服务能力评价（州直部门）"`
	Subject    string   `json:"subject" doc:"dept 本级部门 / region 下级地区"`
	Indicators []Weight `json:"indicators" doc:"1–12 项指标及权重"`
	// Active on update: nil keeps the scheme's state (a new scheme is active).
	Active *bool `json:"active,omitempty" doc:"修改时：false 停用，true 启用；省略则不变"`
	// Version on update: the version read; a stale one is refused (409).
	Version int `json:"version,omitempty" doc:"修改时必填：读取时的版本号，已被他人修改时返回 409"`
}

// check normalises the fields of in into sc (all but region, active and
// version). Errors name the field: name, subject, indicators[i].indicator,
// indicators[i].weight.
func check(in Input, sc *Scheme) error {
	name, err := validate.Text("name", in.Name, 0, false)
	if err != nil {
		return err
	}
	name = strings.Join(strings.Fields(name), " ") // one line
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return errs.Field("name", "请填写评价办法名称")
	case n > MaxName:
		return errs.Field("name", "评价办法名称最多 %d 个字（现有 %d 个字），请缩短", MaxName, n)
	}
	subject := strings.TrimSpace(in.Subject)
	if subject != SubjectDept && subject != SubjectRegion {
		return errs.Field("subject", "排名对象应为 dept（本级部门）或 region（下级地区）")
	}
	ws, err := checkWeights(in.Indicators)
	if err != nil {
		return err
	}
	sc.Name, sc.Subject, sc.Indicators = name, subject, ws
	return nil
}

// checkWeights checks a scheme's indicator list.
func checkWeights(in []Weight) ([]Weight, error) {
	if len(in) == 0 {
		return nil, errs.Field("indicators", "请至少选择一项指标并填写权重")
	}
	if len(in) > MaxIndicators {
		return nil, errs.Field("indicators", "一个评价办法最多 %d 项指标（现有 %d 项），请合并或删去次要指标", MaxIndicators, len(in))
	}
	out := make([]Weight, 0, len(in))
	for i, w := range in {
		field := "indicators[" + strconv.Itoa(i) + "]"
		key := strings.TrimSpace(w.Indicator)
		if key == "" {
			return nil, errs.Field(field+".indicator", "第 %d 项未选择指标", i+1)
		}
		d, ok := stats.DefNamed(key)
		if !ok {
			return nil, errs.Field(field+".indicator", "第 %d 项指标“%s”不存在，请从指标列表中选择", i+1, key)
		}
		if slices.ContainsFunc(out, func(x Weight) bool { return x.Indicator == key }) {
			return nil, errs.Field(field+".indicator", "指标“%s”重复，每项指标只能出现一次", d.Name)
		}
		if math.IsNaN(w.Weight) || w.Weight <= 0 || w.Weight > MaxWeight {
			return nil, errs.Field(field+".weight", "“%s”的权重应大于 0 且不超过 %d", d.Name, MaxWeight)
		}
		out = append(out, Weight{Indicator: key, Weight: w.Weight})
	}
	return out, nil
}

// Choice is an indicator a scheme may weigh, with how it scores.
type Choice struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Kind string `json:"kind" enum:"count,rate,average"`
	Rule string `json:"rule" doc:"计分规则"`
}

// Choices lists every indicator with its scoring rule, in display order.
func Choices() []Choice {
	out := make([]Choice, len(stats.Defs))
	for i, d := range stats.Defs {
		out[i] = Choice{Key: d.Key, Name: d.Name, Kind: d.Kind, Rule: ruleOf(d)}
	}
	return out
}

// SchemeFilter selects schemes for the store.
type SchemeFilter struct {
	// Regions: schemes of regions in one of these subtrees; nil: every region.
	Regions    []string
	ActiveOnly bool
}

// SnapshotKey names one kept ranking.
type SnapshotKey struct {
	SchemeID int64
	Period   string // week or month
	Start    workcal.Date
	End      workcal.Date // inclusive
	// Next is the start of the period after: its kept rows' previous ranks
	// are refreshed from this one when it is taken again.
	Next workcal.Date
}

// Store keeps schemes and snapshots. Every write stores its audit event in
// the same transaction.
type Store interface {
	// CreateScheme inserts sc (ID and Version set on return); an event
	// without an ObjectID gets the new id.
	CreateScheme(ctx context.Context, sc *Scheme, ev audit.Event) error
	// Scheme returns one scheme. errs.NotFound.
	Scheme(ctx context.Context, id int64) (Scheme, error)
	// Schemes lists schemes by region code, then name.
	Schemes(ctx context.Context, f SchemeFilter) ([]Scheme, error)
	// UpdateScheme writes sc's name, subject, indicators, active flag and
	// updater when the stored version still equals sc.Version, and bumps
	// it (sc.Version too). errs.Conflict when it moved on, errs.NotFound.
	UpdateScheme(ctx context.Context, sc *Scheme, ev audit.Event) error
	// ReplaceSnapshot replaces the kept rows of k with rows (one
	// transaction), refreshes the previous ranks of k.Next's rows, and
	// stores the event.
	ReplaceSnapshot(ctx context.Context, k SnapshotKey, rows []Row, at time.Time, ev audit.Event) error
	// Snapshot returns the kept rows of a period in the order they were
	// given (rank order, then the unranked), and when they were taken; no
	// rows when the period was not kept.
	Snapshot(ctx context.Context, schemeID int64, period string, start workcal.Date) ([]Row, time.Time, error)
	// Kept reports whether a period of the scheme was kept.
	Kept(ctx context.Context, schemeID int64, period string, start workcal.Date) (bool, error)
	// Starts lists the starts of the kept periods, newest first.
	Starts(ctx context.Context, schemeID int64, period string, limit int) ([]workcal.Date, error)
}

// Structure is what rankings read of the organisation (gov.Store has it).
type Structure interface {
	// Region returns one region. errs.NotFound.
	Region(ctx context.Context, code string) (gov.Region, error)
	// ChildRegions lists the regions whose parent is parent.
	ChildRegions(ctx context.Context, parent string) ([]gov.Region, error)
	// ListDepts lists the departments in a region subtree.
	ListDepts(ctx context.Context, q gov.Query) ([]gov.Dept, error)
}
