package web

import (
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	owfiles "github.com/onewindow/onewindow/internal/files"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/httpx"
)

// Who files an application from a page.
const (
	modeOnline = "online" // the applicant, for themselves
	modeAgent  = "agent"  // an agent (帮办代办), with the applicant's signed authorisation
	modeWindow = "window" // a clerk at the general window, the applicant present
)

// applyModeOf is how p files from the application page.
func applyModeOf(p *access.Principal) string {
	if p.Kind == account.KindPerson || p.Kind == account.KindOrg {
		return modeOnline
	}
	return modeAgent
}

// caseApplyView is what case_apply.html shows: the item's form (drawn
// with the online form's blocks), one row per material with its files,
// the delivery wish and, for agents and clerks, who the applicant is.
type caseApplyView struct {
	Form      *applyView
	Guide     guide.Guide
	GuideURL  string
	Action    string
	Mode      string
	ItemCode  string
	Materials []caseMatInput
	Delivery  caseDeliveryInput
	Mail      bool // the item mails results free of charge
	Party     casePartyInput
	AuthKept  []caseFile
	AuthNote  string
	AuthError string
	Blocked   string // why this item cannot be applied for here
	HasKept   bool   // files uploaded earlier are kept
	Lang      string
}

// caseMatInput is one material of an application or a supplement.
type caseMatInput struct {
	guide.MaterialRow
	Key, ID             string // ID: the file input's id, where problems link to
	Required            bool
	CanPledge, CanDefer bool
	Pledge, Deferred    bool
	Window              bool // offer 已收纸质材料并核验原件
	Paper               bool
	Kept                []caseFile
	Error               string
	Lang                string
}

// caseDeliveryInput is the delivery wish as typed.
type caseDeliveryInput struct {
	Method, Address, Recipient, Phone string
	Errors                            map[string]string
}

// casePartyInput is the applicant's identity as a clerk or agent typed it.
type casePartyInput struct {
	account.WalkInInput
	Errors map[string]string
}

// applyState is an application being filled in: what was posted, the
// files kept so far and every problem found.
type applyState struct {
	mode     string
	sub      submission
	fe       *catalog.FormErrors
	chosen   map[string]cases.MaterialInput
	kept     map[string][]caseFile
	delivery cases.DeliveryInput
	party    account.WalkInInput
	authKept []caseFile
	authNote string
	err      string
}

func (c *casePages) applyPage(rw http.ResponseWriter, r *http.Request) {
	it, err := c.cat.Applicable(r.Context(), r.PathValue("code"))
	if err != nil {
		c.w.Error(rw, r, err)
		return
	}
	p := httpx.Principal(r.Context())
	c.renderApply(rw, r, http.StatusOK, it, &applyState{mode: applyModeOf(p), party: account.WalkInInput{Kind: account.KindPerson}})
}

func (c *casePages) applyPost(rw http.ResponseWriter, r *http.Request) {
	c.submit(rw, r, applyModeOf(httpx.Principal(r.Context())), r.PathValue("code"))
}

// intakeView is the first step of the walk-in intake: find the item.
type intakeView struct {
	Q     string
	Code  string
	Hits  []catalog.Hit
	Total int
}

func (c *casePages) intake(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if code := strings.TrimSpace(q.Get("item")); code != "" {
		it, err := c.cat.Applicable(r.Context(), code)
		if err == nil {
			c.renderApply(rw, r, http.StatusOK, it, &applyState{mode: modeWindow, party: account.WalkInInput{Kind: account.KindPerson}})
			return
		}
		if !errs.Is(err, errs.NotFound) {
			c.w.Error(rw, r, err)
			return
		}
		c.w.render(rw, r, http.StatusNotFound, "case_intake", &Page{Title: "窗口收件", Error: errs.MessageOf(err),
			Fields: map[string]string{"item": errs.MessageOf(err)}, Data: &intakeView{Code: code}})
		return
	}
	v := &intakeView{Q: strings.TrimSpace(q.Get("q"))}
	page := &Page{Title: "窗口收件", Data: v}
	if v.Q != "" {
		query := catalog.Query{Text: v.Q, Limit: 10}
		if g, ok := httpx.Principal(r.Context()).GrantFor(access.CaseAccept, nil); ok {
			query.Region = g.Region
		}
		res, err := c.cat.Search(r.Context(), query)
		if err != nil && errs.FieldOf(err) == "" {
			c.w.Error(rw, r, err)
			return
		}
		if err != nil {
			page.Error = errs.MessageOf(err)
		}
		v.Hits, v.Total = res.Hits, res.Total
	}
	c.w.render(rw, r, http.StatusOK, "case_intake", page)
}

