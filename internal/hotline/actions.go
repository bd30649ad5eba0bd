package hotline

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Actions on a ticket.
const (
	ActDispatch      = "dispatch"       // dispatcher: send to the lead (and assisting) departments
	ActSign          = "sign"           // department: 签收
	ActReturn        = "return"         // department: 退单, with a reason
	ActReturnAccept  = "return_accept"  // dispatcher: accept the return; the ticket waits for dispatch again
	ActReturnReject  = "return_reject"  // dispatcher: refuse it; back to the department
	ActExtend        = "extend"         // department: ask for more working days
	ActExtendApprove = "extend_approve" // dispatcher
	ActExtendDeny    = "extend_deny"    // dispatcher
	ActReply         = "reply"          // department: the outcome
	ActReviewAccept  = "review_accept"  // dispatcher: the reply is fine, call the caller back
	ActReviewReject  = "review_reject"  // dispatcher: send the reply back
	ActCallback      = "callback"       // agent: 回访
	ActUrge          = "urge"           // dispatcher (催办) or supervisor (督办)
	ActMerge         = "merge"          // dispatcher: close as a duplicate of another ticket
	ActClose         = "close"          // dispatcher: close without a department (invalid, explained…)
)

// Actions lists every action with its Chinese name.
var Actions = map[string]string{ActDispatch: "派单", ActSign: "签收", ActReturn: "退单", ActReturnAccept: "同意退单",
	ActReturnReject: "驳回退单", ActExtend: "申请延期", ActExtendApprove: "批准延期", ActExtendDeny: "不批准延期",
	ActReply: "答复", ActReviewAccept: "审核通过", ActReviewReject: "审核退回", ActCallback: "回访", ActUrge: "催办",
	ActMerge: "合并", ActClose: "办结"}

// ActionInput is one action on a ticket; which fields count depends on the action.
type ActionInput struct {
	Action  string `json:"action" enum:"dispatch,sign,return,return_accept,return_reject,extend,extend_approve,extend_deny,reply,review_accept,review_reject,callback,urge,merge,close"`
	Version int    `json:"version,omitempty" doc:"读取时的版本号；工单已被他人改动时返回 409"`
	// dispatch
	DeptID  int64   `json:"dept_id,omitempty" doc:"dispatch：主办部门（不填则按派单规则）"`
	Assists []int64 `json:"assists,omitempty" maxItems:"10" doc:"dispatch：协办部门"`
	Complex bool    `json:"complex,omitempty" doc:"dispatch：复杂件（办理时限按复杂件计）"`
	// reply, close
	Outcome string `json:"outcome,omitempty" enum:"resolved,explained,unresolvable,invalid," doc:"reply/close：办理结果"`
	Reason  string `json:"reason,omitempty" maxLength:"2000" doc:"无法解决的原因；退单、延期、驳回、审核退回、办结的理由"`
	Text    string `json:"text,omitempty" doc:"reply：答复内容；urge：催办内容；callback：回访记录"`
	Days    int    `json:"days,omitempty" minimum:"0" maximum:"30" doc:"extend：申请延期的工作日数；extend_approve：批准的天数（默认为申请的天数）"`
	// callback
	Satisfaction string `json:"satisfaction,omitempty" enum:"satisfied,basic,unsatisfied," doc:"callback：满意、基本满意、不满意（不满意则重办）"`
	// merge
	Into string `json:"into,omitempty" maxLength:"40" doc:"merge：并入的工单编号"`
}

// who is the part a principal plays on a ticket.
type who struct {
	agent, dispatcher, supervisor bool // hotline staff over the ticket's region
	dept                          bool // staff of the lead department
	assist                        bool // staff of an assisting department
}

func (w who) staff() bool { return w.agent || w.dispatcher || w.supervisor }

func handles(p *access.Principal, deptID int64, region string) bool {
	if deptID == 0 {
		return false
	}
	return p.Can(access.HotlineHandle, access.Scope{Region: region, DeptID: deptID})
}

