package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/httpx"
)

// hlOption is one choice of a select; Group starts an optgroup.
type hlOption struct {
	Value, Label string
}

// hlGroup is an optgroup of a select.
type hlGroup struct {
	Label   string
	Options []hlOption
}

// hlIntakeView is what hotline_new.html shows: the choices of the form
// (the values typed are in Page.Form, the problems in Page.Fields).
type hlIntakeView struct {
	Channels []hlOption
	Types    []hlOption
	Subjects []hlGroup
	Regions  []hlGroup
	Similar  *hlSimilarView
}

// hlSimilarView is the panel of similar open tickets.
type hlSimilarView struct {
	Asked bool
	Err   string
	Rows  []hlRow
}

var hlChannelOrder = []string{hotline.ChannelPhone, hotline.ChannelWeb, hotline.ChannelMobile, hotline.ChannelEmail, hotline.ChannelTransfer}

var hlTypeOrder = []string{hotline.TypeConsult, hotline.TypeHelp, hotline.TypeComplaint, hotline.TypeReport,
	hotline.TypeSuggestion, hotline.TypePraise}

// hlIntakeFields are the form's fields, named as the service names them in its errors.
var hlIntakeFields = []string{"channel", "type", "subject_code", "region_code", "address", "urgency", "content",
	"caller_name", "caller_phone", "confidential", "answer", "article_id"}

// intakeView gathers the form's choices: subjects grouped under their
// top level, the regions of p's intake grants with their counties and
// townships.
func (h *hotlinePages) intakeView(ctx context.Context, p *access.Principal, region string) (*hlIntakeView, error) {
	v := &hlIntakeView{Similar: &hlSimilarView{}}
	for _, c := range hlChannelOrder {
		v.Channels = append(v.Channels, hlOption{c, hotline.Channels[c]})
	}
	for _, t := range hlTypeOrder {
		v.Types = append(v.Types, hlOption{t, hotline.Types[t]})
	}
	subs, err := h.svc.Subjects(ctx)
	if err != nil {
		return nil, err
	}
	top := map[string]int{}
	for _, s := range subs {
		if !s.Active {
			continue
		}
		root := s.Code[:min(2, len(s.Code))]
		i, ok := top[root]
		if !ok {
			i = len(v.Subjects)
			top[root] = i
			v.Subjects = append(v.Subjects, hlGroup{Label: s.Name})
		}
		label := s.Path
		if s.FastLane && s.Parent != "" && !strings.Contains(s.Path, "企业直通车") {
			label += "（企业直通车）"
		}
		v.Subjects[i].Options = append(v.Subjects[i].Options, hlOption{s.Code, label})
	}
	seen := map[string]bool{}
	known := false
	for _, g := range p.Grants {
		if g.DeptID != 0 || g.HallID != 0 || !g.Role.Has(access.HotlineTake) || seen[g.Region] {
			continue
		}
		seen[g.Region] = true
		kids, err := h.dir.ListRegions(ctx, p, g.Region)
		if err != nil {
			return nil, err
		}
		grp := hlGroup{Label: g.Region, Options: []hlOption{{g.Region, g.Region}}}
		if reg, err := h.dir.GetRegion(ctx, p, g.Region); err == nil {
			grp.Label, grp.Options[0].Label = reg.Name, reg.Name+"（本级）"
		}
		known = known || region == g.Region
		var groups []hlGroup
		for _, k := range kids {
			if !k.Active {
				continue
			}
			grp.Options = append(grp.Options, hlOption{k.Code, k.Name})
			known = known || region == k.Code
			towns, err := h.dir.ListRegions(ctx, p, k.Code)
			if err != nil {
				return nil, err
			}
			sub := hlGroup{Label: k.Name}
			for _, t := range towns {
				if t.Active {
					sub.Options = append(sub.Options, hlOption{t.Code, k.Name + " · " + t.Name})
					known = known || region == t.Code
				}
			}
			if len(sub.Options) > 0 {
				groups = append(groups, sub)
			}
		}
		v.Regions = append(v.Regions, grp)
		v.Regions = append(v.Regions, groups...)
	}
	if region != "" && !known {
		// Keep what was typed (a code from elsewhere): the service says what is wrong with it.
		v.Regions = append(v.Regions, hlGroup{Label: "其他", Options: []hlOption{{region, region}}})
	}
	return v, nil
}

func (h *hotlinePages) newForm(rw http.ResponseWriter, r *http.Request) {
	form := map[string]string{"channel": hotline.ChannelPhone, "urgency": hotline.Normal, "type": hotline.TypeComplaint}
	h.renderIntake(rw, r, http.StatusOK, form, nil, "")
}

