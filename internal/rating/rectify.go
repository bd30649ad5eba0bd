package rating

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// The rectification loop (差评整改闭环): the department verifies what
// happened (核实), fixes it (整改), calls a named applicant back (回访) and
// the supervisor rechecks (复核); at verify or rectify the department may
// appeal a mistaken or malicious rating (申诉) for the supervisor to
// decide. Each stage has a working-day limit per region.

// RectStore keeps rectifications and the stage limits. Every change of a
// rectification goes through UpdateRectification.
type RectStore interface {
	// Rectification reads one with its case and rating (NotFound).
	Rectification(ctx context.Context, id int64) (Rectification, error)
	// Rectifications lists those f selects, newest first.
	Rectifications(ctx context.Context, f RectFilter) ([]Rectification, error)
	// UpdateRectification writes after over before in one transaction with
	// the messages and audit events: Conflict when the row is no longer at
	// before.Version (someone else acted first). The version becomes
	// before.Version+1.
	UpdateRectification(ctx context.Context, before, after Rectification, msgs []cases.Message, evs ...audit.Event) error
	// DueRectifications lists open rectifications whose stage is due on or
	// before d and that were warned below level, earliest first.
	DueRectifications(ctx context.Context, d workcal.Date, level, limit int) ([]Rectification, error)
	// Limits returns the row of the nearest region up the tree from
	// region (From names it), or zero Limits when none has one.
	Limits(ctx context.Context, region string) (Limits, error)
	// PutLimits stores a region's limits (NotFound: no such region).
	PutLimits(ctx context.Context, l Limits, evs ...audit.Event) error
	// StaffWith lists the active staff holding role whose grant covers at.
	StaffWith(ctx context.Context, role string, at access.Scope) ([]int64, error)
	// FileOwners returns the uploader of each of ids that exists.
	FileOwners(ctx context.Context, ids []string) (map[string]int64, error)
}

// RectFilter selects rectifications for a list.
type RectFilter struct {
	// Scopes: a row must lie in one of them (region subtree, and the
	// department when DeptID is not 0). Empty selects nothing.
	Scopes []access.Scope
	Stage  string // a stage, "open" (not closed), or "" any
	Region string // a region subtree, "" any
	DeptID int64
	// OverdueOn, when set, keeps open rows whose stage was due before it.
	OverdueOn workcal.Date
	Before    int64 // keyset: ids below it, 0 from the newest
	Limit     int
}

