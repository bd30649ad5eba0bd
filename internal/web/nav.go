package web

import (
	"net/url"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
)

// navLinks are the sections, each shown to roles holding its permission.
var navLinks = []struct {
	Perm  access.Permission
	Href  string
	Label string
}{
	{access.Authenticated, "/", "首页"},
	{access.Public, "/items", "办事服务"},
	{access.Public, "/ratings/public", "好差评公示"},
	{access.CaseApply, "/cases", "我的办件"},
	{access.CaseView, "/cases", "办件"},
	{access.CaseAccept, "/window/intake", "窗口收件"},
	{access.HotlineTake, "/hotline", "12345 热线"},
	{access.HotlineHandle, "/hotline", "12345 热线"},
	{access.Supervise, "/hotline", "12345 热线"},
	{access.Rectify, "/rectifications", "差评整改"},
	{access.Supervise, "/rectifications", "差评整改"},
	{access.CaseApply, "/messages", "消息"},
	{access.CaseView, "/messages", "消息"},
	{access.StatsView, "/supervision", "效能监督"},
	{access.StatsView, "/rank/schemes", "排名晾晒"},
	{access.Supervise, "/notices", "督办"},
	{access.Rectify, "/notices", "督办"},
	{access.CatalogView, "/admin/items", "事项管理"},
	{access.StructureView, "/knowledge", "知识库"},
	{access.AccountView, "/admin/accounts", "账号与角色"},
	{access.StructureView, "/admin/regions", "组织架构"},
	{access.StructureView, "/calendar", "工作日历"},
	{access.SecPolicy, "/admin/security", "安全策略"},
	{access.AuditRead, "/audit", "审计日志"},
	{access.AccountSelf, "/account", "我的账号"},
}

func nav(p *access.Principal, current, lang string) []NavItem {
	var out []NavItem
	seen := map[string]bool{}
	for _, l := range navLinks {
		if !p.Has(l.Perm) || seen[l.Href] {
			continue
		}
		seen[l.Href] = true // one link per page, under the first label that applies
		active := current == l.Href || (l.Href != "/" && strings.HasPrefix(current, l.Href)) ||
			(l.Href == "/admin/regions" && isStructurePage(current))
		out = append(out, NavItem{Href: l.Href, Label: translate(lang, l.Label), Active: active})
	}
	return out
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// isStructurePage reports the record pages under 组织架构.
func isStructurePage(path string) bool {
	for _, p := range []string{"/admin/depts/", "/admin/halls/", "/admin/windows/"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
