// Package rating is 好差评: the applicant rates a concluded case once (一事一评)
// on five levels with tags and a comment, and once more after a bad rating
// was rectified; a bad rating (不满意, 非常不满意) opens a rectification
// (差评整改) for the department: verify, rectify, call back (named ratings),
// recheck, or an appeal the supervisor decides, each stage on a working-day
// clock per region (rectify*.go).
package rating

import (
	"context"
	"slices"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// The five levels.
const (
	VeryDissatisfied = 1 // 非常不满意
	Dissatisfied     = 2 // 不满意
	Fair             = 3 // 基本满意
	Satisfied        = 4 // 满意
	VerySatisfied    = 5 // 非常满意
)

var titles = map[int]string{1: "非常不满意", 2: "不满意", 3: "基本满意", 4: "满意", 5: "非常满意"}

// Title is a level's Chinese name.
func Title(score int) string { return titles[score] }

// Bad reports whether a score opens a rectification.
func Bad(score int) bool { return score <= Dissatisfied }

var goodTags = []string{"办事效率高", "服务态度好", "办事指南准确", "一次办成", "材料要求清楚", "网上办理方便"}
var badTags = []string{"办事效率低", "服务态度差", "办事指南不准确", "多次跑腿", "材料要求不清", "网上办理不便", "超时未办结"}

// Tags lists the tags a level may carry (the national 好差评 tag set, abridged).
func Tags(score int) []string {
	if score >= Satisfied {
		return goodTags
	}
	if score == Fair {
		return append(slices.Clone(goodTags[:3]), badTags[:3]...)
	}
	return badTags
}

// Rating is one rating of a case.
type Rating struct {
	ID         int64     `json:"id"`
	CaseID     int64     `json:"case_id"`
	CaseNumber string    `json:"case_number"`
	Round      int       `json:"round"`
	DeptID     int64     `json:"dept_id"`
	Region     string    `json:"region_code"`
	HallID     int64     `json:"hall_id,omitempty"`
	Channel    string    `json:"channel"`
	Score      int       `json:"score"`
	Level      string    `json:"level"`
	Tags       []string  `json:"tags"`
	Comment    string    `json:"comment,omitempty"`
	Named      bool      `json:"named"`
	AccountID  int64     `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	// Rectification is the id of the rectification a bad rating opened.
	Rectification int64 `json:"rectification_id,omitempty"`
}

// Rectification stages (差评整改): verify → rectify → callback (named
// ratings only) → recheck → closed; at verify or rectify the department may
// appeal instead, and the supervisor's decision closes it or sends it back.
const (
	StageVerify   = "verify"   // 核实
	StageRectify  = "rectify"  // 整改
	StageCallback = "callback" // 回访
	StageRecheck  = "recheck"  // 复核
	StageAppeal   = "appeal"   // 申诉
	StageClosed   = "closed"   // 办结
)

// Outcomes of a closed rectification.
const (
	OutcomeRectified = "rectified" // 整改完成：复核通过
	OutcomeUpheld    = "upheld"    // 申诉成立：评价作废，不计入统计
)

// Rectification is the department's work on a bad rating. Its stage
// columns are what lists and clocks read; Steps keep the record of each
// step taken (the data column).
type Rectification struct {
	ID         int64  `json:"id"`
	RatingID   int64  `json:"rating_id"`
	CaseID     int64  `json:"case_id"`
	CaseNumber string `json:"case_number"`
	CaseName   string `json:"case_name"`
	DeptID     int64  `json:"dept_id"`
	Region     string `json:"region_code"`
	// Round, Score and Level are the rating's.
	Round int    `json:"round"`
	Score int    `json:"score"`
	Level string `json:"level"`
	// Named: the rating names its author, so a callback (回访) is owed.
	Named    bool         `json:"named"`
	Stage    string       `json:"stage"`
	StageDue workcal.Date `json:"stage_due,omitzero"`
	// DueLevel is computed on read: normal, yellow (due within a working
	// day), red (overdue); empty once closed.
	DueLevel string `json:"due_level,omitempty"`
	// Warned: 1 the stage's reminder was sent, 2 its overdue escalation.
	Warned   int       `json:"warned"`
	Outcome  string    `json:"outcome,omitempty"`
	ClosedAt time.Time `json:"closed_at,omitzero"`
	// AppealFrom is the stage an appeal was lodged at (a rejected appeal
	// goes back to it).
	AppealFrom  string     `json:"appeal_from,omitempty"`
	Steps       []RectStep `json:"steps"`
	Version     int        `json:"version"`
	ApplicantID int64      `json:"-"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// RectStep is one step taken on a rectification: who, when, at which stage,
// what they wrote, the files they attached and a callback's result.
type RectStep struct {
	Stage   string    `json:"stage"`
	Action  string    `json:"action"`
	ActorID int64     `json:"actor_id"`
	Actor   string    `json:"actor"` // username
	Role    string    `json:"role"`
	At      time.Time `json:"at"`
	Comment string    `json:"comment,omitempty"`
	Files   []string  `json:"files,omitempty"`
	Result  string    `json:"result,omitempty"`
	// Next and Due are the stage the step led to and its due date.
	Next string       `json:"next"`
	Due  workcal.Date `json:"due,omitzero"`
}

// Input is a rating as the applicant gives it.
type Input struct {
	Score     int      `json:"score" minimum:"1" maximum:"5" doc:"1 非常不满意 … 5 非常满意"`
	Tags      []string `json:"tags,omitempty" maxItems:"10"`
	Comment   string   `json:"comment,omitempty" maxLength:"500"`
	Anonymous bool     `json:"anonymous,omitempty" doc:"匿名评价：部门看不到评价人"`
}

// Store keeps ratings and their rectifications.
type Store interface {
	RectStore
	// Rate stores r (errs.Conflict when the case was rated in this round)
	// and, when rect is not nil, the rectification it opens.
	Rate(ctx context.Context, r *Rating, rect *Rectification, evs ...audit.Event) error
	// Ratings lists a case's ratings, oldest first.
	Ratings(ctx context.Context, caseID int64) ([]Rating, error)
}

// Cases is what ratings read of cases.
type Cases interface {
	Case(ctx context.Context, p *access.Principal, number string) (cases.Case, error)
}

// Service rates cases.
type Service struct {
	store Store
	cases Cases
	cal   func() *workcal.Calendar
	now   func() time.Time
	// PeriodDays: how long after the conclusion a case may be rated, and
	// after a rectification closes as rectified rated once more (default 30 days).
	PeriodDays int
	// Defaults are the stage limits where no region sets its own (2/15/1/5 working days).
	Defaults Limits
	// Channels are the outbox channels of the messages sent ("sms"; "" in-app only).
	Channels string
}

// NewService returns the rating service; now may be nil.
func NewService(store Store, cs Cases, cal func() *workcal.Calendar, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, cases: cs, cal: cal, now: now, PeriodDays: 30, Defaults: DefaultLimits(), Channels: "sms"}
}

// RateCase records the applicant's rating of their concluded case: once
// (round 1) within PeriodDays of the conclusion, and once more (round 2)
// within PeriodDays after a rectification of the first closed as rectified.
// Errors: NotFound (no such case for p), Forbidden (not the applicant),
// Conflict (not concluded, already rated, period over), Invalid.
func (s *Service) RateCase(ctx context.Context, p *access.Principal, number string, in Input) (Rating, error) {
	tags, comment, err := check(in) // the rules every rating follows (check.go)
	if err != nil {
		return Rating{}, err
	}
	c, err := s.cases.Case(ctx, p, number)
	if err != nil {
		return Rating{}, err
	}
	if p.AccountID != c.ApplicantID {
		return Rating{}, errs.E(errs.Forbidden, "只有申请人本人可以评价办件")
	}
	switch c.Status {
	case cases.Granted, cases.Denied, cases.Refused, cases.Delivered:
	default:
		return Rating{}, errs.E(errs.Conflict, "办件办结后才能评价（当前：%s）", c.Status.Title())
	}
	now := s.now()
	round, err := s.nextRound(ctx, c, now)
	if err != nil {
		return Rating{}, err
	}
	channel := "online"
	if c.Channel == cases.ChannelWindow || c.Channel == cases.ChannelAgent {
		channel = "window"
	}
	r := &Rating{CaseID: c.ID, CaseNumber: c.Number, Round: round, DeptID: c.DeptID, Region: c.RegionCode,
		HallID: c.IntakeHallID, Channel: channel, Score: in.Score, Level: Title(in.Score), Tags: tags,
		Comment: comment, Named: !in.Anonymous, CreatedAt: now}
	if r.Named {
		r.AccountID = p.AccountID
	}
	// A bad rating opens its rectification as a window rating's does (check.go).
	rect, evs, err := s.settle(ctx, r)
	if err != nil {
		return Rating{}, err
	}
	if err := s.store.Rate(ctx, r, rect, evs...); err != nil {
		if errs.Is(err, errs.Conflict) {
			return Rating{}, errs.Wrap(err, errs.Conflict, "该办件已经评价过（一事一评）")
		}
		return Rating{}, err
	}
	if rect != nil {
		r.Rectification = rect.ID
	}
	return *r, nil
}

// Ratings lists the ratings of a case its reader may see; anonymous
// ratings never name their author.
func (s *Service) Ratings(ctx context.Context, p *access.Principal, number string) ([]Rating, error) {
	c, err := s.cases.Case(ctx, p, number)
	if err != nil {
		return nil, err
	}
	return s.store.Ratings(ctx, c.ID)
}

// nextRound is the round a new rating of c would be, or the Conflict that
// says why c cannot be rated now.
func (s *Service) nextRound(ctx context.Context, c cases.Case, now time.Time) (int, error) {
	period := time.Duration(s.PeriodDays) * 24 * time.Hour
	prev, err := s.store.Ratings(ctx, c.ID)
	if err != nil {
		return 0, err
	}
	if len(prev) == 0 {
		if !c.ConcludedAt.IsZero() && now.Sub(c.ConcludedAt) > period {
			return 0, errs.E(errs.Conflict, "办结 %d 天内可以评价，已超过评价期限", s.PeriodDays)
		}
		return 1, nil
	}
	last := prev[len(prev)-1]
	if last.Round >= 2 {
		return 0, errs.E(errs.Conflict, "该办件已经评价过两次（一事一评，整改后可再评价一次）")
	}
	if last.Rectification == 0 {
		return 0, errs.E(errs.Conflict, "该办件已经评价过（一事一评）")
	}
	x, err := s.store.Rectification(ctx, last.Rectification)
	if err != nil {
		return 0, err
	}
	switch x.Outcome {
	case OutcomeRectified:
		if now.Sub(x.ClosedAt) > period {
			return 0, errs.E(errs.Conflict, "整改办结 %d 天内可以再次评价，已超过期限", s.PeriodDays)
		}
		return 2, nil
	case OutcomeUpheld:
		return 0, errs.E(errs.Conflict, "该评价经申诉核实已作废，不能再次评价")
	}
	return 0, errs.E(errs.Conflict, "您的差评正在由部门核实整改，整改完成后可以再次评价")
}

// CanRate reports whether the applicant of a concluded case with these
// ratings (oldest first) may rate it now: not yet rated, or once more
// after a rectification closed as rectified within the period.
func (s *Service) CanRate(ctx context.Context, list []Rating) bool {
	if len(list) == 0 {
		return true
	}
	last := list[len(list)-1]
	if last.Round >= 2 || last.Rectification == 0 {
		return false
	}
	x, err := s.store.Rectification(ctx, last.Rectification)
	return err == nil && x.Outcome == OutcomeRectified &&
		s.now().Sub(x.ClosedAt) <= time.Duration(s.PeriodDays)*24*time.Hour
}
