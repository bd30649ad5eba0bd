// Package hotline is the 12345 hotline (政务服务便民热线): tickets (工单)
// taken from every channel, dispatched by responsibility to departments,
// signed for, returned, extended, replied to, reviewed and called back,
// with their clocks, merges, hot spots and figures. docs/hotline.md
// describes the rules; this package imports no HTTP and no SQL.
//
// A ticket moves through these statuses:
//
//	dispatching (待派单) → dispatched (待签收) → handling (办理中) → replied (待审核)
//	  → callback (待回访) → closed (已办结)
//
// with returning (退单待审) between dispatched/handling and a dispatcher's
// decision, extending (延期待批) between handling and a dispatcher's
// decision, and a 不满意 callback taking the ticket back to handling (重办).
// A consultation answered at first contact (一次办结) is closed at intake.
//
// Who may act: agents (hotline.take) take tickets and call back;
// dispatchers (hotline.dispatch) dispatch, decide returns and extensions,
// review replies, urge and merge; the lead department's staff
// (hotline.handle) sign, return, ask for extensions and reply; supervisors
// (supervise) urge (督办). Assisting departments see the ticket.
package hotline

import (
	"context"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Channels a ticket comes in through.
const (
	ChannelPhone    = "phone"
	ChannelWeb      = "web"
	ChannelMobile   = "mobile"
	ChannelEmail    = "email"
	ChannelTransfer = "transfer" // 转办: from another hotline or agency
	ChannelOpen311  = "open311"
)

// Channels lists the channels with their Chinese names.
var Channels = map[string]string{ChannelPhone: "电话", ChannelWeb: "网站", ChannelMobile: "移动端",
	ChannelEmail: "电子邮件", ChannelTransfer: "转办", ChannelOpen311: "Open311"}

// Ticket types.
const (
	TypeConsult    = "consult"    // 咨询
	TypeHelp       = "help"       // 求助
	TypeComplaint  = "complaint"  // 投诉
	TypeReport     = "report"     // 举报
	TypeSuggestion = "suggestion" // 建议
	TypePraise     = "praise"     // 表扬
)

// Types maps each type to its Chinese name.
var Types = map[string]string{TypeConsult: "咨询", TypeHelp: "求助", TypeComplaint: "投诉", TypeReport: "举报",
	TypeSuggestion: "建议", TypePraise: "表扬"}

// Urgencies.
const (
	Normal = "normal"
	Urgent = "urgent"
)

// Statuses.
const (
	StatusDispatching = "dispatching" // 待派单
	StatusDispatched  = "dispatched"  // 待签收
	StatusReturning   = "returning"   // 退单待审
	StatusHandling    = "handling"    // 办理中
	StatusExtending   = "extending"   // 延期待批
	StatusReplied     = "replied"     // 待审核
	StatusCallback    = "callback"    // 待回访
	StatusClosed      = "closed"      // 已办结
)

// StatusTitles maps each status to its Chinese name.
var StatusTitles = map[string]string{StatusDispatching: "待派单", StatusDispatched: "待签收", StatusReturning: "退单待审",
	StatusHandling: "办理中", StatusExtending: "延期待批", StatusReplied: "待审核", StatusCallback: "待回访", StatusClosed: "已办结"}

// Open reports whether a status is not closed.
func Open(status string) bool { return status != StatusClosed }

// Closure outcomes.
const (
	OutcomeResolved     = "resolved"     // 已解决
	OutcomeExplained    = "explained"    // 已解释说明
	OutcomeUnresolvable = "unresolvable" // 无法解决（须说明原因）
	OutcomeDuplicate    = "duplicate"    // 重复工单（已合并）
	OutcomeInvalid      = "invalid"      // 无效工单
)

// Outcomes maps each outcome to its Chinese name.
var Outcomes = map[string]string{OutcomeResolved: "已解决", OutcomeExplained: "已解释说明",
	OutcomeUnresolvable: "无法解决", OutcomeDuplicate: "重复工单", OutcomeInvalid: "无效工单"}

// Callback results (回访).
const (
	Satisfied   = "satisfied"   // 满意
	Basic       = "basic"       // 基本满意
	Unsatisfied = "unsatisfied" // 不满意: the ticket is reopened (重办)
)

// Satisfactions maps each callback result to its Chinese name.
var Satisfactions = map[string]string{Satisfied: "满意", Basic: "基本满意", Unsatisfied: "不满意"}

// Limits of free text, in characters.
const (
	MaxContent = 2000
	MaxAddress = 200
	MaxName    = 50
	MaxText    = 2000 // replies, reasons, answers
	MaxExtend  = 30   // working days one extension may add
)

// ObjectType is the audit object type of tickets; the object id is the number.
const ObjectType = "ticket"

// Message kind of hotline messages (the messages table the cases share).
const MessageKind = "hotline"

// DeptRef names a department on a ticket.
type DeptRef struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Region string `json:"region_code,omitempty"`
}

