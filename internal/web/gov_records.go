package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/httpx"
)

// The pages of one dept, hall or window. Each record type has one form,
// used both to create (New) and to edit, with its fields under one prefix
// (dept., hall., window.) in Page.Form.

// regionFor loads the path of the region a new record goes into.
func (g *govPages) regionFor(rw http.ResponseWriter, r *http.Request, code string) ([]gov.Region, bool) {
	path, err := g.svc.RegionPath(r.Context(), httpx.Principal(r.Context()), code)
	if err != nil {
		g.w.Error(rw, r, err)
		return nil, false
	}
	return path, true
}

func govDeptKinds(current string) []string {
	if current != "" && !slices.Contains(gov.DeptKinds, current) {
		return append([]string{current}, gov.DeptKinds...)
	}
	return gov.DeptKinds
}

// newDeptPage is the form for a new dept in region code.
func (g *govPages) newDeptPage(rw http.ResponseWriter, r *http.Request, code string, status int, p *Page) {
	path, ok := g.regionFor(rw, r, code)
	if !ok {
		return
	}
	reg := path[len(path)-1]
	d := &govDeptData{Dept: gov.Dept{RegionCode: reg.Code}, New: true, Path: path, RegionName: reg.Name,
		DeptKinds: govDeptKinds(p.Form["dept.kind"]), CanEdit: true}
	p.Title, p.Data = translate(lang(r), "新增部门"), d
	g.w.render(rw, r, status, "dept", p)
}

func (g *govPages) deptPage(rw http.ResponseWriter, r *http.Request, id int64, status int, p *Page) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	dept, err := g.svc.GetDept(ctx, pr, id)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	path, ok := g.regionFor(rw, r, dept.RegionCode)
	if !ok {
		return
	}
	govPrefill(p, "dept", map[string]string{"name": dept.Name, "short_name": dept.ShortName, "credit_code": dept.CreditCode,
		"kind": dept.Kind, "phone": dept.Phone, "version": strconv.Itoa(dept.Version)})
	d := &govDeptData{Dept: dept, Path: path, RegionName: path[len(path)-1].Name,
		DeptKinds: govDeptKinds(p.Form["dept.kind"]),
		CanEdit:   pr.Can(access.StructureEdit, access.Scope{Region: dept.RegionCode, DeptID: dept.ID})}
	p.Title, p.Data = dept.Name, d
	g.w.render(rw, r, status, "dept", p)
}

// newHallPage is the form for a new hall in region code.
func (g *govPages) newHallPage(rw http.ResponseWriter, r *http.Request, code string, status int, p *Page) {
	path, ok := g.regionFor(rw, r, code)
	if !ok {
		return
	}
	reg := path[len(path)-1]
	if p.Form == nil {
		p.Form = map[string]string{}
	}
	if p.Form["hall.kind"] == "" && reg.Level == gov.LevelVillage {
		p.Form["hall.kind"] = gov.HallStation
	}
	d := &govHallData{Hall: gov.Hall{RegionCode: reg.Code}, New: true, Path: path, RegionName: reg.Name, CanEdit: true}
	p.Title, p.Data = translate(lang(r), "新增大厅"), d
	g.w.render(rw, r, status, "hall", p)
}

func (g *govPages) hallPage(rw http.ResponseWriter, r *http.Request, id int64, status int, p *Page) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	hall, err := g.svc.GetHall(ctx, pr, id)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	path, ok := g.regionFor(rw, r, hall.RegionCode)
	if !ok {
		return
	}
	ws, err := g.svc.ListWindows(ctx, pr, hall.ID)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	var ids []int64
	for _, w := range ws {
		ids = append(ids, w.DeptIDs...)
	}
	groups, err := g.windowDepts(r, path, ids)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	d := &govHallData{Hall: hall, Path: path, RegionName: path[len(path)-1].Name,
		CanEdit: pr.Can(access.StructureEdit, access.Scope{Region: hall.RegionCode, HallID: hall.ID})}
	for _, w := range ws {
		d.Windows = append(d.Windows, govWindowRow{Window: w, Depts: govDeptNames(groups, w.DeptIDs)})
	}
	govPrefill(p, "hall", map[string]string{"name": hall.Name, "kind": hall.Kind, "address": hall.Address,
		"phone": hall.Phone, "hours": hall.Hours, "version": strconv.Itoa(hall.Version)})
	p.Title, p.Data = hall.Name, d
	g.w.render(rw, r, status, "hall", p)
}

