package web

import (
	"context"
	"fmt"
	"github.com/onewindow/onewindow/internal/rating"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/catalog"
	owfiles "github.com/onewindow/onewindow/internal/files"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/workcal"
)

// caseView is what case.html shows of one case.
// caseRatingView is the rating section of a case page.
type caseRatingView struct {
	Ratings  []rating.Rating
	CanRate  bool
	Levels   []catOption // 5 … 1
	GoodTags []string
	BadTags  []string
}

type caseView struct {
	Rating                  *caseRatingView
	AskRating               *caseAskView // front desk: 请申请人评价 (rating_tablet.go)
	Number, URL, Name       string
	Status, StatusTitle     string
	Level, LevelText        string
	Channel                 string
	ItemCode, ItemURL       string
	ItemVersion             int
	Dept, Hall, Cross       string
	Applicant               cases.Party
	ApplicantKind           string
	Filed                   bool // filed by an agent or a clerk for the applicant
	Submitted, Accepted     time.Time
	Concluded, Delivered    time.Time
	Deemed, Overdue, Bundle bool
	Corrections             int
	Clock                   caseClockView
	Current                 []caseTaskRow // open tasks of the current step
	Tasks                   []caseTaskRow // every task, oldest first
	Materials               []caseMatRow
	Problems                []cases.Problem
	Owed                    []caseOwedRow
	Decision                *cases.Decision
	DecisionTitle           string
	Delivery                caseDeliveryRow
	Events                  []caseEventRow
	Docs                    []caseDocRow
	Children                []caseRow
	FormLines               []resultLine
	Mine                    bool
	Actions                 *caseActions
	Lang                    string
}

// caseClockView is the statutory clock with how each date was computed.
type caseClockView struct {
	AcceptDue, AcceptExplain, AcceptLevel, AcceptLevelText string
	Due, DueExplain                                        string
	AcceptedOn, ConcludedOn                                string
	Promised, Legal, Extended, Paused                      int
	Running                                                string // the pause in progress, in words
	Pauses                                                 []string
}

type caseTaskRow struct {
	ID                          int64
	Stage                       int
	Step, Role, State, Assignee string
	Due, DueExplain, Opinion    string
	Level, LevelText            string
	Done                        time.Time
	Open                        bool
}

type caseMatRow struct {
	Name                          string
	Files                         []caseFile
	Pledge, Deferred, Paper, None bool
}

type caseOwedRow struct {
	Key, Name, Due string
	Done           bool
}

type caseDeliveryRow struct {
	Method, Hall, Address, Recipient, Phone, Carrier, Tracking, PickupCode string
	Mail                                                                   bool
}

type caseEventRow struct {
	At                            time.Time
	Action, Actor, Role, From, To string
	Comment                       string
}

type caseDocRow struct {
	Title, Number, Issued, URL, CheckURL, Code string
}

var taskStates = map[string]string{
	cases.TaskOpen: "进行中", cases.TaskDone: "已完成", cases.TaskReturned: "已退回", cases.TaskCancelled: "已取消",
}

// caseState is what a failed action leaves for the page to show again:
// the form that failed, its values, and the problems.
type caseState struct {
	action string
	err    string
	field  string
	form   url.Values
	fe     *catalog.FormErrors
	rows   int // correction rows to offer
	// supplement
	sub    *submission
	chosen map[string]cases.MaterialInput
	kept   map[string][]caseFile
}

func (c *casePages) casePage(rw http.ResponseWriter, r *http.Request) {
	c.showCase(rw, r, http.StatusOK, r.PathValue("number"), nil)
}

