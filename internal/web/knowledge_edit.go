package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/knowledge"
)

// kbEditView is what knowledge_edit.html shows: a new article's or an
// existing one's form, refilled after a refusal.
type kbEditView struct {
	New      bool
	Action   string
	ID       int64
	Version  int
	Title    string
	Keywords string // one a line
	Answer   string
	Subjects string // one a line
	// AskDept: the editor's grant names no department, so the form asks.
	AskDept bool
	DeptID  string
	Max     struct{ Title, Answer int }
}

func newKBEdit() *kbEditView {
	v := &kbEditView{}
	v.Max.Title, v.Max.Answer = knowledge.MaxTitle, knowledge.MaxAnswer
	return v
}

// lines splits a textarea into its non-empty lines (commas and 、 also
// separate, as people type keyword lists).
func lines(s string) []string {
	f := func(r rune) bool { return r == '\n' || r == ',' || r == '，' || r == '、' || r == ';' || r == '；' }
	var out []string
	for _, l := range strings.FieldsFunc(s, f) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (p *kbPages) newForm(rw http.ResponseWriter, r *http.Request) {
	v := newKBEdit()
	v.New, v.Action = true, "/knowledge/new"
	_, hasDept := httpx.Principal(r.Context()).GrantFor(access.KnowledgeEdit, func(g access.Grant) bool { return g.DeptID != 0 })
	v.AskDept = !hasDept
	p.w.render(rw, r, http.StatusOK, "knowledge_edit", &Page{Title: "新建知识库文章", Data: v})
}

func (p *kbPages) editForm(rw http.ResponseWriter, r *http.Request) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	id, err := kbID(r)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	a, err := p.svc.Get(ctx, pr, id)
	if err == nil && !knowledge.CanEdit(pr, a) {
		err = errs.E(errs.Forbidden, "只有“%s”的知识库维护人员可以修改这篇文章", a.DeptName)
	}
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	v := newKBEdit()
	v.Action, v.ID, v.Version = fmt.Sprintf("/knowledge/%d/edit", id), id, a.Version
	v.Title, v.Answer = a.Title, a.Answer
	v.Keywords, v.Subjects = strings.Join(a.Keywords, "\n"), strings.Join(a.Subjects, "\n")
	p.w.render(rw, r, http.StatusOK, "knowledge_edit", &Page{Title: "修改知识库文章", Data: v})
}

// formInput reads the edit form.
func formInput(r *http.Request) (knowledge.Input, *kbEditView, error) {
	if err := r.ParseForm(); err != nil {
		return knowledge.Input{}, nil, errs.Wrap(err, errs.Malformed, "提交的内容无法读取，请重试")
	}
	f := r.PostForm
	v := newKBEdit()
	v.Title, v.Keywords, v.Answer, v.Subjects, v.DeptID = f.Get("title"), f.Get("keywords"), f.Get("answer"), f.Get("subjects"), f.Get("dept_id")
	in := knowledge.Input{Title: v.Title, Keywords: lines(v.Keywords), Answer: v.Answer, Subjects: lines(v.Subjects)}
	in.Version, _ = strconv.Atoi(f.Get("version"))
	v.Version = in.Version
	if v.DeptID != "" {
		id, err := strconv.ParseInt(strings.TrimSpace(v.DeptID), 10, 64)
		if err != nil || id <= 0 {
			return in, v, errs.Field("dept_id", "部门编号应为正整数")
		}
		in.DeptID = id
	}
	return in, v, nil
}

func (p *kbPages) create(rw http.ResponseWriter, r *http.Request) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	in, v, err := formInput(r)
	if v == nil {
		p.w.Error(rw, r, err)
		return
	}
	v.New, v.Action, v.AskDept = true, "/knowledge/new", v.DeptID != ""
	if _, ok := pr.GrantFor(access.KnowledgeEdit, func(g access.Grant) bool { return g.DeptID != 0 }); !ok {
		v.AskDept = true
	}
	if err == nil {
		var a knowledge.Article
		if a, err = p.svc.Create(ctx, pr, in); err == nil {
			http.Redirect(rw, r, fmt.Sprintf("/knowledge/%d?flash=%s", a.ID, urlQueryEscape(kbDone["create"])), http.StatusSeeOther)
			return
		}
	}
	p.refused(rw, r, err, v, "新建知识库文章")
}

func (p *kbPages) update(rw http.ResponseWriter, r *http.Request) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	id, err := kbID(r)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	in, v, err := formInput(r)
	if v == nil {
		p.w.Error(rw, r, err)
		return
	}
	v.Action, v.ID = fmt.Sprintf("/knowledge/%d/edit", id), id
	if err == nil {
		if _, err = p.svc.Update(ctx, pr, id, in); err == nil {
			http.Redirect(rw, r, fmt.Sprintf("/knowledge/%d?flash=%s", id, urlQueryEscape(kbDone["update"])), http.StatusSeeOther)
			return
		}
	}
	p.refused(rw, r, err, v, "修改知识库文章")
}

// refused shows the form again with what was typed and the problem.
func (p *kbPages) refused(rw http.ResponseWriter, r *http.Request, err error, v *kbEditView, title string) {
	if code := errs.CodeOf(err); code == errs.Internal || code == errs.NotFound || code == errs.Unauthorized || code == errs.Forbidden {
		p.w.Error(rw, r, err)
		return
	}
	page := &Page{Title: title, Error: errs.MessageOf(err), Data: v}
	if f := errs.FieldOf(err); f != "" {
		page.Fields = map[string]string{f: errs.MessageOf(err)}
	}
	p.w.render(rw, r, errs.Status(errs.CodeOf(err)), "knowledge_edit", page)
}
