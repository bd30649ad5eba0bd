package catalog

import (
	"context"
	"encoding/json"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// ReportStore reads what the catalog reports need beyond Store: indicator
// aggregates and the settings row of the fixed-element list.
type ReportStore interface {
	// IndicatorCounts sums the implementations in force at now that match
	// f, grouped by kind and by the breakdown (ByRegion or ByDept).
	IndicatorCounts(ctx context.Context, f IndicatorFilter, by string, now time.Time) ([]IndicatorCount, error)
	// RegionName returns a region's name. errs.NotFound.
	RegionName(ctx context.Context, code string) (string, error)
	// Setting returns a settings value and its version. errs.NotFound.
	Setting(ctx context.Context, key string) (string, int, error)
	// PutSetting stores a settings value when version matches (0: new)
	// and writes evs in the same transaction. errs.Conflict.
	PutSetting(ctx context.Context, key, value string, version int, by int64, evs ...audit.Event) error
}

// Reports runs the catalog's reports: indicators, the cross-region
// consistency report and its fixed-element setting.
type Reports struct {
	svc *Service
	rs  ReportStore
}

// NewReports returns the reports over the catalog service.
func NewReports(svc *Service, rs ReportStore) *Reports { return &Reports{svc: svc, rs: rs} }

// Indicators computes the catalog indicators of a region subtree or a
// department (see indicators.go for the definitions). Public: the
// figures describe published items only.
func (r *Reports) Indicators(ctx context.Context, f IndicatorFilter) (Indicators, error) {
	out := Indicators{Region: f.Region, DeptID: f.DeptID}
	if f.Region != "" {
		if _, err := validate.RegionCode("region", f.Region); err != nil {
			return out, err
		}
		name, err := r.rs.RegionName(ctx, f.Region)
		if errs.Is(err, errs.NotFound) {
			return out, errs.Field("region", "行政区划 %s 不存在", f.Region)
		}
		if err != nil {
			return out, err
		}
		out.RegionName = name
	}
	if f.DeptID < 0 {
		return out, errs.Field("dept", "部门编号无效")
	}
	if f.DeptID > 0 {
		d, err := r.svc.depts.DeptInfo(ctx, f.DeptID)
		if errs.Is(err, errs.NotFound) {
			return out, errs.Field("dept", "部门（编号 %d）不存在", f.DeptID)
		}
		if err != nil {
			return out, err
		}
		out.DeptName = d.Name
	}
	now := r.svc.now()
	counts, err := r.rs.IndicatorCounts(ctx, f, ByRegion, now)
	if err != nil {
		return out, err
	}
	out.Figures, out.Kinds = Summarize(counts), byKind(counts)
	out.Regions, out.Depts = []GroupFigures{}, []GroupFigures{}
	if f.DeptID == 0 {
		out.Regions = byGroup(counts, false)
		if f.Region != "" {
			dc, err := r.rs.IndicatorCounts(ctx, f, ByDept, now)
			if err != nil {
				return out, err
			}
			out.Depts = byGroup(dc, true)
		}
	}
	return out, nil
}

// FixedSetting is the fixed-element list in force and the settings row's
// version (0 while the default applies).
type FixedSetting struct {
	Elements []string `json:"elements"`
	Version  int      `json:"version"`
}

// FixedElements returns the fixed-element list: the configured one, or
// DefaultFixedElements.
func (r *Reports) FixedElements(ctx context.Context) (FixedSetting, error) {
	raw, ver, err := r.rs.Setting(ctx, FixedElementsKey)
	if errs.Is(err, errs.NotFound) {
		return FixedSetting{Elements: append([]string(nil), DefaultFixedElements...)}, nil
	}
	if err != nil {
		return FixedSetting{}, err
	}
	var names []string
	if json.Unmarshal([]byte(raw), &names) != nil {
		// A damaged row must not lift the rules: the default applies and
		// the next save overwrites it (its version is kept).
		return FixedSetting{Elements: append([]string(nil), DefaultFixedElements...), Version: ver}, nil
	}
	if names, err = ParseFixedElements(names); err != nil {
		return FixedSetting{Elements: append([]string(nil), DefaultFixedElements...), Version: ver}, nil
	}
	return FixedSetting{Elements: names, Version: ver}, nil
}

// CanSetFixed reports whether p may change the fixed-element list: it
// binds every region, so it belongs to a catalog manager who publishes
// for a whole province (the level that owns the base catalog).
func CanSetFixed(p *access.Principal) bool {
	if p == nil {
		return false
	}
	for _, g := range p.Grants {
		if !g.Role.Has(access.CatalogPub) {
			continue
		}
		if lvl, err := validate.RegionCode("region", g.Region); err == nil && lvl == validate.LevelProvince {
			return true
		}
	}
	return false
}

// SetFixedElements replaces the fixed-element list; version is the one
// read (0 while the default applies). errs.Conflict when someone saved first.
func (r *Reports) SetFixedElements(ctx context.Context, p *access.Principal, names []string, version int) (FixedSetting, error) {
	if !CanSetFixed(p) {
		return FixedSetting{}, errs.E(errs.Forbidden, "统一要素清单约束全省各地区，只有省级事项管理员可以修改")
	}
	names, err := ParseFixedElements(names)
	if err != nil {
		return FixedSetting{}, err
	}
	before, err := r.FixedElements(ctx)
	if err != nil {
		return FixedSetting{}, err
	}
	raw, err := json.Marshal(names)
	if err != nil {
		return FixedSetting{}, err
	}
	ev := audit.New(ctx, "setting.update", "setting", FixedElementsKey, before.Elements, names, "")
	if err := r.rs.PutSetting(ctx, FixedElementsKey, string(raw), version, p.AccountID, ev); err != nil {
		return FixedSetting{}, err
	}
	return FixedSetting{Elements: names, Version: version + 1}, nil
}
