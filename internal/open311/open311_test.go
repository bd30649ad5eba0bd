package open311_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/open311"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// TestServices: the classification's leaves as services, each with its
// definition, all valid against the schemas; parents, unknown codes and
// XML are refused.
func TestServices(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		r := e.get(t, "/open311/v2/services.json")
		valid(t, r, "services.json")
		var list []open311.ServiceInfo
		json.Unmarshal([]byte(r.body), &list)
		by := map[string]open311.ServiceInfo{}
		for _, s := range list {
			by[s.ServiceCode] = s
		}
		food, ok := by["0201"]
		if !ok || food.ServiceName != "食品安全" || food.Group != "市场监管" || food.Type != "realtime" || !food.Metadata ||
			food.Keywords != "市场监管,食品安全" {
			t.Fatalf("0201: %+v", food)
		}
		if _, ok := by["02"]; ok {
			t.Fatal("a parent subject is offered as a service")
		}
		if other, ok := by["99"]; !ok || other.Group != "其他" {
			t.Fatalf("a top-level leaf: %+v", other)
		}
		r = e.get(t, "/open311/v2/services/0201.json")
		valid(t, r, "service-definition.json")
		if !strings.Contains(r.body, `"code":"type"`) || !strings.Contains(r.body, `"key":"complaint"`) {
			t.Fatalf("definition: %s", r.body)
		}
		wantError(t, e.get(t, "/open311/v2/services/02.json"), 404, "a parent's definition")
		wantError(t, e.get(t, "/open311/v2/services/8888.json"), 404, "an unknown service")
		wantError(t, e.get(t, "/open311/v2/services.xml"), 400, "xml")
		wantError(t, e.get(t, "/open311/v2/nothing.json"), 404, "an unknown endpoint")
		wantError(t, e.get(t, "/open311/v3/services.json"), 404, "another version")
		r = e.get(t, "/open311/discovery.json")
		if r.status != 200 || !strings.Contains(r.body, `"url":"`+e.srv.URL+`/open311/v2"`) {
			t.Fatalf("discovery: %d %s", r.status, r.body)
		}
	})
}

func goodForm(key string) url.Values {
	return url.Values{"api_key": {key}, "service_code": {"0201"}, "lat": {"27.8253"}, "long": {"99.7069"},
		"address_string": {"香格里拉市建塘镇长征大道 1 号"}, "description": {"路边摊贩售卖过期食品。"},
		"first_name": {"小红"}, "last_name": {"李"}, "phone": {"13912348765"}, "email": {"li@example.com"},
		"media_url": {"https://img.example.com/a.jpg"}, "attribute[type]": {"complaint"}}
}

