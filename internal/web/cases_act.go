package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	owfiles "github.com/onewindow/onewindow/internal/files"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/rating"
)

// actionDone is the notice after each action.
var actionDone = map[string]string{
	cases.ActSubmit: "申请已提交", cases.ActAccept: "已受理", cases.ActRefuse: "已作出不予受理决定",
	cases.ActRequestCorrection: "已一次性告知需补正的内容", cases.ActSupplement: "补正材料已提交，等待受理",
	cases.ActClaim: "已认领", cases.ActApprove: "已审核通过", cases.ActDeny: "已作出不予许可决定",
	cases.ActReturn: "已退回上一环节", cases.ActStartSpecial: "特别程序已启动，办理时限暂停计算",
	cases.ActEndSpecial: "特别程序已结束，办理时限恢复计算", cases.ActExtend: "办理期限已延长",
	cases.ActWithdraw: "申请已撤回", cases.ActDeliver: "已送达", cases.ActSupplyOwed: "容缺材料已补交",
}

// act performs one action posted from the case page and goes back to it
// with a notice, or shows the page again with the problem beside the
// form that failed.
func (c *casePages) act(rw http.ResponseWriter, r *http.Request) {
	ctx, p, number := r.Context(), httpx.Principal(r.Context()), r.PathValue("number")
	if err := parsePost(r); err != nil {
		c.w.Error(rw, r, err)
		return
	}
	pf := r.PostForm
	st := &caseState{action: pf.Get("action"), form: pf, rows: problemRows(pf)}
	if pf.Get("op") == "add-problem" {
		// 增加一行 without scripts: one more empty row, nothing sent.
		st.rows++
		c.showCase(rw, r, http.StatusOK, number, st)
		return
	}
	atoi := func(name string) int { n, _ := strconv.Atoi(strings.TrimSpace(pf.Get(name))); return n }
	if st.action == "rate" && c.w.ratings != nil {
		rt, err := c.w.ratings.RateCase(ctx, p, number, rating.Input{Score: atoi("score"), Tags: pf["tags"],
			Comment: strings.TrimSpace(pf.Get("comment")), Anonymous: pf.Has("anonymous")})
		if err == nil {
			msg := "感谢您的评价"
			if rt.Rectification != 0 {
				msg = "感谢您的评价，已转承办部门核实整改"
			}
			http.Redirect(rw, r, "/cases/"+url.PathEscape(number)+"?flash="+urlQueryEscape(msg), http.StatusSeeOther)
			return
		}
		if code := errs.CodeOf(err); code == errs.Internal || code == errs.NotFound {
			c.w.Error(rw, r, err)
			return
		}
		st.err, st.field = errs.MessageOf(err), errs.FieldOf(err)
		c.showCase(rw, r, errs.Status(errs.CodeOf(err)), number, st)
		return
	}
	in := cases.ActionInput{Action: st.action, Comment: strings.TrimSpace(pf.Get("comment")), Version: atoi("version"),
		Reason: strings.TrimSpace(pf.Get("reason")), LegalBasis: strings.TrimSpace(pf.Get("legal_basis")),
		Conclude: pf.Has("conclude"), OwedDays: atoi("owed_days"), Days: atoi("days"), Procedure: pf.Get("procedure"),
		Carrier: strings.TrimSpace(pf.Get("carrier")), Tracking: strings.TrimSpace(pf.Get("tracking")),
		PickupCode: strings.TrimSpace(pf.Get("pickup_code"))}
	in.TaskID, _ = strconv.ParseInt(pf.Get("task_id"), 10, 64)
	if s := strings.TrimSpace(pf.Get("days")); s != "" && in.Days == 0 {
		st.err, st.field = "请填写整数的工作日数", "days"
		c.showCase(rw, r, http.StatusUnprocessableEntity, number, st)
		return
	}
	switch st.action {
	case cases.ActRequestCorrection:
		cv, err := c.svc.Get(ctx, p, number)
		if err != nil {
			c.w.Error(rw, r, err)
			return
		}
		var doc catalog.Doc
		if cv.ItemCode != "" {
			doc, _ = c.cat.VersionDoc(ctx, cv.ItemCode, cv.ItemVersion)
		}
		probs, field, msg := readProblems(pf, doc)
		if msg != "" {
			st.err, st.field = msg, field
			c.showCase(rw, r, http.StatusUnprocessableEntity, number, st)
			return
		}
		in.Problems = probs
	case cases.ActSupplyOwed:
		for _, key := range pf["owed"] {
			ids, _, problems, err := c.takeFiles(ctx, p, r, key, func(owfiles.File) bool { return false })
			if err != nil {
				c.w.Error(rw, r, err)
				return
			}
			if len(problems) > 0 {
				st.err, st.field = strings.Join(problems, "；"), "materials"
				c.showCase(rw, r, http.StatusUnprocessableEntity, number, st)
				return
			}
			if len(ids) > 0 {
				in.Materials = append(in.Materials, cases.MaterialInput{Key: key, Files: ids})
			}
		}
	case cases.ActSupplement:
		done, ok := c.readSupplement(rw, r, number, st, &in)
		if !ok {
			return
		}
		if done {
			c.showCase(rw, r, http.StatusUnprocessableEntity, number, st)
			return
		}
	}
	_, err := c.svc.Act(ctx, p, number, in)
	if err == nil {
		msg := actionDone[st.action]
		if msg == "" {
			msg = cases.ActionTitle(st.action)
		}
		http.Redirect(rw, r, "/cases/"+url.PathEscape(number)+"?flash="+urlQueryEscape(msg), http.StatusSeeOther)
		return
	}
	var fe *catalog.FormErrors
	switch code := errs.CodeOf(err); {
	case errors.As(err, &fe):
		if st.fe == nil {
			st.fe = &catalog.FormErrors{}
		}
		st.fe.List, st.fe.Omitted = append(fe.List, st.fe.List...), st.fe.Omitted+fe.Omitted
		st.err = errs.MessageOf(err)
	case code == errs.Internal || code == errs.NotFound || code == errs.Unauthorized:
		c.w.Error(rw, r, err)
		return
	default:
		st.err, st.field = errs.MessageOf(err), errs.FieldOf(err)
	}
	c.showCase(rw, r, errs.Status(errs.CodeOf(err)), number, st)
}