func roleOn(p *access.Principal, t *Ticket) who {
	w := who{agent: p.Can(access.HotlineTake, t.scope()), dispatcher: p.Can(access.HotlineRoute, t.scope()),
		supervisor: p.Can(access.Supervise, t.scope())}
	w.dept = handles(p, t.DeptID, t.DeptRegion)
	for _, a := range t.Assists {
		if handles(p, a.ID, a.Region) {
			w.assist = true
		}
	}
	return w
}

// visible returns the ticket numbered number if p may see it: hotline staff
// and supervisors of its region, staff of its lead or assisting
// departments. Others get NotFound, as if it did not exist.
func (s *Service) visible(ctx context.Context, p *access.Principal, number string) (Ticket, who, error) {
	t, err := s.store.Ticket(ctx, strings.TrimSpace(number))
	var w who
	if err == nil {
		w = roleOn(p, &t)
	}
	if errs.Is(err, errs.NotFound) || err == nil && !w.staff() && !w.dept && !w.assist {
		return Ticket{}, w, errs.E(errs.NotFound, "工单 %s 不存在或您无权查看", clip(number, 40))
	}
	return t, w, err
}

// redact removes what a reader may not see: a department never sees the
// caller of a confidential ticket.
func redact(t *Ticket, w who) {
	if !w.staff() && t.Confidential {
		t.Caller = nil
	}
}

// Act performs one action on a ticket.
// Errors: NotFound (p may not see it), Forbidden (not p's part), Conflict
// (the status does not allow it, e.g. a callback before a reply, or the
// ticket changed meanwhile), Invalid naming the field.
func (s *Service) Act(ctx context.Context, p *access.Principal, number string, in ActionInput) (Ticket, error) {
	if _, ok := Actions[in.Action]; !ok {
		return Ticket{}, errs.Field("action", "未知的操作“%s”", clip(in.Action, 20))
	}
	t, w, err := s.visible(ctx, p, number)
	if err != nil {
		return Ticket{}, err
	}
	if err := allowed(in.Action, w, &t); err != nil {
		return Ticket{}, err
	}
	if in.Version != 0 && in.Version != t.Version {
		return Ticket{}, errs.E(errs.Conflict, "工单已被他人处理（版本 %d，您看到的是 %d），请刷新后重试", t.Version, in.Version)
	}
	a := &act{s: s, p: p, t: &t, in: in, now: s.now(), before: snapshot(&t)}
	a.ch = Change{Ticket: &t}
	var extra []Change
	switch in.Action {
	case ActDispatch:
		err = a.dispatch(ctx)
	case ActSign:
		err = a.sign(ctx)
	case ActReturn:
		err = a.askReturn(ctx)
	case ActReturnAccept, ActReturnReject:
		err = a.decideReturn(ctx)
	case ActExtend:
		err = a.askExtension(ctx)
	case ActExtendApprove, ActExtendDeny:
		err = a.decideExtension(ctx)
	case ActReply:
		err = a.reply(ctx)
	case ActReviewAccept, ActReviewReject:
		err = a.review(ctx)
	case ActCallback:
		err = a.callback(ctx)
	case ActUrge:
		err = a.urge(ctx, w)
	case ActMerge:
		extra, err = a.merge(ctx)
	case ActClose:
		err = a.close()
	}
	if err != nil {
		return Ticket{}, err
	}
	t.UpdatedAt = a.now
	a.ch.Event = Event{At: a.now, ActorID: p.AccountID, ActorName: p.Username, Role: a.role, Action: a.label(),
		From: a.before["status"].(string), To: t.Status, DeptID: t.DeptID, Comment: a.comment}
	after := snapshot(&t)
	after["version"] = t.Version + 1
	for k, v := range a.auditExtra {
		after[k] = v
	}
	a.ch.Audit = append([]audit.Event{audit.New(ctx, "ticket."+in.Action, ObjectType, t.Number, a.before, after, a.reason)}, a.ch.Audit...)
	if err := s.store.Apply(ctx, append([]Change{a.ch}, extra...)...); err != nil {
		if errs.Is(err, errs.Conflict) {
			return Ticket{}, errs.Wrap(err, errs.Conflict, "工单已被他人处理，请刷新后重试")
		}
		return Ticket{}, err
	}
	redact(&t, w)
	return t, nil
}