// TestFileAndFollow files a request, refuses bad ones without writing
// anything, reads it back by id and in the list, and follows its status
// as the department replies and the callback closes it.
func TestFileAndFollow(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		bad := func(status int, what string, change func(f url.Values)) {
			t.Helper()
			f := goodForm(e.key)
			change(f)
			wantError(t, e.post(t, f), status, what)
		}
		bad(403, "a wrong key", func(f url.Values) { f.Set("api_key", e.key+"x") })
		bad(403, "no key", func(f url.Values) { f.Del("api_key") })
		bad(404, "an unknown service", func(f url.Values) { f.Set("service_code", "8888") })
		bad(404, "a parent subject", func(f url.Values) { f.Set("service_code", "02") })
		bad(400, "no service", func(f url.Values) { f.Del("service_code") })
		bad(400, "no location", func(f url.Values) { f.Del("lat"); f.Del("long"); f.Del("address_string") })
		bad(400, "lat without long", func(f url.Values) { f.Del("long") })
		bad(400, "outside China", func(f url.Values) { f.Set("lat", "48.85"); f.Set("long", "2.35") })
		bad(400, "no description", func(f url.Values) { f.Set("description", " ") })
		bad(400, "description too long", func(f url.Values) { f.Set("description", strings.Repeat("长", 2001)) })
		bad(400, "no phone", func(f url.Values) { f.Del("phone") })
		bad(400, "a bad phone", func(f url.Values) { f.Set("phone", "12") })
		bad(400, "jurisdiction outside the key", func(f url.Values) { f.Set("jurisdiction_id", "530000") })
		bad(400, "an unknown region", func(f url.Values) { f.Set("jurisdiction_id", "533499") })
		bad(400, "a bad type", func(f url.Values) { f.Set("attribute[type]", "spam") })
		bad(400, "an unknown attribute", func(f url.Values) { f.Set("attribute[colour]", "red") })
		bad(400, "a bad media_url", func(f url.Values) { f.Set("media_url", "javascript:alert(1)") })
		if n := e.tickets(t); n != 0 {
			t.Fatalf("%d tickets after refused requests", n)
		}

		f := goodForm(e.key)
		f.Set("jurisdiction_id", "533401")
		r := e.post(t, f)
		if r.status != 201 {
			t.Fatalf("file: %d %s", r.status, r.body)
		}
		var receipts []open311.Receipt
		json.Unmarshal([]byte(r.body), &receipts)
		if len(receipts) != 1 || !strings.HasPrefix(receipts[0].ServiceRequestID, "533400-RX-") || receipts[0].ServiceNotice == "" {
			t.Fatalf("receipt: %s", r.body)
		}
		id := receipts[0].ServiceRequestID

		// The ticket as the centre sees it: channel open311, the caller
		// sealed, the position in the content.
		tk, err := e.hotline.Get(casestest.Ctx(e.dispatcher), e.dispatcher, id)
		if err != nil {
			t.Fatal(err)
		}
		if tk.Channel != "open311" || tk.Type != "complaint" || tk.Region != "533401" || tk.Caller == nil ||
			tk.Caller.Name != "李小红" || tk.Caller.Phone != "139****8765" || !strings.Contains(tk.Content, "27.825300,99.706900") ||
			!strings.Contains(tk.Content, "某某 app") || tk.Address != "香格里拉市建塘镇长征大道 1 号" {
			t.Fatalf("ticket: %+v", tk.Ticket)
		}
		if tk.Events[0].ActorName == "" || !strings.HasPrefix(tk.Events[0].ActorName, "open311:") {
			t.Fatalf("timeline: %+v", tk.Events)
		}

		one := func() open311.Request {
			t.Helper()
			r := e.get(t, "/open311/v2/requests/"+id+".json")
			valid(t, r, "requests.json")
			for _, secret := range []string{"李", "小红", "8765", "example.com"} {
				if strings.Contains(strings.ReplaceAll(r.body, "img.example.com", ""), secret) {
					t.Fatalf("personal data %q in %s", secret, r.body)
				}
			}
			var list []open311.Request
			json.Unmarshal([]byte(r.body), &list)
			if len(list) != 1 {
				t.Fatalf("by id: %s", r.body)
			}
			return list[0]
		}
		got := one()
		if got.Status != "open" || got.ServiceCode != "0201" || *got.ServiceName != "食品安全" || *got.Description != "路边摊贩售卖过期食品。" ||
			*got.Lat != 27.8253 || *got.Long != 99.7069 || *got.MediaURL != "https://img.example.com/a.jpg" ||
			*got.Address != "香格里拉市建塘镇长征大道 1 号" || got.AgencyResponsible != nil || got.ExpectedDatetime != nil ||
			!strings.HasSuffix(got.RequestedDatetime, "+08:00") {
			t.Fatalf("request: %+v", got)
		}
		if !strings.Contains(*got.StatusNotes, "待派单") {
			t.Fatalf("status notes: %s", *got.StatusNotes)
		}
		wantError(t, e.get(t, "/open311/v2/requests/533400-RX-20200101-000001.json"), 404, "an unknown request")

		list := func(query string) string {
			t.Helper()
			r := e.get(t, "/open311/v2/requests.json"+query)
			valid(t, r, "requests.json")
			return r.body
		}
		if b := list(""); !strings.Contains(b, id) {
			t.Fatalf("list: %s", b)
		}
		if b := list("?service_code=0202,0203"); strings.Contains(b, id) {
			t.Fatalf("another service's list: %s", b)
		}
		if b := list("?service_request_id=" + id + ",nope"); !strings.Contains(b, id) {
			t.Fatalf("by ids: %s", b)
		}
		if b := list("?jurisdiction_id=533422"); strings.Contains(b, id) {
			t.Fatalf("another county's list: %s", b)
		}
		if b := list("?start_date=2026-09-01T00:00:00%2B08:00&end_date=2026-09-29"); !strings.Contains(b, id) {
			t.Fatalf("by date: %s", b)
		}
		wantError(t, e.get(t, "/open311/v2/requests.json?start_date=2026-01-01&end_date=2026-09-29"), 400, "over 90 days")
		wantError(t, e.get(t, "/open311/v2/requests.json?status=pending"), 400, "a bad status")
		wantError(t, e.get(t, "/open311/v2/requests.json?start_date=yesterday"), 400, "a bad date")

		// The department works on it: the agency and the due date appear.
		act := func(p any, in hotline.ActionInput) {
			t.Helper()
			pr := e.dispatcher
			switch p {
			case "review":
				pr = e.review
			case "agent":
				pr = e.agent
			}
			if _, err := e.hotline.Act(casestest.Ctx(pr), pr, id, in); err != nil {
				t.Fatalf("%s: %v", in.Action, err)
			}
		}
		act("dispatcher", hotline.ActionInput{Action: hotline.ActDispatch})
		act("review", hotline.ActionInput{Action: hotline.ActSign})
		e.clock.Add(time.Hour)
		act("review", hotline.ActionInput{Action: hotline.ActReply, Outcome: hotline.OutcomeResolved, Text: "已联系李小红（13912348765），责令整改。"})
		got = one()
		if got.Status != "open" || got.AgencyResponsible == nil || *got.AgencyResponsible != "迪庆州市场监督管理局" ||
			got.ExpectedDatetime == nil || !strings.Contains(*got.StatusNotes, "待审核") || *got.UpdatedDatetime == got.RequestedDatetime {
			t.Fatalf("replied: %+v %s", got, *got.StatusNotes)
		}
		if b := list("?status=closed"); strings.Contains(b, id) {
			t.Fatalf("an open request among the closed: %s", b)
		}
		act("dispatcher", hotline.ActionInput{Action: hotline.ActReviewAccept})
		act("agent", hotline.ActionInput{Action: hotline.ActCallback, Satisfaction: hotline.Satisfied})
		got = one()
		if got.Status != "closed" || !strings.Contains(*got.StatusNotes, "已解决") {
			t.Fatalf("closed: %+v %s", got, *got.StatusNotes)
		}
		if b := list("?status=closed"); !strings.Contains(b, id) {
			t.Fatalf("closed list: %s", b)
		}
		if b := list("?status=open"); strings.Contains(b, id) {
			t.Fatalf("open list: %s", b)
		}

		// A revoked key files nothing more.
		keys, err := e.svc.Keys(context.Background())
		if err != nil || len(keys) != 1 || keys[0].Hash != open311.HashKey(e.key) || strings.Contains(keys[0].Prefix, e.key) {
			t.Fatalf("keys: %+v %v", keys, err)
		}
		if err := e.svc.RevokeKey(context.Background(), keys[0].ID); err != nil {
			t.Fatal(err)
		}
		wantError(t, e.post(t, goodForm(e.key)), 403, "a revoked key")
		if err := e.svc.RevokeKey(context.Background(), keys[0].ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("revoke twice: %v", err)
		}
	})
}

