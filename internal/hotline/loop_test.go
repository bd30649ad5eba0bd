package hotline_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

func (e *env) dispatched(t testing.TB, subject, region string) hotline.Ticket {
	t.Helper()
	tk := e.intake(t, call(subject, region))
	return e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActDispatch})
}

// TestReturns: a return needs a reason; the dispatcher rejects it (back to
// the department) or accepts it (the ticket waits for dispatch again and
// the department loses it).
func TestReturns(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		tk := e.dispatched(t, "0301", "533401")
		if tk.DeptID != e.housing {
			t.Fatalf("dept %d", tk.DeptID)
		}
		_, err := e.svc.Act(casestest.Ctx(e.housingRv), e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActReturn, Reason: "  "})
		e.wantErr(t, err, errs.Invalid, tk.Number, tk.Version)
		if errs.FieldOf(err) != "reason" || !strings.Contains(errs.MessageOf(err), "退单理由") {
			t.Fatalf("return without reason: %v", err)
		}
		tk = e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActReturn, Reason: "属于物业企业合同纠纷"})
		if tk.Status != hotline.StatusReturning || tk.Return == nil || tk.ReturnAsks != 1 {
			t.Fatalf("return: %+v", tk)
		}
		// The department cannot decide its own return.
		_, err = e.svc.Act(casestest.Ctx(e.housingRv), e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActReturnAccept})
		e.wantErr(t, err, errs.Forbidden, tk.Number, tk.Version)
		_, err = e.svc.Act(casestest.Ctx(e.dispatcher), e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActReturnReject})
		e.wantErr(t, err, errs.Invalid, tk.Number, tk.Version)
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActReturnReject, Reason: "物业监管属住建部门职责"})
		if tk.Status != hotline.StatusDispatched || tk.Return != nil || tk.Returns != 0 {
			t.Fatalf("rejected: %+v", tk)
		}
		tk = e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActSign})
		tk = e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActReturn, Reason: "涉及供水，应由自来水公司处理"})
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActReturnAccept})
		if tk.Status != hotline.StatusDispatching || tk.DeptID != 0 || tk.Returns != 1 || tk.ReturnAsks != 2 {
			t.Fatalf("accepted: %+v", tk)
		}
		if _, err := e.svc.Get(casestest.Ctx(e.housingRv), e.housingRv, tk.Number); !errs.Is(err, errs.NotFound) {
			t.Fatalf("the returning dept still sees it: %v", err)
		}
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActDispatch, DeptID: e.govCity})
		if tk.Status != hotline.StatusDispatched || tk.DeptID != e.govCity {
			t.Fatalf("re-dispatched: %+v", tk)
		}
		v, err := e.svc.Get(casestest.Ctx(e.dispatcher), e.dispatcher, tk.Number)
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, ev := range v.Events {
			acts = append(acts, ev.Action)
		}
		want := "intake dispatch return return_reject sign return return_accept dispatch"
		if strings.Join(acts, " ") != want {
			t.Fatalf("timeline %v, want %s", acts, want)
		}
	})
}

// TestExtension: ask, approve (the limit moves by working days), ask
// again, deny.
func TestExtension(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		e.clock.Set(at("2026-10-19 09:00"))
		tk := e.dispatched(t, "0301", "533401")
		tk = e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActSign})
		if !tk.HandleDue.Equal(at("2026-10-27 00:00")) {
			t.Fatalf("handle due %s", tk.HandleDue)
		}
		_, err := e.svc.Act(casestest.Ctx(e.housingRv), e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActExtend, Reason: "需现场勘验"})
		e.wantErr(t, err, errs.Invalid, tk.Number, tk.Version)
		tk = e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActExtend, Reason: "需现场勘验", Days: 3})
		if tk.Status != hotline.StatusExtending {
			t.Fatalf("extend: %s", tk.Status)
		}
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActExtendApprove})
		// Monday 26 October + 3 working days: Thursday 29th.
		if tk.Status != hotline.StatusHandling || tk.Extensions != 1 || !tk.HandleDue.Equal(at("2026-10-30 00:00")) {
			t.Fatalf("approved: %s %d %s", tk.Status, tk.Extensions, tk.HandleDue)
		}
		tk = e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActExtend, Reason: "还要再等", Days: 5})
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActExtendDeny, Reason: "请按时办结"})
		if tk.Status != hotline.StatusHandling || tk.Extensions != 1 || !tk.HandleDue.Equal(at("2026-10-30 00:00")) {
			t.Fatalf("denied: %s %d %s", tk.Status, tk.Extensions, tk.HandleDue)
		}
	})
}

