package cases

import (
	"context"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/workcal"
)

// NewCase is a case to create, with its first tasks and timeline event.
type NewCase struct {
	Case  *Case // Number empty: the store numbers it (NumberPrefix + sequence)
	Tasks []Task
	Event Event
	// Files are attached to the case: each must belong to one of Owners and
	// not be attached yet, else errs.Invalid naming the file.
	Files  []string
	Owners []int64
	Docs   []Document
	Msgs   []Message
}

// Change is everything one action writes. The case row is written only
// when its stored version still equals Case.Version (then bumped), so
// that of two concurrent actions one wins and the other gets errs.Conflict.
type Change struct {
	Case     *Case
	Tasks    []Task // changed tasks (by ID): state, assignee, due date, opinion, done
	NewTasks []Task
	Event    Event
	Files    []string
	Owners   []int64
	Docs     []Document
	Msgs     []Message
	// Children are moved along with a bundle case (one delivery).
	Children []ChildMove
	Audit    []audit.Event
}

// ChildMove moves a bundle's child case to a status with the parent
// (delivered, or withdrawn): the child's row is written when its stored
// version still equals Version, its changed tasks with it.
type ChildMove struct {
	ID      int64
	Version int
	To      Status
	Event   Event
	Tasks   []Task // the child's changed tasks (a withdrawal cancels the open ones)
}

// ListFilter selects cases for lists.
type ListFilter struct {
	ApplicantID int64  // an applicant's cases
	FilerID     int64  // the cases a clerk or agent filed for others
	HallID      int64  // a hall's cases (intake)
	DeptID      int64  // a department's cases
	Region      string // subtree of home or intake region
	Status      Status // "" any
	ParentID    int64  // the children of a bundle case
	Before      int64  // keyset: ids below this (newest first)
	Limit       int
	// Figure lists the records a supervision figure counts (package
	// stats), instead of the scopes above.
	Figure *FigureFilter
}

// FigureFilter selects the cases one figure counts: the metric's rule
// (stats.AddCase, stats.AddRating) over a period of China days, within a
// home-region subtree, department, intake hall or accepting clerk.
type FigureFilter struct {
	Metric  string // a stats column name, "online", or "rated" with Scores
	Scores  []int  // rated: the rating levels (empty: all)
	Region  string
	DeptID  int64
	HallID  int64
	StaffID int64
	FromMS  int64 // the period's first instant
	ToMS    int64 // the instant after its last day
}

// InboxScope is one grant's share of open tasks.
type InboxScope struct {
	Role   string
	Region string // subtree, when neither dept nor hall is set
	DeptID int64
	HallID int64
}

// InboxFilter selects open tasks, due first.
type InboxFilter struct {
	Scopes     []InboxScope
	AssigneeID int64 // only tasks assigned to this account (0: any)
	AfterDue   workcal.Date
	AfterID    int64 // keyset: (due, id) after this pair
	Limit      int
}

// InboxRow is an open task with its case.
type InboxRow struct {
	Task Task    `json:"task"`
	Case Summary `json:"case"`
}

// Summary is a case in a list.
type Summary struct {
	ID           int64        `json:"id"`
	Number       string       `json:"number"`
	Name         string       `json:"name"`
	ParentID     int64        `json:"parent_id,omitempty"`
	BundleCode   string       `json:"bundle_code,omitempty"`
	ItemCode     string       `json:"item_code,omitempty"`
	DeptID       int64        `json:"dept_id,omitempty"`
	RegionCode   string       `json:"region_code"`
	IntakeRegion string       `json:"intake_region"`
	IntakeHallID int64        `json:"intake_hall_id,omitempty"`
	ApplicantID  int64        `json:"applicant_id"`
	Applicant    string       `json:"applicant"` // name (masked for lists)
	Channel      string       `json:"channel"`
	Status       Status       `json:"status"`
	Corrections  int          `json:"corrections"`
	Deemed       bool         `json:"deemed"`
	SubmittedAt  int64        `json:"submitted_at_ms,omitempty"`
	AcceptDue    workcal.Date `json:"accept_due,omitzero"`
	Due          workcal.Date `json:"due,omitzero"`
	Version      int          `json:"version"`
}

// Store keeps cases. Mutating methods write their audit events in the
// same transaction.
type Store interface {
	// Create inserts cases (a bundle parent first, then its children, each
	// child's ParentID set by the store when 0 and a parent came first) in
	// one durable transaction, numbering them. Submissions are group
	// committed with other submissions.
	Create(ctx context.Context, cs []NewCase, evs ...audit.Event) error
	// Case returns a case by number. errs.NotFound.
	Case(ctx context.Context, number string) (Case, error)
	// CaseByID returns a case by id. errs.NotFound.
	CaseByID(ctx context.Context, id int64) (Case, error)
	Tasks(ctx context.Context, caseID int64) ([]Task, error)
	Events(ctx context.Context, caseID int64) ([]Event, error)
	Documents(ctx context.Context, caseID int64) ([]Document, error)
	// DocumentByCode finds a document by its check code. errs.NotFound.
	DocumentByCode(ctx context.Context, code string) (Document, error)
	// Apply writes one action's change. errs.Conflict when the case moved on.
	Apply(ctx context.Context, ch Change) error
	// List lists cases newest first, with the total the filter matches.
	List(ctx context.Context, f ListFilter) ([]Summary, int, error)
	// Inbox lists open tasks due first, with their total.
	Inbox(ctx context.Context, f InboxFilter) ([]InboxRow, int, error)
	// AcceptOverdue lists submitted cases whose acceptance was due before day.
	AcceptOverdue(ctx context.Context, day workcal.Date, limit int) ([]Case, error)
	// TasksDue lists open tasks due on or before day whose warning level is below level.
	TasksDue(ctx context.Context, day workcal.Date, level, limit int) ([]InboxRow, error)
	// MarkWarned records the warning level of a task and stores the messages.
	MarkWarned(ctx context.Context, taskID int64, level int, msgs []Message, evs ...audit.Event) error
	// Messages lists an account's messages, newest first.
	Messages(ctx context.Context, accountID int64, limit int) ([]Message, error)
	// MarkRead marks messages of the account read.
	MarkRead(ctx context.Context, accountID int64, ids []int64) error
	// PendingMessages lists messages still to send outside the app (at most five attempts).
	PendingMessages(ctx context.Context, limit int) ([]Message, error)
	// MarkSent records a send: done when failure is "", else counted as an attempt.
	MarkSent(ctx context.Context, id int64, failure string) error
	// HallLoad counts a hall's open acceptance work: due before today is
	// overdue, due by soon is due soon.
	HallLoad(ctx context.Context, hallID int64, today, soon workcal.Date) (HallLoad, error)
	// StaffWith lists active accounts holding role with a grant that covers
	// the scope (access.Grant.Covers): a grant of the scope's region or one
	// above it, for any department or the scope's, any hall or the scope's.
	StaffWith(ctx context.Context, role string, at access.Scope) ([]int64, error)
}
