package sqlstore

import (
	"context"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// ScopeChecker checks that a role grant's scope names real places.
type ScopeChecker struct{ db *DB }

// NewScopeChecker returns a checker on db.
func NewScopeChecker(db *DB) *ScopeChecker { return &ScopeChecker{db: db} }

// CheckScope implements account.Directory: the region exists and is
// active; the dept and hall, when given, lie inside the region's subtree.
func (c *ScopeChecker) CheckScope(ctx context.Context, region string, deptID, hallID int64) error {
	var active bool
	if err := c.db.QueryRow(ctx, "SELECT active FROM regions WHERE code = ?", region).Scan(&active); err != nil {
		if IsNotFound(err) {
			return errs.Field("region", "行政区划 %s 不存在", region)
		}
		return mapErr(err)
	}
	if !active {
		return errs.Field("region", "行政区划 %s 已撤销", region)
	}
	for _, q := range []struct {
		id    int64
		sql   string
		field string
		what  string
	}{
		{deptID, "SELECT region_code FROM depts WHERE id = ?", "dept_id", "部门"},
		{hallID, "SELECT region_code FROM halls WHERE id = ?", "hall_id", "大厅"},
	} {
		if q.id == 0 {
			continue
		}
		var code string
		if err := c.db.QueryRow(ctx, q.sql, q.id).Scan(&code); err != nil {
			if IsNotFound(err) {
				return errs.Field(q.field, "%s不存在", q.what)
			}
			return mapErr(err)
		}
		if !validate.InRegion(code, region) {
			return errs.Field(q.field, "%s不在所授权的行政区划 %s 内", q.what, region)
		}
	}
	return nil
}
