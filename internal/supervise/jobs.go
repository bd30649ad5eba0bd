package supervise

import (
	"context"
	"fmt"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/workcal"
)

// system is the audit actor of the periodic jobs.
func system(ctx context.Context) context.Context {
	return audit.WithActor(ctx, audit.Actor{Name: "system", Role: "system"})
}

// Remind warns about open notices: the department's staff (rating.rectify)
// when the reply is due within one working day of the department's region
// (warned 1), the supervisor who sent it once it is overdue (warned 2).
// Each level is sent once per due date (a return starts again); a notice
// someone acts on meanwhile is left alone. It returns the number of
// notices warned.
func (s *Service) Remind(ctx context.Context) (int, error) {
	ctx = system(ctx)
	today, cal := workcal.Today(s.now()), s.cal()
	// Two weeks of calendar days reach past the longest holiday to the
	// next working day; the calendar of each region decides.
	rows, err := s.store.Pending(ctx, today.AddDays(14), 200)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, x := range rows {
		level := 0
		switch cases.Level(cal, x.Region, today, x.ReplyDue, 1) {
		case cases.LevelRed:
			level = 2
		case cases.LevelYellow:
			level = 1
		}
		if level <= x.Warned {
			continue
		}
		var msgs []cases.Message
		action := "notice.remind"
		if level == 1 {
			to, err := s.store.StaffWith(ctx, access.Rectify, x.scope())
			if err != nil {
				return n, err
			}
			msgs = s.messages(to, x.CaseID, KindRemind, "督办即将到期："+x.Number,
				fmt.Sprintf("督办“%s”（%s）应于 %s 前回复，请及时回复。", x.Subject, x.Number, x.ReplyDue))
		} else {
			action = "notice.overdue"
			msgs = []cases.Message{s.message(x.CreatedBy, x.CaseID, KindOverdue, "督办逾期未回复："+x.Number,
				fmt.Sprintf("%s未在 %s 前回复督办“%s”（%s），请跟进。", x.DeptName, x.ReplyDue, x.Subject, x.Number))}
		}
		ev := audit.New(ctx, action, ObjectType, x.Number, map[string]any{"warned": x.Warned},
			map[string]any{"warned": level, "reply_due": x.ReplyDue, "recipients": len(msgs)}, "")
		ok, err := s.store.MarkWarned(ctx, x.ID, x.Version, level, msgs, ev)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// DigestCases is how many cases a digest lists by name.
const DigestCases = 10

// Digest sends each department with overdue open tasks on day (due
// before it, of cases submitted or in review) one message per approver
// (case.decide): how many cases are overdue and the DigestCases most
// overdue ones. Each department gets one digest a day, however many
// nodes run it at once (overdue_digests). Nothing is sent on a day off of
// the department's region, and a department without an approver is
// skipped (and tried again on the next run). It returns the
// number of departments sent a digest.
func (s *Service) Digest(ctx context.Context, day workcal.Date) (int, error) {
	ctx = system(ctx)
	depts, err := s.store.OverdueDepts(ctx, day)
	if err != nil {
		return 0, err
	}
	cal, sent := s.cal(), 0
	for _, d := range depts {
		if !cal.IsWorkday(day, d.Region) {
			continue
		}
		to, err := s.store.StaffWith(ctx, access.CaseDecide, access.Scope{Region: d.Region, DeptID: d.DeptID})
		if err != nil {
			return sent, err
		}
		if len(to) == 0 {
			continue
		}
		list, err := s.store.OverdueCases(ctx, d.DeptID, day, DigestCases)
		if err != nil {
			return sent, err
		}
		for i := range list {
			if list[i].Days, err = cal.Between(list[i].Due, day, list[i].Region); err != nil {
				return sent, err
			}
		}
		subject, body := DigestText(d, day, list)
		ev := audit.New(ctx, "digest.send", "dept", fmt.Sprint(d.DeptID), nil,
			map[string]any{"day": day, "cases": d.Cases, "recipients": len(to)}, "")
		ok, err := s.store.SendDigest(ctx, Digest{DeptID: d.DeptID, Day: day, Cases: d.Cases, SentAt: s.now()},
			s.messages(to, 0, KindDigest, subject, body), ev)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// DigestText is the subject and body of a department's digest.
func DigestText(d DeptOverdue, day workcal.Date, list []OverdueCase) (subject, body string) {
	subject = fmt.Sprintf("超期办件日报（%s）：%d 件", day, d.Cases)
	var b strings.Builder
	fmt.Fprintf(&b, "截至 %s，%s有 %d 件办件的环节已超过办理期限。", day, d.DeptName, d.Cases)
	if len(list) < d.Cases {
		fmt.Fprintf(&b, "超期最久的 %d 件：", len(list))
	} else {
		b.WriteString("清单：")
	}
	// One line per case, each ending in a separator, so that the list
	// reads the same where line breaks are kept (SMS) and where not.
	for i, c := range list {
		fmt.Fprintf(&b, "\n%d. %s %s，期限 %s，已超期 %d 个工作日；", i+1, c.Number, c.Name, c.Due, c.Days)
	}
	b.WriteString("\n请尽快办理或督促承办人员办理。")
	return subject, b.String()
}

// DigestNow sends today's digests once the working day has begun
// (DigestHour, China time); earlier it does nothing. The job runs it
// every hour: the first run after the hour sends, the others find each
// department done.
func (s *Service) DigestNow(ctx context.Context) (int, error) {
	now := s.now().In(workcal.China)
	if now.Hour() < s.DigestHour {
		return 0, nil
	}
	return s.Digest(ctx, workcal.Today(now))
}
