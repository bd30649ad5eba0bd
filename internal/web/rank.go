package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/rank"
)

func init() { addEnglish(rankEnglish) }

// rankPages are 晾晒: the evaluation schemes of the viewer's regions, the
// scheme form (indicator and weight rows; empty rows are ignored, so no
// script is needed to add or remove one), and the ranking of a scheme
// for a kept week or month or any live period.
type rankPages struct {
	w   *Web
	svc *rank.Service
}

// AddRank registers GET /rank/schemes, GET /rank/schemes/new,
// POST /rank/schemes, GET and POST /rank/schemes/{id} and
// GET /rank/schemes/{id}/ranking.
func (w *Web) AddRank(svc *rank.Service) {
	p := &rankPages{w: w, svc: svc}
	w.handle("GET", "/rank/schemes", access.StatsView, p.list)
	w.handle("GET", "/rank/schemes/new", access.Supervise, p.newForm)
	w.handle("POST", "/rank/schemes", access.Supervise, p.create)
	w.handle("GET", "/rank/schemes/{id}", access.StatsView, p.show)
	w.handle("POST", "/rank/schemes/{id}", access.Supervise, p.update)
	w.handle("GET", "/rank/schemes/{id}/ranking", access.StatsView, p.ranking)
}

func rankSchemeURL(id int64) string { return "/rank/schemes/" + strconv.FormatInt(id, 10) }

// rankSchemeRow is one scheme in the list.
type rankSchemeRow struct {
	rank.Scheme
	URL, RankingURL, Indicators string
}

// rankListData is what rank_schemes.html shows.
type rankListData struct {
	Schemes []rankSchemeRow
	CanNew  bool
}

func (p *rankPages) list(rw http.ResponseWriter, r *http.Request) {
	pr := httpx.Principal(r.Context())
	list, err := p.svc.Schemes(r.Context(), pr)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	d := &rankListData{CanNew: pr.Has(access.Supervise)}
	for _, sc := range list {
		d.Schemes = append(d.Schemes, rankSchemeRow{Scheme: sc, URL: rankSchemeURL(sc.ID),
			RankingURL: rankSchemeURL(sc.ID) + "/ranking", Indicators: rankWeights(lang(r), sc.Indicators)})
	}
	p.w.render(rw, r, http.StatusOK, "rank_schemes", &Page{Title: translate(lang(r), "排名晾晒"), Data: d})
}

// rankWeights says a scheme's indicators: 按时办结率 30 · 好评率 20.
func rankWeights(l string, ws []rank.Weight) string {
	names := map[string]string{}
	for _, c := range rank.Choices() {
		names[c.Key] = c.Name
	}
	parts := make([]string, len(ws))
	for i, w := range ws {
		n := names[w.Indicator]
		if n == "" {
			n = w.Indicator
		}
		parts[i] = translate(l, n) + " " + strconv.FormatFloat(w.Weight, 'f', -1, 64)
	}
	return strings.Join(parts, " · ")
}

// rankFormRow is one indicator row of the form.
type rankFormRow struct {
	N, Num            int // form row index, and as shown (from 1)
	Indicator, Weight string
	IndErr, WeightErr string
}

// rankOption is one choice of a select.
type rankOption struct {
	Value, Label string
	Selected     bool
}

// rankSchemeData is what rank_scheme.html shows.
type rankSchemeData struct {
	New, CanEdit bool
	Scheme       rank.Scheme
	Action       string
	Region, Name string
	Subject      string
	Active       bool
	Version      int
	Rows         []rankFormRow
	Choices      []rank.Choice
	Indicators   string
	RankingURL   string
}

// rankRows is the number of indicator rows the form offers.
const rankRows = 8

func (p *rankPages) newForm(rw http.ResponseWriter, r *http.Request) {
	d := &rankSchemeData{New: true, CanEdit: true, Action: "/rank/schemes", Subject: rank.SubjectDept, Active: true}
	if g, ok := httpx.Principal(r.Context()).GrantFor(access.Supervise, func(g access.Grant) bool { return g.DeptID == 0 && g.HallID == 0 }); ok {
		d.Region = g.Region
	}
	p.form(rw, r, http.StatusOK, d, nil, &Page{})
}

// form renders the scheme page: its rows from ws (or the posted rows).
func (p *rankPages) form(rw http.ResponseWriter, r *http.Request, status int, d *rankSchemeData, ws []rank.Weight, page *Page) {
	d.Choices = rank.Choices()
	if d.Rows == nil {
		for i, w := range ws {
			d.Rows = append(d.Rows, rankFormRow{N: i, Num: i + 1, Indicator: w.Indicator, Weight: strconv.FormatFloat(w.Weight, 'f', -1, 64)})
		}
	}
	for n := len(d.Rows); n < rankRows; n++ {
		d.Rows = append(d.Rows, rankFormRow{N: n, Num: n + 1})
	}
	title := translate(lang(r), "新建评价办法")
	if !d.New {
		title = d.Scheme.Name
	}
	page.Title, page.Data = title, d
	p.w.render(rw, r, status, "rank_scheme", page)
}

func (p *rankPages) show(rw http.ResponseWriter, r *http.Request) {
	p.showWith(rw, r, http.StatusOK, nil, &Page{})
}

