package web

import (
	"net/http"
	"strconv"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/httpx"
)

// The forms of depts, halls and windows: each reads the form, makes one
// service call, and redirects with a flash, or shows the form again with
// the message beside the field.

// govDeptForm reads the dept form.
func govDeptForm(r *http.Request) gov.DeptInput {
	return gov.DeptInput{RegionCode: r.PostFormValue("region_code"), Name: r.PostFormValue("name"),
		ShortName: r.PostFormValue("short_name"), CreditCode: r.PostFormValue("credit_code"), Kind: r.PostFormValue("kind"),
		Phone: r.PostFormValue("phone"), ConfirmCheck: r.PostFormValue("confirm_check") == "1"}
}

var govDeptFields = []string{"name", "short_name", "credit_code", "kind", "phone", "confirm_check"}

func (g *govPages) createDept(rw http.ResponseWriter, r *http.Request) {
	in := govDeptForm(r)
	d, err := g.svc.CreateDept(r.Context(), httpx.Principal(r.Context()), in)
	if err != nil {
		p, status := govFailed(r, "dept", govDeptFields, err)
		g.newDeptPage(rw, r, in.RegionCode, status, p)
		return
	}
	govDone(rw, r, govDeptURL(d.ID), "部门已新增")
}

func (g *govPages) updateDept(rw http.ResponseWriter, r *http.Request, id int64, _ int, _ *Page) {
	_, err := g.svc.UpdateDept(r.Context(), httpx.Principal(r.Context()), id, govVersion(r), govDeptForm(r))
	if err != nil {
		p, status := govFailed(r, "dept", append(govDeptFields, "version"), err)
		g.deptPage(rw, r, id, status, p)
		return
	}
	govDone(rw, r, govDeptURL(id), "部门信息已保存")
}

func (g *govPages) deptActive(rw http.ResponseWriter, r *http.Request, id int64, _ int, _ *Page) {
	active, reason := govActiveForm(r)
	_, err := g.svc.SetDeptActive(r.Context(), httpx.Principal(r.Context()), id, govVersion(r), active, reason)
	if err != nil {
		p, status := govFailed(r, "active", []string{"reason"}, err)
		g.deptPage(rw, r, id, status, p)
		return
	}
	govDone(rw, r, govDeptURL(id), map[bool]string{true: "部门已启用", false: "部门已停用"}[active])
}

// govHallForm reads the hall form.
func govHallForm(r *http.Request) gov.HallInput {
	return gov.HallInput{RegionCode: r.PostFormValue("region_code"), Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"),
		Address: r.PostFormValue("address"), Phone: r.PostFormValue("phone"), Hours: r.PostFormValue("hours")}
}

var govHallFields = []string{"name", "kind", "address", "phone", "hours"}

func (g *govPages) createHall(rw http.ResponseWriter, r *http.Request) {
	in := govHallForm(r)
	h, err := g.svc.CreateHall(r.Context(), httpx.Principal(r.Context()), in)
	if err != nil {
		p, status := govFailed(r, "hall", govHallFields, err)
		g.newHallPage(rw, r, in.RegionCode, status, p)
		return
	}
	govDone(rw, r, govHallURL(h.ID), "大厅已新增，请为其设置窗口")
}

func (g *govPages) updateHall(rw http.ResponseWriter, r *http.Request, id int64, _ int, _ *Page) {
	_, err := g.svc.UpdateHall(r.Context(), httpx.Principal(r.Context()), id, govVersion(r), govHallForm(r))
	if err != nil {
		p, status := govFailed(r, "hall", append(govHallFields, "version"), err)
		g.hallPage(rw, r, id, status, p)
		return
	}
	govDone(rw, r, govHallURL(id), "大厅信息已保存")
}

func (g *govPages) hallActive(rw http.ResponseWriter, r *http.Request, id int64, _ int, _ *Page) {
	active, reason := govActiveForm(r)
	_, err := g.svc.SetHallActive(r.Context(), httpx.Principal(r.Context()), id, govVersion(r), active, reason)
	if err != nil {
		p, status := govFailed(r, "active", []string{"reason"}, err)
		g.hallPage(rw, r, id, status, p)
		return
	}
	govDone(rw, r, govHallURL(id), map[bool]string{true: "大厅已启用", false: "大厅已停用"}[active])
}

// govWindowForm reads the window form; a dept id that is not a number is
// refused by name rather than dropped.
func govWindowForm(r *http.Request, hallID int64) (gov.WindowInput, error) {
	in := gov.WindowInput{HallID: hallID, Number: r.PostFormValue("number"), Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind")}
	for _, s := range r.PostForm["dept_ids"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return in, errs.Field("dept_ids", "部门选择有误，请刷新页面后重新选择")
		}
		in.DeptIDs = append(in.DeptIDs, id)
	}
	return in, nil
}

var govWindowFields = []string{"number", "name", "kind", "dept_ids"}

func (g *govPages) createWindow(rw http.ResponseWriter, r *http.Request, hallID int64, _ int, _ *Page) {
	in, err := govWindowForm(r, hallID)
	var win gov.Window
	if err == nil {
		win, err = g.svc.CreateWindow(r.Context(), httpx.Principal(r.Context()), in)
	}
	if err != nil {
		p, status := govFailed(r, "window", govWindowFields, err)
		g.newWindowPage(rw, r, hallID, status, p)
		return
	}
	govDone(rw, r, govHallURL(hallID), "已新增 "+win.Number+" 号窗口")
}

func (g *govPages) updateWindow(rw http.ResponseWriter, r *http.Request, id int64, _ int, _ *Page) {
	in, err := govWindowForm(r, 0)
	var win gov.Window
	if err == nil {
		win, err = g.svc.UpdateWindow(r.Context(), httpx.Principal(r.Context()), id, govVersion(r), in)
	}
	if err != nil {
		p, status := govFailed(r, "window", append(govWindowFields, "version"), err)
		g.windowPage(rw, r, id, status, p)
		return
	}
	govDone(rw, r, govHallURL(win.HallID), win.Number+" 号窗口已保存")
}

func (g *govPages) windowActive(rw http.ResponseWriter, r *http.Request, id int64, _ int, _ *Page) {
	active, reason := govActiveForm(r)
	win, err := g.svc.SetWindowActive(r.Context(), httpx.Principal(r.Context()), id, govVersion(r), active, reason)
	if err != nil {
		p, status := govFailed(r, "active", []string{"reason"}, err)
		g.windowPage(rw, r, id, status, p)
		return
	}
	govDone(rw, r, govHallURL(win.HallID), win.Number+map[bool]string{true: " 号窗口已启用", false: " 号窗口已停用"}[active])
}
