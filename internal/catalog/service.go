package catalog

import (
	"context"
	"encoding/json"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// Service runs the catalog: drafts, four-eyes publication, status,
// history, public reads and search.
type Service struct {
	store Store
	depts Depts
	now   func() time.Time
}

// NewService returns the catalog service; now may be nil for time.Now.
func NewService(store Store, depts Depts, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, depts: depts, now: now}
}

// CheckDoc validates doc completely (elements, department, scope) without
// writing: the import uses it to report every bad row.
func (s *Service) CheckDoc(ctx context.Context, p *access.Principal, doc *Doc, isBase bool) error {
	if err := doc.Validate(); err != nil {
		return err
	}
	if doc.DeptID == 0 {
		if !isBase {
			return errs.Field("dept_id", "请选择实施部门")
		}
		if doc.DeptKind == "" {
			return errs.Field("dept_kind", "基本目录事项须写明实施主体类型（如 市场监管）")
		}
	} else {
		d, err := s.depts.DeptInfo(ctx, doc.DeptID)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("dept_id", "实施部门（编号 %d）不存在", doc.DeptID)
		}
		if err != nil {
			return err
		}
		if !d.Active {
			return errs.Field("dept_id", "%s已停用", d.Name)
		}
		if d.Region != doc.RegionCode {
			return errs.Field("region_code", "实施区划应为%s所在的行政区划 %s", d.Name, d.Region)
		}
		doc.DeptKind = d.Kind
	}
	if !p.Can(access.CatalogEdit, access.Scope{Region: doc.RegionCode, DeptID: doc.DeptID}) {
		return errs.E(errs.Forbidden, "行政区划 %s 的事项不在您的管理范围内", doc.RegionCode)
	}
	return nil
}

// Create makes a new item whose first version is a draft.
func (s *Service) Create(ctx context.Context, p *access.Principal, doc Doc, isBase bool, note string) (Item, error) {
	if err := s.CheckDoc(ctx, p, &doc, isBase); err != nil {
		return Item{}, err
	}
	v := s.newVersion(p, doc, note)
	ev := audit.New(ctx, "item.create", "item", doc.Code, nil, doc, note)
	it, err := s.store.CreateItem(ctx, isBase, v, ev)
	if errs.Is(err, errs.Conflict) {
		return Item{}, errs.Field("code", "实施编码 %s 已存在", doc.Code)
	}
	return it, err
}

func (s *Service) newVersion(p *access.Principal, doc Doc, note string) Version {
	return Version{State: VersionDraft, Doc: doc, EditorID: p.AccountID, EditorName: p.Username,
		CreatedAt: s.now(), Note: note}
}

// load returns an item the principal may manage with perm.
func (s *Service) load(ctx context.Context, p *access.Principal, code string, perm access.Permission) (Item, error) {
	it, err := s.store.Item(ctx, upper(code))
	if errs.Is(err, errs.NotFound) {
		return Item{}, errs.E(errs.NotFound, "事项 %s 不存在", code)
	}
	if err != nil {
		return Item{}, err
	}
	if !p.Can(perm, access.Scope{Region: it.Doc.RegionCode, DeptID: it.Doc.DeptID}) {
		return Item{}, errs.E(errs.Forbidden, "事项 %s 不在您的管理范围内", it.Code)
	}
	return it, nil
}

// SaveDraft edits an item: the content becomes (or replaces) its pending
// draft; the published version stays in force until the draft is published.
func (s *Service) SaveDraft(ctx context.Context, p *access.Principal, code string, itemVersion int, doc Doc, note string) (Item, error) {
	it, err := s.load(ctx, p, code, access.CatalogEdit)
	if err != nil {
		return Item{}, err
	}
	if upper(doc.Code) != it.Code {
		return Item{}, errs.Field("code", "实施编码不能修改（原为 %s）", it.Code)
	}
	if it.Status == StatusCancelled {
		return Item{}, errs.E(errs.Conflict, "事项已取消，不能再修改")
	}
	if err := s.CheckDoc(ctx, p, &doc, it.IsBase); err != nil {
		return Item{}, err
	}
	before := it.Doc
	if it.DraftVersion > 0 {
		if d, err := s.store.Version(ctx, it.ID, it.DraftVersion); err == nil {
			before = d.Doc
		}
	}
	ev := audit.New(ctx, "item.draft", "item", it.Code, before, doc, note)
	return s.store.PutDraft(ctx, it.ID, itemVersion, s.newVersion(p, doc, note), ev)
}

// DiscardDraft drops the pending draft of an item that has been published.
func (s *Service) DiscardDraft(ctx context.Context, p *access.Principal, code string, itemVersion int) (Item, error) {
	it, err := s.load(ctx, p, code, access.CatalogEdit)
	if err != nil {
		return Item{}, err
	}
	if it.DraftVersion == 0 {
		return Item{}, errs.E(errs.Conflict, "没有待发布的草稿")
	}
	if it.PublishedVersion == 0 {
		return Item{}, errs.E(errs.Conflict, "事项尚未发布过，草稿就是它的全部内容，不能丢弃")
	}
	ev := audit.New(ctx, "item.discard_draft", "item", it.Code, map[string]int{"draft_version": it.DraftVersion}, nil, "")
	return s.store.DiscardDraft(ctx, it.ID, itemVersion, ev)
}

