package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
)

// AddAccountAdmin registers the account administration pages: the account
// list, staff creation, an account's detail page with its status, unlock,
// password, role and personal-data forms, and the security policy. The
// routes' permissions only open the door; the service decides every case
// (scope, 三权分立, one's own account), and the pages merely hide forms the
// viewer could never use.
func (w *Web) AddAccountAdmin(svc *account.Service) {
	w.handle("GET", "/admin/accounts", access.AccountView, func(rw http.ResponseWriter, r *http.Request) {
		w.accountList(rw, r, svc)
	})
	w.handle("GET", "/admin/accounts/new", access.AccountManage, func(rw http.ResponseWriter, r *http.Request) {
		w.render(rw, r, http.StatusOK, "staff_new", &Page{Title: "新建工作人员"})
	})
	w.handle("POST", "/admin/staff", access.AccountManage, func(rw http.ResponseWriter, r *http.Request) {
		in := account.StaffInput{Username: r.PostFormValue("username"), Name: r.PostFormValue("name"),
			Phone: r.PostFormValue("phone"), Password: r.PostFormValue("password")}
		acc, err := svc.CreateStaff(r.Context(), httpx.Principal(r.Context()), in)
		if err != nil {
			p := &Page{Title: "新建工作人员", Form: map[string]string{"username": in.Username, "name": in.Name, "phone": in.Phone}}
			w.render(rw, r, acctFormError(p, "", err), "staff_new", p)
			return
		}
		acctRedirect(rw, r, acc.ID, "工作人员账号已创建，请授予角色")
	})
	w.handle("GET", "/admin/accounts/{id}", access.AccountView, func(rw http.ResponseWriter, r *http.Request) {
		id, err := acctPathID(r)
		if err != nil {
			w.Error(rw, r, err)
			return
		}
		w.accountDetail(rw, r, svc, id, http.StatusOK, &Page{}, nil)
	})
	w.handle("POST", "/admin/accounts/{id}/status", access.AccountManage, w.accountAction(svc, "status", []string{"reason"},
		func(r *http.Request, p *access.Principal, id int64) (string, error) {
			status := r.PostFormValue("status")
			_, err := svc.SetStatus(r.Context(), p, id, acctVersion(r), status, r.PostFormValue("reason"))
			if status == account.StatusDisabled {
				return "账号已停用，其登录会话已全部结束", err
			}
			return "账号已启用", err
		}))
	w.handle("POST", "/admin/accounts/{id}/unlock", access.AccountManage, w.accountAction(svc, "unlock", nil,
		func(r *http.Request, p *access.Principal, id int64) (string, error) {
			_, err := svc.Unlock(r.Context(), p, id, acctVersion(r))
			return "登录锁定已解除", err
		}))
	w.handle("POST", "/admin/accounts/{id}/password", access.AccountManage, w.accountAction(svc, "password", nil,
		func(r *http.Request, p *access.Principal, id int64) (string, error) {
			_, err := svc.ResetPassword(r.Context(), p, id, acctVersion(r), r.PostFormValue("password"))
			return "密码已重置，该账号下次登录须修改密码", err
		}))
	w.handle("POST", "/admin/accounts/{id}/roles", access.RoleGrant, w.accountAction(svc, "grant", []string{"role", "region", "dept_id", "hall_id"},
		func(r *http.Request, p *access.Principal, id int64) (string, error) {
			g := access.Grant{Role: access.Role(r.PostFormValue("role")), Region: strings.TrimSpace(r.PostFormValue("region"))}
			var err error
			if g.DeptID, err = acctOptionalID(r, "dept_id", "部门编号"); err != nil {
				return "", err
			}
			if g.HallID, err = acctOptionalID(r, "hall_id", "大厅编号"); err != nil {
				return "", err
			}
			_, err = svc.GrantRole(r.Context(), p, id, g)
			return "已授予角色：" + g.Role.Title(), err
		}))
	w.handle("POST", "/admin/accounts/{id}/roles/{grant}/revoke", access.RoleGrant, w.accountAction(svc, "revoke", nil,
		func(r *http.Request, p *access.Principal, id int64) (string, error) {
			grant, err := strconv.ParseInt(r.PathValue("grant"), 10, 64)
			if err != nil {
				return "", errs.E(errs.NotFound, "该账号没有此项授权")
			}
			return "角色已撤销", svc.RevokeRole(r.Context(), p, id, grant)
		}))
	w.handle("POST", "/admin/accounts/{id}/reveal", access.PIIReveal, func(rw http.ResponseWriter, r *http.Request) {
		w.reveal(rw, r, svc)
	})
	w.handle("GET", "/admin/security", access.SecPolicy, func(rw http.ResponseWriter, r *http.Request) {
		pol, version := svc.Policy(r.Context())
		form := acctPolicyForm(pol)
		form["version"] = strconv.Itoa(version)
		w.render(rw, r, http.StatusOK, "security", &Page{Title: "安全策略", Form: form, Data: acctSecurityPage})
	})
	w.handle("POST", "/admin/security", access.SecPolicy, func(rw http.ResponseWriter, r *http.Request) {
		pol, err := acctParsePolicy(r)
		if err == nil {
			err = svc.SetPolicy(r.Context(), httpx.Principal(r.Context()), pol, acctVersion(r))
		}
		if err != nil {
			form := map[string]string{"version": r.PostFormValue("version")}
			for name := range acctPolicyForm(account.DefaultPolicy) {
				form[name] = r.PostFormValue(name)
			}
			if errs.Is(err, errs.Conflict) {
				// Show what is in force now, so the admin can redo the change on top of it.
				cur, v := svc.Policy(r.Context())
				form = acctPolicyForm(cur)
				form["version"] = strconv.Itoa(v)
			}
			p := &Page{Title: "安全策略", Form: form, Data: acctSecurityPage}
			w.render(rw, r, acctFormError(p, "", err), "security", p)
			return
		}
		http.Redirect(rw, r, "/admin/security?flash="+urlQueryEscape("安全策略已保存，新策略立即生效"), http.StatusSeeOther)
	})
}

