package supervise_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/supervise"
	"github.com/onewindow/onewindow/internal/workcal"
)

type env struct {
	*casestest.Env
	svc *supervise.Service
}

func setup(t *testing.T, db *sqlstore.DB) *env {
	e := casestest.New(t, db, nil)
	return &env{Env: e, svc: supervise.NewService(sqlstore.NewSuperviseStore(db), sqlstore.NewGovStore(db), e.Svc,
		e.Calendar.Calendar, e.Clock.Now)}
}

// send sends a general notice to the market regulator as the supervisor.
func (e *env) send(t *testing.T, in supervise.Input) supervise.Notice {
	t.Helper()
	if in.DeptID == 0 && in.CaseNumber == "" {
		in.DeptID = e.DeptMarket
	}
	if in.Subject == "" {
		in.Subject = "食品经营许可办件超期未办结"
	}
	if in.Body == "" {
		in.Body = "请核查超期原因，明确办结时间，并将整改情况书面回复。"
	}
	n, err := e.svc.Send(casestest.Ctx(e.Supervisor), e.Supervisor, in)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) act(p *access.Principal, n supervise.Notice, action, text string, version int) (supervise.Notice, error) {
	return e.svc.Act(casestest.Ctx(p), p, n.ID, supervise.ActionInput{Action: action, Text: text, Version: version})
}

// state is what a refused request must leave as it was.
func (e *env) state(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "head %d msgs %d digests %d;", e.Head(t), e.Count(t, "SELECT COUNT(*) FROM messages"),
		e.Count(t, "SELECT COUNT(*) FROM overdue_digests"))
	rows, err := e.DB.Query(context.Background(), "SELECT id, number, status, reply, reply_due, warned, version FROM supervision_notices ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var number, status, reply, due string
		var warned, version int
		if err := rows.Scan(&id, &number, &status, &reply, &due, &warned, &version); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, " %d %s %s %q %s %d %d;", id, number, status, reply, due, warned, version)
	}
	return b.String()
}

// inbox lists the subject and body of an account's messages of a kind, oldest first.
func (e *env) inbox(t *testing.T, p *access.Principal, kind string) []string {
	t.Helper()
	rows, err := e.DB.Query(context.Background(), e.DB.Rebind("SELECT subject, body FROM messages WHERE account_id = ? AND kind = ? ORDER BY id"),
		p.AccountID, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s, b string
		if err := rows.Scan(&s, &b); err != nil {
			t.Fatal(err)
		}
		out = append(out, s+"\n"+b)
	}
	return out
}

func (e *env) due(t *testing.T, days int) workcal.Date {
	t.Helper()
	r, err := e.Calendar.Calendar().Add(e.Clock.Today(), days, "533400")
	if err != nil {
		t.Fatal(err)
	}
	return r.Date
}

