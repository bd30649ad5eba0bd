package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/stats"
	"github.com/onewindow/onewindow/internal/workcal"
)

// The indicator counters (package stats): rows per day, per month and per
// day and staff member, each with one column per metric. Writers add a
// stats.Delta in their own transaction (addStats); readers sum rows.

// statCols lists the metric columns.
var statCols = strings.Join(stats.Columns[:], ", ")

// sumCols is "COALESCE(SUM(received), 0), …" cast to BIGINT (PostgreSQL
// sums BIGINT into NUMERIC).
var sumCols = func() string {
	parts := make([]string, stats.NumMetrics)
	for i, c := range stats.Columns {
		parts[i] = fmt.Sprintf("CAST(COALESCE(SUM(%s), 0) AS BIGINT)", c)
	}
	return strings.Join(parts, ", ")
}()

// addStats adds d to the counters: one upsert per touched day row, month
// row and staff row, in key order so that concurrent writers on
// PostgreSQL take the row locks in the same order.
func addStats(ctx context.Context, tx *Tx, d stats.Delta) error {
	keys := d.Keys()
	if len(keys) == 0 {
		return nil
	}
	type dayKey struct {
		day, region string
		dept, hall  int64
	}
	days, months := map[dayKey]*stats.Counts{}, map[dayKey]*stats.Counts{}
	var dayOrder, monthOrder []dayKey
	for _, k := range keys {
		c := d[k]
		dk := dayKey{k.Day.String(), k.Region, k.DeptID, k.HallID}
		mk := dayKey{dk.day[:7], k.Region, k.DeptID, k.HallID}
		for _, x := range []struct {
			m     map[dayKey]*stats.Counts
			order *[]dayKey
			k     dayKey
		}{{days, &dayOrder, dk}, {months, &monthOrder, mk}} {
			if x.m[x.k] == nil {
				x.m[x.k] = new(stats.Counts)
				*x.order = append(*x.order, x.k)
			}
			x.m[x.k].Add(c)
		}
	}
	for _, k := range dayOrder {
		if err := upsertStat(ctx, tx, "stat_days", []string{"day", "region_code", "dept_id", "hall_id"},
			[]any{k.day, k.region, k.dept, k.hall}, days[k]); err != nil {
			return err
		}
	}
	for _, k := range monthOrder {
		if err := upsertStat(ctx, tx, "stat_months", []string{"month", "region_code", "dept_id", "hall_id"},
			[]any{k.day, k.region, k.dept, k.hall}, months[k]); err != nil {
			return err
		}
	}
	// The region rollups, from the day and month rows' keys.
	regionDays, regionMonths := map[[2]string]*stats.Counts{}, map[[2]string]*stats.Counts{}
	var rdOrder, rmOrder [][2]string
	for _, x := range []struct {
		from  map[dayKey]*stats.Counts
		order []dayKey
		to    map[[2]string]*stats.Counts
		keys  *[][2]string
	}{{days, dayOrder, regionDays, &rdOrder}, {months, monthOrder, regionMonths, &rmOrder}} {
		for _, k := range x.order {
			rk := [2]string{k.day, k.region}
			if x.to[rk] == nil {
				x.to[rk] = new(stats.Counts)
				*x.keys = append(*x.keys, rk)
			}
			x.to[rk].Add(x.from[k])
		}
	}
	for _, k := range rdOrder {
		if err := upsertStat(ctx, tx, "stat_region_days", []string{"day", "region_code"}, []any{k[0], k[1]}, regionDays[k]); err != nil {
			return err
		}
	}
	for _, k := range rmOrder {
		if err := upsertStat(ctx, tx, "stat_region_months", []string{"month", "region_code"}, []any{k[0], k[1]}, regionMonths[k]); err != nil {
			return err
		}
	}
	for _, k := range keys {
		if k.StaffID == 0 {
			continue
		}
		if err := upsertStat(ctx, tx, "stat_staff", []string{"staff_id", "day", "region_code", "dept_id", "hall_id"},
			[]any{k.StaffID, k.Day.String(), k.Region, k.DeptID, k.HallID}, d[k]); err != nil {
			return err
		}
	}
	return nil
}

