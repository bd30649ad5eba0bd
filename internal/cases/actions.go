package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// The actions (API values).
const (
	ActSubmit            = "submit" // a draft
	ActAccept            = "accept"
	ActRefuse            = "refuse"
	ActRequestCorrection = "request_correction"
	ActSupplement        = "supplement"
	ActClaim             = "claim"
	ActAssign            = "assign"
	ActApprove           = "approve"
	ActDeny              = "deny"
	ActReturn            = "return"
	ActStartSpecial      = "start_special"
	ActEndSpecial        = "end_special"
	ActExtend            = "extend"
	ActWithdraw          = "withdraw"
	ActDeliver           = "deliver"
	ActSupplyOwed        = "supply_owed" // materials accepted as missing (容缺), supplied after acceptance
	ActDeem              = "deem_accept" // the system, 行政许可法 第三十二条
)

// Actions lists the actions a client may send.
var Actions = []string{ActSubmit, ActAccept, ActRefuse, ActRequestCorrection, ActSupplement, ActClaim, ActAssign,
	ActApprove, ActDeny, ActReturn, ActStartSpecial, ActEndSpecial, ActExtend, ActWithdraw, ActDeliver, ActSupplyOwed}

var actionTitles = map[string]string{
	"submit": "提交申请", "save_draft": "保存草稿", ActAccept: "受理", ActRefuse: "不予受理",
	ActRequestCorrection: "一次性告知补正", ActSupplement: "补正材料", ActClaim: "认领", ActAssign: "分派",
	ActApprove: "审核通过", ActDeny: "不予许可", ActReturn: "退回上一环节", ActStartSpecial: "启动特别程序",
	ActEndSpecial: "结束特别程序", ActExtend: "延期", ActWithdraw: "撤回申请", ActDeliver: "送达",
	ActDeem: "依法视为受理", "grant": "准予许可", "remind": "到期提醒", "escalate": "超期督办",
	"child_update": "子件进展", ActSupplyOwed: "补交容缺材料", "rate": "评价",
}

// ActionTitle is an action's Chinese name for timelines.
func ActionTitle(a string) string {
	if t, ok := actionTitles[a]; ok {
		return t
	}
	return a
}

// ActionInput is one action on a case. Which fields matter depends on Action.
type ActionInput struct {
	Action  string `json:"action" enum:"submit,accept,refuse,request_correction,supplement,claim,assign,approve,deny,return,start_special,end_special,extend,withdraw,deliver,supply_owed"`
	Comment string `json:"comment,omitempty" maxLength:"2000" doc:"意见或说明"`
	// Version: the case version the actor saw; 0 uses the current one.
	Version int `json:"version,omitempty"`
	// TaskID: the task acted on (approve, claim, assign, return); 0 picks the actor's own.
	TaskID int64 `json:"task_id,omitempty"`
	// refuse, deny
	Reason     string `json:"reason,omitempty" maxLength:"2000"`
	LegalBasis string `json:"legal_basis,omitempty" maxLength:"500"`
	// request_correction: every problem at once
	Problems []Problem `json:"problems,omitempty" maxItems:"100"`
	// supplement
	Form      map[string]any  `json:"form,omitempty"`
	Materials []MaterialInput `json:"materials,omitempty" maxItems:"100"`
	// accept: conclude an instant item at once (即办件); the working days
	// the applicant has to supply deferred materials (容缺, default 5)
	Conclude  bool   `json:"conclude,omitempty"`
	OwedDays  int    `json:"owed_days,omitempty" minimum:"0" maximum:"60"`
	Days      int    `json:"days,omitempty" minimum:"0" maximum:"365" doc:"延期或特别程序的工作日数"`
	Procedure string `json:"procedure,omitempty" maxLength:"50" doc:"特别程序名称（事项规定的）"`
	// assign
	AssigneeID int64 `json:"assignee_id,omitempty"`
	// deliver
	Carrier    string `json:"carrier,omitempty" maxLength:"30"`
	Tracking   string `json:"tracking,omitempty" maxLength:"40"`
	PickupCode string `json:"pickup_code,omitempty" maxLength:"10"`
}

// act is one action in progress: the loaded case, its copy being changed,
// and what the change will write.
type act struct {
	s      *Service
	ctx    context.Context
	p      *access.Principal
	in     ActionInput
	before Case
	c      *Case
	tasks  []Task
	today  workcal.Date
	ch     Change
	role   access.Role // the role the actor acts under
}

// Act performs one action. Errors: NotFound, Forbidden (not this actor's
// to do), Conflict (not in this status, or someone acted first), Invalid.
func (s *Service) Act(ctx context.Context, p *access.Principal, number string, in ActionInput) (Case, error) {
	c, err := s.Case(ctx, p, number)
	if err != nil {
		return Case{}, err
	}
	if in.Version != 0 && in.Version != c.Version {
		return Case{}, errs.E(errs.Conflict, "办件已被他人处理（版本 %d → %d），请刷新后重试", in.Version, c.Version)
	}
	a, err := s.begin(ctx, p, c, in)
	if err != nil {
		return Case{}, err
	}
	if err := a.run(); err != nil {
		// The case and its tasks are read one after the other: a refusal
		// may come from another person's action between the two reads.
		if !errs.Is(err, errs.Conflict) {
			if cur, cerr := s.store.Case(ctx, number); cerr == nil && cur.Version != c.Version {
				return Case{}, errs.Wrap(err, errs.Conflict, "办件已被他人处理，请刷新后重试")
			}
		}
		return Case{}, err
	}
	a.ch.Case = a.c
	a.ch.Audit = append(a.ch.Audit, audit.New(a.actorCtx(), "case."+in.Action, "case", c.Number,
		snapshot(&a.before), snapshot(a.c), firstNonEmpty(in.Comment, in.Reason)))
	if err := s.store.Apply(ctx, a.ch); err != nil {
		if errs.Is(err, errs.Conflict) {
			return Case{}, errs.Wrap(err, errs.Conflict, "办件已被他人处理，请刷新后重试")
		}
		return Case{}, err
	}
	return *a.c, nil // as written, with its new version
}

