package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/httpx"
)

type loginIn struct {
	UserAgent string `header:"User-Agent"`
	Body      struct {
		Username string `json:"username" maxLength:"64"`
		Password string `json:"password" maxLength:"128"`
	}
}

type loginOut struct {
	Body struct {
		Token     string          `json:"token" doc:"Bearer 令牌；空闲 30 分钟或超过最长有效期后失效"`
		ExpiresAt string          `json:"expires_at"`
		User      account.Account `json:"user"`
	}
}

type empty struct{}

type meOut struct{ Body account.Account }

type passwordIn struct {
	Body struct {
		OldPassword string `json:"old_password" maxLength:"128"`
		Password    string `json:"password" maxLength:"128"`
	}
}

// AddSession registers login, logout, the current account and password change.
func (a *API) AddSession(svc *account.Service) {
	register(a, access.Public, huma.Operation{
		OperationID: "login", Method: http.MethodPost, Path: "/api/v1/session", Tags: []string{"会话"},
		Summary: "登录，获取令牌",
	}, func(ctx context.Context, in *loginIn) (*loginOut, error) {
		token, sess, acc, err := svc.Login(ctx, account.LoginInput{
			Username: in.Body.Username, Password: in.Body.Password, Kind: account.SessionAPI,
			IP: audit.ActorFrom(ctx).IP, UserAgent: in.UserAgent,
		})
		if err != nil {
			return nil, err
		}
		out := &loginOut{}
		out.Body.Token, out.Body.User = token, acc
		out.Body.ExpiresAt = sess.ExpiresAt.Format("2006-01-02T15:04:05Z07:00")
		return out, nil
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "logout", Method: http.MethodDelete, Path: "/api/v1/session", Tags: []string{"会话"},
		Summary: "退出登录（令牌立即失效）", DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, _ *empty) (*empty, error) {
		return nil, svc.Logout(ctx, httpx.Token(ctx))
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "me", Method: http.MethodGet, Path: "/api/v1/me", Tags: []string{"会话"},
		Summary: "当前账号",
	}, func(ctx context.Context, _ *empty) (*meOut, error) {
		p := principal(ctx)
		acc, err := svc.Get(ctx, p, p.AccountID)
		return &meOut{Body: acc}, err
	})
	register(a, access.AccountSelf, huma.Operation{
		OperationID: "change-password", Method: http.MethodPost, Path: "/api/v1/me/password", Tags: []string{"会话"},
		Summary: "修改本人密码", DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *passwordIn) (*empty, error) {
		return nil, svc.ChangePassword(ctx, principal(ctx), in.Body.OldPassword, in.Body.Password)
	})
}
