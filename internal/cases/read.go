package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// View is a case as its readers see it: the case with its tasks,
// timeline, documents, bundle children and the warning level of each due
// date.
type View struct {
	Case
	StatusTitle string     `json:"status_title"`
	Level       string     `json:"level"`        // normal, yellow, red: the whole case
	AcceptLevel string     `json:"accept_level"` // of the acceptance, while submitted
	Tasks       []TaskView `json:"tasks"`
	Events      []Event    `json:"events"`
	Documents   []Document `json:"documents"`
	Children    []Summary  `json:"children,omitempty"`
	// Mine: the reader is the applicant (or the agent who filed for them):
	// the pickup code is shown. A clerk who filed at the window is not
	// shown it, since the front desk checks it.
	Mine bool `json:"-"`
}

// TaskView is a task with its warning level.
type TaskView struct {
	Task
	Level string `json:"level"`
}

// canView reports whether p may read c: the applicant or filer, the
// front desk of its intake or delivery hall, the reviewing department,
// and supervisors and hall managers over either region.
func (s *Service) canView(p *access.Principal, c *Case) bool {
	if p == nil {
		return false
	}
	if p.AccountID == c.ApplicantID || c.FilerID != 0 && p.AccountID == c.FilerID {
		return true
	}
	scopes := []access.Scope{
		{Region: c.IntakeRegion, HallID: c.IntakeHallID},
		{Region: c.RegionCode, DeptID: c.DeptID},
	}
	for _, sc := range scopes {
		if p.Can(access.CaseView, sc) {
			return true
		}
	}
	if h := c.Delivery.HallID; h != 0 && h != c.IntakeHallID {
		// The pickup hall's staff: a grant naming that hall (the case does
		// not record the hall's region, so a region-wide grant cannot be
		// checked against it here).
		for _, g := range p.Grants {
			if g.HallID == h && g.Role.Has(access.CaseView) {
				return true
			}
		}
	}
	return false
}

// Case returns the case row for a reader who may see it; anyone else gets
// NotFound, so numbers cannot be probed. Every read and action starts here.
func (s *Service) Case(ctx context.Context, p *access.Principal, number string) (Case, error) {
	c, err := s.store.Case(ctx, strings.TrimSpace(number))
	if err != nil {
		return Case{}, notFound(err, number)
	}
	if !s.canView(p, &c) {
		return Case{}, errs.E(errs.NotFound, "办件 %s 不存在", number)
	}
	return c, nil
}

// Get returns a case with its tasks, timeline and documents for a reader
// who may see it (see Case).
func (s *Service) Get(ctx context.Context, p *access.Principal, number string) (View, error) {
	c, err := s.Case(ctx, p, number)
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, p, c)
}

func (s *Service) view(ctx context.Context, p *access.Principal, c Case) (View, error) {
	mine := p != nil && (p.AccountID == c.ApplicantID || c.Channel == ChannelAgent && p.AccountID == c.FilerID)
	v := View{Case: c, StatusTitle: c.Status.Title(), Mine: mine}
	var err error
	if v.Events, err = s.store.Events(ctx, c.ID); err != nil {
		return View{}, err
	}
	if v.Documents, err = s.store.Documents(ctx, c.ID); err != nil {
		return View{}, err
	}
	tasks, err := s.store.Tasks(ctx, c.ID)
	if err != nil {
		return View{}, err
	}
	today := s.today()
	cal := s.cal()
	for _, t := range tasks {
		lv := LevelNormal
		if t.State == TaskOpen && c.Status != Special {
			lv = Level(cal, t.Region, today, t.Due, s.WarnDays)
		}
		v.Tasks = append(v.Tasks, TaskView{Task: t, Level: lv})
	}
	if c.Status.Open() && c.Status != Special {
		v.Level = Level(cal, c.RegionCode, today, c.Clock.Due, s.WarnDays)
		if c.Status == Submitted {
			v.AcceptLevel = Level(cal, c.IntakeRegion, today, c.Clock.AcceptDue, s.WarnDays)
		}
	} else if c.Overdue {
		v.Level = LevelRed
	} else {
		v.Level = LevelNormal
	}
	if c.BundleCode != "" && c.ItemCode == "" {
		v.Children, _, err = s.store.List(ctx, ListFilter{ParentID: c.ID, Limit: 100})
		if err != nil {
			return View{}, err
		}
	}
	if !v.Mine {
		v.Delivery.PickupCode = ""
	}
	return v, nil
}

