package account

import (
	"context"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// GrantRole gives a staff account a role within a scope. The rules of
// 三权分立: only secadmin grants the administrator roles; an administrator
// account holds exactly one role; nobody grants to themselves; the granter's
// own scope must cover the grant's.
func (s *Service) GrantRole(ctx context.Context, p *access.Principal, accountID int64, g access.Grant) (access.Grant, error) {
	if !g.Role.Staff() {
		return access.Grant{}, errs.Field("role", "角色无效；申请人角色无需授予")
	}
	if _, err := validate.RegionCode("region", g.Region); err != nil {
		return access.Grant{}, err
	}
	if err := s.mayGrant(p, accountID, g); err != nil {
		return access.Grant{}, err
	}
	r, err := s.load(ctx, accountID)
	if err != nil {
		return access.Grant{}, err
	}
	if r.Kind != KindStaff {
		return access.Grant{}, errs.E(errs.Invalid, "只能给工作人员账号授予角色")
	}
	held, err := s.store.Grants(ctx, accountID)
	if err != nil {
		return access.Grant{}, err
	}
	for _, h := range held {
		if h.Role.IsAdmin() != g.Role.IsAdmin() || (h.Role.IsAdmin() && h.Role != g.Role) {
			return access.Grant{}, errs.E(errs.Conflict, "三权分立：系统管理员、安全管理员、审计管理员须由不同人员担任，且不兼任业务角色（该账号已有角色：%s）", h.Role.Title())
		}
	}
	if s.dir != nil {
		if err := s.dir.CheckScope(ctx, g.Region, g.DeptID, g.HallID); err != nil {
			return access.Grant{}, err
		}
	}
	ev := audit.New(ctx, "role.grant", "account", idString(accountID), nil, grantSnapshot(g), "")
	id, err := s.store.AddGrant(ctx, accountID, g, p.AccountID, ev)
	if errs.Is(err, errs.Conflict) {
		return access.Grant{}, errs.Wrap(err, errs.Conflict, "该账号在此范围内已有该角色")
	}
	if err != nil {
		return access.Grant{}, err
	}
	g.ID = id
	return g, nil
}

// RevokeRole removes a grant, under the same rules as granting it.
func (s *Service) RevokeRole(ctx context.Context, p *access.Principal, accountID, grantID int64) error {
	held, err := s.store.Grants(ctx, accountID)
	if err != nil {
		return err
	}
	for _, g := range held {
		if g.ID != grantID {
			continue
		}
		if err := s.mayGrant(p, accountID, g); err != nil {
			return err
		}
		ev := audit.New(ctx, "role.revoke", "account", idString(accountID), grantSnapshot(g), nil, "")
		if err := s.store.RemoveGrant(ctx, accountID, grantID, ev); err != nil {
			return err
		}
		// Sessions carry no roles (they are read per request), so the
		// revocation takes effect on the next request.
		return nil
	}
	return errs.E(errs.NotFound, "该账号没有此项授权")
}

func (s *Service) mayGrant(p *access.Principal, accountID int64, g access.Grant) error {
	if p == nil {
		return errs.E(errs.Unauthorized, "请先登录")
	}
	if p.AccountID == accountID {
		return errs.E(errs.Forbidden, "不能给自己授予或撤销角色")
	}
	need := access.RoleGrant
	if g.Role.IsAdmin() {
		need = access.RoleGrantAll
	}
	if !p.Has(need) {
		if g.Role.IsAdmin() {
			return errs.E(errs.Forbidden, "只有安全管理员可以授予或撤销管理员角色")
		}
		return errs.E(errs.Forbidden, "无权授予或撤销角色")
	}
	if !p.Can(need, access.Scope{Region: g.Region}) {
		return errs.E(errs.Forbidden, "授权范围超出您的管辖区域")
	}
	return nil
}

// grantSnapshot is a grant as the audit log records it: by its scope, which
// identifies it (one role per account and scope), not by its row id.
func grantSnapshot(g access.Grant) map[string]any {
	return map[string]any{"role": g.Role, "region": g.Region, "dept_id": g.DeptID, "hall_id": g.HallID}
}
