package rating

import (
	"context"
	"slices"
	"strconv"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// RectQuery is a list request: filters within the reader's scope.
type RectQuery struct {
	Stage   string `query:"stage" enum:"verify,rectify,callback,recheck,appeal,closed,open," doc:"环节；open 未办结的"`
	Region  string `query:"region" maxLength:"12" doc:"行政区划代码：只看该地区及下级"`
	Dept    int64  `query:"dept" doc:"部门编号"`
	Overdue bool   `query:"overdue" doc:"只看本环节已超期的"`
	Cursor  string `query:"cursor" maxLength:"20" doc:"上一页返回的 next_cursor"`
	Limit   int    `query:"limit" minimum:"0" maximum:"100"`
}

// RectPage is one page of a rectification list, newest first.
type RectPage struct {
	Rectifications []Rectification `json:"rectifications"`
	NextCursor     string          `json:"next_cursor,omitempty"`
}

// RectView is one rectification with its rating and what the reader may
// do next. An anonymous rating never names its author; a named one does
// not either (the case page shows the applicant to those who may see it).
type RectView struct {
	Rectification
	Rating Rating `json:"rating"`
	// Next lists the actions the reader may take now.
	Next []string `json:"next_actions"`
	// Limits are the stage limits in force in the case's region.
	Limits Limits `json:"limits"`
}

// scopes are where p works or watches rectifications.
func scopes(p *access.Principal) []access.Scope {
	if p == nil {
		return nil
	}
	var out []access.Scope
	for _, g := range p.Grants {
		if g.HallID != 0 || !g.Role.Has(access.Rectify) && !g.Role.Has(access.Supervise) {
			continue
		}
		out = append(out, access.Scope{Region: g.Region, DeptID: g.DeptID})
	}
	return out
}

// ListRectifications lists the rectifications p works or watches, newest
// first. Errors: Forbidden (p works none), Invalid (a bad filter).
func (s *Service) ListRectifications(ctx context.Context, p *access.Principal, q RectQuery) (RectPage, error) {
	sc := scopes(p)
	if len(sc) == 0 {
		return RectPage{}, errs.E(errs.Forbidden, "只有部门整改人员和效能监督人员可以查看差评整改")
	}
	f := RectFilter{Scopes: sc, Stage: q.Stage, DeptID: q.Dept, Limit: q.Limit}
	if f.Stage != "" && f.Stage != "open" && !slices.Contains(Stages, f.Stage) {
		return RectPage{}, errs.Field("stage", "未知的整改环节“%s”", q.Stage)
	}
	if q.Region != "" {
		if err := checkRegion(q.Region); err != nil {
			return RectPage{}, err
		}
		f.Region = q.Region
	}
	if q.Cursor != "" {
		n, err := strconv.ParseInt(q.Cursor, 10, 64)
		if err != nil || n <= 0 {
			return RectPage{}, errs.Field("cursor", "翻页游标无效，请从第一页重新查看")
		}
		f.Before = n
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 50
	}
	if q.Overdue {
		f.OverdueOn = workcal.Today(s.now())
	}
	want := f.Limit
	f.Limit++
	list, err := s.store.Rectifications(ctx, f)
	if err != nil {
		return RectPage{}, err
	}
	pg := RectPage{Rectifications: []Rectification{}}
	if len(list) > want {
		list = list[:want]
		pg.NextCursor = strconv.FormatInt(list[want-1].ID, 10)
	}
	for i := range list {
		list[i].DueLevel = s.dueLevel(list[i])
	}
	pg.Rectifications = append(pg.Rectifications, list...)
	return pg, nil
}

// Rectification reads one rectification p works or watches, with its
// rating. Errors: NotFound (none, or not p's).
func (s *Service) Rectification(ctx context.Context, p *access.Principal, id int64) (RectView, error) {
	x, err := s.store.Rectification(ctx, id)
	if errs.Is(err, errs.NotFound) || err == nil && !canSee(p, x) {
		return RectView{}, notFoundRect()
	}
	if err != nil {
		return RectView{}, err
	}
	x.DueLevel = s.dueLevel(x)
	v := RectView{Rectification: x, Next: NextActions(p, x)}
	if v.Next == nil {
		v.Next = []string{}
	}
	list, err := s.store.Ratings(ctx, x.CaseID)
	if err != nil {
		return RectView{}, err
	}
	for _, r := range list {
		if r.ID == x.RatingID {
			r.AccountID = 0
			v.Rating = r
		}
	}
	if v.Limits, err = s.LimitsFor(ctx, x.Region); err != nil {
		return RectView{}, err
	}
	return v, nil
}

// EvidenceFile checks that file is attached to a step of rectification id
// and that p may see it, for its download. Errors: NotFound.
func (s *Service) EvidenceFile(ctx context.Context, p *access.Principal, id int64, file string) error {
	x, err := s.store.Rectification(ctx, id)
	if errs.Is(err, errs.NotFound) || err == nil && !canSee(p, x) {
		return notFoundRect()
	}
	if err != nil {
		return err
	}
	for _, st := range x.Steps {
		if slices.Contains(st.Files, file) {
			return nil
		}
	}
	return errs.E(errs.NotFound, "该文件不是本条整改的材料")
}
