package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/httpx"
)

// hlEventView is one step of a ticket's timeline.
type hlEventView struct {
	At                  time.Time
	Title, Actor, Role  string
	From, To, Comment   string
	Moved               bool
	Overdue, Supervised bool
}

// hlTicketView is what hotline_ticket.html shows.
type hlTicketView struct {
	T      hotline.View
	Row    hlRow
	Events []hlEventView
	// All are the actions the reader may take now, each with its own
	// form; the first is the step the reader is expected to take.
	All     []string
	can     map[string]bool
	urge    string
	Depts   []gov.Dept
	Lead    int64
	Assists map[int64]bool
	URL     string
	// Failed is the action whose form shows Err and keeps Form.
	Failed string
	Err    string
	Form   url.Values
	// Staff: the reader is hotline staff or a supervisor (sees the caller
	// of a confidential ticket).
	Staff bool
	// CanReveal: the reader may reveal the caller's full number
	// (hotlineReveal); Phone is the number just revealed, shown on this
	// response only.
	CanReveal bool
	Phone     string
}

// hlReveal is the pseudo-action of the ticket page that reveals the
// caller's full number (hotline.Service.RevealPhone); it answers with the
// page itself, so the number is in no URL.
const hlReveal = "reveal_phone"

// Can reports whether the reader may take action now.
func (v *hlTicketView) Can(action string) bool { return v.can[action] }

// ErrFor is the error of the form of action, if it failed.
func (v *hlTicketView) ErrFor(action string) string {
	if v.Failed == action {
		return v.Err
	}
	return ""
}

// Value is what the failed form of action held in field.
func (v *hlTicketView) Value(action, field string) string {
	if v.Failed == action {
		return v.Form.Get(field)
	}
	return ""
}

// Title names the form of action.
func (v *hlTicketView) Title(action string) string {
	if action == hotline.ActUrge {
		return v.urge
	}
	return hlFormTitles[action]
}

// Button is the label of the submit button of action.
func (v *hlTicketView) Button(action string) string {
	if action == hotline.ActUrge {
		return v.urge
	}
	if b, ok := hlButtons[action]; ok {
		return b
	}
	return hotline.Actions[action]
}

// Choices and titles the forms show.
var (
	hlFormTitles = map[string]string{hotline.ActDispatch: "派单", hotline.ActSign: "签收", hotline.ActReturn: "退单（不属于本单位职责）",
		hotline.ActReturnAccept: "同意退单", hotline.ActReturnReject: "驳回退单", hotline.ActExtend: "申请延期",
		hotline.ActExtendApprove: "批准延期", hotline.ActExtendDeny: "不批准延期", hotline.ActReply: "答复",
		hotline.ActReviewAccept: "审核通过", hotline.ActReviewReject: "审核退回", hotline.ActCallback: "回访",
		hotline.ActMerge: "合并重复工单", hotline.ActClose: "直接办结（无效工单等）"}
	hlButtons = map[string]string{hotline.ActDispatch: "派单", hotline.ActSign: "签收", hotline.ActReturn: "提交退单",
		hotline.ActExtend: "提交延期申请", hotline.ActReply: "提交答复", hotline.ActReviewAccept: "审核通过，转回访",
		hotline.ActReviewReject: "退回部门重办", hotline.ActCallback: "记录回访", hotline.ActMerge: "合并", hotline.ActClose: "办结"}
)

// OutcomeTitles names the closure outcomes.
func (v *hlTicketView) OutcomeTitles() map[string]string { return hotline.Outcomes }

// ChannelTitles names the channels.
func (v *hlTicketView) ChannelTitles() map[string]string { return hotline.Channels }

// SatisfactionTitles names the callback results.
func (v *hlTicketView) SatisfactionTitles() map[string]string { return hotline.Satisfactions }

// ReplyOutcomes are a department's reply outcomes.
func (v *hlTicketView) ReplyOutcomes() []string {
	return []string{hotline.OutcomeResolved, hotline.OutcomeExplained, hotline.OutcomeUnresolvable}
}

// CloseOutcomes are the outcomes a dispatcher closes a ticket with.
func (v *hlTicketView) CloseOutcomes() []string {
	return []string{hotline.OutcomeInvalid, hotline.OutcomeExplained, hotline.OutcomeResolved, hotline.OutcomeUnresolvable}
}

// CallbackResults are the callback's answers.
func (v *hlTicketView) CallbackResults() []string {
	return []string{hotline.Satisfied, hotline.Basic, hotline.Unsatisfied}
}