// TestCloseTheLoop: reply, review, callback; 不满意 reopens the ticket to
// the same department; a callback before the reply is a conflict.
func TestCloseTheLoop(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		tk := e.dispatched(t, "0301", "533401")
		_, err := e.svc.Act(casestest.Ctx(e.agent), e.agent, tk.Number, hotline.ActionInput{Action: hotline.ActCallback, Satisfaction: hotline.Satisfied})
		e.wantErr(t, err, errs.Conflict, tk.Number, tk.Version)
		if !strings.Contains(errs.MessageOf(err), "尚未答复") {
			t.Fatalf("callback before reply: %v", err)
		}
		tk = e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActSign})
		_, err = e.svc.Act(casestest.Ctx(e.housingRv), e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActReply, Outcome: hotline.OutcomeUnresolvable, Text: "无法处理"})
		e.wantErr(t, err, errs.Invalid, tk.Number, tk.Version)
		tk = e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActReply, Outcome: hotline.OutcomeResolved, Text: "已约谈物业公司"})
		_, err = e.svc.Act(casestest.Ctx(e.agent), e.agent, tk.Number, hotline.ActionInput{Action: hotline.ActCallback, Satisfaction: hotline.Satisfied})
		e.wantErr(t, err, errs.Conflict, tk.Number, tk.Version)
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActReviewReject, Reason: "未说明垃圾清运时间"})
		if tk.Status != hotline.StatusHandling || tk.Reply != nil {
			t.Fatalf("review reject: %+v", tk)
		}
		tk = e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActReply, Outcome: hotline.OutcomeResolved, Text: "已约谈物业公司，每日 8 时清运"})
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActReviewAccept})
		if tk.Status != hotline.StatusCallback {
			t.Fatalf("review accept: %s", tk.Status)
		}
		// A dispatcher holds hotline.take too; a department does not call back.
		_, err = e.svc.Act(casestest.Ctx(e.housingRv), e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActCallback, Satisfaction: hotline.Satisfied})
		e.wantErr(t, err, errs.Forbidden, tk.Number, tk.Version)
		tk = e.act(t, e.agent, tk.Number, hotline.ActionInput{Action: hotline.ActCallback, Satisfaction: hotline.Unsatisfied, Text: "垃圾仍未清运"})
		if tk.Status != hotline.StatusHandling || tk.Reopens != 1 || tk.DeptID != e.housing || tk.Reply != nil {
			t.Fatalf("reopen: %+v", tk)
		}
		tk = e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActReply, Outcome: hotline.OutcomeResolved, Text: "已清运完毕"})
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActReviewAccept})
		tk = e.act(t, e.agent, tk.Number, hotline.ActionInput{Action: hotline.ActCallback, Satisfaction: hotline.Basic})
		if tk.Status != hotline.StatusClosed || tk.Outcome != hotline.OutcomeResolved || tk.Satisfaction != hotline.Basic || tk.Reopens != 1 {
			t.Fatalf("closed: %+v", tk)
		}
		_, err = e.svc.Act(casestest.Ctx(e.dispatcher), e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActUrge})
		e.wantErr(t, err, errs.Conflict, tk.Number, tk.Version)
	})
}

