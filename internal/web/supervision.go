package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/stats"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// SupervisionDepts lists and names the departments the dashboard's filter
// offers (the gov store).
type SupervisionDepts interface {
	ListDepts(ctx context.Context, q gov.Query) ([]gov.Dept, error)
	Dept(ctx context.Context, id int64) (gov.Dept, error)
}

// OverdueLister lists the open cases of a scope most past their due date
// (sqlstore.StatStore).
type OverdueLister interface {
	TopOverdue(ctx context.Context, f stats.Filter, today workcal.Date, limit int) ([]cases.Summary, error)
}

// supervisionPages serve the supervision dashboards (效能监督): the
// figures of a scope and period with their trend, channels, regions,
// departments and the most overdue open cases, and the cases behind each
// figure. The figures service decides the scope (Resolve defaults it to
// the viewer's grant: a hall manager sees the hall, an approver the
// department); the pages only lay it out.
type supervisionPages struct {
	w       *Web
	svc     *stats.Service
	depts   SupervisionDepts
	overdue OverdueLister
	cal     func() *workcal.Calendar
	now     func() time.Time
}

// AddSupervision registers GET /supervision (the dashboard) and GET
// /supervision/cases (the cases a figure counts). cal counts the working
// days a case is overdue; now (nil: time.Now) dates the period links and
// should be the figures service's clock.
func (w *Web) AddSupervision(svc *stats.Service, depts SupervisionDepts, overdue OverdueLister, cal func() *workcal.Calendar, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	s := &supervisionPages{w: w, svc: svc, depts: depts, overdue: overdue, cal: cal, now: now}
	w.handle("GET", "/supervision", access.StatsView, s.dashboard)
	w.handle("GET", "/supervision/cases", access.StatsView, s.cases)
}

// svQuery reads a figure query off the URL. Numbers that are not
// numbers are refused here; the service checks the rest.
func svQuery(v url.Values) (stats.Query, error) {
	q := stats.Query{Region: strings.TrimSpace(v.Get("region")), From: strings.TrimSpace(v.Get("from")),
		To: strings.TrimSpace(v.Get("to"))}
	for _, x := range []struct {
		key, what string
		dst       *int64
	}{{"dept", "部门", &q.Dept}, {"hall", "大厅", &q.Hall}, {"staff", "受理人员", &q.Staff}} {
		s := strings.TrimSpace(v.Get(x.key))
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return q, errs.Field(x.key, "%s编号“%s”无效：应为数字", x.what, svClip(s, 20))
		}
		*x.dst = n
	}
	return q, nil
}

// svClip shortens s to n runes for an error message.
func svClip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// svDashboardURL opens the dashboard for q.
func svDashboardURL(q stats.Query) string {
	if v := q.Values(); v != "" {
		return "/supervision?" + v
	}
	return "/supervision"
}

// svCasesURL opens the cases an indicator counts: its list (the
// metric filter, with scores for rating levels) within q.
func svCasesURL(list string, q stats.Query) string {
	return "/supervision/cases?metric=" + list + "&" + q.Values()
}

// refuse answers a query the service turned down: a wrong field is said
// on the page (render shows the form again), anything else is an error page.
func (s *supervisionPages) refuse(rw http.ResponseWriter, r *http.Request, err error, render func(status int, msg string)) {
	if errs.FieldOf(err) == "" {
		s.w.Error(rw, r, err)
		return
	}
	msg := errs.MessageOf(err)
	if label, ok := svFieldLabels[errs.FieldOf(err)]; ok {
		msg = label + "：" + msg
	}
	render(errs.Status(errs.CodeOf(err)), msg)
}

// svFieldLabels name the query's fields in error messages.
var svFieldLabels = map[string]string{"from": "起始日期", "to": "截止日期", "region": "行政区划代码", "dept": "部门",
	"hall": "大厅", "staff": "受理人员", "metric": "指标", "scores": "评价等级", "cursor": "分页"}

