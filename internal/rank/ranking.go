package rank

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/stats"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Ranking is a scheme's ranking of one period.
type Ranking struct {
	Scheme Scheme       `json:"scheme"`
	Scope  string       `json:"scope" doc:"排名对象，如 迪庆藏族自治州本级部门"`
	Period string       `json:"period" enum:"week,month,live"`
	From   workcal.Date `json:"from"`
	To     workcal.Date `json:"to"`
	// PrevFrom and PrevTo are the period the change in rank is measured
	// against: the kept period before (week, month), or the period of the
	// same length just before (live; the months before, for whole months).
	PrevFrom workcal.Date `json:"prev_from"`
	PrevTo   workcal.Date `json:"prev_to"`
	Title    string       `json:"title" doc:"标题：办法名称、排名对象和时段"`
	Rows     []Row        `json:"rows"`
	// TakenAt is when a kept ranking was computed.
	TakenAt time.Time `json:"taken_at,omitzero"`
	// Kept lists the starts of the scheme's kept periods of this kind,
	// newest first (for choosing another).
	Kept []workcal.Date `json:"kept,omitempty"`
}

func (s *Service) ranking(sc Scheme, period string, from, to workcal.Date, rows []Row) Ranking {
	r := Ranking{Scheme: sc, Scope: sc.SubjectTitle(), Period: period, From: from, To: to, Rows: rows}
	if r.Rows == nil {
		r.Rows = []Row{}
	}
	r.Title = fmt.Sprintf("%s（%s · %s）", sc.Name, r.Scope, PeriodTitle(period, from, to))
	return r
}

// Live computes a scheme's ranking of any period (default this month so
// far), with each unit's change against the period before (previousSpan).
// Errors: NotFound (p may not see the scheme), Invalid (from, to).
func (s *Service) Live(ctx context.Context, p *access.Principal, id int64, from, to string) (Ranking, error) {
	sc, err := s.visible(ctx, p, id)
	if err != nil {
		return Ranking{}, err
	}
	today := workcal.Today(s.now())
	f, t := firstOfMonth(today), today
	if from = strings.TrimSpace(from); from != "" {
		if f, err = workcal.ParseDateField("from", from); err != nil {
			return Ranking{}, err
		}
	}
	if to = strings.TrimSpace(to); to != "" {
		if t, err = workcal.ParseDateField("to", to); err != nil {
			return Ranking{}, err
		}
	}
	if t.Before(f) {
		return Ranking{}, errs.Field("to", "截止日期 %s 早于起始日期 %s", t, f)
	}
	if t.Sub(f) >= stats.MaxDays {
		return Ranking{}, errs.Field("from", "一次最多排名 %d 天", stats.MaxDays)
	}
	ms, err := s.members(ctx, sc)
	if err != nil {
		return Ranking{}, err
	}
	rows, err := s.score(ctx, sc, ms, f, t)
	if err != nil {
		return Ranking{}, err
	}
	pf, pt := previousSpan(f, t)
	prev, err := s.score(ctx, sc, ms, pf, pt)
	if err != nil {
		return Ranking{}, err
	}
	setPrev(rows, ranks(prev))
	r := s.ranking(sc, PeriodLive, f, t, rows)
	r.PrevFrom, r.PrevTo = pf, pt
	return r, nil
}

// Kept returns a kept ranking: period week (default) or month, start the
// period's first day ("" for the latest kept).
// Errors: NotFound (p may not see the scheme, or the period was not
// kept), Invalid (period, start).
func (s *Service) Kept(ctx context.Context, p *access.Principal, id int64, period, start string) (Ranking, error) {
	sc, err := s.visible(ctx, p, id)
	if err != nil {
		return Ranking{}, err
	}
	if period == "" {
		period = PeriodWeek
	}
	if period != PeriodWeek && period != PeriodMonth {
		return Ranking{}, errs.Field("period", "周期应为 week（周）或 month（月）")
	}
	word := map[string]string{PeriodWeek: "周", PeriodMonth: "月"}[period]
	starts, err := s.store.Starts(ctx, sc.ID, period, 104)
	if err != nil {
		return Ranking{}, err
	}
	var from workcal.Date
	if start = strings.TrimSpace(start); start == "" {
		if len(starts) == 0 {
			return Ranking{}, errs.E(errs.NotFound, "“%s”尚无保存的%s排名：每%s结束后自动保存，也可以查看任意时段的实时排名", sc.Name, word, word)
		}
		from = starts[0]
	} else if from, err = workcal.ParseDateField("start", start); err != nil {
		return Ranking{}, err
	}
	to, err := Bounds(period, from)
	if err != nil {
		return Ranking{}, err
	}
	rows, at, err := s.store.Snapshot(ctx, sc.ID, period, from)
	if err != nil {
		return Ranking{}, err
	}
	if len(rows) == 0 {
		return Ranking{}, errs.E(errs.NotFound, "“%s”没有保存 %s 起的%s排名", sc.Name, from, word)
	}
	for i := range rows {
		if rows[i].Rank > 0 && rows[i].PrevRank > 0 {
			rows[i].Change = rows[i].PrevRank - rows[i].Rank
		}
	}
	r := s.ranking(sc, period, from, to, rows)
	r.PrevFrom, r.PrevTo, r.TakenAt, r.Kept = Previous(period, from), from.AddDays(-1), at, starts
	return r, nil
}

