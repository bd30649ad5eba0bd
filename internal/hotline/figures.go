package hotline

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Metrics names the sets of tickets the figures count; GET
// /api/v1/tickets?metric= lists each one. The store turns each into the
// same SQL condition for counting and for listing, so a figure and its
// list always agree.
var Metrics = map[string]string{
	"received":      "受理量",
	"first_contact": "一次办结（受理时当场答复办结）",
	"dispatched":    "已派单",
	"sign_ontime":   "按时签收",
	"concluded":     "部门答复后办结",
	"reply_ontime":  "部门答复后办结，且按时答复",
	"callback":      "已回访",
	"satisfied":     "回访满意或基本满意",
	"returned":      "提出过退单",
	"reopened":      "重办过",
}

// Rate is one figure: numerator over denominator, each with the list
// filter that shows its tickets.
type Rate struct {
	Name        string  `json:"name" doc:"sign_ontime_rate 等"`
	Title       string  `json:"title"`
	Numerator   int     `json:"numerator"`
	Denominator int     `json:"denominator"`
	Value       float64 `json:"value" doc:"百分比，分母为 0 时为 0"`
	List        string  `json:"list" doc:"分子工单列表：GET /api/v1/tickets?…"`
	Base        string  `json:"base" doc:"分母工单列表"`
}

// Figure is one department's or region's figures over a period.
type Figure struct {
	Key      string `json:"key" doc:"部门 id 或行政区划代码"`
	Name     string `json:"name"`
	Received int    `json:"received"`
	List     string `json:"list" doc:"受理工单列表"`
	Rates    []Rate `json:"rates"`
}

// FiguresQuery asks for figures.
type FiguresQuery struct {
	GroupBy string `query:"group" enum:"dept,region," doc:"按主办部门（默认）或诉求发生地分组"`
	Region  string `query:"region" doc:"行政区划（含下级）"`
	DeptID  int64  `query:"dept"`
	From    string `query:"from" doc:"受理日期起（YYYY-MM-DD，含；默认本月 1 日）"`
	To      string `query:"to" doc:"受理日期止（含；默认今天）"`
}

// Figures are the figures of a period.
type Figures struct {
	From   string   `json:"from"`
	To     string   `json:"to"`
	Group  string   `json:"group"`
	Groups []Figure `json:"groups"`
}

// rates lists the figures: name, title, numerator metric, denominator metric.
var rates = [][4]string{
	{"sign_ontime_rate", "按时签收率", "sign_ontime", "dispatched"},
	{"reply_ontime_rate", "按时办结率", "reply_ontime", "concluded"},
	{"first_contact_rate", "一次办结率", "first_contact", "received"},
	{"callback_rate", "回访率", "callback", "concluded"},
	{"satisfaction_rate", "满意率", "satisfied", "callback"},
	{"return_rate", "退单率", "returned", "dispatched"},
	{"reopen_rate", "重办率", "reopened", "concluded"},
}

func (c Counts) of(metric string) int {
	return map[string]int{"received": c.Received, "first_contact": c.FirstContact, "dispatched": c.Dispatched,
		"sign_ontime": c.SignOntime, "concluded": c.Concluded, "reply_ontime": c.ReplyOntime, "callback": c.Callbacks,
		"satisfied": c.Satisfied, "returned": c.Returned, "reopened": c.Reopened}[metric]
}

// Figures computes the hotline figures per department (lead) or region
// over tickets received in the period, within p's regions. Errors:
// Forbidden, Invalid naming the parameter.
func (s *Service) Figures(ctx context.Context, p *access.Principal, q FiguresQuery) (Figures, error) {
	regions := regionsOf(p, access.HotlineTake, access.HotlineRoute, access.Supervise, access.StatsView)
	if len(regions) == 0 {
		return Figures{}, errs.E(errs.Forbidden, "查看热线指标需要 12345 热线、效能监督或统计查看权限（辖区范围）")
	}
	group := q.GroupBy
	if group == "" {
		group = "dept"
	}
	if group != "dept" && group != "region" {
		return Figures{}, errs.Field("group", "分组应为 dept（部门）或 region（地区）")
	}
	today := workcal.Today(s.now())
	from, to := q.From, q.To
	if from == "" {
		from = workcal.NewDate(today.Year(), today.Month(), 1).String()
	}
	if to == "" {
		to = today.String()
	}
	fms, tms, err := period(from, to)
	if err != nil {
		return Figures{}, err
	}
	rows, err := s.store.Figures(ctx, FigureQuery{Regions: regions, Region: q.Region, DeptID: q.DeptID, GroupBy: group,
		FromMS: fms, ToMS: tms})
	if err != nil {
		return Figures{}, err
	}
	out := Figures{From: from, To: to, Group: group, Groups: []Figure{}}
	for _, c := range rows {
		base := url.Values{"view": {ViewAll}, "from": {from}, "to": {to}}
		if q.Region != "" {
			base.Set("region", q.Region)
		}
		if group == "dept" {
			base.Set("dept", c.Key)
		} else {
			base.Set("region", c.Key)
		}
		list := func(metric string) string {
			v := url.Values{}
			for k, x := range base {
				v[k] = x
			}
			v.Set("metric", metric)
			return "/api/v1/tickets?" + v.Encode()
		}
		f := Figure{Key: c.Key, Name: c.Name, Received: c.Received, List: list("received")}
		for _, r := range rates {
			n, d := c.of(r[2]), c.of(r[3])
			f.Rates = append(f.Rates, Rate{Name: r[0], Title: r[1], Numerator: n, Denominator: d, Value: pct(n, d),
				List: list(r[2]), Base: list(r[3])})
		}
		out.Groups = append(out.Groups, f)
	}
	return out, nil
}

// pct is n/d in percent with one decimal, 0 when d is 0.
func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(fmt.Sprintf("%.1f", float64(n)*100/float64(d)), 64)
	return v
}

// Hotspots lists subjects × regions of p's regions with their tickets this
// week (Monday to now, China time) against last week, rising first.
// Errors: Forbidden.
func (s *Service) Hotspots(ctx context.Context, p *access.Principal, limit int) ([]Hotspot, error) {
	regions := regionsOf(p, access.HotlineTake, access.HotlineRoute, access.Supervise, access.StatsView)
	if len(regions) == 0 {
		return nil, errs.E(errs.Forbidden, "查看热点需要 12345 热线、效能监督或统计查看权限（辖区范围）")
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	now := s.now()
	today := workcal.Today(now)
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	this := dayStart(monday)
	last := this.AddDate(0, 0, -7)
	list, err := s.store.Hotspots(ctx, regions, last.UnixMilli(), this.UnixMilli(), now.Add(time.Millisecond).UnixMilli(), limit)
	if err != nil {
		return nil, err
	}
	subs, err := s.Subjects(ctx)
	if err != nil {
		return nil, err
	}
	path := map[string]string{}
	for _, x := range subs {
		path[x.Code] = x.Path
	}
	for i := range list {
		list[i].SubjectName = path[list[i].Subject]
		list[i].Rise = list[i].ThisWeek - list[i].LastWeek
	}
	return nonNil(list), nil
}
