package hotline

import (
	"context"
	"fmt"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// PushInput sends a hot spot's waiting tickets to a department in one step (一键送达).
type PushInput struct {
	Subject string  `json:"subject_code" maxLength:"20"`
	Region  string  `json:"region_code" maxLength:"12"`
	DeptID  int64   `json:"dept_id,omitempty" doc:"主办部门（不填则按派单规则）"`
	Assists []int64 `json:"assists,omitempty" maxItems:"10"`
}

// PushResult lists the tickets dispatched.
type PushResult struct {
	Dispatched []string `json:"dispatched"`
}

// Push dispatches every ticket waiting for dispatch of a subject (and its
// subtree) in a region (and its subtree) to one department, in one
// transaction (一键送达): all or none. Errors: Forbidden, Invalid,
// Conflict (a ticket changed meanwhile).
func (s *Service) Push(ctx context.Context, p *access.Principal, in PushInput) (PushResult, error) {
	if !p.Can(access.HotlineRoute, access.Scope{Region: in.Region}) {
		return PushResult{}, errs.E(errs.Forbidden, "只有该地区的 12345 派单员可以一键送达")
	}
	if _, _, err := s.subjectOf(ctx, in.Subject); err != nil {
		return PushResult{}, err
	}
	if _, err := s.store.RegionName(ctx, in.Region); errs.Is(err, errs.NotFound) {
		return PushResult{}, errs.Field("region_code", "行政区划 %s 不存在或已撤销", clip(in.Region, 12))
	} else if err != nil {
		return PushResult{}, err
	}
	list, err := s.store.List(ctx, Filter{Regions: []string{in.Region}, Subject: in.Subject,
		Statuses: []string{StatusDispatching}, Limit: 500})
	if err != nil {
		return PushResult{}, err
	}
	if len(list) == 0 {
		return PushResult{}, errs.E(errs.Conflict, "该热点没有待派单的工单")
	}
	var chs []Change
	out := PushResult{Dispatched: []string{}}
	for i := range list {
		t := &list[i]
		a := &act{s: s, p: p, t: t, in: ActionInput{Action: ActDispatch, DeptID: in.DeptID, Assists: in.Assists},
			now: s.now(), before: snapshot(t)}
		a.ch = Change{Ticket: t}
		if err := a.dispatch(ctx); err != nil {
			return PushResult{}, err
		}
		t.UpdatedAt = a.now
		a.ch.Event = Event{At: a.now, ActorID: p.AccountID, ActorName: p.Username, Role: a.role, Action: "push",
			From: StatusDispatching, To: t.Status, DeptID: t.DeptID, Comment: "一键送达：" + a.comment}
		after := snapshot(t)
		after["version"] = t.Version + 1
		a.ch.Audit = []audit.Event{audit.New(ctx, "ticket.push", ObjectType, t.Number, a.before, after, "")}
		chs = append(chs, a.ch)
		out.Dispatched = append(out.Dispatched, t.Number)
	}
	if err := s.store.Apply(ctx, chs...); err != nil {
		if errs.Is(err, errs.Conflict) {
			return PushResult{}, errs.Wrap(err, errs.Conflict, "有工单已被他人处理，请刷新后重试")
		}
		return PushResult{}, err
	}
	return out, nil
}

// RuleInput is a responsibility a dispatcher records.
type RuleInput struct {
	Subject string `json:"subject_code" maxLength:"20"`
	Region  string `json:"region_code" maxLength:"12"`
	DeptID  int64  `json:"dept_id"`
	Lead    bool   `json:"lead" doc:"主办（否则协办）"`
}

// AddRule records a dispatch rule. Errors: Forbidden, Invalid, Conflict (exists).
func (s *Service) AddRule(ctx context.Context, p *access.Principal, in RuleInput) (Rule, error) {
	if !p.Can(access.HotlineRoute, access.Scope{Region: in.Region}) {
		return Rule{}, errs.E(errs.Forbidden, "只有该地区的 12345 派单员可以维护派单规则")
	}
	sub, _, err := s.subjectOf(ctx, in.Subject)
	if err != nil {
		return Rule{}, err
	}
	if _, err := s.store.RegionName(ctx, in.Region); errs.Is(err, errs.NotFound) {
		return Rule{}, errs.Field("region_code", "行政区划 %s 不存在或已撤销", clip(in.Region, 12))
	} else if err != nil {
		return Rule{}, err
	}
	d, err := s.store.Dept(ctx, in.DeptID)
	if errs.Is(err, errs.NotFound) || err == nil && !d.Active {
		return Rule{}, errs.Field("dept_id", "部门 %d 不存在或已停用", in.DeptID)
	} else if err != nil {
		return Rule{}, err
	}
	r := Rule{Subject: sub.Code, Region: in.Region, DeptID: d.ID, DeptName: d.Name, Lead: in.Lead}
	ev := audit.New(ctx, "hotline_rule.create", "hotline_rule", "", nil, r, "")
	if err := s.store.PutRule(ctx, &r, ev); err != nil {
		if errs.Is(err, errs.Conflict) {
			return Rule{}, errs.Wrap(err, errs.Conflict, "该分类在该地区已有此部门的派单规则")
		}
		return Rule{}, err
	}
	return r, nil
}

// Warning bits of a ticket.
const (
	warnSign   = 1
	warnHandle = 2
)

// Remind warns about tickets whose sign or handle limit has passed: once
// for each limit, to the lead department's staff and the dispatchers.
// It returns how many warnings it sent. A ticket changed meanwhile is
// left for the next run.
func (s *Service) Remind(ctx context.Context) (int, error) {
	now := s.now()
	list, err := s.store.Overdue(ctx, now.UnixMilli(), 200)
	if err != nil {
		return 0, err
	}
	sent := 0
	for i := range list {
		t := &list[i]
		var what []string
		bits := 0
		if t.Status == StatusDispatched && t.Warned&warnSign == 0 && now.After(t.SignDue) {
			what, bits = append(what, "超过签收时限（"+fmtTime(t.SignDue)+"）"), bits|warnSign
		}
		if t.Warned&warnHandle == 0 && !t.HandleDue.IsZero() && now.After(t.HandleDue) &&
			(t.Status == StatusDispatched || t.Status == StatusHandling || t.Status == StatusExtending) {
			what, bits = append(what, "超过办结时限（"+fmtTime(t.HandleDue)+"）"), bits|warnHandle
		}
		if bits == 0 {
			continue
		}
		a := &act{s: s, t: t, now: now}
		a.ch = Change{Ticket: t}
		body := "12345 工单 " + t.Number + " 已" + strings.Join(what, "、") + "，请尽快办理。"
		if err := a.notifyDept(ctx, "工单逾期", body); err != nil {
			return sent, err
		}
		if err := a.notifyDispatchers(ctx, "工单逾期", t.DeptName+"："+body); err != nil {
			return sent, err
		}
		before := t.Warned
		t.Warned |= bits
		a.ch.Event = Event{At: now, ActorName: "system", Role: "system", Action: "overdue", From: t.Status, To: t.Status,
			DeptID: t.DeptID, Comment: strings.Join(what, "、")}
		a.ch.Audit = []audit.Event{audit.New(ctx, "ticket.overdue", ObjectType, t.Number,
			map[string]any{"warned": before, "version": t.Version}, map[string]any{"warned": t.Warned, "version": t.Version + 1}, "")}
		err := s.store.Apply(ctx, a.ch)
		if errs.Is(err, errs.Conflict) {
			continue
		}
		if err != nil {
			return sent, fmt.Errorf("hotline: remind %s: %w", t.Number, err)
		}
		sent++
	}
	return sent, nil
}