// upsertStat adds the non-zero counts of c to one counter row.
func upsertStat(ctx context.Context, tx *Tx, table string, keyCols []string, keyVals []any, c *stats.Counts) error {
	if c.Zero() {
		return nil
	}
	cols := append([]string(nil), keyCols...)
	args := append([]any(nil), keyVals...)
	var set []string
	for i, n := range c {
		if n == 0 {
			continue
		}
		col := stats.Columns[i]
		cols = append(cols, col)
		args = append(args, n)
		set = append(set, fmt.Sprintf("%s = %s.%s + excluded.%s", col, table, col, col))
	}
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET %s", table,
		strings.Join(cols, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", "),
		strings.Join(keyCols, ", "), strings.Join(set, ", "))
	_, err := tx.Exec(ctx, q, args...)
	return err
}

// statCaseCols are the case columns stats.Case reads.
const statCaseCols = `item_code, region_code, dept_id, intake_hall_id, accepted_by, channel, status, instant, deemed,
	overdue, accept_late, corrections, visits, used_days, promised_days, submitted_at, accepted_at, concluded_at`

func scanStatCase(row interface{ Scan(...any) error }) (stats.Case, error) {
	var c stats.Case
	var status string
	var sub, acc, con int64
	err := row.Scan(&c.ItemCode, &c.Region, &c.DeptID, &c.HallID, &c.AcceptedBy, &c.Channel, &status, &c.Instant,
		&c.Deemed, &c.Overdue, &c.AcceptLate, &c.Corrections, &c.Visits, &c.UsedDays, &c.PromisedDays, &sub, &acc, &con)
	c.Status = cases.Status(status)
	c.SubmittedAt, c.AcceptedAt, c.ConcludedAt = fromMS(sub), fromMS(acc), fromMS(con)
	return c, mapErr(err)
}

// statCase reads what a stored case counts, inside tx.
func statCase(ctx context.Context, tx *Tx, id int64) (stats.Case, error) {
	return scanStatCase(tx.QueryRow(ctx, "SELECT "+statCaseCols+" FROM cases WHERE id = ?", id))
}

// statRatingCols read a rating with its rectification for stats.Rating.
const statRatingCols = `r.round, r.score, r.named, r.region_code, r.dept_id, r.hall_id, r.staff_id, r.created_at,
	COALESCE(x.outcome, ''), COALESCE(x.data, '')`

func scanStatRating(row interface{ Scan(...any) error }) (stats.Rating, error) {
	var r stats.Rating
	var at int64
	var data string
	err := row.Scan(&r.Round, &r.Score, &r.Named, &r.Region, &r.DeptID, &r.HallID, &r.StaffID, &at, &r.Outcome, &data)
	r.CreatedAt = fromMS(at)
	r.CalledBack = calledBack(data)
	return r, mapErr(err)
}

// calledBackJSON is how a callback (回访) step appears in a
// rectification's data (rating.Step, action "callback").
const calledBackJSON = `"action":"callback"`

// calledBack reports whether a rectification's record holds a callback step.
func calledBack(data string) bool { return strings.Contains(data, calledBackJSON) }

// countRating adds what a stored rating (with its rectification) counts,
// times sign, to the counters: -1 before a change, +1 after it.
func countRating(ctx context.Context, tx *Tx, ratingID int64, sign int64) error {
	r, err := statRating(ctx, tx, ratingID)
	if err != nil {
		return err
	}
	d := stats.Delta{}
	stats.AddRating(d, r, sign)
	return addStats(ctx, tx, d)
}

// statRating reads what a stored rating counts, inside tx.
func statRating(ctx context.Context, tx *Tx, ratingID int64) (stats.Rating, error) {
	return scanStatRating(tx.QueryRow(ctx, "SELECT "+statRatingCols+
		" FROM ratings r LEFT JOIN rectifications x ON x.rating_id = r.id WHERE r.id = ?", ratingID))
}

// StatStore reads the indicator counters (stats.Store).
type StatStore struct{ db *DB }

// NewStatStore returns the counter reader on db.
func NewStatStore(db *DB) *StatStore { return &StatStore{db: db} }

