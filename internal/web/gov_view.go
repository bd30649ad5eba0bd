package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/httpx"
)

// govPageSize is how many depts or halls a region page lists at a time.
const govPageSize = 50

// govRegionRow is a region in a table, with its level in words.
type govRegionRow struct {
	gov.RegionNode
	LevelLabel string
}

type govRegionsData struct {
	Provinces []govRegionRow
	Mine      []gov.Region // the roots of the viewer's grants: where work starts
	CanEdit   bool
}

// govRegionData is a region's page: where it sits, what is under it, and the
// forms an administrator of it may use.
type govRegionData struct {
	Region     gov.Region
	LevelLabel string
	Path       []gov.Region // from the province down to the parent
	Children   []govRegionRow
	Depts      []govDeptRow
	DeptsNext  string // link to the next page, "" when none
	Search     bool   // Depts is a search over the subtree, not the region's own
	Halls      []gov.Hall
	HallsNext  string
	CanEdit    bool
}

// govDeptRow is a dept in a list, with its region's name where the page knows it.
type govDeptRow struct {
	gov.Dept
	RegionName string
}

// govDeptData is a dept's page, or the new-dept form when New.
type govDeptData struct {
	Dept       gov.Dept
	New        bool
	Path       []gov.Region // the dept's region and those above it
	RegionName string
	CanEdit    bool
	DeptKinds  []string // the select's options, including a non-standard current kind
}

// govHallData is a hall's page with its windows, or the new-hall form.
type govHallData struct {
	Hall       gov.Hall
	New        bool
	Path       []gov.Region
	RegionName string
	Windows    []govWindowRow
	CanEdit    bool
}

type govWindowRow struct {
	gov.Window
	Depts []string // names of the depts served
}

// govWindowData is a window's page, or the new-window form.
type govWindowData struct {
	Window     gov.Window
	New        bool
	Hall       gov.Hall
	Path       []gov.Region
	Depts      []string
	DeptGroups []govDeptGroup
	CanEdit    bool
}

// govDeptGroup is the depts of one region a window form offers.
type govDeptGroup struct {
	Region gov.Region
	Depts  []govDeptOption
}

type govDeptOption struct {
	ID      int64
	Name    string
	Checked bool
}

// govLevelLabel names a region level in the page's language.
func govLevelLabel(lang, level string) string {
	zh := map[string]string{gov.LevelProvince: "省级", gov.LevelCity: "市（州）级", gov.LevelCounty: "县（市、区）级",
		gov.LevelTownship: "乡镇（街道）", gov.LevelVillage: "村（社区）"}[level]
	return translate(lang, zh)
}

func govRows(lang string, ns []gov.RegionNode) []govRegionRow {
	out := make([]govRegionRow, len(ns))
	for i, n := range ns {
		out[i] = govRegionRow{RegionNode: n, LevelLabel: govLevelLabel(lang, n.Level)}
	}
	return out
}

// regionsPage lists the provinces and the viewer's own regions.
func (g *govPages) regionsPage(rw http.ResponseWriter, r *http.Request, status int, p *Page) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	tree, err := g.svc.RegionTree(ctx, pr, "")
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	d := &govRegionsData{Provinces: govRows(lang(r), tree), CanEdit: pr.Has(access.StructureEdit)}
	seen := map[string]bool{}
	for _, code := range pr.Regions(access.StructureView) {
		if seen[code] {
			continue
		}
		seen[code] = true
		if reg, err := g.svc.GetRegion(ctx, pr, code); err == nil {
			d.Mine = append(d.Mine, reg)
		}
	}
	p.Title, p.Data = translate(lang(r), "组织架构"), d
	g.w.render(rw, r, status, "regions", p)
}

// regionPage shows a region with its children and its own depts and halls
// (?q= searches the depts of the whole subtree instead).
func (g *govPages) regionPage(rw http.ResponseWriter, r *http.Request, code string, status int, p *Page) {
	ctx, pr, q := r.Context(), httpx.Principal(r.Context()), r.URL.Query()
	path, err := g.svc.RegionPath(ctx, pr, code)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	reg := path[len(path)-1]
	kids, err := g.svc.RegionTree(ctx, pr, reg.Code)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	d := &govRegionData{Region: reg, LevelLabel: govLevelLabel(lang(r), reg.Level), Path: path[:len(path)-1],
		Children: govRows(lang(r), kids), CanEdit: pr.Can(access.StructureEdit, access.Scope{Region: reg.Code})}
	names := map[string]string{reg.Code: reg.Name}
	for _, k := range kids {
		names[k.Code] = k.Name
	}
	search := strings.TrimSpace(q.Get("q"))
	d.Search = search != ""
	depts, err := g.svc.ListDepts(ctx, pr, gov.ListFilter{Region: reg.Code, Name: search, After: q.Get("dcursor"), Limit: govPageSize})
	if err != nil {
		// A garbled cursor or search: say so above the list and start again.
		p.Error = errs.MessageOf(err)
		status = errs.Status(errs.CodeOf(err))
		depts = gov.Page[gov.Dept]{}
	}
	own := depts.Items
	if !d.Search {
		own = govOwnRecords(depts.Items, reg.Code, func(x gov.Dept) string { return x.RegionCode })
	}
	for _, x := range own {
		d.Depts = append(d.Depts, govDeptRow{Dept: x, RegionName: names[x.RegionCode]})
	}
	if depts.Next != "" && len(own) == len(depts.Items) {
		d.DeptsNext = govPageLink(r, "dcursor", depts.Next)
	}
	halls, err := g.svc.ListHalls(ctx, pr, gov.ListFilter{Region: reg.Code, After: q.Get("hcursor"), Limit: govPageSize})
	if err != nil {
		p.Error = errs.MessageOf(err)
		status = errs.Status(errs.CodeOf(err))
	}
	d.Halls = govOwnRecords(halls.Items, reg.Code, func(h gov.Hall) string { return h.RegionCode })
	if halls.Next != "" && len(d.Halls) == len(halls.Items) {
		d.HallsNext = govPageLink(r, "hcursor", halls.Next)
	}
	if p.Form == nil {
		p.Form = map[string]string{}
	}
	p.Form["q"] = search
	govPrefill(p, "rename", map[string]string{"name": reg.Name, "version": strconv.Itoa(reg.Version)})
	p.Title, p.Data = reg.Name, d
	g.w.render(rw, r, status, "region", p)
}

// govOwnRecords keeps the leading records placed in region itself: lists run
// in region-code order, so a subtree's own records come before its
// children's.
func govOwnRecords[T any](items []T, region string, code func(T) string) []T {
	for i, x := range items {
		if code(x) != region {
			return items[:i]
		}
	}
	return items
}

// govPageLink is the current URL with one cursor replaced.
func govPageLink(r *http.Request, name, cursor string) string {
	q := url.Values{}
	for k, v := range r.URL.Query() {
		if k != "flash" {
			q[k] = v
		}
	}
	q.Set(name, cursor)
	return r.URL.Path + "?" + q.Encode()
}

// govPrefill puts a record's values into an edit form, unless that form just
// failed and holds what the user typed.
func govPrefill(p *Page, form string, values map[string]string) {
	if p.Form == nil {
		p.Form = map[string]string{}
	}
	if p.Form["_open"] == form {
		return
	}
	for k, v := range values {
		p.Form[form+"."+k] = v
	}
}
