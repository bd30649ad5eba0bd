package stats

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Names finds what the figures' units are called.
type Names interface {
	Region(ctx context.Context, code string) (gov.Region, error)
	Dept(ctx context.Context, id int64) (gov.Dept, error)
	Hall(ctx context.Context, id int64) (gov.Hall, error)
}

// CaseLister lists the cases a figure counts (the case store).
type CaseLister interface {
	List(ctx context.Context, f cases.ListFilter) ([]cases.Summary, int, error)
}

// Service answers figure queries within the asker's scope.
type Service struct {
	store Store
	names Names
	cases CaseLister
	now   func() time.Time
	// Config decides how figures count (好评率's levels).
	Config Config
	// Catalog, when set, adds the catalogue's indicators of the scope
	// (网上可办率, 即办件率 …) to every report.
	Catalog *catalog.Reports
	// nameCache remembers unit names for nameTTL (key "r533400", "d12", "h3").
	nameCache sync.Map
	// catalogCache remembers the catalogue's indicators for catalogTTL.
	catalogCache sync.Map
}

// NewService returns the figures service; now may be nil.
func NewService(store Store, names Names, cs CaseLister, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, names: names, cases: cs, now: now, Config: DefaultConfig()}
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Query is a figure request as it arrives (query parameters).
type Query struct {
	Region string `query:"region" maxLength:"12" doc:"行政区划代码（含下级），默认为本人权限的辖区"`
	Dept   int64  `query:"dept" minimum:"0" doc:"部门编号"`
	Hall   int64  `query:"hall" minimum:"0" doc:"大厅编号（受理大厅）"`
	Staff  int64  `query:"staff" minimum:"0" doc:"受理人员账号编号"`
	From   string `query:"from" maxLength:"10" doc:"起始日期 YYYY-MM-DD（含），默认本月 1 日"`
	To     string `query:"to" maxLength:"10" doc:"截止日期 YYYY-MM-DD（含），默认今天"`
}

// Values encodes q as URL query parameters (for links).
func (q Query) Values() string {
	var parts []string
	add := func(k, v string) {
		if v != "" && v != "0" {
			parts = append(parts, k+"="+v)
		}
	}
	add("region", q.Region)
	add("dept", strconv.FormatInt(q.Dept, 10))
	add("hall", strconv.FormatInt(q.Hall, 10))
	add("staff", strconv.FormatInt(q.Staff, 10))
	add("from", q.From)
	add("to", q.To)
	return strings.Join(parts, "&")
}

// MaxDays is the longest period one query may cover.
const MaxDays = 1100

// Resolve checks a query and the asker's right to it and returns the
// filter: the region defaults to the asker's own, the period to this
// month so far. Forbidden outside the asker's stats.view grants.
func (s *Service) Resolve(p *access.Principal, q Query) (Filter, error) {
	if p == nil {
		return Filter{}, errs.E(errs.Unauthorized, "请先登录")
	}
	today := workcal.Today(s.now())
	f := Filter{Region: strings.TrimSpace(q.Region), DeptID: q.Dept, HallID: q.Hall, StaffID: q.Staff,
		From: workcal.NewDate(today.Year(), today.Month(), 1), To: today}
	var err error
	if q.From != "" {
		if f.From, err = workcal.ParseDateField("from", q.From); err != nil {
			return Filter{}, err
		}
	}
	if q.To != "" {
		if f.To, err = workcal.ParseDateField("to", q.To); err != nil {
			return Filter{}, err
		}
	}
	if f.To.Before(f.From) {
		return Filter{}, errs.Field("to", "截止日期 %s 早于起始日期 %s", f.To, f.From)
	}
	if f.To.Sub(f.From) >= MaxDays {
		return Filter{}, errs.Field("from", "一次最多查询 %d 天", MaxDays)
	}
	if f.DeptID < 0 || f.HallID < 0 || f.StaffID < 0 {
		return Filter{}, errs.Field("dept", "编号无效")
	}
	if f.Region != "" {
		if _, err := validate.RegionCode("region", f.Region); err != nil {
			return Filter{}, err
		}
	}
	if f.Region == "" || f.DeptID == 0 && f.HallID == 0 {
		// Default to the asker's grant: its region, and its department or
		// hall when it is limited to one.
		g, ok := p.GrantFor(access.StatsView, func(g access.Grant) bool {
			return f.Region == "" || validate.InRegion(f.Region, g.Region)
		})
		if ok {
			if f.Region == "" {
				f.Region = g.Region
			}
			if f.DeptID == 0 && f.HallID == 0 {
				f.DeptID, f.HallID = g.DeptID, g.HallID
			}
		}
	}
	if f.Region == "" || !p.Can(access.StatsView, access.Scope{Region: f.Region, DeptID: f.DeptID, HallID: f.HallID}) {
		return Filter{}, errs.E(errs.Forbidden, "无权查看该范围的指标：请选择您负责的辖区、部门或大厅")
	}
	return f, nil
}