// The whole round: the supervisor sends a notice about a case, the
// department's staff are told, an approver replies, the supervisor
// closes it; the history shows each step. Whatever is refused on the way
// changes nothing.
func TestSendReplyClose(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := setup(t, db)
		c := e.CaseIn(t, cases.InReview)
		n := e.send(t, supervise.Input{CaseNumber: c.Number})
		if n.Number != "督办〔2026〕533400-0001" || n.DeptID != e.DeptMarket || n.DeptName != "迪庆州市场监督管理局" ||
			n.CaseID != c.ID || n.Status != supervise.StatusOpen || n.Version != 1 || n.ReplyDue != e.due(t, 3) {
			t.Fatalf("sent %+v, want the first number, the case's department, due %s", n, e.due(t, 3))
		}
		for _, p := range []*access.Principal{e.Reviewer, e.Reviewer2, e.Approver, e.Approver2} {
			if m := e.inbox(t, p, supervise.KindNotice); len(m) != 1 || !strings.Contains(m[0], n.Number) || !strings.Contains(m[0], n.ReplyDue.String()) {
				t.Errorf("%s's messages %q, want the notice", p.Username, m)
			}
		}
		if m := e.inbox(t, e.ApproverHealth, supervise.KindNotice); len(m) != 0 {
			t.Errorf("another department's approver was told: %q", m)
		}
		if n2 := e.send(t, supervise.Input{Days: 10}); n2.Number != "督办〔2026〕533400-0002" || n2.ReplyDue != e.due(t, 10) {
			t.Errorf("second notice %s due %s", n2.Number, n2.ReplyDue)
		}

		county := &access.Principal{AccountID: e.Supervisor.AccountID, Username: "supervisordq",
			Grants: []access.Grant{{Role: access.Supervisor, Region: "533422"}}}
		long := strings.Repeat("字", supervise.MaxText+1)
		before := e.state(t)
		for _, tc := range []struct {
			name  string
			p     *access.Principal
			in    supervise.Input
			code  errs.Code
			field string
		}{
			{"an approver sending", e.Approver, supervise.Input{DeptID: e.DeptMarket, Subject: "事由", Body: "内容"}, errs.Forbidden, ""},
			{"a department outside the region", county, supervise.Input{DeptID: e.DeptMarket, Subject: "事由", Body: "内容"}, errs.Forbidden, ""},
			{"no department", e.Supervisor, supervise.Input{Subject: "事由", Body: "内容"}, errs.Invalid, "dept_id"},
			{"no such department", e.Supervisor, supervise.Input{DeptID: 999999, Subject: "事由", Body: "内容"}, errs.Invalid, "dept_id"},
			{"no subject", e.Supervisor, supervise.Input{DeptID: e.DeptMarket, Subject: " ", Body: "内容"}, errs.Invalid, "subject"},
			{"a body too long", e.Supervisor, supervise.Input{DeptID: e.DeptMarket, Subject: "事由", Body: long}, errs.Invalid, "body"},
			{"31 days", e.Supervisor, supervise.Input{DeptID: e.DeptMarket, Subject: "事由", Body: "内容", Days: 31}, errs.Invalid, "days"},
			{"another department's case", e.Supervisor, supervise.Input{DeptID: e.DeptHealth, CaseNumber: c.Number, Subject: "事由", Body: "内容"}, errs.Invalid, "case_number"},
			{"no such case", e.Supervisor, supervise.Input{CaseNumber: "533400-20260928-999999", Subject: "事由", Body: "内容"}, errs.Invalid, "case_number"},
			{"a case the county may not see", county, supervise.Input{CaseNumber: c.Number, Subject: "事由", Body: "内容"}, errs.Invalid, "case_number"},
		} {
			_, err := e.svc.Send(casestest.Ctx(tc.p), tc.p, tc.in)
			if !errs.Is(err, tc.code) || errs.FieldOf(err) != tc.field {
				t.Errorf("%s: %v (field %q), want %s %q", tc.name, err, errs.FieldOf(err), tc.code, tc.field)
			}
		}
		if after := e.state(t); after != before {
			t.Errorf("refused sends changed something:\n%s\n%s", before, after)
		}

		// Who sees it, who may do what, in which order.
		if _, err := e.svc.Get(casestest.Ctx(e.ApproverHealth), e.ApproverHealth, n.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("another department reads it: %v, want not found", err)
		}
		if _, err := e.svc.Get(casestest.Ctx(e.Citizen), e.Citizen, n.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("the applicant reads it: %v, want not found", err)
		}
		v, err := e.svc.Get(casestest.Ctx(e.Approver), e.Approver, n.ID)
		if err != nil || !v.CanReply || v.CanClose || v.CaseNumber != c.Number || v.Body == "" {
			t.Errorf("the department's view: %+v %v", v, err)
		}
		for _, tc := range []struct {
			name         string
			p            *access.Principal
			action, text string
			version      int
			code         errs.Code
		}{
			{"another department replying", e.ApproverHealth, supervise.ActReply, "已处理", 0, errs.NotFound},
			{"the applicant replying", e.Citizen, supervise.ActReply, "已处理", 0, errs.NotFound},
			{"the supervisor replying", e.Supervisor, supervise.ActReply, "已处理", 0, errs.Forbidden},
			{"the department closing", e.Approver, supervise.ActClose, "", 0, errs.Forbidden},
			{"closing before the reply", e.Supervisor, supervise.ActClose, "", 0, errs.Conflict},
			{"returning before the reply", e.Supervisor, supervise.ActReturn, "不清楚", 0, errs.Conflict},
			{"an empty reply", e.Approver, supervise.ActReply, "  ", 0, errs.Invalid},
			{"a reply too long", e.Approver, supervise.ActReply, long, 0, errs.Invalid},
			{"a stale version", e.Approver, supervise.ActReply, "已处理", 7, errs.Conflict},
			{"an unknown action", e.Approver, "approve", "已处理", 0, errs.Invalid},
		} {
			if _, err := e.act(tc.p, n, tc.action, tc.text, tc.version); !errs.Is(err, tc.code) {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			}
		}
		if after := e.state(t); after != before {
			t.Errorf("refused actions changed something:\n%s\n%s", before, after)
		}

		n, err = e.act(e.Approver, n, supervise.ActReply, "经核查，该件因现场核查排期延误，已于今日完成审查，明日办结。", 1)
		if err != nil || n.Status != supervise.StatusReplied || n.Version != 2 || n.RepliedBy != e.Approver.AccountID {
			t.Fatalf("reply: %+v %v", n, err)
		}
		if m := e.inbox(t, e.Supervisor, supervise.KindNotice); len(m) != 1 || !strings.Contains(m[0], n.Number) {
			t.Errorf("the supervisor's messages %q, want the reply", m)
		}
		if _, err := e.act(e.Approver2, n, supervise.ActReply, "再回复", 0); !errs.Is(err, errs.Conflict) {
			t.Errorf("a second reply: %v, want conflict", err)
		}
		if _, err := e.act(e.Supervisor, n, supervise.ActClose, "", 1); !errs.Is(err, errs.Conflict) {
			t.Errorf("closing with the version before the reply: %v, want conflict", err)
		}
		n, err = e.act(e.Supervisor, n, supervise.ActClose, "整改到位", 2)
		if err != nil || n.Status != supervise.StatusClosed || n.ClosedAt.IsZero() || n.Version != 3 {
			t.Fatalf("close: %+v %v", n, err)
		}
		if m := e.inbox(t, e.Approver, supervise.KindNotice); len(m) != 3 || !strings.Contains(m[2], "已办结") {
			t.Errorf("the replier's messages %q, want the closing", m)
		}
		for _, action := range []string{supervise.ActReply, supervise.ActClose, supervise.ActReturn} {
			p := e.Supervisor
			if action == supervise.ActReply {
				p = e.Approver
			}
			if _, err := e.act(p, n, action, "又一次", 0); !errs.Is(err, errs.Conflict) {
				t.Errorf("%s after closing: %v, want conflict", action, err)
			}
		}

		v, err = e.svc.Get(casestest.Ctx(e.Supervisor), e.Supervisor, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, h := range v.History {
			steps = append(steps, h.Action+":"+h.Actor+":"+h.Text)
		}
		want := []string{"send:supervisor1:", "reply:approver1:经核查，该件因现场核查排期延误，已于今日完成审查，明日办结。", "close:supervisor1:整改到位"}
		if strings.Join(steps, "|") != strings.Join(want, "|") || v.History[0].Due != n.ReplyDue || v.CanClose || v.CanReply {
			t.Errorf("history %q, want %q; view %+v", steps, want, v)
		}
		e.VerifyAudit(t)
	})
}

