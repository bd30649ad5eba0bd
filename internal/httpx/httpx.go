// Package httpx holds what the HTML pages and the JSON API share: the
// request's principal and session, the route table with the permission
// every route declares, the guard that enforces it, RFC 9457 problem
// details, and the client address. Handlers stay thin: parse, call one
// service method, render.
package httpx

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
)

type ctxKey int

const (
	principalKey ctxKey = iota
	sessionKey
	tokenKey
)

// WithSession returns ctx carrying the authenticated principal, its session and raw token.
func WithSession(ctx context.Context, p *access.Principal, s *account.Session, token string) context.Context {
	ctx = context.WithValue(ctx, principalKey, p)
	ctx = context.WithValue(ctx, sessionKey, s)
	return context.WithValue(ctx, tokenKey, token)
}

// Principal returns the acting principal, nil when anonymous.
func Principal(ctx context.Context) *access.Principal {
	p, _ := ctx.Value(principalKey).(*access.Principal)
	return p
}

// Session returns the session, nil when anonymous.
func Session(ctx context.Context) *account.Session {
	s, _ := ctx.Value(sessionKey).(*account.Session)
	return s
}

// Token returns the raw session token of the request, "" when anonymous.
func Token(ctx context.Context) string {
	s, _ := ctx.Value(tokenKey).(string)
	return s
}

// IsAPI reports whether the path belongs to a machine interface (JSON errors, no redirects).
func IsAPI(r *http.Request) bool {
	p := r.URL.Path
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/open311/")
}

// ClientIP returns the client address. X-Forwarded-For is believed only
// when the direct peer is a trusted proxy (loopback by default), so that a
// client cannot forge the address the audit log records.
func ClientIP(r *http.Request, trusted func(net.IP) bool) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer := net.ParseIP(host)
	if peer != nil && trusted != nil && trusted(peer) {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); ip != nil {
				return ip.String()
			}
		}
	}
	if peer == nil {
		return host
	}
	return peer.String()
}

// Route is one route with the permission it requires.
type Route struct {
	Method  string
	Pattern string // ServeMux pattern path, e.g. /api/v1/accounts/{id}
	Perm    access.Permission
	Handler http.Handler
}
