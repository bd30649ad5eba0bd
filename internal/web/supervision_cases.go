package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/stats"
)

// svCasesView is what supervision_cases.html shows: the cases one figure
// counts, newest first.
type svCasesView struct {
	Lang    string
	Ready   bool
	Heading string // what the cases are, e.g. 超期办结的办件
	Scope   string
	UsedBy  []string // the indicators that count these cases
	Total   int
	Rows    []svCaseRow
	Back    string // the dashboard of the same scope
	Next    string
	First   string
}

// svCaseRow is one case.
type svCaseRow struct {
	Number, URL, Name, Applicant, Channel, Status, StatusTitle, Submitted string
}

// svMetricTitles name the records of each list (Indicator.List's metric).
var svMetricTitles = map[string]string{
	"received": "提交的办件", "online": "网上和掌上申报的收件", "received_online": "网上申请的收件",
	"received_mobile": "掌上申请的收件", "received_window": "窗口收件", "received_agent": "帮办代办的收件",
	"corrected": "收到补正告知的办件", "corrected_repeat": "多次补正的办件", "accepted": "受理的办件",
	"accept_late": "超期受理的办件", "instant": "即办件", "refused": "不予受理的办件", "withdrawn": "撤回的办件",
	"concluded": "办结的办件", "concluded_ontime": "按时办结的办件", "concluded_overdue": "超期办结的办件",
	"no_visit": "零跑动办结的办件", "rated": "有首次评价的办件", "named_bad": "有实名差评的办件",
	"named_bad_callback": "实名差评已回访的办件", "bad_rectified": "差评已整改的办件", "bad_voided": "差评经申诉核销的办件",
}

// svLevels name the rating levels.
var svLevels = map[string]string{"1": "非常不满意", "2": "不满意", "3": "基本满意", "4": "满意", "5": "非常满意"}

func (s *supervisionPages) cases(rw http.ResponseWriter, r *http.Request) {
	ctx, p, l := r.Context(), httpx.Principal(r.Context()), lang(r)
	raw := r.URL.Query()
	v := &svCasesView{Lang: l}
	page := &Page{Title: "指标办件", Data: v}
	fail := func(status int, msg string) {
		page.Error = translate(l, msg)
		s.w.render(rw, r, status, "supervision_cases", page)
	}
	q, err := svQuery(raw)
	if err != nil {
		s.refuse(rw, r, err, fail)
		return
	}
	cq := stats.CasesQuery{Query: q, Metric: strings.TrimSpace(raw.Get("metric")), Scores: strings.TrimSpace(raw.Get("scores")),
		Cursor: raw.Get("cursor"), Limit: 20}
	if cq.Metric == "" {
		fail(http.StatusUnprocessableEntity, "请从效能监督页的指标进入：缺少指标（metric）")
		return
	}
	pg, err := s.svc.Cases(ctx, p, cq)
	if err != nil {
		s.refuse(rw, r, err, fail)
		return
	}
	f, err := s.svc.Resolve(p, q)
	if err != nil {
		s.w.Error(rw, r, err)
		return
	}
	v.Ready, v.Scope, v.Total, v.Back = true, pg.Scope, pg.Total, svDashboardURL(stats.QueryOf(f))
	v.Heading = translate(l, svMetricTitles[cq.Metric])
	if cq.Scores != "" {
		var levels []string
		for _, sc := range strings.Split(cq.Scores, ",") {
			levels = append(levels, translate(l, svLevels[strings.TrimSpace(sc)]))
		}
		v.Heading += "（" + strings.Join(levels, "、") + "）"
	}
	list := cq.Metric
	if cq.Scores != "" {
		list += "&scores=" + cq.Scores
	}
	for _, in := range stats.Compute(new(stats.Counts), s.svc.Config) {
		if in.List == list {
			v.UsedBy = append(v.UsedBy, translate(l, in.Name))
		}
	}
	for _, c := range pg.Cases {
		v.Rows = append(v.Rows, svCaseRow{Number: c.Number, URL: "/cases/" + url.PathEscape(c.Number), Name: c.Name,
			Applicant: c.Applicant, Channel: translate(l, channelTitle(c.Channel)), Status: string(c.Status),
			StatusTitle: translate(l, c.Status.Title()), Submitted: svDate(c.SubmittedAt)})
	}
	if pg.NextCursor != "" {
		v.Next = withParam(r.URL, "cursor", pg.NextCursor)
	}
	if raw.Get("cursor") != "" {
		v.First = withParam(r.URL, "cursor", "")
	}
	page.Title = v.Heading
	if page.Title == "" {
		page.Title = "指标办件"
	}
	s.w.render(rw, r, http.StatusOK, "supervision_cases", page)
}
