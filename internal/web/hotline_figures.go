package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/stats"
)

// hlHotspotView is what hotline_hotspots.html shows.
type hlHotspotView struct {
	Spots []hlSpot
	Push  bool // the reader dispatches (一键送达)
}

type hlSpot struct {
	hotline.Hotspot
	List string // the open tickets of the spot
}

func (h *hotlinePages) hotspots(rw http.ResponseWriter, r *http.Request) {
	h.renderHotspots(rw, r, http.StatusOK, "")
}

func (h *hotlinePages) renderHotspots(rw http.ResponseWriter, r *http.Request, status int, msg string) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	list, err := h.svc.Hotspots(ctx, pr, 50)
	if err != nil {
		h.w.Error(rw, r, err)
		return
	}
	v := &hlHotspotView{Push: pr.Has(access.HotlineRoute)}
	for _, s := range list {
		q := url.Values{"view": {hotline.ViewAll}, "subject": {s.Subject}, "region": {s.Region}}
		v.Spots = append(v.Spots, hlSpot{Hotspot: s, List: "/hotline?" + q.Encode()})
	}
	h.w.render(rw, r, status, "hotline_hotspots", &Page{Title: "热点诉求", Data: v, Error: msg})
}

// push dispatches a hot spot's waiting tickets in one step (一键送达), by the rules.
func (h *hotlinePages) push(rw http.ResponseWriter, r *http.Request) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	if err := r.ParseForm(); err != nil {
		h.w.Error(rw, r, errs.Wrap(err, errs.Malformed, "提交的内容无法读取，请重试"))
		return
	}
	res, err := h.svc.Push(ctx, pr, hotline.PushInput{Subject: r.PostForm.Get("subject_code"), Region: r.PostForm.Get("region_code")})
	if err != nil {
		if code := errs.CodeOf(err); code == errs.Internal || code == errs.Unauthorized || code == errs.Unavailable {
			h.w.Error(rw, r, err)
			return
		}
		h.renderHotspots(rw, r, errs.Status(errs.CodeOf(err)), "一键送达未完成："+errs.MessageOf(err))
		return
	}
	done := fmt.Sprintf("已一键送达 %d 件工单", len(res.Dispatched))
	http.Redirect(rw, r, "/hotline/hotspots?flash="+urlQueryEscape(done), http.StatusSeeOther)
}

// hlFigureCell is one number of the figures table with the tickets it counts.
type hlFigureCell struct {
	Text, List, Base string
	Num, Den         int
	Rate             bool
}

// hlFiguresView is what hotline_figures.html shows.
type hlFiguresView struct {
	Q       hotline.FiguresQuery
	F       hotline.Figures
	Heads   []string
	Rows    []hlFigureRow
	Groups  []catChip
	Export  string
	Err     string
	GroupBy string
}

type hlFigureRow struct {
	Name  string
	Cells []hlFigureCell
}

// hlListURL turns a figure's API list into the list page of the same tickets.
func hlListURL(api string) string {
	_, q, _ := strings.Cut(api, "?")
	return "/hotline?" + q
}

