// Package supervise is 督办 (supervision notices) and the daily overdue
// digest. A supervisor sends a department of their region a notice,
// optionally about one case, with a reply limit in working days; the
// department replies; the supervisor closes it or returns it for another
// reply. Reminders warn the department a working day before the reply is
// due and the sender once it is overdue. Once a day each department's
// approvers get one message listing its overdue cases.
//
// The notice row keeps only its current state; its history (who sent,
// replied, returned or closed it, when, and the text of each reply and
// reason) is the audit log of the notice (object type "notice", object id
// its number), which every change writes in the same transaction.
package supervise

import (
	"context"
	"fmt"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Notice statuses.
const (
	StatusOpen    = "open"    // 待回复: waiting for the department's reply
	StatusReplied = "replied" // 已回复: waiting for the supervisor
	StatusClosed  = "closed"  // 已办结
)

var statusTitles = map[string]string{StatusOpen: "待回复", StatusReplied: "已回复", StatusClosed: "已办结"}

// StatusTitle is a status's Chinese name.
func StatusTitle(status string) string { return statusTitles[status] }

// Statuses lists the statuses in their order.
var Statuses = []string{StatusOpen, StatusReplied, StatusClosed}

// Actions on a notice.
const (
	ActReply  = "reply"  // the department answers (rating.rectify)
	ActClose  = "close"  // the supervisor accepts the reply (supervise)
	ActReturn = "return" // the supervisor asks for another reply, with a new limit (supervise)
)

// Limits of a notice.
const (
	DefaultDays = 3    // reply limit when none is given, in working days
	MaxDays     = 30   // longest reply limit
	MaxSubject  = 100  // characters
	MaxText     = 2000 // characters of a body, a reply or a reason
)

// ObjectType is the audit object type of notices; the object id is the number.
const ObjectType = "notice"

// Number formats a notice's number: 督办〔2026〕533401-0001 is the first
// notice of 2026 to a department of region 533401.
func Number(year int, region string, seq int64) string {
	return fmt.Sprintf("督办〔%d〕%s-%04d", year, region, seq)
}

// Notice is one supervision notice.
type Notice struct {
	ID         int64        `json:"id"`
	Number     string       `json:"number"`
	Region     string       `json:"region_code" doc:"收文部门所在行政区划"`
	DeptID     int64        `json:"dept_id"`
	DeptName   string       `json:"dept_name"`
	CaseID     int64        `json:"case_id,omitempty"`
	CaseNumber string       `json:"case_number,omitempty"`
	Subject    string       `json:"subject"`
	Body       string       `json:"body"`
	ReplyDue   workcal.Date `json:"reply_due"`
	Status     string       `json:"status" enum:"open,replied,closed"`
	Reply      string       `json:"reply,omitempty"`
	RepliedBy  int64        `json:"replied_by,omitempty"`
	Replier    string       `json:"replier,omitempty" doc:"回复人用户名"`
	RepliedAt  time.Time    `json:"replied_at,omitzero"`
	ClosedAt   time.Time    `json:"closed_at,omitzero"`
	Warned     int          `json:"warned" doc:"1 已发到期提醒，2 已发逾期提醒"`
	CreatedBy  int64        `json:"created_by"`
	Sender     string       `json:"sender" doc:"发出督办的监督人员用户名"`
	CreatedAt  time.Time    `json:"created_at"`
	Version    int          `json:"version"`
}

// scope is where a notice applies: its department.
func (n *Notice) scope() access.Scope { return access.Scope{Region: n.Region, DeptID: n.DeptID} }

// Input is a notice as a supervisor writes it.
type Input struct {
	DeptID     int64  `json:"dept_id,omitempty" doc:"收文部门；填写 case_number 时可省略，默认为办件的承办部门"`
	CaseNumber string `json:"case_number,omitempty" maxLength:"40" doc:"督办所涉办件编号（可选）"`
	Subject    string `json:"subject" maxLength:"100"`
	Body       string `json:"body" maxLength:"2000"`
	Days       int    `json:"days,omitempty" minimum:"0" maximum:"30" doc:"回复时限（工作日），默认 3"`
}

// ActionInput is one action on a notice.
type ActionInput struct {
	Action  string `json:"action" enum:"reply,close,return"`
	Text    string `json:"text,omitempty" maxLength:"2000" doc:"reply：回复内容（必填）；return：退回理由（必填）；close：办结意见（可选）"`
	Version int    `json:"version,omitempty" doc:"读取时的版本号；已被他人改动时返回 409"`
	Days    int    `json:"days,omitempty" minimum:"0" maximum:"30" doc:"return：重新回复的时限（工作日），默认 3"`
}

// View is a notice with its history and what the reader may do now.
type View struct {
	Notice
	StatusTitle string  `json:"status_title"`
	History     []Entry `json:"history"`
	CanReply    bool    `json:"can_reply"`
	CanClose    bool    `json:"can_close"`
	CanReturn   bool    `json:"can_return"`
}

// Entry is one step of a notice's history, read from the audit log.
type Entry struct {
	At     time.Time    `json:"at"`
	Actor  string       `json:"actor" doc:"用户名；system 为系统提醒"`
	Action string       `json:"action" doc:"send, reply, close, return, remind, overdue"`
	Title  string       `json:"title"`
	Text   string       `json:"text,omitempty" doc:"回复内容、退回理由或办结意见"`
	Due    workcal.Date `json:"due,omitzero" doc:"发出或退回时定的回复期限"`
}

// ListQuery asks for one page of notices.
type ListQuery struct {
	View   string `query:"view" enum:"sent,received," doc:"sent 本人监督范围内发出的督办（默认，监督人员）/ received 本部门收到的督办（默认，部门人员）"`
	Status string `query:"status" enum:"open,replied,closed," doc:"按状态筛选"`
	DeptID int64  `query:"dept" doc:"按收文部门筛选"`
	Cursor string `query:"cursor" doc:"上一页返回的 next_cursor"`
	Limit  int    `query:"limit" minimum:"0" maximum:"100"`
}

// List views.
const (
	ViewSent     = "sent"
	ViewReceived = "received"
)

// Page is one page of notices, newest first.
type Page struct {
	View       string   `json:"view"`
	Notices    []Notice `json:"notices"`
	NextCursor string   `json:"next_cursor,omitempty"`
}

// Filter selects notices for the store.
type Filter struct {
	// Scopes: notices to a department in one of these (a region subtree,
	// and the department when DeptID is set). At least one.
	Scopes []access.Scope
	Status string
	DeptID int64
	Before int64 // keyset: ids below this
	Limit  int
}

// DeptOverdue is a department with overdue open tasks on a day.
type DeptOverdue struct {
	DeptID   int64
	DeptName string
	Region   string
	Cases    int // cases with at least one overdue open task
}

// OverdueCase is one case of a department's digest.
type OverdueCase struct {
	CaseID int64
	Number string
	Name   string
	Region string
	Due    workcal.Date // the earliest due date of its overdue open tasks
	Days   int          // working days overdue on the digest's day
}

// Digest is one department's overdue digest of one day.
type Digest struct {
	DeptID int64
	Day    workcal.Date
	Cases  int
	SentAt time.Time
}

// Store keeps notices and digests. Every write stores its messages and
// audit events in the same transaction.
type Store interface {
	// Create numbers n (a sequence per region and year, from n.Region and
	// n.CreatedAt), inserts it with the messages msgs builds once it has
	// its number, and the events; events without an ObjectID get the number.
	Create(ctx context.Context, n *Notice, msgs func(Notice) []cases.Message, evs ...audit.Event) error
	// Notice returns one notice. errs.NotFound.
	Notice(ctx context.Context, id int64) (Notice, error)
	// List lists notices newest first.
	List(ctx context.Context, f Filter) ([]Notice, error)
	// Update writes n's status, reply, replier, reply date, due date,
	// warning level and closing time when the stored version still equals
	// n.Version, and bumps it (n.Version too). errs.Conflict when the
	// notice moved on, errs.NotFound.
	Update(ctx context.Context, n *Notice, msgs []cases.Message, evs ...audit.Event) error
	// Events lists the audit events of the notice numbered number, oldest first.
	Events(ctx context.Context, number string) ([]audit.Event, error)
	// Pending lists open notices due on or before day whose warning level
	// is below 2, earliest due first.
	Pending(ctx context.Context, day workcal.Date, limit int) ([]Notice, error)
	// MarkWarned raises an open notice's warning level to level and stores
	// the messages and events, when its level is below level and its
	// version is still version; false (nothing written) otherwise.
	MarkWarned(ctx context.Context, id int64, version, level int, msgs []cases.Message, evs ...audit.Event) (bool, error)
	// StaffWith lists the active staff holding perm through a grant that
	// covers at (access.Grant.Covers).
	StaffWith(ctx context.Context, perm access.Permission, at access.Scope) ([]int64, error)
	// OverdueDepts lists the departments with open tasks of cases in
	// progress due before day, which were not sent day's digest yet.
	OverdueDepts(ctx context.Context, day workcal.Date) ([]DeptOverdue, error)
	// OverdueCases lists a department's cases with open tasks due before
	// day, the earliest due first (Days left 0).
	OverdueCases(ctx context.Context, deptID int64, day workcal.Date, limit int) ([]OverdueCase, error)
	// SendDigest records d with its messages and events; false (nothing
	// written) when the department's digest of d.Day is already recorded.
	SendDigest(ctx context.Context, d Digest, msgs []cases.Message, evs ...audit.Event) (bool, error)
}

// Depts is what notices read of the structure (gov.Store has it).
type Depts interface {
	// Dept returns one department. errs.NotFound.
	Dept(ctx context.Context, id int64) (gov.Dept, error)
	// ListDepts lists the departments in a region subtree.
	ListDepts(ctx context.Context, q gov.Query) ([]gov.Dept, error)
}

// Cases is what notices read of cases: a case its reader may see.
type Cases interface {
	// Case returns the case numbered number if p may see it. errs.NotFound.
	Case(ctx context.Context, p *access.Principal, number string) (cases.Case, error)
}

// Service sends and works notices and digests.
type Service struct {
	store Store
	depts Depts
	cases Cases
	cal   func() *workcal.Calendar
	now   func() time.Time
	// Channels are the outbox channels of the messages ("sms"; "" in-app only).
	Channels string
	// DigestHour is the hour (China time) from which the daily digest is sent (default 8).
	DigestHour int
}

// NewService returns the supervision service; now may be nil.
func NewService(store Store, depts Depts, cs Cases, cal func() *workcal.Calendar, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, depts: depts, cases: cs, cal: cal, now: now, Channels: "sms", DigestHour: 8}
}

// message is one in-app message of the service's kind.
func (s *Service) message(to int64, caseID int64, kind, subject, body string) cases.Message {
	return cases.Message{AccountID: to, CaseID: caseID, Kind: kind, Subject: subject, Body: body,
		Channels: s.Channels, CreatedAt: s.now()}
}

// messages is the same message to each of to.
func (s *Service) messages(to []int64, caseID int64, kind, subject, body string) []cases.Message {
	out := make([]cases.Message, 0, len(to))
	for _, id := range to {
		out = append(out, s.message(id, caseID, kind, subject, body))
	}
	return out
}

// Message kinds.
const (
	KindNotice  = "supervision" // a notice sent, replied, returned or closed
	KindRemind  = "reminder"    // a reply due within a working day
	KindOverdue = "overdue"     // a reply overdue, to the sender
	KindDigest  = "digest"      // the daily overdue digest
)
