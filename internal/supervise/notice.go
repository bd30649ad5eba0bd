package supervise

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// text checks free text; empty is refused with missing when required.
func text(field, s string, max int, missing string) (string, error) {
	if missing != "" && strings.TrimSpace(s) == "" {
		return "", errs.Field(field, "%s", missing)
	}
	return validate.Text(field, s, max, false)
}

// days checks a reply limit (0: the default).
func days(field string, n int) (int, error) {
	if n == 0 {
		return DefaultDays, nil
	}
	if n < 1 || n > MaxDays {
		return 0, errs.Field(field, "回复时限应为 1 到 %d 个工作日", MaxDays)
	}
	return n, nil
}

// Send sends a notice to a department of p's region.
// Errors: Forbidden (p does not supervise, or not that department),
// Invalid (naming the field: no such department or case, the case is
// another department's, text missing or too long, a bad limit).
func (s *Service) Send(ctx context.Context, p *access.Principal, in Input) (Notice, error) {
	if !p.Has(access.Supervise) {
		return Notice{}, errs.E(errs.Forbidden, "只有效能监督人员可以发出督办")
	}
	subject, err := text("subject", in.Subject, MaxSubject, "请填写督办事由")
	if err != nil {
		return Notice{}, err
	}
	if strings.ContainsAny(subject, "\n\t") {
		return Notice{}, errs.Field("subject", "督办事由请写成一行")
	}
	body, err := text("body", in.Body, MaxText, "请填写督办内容")
	if err != nil {
		return Notice{}, err
	}
	limit, err := days("days", in.Days)
	if err != nil {
		return Notice{}, err
	}
	n := Notice{DeptID: in.DeptID, Subject: subject, Body: body, Status: StatusOpen, CreatedBy: p.AccountID,
		Sender: p.Username, Version: 1}
	if num := strings.TrimSpace(in.CaseNumber); num != "" {
		c, err := s.cases.Case(ctx, p, num)
		if errs.Is(err, errs.NotFound) {
			return Notice{}, errs.Field("case_number", "办件 %s 不存在或不在您的监督范围内，请核对办件编号", num)
		}
		if err != nil {
			return Notice{}, err
		}
		if n.DeptID == 0 {
			n.DeptID = c.DeptID
		}
		if c.DeptID != n.DeptID {
			return Notice{}, errs.Field("case_number", "办件 %s 不由所选部门承办，请选择其承办部门或不填办件编号", num)
		}
		n.CaseID, n.CaseNumber = c.ID, c.Number
	}
	if n.DeptID == 0 {
		return Notice{}, errs.Field("dept_id", "请选择收文部门")
	}
	d, err := s.depts.Dept(ctx, n.DeptID)
	if errs.Is(err, errs.NotFound) {
		return Notice{}, errs.Field("dept_id", "部门 %d 不存在，请重新选择收文部门", n.DeptID)
	}
	if err != nil {
		return Notice{}, err
	}
	if !d.Active {
		return Notice{}, errs.Field("dept_id", "部门“%s”已停用，不能接收督办", d.Name)
	}
	n.Region, n.DeptName = d.RegionCode, d.Name
	if !p.Can(access.Supervise, n.scope()) {
		return Notice{}, errs.E(errs.Forbidden, "部门“%s”不在您的督办范围内", d.Name)
	}
	n.CreatedAt = s.now()
	due, err := s.cal().Add(workcal.Today(n.CreatedAt), limit, n.Region)
	if err != nil {
		return Notice{}, err
	}
	n.ReplyDue = due.Date
	to, err := s.store.StaffWith(ctx, access.Rectify, n.scope())
	if err != nil {
		return Notice{}, err
	}
	ev := audit.New(ctx, "notice.send", ObjectType, "", nil, map[string]any{"dept_id": n.DeptID, "case": n.CaseNumber,
		"subject": n.Subject, "days": limit, "reply_due": n.ReplyDue, "recipients": len(to)}, "")
	err = s.store.Create(ctx, &n, func(n Notice) []cases.Message {
		return s.messages(to, n.CaseID, KindNotice, "督办："+n.Subject,
			"您部门收到督办（"+n.Number+"）："+n.Subject+"。请于 "+n.ReplyDue.String()+" 前回复。")
	}, ev)
	if err != nil {
		return Notice{}, err
	}
	return n, nil
}

// visible returns the notice if p may see it: a supervisor or a staff
// member of the department whose grant covers it. Others get NotFound.
func (s *Service) visible(ctx context.Context, p *access.Principal, id int64) (Notice, error) {
	n, err := s.store.Notice(ctx, id)
	if errs.Is(err, errs.NotFound) || err == nil && !canSee(p, &n) {
		return Notice{}, errs.E(errs.NotFound, "督办 %d 不存在或您无权查看", id)
	}
	return n, err
}

