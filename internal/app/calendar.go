package app

import (
	"fmt"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/web"
	"github.com/onewindow/onewindow/internal/workcal"
)

// missingYears lists the current and next year that have no statutory
// holiday schedule: deadlines in them would count weekends only.
func (a *App) missingYears() []int {
	return a.Calendar.Calendar().MissingYears(workcal.Today(a.cfg.Now()))
}

// calendarBanners warns the people who can fix it (calendar managers) and
// everyone whose deadlines depend on it (staff) that a year is missing.
func (a *App) calendarBanners() []web.Banner {
	missing := a.missingYears()
	if len(missing) == 0 {
		return nil
	}
	ys := make([]string, len(missing))
	for i, y := range missing {
		ys[i] = fmt.Sprint(y)
	}
	return []web.Banner{{
		Text: fmt.Sprintf("工作日历缺少 %s 年的法定节假日安排：这些年份的期限暂按周末推算。国务院办公厅通知发布后，请在“工作日历”中录入或导入。",
			strings.Join(ys, "、")),
		TextEN: fmt.Sprintf("The working-day calendar has no statutory holiday schedule for %s: deadlines there count weekends only. Enter or import it on the calendar page once the State Council publishes it.",
			strings.Join(ys, ", ")),
		Class: "warn", Perm: access.CalendarEdit,
	}}
}
