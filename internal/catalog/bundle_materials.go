package catalog

import (
	"slices"
	"strings"
	"unicode"
)

// MergedMaterial is one document a bundle's applicant hands in once, however
// many of the bundle's items need it (身份证 once, listing every item that
// uses it). Two materials are the same document when they name the same
// e-licence type, or when their normalised names agree.
type MergedMaterial struct {
	Key         string        `json:"key"` // the normalised name that merged them
	Name        string        `json:"name"`
	LicenseType string        `json:"license_type,omitempty"`
	Requirement string        `json:"requirement"`          // the strictest of the uses: required > conditional > optional
	Conditions  []string      `json:"conditions,omitempty"` // when conditional: each use's condition
	Forms       []string      `json:"forms"`                // every form any use accepts or asks for
	Copies      int           `json:"copies"`               // the most paper copies any use asks for (one set serves all)
	Pledge      bool          `json:"pledge"`               // every use accepts a pledge instead
	Deferrable  bool          `json:"deferrable"`           // every use accepts it after acceptance
	Uses        []MaterialUse `json:"uses"`
}

// MaterialUse is one item's material that a merged material stands for.
type MaterialUse struct {
	ItemCode    string `json:"item_code"`
	ItemName    string `json:"item_name"`
	MaterialKey string `json:"material_key"`
	Name        string `json:"name"`
	Requirement string `json:"requirement"`
}

// MergedMaterials lists the materials of the applicable items once each,
// in the order they first appear (items in the given order).
func MergedMaterials(items []Doc, applicable []string) []MergedMaterial {
	var out []MergedMaterial
	at := map[string]int{}
	for _, code := range applicable {
		i := slices.IndexFunc(items, func(d Doc) bool { return d.Code == code })
		if i < 0 {
			continue
		}
		doc := items[i]
		for _, m := range doc.Materials {
			use := MaterialUse{ItemCode: doc.Code, ItemName: doc.Name, MaterialKey: m.Key, Name: m.Name, Requirement: m.Requirement}
			key := materialKey(m)
			j, ok := at[key]
			if !ok {
				at[key] = len(out)
				out = append(out, MergedMaterial{Key: key, Name: m.Name, LicenseType: m.LicenseType, Requirement: m.Requirement,
					Forms: slices.Clone(m.Forms), Copies: m.Copies, Pledge: m.Pledge, Deferrable: m.Deferrable})
				j = len(out) - 1
			} else {
				mm := &out[j]
				if strictness(m.Requirement) > strictness(mm.Requirement) {
					mm.Requirement = m.Requirement
				}
				for _, f := range m.Forms {
					if !slices.Contains(mm.Forms, f) {
						mm.Forms = append(mm.Forms, f)
					}
				}
				mm.Copies = max(mm.Copies, m.Copies)
				mm.Pledge = mm.Pledge && m.Pledge
				mm.Deferrable = mm.Deferrable && m.Deferrable
				if mm.LicenseType == "" {
					mm.LicenseType = m.LicenseType
				}
			}
			if m.Requirement == Conditional && m.Condition != "" && !slices.Contains(out[j].Conditions, m.Condition) {
				out[j].Conditions = append(out[j].Conditions, m.Condition)
			}
			out[j].Uses = append(out[j].Uses, use)
		}
	}
	for i := range out {
		if out[i].Requirement != Conditional {
			out[i].Conditions = nil
		}
	}
	return out
}

// strictness orders requirements: a document one item requires is required
// of the bundle even if another item only asks for it in some cases.
func strictness(req string) int {
	switch req {
	case Required:
		return 2
	case Conditional:
		return 1
	}
	return 0
}

// materialKey is the identity of a document across items: its e-licence
// type when it has one, else its normalised name.
func materialKey(m Material) string {
	if m.LicenseType != "" {
		return NormalizeMaterialName(m.LicenseType)
	}
	return NormalizeMaterialName(m.Name)
}

// materialAliases are names the catalogs use for one document.
var materialAliases = map[string]string{
	"身份证": "居民身份证", "身份证件": "居民身份证", "身份证明": "居民身份证", "有效身份证件": "居民身份证",
	"有效身份证明": "居民身份证", "居民身份证": "居民身份证",
	"户口本": "居民户口簿", "户口簿": "居民户口簿", "居民户口簿": "居民户口簿",
	"营业执照副本": "营业执照", "营业执照": "营业执照",
	"结婚证": "结婚证", "出生证明": "出生医学证明", "出生医学证明": "出生医学证明",
}

// applicantWords name the applicant, who is one person (or one
// organisation) throughout a bundle; 经办人 and 法定代表人 are other people
// and stay.
var applicantWords = []string{"申请人", "经营者", "本人"}

// NormalizeMaterialName reduces a material's name to what identifies the
// document: the remarks in brackets, spaces and punctuation, the word
// words naming the applicant (申请人, 经营者: one applicant throughout a
// bundle) and a trailing 原件/复印件
// (the form is recorded separately) go; well-known aliases are folded
// (身份证, 身份证明 → 居民身份证).
func NormalizeMaterialName(name string) string {
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch r {
		case '(', '（', '[', '【', '〔':
			depth++
			continue
		case ')', '）', ']', '】', '〕':
			depth = max(0, depth-1)
			continue
		}
		if depth > 0 || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	s := b.String()
	for _, who := range applicantWords {
		if t, ok := strings.CutPrefix(s, who); ok && t != "" {
			s = t
			break
		}
	}
	for _, suffix := range []string{"原件及复印件", "原件和复印件", "复印件", "原件"} {
		if t, ok := strings.CutSuffix(s, suffix); ok && t != "" {
			s = t
			break
		}
	}
	if a, ok := materialAliases[s]; ok {
		return a
	}
	return s
}