// TestFirstContact: a consultation answered at intake is closed at once
// and counts the article's use; other types must be dispatched.
func TestFirstContact(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		in := call("010101", "533400")
		in.Type, in.Answer, in.ArticleID = hotline.TypeConsult, "企业开办可在政务服务网一网通办，一个工作日内办结。", 7
		tk := e.intake(t, in)
		if tk.Status != hotline.StatusClosed || !tk.FirstContact || tk.Outcome != hotline.OutcomeExplained || tk.ArticleTitle != "企业开办流程" || e.kb.uses[7] != 1 {
			t.Fatalf("first contact: %+v uses %v", tk, e.kb.uses)
		}
		in.ArticleID = 8
		_, err := e.svc.Intake(casestest.Ctx(e.agent), e.agent, in)
		e.wantErr(t, err, errs.Invalid, "", 0)
		in.ArticleID, in.Type = 0, hotline.TypeComplaint
		_, err = e.svc.Intake(casestest.Ctx(e.agent), e.agent, in)
		if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != "answer" {
			t.Fatalf("complaint answered at intake: %v", err)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM tickets"); n != 1 {
			t.Fatalf("%d tickets, want 1", n)
		}
	})
}

// TestMergeAndUrge: a duplicate is closed and linked; dispatchers urge
// (催办) and supervisors 督办, each a message to the department's staff.
func TestMergeAndUrge(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		a := e.dispatched(t, "0301", "533401")
		b := e.intake(t, call("0301", "533401"))
		sim, err := e.svc.Similar(casestest.Ctx(e.agent), e.agent, "0301", "533401", "建塘镇长征大道 8 号")
		if err != nil || len(sim) != 2 || sim[0].Address != "建塘镇长征大道 8 号" {
			t.Fatalf("similar: %d %v", len(sim), err)
		}
		_, err = e.svc.Act(casestest.Ctx(e.dispatcher), e.dispatcher, b.Number, hotline.ActionInput{Action: hotline.ActMerge, Into: "533400-RX-20990101-000001"})
		e.wantErr(t, err, errs.Invalid, b.Number, b.Version)
		b = e.act(t, e.dispatcher, b.Number, hotline.ActionInput{Action: hotline.ActMerge, Into: a.Number})
		if b.Status != hotline.StatusClosed || b.Outcome != hotline.OutcomeDuplicate || b.MergedInto != a.ID || b.MergedNumber != a.Number {
			t.Fatalf("merged: %+v", b)
		}
		v, err := e.svc.Get(casestest.Ctx(e.dispatcher), e.dispatcher, a.Number)
		if err != nil || len(v.Merged) != 1 || v.Merged[0] != b.Number || v.Version != a.Version+1 {
			t.Fatalf("target: %+v %v", v.Merged, err)
		}
		sim, _ = e.svc.Similar(casestest.Ctx(e.agent), e.agent, "0301", "533401", "")
		if len(sim) != 1 {
			t.Fatalf("similar after merge: %d", len(sim))
		}

		before := count(t, db, "SELECT COUNT(*) FROM messages WHERE account_id = ?", e.housingRv.AccountID)
		e.act(t, e.dispatcher, a.Number, hotline.ActionInput{Action: hotline.ActUrge, Text: "群众多次来电"})
		tk := e.act(t, e.supervisor, a.Number, hotline.ActionInput{Action: hotline.ActUrge})
		if tk.Urges != 2 {
			t.Fatalf("urges %d", tk.Urges)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM messages WHERE account_id = ?", e.housingRv.AccountID); n != before+2 {
			t.Fatalf("messages %d, want %d", n, before+2)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM ticket_events WHERE action = 'supervise'"); n != 1 {
			t.Fatalf("督办 events %d", n)
		}
		_, err = e.svc.Act(casestest.Ctx(e.agent), e.agent, a.Number, hotline.ActionInput{Action: hotline.ActUrge})
		e.wantErr(t, err, errs.Forbidden, a.Number, tk.Version)
	})
}

