package rating_test

import (
	"encoding/base64"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/rating"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// tokenEnv is the case fixture with a rating service and two token
// services: one with the server's key, one with another key.
type tokenEnv struct {
	*casestest.Env
	svc           *rating.Service
	tokens, other *rating.Tokens
}

func newTokenEnv(t *testing.T, db *sqlstore.DB) *tokenEnv {
	e := casestest.New(t, db, nil)
	svc := rating.NewService(sqlstore.NewRatingStore(db), e.Svc, e.Calendar.Calendar, e.Clock.Now)
	key, err := pii.NewRandom()
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := pii.NewRandom()
	if err != nil {
		t.Fatal(err)
	}
	store := sqlstore.NewRatingTokenStore(db)
	return &tokenEnv{Env: e, svc: svc, tokens: rating.NewTokens(svc, store, key), other: rating.NewTokens(svc, store, otherKey)}
}

// walkIn files a case at the prefecture hall's window for a walk-in applicant.
func (e *tokenEnv) walkIn(t *testing.T, seq int) cases.Case {
	in := casestest.SimpleInput(casestest.ParallelItem)
	in.OnBehalfOf = casestest.WalkIn("和建国", "533401", seq)
	return e.Submit(t, e.ClerkPref, in)
}

func (e *tokenEnv) issue(t *testing.T, p *access.Principal, c cases.Case) string {
	t.Helper()
	is, err := e.tokens.Issue(casestest.Ctx(p), p, c.Number)
	if err != nil {
		t.Fatalf("issue for %s as %s: %v", c.Number, p.Username, err)
	}
	return is.Token
}

// refused checks that err has code and that nothing was written.
func (e *tokenEnv) refused(t *testing.T, what string, err error, code errs.Code, before int64) {
	t.Helper()
	if !errs.Is(err, code) {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
	if e.Head(t) != before {
		t.Errorf("%s: the refused request wrote an audit event", what)
	}
}

func TestWindowRatingTokens(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newTokenEnv(t, db)
		anon := casestest.Ctx(&access.Principal{Username: "anonymous"})
		ratings := func(c cases.Case) int { return e.Count(t, "SELECT COUNT(*) FROM ratings WHERE case_id = ?", c.ID) }

		// Issuing: the front desk of the case's hall only, not for a draft.
		c := e.walkIn(t, 5)
		before := e.Head(t)
		_, err := e.tokens.Issue(casestest.Ctx(e.ClerkCity), e.ClerkCity, c.Number)
		e.refused(t, "a clerk of another hall", err, errs.NotFound, before)
		_, err = e.tokens.Issue(casestest.Ctx(e.Reviewer), e.Reviewer, c.Number)
		if !errs.Is(err, errs.NotFound) && !errs.Is(err, errs.Forbidden) {
			t.Errorf("a reviewer issuing: %v, want 403 or 404", err)
		}
		_, err = e.tokens.Issue(casestest.Ctx(e.HallManager), e.HallManager, c.Number)
		e.refused(t, "a hall manager (no case.accept)", err, errs.Forbidden, before)
		if n := e.Count(t, "SELECT COUNT(*) FROM rating_tokens"); n != 0 {
			t.Fatalf("%d tokens stored by refused issues", n)
		}
		tok := e.issue(t, e.ClerkPref, c)
		var staff, hall int64
		var issued, expires int64
		if err := db.QueryRow(t.Context(), "SELECT staff_id, hall_id, issued_at, expires_at FROM rating_tokens WHERE case_id = ?", c.ID).
			Scan(&staff, &hall, &issued, &expires); err != nil {
			t.Fatal(err)
		}
		if staff != e.ClerkPref.AccountID || hall != e.HallPref.ID || time.Duration(expires-issued)*time.Millisecond != 30*time.Minute {
			t.Errorf("token row staff %d hall %d valid %v", staff, hall, time.Duration(expires-issued)*time.Millisecond)
		}
		if strings.Contains(tok, c.Number) || strings.Count(tok, ".") != 1 {
			t.Errorf("token %q: want base64url payload and MAC", tok)
		}

		// What the page shows, the clerk's pending token and the tablet's.
		v, err := e.tokens.Open(anon, tok)
		if err != nil || v.CaseName == "" || v.HallName != e.HallPref.Name || v.DeptName == "" {
			t.Errorf("open: %+v %v", v, err)
		}
		if is, ok, err := e.tokens.Pending(casestest.Ctx(e.ClerkPref), e.ClerkPref, c); err != nil || !ok || is.Token != tok {
			t.Errorf("pending token %v %v, want the issued one", ok, err)
		}
		if nv, ok, err := e.tokens.Newest(casestest.Ctx(e.ClerkPref), e.ClerkPref); err != nil || !ok || nv.Token != tok {
			t.Errorf("tablet token %v %v, want the issued one", ok, err)
		}
		if _, ok, _ := e.tokens.Newest(casestest.Ctx(e.ClerkPref2), e.ClerkPref2); ok {
			t.Error("another clerk's tablet shows the token")
		}

		// Forged, altered, wrong key, unreadable: 4xx and nothing stored.
		payload, mac, _ := strings.Cut(tok, ".")
		raw, _ := base64.RawURLEncoding.DecodeString(payload)
		raw[len(raw)-1] ^= 1 // another case number
		altered := base64.RawURLEncoding.EncodeToString(raw) + "." + mac
		m, _ := base64.RawURLEncoding.DecodeString(mac)
		m[0] ^= 0x80
		forged := payload + "." + base64.RawURLEncoding.EncodeToString(m)
		good := rating.Input{Score: 5, Tags: []string{"服务态度好"}}
		before = e.Head(t)
		for _, tc := range []struct {
			name string
			svc  *rating.Tokens
			tok  string
			code errs.Code
		}{
			{"forged MAC", e.tokens, forged, errs.Forbidden},
			{"altered payload", e.tokens, altered, errs.Forbidden},
			{"another key", e.other, tok, errs.Forbidden},
			{"no MAC", e.tokens, payload, errs.Invalid},
			{"not base64", e.tokens, "!!!." + mac, errs.Invalid},
		} {
			_, err := tc.svc.Rate(anon, tc.tok, good)
			e.refused(t, tc.name, err, tc.code, before)
			if _, err := tc.svc.Open(anon, tc.tok); !errs.Is(err, tc.code) {
				t.Errorf("%s: open %v, want %s", tc.name, err, tc.code)
			}
		}
		// A bad rating is refused like RateCase's and leaves the token usable.
		for _, in := range []rating.Input{{Score: 0}, {Score: 5, Tags: []string{"服务态度差"}}, {Score: 1}} {
			_, err := e.tokens.Rate(anon, tok, in)
			e.refused(t, "bad input", err, errs.Invalid, before)
		}
		if ratings(c) != 0 {
			t.Fatal("a refused rating was stored")
		}

		// Rate once (named: the applicant is recorded), then replay: 409.
		r, err := e.tokens.Rate(anon, tok, rating.Input{Score: 5, Tags: []string{"服务态度好", "服务态度好"}, Comment: " 很耐心 "})
		if err != nil {
			t.Fatal(err)
		}
		if r.Channel != "window" || r.Round != 1 || !r.Named || r.HallID != e.HallPref.ID || len(r.Tags) != 1 || r.Comment != "很耐心" || r.Rectification != 0 {
			t.Errorf("window rating %+v", r)
		}
		var acct, rstaff int64
		var channel string
		if err := db.QueryRow(t.Context(), "SELECT account_id, staff_id, channel FROM ratings WHERE id = ?", r.ID).Scan(&acct, &rstaff, &channel); err != nil {
			t.Fatal(err)
		}
		if acct != c.ApplicantID || rstaff != e.ClerkPref.AccountID || channel != "window" {
			t.Errorf("stored account %d staff %d channel %s, want the applicant %d and the clerk %d", acct, rstaff, channel, c.ApplicantID, e.ClerkPref.AccountID)
		}
		if n := e.Count(t, "SELECT COUNT(*) FROM rating_tokens WHERE used_at <> 0 AND rating_id = ?", r.ID); n != 1 {
			t.Errorf("token not marked used by rating %d", r.ID)
		}
		before = e.Head(t)
		_, err = e.tokens.Rate(anon, tok, good)
		e.refused(t, "replay", err, errs.Conflict, before)
		if errs.MessageOf(err) != errs.MessageOf(rating.ErrTokenUsed) {
			t.Errorf("replay says %q", errs.MessageOf(err))
		}
		if _, ok, _ := e.tokens.Newest(casestest.Ctx(e.ClerkPref), e.ClerkPref); ok {
			t.Error("the tablet still shows a used token")
		}
		_, err = e.tokens.Issue(casestest.Ctx(e.ClerkPref), e.ClerkPref, c.Number)
		e.refused(t, "a token for a rated case", err, errs.Conflict, before)
		list, err := e.svc.Ratings(casestest.Ctx(e.Supervisor), e.Supervisor, c.Number)
		if err != nil || len(list) != 1 || list[0].Channel != "window" {
			t.Errorf("the case's ratings: %+v %v", list, err)
		}

		// Anonymous: nobody recorded. Bad: a rectification, as RateCase opens it.
		c2 := e.walkIn(t, 6)
		r, err = e.tokens.Rate(anon, e.issue(t, e.ClerkPref2, c2), rating.Input{Score: 1, Tags: []string{"服务态度差"}, Anonymous: true})
		if err != nil {
			t.Fatal(err)
		}
		if r.Named || r.Rectification == 0 {
			t.Errorf("anonymous bad rating %+v: want no name and a rectification", r)
		}
		var stage string
		if err := db.QueryRow(t.Context(), "SELECT r.account_id, x.stage FROM ratings r JOIN rectifications x ON x.rating_id = r.id WHERE r.id = ?", r.ID).
			Scan(&acct, &stage); err != nil {
			t.Fatal(err)
		}
		if acct != 0 || stage != rating.StageVerify {
			t.Errorf("anonymous rating stored account %d, rectification at %q", acct, stage)
		}

		// Expired after 30 minutes: a clear 4xx, nothing stored.
		c3 := e.walkIn(t, 7)
		late := e.issue(t, e.ClerkPref, c3)
		e.Clock.Add(31 * time.Minute)
		before = e.Head(t)
		_, err = e.tokens.Rate(anon, late, good)
		e.refused(t, "expired", err, errs.Invalid, before)
		if !strings.Contains(errs.MessageOf(err), "已于") || !strings.Contains(errs.MessageOf(err), "过期") {
			t.Errorf("expired says %q", errs.MessageOf(err))
		}
		if ratings(c3) != 0 {
			t.Error("an expired token rated")
		}
		if _, ok, _ := e.tokens.Pending(casestest.Ctx(e.ClerkPref), e.ClerkPref, c3); ok {
			t.Error("an expired token is still pending")
		}

		// Two posts of one token at once: exactly one rates.
		c4 := e.walkIn(t, 8)
		twice := e.issue(t, e.ClerkPref, c4)
		var wg sync.WaitGroup
		errs2 := make([]error, 2)
		for i := range errs2 {
			wg.Go(func() { _, errs2[i] = e.tokens.Rate(anon, twice, good) })
		}
		wg.Wait()
		if (errs2[0] == nil) == (errs2[1] == nil) || ratings(c4) != 1 {
			t.Errorf("two posts of one token: %v / %v, %d ratings", errs2[0], errs2[1], ratings(c4))
		}

		// An online case rated by its applicant: no window token afterwards.
		done := e.CaseIn(t, cases.Granted)
		if _, err := e.svc.RateCase(casestest.Ctx(e.Citizen), e.Citizen, done.Number, good); err != nil {
			t.Fatal(err)
		}
		_, err = e.tokens.Issue(casestest.Ctx(e.ClerkPref), e.ClerkPref, done.Number)
		if !errs.Is(err, errs.Conflict) {
			t.Errorf("a token for a case rated online: %v, want conflict", err)
		}
		e.VerifyAudit(t)
	})
}