// TestPhoneTicketsArePublicWithoutPersonalData: tickets an agent took on
// the phone appear, with service, status and dates, but never the
// caller, the content or the address.
func TestPhoneTicketsArePublicWithoutPersonalData(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		var ids []string
		for _, confidential := range []bool{false, true} {
			tk, err := e.hotline.Intake(casestest.Ctx(e.agent), e.agent, hotline.Input{Channel: "phone", Type: "complaint",
				Subject: "0202", Region: "533401", Address: "建塘镇金龙街 12 号 3 单元 501", Content: "我叫王大明，超市价格标签不符。",
				CallerName: "王大明", CallerPhone: "13988776655", Confidential: confidential})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, tk.Number)
		}
		r := e.get(t, "/open311/v2/requests.json?service_request_id="+strings.Join(ids, ","))
		valid(t, r, "requests.json")
		for _, id := range ids {
			if !strings.Contains(r.body, id) {
				t.Fatalf("%s missing: %s", id, r.body)
			}
		}
		for _, secret := range []string{"王大明", "6655", "金龙街", "价格标签"} {
			if strings.Contains(r.body, secret) {
				t.Fatalf("%q in %s", secret, r.body)
			}
		}
		r = e.get(t, "/open311/v2/requests.json")
		valid(t, r, "requests.json")
		if !strings.Contains(r.body, ids[1]) || strings.Contains(r.body, "王大明") {
			t.Fatalf("list: %s", r.body)
		}
	})
}
