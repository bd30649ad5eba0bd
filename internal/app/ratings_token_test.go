package app_test

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

// hallCases lists the numbers of the cases at clerk's hall.
func (ta *testApp) hallCases(t *testing.T, clerk string) []string {
	t.Helper()
	r := ta.do("GET", "/api/v1/cases?view=hall&limit=20", clerk, nil)
	var out struct {
		Cases []struct{ Number string }
	}
	r.json(t, &out)
	if r.Status != 200 || len(out.Cases) < 2 {
		t.Fatalf("hall cases: %d %s", r.Status, r.Body)
	}
	var list []string
	for _, c := range out.Cases {
		list = append(list, c.Number)
	}
	return list
}

type issuedJSON struct {
	Token      string    `json:"token"`
	URL        string    `json:"url"`
	CaseNumber string    `json:"case_number"`
	ExpiresAt  time.Time `json:"expires_at"`
	QR         string    `json:"qr_png_base64"`
}

// The window-rating API: the clerk issues a token with its QR code; anyone
// holding it rates once without logging in; forged, altered and replayed
// tokens are refused.
func TestWindowRatingAPI(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		clerk, citizen, reviewer, supervisor := ta.login("clerk1"), ta.login("citizen1"), ta.login("reviewer1"), ta.login("supervisor1")
		numbers := ta.hallCases(t, clerk)
		first, second := numbers[0], numbers[1]

		for who, tok := range map[string]string{"the applicant": citizen, "a reviewer": reviewer, "anonymous": ""} {
			if r := ta.do("POST", "/api/v1/cases/"+first+"/rating-token", tok, nil); r.Status != 403 && r.Status != 401 {
				t.Errorf("%s issuing a token: %d, want 401/403", who, r.Status)
			}
		}
		r := ta.do("POST", "/api/v1/cases/"+first+"/rating-token", clerk, nil)
		var is issuedJSON
		r.json(t, &is)
		if r.Status != 201 || is.CaseNumber != first || is.URL != ta.srv.URL+"/rate/"+is.Token {
			t.Fatalf("issue: %d %s", r.Status, r.Body)
		}
		if d := time.Until(is.ExpiresAt); d < 29*time.Minute || d > 31*time.Minute {
			t.Errorf("expires in %v, want 30 minutes", d)
		}
		png, err := base64.StdEncoding.DecodeString(is.QR)
		if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Errorf("qr_png_base64 is not a PNG: %v", err)
		}

		// Forged and unreadable tokens: refused, nothing stored.
		payload, mac, _ := strings.Cut(is.Token, ".")
		flip := map[bool]string{true: "B", false: "A"}[mac[0] == 'A']
		forged := payload + "." + flip + mac[1:]
		body := func(tok string, score int, extra map[string]any) map[string]any {
			m := map[string]any{"token": tok, "score": score}
			for k, v := range extra {
				m[k] = v
			}
			return m
		}
		for _, tc := range []struct {
			what   string
			tok    string
			status int
		}{{"forged", forged, 403}, {"unreadable", "abc", 422}, {"MAC only", "." + mac, 422}} {
			if r := ta.do("POST", "/api/v1/ratings/by-token", "", body(tc.tok, 5, nil)); r.Status != tc.status {
				t.Errorf("%s token: %d, want %d: %s", tc.what, r.Status, tc.status, r.Body)
			}
		}
		if r := ta.do("POST", "/api/v1/ratings/by-token", "", body(is.Token, 2, nil)); r.Status != 422 || !strings.Contains(r.detail(), "差评") {
			t.Errorf("a bad rating without a reason: %d %s", r.Status, r.Body)
		}

		// Rate once, anonymously, then replay.
		r = ta.do("POST", "/api/v1/ratings/by-token", "", body(is.Token, 4, map[string]any{"tags": []string{"服务态度好"}, "anonymous": true}))
		var rt struct {
			Channel string `json:"channel"`
			Named   bool   `json:"named"`
			Round   int    `json:"round"`
			Rect    int64  `json:"rectification_id"`
		}
		r.json(t, &rt)
		if r.Status != 201 || rt.Channel != "window" || rt.Named || rt.Round != 1 {
			t.Fatalf("rate by token: %d %s", r.Status, r.Body)
		}
		if r := ta.do("POST", "/api/v1/ratings/by-token", "", body(is.Token, 5, nil)); r.Status != 409 || !strings.Contains(r.detail(), "已经使用过") {
			t.Errorf("replay: %d %s, want 409", r.Status, r.Body)
		}
		if r := ta.do("POST", "/api/v1/cases/"+first+"/rating-token", clerk, nil); r.Status != 409 {
			t.Errorf("a token for a rated case: %d, want 409", r.Status)
		}
		var list struct {
			Ratings []struct {
				Channel string `json:"channel"`
				Named   bool   `json:"named"`
			} `json:"ratings"`
		}
		ta.do("GET", "/api/v1/cases/"+first+"/ratings", supervisor, nil).json(t, &list)
		if len(list.Ratings) != 1 || list.Ratings[0].Channel != "window" || list.Ratings[0].Named {
			t.Errorf("the case's ratings: %+v", list.Ratings)
		}

		// Named and bad: a rectification.
		ta.do("POST", "/api/v1/cases/"+second+"/rating-token", clerk, nil).json(t, &is)
		r = ta.do("POST", "/api/v1/ratings/by-token", "", body(is.Token, 1, map[string]any{"tags": []string{"多次跑腿"}, "comment": "来了三次"}))
		r.json(t, &rt)
		if r.Status != 201 || !rt.Named || rt.Rect == 0 {
			t.Errorf("a named bad window rating: %d %s", r.Status, r.Body)
		}
	})
}
