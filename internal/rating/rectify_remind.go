package rating

import (
	"context"
	"fmt"
	"strconv"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Remind sends the warnings of the rectification clocks: when a stage is
// due within one working day, a reminder to whoever works it (the
// department's staff holding rating.rectify, or the supervisors for a
// recheck or an appeal; warned=1); once it is overdue, an escalation to the
// supervisors over the region and the department (warned=2). Each level is
// sent once per stage (a stage change resets it). It returns the number of
// rectifications warned; one someone acts on meanwhile is left alone.
func (s *Service) Remind(ctx context.Context) (int, error) {
	ctx = audit.WithActor(ctx, audit.Actor{Name: "system", Role: "system"})
	today := workcal.Today(s.now())
	n := 0
	for _, level := range []int{2, 1} {
		// Overdue: due before today. Due soon: due by the next working
		// day anywhere (a region's own days are checked per row).
		day := today.AddDays(-1)
		if level == 1 {
			day = today.AddDays(14) // past the longest holiday break
		}
		rows, err := s.store.DueRectifications(ctx, day, level, 200)
		if err != nil {
			return n, err
		}
		for _, x := range rows {
			if level == 1 && s.dueLevel(x) != "yellow" {
				continue
			}
			err := s.warn(ctx, x, level)
			if errs.Is(err, errs.Conflict) {
				continue
			}
			if err != nil {
				return n, fmt.Errorf("remind rectification %d: %w", x.ID, err)
			}
			n++
		}
	}
	return n, nil
}

func (s *Service) warn(ctx context.Context, x Rectification, level int) error {
	super := x.Stage == StageRecheck || x.Stage == StageAppeal
	to, err := s.staffFor(ctx, x, super)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("“%s”（%s）", x.CaseName, x.CaseNumber)
	kind, action := "reminder", "rectification.remind"
	subject := fmt.Sprintf("差评整改即将到期：%s", x.CaseNumber)
	body := fmt.Sprintf("%s的差评整改“%s”环节将于 %s 到期，请及时办理。", name, StageTitle(x.Stage), x.StageDue)
	if level == 2 {
		kind, action = "overdue", "rectification.escalate"
		subject = fmt.Sprintf("差评整改已超期：%s", x.CaseNumber)
		body = fmt.Sprintf("%s的差评整改“%s”环节已于 %s 到期，现已超期，请督促办理。", name, StageTitle(x.Stage), x.StageDue)
		if !super {
			sup, err := s.staffFor(ctx, x, true)
			if err != nil {
				return err
			}
			to = append(to, sup...)
		}
	}
	msgs := s.messages(x, to, kind, subject, body)
	after := x
	after.Warned, after.Version, after.UpdatedAt = level, x.Version+1, s.now()
	ev := audit.New(ctx, action, "rectification", strconv.FormatInt(x.ID, 10), nil,
		map[string]any{"stage": x.Stage, "due": x.StageDue.String(), "recipients": len(msgs)}, "")
	return s.store.UpdateRectification(ctx, x, after, msgs, ev)
}
