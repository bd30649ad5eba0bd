package hotline

import (
	"context"
	"fmt"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Limit classes besides ticket types.
const (
	ClassDefault    = "default"
	ClassEnterprise = "enterprise" // 企业直通车
)

// limits finds the limits of a ticket: the enterprise row for a fast-lane
// subject, else the row of its type, else the default row.
func (s *Service) limits(ctx context.Context, t *Ticket) (Limits, error) {
	var classes []string
	if t.FastLane {
		classes = append(classes, ClassEnterprise)
	}
	classes = append(classes, t.Type, ClassDefault)
	for _, c := range classes {
		l, err := s.store.Limits(ctx, c, t.Urgency)
		if err == nil {
			return l, nil
		}
		if !errs.Is(err, errs.NotFound) {
			return Limits{}, err
		}
	}
	// The migration seeds the default rows; without them use the seeds' figures.
	if t.Urgency == Urgent {
		return Limits{Class: ClassDefault, Urgency: Urgent, SignN: 2, SignUnit: "hour", HandleN: 1, HandleUnit: "day", ComplexDays: 5}, nil
	}
	return Limits{Class: ClassDefault, Urgency: Normal, SignN: 1, SignUnit: "day", HandleN: 5, HandleUnit: "day", ComplexDays: 15}, nil
}

// Due adds n units to from on the calendar of region and explains it.
//
//   - unit "day": n working days after from's China day (from's day never
//     counts); due at the end (24:00) of that day.
//   - unit "hour": n clock hours, counting only the hours of working days
//     (a working day counts all 24 of its hours; a weekend or holiday
//     counts none): 2 hours from Friday 23:00 end Monday 01:00.
func Due(cal *workcal.Calendar, region string, from time.Time, n int, unit string) (time.Time, string, error) {
	if n <= 0 {
		return time.Time{}, "", errs.Field("days", "时限应大于 0")
	}
	from = from.In(workcal.China)
	if unit == "hour" {
		left := time.Duration(n) * time.Hour
		t := from
		for i := 0; i < 3660; i++ {
			d := workcal.DateOf(t)
			end := dayStart(d.AddDays(1))
			if !cal.IsWorkday(d, region) {
				t = end
				continue
			}
			if t.Add(left).Compare(end) <= 0 {
				due := t.Add(left)
				return due, fmt.Sprintf("%s 起 %d 小时（只计工作日）→ %s", from.Format("2006-01-02 15:04"), n,
					due.Format("2006-01-02 15:04")), nil
			}
			left -= end.Sub(t)
			t = end
		}
		return time.Time{}, "", errs.Field("days", "时限超出工作日历支持的范围")
	}
	r, err := cal.Add(workcal.DateOf(from), n, region)
	if err != nil {
		return time.Time{}, "", err
	}
	due := dayStart(r.Date.AddDays(1))
	return due, fmt.Sprintf("%s + %d 个工作日%s → %s 24:00", workcal.DateOf(from), n, r.Notes(), r.Date), nil
}

// dayStart is 00:00 of d in China.
func dayStart(d workcal.Date) time.Time {
	y, m, dd := d.YMD()
	return time.Date(y, m, dd, 0, 0, 0, 0, workcal.China)
}

// startClocks sets the sign and handle limits of a ticket dispatched at now.
func (s *Service) startClocks(ctx context.Context, t *Ticket, now time.Time) error {
	l, err := s.limits(ctx, t)
	if err != nil {
		return err
	}
	cal := s.cal()
	if t.SignDue, t.SignExplain, err = Due(cal, t.Region, now, l.SignN, l.SignUnit); err != nil {
		return err
	}
	n, unit := l.HandleN, l.HandleUnit
	if t.Complex {
		n, unit = l.ComplexDays, "day"
	}
	t.HandleDue, t.HandleExplain, err = Due(cal, t.Region, now, n, unit)
	if t.Complex {
		t.HandleExplain = "复杂件：" + t.HandleExplain
	}
	return err
}

// timeT is time.Time, short for the many zero values the actions set.
type timeT = time.Time