// Views of lists.
const (
	ViewMine  = "mine"  // the applicant's (or filer's) cases
	ViewInbox = "inbox" // open tasks the reader may work, due first
	ViewHall  = "hall"  // a hall's cases (front desk, hall manager)
	ViewDept  = "dept"  // a department's cases
	ViewAll   = "all"   // every case in the reader's region (supervisors)
)

// ListQuery asks for one page of a list.
type ListQuery struct {
	View   string `query:"view" enum:"mine,inbox,hall,dept,all," doc:"mine 我的办件 / inbox 待办 / hall 本大厅 / dept 本部门 / all 辖区全部"`
	Status string `query:"status" doc:"按状态筛选"`
	Mine   bool   `query:"assigned" doc:"inbox：只看分派给我的"`
	Cursor string `query:"cursor" doc:"上一页返回的 next_cursor"`
	Limit  int    `query:"limit" minimum:"0" maximum:"100"`
}

// Page is one page of a case list or inbox.
type Page struct {
	Cases      []Summary  `json:"cases,omitempty"`
	Inbox      []InboxRow `json:"inbox,omitempty"`
	Total      int        `json:"total"`
	NextCursor string     `json:"next_cursor,omitempty"`
}

// List returns a page of a list view.
func (s *Service) List(ctx context.Context, p *access.Principal, q ListQuery) (Page, error) {
	if p == nil {
		return Page{}, errs.E(errs.Unauthorized, "请先登录")
	}
	limit := q.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	st := Status(q.Status)
	if st != "" && !st.Valid() {
		return Page{}, errs.Field("status", "未知的办件状态 %q", q.Status)
	}
	view := q.View
	if view == "" {
		view = ViewMine
		if p.Has(access.CaseAccept) || p.Has(access.CaseReview) {
			view = ViewInbox
		}
	}
	if view == ViewInbox {
		return s.inbox(ctx, p, q, limit)
	}
	f := ListFilter{Status: st, Limit: limit}
	if q.Cursor != "" {
		n, err := strconv.ParseInt(q.Cursor, 10, 64)
		if err != nil || n <= 0 {
			return Page{}, errs.Field("cursor", "分页游标无效")
		}
		f.Before = n
	}
	switch view {
	case ViewMine:
		if p.Kind == account.KindPerson || p.Kind == account.KindOrg {
			f.ApplicantID = p.AccountID
		} else {
			f.FilerID = p.AccountID
		}
	case ViewHall:
		g, ok := p.GrantFor(access.CaseView, func(g access.Grant) bool { return g.HallID != 0 })
		if !ok {
			return Page{}, errs.E(errs.Forbidden, "您的权限未指定大厅")
		}
		f.HallID = g.HallID
	case ViewDept:
		g, ok := p.GrantFor(access.CaseView, func(g access.Grant) bool { return g.DeptID != 0 })
		if !ok {
			return Page{}, errs.E(errs.Forbidden, "您的权限未指定部门")
		}
		f.DeptID = g.DeptID
	case ViewAll:
		g, ok := p.GrantFor(access.CaseView, func(g access.Grant) bool { return g.HallID == 0 && g.DeptID == 0 })
		if !ok {
			return Page{}, errs.E(errs.Forbidden, "只有辖区范围的监督人员可以查看全部办件")
		}
		f.Region = g.Region
	default:
		return Page{}, errs.Field("view", "未知的列表 %q", view)
	}
	rows, total, err := s.store.List(ctx, f)
	if err != nil {
		return Page{}, err
	}
	pg := Page{Cases: rows, Total: total}
	if len(rows) == limit {
		pg.NextCursor = strconv.FormatInt(rows[len(rows)-1].ID, 10)
	}
	return pg, nil
}

// inbox lists the open tasks of the reader's roles, due first.
func (s *Service) inbox(ctx context.Context, p *access.Principal, q ListQuery, limit int) (Page, error) {
	f := InboxFilter{Limit: limit}
	for _, g := range p.Grants {
		switch g.Role {
		case access.Clerk, access.Reviewer, access.Approver, access.HallManager:
			f.Scopes = append(f.Scopes, InboxScope{Role: string(g.Role), Region: g.Region, DeptID: g.DeptID, HallID: g.HallID})
		}
	}
	if len(f.Scopes) == 0 {
		return Page{}, errs.E(errs.Forbidden, "您没有待办任务的角色")
	}
	if q.Mine {
		f.AssigneeID = p.AccountID
	}
	if q.Cursor != "" {
		day, id, ok := strings.Cut(q.Cursor, "_")
		d, err := workcal.ParseDate(day)
		n, err2 := strconv.ParseInt(id, 10, 64)
		if !ok || err != nil || err2 != nil {
			return Page{}, errs.Field("cursor", "分页游标无效")
		}
		f.AfterDue, f.AfterID = d, n
	}
	rows, total, err := s.store.Inbox(ctx, f)
	if err != nil {
		return Page{}, err
	}
	pg := Page{Inbox: rows, Total: total}
	if len(rows) == limit {
		last := rows[len(rows)-1].Task
		pg.NextCursor = fmt.Sprintf("%s_%d", last.Due, last.ID)
	}
	return pg, nil
}

