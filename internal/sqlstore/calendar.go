package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// CalendarStore keeps the working-day calendar's overrides: national years
// in calendar_years with their days in calendar_days under the empty
// region code, and region days in calendar_days under their region code.
type CalendarStore struct{ db *DB }

// NewCalendarStore returns the calendar store on db.
func NewCalendarStore(db *DB) *CalendarStore { return &CalendarStore{db: db} }

var _ workcal.Store = (*CalendarStore)(nil)

// CalendarVersion fingerprints both tables by row count, latest and summed
// updated_at. Writers stamp rows with a value above every existing one (see
// stamp), so a put moves the maximum and a delete lowers the count: any
// change moves the fingerprint, and reading it costs two small aggregates.
func (s *CalendarStore) CalendarVersion(ctx context.Context) (string, error) {
	var dn, dmax, dsum, yn, ymax, ysum int64
	err := s.db.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM calendar_days),
		(SELECT COALESCE(MAX(updated_at), 0) FROM calendar_days),
		(SELECT CAST(COALESCE(SUM(updated_at), 0) AS BIGINT) FROM calendar_days),
		(SELECT COUNT(*) FROM calendar_years),
		(SELECT COALESCE(MAX(updated_at), 0) FROM calendar_years),
		(SELECT CAST(COALESCE(SUM(updated_at), 0) AS BIGINT) FROM calendar_years)`).
		Scan(&dn, &dmax, &dsum, &yn, &ymax, &ysum)
	if err != nil {
		return "", fmt.Errorf("calendar version: %w", mapErr(err))
	}
	return fmt.Sprintf("d%d.%d.%d/y%d.%d.%d", dn, dmax, dsum, yn, ymax, ysum), nil
}

// LoadCalendar reads every override year and region day. National days of
// a year without a calendar_years row cannot be written by this store and
// are ignored.
func (s *CalendarStore) LoadCalendar(ctx context.Context) (workcal.Overrides, error) {
	var out workcal.Overrides
	err := s.db.ReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.Query(ctx, "SELECT year, notice, updated_at, updated_by FROM calendar_years ORDER BY year")
		if err != nil {
			return err
		}
		index := map[int]int{}
		for rows.Next() {
			var y workcal.OverrideYear
			var at int64
			if err := rows.Scan(&y.Year, &y.Notice, &at, &y.UpdatedBy); err != nil {
				rows.Close()
				return err
			}
			y.UpdatedAt = time.UnixMilli(at).UTC()
			index[y.Year] = len(out.Years)
			out.Years = append(out.Years, y)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT region_code, day, kind, name, updated_at, updated_by
			FROM calendar_days ORDER BY region_code, day`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var region, day, kind, name string
			var at, by int64
			if err := rows.Scan(&region, &day, &kind, &name, &at, &by); err != nil {
				return err
			}
			date, err := workcal.ParseDate(day)
			if err != nil {
				return fmt.Errorf("calendar_days %q %q: %w", region, day, err)
			}
			if region != "" {
				out.RegionDays = append(out.RegionDays, workcal.RegionDay{Region: region, Date: date,
					Kind: workcal.Kind(kind), Name: name, UpdatedAt: time.UnixMilli(at).UTC(), UpdatedBy: by})
				continue
			}
			if i, ok := index[date.Year()]; ok {
				y := &out.Years[i]
				y.Days = append(y.Days, workcal.Entry{Date: date, Kind: workcal.Kind(kind), Name: name})
			}
		}
		return rows.Err()
	})
	if err != nil {
		return workcal.Overrides{}, fmt.Errorf("load calendar: %w", mapErr(err))
	}
	return out, nil
}

// stamp returns the updated_at for a write: now, or one past the newest
// stamp when a clock lags, so that the version always moves. The audit
// append comes first in every write, which on PostgreSQL locks the audit
// head and so serialises calendar writers across nodes.
func stamp(ctx context.Context, tx *Tx) (int64, error) {
	var newest int64
	err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(m), 0) FROM (
		SELECT MAX(updated_at) AS m FROM calendar_days
		UNION ALL SELECT MAX(updated_at) AS m FROM calendar_years) t`).Scan(&newest)
	if err != nil {
		return 0, mapErr(err)
	}
	return max(time.Now().UnixMilli(), newest+1), nil
}

// ReplaceYear stores sch as the national schedule of its year: the year's
// row and all its national days are replaced in one transaction with the
// audit events. Errors: Conflict (a date twice), Unavailable, Internal.
func (s *CalendarStore) ReplaceYear(ctx context.Context, sch workcal.Schedule, by int64, evs ...audit.Event) error {
	first := strconv.Itoa(sch.Year) + "-01-01"
	last := strconv.Itoa(sch.Year) + "-12-31"
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		if err := tx.AppendAudit(ctx, evs...); err != nil {
			return err
		}
		at, err := stamp(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM calendar_days WHERE region_code = '' AND day >= ? AND day <= ?", first, last); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO calendar_years (year, notice, updated_at, updated_by) VALUES (?, ?, ?, ?)
			ON CONFLICT (year) DO UPDATE SET notice = excluded.notice, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			sch.Year, sch.Notice, at, by); err != nil {
			return err
		}
		for _, e := range sch.Days {
			if _, err := tx.Exec(ctx, `INSERT INTO calendar_days (region_code, day, kind, name, updated_at, updated_by)
				VALUES ('', ?, ?, ?, ?, ?)`, e.Date.String(), string(e.Kind), e.Name, at, by); err != nil {
				if errs.Is(err, errs.Conflict) {
					return errs.Wrap(err, errs.Conflict, "日期 %s 在安排中出现了两次", e.Date)
				}
				return err
			}
		}
		return nil
	})
}

// PutRegionDay creates or replaces a region's day with its audit events.
// Errors: Invalid (empty region: national days change only by ReplaceYear),
// Unavailable, Internal.
func (s *CalendarStore) PutRegionDay(ctx context.Context, d workcal.RegionDay, by int64, evs ...audit.Event) error {
	if d.Region == "" {
		return errs.Field("region", "请指定地区；全国安排只能整年导入")
	}
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		if err := tx.AppendAudit(ctx, evs...); err != nil {
			return err
		}
		at, err := stamp(ctx, tx)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO calendar_days (region_code, day, kind, name, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (region_code, day) DO UPDATE SET kind = excluded.kind, name = excluded.name,
				updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			d.Region, d.Date.String(), string(d.Kind), d.Name, at, by)
		return err
	})
}

// DeleteRegionDay removes a region's day with its audit events. Errors:
// NotFound, Invalid (empty region), Unavailable, Internal.
func (s *CalendarStore) DeleteRegionDay(ctx context.Context, region string, date workcal.Date, evs ...audit.Event) error {
	if region == "" {
		return errs.Field("region", "请指定地区；全国安排只能整年导入")
	}
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		if err := tx.AppendAudit(ctx, evs...); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "DELETE FROM calendar_days WHERE region_code = ? AND day = ?", region, date.String())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errs.E(errs.NotFound, "地区 %s 在 %s 没有特别安排", region, date)
		}
		return nil
	})
}