// Caller is who called, as a reader may see it: the name and the masked
// number. Departments never get it for a confidential ticket.
type Caller struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone" doc:"脱敏号码，如 139****1234"`
}

// Reply is a department's answer.
type Reply struct {
	Outcome string    `json:"outcome" enum:"resolved,explained,unresolvable"`
	Text    string    `json:"text"`
	Reason  string    `json:"reason,omitempty" doc:"无法解决的原因"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// Request is a department's pending ask: a return (退单) or an extension (延期).
type Request struct {
	Reason string    `json:"reason"`
	Days   int       `json:"days,omitempty" doc:"延期：申请的工作日数"`
	DeptID int64     `json:"dept_id"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	From   string    `json:"from" doc:"提出时的状态"`
}

// Detail is what a ticket keeps besides its columns (the data JSON).
type Detail struct {
	SubjectName   string    `json:"subject_name"` // full path: 营商环境 › 企业直通车 › 企业开办
	FastLane      bool      `json:"fast_lane,omitempty"`
	RegionName    string    `json:"region_name,omitempty"`
	Assists       []DeptRef `json:"assists,omitempty"`
	DeptName      string    `json:"dept_name,omitempty"`
	DeptRegion    string    `json:"dept_region,omitempty"`
	SignExplain   string    `json:"sign_explain,omitempty"`
	HandleExplain string    `json:"handle_explain,omitempty"`
	Reply         *Reply    `json:"reply,omitempty"`
	Return        *Request  `json:"return_request,omitempty"`
	Extension     *Request  `json:"extension_request,omitempty"`
	Answer        string    `json:"answer,omitempty" doc:"一次办结的答复"`
	ArticleID     int64     `json:"article_id,omitempty"`
	ArticleTitle  string    `json:"article_title,omitempty"`
	CloseReason   string    `json:"close_reason,omitempty"`
	MergedNumber  string    `json:"merged_into_number,omitempty"`
	Merged        []string  `json:"merged,omitempty" doc:"并入本工单的重复工单编号"`
}

// Ticket is one hotline ticket (工单).
type Ticket struct {
	ID           int64     `json:"id"`
	Number       string    `json:"number"`
	Channel      string    `json:"channel" enum:"phone,web,mobile,email,transfer,open311"`
	Type         string    `json:"type" enum:"consult,help,complaint,report,suggestion,praise"`
	SubjectCode  string    `json:"subject_code"`
	Region       string    `json:"region_code"`
	Address      string    `json:"address,omitempty"`
	Urgency      string    `json:"urgency" enum:"normal,urgent"`
	Complex      bool      `json:"complex"`
	Content      string    `json:"content"`
	Caller       *Caller   `json:"caller,omitempty" doc:"来电人（部门查看保密工单时不返回）"`
	PhoneEnc     []byte    `json:"-"`
	PhoneIdx     string    `json:"-"`
	Confidential bool      `json:"confidential"`
	Status       string    `json:"status"`
	Outcome      string    `json:"outcome,omitempty"`
	DeptID       int64     `json:"dept_id,omitempty" doc:"主办部门"`
	TakerID      int64     `json:"taker_id,omitempty"`
	DispatchedAt time.Time `json:"dispatched_at,omitzero"`
	SignDue      time.Time `json:"sign_due,omitzero"`
	SignedAt     time.Time `json:"signed_at,omitzero"`
	SignLate     bool      `json:"sign_late"`
	HandleDue    time.Time `json:"handle_due,omitzero"`
	RepliedAt    time.Time `json:"replied_at,omitzero"`
	ReplyLate    bool      `json:"reply_late"`
	FirstContact bool      `json:"first_contact" doc:"一次办结"`
	Returns      int       `json:"returns" doc:"已同意的退单次数"`
	ReturnAsks   int       `json:"return_asks" doc:"提出的退单次数"`
	Reopens      int       `json:"reopens" doc:"重办次数"`
	Extensions   int       `json:"extensions"`
	Urges        int       `json:"urges"`
	Satisfaction string    `json:"satisfaction,omitempty" enum:"satisfied,basic,unsatisfied,"`
	CallbackAt   time.Time `json:"callback_at,omitzero"`
	MergedInto   int64     `json:"merged_into,omitempty"`
	Warned       int       `json:"-"`
	Detail
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	ClosedAt  time.Time `json:"closed_at,omitzero"`
}

