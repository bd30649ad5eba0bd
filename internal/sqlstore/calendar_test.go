package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/workcal"
)

// A made-up 2027 schedule in the import format (the real notice is not out).
const calendar2027 = `# 测试数据
year 2027
notice 测试通知〔2026〕1号
holiday 2027-01-01..2027-01-03 元旦
workday 2027-01-09 元旦调休
holiday 2027-02-05..2027-02-11 春节
workday 2027-02-20 春节调休
`

func date(t *testing.T, s string) workcal.Date {
	t.Helper()
	d, err := workcal.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func auditCount(t *testing.T, db *sqlstore.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM audit_events").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCalendarImportRegionDaysAndReload(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{ID: 3, Name: "sysadmin", Role: "sysadmin"})
		st := sqlstore.NewCalendarStore(db)
		node1 := workcal.NewService(st, workcal.Embedded()...)
		node2 := workcal.NewService(st, workcal.Embedded()...)
		for _, n := range []*workcal.Service{node1, node2} {
			if err := n.Reload(ctx); err != nil {
				t.Fatal(err)
			}
		}
		sch, err := workcal.ParseSchedule(strings.NewReader(calendar2027))
		if err != nil {
			t.Fatal(err)
		}
		if err := node1.ImportYear(ctx, sch); err != nil {
			t.Fatal(err)
		}
		if err := node1.PutRegionDay(ctx, "533400", date(t, "2026-09-14"), workcal.Holiday, "州庆"); err != nil {
			t.Fatal(err)
		}
		if err := node1.PutRegionDay(ctx, "533401", date(t, "2027-01-11"), workcal.Holiday, "县庆"); err != nil {
			t.Fatal(err)
		}
		if err := node1.PutRegionDay(ctx, "533400", date(t, "2026-09-14"), workcal.Holiday, "迪庆州庆"); err != nil {
			t.Fatal(err) // replaces, not duplicates
		}
		if got := auditCount(t, db); got != 4 {
			t.Fatalf("%d audit events, want 4", got)
		}

		// The other node sees nothing until it reloads, then everything.
		if node2.Calendar().HasYear(2027) {
			t.Fatal("node2 changed without a reload")
		}
		if err := node2.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		cal := node2.Calendar()
		if !cal.HasYear(2027) || cal.IsWorkday(date(t, "2027-02-08"), "") || !cal.IsWorkday(date(t, "2027-01-09"), "") {
			t.Fatal("node2 does not count with the imported 2027")
		}
		if cal.IsWorkday(date(t, "2026-09-14"), "533401001") || !cal.IsWorkday(date(t, "2026-09-14"), "530100") {
			t.Fatal("region day not applied to the subtree only")
		}
		r, err := cal.Add(date(t, "2027-01-08"), 2, "533401")
		if err != nil || r.Date != date(t, "2027-01-12") || r.Estimated {
			t.Fatalf("2027-01-08 + 2 in 533401 = %+v, %v", r, err)
		}
		days := cal.RegionDays()
		if len(days) != 2 || days[0].Name != "迪庆州庆" || days[0].UpdatedBy != 3 {
			t.Fatalf("region days = %+v", days)
		}
		years := node2.Years()
		if y := years[len(years)-1]; y.Year != 2027 || y.Source != workcal.SourceOverride || y.Holidays != 10 || y.Workdays != 2 || y.UpdatedBy != 3 {
			t.Fatalf("2027 info = %+v", y)
		}
		// Reload is cheap and keeps the snapshot when nothing changed.
		if err := node2.Reload(ctx); err != nil || node2.Calendar() != cal {
			t.Fatalf("reload rebuilt without a change: %v", err)
		}

		// Re-importing replaces the year: 春节 moves, the old days are gone.
		sch2, err := workcal.ParseSchedule(strings.NewReader("year 2027\nnotice 更正\nholiday 2027-02-06..2027-02-12 春节\n"))
		if err != nil {
			t.Fatal(err)
		}
		if err := node1.ImportYear(ctx, sch2); err != nil {
			t.Fatal(err)
		}
		if err := node1.DeleteRegionDay(ctx, "533400", date(t, "2026-09-14")); err != nil {
			t.Fatal(err)
		}
		if err := node1.DeleteRegionDay(ctx, "533400", date(t, "2026-09-14")); !errs.Is(err, errs.NotFound) {
			t.Fatalf("second delete: %v", err)
		}
		if err := node2.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		cal = node2.Calendar()
		if !cal.IsWorkday(date(t, "2027-01-01"), "") || cal.IsWorkday(date(t, "2027-02-12"), "") ||
			!cal.IsWorkday(date(t, "2026-09-14"), "533401001") {
			t.Fatal("replacement or deletion not seen by node2")
		}
		if got := auditCount(t, db); got != 6 {
			t.Fatalf("%d audit events, want 6", got)
		}
		var action, objectID, before, after string
		if err := db.QueryRow(ctx, "SELECT action, object_id, before_json, after_json FROM audit_events WHERE seq = 5").
			Scan(&action, &objectID, &before, &after); err != nil {
			t.Fatal(err)
		}
		if action != "calendar.import_year" || objectID != "2027" || !strings.Contains(before, "2027-02-05..2027-02-11") ||
			!strings.Contains(after, "更正") {
			t.Fatalf("import event %s %s before=%s after=%s", action, objectID, before, after)
		}
	})
}

func TestCalendarBadImportChangesNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		st := sqlstore.NewCalendarStore(db)
		svc := workcal.NewService(st, workcal.Embedded()...)
		sch, err := workcal.ParseSchedule(strings.NewReader(calendar2027))
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.ImportYear(ctx, sch); err != nil {
			t.Fatal(err)
		}
		v0, err := st.CalendarVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		events := auditCount(t, db)

		// Refused by the rules before any write.
		bad := workcal.Schedule{Year: 2027, Days: []workcal.Entry{{Date: date(t, "2027-01-04"), Kind: workcal.Workday, Name: "周一调休"}}}
		if err := svc.ImportYear(ctx, bad); !errs.Is(err, errs.Invalid) {
			t.Fatalf("bad import: %v", err)
		}
		// Failing half-way in the database (a date twice) rolls back the
		// deletion of the old days and the audit event with it.
		dup := workcal.Schedule{Year: 2027, Days: []workcal.Entry{
			{Date: date(t, "2027-03-01"), Kind: workcal.Holiday, Name: "甲"},
			{Date: date(t, "2027-03-01"), Kind: workcal.Holiday, Name: "乙"},
		}}
		ev := audit.New(ctx, "calendar.import_year", "calendar_year", "2027", nil, nil, "")
		if err := st.ReplaceYear(ctx, dup, 0, ev); !errs.Is(err, errs.Conflict) {
			t.Fatalf("duplicate day: %v", err)
		}
		if err := st.PutRegionDay(ctx, workcal.RegionDay{Date: date(t, "2027-03-01"), Kind: workcal.Holiday, Name: "x"}, 0); !errs.Is(err, errs.Invalid) {
			t.Fatalf("national day through PutRegionDay: %v", err)
		}
		if v, _ := st.CalendarVersion(ctx); v != v0 {
			t.Fatalf("version moved: %s → %s", v0, v)
		}
		if got := auditCount(t, db); got != events {
			t.Fatalf("audit events %d → %d", events, got)
		}
		ov, err := st.LoadCalendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ov.Years) != 1 || len(ov.Years[0].Days) != 12 || ov.Years[0].Notice != "测试通知〔2026〕1号" {
			t.Fatalf("overrides after failed imports: %+v", ov.Years)
		}
	})
}