func (s *supervisionPages) dashboard(rw http.ResponseWriter, r *http.Request) {
	ctx, p, l := r.Context(), httpx.Principal(r.Context()), lang(r)
	raw := r.URL.Query()
	v := &svDashboard{Lang: l, Region: raw.Get("region"), From: raw.Get("from"), To: raw.Get("to")}
	page := &Page{Title: "效能监督", Data: v}
	fail := func(status int, msg string) {
		page.Error = translate(l, msg)
		s.w.render(rw, r, status, "supervision", page)
	}
	q, err := svQuery(raw)
	if err != nil {
		s.refuse(rw, r, err, fail)
		return
	}
	rep, err := s.svc.Indicators(ctx, p, q)
	if err != nil {
		s.refuse(rw, r, err, fail)
		return
	}
	f := rep.Filter
	base := stats.QueryOf(f)
	trendBy := stats.ByMonth
	if f.To.Sub(f.From)+1 <= 62 {
		trendBy = stats.ByDay
	}
	trend, err := s.svc.Breakdown(ctx, p, base, trendBy)
	if err != nil {
		s.w.Error(rw, r, err)
		return
	}
	regions, err := s.svc.Breakdown(ctx, p, base, stats.ByRegion)
	if err != nil {
		s.w.Error(rw, r, err)
		return
	}
	depts, err := s.svc.Breakdown(ctx, p, base, stats.ByDept)
	if err != nil {
		s.w.Error(rw, r, err)
		return
	}
	today := workcal.Today(s.now())
	late, err := s.overdue.TopOverdue(ctx, f, today, 10)
	if err != nil {
		s.w.Error(rw, r, err)
		return
	}
	if err := s.fill(ctx, p, v, rep, today); err != nil {
		s.w.Error(rw, r, err)
		return
	}
	v.trendChart(trend, f)
	v.Regions = svTableOf(l, regions, f, true)
	v.Depts = svTableOf(l, depts, f, false)
	v.regionChart(regions, v.Regions)
	v.Overdue = s.overdueRows(ctx, late, today)
	s.w.render(rw, r, http.StatusOK, "supervision", page)
}

// fill sets the filter form, the period links, the cards and the channel
// chart from a report.
func (s *supervisionPages) fill(ctx context.Context, p *access.Principal, v *svDashboard, rep stats.Report, today workcal.Date) error {
	f, l := rep.Filter, v.Lang
	base := stats.QueryOf(f)
	v.Ready, v.Scope = true, rep.Scope
	v.Region, v.From, v.To, v.Hall, v.Staff = f.Region, f.From.String(), f.To.String(), f.HallID, f.StaffID
	v.ExportDept = "/api/v1/stats/breakdown.xlsx?by=" + stats.ByDept + "&" + base.Values()
	v.ExportRegion = "/api/v1/stats/breakdown.xlsx?by=" + stats.ByRegion + "&" + base.Values()
	if parent := validate.RegionParent(f.Region); parent != "" {
		up := stats.Query{Region: parent, From: base.From, To: base.To}
		if _, err := s.svc.Resolve(p, up); err == nil {
			v.UpURL = svDashboardURL(up)
		}
	}
	if f.HallID != 0 {
		all := base
		all.Hall = 0
		// Resolve puts a hall manager's own hall back: no link for them.
		if g, err := s.svc.Resolve(p, all); err == nil && g.HallID == 0 {
			v.AllHallsURL = svDashboardURL(all)
		}
	}
	for _, pr := range svPeriods(today) {
		q := base
		q.From, q.To = pr.from.String(), pr.to.String()
		v.Periods = append(v.Periods, catChip{Label: translate(l, pr.label), URL: svDashboardURL(q), On: pr.from == f.From && pr.to == f.To})
	}
	if err := s.deptOptions(ctx, p, v, f); err != nil {
		return err
	}
	for _, in := range rep.Indicators {
		if c := svCardOf(l, in, base); svRatingKeys[in.Key] {
			v.RatingCards = append(v.RatingCards, c)
		} else {
			v.Cards = append(v.Cards, c)
		}
		v.Formulas = append(v.Formulas, svFormula{Name: translate(l, in.Name), Formula: in.Formula})
	}
	var labels []string
	var values []int64
	for _, ch := range []struct{ col, channel string }{{"received_online", cases.ChannelOnline},
		{"received_mobile", cases.ChannelMobile}, {"received_window", cases.ChannelWindow}, {"received_agent", cases.ChannelAgent}} {
		if n := rep.Counts[ch.col]; n > 0 {
			labels, values = append(labels, translate(l, channelTitle(ch.channel))), append(values, n)
		}
	}
	if len(values) > 0 {
		v.ChannelLabels, v.ChannelValues = jsonText(labels), jsonText(values)
	}
	return nil
}

