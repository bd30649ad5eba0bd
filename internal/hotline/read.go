package hotline

import (
	"context"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// View is a ticket as one reader sees it, with its timeline and what the
// reader may do now.
type View struct {
	Ticket
	StatusTitle string      `json:"status_title"`
	TypeTitle   string      `json:"type_title"`
	Events      []Event     `json:"events"`
	Suggestion  *Suggestion `json:"suggestion,omitempty" doc:"待派单时按派单规则建议的部门（派单员）"`
	Actions     []string    `json:"actions" doc:"当前读者可做的操作"`
}

// Get returns a ticket for a reader who may see it. Errors: NotFound.
func (s *Service) Get(ctx context.Context, p *access.Principal, number string) (View, error) {
	t, w, err := s.visible(ctx, p, number)
	if err != nil {
		return View{}, err
	}
	evs, err := s.store.Events(ctx, t.ID)
	if err != nil {
		return View{}, err
	}
	redact(&t, w)
	v := View{Ticket: t, StatusTitle: StatusTitles[t.Status], TypeTitle: Types[t.Type], Events: nonNil(evs), Actions: []string{}}
	for _, a := range []string{ActDispatch, ActSign, ActReturn, ActReturnAccept, ActReturnReject, ActExtend, ActExtendApprove,
		ActExtendDeny, ActReply, ActReviewAccept, ActReviewReject, ActCallback, ActUrge, ActMerge, ActClose} {
		if allowed(a, w, &t) == nil {
			v.Actions = append(v.Actions, a)
		}
	}
	if w.dispatcher && t.Status == StatusDispatching {
		if sg, err := s.Suggest(ctx, t.SubjectCode, t.Region); err == nil {
			v.Suggestion = &sg
		}
	}
	return v, nil
}

// List views.
const (
	ViewMine  = "mine"  // tickets the agent took
	ViewQueue = "queue" // waiting for the hotline centre: dispatch, returns, extensions, review (dispatcher); callbacks (agent)
	ViewDept  = "dept"  // tickets the reader's departments lead or assist
	ViewAll   = "all"   // every ticket of the reader's regions (hotline staff, supervisors)
)

// ListQuery asks for one page of tickets. The figure lists use the same
// parameters: metric plus dept/region/from/to.
type ListQuery struct {
	View    string `query:"view" enum:"mine,queue,dept,all," doc:"默认按角色：派单员 queue，话务员 mine，部门 dept，监督 all"`
	Status  string `query:"status" doc:"状态，可用逗号分隔多个"`
	Subject string `query:"subject" doc:"诉求分类（含下级）"`
	Region  string `query:"region" doc:"行政区划（含下级）"`
	DeptID  int64  `query:"dept" doc:"主办部门"`
	Type    string `query:"type"`
	From    string `query:"from" doc:"受理日期起（YYYY-MM-DD，含）"`
	To      string `query:"to" doc:"受理日期止（YYYY-MM-DD，含）"`
	Metric  string `query:"metric" doc:"只列某项指标计入的工单（见 GET /api/v1/hotline/figures）"`
	Cursor  string `query:"cursor"`
	Limit   int    `query:"limit" minimum:"0" maximum:"100"`
}

// Page is one page of tickets, newest first.
type Page struct {
	View       string   `json:"view"`
	Tickets    []Ticket `json:"tickets"`
	NextCursor string   `json:"next_cursor,omitempty"`
}

// regionsOf lists the region roots of p's grants carrying any of perms
// (grants bound to a department or hall are left out).
func regionsOf(p *access.Principal, perms ...access.Permission) []string {
	var out []string
	for _, g := range p.Grants {
		if g.DeptID != 0 || g.HallID != 0 {
			continue
		}
		for _, perm := range perms {
			if g.Role.Has(perm) {
				out = append(out, g.Region)
				break
			}
		}
	}
	return out
}

func deptsOf(p *access.Principal) []int64 {
	var out []int64
	for _, g := range p.Grants {
		if g.Role.Has(access.HotlineHandle) && g.DeptID != 0 {
			out = append(out, g.DeptID)
		}
	}
	return out
}

// List returns a page of tickets. Errors: Forbidden (no hotline part),
// Invalid naming the query parameter.
func (s *Service) List(ctx context.Context, p *access.Principal, q ListQuery) (Page, error) {
	view := q.View
	if view == "" {
		switch {
		case p.Has(access.HotlineRoute):
			view = ViewQueue
		case p.Has(access.HotlineTake):
			view = ViewMine
		case p.Has(access.Supervise):
			view = ViewAll
		default:
			view = ViewDept
		}
	}
	f, err := s.filter(q)
	if err != nil {
		return Page{}, err
	}
	switch view {
	case ViewMine:
		if !p.Has(access.HotlineTake) {
			return Page{}, errs.E(errs.Forbidden, "只有 12345 话务员和派单员有“我受理的工单”")
		}
		f.TakerID = p.AccountID
	case ViewQueue:
		if f.Regions = regionsOf(p, access.HotlineRoute); len(f.Regions) > 0 {
			if len(f.Statuses) == 0 {
				f.Statuses = []string{StatusDispatching, StatusReturning, StatusExtending, StatusReplied}
			}
		} else if f.Regions = regionsOf(p, access.HotlineTake); len(f.Regions) > 0 {
			if len(f.Statuses) == 0 {
				f.Statuses = []string{StatusCallback}
			}
		} else {
			return Page{}, errs.E(errs.Forbidden, "待办队列只对 12345 话务员和派单员开放")
		}
	case ViewDept:
		if f.Depts = deptsOf(p); len(f.Depts) == 0 {
			return Page{}, errs.E(errs.Forbidden, "查看部门工单需要所在部门的办理权限（审查人员、审批负责人）")
		}
	case ViewAll:
		if f.Regions = regionsOf(p, access.HotlineTake, access.HotlineRoute, access.Supervise); len(f.Regions) == 0 {
			return Page{}, errs.E(errs.Forbidden, "查看全部工单需要 12345 热线或效能监督权限")
		}
	default:
		return Page{}, errs.Field("view", "列表应为 mine、queue、dept 或 all")
	}
	limit := f.Limit
	f.Limit++
	list, err := s.store.List(ctx, f)
	if err != nil {
		return Page{}, err
	}
	pg := Page{View: view, Tickets: list}
	if len(list) > limit {
		pg.Tickets = list[:limit]
		pg.NextCursor = strconv.FormatInt(list[limit-1].ID, 10)
	}
	for i := range pg.Tickets {
		redact(&pg.Tickets[i], roleOn(p, &pg.Tickets[i]))
	}
	pg.Tickets = nonNil(pg.Tickets)
	return pg, nil
}

// filter turns the query parameters into a store filter.
func (s *Service) filter(q ListQuery) (Filter, error) {
	f := Filter{Subject: strings.TrimSpace(q.Subject), Region: strings.TrimSpace(q.Region), DeptID: q.DeptID, Type: q.Type,
		Limit: q.Limit}
	for _, st := range strings.Split(q.Status, ",") {
		if st = strings.TrimSpace(st); st == "" {
			continue
		}
		if _, ok := StatusTitles[st]; !ok {
			return f, errs.Field("status", "状态“%s”无效，应为 %s 之一", clip(st, 20), strings.Join(statusList, "、"))
		}
		f.Statuses = append(f.Statuses, st)
	}
	if f.Type != "" && Types[f.Type] == "" {
		return f, errs.Field("type", "诉求类型“%s”无效", clip(f.Type, 20))
	}
	if f.Region != "" {
		if _, err := validate.RegionCode("region", f.Region); err != nil {
			return f, err
		}
	}
	if q.Metric != "" {
		if _, ok := Metrics[q.Metric]; !ok {
			return f, errs.Field("metric", "指标“%s”无效", clip(q.Metric, 30))
		}
		f.Metric = q.Metric
	}
	var err error
	if f.FromMS, f.ToMS, err = period(q.From, q.To); err != nil {
		return f, err
	}
	if q.Cursor != "" {
		if f.Before, err = strconv.ParseInt(q.Cursor, 10, 64); err != nil || f.Before <= 0 {
			return f, errs.Field("cursor", "分页参数无效，请从第一页重新查询")
		}
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	return f, nil
}

var statusList = []string{StatusDispatching, StatusDispatched, StatusReturning, StatusHandling, StatusExtending,
	StatusReplied, StatusCallback, StatusClosed}

// period turns inclusive China dates into [from, to) instants (ms); an
// empty bound is open.
func period(from, to string) (int64, int64, error) {
	var f, t int64
	if from != "" {
		d, err := workcal.ParseDateField("from", from)
		if err != nil {
			return 0, 0, err
		}
		f = dayStart(d).UnixMilli()
	}
	if to != "" {
		d, err := workcal.ParseDateField("to", to)
		if err != nil {
			return 0, 0, err
		}
		t = dayStart(d.AddDays(1)).UnixMilli()
	}
	if f != 0 && t != 0 && t <= f {
		return 0, 0, errs.Field("to", "截止日期不能早于起始日期")
	}
	return f, t, nil
}