// Report is the figures of one scope and period.
type Report struct {
	Filter     Filter      `json:"filter"`
	Scope      string      `json:"scope"` // what the figures cover, in words
	Indicators []Indicator `json:"indicators"`
	// Counts are the raw counters by column name.
	Counts map[string]int64 `json:"counts"`
	// Catalog is the catalogue's indicators of the same region and
	// department (items, not cases: the period does not apply).
	Catalog *catalog.Indicators `json:"catalog,omitempty"`
}

// Indicators computes every indicator for a query.
func (s *Service) Indicators(ctx context.Context, p *access.Principal, q Query) (Report, error) {
	f, err := s.Resolve(p, q)
	if err != nil {
		return Report{}, err
	}
	c, err := s.store.Totals(ctx, f)
	if err != nil {
		return Report{}, err
	}
	r := Report{Filter: f, Scope: s.Scope(ctx, f), Indicators: Compute(&c, s.Config), Counts: countMap(&c)}
	if s.Catalog != nil && f.HallID == 0 && f.StaffID == 0 {
		ind, err := s.catalogIndicators(ctx, f.Region, f.DeptID)
		if err != nil {
			return Report{}, err
		}
		r.Catalog = &ind
	}
	return r, nil
}

// catalogTTL is how long the catalogue's indicators of a scope are reused:
// they count items, which change by publication, not by the minute, and
// computing them costs more than all of a report's case figures.
const catalogTTL = time.Minute

type cachedCatalog struct {
	ind catalog.Indicators
	at  time.Time
}

func (s *Service) catalogIndicators(ctx context.Context, region string, dept int64) (catalog.Indicators, error) {
	key := fmt.Sprintf("%s|%d", region, dept)
	if v, ok := s.catalogCache.Load(key); ok && time.Since(v.(cachedCatalog).at) < catalogTTL {
		return v.(cachedCatalog).ind, nil
	}
	ind, err := s.Catalog.Indicators(ctx, catalog.IndicatorFilter{Region: region, DeptID: dept})
	if err == nil {
		s.catalogCache.Store(key, cachedCatalog{ind, time.Now()})
	}
	return ind, err
}

func countMap(c *Counts) map[string]int64 {
	out := make(map[string]int64, NumMetrics)
	for i, n := range c {
		out[Columns[i]] = n
	}
	return out
}

// Scope says in words what a filter covers: region · department · hall ·
// staff · period.
func (s *Service) Scope(ctx context.Context, f Filter) string {
	var parts []string
	if f.Region != "" {
		parts = append(parts, s.regionName(ctx, f.Region))
	}
	if f.DeptID != 0 {
		parts = append(parts, s.deptName(ctx, f.DeptID))
	}
	if f.HallID != 0 {
		parts = append(parts, s.hallName(ctx, f.HallID))
	}
	if f.StaffID != 0 {
		parts = append(parts, fmt.Sprintf("受理人员 #%d", f.StaffID))
	}
	parts = append(parts, fmt.Sprintf("%s 至 %s", f.From, f.To))
	return strings.Join(parts, " · ")
}

