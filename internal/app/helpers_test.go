package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// testApp is the whole application with the demo data, served by httptest.
type testApp struct {
	*app.App
	srv *httptest.Server
	t   testing.TB
}

func start(t testing.TB, e sqlstore.Engine) *testApp {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(context.Background(), app.Config{DataDir: t.TempDir(), DSN: sqltest.DSN(t, e), Demo: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() { srv.Close(); a.Close() })
	return &testApp{App: a, srv: srv, t: t}
}

// each runs fn on a fresh demo app per engine.
func each(t *testing.T, fn func(t *testing.T, ta *testApp)) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) { fn(t, start(t, e)) })
	}
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

func (r response) detail() string {
	var p struct {
		Detail string `json:"detail"`
	}
	json.Unmarshal(r.Body, &p)
	return p.Detail
}

// do sends a request with an optional bearer token and JSON (or raw string) body.
func (ta *testApp) do(method, path, token string, body any) response {
	ta.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, _ := json.Marshal(b)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, ta.srv.URL+path, rd)
	if err != nil {
		ta.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// login returns an API token for a demo user.
func (ta *testApp) login(user string) string {
	ta.t.Helper()
	r := ta.do("POST", "/api/v1/session", "", map[string]string{"username": user, "password": app.DemoPassword})
	if r.Status != 200 {
		ta.t.Fatalf("login %s: %d %s", user, r.Status, r.Body)
	}
	var out struct {
		Token string `json:"token"`
	}
	r.json(ta.t, &out)
	return out.Token
}
