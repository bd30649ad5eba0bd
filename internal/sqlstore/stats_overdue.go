package sqlstore

import (
	"context"
	"strings"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/stats"
	"github.com/onewindow/onewindow/internal/workcal"
)

// TopOverdue lists the open cases of a figure's scope that are past their
// due date, the most overdue first (the supervision dashboard's 超期未办结
// list): in review or in a special procedure, due before today, in the
// filter's region subtree, department, intake hall and accepting staff
// member. The period of the filter does not apply: an open case is
// overdue whenever it was filed. The cases_due index (status, due_date)
// answers it; the rows before today are few.
func (s *StatStore) TopOverdue(ctx context.Context, f stats.Filter, today workcal.Date, limit int) ([]cases.Summary, error) {
	if limit <= 0 {
		limit = 10
	}
	conds := []string{"c.status IN ('in_review', 'special')", "c.due_date <> ''", "c.due_date < ?", "c.item_code <> ''"}
	conds, args := figureScope(conds, []any{today.String()}, f.Region, f.DeptID, f.HallID)
	if f.StaffID != 0 {
		conds, args = append(conds, "c.accepted_by = ?"), append(args, f.StaffID)
	}
	rows, err := s.db.Query(ctx, "SELECT "+summaryCols+" FROM cases c WHERE "+strings.Join(conds, " AND ")+
		" ORDER BY c.due_date, c.id LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Summary
	for rows.Next() {
		c, err := scanSummary(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
