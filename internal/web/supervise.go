package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/supervise"
	"github.com/onewindow/onewindow/internal/workcal"
)

// noticePages serve 督办: the list of notices sent (supervisors) or
// received (departments) with the send form, and one notice with its
// history and the reply, close and return forms. The service decides who
// may do what; the pages leave out the forms that cannot work.
type noticePages struct {
	w   *Web
	svc *supervise.Service
	cal func() *workcal.Calendar
	now func() time.Time
}

// AddSupervise registers the notice pages; cal and now colour the reply
// due dates (now may be nil for time.Now). /notices?case=NUMBER&dept=ID
// opens the send form filled in, for links from a case.
func (w *Web) AddSupervise(svc *supervise.Service, cal func() *workcal.Calendar, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	n := &noticePages{w: w, svc: svc, cal: cal, now: now}
	w.handle("GET", "/notices", access.Authenticated, n.list)
	w.handle("POST", "/notices", access.Supervise, n.send)
	w.handle("GET", "/notices/{id}", access.Authenticated, n.notice)
	w.handle("POST", "/notices/{id}/actions", access.Authenticated, n.act)
}

// noticeListView is what notices.html shows.
type noticeListView struct {
	View     string
	Tabs     []catChip
	Status   string
	Statuses []catOption
	Rows     []noticeRow
	Next     string
	First    string
	Form     *noticeForm // the send form, for supervisors
}

// noticeRow is one notice in the list.
type noticeRow struct {
	URL, Number, Subject, Dept, CaseNumber, CaseURL string
	Status, StatusTitle, StatusClass                string
	Due, Level, LevelText, Sender                   string
	Created                                         time.Time
}

// noticeForm is the send form with what was entered and its problem.
type noticeForm struct {
	Open                            bool
	Depts                           []catOption
	Dept, Case, Subject, Body, Days string
	Err, Field                      string
}

var noticeViewTitles = map[string]string{supervise.ViewSent: "发出的督办", supervise.ViewReceived: "收到的督办"}

// noticeTabs lists the list views p may open.
func noticeTabs(p *access.Principal) []string {
	var out []string
	for _, v := range []struct {
		view string
		perm access.Permission
	}{{supervise.ViewSent, access.Supervise}, {supervise.ViewReceived, access.Rectify}} {
		if _, ok := p.GrantFor(v.perm, func(g access.Grant) bool { return g.HallID == 0 }); ok {
			out = append(out, v.view)
		}
	}
	return out
}

// statusClass is the pill colour of a status.
func statusClass(status string) string {
	switch status {
	case supervise.StatusOpen:
		return "warn"
	case supervise.StatusClosed:
		return "ok"
	}
	return ""
}

// level is how close a notice's reply is: only an open one can be late.
func (n *noticePages) level(x supervise.Notice) string {
	if x.Status != supervise.StatusOpen {
		return cases.LevelNormal
	}
	return cases.Level(n.cal(), x.Region, workcal.Today(n.now()), x.ReplyDue, 1)
}

func noticeURL(id int64) string { return "/notices/" + strconv.FormatInt(id, 10) }

func caseURL(number string) string {
	if number == "" {
		return ""
	}
	return "/cases/" + url.PathEscape(number)
}

func (n *noticePages) list(rw http.ResponseWriter, r *http.Request) {
	n.showList(rw, r, http.StatusOK, nil)
}

