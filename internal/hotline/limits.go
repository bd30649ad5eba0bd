package hotline

import (
	"context"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// LimitSetting is one row of the limits table as operators see it.
type LimitSetting struct {
	Limits
	UpdatedBy int64     `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at" doc:"上次修改时间；修改时原样带回，用于并发检查（从未修改为 0001-01-01）"`
}

// LimitStore reads and writes the limits table (sqlstore.HotlineStore
// implements it).
type LimitStore interface {
	// AllLimits lists every row, default and enterprise first.
	AllLimits(ctx context.Context) ([]LimitSetting, error)
	// UpdateLimits writes l when the row's updated_at is still wasMS.
	// errs.NotFound (no such row), errs.Conflict (changed meanwhile).
	UpdateLimits(ctx context.Context, l LimitSetting, wasMS int64, evs ...audit.Event) error
}

// Bounds of a limit: a sign limit of at least 1 hour and at most 10
// working days, a handle limit of at least 1 hour and at most 60 working
// days, a complex ticket's limit of 1–60 working days.
const (
	MaxSignDays   = 10
	MaxHandleDays = 60
)

// LimitsInput changes one row of the limits table.
type LimitsInput struct {
	Class       string    `json:"class"`
	Urgency     string    `json:"urgency" enum:"normal,urgent"`
	SignN       int       `json:"sign_n" doc:"签收时限（≥1）"`
	SignUnit    string    `json:"sign_unit" enum:"hour,day"`
	HandleN     int       `json:"handle_n" doc:"办结时限（≥1）"`
	HandleUnit  string    `json:"handle_unit" enum:"hour,day"`
	ComplexDays int       `json:"complex_days" doc:"复杂件办结时限（工作日，1–60）"`
	UpdatedAt   time.Time `json:"updated_at" doc:"读取时的 updated_at；已被他人修改则 409"`
}

// CanEditLimits reports whether p may change the limits. The limits are
// one table for the whole 12345 centre, which serves a prefecture, so a
// change needs hotline.dispatch or supervise through a grant at a
// prefecture or province (a region code ending in 00), not bound to a
// department or hall: a county's dispatcher may not change the
// prefecture's clocks.
func CanEditLimits(p *access.Principal) bool {
	if p == nil {
		return false
	}
	for _, g := range p.Grants {
		if g.DeptID != 0 || g.HallID != 0 || !strings.HasSuffix(g.Region, "00") {
			continue
		}
		if g.Role.Has(access.HotlineRoute) || g.Role.Has(access.Supervise) {
			return true
		}
	}
	return false
}

func (s *Service) limitStore() (LimitStore, error) {
	ls, ok := s.store.(LimitStore)
	if !ok {
		return nil, errs.E(errs.Internal, "hotline: the store cannot list limits")
	}
	return ls, nil
}

// AllLimits lists the limits table to hotline staff and supervisors.
// Errors: Forbidden.
func (s *Service) AllLimits(ctx context.Context, p *access.Principal) ([]LimitSetting, error) {
	if !p.Has(access.HotlineTake) && !p.Has(access.HotlineRoute) && !p.Has(access.Supervise) {
		return nil, errs.E(errs.Forbidden, "只有 12345 热线人员和效能监督人员可以查看工单时限")
	}
	ls, err := s.limitStore()
	if err != nil {
		return nil, err
	}
	return ls.AllLimits(ctx)
}

// SetLimits changes one existing row of the limits table; it applies to
// tickets dispatched afterwards. Errors: Forbidden (see CanEditLimits),
// NotFound (no such class and urgency), Invalid naming the field,
// Conflict (the row changed since in.UpdatedAt).
func (s *Service) SetLimits(ctx context.Context, p *access.Principal, in LimitsInput) (LimitSetting, error) {
	if !CanEditLimits(p) {
		return LimitSetting{}, errs.E(errs.Forbidden, "只有州（市）级以上的派单员或效能监督人员可以修改工单时限")
	}
	if err := checkLimits(in); err != nil {
		return LimitSetting{}, err
	}
	ls, err := s.limitStore()
	if err != nil {
		return LimitSetting{}, err
	}
	all, err := ls.AllLimits(ctx)
	if err != nil {
		return LimitSetting{}, err
	}
	var old *LimitSetting
	for i := range all {
		if all[i].Class == in.Class && all[i].Urgency == in.Urgency {
			old = &all[i]
		}
	}
	if old == nil {
		return LimitSetting{}, errs.E(errs.NotFound, "没有“%s / %s”的时限", clip(in.Class, 20), clip(in.Urgency, 10))
	}
	if !in.UpdatedAt.IsZero() && in.UpdatedAt.UnixMilli() != old.UpdatedAt.UnixMilli() ||
		in.UpdatedAt.IsZero() && !old.UpdatedAt.IsZero() {
		return LimitSetting{}, errs.E(errs.Conflict, "时限已被他人修改，请刷新后重试")
	}
	now := s.now()
	if !old.UpdatedAt.IsZero() && now.UnixMilli() <= old.UpdatedAt.UnixMilli() {
		now = old.UpdatedAt.Add(time.Millisecond) // keep the concurrency check strict within one millisecond
	}
	nl := LimitSetting{Limits: Limits{Class: in.Class, Urgency: in.Urgency, SignN: in.SignN, SignUnit: in.SignUnit,
		HandleN: in.HandleN, HandleUnit: in.HandleUnit, ComplexDays: in.ComplexDays}, UpdatedBy: p.AccountID,
		UpdatedAt: time.UnixMilli(now.UnixMilli())}
	ev := audit.New(ctx, "hotline.limits_update", "hotline_limits", in.Class+"/"+in.Urgency, old.Limits, nl.Limits, "")
	var was int64
	if !old.UpdatedAt.IsZero() {
		was = old.UpdatedAt.UnixMilli()
	}
	if err := ls.UpdateLimits(ctx, nl, was, ev); err != nil {
		return LimitSetting{}, err
	}
	return nl, nil
}

// checkLimits validates the figures of one row.
func checkLimits(in LimitsInput) error {
	if in.Urgency != Normal && in.Urgency != Urgent {
		return errs.Field("urgency", "紧急程度只能是 normal（一般）或 urgent（紧急）")
	}
	for _, u := range []struct{ field, unit string }{{"sign_unit", in.SignUnit}, {"handle_unit", in.HandleUnit}} {
		if u.unit != "hour" && u.unit != "day" {
			return errs.Field(u.field, "时限单位只能是 hour（小时）或 day（工作日）")
		}
	}
	if err := checkSpan("sign_n", "签收时限", in.SignN, in.SignUnit, MaxSignDays); err != nil {
		return err
	}
	if err := checkSpan("handle_n", "办结时限", in.HandleN, in.HandleUnit, MaxHandleDays); err != nil {
		return err
	}
	if in.ComplexDays < 1 || in.ComplexDays > MaxHandleDays {
		return errs.Field("complex_days", "复杂件办结时限应为 1–%d 个工作日", MaxHandleDays)
	}
	if span(in.SignN, in.SignUnit) > span(in.HandleN, in.HandleUnit) {
		return errs.Field("sign_n", "签收时限不能长于办结时限")
	}
	if in.ComplexDays*24 < span(in.HandleN, in.HandleUnit) {
		return errs.Field("complex_days", "复杂件办结时限不能短于一般办结时限")
	}
	return nil
}

// checkSpan: at least 1 hour, at most maxDays working days.
func checkSpan(field, title string, n int, unit string, maxDays int) error {
	if n < 1 {
		return errs.Field(field, "%s应至少为 1 小时或 1 个工作日", title)
	}
	if unit == "day" && n > maxDays || unit == "hour" && n > maxDays*24 {
		return errs.Field(field, "%s最长 %d 个工作日（按小时计最多 %d 小时）", title, maxDays, maxDays*24)
	}
	return nil
}

// span is a limit in working hours, for comparing limits of both units.
func span(n int, unit string) int {
	if unit == "day" {
		return n * 24
	}
	return n
}