// scope is where the ticket lies for hotline staff: its region.
func (t *Ticket) scope() access.Scope { return access.Scope{Region: t.Region} }

// Event is one step of a ticket's timeline. It never names the caller.
type Event struct {
	ID        int64     `json:"id"`
	TicketID  int64     `json:"-"`
	At        time.Time `json:"at"`
	ActorID   int64     `json:"actor_id,omitempty"`
	ActorName string    `json:"actor"`
	Role      string    `json:"role"`
	Action    string    `json:"action"`
	From      string    `json:"from_status"`
	To        string    `json:"to_status"`
	DeptID    int64     `json:"dept_id,omitempty"`
	Comment   string    `json:"comment,omitempty"`
}

// Subject is one node of the subject classification.
type Subject struct {
	Code     string `json:"code"`
	Parent   string `json:"parent_code,omitempty"`
	Name     string `json:"name"`
	Path     string `json:"path" doc:"完整分类：营商环境 › 企业直通车"`
	FastLane bool   `json:"fast_lane" doc:"企业直通车（含上级）：适用企业诉求时限"`
	Active   bool   `json:"active"`
	Sort     int    `json:"-"`
}

// Rule is one responsibility: subject × region → department.
type Rule struct {
	ID       int64  `json:"id"`
	Subject  string `json:"subject_code"`
	Region   string `json:"region_code"`
	DeptID   int64  `json:"dept_id"`
	DeptName string `json:"dept_name"`
	Lead     bool   `json:"lead"`
}

// Limits are the time limits of a class and urgency.
type Limits struct {
	Class       string `json:"class"`
	Urgency     string `json:"urgency"`
	SignN       int    `json:"sign_n"`
	SignUnit    string `json:"sign_unit" enum:"hour,day"`
	HandleN     int    `json:"handle_n"`
	HandleUnit  string `json:"handle_unit" enum:"hour,day"`
	ComplexDays int    `json:"complex_days"`
}

// Dept is what the hotline reads of a department.
type Dept struct {
	ID     int64
	Name   string
	Region string
	Active bool
}

// Change is what one action writes to one ticket: the row when its stored
// version still equals Ticket.Version (then bumped), the departments when
// Depts is not nil (replacing the old ones; the lead first), the timeline
// event, messages and audit events.
type Change struct {
	Ticket *Ticket
	Depts  []DeptRef
	Event  Event
	Msgs   []cases.Message
	Audit  []audit.Event
}

// Filter selects tickets for lists.
type Filter struct {
	// Regions: tickets in one of these subtrees (hotline staff, supervisors).
	Regions []string
	// Depts: tickets these departments lead or assist (department staff).
	Depts   []int64
	TakerID int64
	// Statuses: any of these ("" none: any status).
	Statuses []string
	Subject  string // the subject and its subtree
	Region   string // the region subtree
	DeptID   int64  // led by this department
	Type     string
	FromMS   int64 // created at or after
	ToMS     int64 // created before
	// Metric: the tickets one figure counts (see Metrics).
	Metric string
	Before int64 // keyset: ids below this (newest first)
	Limit  int
}

// SimilarQuery asks for similar open tickets.
type SimilarQuery struct {
	Subject string
	Region  string
	Address string
	SinceMS int64
	Exclude int64
	Limit   int
}

// Hotspot is a subject × region with its counts this week and last.
type Hotspot struct {
	Subject     string `json:"subject_code"`
	SubjectName string `json:"subject_name"`
	Region      string `json:"region_code"`
	RegionName  string `json:"region_name"`
	ThisWeek    int    `json:"this_week"`
	LastWeek    int    `json:"last_week"`
	Rise        int    `json:"rise" doc:"本周减上周"`
	Open        int    `json:"open" doc:"其中未办结"`
}

// Counts are the raw counts of one group of tickets over a period.
type Counts struct {
	Key          string // dept id or region code
	Name         string
	Received     int
	FirstContact int
	Dispatched   int
	SignOntime   int
	Concluded    int // closed after dispatch with a department's reply
	ReplyOntime  int
	Callbacks    int
	Satisfied    int // satisfied or basic
	Returned     int // tickets with a return asked
	Reopened     int
}