func (c *casePages) intakePost(rw http.ResponseWriter, r *http.Request) {
	if err := parsePost(r); err != nil {
		c.w.Error(rw, r, err)
		return
	}
	c.submit(rw, r, modeWindow, r.PostForm.Get("item"))
}

// maxPostMemory is how much of a posted form is held in memory; larger
// uploads spill to temporary files.
const maxPostMemory = 8 << 20

// parsePost reads a posted form, multipart (with files) or not.
func parsePost(r *http.Request) error {
	err := r.ParseMultipartForm(maxPostMemory)
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return errs.E(errs.TooLarge, "一次提交的文件合计超过 %s，请分次上传或压缩扫描件后重试", owfiles.SizeText(tooBig.Limit))
	case err != nil:
		return errs.Wrap(err, errs.Malformed, "提交的内容无法读取，请重试")
	}
	return nil
}

// submit files an application posted from the application page or the
// window: it uploads the chosen files first (they are kept when anything
// else is wrong, so nothing has to be chosen twice), then submits, and
// shows every problem at once or goes to the new case.
func (c *casePages) submit(rw http.ResponseWriter, r *http.Request, mode, code string) {
	ctx := r.Context()
	p := httpx.Principal(ctx)
	if err := parsePost(r); err != nil {
		c.w.Error(rw, r, err)
		return
	}
	it, err := c.cat.Applicable(ctx, code)
	if err != nil {
		c.w.Error(rw, r, err)
		return
	}
	doc, pf := it.Doc, r.PostForm
	st := &applyState{mode: mode, sub: readSubmission(doc.Form, pf), chosen: map[string]cases.MaterialInput{},
		kept: map[string][]caseFile{}, fe: &catalog.FormErrors{}}
	st.delivery = cases.DeliveryInput{Method: pf.Get("delivery.method"), Address: strings.TrimSpace(pf.Get("delivery.address")),
		Recipient: strings.TrimSpace(pf.Get("delivery.recipient")), Phone: strings.TrimSpace(pf.Get("delivery.phone"))}
	fresh := func(f owfiles.File) bool { return f.CaseID == 0 && f.OwnedBy(p) }
	var mats []cases.MaterialInput
	for _, m := range doc.Materials {
		in := cases.MaterialInput{Key: m.Key, Pledge: pf.Has("pledge." + m.Key), Deferred: pf.Has("deferred." + m.Key),
			Paper: mode == modeWindow && pf.Has("paper."+m.Key)}
		ids, kept, problems, err := c.takeFiles(ctx, p, r, m.Key, fresh)
		if err != nil {
			c.w.Error(rw, r, err)
			return
		}
		for _, pr := range problems {
			addProblem(st.fe, "materials."+m.Key, "“"+m.Name+"”", pr)
		}
		in.Files, st.kept[m.Key], st.chosen[m.Key] = ids, kept, in
		if len(ids) > 0 || in.Pledge || in.Deferred || in.Paper {
			mats = append(mats, in)
		}
	}
	var authFile string
	if mode != modeOnline {
		st.party = account.WalkInInput{Kind: pf.Get("ob.kind"), Name: strings.TrimSpace(pf.Get("ob.name")),
			IDNumber: strings.TrimSpace(pf.Get("ob.id_number")), CreditCode: strings.TrimSpace(pf.Get("ob.credit_code")),
			CreditConfirmed: pf.Has("ob.credit_confirmed"), LegalRep: strings.TrimSpace(pf.Get("ob.legal_rep")),
			Phone: strings.TrimSpace(pf.Get("ob.phone"))}
		if st.party.Kind != account.KindOrg {
			st.party.Kind = account.KindPerson
		}
	}
	if mode == modeAgent {
		st.authNote = strings.TrimSpace(pf.Get("ob.auth_scope"))
		ids, kept, problems, err := c.takeFiles(ctx, p, r, "auth", fresh)
		if err != nil {
			c.w.Error(rw, r, err)
			return
		}
		for _, pr := range problems {
			addProblem(st.fe, "on_behalf_of.authorisation_file", "授权委托书", pr)
		}
		st.authKept = kept
		if len(ids) > 0 {
			authFile = ids[len(ids)-1]
		}
	}
	if op := pf.Get("op"); op != "" {
		// A table button without scripts: change the rows, submit nothing.
		st.sub.apply(op, doc.Form)
		st.fe = nil
		c.renderApply(rw, r, http.StatusOK, it, st)
		return
	}
	if st.delivery.Method == cases.DeliverMail {
		for _, f := range []struct{ path, label, value string }{
			{"delivery.address", "邮寄地址", st.delivery.Address}, {"delivery.recipient", "收件人", st.delivery.Recipient},
			{"delivery.phone", "收件人手机号码", st.delivery.Phone}} {
			if f.value == "" {
				addProblem(st.fe, f.path, f.label, "请填写"+f.label)
			}
		}
	}
	if hasUploadProblem(st.fe) {
		// A file was refused: say so with the form's own problems, and
		// submit nothing until the files are right.
		if _, err := catalog.ValidateValues(doc.Form, st.sub.values(doc.Form)); err != nil {
			var fe *catalog.FormErrors
			if !errors.As(err, &fe) {
				c.w.Error(rw, r, err)
				return
			}
			st.fe.List = append(fe.List, st.fe.List...)
		}
		c.renderApply(rw, r, http.StatusUnprocessableEntity, it, st)
		return
	}
	in := cases.SubmitInput{ItemCode: it.Code, Form: st.sub.values(doc.Form), Materials: mats, Delivery: st.delivery,
		Draft: pf.Get("draft") == "1"}
	if mode != modeOnline {
		in.OnBehalfOf = &cases.OnBehalf{WalkInInput: st.party, AuthorisationFile: authFile, AuthorisationNote: st.authNote}
	}
	cs, err := c.svc.Submit(ctx, p, in)
	if err == nil {
		flash := "申请已提交，办件编号 " + cs.Number
		if in.Draft {
			flash = "草稿已保存，核对后请点“提交申请”"
		}
		http.Redirect(rw, r, "/cases/"+url.PathEscape(cs.Number)+"?flash="+urlQueryEscape(flash), http.StatusSeeOther)
		return
	}
	var fe *catalog.FormErrors
	switch {
	case errors.As(err, &fe):
		st.fe.List = append(fe.List, st.fe.List...)
		st.fe.Omitted += fe.Omitted
	case errs.CodeOf(err) == errs.Invalid && errs.FieldOf(err) != "" && placed(errs.FieldOf(err)):
		addProblem(st.fe, errs.FieldOf(err), fieldLabels[errs.FieldOf(err)], errs.MessageOf(err))
	case errs.CodeOf(err) == errs.Invalid || errs.CodeOf(err) == errs.Forbidden || errs.CodeOf(err) == errs.Unavailable ||
		errs.CodeOf(err) == errs.Conflict:
		st.err = errs.MessageOf(err)
	default:
		c.w.Error(rw, r, err)
		return
	}
	status := errs.Status(errs.CodeOf(err))
	c.renderApply(rw, r, status, it, dedupe(st))
}