// accountAction runs one change submitted from an account's detail page.
// Success redirects back with a flash; failure shows the page again with
// the error at the top and beside the form that failed (its non-secret
// values refilled).
func (w *Web) accountAction(svc *account.Service, form string, keep []string,
	do func(r *http.Request, p *access.Principal, id int64) (string, error)) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		id, err := acctPathID(r)
		if err != nil {
			w.Error(rw, r, err)
			return
		}
		flash, err := do(r, httpx.Principal(r.Context()), id)
		if err != nil {
			p := &Page{Form: map[string]string{}}
			for _, k := range keep {
				p.Form[form+"."+k] = r.PostFormValue(k)
			}
			w.accountDetail(rw, r, svc, id, acctFormError(p, form, err), p, nil)
			return
		}
		acctRedirect(rw, r, id, flash)
	}
}

// reveal shows a personal-data field in full once, on the response itself:
// never in a redirect or a URL, so it stays out of history, logs and
// referrers. htmx requests get just the result fragment.
func (w *Web) reveal(rw http.ResponseWriter, r *http.Request, svc *account.Service) {
	id, err := acctPathID(r)
	if err != nil {
		w.Error(rw, r, err)
		return
	}
	field, reason := r.PostFormValue("field"), r.PostFormValue("reason")
	value, err := svc.Reveal(r.Context(), httpx.Principal(r.Context()), id, field, reason)
	htmx := r.Header.Get("HX-Request") == "true"
	p := &Page{Form: map[string]string{"reveal.field": field, "reveal.reason": reason}}
	var rv *acctRevealed
	if err == nil {
		rv = &acctRevealed{Label: acctRevealLabels[field], Value: value}
		p.Form["reveal.reason"] = "" // a new look needs a new reason
	}
	if htmx {
		// htmx swaps only 2xx responses, so an error travels as 200 with the
		// message inside the fragment.
		d := &accountDetail{Revealed: rv}
		if err != nil {
			d.RevealError = errs.MessageOf(err)
		}
		p.Data = d
		w.renderBlock(rw, r, "account_detail", "reveal-result", p)
		return
	}
	status := http.StatusOK
	if err != nil {
		status = acctFormError(p, "reveal", err)
	}
	w.accountDetail(rw, r, svc, id, status, p, rv)
}

// accountDetail renders an account's page with the forms the viewer may use.
func (w *Web) accountDetail(rw http.ResponseWriter, r *http.Request, svc *account.Service, id int64, status int, p *Page, rv *acctRevealed) {
	pr := httpx.Principal(r.Context())
	acc, err := svc.Get(r.Context(), pr, id)
	if err != nil {
		w.Error(rw, r, err)
		return
	}
	d := newAccountDetail(pr, acc)
	d.Revealed = rv
	p.Title, p.Data = translate(lang(r), "账号")+" "+acc.Username, d
	w.render(rw, r, status, "account_detail", p)
}

// renderBlock renders one named block of a page (an htmx swap target).
func (w *Web) renderBlock(rw http.ResponseWriter, r *http.Request, page, block string, p *Page) {
	w.fill(r, p)
	var buf bytes.Buffer
	if err := w.pages[page].ExecuteTemplate(&buf, block, p); err != nil {
		slog.ErrorContext(r.Context(), "render", "template", page, "block", block, "err", err)
		http.Error(rw, "页面渲染失败", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.Write(buf.Bytes())
}

// acctFormError puts err on the page (at the top, and beside its field under
// form's prefix when it names one) and returns the status to answer with.
func acctFormError(p *Page, form string, err error) int {
	p.Error = errs.MessageOf(err)
	if f := errs.FieldOf(err); f != "" {
		if form != "" {
			f = form + "." + f
		}
		p.Fields = map[string]string{f: p.Error}
	}
	return errs.Status(errs.CodeOf(err))
}

func acctRedirect(rw http.ResponseWriter, r *http.Request, id int64, flash string) {
	http.Redirect(rw, r, "/admin/accounts/"+strconv.FormatInt(id, 10)+"?flash="+urlQueryEscape(flash), http.StatusSeeOther)
}

func acctPathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "账号不存在")
	}
	return id, nil
}

// acctVersion is the version the form was rendered with. A missing or
// garbled one becomes 0, which no record has, so the service reports a
// conflict rather than overwriting blindly.
func acctVersion(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return v
}

func acctOptionalID(r *http.Request, field, what string) (int64, error) {
	s := strings.TrimSpace(r.PostFormValue(field))
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		return 0, errs.Field(field, "%s应为数字，不限则留空", what)
	}
	return id, nil
}
