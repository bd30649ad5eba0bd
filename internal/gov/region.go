package gov

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// checkRegion normalises a region's code and name and derives its level and
// parent from the code. Level and ParentCode, when the caller gives them,
// must agree with the code: a mismatch is a typo in the code, and the code is
// what everything else keys on.
func checkRegion(r Region) (Region, error) {
	code := strings.TrimSpace(r.Code)
	level, err := validate.RegionCode("code", code)
	if err != nil {
		return Region{}, err
	}
	if r.Level != "" && r.Level != level {
		return Region{}, errs.Field("level", "代码 %s 是%s级代码，与所填层级不符", code, levelTitle(level))
	}
	parent := validate.RegionParent(code)
	if p := strings.TrimSpace(r.ParentCode); p != "" && p != parent {
		if parent == "" {
			return Region{}, errs.Field("parent_code", "省级行政区划没有上级")
		}
		return Region{}, errs.Field("parent_code", "代码 %s 的上级应为 %s，与所填上级 %s 不符", code, parent, p)
	}
	name, err := line("name", r.Name, 50, true)
	if err != nil {
		return Region{}, err
	}
	return Region{Code: code, Name: name, Level: level, ParentCode: parent, Active: true}, nil
}

func levelTitle(level string) string {
	switch level {
	case LevelProvince:
		return "省"
	case LevelCity:
		return "市（州）"
	case LevelCounty:
		return "县（市、区）"
	case LevelTownship:
		return "乡镇（街道）"
	}
	return "村（社区）"
}

// checkParent checks that r's parent exists, is active and sits above r.
func (s *Service) checkParent(ctx context.Context, r Region) error {
	if r.ParentCode == "" {
		return nil
	}
	parent, err := s.store.Region(ctx, r.ParentCode)
	if errs.Is(err, errs.NotFound) {
		return errs.Field("parent_code", "上级行政区划 %s 不存在，请先添加上级", r.ParentCode)
	}
	if err != nil {
		return err
	}
	if !parent.Active {
		return errs.Field("parent_code", "上级行政区划 %s（%s）已撤销，不能在其下添加", parent.Code, parent.Name)
	}
	if levelRank[parent.Level] >= levelRank[r.Level] {
		return errs.Field("parent_code", "上级行政区划 %s 的层级不高于 %s", parent.Code, r.Code)
	}
	return nil
}

// GetRegion returns one region.
func (s *Service) GetRegion(ctx context.Context, p *access.Principal, code string) (Region, error) {
	if err := canView(p); err != nil {
		return Region{}, err
	}
	r, err := s.store.Region(ctx, strings.TrimSpace(code))
	return r, notFound(err, "行政区划")
}

// RegionPath returns code and its ancestors from the top, for breadcrumbs.
func (s *Service) RegionPath(ctx context.Context, p *access.Principal, code string) ([]Region, error) {
	if err := canView(p); err != nil {
		return nil, err
	}
	codes := validate.RegionAncestors(strings.TrimSpace(code))
	out := make([]Region, 0, len(codes))
	for i := len(codes) - 1; i >= 0; i-- {
		r, err := s.store.Region(ctx, codes[i])
		if err != nil {
			return nil, notFound(err, "行政区划")
		}
		out = append(out, r)
	}
	return out, nil
}

// ListRegions lists the children of parent ("" for the provinces).
func (s *Service) ListRegions(ctx context.Context, p *access.Principal, parent string) ([]Region, error) {
	if err := canView(p); err != nil {
		return nil, err
	}
	parent = strings.TrimSpace(parent)
	if parent != "" {
		if _, err := validate.RegionCode("parent", parent); err != nil {
			return nil, err
		}
	}
	rs, err := s.store.ChildRegions(ctx, parent)
	if rs == nil {
		rs = []Region{}
	}
	return rs, err
}