// FigureQuery asks for figures.
type FigureQuery struct {
	Regions []string // the reader's scope
	Region  string
	DeptID  int64
	GroupBy string // dept, region
	FromMS  int64
	ToMS    int64
}

// Store keeps tickets. Every write stores its timeline event, messages and
// audit events in the same transaction.
type Store interface {
	// Subjects lists the whole classification, parents before children.
	Subjects(ctx context.Context) ([]Subject, error)
	// Limits returns the limits of a class and urgency. errs.NotFound.
	Limits(ctx context.Context, class, urgency string) (Limits, error)
	// Rules lists the rules of any of the regions × subjects.
	Rules(ctx context.Context, regions, subjects []string) ([]Rule, error)
	// PutRule adds a rule (errs.Conflict when the same exists).
	PutRule(ctx context.Context, r *Rule, evs ...audit.Event) error
	// GovOffice returns the government office (kind 政府办公室, or named
	// …人民政府办公室) of the first of regions that has one. errs.NotFound.
	GovOffice(ctx context.Context, regions []string) (Dept, error)
	// Dept returns a department. errs.NotFound.
	Dept(ctx context.Context, id int64) (Dept, error)
	// RegionName returns an active region's name. errs.NotFound.
	RegionName(ctx context.Context, code string) (string, error)
	// Create numbers t (prefix RX per prefecture and China day), inserts it
	// with its first event, messages and audit events (events without an
	// ObjectID get the number).
	Create(ctx context.Context, t *Ticket, ev Event, msgs []cases.Message, evs ...audit.Event) error
	// Ticket returns a ticket by number. errs.NotFound.
	Ticket(ctx context.Context, number string) (Ticket, error)
	// TicketByID returns a ticket by id. errs.NotFound.
	TicketByID(ctx context.Context, id int64) (Ticket, error)
	// Events lists a ticket's timeline, oldest first.
	Events(ctx context.Context, ticketID int64) ([]Event, error)
	// Apply writes the changes in one transaction. errs.Conflict when any
	// ticket moved on (nothing is written then). On success each
	// Ticket.Version is bumped.
	Apply(ctx context.Context, chs ...Change) error
	// List lists tickets newest first.
	List(ctx context.Context, f Filter) ([]Ticket, error)
	// Similar lists open tickets of the subject in the region created
	// since SinceMS, those at the same address first.
	Similar(ctx context.Context, q SimilarQuery) ([]Ticket, error)
	// Hotspots counts tickets per subject × region within regions, created
	// in [lastFrom, thisFrom) and [thisFrom, to).
	Hotspots(ctx context.Context, regions []string, lastFrom, thisFrom, to int64, limit int) ([]Hotspot, error)
	// Figures counts tickets created in the period per group.
	Figures(ctx context.Context, q FigureQuery) ([]Counts, error)
	// Overdue lists open tickets whose sign or handle limit passed before
	// now and whose warning does not record it yet.
	Overdue(ctx context.Context, nowMS int64, limit int) ([]Ticket, error)
	// StaffWith lists the active staff holding perm through a grant that covers at.
	StaffWith(ctx context.Context, perm access.Permission, at access.Scope) ([]int64, error)
}

// Sealer protects the caller's number (pii.Keyring implements it).
type Sealer interface {
	Seal(kind, normalised string) (enc []byte, idx, mask string, err error)
}

// Knowledge is the knowledge base as intake uses it: Use counts one
// answer from article id and returns its title. errs.NotFound when there
// is no such (published) article.
type Knowledge interface {
	Use(ctx context.Context, id int64) (title string, err error)
}

// Service runs the hotline.
type Service struct {
	store Store
	pii   Sealer
	kb    Knowledge
	cal   func() *workcal.Calendar
	now   func() time.Time
	// Channels are the outbox channels of messages ("sms"; "" in-app only).
	Channels string
}

// NewService returns the hotline service. kb may be nil (no answers from
// the knowledge base); now may be nil.
func NewService(store Store, sealer Sealer, kb Knowledge, cal func() *workcal.Calendar, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, pii: sealer, kb: kb, cal: cal, now: now, Channels: "sms"}
}

// message is the same message to each of to. Hotline messages carry no
// case id: the ticket number is in the subject.
func (s *Service) messages(to []int64, subject, body string) []cases.Message {
	out := make([]cases.Message, 0, len(to))
	for _, id := range to {
		out = append(out, cases.Message{AccountID: id, Kind: MessageKind, Subject: subject, Body: body,
			Channels: s.Channels, CreatedAt: s.now()})
	}
	return out
}