func canSee(p *access.Principal, n *Notice) bool {
	return p.Can(access.Supervise, n.scope()) || p.Can(access.Rectify, n.scope())
}

// Get returns a notice with its history for a reader who may see it.
// Errors: NotFound.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (View, error) {
	n, err := s.visible(ctx, p, id)
	if err != nil {
		return View{}, err
	}
	evs, err := s.store.Events(ctx, n.Number)
	if err != nil {
		return View{}, err
	}
	v := View{Notice: n, StatusTitle: StatusTitle(n.Status), History: history(evs)}
	rectify, supervise := p.Can(access.Rectify, n.scope()), p.Can(access.Supervise, n.scope())
	v.CanReply = rectify && n.Status == StatusOpen
	v.CanClose = supervise && n.Status == StatusReplied
	v.CanReturn = v.CanClose
	return v, nil
}

var entryTitles = map[string]string{
	"send": "发出督办", "reply": "部门回复", "close": "办结", "return": "退回重新回复",
	"remind": "到期提醒", "overdue": "逾期提醒",
}

// history turns a notice's audit events into its steps.
func history(evs []audit.Event) []Entry {
	out := []Entry{}
	for _, e := range evs {
		act, ok := strings.CutPrefix(e.Action, ObjectType+".")
		if !ok {
			continue
		}
		var after struct {
			Reply string       `json:"reply"`
			Due   workcal.Date `json:"reply_due"`
		}
		_ = json.Unmarshal([]byte(e.After), &after)
		en := Entry{At: e.At, Actor: e.ActorName, Action: act, Title: entryTitles[act], Text: e.Reason, Due: after.Due}
		if act == ActReply {
			en.Text = after.Reply
		}
		if en.Title == "" {
			en.Title = act
		}
		out = append(out, en)
	}
	return out
}

// Act replies to, closes or returns a notice.
// Errors: NotFound (p may not see it), Forbidden (not p's part),
// Conflict (not in a status that allows it, or changed meanwhile),
// Invalid (naming the field).
func (s *Service) Act(ctx context.Context, p *access.Principal, id int64, in ActionInput) (Notice, error) {
	if !slices.Contains([]string{ActReply, ActClose, ActReturn}, in.Action) {
		return Notice{}, errs.Field("action", "未知的操作“%s”，应为 reply（回复）、close（办结）或 return（退回）", in.Action)
	}
	n, err := s.visible(ctx, p, id)
	if err != nil {
		return Notice{}, err
	}
	before := map[string]any{"status": n.Status, "version": n.Version}
	if in.Action == ActReply {
		if !p.Can(access.Rectify, n.scope()) {
			return Notice{}, errs.E(errs.Forbidden, "只有收文部门“%s”的工作人员可以回复督办", n.DeptName)
		}
		if n.Status != StatusOpen {
			return Notice{}, errs.E(errs.Conflict, "督办%s，不能再回复", StatusTitle(n.Status))
		}
	} else {
		if !p.Can(access.Supervise, n.scope()) {
			return Notice{}, errs.E(errs.Forbidden, "只有监督人员可以办结或退回督办")
		}
		if n.Status != StatusReplied {
			return Notice{}, errs.E(errs.Conflict, "部门回复后才能办结或退回（当前：%s）", StatusTitle(n.Status))
		}
	}
	if in.Version != 0 && in.Version != n.Version {
		return Notice{}, errs.E(errs.Conflict, "督办已被他人处理（版本 %d，您看到的是 %d），请刷新后重试", n.Version, in.Version)
	}
	now := s.now()
	var msgs []cases.Message
	var ev audit.Event
	switch in.Action {
	case ActReply:
		reply, err := text("text", in.Text, MaxText, "请填写回复内容：落实情况、原因和整改措施")
		if err != nil {
			return Notice{}, err
		}
		n.Status, n.Reply, n.RepliedBy, n.Replier, n.RepliedAt = StatusReplied, reply, p.AccountID, p.Username, now
		msgs = []cases.Message{s.message(n.CreatedBy, n.CaseID, KindNotice, "督办已回复："+n.Number,
			n.DeptName+"已回复督办“"+n.Subject+"”，请查看后办结或退回。")}
		ev = audit.New(ctx, "notice.reply", ObjectType, n.Number, before,
			map[string]any{"status": n.Status, "version": n.Version + 1, "reply": reply}, "")
	case ActClose:
		note, err := text("text", in.Text, MaxText, "")
		if err != nil {
			return Notice{}, err
		}
		n.Status, n.ClosedAt = StatusClosed, now
		if n.RepliedBy != 0 {
			body := "督办“" + n.Subject + "”已办结。"
			if note != "" {
				body += "办结意见：" + note
			}
			msgs = []cases.Message{s.message(n.RepliedBy, n.CaseID, KindNotice, "督办已办结："+n.Number, body)}
		}
		ev = audit.New(ctx, "notice.close", ObjectType, n.Number, before,
			map[string]any{"status": n.Status, "version": n.Version + 1}, note)
	case ActReturn:
		reason, err := text("text", in.Text, MaxText, "请写明退回理由，以便部门重新回复")
		if err != nil {
			return Notice{}, err
		}
		limit, err := days("days", in.Days)
		if err != nil {
			return Notice{}, err
		}
		due, err := s.cal().Add(workcal.Today(now), limit, n.Region)
		if err != nil {
			return Notice{}, err
		}
		before["reply_due"] = n.ReplyDue
		n.Status, n.ReplyDue, n.Warned = StatusOpen, due.Date, 0
		n.Reply, n.RepliedBy, n.Replier, n.RepliedAt = "", 0, "", time.Time{}
		to, err := s.store.StaffWith(ctx, access.Rectify, n.scope())
		if err != nil {
			return Notice{}, err
		}
		msgs = s.messages(to, n.CaseID, KindNotice, "督办被退回："+n.Number,
			"督办“"+n.Subject+"”的回复被退回："+reason+"。请于 "+n.ReplyDue.String()+" 前重新回复。")
		ev = audit.New(ctx, "notice.return", ObjectType, n.Number, before,
			map[string]any{"status": n.Status, "version": n.Version + 1, "reply_due": n.ReplyDue, "days": limit}, reason)
	}
	if err := s.store.Update(ctx, &n, msgs, ev); err != nil {
		if errs.Is(err, errs.Conflict) {
			return Notice{}, errs.Wrap(err, errs.Conflict, "督办已被他人处理，请刷新后重试")
		}
		return Notice{}, err
	}
	return n, nil
}