// nameTTL is how long a unit's name is remembered: a breakdown names
// dozens of departments, and names change rarely.
const nameTTL = 5 * time.Minute

type cachedName struct {
	name string
	at   time.Time
}

// named returns the cached name under key, or looks it up (a failed
// lookup is not remembered).
func (s *Service) named(key string, lookup func() (string, bool)) string {
	now := time.Now()
	if v, ok := s.nameCache.Load(key); ok && now.Sub(v.(cachedName).at) < nameTTL {
		return v.(cachedName).name
	}
	name, ok := lookup()
	if ok {
		s.nameCache.Store(key, cachedName{name, now})
	}
	return name
}

func (s *Service) regionName(ctx context.Context, code string) string {
	return s.named("r"+code, func() (string, bool) {
		if r, err := s.names.Region(ctx, code); err == nil {
			return r.Name, true
		}
		return code, false
	})
}

func (s *Service) deptName(ctx context.Context, id int64) string {
	return s.named(fmt.Sprintf("d%d", id), func() (string, bool) {
		if d, err := s.names.Dept(ctx, id); err == nil {
			return d.Name, true
		}
		return fmt.Sprintf("部门 #%d", id), false
	})
}

func (s *Service) hallName(ctx context.Context, id int64) string {
	if id == 0 {
		return "网上（无大厅）"
	}
	return s.named(fmt.Sprintf("h%d", id), func() (string, bool) {
		if h, err := s.names.Hall(ctx, id); err == nil {
			return h.Name, true
		}
		return fmt.Sprintf("大厅 #%d", id), false
	})
}

// Group is one row of a breakdown.
type Group struct {
	Key        string      `json:"key"`  // region code, dept or hall id, YYYY-MM or YYYY-MM-DD
	Name       string      `json:"name"` // in words
	Query      Query       `json:"-"`    // the query that opens this group's own figures
	Indicators []Indicator `json:"indicators"`
}

// Breakdown is the figures of a scope split by region, department, hall,
// month or day.
type Breakdown struct {
	Filter Filter  `json:"filter"`
	Scope  string  `json:"scope"`
	By     string  `json:"by"`
	Groups []Group `json:"groups"`
}

