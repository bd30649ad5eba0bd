package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/httpx"
)

// hlLimitsView is what hotline_limits.html shows: the limits table, one
// form per row for those who may change it (hotline.CanEditLimits).
type hlLimitsView struct {
	Rows    []hlLimitRow
	CanEdit bool
	// Failed is the row (class/urgency) whose form shows Err and keeps Form.
	Failed string
	Err    string
	Form   url.Values
}

// hlLimitRow is one row of the limits table.
type hlLimitRow struct {
	hotline.LimitSetting
	Key, ClassTitle, UrgencyTitle string
	Sign, Handle                  string
	// Version is updated_at in Unix milliseconds (0: never changed), sent
	// back to detect concurrent edits.
	Version int64
}

// Value is what the failed form of row key held in field, else def.
func (v *hlLimitsView) Value(key, field, def string) string {
	if v.Failed == key {
		return v.Form.Get(field)
	}
	return def
}

// ErrFor is the error of the form of row key, if it failed.
func (v *hlLimitsView) ErrFor(key string) string {
	if v.Failed == key {
		return v.Err
	}
	return ""
}

// Units are the units of a limit with their names.
func (v *hlLimitsView) Units() [][2]string {
	return [][2]string{{"day", "个工作日"}, {"hour", "小时（只计工作日）"}}
}

// hlClassTitle names a limit class: the default, the fast lane or a ticket type.
func hlClassTitle(class string) string {
	switch class {
	case hotline.ClassDefault:
		return "一般诉求"
	case hotline.ClassEnterprise:
		return "企业直通车"
	}
	if t, ok := hotline.Types[class]; ok {
		return t
	}
	return class
}

// hlSpanText is a limit as the page shows it.
func hlSpanText(n int, unit string) string {
	if unit == "hour" {
		return strconv.Itoa(n) + " 小时"
	}
	return strconv.Itoa(n) + " 个工作日"
}

// addLimits registers /hotline/limits.
func (h *hotlinePages) addLimits() {
	h.w.handle("GET", "/hotline/limits", access.Authenticated, h.limits)
	h.w.handle("POST", "/hotline/limits", access.Authenticated, h.setLimits)
}

func (h *hotlinePages) limits(rw http.ResponseWriter, r *http.Request) {
	h.renderLimits(rw, r, http.StatusOK, "", "", nil)
}

func (h *hotlinePages) renderLimits(rw http.ResponseWriter, r *http.Request, status int, failed, msg string, form url.Values) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	list, err := h.svc.AllLimits(ctx, pr)
	if err != nil {
		h.w.Error(rw, r, err)
		return
	}
	v := &hlLimitsView{CanEdit: hotline.CanEditLimits(pr), Failed: failed, Err: msg, Form: form}
	for _, l := range list {
		row := hlLimitRow{LimitSetting: l, Key: l.Class + "/" + l.Urgency, ClassTitle: hlClassTitle(l.Class),
			UrgencyTitle: "一般", Sign: hlSpanText(l.SignN, l.SignUnit), Handle: hlSpanText(l.HandleN, l.HandleUnit)}
		if l.Urgency == hotline.Urgent {
			row.UrgencyTitle = "紧急"
		}
		if !l.UpdatedAt.IsZero() {
			row.Version = l.UpdatedAt.UnixMilli()
		}
		v.Rows = append(v.Rows, row)
	}
	page := &Page{Title: "工单时限", Data: v}
	if status == errs.Status(errs.Conflict) {
		page.Error, v.Failed = msg, ""
	}
	h.w.render(rw, r, status, "hotline_limits", page)
}

func (h *hotlinePages) setLimits(rw http.ResponseWriter, r *http.Request) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	if err := r.ParseForm(); err != nil {
		h.w.Error(rw, r, errs.Wrap(err, errs.Malformed, "提交的内容无法读取，请重试"))
		return
	}
	pf := r.PostForm
	in := hotline.LimitsInput{Class: pf.Get("class"), Urgency: pf.Get("urgency"), SignUnit: pf.Get("sign_unit"),
		HandleUnit: pf.Get("handle_unit")}
	var bad error
	num := func(field, title string) int {
		n, err := strconv.Atoi(strings.TrimSpace(pf.Get(field)))
		if err != nil && bad == nil {
			bad = errs.Field(field, "请填写%s（整数）", title)
		}
		return n
	}
	in.SignN = num("sign_n", "签收时限")
	in.HandleN = num("handle_n", "办结时限")
	in.ComplexDays = num("complex_days", "复杂件时限")
	if ms, _ := strconv.ParseInt(pf.Get("version"), 10, 64); ms > 0 {
		in.UpdatedAt = time.UnixMilli(ms)
	}
	err := bad
	if err == nil {
		_, err = h.svc.SetLimits(ctx, pr, in)
	}
	if err == nil {
		http.Redirect(rw, r, "/hotline/limits?flash="+urlQueryEscape("时限已修改，此后派出的工单按新时限计算"), http.StatusSeeOther)
		return
	}
	if code := errs.CodeOf(err); code != errs.Invalid && code != errs.Conflict {
		h.w.Error(rw, r, err)
		return
	}
	h.renderLimits(rw, r, errs.Status(errs.CodeOf(err)), in.Class+"/"+in.Urgency, errs.MessageOf(err), pf)
}
