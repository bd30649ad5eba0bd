package catalog

import (
	"context"
	"fmt"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// BundleStore keeps bundles. Mutating methods write the given audit events
// in the same transaction.
type BundleStore interface {
	// CreateBundle inserts b. errs.Conflict when the code exists;
	// errs.Invalid (region_code) when the region does not.
	CreateBundle(ctx context.Context, b Bundle, evs ...audit.Event) (Bundle, error)
	// Bundle returns a bundle by code. errs.NotFound.
	Bundle(ctx context.Context, code string) (Bundle, error)
	// UpdateBundle stores b's name, status, content and editors if the row
	// is still at version, and bumps it. errs.Conflict when stale, errs.NotFound.
	UpdateBundle(ctx context.Context, b Bundle, version int, evs ...audit.Event) (Bundle, error)
	// ListBundles lists bundles, most popular first.
	ListBundles(ctx context.Context, f BundleFilter) ([]Bundle, error)
	// CountBundleView adds one to a bundle's popularity (a view is not a change: no audit).
	CountBundleView(ctx context.Context, id int64) error
}

// BundleFilter selects bundles.
type BundleFilter struct {
	Region string // subtree; "" any
	// WithAncestors adds the bundles of Region's ancestors (a county's
	// residents use the prefecture's bundles too).
	WithAncestors bool
	Status        string // "" any
	Limit         int    // 1–500
}

// BundleService runs bundles: drafts, four-eyes publication, the public
// guide and the questionnaire's evaluation. It reads items through the
// item Service's store, so a bundle always sees the items' published docs.
type BundleService struct {
	store BundleStore
	items *Service
}

// NewBundleService returns the bundle service over store and the item service.
func NewBundleService(store BundleStore, items *Service) *BundleService {
	return &BundleService{store: store, items: items}
}

// BundleInput creates a bundle.
type BundleInput struct {
	Code       string    `json:"code" doc:"一件事编码：4–64 位大写字母、数字或连字符"`
	RegionCode string    `json:"region_code" doc:"所属行政区划"`
	Doc        BundleDoc `json:"doc"`
	Note       string    `json:"note,omitempty"`
}

// Check validates doc for a bundle of region completely (its own rules, the
// principal's scope, its items' published docs) without writing.
func (s *BundleService) Check(ctx context.Context, p *access.Principal, region string, doc *BundleDoc) error {
	if _, err := validate.RegionCode("region_code", region); err != nil {
		return err
	}
	if !p.Can(access.CatalogEdit, access.Scope{Region: region}) {
		return errs.E(errs.Forbidden, "行政区划 %s 的一件事不在您的管理范围内", region)
	}
	if err := doc.Validate(); err != nil {
		return err
	}
	items, err := s.loadItems(ctx, region, *doc)
	if err != nil {
		return err
	}
	return doc.CheckItems(items)
}

// loadItems returns the published, in-force docs of doc's items by code.
// An item must belong to the bundle's region, one of its ancestors (a
// province item) or its subtree (a county's item in a prefecture bundle).
func (s *BundleService) loadItems(ctx context.Context, region string, doc BundleDoc) (map[string]Doc, error) {
	out := map[string]Doc{}
	for i, bi := range doc.Items {
		it, ok, err := s.publicItem(ctx, bi.ItemCode)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue // CheckItems names it
		}
		r := it.Doc.RegionCode
		if !validate.InRegion(r, region) && !validate.InRegion(region, r) {
			return nil, errs.Field(fmt.Sprintf("items[%d].item_code", i), "事项“%s”属于行政区划 %s，不在本一件事的行政区划 %s 范围内",
				it.Doc.Name, r, region)
		}
		out[bi.ItemCode] = it.Doc
	}
	return out, nil
}

// publicItem returns an item the public can apply for now; ok false when
// it does not exist, was never published, or is out of force.
func (s *BundleService) publicItem(ctx context.Context, code string) (Item, bool, error) {
	it, err := s.items.store.Item(ctx, code)
	if errs.Is(err, errs.NotFound) {
		return Item{}, false, nil
	}
	if err != nil {
		return Item{}, false, err
	}
	return it, it.PublishedVersion > 0 && it.InForce(s.items.now()), nil
}

// Create makes a bundle whose content waits for a second catalog manager's publication.
func (s *BundleService) Create(ctx context.Context, p *access.Principal, in BundleInput) (Bundle, error) {
	in.Code = upper(in.Code)
	if !codeRE.MatchString(in.Code) {
		return Bundle{}, errs.Field("code", "一件事编码应为 4–64 位大写字母、数字或连字符")
	}
	note, err := validText("note", in.Note, 500, false)
	if err != nil {
		return Bundle{}, err
	}
	if err := s.Check(ctx, p, in.RegionCode, &in.Doc); err != nil {
		return Bundle{}, err
	}
	now := s.items.now()
	b := Bundle{Code: in.Code, Name: in.Doc.Name, RegionCode: in.RegionCode, Status: StatusDraft, Doc: in.Doc,
		EditorID: p.AccountID, EditorName: p.Username, Note: note, Version: 1, CreatedAt: now, UpdatedAt: now}
	ev := audit.New(ctx, "bundle.create", "bundle", b.Code, nil, in.Doc, note)
	out, err := s.store.CreateBundle(ctx, b, ev)
	if errs.Is(err, errs.Conflict) {
		return Bundle{}, errs.Field("code", "一件事编码 %s 已存在", b.Code)
	}
	return out, err
}

