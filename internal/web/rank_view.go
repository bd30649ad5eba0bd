package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/rank"
)

// The ranking page: a kept week or month (a select of the kept periods)
// or a live period (two dates), with the Excel export of the same.

// rankCell is one indicator of a ranking row, formatted.
type rankCell struct {
	Value, Points string
	Imputed       bool
}

// rankRow is one unit of the ranking table.
type rankRow struct {
	Rank, Change, ChangeClass string
	Ranked                    bool
	Name, URL                 string
	Score                     float64
	ScoreText                 string
	Cells                     []rankCell
}

// rankingData is what ranking.html shows.
type rankingData struct {
	Scheme           rank.Scheme
	Ranking          *rank.Ranking
	View             string // week, month, live
	Tabs             []rankOption
	Starts           []rankOption
	From, To, Start  string
	Heads            []string
	Rows             []rankRow
	ExcelURL         string
	Compared, Taken  string
	Message          string
	SchemeURL, Scope string
}

func (p *rankPages) ranking(rw http.ResponseWriter, r *http.Request) {
	ctx, pr, l := r.Context(), httpx.Principal(r.Context()), lang(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		p.w.Error(rw, r, errs.E(errs.NotFound, "评价办法不存在"))
		return
	}
	sc, err := p.svc.Scheme(ctx, pr, id)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	q := r.URL.Query()
	d := &rankingData{Scheme: sc, View: q.Get("view"), From: q.Get("from"), To: q.Get("to"), Start: q.Get("start"),
		SchemeURL: rankSchemeURL(id), Scope: sc.SubjectTitle()}
	if d.View != rank.PeriodMonth && d.View != rank.PeriodLive {
		d.View = rank.PeriodWeek
	}
	base := rankSchemeURL(id) + "/ranking"
	for _, v := range []struct{ view, label string }{{rank.PeriodWeek, "周排名"}, {rank.PeriodMonth, "月排名"}, {rank.PeriodLive, "实时排名"}} {
		d.Tabs = append(d.Tabs, rankOption{Value: base + "?view=" + v.view, Label: translate(l, v.label), Selected: v.view == d.View})
	}
	page := &Page{Title: sc.Name + " · " + translate(l, "排名结果"), Data: d}
	status := http.StatusOK
	var rk rank.Ranking
	api := "/api/v1/rank/schemes/" + strconv.FormatInt(id, 10)
	if d.View == rank.PeriodLive {
		rk, err = p.svc.Live(ctx, pr, id, d.From, d.To)
		if err == nil {
			d.From, d.To = rk.From.String(), rk.To.String()
			d.ExcelURL = api + "/ranking.xlsx?" + url.Values{"from": {d.From}, "to": {d.To}}.Encode()
		}
	} else {
		rk, err = p.svc.Kept(ctx, pr, id, d.View, d.Start)
		if err == nil {
			d.Start = rk.From.String()
			d.ExcelURL = api + "/snapshots.xlsx?" + url.Values{"period": {d.View}, "start": {d.Start}}.Encode()
			d.Taken = rk.TakenAt.In(cst).Format("2006-01-02 15:04")
			for _, s := range rk.Kept {
				end, _ := rank.Bounds(d.View, s)
				d.Starts = append(d.Starts, rankOption{Value: s.String(), Label: rank.PeriodTitle(d.View, s, end), Selected: s == rk.From})
			}
		}
	}
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			d.Message = errs.MessageOf(err) // nothing kept yet: say so on the page
		} else {
			page.Error, page.Fields, status = errs.MessageOf(err), map[string]string{errs.FieldOf(err): errs.MessageOf(err)}, errs.Status(errs.CodeOf(err))
		}
		p.w.render(rw, r, status, "ranking", page)
		return
	}
	d.Ranking = &rk
	if !rk.PrevFrom.IsZero() {
		d.Compared = rk.PrevFrom.String() + " – " + rk.PrevTo.String()
	}
	for _, w := range sc.Indicators {
		name := w.Indicator
		if c, ok := rankChoice(w.Indicator); ok {
			name = translate(l, c.Name)
		}
		d.Heads = append(d.Heads, name)
	}
	for _, row := range rk.Rows {
		d.Rows = append(d.Rows, rankRowOf(l, sc, rk, row))
	}
	p.w.render(rw, r, status, "ranking", page)
}

func rankChoice(key string) (rank.Choice, bool) {
	for _, c := range rank.Choices() {
		if c.Key == key {
			return c, true
		}
	}
	return rank.Choice{}, false
}

// rankRowOf formats one ranking row, linking the unit to its figures on
// the supervision dashboard for the same period.
func rankRowOf(l string, sc rank.Scheme, rk rank.Ranking, row rank.Row) rankRow {
	v := url.Values{"from": {rk.From.String()}, "to": {rk.To.String()}}
	if sc.Subject == rank.SubjectRegion {
		v.Set("region", row.Unit)
	} else {
		v.Set("region", sc.Region)
		v.Set("dept", row.Unit)
	}
	out := rankRow{Name: row.Name, URL: "/supervision?" + v.Encode(), Ranked: row.Rank > 0, Score: row.Score,
		Rank: translate(l, "未排名"), Change: "—", ScoreText: "—"}
	if out.Ranked {
		out.Rank, out.ScoreText = strconv.Itoa(row.Rank), strconv.FormatFloat(row.Score, 'f', 2, 64)
		switch {
		case row.PrevRank == 0:
		case row.Change > 0:
			out.Change, out.ChangeClass = "▲"+strconv.Itoa(row.Change), "ok"
		case row.Change < 0:
			out.Change, out.ChangeClass = "▼"+strconv.Itoa(-row.Change), "bad"
		default:
			out.Change = translate(l, "持平")
		}
	}
	for _, f := range row.Figures {
		c := rankCell{Value: "—", Points: "—", Imputed: f.Imputed}
		if f.Defined {
			switch f.Kind {
			case "count":
				c.Value = strconv.FormatInt(f.Num, 10)
			case "rate":
				c.Value = strconv.FormatFloat(f.Value*100, 'f', 1, 64) + "%"
			default:
				c.Value = strconv.FormatFloat(f.Value, 'f', 1, 64)
			}
		}
		if out.Ranked && (f.Defined || f.Imputed) { // else: no unit has it, it does not count
			c.Points = strconv.FormatFloat(f.Points, 'f', 2, 64)
		}
		out.Cells = append(out.Cells, c)
	}
	return out
}
