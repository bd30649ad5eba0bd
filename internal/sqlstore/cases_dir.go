package sqlstore

import (
	"context"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/validate"
)

// CaseDirectory implements cases.Directory over the government structure.
type CaseDirectory struct{ db *DB }

// NewCaseDirectory returns the directory on db.
func NewCaseDirectory(db *DB) *CaseDirectory { return &CaseDirectory{db: db} }

// DeptName implements cases.Directory.
func (d *CaseDirectory) DeptName(ctx context.Context, id int64) (string, error) {
	var name string
	err := d.db.QueryRow(ctx, "SELECT name FROM depts WHERE id = ?", id).Scan(&name)
	if IsNotFound(err) {
		return "", errs.E(errs.NotFound, "部门不存在")
	}
	return name, mapErr(err)
}

// RegionName implements cases.Directory.
func (d *CaseDirectory) RegionName(ctx context.Context, code string) (string, error) {
	var name string
	err := d.db.QueryRow(ctx, "SELECT name FROM regions WHERE code = ?", code).Scan(&name)
	if IsNotFound(err) {
		return "", errs.E(errs.NotFound, "行政区划 %s 不存在", code)
	}
	return name, mapErr(err)
}

// Hall implements cases.Directory.
func (d *CaseDirectory) Hall(ctx context.Context, id int64) (gov.Hall, error) {
	h, err := scanHall(d.db.QueryRow(ctx, "SELECT "+hallCols+" FROM halls WHERE id = ?", id))
	if IsNotFound(err) {
		return gov.Hall{}, errs.E(errs.NotFound, "大厅不存在")
	}
	return h, err
}

// IntakeHall implements cases.Directory: the first active service centre
// of the region, else of the nearest region above it.
func (d *CaseDirectory) IntakeHall(ctx context.Context, region string) (gov.Hall, error) {
	for _, code := range validate.RegionAncestors(region) {
		h, err := scanHall(d.db.QueryRow(ctx, "SELECT "+hallCols+
			" FROM halls WHERE region_code = ? AND kind = 'centre' AND active = ? ORDER BY id LIMIT 1", code, true))
		if err == nil {
			return h, nil
		}
		if !IsNotFound(err) {
			return gov.Hall{}, err
		}
	}
	return gov.Hall{}, errs.E(errs.NotFound, "行政区划 %s 及其上级没有政务服务中心", region)
}
