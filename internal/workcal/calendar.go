package workcal

import (
	"fmt"
	"slices"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// Limits of the counting methods.
const (
	MaxAddDays     = 3650     // Add's n: ten years of working days is beyond any statutory limit
	MaxBetweenDays = 30 * 366 // Between's span in calendar days (about 30 years)
)

// RegionDay is a region's own special day (an autonomous prefecture's
// festival, a local make-up workday). It applies to the region's whole
// subtree and wins over the national schedule and over days entered for
// regions above it.
type RegionDay struct {
	Region    string    `json:"region"`
	Date      Date      `json:"date"`
	Kind      Kind      `json:"kind"`
	Name      string    `json:"name"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy int64     `json:"updated_by"`
}

// Validate checks a region day; errors name the field.
func (d RegionDay) Validate() error {
	if _, err := validate.RegionCode("region", d.Region); err != nil {
		return err
	}
	if err := checkRange("date", d.Date); err != nil {
		return err
	}
	if d.Kind != Holiday && d.Kind != Workday {
		return errs.Field("kind", "类型应为 holiday（放假）或 workday（上班）")
	}
	if msg := checkName(d.Name); msg != "" {
		return errs.Field("name", "%s", msg)
	}
	return nil
}

// Calendar is an immutable working-day calendar: national schedules plus
// region days, precomputed so that every query is a few word operations.
// Build one with Build; share it freely between goroutines.
type Calendar struct {
	national   *layer
	regions    map[string]*layer // region code with own days → its effective layer
	hasData    []bool            // year-MinYear → a national schedule exists
	years      []Schedule
	regionDays []RegionDay
}

// Build makes a calendar from final national schedules (one per year, at
// most) and region days. It checks its input and refuses a bad year or day
// rather than count deadlines on it.
func Build(years []Schedule, regionDays []RegionDay) (*Calendar, error) {
	c := &Calendar{
		national: &layer{bits: slices.Clone(weekendBits())},
		regions:  map[string]*layer{},
		hasData:  make([]bool, MaxYear-MinYear+1),
	}
	for _, s := range years {
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("workcal: %d 年放假安排无效：%w", s.Year, err)
		}
		if c.hasData[s.Year-MinYear] {
			return nil, errs.E(errs.Conflict, "%d 年的放假安排重复", s.Year)
		}
		c.hasData[s.Year-MinYear] = true
		s.Days = slices.Clone(s.Days)
		c.years = append(c.years, s)
		for _, e := range s.Days {
			c.national.special = append(c.national.special, special{date: e.Date, kind: e.Kind, name: e.Name})
		}
	}
	slices.SortFunc(c.years, func(a, b Schedule) int { return a.Year - b.Year })
	slices.SortFunc(c.national.special, func(a, b special) int { return a.date.Compare(b.date) })
	c.national.apply(c.national.special)

	own := map[string]map[Date]RegionDay{}
	for _, d := range regionDays {
		if err := d.Validate(); err != nil {
			return nil, fmt.Errorf("workcal: 地区 %s 在 %s 的安排无效：%w", d.Region, d.Date, err)
		}
		if own[d.Region] == nil {
			own[d.Region] = map[Date]RegionDay{}
		}
		if _, dup := own[d.Region][d.Date]; dup {
			return nil, errs.E(errs.Conflict, "地区 %s 在 %s 的安排重复", d.Region, d.Date)
		}
		own[d.Region][d.Date] = d
		c.regionDays = append(c.regionDays, d)
	}
	slices.SortFunc(c.regionDays, func(a, b RegionDay) int {
		if a.Region != b.Region {
			if a.Region < b.Region {
				return -1
			}
			return 1
		}
		return a.Date.Compare(b.Date)
	})
	for code := range own {
		c.regions[code] = c.regionLayer(code, own)
	}
	return c, nil
}

// regionLayer composes the national layer with the days of code and of
// every region above it; nearer regions win over farther ones.
func (c *Calendar) regionLayer(code string, own map[string]map[Date]RegionDay) *layer {
	over := map[Date]special{}
	anc := validate.RegionAncestors(code) // nearest first
	for i := len(anc) - 1; i >= 0; i-- {
		for _, d := range own[anc[i]] {
			over[d.Date] = special{date: d.Date, kind: d.Kind, name: d.Name, region: d.Region}
		}
	}
	l := &layer{bits: slices.Clone(c.national.bits)}
	for _, s := range c.national.special {
		if _, ok := over[s.date]; !ok {
			l.special = append(l.special, s)
		}
	}
	added := make([]special, 0, len(over))
	for _, s := range over {
		added = append(added, s)
	}
	slices.SortFunc(added, func(a, b special) int { return a.date.Compare(b.date) })
	l.apply(added)
	l.special = append(l.special, added...)
	slices.SortFunc(l.special, func(a, b special) int { return a.date.Compare(b.date) })
	return l
}

// layerFor returns the layer of the nearest region at or above region that
// has days of its own, or the national one.
func (c *Calendar) layerFor(region string) *layer {
	if len(c.regions) == 0 || region == "" {
		return c.national
	}
	for r := region; r != ""; r = validate.RegionParent(r) {
		if l := c.regions[r]; l != nil {
			return l
		}
	}
	return c.national
}

func checkRange(field string, d Date) error {
	if d.n < baseDay || d.n >= endDay {
		return errs.Field(field, "日期 %s 超出工作日历支持的范围（%d 年至 %d 年）", d, MinYear, MaxYear)
	}
	return nil
}

func checkRegion(region string) error {
	if region == "" {
		return nil
	}
	_, err := validate.RegionCode("region", region)
	return err
}

// IsWorkday reports whether d is a working day in region ("" = national
// only). Outside the supported years it falls back to the plain week.
func (c *Calendar) IsWorkday(d Date, region string) bool {
	if d.n < baseDay || d.n >= endDay {
		return !d.IsWeekend()
	}
	return c.layerFor(region).bit(int(d.n - baseDay))
}

// Add returns the n-th working day after from in region ("" = national
// only); from itself never counts, whatever it is. n must be 1..3650
// (errs.Invalid naming "days"); dates outside the supported years are
// Invalid too. Years without a national schedule count weekends only and
// the result says so.
func (c *Calendar) Add(from Date, n int, region string) (Result, error) {
	if n < 1 || n > MaxAddDays {
		return Result{}, errs.Field("days", "工作日天数应为 1 到 %d 之间的整数", MaxAddDays)
	}
	if err := checkRange("from", from); err != nil {
		return Result{}, err
	}
	if err := checkRegion(region); err != nil {
		return Result{}, err
	}
	l := c.layerFor(region)
	idx, ok := l.nth(int(from.n-baseDay)+1, n)
	if !ok {
		return Result{}, errs.Field("days", "推算结果超出工作日历支持的范围（%d 年至 %d 年）", MinYear, MaxYear)
	}
	to := Date{n: baseDay + int32(idx)}
	return Result{From: from, Days: n, Date: to, Region: region, Estimated: c.estimated(from, to), cal: c, l: l}, nil
}

// Between returns the number of working days after from up to and
// including to in region; 0 when to is not after from. The span is capped
// at about 30 years (errs.Invalid naming "to").
func (c *Calendar) Between(from, to Date, region string) (int, error) {
	r, err := c.Span(from, to, region)
	return r.Days, err
}

// Span is Between with an explanation: the Result's Days is the count and
// its Date is to.
func (c *Calendar) Span(from, to Date, region string) (Result, error) {
	if err := checkRange("from", from); err != nil {
		return Result{}, err
	}
	if err := checkRange("to", to); err != nil {
		return Result{}, err
	}
	if to.Sub(from) > MaxBetweenDays {
		return Result{}, errs.Field("to", "起止日期相隔不能超过 30 年")
	}
	if err := checkRegion(region); err != nil {
		return Result{}, err
	}
	r := Result{From: from, Date: to, Region: region, span: true, cal: c}
	if !to.After(from) {
		return r, nil
	}
	r.l = c.layerFor(region)
	r.Days = r.l.count(int(from.n-baseDay)+1, int(to.n-baseDay)+1)
	r.Estimated = c.estimated(from, to)
	return r, nil
}

// estimated reports whether any year of (from, to] lacks a national schedule.
func (c *Calendar) estimated(from, to Date) bool {
	for y := yearOfIndex(from.n - baseDay + 1); y <= yearOfIndex(to.n-baseDay); y++ {
		if !c.hasData[y-MinYear] {
			return true
		}
	}
	return false
}

// HasYear reports whether year has a national schedule.
func (c *Calendar) HasYear(year int) bool {
	return year >= MinYear && year <= MaxYear && c.hasData[year-MinYear]
}

// MissingYears returns the current and next year (of today) when no
// national schedule exists for them: the app shows a banner and a metric,
// because deadlines in those years are estimated from weekends alone.
func (c *Calendar) MissingYears(today Date) []int {
	var out []int
	for _, y := range []int{today.Year(), today.Year() + 1} {
		if !c.HasYear(y) {
			out = append(out, y)
		}
	}
	return out
}

// Years returns the national schedules the calendar counts with (copies).
func (c *Calendar) Years() []Schedule {
	out := slices.Clone(c.years)
	for i := range out {
		out[i].Days = slices.Clone(out[i].Days)
	}
	return out
}

// Schedule returns the national schedule of year.
func (c *Calendar) Schedule(year int) (Schedule, bool) {
	i := slices.IndexFunc(c.years, func(s Schedule) bool { return s.Year == year })
	if i < 0 {
		return Schedule{}, false
	}
	s := c.years[i]
	s.Days = slices.Clone(s.Days)
	return s, true
}

// RegionDays returns every region day, sorted by region and date.
func (c *Calendar) RegionDays() []RegionDay { return slices.Clone(c.regionDays) }
