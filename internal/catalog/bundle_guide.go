package catalog

import (
	"context"
	"slices"

	"github.com/onewindow/onewindow/internal/errs"
)

// BundleItemInfo summarises one item of a bundle for its guide.
type BundleItemInfo struct {
	Code         string   `json:"code"`
	Name         string   `json:"name"`
	Kind         Kind     `json:"kind"`
	DeptName     string   `json:"dept_name,omitempty"`
	RegionCode   string   `json:"region_code"`
	Always       bool     `json:"always"`
	When         []string `json:"when,omitempty"` // the conditions in words: 是否销售酒类？是
	Instant      bool     `json:"instant"`
	LegalDays    int      `json:"legal_days"`
	PromisedDays int      `json:"promised_days"`
	MaxVisits    int      `json:"max_visits"`
	OnlineDepth  int      `json:"online_depth"`
	Available    bool     `json:"available"` // can be applied for now (published and in force)
}

// Guide is a bundle's public guide: what it covers, the questionnaire, and
// the materials its items may ask for (merged as if every item applied).
type Guide struct {
	Bundle       Bundle           `json:"bundle"`
	Items        []BundleItemInfo `json:"items"`
	Questions    []Question       `json:"questions"`
	Materials    []MergedMaterial `json:"materials"`
	PromisedDays int              `json:"promised_days"`
}

// Evaluation is what a bundle asks of one applicant, given their answers.
type Evaluation struct {
	Answers      map[string]string `json:"answers"`
	Items        []BundleItemInfo  `json:"items"`                 // the items that apply and can be applied for
	Unavailable  []BundleItemInfo  `json:"unavailable,omitempty"` // would apply, but are suspended or cancelled now
	Unanswered   []Question        `json:"unanswered,omitempty"`  // answering them may add items
	Form         []FormGroup       `json:"form"`
	Materials    []MergedMaterial  `json:"materials"`
	PromisedDays int               `json:"promised_days"` // EffectiveDays of the items that apply
}

// publicBundle returns a published bundle for the public.
func (s *BundleService) publicBundle(ctx context.Context, code string) (Bundle, error) {
	b, err := s.store.Bundle(ctx, upper(code))
	if err == nil && b.Status != StatusPublished {
		err = errs.E(errs.NotFound, "一件事未发布")
	}
	if errs.Is(err, errs.NotFound) {
		return Bundle{}, errs.E(errs.NotFound, "一件事 %s 不存在或未发布", code)
	}
	return b.Public(), err
}

// itemInfos summarises doc's items; docs are those that can be applied for now.
func (s *BundleService) itemInfos(ctx context.Context, doc BundleDoc) ([]BundleItemInfo, []Doc, error) {
	infos := make([]BundleItemInfo, 0, len(doc.Items))
	var docs []Doc
	for _, bi := range doc.Items {
		it, ok, err := s.publicItem(ctx, bi.ItemCode)
		if err != nil {
			return nil, nil, err
		}
		info := BundleItemInfo{Code: bi.ItemCode, Name: bi.ItemCode, Always: bi.Always, Available: ok}
		if it.ID != 0 && it.PublishedVersion > 0 {
			d := it.Doc
			info.Name, info.Kind, info.RegionCode, info.Instant = d.Name, d.Kind, d.RegionCode, d.Instant
			info.LegalDays, info.PromisedDays, info.MaxVisits, info.OnlineDepth = d.LegalDays, d.PromisedDays, d.MaxVisits, d.OnlineDepth
			if d.DeptID != 0 {
				if dept, err := s.items.depts.DeptInfo(ctx, d.DeptID); err == nil {
					info.DeptName = dept.Name
				}
			}
		}
		for _, c := range bi.When {
			info.When = append(info.When, conditionText(doc, c))
		}
		if ok {
			docs = append(docs, it.Doc)
		}
		infos = append(infos, info)
	}
	return infos, docs, nil
}

// conditionText says a condition in words: 是否销售酒类？是.
func conditionText(doc BundleDoc, c Condition) string {
	i := slices.IndexFunc(doc.Questions, func(q Question) bool { return q.Key == c.Question })
	if i < 0 {
		return c.Question + " " + c.Answer
	}
	return doc.Questions[i].Text + AnswerText(c.Answer)
}

// AnswerText is an answer in words (是 / 否 for yes / no; a choice as it is).
func AnswerText(a string) string {
	switch a {
	case AnswerYes:
		return "是"
	case AnswerNo:
		return "否"
	}
	return a
}

// GetPublic returns a published bundle's guide and counts the view.
func (s *BundleService) GetPublic(ctx context.Context, code string) (Guide, error) {
	b, err := s.publicBundle(ctx, code)
	if err != nil {
		return Guide{}, err
	}
	infos, docs, err := s.itemInfos(ctx, b.Doc)
	if err != nil {
		return Guide{}, err
	}
	if err := s.store.CountBundleView(ctx, b.ID); err != nil {
		return Guide{}, err
	}
	all := make([]string, len(docs))
	for i, d := range docs {
		all[i] = d.Code
	}
	return Guide{Bundle: b, Items: infos, Questions: b.Doc.Questions, Materials: MergedMaterials(docs, all),
		PromisedDays: b.Doc.PromisedDays}, nil
}

// Evaluate answers the questionnaire of a published bundle: the items
// that apply, the merged form, the merged materials and the limit.
func (s *BundleService) Evaluate(ctx context.Context, code string, answers map[string]string) (Evaluation, error) {
	b, err := s.publicBundle(ctx, code)
	if err != nil {
		return Evaluation{}, err
	}
	if err := b.Doc.CheckAnswers(answers); err != nil {
		return Evaluation{}, err
	}
	clean := map[string]string{}
	for k, v := range answers {
		if v != "" {
			clean[k] = v
		}
	}
	infos, docs, err := s.itemInfos(ctx, b.Doc)
	if err != nil {
		return Evaluation{}, err
	}
	ev := Evaluation{Answers: clean, Unanswered: b.Doc.Unanswered(clean)}
	var applicable []string
	for _, code := range Applicable(b.Doc, clean) {
		i := slices.IndexFunc(infos, func(in BundleItemInfo) bool { return in.Code == code })
		if infos[i].Available {
			ev.Items = append(ev.Items, infos[i])
			applicable = append(applicable, code)
		} else {
			ev.Unavailable = append(ev.Unavailable, infos[i])
		}
	}
	ev.Form = MergedForm(b.Doc, docs, applicable)
	ev.Materials = MergedMaterials(docs, applicable)
	ev.PromisedDays = EffectiveDays(b.Doc, docs, applicable)
	return ev, nil
}