// RegionTree lists the children of parent with what hangs under each, for
// the structure pages.
func (s *Service) RegionTree(ctx context.Context, p *access.Principal, parent string) ([]RegionNode, error) {
	rs, err := s.ListRegions(ctx, p, parent)
	if err != nil || len(rs) == 0 {
		return []RegionNode{}, err
	}
	codes := make([]string, len(rs))
	for i, r := range rs {
		codes[i] = r.Code
	}
	counts, err := s.store.RegionCounts(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make([]RegionNode, len(rs))
	for i, r := range rs {
		out[i] = RegionNode{Region: r, RegionCounts: counts[r.Code]}
	}
	return out, nil
}

// CreateRegion adds a region under its existing parent. Level and parent
// come from the code; r.Active is ignored (new regions are active).
func (s *Service) CreateRegion(ctx context.Context, p *access.Principal, r Region) (Region, error) {
	r, err := checkRegion(r)
	if err != nil {
		return Region{}, err
	}
	if err := canEdit(p, access.Scope{Region: r.Code}); err != nil {
		return Region{}, err
	}
	if err := s.checkParent(ctx, r); err != nil {
		return Region{}, err
	}
	r.Version, r.UpdatedAt = 1, s.now()
	ev := audit.New(ctx, "region.create", "region", r.Code, nil, r, "")
	if err := s.store.CreateRegion(ctx, r, ev); err != nil {
		if errs.Is(err, errs.Conflict) {
			return Region{}, errs.Wrap(err, errs.Conflict, "行政区划代码 %s 已存在", r.Code)
		}
		return Region{}, err
	}
	return r, nil
}

// editRegion loads a region p may change.
func (s *Service) editRegion(ctx context.Context, p *access.Principal, code string, version int) (Region, error) {
	if err := checkVersion(version); err != nil {
		return Region{}, err
	}
	code = strings.TrimSpace(code)
	if err := canEdit(p, access.Scope{Region: code}); err != nil {
		return Region{}, err
	}
	r, err := s.store.Region(ctx, code)
	return r, notFound(err, "行政区划")
}

// saveRegion writes r read at version with its audit event.
func (s *Service) saveRegion(ctx context.Context, action string, before, r Region, version int, reason string) (Region, error) {
	r.Version, r.UpdatedAt = version, s.now()
	after := r
	after.Version++
	ev := audit.New(ctx, action, "region", r.Code, before, after, reason)
	if err := s.store.UpdateRegion(ctx, r, ev); err != nil {
		return Region{}, stale(err)
	}
	return after, nil
}

// UpdateRegion renames a region (its code never changes).
func (s *Service) UpdateRegion(ctx context.Context, p *access.Principal, code string, version int, name string) (Region, error) {
	name, err := line("name", name, 50, true)
	if err != nil {
		return Region{}, err
	}
	r, err := s.editRegion(ctx, p, code, version)
	if err != nil {
		return Region{}, err
	}
	before := r
	r.Name = name
	return s.saveRegion(ctx, "region.update", before, r, version, "")
}

// SetRegionActive withdraws (撤销) or restores a region. A region is
// withdrawn only when nothing active remains directly under it, and
// restored only under an active parent, so that the active tree stays whole.
func (s *Service) SetRegionActive(ctx context.Context, p *access.Principal, code string, version int, active bool, reason string) (Region, error) {
	reason, err := reasonText(reason)
	if err != nil {
		return Region{}, err
	}
	r, err := s.editRegion(ctx, p, code, version)
	if err != nil {
		return Region{}, err
	}
	if active {
		if err := s.checkParent(ctx, r); err != nil {
			return Region{}, err
		}
	} else {
		counts, err := s.store.RegionCounts(ctx, []string{r.Code})
		if err != nil {
			return Region{}, err
		}
		if c := counts[r.Code]; c != (RegionCounts{}) {
			return Region{}, errs.E(errs.Conflict, "%s下仍有 %d 个下级区划、%d 个部门、%d 个大厅在用，请先撤销或停用它们",
				r.Name, c.Children, c.Depts, c.Halls)
		}
	}
	before := r
	r.Active = active
	action := "region.deactivate"
	if active {
		action = "region.activate"
	}
	return s.saveRegion(ctx, action, before, r, version, reason)
}

// ImportRegions loads official division data: each region is inserted, or
// renamed and restored when it exists and differs, in tree order (parents
// first). It is idempotent: unchanged regions are not written and get no
// audit event. Regions absent from rs are left alone (withdrawing is a
// decision, not an import). Every parent must be in rs or already stored.
// It returns how many regions changed.
func (s *Service) ImportRegions(ctx context.Context, p *access.Principal, rs []Region) (int, error) {
	if p == nil || !p.Has(access.StructureEdit) {
		return 0, errs.E(errs.Forbidden, "只有系统管理员可以导入行政区划")
	}
	batch := make(map[string]bool, len(rs))
	clean := make([]Region, 0, len(rs))
	for i, r := range rs {
		c, err := checkRegion(r)
		if err != nil {
			var e *errs.Error
			if errors.As(err, &e) {
				return 0, errs.Field(e.Field, "第 %d 条（%s）：%s", i+1, strings.TrimSpace(r.Code), e.Message)
			}
			return 0, err
		}
		if err := canEdit(p, access.Scope{Region: c.Code}); err != nil {
			return 0, err
		}
		if batch[c.Code] {
			return 0, errs.Field("code", "行政区划代码 %s 重复出现", c.Code)
		}
		batch[c.Code] = true
		c.UpdatedAt = s.now()
		clean = append(clean, c)
	}
	slices.SortFunc(clean, func(a, b Region) int {
		if d := levelRank[a.Level] - levelRank[b.Level]; d != 0 {
			return d
		}
		return strings.Compare(a.Code, b.Code)
	})
	// Parents outside the batch must exist already; each is checked once.
	checked := map[string]bool{}
	for _, r := range clean {
		if r.ParentCode == "" || batch[r.ParentCode] || checked[r.ParentCode] {
			continue
		}
		if err := s.checkParent(ctx, r); err != nil {
			return 0, err
		}
		checked[r.ParentCode] = true
	}
	return s.store.ImportRegions(ctx, clean, func(before *Region, r Region) *audit.Event {
		if before != nil && before.Name == r.Name && before.Level == r.Level &&
			before.ParentCode == r.ParentCode && before.Active {
			return nil
		}
		var ev audit.Event
		if before == nil {
			r.Version = 1
			ev = audit.New(ctx, "region.import", "region", r.Code, nil, r, "导入行政区划数据")
		} else {
			r.Version = before.Version + 1
			ev = audit.New(ctx, "region.import", "region", r.Code, before, r, "导入行政区划数据")
		}
		return &ev
	})
}