// A returned notice is open again with a new limit counted from the day
// of the return, its warnings reset, and the reason in its history.
func TestReturn(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := setup(t, db)
		n := e.send(t, supervise.Input{})
		n, err := e.act(e.Reviewer, n, supervise.ActReply, "已核查。", 0)
		if err != nil {
			t.Fatal(err)
		}
		e.Workdays(t, 2)
		before := e.state(t)
		if _, err := e.act(e.Supervisor, n, supervise.ActReturn, "", 0); !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != "text" {
			t.Errorf("a return without a reason: %v", err)
		}
		if _, err := e.svc.Act(casestest.Ctx(e.Supervisor), e.Supervisor, n.ID, supervise.ActionInput{Action: supervise.ActReturn, Text: "不具体", Days: 40}); !errs.Is(err, errs.Invalid) {
			t.Errorf("a return with 40 days: %v", err)
		}
		if after := e.state(t); after != before {
			t.Errorf("refused returns changed something:\n%s\n%s", before, after)
		}
		n, err = e.svc.Act(casestest.Ctx(e.Supervisor), e.Supervisor, n.ID, supervise.ActionInput{Action: supervise.ActReturn,
			Text: "回复未说明整改措施和完成时限，请补充。", Days: 5, Version: n.Version})
		if err != nil || n.Status != supervise.StatusOpen || n.ReplyDue != e.due(t, 5) || n.Reply != "" || n.Warned != 0 {
			t.Fatalf("return: %+v %v, want open due %s", n, err, e.due(t, 5))
		}
		if m := e.inbox(t, e.Reviewer2, supervise.KindNotice); len(m) != 2 || !strings.Contains(m[1], "请补充") || !strings.Contains(m[1], n.ReplyDue.String()) {
			t.Errorf("the department's messages %q, want the return with its reason and new due date", m)
		}
		n, err = e.act(e.Approver, n, supervise.ActReply, "整改措施：增派人员，11 月底前办结。", 3)
		if err != nil || n.Status != supervise.StatusReplied || n.Version != 4 {
			t.Fatalf("second reply: %+v %v", n, err)
		}
		v, err := e.svc.Get(casestest.Ctx(e.Approver), e.Approver, n.ID)
		if err != nil || len(v.History) != 4 {
			t.Fatalf("history %+v %v", v.History, err)
		}
		if h := v.History[2]; h.Action != supervise.ActReturn || h.Text != "回复未说明整改措施和完成时限，请补充。" || h.Due != n.ReplyDue {
			t.Errorf("the return in the history: %+v", h)
		}
		if h := v.History[1]; h.Text != "已核查。" || h.Actor != "reviewer1" {
			t.Errorf("the first reply is kept in the history: %+v", h)
		}
	})
}

