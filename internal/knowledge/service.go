package knowledge

import (
	"context"
	"strconv"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Dept is the owner of articles, as the knowledge base needs it.
type Dept struct {
	ID     int64
	Name   string
	Region string
}

// Store keeps articles, their versions, the search index and the review
// reminders sent.
type Store interface {
	// Dept reads a department (NotFound).
	Dept(ctx context.Context, id int64) (Dept, error)
	// Create inserts a with its first version and index entry and returns
	// its id.
	Create(ctx context.Context, a Article, evs ...audit.Event) (int64, error)
	// Article reads one (NotFound).
	Article(ctx context.Context, id int64) (Article, error)
	// Update writes after over before with a new version row (action)
	// and index entry: Conflict when the row is no longer at
	// before.Version. after.Version must be before.Version+1.
	Update(ctx context.Context, before, after Article, action string, evs ...audit.Event) error
	// Search lists the articles f selects (see Filter).
	Search(ctx context.Context, f Filter) ([]Hit, error)
	// Versions lists an article's versions, newest first.
	Versions(ctx context.Context, id int64) ([]Version, error)
	// Use adds one use at now to a published article, in one statement,
	// and returns its id, title and uses (NotFound; Conflict when it is
	// not published).
	Use(ctx context.Context, id int64, now time.Time, evs ...audit.Event) (Article, error)
	// DueReviews lists published articles due on or before day whose
	// owners have not been reminded of that due date, earliest first.
	DueReviews(ctx context.Context, day workcal.Date, limit int) ([]Article, error)
	// Reminded records the reminder of a's review date with its messages
	// (Conflict when it was recorded already).
	Reminded(ctx context.Context, a Article, msgs []cases.Message, evs ...audit.Event) error
	// StaffWith lists the active staff holding role whose grant covers at.
	StaffWith(ctx context.Context, role string, at access.Scope) ([]int64, error)
}

// Service applies the knowledge base's rules.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns the service over store; now is the clock (nil: time.Now).
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// User is what an agent's answering needs: the ticket service calls Use
// when an agent concludes a call from an article (一次办结).
type User interface {
	// Use counts one use of a published article and returns its title
	// (NotFound; Conflict when it is not published).
	Use(ctx context.Context, id int64) (title string, err error)
}

var _ User = (*Service)(nil)

func scope(a Article) access.Scope { return access.Scope{Region: a.Region, DeptID: a.DeptID} }

// CanEdit reports whether p may write, publish, retire and re-confirm a:
// a knowledge.edit grant covering its department.
func CanEdit(p *access.Principal, a Article) bool { return p.Can(access.KnowledgeEdit, scope(a)) }

// CanRead reports whether p may read a: any staff member a published
// article, its department's editors any.
func CanRead(p *access.Principal, a Article) bool {
	return a.Status == StatusPublished && p.Has(access.StructureView) || CanEdit(p, a)
}

func (s *Service) today() workcal.Date { return workcal.Today(s.now()) }

func notFound() error { return errs.E(errs.NotFound, "知识库文章不存在或已无权查看") }

func actorCtx(ctx context.Context, p *access.Principal) context.Context {
	a := audit.ActorFrom(ctx)
	if p != nil && a.ID == 0 {
		a.ID, a.Name = p.AccountID, p.Username
	}
	if a.Role == "" || a.Role == "system" {
		if r := p.RoleFor(access.KnowledgeEdit); r != "" {
			a.Role = string(r)
		}
	}
	return audit.WithActor(ctx, a)
}

// Get reads an article for p (NotFound when p may not read it).
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (Article, error) {
	a, err := s.store.Article(ctx, id)
	if errs.Is(err, errs.NotFound) || err == nil && !CanRead(p, a) {
		return Article{}, notFound()
	}
	if err != nil {
		return Article{}, err
	}
	a.Stale = a.StaleOn(s.today())
	return a, nil
}

// Versions lists an article's history for p, newest first.
func (s *Service) Versions(ctx context.Context, p *access.Principal, id int64) ([]Version, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	return s.store.Versions(ctx, id)
}

// Create adds a draft for p's department (or in.DeptID, which p's
// knowledge.edit grant must cover): Invalid, NotFound for an unknown
// department, Forbidden.
func (s *Service) Create(ctx context.Context, p *access.Principal, in Input) (Article, error) {
	if !p.Has(access.KnowledgeEdit) {
		return Article{}, errs.E(errs.Forbidden, "只有部门的知识库维护人员（审批负责人）可以新建文章")
	}
	if in.DeptID == 0 {
		g, ok := p.GrantFor(access.KnowledgeEdit, func(g access.Grant) bool { return g.DeptID != 0 })
		if !ok {
			return Article{}, errs.Field("dept_id", "请选择文章所属部门")
		}
		in.DeptID = g.DeptID
	}
	in, err := clean(in)
	if err != nil {
		return Article{}, err
	}
	d, err := s.store.Dept(ctx, in.DeptID)
	if errs.Is(err, errs.NotFound) {
		return Article{}, errs.Field("dept_id", "部门 %d 不存在，请重新选择", in.DeptID)
	}
	if err != nil {
		return Article{}, err
	}
	now := s.now()
	a := Article{DeptID: d.ID, DeptName: d.Name, Region: d.Region, Title: in.Title, Keywords: in.Keywords,
		Answer: in.Answer, Subjects: in.Subjects, Status: StatusDraft, Version: 1,
		CreatedBy: p.AccountID, CreatedByName: p.Username, CreatedAt: now,
		UpdatedBy: p.AccountID, UpdatedByName: p.Username, UpdatedAt: now}
	if !CanEdit(p, a) {
		return Article{}, errs.E(errs.Forbidden, "您不能为“%s”编写知识库文章：只能维护本部门的文章", d.Name)
	}
	ctx = actorCtx(ctx, p)
	ev := audit.New(ctx, "knowledge.create", "knowledge", "", nil, DocOf(a), "")
	id, err := s.store.Create(ctx, a, ev)
	if err != nil {
		return Article{}, err
	}
	a.ID = id
	return a, nil
}

// editable reads article id for a change by p: NotFound when p may not
// read it, Forbidden when p may read but not edit it, Conflict when
// version is stale.
func (s *Service) editable(ctx context.Context, p *access.Principal, id int64, version int) (Article, error) {
	a, err := s.Get(ctx, p, id)
	if err != nil {
		return Article{}, err
	}
	if !CanEdit(p, a) {
		return Article{}, errs.E(errs.Forbidden, "只有“%s”的知识库维护人员可以修改这篇文章", a.DeptName)
	}
	if version == 0 {
		return Article{}, errs.Field("version", "请带上读取文章时的版本号（version），以免覆盖别人的修改")
	}
	if version != a.Version {
		return Article{}, errs.E(errs.Conflict, "文章已被他人修改（当前第 %d 版，您读取的是第 %d 版），请刷新后重试", a.Version, version)
	}
	return a, nil
}

// save writes after over before with a version row and an audit event.
func (s *Service) save(ctx context.Context, p *access.Principal, before, after Article, action, reason string) (Article, error) {
	now := s.now()
	after.Version, after.UpdatedBy, after.UpdatedByName, after.UpdatedAt = before.Version+1, p.AccountID, p.Username, now
	ctx = actorCtx(ctx, p)
	ev := audit.New(ctx, "knowledge."+action, "knowledge", strconv.FormatInt(before.ID, 10), DocOf(before), DocOf(after), reason)
	if err := s.store.Update(ctx, before, after, action, ev); err != nil {
		return Article{}, err
	}
	after.Stale = after.StaleOn(s.today())
	return after, nil
}

// Update replaces an article's text (its department and status stay):
// Invalid, NotFound, Forbidden, Conflict.
func (s *Service) Update(ctx context.Context, p *access.Principal, id int64, in Input) (Article, error) {
	a, err := s.editable(ctx, p, id, in.Version)
	if err != nil {
		return Article{}, err
	}
	if in.DeptID != 0 && in.DeptID != a.DeptID {
		return Article{}, errs.Field("dept_id", "文章的所属部门不能更改；请由新部门另建文章")
	}
	if in, err = clean(in); err != nil {
		return Article{}, err
	}
	after := a
	after.Title, after.Keywords, after.Answer, after.Subjects = in.Title, in.Keywords, in.Answer, in.Subjects
	return s.save(ctx, p, a, after, "update", "")
}

// reviewDue is the review date asked for, or ReviewDays from today.
func (s *Service) reviewDue(raw string) (workcal.Date, error) {
	today := s.today()
	if raw == "" {
		return today.AddDays(ReviewDays), nil
	}
	d, err := workcal.ParseDateField("review_due", raw)
	if err != nil {
		return workcal.Date{}, err
	}
	if !d.After(today) || d.After(today.AddDays(MaxReviewDays)) {
		return workcal.Date{}, errs.Field("review_due", "复核日期应在今天之后、两年以内（%s 至 %s）", today.AddDays(1), today.AddDays(MaxReviewDays))
	}
	return d, nil
}

// Publish makes a draft or retired article searchable, due for review on
// t.ReviewDue (default 180 days on): NotFound, Forbidden, Conflict
// (already published, or a stale version), Invalid.
func (s *Service) Publish(ctx context.Context, p *access.Principal, id int64, t Transition) (Article, error) {
	a, err := s.editable(ctx, p, id, t.Version)
	if err != nil {
		return Article{}, err
	}
	if a.Status == StatusPublished {
		return Article{}, errs.E(errs.Conflict, "文章已经发布；需要延长复核期请用“复核确认”")
	}
	due, err := s.reviewDue(t.ReviewDue)
	if err != nil {
		return Article{}, err
	}
	after := a
	after.Status, after.ReviewDue, after.PublishedAt = StatusPublished, due, s.now()
	return s.save(ctx, p, a, after, "publish", "")
}

// Retire withdraws an article (下架): it leaves search and can no longer
// be answered from. NotFound, Forbidden, Conflict.
func (s *Service) Retire(ctx context.Context, p *access.Principal, id int64, t Transition) (Article, error) {
	a, err := s.editable(ctx, p, id, t.Version)
	if err != nil {
		return Article{}, err
	}
	if a.Status == StatusRetired {
		return Article{}, errs.E(errs.Conflict, "文章已经下架")
	}
	after := a
	after.Status = StatusRetired
	return s.save(ctx, p, a, after, "retire", "")
}

// Confirm records that the owner re-checked a published article and
// moves its review date (延长复核期) to t.ReviewDue or 180 days on.
// NotFound, Forbidden, Conflict (not published, stale version), Invalid.
func (s *Service) Confirm(ctx context.Context, p *access.Principal, id int64, t Transition) (Article, error) {
	a, err := s.editable(ctx, p, id, t.Version)
	if err != nil {
		return Article{}, err
	}
	if a.Status != StatusPublished {
		return Article{}, errs.E(errs.Conflict, "只有已发布的文章需要复核确认；草稿请直接发布")
	}
	due, err := s.reviewDue(t.ReviewDue)
	if err != nil {
		return Article{}, err
	}
	after := a
	after.ReviewDue = due
	return s.save(ctx, p, a, after, "confirm", "")
}

// Use counts one use of a published article (uses+1, last_used_at) in
// one statement, so concurrent uses all count, and returns its title.
// The caller (the ticket service) has checked that its agent may answer;
// NotFound, Conflict when the article is not published.
func (s *Service) Use(ctx context.Context, id int64) (string, error) {
	ev := audit.New(ctx, "knowledge.use", "knowledge", strconv.FormatInt(id, 10), nil, nil, "")
	a, err := s.store.Use(ctx, id, s.now(), ev)
	if err != nil {
		return "", err
	}
	return a.Title, nil
}