// Publish puts the pending draft in force. Four eyes: the publisher must
// be a catalog manager other than the draft's editor.
func (s *Service) Publish(ctx context.Context, p *access.Principal, code string, itemVersion int) (Item, error) {
	it, err := s.load(ctx, p, code, access.CatalogPub)
	if err != nil {
		return Item{}, err
	}
	if it.DraftVersion == 0 {
		return Item{}, errs.E(errs.Conflict, "没有待发布的草稿")
	}
	if it.Status == StatusCancelled {
		return Item{}, errs.E(errs.Conflict, "事项已取消，不能发布")
	}
	draft, err := s.store.Version(ctx, it.ID, it.DraftVersion)
	if err != nil {
		return Item{}, err
	}
	if draft.EditorID == p.AccountID {
		return Item{}, errs.E(errs.Forbidden, "四眼原则：草稿须由编辑人以外的另一位事项管理员审核发布")
	}
	deptName := ""
	if draft.Doc.DeptID != 0 {
		if d, err := s.depts.DeptInfo(ctx, draft.Doc.DeptID); err == nil {
			deptName = d.Name
		}
	}
	before := map[string]any{"published_version": it.PublishedVersion, "status": it.Status}
	after := map[string]any{"published_version": it.DraftVersion, "status": StatusPublished, "editor": draft.EditorName}
	ev := audit.New(ctx, "item.publish", "item", it.Code, before, after, draft.Note)
	return s.store.Publish(ctx, Publication{
		ItemID: it.ID, ItemVersion: itemVersion, Number: it.DraftVersion, PublisherID: p.AccountID,
		Publisher: p.Username, At: s.now(), Doc: draft.Doc, Tokens: Tokens(draft.Doc, deptName),
	}, ev)
}

// SetStatus suspends (暂停), cancels (取消) or resumes a published item
// from a date; until then it stays in force.
func (s *Service) SetStatus(ctx context.Context, p *access.Principal, code string, itemVersion int, status string, from time.Time, reason string) (Item, error) {
	it, err := s.load(ctx, p, code, access.CatalogPub)
	if err != nil {
		return Item{}, err
	}
	if reason, err = validText("reason", reason, 200, status != StatusPublished); err != nil {
		return Item{}, err
	}
	switch status {
	case StatusSuspended, StatusCancelled:
		if it.Status != StatusPublished && !(status == StatusCancelled && it.Status == StatusSuspended) {
			return Item{}, errs.E(errs.Conflict, "只有已发布的事项可以暂停或取消")
		}
		if from.IsZero() {
			from = s.now()
		}
		if from.Before(s.now().Add(-24 * time.Hour)) {
			return Item{}, errs.Field("from", "生效日期不能早于今天")
		}
		// An item suspended from an earlier date stays out of force: its
		// cancellation takes effect no later than the suspension did.
		if status == StatusCancelled && it.SuspendedFrom != nil && it.SuspendedFrom.Before(from) {
			from = *it.SuspendedFrom
		}
	case StatusPublished:
		if it.Status != StatusSuspended {
			return Item{}, errs.E(errs.Conflict, "只有暂停的事项可以恢复")
		}
		from = time.Time{}
	default:
		return Item{}, errs.Field("status", "状态只能是 suspended（暂停）、cancelled（取消）或 published（恢复）")
	}
	ev := audit.New(ctx, "item."+status, "item", it.Code, map[string]string{"status": it.Status},
		map[string]any{"status": status, "from": from.UnixMilli()}, reason)
	return s.store.SetStatus(ctx, it.ID, itemVersion, status, from, reason, ev)
}

// Get returns an item with its drafts' state, for staff.
func (s *Service) Get(ctx context.Context, p *access.Principal, code string) (Item, error) {
	return s.load(ctx, p, code, access.CatalogView)
}

// InForce reports whether the public can see and apply for the item now.
func (it Item) InForce(now time.Time) bool {
	switch it.Status {
	case StatusPublished:
		return true
	case StatusSuspended:
		return it.SuspendedFrom != nil && now.Before(*it.SuspendedFrom)
	case StatusCancelled:
		return it.CancelledFrom != nil && now.Before(*it.CancelledFrom)
	}
	return false
}

// Public returns a published item in force, as the public sees it, and
// counts the view for popularity ordering.
func (s *Service) Public(ctx context.Context, code string) (Item, error) {
	it, err := s.store.Item(ctx, upper(code))
	if err == nil && (it.PublishedVersion == 0 || !it.InForce(s.now())) {
		err = errs.E(errs.NotFound, "事项不存在或已停止办理")
	}
	if errs.Is(err, errs.NotFound) {
		return Item{}, errs.E(errs.NotFound, "事项 %s 不存在或已停止办理", code)
	}
	if err != nil {
		return Item{}, err
	}
	if err := s.store.CountView(ctx, it.ID); err != nil {
		return Item{}, err
	}
	return it, nil
}

