package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
)

type registerIn struct{ Body account.RegisterInput }

type accountOut struct{ Body account.Account }

type accountsOut struct {
	Body struct {
		Items      []account.Account `json:"items"`
		NextCursor string            `json:"next_cursor,omitempty" doc:"传入 cursor 获取下一页；为空表示没有更多"`
	}
}

type listAccountsIn struct {
	Kind   string `query:"kind" enum:"person,org,staff," doc:"账号类型"`
	Q      string `query:"q" maxLength:"50" doc:"用户名或姓名前缀"`
	Region string `query:"region" maxLength:"12" doc:"持有该区域内授权的工作人员"`
	Cursor int64  `query:"cursor" minimum:"0"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200"`
}

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type staffIn struct{ Body account.StaffInput }

type statusIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Status  string `json:"status" enum:"active,disabled"`
		Reason  string `json:"reason,omitempty" maxLength:"200"`
		Version int    `json:"version" minimum:"1" doc:"读取时的版本号（乐观锁）"`
	}
}

type versionIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1"`
	}
}

type resetIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Password string `json:"password" maxLength:"128" doc:"临时密码，下次登录须修改"`
		Version  int    `json:"version" minimum:"1"`
	}
}

type grantIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Role   access.Role `json:"role" enum:"agent,clerk,reviewer,approver,hall_manager,supervisor,hotline_agent,dispatcher,sysadmin,secadmin,auditor"`
		Region string      `json:"region" maxLength:"12"`
		DeptID int64       `json:"dept_id,omitempty" minimum:"0"`
		HallID int64       `json:"hall_id,omitempty" minimum:"0"`
	}
}

type grantOut struct{ Body access.Grant }

type revokeIn struct {
	ID      int64 `path:"id" minimum:"1"`
	GrantID int64 `path:"grant" minimum:"1"`
}

type revealIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Field  string `json:"field" enum:"id_number,phone"`
		Reason string `json:"reason" maxLength:"200" doc:"查看事由，记入审计日志"`
	}
}

type revealOut struct {
	Body struct {
		Field string `json:"field"`
		Value string `json:"value"`
	}
}

type policyOut struct {
	Body struct {
		account.Policy
		Version int `json:"version"`
	}
}

type policyIn struct {
	Body struct {
		account.Policy
		Version int `json:"version" minimum:"0"`
	}
}