// Two staff of the department reply at the same moment: one reply is
// kept, the other is told the notice moved on, and one event is written.
func TestConcurrentReplies(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := setup(t, db)
		for round := range 4 {
			n := e.send(t, supervise.Input{})
			before := e.Head(t)
			var wg sync.WaitGroup
			start := make(chan struct{})
			ps := []*access.Principal{e.Approver, e.Approver2, e.Reviewer}
			results := make([]error, len(ps))
			for i, p := range ps {
				wg.Go(func() {
					<-start
					_, results[i] = e.act(p, n, supervise.ActReply, "回复 "+p.Username, n.Version)
				})
			}
			close(start)
			wg.Wait()
			won := 0
			for i, err := range results {
				switch {
				case err == nil:
					won++
				case !errs.Is(err, errs.Conflict):
					t.Errorf("round %d, %s: %v, want conflict", round, ps[i].Username, err)
				}
			}
			if won != 1 {
				t.Errorf("round %d: %d replies succeeded (%v)", round, won, results)
			}
			if got := e.Head(t) - before; got != 1 {
				t.Errorf("round %d: %d audit events, want 1", round, got)
			}
			if got := e.Count(t, "SELECT version FROM supervision_notices WHERE id = ?", n.ID); got != 2 {
				t.Errorf("round %d: version %d, want 2", round, got)
			}
		}
		e.VerifyAudit(t)
	})
}

// Reminders: the department a working day before the reply is due, the
// sender once it is overdue, each once; a replied notice is left alone.
func TestRemind(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := setup(t, db)
		ctx := context.Background()
		n := e.send(t, supervise.Input{})
		quiet := e.send(t, supervise.Input{Subject: "已回复的督办"})
		if _, err := e.act(e.Approver, quiet, supervise.ActReply, "已处理完毕。", 0); err != nil {
			t.Fatal(err)
		}
		remind := func(want int) {
			t.Helper()
			got, err := e.svc.Remind(ctx)
			if err != nil || got != want {
				t.Errorf("%s: reminded %d (%v), want %d", e.Clock.Today(), got, err, want)
			}
		}
		remind(0)
		e.Workdays(t, 2) // one working day before the due date
		remind(1)
		remind(0)
		for _, p := range []*access.Principal{e.Reviewer, e.Approver2} {
			if m := e.inbox(t, p, supervise.KindRemind); len(m) != 1 || !strings.Contains(m[0], n.Number) {
				t.Errorf("%s's reminders %q", p.Username, m)
			}
		}
		if got := e.Count(t, "SELECT warned FROM supervision_notices WHERE id = ?", n.ID); got != 1 {
			t.Errorf("warned %d, want 1", got)
		}
		e.Clock.SetDay(n.ReplyDue)
		remind(0) // due today: still the same level
		e.Workdays(t, 1)
		remind(1)
		remind(0)
		if m := e.inbox(t, e.Supervisor, supervise.KindOverdue); len(m) != 1 || !strings.Contains(m[0], "迪庆州市场监督管理局") {
			t.Errorf("the sender's overdue messages %q", m)
		}
		if m := e.inbox(t, e.Approver, supervise.KindOverdue); len(m) != 0 {
			t.Errorf("the department got the sender's overdue message: %q", m)
		}
		if got := e.Count(t, "SELECT warned FROM supervision_notices WHERE id = ?", quiet.ID); got != 0 {
			t.Errorf("the replied notice was warned %d", got)
		}

		// Replied and returned: a new limit, and the reminders start again.
		n, err := e.act(e.Approver, n, supervise.ActReply, "逾期回复：已办结。", 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err = e.act(e.Supervisor, n, supervise.ActReturn, "请附办结文书。", 0); err != nil {
			t.Fatal(err)
		}
		remind(0)
		e.Workdays(t, 2)
		remind(1)
		if m := e.inbox(t, e.Reviewer, supervise.KindRemind); len(m) != 2 {
			t.Errorf("reminders after the return: %q", m)
		}
		var events int
		for _, a := range []string{"notice.remind", "notice.overdue"} {
			events += e.Count(t, "SELECT COUNT(*) FROM audit_events WHERE action = ?", a)
		}
		if events != 3 {
			t.Errorf("%d reminder events, want 3", events)
		}
	})
}

