package knowledge

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Query is a search or list of articles as a reader asks for it.
type Query struct {
	Q      string `query:"q" maxLength:"100" doc:"搜索词：标题、问法、关键词和答复正文中的中文词语（如“执照”可找到“营业执照”）"`
	Dept   int64  `query:"dept" doc:"只看某部门的文章"`
	Stale  bool   `query:"stale" doc:"只看已过复核日期的（待复核）"`
	Status string `query:"status" enum:"published,draft,retired,all," doc:"状态：默认 published；其他状态只列出本人可维护部门的文章"`
	Cursor string `query:"cursor" maxLength:"20" doc:"上一页返回的 next_cursor"`
	Limit  int    `query:"limit" minimum:"0" maximum:"50" doc:"每页条数，默认 20"`
}

// DefaultLimit and MaxLimit bound a page; MaxOffset bounds paging (a
// list that long is refined, not read to its end).
const (
	DefaultLimit = 20
	MaxLimit     = 50
	MaxOffset    = 2000
)

// Filter is a normalised query for the store.
type Filter struct {
	// Terms: every one must be in an article's tokens (catalog.QueryTerms);
	// none: no text search. Title hits (TitleTerms) come first, then
	// uses, then id; without terms an order by uses (or by review date,
	// for Stale) applies.
	Terms, TitleTerms []string
	Statuses          []string // allowed statuses, one at least
	// Scopes, when not nil, restrict rows to these department scopes
	// (region subtree, and the department when not 0); an empty non-nil
	// list selects nothing.
	Scopes []access.Scope
	DeptID int64
	// DueBefore, when set, keeps published articles due before it.
	DueBefore     workcal.Date
	Offset, Limit int
}

// Hit is an article in a list or search result.
type Hit struct {
	Article
	// TitleMatch: the title or a keyword holds every term (ranked first).
	TitleMatch bool   `json:"title_match"`
	Snippet    string `json:"snippet" doc:"答复口径中命中处前后的一段"`
}

// Page is one page of a list or search.
type Page struct {
	Articles   []Hit  `json:"articles"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// editScopes are where p holds knowledge.edit.
func editScopes(p *access.Principal) []access.Scope {
	out := []access.Scope{}
	if p == nil {
		return out
	}
	for _, g := range p.Grants {
		if g.Role.Has(access.KnowledgeEdit) {
			out = append(out, access.Scope{Region: g.Region, DeptID: g.DeptID})
		}
	}
	return out
}

// Search lists or searches articles for p: published ones for any staff
// member; drafts and retired ones (status) of the departments p edits.
// Invalid for a bad cursor or status, Forbidden for non-staff.
func (s *Service) Search(ctx context.Context, p *access.Principal, q Query) (Page, error) {
	empty := Page{Articles: []Hit{}}
	if !p.Has(access.StructureView) {
		return empty, errs.E(errs.Forbidden, "知识库只对工作人员开放")
	}
	f := Filter{DeptID: q.Dept, Limit: q.Limit}
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = DefaultLimit
	}
	if q.Cursor != "" {
		n, err := strconv.Atoi(q.Cursor)
		if err != nil || n < 0 || n > MaxOffset {
			return empty, errs.Field("cursor", "翻页参数有误，请从第一页重新查询")
		}
		f.Offset = n
	}
	switch q.Status {
	case "", StatusPublished:
		f.Statuses = []string{StatusPublished}
	case StatusDraft, StatusRetired:
		f.Statuses, f.Scopes = []string{q.Status}, editScopes(p)
	case "all":
		f.Statuses, f.Scopes = []string{StatusDraft, StatusPublished, StatusRetired}, editScopes(p)
	default:
		return empty, errs.Field("status", "状态只能是 published、draft、retired 或 all")
	}
	if q.Stale {
		f.Statuses, f.DueBefore = []string{StatusPublished}, s.today()
	}
	if text := strings.TrimSpace(q.Q); text != "" {
		if utf8.RuneCountInString(text) > 100 {
			return empty, errs.Field("q", "搜索词最多 100 字")
		}
		if f.Terms = catalog.QueryTerms(text); len(f.Terms) == 0 {
			return empty, nil // only punctuation: nothing to look for
		}
		f.TitleTerms = catalog.NameTerms(f.Terms)
	}
	if f.Scopes != nil && len(f.Scopes) == 0 {
		return empty, nil
	}
	limit := f.Limit
	f.Limit++ // one more: is there a next page?
	hits, err := s.store.Search(ctx, f)
	if err != nil {
		return empty, err
	}
	page := Page{Articles: []Hit{}}
	if len(hits) > limit {
		hits = hits[:limit]
		if f.Offset+limit <= MaxOffset {
			page.NextCursor = strconv.Itoa(f.Offset + limit)
		}
	}
	today := s.today()
	for _, h := range hits {
		h.Stale = h.StaleOn(today)
		h.Snippet = Snippet(h.Answer, f.Terms, 80)
		page.Articles = append(page.Articles, h)
	}
	return page, nil
}

// Review lists what p's departments must re-check (待复核): published
// articles due within RemindDaysLead days or past due, earliest first.
func (s *Service) Review(ctx context.Context, p *access.Principal, deptID int64) ([]Hit, error) {
	sc := editScopes(p)
	if len(sc) == 0 {
		return nil, errs.E(errs.Forbidden, "只有部门的知识库维护人员可以查看待复核文章")
	}
	hits, err := s.store.Search(ctx, Filter{Statuses: []string{StatusPublished}, Scopes: sc, DeptID: deptID,
		DueBefore: s.today().AddDays(RemindDaysLead + 1), Limit: MaxOffset})
	if err != nil {
		return nil, err
	}
	today := s.today()
	for i := range hits {
		hits[i].Stale = hits[i].StaleOn(today)
	}
	return hits, nil
}
