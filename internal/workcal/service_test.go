package workcal

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// memStore is an in-memory Store for the service's own rules (snapshots,
// reload, audit images); the SQL implementation is tested on both engines
// in internal/sqlstore.
type memStore struct {
	mu      sync.Mutex
	version int
	loads   int
	years   map[int]OverrideYear
	days    map[string]RegionDay
	events  []audit.Event
}

func newMemStore() *memStore {
	return &memStore{years: map[int]OverrideYear{}, days: map[string]RegionDay{}}
}

func (m *memStore) CalendarVersion(context.Context) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return fmt.Sprint(m.version), nil
}

func (m *memStore) LoadCalendar(context.Context) (Overrides, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.loads++
	var o Overrides
	for _, y := range m.years {
		o.Years = append(o.Years, y)
	}
	for _, d := range m.days {
		o.RegionDays = append(o.RegionDays, d)
	}
	return o, nil
}

func (m *memStore) ReplaceYear(_ context.Context, s Schedule, by int64, evs ...audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.years[s.Year] = OverrideYear{Schedule: s, UpdatedAt: time.Now(), UpdatedBy: by}
	m.version++
	m.events = append(m.events, evs...)
	return nil
}

func (m *memStore) PutRegionDay(_ context.Context, d RegionDay, by int64, evs ...audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	d.UpdatedBy = by
	m.days[dayID(d.Region, d.Date)] = d
	m.version++
	m.events = append(m.events, evs...)
	return nil
}

func (m *memStore) DeleteRegionDay(_ context.Context, region string, date Date, evs ...audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.days[dayID(region, date)]; !ok {
		return errs.E(errs.NotFound, "没有该安排")
	}
	delete(m.days, dayID(region, date))
	m.version++
	m.events = append(m.events, evs...)
	return nil
}

func TestServiceImportReplacesAYearEntirely(t *testing.T) {
	ctx := audit.WithActor(context.Background(), audit.Actor{ID: 7, Name: "sysadmin", Role: "sysadmin"})
	st := newMemStore()
	svc := NewService(st, Embedded()...)
	if err := svc.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if got := svc.Calendar().MissingYears(d("2026-11-23")); len(got) != 1 || got[0] != 2027 {
		t.Fatalf("missing = %v", got)
	}
	y2027, err := ParseSchedule(strings.NewReader(sample2027))
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.ImportYear(ctx, y2027); err != nil {
		t.Fatal(err)
	}
	cal := svc.Calendar()
	if cal.IsWorkday(d("2027-02-08"), "") || !cal.IsWorkday(d("2027-01-09"), "") || cal.MissingYears(d("2026-11-23")) != nil {
		t.Fatal("imported 2027 not in force")
	}
	// A corrected 2026 that drops 国庆 must remove it, not merge with the embedded days.
	fix := Schedule{Year: 2026, Notice: "更正", Days: []Entry{{d("2026-01-01"), Holiday, "元旦"}}}
	if err := svc.ImportYear(ctx, fix); err != nil {
		t.Fatal(err)
	}
	if !svc.Calendar().IsWorkday(d("2026-10-08"), "") || !svc.Calendar().IsWorkday(d("2026-10-05"), "") {
		t.Fatal("the imported 2026 was merged with the embedded one")
	}
	years := svc.Years()
	if len(years) != 8 || years[6].Source != SourceOverride || !years[6].Replaces || years[6].UpdatedBy != 7 ||
		years[7].Year != 2027 || years[7].Replaces || years[0].Source != SourceEmbedded || years[0].Holidays != 30 || years[0].Workdays != 6 {
		t.Fatalf("years = %+v", years)
	}
	ev := st.events[1]
	if ev.Action != "calendar.import_year" || ev.ObjectType != "calendar_year" || ev.ObjectID != "2026" ||
		!strings.Contains(ev.Before, `"source":"embedded"`) || !strings.Contains(ev.Before, "国庆节") ||
		!strings.Contains(ev.After, `"source":"override"`) || ev.ActorName != "sysadmin" {
		t.Fatalf("audit event %+v", ev)
	}
	if st.events[0].Before != "" {
		t.Fatalf("a new year has no before image: %q", st.events[0].Before)
	}
}

func TestServiceRejectsBadInputWithoutWriting(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	svc := NewService(st, Embedded()...)
	bad := Schedule{Year: 2027, Days: []Entry{{d("2027-01-04"), Workday, "周一调休"}}}
	if err := svc.ImportYear(ctx, bad); !errs.Is(err, errs.Invalid) {
		t.Fatalf("import: %v", err)
	}
	for _, c := range []struct {
		region, kind, name, field string
	}{
		{"5334", "holiday", "州庆", "region"},
		{"533400", "off", "州庆", "kind"},
		{"533400", "holiday", " ", "name"},
	} {
		err := svc.PutRegionDay(ctx, c.region, d("2026-09-14"), Kind(c.kind), c.name)
		if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != c.field {
			t.Errorf("PutRegionDay(%+v) = %v", c, err)
		}
	}
	if st.version != 0 || len(st.events) != 0 {
		t.Fatalf("store written: %d, %d events", st.version, len(st.events))
	}
	if err := NewService(nil, Embedded()...).PutRegionDay(ctx, "533400", d("2026-09-14"), Holiday, "州庆"); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("no store: %v", err)
	}
}

func TestServiceRegionDaysAndReload(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	a := NewService(st, Embedded()...)
	b := NewService(st, Embedded()...) // another node on the same database
	if err := a.PutRegionDay(ctx, "533400", d("2026-09-14"), Holiday, "州庆"); err != nil {
		t.Fatal(err)
	}
	if a.Calendar().IsWorkday(d("2026-09-14"), "533401001") == true {
		t.Fatal("the writer does not see its own change")
	}
	if !b.Calendar().IsWorkday(d("2026-09-14"), "533401001") {
		t.Fatal("b changed before reloading")
	}
	if err := b.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if b.Calendar().IsWorkday(d("2026-09-14"), "533401001") {
		t.Fatal("b did not converge")
	}
	cal, loads := b.Calendar(), st.loads
	if err := b.Reload(ctx); err != nil || b.Calendar() != cal || st.loads != loads {
		t.Fatal("Reload rebuilt although nothing changed")
	}
	if err := a.PutRegionDay(ctx, "533400", d("2026-09-14"), Holiday, "州庆节"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(st.events[1].Before, `"name":"州庆"`) || st.events[1].ObjectID != "533400/2026-09-14" {
		t.Fatalf("put event %+v", st.events[1])
	}
	if err := a.DeleteRegionDay(ctx, "533400", d("2026-09-14")); err != nil {
		t.Fatal(err)
	}
	if !a.Calendar().IsWorkday(d("2026-09-14"), "533401001") || st.events[2].Action != "calendar.delete_day" || st.events[2].After != "" {
		t.Fatalf("delete: %+v", st.events[2])
	}
	if err := a.DeleteRegionDay(ctx, "533400", d("2026-09-14")); !errs.Is(err, errs.NotFound) {
		t.Fatalf("second delete: %v", err)
	}
}