// hasUploadProblem reports whether a file was refused (those problems
// are added before anything is submitted).
func hasUploadProblem(fe *catalog.FormErrors) bool {
	for _, e := range fe.List {
		if strings.HasPrefix(e.Path, "materials.") || e.Path == "on_behalf_of.authorisation_file" {
			return true
		}
	}
	return false
}

// dedupe drops a problem listed twice for one place (the page's own
// delivery check and the service's).
func dedupe(st *applyState) *applyState {
	seen := map[string]bool{}
	list := st.fe.List[:0]
	for _, e := range st.fe.List {
		if !strings.HasPrefix(e.Path, "delivery.") || !seen[e.Path] {
			list = append(list, e)
		}
		seen[e.Path] = true
	}
	st.fe.List = list
	return st
}

// fieldLabels name the places of the page a single problem can point at.
var fieldLabels = map[string]string{
	"delivery.method": "送达方式", "delivery.address": "邮寄地址", "delivery.recipient": "收件人",
	"delivery.phone": "收件人手机号码", "delivery.hall_id": "领取大厅",
	"on_behalf_of.kind": "申请人类型", "on_behalf_of.name": "申请人名称", "on_behalf_of.id_number": "公民身份号码",
	"on_behalf_of.credit_code": "统一社会信用代码", "on_behalf_of.legal_rep": "法定代表人",
	"on_behalf_of.phone": "手机号码", "on_behalf_of.authorisation_file": "授权委托书",
}