// showCase draws a case for its reader, with st from a failed action.
func (c *casePages) showCase(rw http.ResponseWriter, r *http.Request, status int, number string, st *caseState) {
	ctx, p, lg := r.Context(), httpx.Principal(r.Context()), lang(r)
	cv, err := c.svc.Get(ctx, p, number)
	if err != nil {
		c.w.Error(rw, r, err)
		return
	}
	var doc *catalog.Doc
	if cv.ItemCode != "" {
		if d, err := c.cat.VersionDoc(ctx, cv.ItemCode, cv.ItemVersion); err == nil {
			doc = &d
		}
	}
	v := c.view(ctx, cv, doc, lg)
	v.Actions = c.actions(ctx, p, cv, doc, st, lg)
	if c.w.ratings != nil {
		v.Rating = c.ratingView(ctx, p, cv)
	}
	v.AskRating = c.w.askRatingView(ctx, p, cv.Case)
	page := &Page{Title: cv.Name, Data: v}
	if st != nil && st.err != "" {
		page.Error = "未能" + cases.ActionTitle(st.action) + "：" + st.err
	}
	c.w.render(rw, r, status, "case", page)
}

// view lays out what every reader sees.
func (c *casePages) view(ctx context.Context, cv cases.View, doc *catalog.Doc, lg string) *caseView {
	k := cv.Case
	v := &caseView{Number: k.Number, URL: "/cases/" + url.PathEscape(k.Number), Name: k.Name, Status: string(k.Status),
		StatusTitle: cv.StatusTitle, Level: cv.Level, LevelText: levelText(cv.Level), Channel: channelTitle(k.Channel),
		ItemCode: k.ItemCode, ItemVersion: k.ItemVersion, Dept: k.DeptName, Hall: k.HallName, Applicant: k.Applicant,
		ApplicantKind: map[string]string{"person": "自然人", "org": "法人"}[k.Applicant.Kind], Filed: k.FilerID != 0,
		Submitted: k.SubmittedAt, Accepted: k.AcceptedAt, Concluded: k.ConcludedAt, Delivered: k.DeliveredAt,
		Deemed: k.Deemed, Overdue: k.Overdue, Bundle: k.BundleCode != "" && k.ItemCode == "", Corrections: k.Corrections,
		Problems: k.Problems, Decision: k.Decision, Mine: cv.Mine, Lang: lg}
	if k.ItemCode != "" {
		v.ItemURL = "/items/" + url.PathEscape(k.ItemCode)
	}
	if k.CrossRegion() {
		v.Cross = k.IntakeRegionName + " → " + k.HomeRegionName
	}
	if k.Decision != nil {
		v.DecisionTitle = k.Decision.Result.Title()
	}
	cl := k.Clock
	v.Clock = caseClockView{AcceptExplain: cl.AcceptExplain, DueExplain: cl.DueExplain, Promised: cl.Promised,
		Legal: cl.Legal, Extended: cl.Extended, Paused: cl.Paused, AcceptLevel: cv.AcceptLevel, AcceptLevelText: levelText(cv.AcceptLevel)}
	if !cl.AcceptDue.IsZero() {
		v.Clock.AcceptDue = cl.AcceptDue.String()
	}
	if !cl.Due.IsZero() {
		v.Clock.Due = cl.Due.String()
	}
	if !cl.AcceptedOn.IsZero() {
		v.Clock.AcceptedOn = cl.AcceptedOn.String()
	}
	if !cl.ConcludedOn.IsZero() {
		v.Clock.ConcludedOn = cl.ConcludedOn.String()
	}
	for _, ps := range cl.Pauses {
		s := ps.Name + " " + ps.From.String()
		if ps.To.IsZero() {
			s += " 起，进行中"
			if ps.Max > 0 {
				s += fmt.Sprintf("（最长 %d 个工作日）", ps.Max)
			}
			v.Clock.Running = s
		} else {
			s += fmt.Sprintf(" 至 %s，%d 个工作日", ps.To, ps.Days)
		}
		v.Clock.Pauses = append(v.Clock.Pauses, s)
	}
	for _, t := range cv.Tasks {
		row := caseTaskRow{ID: t.ID, Stage: t.Stage, Step: t.StepName, Role: access.Role(t.Role).Title(),
			State: taskStates[t.State], Assignee: t.Assignee, DueExplain: t.DueExplain, Opinion: t.Opinion,
			Level: t.Level, LevelText: levelText(t.Level), Done: t.DoneAt, Open: t.State == cases.TaskOpen}
		if !t.Due.IsZero() {
			row.Due = t.Due.String()
		}
		if row.Open {
			row.Opinion = ""
		} else {
			row.Level, row.LevelText = "", ""
		}
		v.Tasks = append(v.Tasks, row)
		if row.Open && t.Stage == k.Stage {
			v.Current = append(v.Current, row)
		}
	}
	for _, m := range k.Materials {
		row := caseMatRow{Name: m.Name, Pledge: m.Pledge, Deferred: m.Deferred, Paper: m.Paper}
		row.Files = c.fileRefs(ctx, m.Files)
		row.None = len(row.Files) == 0 && !m.Pledge && !m.Deferred && !m.Paper
		v.Materials = append(v.Materials, row)
	}
	for _, o := range k.Owed {
		v.Owed = append(v.Owed, caseOwedRow{Key: o.Key, Name: o.Name, Due: o.Due.String(), Done: o.Done})
	}
	d := k.Delivery
	v.Delivery = caseDeliveryRow{Method: deliveryTitles[d.Method], Hall: k.HallName, Address: d.Address, Recipient: d.Recipient,
		Phone: d.Phone, Carrier: d.Carrier, Tracking: d.Tracking, PickupCode: d.PickupCode, Mail: d.Method == cases.DeliverMail}
	for _, e := range cv.Events {
		row := caseEventRow{At: e.At, Action: cases.ActionTitle(e.Action), Actor: e.ActorName, Comment: e.Comment}
		switch r := access.Role(e.Role); {
		case r.Valid():
			row.Role = r.Title()
		case e.Role == "system" || e.ActorName == "system":
			row.Actor = "系统"
		}
		if e.From != "" && e.From != e.To {
			row.From, row.To = e.From.Title(), e.To.Title()
		}
		v.Events = append(v.Events, row)
	}
	slices.Reverse(v.Events) // newest first
	for _, d := range cv.Documents {
		title := d.Content.Title
		if title == "" {
			title = cases.DocTitle(d.Kind)
		}
		v.Docs = append(v.Docs, caseDocRow{Title: title, Number: d.Number, Issued: d.Content.IssuedOn, Code: d.CheckCode,
			URL:      "/api/v1/cases/" + url.PathEscape(k.Number) + "/documents/" + strconv.FormatInt(d.ID, 10),
			CheckURL: "/check/" + url.PathEscape(d.CheckCode)})
	}
	today, cal := c.today(), c.cal()
	for _, s := range cv.Children {
		v.Children = append(v.Children, c.row(s, today, cal))
	}
	if doc != nil && len(k.Form) > 0 {
		v.FormLines = resultLines(doc.Form, k.Form, nil)
	}
	return v
}

