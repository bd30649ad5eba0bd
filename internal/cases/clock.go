package cases

import (
	"fmt"
	"strings"

	"github.com/onewindow/onewindow/internal/workcal"
)

// AcceptDays is the time a department has to decide on acceptance before a
// case is accepted by law (行政许可法 第三十二条: 五日内), in working days.
const AcceptDays = 5

// Warning levels of a due date.
const (
	LevelNormal = "normal"
	LevelYellow = "yellow" // due within the warning window
	LevelRed    = "red"    // overdue
)

// calc computes due dates on a calendar for one region.
type calc struct {
	cal    *workcal.Calendar
	region string
}

// acceptDue is the deemed-acceptance date: AcceptDays working days after from.
func (k calc) acceptDue(from workcal.Date) (workcal.Date, string, error) {
	r, err := k.cal.Add(from, AcceptDays, k.region)
	if err != nil {
		return workcal.Date{}, "", err
	}
	return r.Date, fmt.Sprintf("收件 %s + %d 个工作日%s → %s", from, AcceptDays, r.Notes(), r.Date), nil
}

// caseDue computes the whole case's due date: promised days from
// acceptance plus extensions plus the working days paused, explained.
func (k calc) caseDue(c *Clock) error {
	if c.AcceptedOn.IsZero() {
		return nil
	}
	n := c.Promised + c.Extended + c.Paused
	if n == 0 {
		c.Due = c.AcceptedOn
		c.DueExplain = fmt.Sprintf("即办件：受理当日 %s 办结", c.AcceptedOn)
		return nil
	}
	r, err := k.cal.Add(c.AcceptedOn, n, k.region)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "受理 %s + %d 个工作日", c.AcceptedOn, c.Promised)
	if c.Extended > 0 {
		fmt.Fprintf(&b, "，延期 %d 个工作日", c.Extended)
	}
	if c.Paused > 0 {
		fmt.Fprintf(&b, "，暂停 %d 个工作日（%s）", c.Paused, pauseNames(c.Pauses))
	}
	b.WriteString(r.Notes())
	fmt.Fprintf(&b, " → %s", r.Date)
	c.Due, c.DueExplain = r.Date, b.String()
	return nil
}

// pauseNames lists the ended pauses that Paused counts: special
// procedures. A correction pause lies before acceptance, where the case
// clock has not started.
func pauseNames(ps []Pause) string {
	var names []string
	for _, p := range ps {
		if p.Kind != "special" || p.To.IsZero() || p.Days == 0 {
			continue
		}
		names = append(names, fmt.Sprintf("%s %s…%s", p.Name, p.From, p.To))
	}
	return strings.Join(names, "；")
}

// taskDue is a step's due date: days working days after start (the same
// day when days is 0), plus paused working days.
func (k calc) taskDue(start workcal.Date, days, paused int) (workcal.Date, string, error) {
	n := days + paused
	if n == 0 {
		return start, fmt.Sprintf("当日 %s 办结", start), nil
	}
	r, err := k.cal.Add(start, n, k.region)
	if err != nil {
		return workcal.Date{}, "", err
	}
	s := fmt.Sprintf("%s + %d 个工作日", start, days)
	if paused > 0 {
		s += fmt.Sprintf("，暂停 %d 个工作日", paused)
	}
	return r.Date, s + r.Notes() + " → " + r.Date.String(), nil
}

// pausedDays counts the working days lost to a pause from..to: the
// working days after from up to and including to. A pause started and
// ended on the same day costs nothing.
func (k calc) pausedDays(from, to workcal.Date) (int, error) {
	return k.cal.Between(from, to, k.region)
}

// Level says how close due is on day today: red after it, yellow when at
// most warn working days remain, normal otherwise.
func Level(cal *workcal.Calendar, region string, today, due workcal.Date, warn int) string {
	if due.IsZero() {
		return LevelNormal
	}
	if today.After(due) {
		return LevelRed
	}
	n, err := cal.Between(today, due, region)
	if err == nil && n <= warn {
		return LevelYellow
	}
	return LevelNormal
}
