package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/validate"
)

// GovStore implements gov.Store on the regions, depts, halls, windows and
// window_depts tables.
type GovStore struct{ db *DB }

// NewGovStore returns the structure store on db.
func NewGovStore(db *DB) *GovStore { return &GovStore{db: db} }

var _ gov.Store = (*GovStore)(nil)

const (
	regionCols = "code, name, level, COALESCE(parent_code, ''), active, version, updated_at"
	deptCols   = "id, region_code, name, short_name, credit_code, kind, phone, active, version, updated_at"
	hallCols   = "id, region_code, name, kind, address, phone, hours, active, version, updated_at"
)

func scanRegion(s scanner) (gov.Region, error) {
	var r gov.Region
	var at int64
	err := s.Scan(&r.Code, &r.Name, &r.Level, &r.ParentCode, &r.Active, &r.Version, &at)
	r.UpdatedAt = fromMS(at)
	return r, mapErr(err)
}

func scanDept(s scanner) (gov.Dept, error) {
	var d gov.Dept
	var at int64
	err := s.Scan(&d.ID, &d.RegionCode, &d.Name, &d.ShortName, &d.CreditCode, &d.Kind, &d.Phone, &d.Active, &d.Version, &at)
	d.UpdatedAt = fromMS(at)
	return d, mapErr(err)
}

func scanHall(s scanner) (gov.Hall, error) {
	var h gov.Hall
	var at int64
	err := s.Scan(&h.ID, &h.RegionCode, &h.Name, &h.Kind, &h.Address, &h.Phone, &h.Hours, &h.Active, &h.Version, &at)
	h.UpdatedAt = fromMS(at)
	return h, mapErr(err)
}

// collect scans every row with scan.
func collect[T any](rows *sql.Rows, err error, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, mapErr(rows.Err())
}

// versioned checks the result of an UPDATE … WHERE id = ? AND version = ?:
// no row means the record is gone (not_found) or was changed (conflict).
func versioned(ctx context.Context, tx *Tx, res sql.Result, table, key string, id any) error {
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var one int
	err := tx.QueryRow(ctx, "SELECT 1 FROM "+table+" WHERE "+key+" = ?", id).Scan(&one)
	if err != nil {
		return mapErr(err)
	}
	return errs.E(errs.Conflict, "记录已被他人修改，请刷新后重试")
}

// Region implements gov.Store.
func (s *GovStore) Region(ctx context.Context, code string) (gov.Region, error) {
	return scanRegion(s.db.QueryRow(ctx, "SELECT "+regionCols+" FROM regions WHERE code = ?", code))
}

// ChildRegions implements gov.Store (index regions_parent).
func (s *GovStore) ChildRegions(ctx context.Context, parent string) ([]gov.Region, error) {
	if parent == "" {
		rows, err := s.db.Query(ctx, "SELECT "+regionCols+" FROM regions WHERE parent_code IS NULL ORDER BY code")
		return collect(rows, err, scanRegion)
	}
	rows, err := s.db.Query(ctx, "SELECT "+regionCols+" FROM regions WHERE parent_code = ? ORDER BY code", parent)
	return collect(rows, err, scanRegion)
}

// RegionCounts implements gov.Store: one grouped query per table, each on
// the index that starts with the region column.
func (s *GovStore) RegionCounts(ctx context.Context, codes []string) (map[string]gov.RegionCounts, error) {
	out := map[string]gov.RegionCounts{}
	for len(codes) > 0 {
		chunk := codes[:min(len(codes), 500)]
		codes = codes[len(chunk):]
		in := strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")
		args := make([]any, 0, len(chunk)+1)
		for _, c := range chunk {
			args = append(args, c)
		}
		args = append(args, true)
		for _, q := range []struct {
			sql string
			add func(*gov.RegionCounts, int)
		}{
			{"SELECT parent_code, COUNT(*) FROM regions WHERE parent_code IN (" + in + ") AND active = ? GROUP BY parent_code",
				func(c *gov.RegionCounts, n int) { c.Children = n }},
			{"SELECT region_code, COUNT(*) FROM depts WHERE region_code IN (" + in + ") AND active = ? GROUP BY region_code",
				func(c *gov.RegionCounts, n int) { c.Depts = n }},
			{"SELECT region_code, COUNT(*) FROM halls WHERE region_code IN (" + in + ") AND active = ? GROUP BY region_code",
				func(c *gov.RegionCounts, n int) { c.Halls = n }},
		} {
			rows, err := s.db.Query(ctx, q.sql, args...)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var code string
				var n int
				if err := rows.Scan(&code, &n); err != nil {
					rows.Close()
					return nil, err
				}
				c := out[code]
				q.add(&c, n)
				out[code] = c
			}
			err = rows.Err()
			rows.Close()
			if err != nil {
				return nil, mapErr(err)
			}
		}
	}
	return out, nil
}