// Limits are the working days each stage may take in a region.
type Limits struct {
	Region   string `json:"region_code"`
	Verify   int    `json:"verify_days"`
	Rectify  int    `json:"rectify_days"`
	Callback int    `json:"callback_days"`
	Recheck  int    `json:"recheck_days"`
	// From is the region whose row applies ("" the defaults).
	From      string    `json:"from"`
	UpdatedBy int64     `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// DefaultLimits are the limits where no region sets its own: verify 2,
// rectify 15, callback 1, recheck 5 working days.
func DefaultLimits() Limits { return Limits{Verify: 2, Rectify: 15, Callback: 1, Recheck: 5} }

// Days is the limit of a stage; an appeal is decided within the recheck limit.
func (l Limits) Days(stage string) int {
	switch stage {
	case StageVerify:
		return l.Verify
	case StageRectify:
		return l.Rectify
	case StageCallback:
		return l.Callback
	case StageRecheck, StageAppeal:
		return l.Recheck
	}
	return 0
}

// MaxLimitDays is the largest stage limit a region may set.
const MaxLimitDays = 60

// LimitsInput is a region's limits as a supervisor sets them.
type LimitsInput struct {
	Verify   int `json:"verify_days" minimum:"1" maximum:"60" doc:"核实时限（工作日）"`
	Rectify  int `json:"rectify_days" minimum:"1" maximum:"60" doc:"整改时限（工作日）"`
	Callback int `json:"callback_days" minimum:"1" maximum:"60" doc:"回访时限（工作日，整改完成后起算）"`
	Recheck  int `json:"recheck_days" minimum:"1" maximum:"60" doc:"复核时限（工作日，申诉审核同此）"`
}

// Actions on a rectification.
const (
	ActVerify        = "verify"         // 核实 (department)
	ActRectify       = "rectify"        // 整改 (department)
	ActCallback      = "callback"       // 回访 (department)
	ActRecheckPass   = "recheck_pass"   // 复核通过 (supervisor)
	ActRecheckReturn = "recheck_return" // 复核退回 (supervisor)
	ActAppeal        = "appeal"         // 申诉 (department)
	ActAppealUphold  = "appeal_uphold"  // 申诉成立 (supervisor)
	ActAppealReject  = "appeal_reject"  // 申诉驳回 (supervisor)
)

// Callback results.
var CallbackResults = []string{"满意", "基本满意", "不满意"}

// RectAction is one step posted on a rectification.
type RectAction struct {
	Action  string   `json:"action" enum:"verify,rectify,callback,recheck_pass,recheck_return,appeal,appeal_uphold,appeal_reject"`
	Comment string   `json:"comment,omitempty" maxLength:"2000" doc:"核实情况、整改措施、回访情况、复核意见、申诉理由或审核意见"`
	Files   []string `json:"files,omitempty" maxItems:"10" doc:"佐证或申诉材料：本人上传的文件编号（POST /api/v1/files）"`
	Result  string   `json:"result,omitempty" doc:"回访结果：满意、基本满意、不满意"`
	Version int      `json:"version,omitempty" doc:"读取时的版本号；填写时与当前版本不符返回 409"`
}

// step says what an action needs and does.
type step struct {
	title   string   // what it is called
	at      []string // the stages it may be taken at
	super   bool     // a supervisor's decision (else the department's work)
	comment string   // the comment's name when one is required
	done    string   // the notice after it
}

var steps = map[string]step{
	ActVerify:        {"核实", []string{StageVerify}, false, "核实情况", "已提交核实情况，请在期限内完成整改"},
	ActRectify:       {"整改", []string{StageRectify}, false, "整改措施", "已提交整改情况"},
	ActCallback:      {"回访", []string{StageCallback}, false, "回访情况", "已记录回访，等待复核"},
	ActRecheckPass:   {"复核通过", []string{StageRecheck}, true, "", "复核通过，整改已办结"},
	ActRecheckReturn: {"复核退回", []string{StageRecheck}, true, "退回理由", "已退回部门重新整改"},
	ActAppeal:        {"申诉", []string{StageVerify, StageRectify}, false, "申诉理由", "申诉已提交，等待审核"},
	ActAppealUphold:  {"申诉成立", []string{StageAppeal}, true, "审核意见", "申诉成立，该评价已作废"},
	ActAppealReject:  {"申诉驳回", []string{StageAppeal}, true, "驳回理由", "申诉已驳回，部门继续办理"},
}

// ActionTitle is the Chinese name of an action.
func ActionTitle(action string) string {
	if st, ok := steps[action]; ok {
		return st.title
	}
	return action
}

// ActionDone is the notice shown after an action.
func ActionDone(action string) string { return steps[action].done }

var stageTitles = map[string]string{StageVerify: "核实", StageRectify: "整改", StageCallback: "回访",
	StageRecheck: "复核", StageAppeal: "申诉审核", StageClosed: "已办结"}

// StageTitle is the Chinese name of a stage.
func StageTitle(stage string) string {
	if t, ok := stageTitles[stage]; ok {
		return t
	}
	return stage
}

// Stages lists the stages in their order.
var Stages = []string{StageVerify, StageRectify, StageCallback, StageRecheck, StageAppeal, StageClosed}

// OutcomeTitle is the Chinese name of an outcome.
func OutcomeTitle(outcome string) string {
	switch outcome {
	case OutcomeRectified:
		return "整改完成"
	case OutcomeUpheld:
		return "申诉成立，评价作废"
	}
	return ""
}

func deptScope(x Rectification) access.Scope { return access.Scope{Region: x.Region, DeptID: x.DeptID} }

// canSee reports whether p works or watches x: the department's staff
// holding rating.rectify, or supervisors over its region.
func canSee(p *access.Principal, x Rectification) bool {
	return p.Can(access.Rectify, deptScope(x)) || p.Can(access.Supervise, access.Scope{Region: x.Region})
}

// may reports whether p may take action on x at all (ignoring the stage).
func may(p *access.Principal, x Rectification, action string) bool {
	if steps[action].super {
		return p.Can(access.Supervise, access.Scope{Region: x.Region})
	}
	return p.Can(access.Rectify, deptScope(x))
}

// NextActions lists the actions p may take on x now.
func NextActions(p *access.Principal, x Rectification) []string {
	var out []string
	for _, a := range []string{ActVerify, ActRectify, ActCallback, ActRecheckPass, ActRecheckReturn, ActAppeal, ActAppealUphold, ActAppealReject} {
		if slices.Contains(steps[a].at, x.Stage) && may(p, x, a) && (a != ActAppeal || !appealed(x)) {
			out = append(out, a)
		}
	}
	return out
}

// appealed reports whether x was appealed already: one appeal each.
func appealed(x Rectification) bool {
	return slices.ContainsFunc(x.Steps, func(s RectStep) bool { return s.Action == ActAppeal })
}

func notFoundRect() error {
	return errs.E(errs.NotFound, "整改记录不存在或不在您的管辖范围内")
}

// Act takes one step on rectification id as p.
// Errors: NotFound (no such rectification p may see), Invalid (unknown
// action, missing comment, callback result or appeal evidence, someone
// else's file), Forbidden (not p's step: the department's work or the
// supervisor's decision), Conflict (not at this stage, appealed already,
// or someone else acted first).
func (s *Service) Act(ctx context.Context, p *access.Principal, id int64, in RectAction) (Rectification, error) {
	st, ok := steps[in.Action]
	if !ok {
		return Rectification{}, errs.Field("action", "未知的整改操作“%s”", in.Action)
	}
	x, err := s.store.Rectification(ctx, id)
	if errs.Is(err, errs.NotFound) || err == nil && !canSee(p, x) {
		return Rectification{}, notFoundRect()
	}
	if err != nil {
		return Rectification{}, err
	}
	if !may(p, x, in.Action) {
		if st.super {
			return Rectification{}, errs.E(errs.Forbidden, "“%s”由辖区效能监督人员办理", st.title)
		}
		return Rectification{}, errs.E(errs.Forbidden, "“%s”由被评价部门的工作人员办理", st.title)
	}
	if in.Version != 0 && in.Version != x.Version {
		return Rectification{}, errs.E(errs.Conflict, "整改记录已被他人处理（当前版本 %d），请刷新后重试", x.Version)
	}
	if !slices.Contains(st.at, x.Stage) {
		return Rectification{}, errs.E(errs.Conflict, "当前处于“%s”环节，不能%s", StageTitle(x.Stage), st.title)
	}
	if in.Action == ActAppeal && appealed(x) {
		return Rectification{}, errs.E(errs.Conflict, "每条差评只能申诉一次，本条已申诉过")
	}
	rec, err := s.stepInput(ctx, p, x, st, in)
	if err != nil {
		return Rectification{}, err
	}
	now := s.now()
	after := x
	after.Steps = append(slices.Clone(x.Steps), rec)
	switch in.Action {
	case ActVerify, ActAppealReject, ActRecheckReturn:
		after.Stage = StageRectify
		if in.Action == ActAppealReject {
			after.Stage = or(x.AppealFrom, StageVerify)
		}
	case ActRectify:
		after.Stage = StageRecheck
		if x.Named {
			after.Stage = StageCallback
		}
	case ActCallback:
		after.Stage = StageRecheck
	case ActAppeal:
		after.Stage, after.AppealFrom = StageAppeal, x.Stage
	case ActRecheckPass, ActAppealUphold:
		after.Stage, after.ClosedAt = StageClosed, now
		after.Outcome = OutcomeRectified
		if in.Action == ActAppealUphold {
			after.Outcome = OutcomeUpheld
		}
	}
	after.StageDue = workcal.Date{}
	if after.Stage != StageClosed {
		if after.StageDue, err = s.stageDue(ctx, x.Region, after.Stage, workcal.Today(now)); err != nil {
			return Rectification{}, err
		}
	}
	last := &after.Steps[len(after.Steps)-1]
	last.Next, last.Due = after.Stage, after.StageDue
	after.Warned, after.Version, after.UpdatedAt = 0, x.Version+1, now
	msgs, err := s.notices(ctx, after)
	if err != nil {
		return Rectification{}, err
	}
	ev := audit.New(ctx, "rectification."+in.Action, "rectification", strconv.FormatInt(x.ID, 10), rectSnapshot(x),
		rectSnapshot(after), rec.Comment)
	if err := s.store.UpdateRectification(ctx, x, after, msgs, ev); err != nil {
		return Rectification{}, err
	}
	after.DueLevel = s.dueLevel(after)
	return after, nil
}

// stepInput checks what the action needs and returns its record.
func (s *Service) stepInput(ctx context.Context, p *access.Principal, x Rectification, st step, in RectAction) (RectStep, error) {
	comment := strings.TrimSpace(in.Comment)
	if st.comment != "" && comment == "" {
		return RectStep{}, errs.Field("comment", "请填写%s", st.comment)
	}
	if utf8.RuneCountInString(comment) > 2000 {
		return RectStep{}, errs.Field("comment", "%s不能超过 2000 字", or(st.comment, "意见"))
	}
	rec := RectStep{Stage: x.Stage, Action: in.Action, ActorID: p.AccountID, Actor: p.Username, At: s.now(), Comment: comment}
	perm := access.Rectify
	if st.super {
		perm = access.Supervise
	}
	rec.Role = string(p.RoleFor(perm))
	switch in.Action {
	case ActCallback:
		if !slices.Contains(CallbackResults, in.Result) {
			return RectStep{}, errs.Field("result", "请选择回访结果：%s", strings.Join(CallbackResults, "、"))
		}
		rec.Result = in.Result
	case ActAppeal:
		if len(in.Files) == 0 {
			return RectStep{}, errs.Field("files", "申诉须附证明材料（如录音记录、办理记录、情况说明），请上传后再提交")
		}
	}
	if len(in.Files) > 0 && in.Action != ActRectify && in.Action != ActAppeal {
		return RectStep{}, errs.Field("files", "只有整改和申诉可以附材料")
	}
	if len(in.Files) > 10 {
		return RectStep{}, errs.Field("files", "最多附 10 个文件")
	}
	if len(in.Files) > 0 {
		owners, err := s.store.FileOwners(ctx, in.Files)
		if err != nil {
			return RectStep{}, err
		}
		for i, f := range in.Files {
			if owners[f] != p.AccountID || p.AccountID == 0 {
				return RectStep{}, errs.Field("files", "第 %d 个文件不存在或不是您上传的，请重新上传", i+1)
			}
			if !slices.Contains(rec.Files, f) {
				rec.Files = append(rec.Files, f)
			}
		}
	}
	return rec, nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// stageDue is when stage, entered on day from, is due in region.
func (s *Service) stageDue(ctx context.Context, region, stage string, from workcal.Date) (workcal.Date, error) {
	l, err := s.LimitsFor(ctx, region)
	if err != nil {
		return workcal.Date{}, err
	}
	r, err := s.cal().Add(from, l.Days(stage), region)
	if err != nil {
		return workcal.Date{}, err
	}
	return r.Date, nil
}

// LimitsFor returns the limits in force in region: the nearest region up
// the tree with a row, else the defaults.
func (s *Service) LimitsFor(ctx context.Context, region string) (Limits, error) {
	l, err := s.store.Limits(ctx, region)
	if err != nil {
		return Limits{}, err
	}
	if l.From == "" {
		l = s.Defaults
	}
	l.Region = region
	return l, nil
}

// Limits returns the limits in force in region for staff who work or
// watch rectifications. Errors: Invalid (not a region code), Forbidden.
func (s *Service) Limits(ctx context.Context, p *access.Principal, region string) (Limits, error) {
	if err := checkRegion(region); err != nil {
		return Limits{}, err
	}
	if !p.Has(access.Supervise) && !p.Has(access.Rectify) {
		return Limits{}, errs.E(errs.Forbidden, "只有效能监督人员和部门整改人员可以查看整改时限")
	}
	return s.LimitsFor(ctx, region)
}

// SetLimits sets region's stage limits (1–60 working days each); the
// regions below it without their own row follow. Only supervisors whose
// grant covers region. Errors: Invalid, Forbidden, NotFound (no such region).
func (s *Service) SetLimits(ctx context.Context, p *access.Principal, region string, in LimitsInput) (Limits, error) {
	if err := checkRegion(region); err != nil {
		return Limits{}, err
	}
	for _, f := range []struct {
		name, title string
		v           int
	}{{"verify_days", "核实时限", in.Verify}, {"rectify_days", "整改时限", in.Rectify},
		{"callback_days", "回访时限", in.Callback}, {"recheck_days", "复核时限", in.Recheck}} {
		if f.v < 1 || f.v > MaxLimitDays {
			return Limits{}, errs.Field(f.name, "%s应为 1 到 %d 个工作日", f.title, MaxLimitDays)
		}
	}
	if !p.Can(access.Supervise, access.Scope{Region: region}) {
		return Limits{}, errs.E(errs.Forbidden, "只有管辖该地区的效能监督人员可以设置整改时限")
	}
	before, err := s.LimitsFor(ctx, region)
	if err != nil {
		return Limits{}, err
	}
	l := Limits{Region: region, Verify: in.Verify, Rectify: in.Rectify, Callback: in.Callback, Recheck: in.Recheck,
		From: region, UpdatedBy: p.AccountID, UpdatedAt: s.now()}
	days := func(l Limits) map[string]any {
		return map[string]any{"verify": l.Verify, "rectify": l.Rectify, "callback": l.Callback, "recheck": l.Recheck, "from": l.From}
	}
	ev := audit.New(ctx, "rectification.limits", "region", region, days(before), days(l), "")
	if err := s.store.PutLimits(ctx, l, ev); err != nil {
		return Limits{}, err
	}
	return l, nil
}

func checkRegion(region string) error {
	_, err := validate.RegionCode("region", region)
	return err
}

// rectSnapshot is what the audit log keeps of a rectification's state.
func rectSnapshot(x Rectification) map[string]any {
	m := map[string]any{"stage": x.Stage, "case": x.CaseNumber, "dept_id": x.DeptID, "version": x.Version}
	if !x.StageDue.IsZero() {
		m["due"] = x.StageDue.String()
	}
	if x.Outcome != "" {
		m["outcome"] = x.Outcome
	}
	return m
}

// notices are the messages a stage change sends: the supervisors when a
// recheck or an appeal waits for them, the department when its work comes
// back or its appeal is upheld, and the applicant when the rectification is
// done.
func (s *Service) notices(ctx context.Context, x Rectification) ([]cases.Message, error) {
	var to []int64
	var subject, body string
	var err error
	name := fmt.Sprintf("“%s”（%s）", x.CaseName, x.CaseNumber)
	switch x.Stage {
	case StageRecheck, StageAppeal:
		to, err = s.staffFor(ctx, x, true)
		subject = "差评整改待复核：" + x.CaseNumber
		body = fmt.Sprintf("%s的差评整改已完成，请于 %s 前复核。", name, x.StageDue)
		if x.Stage == StageAppeal {
			subject = "差评申诉待审核：" + x.CaseNumber
			body = fmt.Sprintf("部门对%s的差评提出申诉，请于 %s 前审核。", name, x.StageDue)
		}
	case StageRectify:
		if len(x.Steps) == 0 || x.Steps[len(x.Steps)-1].Action == ActVerify {
			return nil, nil // the department goes on with its own work
		}
		to, err = s.staffFor(ctx, x, false)
		subject = "差评整改退回：" + x.CaseNumber
		body = fmt.Sprintf("%s的差评整改被退回或申诉被驳回，请于 %s 前完成整改。", name, x.StageDue)
	case StageVerify:
		to, err = s.staffFor(ctx, x, false)
		subject = "差评申诉被驳回：" + x.CaseNumber
		body = fmt.Sprintf("%s的差评申诉被驳回，请于 %s 前核实。", name, x.StageDue)
	case StageClosed:
		if x.Outcome == OutcomeUpheld {
			to, err = s.staffFor(ctx, x, false)
			subject = "差评申诉成立：" + x.CaseNumber
			body = fmt.Sprintf("对%s的差评申诉成立，该评价已作废，不计入统计。", name)
			break
		}
		if x.ApplicantID == 0 {
			return nil, nil
		}
		to = []int64{x.ApplicantID}
		subject = "您的评价已整改：" + x.CaseNumber
		body = fmt.Sprintf("您对%s的评价已由部门整改完毕。%d 天内您可以再评价一次。", name, s.PeriodDays)
	}
	if err != nil {
		return nil, err
	}
	return s.messages(x, to, "notice", subject, body), nil
}

func (s *Service) messages(x Rectification, to []int64, kind, subject, body string) []cases.Message {
	slices.Sort(to)
	to = slices.Compact(to)
	var out []cases.Message
	for _, id := range to {
		out = append(out, cases.Message{AccountID: id, CaseID: x.CaseID, Number: x.CaseNumber, Kind: kind,
			Subject: subject, Body: body, Channels: s.Channels, CreatedAt: s.now()})
	}
	return out
}

// staffFor lists the supervisors over x's region (super) or the staff of
// its department who work rectifications.
func (s *Service) staffFor(ctx context.Context, x Rectification, super bool) ([]int64, error) {
	perm, at := access.Rectify, deptScope(x)
	if super {
		perm, at = access.Supervise, access.Scope{Region: x.Region}
	}
	var out []int64
	for _, r := range access.Roles {
		if !r.Staff() || !r.Has(perm) {
			continue
		}
		ids, err := s.store.StaffWith(ctx, string(r), at)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}

// dueLevel colours x's stage due date: red overdue, yellow due within a
// working day, normal; "" once closed.
func (s *Service) dueLevel(x Rectification) string {
	if x.Stage == StageClosed || x.StageDue.IsZero() {
		return ""
	}
	return cases.Level(s.cal(), x.Region, workcal.Today(s.now()), x.StageDue, 1)
}
