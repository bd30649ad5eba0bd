package web

import (
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	owfiles "github.com/onewindow/onewindow/internal/files"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/workcal"
)

// casePages serve cases (办件) to the people who work them: the online
// application and the walk-in intake, the lists (my cases, the inbox),
// one case with the actions its reader may take now, the public check of
// a document and the in-app messages. The case service decides who may
// do what; the pages only leave out the forms that cannot work.
type casePages struct {
	w     *Web
	svc   *cases.Service
	files *owfiles.Service
	cat   *catalog.Service
	names FormNames
	cal   func() *workcal.Calendar
	now   func() time.Time
}

// AddCases registers the case pages. names resolves the department and
// region names of an item (as for its guide); cal and now are the
// working-day calendar and the clock the warning colours are computed
// with (now may be nil for time.Now).
//
// GET /items/{code}/apply becomes the application for whoever may apply
// (case.apply) and stays AddItemForm's public preview for everyone else,
// so call AddCases after AddItemForm.
func (w *Web) AddCases(svc *cases.Service, fl *owfiles.Service, cat *catalog.Service, names FormNames, cal func() *workcal.Calendar, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	c := &casePages{w: w, svc: svc, files: fl, cat: cat, names: names, cal: cal, now: now}
	// The application and the case page draw the form with the blocks of
	// the online form (item_form.html); the case page also draws material
	// rows as the application does.
	for page, blocks := range map[string][]string{"case_apply": {"item_form"}, "case": {"item_form", "case_apply"}} {
		if err := w.withBlocks(page, blocks...); err != nil {
			panic(err)
		}
	}
	w.takeOver(http.MethodGet, "/items/{code}/apply", access.Public, func(preview http.Handler) http.HandlerFunc {
		return func(rw http.ResponseWriter, r *http.Request) {
			if httpx.Principal(r.Context()).Has(access.CaseApply) {
				c.applyPage(rw, r)
				return
			}
			preview.ServeHTTP(rw, r)
		}
	})
	w.handle("POST", "/items/{code}/apply", access.CaseApply, c.applyPost)
	w.handle("GET", "/cases", access.Authenticated, c.list)
	w.handle("GET", "/cases/{number}", access.Authenticated, c.casePage)
	w.handle("POST", "/cases/{number}/actions", access.Authenticated, c.act)
	w.handle("GET", "/window/intake", access.CaseAccept, c.intake)
	w.handle("POST", "/window/intake", access.CaseAccept, c.intakePost)
	w.handle("GET", "/check", access.Public, c.checkForm)
	w.handle("GET", "/check/{code}", access.Public, c.check)
	w.handle("GET", "/messages", access.Authenticated, c.messages)
	w.handle("POST", "/messages/read", access.Authenticated, c.readAll)
}

// withBlocks parses page again with the template blocks of other pages
// before its own, so that it can call them; the others' "content" is
// replaced by page's.
func (w *Web) withBlocks(page string, others ...string) error {
	read := func(name string) (string, error) {
		b, err := fs.ReadFile(files, "templates/"+name+".html")
		return string(b), err
	}
	layout, err := read("layout")
	if err != nil {
		return err
	}
	tpl := template.New("layout").Funcs(w.funcs())
	if _, err := tpl.Parse(layout); err != nil {
		return fmt.Errorf("web: layout: %w", err)
	}
	for _, name := range append(others, page) {
		body, err := read(name)
		if err != nil {
			return err
		}
		if _, err := tpl.Parse(body); err != nil {
			return fmt.Errorf("web: %s (for %s): %w", name, page, err)
		}
	}
	w.pages[page] = tpl
	return nil
}

// takeOver replaces a registered route's handler with one built around
// it (or registers the route when there is none), keeping one entry per
// pattern in the table the mux is built from.
func (w *Web) takeOver(method, pattern string, perm access.Permission, wrap func(old http.Handler) http.HandlerFunc) {
	var old http.Handler = http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if httpx.Principal(r.Context()) == nil {
			w.Error(rw, r, errs.E(errs.Unauthorized, "请先登录"))
			return
		}
		w.Error(rw, r, errs.E(errs.Forbidden, "您的角色无权访问此功能"))
	})
	for i, rt := range w.routes {
		if rt.Method == method && rt.Pattern == pattern {
			old = rt.Handler
			w.routes = slices.Delete(w.routes, i, i+1)
			break
		}
	}
	w.handle(method, pattern, perm, wrap(old))
}

