package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	owfiles "github.com/onewindow/onewindow/internal/files"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/rating"
)

// rectPages serve the rectification loop (差评整改) to the department's
// staff and the supervisors: the list of their rectifications and one
// rectification with its record and the form of the step the reader may
// take now. The rating service decides who may do what.
type rectPages struct {
	w     *Web
	svc   *rating.Service
	files *owfiles.Service
}

// AddRectifications registers the rectification pages; fl stores the
// evidence files attached to a step.
func (w *Web) AddRectifications(svc *rating.Service, fl *owfiles.Service) {
	p := &rectPages{w: w, svc: svc, files: fl}
	w.handle("GET", "/rectifications", access.Authenticated, p.list)
	w.handle("GET", "/rectifications/{id}", access.Authenticated, p.show)
	w.handle("POST", "/rectifications/{id}/actions", access.Authenticated, p.act)
	w.handle("GET", "/rectifications/{id}/files/{file}", access.Authenticated, p.file)
}

// rectRow is one line of the list.
type rectRow struct {
	URL, CaseName, CaseNumber string
	Stage, StageTitle         string
	Due, Level, LevelText     string
	RatingLevel               string
	Bad                       bool
	Round                     int
	Named                     bool
	Outcome                   string
	Created                   time.Time
}

// rectListView is what rectifications.html shows.
type rectListView struct {
	Rows        []rectRow
	Chips       []catChip
	Overdue     bool
	OverdueURL  string
	First, Next string
}

var rectListStages = []struct{ Value, Label string }{
	{"open", "未办结"}, {rating.StageVerify, "待核实"}, {rating.StageRectify, "整改中"}, {rating.StageCallback, "待回访"},
	{rating.StageRecheck, "待复核"}, {rating.StageAppeal, "申诉中"}, {rating.StageClosed, "已办结"}, {"", "全部"},
}

func (p *rectPages) list(rw http.ResponseWriter, r *http.Request) {
	lg, q := lang(r), r.URL.Query()
	stage := q.Get("stage")
	if !q.Has("stage") {
		stage = "open"
	}
	overdue := q.Get("overdue") == "1"
	pg, err := p.svc.ListRectifications(r.Context(), httpx.Principal(r.Context()),
		rating.RectQuery{Stage: stage, Overdue: overdue, Cursor: q.Get("cursor")})
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	link := func(stage string, overdue bool, cursor string) string {
		v := url.Values{"stage": {stage}}
		if overdue {
			v.Set("overdue", "1")
		}
		if cursor != "" {
			v.Set("cursor", cursor)
		}
		return "/rectifications?" + v.Encode()
	}
	v := &rectListView{Overdue: overdue, OverdueURL: link(stage, !overdue, "")}
	for _, s := range rectListStages {
		v.Chips = append(v.Chips, catChip{Label: translate(lg, s.Label), URL: link(s.Value, overdue, ""), On: s.Value == stage})
	}
	for _, x := range pg.Rectifications {
		v.Rows = append(v.Rows, rectRowOf(x))
	}
	if pg.NextCursor != "" {
		v.Next = link(stage, overdue, pg.NextCursor)
	}
	if q.Get("cursor") != "" {
		v.First = link(stage, overdue, "")
	}
	p.w.render(rw, r, http.StatusOK, "rectifications", &Page{Title: "差评整改", Data: v})
}

func rectRowOf(x rating.Rectification) rectRow {
	row := rectRow{URL: fmt.Sprintf("/rectifications/%d", x.ID), CaseName: x.CaseName, CaseNumber: x.CaseNumber,
		Stage: x.Stage, StageTitle: rating.StageTitle(x.Stage), Level: levelClass(x.DueLevel), LevelText: levelText(x.DueLevel),
		RatingLevel: x.Level, Bad: rating.Bad(x.Score), Round: x.Round, Named: x.Named,
		Outcome: rating.OutcomeTitle(x.Outcome), Created: x.CreatedAt}
	if !x.StageDue.IsZero() {
		row.Due = x.StageDue.String()
	}
	return row
}

// levelClass is the CSS level of a due date ("" once closed: normal).
func levelClass(level string) string {
	if level == "" {
		return "normal"
	}
	return level
}

// rectStepView is one step of the timeline.
type rectStepView struct {
	At                 time.Time
	Title, Actor, Role string
	Comment, Result    string
	Next, Due          string
	Files              []rectFileLink
}

type rectFileLink struct{ URL, Name string }

// rectView is what rectification.html shows.
type rectView struct {
	Row    rectRow
	X      rating.Rectification
	Rating rating.Rating
	Limits rating.Limits
	Steps  []rectStepView
	// Forms: the actions the reader may take now, the first the main one.
	Main    string
	Appeal  bool
	Return  bool
	Reject  bool
	URL     string
	Results []string
	// Failed is the action whose form shows Err and keeps Form.
	Failed string
	Err    string
	Form   url.Values
}

// Err is the error of the form for action, if it failed.
func (v *rectView) ErrFor(action string) string {
	if v.Failed == action {
		return v.Err
	}
	return ""
}