// fileRefs names a case's files (a file that cannot be read is listed by id).
func (c *casePages) fileRefs(ctx context.Context, ids []string) []caseFile {
	out := make([]caseFile, 0, len(ids))
	for _, id := range ids {
		f, err := c.files.Get(ctx, id)
		if err != nil {
			out = append(out, caseFile{ID: id, Name: id, URL: "/api/v1/files/" + url.PathEscape(id)})
			continue
		}
		out = append(out, fileRef(f))
	}
	return out
}

// ---- the actions a reader may take -------------------------------------------

// caseActions are the action forms shown: only those that can work now
// for this reader (the service checks again).
type caseActions struct {
	// SupplyOwed: the applicant (or front desk) may hand in owed materials now.
	SupplyOwed bool
	URL        string
	Version    int
	Failed     string            // the action whose form failed
	Error      string            // its problem
	Field      string            // the input the problem names
	Form       map[string]string // its values
	Submit     bool
	Withdraw   bool
	Supplement *caseSupplementForm
	Accept     bool
	Instant    bool
	Owing      bool // some materials are deferred (容缺): ask by when
	Refuse     bool
	Correct    *caseCorrectForm
	Deliver    string // the delivery method, when delivery can be recorded
	Tasks      []caseTaskForm
	Special    []catOption // start_special: the item's procedures
	EndSpecial bool
	Deny       bool
	Extend     bool
	ExtendMax  int // working days still allowed (0: no legal limit known)
	Any        bool
	Lang       string
}

