// Package rating is 好差评: the applicant rates a concluded case once (一事一评)
// on five levels with tags and a comment; a bad rating (不满意, 非常不满意)
// opens a rectification (差评整改) for the department, whose first stage,
// verification (核实), is due in two working days. The rest of the loop
// (rectify, call back, recheck, appeal), window ratings and the indicators
// build on this.
package rating

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

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

// Rectification stages.
const (
	StageVerify = "verify" // 核实
)

// Rectification is the department's work on a bad rating.
type Rectification struct {
	ID       int64        `json:"id"`
	RatingID int64        `json:"rating_id"`
	CaseID   int64        `json:"case_id"`
	DeptID   int64        `json:"dept_id"`
	Region   string       `json:"region_code"`
	Stage    string       `json:"stage"`
	StageDue workcal.Date `json:"stage_due"`
}

// Input is a rating as the applicant gives it.
type Input struct {
	Score     int      `json:"score" minimum:"1" maximum:"5" doc:"1 非常不满意 … 5 非常满意"`
	Tags      []string `json:"tags,omitempty" maxItems:"10"`
	Comment   string   `json:"comment,omitempty" maxLength:"500"`
	Anonymous bool     `json:"anonymous,omitempty" doc:"匿名评价：部门看不到评价人"`
}

// Store keeps ratings.
type Store interface {
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
	// PeriodDays: how long after the conclusion a case may be rated (default 30 days).
	PeriodDays int
	// VerifyDays: the working days a department has to verify a bad rating (default 2).
	VerifyDays int
}

// NewService returns the rating service; now may be nil.
func NewService(store Store, cs Cases, cal func() *workcal.Calendar, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, cases: cs, cal: cal, now: now, PeriodDays: 30, VerifyDays: 2}
}

// RateCase records the applicant's rating of their concluded case.
// Errors: NotFound (no such case for p), Forbidden (not the applicant),
// Conflict (not concluded, already rated, period over), Invalid.
func (s *Service) RateCase(ctx context.Context, p *access.Principal, number string, in Input) (Rating, error) {
	if in.Score < 1 || in.Score > 5 {
		return Rating{}, errs.Field("score", "评价等级应为 1（非常不满意）到 5（非常满意）")
	}
	comment := strings.TrimSpace(in.Comment)
	if utf8.RuneCountInString(comment) > 500 {
		return Rating{}, errs.Field("comment", "评价内容不能超过 500 字")
	}
	allowed := Tags(in.Score)
	var tags []string
	for i, t := range in.Tags {
		t = strings.TrimSpace(t)
		if !slices.Contains(allowed, t) {
			return Rating{}, errs.Field("tags", "第 %d 个标签“%s”不是“%s”可选的标签：%s", i+1, t, Title(in.Score), strings.Join(allowed, "、"))
		}
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if Bad(in.Score) && len(tags) == 0 && comment == "" {
		return Rating{}, errs.Field("tags", "差评请至少选择一个标签或写明原因，以便部门核实整改")
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
	if !c.ConcludedAt.IsZero() && now.Sub(c.ConcludedAt) > time.Duration(s.PeriodDays)*24*time.Hour {
		return Rating{}, errs.E(errs.Conflict, "办结 %d 天内可以评价，已超过评价期限", s.PeriodDays)
	}
	channel := "online"
	if c.Channel == cases.ChannelWindow || c.Channel == cases.ChannelAgent {
		channel = "window"
	}
	r := &Rating{CaseID: c.ID, CaseNumber: c.Number, Round: 1, DeptID: c.DeptID, Region: c.RegionCode,
		HallID: c.IntakeHallID, Channel: channel, Score: in.Score, Level: Title(in.Score), Tags: tags,
		Comment: comment, Named: !in.Anonymous, CreatedAt: now}
	if r.Named {
		r.AccountID = p.AccountID
	}
	if r.Tags == nil {
		r.Tags = []string{}
	}
	var rect *Rectification
	if Bad(in.Score) {
		due, err := s.cal().Add(workcal.Today(now), s.VerifyDays, c.RegionCode)
		if err != nil {
			return Rating{}, err
		}
		rect = &Rectification{CaseID: c.ID, DeptID: c.DeptID, Region: c.RegionCode, Stage: StageVerify, StageDue: due.Date}
	}
	evs := []audit.Event{audit.New(ctx, "rating.create", "case", c.Number, nil,
		map[string]any{"score": r.Score, "tags": r.Tags, "named": r.Named, "round": r.Round}, "")}
	if rect != nil {
		evs = append(evs, audit.New(ctx, "rectification.open", "case", c.Number, nil,
			map[string]any{"stage": rect.Stage, "due": rect.StageDue, "dept_id": rect.DeptID}, "差评自动转整改"))
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
