// Package cases runs applications (办件) from submission to delivery under
// one published item version: online, at a general window or through an
// agent; acceptance at the front desk with one correction notice listing
// every problem (一次性告知); review steps in the back office on the
// statutory working-day clock; special procedures and extensions;
// decisions as documents; delivery at a window or by free mail; bundles
// (一件事) as one application; acceptance on behalf of another region (通办).
//
// A case's life is a small state machine (transitions in actions.go).
// Every action loads the case, checks the actor, applies the transition
// to a copy and hands the store one Change: the new case row (guarded by
// the version it was loaded at, so of two people acting at once exactly
// one wins), task changes, the timeline event, documents, messages and
// the audit events, written in one transaction.
package cases

import (
	"time"

	"github.com/onewindow/onewindow/internal/workcal"
)

// Status is where a case stands.
type Status string

// The statuses (API values).
const (
	Draft      Status = "draft"      // 草稿: saved, not submitted
	Submitted  Status = "submitted"  // 待受理
	Correction Status = "correction" // 补正中: the applicant must supplement
	InReview   Status = "in_review"  // 办理中
	Special    Status = "special"    // 特别程序中: the clock stands still
	Granted    Status = "granted"    // 准予
	Denied     Status = "denied"     // 不予
	Refused    Status = "refused"    // 不予受理
	Withdrawn  Status = "withdrawn"  // 撤回
	Delivered  Status = "delivered"  // 已送达
)

// Statuses lists the statuses in the order of a case's life.
var Statuses = []Status{Draft, Submitted, Correction, InReview, Special, Granted, Denied, Refused, Withdrawn, Delivered}

var statusTitles = map[Status]string{
	Draft: "草稿", Submitted: "待受理", Correction: "补正中", InReview: "办理中", Special: "特别程序中",
	Granted: "准予", Denied: "不予", Refused: "不予受理", Withdrawn: "已撤回", Delivered: "已送达",
}

// Title is the status in Chinese.
func (s Status) Title() string { return statusTitles[s] }

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := statusTitles[s]; return ok }

// Concluded reports whether the case has a result (or ended without one).
func (s Status) Concluded() bool {
	return s == Granted || s == Denied || s == Refused || s == Withdrawn || s == Delivered
}

// Open reports whether the case is still being worked on.
func (s Status) Open() bool {
	return s == Submitted || s == Correction || s == InReview || s == Special
}

// Channels a case can come through.
const (
	ChannelOnline = "online" // 网上办 (PC)
	ChannelMobile = "mobile" // 掌上办
	ChannelWindow = "window" // 综合窗口, the applicant present
	ChannelAgent  = "agent"  // 帮办代办, with the applicant's authorisation
)

// Delivery methods.
const (
	DeliverPickup = "pickup" // 窗口领取, with a pickup code
	DeliverMail   = "mail"   // 免费邮寄, tracking number recorded
	DeliverOnline = "online" // 电子送达 (results that are documents only)
)

// Party is the applicant as the case records it: masked identity only.
type Party struct {
	Kind       string `json:"kind"` // person, org
	Name       string `json:"name"`
	IDNumber   string `json:"id_number,omitempty"` // masked
	CreditCode string `json:"credit_code,omitempty"`
	Phone      string `json:"phone,omitempty"` // masked
}

// Authorisation is the applicant's recorded consent for an agent (授权委托).
type Authorisation struct {
	FileID string `json:"file_id"` // the signed 授权委托书
	Scope  string `json:"scope"`   // what the agent may do
}

// Material is what was given for one item material.
type Material struct {
	Key      string   `json:"key"`
	Name     string   `json:"name"`
	Files    []string `json:"files,omitempty"` // file ids
	Pledge   bool     `json:"pledge,omitempty"`
	Deferred bool     `json:"deferred,omitempty"`
	// Paper: handed in at the window (the clerk checked the original).
	Paper bool `json:"paper,omitempty"`
}

// Owed is a material accepted as missing (容缺), to be supplied by a date.
type Owed struct {
	Key  string       `json:"key"`
	Name string       `json:"name"`
	Due  workcal.Date `json:"due,omitzero"`
	Done bool         `json:"done,omitempty"`
}

// Problem is one thing a correction notice asks for (一次性告知).
type Problem struct {
	Material string `json:"material,omitempty"` // material key, or "" for the form
	Field    string `json:"field,omitempty"`    // form path
	Name     string `json:"name"`               // what it concerns, in words
	Problem  string `json:"problem"`            // what is wrong and what to do
}

// Delivery is how the result reaches the applicant.
type Delivery struct {
	Method    string `json:"method"`              // pickup, mail, online
	HallID    int64  `json:"hall_id,omitempty"`   // pickup hall
	Address   string `json:"address,omitempty"`   // mail: where to
	Recipient string `json:"recipient,omitempty"` // mail: to whom
	Phone     string `json:"phone,omitempty"`     // mail: masked
	Carrier   string `json:"carrier,omitempty"`   // mail: EMS …
	Tracking  string `json:"tracking,omitempty"`  // mail: tracking number
	// PickupCode is shown to the applicant only; staff check it at the window.
	PickupCode string `json:"pickup_code,omitempty"`
}

