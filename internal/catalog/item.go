// Package catalog is the service catalog (事项管理): every service item a
// department provides in a region, with the standard elements of its guide
// (办事指南), its materials, application form and review steps; versions
// published under four eyes; province base items that region
// implementations must agree with; bundles (一件事一次办). Cases read an
// item version; supervision counts its indicators.
//
// An item's content is one Doc value. A version is an immutable Doc; editing
// a published item makes a new draft version, and publishing needs a second
// catalog manager. Stored, a Doc is JSON (one column), with the fields that
// lists, filters and search need copied into columns.
package catalog

import "time"

// Kind is an item's kind (事项类型).
type Kind string

// The eleven kinds of the national standard.
const (
	KindLicensing     Kind = "licensing"      // 行政许可
	KindPenalty       Kind = "penalty"        // 行政处罚
	KindEnforcement   Kind = "enforcement"    // 行政强制
	KindLevy          Kind = "levy"           // 行政征收
	KindBenefit       Kind = "benefit"        // 行政给付
	KindInspection    Kind = "inspection"     // 行政检查
	KindConfirmation  Kind = "confirmation"   // 行政确认
	KindAward         Kind = "award"          // 行政奖励
	KindAdjudication  Kind = "adjudication"   // 行政裁决
	KindOtherPower    Kind = "other_power"    // 其他行政权力
	KindPublicService Kind = "public_service" // 公共服务
)

// Kinds lists the kinds in the standard's order.
var Kinds = []Kind{KindLicensing, KindPenalty, KindEnforcement, KindLevy, KindBenefit, KindInspection,
	KindConfirmation, KindAward, KindAdjudication, KindOtherPower, KindPublicService}

var kindTitles = map[Kind]string{
	KindLicensing: "行政许可", KindPenalty: "行政处罚", KindEnforcement: "行政强制", KindLevy: "行政征收",
	KindBenefit: "行政给付", KindInspection: "行政检查", KindConfirmation: "行政确认", KindAward: "行政奖励",
	KindAdjudication: "行政裁决", KindOtherPower: "其他行政权力", KindPublicService: "公共服务",
}

// Title is the kind's Chinese name.
func (k Kind) Title() string { return kindTitles[k] }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kindTitles[k]; return ok }

// Variants of handling (办理项) under a sub-item.
const (
	VariantNew    = "new"    // 新设
	VariantChange = "change" // 变更
	VariantRenew  = "renew"  // 延续
	VariantCancel = "cancel" // 注销
)

// Exercise levels (行使层级).
const (
	LevelNational = "national"
	LevelProvince = "province"
	LevelCity     = "city"
	LevelCounty   = "county"
	LevelTownship = "township"
	LevelVillage  = "village"
)

// Channels through which an item can be handled.
const (
	ChannelOnline      = "online"      // 网上办
	ChannelMobile      = "mobile"      // 掌上办
	ChannelWindow      = "window"      // 窗口办
	ChannelKiosk       = "kiosk"       // 自助终端
	ChannelAppointment = "appointment" // 预约办
	ChannelMail        = "mail"        // 结果免费邮寄
)

// Cross-region scopes (通办范围).
const (
	CrossNone     = "none"
	CrossProvince = "province" // 省内通办
	CrossNational = "national" // 跨省通办
)

// Targets (服务对象).
const (
	TargetPerson = "person"
	TargetOrg    = "org"
)

// Doc is the content of one item version: every standard element.
type Doc struct {
	// Identity
	BaseCode   string `json:"base_code"`             // 基本编码, shared by every region's implementation
	Code       string `json:"code"`                  // 实施编码, unique
	ParentCode string `json:"parent_code,omitempty"` // the main item of a sub-item, or the sub-item of a variant
	Variant    string `json:"variant,omitempty"`     // new, change, renew, cancel (办理项)
	Name       string `json:"name"`
	Kind       Kind   `json:"kind"`
	// Who and where
	DeptID        int64  `json:"dept_id"`
	RegionCode    string `json:"region_code"`
	DeptKind      string `json:"dept_kind"`      // 实施主体类型, e.g. 市场监管 (copied from the dept)
	ExerciseLevel string `json:"exercise_level"` // national … village
	// Law and conditions
	LegalBasis []LegalBasis `json:"legal_basis"`
	Conditions string       `json:"conditions"`
	Targets    []string     `json:"targets"` // person, org
	// Time, cost, visits
	Instant      bool     `json:"instant"`       // 即办件 (else 承诺件)
	LegalDays    int      `json:"legal_days"`    // 法定时限, working days
	PromisedDays int      `json:"promised_days"` // 承诺时限, working days, ≤ legal
	Fees         []Fee    `json:"fees"`          // empty: free
	MaxVisits    int      `json:"max_visits"`    // 到现场次数
	OnlineDepth  int      `json:"online_depth"`  // 1–4; 4 = whole process online
	InHall       bool     `json:"in_hall"`       // 进驻政务服务中心
	Channels     []string `json:"channels"`
	CrossRegion  string   `json:"cross_region"` // none, province, national
	// Procedures and contacts
	SpecialProcedures []SpecialProcedure `json:"special_procedures"`
	ConsultPhone      string             `json:"consult_phone"`
	ComplaintPhone    string             `json:"complaint_phone"`
	FAQ               []QA               `json:"faq"`
	// Finding it
	Keywords []string `json:"keywords"`
	Themes   []string `json:"themes"` // theme codes (see Themes)
	// What the applicant provides and what happens
	Materials []Material `json:"materials"`
	Form      []Field    `json:"form"`
	Steps     []Step     `json:"steps"`
}