// allowed checks that p plays the action's part and the status allows it.
func allowed(action string, w who, t *Ticket) error {
	var ok bool
	var part string
	switch action {
	case ActDispatch, ActReturnAccept, ActReturnReject, ActExtendApprove, ActExtendDeny, ActReviewAccept, ActReviewReject,
		ActMerge, ActClose:
		ok, part = w.dispatcher, "12345 派单员"
	case ActSign, ActReturn, ActExtend, ActReply:
		ok, part = w.dept, "主办部门“"+t.DeptName+"”的工作人员"
	case ActCallback:
		ok, part = w.agent, "12345 话务员"
	case ActUrge:
		ok, part = w.dispatcher || w.supervisor, "12345 派单员或效能监督人员"
	}
	if !ok {
		return errs.E(errs.Forbidden, "只有%s可以%s", part, Actions[action])
	}
	from := map[string][]string{
		ActDispatch:      {StatusDispatching, StatusDispatched},
		ActSign:          {StatusDispatched},
		ActReturn:        {StatusDispatched, StatusHandling},
		ActReturnAccept:  {StatusReturning},
		ActReturnReject:  {StatusReturning},
		ActExtend:        {StatusHandling},
		ActExtendApprove: {StatusExtending},
		ActExtendDeny:    {StatusExtending},
		ActReply:         {StatusHandling, StatusExtending},
		ActReviewAccept:  {StatusReplied},
		ActReviewReject:  {StatusReplied},
		ActCallback:      {StatusCallback},
		ActUrge:          {StatusDispatched, StatusHandling, StatusExtending, StatusReturning},
		ActMerge:         {StatusDispatching, StatusDispatched, StatusHandling, StatusReturning, StatusExtending},
		ActClose:         {StatusDispatching, StatusDispatched, StatusHandling, StatusReturning, StatusExtending, StatusReplied, StatusCallback},
	}[action]
	if slices.Contains(from, t.Status) {
		return nil
	}
	switch {
	case action == ActCallback && (t.Status == StatusDispatching || t.Status == StatusDispatched ||
		t.Status == StatusHandling || t.Status == StatusExtending || t.Status == StatusReturning):
		return errs.E(errs.Conflict, "部门尚未答复，不能回访（当前：%s）", StatusTitles[t.Status])
	case action == ActCallback && t.Status == StatusReplied:
		return errs.E(errs.Conflict, "部门的答复尚待审核，审核通过后才能回访")
	case t.Status == StatusClosed:
		return errs.E(errs.Conflict, "工单已办结，不能再%s", Actions[action])
	}
	return errs.E(errs.Conflict, "工单当前状态为“%s”，不能%s", StatusTitles[t.Status], Actions[action])
}

// snapshot is the audit view of a ticket: never the caller.
func snapshot(t *Ticket) map[string]any {
	return map[string]any{"status": t.Status, "dept_id": t.DeptID, "outcome": t.Outcome, "version": t.Version,
		"sign_due": t.SignDue, "handle_due": t.HandleDue}
}

// act is one action in progress.
type act struct {
	s          *Service
	p          *access.Principal
	t          *Ticket
	in         ActionInput
	now        timeT
	before     map[string]any
	ch         Change
	role       string
	comment    string
	reason     string
	auditExtra map[string]any
	urgeLabel  string
}

func (a *act) label() string {
	if a.urgeLabel != "" {
		return a.urgeLabel
	}
	return a.in.Action
}

func (a *act) setRole(perm access.Permission) { a.role = string(a.p.RoleFor(perm)) }

// deptStaff lists the staff of the lead department.
func (a *act) deptStaff(ctx context.Context, id int64, region string) ([]int64, error) {
	return a.s.store.StaffWith(ctx, access.HotlineHandle, access.Scope{Region: region, DeptID: id})
}

// notifyDept messages the lead department's staff.
func (a *act) notifyDept(ctx context.Context, subject, body string) error {
	to, err := a.deptStaff(ctx, a.t.DeptID, a.t.DeptRegion)
	if err != nil {
		return err
	}
	a.ch.Msgs = append(a.ch.Msgs, a.s.messages(to, subject+"："+a.t.Number, body)...)
	return nil
}