// TestConfidential: the department never sees who called a confidential
// ticket; everyone sees only the masked number; neither the number nor
// the name is in the audit log, the timeline or the messages.
func TestConfidential(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		in := call("0301", "533401")
		in.Confidential, in.CallerName = true, "李保密"
		tk := e.intake(t, in)
		if tk.Caller == nil || tk.Caller.Phone != "139****6655" || tk.Caller.Name != "李保密" {
			t.Fatalf("agent's view: %+v", tk.Caller)
		}
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActDispatch})
		if tk.Caller == nil {
			t.Fatalf("the dispatcher sees no caller")
		}
		v, err := e.svc.Get(casestest.Ctx(e.housingRv), e.housingRv, tk.Number)
		if err != nil || v.Caller != nil {
			t.Fatalf("department's view: %+v %v", v.Caller, err)
		}
		page, err := e.svc.List(casestest.Ctx(e.housingRv), e.housingRv, hotline.ListQuery{})
		if err != nil || len(page.Tickets) != 1 || page.Tickets[0].Caller != nil {
			t.Fatalf("department's list: %+v %v", page, err)
		}
		got := e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActSign})
		if got.Caller != nil {
			t.Fatalf("department's action result shows the caller")
		}
		// A ticket that is not confidential shows the department the name and the masked number.
		open := e.dispatched(t, "0301", "533401")
		v, _ = e.svc.Get(casestest.Ctx(e.housingRv), e.housingRv, open.Number)
		if v.Caller == nil || v.Caller.Phone != "139****6655" {
			t.Fatalf("open ticket: %+v", v.Caller)
		}
		for _, q := range []string{
			"SELECT COUNT(*) FROM audit_events WHERE before_json LIKE ? OR after_json LIKE ? OR reason LIKE ?",
			"SELECT COUNT(*) FROM ticket_events WHERE comment LIKE ? OR comment LIKE ? OR comment LIKE ?",
			"SELECT COUNT(*) FROM messages WHERE body LIKE ? OR subject LIKE ? OR body LIKE ?",
		} {
			for _, s := range []string{"13988776655", "李保密", "6655"} {
				if n := count(t, db, q, "%"+s+"%", "%"+s+"%", "%"+s+"%"); n != 0 {
					t.Errorf("%q found by %s", s, q)
				}
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM tickets WHERE caller_phone_mask = '139****6655' AND caller_phone_idx IS NOT NULL"); n != 2 {
			t.Fatalf("sealed phones %d", n)
		}
	})
}

