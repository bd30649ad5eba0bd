package knowledge

import (
	"context"
	"fmt"
	"strconv"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
)

// Remind messages the owning department's knowledge.edit staff about
// each published article due for review within RemindDaysLead days (or
// past due), once per article and due date: a re-confirmation sets a new
// date, which is reminded of in its turn. It returns the number of
// articles reminded of.
func (s *Service) Remind(ctx context.Context) (int, error) {
	ctx = audit.WithActor(ctx, audit.Actor{Name: "system", Role: "system"})
	today := s.today()
	n := 0
	for round := 0; round < 50; round++ {
		due, err := s.store.DueReviews(ctx, today.AddDays(RemindDaysLead), 200)
		if err != nil || len(due) == 0 {
			return n, err
		}
		for _, a := range due {
			if err := s.remind(ctx, a); err != nil && !errs.Is(err, errs.Conflict) {
				return n, fmt.Errorf("remind knowledge article %d: %w", a.ID, err)
			}
			n++
		}
		if len(due) < 200 {
			return n, nil
		}
	}
	return n, nil
}

func (s *Service) remind(ctx context.Context, a Article) error {
	var to []int64
	seen := map[int64]bool{}
	for _, r := range access.Roles {
		if !r.Has(access.KnowledgeEdit) {
			continue
		}
		ids, err := s.store.StaffWith(ctx, string(r), scope(a))
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				to = append(to, id)
			}
		}
	}
	subject := fmt.Sprintf("知识库文章待复核：%s", clip(a.Title, 30))
	body := fmt.Sprintf("知识库文章“%s”的复核日期为 %s。请核对答复口径是否仍然准确：无需修改的点“复核确认”延长复核期，需要修改的先修改，已不适用的请下架。逾期未复核的文章在话务员搜索时标注“待复核”。",
		a.Title, a.ReviewDue)
	if a.StaleOn(s.today()) {
		subject = fmt.Sprintf("知识库文章已过复核期：%s", clip(a.Title, 30))
	}
	now := s.now()
	msgs := make([]cases.Message, 0, len(to))
	for _, id := range to {
		msgs = append(msgs, cases.Message{AccountID: id, Kind: "reminder", Subject: subject, Body: body, CreatedAt: now})
	}
	ev := audit.New(ctx, "knowledge.remind", "knowledge", strconv.FormatInt(a.ID, 10), nil,
		map[string]any{"review_due": a.ReviewDue.String(), "recipients": len(msgs)}, "")
	return s.store.Reminded(ctx, a, msgs, ev)
}
