package rating

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// The rules every rating follows, wherever it is given (online by the
// applicant, at a window with a signed token): one validation of the input,
// one way a bad rating opens its rectification.

// check validates a rating as given and returns its tags (trimmed, each
// once) and its comment (trimmed). Errors: Invalid naming score, comment
// or tags.
func check(in Input) ([]string, string, error) {
	if in.Score < 1 || in.Score > 5 {
		return nil, "", errs.Field("score", "评价等级应为 1（非常不满意）到 5（非常满意）")
	}
	comment := strings.TrimSpace(in.Comment)
	if utf8.RuneCountInString(comment) > 500 {
		return nil, "", errs.Field("comment", "评价内容不能超过 500 字")
	}
	allowed := Tags(in.Score)
	tags := []string{}
	for i, t := range in.Tags {
		t = strings.TrimSpace(t)
		if !slices.Contains(allowed, t) {
			return nil, "", errs.Field("tags", "第 %d 个标签“%s”不是“%s”可选的标签：%s", i+1, t, Title(in.Score), strings.Join(allowed, "、"))
		}
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if Bad(in.Score) && len(tags) == 0 && comment == "" {
		return nil, "", errs.Field("tags", "差评请至少选择一个标签或写明原因，以便部门核实整改")
	}
	return tags, comment, nil
}

// settle returns the rectification a bad rating r opens (nil for a good
// one) and the audit events of the rating and the rectification, for the
// store to write with the rating in one transaction.
func (s *Service) settle(ctx context.Context, r *Rating) (*Rectification, []audit.Event, error) {
	var rect *Rectification
	if Bad(r.Score) {
		due, err := s.stageDue(ctx, r.Region, StageVerify, workcal.Today(r.CreatedAt))
		if err != nil {
			return nil, nil, err
		}
		rect = &Rectification{CaseID: r.CaseID, DeptID: r.DeptID, Region: r.Region, Round: r.Round, Named: r.Named,
			Stage: StageVerify, StageDue: due, Steps: []RectStep{}, Version: 1, CreatedAt: r.CreatedAt, UpdatedAt: r.CreatedAt}
	}
	evs := []audit.Event{audit.New(ctx, "rating.create", "case", r.CaseNumber, nil,
		map[string]any{"score": r.Score, "tags": r.Tags, "named": r.Named, "round": r.Round}, "")}
	if rect != nil {
		evs = append(evs, audit.New(ctx, "rectification.open", "case", r.CaseNumber, nil,
			map[string]any{"stage": rect.Stage, "due": rect.StageDue, "dept_id": rect.DeptID}, "差评自动转整改"))
	}
	return rect, evs, nil
}