// placed reports whether the page has an input for a problem's field.
func placed(field string) bool { _, ok := fieldLabels[field]; return ok }

func addProblem(fe *catalog.FormErrors, path, label, reason string) {
	msg := reason
	if label != "" {
		msg = label + "：" + reason
	}
	fe.List = append(fe.List, catalog.FormError{Path: path, Label: label, Reason: reason, Message: msg})
}

// takeFiles collects the files given for one material (or "auth", the
// agent's authorisation): those kept from an earlier post (checkboxes
// keep.KEY, each admitted by keep) and those chosen now (file.KEY), which
// are uploaded as p's. A refused file is a problem in words; only a
// failure of the system is an error.
func (c *casePages) takeFiles(ctx context.Context, p *access.Principal, r *http.Request, key string, keep func(owfiles.File) bool) (ids []string, kept []caseFile, problems []string, err error) {
	for _, id := range r.PostForm["keep."+key] {
		if !owfiles.ValidID(id) || slices.Contains(ids, id) {
			continue
		}
		f, err := c.files.Get(ctx, id)
		if err != nil || !keep(f) {
			continue
		}
		ids, kept = append(ids, f.ID), append(kept, fileRef(f))
	}
	if r.MultipartForm == nil {
		return ids, kept, nil, nil
	}
	for _, fh := range r.MultipartForm.File["file."+key] {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		f, err := c.upload(ctx, p, fh)
		if err != nil {
			if code := errs.CodeOf(err); code == errs.Internal || code == errs.Unavailable || code == errs.Unauthorized {
				return nil, nil, nil, err
			}
			problems = append(problems, "文件“"+owfiles.CleanName(fh.Filename, "")+"”"+errs.MessageOf(err))
			continue
		}
		ids, kept = append(ids, f.ID), append(kept, fileRef(f))
	}
	return ids, kept, problems, nil
}

func (c *casePages) upload(ctx context.Context, p *access.Principal, fh *multipart.FileHeader) (owfiles.File, error) {
	rd, err := fh.Open()
	if err != nil {
		return owfiles.File{}, errs.Wrap(err, errs.Malformed, "上传的文件读取失败，请重新选择")
	}
	defer rd.Close()
	return c.files.Upload(ctx, p, fh.Filename, fh.Header.Get("Content-Type"), rd)
}

