package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/httpx"
)

func init() { addEnglish(govMissingEnglish(govEnglish)) }

// govPages are the structure pages: regions, their depts and halls, and the
// halls' windows. Routes open the door by permission (structure.view to
// read, structure.manage to change); the service decides each change
// against the record's region, and the pages only hide the forms a viewer
// could never use.
type govPages struct {
	w   *Web
	svc *gov.Service
}

// AddGov registers the structure pages and their forms.
func (w *Web) AddGov(svc *gov.Service) {
	g := &govPages{w: w, svc: svc}
	view, edit := access.StructureView, access.StructureEdit
	w.handle("GET", "/admin/regions", view, g.regions)
	w.handle("POST", "/admin/regions", edit, g.createRegion)
	w.handle("GET", "/admin/regions/{code}", view, g.byCode(g.regionPage))
	w.handle("POST", "/admin/regions/{code}", edit, g.renameRegion)
	w.handle("POST", "/admin/regions/{code}/active", edit, g.regionActive)
	w.handle("POST", "/admin/regions/{code}/children", edit, g.createChild)

	w.handle("GET", "/admin/regions/{code}/depts/new", edit, g.byCode(g.newDeptPage))
	w.handle("GET", "/admin/regions/{code}/halls/new", edit, g.byCode(g.newHallPage))

	w.handle("GET", "/admin/depts/{id}", view, g.byID("部门", g.deptPage))
	w.handle("POST", "/admin/depts", edit, g.createDept)
	w.handle("POST", "/admin/depts/{id}", edit, g.byID("部门", g.updateDept))
	w.handle("POST", "/admin/depts/{id}/active", edit, g.byID("部门", g.deptActive))

	w.handle("GET", "/admin/halls/{id}", view, g.byID("大厅", g.hallPage))
	w.handle("POST", "/admin/halls", edit, g.createHall)
	w.handle("POST", "/admin/halls/{id}", edit, g.byID("大厅", g.updateHall))
	w.handle("POST", "/admin/halls/{id}/active", edit, g.byID("大厅", g.hallActive))
	w.handle("GET", "/admin/halls/{id}/windows/new", edit, g.byID("大厅", g.newWindowPage))
	w.handle("POST", "/admin/halls/{id}/windows", edit, g.byID("大厅", g.createWindow))

	w.handle("GET", "/admin/windows/{id}", view, g.byID("窗口", g.windowPage))
	w.handle("POST", "/admin/windows/{id}", edit, g.byID("窗口", g.updateWindow))
	w.handle("POST", "/admin/windows/{id}/active", edit, g.byID("窗口", g.windowActive))
}

// byID parses the {id} of a record's route; what names the record for the
// not-found message.
func (g *govPages) byID(what string, h func(rw http.ResponseWriter, r *http.Request, id int64, status int, p *Page)) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id <= 0 {
			g.w.Error(rw, r, errs.E(errs.NotFound, "%s不存在", what))
			return
		}
		h(rw, r, id, http.StatusOK, &Page{})
	}
}

// byCode passes the {code} of a region's route.
func (g *govPages) byCode(h func(rw http.ResponseWriter, r *http.Request, code string, status int, p *Page)) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		h(rw, r, r.PathValue("code"), http.StatusOK, &Page{})
	}
}

// govFailed prepares the page a form goes back to: the message at the top and
// beside the field (under the form's prefix), and what the user typed,
// unless an edit form (one that keeps its version) met a conflict: another
// admin saved first, so the form shows the record as it now is, to redo the
// change on.
func govFailed(r *http.Request, form string, keep []string, err error) (*Page, int) {
	p := &Page{Form: map[string]string{}}
	status := govFormError(p, form, err)
	if errs.Is(err, errs.Conflict) && slices.Contains(keep, "version") {
		return p, status
	}
	p.Form["_open"] = form
	for _, k := range keep {
		p.Form[form+"."+k] = strings.Join(r.PostForm[k], ",")
	}
	return p, status
}

// govDone redirects to a page with a flash message.
func govDone(rw http.ResponseWriter, r *http.Request, to, flash string) {
	http.Redirect(rw, r, to+"?flash="+urlQueryEscape(flash), http.StatusSeeOther)
}

func govRegionURL(code string) string { return "/admin/regions/" + url.PathEscape(code) }
func govDeptURL(id int64) string      { return "/admin/depts/" + strconv.FormatInt(id, 10) }
func govHallURL(id int64) string      { return "/admin/halls/" + strconv.FormatInt(id, 10) }

