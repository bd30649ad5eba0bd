package cases

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// system is the principal periodic jobs act as.
var system = &access.Principal{Username: "system", Kind: "system"}

// Deem accepts by law every case whose acceptance is overdue (行政许可法
// 第三十二条: a department that does not decide within five working days
// has accepted the application from the day it received it). It returns
// the number of cases accepted. A case someone acts on at the same moment
// is left to them (the conflict is not an error).
func (s *Service) Deem(ctx context.Context) (int, error) {
	ctx = audit.WithActor(ctx, audit.Actor{Name: "system", Role: "system"})
	today := s.today()
	n := 0
	for {
		due, err := s.store.AcceptOverdue(ctx, today, 100)
		if err != nil || len(due) == 0 {
			return n, err
		}
		progress := false
		for _, c := range due {
			if c.ItemCode == "" {
				continue // a bundle is accepted through its children
			}
			err := s.deemOne(ctx, c)
			if errs.Is(err, errs.Conflict) {
				continue
			}
			if err != nil {
				return n, fmt.Errorf("deem %s: %w", c.Number, err)
			}
			n++
			progress = true
		}
		if !progress {
			return n, nil
		}
	}
}

func (s *Service) deemOne(ctx context.Context, c Case) error {
	const why = "五个工作日内未作出是否受理的决定，依照《中华人民共和国行政许可法》第三十二条，自收到申请材料之日起即为受理"
	a, err := s.begin(ctx, system, c, ActionInput{Action: ActDeem, Comment: why})
	if err != nil {
		return err
	}
	if err := a.acceptAs(why); err != nil {
		return err
	}
	a.ch.Case = a.c
	a.ch.Audit = append(a.ch.Audit, audit.New(ctx, "case.deem_accept", "case", c.Number, snapshot(&c), snapshot(a.c), why))
	return s.store.Apply(ctx, a.ch)
}

// Remind sends the warnings of the clock: a reminder to whoever works a
// task when its due date is WarnDays working days away or closer (yellow),
// and, once it is overdue (red), the reminder again with an escalation to
// the department's approvers and the region's supervisors. Each level is
// sent once per task. It returns the number of tasks warned.
func (s *Service) Remind(ctx context.Context) (int, error) {
	ctx = audit.WithActor(ctx, audit.Actor{Name: "system", Role: "system"})
	today := s.today()
	soon, err := s.warnBy(today, "")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, level := range []int{2, 1} {
		day := soon
		if level == 2 {
			day = today.AddDays(-1)
		}
		rows, err := s.store.TasksDue(ctx, day, level, 200)
		if err != nil {
			return n, err
		}
		for _, r := range rows {
			if err := s.warn(ctx, r, level); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

func (s *Service) warn(ctx context.Context, r InboxRow, level int) error {
	t, c := r.Task, r.Case
	var to []int64
	if t.AssigneeID != 0 {
		to = append(to, t.AssigneeID)
	} else {
		staff, err := s.store.StaffWith(ctx, t.Role, t.scope())
		if err != nil {
			return err
		}
		to = append(to, staff...)
	}
	kind, subject := "reminder", fmt.Sprintf("办件即将到期：%s", c.Number)
	body := fmt.Sprintf("“%s”（%s）的“%s”环节将于 %s 到期，请及时办理。", c.Name, c.Number, t.StepName, t.Due)
	action := "case.remind"
	if level == 2 {
		kind, subject, action = "overdue", fmt.Sprintf("办件已超期：%s", c.Number), "case.escalate"
		body = fmt.Sprintf("“%s”（%s）的“%s”环节已于 %s 到期，现已超期，请立即办理。", c.Name, c.Number, t.StepName, t.Due)
		// The approvers of the case's department (an acceptance task has
		// none of its own) and the supervisors where the task is worked.
		for _, at := range []struct {
			role  access.Role
			scope access.Scope
		}{
			{access.Approver, access.Scope{Region: c.RegionCode, DeptID: c.DeptID}},
			{access.Supervisor, access.Scope{Region: t.Region}},
		} {
			if at.role == access.Approver && c.DeptID == 0 {
				continue
			}
			staff, err := s.store.StaffWith(ctx, string(at.role), at.scope)
			if err != nil {
				return err
			}
			to = append(to, staff...)
		}
	}
	slices.Sort(to)
	to = slices.Compact(to)
	var msgs []Message
	for _, id := range to {
		msgs = append(msgs, Message{AccountID: id, CaseID: c.ID, Number: c.Number, Kind: kind, Subject: subject,
			Body: body, Channels: s.Channels, CreatedAt: s.now()})
	}
	ev := audit.New(ctx, action, "case", c.Number, nil, map[string]any{"task": t.StepName, "due": t.Due, "recipients": len(to)}, "")
	return s.store.MarkWarned(ctx, t.ID, level, msgs, ev)
}

// Sender delivers messages beyond the in-app inbox (SMS, e-mail).
type Sender interface {
	// Channel is the channel name it serves: sms, email.
	Channel() string
	Send(ctx context.Context, m Message) error
}

// LogSender is the default sender: it writes the message to the log
// (account id and subject only, never a phone number or the body).
type LogSender struct {
	Name string
	Log  *slog.Logger
}

// Channel implements Sender.
func (l LogSender) Channel() string { return l.Name }

// Send implements Sender.
func (l LogSender) Send(ctx context.Context, m Message) error {
	l.Log.InfoContext(ctx, "message sent", "channel", l.Name, "account", m.AccountID, "case", m.Number, "subject", m.Subject)
	return nil
}

// Outbox is the store side of sending: pending messages and their outcome.
type Outbox interface {
	PendingMessages(ctx context.Context, limit int) ([]Message, error)
	MarkSent(ctx context.Context, id int64, failure string) error
}

// Dispatch sends pending messages through the senders of their channels
// and records each outcome; a failed send is retried on the next run (up
// to five attempts, then left with its error for operators). It returns the
// number of messages handled.
func Dispatch(ctx context.Context, box Outbox, senders []Sender) (int, error) {
	msgs, err := box.PendingMessages(ctx, 200)
	if err != nil {
		return 0, err
	}
	for _, m := range msgs {
		var failed []string
		for _, ch := range strings.Split(m.Channels, ",") {
			i := slices.IndexFunc(senders, func(s Sender) bool { return s.Channel() == ch })
			if i < 0 {
				continue
			}
			if err := senders[i].Send(ctx, m); err != nil {
				failed = append(failed, ch+": "+err.Error())
			}
		}
		if err := box.MarkSent(ctx, m.ID, strings.Join(failed, "; ")); err != nil {
			return 0, err
		}
	}
	return len(msgs), nil
}