// statSpan is one table and date range a period is summed from.
type statSpan struct {
	table, col string // stat_days/day, stat_months/month, stat_staff/day
	from, to   string // inclusive
}

// spans splits a period into whole months (from a month table) and the
// days around them (from a day table); a staff member's figures come from
// stat_staff by day. A region's figures not split by department or hall
// (rollup) come from the region tables, a few rows per day.
func spans(f stats.Filter, rollup bool) []statSpan {
	if f.StaffID != 0 {
		return []statSpan{{"stat_staff", "day", f.From.String(), f.To.String()}}
	}
	days, months := "stat_days", "stat_months"
	if rollup {
		days, months = "stat_region_days", "stat_region_months"
	}
	var out []statSpan
	first := f.From
	if first.Day() != 1 {
		first = workcal.NewDate(first.Year(), first.Month()+1, 1)
	}
	last := workcal.NewDate(f.To.Year(), f.To.Month()+1, 1).AddDays(-1) // the end of To's month
	if last != f.To {
		last = workcal.NewDate(f.To.Year(), f.To.Month(), 1).AddDays(-1)
	}
	if first.After(last) {
		return []statSpan{{days, "day", f.From.String(), f.To.String()}}
	}
	if f.From.Before(first) {
		out = append(out, statSpan{days, "day", f.From.String(), first.AddDays(-1).String()})
	}
	out = append(out, statSpan{months, "month", first.String()[:7], last.String()[:7]})
	if last.Before(f.To) {
		out = append(out, statSpan{days, "day", last.AddDays(1).String(), f.To.String()})
	}
	return out
}

// where builds the filter's conditions on one span.
func (sp statSpan) where(f stats.Filter) (string, []any) {
	conds := []string{sp.col + " >= ?", sp.col + " <= ?"}
	args := []any{sp.from, sp.to}
	if f.StaffID != 0 {
		conds = append([]string{"staff_id = ?"}, conds...)
		args = append([]any{f.StaffID}, args...)
	}
	if f.Region != "" {
		c, a := regionRange("region_code", f.Region)
		conds, args = append(conds, c), append(args, a...)
	}
	if f.DeptID != 0 {
		conds, args = append(conds, "dept_id = ?"), append(args, f.DeptID)
	}
	if f.HallID != 0 {
		conds, args = append(conds, "hall_id = ?"), append(args, f.HallID)
	}
	return strings.Join(conds, " AND "), args
}

// Totals implements stats.Store.
func (s *StatStore) Totals(ctx context.Context, f stats.Filter) (stats.Counts, error) {
	rows, err := s.By(ctx, f, "")
	var c stats.Counts
	for _, r := range rows {
		c.Add(&r.Counts)
	}
	return c, err
}

// groupExpr is what a breakdown groups a span's rows by.
func groupExpr(sp statSpan, f stats.Filter, by string) (string, error) {
	switch by {
	case "":
		return "''", nil
	case stats.ByRegion:
		return fmt.Sprintf("substr(region_code, 1, %d)", stats.ChildPrefixLen(f.Region)), nil
	case stats.ByDept:
		return "CAST(dept_id AS TEXT)", nil
	case stats.ByHall:
		return "CAST(hall_id AS TEXT)", nil
	case stats.ByMonth:
		return "substr(" + sp.col + ", 1, 7)", nil
	case stats.ByDay:
		if sp.col != "day" {
			return "", fmt.Errorf("stats: by day over whole months")
		}
		return "day", nil
	}
	return "", fmt.Errorf("stats: unknown breakdown %q", by)
}