// govActiveForm reads an activate/deactivate form: the state wanted and why.
func govActiveForm(r *http.Request) (bool, string) {
	return r.PostFormValue("active") == "true", r.PostFormValue("reason")
}

func (g *govPages) regions(rw http.ResponseWriter, r *http.Request) {
	// The jump box: go straight to a region by its code.
	if code := strings.TrimSpace(r.URL.Query().Get("code")); code != "" {
		if _, err := g.svc.GetRegion(r.Context(), httpx.Principal(r.Context()), code); err != nil {
			p := &Page{Form: map[string]string{"jump.code": code}, Error: errs.MessageOf(err),
				Fields: map[string]string{"jump.code": errs.MessageOf(err)}}
			g.regionsPage(rw, r, http.StatusOK, p)
			return
		}
		http.Redirect(rw, r, govRegionURL(code), http.StatusSeeOther)
		return
	}
	g.regionsPage(rw, r, http.StatusOK, &Page{})
}

func (g *govPages) createRegion(rw http.ResponseWriter, r *http.Request) {
	reg, err := g.svc.CreateRegion(r.Context(), httpx.Principal(r.Context()),
		gov.Region{Code: r.PostFormValue("code"), Name: r.PostFormValue("name")})
	if err != nil {
		p, status := govFailed(r, "new", []string{"code", "name"}, err)
		g.regionsPage(rw, r, status, p)
		return
	}
	govDone(rw, r, govRegionURL(reg.Code), "已新增行政区划："+reg.Name)
}

func (g *govPages) createChild(rw http.ResponseWriter, r *http.Request) {
	parent := r.PathValue("code")
	reg, err := g.svc.CreateRegion(r.Context(), httpx.Principal(r.Context()),
		gov.Region{Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), ParentCode: parent})
	if err != nil {
		p, status := govFailed(r, "child", []string{"code", "name"}, err)
		g.regionPage(rw, r, parent, status, p)
		return
	}
	govDone(rw, r, govRegionURL(parent), "已新增下级区划："+reg.Name)
}

func (g *govPages) renameRegion(rw http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	reg, err := g.svc.UpdateRegion(r.Context(), httpx.Principal(r.Context()), code, govVersion(r), r.PostFormValue("name"))
	if err != nil {
		p, status := govFailed(r, "rename", []string{"name", "version"}, err)
		g.regionPage(rw, r, code, status, p)
		return
	}
	govDone(rw, r, govRegionURL(code), "名称已修改为："+reg.Name)
}

func (g *govPages) regionActive(rw http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	active, reason := govActiveForm(r)
	_, err := g.svc.SetRegionActive(r.Context(), httpx.Principal(r.Context()), code, govVersion(r), active, reason)
	if err != nil {
		p, status := govFailed(r, "active", []string{"reason"}, err)
		g.regionPage(rw, r, code, status, p)
		return
	}
	govDone(rw, r, govRegionURL(code), map[bool]string{true: "行政区划已恢复", false: "行政区划已撤销"}[active])
}

// govFormError puts err on the page (at the top, and beside its field under
// form's prefix when it names one) and returns the status to answer with.
func govFormError(p *Page, form string, err error) int {
	msg := errs.MessageOf(err)
	p.Error = msg
	if f := errs.FieldOf(err); f != "" {
		p.Fields = map[string]string{form + "." + f: msg}
		// Some messages ("此项为必填项") do not say which field; the one
		// at the top of the page must.
		if label := govFieldLabels[f]; label != "" && !strings.Contains(msg, label) {
			p.Error = label + "：" + msg
		}
	}
	return errs.Status(errs.CodeOf(err))
}

// govFieldLabels name the structure forms' fields in words.
var govFieldLabels = map[string]string{
	"code": "行政区划代码", "parent_code": "上级行政区划", "level": "层级", "region_code": "所属行政区划",
	"name": "名称", "short_name": "简称", "credit_code": "统一社会信用代码", "kind": "类型", "phone": "联系电话",
	"address": "地址", "hours": "办公时间", "number": "窗口号", "dept_ids": "受理部门", "reason": "原因", "version": "版本号",
}

// govVersion is the version the form was rendered with. A missing or
// garbled one becomes 0, which the service refuses by name, so nothing is
// overwritten blindly.
func govVersion(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return v
}