// begin starts an action on c by p: its tasks loaded, a copy to change.
func (s *Service) begin(ctx context.Context, p *access.Principal, c Case, in ActionInput) (*act, error) {
	tasks, err := s.store.Tasks(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	cp := c
	cp.Detail = cloneDetail(c.Detail)
	cp.UpdatedAt = s.now()
	return &act{s: s, ctx: ctx, p: p, in: in, before: c, c: &cp, tasks: tasks, today: s.today()}, nil
}

func (a *act) actorCtx() context.Context {
	if a.role == "" {
		return a.ctx
	}
	act := audit.ActorFrom(a.ctx)
	act.Role = string(a.role)
	return audit.WithActor(a.ctx, act)
}

// run dispatches on the action after checking the status allows it.
func (a *act) run() error {
	allowed, ok := transitions[a.in.Action]
	if !ok {
		return errs.Field("action", "未知的操作 %q", a.in.Action)
	}
	if !slices.Contains(allowed, a.c.Status) {
		return errs.E(errs.Conflict, "办件当前状态为“%s”，不能%s", a.c.Status.Title(), ActionTitle(a.in.Action))
	}
	if a.c.BundleCode != "" && a.c.ItemCode == "" && a.in.Action != ActDeliver && a.in.Action != ActWithdraw {
		return errs.E(errs.Conflict, "一件事的各项事项分别办理，请在子件上操作")
	}
	switch a.in.Action {
	case ActSubmit:
		return a.submitDraft()
	case ActAccept:
		return a.accept()
	case ActRefuse:
		return a.refuse()
	case ActRequestCorrection:
		return a.requestCorrection()
	case ActSupplement:
		return a.supplement()
	case ActClaim, ActAssign:
		return a.claim()
	case ActApprove:
		return a.approve()
	case ActDeny:
		return a.deny()
	case ActReturn:
		return a.giveBack()
	case ActStartSpecial:
		return a.startSpecial()
	case ActEndSpecial:
		return a.endSpecial()
	case ActExtend:
		return a.extend()
	case ActWithdraw:
		return a.withdraw()
	case ActDeliver:
		return a.deliver()
	case ActSupplyOwed:
		return a.supplyOwed()
	}
	return errs.Field("action", "未知的操作 %q", a.in.Action)
}

// transitions lists the statuses each action may start from.
var transitions = map[string][]Status{
	ActSubmit:            {Draft},
	ActAccept:            {Submitted},
	ActRefuse:            {Submitted, Correction},
	ActRequestCorrection: {Submitted},
	ActSupplement:        {Correction},
	ActClaim:             {Submitted, InReview, Special},
	ActAssign:            {Submitted, InReview, Special},
	ActApprove:           {InReview},
	ActDeny:              {InReview},
	ActReturn:            {InReview},
	ActStartSpecial:      {InReview},
	ActEndSpecial:        {Special},
	ActExtend:            {InReview, Special},
	ActWithdraw:          {Draft, Submitted, Correction, InReview, Special},
	ActDeliver:           {Granted, Denied},
	ActSupplyOwed:        {InReview, Special},
}

// Allowed reports whether action may start from status (for pages that
// show only the buttons that can work).
func Allowed(action string, status Status) bool { return slices.Contains(transitions[action], status) }

// move records the status change and its timeline event.
func (a *act) move(to Status, data map[string]any) {
	from := a.c.Status
	a.c.Status = to
	a.ch.Event = a.s.event(a.actorCtx(), a.c, from, to, a.in.Action, firstNonEmpty(a.in.Comment, a.in.Reason), data)
}

// --- who may act ---------------------------------------------------------

// isApplicant: the applicant, or the agent or clerk who filed for them.
func (a *act) isApplicant() bool {
	return a.p != nil && (a.p.AccountID == a.c.ApplicantID || a.c.FilerID != 0 && a.p.AccountID == a.c.FilerID)
}

// frontDesk checks the actor is a clerk of the case's intake hall (or of
// hall, when given).
func (a *act) frontDesk(halls ...int64) error {
	if len(halls) == 0 {
		halls = []int64{a.c.IntakeHallID}
	}
	for _, h := range halls {
		if h == 0 {
			continue
		}
		region := a.c.IntakeRegion
		if h != a.c.IntakeHallID {
			// The pickup hall chosen by the applicant lies in its own region.
			hall, err := a.s.dir.Hall(a.ctx, h)
			if err != nil {
				continue
			}
			region = hall.RegionCode
		}
		if a.p.Can(access.CaseAccept, access.Scope{Region: region, HallID: h}) {
			a.role = access.Clerk
			return nil
		}
	}
	return errs.E(errs.Forbidden, "只有受理大厅（%s）的窗口人员可以%s", a.c.HallName, ActionTitle(a.in.Action))
}

// decider checks the actor may decide for the case's department.
func (a *act) decider() error {
	if a.p.Can(access.CaseDecide, access.Scope{Region: a.c.RegionCode, DeptID: a.c.DeptID}) {
		a.role = access.Approver
		return nil
	}
	return errs.E(errs.Forbidden, "只有%s的审批负责人可以%s", a.c.DeptName, ActionTitle(a.in.Action))
}

// works reports whether the actor holds the task's role where the task is.
func (a *act) works(t Task) bool {
	for _, g := range a.p.Grants {
		if string(g.Role) == t.Role && g.Covers(t.scope()) {
			return true
		}
	}
	return false
}

// myTask picks the open task of the current stage the actor may work:
// the one named by TaskID, else the first assigned to them, else the first
// unassigned one.
func (a *act) myTask() (*Task, error) {
	var pick, taken *Task
	for i := range a.tasks {
		t := &a.tasks[i]
		if t.State != TaskOpen || t.Stage != a.c.Stage {
			continue
		}
		if a.in.TaskID != 0 {
			if t.ID == a.in.TaskID {
				pick = t
				break
			}
			continue
		}
		if !a.works(*t) {
			continue
		}
		if t.AssigneeID == a.p.AccountID {
			pick = t
			break
		}
		if t.AssigneeID == 0 && pick == nil {
			pick = t
		}
		if t.AssigneeID != 0 && taken == nil {
			taken = t
		}
	}
	if pick == nil && taken != nil {
		pick = taken
	}
	if pick == nil {
		if a.in.TaskID != 0 {
			return nil, errs.E(errs.Conflict, "该环节任务已办结或不在当前环节")
		}
		return nil, errs.E(errs.Forbidden, "当前环节没有您可以办理的任务")
	}
	if !a.works(*pick) {
		return nil, errs.E(errs.Forbidden, "“%s”环节由%s办理，不在您的权限范围内", pick.StepName, roleTitle(pick.Role))
	}
	if pick.AssigneeID != 0 && pick.AssigneeID != a.p.AccountID {
		// Claiming what someone else just claimed lost a race; working
		// someone else's task is not the actor's to do.
		code := errs.Forbidden
		if a.in.Action == ActClaim {
			code = errs.Conflict
		}
		return nil, errs.E(code, "“%s”环节已由 %s 认领", pick.StepName, firstNonEmpty(pick.Assignee, "其他人员"))
	}
	a.role = access.Role(pick.Role)
	return pick, nil
}

func roleTitle(r string) string { return access.Role(r).Title() }

// --- the actions ------------------------------------------------------------

func (a *act) submitDraft() error {
	if !a.isApplicant() {
		return errs.E(errs.Forbidden, "只有申请人可以提交自己的草稿")
	}
	doc, err := a.s.items.VersionDoc(a.ctx, a.c.ItemCode, a.c.ItemVersion)
	if err != nil {
		return err
	}
	if err := a.recheck(doc, a.c.Form, nil); err != nil {
		return err
	}
	a.c.SubmittedAt = a.s.now()
	a.move(Submitted, nil)
	if err := a.s.startAcceptance(a.c, &a.ch.NewTasks, a.today); err != nil {
		return err
	}
	a.ch.Event.Action = "submit"
	a.notify("notice", "已收到您的申请", fmt.Sprintf("您申请的“%s”已提交，将在 %s 前作出受理决定。", a.c.Name, a.c.Clock.AcceptDue))
	return nil
}

// recheck validates form values and the materials (after merging
// replacements) against the item version, listing every problem.
func (a *act) recheck(doc catalog.Doc, form map[string]any, repl []MaterialInput) error {
	clean, ferr := catalog.ValidateValues(doc.Form, form)
	fe := formErrors(ferr)
	merged := map[string]MaterialInput{}
	for _, m := range a.c.Materials {
		merged[m.Key] = MaterialInput{Key: m.Key, Files: m.Files, Pledge: m.Pledge, Deferred: m.Deferred, Paper: m.Paper}
	}
	for _, m := range repl {
		merged[m.Key] = m
	}
	var list []MaterialInput
	for _, m := range doc.Materials {
		if g, ok := merged[m.Key]; ok {
			list = append(list, g)
		}
	}
	for _, m := range repl {
		if !slices.ContainsFunc(doc.Materials, func(x catalog.Material) bool { return x.Key == m.Key }) {
			list = append(list, m)
		}
	}
	mats, files := checkMaterials(doc, list, a.c.Channel == ChannelWindow || a.role == access.Clerk, fe)
	if fe.Total() > 0 {
		return fe
	}
	if ferr != nil {
		return ferr
	}
	old := map[string]bool{}
	for _, m := range a.c.Materials {
		for _, f := range m.Files {
			old[f] = true
		}
	}
	for _, f := range files {
		if !old[f] {
			a.ch.Files = append(a.ch.Files, f)
		}
	}
	a.ch.Owners = []int64{a.c.ApplicantID}
	if a.c.FilerID != 0 {
		a.ch.Owners = append(a.ch.Owners, a.c.FilerID)
	}
	if a.role == access.Clerk {
		a.ch.Owners = append(a.ch.Owners, a.p.AccountID)
	}
	a.c.Form, a.c.Materials = clean, mats
	return nil
}

func (a *act) closeTasks(state, opinion string, match func(Task) bool) {
	now := a.s.now()
	for i := range a.tasks {
		t := &a.tasks[i]
		if t.State == TaskOpen && (match == nil || match(*t)) {
			t.State, t.DoneAt = state, now
			if t.Opinion == "" {
				t.Opinion = opinion
			}
			if state == TaskDone {
				t.DoneBy = a.p.AccountID
			}
			a.ch.Tasks = append(a.ch.Tasks, *t)
		}
	}
}

func (a *act) accept() error {
	if err := a.frontDesk(); err != nil {
		return err
	}
	return a.acceptAs(firstNonEmpty(a.in.Comment, "材料齐全，符合法定形式，予以受理"))
}

// acceptAs starts the review clock (used by the clerk and by deemed acceptance).
func (a *act) acceptAs(opinion string) error {
	doc, err := a.s.items.VersionDoc(a.ctx, a.c.ItemCode, a.c.ItemVersion)
	if err != nil {
		return err
	}
	k := a.s.calc(a.c.RegionCode)
	deemed := a.in.Action == ActDeem
	received := workcal.Today(a.c.SubmittedAt)
	for _, t := range a.tasks {
		if t.State == TaskOpen && t.Stage == 0 && !t.StartedOn.IsZero() {
			received = t.StartedOn // complete materials arrived (the submission, or the last supplement)
		}
	}
	a.closeTasks(TaskDone, opinion, func(t Task) bool { return t.Stage == 0 })
	a.c.AcceptedAt = a.s.now()
	a.c.Clock.AcceptedOn = a.today
	if !deemed {
		a.c.AcceptedBy = a.p.AccountID
	}
	if deemed {
		// 第三十二条: accepted from the day the materials were received.
		a.c.Clock.AcceptedOn, a.c.Deemed = received, true
	}
	if r := a.c.Clock.Running(); r != nil && r.Kind == "correction" {
		r.To = a.today
	}
	owedDays := a.in.OwedDays
	if owedDays <= 0 {
		owedDays = 5
	}
	for _, m := range a.c.Materials {
		if m.Deferred {
			res, err := k.cal.Add(a.today, owedDays, k.region)
			if err != nil {
				return err
			}
			a.c.Owed = append(a.c.Owed, Owed{Key: m.Key, Name: m.Name, Due: res.Date})
		}
	}
	if err := k.caseDue(&a.c.Clock); err != nil {
		return err
	}
	review := reviewSteps(doc.Steps)
	a.addDoc(DocAccept, acceptNotice(a.c))
	if len(a.c.Owed) > 0 {
		a.addDoc(DocDeferred, deferredNotice(a.c))
	}
	if !deemed && (len(review) == 0 || a.c.Instant && a.in.Conclude) {
		a.move(Granted, map[string]any{"instant": true})
		a.grant(opinion)
		return nil
	}
	if len(review) == 0 {
		// Deemed acceptance only accepts: an item concluded at the front
		// desk waits there for a decision.
		review = frontDeskSteps(doc.Steps)
		a.c.Stage = review[0].Stage
		a.move(InReview, nil)
		a.notify("notice", "您的申请已受理", fmt.Sprintf("“%s”已依法视为受理，承诺 %s 前办结。", a.c.Name, a.c.Clock.Due))
		return a.openStage(review, a.c.Stage)
	}
	a.c.Stage = review[0].Stage
	a.move(InReview, nil)
	a.notify("notice", "您的申请已受理", fmt.Sprintf("“%s”已受理，承诺 %s 前办结。", a.c.Name, a.c.Clock.Due))
	return a.openStage(review, a.c.Stage)
}

// frontDeskSteps are the steps of the first stage (the front desk's),
// or a conclusion step of the clerks when the item has none.
func frontDeskSteps(steps []catalog.Step) []catalog.Step {
	var out []catalog.Step
	for _, s := range steps {
		if len(out) == 0 || s.Stage == out[0].Stage {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		out = []catalog.Step{{Key: AcceptStep, Name: "办结", Stage: 1, Role: string(access.Clerk)}}
	}
	return out
}

// reviewSteps are the item's steps after the front desk: a first stage
// worked by clerks is the acceptance itself.
func reviewSteps(steps []catalog.Step) []catalog.Step {
	var out []catalog.Step
	first := 0
	for _, s := range steps {
		if first == 0 || s.Stage < first {
			first = s.Stage
		}
	}
	for _, s := range steps {
		if s.Stage == first && s.Role == string(access.Clerk) {
			continue
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(x, y catalog.Step) int { return x.Stage - y.Stage })
	return out
}

// openStage creates the tasks of one review stage for the department.
func (a *act) openStage(steps []catalog.Step, stage int) error {
	k := a.s.calc(a.c.RegionCode)
	for _, st := range steps {
		if st.Stage != stage {
			continue
		}
		due, explain, err := k.taskDue(a.today, st.Days, 0)
		if err != nil {
			return err
		}
		t := Task{StepKey: st.Key, StepName: st.Name, Stage: st.Stage, Role: st.Role,
			Region: a.c.RegionCode, DeptID: a.c.DeptID, State: TaskOpen, StartedOn: a.today, Due: due,
			DueExplain: explain, CreatedAt: a.s.now()}
		if st.Role == string(access.Clerk) || st.Role == string(access.HallManager) {
			// Front-desk work is done at the hall that took the case.
			t.Region, t.DeptID, t.HallID = a.c.IntakeRegion, 0, a.c.IntakeHallID
		}
		a.ch.NewTasks = append(a.ch.NewTasks, t)
	}
	return nil
}

func (a *act) refuse() error {
	if err := a.frontDesk(); err != nil {
		return err
	}
	if strings.TrimSpace(a.in.Reason) == "" || strings.TrimSpace(a.in.LegalBasis) == "" {
		return errs.Field("reason", "不予受理须写明理由和法律依据")
	}
	a.closeTasks(TaskDone, "不予受理", nil)
	a.conclude(Refused)
	a.move(Refused, nil)
	a.addDoc(DocRefuse, refuseDecision(a.c))
	a.notify("notice", "您的申请不予受理", fmt.Sprintf("“%s”不予受理：%s", a.c.Name, a.in.Reason))
	return nil
}

func (a *act) requestCorrection() error {
	if err := a.frontDesk(); err != nil {
		return err
	}
	if len(a.in.Problems) == 0 {
		return errs.Field("problems", "请逐项列明需要补正的全部材料和问题（一次性告知）")
	}
	for i, pr := range a.in.Problems {
		if strings.TrimSpace(pr.Name) == "" || strings.TrimSpace(pr.Problem) == "" {
			return errs.Field(fmt.Sprintf("problems[%d]", i), "第 %d 项须写明材料（或事项）和问题", i+1)
		}
	}
	a.closeTasks(TaskDone, "一次性告知补正", func(t Task) bool { return t.Stage == 0 })
	a.c.Corrections++
	a.c.Problems = slices.Clone(a.in.Problems)
	a.c.Clock.Pauses = append(a.c.Clock.Pauses, Pause{Kind: "correction", Name: "补正", From: a.today})
	a.move(Correction, map[string]any{"problems": len(a.in.Problems), "corrections": a.c.Corrections})
	a.addDoc(DocCorrection, correctionNotice(a.c))
	a.notify("notice", "请补正申请材料", fmt.Sprintf("“%s”需要补正 %d 项材料或问题，请一次补齐后提交。", a.c.Name, len(a.in.Problems)))
	return nil
}

func (a *act) supplement() error {
	if !a.isApplicant() {
		if err := a.frontDesk(); err != nil {
			return errs.E(errs.Forbidden, "只有申请人（或受理大厅的窗口人员代为）可以补正材料")
		}
	}
	doc, err := a.s.items.VersionDoc(a.ctx, a.c.ItemCode, a.c.ItemVersion)
	if err != nil {
		return err
	}
	form := a.c.Form
	if a.in.Form != nil {
		form = a.in.Form
	}
	if err := a.recheck(doc, form, a.in.Materials); err != nil {
		return err
	}
	if r := a.c.Clock.Running(); r != nil {
		r.To = a.today
		r.Days, _ = a.s.calc(a.c.IntakeRegion).pausedDays(r.From, a.today)
	}
	a.move(Submitted, nil)
	return a.s.startAcceptance(a.c, &a.ch.NewTasks, a.today)
}

// claim takes an open task of the current stage for the actor.
func (a *act) claim() error {
	if a.in.Action == ActAssign {
		return a.assign()
	}
	t, err := a.myTask()
	if err != nil {
		return err
	}
	return a.giveTask(t, a.p.AccountID)
}

// assign gives an open task of the current stage (TaskID, else the first
// the actor may assign) to a colleague who holds the task's role there:
// approvers assign their department's review tasks, hall managers their
// hall's acceptance tasks.
func (a *act) assign() error {
	var pick *Task
	for i := range a.tasks {
		t := &a.tasks[i]
		if t.State != TaskOpen || t.Stage != a.c.Stage || a.in.TaskID != 0 && t.ID != a.in.TaskID {
			continue
		}
		if a.in.TaskID != 0 || a.assigner(*t) != "" {
			pick = t
			break
		}
	}
	if pick == nil && a.in.TaskID != 0 {
		return errs.E(errs.Conflict, "该环节任务已办结或不在当前环节")
	}
	if pick == nil || a.assigner(*pick) == "" {
		return errs.E(errs.Forbidden, "只有审批负责人（对本部门的审查任务）或大厅管理员（对本大厅的受理任务）可以分派任务")
	}
	a.role = a.assigner(*pick)
	staff, err := a.s.store.StaffWith(a.ctx, pick.Role, pick.scope())
	if err != nil {
		return err
	}
	if a.in.AssigneeID == 0 || !slices.Contains(staff, a.in.AssigneeID) {
		return errs.Field("assignee_id", "被分派人员须持有“%s”角色，且权限范围包含“%s”环节", roleTitle(pick.Role), pick.StepName)
	}
	return a.giveTask(pick, a.in.AssigneeID)
}

// assigner is the role under which the actor may assign t, or "".
func (a *act) assigner(t Task) access.Role {
	for _, g := range a.p.Grants {
		if !g.Covers(t.scope()) {
			continue
		}
		if t.HallID != 0 && g.Role == access.HallManager || t.HallID == 0 && g.Role.Has(access.CaseDecide) {
			return g.Role
		}
	}
	return ""
}

// scope is where the task is worked.
func (t Task) scope() access.Scope {
	return access.Scope{Region: t.Region, DeptID: t.DeptID, HallID: t.HallID}
}

func (a *act) giveTask(t *Task, to int64) error {
	t.AssigneeID = to
	a.ch.Tasks = append(a.ch.Tasks, *t)
	a.ch.Event = a.s.event(a.actorCtx(), a.c, a.c.Status, a.c.Status, a.in.Action, a.in.Comment,
		map[string]any{"task": t.StepName, "assignee_id": to})
	return nil
}

func (a *act) approve() error {
	t, err := a.myTask()
	if err != nil {
		return err
	}
	opinion := firstNonEmpty(strings.TrimSpace(a.in.Comment), "同意")
	t.State, t.Opinion, t.DoneBy, t.DoneAt = TaskDone, opinion, a.p.AccountID, a.s.now()
	if t.AssigneeID == 0 {
		t.AssigneeID = a.p.AccountID
	}
	a.ch.Tasks = append(a.ch.Tasks, *t)
	for _, o := range a.tasks {
		if o.State == TaskOpen && o.Stage == a.c.Stage && o.ID != t.ID {
			// 会签: the stage waits for its other steps.
			a.ch.Event = a.s.event(a.actorCtx(), a.c, a.c.Status, a.c.Status, ActApprove, opinion, map[string]any{"step": t.StepName})
			return nil
		}
	}
	doc, err := a.s.items.VersionDoc(a.ctx, a.c.ItemCode, a.c.ItemVersion)
	if err != nil {
		return err
	}
	steps := reviewSteps(doc.Steps)
	next := 0
	for _, st := range steps {
		if st.Stage > a.c.Stage {
			next = st.Stage
			break
		}
	}
	if next == 0 {
		a.move(Granted, map[string]any{"step": t.StepName})
		a.grant(opinion)
		return nil
	}
	a.ch.Event = a.s.event(a.actorCtx(), a.c, a.c.Status, a.c.Status, ActApprove, opinion, map[string]any{"step": t.StepName})
	a.c.Stage = next
	return a.openStage(steps, next)
}

// grant concludes the case granted with its decision document.
func (a *act) grant(opinion string) {
	a.conclude(Granted)
	a.c.Decision = &Decision{Result: Granted, Reason: opinion, By: a.p.Username, At: a.s.now()}
	a.addDoc(DocGrant, grantDecision(a.c))
	a.notify("notice", "您的申请已办结：准予", fmt.Sprintf("“%s”已准予，%s", a.c.Name, deliveryHint(a.c)))
}

func (a *act) conclude(to Status) {
	a.c.ConcludedAt = a.s.now()
	a.c.Clock.ConcludedOn = a.today
	if r := a.c.Clock.Running(); r != nil {
		// Refused during a correction, withdrawn during a special procedure:
		// the pause ends with the case.
		r.To = a.today
		r.Days, _ = a.s.calc(a.c.RegionCode).pausedDays(r.From, a.today)
	}
	if on := a.c.Clock.AcceptedOn; !on.IsZero() && !a.today.Before(on) {
		// The working days used: acceptance to conclusion, less the special
		// procedures (ended ones are in Paused; one ending now in r.Days).
		n, _ := a.s.calc(a.c.RegionCode).pausedDays(on, a.today)
		n -= a.c.Clock.Paused
		if r := a.c.Clock.Running(); r != nil && r.Kind == "special" {
			n -= r.Days
		}
		a.c.Clock.Used = max(n, 0)
	}
	if !a.c.Clock.Due.IsZero() && a.today.After(a.c.Clock.Due) {
		a.c.Overdue = true
	}
	if to != Granted {
		a.c.Decision = &Decision{Result: to, Reason: a.in.Reason, LegalBasis: a.in.LegalBasis, By: a.p.Username, At: a.s.now()}
	}
	a.closeTasks(TaskCancelled, "", nil)
}

func (a *act) deny() error {
	if err := a.decider(); err != nil {
		return err
	}
	if strings.TrimSpace(a.in.Reason) == "" {
		return errs.Field("reason", "不予许可须写明理由")
	}
	a.closeTasks(TaskDone, "不予许可："+a.in.Reason, func(t Task) bool { return t.Stage == a.c.Stage && a.works(t) })
	a.conclude(Denied)
	a.move(Denied, nil)
	a.addDoc(DocDeny, denyDecision(a.c))
	a.notify("notice", "您的申请已办结：不予许可", fmt.Sprintf("“%s”不予许可：%s", a.c.Name, a.in.Reason))
	return nil
}

// giveBack returns the case to the previous review stage.
func (a *act) giveBack() error {
	t, err := a.myTask()
	if err != nil {
		return err
	}
	if strings.TrimSpace(a.in.Comment) == "" {
		return errs.Field("comment", "退回须写明理由")
	}
	doc, err := a.s.items.VersionDoc(a.ctx, a.c.ItemCode, a.c.ItemVersion)
	if err != nil {
		return err
	}
	steps := reviewSteps(doc.Steps)
	prev := 0
	for _, st := range steps {
		if st.Stage < a.c.Stage {
			prev = st.Stage
		}
	}
	if prev == 0 {
		return errs.E(errs.Conflict, "“%s”已是第一个审查环节，不能再退回", t.StepName)
	}
	a.closeTasks(TaskReturned, "退回："+a.in.Comment, func(x Task) bool { return x.Stage == a.c.Stage })
	a.ch.Event = a.s.event(a.actorCtx(), a.c, a.c.Status, a.c.Status, ActReturn, a.in.Comment,
		map[string]any{"from_step": t.StepName})
	a.c.Stage = prev
	return a.openStage(steps, prev)
}

// reviewerOrDecider checks the actor works an open task now or decides.
func (a *act) reviewerOrDecider() error {
	for _, t := range a.tasks {
		if t.State == TaskOpen && t.Stage == a.c.Stage && a.works(t) {
			a.role = access.Role(t.Role)
			return nil
		}
	}
	return a.decider()
}

func (a *act) startSpecial() error {
	if err := a.reviewerOrDecider(); err != nil {
		return err
	}
	doc, err := a.s.items.VersionDoc(a.ctx, a.c.ItemCode, a.c.ItemVersion)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(doc.SpecialProcedures, func(sp catalog.SpecialProcedure) bool { return sp.Name == a.in.Procedure })
	if i < 0 {
		var names []string
		for _, sp := range doc.SpecialProcedures {
			names = append(names, sp.Name)
		}
		if len(names) == 0 {
			return errs.Field("procedure", "事项“%s”未规定特别程序", a.c.Name)
		}
		return errs.Field("procedure", "特别程序应为事项规定的：%s", strings.Join(names, "、"))
	}
	sp := doc.SpecialProcedures[i]
	a.c.Clock.Pauses = append(a.c.Clock.Pauses, Pause{Kind: "special", Name: sp.Name, From: a.today, Max: sp.MaxDays})
	a.move(Special, map[string]any{"procedure": sp.Name, "max_days": sp.MaxDays})
	return nil
}

func (a *act) endSpecial() error {
	if err := a.reviewerOrDecider(); err != nil {
		return err
	}
	r := a.c.Clock.Running()
	if r == nil {
		return errs.E(errs.Conflict, "没有进行中的特别程序")
	}
	k := a.s.calc(a.c.RegionCode)
	days, err := k.pausedDays(r.From, a.today)
	if err != nil {
		return err
	}
	r.To, r.Days = a.today, days
	a.c.Clock.Paused += days
	if err := k.caseDue(&a.c.Clock); err != nil {
		return err
	}
	a.shiftTasks(days)
	a.move(InReview, map[string]any{"procedure": r.Name, "paused_days": days})
	return nil
}

// shiftTasks moves the due dates of open review tasks by n working days.
func (a *act) shiftTasks(n int) {
	if n == 0 {
		return
	}
	k := a.s.calc(a.c.RegionCode)
	for i := range a.tasks {
		t := &a.tasks[i]
		if t.State != TaskOpen || t.Stage == 0 {
			continue
		}
		res, err := k.cal.Add(t.Due, n, k.region)
		if err != nil {
			continue
		}
		t.Due = res.Date
		t.DueExplain += fmt.Sprintf("；暂停 %d 个工作日后顺延至 %s", n, t.Due)
		a.ch.Tasks = append(a.ch.Tasks, *t)
	}
}

func (a *act) extend() error {
	if err := a.decider(); err != nil {
		return err
	}
	if a.in.Days < 1 {
		return errs.Field("days", "请填写延长的工作日数")
	}
	if strings.TrimSpace(a.in.Comment) == "" {
		return errs.Field("comment", "延期须写明理由")
	}
	c := &a.c.Clock
	if c.Legal > 0 && c.Promised+c.Extended+a.in.Days > c.Legal {
		return errs.Field("days", "延期后共 %d 个工作日，超过法定时限 %d 个工作日（最多还能延长 %d 个工作日）",
			c.Promised+c.Extended+a.in.Days, c.Legal, max(0, c.Legal-c.Promised-c.Extended))
	}
	c.Extended += a.in.Days
	if err := a.s.calc(a.c.RegionCode).caseDue(c); err != nil {
		return err
	}
	a.ch.Event = a.s.event(a.actorCtx(), a.c, a.c.Status, a.c.Status, ActExtend, a.in.Comment,
		map[string]any{"days": a.in.Days, "due": c.Due.String()})
	a.notify("notice", "办理期限延长", fmt.Sprintf("“%s”办理期限延长 %d 个工作日，至 %s。理由：%s", a.c.Name, a.in.Days, c.Due, a.in.Comment))
	return nil
}

func (a *act) withdraw() error {
	if !a.isApplicant() {
		return errs.E(errs.Forbidden, "只有申请人可以撤回申请")
	}
	if a.p.AccountID == a.c.ApplicantID {
		a.role = access.Applicant // else the filing clerk or agent, under their own role
	}
	if a.c.BundleCode != "" && a.c.ItemCode == "" {
		if err := a.withdrawChildren(); err != nil {
			return err
		}
	}
	a.conclude(Withdrawn)
	a.c.Decision = nil
	a.move(Withdrawn, nil)
	return nil
}

// withdrawChildren withdraws the bundle's children still open, stopping
// the work on them.
func (a *act) withdrawChildren() error {
	kids, _, err := a.s.store.List(a.ctx, ListFilter{ParentID: a.c.ID, Limit: 100})
	if err != nil {
		return err
	}
	for _, k := range kids {
		if !k.Status.Open() && k.Status != Draft {
			continue
		}
		tasks, err := a.s.store.Tasks(a.ctx, k.ID)
		if err != nil {
			return err
		}
		var stop []Task
		for _, t := range tasks {
			if t.State == TaskOpen {
				t.State, t.DoneAt = TaskCancelled, a.s.now()
				stop = append(stop, t)
			}
		}
		ev := a.s.event(a.actorCtx(), &Case{ID: k.ID}, k.Status, Withdrawn, ActWithdraw, "随一件事一并撤回", nil)
		a.ch.Children = append(a.ch.Children, ChildMove{ID: k.ID, Version: k.Version, To: Withdrawn, Event: ev, Tasks: stop})
	}
	return nil
}

func (a *act) deliver() error {
	if a.c.ParentID != 0 {
		return errs.E(errs.Conflict, "该办件属于一件事，请在一件事办件上统一出件")
	}
	if err := a.frontDesk(a.c.Delivery.HallID, a.c.IntakeHallID); err != nil {
		return err
	}
	d := &a.c.Delivery
	data := map[string]any{"method": d.Method}
	switch d.Method {
	case DeliverMail:
		tr := strings.TrimSpace(a.in.Tracking)
		if tr == "" {
			return errs.Field("tracking", "请填写邮件运单号")
		}
		d.Tracking, d.Carrier = tr, firstNonEmpty(strings.TrimSpace(a.in.Carrier), "EMS")
		data["tracking"], data["carrier"] = d.Tracking, d.Carrier
	case DeliverPickup:
		if strings.TrimSpace(a.in.PickupCode) != d.PickupCode {
			return errs.Field("pickup_code", "取件码不正确，请核对申请人出示的取件码")
		}
	}
	a.c.DeliveredAt = a.s.now()
	if a.c.BundleCode != "" && a.c.ItemCode == "" {
		kids, _, err := a.s.store.List(a.ctx, ListFilter{ParentID: a.c.ID, Limit: 100})
		if err != nil {
			return err
		}
		for _, k := range kids {
			if k.Status == Granted || k.Status == Denied {
				ev := a.s.event(a.actorCtx(), &Case{ID: k.ID}, k.Status, Delivered, ActDeliver, "随一件事统一送达", data)
				a.ch.Children = append(a.ch.Children, ChildMove{ID: k.ID, Version: k.Version, To: Delivered, Event: ev})
			}
		}
	}
	a.move(Delivered, data)
	if d.Method == DeliverMail {
		a.notify("notice", "办理结果已寄出", fmt.Sprintf("“%s”的办理结果已由 %s 寄出，运单号 %s。", a.c.Name, d.Carrier, d.Tracking))
	} else {
		a.notify("notice", "办理结果已送达", fmt.Sprintf("“%s”的办理结果已送达。", a.c.Name))
	}
	return nil
}

func deliveryHint(c *Case) string {
	switch c.Delivery.Method {
	case DeliverMail:
		return "结果将免费邮寄给您。"
	case DeliverPickup:
		return "请凭取件码 " + c.Delivery.PickupCode + " 到 " + c.HallName + " 领取结果。"
	}
	return "结果已电子送达。"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func notFound(err error, number string) error {
	if errs.Is(err, errs.NotFound) {
		return errs.E(errs.NotFound, "办件 %s 不存在", number)
	}
	return err
}

// supplyOwed takes the files of materials accepted as missing (容缺): each
// named material must be owed and not yet supplied, and come with files;
// the case goes on where it is.
func (a *act) supplyOwed() error {
	if !a.isApplicant() {
		if err := a.frontDesk(); err != nil {
			return errs.E(errs.Forbidden, "只有申请人（或受理大厅的窗口人员代为）可以补交容缺材料")
		}
	}
	if len(a.in.Materials) == 0 {
		return errs.Field("materials", "请上传需要补交的容缺材料")
	}
	var names []string
	for i, m := range a.in.Materials {
		path := fmt.Sprintf("materials[%d]", i)
		j := slices.IndexFunc(a.c.Owed, func(o Owed) bool { return o.Key == m.Key })
		switch {
		case j < 0:
			return errs.Field(path, "材料 %s 不是本办件容缺后补的材料", m.Key)
		case a.c.Owed[j].Done:
			return errs.Field(path, "“%s”已经补交", a.c.Owed[j].Name)
		case len(m.Files) == 0 || len(m.Files) > 20:
			return errs.Field(path, "请为“%s”上传 1 到 20 个文件", a.c.Owed[j].Name)
		}
		a.c.Owed[j].Done = true
		names = append(names, a.c.Owed[j].Name)
		files := slices.Compact(slices.Sorted(slices.Values(m.Files)))
		k := slices.IndexFunc(a.c.Materials, func(x Material) bool { return x.Key == m.Key })
		if k < 0 {
			a.c.Materials = append(a.c.Materials, Material{Key: m.Key, Name: a.c.Owed[j].Name})
			k = len(a.c.Materials) - 1
		}
		a.c.Materials[k].Files = append(a.c.Materials[k].Files, files...)
		a.c.Materials[k].Deferred = false
		a.ch.Files = append(a.ch.Files, files...)
	}
	a.ch.Owners = []int64{a.c.ApplicantID}
	if a.c.FilerID != 0 {
		a.ch.Owners = append(a.ch.Owners, a.c.FilerID)
	}
	if a.role == access.Clerk {
		a.ch.Owners = append(a.ch.Owners, a.p.AccountID)
	}
	a.ch.Event = a.s.event(a.actorCtx(), a.c, a.c.Status, a.c.Status, ActSupplyOwed, a.in.Comment,
		map[string]any{"materials": strings.Join(names, "、")})
	return nil
}