func insertRegion(ctx context.Context, tx *Tx, r gov.Region) error {
	_, err := tx.Exec(ctx, `INSERT INTO regions (code, name, level, parent_code, prefix, active, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`, r.Code, r.Name, r.Level, nullStr(r.ParentCode),
		validate.RegionPrefix(r.Code), r.Active, ms(r.UpdatedAt), ms(r.UpdatedAt))
	return err
}

// CreateRegion implements gov.Store.
func (s *GovStore) CreateRegion(ctx context.Context, r gov.Region, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		if err := insertRegion(ctx, tx, r); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// UpdateRegion implements gov.Store.
func (s *GovStore) UpdateRegion(ctx context.Context, r gov.Region, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE regions SET name = ?, active = ?, updated_at = ?, version = version + 1
			WHERE code = ? AND version = ?`, r.Name, r.Active, ms(r.UpdatedAt), r.Code, r.Version)
		if err != nil {
			return err
		}
		if err := versioned(ctx, tx, res, "regions", "code", r.Code); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// ImportRegions implements gov.Store. Each region is read and written in the
// one transaction, so diff sees what the write replaces.
func (s *GovStore) ImportRegions(ctx context.Context, rs []gov.Region, diff func(before *gov.Region, r gov.Region) *audit.Event) (int, error) {
	var changed int
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		changed = 0
		var evs []audit.Event
		for _, r := range rs {
			var before *gov.Region
			old, err := scanRegion(tx.QueryRow(ctx, "SELECT "+regionCols+" FROM regions WHERE code = ?"+s.db.forUpdate(), r.Code))
			switch {
			case err == nil:
				before = &old
			case !IsNotFound(err):
				return err
			}
			ev := diff(before, r)
			if ev == nil {
				continue
			}
			if before == nil {
				err = insertRegion(ctx, tx, r)
			} else {
				_, err = tx.Exec(ctx, `UPDATE regions SET name = ?, level = ?, parent_code = ?, prefix = ?, active = ?,
					updated_at = ?, version = version + 1 WHERE code = ?`, r.Name, r.Level, nullStr(r.ParentCode),
					validate.RegionPrefix(r.Code), r.Active, ms(r.UpdatedAt), r.Code)
			}
			if err != nil {
				return err
			}
			evs = append(evs, *ev)
			changed++
		}
		return tx.AppendAudit(ctx, evs...)
	})
	return changed, err
}

// Dept implements gov.Store.
func (s *GovStore) Dept(ctx context.Context, id int64) (gov.Dept, error) {
	return scanDept(s.db.QueryRow(ctx, "SELECT "+deptCols+" FROM depts WHERE id = ?", id))
}

// DeptByCreditCode implements gov.Store.
func (s *GovStore) DeptByCreditCode(ctx context.Context, code string) (gov.Dept, error) {
	return scanDept(s.db.QueryRow(ctx, "SELECT "+deptCols+" FROM depts WHERE credit_code = ?", code))
}

// DeptByName implements gov.Store.
func (s *GovStore) DeptByName(ctx context.Context, region, name string) (gov.Dept, error) {
	return scanDept(s.db.QueryRow(ctx, "SELECT "+deptCols+" FROM depts WHERE region_code = ? AND name = ?", region, name))
}

// subtree builds the WHERE clause of a dept or hall list: a range on
// region_code (prefix ≤ code < the prefix's successor), which the
// (region_code, name) index answers in its own order, unlike LIKE, which
// neither engine turns into a range under its default collation.
func subtree(q gov.Query, kindCol string) (string, []any) {
	cond, args := regionRange("region_code", q.Region)
	where := []string{cond}
	if !q.After.IsZero() {
		where = append(where, "(region_code, name) > (?, ?)")
		args = append(args, q.After.Region, q.After.Name)
	}
	if q.Name != "" {
		where = append(where, `LOWER(name) LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(strings.ToLower(q.Name))+"%")
	}
	if q.Kind != "" {
		where = append(where, kindCol+" = ?")
		args = append(args, q.Kind)
	}
	if q.ActiveOnly {
		where = append(where, "active = ?")
		args = append(args, true)
	}
	args = append(args, q.Limit)
	return " WHERE " + strings.Join(where, " AND ") + " ORDER BY region_code, name LIMIT ?", args
}