// List returns a page of the notices p sent (view sent: to departments in
// p's supervision scope) or received (view received: to p's departments).
// Errors: Forbidden (p neither supervises nor works for a department),
// Invalid (naming the query parameter).
func (s *Service) List(ctx context.Context, p *access.Principal, q ListQuery) (Page, error) {
	view := q.View
	if view == "" {
		view = ViewReceived
		if p.Has(access.Supervise) {
			view = ViewSent
		}
	}
	perm := access.Rectify
	switch view {
	case ViewSent:
		perm = access.Supervise
	case ViewReceived:
	default:
		return Page{}, errs.Field("view", "列表应为 sent（发出的督办）或 received（收到的督办）")
	}
	f := Filter{Status: q.Status, DeptID: q.DeptID, Limit: q.Limit}
	for _, g := range p.Grants {
		if g.Role.Has(perm) && g.HallID == 0 {
			f.Scopes = append(f.Scopes, access.Scope{Region: g.Region, DeptID: g.DeptID})
		}
	}
	if len(f.Scopes) == 0 {
		if view == ViewSent {
			return Page{}, errs.E(errs.Forbidden, "查看发出的督办需要效能监督权限")
		}
		return Page{}, errs.E(errs.Forbidden, "查看收到的督办需要部门整改权限（审查人员、审批负责人）")
	}
	if f.Status != "" && StatusTitle(f.Status) == "" {
		return Page{}, errs.Field("status", "状态应为 open（待回复）、replied（已回复）或 closed（已办结）")
	}
	if q.Cursor != "" {
		var err error
		if f.Before, err = strconv.ParseInt(q.Cursor, 10, 64); err != nil || f.Before <= 0 {
			return Page{}, errs.Field("cursor", "分页参数无效，请从第一页重新查询")
		}
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	limit := f.Limit
	f.Limit++
	list, err := s.store.List(ctx, f)
	if err != nil {
		return Page{}, err
	}
	pg := Page{View: view, Notices: list}
	if len(list) > limit {
		pg.Notices = list[:limit]
		pg.NextCursor = strconv.FormatInt(list[limit-1].ID, 10)
	}
	if pg.Notices == nil {
		pg.Notices = []Notice{}
	}
	return pg, nil
}

// Depts lists the active departments p may send notices to, each grant's
// by region code and name.
func (s *Service) Depts(ctx context.Context, p *access.Principal) ([]gov.Dept, error) {
	var out []gov.Dept
	seen := map[int64]bool{}
	for _, g := range p.Grants {
		if !g.Role.Has(access.Supervise) || g.HallID != 0 {
			continue
		}
		ds, err := s.depts.ListDepts(ctx, gov.Query{Region: g.Region, ActiveOnly: true, Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			if !seen[d.ID] && (g.DeptID == 0 || g.DeptID == d.ID) {
				seen[d.ID] = true
				out = append(out, d)
			}
		}
	}
	return out, nil
}
