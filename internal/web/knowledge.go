package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/knowledge"
)

// kbPages serve the 12345 knowledge base: the search page an agent keeps
// open on a call (results as they type, each answer unfolding in place),
// an article with its history, the department's edit form and its list
// of articles to re-check (待复核). The knowledge service decides who may
// read and change what.
type kbPages struct {
	w   *Web
	svc *knowledge.Service
}

// AddKnowledge registers the knowledge-base pages.
func (w *Web) AddKnowledge(svc *knowledge.Service) {
	p := &kbPages{w: w, svc: svc}
	w.handle("GET", "/knowledge", access.StructureView, p.search)
	w.handle("GET", "/knowledge/review", access.KnowledgeEdit, p.review)
	w.handle("GET", "/knowledge/new", access.KnowledgeEdit, p.newForm)
	w.handle("POST", "/knowledge/new", access.KnowledgeEdit, p.create)
	w.handle("GET", "/knowledge/{id}", access.StructureView, p.show)
	w.handle("GET", "/knowledge/{id}/edit", access.KnowledgeEdit, p.editForm)
	w.handle("POST", "/knowledge/{id}/edit", access.KnowledgeEdit, p.update)
	for _, action := range []string{"publish", "retire", "confirm"} {
		w.handle("POST", "/knowledge/{id}/"+action, access.KnowledgeEdit, func(rw http.ResponseWriter, r *http.Request) {
			p.transition(rw, r, action)
		})
	}
}

// kbSearchView is what knowledge.html shows.
type kbSearchView struct {
	Q           string
	Stale       bool
	StaleURL    string
	Hits        []knowledge.Hit
	Searched    bool
	Next, First string
	Editor      bool
}

func (p *kbPages) search(rw http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	pr := httpx.Principal(ctx)
	v := &kbSearchView{Q: strings.TrimSpace(q.Get("q")), Stale: q.Get("stale") == "1", Editor: pr.Has(access.KnowledgeEdit)}
	link := func(stale bool, cursor string) string {
		u := url.Values{}
		if v.Q != "" {
			u.Set("q", v.Q)
		}
		if stale {
			u.Set("stale", "1")
		}
		if cursor != "" {
			u.Set("cursor", cursor)
		}
		if len(u) == 0 {
			return "/knowledge"
		}
		return "/knowledge?" + u.Encode()
	}
	v.StaleURL = link(!v.Stale, "")
	pg, err := p.svc.Search(ctx, pr, knowledge.Query{Q: v.Q, Stale: v.Stale, Cursor: q.Get("cursor")})
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	v.Hits, v.Searched = pg.Articles, v.Q != "" || v.Stale
	if pg.NextCursor != "" {
		v.Next = link(v.Stale, pg.NextCursor)
	}
	if q.Get("cursor") != "" {
		v.First = link(v.Stale, "")
	}
	p.w.render(rw, r, http.StatusOK, "knowledge", &Page{Title: "知识库", Data: v})
}

// kbArticleView is what knowledge_article.html shows.
type kbArticleView struct {
	A        knowledge.Article
	Versions []knowledge.Version
	CanEdit  bool
	// Err is a refused publish, retire or confirm, shown by its forms.
	Err string
}

func kbID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "知识库文章不存在或已无权查看")
	}
	return id, nil
}

func (p *kbPages) show(rw http.ResponseWriter, r *http.Request) {
	p.renderArticle(rw, r, http.StatusOK, "")
}

func (p *kbPages) renderArticle(rw http.ResponseWriter, r *http.Request, status int, msg string) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	id, err := kbID(r)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	a, err := p.svc.Get(ctx, pr, id)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	vs, err := p.svc.Versions(ctx, pr, id)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	p.w.render(rw, r, status, "knowledge_article", &Page{Title: a.Title,
		Data: &kbArticleView{A: a, Versions: vs, CanEdit: knowledge.CanEdit(pr, a), Err: msg}})
}

// kbDone is the notice after each action.
var kbDone = map[string]string{"create": "草稿已保存，核对无误后请发布", "update": "修改已保存",
	"publish": "文章已发布，话务员现在可以检索到", "retire": "文章已下架", "confirm": "已复核确认，复核日期已延长"}

func (p *kbPages) transition(rw http.ResponseWriter, r *http.Request, action string) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	id, err := kbID(r)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		p.w.Error(rw, r, errs.Wrap(err, errs.Malformed, "提交的内容无法读取，请重试"))
		return
	}
	t := knowledge.Transition{ReviewDue: strings.TrimSpace(r.PostForm.Get("review_due"))}
	t.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	switch action {
	case "publish":
		_, err = p.svc.Publish(ctx, pr, id, t)
	case "retire":
		_, err = p.svc.Retire(ctx, pr, id, t)
	default:
		_, err = p.svc.Confirm(ctx, pr, id, t)
	}
	if err == nil {
		http.Redirect(rw, r, fmt.Sprintf("/knowledge/%d?flash=%s", id, urlQueryEscape(kbDone[action])), http.StatusSeeOther)
		return
	}
	if code := errs.CodeOf(err); code == errs.Internal || code == errs.NotFound || code == errs.Unauthorized {
		p.w.Error(rw, r, err)
		return
	}
	p.renderArticle(rw, r, errs.Status(errs.CodeOf(err)), errs.MessageOf(err))
}

// kbReviewView is what knowledge_review.html shows: the articles of the
// reader's departments due for review, and their drafts.
type kbReviewView struct {
	Due, Drafts []knowledge.Hit
}

func (p *kbPages) review(rw http.ResponseWriter, r *http.Request) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	due, err := p.svc.Review(ctx, pr, 0)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	drafts, err := p.svc.Search(ctx, pr, knowledge.Query{Status: knowledge.StatusDraft, Limit: knowledge.MaxLimit})
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	p.w.render(rw, r, http.StatusOK, "knowledge_review", &Page{Title: "待复核", Data: &kbReviewView{Due: due, Drafts: drafts.Articles}})
}
