package workcal

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// OverrideYear is a national schedule entered without a release (import or
// admin page), with who stored it when.
type OverrideYear struct {
	Schedule
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy int64     `json:"updated_by"`
}

// Overrides is everything the database adds to the embedded data.
type Overrides struct {
	Years      []OverrideYear
	RegionDays []RegionDay
}

// Store keeps the calendar's overrides. Every mutating method writes the
// given audit events in the same transaction as its change.
type Store interface {
	// CalendarVersion returns an opaque value that changes whenever an
	// override year or a region day is stored or deleted, so that Reload
	// can skip rebuilding. Errors: Unavailable, Internal.
	CalendarVersion(ctx context.Context) (string, error)
	// LoadCalendar returns every override year with its days and every
	// region day. Errors: Unavailable, Internal.
	LoadCalendar(ctx context.Context) (Overrides, error)
	// ReplaceYear stores s as the national schedule of s.Year, replacing
	// all national days of that year and its notice. Errors: Conflict (a
	// date twice), Unavailable, Internal; on any error nothing changes.
	ReplaceYear(ctx context.Context, s Schedule, by int64, evs ...audit.Event) error
	// PutRegionDay creates or replaces the day d.Region has on d.Date.
	// Errors: Invalid (empty region), Unavailable, Internal.
	PutRegionDay(ctx context.Context, d RegionDay, by int64, evs ...audit.Event) error
	// DeleteRegionDay removes the day region has on date. Errors:
	// NotFound (no such day), Invalid (empty region), Unavailable, Internal.
	DeleteRegionDay(ctx context.Context, region string, date Date, evs ...audit.Event) error
}

// Sources of a national year.
const (
	SourceEmbedded = "embedded" // shipped in the binary
	SourceOverride = "override" // imported or entered by an admin
)

// YearInfo describes one national year for the admin page.
type YearInfo struct {
	Year      int       `json:"year"`
	Source    string    `json:"source"`
	Notice    string    `json:"notice"`
	Holidays  int       `json:"holidays"`
	Workdays  int       `json:"workdays"`
	Replaces  bool      `json:"replaces_embedded"` // an override of a year the binary also ships
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	UpdatedBy int64     `json:"updated_by,omitempty"`
}

// snapshot is one immutable state of the service.
type snapshot struct {
	cal     *Calendar
	years   []YearInfo
	version string
	loaded  bool // version came from the store
}

// Service serves the working-day calendar: the embedded schedules with the
// store's overrides applied. Readers take the current *Calendar without a
// lock; every change and every Reload that finds a new version builds a new
// one and swaps it in. Permission checks are the caller's.
type Service struct {
	store    Store
	embedded map[int]Schedule
	cur      atomic.Pointer[snapshot]
	mu       sync.Mutex // one rebuild at a time
}

// NewService returns a service counting with the embedded schedules (pass
// Embedded()) until the first Reload brings in the store's overrides; call
// Reload at start and then periodically, so that several nodes converge.
// store may be nil for a calendar without overrides. It panics when the
// embedded schedules are invalid, which the package's tests rule out.
func NewService(store Store, embedded ...Schedule) *Service {
	s := &Service{store: store, embedded: map[int]Schedule{}}
	for _, y := range embedded {
		s.embedded[y.Year] = y
	}
	snap, err := s.build(Overrides{})
	if err != nil {
		panic("workcal: embedded schedules: " + err.Error())
	}
	s.cur.Store(snap)
	return s
}

// Calendar returns the current calendar. It never returns nil.
func (s *Service) Calendar() *Calendar { return s.cur.Load().cal }

// Years describes every national year the calendar has, sorted.
func (s *Service) Years() []YearInfo { return slices.Clone(s.cur.Load().years) }

// Reload brings in changes other nodes made. It reads only the store's
// version when nothing changed. On error the current calendar stays.
func (s *Service) Reload(ctx context.Context) error {
	if s.store == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// The version is read before the data: a change that lands in between
	// makes the next Reload see a newer version and load again.
	v, err := s.store.CalendarVersion(ctx)
	if err != nil {
		return err
	}
	if cur := s.cur.Load(); cur.loaded && cur.version == v {
		return nil
	}
	ov, err := s.store.LoadCalendar(ctx)
	if err != nil {
		return err
	}
	snap, err := s.build(ov)
	if err != nil {
		return err
	}
	snap.version, snap.loaded = v, true
	s.cur.Store(snap)
	return nil
}