// Breakdown splits a query's figures. By day is limited to 92 days.
func (s *Service) Breakdown(ctx context.Context, p *access.Principal, q Query, by string) (Breakdown, error) {
	f, err := s.Resolve(p, q)
	if err != nil {
		return Breakdown{}, err
	}
	if !slices.Contains([]string{ByRegion, ByDept, ByHall, ByMonth, ByDay}, by) {
		return Breakdown{}, errs.Field("by", "分组方式应为 region、dept、hall、month 或 day")
	}
	if by == ByDay && f.To.Sub(f.From) > 92 {
		return Breakdown{}, errs.Field("by", "按日分组最多 92 天，请按月分组")
	}
	rows, err := s.store.By(ctx, f, by)
	if err != nil {
		return Breakdown{}, err
	}
	out := Breakdown{Filter: f, Scope: s.Scope(ctx, f), By: by}
	for _, r := range rows {
		g := Group{Key: r.Key, Indicators: Compute(&r.Counts, s.Config)}
		for i := range g.Indicators {
			g.Indicators[i].Formula = "" // said once by the indicators endpoint and stats.Defs, not per group
		}
		sub := QueryOf(f)
		switch by {
		case ByRegion:
			g.Key = RegionOfPrefix(r.Key)
			g.Name, sub.Region = s.regionName(ctx, g.Key), g.Key
		case ByDept:
			id, _ := strconv.ParseInt(r.Key, 10, 64)
			g.Name, sub.Dept = s.deptName(ctx, id), id
		case ByHall:
			id, _ := strconv.ParseInt(r.Key, 10, 64)
			g.Name, sub.Hall = s.hallName(ctx, id), id
		case ByMonth:
			g.Name = r.Key
			first, _ := workcal.ParseDate(r.Key + "-01")
			last := workcal.NewDate(first.Year(), first.Month()+1, 1).AddDays(-1)
			sub.From, sub.To = maxDate(first, f.From).String(), minDate(last, f.To).String()
		case ByDay:
			g.Name, sub.From, sub.To = r.Key, r.Key, r.Key
		}
		g.Query = sub
		out.Groups = append(out.Groups, g)
	}
	slices.SortFunc(out.Groups, func(a, b Group) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// QueryOf is the query that selects f (for links).
func QueryOf(f Filter) Query {
	return Query{Region: f.Region, Dept: f.DeptID, Hall: f.HallID, Staff: f.StaffID, From: f.From.String(), To: f.To.String()}
}

func maxDate(a, b workcal.Date) workcal.Date {
	if a.After(b) {
		return a
	}
	return b
}

func minDate(a, b workcal.Date) workcal.Date {
	if a.Before(b) {
		return a
	}
	return b
}

// RegionOfPrefix turns a grouping prefix back into a region code: 53 →
// 530000, 5334 → 533400; longer prefixes are codes already.
func RegionOfPrefix(p string) string {
	if len(p) < 6 {
		return p + strings.Repeat("0", 6-len(p))
	}
	return p
}

// CasesQuery asks for the records behind one figure.
type CasesQuery struct {
	Query
	Metric string `query:"metric" maxLength:"40" doc:"指标的记录口径（指标的 list 字段），如 concluded_overdue"`
	Scores string `query:"scores" maxLength:"9" doc:"评价等级，逗号分隔（metric=rated 时）"`
	Cursor string `query:"cursor" maxLength:"20"`
	Limit  int    `query:"limit" minimum:"0" maximum:"100"`
}

// CasesPage is the records behind a figure, newest first.
type CasesPage struct {
	Scope      string          `json:"scope"`
	Metric     string          `json:"metric"`
	Cases      []cases.Summary `json:"cases"`
	Total      int             `json:"total"`
	NextCursor string          `json:"next_cursor,omitempty"`
}

// Cases lists the cases a figure counts, within the asker's scope.
func (s *Service) Cases(ctx context.Context, p *access.Principal, q CasesQuery) (CasesPage, error) {
	f, err := s.Resolve(p, q.Query)
	if err != nil {
		return CasesPage{}, err
	}
	ff := &cases.FigureFilter{Metric: q.Metric, Region: f.Region, DeptID: f.DeptID, HallID: f.HallID, StaffID: f.StaffID,
		FromMS: f.From.Time().Add(-8 * time.Hour).UnixMilli(), ToMS: f.To.AddDays(1).Time().Add(-8 * time.Hour).UnixMilli()}
	for _, sc := range strings.Split(q.Scores, ",") {
		if sc = strings.TrimSpace(sc); sc == "" {
			continue
		}
		n, err := strconv.Atoi(sc)
		if err != nil || n < 1 || n > 5 {
			return CasesPage{}, errs.Field("scores", "评价等级应为 1 到 5")
		}
		ff.Scores = append(ff.Scores, n)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	lf := cases.ListFilter{Figure: ff, Limit: limit}
	if q.Cursor != "" {
		if lf.Before, err = strconv.ParseInt(q.Cursor, 10, 64); err != nil || lf.Before <= 0 {
			return CasesPage{}, errs.Field("cursor", "分页游标无效")
		}
	}
	list, total, err := s.cases.List(ctx, lf)
	if err != nil {
		return CasesPage{}, err
	}
	pg := CasesPage{Scope: s.Scope(ctx, f), Metric: q.Metric, Cases: list, Total: total}
	if len(list) == limit {
		pg.NextCursor = strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	return pg, nil
}