func hlFiguresQuery(v url.Values) (hotline.FiguresQuery, error) {
	q := hotline.FiguresQuery{GroupBy: v.Get("group"), Region: strings.TrimSpace(v.Get("region")),
		From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to"))}
	if d := strings.TrimSpace(v.Get("dept")); d != "" {
		id, err := strconv.ParseInt(d, 10, 64)
		if err != nil || id <= 0 {
			return q, errs.Field("dept", "部门编号应为数字")
		}
		q.DeptID = id
	}
	return q, nil
}

func (h *hotlinePages) figures(rw http.ResponseWriter, r *http.Request) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	lg := lang(r)
	q, err := hlFiguresQuery(r.URL.Query())
	var f hotline.Figures
	if err == nil {
		f, err = h.svc.Figures(ctx, pr, q)
	}
	v := &hlFiguresView{Q: q, F: f}
	status := http.StatusOK
	if err != nil {
		code := errs.CodeOf(err)
		if code != errs.Invalid {
			h.w.Error(rw, r, err)
			return
		}
		// A bad period: show the form again with the problem.
		status, v.Err = errs.Status(code), errs.MessageOf(err)
		q.From, q.To = "", ""
		if f, err = h.svc.Figures(ctx, pr, hotline.FiguresQuery{GroupBy: "dept"}); err != nil {
			h.w.Error(rw, r, err)
			return
		}
		v.F = f
	}
	v.GroupBy = v.F.Group
	link := func(group string) string {
		u := url.Values{"group": {group}, "from": {v.F.From}, "to": {v.F.To}}
		if q.Region != "" {
			u.Set("region", q.Region)
		}
		return "/hotline/figures?" + u.Encode()
	}
	for _, g := range []struct{ v, l string }{{"dept", "按部门"}, {"region", "按地区"}} {
		v.Groups = append(v.Groups, catChip{Label: translate(lg, g.l), URL: link(g.v), On: g.v == v.F.Group})
	}
	v.Export = strings.Replace(link(v.F.Group), "/hotline/figures?", "/hotline/figures.xlsx?", 1)
	v.Heads = []string{"受理量"}
	for i, g := range v.F.Groups {
		row := hlFigureRow{Name: g.Name, Cells: []hlFigureCell{{Text: strconv.Itoa(g.Received), List: hlListURL(g.List)}}}
		if row.Name == "" {
			row.Name = translate(lg, "未派单（一次办结等）")
		}
		for _, rt := range g.Rates {
			if i == 0 {
				v.Heads = append(v.Heads, rt.Title)
			}
			c := hlFigureCell{Text: "—", Num: rt.Numerator, Den: rt.Denominator, Rate: true, List: hlListURL(rt.List),
				Base: hlListURL(rt.Base)}
			if rt.Denominator > 0 {
				c.Text = fmt.Sprintf("%.1f%%", rt.Value)
			}
			row.Cells = append(row.Cells, c)
		}
		v.Rows = append(v.Rows, row)
	}
	if len(v.Heads) == 1 {
		v.Heads = append(v.Heads, "按时签收率", "按时办结率", "一次办结率", "回访率", "满意率", "退单率", "重办率")
	}
	h.w.render(rw, r, status, "hotline_figures", &Page{Title: "热线指标", Data: v})
}

// export writes the figures as an Excel workbook whose title says the
// scope and the period.
func (h *hotlinePages) export(rw http.ResponseWriter, r *http.Request) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	q, err := hlFiguresQuery(r.URL.Query())
	var f hotline.Figures
	if err == nil {
		f, err = h.svc.Figures(ctx, pr, q)
	}
	if err != nil {
		h.w.Error(rw, r, err)
		return
	}
	codes := hlScope(pr)
	if q.Region != "" {
		codes = []string{q.Region}
	}
	var names []string
	for _, c := range codes {
		if reg, err := h.dir.GetRegion(ctx, pr, c); err == nil {
			c = reg.Name
		}
		names = append(names, c)
	}
	scope := strings.Join(names, "、")
	by := map[string]string{"dept": "部门", "region": "地区"}[f.Group]
	t := stats.Table{Title: fmt.Sprintf("12345 热线指标（%s，按%s，%s 至 %s）", scope, by, f.From, f.To), Sheet: "热线指标",
		Columns: []stats.Column{{Name: by, Kind: "text"}, {Name: "受理量", Kind: "count"}},
		Note:    "各率的分子、分母见 docs/hotline.md；每个数字可在系统的“热线指标”页打开所计的工单。"}
	for i, g := range f.Groups {
		name := g.Name
		if name == "" {
			name = "未派单（一次办结等）"
		}
		row := []any{name, int64(g.Received)}
		for _, rt := range g.Rates {
			if i == 0 {
				t.Columns = append(t.Columns, stats.Column{Name: rt.Title, Kind: "rate"})
			}
			if rt.Denominator == 0 {
				row = append(row, "—")
			} else {
				row = append(row, float64(rt.Numerator)/float64(rt.Denominator))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	var buf bytes.Buffer
	if err := t.WriteXLSX(&buf); err != nil {
		h.w.Error(rw, r, err)
		return
	}
	hd := rw.Header()
	hd.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	hd.Set("Content-Disposition", attachment("hotline-figures.xlsx", "12345热线指标 "+f.From+" 至 "+f.To+".xlsx"))
	hd.Set("Cache-Control", "private, no-store")
	rw.Write(buf.Bytes())
}

// hlScope lists the regions the reader's hotline figures cover.
func hlScope(p *access.Principal) []string {
	var out []string
	for _, g := range p.Grants {
		if g.DeptID == 0 && g.HallID == 0 && (g.Role.Has(access.HotlineTake) || g.Role.Has(access.HotlineRoute) ||
			g.Role.Has(access.Supervise) || g.Role.Has(access.StatsView)) {
			out = append(out, g.Region)
		}
	}
	return out
}