// problemRows counts the correction rows posted (p.N.problem).
func problemRows(pf url.Values) int {
	n := 0
	for name := range pf {
		if rest, ok := strings.CutPrefix(name, "p."); ok {
			if i, _, ok := strings.Cut(rest, "."); ok {
				if k, err := strconv.Atoi(i); err == nil && k+1 > n && k < maxProblemRows {
					n = k + 1
				}
			}
		}
	}
	return n
}

// readProblems reads the correction rows: a row with text is a problem
// (its material named from the item, or the form); empty rows are left out.
func readProblems(pf url.Values, doc catalog.Doc) ([]cases.Problem, string, string) {
	var out []cases.Problem
	for i := range problemRows(pf) {
		text := strings.TrimSpace(pf.Get(fmt.Sprintf("p.%d.problem", i)))
		key := pf.Get(fmt.Sprintf("p.%d.material", i))
		if text == "" {
			if key != "" {
				return nil, fmt.Sprintf("p.%d.problem", i), fmt.Sprintf("第 %d 项：请写明问题和补正要求", i+1)
			}
			continue
		}
		pr := cases.Problem{Name: "申请表", Problem: text}
		if key != "" {
			pr.Material, pr.Name = key, key
			for _, m := range doc.Materials {
				if m.Key == key {
					pr.Name = m.Name
				}
			}
		}
		out = append(out, pr)
	}
	if len(out) == 0 {
		return nil, "p.0.problem", "请逐项写明需要补正的材料和问题（一次性告知）"
	}
	return out, "", ""
}

// readSupplement reads a supplement: the re-entered form (the applicant's)
// and, per material, the files kept and the files chosen now (uploaded at
// once, so that they are kept if anything else is wrong). done reports
// that a file was refused (st holds the page to show); ok is false when
// the response has been written.
func (c *casePages) readSupplement(rw http.ResponseWriter, r *http.Request, number string, st *caseState, in *cases.ActionInput) (done, ok bool) {
	ctx, p, pf := r.Context(), httpx.Principal(r.Context()), r.PostForm
	cv, err := c.svc.Get(ctx, p, number)
	if err != nil {
		c.w.Error(rw, r, err)
		return false, false
	}
	doc, err := c.cat.VersionDoc(ctx, cv.ItemCode, cv.ItemVersion)
	if err != nil {
		c.w.Error(rw, r, err)
		return false, false
	}
	st.fe, st.chosen, st.kept = &catalog.FormErrors{}, map[string]cases.MaterialInput{}, map[string][]caseFile{}
	if cv.Mine && len(doc.Form) > 0 {
		sub := readSubmission(doc.Form, pf)
		st.sub = &sub
		if op := pf.Get("op"); op != "" {
			sub.apply(op, doc.Form)
		}
		in.Form = sub.values(doc.Form)
	}
	before := map[string]cases.Material{}
	for _, m := range cv.Materials {
		before[m.Key] = m
	}
	keep := keepSupplement(p, cv.ID, fileSet(cv.Materials))
	for _, m := range doc.Materials {
		mi := cases.MaterialInput{Key: m.Key, Pledge: pf.Has("pledge." + m.Key), Deferred: pf.Has("deferred." + m.Key),
			Paper: before[m.Key].Paper}
		if !cv.Mine { // the front desk, who checks papers
			mi.Paper = pf.Has("paper." + m.Key)
		}
		ids, kept, problems, err := c.takeFiles(ctx, p, r, m.Key, keep)
		if err != nil {
			c.w.Error(rw, r, err)
			return false, false
		}
		for _, pr := range problems {
			addProblem(st.fe, "materials."+m.Key, "“"+m.Name+"”", pr)
		}
		mi.Files, st.kept[m.Key], st.chosen[m.Key] = ids, kept, mi
		old := before[m.Key]
		if !sameFiles(old.Files, ids) || old.Pledge != mi.Pledge || old.Deferred != mi.Deferred || old.Paper != mi.Paper {
			in.Materials = append(in.Materials, mi)
		}
	}
	if pf.Get("op") != "" {
		// A table button without scripts: draw the rows again, send nothing.
		st.fe = nil
		c.showCase(rw, r, http.StatusOK, number, st)
		return false, false
	}
	if st.fe.Total() > 0 {
		st.err = errs.MessageOf(st.fe)
		return true, true
	}
	return false, true
}

// sameFiles reports whether two lists hold the same files.
func sameFiles(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, id := range a {
		seen[id] = true
	}
	for _, id := range b {
		if !seen[id] {
			return false
		}
	}
	return true
}