// newWindowPage is the form for a new window in hall hallID.
func (g *govPages) newWindowPage(rw http.ResponseWriter, r *http.Request, hallID int64, status int, p *Page) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	hall, err := g.svc.GetHall(ctx, pr, hallID)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	path, ok := g.regionFor(rw, r, hall.RegionCode)
	if !ok {
		return
	}
	groups, err := g.windowDepts(r, path, govCheckedIDs(p))
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	if p.Form == nil {
		p.Form = map[string]string{}
	}
	if p.Form["_open"] != "window" {
		p.Form["window.kind"] = gov.WindowDedicated
	}
	d := &govWindowData{Window: gov.Window{HallID: hall.ID}, New: true, Hall: hall, Path: path, DeptGroups: groups, CanEdit: true}
	p.Title, p.Data = translate(lang(r), "新增窗口"), d
	g.w.render(rw, r, status, "gov_window", p)
}

func (g *govPages) windowPage(rw http.ResponseWriter, r *http.Request, id int64, status int, p *Page) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	win, err := g.svc.GetWindow(ctx, pr, id)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	hall, err := g.svc.GetHall(ctx, pr, win.HallID)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	path, ok := g.regionFor(rw, r, hall.RegionCode)
	if !ok {
		return
	}
	checked := win.DeptIDs
	if p.Form["_open"] == "window" {
		checked = govCheckedIDs(p)
	}
	groups, err := g.windowDepts(r, path, append(slices.Clone(checked), win.DeptIDs...))
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	for i := range groups {
		for j := range groups[i].Depts {
			groups[i].Depts[j].Checked = slices.Contains(checked, groups[i].Depts[j].ID)
		}
	}
	govPrefill(p, "window", map[string]string{"number": win.Number, "name": win.Name, "kind": win.Kind,
		"version": strconv.Itoa(win.Version)})
	d := &govWindowData{Window: win, Hall: hall, Path: path, Depts: govDeptNames(groups, win.DeptIDs), DeptGroups: groups,
		CanEdit: pr.Can(access.StructureEdit, access.Scope{Region: hall.RegionCode, HallID: hall.ID})}
	p.Title, p.Data = hall.Name+" "+win.Number, d
	g.w.render(rw, r, status, "gov_window", p)
}

// windowDepts gathers the active depts a window of a hall placed at the
// end of path may serve: those of the hall's region and of every region
// above it, one group per region, with the ids in checked marked. Only each
// region's own depts are taken (they lead its subtree's list), so that a
// county hall does not offer the whole province.
func (g *govPages) windowDepts(r *http.Request, path []gov.Region, checked []int64) ([]govDeptGroup, error) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	var out []govDeptGroup
	for _, reg := range path {
		grp := govDeptGroup{Region: reg}
		after := ""
		for {
			pg, err := g.svc.ListDepts(ctx, pr, gov.ListFilter{Region: reg.Code, ActiveOnly: true, After: after, Limit: 500})
			if err != nil {
				return nil, err
			}
			own := govOwnRecords(pg.Items, reg.Code, func(d gov.Dept) string { return d.RegionCode })
			for _, d := range own {
				grp.Depts = append(grp.Depts, govDeptOption{ID: d.ID, Name: d.Name, Checked: slices.Contains(checked, d.ID)})
			}
			if pg.Next == "" || len(own) < len(pg.Items) {
				break
			}
			after = pg.Next
		}
		if len(grp.Depts) > 0 {
			out = append(out, grp)
		}
	}
	// A dept already chosen but not offered (one of a region below the
	// hall's, or since disabled) stays visible and checked, so that saving
	// the form does not drop it unnoticed.
	var extra govDeptGroup
	for _, id := range checked {
		if govHasDept(out, id) || govHasDept([]govDeptGroup{extra}, id) {
			continue
		}
		d, err := g.svc.GetDept(ctx, pr, id)
		if err != nil {
			continue // the service refuses it on save, naming it
		}
		extra.Depts = append(extra.Depts, govDeptOption{ID: d.ID, Name: d.Name, Checked: true})
	}
	if len(extra.Depts) > 0 {
		extra.Region.Name = translate(lang(r), "其他已选部门")
		out = append(out, extra)
	}
	return out, nil
}

func govHasDept(groups []govDeptGroup, id int64) bool {
	for _, g := range groups {
		for _, d := range g.Depts {
			if d.ID == id {
				return true
			}
		}
	}
	return false
}

// govDeptNames names the depts of ids, by number when unknown.
func govDeptNames(groups []govDeptGroup, ids []int64) []string {
	var out []string
	for _, id := range ids {
		name := "#" + strconv.FormatInt(id, 10)
		for _, g := range groups {
			for _, d := range g.Depts {
				if d.ID == id {
					name = d.Name
				}
			}
		}
		out = append(out, name)
	}
	return out
}

// govCheckedIDs reads the dept ids a failed window form submitted.
func govCheckedIDs(p *Page) []int64 {
	var out []int64
	for _, s := range strings.Split(p.Form["window.dept_ids"], ",") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}