// showList renders the list with the send form; form, when not nil, is a
// refused send to show again.
func (n *noticePages) showList(rw http.ResponseWriter, r *http.Request, status int, form *noticeForm) {
	ctx, p, lg, q := r.Context(), httpx.Principal(r.Context()), lang(r), r.URL.Query()
	tabs := noticeTabs(p)
	view := q.Get("view")
	if !slices.Contains(tabs, view) && len(tabs) > 0 {
		view = tabs[0]
	}
	v := &noticeListView{View: view, Status: q.Get("status")}
	for _, t := range tabs {
		v.Tabs = append(v.Tabs, catChip{Label: translate(lg, noticeViewTitles[t]), URL: "/notices?view=" + t, On: t == view})
	}
	v.Statuses = append(v.Statuses, catOption{Value: "", Label: translate(lg, "全部状态"), Selected: v.Status == ""})
	for _, s := range supervise.Statuses {
		v.Statuses = append(v.Statuses, catOption{Value: s, Label: translate(lg, supervise.StatusTitle(s)), Selected: s == v.Status})
	}
	dept, _ := strconv.ParseInt(q.Get("dept"), 10, 64)
	pg, err := n.svc.List(ctx, p, supervise.ListQuery{View: view, Status: v.Status, DeptID: dept, Cursor: q.Get("cursor"), Limit: 20})
	page := &Page{Title: "督办", Data: v}
	if err != nil {
		if errs.FieldOf(err) == "" {
			n.w.Error(rw, r, err)
			return
		}
		page.Error, status = errs.MessageOf(err), errs.Status(errs.CodeOf(err))
	}
	for _, x := range pg.Notices {
		lv := n.level(x)
		v.Rows = append(v.Rows, noticeRow{URL: noticeURL(x.ID), Number: x.Number, Subject: x.Subject, Dept: x.DeptName,
			CaseNumber: x.CaseNumber, CaseURL: caseURL(x.CaseNumber), Status: x.Status, StatusTitle: supervise.StatusTitle(x.Status),
			StatusClass: statusClass(x.Status), Due: x.ReplyDue.String(), Level: lv, LevelText: levelText(lv),
			Sender: x.Sender, Created: x.CreatedAt})
	}
	if pg.NextCursor != "" {
		v.Next = withParam(r.URL, "cursor", pg.NextCursor)
	}
	if q.Get("cursor") != "" {
		v.First = withParam(r.URL, "cursor", "")
	}
	if p.Has(access.Supervise) {
		if form == nil {
			form = &noticeForm{Dept: q.Get("to"), Case: strings.TrimSpace(q.Get("case")), Days: strconv.Itoa(supervise.DefaultDays)}
			form.Open = form.Case != "" || form.Dept != ""
		}
		depts, err := n.svc.Depts(ctx, p)
		if err != nil {
			n.w.Error(rw, r, err)
			return
		}
		for _, d := range depts {
			id := strconv.FormatInt(d.ID, 10)
			form.Depts = append(form.Depts, catOption{Value: id, Label: d.Name, Selected: id == form.Dept})
		}
		v.Form = form
	}
	n.w.render(rw, r, status, "notices", page)
}

func (n *noticePages) send(rw http.ResponseWriter, r *http.Request) {
	if err := parsePost(r); err != nil {
		n.w.Error(rw, r, err)
		return
	}
	pf := r.PostForm
	form := &noticeForm{Open: true, Dept: pf.Get("dept_id"), Case: strings.TrimSpace(pf.Get("case_number")),
		Subject: pf.Get("subject"), Body: pf.Get("body"), Days: strings.TrimSpace(pf.Get("days"))}
	in := supervise.Input{CaseNumber: form.Case, Subject: form.Subject, Body: form.Body}
	in.DeptID, _ = strconv.ParseInt(form.Dept, 10, 64)
	var err error
	if form.Days != "" {
		if in.Days, err = strconv.Atoi(form.Days); err != nil {
			err = errs.Field("days", "回复时限请填写 1 到 %d 之间的整数", supervise.MaxDays)
		}
	}
	var sent supervise.Notice
	if err == nil {
		sent, err = n.svc.Send(r.Context(), httpx.Principal(r.Context()), in)
	}
	if err == nil {
		http.Redirect(rw, r, noticeURL(sent.ID)+"?flash="+urlQueryEscape("督办已发出："+sent.Number), http.StatusSeeOther)
		return
	}
	if code := errs.CodeOf(err); code == errs.Internal || code == errs.Unauthorized {
		n.w.Error(rw, r, err)
		return
	}
	form.Err, form.Field = errs.MessageOf(err), errs.FieldOf(err)
	n.showList(rw, r, errs.Status(errs.CodeOf(err)), form)
}