// load returns a bundle the principal holds perm over.
func (s *BundleService) load(ctx context.Context, p *access.Principal, code string, perm access.Permission) (Bundle, error) {
	b, err := s.store.Bundle(ctx, upper(code))
	if errs.Is(err, errs.NotFound) {
		return Bundle{}, errs.E(errs.NotFound, "一件事 %s 不存在", code)
	}
	if err != nil {
		return Bundle{}, err
	}
	if !p.Can(perm, access.Scope{Region: b.RegionCode}) {
		return Bundle{}, errs.E(errs.Forbidden, "一件事 %s 不在您的管理范围内", b.Code)
	}
	return b, nil
}

// Update edits a bundle. A never-published bundle's content is replaced;
// a published one keeps its content in force and gets a pending draft.
func (s *BundleService) Update(ctx context.Context, p *access.Principal, code string, version int, doc BundleDoc, note string) (Bundle, error) {
	b, err := s.load(ctx, p, code, access.CatalogEdit)
	if err != nil {
		return Bundle{}, err
	}
	if note, err = validText("note", note, 500, false); err != nil {
		return Bundle{}, err
	}
	if err := s.Check(ctx, p, b.RegionCode, &doc); err != nil {
		return Bundle{}, err
	}
	before := b.Doc
	if b.Draft != nil {
		before = *b.Draft
	}
	if b.Status == StatusDraft {
		b.Doc, b.Name = doc, doc.Name
	} else {
		b.Draft = &doc
	}
	b.EditorID, b.EditorName, b.Note, b.UpdatedAt = p.AccountID, p.Username, note, s.items.now()
	ev := audit.New(ctx, "bundle.update", "bundle", b.Code, before, doc, note)
	return s.store.UpdateBundle(ctx, b, version, ev)
}

// Publish puts the pending content in force. Four eyes: the publisher must
// be a catalog manager other than its editor. The items are checked again,
// since they may have changed since the edit.
func (s *BundleService) Publish(ctx context.Context, p *access.Principal, code string, version int) (Bundle, error) {
	b, err := s.load(ctx, p, code, access.CatalogPub)
	if err != nil {
		return Bundle{}, err
	}
	doc, ok := b.PendingDoc()
	if !ok {
		return Bundle{}, errs.E(errs.Conflict, "一件事 %s 没有待发布的内容", b.Code)
	}
	if b.EditorID == p.AccountID {
		return Bundle{}, errs.E(errs.Forbidden, "四眼原则：一件事须由编辑人以外的另一位事项管理员审核发布")
	}
	items, err := s.loadItems(ctx, b.RegionCode, doc)
	if err != nil {
		return Bundle{}, err
	}
	if err := doc.CheckItems(items); err != nil {
		return Bundle{}, err
	}
	before := map[string]any{"status": b.Status}
	now := s.items.now()
	b.Status, b.Doc, b.Name, b.Draft = StatusPublished, doc, doc.Name, nil
	b.Publisher, b.PublishedAt, b.UpdatedAt = p.Username, &now, now
	after := map[string]any{"status": StatusPublished, "editor": b.EditorName}
	ev := audit.New(ctx, "bundle.publish", "bundle", b.Code, before, after, b.Note)
	b.EditorID, b.EditorName, b.Note = 0, "", ""
	return s.store.UpdateBundle(ctx, b, version, ev)
}

// Get returns a bundle with its pending draft, for staff.
func (s *BundleService) Get(ctx context.Context, p *access.Principal, code string) (Bundle, error) {
	return s.load(ctx, p, code, access.CatalogView)
}

// List lists the bundles of a region subtree the principal may view,
// drafts included, for staff.
func (s *BundleService) List(ctx context.Context, p *access.Principal, f BundleFilter) ([]Bundle, error) {
	if !p.Has(access.CatalogView) {
		return nil, errs.E(errs.Forbidden, "无权查看事项目录")
	}
	f.Limit = bundleLimit(f.Limit)
	bs, err := s.store.ListBundles(ctx, f)
	if err != nil {
		return nil, err
	}
	out := bs[:0]
	for _, b := range bs {
		if p.Can(access.CatalogView, access.Scope{Region: b.RegionCode}) {
			out = append(out, b)
		}
	}
	return out, nil
}

// Published lists the published bundles for the public: those of a region,
// its subtree and its ancestors ("" for all).
func (s *BundleService) Published(ctx context.Context, region string) ([]Bundle, error) {
	if region != "" {
		if _, err := validate.RegionCode("region", region); err != nil {
			return nil, err
		}
	}
	bs, err := s.store.ListBundles(ctx, BundleFilter{Region: region, WithAncestors: true, Status: StatusPublished, Limit: bundleLimit(0)})
	for i := range bs {
		bs[i] = bs[i].Public()
	}
	return bs, err
}

func bundleLimit(n int) int {
	if n <= 0 || n > 500 {
		return 200
	}
	return n
}