// SignDueText is the sign limit as the page shows it.
func (v *hlTicketView) SignDueText() string { return hlDueText(v.T.SignDue) }

// HandleDueText is the handle limit as the page shows it.
func (v *hlTicketView) HandleDueText() string { return hlDueText(v.T.HandleDue) }

// Assisting reports whether dept is preselected as assisting.
func (v *hlTicketView) Assisting(id int64) bool { return v.Assists[id] }

// hlMainOrder ranks the actions: the first the reader may take is the main one.
var hlMainOrder = []string{hotline.ActDispatch, hotline.ActSign, hotline.ActReply, hotline.ActReturnAccept,
	hotline.ActExtendApprove, hotline.ActReviewAccept, hotline.ActCallback, hotline.ActReturnReject, hotline.ActExtendDeny,
	hotline.ActReviewReject, hotline.ActReturn, hotline.ActExtend, hotline.ActUrge, hotline.ActMerge, hotline.ActClose}

// hlEventTitles name the timeline actions that are not actions on the ticket page.
var hlEventTitles = map[string]string{"intake": "受理", "answer": "当场答复办结", "push": "一键送达", "supervise": "督办",
	"overdue": "超期提醒", "reopen": "重办"}

func (h *hotlinePages) show(rw http.ResponseWriter, r *http.Request) {
	h.renderTicket(rw, r, http.StatusOK, "", "", nil)
}

// renderTicket draws the ticket; failed, msg and form refill the form that was refused.
func (h *hotlinePages) renderTicket(rw http.ResponseWriter, r *http.Request, status int, failed, msg string, form url.Values) {
	h.renderTicketWith(rw, r, status, failed, msg, form, "")
}

// renderTicketWith is renderTicket showing a revealed number.
func (h *hotlinePages) renderTicketWith(rw http.ResponseWriter, r *http.Request, status int, failed, msg string, form url.Values, phone string) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	number := r.PathValue("number")
	tv, err := h.svc.Get(ctx, pr, number)
	if err != nil {
		h.w.Error(rw, r, err)
		return
	}
	v := &hlTicketView{T: tv, Row: h.row(tv.Ticket), URL: "/hotline/" + tv.Number + "/actions", can: map[string]bool{},
		Failed: failed, Err: msg, Form: form, Assists: map[int64]bool{}, Phone: phone,
		Staff: pr.Can(access.HotlineTake, access.Scope{Region: tv.Region}) || pr.Can(access.Supervise, access.Scope{Region: tv.Region})}
	for _, a := range tv.Actions {
		v.can[a] = true
	}
	scope := access.Scope{Region: tv.Region}
	v.CanReveal = tv.Caller != nil && pr.Can(access.HotlineTake, scope) && pr.Can(access.PIIReveal, scope)
	v.can[hlReveal] = v.CanReveal
	for _, a := range hlMainOrder {
		if v.can[a] {
			v.All = append(v.All, a)
		}
	}
	v.urge = "催办"
	if !pr.Can(access.HotlineRoute, access.Scope{Region: tv.Region}) {
		v.urge = "督办"
	}
	if v.can[hotline.ActDispatch] {
		root := tv.Region
		for _, g := range pr.Grants {
			if g.DeptID == 0 && g.HallID == 0 && g.Role.Has(access.HotlineRoute) && strings.HasPrefix(tv.Region, strings.TrimRight(g.Region, "0")) {
				root = g.Region
				break
			}
		}
		if v.Depts, err = h.deptOptions(ctx, pr, root); err != nil {
			h.w.Error(rw, r, err)
			return
		}
		if tv.Suggestion != nil {
			v.Lead = tv.Suggestion.Lead.ID
			for _, a := range tv.Suggestion.Assists {
				v.Assists[a.ID] = true
			}
		} else if tv.DeptID != 0 {
			v.Lead = tv.DeptID
		}
		if failed == hotline.ActDispatch {
			v.Lead, _ = strconv.ParseInt(form.Get("dept_id"), 10, 64)
			v.Assists = map[int64]bool{}
			for _, a := range form["assists"] {
				if id, err := strconv.ParseInt(a, 10, 64); err == nil {
					v.Assists[id] = true
				}
			}
		}
	}
	for _, e := range tv.Events {
		ev := hlEventView{At: e.At, Actor: e.ActorName, Role: e.Role, Comment: e.Comment, From: hotline.StatusTitles[e.From],
			To: hotline.StatusTitles[e.To], Moved: e.From != e.To, Overdue: e.Action == "overdue", Supervised: e.Action == "supervise"}
		if ev.Title = hotline.Actions[e.Action]; ev.Title == "" {
			if ev.Title = hlEventTitles[e.Action]; ev.Title == "" {
				ev.Title = e.Action
			}
		}
		v.Events = append(v.Events, ev)
	}
	page := &Page{Title: "工单 " + tv.Number, Data: v}
	if failed != "" && (!v.can[failed] || errs.Status(errs.Conflict) == status) {
		// Its form is gone (the ticket moved on) or the ticket changed
		// meanwhile: say so above the page.
		page.Error = msg
		if !v.can[failed] {
			v.Failed = ""
		}
	}
	h.w.render(rw, r, status, "hotline_ticket", page)
}