// LegalBasis is one legal provision (设定依据).
type LegalBasis struct {
	Law     string `json:"law"`     // 《中华人民共和国行政许可法》
	Article string `json:"article"` // 第二十九条
	Text    string `json:"text"`
}

// Fee is one charge (收费项目).
type Fee struct {
	Name     string `json:"name"`
	Standard string `json:"standard"` // e.g. 每证 10 元
	Basis    string `json:"basis"`
	Waivable bool   `json:"waivable"` // 可减免
}

// SpecialProcedure is a procedure whose time does not count (特别程序).
type SpecialProcedure struct {
	Name    string `json:"name"` // 听证, 检验, 检测, 鉴定, 专家评审 …
	MaxDays int    `json:"max_days"`
	Note    string `json:"note"`
}

// QA is one frequently asked question.
type QA struct {
	Q string `json:"q"`
	A string `json:"a"`
}

// Requirement of a material.
const (
	Required    = "required"
	Optional    = "optional"
	Conditional = "conditional"
)

// Forms a material may be given in.
const (
	FormOriginal   = "original"
	FormCopy       = "copy"
	FormElectronic = "electronic"
)

// Material is one document the applicant provides (申请材料).
type Material struct {
	Key         string   `json:"key"` // stable within the item across versions, e.g. "m1"
	Name        string   `json:"name"`
	Requirement string   `json:"requirement"`         // required, optional, conditional
	Condition   string   `json:"condition,omitempty"` // when conditional
	Forms       []string `json:"forms"`               // original, copy, electronic
	Copies      int      `json:"copies"`              // paper copies
	Spec        string   `json:"spec,omitempty"`      // 规格: A4 …
	Template    string   `json:"template,omitempty"`  // file id of the blank form (空白表格)
	Sample      string   `json:"sample,omitempty"`    // file id of the filled sample (示范文本)
	Note        string   `json:"note,omitempty"`
	Acceptance  string   `json:"acceptance,omitempty"`   // 受理标准
	LicenseType string   `json:"license_type,omitempty"` // e-licence type that replaces it (电子证照)
	Pledge      bool     `json:"pledge"`                 // 告知承诺 may replace it
	Deferrable  bool     `json:"deferrable"`             // may be supplied after acceptance (容缺)
}

// Field types of an application form.
const (
	FieldText       = "text"
	FieldNumber     = "number"
	FieldDate       = "date"
	FieldSelect     = "select"
	FieldRegion     = "region"
	FieldIDNumber   = "id_number"
	FieldCreditCode = "credit_code"
	FieldPhone      = "phone"
	FieldAddress    = "address"
	FieldTable      = "table"
)

// FieldTypes lists the field types.
var FieldTypes = []string{FieldText, FieldNumber, FieldDate, FieldSelect, FieldRegion, FieldIDNumber,
	FieldCreditCode, FieldPhone, FieldAddress, FieldTable}

// Field is one field of the application form.
type Field struct {
	Key       string   `json:"key"` // [a-z][a-z0-9_]*, unique in the form
	Label     string   `json:"label"`
	Type      string   `json:"type"`
	Required  bool     `json:"required"`
	Options   []string `json:"options,omitempty"`    // select
	Min       *float64 `json:"min,omitempty"`        // number
	Max       *float64 `json:"max,omitempty"`        // number
	MaxLength int      `json:"max_length,omitempty"` // text, address
	Help      string   `json:"help,omitempty"`
	Columns   []Field  `json:"columns,omitempty"`  // table: its columns (no nested tables)
	MaxRows   int      `json:"max_rows,omitempty"` // table
}

// Step is one review step (办理环节). Steps with the same Stage run in
// parallel (会签); stages run in ascending order.
type Step struct {
	Key   string `json:"key"` // stable, e.g. "accept", "review", "decide"
	Name  string `json:"name"`
	Stage int    `json:"stage"` // 1, 2, …
	Role  string `json:"role"`  // the role that acts: clerk, reviewer, approver …
	Days  int    `json:"days"`  // working-day budget
}

// Status of an item as a whole.
const (
	StatusDraft     = "draft"     // never published
	StatusPublished = "published" // in force
	StatusSuspended = "suspended" // 暂停 from a date
	StatusCancelled = "cancelled" // 取消 from a date
)

// Item is an item with its current state: the published version (if any)
// and the pending draft (if any).
type Item struct {
	ID               int64      `json:"id"`
	Code             string     `json:"code"`
	IsBase           bool       `json:"is_base"` // a province base item (基本目录) rather than an implementation
	Status           string     `json:"status"`
	PublishedVersion int        `json:"published_version,omitempty"`
	DraftVersion     int        `json:"draft_version,omitempty"`
	SuspendedFrom    *time.Time `json:"suspended_from,omitempty"`
	CancelledFrom    *time.Time `json:"cancelled_from,omitempty"`
	StatusReason     string     `json:"status_reason,omitempty"`
	Popularity       int64      `json:"popularity"`
	Version          int        `json:"version"` // optimistic lock of the item row
	UpdatedAt        time.Time  `json:"updated_at"`
	Doc              Doc        `json:"doc"` // the published version's content, or the draft's when never published
}

// Version is one immutable version of an item.
type Version struct {
	ItemID      int64      `json:"item_id"`
	Number      int        `json:"number"`
	State       string     `json:"state"` // draft, published, superseded
	Doc         Doc        `json:"doc"`
	EditorID    int64      `json:"editor_id"`
	EditorName  string     `json:"editor_name"`
	PublisherID int64      `json:"publisher_id,omitempty"`
	Publisher   string     `json:"publisher,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	Note        string     `json:"note,omitempty"` // what changed, by the editor
}

// Version states.
const (
	VersionDraft      = "draft"
	VersionPublished  = "published"
	VersionSuperseded = "superseded"
)