// deptOptions lists the departments of the region's own level the viewer
// may see, the one chosen always among them.
func (s *supervisionPages) deptOptions(ctx context.Context, p *access.Principal, v *svDashboard, f stats.Filter) error {
	if p.Can(access.StatsView, access.Scope{Region: f.Region, HallID: f.HallID}) {
		v.Depts0 = true
		v.DeptOptions = append(v.DeptOptions, catOption{Value: "", Label: translate(v.Lang, "全部部门"), Selected: f.DeptID == 0})
	}
	ds, err := s.depts.ListDepts(ctx, gov.Query{Region: f.Region, Limit: 300})
	if err != nil {
		return err
	}
	found := false
	for _, d := range ds {
		if d.RegionCode != f.Region || !p.Can(access.StatsView, access.Scope{Region: f.Region, DeptID: d.ID, HallID: f.HallID}) {
			continue
		}
		if !d.Active && d.ID != f.DeptID {
			continue
		}
		found = found || d.ID == f.DeptID
		v.DeptOptions = append(v.DeptOptions, catOption{Value: strconv.FormatInt(d.ID, 10), Label: d.Name, Selected: d.ID == f.DeptID})
	}
	if f.DeptID != 0 && !found {
		name := "部门 #" + strconv.FormatInt(f.DeptID, 10)
		if d, err := s.depts.Dept(ctx, f.DeptID); err == nil {
			name = d.Name
		}
		v.DeptOptions = append(v.DeptOptions, catOption{Value: strconv.FormatInt(f.DeptID, 10), Label: name, Selected: true})
	}
	return nil
}

// overdueRows are the overdue cases with their department and the
// working days they are late.
func (s *supervisionPages) overdueRows(ctx context.Context, late []cases.Summary, today workcal.Date) []svOverdueRow {
	names := map[int64]string{}
	cal := s.cal()
	var out []svOverdueRow
	for _, c := range late {
		if _, ok := names[c.DeptID]; !ok {
			names[c.DeptID] = ""
			if d, err := s.depts.Dept(ctx, c.DeptID); err == nil {
				names[c.DeptID] = d.Name
			}
		}
		days, err := cal.Between(c.Due, today, c.RegionCode)
		if err != nil {
			days = -1 // outside the calendar's years: shown as "—"
		}
		out = append(out, svOverdueRow{Number: c.Number, URL: "/cases/" + url.PathEscape(c.Number), Name: c.Name,
			Dept: names[c.DeptID], Due: c.Due.String(), Days: days, Status: string(c.Status), StatusTitle: c.Status.Title()})
	}
	return out
}

// svPeriod is one quick period link.
type svPeriod struct {
	label    string
	from, to workcal.Date
}

// svPeriods are the quick links: this month, last month, this quarter,
// this year and the last 30 days, each up to today.
func svPeriods(today workcal.Date) []svPeriod {
	y, m := today.Year(), today.Month()
	first := workcal.NewDate(y, m, 1)
	q := workcal.NewDate(y, m-(m-1)%3, 1)
	return []svPeriod{
		{"本月", first, today},
		{"上月", workcal.NewDate(y, m-1, 1), first.AddDays(-1)},
		{"本季度", q, today},
		{"本年", workcal.NewDate(y, 1, 1), today},
		{"近30天", today.AddDays(-29), today},
	}
}