// ---- lists ---------------------------------------------------------------

// caseListView is what cases.html shows: one page of a list or the inbox.
type caseListView struct {
	View     string
	Heading  string
	Tabs     []catChip
	Inbox    bool
	Assigned bool // inbox: only the tasks assigned to me
	AllURL   string
	MineURL  string
	Status   string
	Statuses []catOption
	Rows     []caseRow
	Total    int
	Next     string
	First    string
	Apply    bool // the reader may apply: link the service hall
	// Load is the hall's front-desk load, on the hall view.
	Load *cases.HallLoad
	Lang string
}

// caseRow is one case (or one open task of a case) in a list.
type caseRow struct {
	Number, URL, Name, Applicant string
	Status, StatusTitle          string
	Channel                      string
	Step                         string // inbox: the task's step
	DueLabel, Due, DueExplain    string
	Level, LevelText             string
	Assignee                     string // inbox: 我 / 他人 / ""
	Submitted                    time.Time
	Corrections                  int
	Deemed, Bundle               bool
}

// inboxRoles are the roles tasks are given to, whose open tasks make an
// inbox (a hall manager's work is the hall's list).
var inboxRoles = []access.Role{access.Clerk, access.Reviewer, access.Approver}

// caseTabs lists the list views p may open, the usual first.
func caseTabs(p *access.Principal) []string {
	var out []string
	has := func(ok func(g access.Grant) bool) bool { return slices.ContainsFunc(p.Grants, ok) }
	if p.Has(access.CaseApply) {
		out = append(out, cases.ViewMine)
	}
	if has(func(g access.Grant) bool { return slices.Contains(inboxRoles, g.Role) }) {
		out = append(out, cases.ViewInbox)
	}
	view := func(g access.Grant) bool { return g.Role.Has(access.CaseView) }
	if has(func(g access.Grant) bool { return view(g) && g.HallID != 0 }) {
		out = append(out, cases.ViewHall)
	}
	if has(func(g access.Grant) bool { return view(g) && g.DeptID != 0 }) {
		out = append(out, cases.ViewDept)
	}
	if has(func(g access.Grant) bool { return view(g) && g.HallID == 0 && g.DeptID == 0 }) {
		out = append(out, cases.ViewAll)
	}
	if len(out) == 0 {
		out = append(out, cases.ViewMine)
	}
	return out
}

var viewTitles = map[string]string{
	cases.ViewMine: "我的办件", cases.ViewInbox: "待办任务", cases.ViewHall: "本大厅办件",
	cases.ViewDept: "本部门办件", cases.ViewAll: "辖区全部办件",
}