// Decision is a conclusion or a refusal with its reasons.
type Decision struct {
	Result     Status    `json:"result"` // granted, denied, refused
	Reason     string    `json:"reason,omitempty"`
	LegalBasis string    `json:"legal_basis,omitempty"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
}

// Pause is a stretch of time that does not count (补正, 特别程序).
type Pause struct {
	Kind string       `json:"kind"` // correction, special
	Name string       `json:"name"` // 听证, 检验 …
	From workcal.Date `json:"from"`
	To   workcal.Date `json:"to,omitzero"` // zero while running
	Days int          `json:"days"`        // working days it cost, once ended
	Max  int          `json:"max,omitempty"`
}

// Clock is the statutory timing of a case.
type Clock struct {
	AcceptDue     workcal.Date `json:"accept_due,omitzero"`   // 5 working days after submission (行政许可法 第32条)
	AcceptExplain string       `json:"accept_explain"`        // how AcceptDue was computed
	AcceptedOn    workcal.Date `json:"accepted_on,omitzero"`  // the start of the review clock
	Promised      int          `json:"promised"`              // 承诺时限, working days
	Legal         int          `json:"legal"`                 // 法定时限
	Extended      int          `json:"extended,omitempty"`    // 延期, working days
	Paused        int          `json:"paused,omitempty"`      // working days of ended pauses after acceptance
	Pauses        []Pause      `json:"pauses,omitempty"`      // every pause, running or ended
	Due           workcal.Date `json:"due,omitzero"`          // whole case
	Used          int          `json:"used,omitempty"`        // working days from acceptance to conclusion, pauses excluded
	DueExplain    string       `json:"due_explain,omitempty"` // e.g. 受理 2026-09-28 + 20 个工作日 … → 2026-11-02
	ConcludedOn   workcal.Date `json:"concluded_on,omitzero"` //
}

// Running returns the pause in progress, or nil.
func (c *Clock) Running() *Pause {
	if n := len(c.Pauses); n > 0 && c.Pauses[n-1].To.IsZero() {
		return &c.Pauses[n-1]
	}
	return nil
}

// Detail is what a case keeps besides its list columns (stored as JSON).
type Detail struct {
	Applicant     Party          `json:"applicant"`
	Authorisation *Authorisation `json:"authorisation,omitempty"`
	Form          map[string]any `json:"form"`
	Materials     []Material     `json:"materials"`
	Owed          []Owed         `json:"owed,omitempty"`
	Problems      []Problem      `json:"problems,omitempty"` // the latest correction notice
	Delivery      Delivery       `json:"delivery"`
	Clock         Clock          `json:"clock"`
	Decision      *Decision      `json:"decision,omitempty"`
	// Bundle: the questionnaire answers (parent) and the applicable items.
	Answers map[string]string `json:"answers,omitempty"`
	// Cross-region (通办): where it was accepted and where it goes home.
	IntakeRegionName string `json:"intake_region_name,omitempty"`
	HomeRegionName   string `json:"home_region_name,omitempty"`
	DeptName         string `json:"dept_name,omitempty"`
	HallName         string `json:"hall_name,omitempty"`
	// Visits counts the applicant's trips to a hall (最多跑一次).
	Visits int `json:"visits"`
}

// Case is one application.
type Case struct {
	ID           int64  `json:"id"`
	Number       string `json:"number"`
	ParentID     int64  `json:"parent_id,omitempty"`
	BundleCode   string `json:"bundle_code,omitempty"`
	ItemCode     string `json:"item_code,omitempty"`
	ItemVersion  int    `json:"item_version,omitempty"`
	Name         string `json:"name"`
	DeptID       int64  `json:"dept_id,omitempty"`
	RegionCode   string `json:"region_code"`
	IntakeRegion string `json:"intake_region"`
	IntakeHallID int64  `json:"intake_hall_id,omitempty"`
	ApplicantID  int64  `json:"applicant_id"`
	FilerID      int64  `json:"filer_id,omitempty"`
	Channel      string `json:"channel"`
	Status       Status `json:"status"`
	Stage        int    `json:"stage"`
	Instant      bool   `json:"instant"`
	Corrections  int    `json:"corrections"`
	Deemed       bool   `json:"deemed"`
	Overdue      bool   `json:"overdue"`
	// AcceptedBy is the clerk who accepted the case (0: not yet, or by law).
	AcceptedBy  int64     `json:"accepted_by,omitempty"`
	SubmittedAt time.Time `json:"submitted_at,omitzero"`
	AcceptedAt  time.Time `json:"accepted_at,omitzero"`
	ConcludedAt time.Time `json:"concluded_at,omitzero"`
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
	Detail
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// CrossRegion reports whether the case is accepted outside its home region (通办).
func (c *Case) CrossRegion() bool { return c.IntakeRegion != "" && c.IntakeRegion != c.RegionCode }

// AcceptedLate reports that acceptance came after its five working days:
// accepted by law (deemed), or by a clerk after AcceptDue.
func (c *Case) AcceptedLate() bool {
	if c.AcceptedAt.IsZero() {
		return false
	}
	return c.Deemed || !c.Clock.AcceptDue.IsZero() && workcal.Today(c.AcceptedAt).After(c.Clock.AcceptDue)
}

// PromisedDays is the working days promised for the case: the item's
// promise plus extensions.
func (c *Case) PromisedDays() int { return c.Clock.Promised + c.Clock.Extended }

// RepeatedCorrection reports that the applicant got more than one
// correction notice: 一次性告知 was broken and supervision looks at it.
func (c *Case) RepeatedCorrection() bool { return c.Corrections > 1 }

// Task states.
const (
	TaskOpen      = "open"
	TaskDone      = "done"
	TaskReturned  = "returned"
	TaskCancelled = "cancelled"
)

// AcceptStep is the step key of the front-desk acceptance when the item
// names none.
const AcceptStep = "accept"

// Task is one piece of work on a case: the acceptance at a hall or a
// review step of a department.
type Task struct {
	ID         int64        `json:"id"`
	CaseID     int64        `json:"case_id"`
	StepKey    string       `json:"step_key"`
	StepName   string       `json:"step_name"`
	Stage      int          `json:"stage"` // 0: acceptance; 1…: review stages
	Role       string       `json:"role"`
	Region     string       `json:"region_code"`
	DeptID     int64        `json:"dept_id,omitempty"`
	HallID     int64        `json:"hall_id,omitempty"`
	AssigneeID int64        `json:"assignee_id,omitempty"`
	Assignee   string       `json:"assignee,omitempty"`
	State      string       `json:"state"`
	StartedOn  workcal.Date `json:"started_on,omitzero"`
	Due        workcal.Date `json:"due,omitzero"`
	DueExplain string       `json:"due_explain,omitempty"`
	Warned     int          `json:"warned,omitempty"`
	Opinion    string       `json:"opinion,omitempty"`
	DoneBy     int64        `json:"done_by,omitempty"`
	DoneAt     time.Time    `json:"done_at,omitzero"`
	CreatedAt  time.Time    `json:"created_at"`
}

// Event is one entry of a case's timeline.
type Event struct {
	ID        int64          `json:"id"`
	CaseID    int64          `json:"case_id"`
	At        time.Time      `json:"at"`
	ActorID   int64          `json:"actor_id,omitempty"`
	ActorName string         `json:"actor"`
	Role      string         `json:"role"`
	Action    string         `json:"action"`
	From      Status         `json:"from"`
	To        Status         `json:"to"`
	Comment   string         `json:"comment,omitempty"`
	Data      map[string]any `json:"data,omitempty"`
}

// Document kinds (文书).
const (
	DocAccept     = "accept_notice"     // 受理通知书
	DocRefuse     = "refuse_decision"   // 不予受理决定书
	DocCorrection = "correction_notice" // 补正材料告知书
	DocGrant      = "grant_decision"    // 准予许可决定书
	DocDeny       = "deny_decision"     // 不予许可决定书
	DocDeferred   = "deferred_notice"   // 容缺受理告知书
)

// Document is a notice or decision issued on a case. Its PDF is rendered
// from Content; CheckCode opens the public check page.
type Document struct {
	ID        int64       `json:"id"`
	CaseID    int64       `json:"case_id"`
	Kind      string      `json:"kind"`
	Number    string      `json:"number"`
	CheckCode string      `json:"check_code"`
	Content   DocContent  `json:"content"`
	CreatedAt time.Time   `json:"created_at"`
	Case      *CaseHeader `json:"-"` // filled by the public check
}

// DocContent is what a document says.
type DocContent struct {
	Title      string    `json:"title"`
	DeptName   string    `json:"dept_name"`
	ItemName   string    `json:"item_name"`
	Applicant  string    `json:"applicant"`
	IssuedOn   string    `json:"issued_on"`
	Paragraphs []string  `json:"paragraphs"`
	ItemsTitle string    `json:"items_title,omitempty"`
	Items      []Problem `json:"items,omitempty"`
	LegalBasis []string  `json:"legal_basis,omitempty"`
	Rights     string    `json:"rights,omitempty"`
	Contact    string    `json:"contact,omitempty"`
}

// CaseHeader is what the public check page may show of a case: no
// personal data.
type CaseHeader struct {
	Number   string `json:"number"`
	Name     string `json:"name"`
	DeptName string `json:"dept_name"`
	Status   Status `json:"status"`
}

// Message is an in-app message (and, through the outbox, an SMS or e-mail).
type Message struct {
	ID        int64     `json:"id"`
	AccountID int64     `json:"account_id"`
	CaseID    int64     `json:"case_id,omitempty"`
	Number    string    `json:"case_number,omitempty"`
	Kind      string    `json:"kind"` // notice, reminder, overdue, escalation
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	Channels  string    `json:"-"` // external channels to send: "sms,email"
	CreatedAt time.Time `json:"created_at"`
	ReadAt    time.Time `json:"read_at,omitzero"`
}
