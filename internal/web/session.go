package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
)

// AddSession registers the login, logout, registration, home, own-account
// and preference pages.
func (w *Web) AddSession(svc *account.Service) {
	w.passwordHint = func(r *http.Request, lang string) string {
		pol, _ := svc.Policy(r.Context())
		if lang == "en" {
			return fmt.Sprintf("At least %d characters with %d of: upper case, lower case, digits, symbols", pol.MinLength, pol.MinClasses)
		}
		return fmt.Sprintf("密码至少 %d 位，包含大写字母、小写字母、数字、符号中的至少 %d 类", pol.MinLength, pol.MinClasses)
	}
	w.handle("GET", "/login", access.Public, func(rw http.ResponseWriter, r *http.Request) {
		if httpx.Principal(r.Context()) != nil {
			http.Redirect(rw, r, "/", http.StatusSeeOther)
			return
		}
		w.render(rw, r, http.StatusOK, "login", &Page{Title: "登录", Form: map[string]string{"next": safeNext(r.URL.Query().Get("next"))}})
	})
	w.handle("POST", "/login", access.Public, func(rw http.ResponseWriter, r *http.Request) {
		username := r.PostFormValue("username")
		token, sess, _, err := svc.Login(r.Context(), account.LoginInput{
			Username: username, Password: r.PostFormValue("password"), Kind: account.SessionWeb,
			IP: audit.ActorFrom(r.Context()).IP, UserAgent: r.UserAgent(),
		})
		if err != nil {
			status := errs.Status(errs.CodeOf(err))
			w.render(rw, r, status, "login", &Page{Title: "登录", Error: errs.MessageOf(err),
				Form: map[string]string{"username": username, "next": safeNext(r.PostFormValue("next"))}})
			return
		}
		httpx.SetSessionCookie(rw, r, token, sess.ExpiresAt)
		http.Redirect(rw, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	})
	w.handle("POST", "/logout", access.Authenticated, func(rw http.ResponseWriter, r *http.Request) {
		if err := svc.Logout(r.Context(), httpx.Token(r.Context())); err != nil {
			w.Error(rw, r, err)
			return
		}
		httpx.ClearSessionCookie(rw, r)
		http.Redirect(rw, r, "/login?flash="+urlQueryEscape("已安全退出"), http.StatusSeeOther)
	})
	w.handle("GET", "/register", access.Public, func(rw http.ResponseWriter, r *http.Request) {
		kind := r.URL.Query().Get("kind")
		if kind != account.KindOrg {
			kind = account.KindPerson
		}
		w.render(rw, r, http.StatusOK, "register", &Page{Title: "注册", Form: map[string]string{"kind": kind}})
	})
	w.handle("POST", "/register", access.Public, func(rw http.ResponseWriter, r *http.Request) {
		in := account.RegisterInput{
			Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"), IDNumber: r.PostFormValue("id_number"),
			CreditCode: r.PostFormValue("credit_code"), LegalRep: r.PostFormValue("legal_rep"),
			Phone: r.PostFormValue("phone"), Username: r.PostFormValue("username"), Password: r.PostFormValue("password"),
		}
		if in.Kind != account.KindOrg {
			in.Kind = account.KindPerson
		}
		if _, err := svc.Register(r.Context(), in); err != nil {
			form := map[string]string{"kind": in.Kind, "name": in.Name, "id_number": in.IDNumber, "credit_code": in.CreditCode,
				"legal_rep": in.LegalRep, "phone": in.Phone, "username": in.Username}
			p := &Page{Title: "注册", Form: form, Error: errs.MessageOf(err)}
			if f := errs.FieldOf(err); f != "" {
				p.Fields = map[string]string{f: errs.MessageOf(err)}
			}
			w.render(rw, r, errs.Status(errs.CodeOf(err)), "register", p)
			return
		}
		http.Redirect(rw, r, "/login?flash="+urlQueryEscape("注册成功，请登录"), http.StatusSeeOther)
	})
	w.handle("GET", "/{$}", access.Public, func(rw http.ResponseWriter, r *http.Request) {
		p := httpx.Principal(r.Context())
		if p == nil {
			if httpx.ExpiredMessage(r.Context()) != "" {
				// A session just ended: the login page says why.
				w.Error(rw, r, errs.E(errs.Unauthorized, "请先登录"))
				return
			}
			// Anonymous visitors land in the public service hall (办事服务).
			http.Redirect(rw, r, "/items", http.StatusSeeOther)
			return
		}
		acc, err := svc.Get(r.Context(), p, p.AccountID)
		if err != nil {
			w.Error(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "home", &Page{Title: "首页", Data: homeData{
			DisplayName: acc.Name, MustChange: acc.MustChange, Roles: p.Roles(), Tiles: tiles(p, lang(r)),
		}})
	})
	w.handle("GET", "/account", access.AccountSelf, func(rw http.ResponseWriter, r *http.Request) {
		w.accountPage(rw, r, svc, http.StatusOK, &Page{})
	})
	w.handle("POST", "/account/password", access.AccountSelf, func(rw http.ResponseWriter, r *http.Request) {
		err := svc.ChangePassword(r.Context(), httpx.Principal(r.Context()), r.PostFormValue("old_password"), r.PostFormValue("password"))
		if err != nil {
			p := &Page{Error: errs.MessageOf(err)}
			if f := errs.FieldOf(err); f != "" {
				p.Fields = map[string]string{f: errs.MessageOf(err)}
			}
			w.accountPage(rw, r, svc, errs.Status(errs.CodeOf(err)), p)
			return
		}
		http.Redirect(rw, r, "/account?flash="+urlQueryEscape("密码已修改"), http.StatusSeeOther)
	})
	w.handle("GET", "/prefs", access.Public, func(rw http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		set := func(name, value string) {
			http.SetCookie(rw, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: httpx.IsHTTPS(r), SameSite: http.SameSiteLaxMode})
		}
		switch q.Get("elderly") {
		case "1":
			set("ow_elderly", "1")
		case "0":
			set("ow_elderly", "0")
		}
		switch q.Get("lang") {
		case "en":
			set("ow_lang", "en")
		case "zh":
			set("ow_lang", "zh")
		}
		http.Redirect(rw, r, safeNext(q.Get("next")), http.StatusSeeOther)
	})
}

func (w *Web) accountPage(rw http.ResponseWriter, r *http.Request, svc *account.Service, status int, p *Page) {
	pr := httpx.Principal(r.Context())
	acc, err := svc.Get(r.Context(), pr, pr.AccountID)
	if err != nil {
		w.Error(rw, r, err)
		return
	}
	p.Title, p.Data = "我的账号", acc
	w.render(rw, r, status, "account", p)
}

// safeNext keeps redirects on this site: only local absolute paths.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

type homeData struct {
	DisplayName string
	MustChange  bool
	Roles       []access.Role
	Tiles       []tile
}

type tile struct{ Href, Title, Text string }

// tiles are the home page's entries: only what the account can really do.
func tiles(p *access.Principal, lang string) []tile {
	all := []struct {
		perm              access.Permission
		href, title, text string
	}{
		{access.AccountView, "/admin/accounts", "账号与角色", "管理账号、授予角色"},
		{access.StructureView, "/admin/regions", "组织架构", "行政区划、部门、大厅与窗口"},
		{access.StructureView, "/calendar", "工作日历", "法定工作日、节假日与调休"},
		{access.SecPolicy, "/admin/security", "安全策略", "密码、锁定与会话策略"},
		{access.AuditRead, "/audit", "审计日志", "查询审计记录、校验链完整性"},
		{access.CatalogView, "/admin/items", "事项管理", "事项目录、草稿审核发布、导入导出"},
		{access.Authenticated, "/items", "办事服务", "搜索事项、查看办事指南"},
		{access.AccountSelf, "/account", "我的账号", "个人信息与密码"},
	}
	var out []tile
	for _, t := range all {
		if t.href == "/admin/accounts" && !p.Has(access.AccountManage) {
			// Window and hall staff may look accounts up but not manage them.
			t.text = "查询申请人和工作人员账号"
		}
		if p.Has(t.perm) {
			out = append(out, tile{Href: t.href, Title: translate(lang, t.title), Text: translate(lang, t.text)})
		}
	}
	return out
}