// prefixEnd is the smallest digit string of p's length above p ("5334" →
// "5335", "5339" → "5340"); "" when p is all nines (no upper bound).
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return ""
}

// ListDepts implements gov.Store (index depts_region).
func (s *GovStore) ListDepts(ctx context.Context, q gov.Query) ([]gov.Dept, error) {
	where, args := subtree(q, "kind")
	rows, err := s.db.Query(ctx, "SELECT "+deptCols+" FROM depts"+where, args...)
	return collect(rows, err, scanDept)
}

// CreateDept implements gov.Store.
func (s *GovStore) CreateDept(ctx context.Context, d gov.Dept, evs ...audit.Event) (int64, error) {
	var id int64
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.InsertID(ctx, `INSERT INTO depts (region_code, name, short_name, credit_code, kind, phone, active,
			version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, d.RegionCode, d.Name, d.ShortName,
			d.CreditCode, d.Kind, d.Phone, d.Active, ms(d.UpdatedAt), ms(d.UpdatedAt))
		if err != nil {
			return err
		}
		return tx.AppendAudit(ctx, withObjectID(evs, id)...)
	})
	return id, err
}

// UpdateDept implements gov.Store.
func (s *GovStore) UpdateDept(ctx context.Context, d gov.Dept, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE depts SET name = ?, short_name = ?, credit_code = ?, kind = ?, phone = ?,
			active = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, d.Name, d.ShortName,
			d.CreditCode, d.Kind, d.Phone, d.Active, ms(d.UpdatedAt), d.ID, d.Version)
		if err != nil {
			return err
		}
		if err := versioned(ctx, tx, res, "depts", "id", d.ID); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// DeptWindows implements gov.Store (index window_depts_dept).
func (s *GovStore) DeptWindows(ctx context.Context, deptID int64) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM window_depts wd JOIN windows w ON w.id = wd.window_id
		WHERE wd.dept_id = ? AND w.active = ?`, deptID, true).Scan(&n)
	return n, mapErr(err)
}

// Hall implements gov.Store.
func (s *GovStore) Hall(ctx context.Context, id int64) (gov.Hall, error) {
	return scanHall(s.db.QueryRow(ctx, "SELECT "+hallCols+" FROM halls WHERE id = ?", id))
}

// HallByName implements gov.Store.
func (s *GovStore) HallByName(ctx context.Context, region, name string) (gov.Hall, error) {
	return scanHall(s.db.QueryRow(ctx, "SELECT "+hallCols+" FROM halls WHERE region_code = ? AND name = ?", region, name))
}

// ListHalls implements gov.Store (index halls_region).
func (s *GovStore) ListHalls(ctx context.Context, q gov.Query) ([]gov.Hall, error) {
	where, args := subtree(q, "kind")
	rows, err := s.db.Query(ctx, "SELECT "+hallCols+" FROM halls"+where, args...)
	return collect(rows, err, scanHall)
}