// The daily digest: one message per approver of each department with
// overdue tasks, naming the ten most overdue cases; sent once a day
// however often and however many nodes run it.
func TestDigest(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := setup(t, db)
		ctx := context.Background()
		cal := e.Calendar.Calendar()
		var list []cases.Case
		for range 11 {
			list = append(list, e.CaseIn(t, cases.InReview))
			e.Workdays(t, 1)
		}
		special := e.CaseIn(t, cases.Special) // its clock stands still
		_ = e.CaseIn(t, cases.Submitted)      // the hall's acceptance, not the department's
		e.Workdays(t, 20)
		today := e.Clock.Today()

		if n, err := e.svc.Digest(ctx, today); err != nil || n != 1 {
			t.Fatalf("digest: %d departments (%v), want 1", n, err)
		}
		got := e.inbox(t, e.Approver, supervise.KindDigest)
		if len(got) != 1 || len(e.inbox(t, e.Approver2, supervise.KindDigest)) != 1 {
			t.Fatalf("approvers' digests %q", got)
		}
		for _, p := range []*access.Principal{e.Reviewer, e.ApproverHealth, e.Supervisor} {
			if m := e.inbox(t, p, supervise.KindDigest); len(m) != 0 {
				t.Errorf("%s got a digest: %q", p.Username, m)
			}
		}
		msg := got[0]
		if !strings.Contains(msg, "11 件") || !strings.Contains(msg, "超期最久的 10 件") || strings.Contains(msg, special.Number) {
			t.Errorf("digest %q: want 11 cases, the 10 most overdue listed, not the paused one", msg)
		}
		if strings.Contains(msg, list[10].Number) {
			t.Errorf("the least overdue case is listed: %q", msg)
		}
		last := -1
		for i, c := range list[:10] {
			tasks, err := e.Store.Tasks(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			due := tasks[len(tasks)-1].Due
			days, _ := cal.Between(due, today, "533400")
			line := fmt.Sprintf("%d. %s %s，期限 %s，已超期 %d 个工作日", i+1, c.Number, c.Name, due, days)
			at := strings.Index(msg, line)
			if at < 0 || at < last {
				t.Errorf("digest lacks, or misorders, %q:\n%s", line, msg)
			}
			last = at
		}

		if n, err := e.svc.Digest(ctx, today); err != nil || n != 0 {
			t.Errorf("a second run the same day: %d (%v), want 0", n, err)
		}
		if got := e.Count(t, "SELECT cases FROM overdue_digests WHERE dept_id = ?", e.DeptMarket); got != 11 {
			t.Errorf("digest row: %d cases", got)
		}

		// The next working day, four nodes at once: one digest.
		e.Workdays(t, 1)
		var wg sync.WaitGroup
		start := make(chan struct{})
		sent := make([]int, 4)
		for i := range sent {
			wg.Go(func() {
				<-start
				var err error
				if sent[i], err = e.svc.Digest(ctx, e.Clock.Today()); err != nil {
					t.Error(err)
				}
			})
		}
		close(start)
		wg.Wait()
		if sent[0]+sent[1]+sent[2]+sent[3] != 1 {
			t.Errorf("concurrent runs sent %v, want one digest", sent)
		}
		if m := e.inbox(t, e.Approver, supervise.KindDigest); len(m) != 2 {
			t.Errorf("after two days the approver has %d digests, want 2", len(m))
		}

		// Not before 08:00, not on a day off.
		e.Workdays(t, 1)
		y, m, d := e.Clock.Today().YMD()
		e.Clock.Set(time.Date(y, m, d, 7, 30, 0, 0, workcal.China))
		before := e.state(t)
		if n, err := e.svc.DigestNow(ctx); err != nil || n != 0 {
			t.Errorf("at 07:30: %d (%v)", n, err)
		}
		off := e.Clock.Today()
		for cal.IsWorkday(off, "533400") {
			off = off.AddDays(1)
		}
		if n, err := e.svc.Digest(ctx, off); err != nil || n != 0 {
			t.Errorf("on %s, a day off: %d (%v)", off, n, err)
		}
		if after := e.state(t); after != before {
			t.Errorf("a digest before eight or on a day off wrote:\n%s\n%s", before, after)
		}
		e.Clock.Set(time.Date(y, m, d, 8, 0, 0, 0, workcal.China))
		if n, err := e.svc.DigestNow(ctx); err != nil || n != 1 {
			t.Errorf("at 08:00: %d (%v), want 1", n, err)
		}
		e.VerifyAudit(t)
	})
}