// TestBadInput: refused requests change nothing and say why in Chinese.
func TestBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		audits := count(t, db, "SELECT COUNT(*) FROM audit_events")
		for _, c := range []struct {
			name  string
			p     *access.Principal
			edit  func(*hotline.Input)
			code  errs.Code
			field string
		}{
			{"unknown subject", e.agent, func(in *hotline.Input) { in.Subject = "7777" }, errs.Invalid, "subject_code"},
			{"unknown region", e.agent, func(in *hotline.Input) { in.Region = "533499" }, errs.Invalid, "region_code"},
			{"bad region", e.agent, func(in *hotline.Input) { in.Region = "53x" }, errs.Invalid, "region_code"},
			{"oversized content", e.agent, func(in *hotline.Input) { in.Content = strings.Repeat("长", 2001) }, errs.Invalid, "content"},
			{"no content", e.agent, func(in *hotline.Input) { in.Content = " " }, errs.Invalid, "content"},
			{"bad phone", e.agent, func(in *hotline.Input) { in.CallerPhone = "12345" }, errs.Invalid, "caller_phone"},
			{"bad type", e.agent, func(in *hotline.Input) { in.Type = "gossip" }, errs.Invalid, "type"},
			{"bad channel", e.agent, func(in *hotline.Input) { in.Channel = "fax" }, errs.Invalid, "channel"},
			{"outside the agent's region", e.agentCity, func(in *hotline.Input) { in.Region = "533422" }, errs.Forbidden, ""},
			{"a department", e.housingRv, func(in *hotline.Input) {}, errs.Forbidden, ""},
		} {
			in := call("0301", "533401")
			c.edit(&in)
			_, err := e.svc.Intake(casestest.Ctx(c.p), c.p, in)
			if !errs.Is(err, c.code) || errs.FieldOf(err) != c.field {
				t.Errorf("%s: %v, want %s %s", c.name, err, c.code, c.field)
			}
			if m := errs.MessageOf(err); !hasHan(m) {
				t.Errorf("%s: message %q is not Chinese", c.name, m)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM tickets"); n != 0 {
			t.Fatalf("%d tickets after refused intakes", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events"); n != audits {
			t.Fatalf("audit events %d, want %d", n, audits)
		}
		tk := e.dispatched(t, "0301", "533401")
		tk = e.act(t, e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActSign})
		_, err := e.svc.Act(casestest.Ctx(e.housingRv), e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActReply,
			Outcome: hotline.OutcomeResolved, Text: strings.Repeat("长", 2001)})
		e.wantErr(t, err, errs.Invalid, tk.Number, tk.Version)
		_, err = e.svc.Act(casestest.Ctx(e.marketCityRv), e.marketCityRv, tk.Number, hotline.ActionInput{Action: hotline.ActReply,
			Outcome: hotline.OutcomeResolved, Text: "不是我的"})
		e.wantErr(t, err, errs.NotFound, tk.Number, tk.Version)
		_, err = e.svc.Act(casestest.Ctx(e.housingRv), e.housingRv, tk.Number, hotline.ActionInput{Action: "explode"})
		e.wantErr(t, err, errs.Invalid, tk.Number, tk.Version)
		_, err = e.svc.Act(casestest.Ctx(e.housingRv), e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActSign})
		e.wantErr(t, err, errs.Conflict, tk.Number, tk.Version)
		_, err = e.svc.Act(casestest.Ctx(e.housingRv), e.housingRv, tk.Number, hotline.ActionInput{Action: hotline.ActReturn, Reason: "x", Version: tk.Version - 1})
		e.wantErr(t, err, errs.Conflict, tk.Number, tk.Version)
		if _, err := e.svc.Get(casestest.Ctx(e.housingRv), e.housingRv, "533400-RX-20260928-999999"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing ticket: %v", err)
		}
	})
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// TestConcurrentActions: two staff act on one ticket at once; one wins,
// the other gets a conflict, and the ticket records one action.
func TestConcurrentActions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		tk := e.dispatched(t, "0301", "533401")
		var wg sync.WaitGroup
		errsOut := make([]error, 2)
		ins := []hotline.ActionInput{{Action: hotline.ActSign, Version: tk.Version},
			{Action: hotline.ActReturn, Reason: "不属于本单位", Version: tk.Version}}
		for i := range ins {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, errsOut[i] = e.svc.Act(casestest.Ctx(e.housingRv), e.housingRv, tk.Number, ins[i])
			}(i)
		}
		wg.Wait()
		ok, conflicts := 0, 0
		for _, err := range errsOut {
			switch {
			case err == nil:
				ok++
			case errs.Is(err, errs.Conflict):
				conflicts++
			default:
				t.Fatalf("unexpected: %v", err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Fatalf("ok %d conflicts %d", ok, conflicts)
		}
		got, _ := e.store.Ticket(context.Background(), tk.Number)
		if got.Version != tk.Version+1 {
			t.Fatalf("version %d", got.Version)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM ticket_events WHERE ticket_id = ?", tk.ID); n != 3 {
			t.Fatalf("events %d, want 3", n)
		}
	})
}

func count(t testing.TB, db *sqlstore.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