// hlDone is the notice after each action.
var hlDone = map[string]string{
	hotline.ActDispatch: "已派单，部门须在签收期限内签收", hotline.ActSign: "已签收，请在办结期限内答复",
	hotline.ActReturn: "已申请退单，等待 12345 派单员审核", hotline.ActReturnAccept: "已同意退单，工单回到待派单",
	hotline.ActReturnReject: "已驳回退单，部门继续办理", hotline.ActExtend: "已申请延期，等待 12345 派单员审批",
	hotline.ActExtendApprove: "已批准延期", hotline.ActExtendDeny: "已不批准延期，部门按原期限办理",
	hotline.ActReply: "已答复，等待 12345 审核", hotline.ActReviewAccept: "答复审核通过，等待回访",
	hotline.ActReviewReject: "已退回部门重新办理", hotline.ActCallback: "回访已记录，工单办结",
	hotline.ActUrge: "已催办，部门已收到提醒", hotline.ActMerge: "已作为重复工单并入", hotline.ActClose: "工单已办结",
}

func (h *hotlinePages) act(rw http.ResponseWriter, r *http.Request) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	if err := r.ParseForm(); err != nil {
		h.w.Error(rw, r, errs.Wrap(err, errs.Malformed, "提交的内容无法读取，请重试"))
		return
	}
	pf := r.PostForm
	if pf.Get("action") == hlReveal {
		h.reveal(rw, r, pf)
		return
	}
	in := hotline.ActionInput{Action: pf.Get("action"), Outcome: pf.Get("outcome"), Reason: pf.Get("reason"), Text: pf.Get("text"),
		Satisfaction: pf.Get("satisfaction"), Into: strings.TrimSpace(pf.Get("into")), Complex: pf.Get("complex") != ""}
	in.Version, _ = strconv.Atoi(pf.Get("version"))
	var bad error
	num := func(field string) int64 {
		s := strings.TrimSpace(pf.Get(field))
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			bad = errs.Field(field, "请填写数字")
		}
		return n
	}
	in.DeptID = num("dept_id")
	in.Days = int(num("days"))
	for _, a := range pf["assists"] {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			bad = errs.Field("assists", "协办部门无效，请重新选择")
			break
		}
		if id != in.DeptID && !slices.Contains(in.Assists, id) {
			in.Assists = append(in.Assists, id)
		}
	}
	var err error
	if err = bad; err == nil {
		_, err = h.svc.Act(ctx, pr, r.PathValue("number"), in)
	}
	if err == nil {
		done := hlDone[in.Action]
		if in.Action == hotline.ActCallback && in.Satisfaction == hotline.Unsatisfied {
			done = "回访不满意，工单已退回部门重办"
		}
		http.Redirect(rw, r, "/hotline/"+url.PathEscape(r.PathValue("number"))+"?flash="+urlQueryEscape(done), http.StatusSeeOther)
		return
	}
	if code := errs.CodeOf(err); code == errs.Internal || code == errs.NotFound || code == errs.Unauthorized || code == errs.Unavailable {
		h.w.Error(rw, r, err)
		return
	}
	h.renderTicket(rw, r, errs.Status(errs.CodeOf(err)), in.Action, errs.MessageOf(err), pf)
}

// reveal shows the caller's full number once, on the response to the
// form (never in a URL or a redirect), after the reason is audited.
func (h *hotlinePages) reveal(rw http.ResponseWriter, r *http.Request, pf url.Values) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	phone, err := h.svc.RevealPhone(ctx, pr, r.PathValue("number"), pf.Get("reason"))
	if err == nil {
		h.renderTicketWith(rw, r, http.StatusOK, "", "", nil, phone)
		return
	}
	if code := errs.CodeOf(err); code != errs.Invalid {
		h.w.Error(rw, r, err)
		return
	}
	h.renderTicket(rw, r, errs.Status(errs.CodeOf(err)), hlReveal, errs.MessageOf(err), pf)
}
