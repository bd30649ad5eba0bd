package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/httpx"
)

// HotlineDirectory is what the hotline pages read of the structure: the
// regions an agent picks on the intake form and the departments a
// dispatcher sends a ticket to (gov.Service).
type HotlineDirectory interface {
	GetRegion(ctx context.Context, p *access.Principal, code string) (gov.Region, error)
	ListRegions(ctx context.Context, p *access.Principal, parent string) ([]gov.Region, error)
	ListDepts(ctx context.Context, p *access.Principal, f gov.ListFilter) (gov.Page[gov.Dept], error)
}

// hotlinePages serve the 12345 hotline (docs/hotline.md): the agent's
// intake form, the lists of each role, one ticket with the form of each
// step the reader may take now, hot spots and figures. The hotline
// service decides who may see and do what.
type hotlinePages struct {
	w   *Web
	svc *hotline.Service
	dir HotlineDirectory
	now func() time.Time
}

// AddHotline registers the hotline pages; dir lists regions and
// departments for the forms, now (nil: time.Now) colours the due dates.
func (w *Web) AddHotline(svc *hotline.Service, dir HotlineDirectory, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	h := &hotlinePages{w: w, svc: svc, dir: dir, now: now}
	if err := w.withBlocks("hotline_new", "hotline_similar"); err != nil {
		panic(err)
	}
	w.handle("GET", "/hotline", access.Authenticated, h.list)
	w.handle("GET", "/hotline/new", access.HotlineTake, h.newForm)
	w.handle("POST", "/hotline/new", access.HotlineTake, h.intake)
	w.handle("GET", "/hotline/similar", access.HotlineTake, h.similar)
	w.handle("GET", "/hotline/hotspots", access.Authenticated, h.hotspots)
	w.handle("POST", "/hotline/hotspots/push", access.HotlineRoute, h.push)
	w.handle("GET", "/hotline/figures", access.Authenticated, h.figures)
	w.handle("GET", "/hotline/figures.xlsx", access.Authenticated, h.export)
	w.handle("GET", "/hotline/{number}", access.Authenticated, h.show)
	w.handle("POST", "/hotline/{number}/actions", access.Authenticated, h.act)
	h.addLimits()
}