func (c *casePages) list(rw http.ResponseWriter, r *http.Request) {
	p, lg, q := httpx.Principal(r.Context()), lang(r), r.URL.Query()
	tabs := caseTabs(p)
	view := q.Get("view")
	if !slices.Contains(tabs, view) {
		view = tabs[0]
	}
	v := &caseListView{View: view, Heading: viewTitles[view], Inbox: view == cases.ViewInbox,
		Assigned: q.Get("assigned") == "1", Status: q.Get("status"), Apply: p.Has(access.CaseApply), Lang: lg}
	for _, t := range tabs {
		v.Tabs = append(v.Tabs, catChip{Label: translate(lg, viewTitles[t]), URL: "/cases?view=" + t, On: t == view})
	}
	v.AllURL, v.MineURL = "/cases?view=inbox", "/cases?view=inbox&assigned=1"
	v.Statuses = append(v.Statuses, catOption{Value: "", Label: translate(lg, "全部状态"), Selected: v.Status == ""})
	for _, s := range cases.Statuses {
		v.Statuses = append(v.Statuses, catOption{Value: string(s), Label: translate(lg, s.Title()), Selected: string(s) == v.Status})
	}
	page := &Page{Title: "办件", Data: v}
	if view == cases.ViewHall {
		if g, ok := p.GrantFor(access.CaseView, func(g access.Grant) bool { return g.HallID != 0 }); ok {
			if l, err := c.svc.Load(r.Context(), p, g.HallID); err == nil {
				v.Load = &l
			}
		}
	}
	lq := cases.ListQuery{View: view, Status: v.Status, Mine: v.Assigned, Cursor: q.Get("cursor"), Limit: 20}
	if v.Inbox {
		lq.Status = ""
	}
	pg, err := c.svc.List(r.Context(), p, lq)
	if err != nil {
		if errs.FieldOf(err) == "" {
			c.w.Error(rw, r, err)
			return
		}
		page.Error = errs.MessageOf(err)
		c.w.render(rw, r, errs.Status(errs.CodeOf(err)), "cases", page)
		return
	}
	today, cal := workcal.Today(c.now()), c.cal()
	for _, row := range pg.Inbox {
		cr := c.row(row.Case, today, cal)
		t := row.Task
		cr.Step, cr.DueLabel, cr.Due, cr.DueExplain = t.StepName, "本环节期限", t.Due.String(), t.DueExplain
		cr.Level = cases.LevelNormal
		if row.Case.Status != cases.Special {
			cr.Level = cases.Level(cal, t.Region, today, t.Due, c.svc.WarnDays)
		}
		cr.LevelText = levelText(cr.Level)
		switch {
		case t.AssigneeID == p.AccountID:
			cr.Assignee = "我"
		case t.AssigneeID != 0:
			cr.Assignee = "他人"
		}
		v.Rows = append(v.Rows, cr)
	}
	for _, s := range pg.Cases {
		v.Rows = append(v.Rows, c.row(s, today, cal))
	}
	v.Total = pg.Total
	if pg.NextCursor != "" {
		v.Next = withParam(r.URL, "cursor", pg.NextCursor)
	}
	if q.Get("cursor") != "" {
		v.First = withParam(r.URL, "cursor", "")
	}
	c.w.render(rw, r, http.StatusOK, "cases", page)
}

// row is a case in a list with the due date that matters now: the
// acceptance while it waits at the front desk, else the whole case's.
func (c *casePages) row(s cases.Summary, today workcal.Date, cal *workcal.Calendar) caseRow {
	r := caseRow{Number: s.Number, URL: "/cases/" + url.PathEscape(s.Number), Name: s.Name, Applicant: s.Applicant,
		Status: string(s.Status), StatusTitle: s.Status.Title(), Channel: channelTitle(s.Channel),
		Corrections: s.Corrections, Deemed: s.Deemed, Bundle: s.BundleCode != "" && s.ItemCode == "", Level: cases.LevelNormal}
	if s.SubmittedAt != 0 {
		r.Submitted = time.UnixMilli(s.SubmittedAt)
	}
	switch s.Status {
	case cases.Submitted:
		r.DueLabel, r.Due = "受理期限", s.AcceptDue.String()
		r.Level = cases.Level(cal, s.IntakeRegion, today, s.AcceptDue, c.svc.WarnDays)
	case cases.InReview:
		r.DueLabel, r.Due = "办结期限", s.Due.String()
		r.Level = cases.Level(cal, s.RegionCode, today, s.Due, c.svc.WarnDays)
	case cases.Special, cases.Correction:
		if !s.Due.IsZero() {
			r.DueLabel, r.Due = "办结期限", s.Due.String()
		}
	}
	if r.Due == "" {
		r.DueLabel = ""
	}
	r.LevelText = levelText(r.Level)
	return r
}

// withParam is the request's URL with one query parameter set ("" removes it).
func withParam(u *url.URL, key, value string) string {
	q := u.Query()
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	s := u.Path
	if e := q.Encode(); e != "" {
		s += "?" + e
	}
	return s
}

// levelText names a warning level ("" for normal).
func levelText(level string) string {
	switch level {
	case cases.LevelRed:
		return "已超期"
	case cases.LevelYellow:
		return "即将到期"
	}
	return ""
}

var channelTitles = map[string]string{
	cases.ChannelOnline: "网上申请", cases.ChannelMobile: "掌上申请", cases.ChannelWindow: "窗口收件", cases.ChannelAgent: "帮办代办",
}

