package rank

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/stats"
	"github.com/onewindow/onewindow/internal/validate"
)

// Service edits schemes and computes, keeps and reads rankings.
//
// Who may do what: holders of "supervise" whose grant covers the scheme's
// region (the whole region: a grant limited to one department or hall
// does not) create and edit its schemes; holders of "stats.view" whose
// grant covers the region see its schemes and rankings. Others get
// NotFound for a scheme they may not see, Forbidden for a write.
type Service struct {
	store   Store
	figures stats.Store
	org     Structure
	now     func() time.Time
	// Config decides how figures count (好评率's levels).
	Config stats.Config
}

// NewService returns the ranking service; now may be nil. figures is the
// counter store read directly: the service checks the reader's right to
// the scheme's region itself.
func NewService(store Store, figures stats.Store, org Structure, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, figures: figures, org: org, now: now, Config: stats.DefaultConfig()}
}

func regionScope(region string) access.Scope { return access.Scope{Region: region} }

// CanEdit reports whether p may edit the schemes of region.
func CanEdit(p *access.Principal, region string) bool {
	return p.Can(access.Supervise, regionScope(region))
}

// CanView reports whether p may see the schemes and rankings of region.
func CanView(p *access.Principal, region string) bool {
	return p.Can(access.StatsView, regionScope(region)) || CanEdit(p, region)
}

// roots lists the regions whose schemes p may see.
func roots(p *access.Principal) []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, g := range p.Grants {
		if (g.Role.Has(access.StatsView) || g.Role.Has(access.Supervise)) && g.DeptID == 0 && g.HallID == 0 {
			out = append(out, g.Region)
		}
	}
	return out
}

// Schemes lists the schemes p may see, by region and name.
// Errors: Forbidden (p sees no region as a whole).
func (s *Service) Schemes(ctx context.Context, p *access.Principal) ([]Scheme, error) {
	rs := roots(p)
	if len(rs) == 0 {
		return nil, errs.E(errs.Forbidden, "查看排名需要覆盖整个辖区的指标查看权限（效能监督员）")
	}
	list, err := s.store.Schemes(ctx, SchemeFilter{Regions: rs})
	if err != nil {
		return nil, err
	}
	for i := range list {
		s.named(ctx, &list[i])
	}
	return list, nil
}

// named fills a scheme's region name.
func (s *Service) named(ctx context.Context, sc *Scheme) {
	if r, err := s.org.Region(ctx, sc.Region); err == nil {
		sc.RegionName = r.Name
	}
}

// visible returns the scheme if p may see it; NotFound otherwise.
func (s *Service) visible(ctx context.Context, p *access.Principal, id int64) (Scheme, error) {
	sc, err := s.store.Scheme(ctx, id)
	if errs.Is(err, errs.NotFound) || err == nil && !CanView(p, sc.Region) {
		return Scheme{}, errs.E(errs.NotFound, "评价办法 %d 不存在或您无权查看", id)
	}
	if err != nil {
		return Scheme{}, err
	}
	s.named(ctx, &sc)
	return sc, nil
}

// Scheme returns one scheme p may see. Errors: NotFound.
func (s *Service) Scheme(ctx context.Context, p *access.Principal, id int64) (Scheme, error) {
	return s.visible(ctx, p, id)
}

// snapshot is what the audit log keeps of a scheme.
func (sc *Scheme) snapshot() map[string]any {
	return map[string]any{"region_code": sc.Region, "name": sc.Name, "subject": sc.Subject,
		"indicators": sc.Indicators, "active": sc.Active, "version": sc.Version}
}

