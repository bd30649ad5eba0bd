package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// SessionCookie is the name of the web session cookie.
const SessionCookie = "ow_session"

// CSRFHeader carries the CSRF token on htmx and fetch requests; forms use
// the csrf_token field.
const CSRFHeader = "X-CSRF-Token"

// Authenticator resolves a session token (account.Service implements it).
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (*access.Principal, *account.Session, error)
}

// Fail renders an error in the form the request expects (page or problem).
type Fail func(w http.ResponseWriter, r *http.Request, err error)

// SecurityHeaders sets the headers every response carries: a CSP that
// allows no inline script and no other origin, no framing, no sniffing.
func SecurityHeaders(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if IsHTTPS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// IsHTTPS reports whether the client reached us over TLS (directly or via
// a proxy that says so).
func IsHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// Recover turns a panic into a 500 and logs the stack.
func Recover(fail Fail, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.ErrorContext(r.Context(), "panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				fail(w, r, errs.E(errs.Internal, "内部错误"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Authenticate resolves the bearer token or the session cookie. A bad
// bearer token is refused at once; a stale cookie is cleared and the
// request goes on anonymously, so the login page can say why.
// Cookie-authenticated unsafe requests must carry the session's CSRF token.
func Authenticate(auth Authenticator, trusted func(net.IP) bool, fail Fail, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		ip := ClientIP(r, trusted)
		ctx = audit.WithActor(ctx, audit.Actor{Name: "anonymous", IP: ip})
		ctx = context.WithValue(ctx, baseKey{}, BaseOf(r))
		fromCookie := false
		token := ""
		if h := r.Header.Get("Authorization"); h != "" {
			t, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				fail(w, r, errs.E(errs.Unauthorized, "Authorization 头应为 Bearer 令牌"))
				return
			}
			token = strings.TrimSpace(t)
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			token, fromCookie = c.Value, true
		}
		if token != "" {
			p, sess, err := auth.Authenticate(ctx, token)
			switch {
			case err == nil:
				ctx = WithSession(ctx, p, sess, token)
				role := ""
				if rs := p.Roles(); len(rs) > 0 {
					role = string(rs[0])
				}
				ctx = audit.WithActor(ctx, audit.Actor{ID: p.AccountID, Name: p.Username, Role: role, IP: ip})
			case !fromCookie || !errs.Is(err, errs.Unauthorized):
				fail(w, r, err)
				return
			default:
				ClearSessionCookie(w, r)
				ctx = context.WithValue(ctx, expiredKey{}, errs.MessageOf(err))
			}
		}
		if fromCookie && Session(ctx) != nil && !safeMethod(r.Method) {
			submitted := r.Header.Get(CSRFHeader)
			if submitted == "" && isForm(r) {
				if err := parseForm(r); err != nil {
					var tooBig *http.MaxBytesError
					if errors.As(err, &tooBig) {
						fail(w, r, errs.E(errs.TooLarge, "提交的内容超过 %d MB 上限，请减少或压缩上传的文件后重试", tooBig.Limit>>20))
						return
					}
				}
				submitted = r.PostFormValue("csrf_token")
			}
			if !account.CheckCSRF(Session(ctx), submitted) {
				fail(w, r, errs.E(errs.Forbidden, "缺少或无效的 CSRF 令牌：请刷新页面后重试"))
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type expiredKey struct{}

type baseKey struct{}

// BaseOf is the absolute root the client used: scheme and host
// ("https://zwfw.example.gov.cn"), for links printed in QR codes.
func BaseOf(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// BaseURL returns the request's absolute root (see BaseOf), or "" outside a request.
func BaseURL(ctx context.Context) string {
	s, _ := ctx.Value(baseKey{}).(string)
	return s
}

// ExpiredMessage says why a cookie session was dropped on this request, or "".
func ExpiredMessage(ctx context.Context) string {
	s, _ := ctx.Value(expiredKey{}).(string)
	return s
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// parseForm reads a posted form (multipart bodies keep up to 32 MB in
// memory, the rest in temporary files) and reports why it could not.
func parseForm(r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.ParseMultipartForm(32 << 20)
	}
	return r.ParseForm()
}

func isForm(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "multipart/form-data")
}

// SetSessionCookie sets the web session cookie: HttpOnly, SameSite=Lax,
// Secure behind TLS. It lives no longer than the session's absolute limit.
func SetSessionCookie(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: IsHTTPS(r),
		SameSite: http.SameSiteLaxMode, Expires: expires,
	})
}

// ClearSessionCookie removes the web session cookie.
func ClearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: IsHTTPS(r),
		SameSite: http.SameSiteLaxMode, MaxAge: -1,
	})
}

// Guard enforces a route's permission: anonymous → 401 (or the login page),
// lacking the permission → 403. The audit actor's role becomes the role the
// permission is exercised under.
func Guard(perm access.Permission, fail Fail, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if perm == access.Public {
			h.ServeHTTP(w, r)
			return
		}
		p := Principal(r.Context())
		if p == nil {
			msg := "请先登录"
			if m := ExpiredMessage(r.Context()); m != "" {
				msg = m
			}
			fail(w, r, errs.E(errs.Unauthorized, "%s", msg))
			return
		}
		if !p.Has(perm) {
			fail(w, r, errs.E(errs.Forbidden, "您的角色无权访问此功能"))
			return
		}
		if p.MustChange && perm != access.Authenticated && perm != access.AccountSelf {
			if !IsAPI(r) && r.Method == http.MethodGet {
				http.Redirect(w, r, "/account?flash="+url.QueryEscape("请先修改初始密码或已过期的密码"), http.StatusSeeOther)
				return
			}
			fail(w, r, errs.E(errs.Forbidden, "请先修改初始密码或已过期的密码，再使用其他功能"))
			return
		}
		if role := p.RoleFor(perm); role != "" {
			a := audit.ActorFrom(r.Context())
			a.Role = string(role)
			r = r.WithContext(audit.WithActor(r.Context(), a))
		}
		h.ServeHTTP(w, r)
	})
}