// notifyDispatchers messages the dispatchers over the ticket's region.
func (a *act) notifyDispatchers(ctx context.Context, subject, body string) error {
	to, err := a.s.store.StaffWith(ctx, access.HotlineRoute, a.t.scope())
	if err != nil {
		return err
	}
	a.ch.Msgs = append(a.ch.Msgs, a.s.messages(to, subject+"："+a.t.Number, body)...)
	return nil
}

func (a *act) dept(ctx context.Context, field string, id int64) (Dept, error) {
	d, err := a.s.store.Dept(ctx, id)
	if errs.Is(err, errs.NotFound) {
		return Dept{}, errs.Field(field, "部门 %d 不存在，请重新选择", id)
	}
	if err != nil {
		return Dept{}, err
	}
	if !d.Active {
		return Dept{}, errs.Field(field, "部门“%s”已停用，不能派单", d.Name)
	}
	return d, nil
}

func (a *act) dispatch(ctx context.Context) error {
	a.setRole(access.HotlineRoute)
	t := a.t
	lead, assists := a.in.DeptID, a.in.Assists
	rule := "manual"
	if lead == 0 {
		sg, err := a.s.Suggest(ctx, t.SubjectCode, t.Region)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("dept_id", "%s", errs.MessageOf(err))
		}
		if err != nil {
			return err
		}
		lead, rule = sg.Lead.ID, sg.Rule
		if assists == nil {
			for _, x := range sg.Assists {
				assists = append(assists, x.ID)
			}
		}
	}
	d, err := a.dept(ctx, "dept_id", lead)
	if err != nil {
		return err
	}
	t.DeptID, t.DeptName, t.DeptRegion, t.Assists = d.ID, d.Name, d.Region, nil
	a.ch.Depts = []DeptRef{{ID: d.ID, Name: d.Name, Region: d.Region}}
	for i, id := range assists {
		if id == lead || slices.ContainsFunc(t.Assists, func(x DeptRef) bool { return x.ID == id }) {
			continue
		}
		ad, err := a.dept(ctx, fmt.Sprintf("assists[%d]", i), id)
		if err != nil {
			return err
		}
		t.Assists = append(t.Assists, DeptRef{ID: ad.ID, Name: ad.Name, Region: ad.Region})
		a.ch.Depts = append(a.ch.Depts, DeptRef{ID: ad.ID, Name: ad.Name, Region: ad.Region})
	}
	t.Complex = a.in.Complex
	t.Status, t.DispatchedAt, t.SignedAt, t.SignLate, t.Warned = StatusDispatched, a.now, timeT{}, false, 0
	if err := a.s.startClocks(ctx, t, a.now); err != nil {
		return err
	}
	a.comment = "派往 " + d.Name
	if len(t.Assists) > 0 {
		var names []string
		for _, x := range t.Assists {
			names = append(names, x.Name)
		}
		a.comment += "，协办：" + strings.Join(names, "、")
	}
	a.auditExtra = map[string]any{"rule": rule, "assists": t.Assists, "complex": t.Complex}
	body := fmt.Sprintf("12345 工单 %s（%s · %s）派至贵单位主办，请于 %s 前签收，%s 前办结答复。", t.Number,
		Types[t.Type], t.SubjectName, fmtTime(t.SignDue), fmtTime(t.HandleDue))
	if err := a.notifyDept(ctx, "新派工单", body); err != nil {
		return err
	}
	for _, x := range t.Assists {
		to, err := a.deptStaff(ctx, x.ID, x.Region)
		if err != nil {
			return err
		}
		a.ch.Msgs = append(a.ch.Msgs, a.s.messages(to, "协办工单："+t.Number,
			fmt.Sprintf("12345 工单 %s 由%s主办，请贵单位协助办理。", t.Number, d.Name))...)
	}
	return nil
}

func (a *act) sign(context.Context) error {
	a.setRole(access.HotlineHandle)
	t := a.t
	t.Status, t.SignedAt, t.SignLate = StatusHandling, a.now, a.now.After(t.SignDue)
	if t.SignLate {
		a.comment = "超时签收"
	}
	return nil
}