// AddAccounts registers registration, account administration, role grants,
// personal-data reveal and the security policy.
func (a *API) AddAccounts(svc *account.Service) {
	tags := []string{"账号与角色"}
	register(a, access.Public, huma.Operation{
		OperationID: "register", Method: http.MethodPost, Path: "/api/v1/accounts", Tags: tags,
		Summary: "申请人注册（自然人或法人）", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *registerIn) (*accountOut, error) {
		acc, err := svc.Register(ctx, in.Body)
		return &accountOut{Body: acc}, err
	})
	register(a, access.AccountView, huma.Operation{
		OperationID: "list-accounts", Method: http.MethodGet, Path: "/api/v1/accounts", Tags: tags,
		Summary: "账号列表（个人信息已脱敏）",
	}, func(ctx context.Context, in *listAccountsIn) (*accountsOut, error) {
		limit := in.Limit
		if limit == 0 {
			limit = 50
		}
		items, err := svc.List(ctx, principal(ctx), account.ListFilter{Kind: in.Kind, Query: in.Q, Region: in.Region, After: in.Cursor, Limit: limit})
		if err != nil {
			return nil, err
		}
		out := &accountsOut{}
		out.Body.Items = items
		if len(items) == limit {
			out.Body.NextCursor = strconv.FormatInt(items[len(items)-1].ID, 10)
		}
		return out, nil
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "get-account", Method: http.MethodGet, Path: "/api/v1/accounts/{id}", Tags: tags,
		Summary: "查看账号（本人，或有账号查看权限的角色）",
	}, func(ctx context.Context, in *idIn) (*accountOut, error) {
		acc, err := svc.Get(ctx, principal(ctx), in.ID)
		return &accountOut{Body: acc}, err
	})
	register(a, access.AccountManage, huma.Operation{
		OperationID: "create-staff", Method: http.MethodPost, Path: "/api/v1/staff", Tags: tags,
		Summary: "创建工作人员账号（系统管理员）", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *staffIn) (*accountOut, error) {
		acc, err := svc.CreateStaff(ctx, principal(ctx), in.Body)
		return &accountOut{Body: acc}, err
	})
	register(a, access.AccountManage, huma.Operation{
		OperationID: "set-account-status", Method: http.MethodPost, Path: "/api/v1/accounts/{id}/status", Tags: tags,
		Summary: "启用或停用账号（停用时须说明原因）",
	}, func(ctx context.Context, in *statusIn) (*accountOut, error) {
		acc, err := svc.SetStatus(ctx, principal(ctx), in.ID, in.Body.Version, in.Body.Status, in.Body.Reason)
		return &accountOut{Body: acc}, err
	})
	register(a, access.AccountManage, huma.Operation{
		OperationID: "unlock-account", Method: http.MethodPost, Path: "/api/v1/accounts/{id}/unlock", Tags: tags,
		Summary: "解除登录锁定",
	}, func(ctx context.Context, in *versionIn) (*accountOut, error) {
		acc, err := svc.Unlock(ctx, principal(ctx), in.ID, in.Body.Version)
		return &accountOut{Body: acc}, err
	})
	register(a, access.AccountManage, huma.Operation{
		OperationID: "reset-password", Method: http.MethodPost, Path: "/api/v1/accounts/{id}/password", Tags: tags,
		Summary: "重置密码（下次登录须修改）",
	}, func(ctx context.Context, in *resetIn) (*accountOut, error) {
		acc, err := svc.ResetPassword(ctx, principal(ctx), in.ID, in.Body.Version, in.Body.Password)
		return &accountOut{Body: acc}, err
	})
	register(a, access.RoleGrant, huma.Operation{
		OperationID: "grant-role", Method: http.MethodPost, Path: "/api/v1/accounts/{id}/roles", Tags: tags,
		Summary: "授予角色（管理员角色仅安全管理员可授予）", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *grantIn) (*grantOut, error) {
		g, err := svc.GrantRole(ctx, principal(ctx), in.ID, access.Grant{Role: in.Body.Role, Region: in.Body.Region, DeptID: in.Body.DeptID, HallID: in.Body.HallID})
		return &grantOut{Body: g}, err
	})
	register(a, access.RoleGrant, huma.Operation{
		OperationID: "revoke-role", Method: http.MethodDelete, Path: "/api/v1/accounts/{id}/roles/{grant}", Tags: tags,
		Summary: "撤销角色", DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *revokeIn) (*empty, error) {
		return nil, svc.RevokeRole(ctx, principal(ctx), in.ID, in.GrantID)
	})
	register(a, access.PIIReveal, huma.Operation{
		OperationID: "reveal-pii", Method: http.MethodPost, Path: "/api/v1/accounts/{id}/reveal", Tags: tags,
		Summary: "查看完整身份证号或手机号（须说明事由，记入审计）",
	}, func(ctx context.Context, in *revealIn) (*revealOut, error) {
		v, err := svc.Reveal(ctx, principal(ctx), in.ID, in.Body.Field, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		out := &revealOut{}
		out.Body.Field, out.Body.Value = in.Body.Field, v
		return out, nil
	})
	register(a, access.SecPolicy, huma.Operation{
		OperationID: "get-security-policy", Method: http.MethodGet, Path: "/api/v1/security/policy", Tags: tags,
		Summary: "安全策略（密码、锁定、会话）",
	}, func(ctx context.Context, _ *empty) (*policyOut, error) {
		out := &policyOut{}
		out.Body.Policy, out.Body.Version = svc.Policy(ctx)
		return out, nil
	})
	register(a, access.SecPolicy, huma.Operation{
		OperationID: "set-security-policy", Method: http.MethodPut, Path: "/api/v1/security/policy", Tags: tags,
		Summary: "修改安全策略（安全管理员）",
	}, func(ctx context.Context, in *policyIn) (*policyOut, error) {
		if err := svc.SetPolicy(ctx, principal(ctx), in.Body.Policy, in.Body.Version); err != nil {
			return nil, err
		}
		out := &policyOut{}
		out.Body.Policy, out.Body.Version = svc.Policy(ctx)
		return out, nil
	})
}