func channelTitle(ch string) string {
	if t, ok := channelTitles[ch]; ok {
		return t
	}
	return ch
}

var deliveryTitles = map[string]string{
	cases.DeliverPickup: "窗口领取", cases.DeliverMail: "免费邮寄", cases.DeliverOnline: "电子送达",
}

// ---- messages ------------------------------------------------------------

// messageRow is one in-app message.
type messageRow struct {
	cases.Message
	Unread bool
	URL    string
}

type messagesView struct {
	Rows   []messageRow
	Unread int
}

func (c *casePages) messages(rw http.ResponseWriter, r *http.Request) {
	ms, err := c.svc.Messages(r.Context(), httpx.Principal(r.Context()), 100)
	if err != nil {
		c.w.Error(rw, r, err)
		return
	}
	v := &messagesView{}
	for _, m := range ms {
		row := messageRow{Message: m, Unread: m.ReadAt.IsZero()}
		if m.Number != "" {
			row.URL = "/cases/" + url.PathEscape(m.Number)
		}
		if row.Unread {
			v.Unread++
		}
		v.Rows = append(v.Rows, row)
	}
	// Unread first, each group newest first (as listed).
	slices.SortStableFunc(v.Rows, func(a, b messageRow) int {
		switch {
		case a.Unread == b.Unread:
			return 0
		case a.Unread:
			return -1
		}
		return 1
	})
	c.w.render(rw, r, http.StatusOK, "messages", &Page{Title: "消息", Data: v})
}

func (c *casePages) readAll(rw http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	ms, err := c.svc.Messages(r.Context(), p, 200)
	if err != nil {
		c.w.Error(rw, r, err)
		return
	}
	var ids []int64
	for _, m := range ms {
		if m.ReadAt.IsZero() {
			ids = append(ids, m.ID)
		}
	}
	if err := c.svc.MarkRead(r.Context(), p, ids); err != nil {
		c.w.Error(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/messages?flash="+urlQueryEscape("已全部标为已读"), http.StatusSeeOther)
}

// ---- the public check of a document ----------------------------------------

// checkView is what check.html shows: the form, and the answer for a code.
type checkView struct {
	Code    string
	Checked bool
	Valid   bool
	Message string
	Title   string
	Number  string
	Dept    string
	Item    string
	Case    string
	Status  string
	Issued  string
}

func (c *casePages) checkForm(rw http.ResponseWriter, r *http.Request) {
	if code := strings.TrimSpace(r.URL.Query().Get("code")); code != "" {
		http.Redirect(rw, r, "/check/"+url.PathEscape(strings.ToUpper(code)), http.StatusSeeOther)
		return
	}
	c.w.render(rw, r, http.StatusOK, "check", &Page{Title: "文书核验", Data: &checkView{}})
}

func (c *casePages) check(rw http.ResponseWriter, r *http.Request) {
	code := strings.ToUpper(strings.TrimSpace(r.PathValue("code")))
	v := &checkView{Code: code, Checked: true}
	status := http.StatusOK
	d, err := c.svc.CheckDocument(r.Context(), code)
	switch {
	case errs.Is(err, errs.NotFound):
		status, v.Message = http.StatusNotFound, errs.MessageOf(err)
	case err != nil:
		c.w.Error(rw, r, err)
		return
	default:
		// Only what the document states publicly: never the applicant.
		v.Valid, v.Title, v.Number, v.Dept, v.Item, v.Issued = true, d.Content.Title, d.Number, d.Content.DeptName, d.Content.ItemName, d.Content.IssuedOn
		if d.Case != nil {
			v.Case, v.Status = d.Case.Number, d.Case.Status.Title()
		}
	}
	c.w.render(rw, r, status, "check", &Page{Title: "文书核验", Data: v})
}

// ---- shared --------------------------------------------------------------

// caseFile is an uploaded file as pages show it.
type caseFile struct {
	ID, Name, Size, URL string
}

func fileRef(f owfiles.File) caseFile {
	return caseFile{ID: f.ID, Name: f.Name, Size: owfiles.SizeText(f.Size), URL: "/api/v1/files/" + f.ID}
}
