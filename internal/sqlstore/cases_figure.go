package sqlstore

import (
	"strings"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
)

// figureWhere is the SQL of a figure's drill-down list: the same rules as
// stats.AddCase and stats.AddRating count by, so that a list holds exactly
// the records its figure counts.
func figureWhere(f *cases.FigureFilter) (string, []any, error) {
	conds, args := figureScope([]string{"c.item_code <> ''"}, nil, f.Region, f.DeptID, f.HallID)
	in := func(col string) {
		conds = append(conds, col+" >= ?", col+" < ?")
		args = append(args, f.FromMS, f.ToMS)
	}
	staff := func(col string) {
		if f.StaffID != 0 {
			conds, args = append(conds, col+" = ?"), append(args, f.StaffID)
		}
	}
	decided := "c.accepted_at > 0 AND c.status IN ('granted', 'denied', 'delivered')"
	switch f.Metric {
	case "received", "online", "received_online", "received_mobile", "received_window", "received_agent",
		"corrected", "corrected_repeat":
		in("c.submitted_at")
		staff("c.accepted_by")
		switch f.Metric {
		case "online":
			conds = append(conds, "c.channel IN ('online', 'mobile')")
		case "corrected":
			conds = append(conds, "c.corrections > 0")
		case "corrected_repeat":
			conds = append(conds, "c.corrections > 1")
		case "received":
		default:
			conds, args = append(conds, "c.channel = ?"), append(args, strings.TrimPrefix(f.Metric, "received_"))
		}
	case "accepted", "accept_late", "instant":
		in("c.accepted_at")
		staff("c.accepted_by")
		switch f.Metric {
		case "accept_late":
			conds = append(conds, "c.accept_late")
		case "instant":
			conds = append(conds, "c.instant")
		}
	case "refused", "withdrawn":
		in("c.concluded_at")
		staff("c.accepted_by")
		conds, args = append(conds, "c.status = ?"), append(args, f.Metric)
	case "concluded", "concluded_ontime", "concluded_overdue", "no_visit":
		in("c.concluded_at")
		staff("c.accepted_by")
		conds = append(conds, decided)
		switch f.Metric {
		case "concluded_ontime":
			conds = append(conds, "NOT c.overdue")
		case "concluded_overdue":
			conds = append(conds, "c.overdue")
		case "no_visit":
			conds = append(conds, "c.visits = 0")
		}
	case "rated", "named_bad", "named_bad_callback", "bad_rectified", "bad_voided":
		sub := []string{"r.case_id = c.id", "r.round = 1", "r.created_at >= ?", "r.created_at < ?"}
		args = append(args, f.FromMS, f.ToMS)
		if f.StaffID != 0 {
			sub, args = append(sub, "r.staff_id = ?"), append(args, f.StaffID)
		}
		scores := f.Scores
		if f.Metric != "rated" {
			scores = []int{1, 2}
		}
		if len(scores) > 0 {
			ph := make([]string, len(scores))
			for i, sc := range scores {
				ph[i] = "?"
				args = append(args, sc)
			}
			sub = append(sub, "r.score IN ("+strings.Join(ph, ", ")+")")
		}
		from := "ratings r"
		switch f.Metric {
		case "named_bad":
			sub = append(sub, "r.named")
		case "named_bad_callback":
			from += " JOIN rectifications x ON x.rating_id = r.id"
			sub = append(sub, "r.named", "x.data LIKE '%"+calledBackJSON+"%'")
		case "bad_rectified", "bad_voided":
			from += " JOIN rectifications x ON x.rating_id = r.id"
			outcome := "rectified"
			if f.Metric == "bad_voided" {
				outcome = "upheld"
			}
			sub, args = append(sub, "x.outcome = ?"), append(args, outcome)
		}
		conds = append(conds, "EXISTS (SELECT 1 FROM "+from+" WHERE "+strings.Join(sub, " AND ")+")")
	default:
		return "", nil, errs.Field("metric", "未知的指标 %q", f.Metric)
	}
	return strings.Join(conds, " AND "), args, nil
}

// figureScope adds a figure's scope to conds: the cases of a home-region
// subtree, a department and an intake hall (each when set), as the
// counters key them.
func figureScope(conds []string, args []any, region string, dept, hall int64) ([]string, []any) {
	if region != "" {
		w, a := regionRange("c.region_code", region)
		conds, args = append(conds, w), append(args, a...)
	}
	if dept != 0 {
		conds, args = append(conds, "c.dept_id = ?"), append(args, dept)
	}
	if hall != 0 {
		conds, args = append(conds, "c.intake_hall_id = ?"), append(args, hall)
	}
	return conds, args
}