// renderApply draws the application with what st holds.
func (c *casePages) renderApply(rw http.ResponseWriter, r *http.Request, status int, it catalog.Item, st *applyState) {
	ctx, lg, p := r.Context(), lang(r), httpx.Principal(r.Context())
	doc := it.Doc
	dept, region := (&guidePages{names: c.names}).resolve(ctx, doc)
	g := guide.New(it, dept, region)
	fe := st.fe
	if fe != nil && fe.Total() == 0 {
		fe = nil
	}
	v := &caseApplyView{Form: buildApply(doc.Form, st.sub, fe, lg), Guide: g, GuideURL: "/items/" + url.PathEscape(it.Code),
		Mode: st.mode, ItemCode: it.Code, Mail: slices.Contains(doc.Channels, catalog.ChannelMail), Lang: lg,
		AuthKept: st.authKept, AuthNote: st.authNote}
	v.Action = v.GuideURL + "/apply"
	if st.mode == modeWindow {
		v.Action = "/window/intake"
	}
	if v.Form.HasRegion {
		v.Form.Regions = (&itemFormPages{names: c.names}).regions(ctx, doc.RegionCode)
	}
	errAt := map[string]string{}
	if fe != nil {
		for _, e := range fe.List {
			if _, dup := errAt[e.Path]; !dup {
				errAt[e.Path] = e.Reason
			}
		}
	}
	v.Materials = materialInputs(g.Materials, doc.Materials, st.chosen, st.kept, errAt, st.mode == modeWindow, lg)
	for _, m := range v.Materials {
		v.HasKept = v.HasKept || len(m.Kept) > 0
	}
	v.HasKept = v.HasKept || len(v.AuthKept) > 0
	v.Delivery = caseDeliveryInput{Method: st.delivery.Method, Address: st.delivery.Address, Recipient: st.delivery.Recipient,
		Phone: st.delivery.Phone, Errors: map[string]string{}}
	if v.Delivery.Method != cases.DeliverMail || !v.Mail {
		v.Delivery.Method = cases.DeliverPickup
	}
	v.Party = casePartyInput{WalkInInput: st.party, Errors: map[string]string{}}
	for path, reason := range errAt {
		if k, ok := strings.CutPrefix(path, "delivery."); ok {
			v.Delivery.Errors[k] = reason
		}
		if k, ok := strings.CutPrefix(path, "on_behalf_of."); ok {
			v.Party.Errors[k] = reason
		}
	}
	v.AuthError = errAt["on_behalf_of.authorisation_file"]
	if st.mode == modeOnline {
		switch {
		case !slices.Contains(doc.Targets, p.Kind):
			v.Blocked = "本事项不面向" + map[string]string{account.KindPerson: "自然人", account.KindOrg: "法人"}[p.Kind] + "办理，请确认要办理的事项。"
		case !g.Online:
			v.Blocked = "本事项暂不支持网上申请，请备齐材料到政务服务大厅窗口办理。"
		}
	}
	title := "在线申请"
	if st.mode == modeWindow {
		title = "窗口收件"
	}
	c.w.render(rw, r, status, "case_apply", &Page{Title: title, Error: st.err, Data: v})
}

// materialInputs are the material rows: the guide's words with what was
// chosen, the files kept and the problem of each.
func materialInputs(rows []guide.MaterialRow, ms []catalog.Material, chosen map[string]cases.MaterialInput,
	kept map[string][]caseFile, errAt map[string]string, window bool, lg string) []caseMatInput {
	out := make([]caseMatInput, 0, len(ms))
	for i, m := range ms {
		var row guide.MaterialRow
		if i < len(rows) {
			row = rows[i]
		} else {
			row = guide.MaterialRow{No: i + 1, Name: m.Name}
		}
		in := chosen[m.Key]
		out = append(out, caseMatInput{MaterialRow: row, Key: m.Key, ID: anchor("materials." + m.Key),
			Required: m.Requirement == catalog.Required, CanPledge: m.Pledge, CanDefer: m.Deferrable,
			Pledge: in.Pledge && m.Pledge, Deferred: in.Deferred && m.Deferrable, Window: window, Paper: in.Paper,
			Kept: kept[m.Key], Error: errAt["materials."+m.Key], Lang: lg})
	}
	return out
}
