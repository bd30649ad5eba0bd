package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// indicatorsData is what catalog_indicators.html shows. Numbers are
// formatted here: rates as percentages, "—" when undefined.
type indicatorsData struct {
	Ind          catalog.Indicators
	Region, Dept string // the form's values
	Scope        string // what the figures cover, in words
	UpURL        string // the parent region's figures
	AllDeptsURL  string // the region's figures without the department filter
	Cards        []indicatorCard
	Kinds        indicatorTable
	Regions      indicatorTable
	Depts        indicatorTable
	// Chart data for static/catalog_indicators.js (data-* attributes: the
	// CSP allows no inline script).
	KindLabels, KindValues, RateLabels, RateValues string
}

type indicatorCard struct {
	Label, Value, Detail string
	Meter                float64 // 0–1 for the <meter>; -1 when undefined
}

// indicatorTable is one table of figures (its template has no access to
// the page, so it carries the language).
type indicatorTable struct {
	Lang, ID string
	Rows     []indicatorRow
}

type indicatorRow struct {
	Name, Href                                            string
	Items, Applied                                        int
	Online, Whole, OneVisit, Instant, InHall, Compression string
}

func (c *catalogReports) indicators(rw http.ResponseWriter, r *http.Request) {
	l := lang(r)
	q := r.URL.Query()
	d := &indicatorsData{Region: strings.TrimSpace(q.Get("region")), Dept: strings.TrimSpace(q.Get("dept"))}
	f := catalog.IndicatorFilter{Region: d.Region}
	page := &Page{Title: translate(l, "事项指标"), Data: d}
	if d.Dept != "" {
		id, err := strconv.ParseInt(d.Dept, 10, 64)
		if err != nil || id <= 0 {
			page.Error = translate(l, "部门编号无效")
			c.w.render(rw, r, http.StatusUnprocessableEntity, "catalog_indicators", page)
			return
		}
		f.DeptID = id
	}
	ind, err := c.rep.Indicators(r.Context(), f)
	if err != nil {
		page.Error = errs.MessageOf(err)
		c.w.render(rw, r, errs.Status(errs.CodeOf(err)), "catalog_indicators", page)
		return
	}
	d.Ind = ind
	d.Scope = scopeName(l, ind)
	if d.Region != "" {
		if parent := validate.RegionParent(d.Region); parent != "" {
			d.UpURL = indicatorsURL(parent, 0)
		} else {
			d.UpURL = "/catalog/indicators"
		}
	}
	if f.DeptID != 0 {
		d.AllDeptsURL, d.UpURL = indicatorsURL(d.Region, 0), ""
	}
	d.Cards = indicatorCards(l, ind.Figures)
	d.Kinds = indicatorTable{Lang: l, ID: "ind-kinds"}
	d.Regions = indicatorTable{Lang: l, ID: "ind-regions"}
	d.Depts = indicatorTable{Lang: l, ID: "ind-depts"}
	var labels, rateLabels []string
	var values []int
	var rates []float64
	for _, k := range ind.Kinds {
		// An authority-initiated kind (依职权) has no application items, so
		// its rates come out undefined ("—").
		d.Kinds.Rows = append(d.Kinds.Rows, indicatorFigures(translate(l, k.Title), "", k.Figures))
		if k.Items > 0 {
			labels, values = append(labels, translate(l, k.Title)), append(values, k.Items)
		}
	}
	for _, g := range ind.Regions {
		name, href := g.Name, indicatorsURL(g.Code, 0)
		if g.Code == d.Region {
			// The region's own items: their departments are listed below.
			name, href = name+translate(l, "（本级）"), ""
		}
		d.Regions.Rows = append(d.Regions.Rows, indicatorFigures(name, href, g.Figures))
	}
	for _, g := range ind.Depts {
		d.Depts.Rows = append(d.Depts.Rows, indicatorFigures(g.Name, indicatorsURL(d.Region, g.DeptID), g.Figures))
	}
	for _, card := range d.Cards {
		if card.Meter >= 0 {
			rateLabels, rates = append(rateLabels, card.Label), append(rates, float64(int(card.Meter*1000+0.5))/10)
		}
	}
	d.KindLabels, d.KindValues = jsonText(labels), jsonText(values)
	d.RateLabels, d.RateValues = jsonText(rateLabels), jsonText(rates)
	c.w.render(rw, r, http.StatusOK, "catalog_indicators", page)
}

func scopeName(l string, ind catalog.Indicators) string {
	switch {
	case ind.DeptName != "" && ind.RegionName != "":
		return ind.RegionName + " · " + ind.DeptName
	case ind.DeptName != "":
		return ind.DeptName
	case ind.RegionName != "":
		return ind.RegionName
	}
	return translate(l, "全部地区")
}

func indicatorsURL(region string, dept int64) string {
	v := url.Values{}
	if region != "" {
		v.Set("region", region)
	}
	if dept != 0 {
		v.Set("dept", strconv.FormatInt(dept, 10))
	}
	if len(v) == 0 {
		return "/catalog/indicators"
	}
	return "/catalog/indicators?" + v.Encode()
}

func indicatorCards(l string, f catalog.Figures) []indicatorCard {
	card := func(label string, r catalog.Rate) indicatorCard {
		c := indicatorCard{Label: translate(l, label), Value: percent(r.Value), Meter: -1,
			Detail: strconv.Itoa(r.Count) + " / " + strconv.Itoa(r.Of)}
		if r.Value != nil {
			c.Meter = *r.Value
		}
		return c
	}
	comp := indicatorCard{Label: translate(l, "承诺时限压缩率"), Value: percent(f.Compression.Value), Meter: -1,
		Detail: "1 − " + strconv.Itoa(f.Compression.Promised) + " / " + strconv.Itoa(f.Compression.Legal)}
	if v := f.Compression.Value; v != nil {
		comp.Meter = max(0, *v)
	}
	return []indicatorCard{card("网上可办率", f.Online), card("全程网办率", f.WholeOnline), card("最多跑一次率", f.OneVisit),
		card("即办件率", f.Instant), card("进驻率", f.InHall), comp}
}

func indicatorFigures(name, href string, f catalog.Figures) indicatorRow {
	return indicatorRow{Name: name, Href: href, Items: f.Items, Applied: f.Applied, Online: percent(f.Online.Value),
		Whole: percent(f.WholeOnline.Value), OneVisit: percent(f.OneVisit.Value), Instant: percent(f.Instant.Value),
		InHall: percent(f.InHall.Value), Compression: percent(f.Compression.Value)}
}

// percent shows a rate with one decimal, or "—" when it is undefined.
func percent(v *float64) string {
	if v == nil {
		return "—"
	}
	return strconv.FormatFloat(*v*100, 'f', 1, 64) + "%"
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
