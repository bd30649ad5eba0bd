package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
)

func init() { addEnglish(govMissingEnglish(catalogReportsEnglish)) }

// catalogReports are the catalog's report pages: the public indicators,
// an item's version history with readable diffs, and the cross-region
// consistency report with its fixed-element list.
type catalogReports struct {
	w   *Web
	svc *catalog.Service
	rep *catalog.Reports
}

// AddCatalogReports registers GET /catalog/indicators (public),
// GET /admin/items/{code}/history, GET /admin/catalog/consistency and
// POST /admin/catalog/fixed-elements.
func (w *Web) AddCatalogReports(svc *catalog.Service, rep *catalog.Reports) {
	c := &catalogReports{w: w, svc: svc, rep: rep}
	w.handle("GET", "/catalog/indicators", access.Public, c.indicators)
	w.handle("GET", "/admin/items/{code}/history", access.CatalogView, c.history)
	w.handle("GET", "/admin/catalog/consistency", access.CatalogView, c.consistency)
	w.handle("POST", "/admin/catalog/fixed-elements", access.CatalogPub, c.setFixed)
}

// historyData is what item_history.html shows.
type historyData struct {
	Item      catalog.Item
	Versions  []historyRow
	A, B      int
	Diff      *catalog.VersionDiff
	DiffTitle string
}

type historyRow struct {
	catalog.VersionInfo
	Label string
	Prev  int // the next older version, to compare with; 0 for the first
}

// versionLabel names version n: 第 3 版 / Version 3.
func versionLabel(l string, n int) string {
	if l == "en" {
		return "Version " + strconv.Itoa(n)
	}
	return "第 " + strconv.Itoa(n) + " 版"
}

func (c *catalogReports) history(rw http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	it, err := c.svc.Get(ctx, p, r.PathValue("code"))
	if err != nil {
		c.w.Error(rw, r, err)
		return
	}
	vs, err := c.svc.History(ctx, p, it.Code)
	if err != nil {
		c.w.Error(rw, r, err)
		return
	}
	d := &historyData{Item: it}
	infos := catalog.VersionInfos(vs)
	for i, v := range infos {
		row := historyRow{VersionInfo: v, Label: versionLabel(lang(r), v.Number)}
		if i+1 < len(infos) {
			row.Prev = infos[i+1].Number
		}
		d.Versions = append(d.Versions, row)
	}
	page := &Page{Title: translate(lang(r), "版本历史") + " · " + it.Doc.Name, Data: d}
	status := http.StatusOK
	q := r.URL.Query()
	if q.Get("a") != "" || q.Get("b") != "" {
		d.A, _ = strconv.Atoi(q.Get("a"))
		d.B, _ = strconv.Atoi(q.Get("b"))
		diff, err := c.svc.DiffVersions(ctx, p, it.Code, d.A, d.B)
		if err != nil {
			page.Error, status = errs.MessageOf(err), errs.Status(errs.CodeOf(err))
		} else {
			d.Diff = &diff
			d.DiffTitle = versionLabel(lang(r), diff.A.Number) + " → " + versionLabel(lang(r), diff.B.Number)
		}
	} else if len(infos) >= 2 {
		d.A, d.B = infos[1].Number, infos[0].Number
	}
	c.w.render(rw, r, status, "item_history", page)
}

// consistencyData is what catalog_consistency.html shows.
type consistencyData struct {
	Region, BaseCode string
	Report           *catalog.ConsistencyReport
	Summary          string
	Rows             []consistencyRow
	NextURL          string
	Fixed            catalog.FixedSetting
	FixedLabels      []string
	Choices          []fixedChoice
	CanSet           bool
}

type consistencyRow struct {
	catalog.ImplDeviations
	VersionLabel, BaseVersionLabel string
}

type fixedChoice struct {
	catalog.Element
	Checked, Locked bool
}

func (c *catalogReports) consistency(rw http.ResponseWriter, r *http.Request) {
	c.consistencyPage(rw, r, http.StatusOK, &Page{})
}

func (c *catalogReports) consistencyPage(rw http.ResponseWriter, r *http.Request, status int, page *Page) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	q := r.URL.Query()
	d := &consistencyData{Region: strings.TrimSpace(q.Get("region")), BaseCode: strings.TrimSpace(q.Get("base_code")), CanSet: catalog.CanSetFixed(p)}
	if d.Region == "" && d.BaseCode == "" && !q.Has("region") {
		// First visit: the viewer's own region.
		if rs := p.Regions(access.CatalogView); len(rs) > 0 {
			d.Region = rs[0]
		}
	}
	fixed, err := c.rep.FixedElements(ctx)
	if err != nil {
		c.w.Error(rw, r, err)
		return
	}
	d.Fixed = fixed
	for _, e := range catalog.FixableElements() {
		on := strings.Contains(","+strings.Join(fixed.Elements, ",")+",", ","+e.Name+",")
		if on {
			d.FixedLabels = append(d.FixedLabels, e.Label)
		}
		d.Choices = append(d.Choices, fixedChoice{Element: e, Checked: on, Locked: e.Name == "base_code"})
	}
	if d.Region != "" || d.BaseCode != "" || q.Has("region") || q.Has("base_code") {
		cq := catalog.ConsistencyQuery{Region: d.Region, BaseCode: d.BaseCode}
		cq.After, _ = strconv.ParseInt(q.Get("cursor"), 10, 64)
		rep, err := c.rep.Consistency(ctx, p, cq)
		if err != nil && page.Error == "" {
			page.Error, status = errs.MessageOf(err), errs.Status(errs.CodeOf(err))
		}
		if err == nil {
			d.Report = &rep
			l := lang(r)
			for _, it := range rep.Items {
				d.Rows = append(d.Rows, consistencyRow{ImplDeviations: it, VersionLabel: versionLabel(l, it.Version),
					BaseVersionLabel: versionLabel(l, it.BaseVersion)})
			}
			d.Summary = fmt.Sprintf("已检查 %d 个实施清单事项，其中 %d 个与基本目录不一致；另有 %d 个地方特有事项没有对应的基本目录事项", rep.Checked, len(rep.Items), rep.LocalCount)
			if l == "en" {
				d.Summary = fmt.Sprintf("Checked %d implementations; %d deviate from the base catalogue; %d local items have no base item", rep.Checked, len(rep.Items), rep.LocalCount)
			}
			if rep.Next != "" {
				d.NextURL = "/admin/catalog/consistency?" + url.Values{"region": {d.Region}, "base_code": {d.BaseCode}, "cursor": {rep.Next}}.Encode()
			}
		}
	}
	page.Title, page.Data = translate(lang(r), "跨地区一致性"), d
	c.w.render(rw, r, status, "catalog_consistency", page)
}

func (c *catalogReports) setFixed(rw http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		c.w.Error(rw, r, errs.E(errs.Malformed, "表单无法解析"))
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	_, err := c.rep.SetFixedElements(r.Context(), httpx.Principal(r.Context()), r.PostForm["elements"], version)
	if err != nil {
		c.consistencyPage(rw, r, errs.Status(errs.CodeOf(err)), &Page{Error: errs.MessageOf(err)})
		return
	}
	http.Redirect(rw, r, "/admin/catalog/consistency?flash="+urlQueryEscape(translate(lang(r), "统一要素清单已保存")), http.StatusSeeOther)
}
