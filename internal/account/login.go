package account

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// Session kinds.
const (
	SessionWeb = "web"
	SessionAPI = "api"
)

// LoginInput is a login attempt.
type LoginInput struct {
	Username  string
	Password  string
	Kind      string // web or api
	IP        string
	UserAgent string
}

var errBadCredentials = errs.E(errs.Unauthorized, "用户名或密码错误")

// Login checks credentials under the lockout policy and opens a session.
// It returns the session token (shown once, stored only as a hash) and the
// CSRF token of the session.
func (s *Service) Login(ctx context.Context, in LoginInput) (token string, sess *Session, a Account, err error) {
	username := strings.ToLower(strings.TrimSpace(in.Username))
	if username == "" || in.Password == "" || len(username) > 64 || len(in.Password) > 128 {
		return "", nil, Account{}, errs.E(errs.Unauthorized, "请输入用户名和密码")
	}
	ctx = audit.WithActor(ctx, audit.Actor{Name: username, IP: in.IP})
	pol, _ := s.Policy(ctx)
	r, err := s.store.AccountByUsername(ctx, username)
	if errs.Is(err, errs.NotFound) {
		CheckPassword(dummyHash, in.Password) // same cost as a real check
		return "", nil, Account{}, errBadCredentials
	}
	if err != nil {
		return "", nil, Account{}, err
	}
	ctx = audit.WithActor(ctx, audit.Actor{ID: r.ID, Name: r.Username, IP: in.IP})
	now := s.now()
	if r.LockedUntil.After(now) {
		mins := int(r.LockedUntil.Sub(now).Minutes()) + 1
		return "", nil, Account{}, errs.E(errs.Locked, "登录失败次数过多，账号已锁定，请 %d 分钟后再试或联系系统管理员解锁", mins)
	}
	if !CheckPassword(r.PasswordHash, in.Password) {
		ev := audit.New(ctx, "session.login_failed", "account", idString(r.ID), nil, nil, "密码错误")
		lockFor := time.Duration(pol.LockMinutes) * time.Minute
		locked, err := s.store.LoginFailed(ctx, r.ID, now, pol.MaxFailures, lockFor, ev)
		if err != nil {
			return "", nil, Account{}, err
		}
		if locked {
			return "", nil, Account{}, errs.E(errs.Locked, "连续 %d 次登录失败，账号已锁定 %d 分钟", pol.MaxFailures, pol.LockMinutes)
		}
		return "", nil, Account{}, errBadCredentials
	}
	if r.Status != StatusActive {
		return "", nil, Account{}, errs.E(errs.Forbidden, "账号已停用，请联系系统管理员")
	}
	kind := in.Kind
	if kind != SessionAPI {
		kind = SessionWeb
	}
	token, hash := newToken()
	csrf, _ := newToken()
	sess = &Session{
		TokenHash: hash, AccountID: r.ID, Kind: kind, CSRF: csrf,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Duration(pol.SessionHours) * time.Hour),
		IP: in.IP, UserAgent: truncate(in.UserAgent, 200),
	}
	if p, err := s.principal(ctx, r); err == nil {
		if roles := p.Roles(); len(roles) > 0 {
			ctx = audit.WithActor(ctx, audit.Actor{ID: r.ID, Name: r.Username, Role: string(roles[0]), IP: in.IP})
		}
	}
	ev := audit.New(ctx, "session.login", "account", idString(r.ID), nil, map[string]any{"kind": kind}, "")
	if err := s.store.LoginSucceeded(ctx, sess, ev); err != nil {
		return "", nil, Account{}, err
	}
	r.LastLoginAt, r.FailedCount = now, 0
	a, err = s.view(ctx, r)
	return token, sess, a, err
}

// Authenticate resolves a session token into the acting principal. Idle or
// expired sessions end here; activity is recorded at most once a minute.
func (s *Service) Authenticate(ctx context.Context, token string) (*access.Principal, *Session, error) {
	if token == "" || len(token) > 100 {
		return nil, nil, errs.E(errs.Unauthorized, "请先登录")
	}
	hash := HashToken(token)
	sess, err := s.store.Session(ctx, hash)
	if errs.Is(err, errs.NotFound) {
		return nil, nil, errs.E(errs.Unauthorized, "登录已失效，请重新登录")
	}
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	pol, _ := s.Policy(ctx)
	idle := time.Duration(pol.IdleMinutes) * time.Minute
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > idle {
		s.store.DeleteSession(ctx, hash)
		return nil, nil, errs.E(errs.Unauthorized, "长时间未操作，登录已超时，请重新登录")
	}
	r, err := s.store.Account(ctx, sess.AccountID)
	if err != nil {
		return nil, nil, err
	}
	if r.Status != StatusActive {
		s.store.DeleteSession(ctx, hash)
		return nil, nil, errs.E(errs.Unauthorized, "账号已停用")
	}
	p, err := s.principal(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.store.TouchSession(ctx, hash, now); err != nil {
			return nil, nil, err
		}
		sess.LastSeenAt = now
	}
	return p, sess, nil
}

// principal builds the acting principal of an account.
func (s *Service) principal(ctx context.Context, r *Record) (*access.Principal, error) {
	p := &access.Principal{AccountID: r.ID, Username: r.Username, Kind: r.Kind, MustChange: r.MustChange}
	if pol, _ := s.Policy(ctx); pol.PasswordMaxAge > 0 && s.now().Sub(r.PasswordAt) > time.Duration(pol.PasswordMaxAge)*24*time.Hour {
		p.MustChange = true
	}
	if r.Kind != KindStaff {
		p.Grants = []access.Grant{{Role: access.Applicant}}
		return p, nil
	}
	g, err := s.store.Grants(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	p.Grants = g
	return p, nil
}

// CheckCSRF compares a submitted CSRF token with the session's in constant time.
func CheckCSRF(sess *Session, submitted string) bool {
	return sess != nil && submitted != "" && subtle.ConstantTimeCompare([]byte(sess.CSRF), []byte(submitted)) == 1
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, token string) error {
	hash := HashToken(token)
	sess, err := s.store.Session(ctx, hash)
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	ev := audit.New(ctx, "session.logout", "account", idString(sess.AccountID), nil, nil, "")
	return s.store.DeleteSession(ctx, hash, ev)
}

// PurgeSessions deletes expired and idle sessions (a periodic job).
func (s *Service) PurgeSessions(ctx context.Context) (int64, error) {
	pol, _ := s.Policy(ctx)
	now := s.now()
	return s.store.PurgeSessions(ctx, now, now.Add(-time.Duration(pol.IdleMinutes)*time.Minute))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return fmt.Sprintf("%.*s", n, s)
}