// Snapshot computes and keeps a scheme's ranking of one complete period
// (replacing what was kept of it), each unit with its rank in the kept
// period before. A run by the system (the job, an operator): it checks
// no principal.
// Errors: NotFound (no such scheme), Invalid (period, start; the period
// has not ended).
func (s *Service) Snapshot(ctx context.Context, id int64, period string, start workcal.Date) (Ranking, error) {
	sc, err := s.store.Scheme(ctx, id)
	if err != nil {
		return Ranking{}, err
	}
	s.named(ctx, &sc)
	return s.take(ctx, sc, period, start, workcal.Today(s.now()))
}

func (s *Service) take(ctx context.Context, sc Scheme, period string, start, today workcal.Date) (Ranking, error) {
	end, err := Bounds(period, start)
	if err != nil {
		return Ranking{}, err
	}
	if !end.Before(today) {
		return Ranking{}, errs.Field("start", "%s 起的周期到 %s 才结束，结束后才能保存排名", start, end)
	}
	ms, err := s.members(ctx, sc)
	if err != nil {
		return Ranking{}, err
	}
	rows, err := s.score(ctx, sc, ms, start, end)
	if err != nil || len(rows) == 0 {
		return s.ranking(sc, period, start, end, rows), err
	}
	prevStart := Previous(period, start)
	prev, _, err := s.store.Snapshot(ctx, sc.ID, period, prevStart)
	if err != nil {
		return Ranking{}, err
	}
	setPrev(rows, ranks(prev))
	ranked := 0
	for _, r := range rows {
		if r.Rank > 0 {
			ranked++
		}
	}
	k := SnapshotKey{SchemeID: sc.ID, Period: period, Start: start, End: end, Next: next(period, start)}
	ev := audit.New(ctx, "rank.snapshot", ObjectType, strconv.FormatInt(sc.ID, 10), nil, map[string]any{
		"period": period, "start": start, "end": end, "units": len(rows), "ranked": ranked}, "")
	at := s.now()
	if err := s.store.ReplaceSnapshot(ctx, k, rows, at, ev); err != nil {
		return Ranking{}, err
	}
	r := s.ranking(sc, period, start, end, rows)
	r.PrevFrom, r.PrevTo, r.TakenAt = prevStart, start.AddDays(-1), at
	return r, nil
}

// Taken is one snapshot TakeDue took.
type Taken struct {
	SchemeID int64
	Period   string
	Start    workcal.Date
	Units    int
}

// TakeDue keeps, for every active scheme, the ranking of the last complete
// week (Monday–Sunday) and of the last complete month, unless kept
// already; the periodic job runs it. Periods missed while the job did not
// run are not caught up (Snapshot takes any period). Errors of one scheme
// do not stop the others; they are returned together.
func (s *Service) TakeDue(ctx context.Context, today workcal.Date) ([]Taken, error) {
	list, err := s.store.Schemes(ctx, SchemeFilter{ActiveOnly: true})
	if err != nil {
		return nil, err
	}
	var out []Taken
	var failed []error
	for _, sc := range list {
		s.named(ctx, &sc)
		for _, period := range []string{PeriodWeek, PeriodMonth} {
			start := LastComplete(period, today)
			kept, err := s.store.Kept(ctx, sc.ID, period, start)
			if err == nil && !kept {
				var r Ranking
				if r, err = s.take(ctx, sc, period, start, today); err == nil && len(r.Rows) > 0 {
					out = append(out, Taken{SchemeID: sc.ID, Period: period, Start: start, Units: len(r.Rows)})
				}
			}
			if err != nil {
				failed = append(failed, fmt.Errorf("rank scheme %d %s %s: %w", sc.ID, period, start, err))
			}
		}
	}
	return out, errors.Join(failed...)
}

// TakeDueNow is TakeDue for today, by the service's clock.
func (s *Service) TakeDueNow(ctx context.Context) ([]Taken, error) {
	return s.TakeDue(ctx, workcal.Today(s.now()))
}

// member is a unit a scheme ranks, before its figures.
type member struct {
	key, name string
	active    bool
}

// maxDepts bounds the departments read of a region subtree; a region's
// own departments come first (its code sorts before its subtree's).
const maxDepts = 5000

// members lists the units a scheme ranks: its region's own departments,
// or its child regions.
func (s *Service) members(ctx context.Context, sc Scheme) ([]member, error) {
	var out []member
	if sc.Subject == SubjectRegion {
		rs, err := s.org.ChildRegions(ctx, sc.Region)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, member{key: r.Code, name: r.Name, active: r.Active})
		}
		return out, nil
	}
	ds, err := s.org.ListDepts(ctx, gov.Query{Region: sc.Region, Limit: maxDepts})
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if d.RegionCode == sc.Region {
			out = append(out, member{key: strconv.FormatInt(d.ID, 10), name: d.Name, active: d.Active})
		}
	}
	return out, nil
}

// score reads the members' counters of a period and ranks them. Inactive
// members are left out unless they have figures in the period.
func (s *Service) score(ctx context.Context, sc Scheme, ms []member, from, to workcal.Date) ([]Row, error) {
	by := stats.ByDept
	if sc.Subject == SubjectRegion {
		by = stats.ByRegion
	}
	groups, err := s.figures.By(ctx, stats.Filter{Region: sc.Region, From: from, To: to}, by)
	if err != nil {
		return nil, err
	}
	counts := make(map[string]stats.Counts, len(groups))
	for _, g := range groups {
		key := g.Key
		if by == stats.ByRegion {
			key = stats.RegionOfPrefix(key)
		}
		c := counts[key]
		c.Add(&g.Counts)
		counts[key] = c
	}
	units := make([]Unit, 0, len(ms))
	for _, m := range ms {
		c := counts[m.key]
		if !m.active && c.Zero() {
			continue
		}
		units = append(units, Unit{Key: m.key, Name: m.name, Counts: c})
	}
	return Score(sc.Indicators, units, s.Config), nil
}