// Create adds a scheme for a region p supervises.
// Errors: Forbidden (p does not supervise the whole region), Invalid
// (naming the field: region_code, name, subject, indicators[i].indicator,
// indicators[i].weight).
func (s *Service) Create(ctx context.Context, p *access.Principal, in Input) (Scheme, error) {
	if !p.Has(access.Supervise) {
		return Scheme{}, errs.E(errs.Forbidden, "只有效能监督人员可以制定评价办法")
	}
	region := strings.TrimSpace(in.Region)
	if region == "" {
		return Scheme{}, errs.Field("region_code", "请填写制定评价办法的行政区划代码")
	}
	level, err := validate.RegionCode("region_code", region)
	if err != nil {
		return Scheme{}, err
	}
	sc := Scheme{Region: region, Active: true, UpdatedBy: p.AccountID}
	if err := check(in, &sc); err != nil {
		return Scheme{}, err
	}
	if sc.Subject == SubjectRegion && level == validate.LevelVillage {
		return Scheme{}, errs.Field("subject", "村（社区）没有下级地区，请选择按本级部门排名")
	}
	if !CanEdit(p, region) {
		return Scheme{}, errs.E(errs.Forbidden, "行政区划 %s 不在您的监督范围内，不能为其制定评价办法", region)
	}
	r, err := s.org.Region(ctx, region)
	if errs.Is(err, errs.NotFound) {
		return Scheme{}, errs.Field("region_code", "行政区划 %s 不存在，请核对代码", region)
	}
	if err != nil {
		return Scheme{}, err
	}
	sc.RegionName = r.Name
	sc.CreatedAt = s.now()
	sc.UpdatedAt = sc.CreatedAt
	sc.Version = 1
	ev := audit.New(ctx, "rank_scheme.create", ObjectType, "", nil, sc.snapshot(), "")
	if err := s.store.CreateScheme(ctx, &sc, ev); err != nil {
		return Scheme{}, err
	}
	return sc, nil
}

// Update changes a scheme's name, subject, indicators and, when in.Active
// is set, whether it is active (停用 keeps its snapshots).
// Errors: NotFound (p may not see it), Forbidden (p may see but not edit
// it), Invalid (naming the field; version missing), Conflict (changed
// since in.Version was read).
func (s *Service) Update(ctx context.Context, p *access.Principal, id int64, in Input) (Scheme, error) {
	sc, err := s.visible(ctx, p, id)
	if err != nil {
		return Scheme{}, err
	}
	if !CanEdit(p, sc.Region) {
		return Scheme{}, errs.E(errs.Forbidden, "只有监督范围覆盖%s的效能监督人员可以修改该评价办法", sc.SubjectTitle())
	}
	if r := strings.TrimSpace(in.Region); r != "" && r != sc.Region {
		return Scheme{}, errs.Field("region_code", "评价办法的行政区划创建后不能修改；如需为 %s 排名，请新建评价办法", r)
	}
	if in.Version == 0 {
		return Scheme{}, errs.Field("version", "请带上读取时的版本号 version")
	}
	before, wasActive := sc.snapshot(), sc.Active
	if err := check(in, &sc); err != nil {
		return Scheme{}, err
	}
	if sc.Subject == SubjectRegion && len(sc.Region) == 12 {
		return Scheme{}, errs.Field("subject", "村（社区）没有下级地区，请选择按本级部门排名")
	}
	if in.Version != sc.Version {
		return Scheme{}, errs.E(errs.Conflict, "评价办法已被他人修改（当前第 %d 版，您看到的是第 %d 版），请刷新后重试", sc.Version, in.Version)
	}
	if in.Active != nil {
		sc.Active = *in.Active
	}
	sc.UpdatedBy, sc.UpdatedAt = p.AccountID, s.now()
	after := sc.snapshot()
	after["version"] = sc.Version + 1
	action := "rank_scheme.update"
	if sc.Active != wasActive {
		action = map[bool]string{true: "rank_scheme.activate", false: "rank_scheme.deactivate"}[sc.Active]
	}
	ev := audit.New(ctx, action, ObjectType, strconv.FormatInt(sc.ID, 10), before, after, "")
	if err := s.store.UpdateScheme(ctx, &sc, ev); err != nil {
		if errs.Is(err, errs.Conflict) {
			return Scheme{}, errs.Wrap(err, errs.Conflict, "评价办法已被他人修改，请刷新后重试")
		}
		return Scheme{}, err
	}
	return sc, nil
}
