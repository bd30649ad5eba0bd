// Package httpxtest serves routes the way the app mounts them — each behind
// httpx.Guard — with a stand-in for login: the request names its principal
// in the X-Test-As header. Tests of pages and of the API then exercise the
// real permission checks without sessions, cookies or passwords. Only tests
// import it.
package httpxtest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/httpx"
)

const (
	// Header names the test principal a request acts as.
	Header = "X-Test-As"
	// CSRF is the session's CSRF token; pages render it into their forms.
	// The check itself belongs to httpx.Authenticate, which Serve leaves
	// out, so posting it is optional.
	CSRF = "x"
	// IP is the client address the audit actor records.
	IP = "192.0.2.1"
)

// Serve starts a server with every route behind its guard and fail as the
// error renderer. A request whose Header names a key of principals acts as
// that principal (session, token and audit actor set as httpx.Authenticate
// would); any other request is anonymous. The server closes with the test.
func Serve(t testing.TB, routes []httpx.Route, fail httpx.Fail, principals map[string]*access.Principal) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for _, r := range routes {
		mux.Handle(r.Method+" "+r.Pattern, httpx.Guard(r.Perm, fail, r.Handler))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := principals[r.Header.Get(Header)]; p != nil {
			ctx := httpx.WithSession(r.Context(), p, &account.Session{AccountID: p.AccountID, CSRF: CSRF}, "tok")
			r = r.WithContext(audit.WithActor(ctx, audit.Actor{ID: p.AccountID, Name: p.Username, IP: IP}))
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// NewRequest builds a request to srv acting as the principal named as ("" is
// anonymous); contentType is set when not empty.
func NewRequest(t testing.TB, srv *httptest.Server, as, method, path string, body io.Reader, contentType string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if as != "" {
		req.Header.Set(Header, as)
	}
	return req
}

// Do sends req without following redirects, so that a test sees the 303
// and its Location, and returns the response with its body read.
func Do(t testing.TB, srv *httptest.Server, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	c := *srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// Person returns an applicant's account (a citizen acting for themselves).
func Person(id int64, name string) *access.Principal {
	return &access.Principal{AccountID: id, Username: name, Kind: "person", Grants: []access.Grant{{Role: access.Applicant}}}
}

// Staff returns a staff account holding role over region.
func Staff(id int64, name string, role access.Role, region string) *access.Principal {
	return &access.Principal{AccountID: id, Username: name, Kind: "staff", Grants: []access.Grant{{Role: role, Region: region}}}
}