// Messages lists the reader's messages.
func (s *Service) Messages(ctx context.Context, p *access.Principal, limit int) ([]Message, error) {
	if p == nil {
		return nil, errs.E(errs.Unauthorized, "请先登录")
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	return s.store.Messages(ctx, p.AccountID, limit)
}

// MarkRead marks the reader's messages read.
func (s *Service) MarkRead(ctx context.Context, p *access.Principal, ids []int64) error {
	if p == nil {
		return errs.E(errs.Unauthorized, "请先登录")
	}
	return s.store.MarkRead(ctx, p.AccountID, ids)
}

// CanSeeCaseFile reports whether p may download a file attached to the
// case caseID: p may see that case, or, for a bundle case (whose files
// serve all its children), one of its children.
func (s *Service) CanSeeCaseFile(ctx context.Context, p *access.Principal, caseID int64) bool {
	c, err := s.store.CaseByID(ctx, caseID)
	if err != nil {
		return false
	}
	if s.canView(p, &c) {
		return true
	}
	if c.BundleCode == "" || c.ItemCode != "" {
		return false
	}
	kids, _, err := s.store.List(ctx, ListFilter{ParentID: c.ID, Limit: 100})
	if err != nil {
		return false
	}
	for _, k := range kids {
		kc, err := s.store.CaseByID(ctx, k.ID)
		if err == nil && s.canView(p, &kc) {
			return true
		}
	}
	return false
}

// DocumentFor returns a document of a case the reader may see.
func (s *Service) DocumentFor(ctx context.Context, p *access.Principal, number string, docID int64) (Document, Case, error) {
	c, err := s.Case(ctx, p, number)
	if err != nil {
		return Document{}, Case{}, err
	}
	docs, err := s.store.Documents(ctx, c.ID)
	if err != nil {
		return Document{}, Case{}, err
	}
	for _, d := range docs {
		if d.ID == docID {
			return d, c, nil
		}
	}
	return Document{}, Case{}, errs.E(errs.NotFound, "文书不存在")
}

// cloneDetail deep-copies what actions modify in place.
func cloneDetail(d Detail) Detail {
	b, _ := json.Marshal(d)
	var out Detail
	_ = json.Unmarshal(b, &out)
	return out
}

// HallLoad is the front desk's work at one hall now, for its manager.
type HallLoad struct {
	HallID     int64       `json:"hall_id"`
	Waiting    int         `json:"waiting"`    // applications waiting for acceptance
	DueSoon    int         `json:"due_soon"`   // of them, due within the warning window
	Overdue    int         `json:"overdue"`    // of them, past the 5 working days
	Correction int         `json:"correction"` // waiting for the applicant's supplement
	Deliver    int         `json:"deliver"`    // concluded, waiting for delivery
	ByClerk    []ClerkLoad `json:"by_clerk"`   // open tasks claimed per clerk
}

// ClerkLoad is one clerk's claimed open tasks.
type ClerkLoad struct {
	Username string `json:"username"`
	Open     int    `json:"open"`
}

// Load returns the hall's load for someone who may see the hall's cases.
func (s *Service) Load(ctx context.Context, p *access.Principal, hallID int64) (HallLoad, error) {
	h, err := s.dir.Hall(ctx, hallID)
	if err != nil {
		return HallLoad{}, err
	}
	if !p.Can(access.CaseView, access.Scope{Region: h.RegionCode, HallID: hallID}) {
		return HallLoad{}, errs.E(errs.Forbidden, "%s不在您的权限范围内", h.Name)
	}
	today := s.today()
	soon, err := s.warnBy(today, h.RegionCode)
	if err != nil {
		return HallLoad{}, err
	}
	return s.store.HallLoad(ctx, hallID, today, soon)
}

// warnBy is the last day of the warning window that opens today: due dates
// up to it are yellow.
func (s *Service) warnBy(today workcal.Date, region string) (workcal.Date, error) {
	if s.WarnDays <= 0 {
		return today, nil
	}
	r, err := s.cal().Add(today, s.WarnDays, region)
	return r.Date, err
}