func (a *act) askReturn(ctx context.Context) error {
	a.setRole(access.HotlineHandle)
	reason, err := text("reason", a.in.Reason, MaxText, "请写明退单理由（如：不属于本单位职责，建议派往的单位）")
	if err != nil {
		return err
	}
	t := a.t
	t.Return = &Request{Reason: reason, DeptID: t.DeptID, By: a.p.Username, At: a.now, From: t.Status}
	t.Status, t.ReturnAsks = StatusReturning, t.ReturnAsks+1
	a.comment, a.reason = reason, reason
	return a.notifyDispatchers(ctx, "退单申请", t.DeptName+"申请退回工单 "+t.Number+"："+reason)
}

func (a *act) decideReturn(ctx context.Context) error {
	a.setRole(access.HotlineRoute)
	t := a.t
	if t.Return == nil {
		return errs.E(errs.Conflict, "该工单没有待审批的退单申请")
	}
	if a.in.Action == ActReturnAccept {
		reason, err := text("reason", a.in.Reason, MaxText, "")
		if err != nil {
			return err
		}
		if err := a.notifyDept(ctx, "退单已同意", "工单 "+t.Number+" 的退单申请已同意，工单将重新派发。"); err != nil {
			return err
		}
		t.Status, t.Returns, t.Return = StatusDispatching, t.Returns+1, nil
		t.DeptID, t.DeptName, t.DeptRegion, t.Assists = 0, "", "", nil
		t.SignDue, t.HandleDue, t.SignedAt, t.SignLate, t.Warned = timeT{}, timeT{}, timeT{}, false, 0
		t.SignExplain, t.HandleExplain = "", ""
		a.ch.Depts = []DeptRef{}
		a.comment, a.reason = reason, reason
		return nil
	}
	reason, err := text("reason", a.in.Reason, MaxText, "请写明驳回退单的理由")
	if err != nil {
		return err
	}
	t.Status, t.Return = t.Return.From, nil
	a.comment, a.reason = reason, reason
	return a.notifyDept(ctx, "退单被驳回", "工单 "+t.Number+" 的退单申请被驳回："+reason+"。请继续办理。")
}

func (a *act) askExtension(ctx context.Context) error {
	a.setRole(access.HotlineHandle)
	reason, err := text("reason", a.in.Reason, MaxText, "请写明申请延期的理由")
	if err != nil {
		return err
	}
	if a.in.Days < 1 || a.in.Days > MaxExtend {
		return errs.Field("days", "延期天数应为 1 到 %d 个工作日", MaxExtend)
	}
	t := a.t
	t.Extension = &Request{Reason: reason, Days: a.in.Days, DeptID: t.DeptID, By: a.p.Username, At: a.now, From: t.Status}
	t.Status = StatusExtending
	a.comment, a.reason = fmt.Sprintf("申请延期 %d 个工作日：%s", a.in.Days, reason), reason
	return a.notifyDispatchers(ctx, "延期申请", fmt.Sprintf("%s申请工单 %s 延期 %d 个工作日：%s", t.DeptName, t.Number, a.in.Days, reason))
}

func (a *act) decideExtension(ctx context.Context) error {
	a.setRole(access.HotlineRoute)
	t := a.t
	if t.Extension == nil {
		return errs.E(errs.Conflict, "该工单没有待审批的延期申请")
	}
	if a.in.Action == ActExtendDeny {
		reason, err := text("reason", a.in.Reason, MaxText, "请写明不批准延期的理由")
		if err != nil {
			return err
		}
		t.Status, t.Extension = StatusHandling, nil
		a.comment, a.reason = reason, reason
		return a.notifyDept(ctx, "延期未批准", "工单 "+t.Number+" 的延期申请未获批准："+reason+"。请按原时限办结。")
	}
	days := a.in.Days
	if days == 0 {
		days = t.Extension.Days
	}
	if days < 1 || days > MaxExtend {
		return errs.Field("days", "批准的延期天数应为 1 到 %d 个工作日", MaxExtend)
	}
	due, explain, err := Due(a.s.cal(), t.Region, t.HandleDue.Add(-1), days, "day")
	if err != nil {
		return err
	}
	a.auditExtra = map[string]any{"days": days}
	t.Status, t.Extension, t.HandleDue, t.Extensions, t.Warned = StatusHandling, nil, due, t.Extensions+1, t.Warned&^2
	t.HandleExplain += "；延期 " + explain
	a.comment = fmt.Sprintf("批准延期 %d 个工作日，办结时限 %s", days, fmtTime(due))
	return a.notifyDept(ctx, "延期已批准", "工单 "+t.Number+" 延期已批准，请于 "+fmtTime(due)+" 前办结答复。")
}

