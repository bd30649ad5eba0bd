package catalog

import "time"

// A bundle (一件事一次办) is one life event or business need ("我要开饭店")
// served by several items of several departments: the applicant answers a
// short questionnaire (情形引导), which decides the items that apply, fills
// one merged form in which every shared field is asked once and mapped into
// each item's own form, and hands in one deduplicated set of materials.
//
// The bundle's own promised limit (PromisedDays) rules the whole: the
// items are handled in parallel (并联办理), so it may not exceed the longest
// legal limit among its items — the slowest item, worked to the law's
// limit, is what a parallel bundle can honestly promise at worst. For one
// applicant's answers the limit is the smaller of PromisedDays and the
// longest legal limit among the items that apply (EffectiveDays), so the
// same rule holds for every subset. PromisedDays 0 (办结即时) is only
// allowed when every item is instant (即办件).

// Question kinds of the questionnaire.
const (
	QuestionYesNo  = "yes_no" // answered "yes" or "no"
	QuestionChoice = "choice" // answered with one of Options
)

// The answers of a yes/no question.
const (
	AnswerYes = "yes"
	AnswerNo  = "no"
)

// Bundle is a bundle with its state. Doc is the published content, or the
// first draft's while the bundle was never published; a later edit waits
// in Draft until a second catalog manager publishes it, so the public keeps
// reading the published content meanwhile.
type Bundle struct {
	ID         int64      `json:"id"`
	Code       string     `json:"code"`
	Name       string     `json:"name"`
	RegionCode string     `json:"region_code"`
	Status     string     `json:"status"` // draft (never published), published
	Doc        BundleDoc  `json:"doc"`
	Draft      *BundleDoc `json:"draft,omitempty"` // pending edit of a published bundle
	// EditorID and EditorName are who last edited the content awaiting
	// publication (four eyes: someone else must publish it).
	EditorID    int64      `json:"editor_id,omitempty"`
	EditorName  string     `json:"editor_name,omitempty"`
	Note        string     `json:"note,omitempty"` // the editor's note on the pending content
	Publisher   string     `json:"publisher,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	Popularity  int64      `json:"popularity"`
	Version     int        `json:"version"` // optimistic lock
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Pending reports whether the bundle has content awaiting publication.
func (b Bundle) Pending() bool { return b.Status == StatusDraft || b.Draft != nil }

// PendingDoc is the content awaiting publication (the draft, or the
// never-published doc); ok is false when nothing is pending.
func (b Bundle) PendingDoc() (BundleDoc, bool) {
	if b.Draft != nil {
		return *b.Draft, true
	}
	return b.Doc, b.Status == StatusDraft
}

// Public is the bundle as the public sees it: no pending draft, no editors.
func (b Bundle) Public() Bundle {
	b.Draft, b.EditorID, b.EditorName, b.Note = nil, 0, "", ""
	return b
}

// BundleDoc is the content of a bundle.
type BundleDoc struct {
	Name         string        `json:"name"`    // 我要开饭店
	Summary      string        `json:"summary"` // what the bundle covers, for its guide
	Targets      []string      `json:"targets"` // person, org
	Themes       []string      `json:"themes"`  // theme codes (see Themes)
	Items        []BundleItem  `json:"items"`
	Questions    []Question    `json:"questions"`
	SharedFields []SharedField `json:"shared_fields"`
	PromisedDays int           `json:"promised_days"` // the bundle's limit, working days (see the package comment)
	Note         string        `json:"note,omitempty"`
}

// BundleItem is one item of a bundle: always needed, or added when any of
// its conditions holds.
type BundleItem struct {
	ItemCode string      `json:"item_code"`
	Always   bool        `json:"always"`
	When     []Condition `json:"when,omitempty"` // any one holding adds the item
}

// Condition holds when the question Question was answered Answer.
type Condition struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// Question is one question of the questionnaire (情形引导).
type Question struct {
	Key     string   `json:"key"`
	Text    string   `json:"text"` // 是否销售酒类？
	Kind    string   `json:"kind"` // yes_no, choice
	Options []string `json:"options,omitempty"`
	Help    string   `json:"help,omitempty"`
}

// Answers lists the answers a question accepts.
func (q Question) Answers() []string {
	if q.Kind == QuestionYesNo {
		return []string{AnswerYes, AnswerNo}
	}
	return q.Options
}

// SharedField is a field asked once in the merged form and copied into a
// field of every item it maps to (申请人姓名 → each item's applicant name).
type SharedField struct {
	Field
	Maps []FieldMap `json:"maps"`
}

// FieldMap names the item form field a shared field fills.
type FieldMap struct {
	ItemCode string `json:"item_code"`
	FieldKey string `json:"field_key"`
}
