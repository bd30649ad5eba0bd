package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/open311"
	"github.com/onewindow/onewindow/internal/open311/open311test"
	"github.com/onewindow/onewindow/internal/sqlstore"
)

// form posts an Open311 request through the whole middleware stack, with
// extra headers (a browser's, or a session cookie).
func (ta *testApp) form(path string, f url.Values, header map[string]string) response {
	ta.t.Helper()
	req, err := http.NewRequest("POST", ta.srv.URL+path, strings.NewReader(f.Encode()))
	if err != nil {
		ta.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// TestOpen311 runs Open311 in the whole application: an app files with
// its api key (also from another origin: no CSRF token is needed and a
// session is no substitute for the key), follows the ticket publicly while
// the centre and the department work on it, and a confidential phone
// ticket shows no caller. Every answer is checked against the schemas.
func TestOpen311(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "system", Role: "cli"})
		key, _, err := open311.NewService(nil, sqlstore.NewOpen311Store(ta.DB), nil).AddKey(ctx, "某某 app", "533400")
		if err != nil {
			t.Fatal(err)
		}
		valid := func(r response, schema string) {
			t.Helper()
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", schema, r.Status, r.Body)
			}
			if errs := open311test.Validate(schema, r.Body); len(errs) > 0 {
				t.Fatalf("%s: %v\n%s", schema, errs, r.Body)
			}
			if r.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Fatalf("%s: no CORS header", schema)
			}
		}
		wantErr := func(r response, status int, what string) {
			t.Helper()
			var list []open311.Error
			if r.Status != status || json.Unmarshal(r.Body, &list) != nil || len(list) != 1 || list[0].Code != status {
				t.Fatalf("%s: %d %s, want %d with an Open311 error", what, r.Status, r.Body, status)
			}
		}
		valid(ta.do("GET", "/open311/v2/services.json", "", nil), "services.json")
		valid(ta.do("GET", "/open311/v2/services/0201.json", "", nil), "service-definition.json")
		wantErr(ta.do("GET", "/open311/v2/services/9999.json", "", nil), 404, "unknown service")
		wantErr(ta.do("GET", "/open311/v2/requests.xml", "", nil), 400, "xml")
		wantErr(ta.do("GET", "/open311/nothing", "", nil), 404, "unknown path")

		agent := ta.login("hotline1")
		f := url.Values{"api_key": {key}, "service_code": {"0201"}, "jurisdiction_id": {"533401"},
			"address_string": {"香格里拉市建塘镇长征大道 1 号"}, "lat": {"27.8253"}, "long": {"99.7069"},
			"description": {"餐馆后厨卫生差。"}, "first_name": {"小红"}, "last_name": {"李"}, "phone": {"13912348765"}}
		noKey := url.Values{}
		for k, v := range f {
			noKey[k] = v
		}
		noKey.Del("api_key")
		// A logged-in agent's bearer token is no api key.
		r := ta.form("/open311/v2/requests.json", noKey, map[string]string{"Authorization": "Bearer " + agent})
		wantErr(r, 403, "a session instead of a key")
		// A browser's cookie session cannot post here without the page's CSRF token.
		r = ta.form("/open311/v2/requests.json", f, map[string]string{"Cookie": "ow_session=" + agent})
		if r.Status != 403 || !strings.Contains(string(r.Body), "CSRF") {
			t.Fatalf("cookie post: %d %s", r.Status, r.Body)
		}
		// A web app on another origin files with its key.
		r = ta.form("/open311/v2/requests.json", f, map[string]string{"Origin": "https://app.example.com", "Sec-Fetch-Site": "cross-site"})
		if r.Status != 201 {
			t.Fatalf("file: %d %s", r.Status, r.Body)
		}
		var receipts []open311.Receipt
		json.Unmarshal(r.Body, &receipts)
		if len(receipts) != 1 {
			t.Fatalf("receipt: %s", r.Body)
		}
		id := receipts[0].ServiceRequestID
		wantErr(ta.form("/open311/v2/requests.json", url.Values{"api_key": {key}, "service_code": {"0201"},
			"description": {"x"}, "phone": {"13912348765"}}, nil), 400, "no location")
		big := url.Values{"api_key": {key}, "description": {strings.Repeat("长", 30000)}}
		wantErr(ta.form("/open311/v2/requests.json", big, nil), 413, "a body over 64 KB")

		one := func() open311.Request {
			t.Helper()
			r := ta.do("GET", "/open311/v2/requests/"+id+".json", "", nil)
			valid(r, "requests.json")
			if strings.Contains(string(r.Body), "小红") || strings.Contains(string(r.Body), "8765") {
				t.Fatalf("personal data: %s", r.Body)
			}
			var list []open311.Request
			json.Unmarshal(r.Body, &list)
			return list[0]
		}
		if got := one(); got.Status != "open" || *got.Lat != 27.8253 || *got.Description != "餐馆后厨卫生差。" {
			t.Fatalf("filed: %+v", got)
		}

		// The centre and the department work on it.
		disp, rv := ta.login("dispatcher1"), ta.login("reviewer1")
		path := "/api/v1/tickets/" + id
		var tk ticketJSON
		r = ta.do("GET", path, agent, nil)
		r.json(t, &tk)
		if r.Status != 200 || tk.Caller == nil || tk.Caller.Phone != "139****8765" || !strings.Contains(string(r.Body), `"channel":"open311"`) {
			t.Fatalf("the agent's view: %d %s", r.Status, r.Body)
		}
		for _, step := range []struct {
			token string
			body  map[string]any
		}{
			{disp, map[string]any{"action": "dispatch"}},
			{rv, map[string]any{"action": "sign"}},
			{rv, map[string]any{"action": "reply", "outcome": "resolved", "text": "已责令整改。"}},
		} {
			if r := ta.do("POST", path+"/actions", step.token, step.body); r.Status != 200 {
				t.Fatalf("%v: %d %s", step.body, r.Status, r.Body)
			}
		}
		if got := one(); got.Status != "open" || got.AgencyResponsible == nil || *got.AgencyResponsible != "迪庆州市场监督管理局" ||
			got.ExpectedDatetime == nil || !strings.Contains(*got.StatusNotes, "待审核") {
			t.Fatalf("replied: %+v", got)
		}
		for _, step := range []struct {
			token string
			body  map[string]any
		}{
			{disp, map[string]any{"action": "review_accept"}},
			{agent, map[string]any{"action": "callback", "satisfaction": "satisfied"}},
		} {
			if r := ta.do("POST", path+"/actions", step.token, step.body); r.Status != 200 {
				t.Fatalf("%v: %d %s", step.body, r.Status, r.Body)
			}
		}
		if got := one(); got.Status != "closed" {
			t.Fatalf("closed: %+v", got)
		}

		// A confidential phone ticket: listed, without any personal data.
		r = ta.do("POST", "/api/v1/tickets", agent, map[string]any{"channel": "phone", "type": "report", "subject_code": "0202",
			"region_code": "533401", "address": "建塘镇金龙街 12 号", "content": "我是王大明，举报超市哄抬价格。",
			"caller_name": "王大明", "caller_phone": "13988776655", "confidential": true})
		if r.Status != 201 {
			t.Fatalf("phone intake: %d %s", r.Status, r.Body)
		}
		r.json(t, &tk)
		r = ta.do("GET", "/open311/v2/requests.json", "", nil)
		valid(r, "requests.json")
		if !strings.Contains(string(r.Body), tk.Number) || !strings.Contains(string(r.Body), id) {
			t.Fatalf("list: %s", r.Body)
		}
		for _, secret := range []string{"王大明", "6655", "金龙街", "哄抬", "小红", "8765"} {
			if strings.Contains(string(r.Body), secret) {
				t.Fatalf("%q in the public list: %s", secret, r.Body)
			}
		}
		r = ta.do("GET", "/open311/v2/requests.json?status=closed", "", nil)
		valid(r, "requests.json")
		if !strings.Contains(string(r.Body), id) || strings.Contains(string(r.Body), tk.Number) {
			t.Fatalf("closed list: %s", r.Body)
		}
	})
}
