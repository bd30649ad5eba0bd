package sqlstore

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/validate"
)

// CatalogStats implements catalog.ReportStore: the catalog indicators as
// SQL aggregates over the items table's list columns (no document is
// read), and the settings row of the fixed-element list.
type CatalogStats struct{ db *DB }

// NewCatalogStats returns the report store on db.
func NewCatalogStats(db *DB) *CatalogStats { return &CatalogStats{db: db} }

var _ catalog.ReportStore = (*CatalogStats)(nil)

// indicatorSums are the aggregates behind every indicator; the
// definitions are in internal/catalog/indicators.go.
const indicatorSums = `COUNT(*),
	SUM(CASE WHEN online_depth >= 3 THEN 1 ELSE 0 END),
	SUM(CASE WHEN online_depth = 4 THEN 1 ELSE 0 END),
	SUM(CASE WHEN max_visits <= 1 THEN 1 ELSE 0 END),
	SUM(CASE WHEN instant THEN 1 ELSE 0 END),
	SUM(CASE WHEN in_hall THEN 1 ELSE 0 END),
	SUM(CASE WHEN legal_days > 0 THEN 1 ELSE 0 END),
	SUM(CASE WHEN legal_days > 0 THEN promised_days ELSE 0 END),
	SUM(CASE WHEN legal_days > 0 THEN legal_days ELSE 0 END)`

// statsInForce matches the published items the public can apply for at a
// time: published, or suspended/cancelled from a later date. It is a CASE
// rather than an OR of status tests so that no planner answers it from the
// status index: the region range on items_region is the selective one.
const statsInForce = `published_version > 0 AND (CASE WHEN status = 'published' THEN TRUE
	WHEN status = 'suspended' THEN suspended_from > ? WHEN status = 'cancelled' THEN cancelled_from > ? ELSE FALSE END)`

// IndicatorCounts implements catalog.ReportStore. The region filter is a
// code range on items_region (region_code, dept_id), so a county's figures
// read only its own rows.
func (s *CatalogStats) IndicatorCounts(ctx context.Context, f catalog.IndicatorFilter, by string, now time.Time) ([]catalog.IndicatorCount, error) {
	q, args := indicatorQuery(f, by, now)
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []catalog.IndicatorCount
	for rows.Next() {
		var c catalog.IndicatorCount
		var kind string
		if err := rows.Scan(&c.Group, &kind, &c.Items, &c.OnlineApply, &c.WholeOnline, &c.OneVisit, &c.Instant, &c.InHall,
			&c.Timed, &c.PromisedSum, &c.LegalSum); err != nil {
			return nil, mapErr(err)
		}
		c.Kind = catalog.Kind(kind)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	if err := s.groupNames(ctx, out, by == catalog.ByDept); err != nil {
		return nil, err
	}
	if by == catalog.ByDept {
		slices.SortStableFunc(out, func(a, b catalog.IndicatorCount) int { return strings.Compare(a.GroupName, b.GroupName) })
	}
	return out, nil
}

// indicatorQuery builds the aggregate query of IndicatorCounts.
func indicatorQuery(f catalog.IndicatorFilter, by string, now time.Time) (string, []any) {
	where := []string{"is_base = ?", statsInForce}
	args := []any{false, ms(now), ms(now)}
	group := childRegion(f.Region)
	if by == catalog.ByDept {
		// The departments of the region itself: its subregions have rows of their own.
		group = "CAST(COALESCE(dept_id, 0) AS TEXT)"
		where, args = append(where, "region_code = ?"), append(args, f.Region)
	} else if f.Region != "" {
		cond, a := regionRange("region_code", f.Region)
		where, args = append(where, cond), append(args, a...)
	}
	if f.DeptID != 0 {
		where, args = append(where, "dept_id = ?"), append(args, f.DeptID)
	}
	return "SELECT " + group + " AS g, kind, " + indicatorSums + " FROM items WHERE " +
		strings.Join(where, " AND ") + " GROUP BY g, kind ORDER BY g, kind", args
}

// childRegion is the SQL expression naming the child region of root an
// item's region_code falls in (root itself for the root's own items).
// GB/T 2260: a province's children are its cities (xxxx00), except the
// counties it administers directly (xx90xx); a city's are its counties;
// a county's its 9-digit townships; a township's its 12-digit villages.
func childRegion(root string) string {
	if root == "" {
		return "SUBSTR(region_code, 1, 2) || '0000'"
	}
	switch lvl, _ := validate.RegionCode("region", root); lvl {
	case validate.LevelProvince:
		return "CASE WHEN SUBSTR(region_code, 3, 2) = '90' THEN SUBSTR(region_code, 1, 6) ELSE SUBSTR(region_code, 1, 4) || '00' END"
	case validate.LevelCity:
		return "SUBSTR(region_code, 1, 6)"
	case validate.LevelCounty:
		return "SUBSTR(region_code, 1, 9)"
	case validate.LevelTownship:
		return "SUBSTR(region_code, 1, 12)"
	}
	return "region_code"
}

// groupNames fills the groups' region or department names.
func (s *CatalogStats) groupNames(ctx context.Context, cs []catalog.IndicatorCount, dept bool) error {
	var keys []any
	seen := map[string]bool{}
	for _, c := range cs {
		if !seen[c.Group] {
			seen[c.Group] = true
			keys = append(keys, c.Group)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	q := "SELECT code, name FROM regions WHERE code IN (?" + strings.Repeat(", ?", len(keys)-1) + ")"
	if dept {
		q = "SELECT CAST(id AS TEXT), name FROM depts WHERE id IN (?" + strings.Repeat(", ?", len(keys)-1) + ")"
		for i, k := range keys {
			id, _ := strconv.ParseInt(k.(string), 10, 64)
			keys[i] = id
		}
	}
	rows, err := s.db.Query(ctx, q, keys...)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	names := map[string]string{}
	for rows.Next() {
		var k, n string
		if err := rows.Scan(&k, &n); err != nil {
			return mapErr(err)
		}
		names[k] = n
	}
	for i := range cs {
		cs[i].GroupName = names[cs[i].Group]
	}
	return mapErr(rows.Err())
}

// RegionName implements catalog.ReportStore.
func (s *CatalogStats) RegionName(ctx context.Context, code string) (string, error) {
	var name string
	err := s.db.QueryRow(ctx, "SELECT name FROM regions WHERE code = ?", code).Scan(&name)
	return name, mapErr(err)
}

// Setting implements catalog.ReportStore (the settings table is shared;
// the account store owns its SQL).
func (s *CatalogStats) Setting(ctx context.Context, key string) (string, int, error) {
	return NewAccountStore(s.db).Setting(ctx, key)
}

// PutSetting implements catalog.ReportStore.
func (s *CatalogStats) PutSetting(ctx context.Context, key, value string, version int, by int64, evs ...audit.Event) error {
	return NewAccountStore(s.db).PutSetting(ctx, key, value, version, by, evs...)
}