// fragment renders only the "content" block of page: the part an htmx
// request swaps in.
func (w *Web) fragment(rw http.ResponseWriter, r *http.Request, name string, p *Page) {
	w.fill(r, p)
	var buf bytes.Buffer
	if err := w.pages[name].ExecuteTemplate(&buf, "content", p); err != nil {
		slog.ErrorContext(r.Context(), "render", "template", name, "err", err)
		http.Error(rw, "页面渲染失败", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.Write(buf.Bytes())
}

// hlRow is one ticket in a list.
type hlRow struct {
	URL, Number, Subject, Region, Address string
	Type, Status, StatusTitle, Urgency    string
	Dept                                  string
	Due                                   time.Time
	DueText, DueLabel, Level, LevelText   string
	FastLane, Confidential                bool
	Caller                                string
	Created                               time.Time
}

// hlClock is the running clock of a ticket: which limit, when, how near.
func hlClock(t *hotline.Ticket, now time.Time) (due time.Time, label, level string) {
	switch t.Status {
	case hotline.StatusDispatched:
		due, label = t.SignDue, "签收期限"
	case hotline.StatusHandling, hotline.StatusExtending:
		due, label = t.HandleDue, "办结期限"
	case hotline.StatusReturning:
		if t.SignedAt.IsZero() {
			due, label = t.SignDue, "签收期限"
		} else {
			due, label = t.HandleDue, "办结期限"
		}
	}
	switch {
	case due.IsZero():
		return due, "", "normal"
	case now.After(due):
		return due, label, "red"
	case due.Sub(now) < 24*time.Hour:
		return due, label, "yellow"
	}
	return due, label, "normal"
}

// hlDueText shows a limit in China time; a working-day limit ends at
// 24:00 of its last day, which reads better than 00:00 of the next.
func hlDueText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	c := t.In(cst)
	if c.Hour() == 0 && c.Minute() == 0 {
		return c.Add(-time.Minute).Format("2006-01-02") + " 24:00"
	}
	return c.Format("2006-01-02 15:04")
}

func (h *hotlinePages) row(t hotline.Ticket) hlRow {
	r := hlRow{URL: "/hotline/" + t.Number, Number: t.Number, Subject: t.SubjectName, Region: t.RegionName, Address: t.Address,
		Type: hotline.Types[t.Type], Status: t.Status, StatusTitle: hotline.StatusTitles[t.Status], Urgency: t.Urgency,
		Dept: t.DeptName, FastLane: t.FastLane, Confidential: t.Confidential, Created: t.CreatedAt}
	r.Due, r.DueLabel, r.Level = hlClock(&t, h.now())
	r.DueText = hlDueText(r.Due)
	r.LevelText = levelText(r.Level)
	if t.Caller != nil {
		r.Caller = strings.TrimSpace(t.Caller.Name + " " + t.Caller.Phone)
	}
	return r
}

// hlTab is one list a role has, with the statuses it offers as chips.
type hlTab struct {
	View, Label string
	Statuses    []hlStatus
}

type hlStatus struct{ Value, Label string }

// hlTabs are the lists of p's roles, the first the default.
func hlTabs(p *access.Principal) []hlTab {
	s := func(v ...string) []hlStatus {
		out := []hlStatus{{"", "全部"}}
		for _, x := range v {
			out = append(out, hlStatus{x, hotline.StatusTitles[x]})
		}
		return out
	}
	var tabs []hlTab
	switch {
	case p.Has(access.HotlineRoute):
		tabs = append(tabs, hlTab{hotline.ViewQueue, "待办", s(hotline.StatusDispatching, hotline.StatusReturning,
			hotline.StatusExtending, hotline.StatusReplied)})
	case p.Has(access.HotlineTake):
		tabs = append(tabs, hlTab{hotline.ViewQueue, "待回访", nil})
	}
	if p.Has(access.HotlineHandle) {
		tabs = append(tabs, hlTab{hotline.ViewDept, "本部门工单", s(hotline.StatusDispatched, hotline.StatusHandling,
			hotline.StatusExtending, hotline.StatusReturning, hotline.StatusReplied, hotline.StatusClosed)})
	}
	if p.Has(access.HotlineTake) {
		tabs = append(tabs, hlTab{hotline.ViewMine, "我受理的", s(hotline.StatusDispatching, hotline.StatusCallback, hotline.StatusClosed)})
	}
	if p.Has(access.HotlineTake) || p.Has(access.HotlineRoute) || p.Has(access.Supervise) {
		tabs = append(tabs, hlTab{hotline.ViewAll, "全部工单", s(hotline.StatusDispatching, hotline.StatusDispatched,
			hotline.StatusHandling, hotline.StatusReplied, hotline.StatusCallback, hotline.StatusClosed)})
	}
	return tabs
}

// hlListView is what hotline.html shows.
type hlListView struct {
	Tabs     []catChip
	Statuses []catChip
	Rows     []hlRow
	Filter   string // the figure or filter the list is narrowed to, in words
	Clear    string
	Take     bool
	Staff    bool
	Next     string
	First    string
}

// hlListParams are the query parameters a list keeps from page to page.
var hlListParams = []string{"view", "status", "subject", "region", "dept", "type", "from", "to", "metric"}

func (h *hotlinePages) list(rw http.ResponseWriter, r *http.Request) {
	ctx, pr, q := r.Context(), httpx.Principal(r.Context()), r.URL.Query()
	tabs := hlTabs(pr)
	lq := hotline.ListQuery{View: q.Get("view"), Status: q.Get("status"), Subject: q.Get("subject"), Region: q.Get("region"),
		Type: q.Get("type"), From: q.Get("from"), To: q.Get("to"), Metric: q.Get("metric"), Cursor: q.Get("cursor")}
	if d := q.Get("dept"); d != "" {
		id, err := strconv.ParseInt(d, 10, 64)
		if err != nil || id <= 0 {
			h.w.Error(rw, r, errs.Field("dept", "部门编号应为数字"))
			return
		}
		lq.DeptID = id
	}
	if lq.View == "" && len(tabs) > 0 {
		lq.View = tabs[0].View
	}
	pg, err := h.svc.List(ctx, pr, lq)
	if err != nil {
		h.w.Error(rw, r, err)
		return
	}
	lg := lang(r)
	link := func(set map[string]string) string {
		v := url.Values{}
		for _, k := range hlListParams {
			if x := q.Get(k); x != "" {
				v.Set(k, x)
			}
		}
		v.Set("view", pg.View)
		for k, x := range set {
			if x == "" {
				v.Del(k)
			} else {
				v.Set(k, x)
			}
		}
		return "/hotline?" + v.Encode()
	}
	v := &hlListView{Take: pr.Has(access.HotlineTake), Staff: pr.Has(access.HotlineTake) || pr.Has(access.Supervise)}
	for _, tb := range tabs {
		v.Tabs = append(v.Tabs, catChip{Label: translate(lg, tb.Label), URL: "/hotline?view=" + tb.View, On: tb.View == pg.View})
		if tb.View == pg.View {
			for _, s := range tb.Statuses {
				v.Statuses = append(v.Statuses, catChip{Label: translate(lg, s.Label), URL: link(map[string]string{"status": s.Value}),
					On: s.Value == lq.Status})
			}
		}
	}
	if lq.Metric != "" {
		v.Filter = translate(lg, hotline.Metrics[lq.Metric])
		if lq.From != "" || lq.To != "" {
			v.Filter += " · " + lq.From + " — " + lq.To
		}
		v.Clear = "/hotline?view=" + pg.View
	}
	for _, t := range pg.Tickets {
		v.Rows = append(v.Rows, h.row(t))
	}
	if pg.NextCursor != "" {
		v.Next = link(map[string]string{"cursor": pg.NextCursor})
	}
	if q.Get("cursor") != "" {
		v.First = link(nil)
	}
	h.w.render(rw, r, http.StatusOK, "hotline", &Page{Title: "12345 热线", Data: v})
}
