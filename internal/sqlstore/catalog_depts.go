package sqlstore

import (
	"context"

	"github.com/onewindow/onewindow/internal/catalog"
)

// CatalogDepts implements catalog.Depts on the depts table.
type CatalogDepts struct{ db *DB }

// NewCatalogDepts returns the department lookup for the catalog.
func NewCatalogDepts(db *DB) *CatalogDepts { return &CatalogDepts{db: db} }

// DeptInfo implements catalog.Depts.
func (c *CatalogDepts) DeptInfo(ctx context.Context, id int64) (catalog.DeptInfo, error) {
	d := catalog.DeptInfo{ID: id}
	err := c.db.QueryRow(ctx, "SELECT region_code, name, kind, active FROM depts WHERE id = ?", id).Scan(&d.Region, &d.Name, &d.Kind, &d.Active)
	return d, mapErr(err)
}