func (a *act) reply(ctx context.Context) error {
	a.setRole(access.HotlineHandle)
	t := a.t
	switch a.in.Outcome {
	case OutcomeResolved, OutcomeExplained, OutcomeUnresolvable:
	default:
		return errs.Field("outcome", "办理结果应为 resolved（已解决）、explained（已解释说明）或 unresolvable（无法解决）")
	}
	body, err := text("text", a.in.Text, MaxText, "请填写答复内容：办理经过和结果")
	if err != nil {
		return err
	}
	var why string
	if a.in.Outcome == OutcomeUnresolvable {
		if why, err = text("reason", a.in.Reason, MaxText, "无法解决的，请写明原因（如政策依据）"); err != nil {
			return err
		}
	}
	t.Reply = &Reply{Outcome: a.in.Outcome, Text: body, Reason: why, By: a.p.Username, At: a.now}
	// Late once, late for good: 按时办结 counts tickets whose every reply came in time.
	t.Status, t.Extension, t.RepliedAt, t.ReplyLate = StatusReplied, nil, a.now, t.ReplyLate || a.now.After(t.HandleDue)
	a.comment = Outcomes[a.in.Outcome] + "：" + clip(body, 200)
	a.auditExtra = map[string]any{"reply_outcome": a.in.Outcome, "reply_late": t.ReplyLate}
	return a.notifyDispatchers(ctx, "部门已答复", t.DeptName+"已答复工单 "+t.Number+"，请审核。")
}

func (a *act) review(ctx context.Context) error {
	a.setRole(access.HotlineRoute)
	t := a.t
	if a.in.Action == ActReviewAccept {
		note, err := text("reason", a.in.Reason, MaxText, "")
		if err != nil {
			return err
		}
		t.Status, a.comment = StatusCallback, note
		return nil
	}
	reason, err := text("reason", a.in.Reason, MaxText, "请写明退回答复的理由，以便部门重新办理")
	if err != nil {
		return err
	}
	t.Status, t.Reply, t.RepliedAt = StatusHandling, nil, timeT{}
	a.comment, a.reason = reason, reason
	return a.notifyDept(ctx, "答复被退回", "工单 "+t.Number+" 的答复未通过审核："+reason+"。请重新办理后答复。")
}

func (a *act) callback(ctx context.Context) error {
	a.setRole(access.HotlineTake)
	t := a.t
	if _, ok := Satisfactions[a.in.Satisfaction]; !ok {
		return errs.Field("satisfaction", "回访结果应为 satisfied（满意）、basic（基本满意）或 unsatisfied（不满意）")
	}
	note, err := text("text", a.in.Text, MaxText, "")
	if err != nil {
		return err
	}
	t.Satisfaction, t.CallbackAt = a.in.Satisfaction, a.now
	a.comment = Satisfactions[a.in.Satisfaction]
	if note != "" {
		a.comment += "：" + note
	}
	if a.in.Satisfaction != Unsatisfied {
		t.Status, t.Outcome, t.ClosedAt = StatusClosed, OutcomeResolved, a.now
		if t.Reply != nil {
			t.Outcome = t.Reply.Outcome
		}
		return nil
	}
	// 重办: the same department handles it again on a fresh clock.
	l, err := a.s.limits(ctx, t)
	if err != nil {
		return err
	}
	n, unit := l.HandleN, l.HandleUnit
	if t.Complex {
		n, unit = l.ComplexDays, "day"
	}
	due, explain, err := Due(a.s.cal(), t.Region, a.now, n, unit)
	if err != nil {
		return err
	}
	t.Status, t.Reopens, t.Reply, t.RepliedAt = StatusHandling, t.Reopens+1, nil, timeT{}
	t.HandleDue, t.HandleExplain, t.Warned = due, "重办："+explain, t.Warned&^2
	return a.notifyDept(ctx, "工单重办", "来电人对工单 "+t.Number+" 的办理结果不满意，请重新办理，并于 "+fmtTime(due)+" 前答复。")
}