// showWith renders a scheme; posted (not nil) refills the form after a
// refused update.
func (p *rankPages) showWith(rw http.ResponseWriter, r *http.Request, status int, posted *rankSchemeData, page *Page) {
	pr := httpx.Principal(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		p.w.Error(rw, r, errs.E(errs.NotFound, "评价办法不存在"))
		return
	}
	sc, err := p.svc.Scheme(r.Context(), pr, id)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	d := &rankSchemeData{Scheme: sc, CanEdit: rank.CanEdit(pr, sc.Region), Action: rankSchemeURL(id), Region: sc.Region,
		Name: sc.Name, Subject: sc.Subject, Active: sc.Active, Version: sc.Version,
		Indicators: rankWeights(lang(r), sc.Indicators), RankingURL: rankSchemeURL(id) + "/ranking"}
	if posted != nil {
		d.Name, d.Subject, d.Active, d.Rows, d.Version = posted.Name, posted.Subject, posted.Active, posted.Rows, posted.Version
	}
	p.form(rw, r, status, d, sc.Indicators, page)
}

// rankPosted reads the scheme form: rows with neither an indicator nor a
// weight are ignored. index maps each kept row to its form row.
func rankPosted(r *http.Request) (d *rankSchemeData, in rank.Input, index []int, err error) {
	d = &rankSchemeData{Region: strings.TrimSpace(r.PostFormValue("region_code")), Name: r.PostFormValue("name"),
		Subject: r.PostFormValue("subject"), Active: r.PostFormValue("active") != "false"}
	d.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	in = rank.Input{Region: d.Region, Name: d.Name, Subject: d.Subject, Version: d.Version, Active: &d.Active}
	for n := 0; n < rank.MaxIndicators; n++ {
		key := strings.TrimSpace(r.PostFormValue("indicator_" + strconv.Itoa(n)))
		weight := strings.TrimSpace(r.PostFormValue("weight_" + strconv.Itoa(n)))
		if !r.PostForm.Has("indicator_"+strconv.Itoa(n)) && !r.PostForm.Has("weight_"+strconv.Itoa(n)) {
			break
		}
		d.Rows = append(d.Rows, rankFormRow{N: n, Num: n + 1, Indicator: key, Weight: weight})
		if key == "" && weight == "" {
			continue
		}
		w := rank.Weight{Indicator: key}
		if weight != "" {
			f, perr := strconv.ParseFloat(weight, 64)
			if perr != nil {
				return d, in, index, errs.Field("weight_"+strconv.Itoa(n), "第 %d 行的权重“%s”不是数字，请填写 0 到 100 之间的数", n+1, rankClip(weight))
			}
			w.Weight = f
		}
		in.Indicators = append(in.Indicators, w)
		index = append(index, n)
	}
	return d, in, index, nil
}

// rankFailed puts a refused write's message beside its field: an
// indicator error on the form row it came from.
func rankFailed(d *rankSchemeData, index []int, err error) (*Page, int) {
	page := &Page{Error: errs.MessageOf(err)}
	field := errs.FieldOf(err)
	if rest, ok := strings.CutPrefix(field, "indicators["); ok {
		if k, after, ok := strings.Cut(rest, "]"); ok {
			if i, e := strconv.Atoi(k); e == nil && i < len(index) {
				field = "row" + strconv.Itoa(index[i]) + after // row3.weight
			}
		}
	}
	if n, ok := strings.CutPrefix(field, "weight_"); ok {
		field = "row" + n + ".weight"
	}
	for i := range d.Rows {
		prefix := "row" + strconv.Itoa(d.Rows[i].N) + "."
		switch field {
		case prefix + "indicator":
			d.Rows[i].IndErr = page.Error
		case prefix + "weight":
			d.Rows[i].WeightErr = page.Error
		}
	}
	page.Fields = map[string]string{field: page.Error}
	return page, errs.Status(errs.CodeOf(err))
}

func (p *rankPages) create(rw http.ResponseWriter, r *http.Request) {
	d, in, index, err := rankPosted(r)
	var sc rank.Scheme
	if err == nil {
		in.Active = nil
		sc, err = p.svc.Create(r.Context(), httpx.Principal(r.Context()), in)
	}
	if err != nil {
		page, status := rankFailed(d, index, err)
		d.New, d.CanEdit, d.Action = true, true, "/rank/schemes"
		p.form(rw, r, status, d, nil, page)
		return
	}
	govDone(rw, r, rankSchemeURL(sc.ID), "评价办法已保存")
}

func (p *rankPages) update(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		p.w.Error(rw, r, errs.E(errs.NotFound, "评价办法不存在"))
		return
	}
	d, in, index, err := rankPosted(r)
	if err == nil {
		_, err = p.svc.Update(r.Context(), httpx.Principal(r.Context()), id, in)
	}
	if err != nil {
		if c := errs.CodeOf(err); c == errs.NotFound || c == errs.Forbidden {
			p.w.Error(rw, r, err)
			return
		}
		page, status := rankFailed(d, index, err)
		if errs.Is(err, errs.Conflict) {
			d = nil // show what the other edit saved, with its version
		}
		p.showWith(rw, r, status, d, page)
		return
	}
	govDone(rw, r, rankSchemeURL(id), "评价办法已保存")
}

// rankClip shortens what a user typed for an error message.
func rankClip(s string) string {
	if r := []rune(s); len(r) > 10 {
		return string(r[:10]) + "…"
	}
	return s
}
