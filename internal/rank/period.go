package rank

import (
	"fmt"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Bounds returns the last day of the period starting at start; Invalid
// (field start) when start is not a Monday (week) or a 1st (month).
func Bounds(period string, start workcal.Date) (workcal.Date, error) {
	switch period {
	case PeriodWeek:
		if start.Weekday() != time.Monday {
			return workcal.Date{}, errs.Field("start", "周排名的起始日应为星期一，%s 不是", start)
		}
		return start.AddDays(6), nil
	case PeriodMonth:
		if start.Day() != 1 {
			return workcal.Date{}, errs.Field("start", "月排名的起始日应为 1 日，如 %s", firstOfMonth(start))
		}
		return workcal.NewDate(start.Year(), start.Month()+1, 1).AddDays(-1), nil
	}
	return workcal.Date{}, errs.Field("period", "周期应为 week（周）或 month（月）")
}

func firstOfMonth(d workcal.Date) workcal.Date { return workcal.NewDate(d.Year(), d.Month(), 1) }

// Previous is the start of the period before the one starting at start.
func Previous(period string, start workcal.Date) workcal.Date {
	if period == PeriodMonth {
		return workcal.NewDate(start.Year(), start.Month()-1, 1)
	}
	return start.AddDays(-7)
}

// next is the start of the period after the one starting at start.
func next(period string, start workcal.Date) workcal.Date {
	if period == PeriodMonth {
		return workcal.NewDate(start.Year(), start.Month()+1, 1)
	}
	return start.AddDays(7)
}

// LastComplete is the start of the last period that ended before today:
// last week's Monday, or the 1st of last month.
func LastComplete(period string, today workcal.Date) workcal.Date {
	if period == PeriodMonth {
		return Previous(period, firstOfMonth(today))
	}
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	return monday.AddDays(-7)
}

// previousSpan is the period a live ranking compares with: as many whole
// months before when from…to are whole months, else as many days before.
func previousSpan(from, to workcal.Date) (workcal.Date, workcal.Date) {
	if from.Day() == 1 && to.AddDays(1).Day() == 1 {
		months := (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1
		return workcal.NewDate(from.Year(), from.Month()-time.Month(months), 1), from.AddDays(-1)
	}
	n := to.Sub(from) + 1
	return from.AddDays(-n), from.AddDays(-1)
}

// PeriodTitle says a period in words: 2026年10月, 2026-10-05 至 2026-10-11.
func PeriodTitle(period string, from, to workcal.Date) string {
	switch period {
	case PeriodMonth:
		return fmt.Sprintf("%d年%d月", from.Year(), from.Month())
	case PeriodWeek:
		return fmt.Sprintf("%s 至 %s（周）", from, to)
	}
	return fmt.Sprintf("%s 至 %s", from, to)
}