// Version returns one version of an item: published ones for anyone (cases
// keep the version they were submitted under), drafts for staff.
func (s *Service) Version(ctx context.Context, p *access.Principal, code string, n int) (Version, error) {
	it, err := s.store.Item(ctx, upper(code))
	if errs.Is(err, errs.NotFound) {
		return Version{}, errs.E(errs.NotFound, "事项 %s 不存在", code)
	}
	if err != nil {
		return Version{}, err
	}
	v, err := s.store.Version(ctx, it.ID, n)
	if errs.Is(err, errs.NotFound) {
		return Version{}, errs.E(errs.NotFound, "事项 %s 没有第 %d 版", it.Code, n)
	}
	if err != nil {
		return Version{}, err
	}
	if v.State == VersionDraft && !p.Can(access.CatalogView, access.Scope{Region: it.Doc.RegionCode}) {
		return Version{}, errs.E(errs.NotFound, "事项 %s 没有第 %d 版", it.Code, n)
	}
	return v, nil
}

// History lists an item's versions, newest first.
func (s *Service) History(ctx context.Context, p *access.Principal, code string) ([]Version, error) {
	it, err := s.load(ctx, p, code, access.CatalogView)
	if err != nil {
		return nil, err
	}
	return s.store.Versions(ctx, it.ID)
}

// List lists items for staff.
func (s *Service) List(ctx context.Context, p *access.Principal, f ListFilter) ([]Item, error) {
	if !p.Has(access.CatalogView) {
		return nil, errs.E(errs.Forbidden, "无权查看事项目录")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return s.store.ListItems(ctx, f)
}

// Search runs a public search.
func (s *Service) Search(ctx context.Context, q Query) (SearchResult, error) {
	q, err := q.Normalize()
	if err != nil {
		return SearchResult{}, err
	}
	return s.store.Search(ctx, q)
}

// Import creates or re-drafts many items at once: every document is
// checked first, and nothing is written unless all pass. errs carries
// the first failure with its index; ImportReport (excel) collects them all.
func (s *Service) Import(ctx context.Context, p *access.Principal, docs []Doc, isBase bool, note string) (created, drafted int, err error) {
	b := ImportBatch{IsBase: isBase}
	seen := map[string]bool{}
	for i := range docs {
		d := &docs[i]
		if err := s.CheckDoc(ctx, p, d, isBase); err != nil {
			return 0, 0, atIndex(i, err)
		}
		if seen[d.Code] {
			return 0, 0, atIndex(i, errs.Field("code", "实施编码 %s 在文件中重复", d.Code))
		}
		seen[d.Code] = true
		it, err := s.store.Item(ctx, d.Code)
		switch {
		case errs.Is(err, errs.NotFound):
			b.Creates = append(b.Creates, s.newVersion(p, *d, note))
		case err != nil:
			return 0, 0, err
		case it.IsBase != isBase:
			return 0, 0, atIndex(i, errs.Field("code", "事项 %s 已存在且目录类型不同", d.Code))
		case sameDoc(s.latest(ctx, it), *d):
			// unchanged: nothing to draft
		default:
			if !p.Can(access.CatalogEdit, access.Scope{Region: it.Doc.RegionCode, DeptID: it.Doc.DeptID}) {
				return 0, 0, atIndex(i, errs.E(errs.Forbidden, "事项 %s 不在您的管理范围内", it.Code))
			}
			b.Drafts = append(b.Drafts, Draft{ItemID: it.ID, ItemVersion: it.Version, Version: s.newVersion(p, *d, note)})
		}
	}
	ev := audit.New(ctx, "item.import", "item", "", nil, map[string]int{"created": len(b.Creates), "drafted": len(b.Drafts)}, note)
	if err := s.store.Import(ctx, b, ev); err != nil {
		return 0, 0, err
	}
	return len(b.Creates), len(b.Drafts), nil
}

// latest is the newest content of an item: its pending draft, else what is published.
func (s *Service) latest(ctx context.Context, it Item) Doc {
	if it.DraftVersion > 0 && it.PublishedVersion > 0 {
		if v, err := s.store.Version(ctx, it.ID, it.DraftVersion); err == nil {
			return v.Doc
		}
	}
	return it.Doc
}

// atIndex prefixes a field error with the document's position.
func atIndex(i int, err error) error {
	var e *errs.Error
	if ee, ok := err.(*errs.Error); ok {
		e = ee
	} else {
		return err
	}
	out := *e
	if out.Field != "" {
		out.Field = "items[" + itoa(i) + "]." + out.Field
	}
	out.Message = "第 " + itoa(i+1) + " 项：" + out.Message
	return &out
}

func sameDoc(a, b Doc) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
