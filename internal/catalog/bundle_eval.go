package catalog

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/onewindow/onewindow/internal/errs"
)

// CheckItems checks d against the published docs of its items (by code):
// every item exists, every shared field maps to a real field of the same
// type (a select's options offered by the item field too; required when
// the item field is), and the promised limit keeps the rule in the
// comment on bundles. The error names the place.
func (d BundleDoc) CheckItems(items map[string]Doc) error {
	maxLegal, allInstant := 0, true
	for i, bi := range d.Items {
		doc, ok := items[bi.ItemCode]
		if !ok {
			return errs.Field(fmt.Sprintf("items[%d].item_code", i), "事项 %s 不存在或未在办理中", bi.ItemCode)
		}
		maxLegal = max(maxLegal, doc.LegalDays)
		allInstant = allInstant && doc.Instant
	}
	for i, sf := range d.SharedFields {
		for j, m := range sf.Maps {
			p := fmt.Sprintf("shared_fields[%d].maps[%d]", i, j)
			doc := items[m.ItemCode]
			k := slices.IndexFunc(doc.Form, func(f Field) bool { return f.Key == m.FieldKey })
			if k < 0 {
				return errs.Field(p+".field_key", "事项“%s”的申请表没有字段 %s", doc.Name, m.FieldKey)
			}
			f := doc.Form[k]
			if f.Type != sf.Type {
				return errs.Field(p+".field_key", "共用字段“%s”的类型是 %s，事项“%s”的字段“%s”是 %s，类型应一致",
					sf.Label, sf.Type, doc.Name, f.Label, f.Type)
			}
			for _, o := range sf.Options {
				if !slices.Contains(f.Options, o) {
					return errs.Field(fmt.Sprintf("shared_fields[%d].options", i), "选项“%s”不是事项“%s”字段“%s”的选项",
						o, doc.Name, f.Label)
				}
			}
			if f.Required && !sf.Required {
				return errs.Field(fmt.Sprintf("shared_fields[%d].required", i), "事项“%s”的字段“%s”必填，共用字段“%s”也应必填",
					doc.Name, f.Label, sf.Label)
			}
		}
	}
	if d.PromisedDays > maxLegal {
		return errs.Field("promised_days", "一件事的承诺时限（%d 个工作日）不能超过所含事项中最长的法定时限（%d 个工作日）",
			d.PromisedDays, maxLegal)
	}
	if d.PromisedDays == 0 && !allInstant {
		return errs.Field("promised_days", "所含事项中有承诺件，一件事的承诺时限至少为 1 个工作日")
	}
	return nil
}

// CheckAnswers checks answers against the questionnaire: every key is a
// question and every answer one it offers. Unanswered questions are
// allowed (they add no item); the error names answers.<key>.
func (d BundleDoc) CheckAnswers(answers map[string]string) error {
	keys := make([]string, 0, len(answers))
	for k := range answers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		i := slices.IndexFunc(d.Questions, func(q Question) bool { return q.Key == k })
		if i < 0 {
			return errs.Field("answers."+clip(k), "问题 %q 不存在", clip(k))
		}
		q := d.Questions[i]
		if a := answers[k]; a != "" && !slices.Contains(q.Answers(), a) {
			return errs.Field("answers."+k, "“%s”的回答只能是 %s", q.Text, joinAnswers(q))
		}
	}
	return nil
}

// Unanswered lists the questions answers leave open, in order.
func (d BundleDoc) Unanswered(answers map[string]string) []Question {
	var out []Question
	for _, q := range d.Questions {
		if answers[q.Key] == "" {
			out = append(out, q)
		}
	}
	return out
}

// Applicable lists, in the bundle's order, the codes of the items that
// apply for answers: the always-needed ones and those with a condition that
// holds. An unanswered question adds nothing.
func Applicable(d BundleDoc, answers map[string]string) []string {
	var out []string
	for _, it := range d.Items {
		if it.Always || slices.ContainsFunc(it.When, func(c Condition) bool {
			a, ok := answers[c.Question]
			return ok && a == c.Answer
		}) {
			out = append(out, it.ItemCode)
		}
	}
	return out
}

