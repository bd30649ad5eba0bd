package stats

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// PublicBoard is 好差评公示: the rating results of each department of a
// region subtree in one month, for everyone. It holds counts and rates
// only — no names, comments or case numbers.
type PublicBoard struct {
	Region     string       `json:"region"`
	RegionName string       `json:"region_name"`
	Month      string       `json:"month"` // YYYY-MM
	From       workcal.Date `json:"from"`
	To         workcal.Date `json:"to"`
	Rows       []PublicRow  `json:"rows"`
	Total      PublicRow    `json:"total"`
	// GoodLevels are the levels 好评率 counts.
	GoodLevels []int `json:"good_levels"`
}

// PublicRow is one department's results.
type PublicRow struct {
	Name      string    `json:"name"`
	Rated     int64     `json:"rated"`
	Levels    [5]int64  `json:"levels"` // 非常不满意 … 非常满意
	Good      Indicator `json:"good_rate"`
	Bad       Indicator `json:"bad_rate"`
	Rectified Indicator `json:"bad_rectified_rate"`
	Callback  Indicator `json:"callback_rate"`
}

// Public builds the board of region (subtree) for month (YYYY-MM; ""
// this month so far), departments with most ratings first.
func (s *Service) Public(ctx context.Context, region, month string) (PublicBoard, error) {
	if _, err := validate.RegionCode("region", region); err != nil {
		return PublicBoard{}, err
	}
	today := workcal.Today(s.now())
	if month == "" {
		month = today.String()[:7]
	}
	first, err := workcal.ParseDate(month + "-01")
	if err != nil || len(month) != 7 {
		return PublicBoard{}, errs.Field("month", "月份应为 YYYY-MM，如 %s", today.String()[:7])
	}
	if first.After(today) {
		return PublicBoard{}, errs.Field("month", "%s 还没有到", month)
	}
	last := workcal.NewDate(first.Year(), first.Month()+1, 1).AddDays(-1)
	if last.After(today) {
		last = today
	}
	f := Filter{Region: region, From: first, To: last}
	rows, err := s.store.By(ctx, f, ByDept)
	if err != nil {
		return PublicBoard{}, err
	}
	b := PublicBoard{Region: region, RegionName: s.regionName(ctx, region), Month: month, From: first, To: last,
		GoodLevels: s.Config.GoodLevels}
	var total Counts
	for _, r := range rows {
		if rated(allLevels, &r.Counts) == 0 {
			continue
		}
		id, _ := strconv.ParseInt(r.Key, 10, 64)
		b.Rows = append(b.Rows, s.publicRow(s.deptName(ctx, id), &r.Counts))
		total.Add(&r.Counts)
	}
	slices.SortFunc(b.Rows, func(x, y PublicRow) int {
		if x.Rated != y.Rated {
			return int(y.Rated - x.Rated)
		}
		return strings.Compare(x.Name, y.Name)
	})
	b.Total = s.publicRow("合计", &total)
	return b, nil
}

func (s *Service) publicRow(name string, c *Counts) PublicRow {
	r := PublicRow{Name: name, Rated: rated(allLevels, c)}
	for i := range r.Levels {
		r.Levels[i] = c[Rated1+Metric(i)]
	}
	for _, in := range Compute(c, s.Config) {
		in.List = "" // the public board opens no records
		switch in.Key {
		case "good_rate":
			r.Good = in
		case "bad_rate":
			r.Bad = in
		case "bad_rectified_rate":
			r.Rectified = in
		case "callback_rate":
			r.Callback = in
		}
	}
	return r
}