// caseTaskForm is what a reader may do with one open task.
type caseTaskForm struct {
	ID                int64
	Step              string
	Claim, Work, Back bool
	Last              bool   // approving concludes the case: it grants
	Taken             string // assigned to someone else
}

// caseCorrectForm is the correction notice being written: one row per
// problem (一次性告知).
type caseCorrectForm struct {
	Rows []caseProblemRow
	Max  int
}

type caseProblemRow struct {
	Index   int
	No      int
	Problem string
	Options []catOption
}

// caseSupplementForm re-enters the form (the applicant) and replaces
// material files.
type caseSupplementForm struct {
	Form      *applyView // nil: the form stays as it is
	Materials []caseMatInput
	Problems  []applyProblem
	HasKept   bool
}

// For reports whether the page shows again the form of action (for
// task, when not 0) that just failed, to refill it.
func (a *caseActions) For(action string, task int64) bool {
	return a.Failed == action && (task == 0 || a.Form["task_id"] == strconv.FormatInt(task, 10))
}

// Val is a value typed into the form of action that just failed.
func (a *caseActions) Val(action, field string) string {
	if a.Failed != action {
		return ""
	}
	return a.Form[field]
}

// Err is the problem of the form of action (for task, when not 0).
func (a *caseActions) Err(action string, task int64) string {
	if !a.For(action, task) {
		return ""
	}
	return a.Error
}

// maxProblemRows bounds a correction notice (as the service does).
const maxProblemRows = 100

func (c *casePages) today() workcal.Date { return workcal.Today(c.now()) }

// actions works out the forms to show.
func (c *casePages) actions(ctx context.Context, p *access.Principal, cv cases.View, doc *catalog.Doc, st *caseState, lg string) *caseActions {
	k := cv.Case
	a := &caseActions{URL: "/cases/" + url.PathEscape(k.Number) + "/actions", Version: k.Version, Form: map[string]string{}, Lang: lg}
	if st != nil {
		a.Failed, a.Error, a.Field = st.action, st.err, st.field
		for key, vals := range st.form {
			if len(vals) > 0 {
				a.Form[key] = vals[0]
			}
		}
	}
	parent := k.BundleCode != "" && k.ItemCode == ""
	allowed := func(action string) bool { return cases.Allowed(action, k.Status) }
	frontDesk := k.IntakeHallID != 0 && p.Can(access.CaseAccept, access.Scope{Region: k.IntakeRegion, HallID: k.IntakeHallID})
	deliverDesk := frontDesk || k.Delivery.HallID != 0 && p.Can(access.CaseAccept, access.Scope{Region: k.IntakeRegion, HallID: k.Delivery.HallID})
	decider := p.Can(access.CaseDecide, access.Scope{Region: k.RegionCode, DeptID: k.DeptID})

	a.Submit = cv.Mine && allowed(cases.ActSubmit)
	a.SupplyOwed = (cv.Mine || frontDesk) && allowed(cases.ActSupplyOwed) && slices.ContainsFunc(k.Owed, func(o cases.Owed) bool { return !o.Done })
	a.Withdraw = cv.Mine && allowed(cases.ActWithdraw)
	if !parent {
		a.Accept = frontDesk && allowed(cases.ActAccept)
		a.Instant = k.Instant
		a.Owing = slices.ContainsFunc(k.Materials, func(m cases.Material) bool { return m.Deferred })
		a.Refuse = frontDesk && allowed(cases.ActRefuse)
		if frontDesk && allowed(cases.ActRequestCorrection) {
			a.Correct = correctForm(doc, st, lg)
		}
		if (cv.Mine || frontDesk) && allowed(cases.ActSupplement) && doc != nil {
			a.Supplement = c.supplementForm(ctx, cv, *doc, st, lg)
		}
		works := false
		for _, t := range cv.Tasks {
			if t.State != cases.TaskOpen || t.Stage != k.Stage || !worksTask(p, t.Task) {
				continue
			}
			works = true
			if t.Stage == 0 {
				continue // the acceptance: the front desk's forms above
			}
			f := caseTaskForm{ID: t.ID, Step: t.StepName}
			switch {
			case t.AssigneeID != 0 && t.AssigneeID != p.AccountID:
				f.Taken = firstText(t.Assignee, "其他人员")
			default:
				f.Claim = t.AssigneeID == 0 && allowed(cases.ActClaim)
				f.Work = allowed(cases.ActApprove)
				f.Back = allowed(cases.ActReturn) && doc != nil && hasEarlierStage(doc.Steps, k.Stage)
				f.Last = doc != nil && !hasLaterStage(doc.Steps, k.Stage) && openAt(cv.Tasks, k.Stage) == 1
			}
			if f.Claim || f.Work || f.Back || f.Taken != "" {
				a.Tasks = append(a.Tasks, f)
			}
		}
		if (works || decider) && allowed(cases.ActStartSpecial) && doc != nil {
			for _, sp := range doc.SpecialProcedures {
				label := sp.Name
				if sp.MaxDays > 0 {
					label += fmt.Sprintf("（最长 %d 个工作日）", sp.MaxDays)
				}
				a.Special = append(a.Special, catOption{Value: sp.Name, Label: label, Selected: a.Form["procedure"] == sp.Name})
			}
		}
		a.EndSpecial = (works || decider) && allowed(cases.ActEndSpecial)
		a.Deny = decider && allowed(cases.ActDeny)
		if decider && allowed(cases.ActExtend) {
			cl := k.Clock
			a.Extend, a.ExtendMax = true, 0
			if cl.Legal > 0 {
				a.ExtendMax = cl.Legal - cl.Promised - cl.Extended
				a.Extend = a.ExtendMax > 0
			}
		}
	}
	if deliverDesk && allowed(cases.ActDeliver) && k.ParentID == 0 {
		a.Deliver = k.Delivery.Method
	}
	a.Any = a.Submit || a.Withdraw || a.Supplement != nil || a.Accept || a.Refuse || a.Correct != nil || a.Deliver != "" ||
		len(a.Tasks) > 0 || len(a.Special) > 0 || a.EndSpecial || a.Deny || a.Extend
	return a
}