func (a *act) urge(ctx context.Context, w who) error {
	t := a.t
	note, err := text("text", a.in.Text, MaxText, "")
	if err != nil {
		return err
	}
	subject := "催办"
	if w.dispatcher {
		a.setRole(access.HotlineRoute)
	} else {
		a.setRole(access.Supervise)
		subject, a.urgeLabel = "督办", "supervise"
	}
	t.Urges++
	a.comment = subject
	if note != "" {
		a.comment += "：" + note
	}
	body := fmt.Sprintf("12345 工单 %s（%s）%s：请于 %s 前办结答复。%s", t.Number, t.SubjectName, subject, fmtTime(t.HandleDue), note)
	return a.notifyDept(ctx, subject, body)
}

func (a *act) merge(ctx context.Context) ([]Change, error) {
	a.setRole(access.HotlineRoute)
	t := a.t
	into := strings.TrimSpace(a.in.Into)
	if into == "" {
		return nil, errs.Field("into", "请填写要并入的工单编号")
	}
	if into == t.Number {
		return nil, errs.Field("into", "不能把工单并入它自己")
	}
	target, err := a.s.store.Ticket(ctx, into)
	if errs.Is(err, errs.NotFound) || err == nil && !a.p.Can(access.HotlineRoute, target.scope()) {
		return nil, errs.Field("into", "工单 %s 不存在或不在您的派单范围内", clip(into, 40))
	}
	if err != nil {
		return nil, err
	}
	if !Open(target.Status) {
		return nil, errs.Field("into", "工单 %s 已办结，请并入未办结的工单", target.Number)
	}
	t.Status, t.Outcome, t.ClosedAt, t.MergedInto, t.MergedNumber = StatusClosed, OutcomeDuplicate, a.now, target.ID, target.Number
	t.Return, t.Extension = nil, nil
	a.comment = "重复工单，并入 " + target.Number
	a.auditExtra = map[string]any{"merged_into": target.Number}
	tb := map[string]any{"status": target.Status, "merged": len(target.Merged), "version": target.Version}
	target.Merged = append(target.Merged, t.Number)
	target.UpdatedAt = a.now
	ev := Event{At: a.now, ActorID: a.p.AccountID, ActorName: a.p.Username, Role: a.role, Action: "merged",
		From: target.Status, To: target.Status, DeptID: target.DeptID, Comment: "并入重复工单 " + t.Number}
	ch := Change{Ticket: &target, Event: ev, Audit: []audit.Event{audit.New(ctx, "ticket.merged", ObjectType, target.Number, tb,
		map[string]any{"status": target.Status, "merged": len(target.Merged), "version": target.Version + 1, "from": t.Number}, "")}}
	return []Change{ch}, nil
}

func (a *act) close() error {
	a.setRole(access.HotlineRoute)
	t := a.t
	switch a.in.Outcome {
	case OutcomeInvalid, OutcomeExplained, OutcomeResolved, OutcomeUnresolvable:
	default:
		return errs.Field("outcome", "办结结果应为 invalid（无效工单）、explained（已解释说明）、resolved（已解决）或 unresolvable（无法解决）")
	}
	reason, err := text("reason", a.in.Reason, MaxText, "请写明直接办结的理由")
	if err != nil {
		return err
	}
	t.Status, t.Outcome, t.ClosedAt, t.CloseReason = StatusClosed, a.in.Outcome, a.now, reason
	t.Return, t.Extension = nil, nil
	a.comment, a.reason = Outcomes[a.in.Outcome]+"："+reason, reason
	return nil
}

// fmtTime shows an instant in China time.
func fmtTime(t timeT) string {
	if t.IsZero() {
		return ""
	}
	return t.In(workcal.China).Format("2006-01-02 15:04")
}