// By implements stats.Store.
func (s *StatStore) By(ctx context.Context, f stats.Filter, by string) ([]stats.Row, error) {
	rollup := f.DeptID == 0 && f.HallID == 0 && by != stats.ByDept && by != stats.ByHall
	sps := spans(f, rollup)
	if by == stats.ByDay && f.StaffID == 0 {
		sps = []statSpan{{sps[0].table, "day", f.From.String(), f.To.String()}}
		if sps[0].col == "month" {
			sps[0].table = strings.Replace(sps[0].table, "months", "days", 1)
		}
	}
	var out []stats.Row
	index := map[string]int{}
	for _, sp := range sps {
		g, err := groupExpr(sp, f, by)
		if err != nil {
			return nil, err
		}
		w, args := sp.where(f)
		q := "SELECT " + g + ", " + sumCols + " FROM " + sp.table + " WHERE " + w
		if by != "" {
			q += " GROUP BY " + g
		}
		rows, err := s.db.Query(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key string
			var c stats.Counts
			dst := []any{&key}
			for i := range c {
				dst = append(dst, &c[i])
			}
			if err := rows.Scan(dst...); err != nil {
				rows.Close()
				return nil, mapErr(err)
			}
			i, ok := index[key]
			if !ok {
				i = len(out)
				index[key] = i
				out = append(out, stats.Row{Key: key})
			}
			out[i].Counts.Add(&c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Stored returns every non-zero day counter row (what a recount is
// compared with), with the staff rows under their staff id and the day
// rows under staff 0; months are checked against the days (MonthsAgree).
func (s *StatStore) Stored(ctx context.Context) (stats.Delta, error) {
	d := stats.Delta{}
	for _, q := range []string{
		"SELECT 0, day, region_code, dept_id, hall_id, " + statCols + " FROM stat_days",
		"SELECT staff_id, day, region_code, dept_id, hall_id, " + statCols + " FROM stat_staff",
	} {
		rows, err := s.db.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k stats.Key
			var day string
			var c stats.Counts
			dst := []any{&k.StaffID, &day, &k.Region, &k.DeptID, &k.HallID}
			for i := range c {
				dst = append(dst, &c[i])
			}
			if err := rows.Scan(dst...); err != nil {
				rows.Close()
				return nil, mapErr(err)
			}
			k.Day = parseDay(day)
			for m, n := range c {
				d.Add(k, stats.Metric(m), n)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// MonthsAgree reports the first month or region row that differs from
// the sum of its day rows ("" when all agree): stat_months, and the region
// rollups stat_region_days and stat_region_months.
func (s *StatStore) MonthsAgree(ctx context.Context) (string, error) {
	sum := func(table, key string) (map[string]stats.Counts, error) {
		rows, err := s.db.Query(ctx, "SELECT "+key+", "+sumCols+" FROM "+table+" GROUP BY "+key)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := map[string]stats.Counts{}
		for rows.Next() {
			var key string
			var c stats.Counts
			dst := []any{&key}
			for i := range c {
				dst = append(dst, &c[i])
			}
			if err := rows.Scan(dst...); err != nil {
				return nil, mapErr(err)
			}
			if !c.Zero() {
				out[key] = c
			}
		}
		return out, rows.Err()
	}
	const (
		month  = "substr(%s, 1, 7) || '|' || region_code"
		detail = " || '|' || CAST(dept_id AS TEXT) || '|' || CAST(hall_id AS TEXT)"
	)
	for _, pair := range [][4]string{
		{"stat_days", fmt.Sprintf(month, "day") + detail, "stat_months", fmt.Sprintf(month, "month") + detail},
		{"stat_days", "day || '|' || region_code", "stat_region_days", "day || '|' || region_code"},
		{"stat_days", fmt.Sprintf(month, "day"), "stat_region_months", fmt.Sprintf(month, "month")},
	} {
		days, err := sum(pair[0], pair[1])
		if err != nil {
			return "", err
		}
		rolled, err := sum(pair[2], pair[3])
		if err != nil {
			return "", err
		}
		for k, c := range days {
			if rolled[k] != c {
				return pair[2] + " " + k, nil
			}
		}
		for k := range rolled {
			if _, ok := days[k]; !ok {
				return pair[2] + " " + k, nil
			}
		}
	}
	return "", nil
}

// Recount computes the counters afresh from every case and rating row, as
// stats.AddCase and stats.AddRating count them, keyed as Stored gives them.
func (s *StatStore) Recount(ctx context.Context) (stats.Delta, error) {
	d := stats.Delta{}
	err := s.recount(ctx, func(part stats.Delta) error {
		for k, c := range part {
			for m, n := range c {
				if k.StaffID != 0 {
					d.Add(k, stats.Metric(m), n)
				}
				k0 := k
				k0.StaffID = 0
				d.Add(k0, stats.Metric(m), n)
			}
		}
		return nil
	})
	return d, err
}

// Rebuild replaces the counters with a recount (after a bulk load, or to
// repair them; `onewindow stats rebuild`). Writers should be stopped: a
// change committed while it runs may be counted twice or not at all.
func (s *StatStore) Rebuild(ctx context.Context) error {
	for _, t := range []string{"stat_days", "stat_months", "stat_staff", "stat_region_days", "stat_region_months"} {
		if _, err := s.db.Exec(ctx, "DELETE FROM "+t); err != nil {
			return err
		}
	}
	return s.recount(ctx, func(part stats.Delta) error {
		return s.db.WriteTx(ctx, func(tx *Tx) error { return addStats(ctx, tx, part) })
	})
}

// recount feeds what the cases and ratings count to fn, about 20,000
// records at a time.
func (s *StatStore) recount(ctx context.Context, fn func(stats.Delta) error) error {
	const page = 20000
	for _, q := range []string{
		"SELECT id, " + statCaseCols + " FROM cases WHERE id > ? ORDER BY id LIMIT ?",
		"SELECT r.id, " + statRatingCols + " FROM ratings r LEFT JOIN rectifications x ON x.rating_id = r.id WHERE r.id > ? ORDER BY r.id LIMIT ?",
	} {
		isCase := strings.Contains(q, "FROM cases")
		for after := int64(0); ; {
			rows, err := s.db.Query(ctx, q, after, page)
			if err != nil {
				return err
			}
			part, n := stats.Delta{}, 0
			for rows.Next() {
				n++
				var scan func(interface{ Scan(...any) error }) error
				if isCase {
					scan = func(r interface{ Scan(...any) error }) error {
						c, err := scanStatCase(idScanner{r, &after})
						stats.AddCase(part, c, 1)
						return err
					}
				} else {
					scan = func(r interface{ Scan(...any) error }) error {
						x, err := scanStatRating(idScanner{r, &after})
						stats.AddRating(part, x, 1)
						return err
					}
				}
				if err := scan(rows); err != nil {
					rows.Close()
					return err
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if err := fn(part); err != nil {
				return err
			}
			if n < page {
				break
			}
		}
	}
	return nil
}

// idScanner scans a leading id column into id, the rest with the inner scan.
type idScanner struct {
	row interface{ Scan(...any) error }
	id  *int64
}

func (s idScanner) Scan(dst ...any) error { return s.row.Scan(append([]any{s.id}, dst...)...) }

// Check recounts the counters and describes where the kept ones differ
// (nothing when they agree): a day or staff row against the recount, a
// month row against its days. `onewindow stats check` and the tests run it.
func (s *StatStore) Check(ctx context.Context) ([]string, error) {
	kept, err := s.Stored(ctx)
	if err != nil {
		return nil, err
	}
	want, err := s.Recount(ctx)
	if err != nil {
		return nil, err
	}
	var diffs []string
	for _, k := range want.Keys() {
		if got := kept[k]; got == nil || *got != *want[k] {
			diffs = append(diffs, fmt.Sprintf("%s %s dept %d hall %d staff %d: kept %v, recount %v",
				k.Day, k.Region, k.DeptID, k.HallID, k.StaffID, countsOrNil(got), *want[k]))
		}
	}
	for _, k := range kept.Keys() {
		if want[k] == nil {
			diffs = append(diffs, fmt.Sprintf("%s %s dept %d hall %d staff %d: kept %v, recount nothing",
				k.Day, k.Region, k.DeptID, k.HallID, k.StaffID, *kept[k]))
		}
	}
	month, err := s.MonthsAgree(ctx)
	if err != nil {
		return nil, err
	}
	if month != "" {
		diffs = append(diffs, fmt.Sprintf("%s is not the sum of its day rows", month))
	}
	return diffs, nil
}

func countsOrNil(c *stats.Counts) any {
	if c == nil {
		return "nothing"
	}
	return *c
}