// noticeView is what notice.html shows.
type noticeView struct {
	supervise.View
	Due, Level, LevelText, StatusClass, CaseURL, URL string
	History                                          []noticeStep
	// Failed is the action whose form failed, with its problem and what was entered.
	Failed, Err, Text, Days string
}

// noticeStep is one step of the notice's history.
type noticeStep struct {
	At                time.Time
	Title, Actor, Due string
	Text              string
}

func (n *noticePages) notice(rw http.ResponseWriter, r *http.Request) {
	n.show(rw, r, http.StatusOK, &noticeView{})
}

// show renders a notice; st carries a refused action's problem.
func (n *noticePages) show(rw http.ResponseWriter, r *http.Request, status int, st *noticeView) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		n.w.Error(rw, r, errs.E(errs.NotFound, "督办 %s 不存在", r.PathValue("id")))
		return
	}
	v, err := n.svc.Get(r.Context(), httpx.Principal(r.Context()), id)
	if err != nil {
		n.w.Error(rw, r, err)
		return
	}
	st.View = v
	st.Due, st.Level = v.ReplyDue.String(), n.level(v.Notice)
	st.LevelText, st.StatusClass, st.CaseURL, st.URL = levelText(st.Level), statusClass(v.Status), caseURL(v.CaseNumber), noticeURL(v.ID)+"/actions"
	for _, e := range v.History {
		h := noticeStep{At: e.At, Title: e.Title, Actor: e.Actor, Text: e.Text}
		if !e.Due.IsZero() {
			h.Due = e.Due.String()
		}
		st.History = append(st.History, h)
	}
	if st.Days == "" {
		st.Days = strconv.Itoa(supervise.DefaultDays)
	}
	n.w.render(rw, r, status, "notice", &Page{Title: v.Number, Data: st})
}

var noticeDone = map[string]string{
	supervise.ActReply: "已回复督办", supervise.ActClose: "督办已办结", supervise.ActReturn: "已退回，等待部门重新回复",
}

func (n *noticePages) act(rw http.ResponseWriter, r *http.Request) {
	if err := parsePost(r); err != nil {
		n.w.Error(rw, r, err)
		return
	}
	pf := r.PostForm
	st := &noticeView{Failed: pf.Get("action"), Text: pf.Get("text"), Days: strings.TrimSpace(pf.Get("days"))}
	in := supervise.ActionInput{Action: st.Failed, Text: st.Text}
	in.Version, _ = strconv.Atoi(pf.Get("version"))
	var err error
	if st.Days != "" {
		if in.Days, err = strconv.Atoi(st.Days); err != nil {
			err = errs.Field("days", "回复时限请填写 1 到 %d 之间的整数", supervise.MaxDays)
		}
	}
	if err == nil {
		id, perr := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if perr != nil {
			n.w.Error(rw, r, errs.E(errs.NotFound, "督办 %s 不存在", r.PathValue("id")))
			return
		}
		_, err = n.svc.Act(r.Context(), httpx.Principal(r.Context()), id, in)
		if err == nil {
			http.Redirect(rw, r, noticeURL(id)+"?flash="+urlQueryEscape(noticeDone[in.Action]), http.StatusSeeOther)
			return
		}
	}
	if code := errs.CodeOf(err); code == errs.Internal || code == errs.NotFound || code == errs.Unauthorized {
		n.w.Error(rw, r, err)
		return
	}
	st.Err = errs.MessageOf(err)
	n.show(rw, r, errs.Status(errs.CodeOf(err)), st)
}