// worksTask reports whether p holds the task's role where the task is
// (as the service decides who works a task).
func worksTask(p *access.Principal, t cases.Task) bool {
	for _, g := range p.Grants {
		if string(g.Role) == t.Role && g.Covers(access.Scope{Region: t.Region, DeptID: t.DeptID, HallID: t.HallID}) {
			return true
		}
	}
	return false
}

// hasEarlierStage reports whether a review stage comes before stage (the
// first stage, when clerks work it, is the acceptance, not a review).
func hasEarlierStage(steps []catalog.Step, stage int) bool {
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
		if s.Stage < stage {
			return true
		}
	}
	return false
}

// hasLaterStage reports whether a step comes after stage.
func hasLaterStage(steps []catalog.Step, stage int) bool {
	return slices.ContainsFunc(steps, func(s catalog.Step) bool { return s.Stage > stage })
}

// openAt counts the open tasks of a stage (会签 steps wait for each other).
func openAt(tasks []cases.TaskView, stage int) int {
	n := 0
	for _, t := range tasks {
		if t.State == cases.TaskOpen && t.Stage == stage {
			n++
		}
	}
	return n
}

func firstText(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// correctForm lays out the correction rows: what was typed, and at least
// three empty rows to fill in.
func correctForm(doc *catalog.Doc, st *caseState, lg string) *caseCorrectForm {
	f := &caseCorrectForm{Max: maxProblemRows}
	n := 3
	if st != nil && st.action == cases.ActRequestCorrection && st.rows > n {
		n = st.rows
	}
	n = min(n, maxProblemRows)
	for i := range n {
		row := caseProblemRow{Index: i, No: i + 1}
		var material string
		if st != nil && st.action == cases.ActRequestCorrection {
			material = st.form.Get(fmt.Sprintf("p.%d.material", i))
			row.Problem = st.form.Get(fmt.Sprintf("p.%d.problem", i))
		}
		row.Options = append(row.Options, catOption{Value: "", Label: translate(lg, "申请表（填写内容）"), Selected: material == ""})
		if doc != nil {
			for _, m := range doc.Materials {
				row.Options = append(row.Options, catOption{Value: m.Key, Label: m.Name, Selected: material == m.Key})
			}
		}
		f.Rows = append(f.Rows, row)
	}
	return f
}

// supplementForm lays out the supplement: the applicant re-enters the
// form (as filed, or as just posted); everyone may keep or replace the
// files of each material.
func (c *casePages) supplementForm(ctx context.Context, cv cases.View, doc catalog.Doc, st *caseState, lg string) *caseSupplementForm {
	f := &caseSupplementForm{}
	failed := st != nil && st.action == cases.ActSupplement
	var fe *catalog.FormErrors
	if failed && st.fe != nil && st.fe.Total() > 0 {
		fe = st.fe
	}
	chosen, kept := map[string]cases.MaterialInput{}, map[string][]caseFile{}
	if failed && st.chosen != nil {
		chosen, kept = st.chosen, st.kept
	} else {
		for _, m := range cv.Materials {
			chosen[m.Key] = cases.MaterialInput{Key: m.Key, Pledge: m.Pledge, Deferred: m.Deferred, Paper: m.Paper}
			kept[m.Key] = c.fileRefs(ctx, m.Files)
		}
	}
	if cv.Mine && len(doc.Form) > 0 {
		sub := fromValues(doc.Form, cv.Form)
		if failed && st.sub != nil {
			sub = *st.sub
		}
		f.Form = buildApply(doc.Form, sub, fe, lg)
		if f.Form.HasRegion {
			f.Form.Regions = (&itemFormPages{names: c.names}).regions(ctx, doc.RegionCode)
		}
		f.Problems = f.Form.Problems
	} else if fe != nil {
		for _, e := range fe.List {
			f.Problems = append(f.Problems, applyProblem{Anchor: anchor(e.Path), Message: e.Message})
		}
	}
	errAt := map[string]string{}
	if fe != nil {
		for _, e := range fe.List {
			if _, dup := errAt[e.Path]; !dup {
				errAt[e.Path] = e.Reason
			}
		}
	}
	g := guide.New(catalog.Item{Code: doc.Code, Doc: doc}, "", "")
	// The front desk supplementing for the applicant may take papers.
	f.Materials = materialInputs(g.Materials, doc.Materials, chosen, kept, errAt, !cv.Mine, lg)
	for _, m := range f.Materials {
		f.HasKept = f.HasKept || len(m.Kept) > 0
	}
	return f
}

// fileSet is the ids of a case's files, by material.
func fileSet(ms []cases.Material) map[string]bool {
	out := map[string]bool{}
	for _, m := range ms {
		for _, id := range m.Files {
			out[id] = true
		}
	}
	return out
}

// keepSupplement admits a kept file: one of the case's own, or one the
// reader uploaded and has not attached yet.
func keepSupplement(p *access.Principal, caseID int64, own map[string]bool) func(owfiles.File) bool {
	return func(f owfiles.File) bool {
		return f.CaseID == caseID && own[f.ID] || f.CaseID == 0 && f.OwnedBy(p)
	}
}

// ratingView lists the case's ratings and, for its applicant once it is
// concluded and not yet rated, the rating form.
func (c *casePages) ratingView(ctx context.Context, p *access.Principal, cv cases.View) *caseRatingView {
	list, err := c.w.ratings.Ratings(ctx, p, cv.Number)
	if err != nil {
		return nil
	}
	rv := &caseRatingView{Ratings: list, GoodTags: rating.Tags(rating.VerySatisfied), BadTags: rating.Tags(rating.VeryDissatisfied)}
	switch cv.Status {
	case cases.Granted, cases.Denied, cases.Refused, cases.Delivered:
		rv.CanRate = p.AccountID == cv.ApplicantID && c.w.ratings.CanRate(ctx, list) // round 2 after a rectification
	}
	for s := rating.VerySatisfied; s >= rating.VeryDissatisfied; s-- {
		rv.Levels = append(rv.Levels, catOption{Value: strconv.Itoa(s), Label: rating.Title(s)})
	}
	if len(list) == 0 && !rv.CanRate {
		return nil
	}
	return rv
}