// CreateHall implements gov.Store.
func (s *GovStore) CreateHall(ctx context.Context, h gov.Hall, evs ...audit.Event) (int64, error) {
	var id int64
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.InsertID(ctx, `INSERT INTO halls (region_code, name, kind, address, phone, hours, active,
			version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, h.RegionCode, h.Name, h.Kind,
			h.Address, h.Phone, h.Hours, h.Active, ms(h.UpdatedAt), ms(h.UpdatedAt))
		if err != nil {
			return err
		}
		return tx.AppendAudit(ctx, withObjectID(evs, id)...)
	})
	return id, err
}

// UpdateHall implements gov.Store.
func (s *GovStore) UpdateHall(ctx context.Context, h gov.Hall, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE halls SET name = ?, kind = ?, address = ?, phone = ?, hours = ?, active = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, h.Name, h.Kind, h.Address, h.Phone,
			h.Hours, h.Active, ms(h.UpdatedAt), h.ID, h.Version)
		if err != nil {
			return err
		}
		if err := versioned(ctx, tx, res, "halls", "id", h.ID); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// windowsQuery reads windows with their depts in one pass: one row per
// (window, dept), a window without depts once with a NULL dept.
const windowsQuery = `SELECT w.id, w.hall_id, w.number, w.name, w.kind, w.active, w.version, w.updated_at, wd.dept_id
	FROM windows w LEFT JOIN window_depts wd ON wd.window_id = w.id `

func scanWindows(rows *sql.Rows, err error) ([]gov.Window, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gov.Window
	for rows.Next() {
		var w gov.Window
		var at int64
		var dept sql.NullInt64
		if err := rows.Scan(&w.ID, &w.HallID, &w.Number, &w.Name, &w.Kind, &w.Active, &w.Version, &at, &dept); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != w.ID {
			w.UpdatedAt, w.DeptIDs = fromMS(at), []int64{}
			out = append(out, w)
		}
		if dept.Valid {
			last := &out[len(out)-1]
			last.DeptIDs = append(last.DeptIDs, dept.Int64)
		}
	}
	return out, mapErr(rows.Err())
}

// Window implements gov.Store.
func (s *GovStore) Window(ctx context.Context, id int64) (gov.Window, error) {
	rows, err := s.db.Query(ctx, windowsQuery+"WHERE w.id = ? ORDER BY wd.dept_id", id)
	ws, err := scanWindows(rows, err)
	if err == nil && len(ws) == 0 {
		err = errs.E(errs.NotFound, "窗口不存在")
	}
	if err != nil {
		return gov.Window{}, err
	}
	return ws[0], nil
}

// ListWindows implements gov.Store (the windows (hall_id, number) unique
// index, then window_depts' primary key).
func (s *GovStore) ListWindows(ctx context.Context, hallID int64) ([]gov.Window, error) {
	rows, err := s.db.Query(ctx, windowsQuery+"WHERE w.hall_id = ? ORDER BY w.number, wd.dept_id", hallID)
	return scanWindows(rows, err)
}

// putWindowDepts stores a window's dept list.
func putWindowDepts(ctx context.Context, tx *Tx, id int64, depts []int64) error {
	for _, d := range depts {
		if _, err := tx.Exec(ctx, "INSERT INTO window_depts (window_id, dept_id) VALUES (?, ?)", id, d); err != nil {
			return err
		}
	}
	return nil
}

// CreateWindow implements gov.Store.
func (s *GovStore) CreateWindow(ctx context.Context, w gov.Window, evs ...audit.Event) (int64, error) {
	var id int64
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.InsertID(ctx, `INSERT INTO windows (hall_id, number, name, kind, active, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, ?, ?)`, w.HallID, w.Number, w.Name, w.Kind, w.Active, ms(w.UpdatedAt), ms(w.UpdatedAt))
		if err != nil {
			return err
		}
		if err := putWindowDepts(ctx, tx, id, w.DeptIDs); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, withObjectID(evs, id)...)
	})
	return id, err
}

// UpdateWindow implements gov.Store.
func (s *GovStore) UpdateWindow(ctx context.Context, w gov.Window, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE windows SET number = ?, name = ?, kind = ?, active = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`, w.Number, w.Name, w.Kind, w.Active, ms(w.UpdatedAt),
			w.ID, w.Version)
		if err != nil {
			return err
		}
		if err := versioned(ctx, tx, res, "windows", "id", w.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM window_depts WHERE window_id = ?", w.ID); err != nil {
			return err
		}
		if err := putWindowDepts(ctx, tx, w.ID, w.DeptIDs); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}
