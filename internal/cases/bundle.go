package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// submitBundle files a bundle (一件事) as one application: a parent case
// and one child per applicable item, from one merged form and one set of
// materials; each child goes to its own department.
func (s *Service) submitBundle(ctx context.Context, w intake, in SubmitInput) (Case, error) {
	if in.Draft {
		return Case{}, errs.Field("draft", "一件事暂不支持保存草稿，请一次填写提交")
	}
	app, err := s.bundles.Application(ctx, in.BundleCode, in.Answers)
	if err != nil {
		return Case{}, prefixField(err, "answers.")
	}
	ev := app.Evaluation
	if len(ev.Unanswered) > 0 {
		return Case{}, errs.Field("answers."+ev.Unanswered[0].Key, "请先回答情形问题：%s", ev.Unanswered[0].Text)
	}
	if len(app.Items) == 0 {
		return Case{}, errs.Field("answers", "按您的情形，该一件事没有需要办理的事项")
	}
	forms := catalog.SplitSubmission(app.Bundle.Doc, ev.Answers, in.Form)
	shared := map[string]string{} // item.field → shared key
	for _, sf := range app.Bundle.Doc.SharedFields {
		for _, m := range sf.Maps {
			shared[m.ItemCode+"."+m.FieldKey] = sf.Key
		}
	}
	given := map[string]MaterialInput{}
	for _, m := range in.Materials {
		given[m.Key] = m
	}
	merged := map[string]string{} // item.material → merged key
	for _, mm := range ev.Materials {
		for _, u := range mm.Uses {
			merged[u.ItemCode+"."+u.MaterialKey] = mm.Key
		}
	}
	all := &catalog.FormErrors{}
	seen := map[string]bool{}
	var children []NewCase
	for _, it := range app.Items {
		var mats []MaterialInput
		for _, m := range it.Doc.Materials {
			if g, ok := given[merged[it.Code+"."+m.Key]]; ok {
				g.Key = m.Key
				mats = append(mats, g)
			}
		}
		nc, err := s.build(ctx, w, in, it, forms[it.Code], mats)
		if fe, ok := err.(*catalog.FormErrors); ok {
			for _, e := range fe.List {
				e.Path = bundlePath(it.Code, e.Path, shared, merged)
				if !seen[e.Path+e.Reason] {
					seen[e.Path+e.Reason] = true
					e.Message = it.Doc.Name + "：" + e.Message
					all.List = append(all.List, e)
				}
			}
			continue
		}
		if err != nil {
			return Case{}, err
		}
		children = append(children, nc)
	}
	if all.Total() > 0 {
		return Case{}, all
	}
	first := children[0].Case
	now := s.now()
	parent := &Case{BundleCode: app.Bundle.Code, Name: app.Bundle.Doc.Name, RegionCode: app.Bundle.RegionCode,
		IntakeRegion: first.IntakeRegion, IntakeHallID: first.IntakeHallID, ApplicantID: first.ApplicantID,
		FilerID: first.FilerID, Channel: first.Channel, Status: Submitted, SubmittedAt: now, Version: 1,
		CreatedAt: now, UpdatedAt: now,
		Detail: Detail{Applicant: first.Applicant, Authorisation: first.Authorisation, Form: in.Form,
			Answers: ev.Answers, Delivery: first.Delivery, HallName: first.HallName, DeptName: "多部门联办",
			Clock:  Clock{Promised: ev.PromisedDays, AcceptDue: first.Clock.AcceptDue, AcceptExplain: first.Clock.AcceptExplain},
			Visits: first.Visits}}
	pc := NewCase{Case: parent, Event: s.event(ctx, parent, "", Submitted, "submit", "", map[string]any{"items": len(children)}),
		Msgs: []Message{s.notify(parent, "notice", "已收到您的一件事申请",
			fmt.Sprintf("“%s”已提交，涉及 %d 个事项，由各部门并联办理，结果统一送达。", parent.Name, len(children)))}}
	for i := range children {
		ch := &children[i]
		ch.Case.Delivery = parent.Delivery // one delivery for the whole bundle
		ch.Msgs = nil
		// A material given once serves every child: the files belong to
		// the bundle case (a file is attached to one case).
		pc.Files, pc.Owners = append(pc.Files, ch.Files...), ch.Owners
		ch.Files = nil
	}
	pc.Files = slices.Compact(slices.Sorted(slices.Values(pc.Files)))
	batch := append([]NewCase{pc}, children...)
	if err := s.identify(ctx, w, batch); err != nil {
		return Case{}, err
	}
	if err := s.store.Create(ctx, batch, submitAudit(ctx, parent)); err != nil {
		return Case{}, err
	}
	return *parent, nil // the store filled in id, number and version
}

// bundlePath maps a child item's problem path back to the merged form's.
func bundlePath(code, path string, shared, merged map[string]string) string {
	if key, ok := strings.CutPrefix(path, "form."); ok {
		field, rest, _ := strings.Cut(key, "[")
		if sk, ok := shared[code+"."+field]; ok {
			return "form." + sk + cond(rest != "", "["+rest, "")
		}
		return "form." + catalog.MergedKey(code, key)
	}
	if key, ok := strings.CutPrefix(path, "materials."); ok {
		if mk, ok := merged[code+"."+key]; ok {
			return "materials." + mk
		}
	}
	return code + "." + path
}

func cond(ok bool, a, b string) string {
	if ok {
		return a
	}
	return b
}

// ParentStatus is a bundle case's status given its children's: concluded
// when every child is (granted when any was granted, withdrawn when all
// were withdrawn, else denied), in review once any child got past
// acceptance, in correction when a child waits for the applicant, else
// submitted. Delivered children count as what they delivered; the store
// calls this after every change to a child.
func ParentStatus(children []Status, results []Status) Status {
	if len(children) == 0 {
		return Submitted
	}
	concluded := true
	for _, st := range children {
		if !st.Concluded() {
			concluded = false
		}
	}
	if concluded {
		switch {
		case slices.Contains(results, Granted):
			return Granted
		case !slices.ContainsFunc(results, func(s Status) bool { return s != Withdrawn }):
			return Withdrawn
		case !slices.ContainsFunc(results, func(s Status) bool { return s != Refused && s != Withdrawn }):
			return Refused
		}
		return Denied
	}
	for _, st := range children {
		if st == InReview || st == Special || st == Granted || st == Denied {
			return InReview
		}
	}
	if slices.Contains(children, Correction) {
		return Correction
	}
	return Submitted
}