// EffectiveDays is the bundle's limit for the items that apply: the smaller
// of its promised days and the longest legal limit among those items.
func EffectiveDays(d BundleDoc, items []Doc, applicable []string) int {
	longest := 0
	for _, doc := range items {
		if slices.Contains(applicable, doc.Code) {
			longest = max(longest, doc.LegalDays)
		}
	}
	return min(d.PromisedDays, longest)
}

// FormGroup is one section of a merged form: the shared fields first
// (ItemCode ""), then each applicable item's remaining fields.
type FormGroup struct {
	ItemCode string  `json:"item_code,omitempty"`
	Title    string  `json:"title"`
	Fields   []Field `json:"fields"` // keys as submitted: a shared field's key, or MergedKey(item, field)
	// Fills names, for each shared field key, the items it is copied into.
	Fills map[string][]string `json:"fills,omitempty"`
}

// MergedKey is the key of an item's own field in a merged submission.
func MergedKey(itemCode, fieldKey string) string { return itemCode + "." + fieldKey }

// MergedForm builds the one form of a bundle for the applicable items:
// each shared field once (when it fills a field of an applicable item),
// then each applicable item's fields that no shared field fills, grouped
// by item. items are the items' published docs.
func MergedForm(d BundleDoc, items []Doc, applicable []string) []FormGroup {
	byCode := docsByCode(items)
	filled := map[FieldMap]bool{}
	shared := FormGroup{Title: "共同信息", Fills: map[string][]string{}}
	for _, sf := range d.SharedFields {
		var fills []string
		for _, m := range sf.Maps {
			if doc, ok := byCode[m.ItemCode]; ok && slices.Contains(applicable, m.ItemCode) {
				filled[m] = true
				fills = append(fills, doc.Name)
			}
		}
		if len(fills) > 0 {
			shared.Fields = append(shared.Fields, sf.Field)
			shared.Fills[sf.Key] = dedupe(fills)
		}
	}
	var out []FormGroup
	if len(shared.Fields) > 0 {
		out = append(out, shared)
	}
	for _, code := range applicable {
		doc, ok := byCode[code]
		if !ok {
			continue
		}
		g := FormGroup{ItemCode: code, Title: doc.Name}
		for _, f := range doc.Form {
			if !filled[FieldMap{ItemCode: code, FieldKey: f.Key}] {
				f.Key = MergedKey(code, f.Key)
				g.Fields = append(g.Fields, f)
			}
		}
		if len(g.Fields) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// SplitSubmission turns the values of a merged form into each applicable
// item's own form values: a shared field's value goes to every field it
// maps to, an item's own field (MergedKey) to that item. Values of items
// that do not apply, and unknown keys, are dropped; each item's form then
// validates its own values.
func SplitSubmission(d BundleDoc, answers map[string]string, values map[string]any) map[string]map[string]any {
	applicable := Applicable(d, answers)
	out := make(map[string]map[string]any, len(applicable))
	for _, code := range applicable {
		out[code] = map[string]any{}
	}
	for k, v := range values {
		code, key, ok := strings.Cut(k, ".")
		if m := out[code]; ok && m != nil {
			m[key] = v
		}
	}
	for _, sf := range d.SharedFields {
		v, ok := values[sf.Key]
		if !ok {
			continue
		}
		for _, m := range sf.Maps {
			if dst := out[m.ItemCode]; dst != nil {
				dst[m.FieldKey] = v
			}
		}
	}
	return out
}

func docsByCode(items []Doc) map[string]Doc {
	out := make(map[string]Doc, len(items))
	for _, d := range items {
		out[d.Code] = d
	}
	return out
}