func (h *hotlinePages) renderIntake(rw http.ResponseWriter, r *http.Request, status int, form, fields map[string]string, msg string) {
	ctx := r.Context()
	pr := httpx.Principal(ctx)
	v, err := h.intakeView(ctx, pr, form["region_code"])
	if err != nil {
		h.w.Error(rw, r, err)
		return
	}
	if form["subject_code"] != "" && form["region_code"] != "" {
		v.Similar = h.similarOf(ctx, pr, form["subject_code"], form["region_code"], form["address"])
	}
	h.w.render(rw, r, status, "hotline_new", &Page{Title: "受理来电", Data: v, Form: form, Fields: fields, Error: msg})
}

// intake takes the ticket: 提交派单 leaves it for the dispatcher, 直接答复办结
// concludes a consultation at once with the answer (一次办结).
func (h *hotlinePages) intake(rw http.ResponseWriter, r *http.Request) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	if err := r.ParseForm(); err != nil {
		h.w.Error(rw, r, errs.Wrap(err, errs.Malformed, "提交的内容无法读取，请重试"))
		return
	}
	form := map[string]string{}
	for _, k := range hlIntakeFields {
		form[k] = r.PostForm.Get(k)
	}
	if form["confidential"] != "" {
		form["confidential"] = "1"
	}
	in := hotline.Input{Channel: form["channel"], Type: form["type"], Subject: form["subject_code"], Region: form["region_code"],
		Address: form["address"], Urgency: form["urgency"], Content: form["content"], CallerName: form["caller_name"],
		CallerPhone: form["caller_phone"], Confidential: form["confidential"] == "1"}
	answer := r.PostForm.Get("do") == "answer"
	fail := func(err error) {
		if code := errs.CodeOf(err); code == errs.Internal || code == errs.Unauthorized || code == errs.Unavailable {
			h.w.Error(rw, r, err)
			return
		}
		fields := map[string]string{}
		if f := errs.FieldOf(err); f != "" {
			fields[f] = errs.MessageOf(err)
		}
		h.renderIntake(rw, r, errs.Status(errs.CodeOf(err)), form, fields, "工单未提交："+errs.MessageOf(err))
	}
	if answer {
		in.Answer = form["answer"]
		if strings.TrimSpace(in.Answer) == "" {
			fail(errs.Field("answer", "请填写当场答复的内容，或点“提交派单”"))
			return
		}
		if a := strings.TrimSpace(form["article_id"]); a != "" {
			id, err := strconv.ParseInt(a, 10, 64)
			if err != nil || id <= 0 {
				fail(errs.Field("article_id", "知识库文章编号应为数字，可不填"))
				return
			}
			in.ArticleID = id
		}
	}
	t, err := h.svc.Intake(ctx, pr, in)
	if err != nil {
		fail(err)
		return
	}
	done := "工单已受理，等待派单"
	if t.Status == hotline.StatusClosed {
		done = "已当场答复，工单办结（一次办结）"
	}
	http.Redirect(rw, r, "/hotline/"+t.Number+"?flash="+urlQueryEscape(done), http.StatusSeeOther)
}

// similarOf lists the similar open tickets, or says why it cannot.
func (h *hotlinePages) similarOf(ctx context.Context, p *access.Principal, subject, region, address string) *hlSimilarView {
	v := &hlSimilarView{Asked: true}
	list, err := h.svc.Similar(ctx, p, subject, region, address)
	if err != nil {
		if code := errs.CodeOf(err); code == errs.Internal || code == errs.Unavailable {
			v.Err = "相似工单暂时查不到，请稍后再试"
		} else {
			v.Err = errs.MessageOf(err)
		}
		return v
	}
	for _, t := range list {
		v.Rows = append(v.Rows, h.row(t))
	}
	return v
}

// similar is the panel the intake form fills as subject and region are chosen.
func (h *hotlinePages) similar(rw http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	v := &hlIntakeView{Similar: &hlSimilarView{}}
	if sub, reg := strings.TrimSpace(q.Get("subject_code")), strings.TrimSpace(q.Get("region_code")); sub != "" && reg != "" {
		v.Similar = h.similarOf(ctx, httpx.Principal(ctx), sub, reg, q.Get("address"))
	}
	h.w.fragment(rw, r, "hotline_similar", &Page{Data: v})
}

// deptOptions lists the active departments under region for the dispatch form.
func (h *hotlinePages) deptOptions(ctx context.Context, p *access.Principal, region string) ([]gov.Dept, error) {
	var out []gov.Dept
	f := gov.ListFilter{Region: region, ActiveOnly: true, Limit: 500}
	for range 10 {
		pg, err := h.dir.ListDepts(ctx, p, f)
		if err != nil {
			return nil, err
		}
		out = append(out, pg.Items...)
		if pg.Next == "" {
			break
		}
		f.After = pg.Next
	}
	return out, nil
}