// build merges embedded and override years and builds the calendar. A bad
// override row (edited in the database by hand) is skipped and logged, so
// that it cannot take the whole calendar down with it.
func (s *Service) build(ov Overrides) (*snapshot, error) {
	byYear := map[int]Schedule{}
	info := map[int]YearInfo{}
	for y, sch := range s.embedded {
		byYear[y] = sch
		h, w := sch.Counts()
		info[y] = YearInfo{Year: y, Source: SourceEmbedded, Notice: sch.Notice, Holidays: h, Workdays: w}
	}
	for _, o := range ov.Years {
		if err := o.Validate(); err != nil {
			slog.Warn("workcal: skipping invalid override year", "year", o.Year, "err", err)
			continue
		}
		_, shipped := s.embedded[o.Year]
		byYear[o.Year] = o.Schedule
		h, w := o.Counts()
		info[o.Year] = YearInfo{Year: o.Year, Source: SourceOverride, Notice: o.Notice, Holidays: h, Workdays: w,
			Replaces: shipped, UpdatedAt: o.UpdatedAt, UpdatedBy: o.UpdatedBy}
	}
	var days []RegionDay
	for _, d := range ov.RegionDays {
		if err := d.Validate(); err != nil {
			slog.Warn("workcal: skipping invalid region day", "region", d.Region, "date", d.Date, "err", err)
			continue
		}
		days = append(days, d)
	}
	years := make([]Schedule, 0, len(byYear))
	for _, y := range byYear {
		years = append(years, y)
	}
	cal, err := Build(years, days)
	if err != nil {
		return nil, err
	}
	snap := &snapshot{cal: cal}
	for _, yi := range info {
		snap.years = append(snap.years, yi)
	}
	slices.SortFunc(snap.years, func(a, b YearInfo) int { return a.Year - b.Year })
	return snap, nil
}

// yearAudit is the audit image of a national year: small enough to read,
// complete enough to restore.
func yearAudit(sch Schedule, source string) map[string]any {
	return map[string]any{"source": source, "notice": sch.Notice, "schedule": sch.Format()}
}

// ImportYear stores sch as the national schedule of its year, replacing the
// embedded one or an earlier import entirely. Errors: Invalid (the schedule
// breaks a rule; nothing is written), the store's errors.
func (s *Service) ImportYear(ctx context.Context, sch Schedule) error {
	if err := s.writable(); err != nil {
		return err
	}
	sch.Days = slices.Clone(sch.Days) // normalize sorts; the caller's slice stays as it was
	sch.normalize()
	if err := sch.Validate(); err != nil {
		return err
	}
	if err := s.Reload(ctx); err != nil {
		return err
	}
	var before any
	if old, ok := s.Calendar().Schedule(sch.Year); ok {
		src := SourceEmbedded
		years := s.Years()
		if i := slices.IndexFunc(years, func(y YearInfo) bool { return y.Year == sch.Year }); i >= 0 {
			src = years[i].Source
		}
		before = yearAudit(old, src)
	}
	ev := audit.New(ctx, "calendar.import_year", "calendar_year", strconv.Itoa(sch.Year), before, yearAudit(sch, SourceOverride), "")
	if err := s.store.ReplaceYear(ctx, sch, audit.ActorFrom(ctx).ID, ev); err != nil {
		return err
	}
	s.reloadAfterWrite(ctx)
	return nil
}

// PutRegionDay creates or replaces a region's own day. Errors: Invalid
// (bad region code, date, kind or name; nothing is written), the store's.
func (s *Service) PutRegionDay(ctx context.Context, region string, date Date, kind Kind, name string) error {
	if err := s.writable(); err != nil {
		return err
	}
	d := RegionDay{Region: strings.TrimSpace(region), Date: date, Kind: kind, Name: strings.TrimSpace(name)}
	if err := d.Validate(); err != nil {
		return err
	}
	if err := s.Reload(ctx); err != nil {
		return err
	}
	var before any
	if old, ok := s.regionDay(d.Region, date); ok {
		before = dayAudit(old)
	}
	ev := audit.New(ctx, "calendar.put_day", "calendar_day", dayID(d.Region, date), before, dayAudit(d), "")
	if err := s.store.PutRegionDay(ctx, d, audit.ActorFrom(ctx).ID, ev); err != nil {
		return err
	}
	s.reloadAfterWrite(ctx)
	return nil
}

// DeleteRegionDay removes a region's own day. Errors: Invalid (bad region
// code), NotFound (no such day), the store's.
func (s *Service) DeleteRegionDay(ctx context.Context, region string, date Date) error {
	if err := s.writable(); err != nil {
		return err
	}
	region = strings.TrimSpace(region)
	if err := (RegionDay{Region: region, Date: date, Kind: Holiday, Name: "-"}).Validate(); err != nil {
		return err
	}
	if err := s.Reload(ctx); err != nil {
		return err
	}
	var before any
	if old, ok := s.regionDay(region, date); ok {
		before = dayAudit(old)
	}
	ev := audit.New(ctx, "calendar.delete_day", "calendar_day", dayID(region, date), before, nil, "")
	if err := s.store.DeleteRegionDay(ctx, region, date, ev); err != nil {
		return err
	}
	s.reloadAfterWrite(ctx)
	return nil
}

func (s *Service) writable() error {
	if s.store == nil {
		return errs.E(errs.Unavailable, "工作日历未连接数据库，不能修改")
	}
	return nil
}

// reloadAfterWrite shows a committed change at once. Failing here does not
// undo the change, so it is logged and left to the next periodic Reload.
func (s *Service) reloadAfterWrite(ctx context.Context) {
	if err := s.Reload(ctx); err != nil {
		slog.WarnContext(ctx, "workcal: reload after change failed", "err", err)
	}
}

func (s *Service) regionDay(region string, date Date) (RegionDay, bool) {
	for _, d := range s.Calendar().regionDays {
		if d.Region == region && d.Date == date {
			return d, true
		}
	}
	return RegionDay{}, false
}

func dayID(region string, date Date) string { return region + "/" + date.String() }

func dayAudit(d RegionDay) map[string]any {
	return map[string]any{"region": d.Region, "date": d.Date.String(), "kind": string(d.Kind), "name": d.Name}
}