// Value is what the failed form of action held in field.
func (v *rectView) Value(action, field string) string {
	if v.Failed == action {
		return v.Form.Get(field)
	}
	return ""
}

func (p *rectPages) id(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "整改记录不存在")
	}
	return id, nil
}

func (p *rectPages) show(rw http.ResponseWriter, r *http.Request) {
	id, err := p.id(r)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	p.render(rw, r, http.StatusOK, id, "", "", nil)
}

// render draws rectification id; failed, msg and form refill the form
// that was refused.
func (p *rectPages) render(rw http.ResponseWriter, r *http.Request, status int, id int64, failed, msg string, form url.Values) {
	ctx := r.Context()
	xv, err := p.svc.Rectification(ctx, httpx.Principal(ctx), id)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	v := &rectView{Row: rectRowOf(xv.Rectification), X: xv.Rectification, Rating: xv.Rating, Limits: xv.Limits,
		URL: fmt.Sprintf("/rectifications/%d/actions", id), Results: rating.CallbackResults,
		Failed: failed, Err: msg, Form: form}
	for _, s := range xv.Steps {
		sv := rectStepView{At: s.At, Title: rating.ActionTitle(s.Action), Actor: s.Actor, Role: s.Role, Comment: s.Comment,
			Result: s.Result, Next: rating.StageTitle(s.Next)}
		if !s.Due.IsZero() {
			sv.Due = s.Due.String()
		}
		for i, f := range s.Files {
			name := fmt.Sprintf("材料 %d", i+1)
			if fl, err := p.files.Get(ctx, f); err == nil {
				name = fl.Name
			}
			sv.Files = append(sv.Files, rectFileLink{URL: fmt.Sprintf("/rectifications/%d/files/%s", id, url.PathEscape(f)), Name: name})
		}
		v.Steps = append(v.Steps, sv)
	}
	for _, a := range xv.Next {
		switch a {
		case rating.ActAppeal:
			v.Appeal = true
		case rating.ActRecheckReturn:
			v.Return = true
		case rating.ActAppealReject:
			v.Reject = true
		default:
			if v.Main == "" {
				v.Main = a
			}
		}
	}
	page := &Page{Title: "差评整改", Data: v}
	if failed != "" && !slices.Contains(xv.Next, failed) {
		// Its form is gone (the stage moved on): say so above the page.
		page.Error, v.Failed = msg, ""
	}
	p.w.render(rw, r, status, "rectification", page)
}

func (p *rectPages) act(rw http.ResponseWriter, r *http.Request) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	id, err := p.id(r)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	if err := parsePost(r); err != nil {
		p.w.Error(rw, r, err)
		return
	}
	pf := r.PostForm
	in := rating.RectAction{Action: pf.Get("action"), Comment: strings.TrimSpace(pf.Get("comment")),
		Result: pf.Get("result")}
	in.Version, _ = strconv.Atoi(pf.Get("version"))
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			if fh.Filename == "" && fh.Size == 0 {
				continue
			}
			rd, err := fh.Open()
			if err != nil {
				p.render(rw, r, http.StatusUnprocessableEntity, id, in.Action, "上传的文件读取失败，请重新选择", pf)
				return
			}
			f, err := p.files.Upload(ctx, pr, fh.Filename, fh.Header.Get("Content-Type"), rd)
			rd.Close()
			if err != nil {
				if code := errs.CodeOf(err); code == errs.Internal || code == errs.Unavailable || code == errs.Unauthorized {
					p.w.Error(rw, r, err)
					return
				}
				p.render(rw, r, errs.Status(errs.CodeOf(err)), id, in.Action,
					"文件“"+owfiles.CleanName(fh.Filename, "")+"”"+errs.MessageOf(err), pf)
				return
			}
			in.Files = append(in.Files, f.ID)
		}
	}
	_, err = p.svc.Act(ctx, pr, id, in)
	if err == nil {
		http.Redirect(rw, r, fmt.Sprintf("/rectifications/%d?flash=%s", id, urlQueryEscape(rating.ActionDone(in.Action))), http.StatusSeeOther)
		return
	}
	if code := errs.CodeOf(err); code == errs.Internal || code == errs.NotFound || code == errs.Unauthorized {
		p.w.Error(rw, r, err)
		return
	}
	p.render(rw, r, errs.Status(errs.CodeOf(err)), id, in.Action, errs.MessageOf(err), pf)
}

// file downloads an evidence file of a step to whoever may see the rectification.
func (p *rectPages) file(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := p.id(r)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	fid := r.PathValue("file")
	if err := p.svc.EvidenceFile(ctx, httpx.Principal(ctx), id, fid); err != nil {
		p.w.Error(rw, r, err)
		return
	}
	f, data, err := p.files.Open(ctx, fid)
	if err != nil {
		p.w.Error(rw, r, err)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", attachment("evidence"+owfiles.Extension(f.ContentType), f.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	rw.Write(data)
}
