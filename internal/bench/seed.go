// Package bench measures OneWindow against the figures in DESIGN.md: it
// fills a database with generated cases, starts the real HTTP handler on
// a loopback port and drives it with concurrent clients (durable case
// submissions, reading one case, work lists with their totals). The
// `onewindow bench` command prints the report; docs/benchmarks.md records
// the results.
package bench

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Population is who and what generated cases belong to.
type Population struct {
	ItemCode    string
	ItemName    string
	Region      string
	Regions     []string // home regions to spread the cases over (the region and its counties); empty: Region
	HallID      int64
	DeptIDs     []int64 // the first one gets a tenth of all cases (the measured reviewer's dept)
	DeptNames   []string
	Applicants  []int64 // the first one gets a tenth of all cases (the measured applicant)
	ApplicantNm string
}

// Seed inserts n generated cases with one task each, in bulk (no audit
// events: this is synthetic load, not records of anything that happened),
// then rebuilds the list counters and the indicator counters. Of the cases
// 85 % are delivered, 5 % granted, 6 % in review with an open review task,
// 4 % submitted with an open acceptance task; they are spread over the
// population's regions and departments, two years of days (at least 30
// seconds apart), four channels, with one in twenty concluded late and one
// in fifty accepted late. It returns the numbers of the first applicant's
// cases (up to 10,000) for the read benchmark.
func Seed(ctx context.Context, db *sqlstore.DB, n int, pop Population, progress func(done int)) ([]string, error) {
	const rowsPerStmt = 250
	const rowsPerTx = 20000
	rng := rand.New(rand.NewPCG(42, uint64(n)))
	base := time.Date(2025, 1, 2, 9, 0, 0, 0, workcal.China)
	step := min(30*time.Second, 2*365*24*time.Hour/time.Duration(max(n, 1)))
	regions := pop.Regions
	if len(regions) == 0 {
		regions = []string{pop.Region}
	}
	channels := []string{"online", "online", "mobile", "mobile", "window", "agent"}
	var mine []string
	var startID int64
	if err := db.Reader().QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM cases").Scan(&startID); err != nil {
		return nil, err
	}
	// One connection with a large page cache; the secondary indexes are
	// dropped while a mostly empty database is filled and built afterwards
	// in one sort each (tens of times faster than random inserts into them).
	w, err := db.Writer().Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer w.Close()
	if db.Engine == sqlstore.SQLite {
		if _, err := w.ExecContext(ctx, "PRAGMA cache_size = -4000000"); err != nil {
			return nil, err
		}
	}
	restore := func() error { return nil }
	if n >= 100_000 && startID < int64(n)/10 {
		if restore, err = dropIndexes(ctx, db, w); err != nil {
			return nil, err
		}
		defer restore() // on an error path; done once
	}
	for done := 0; done < n; {
		tx, err := w.BeginTx(ctx, nil)
		if err != nil {
			return nil, err
		}
		for inTx := 0; inTx < rowsPerTx && done < n; {
			k := min(rowsPerStmt, n-done, rowsPerTx-inTx)
			var cs, ts strings.Builder
			cargs := make([]any, 0, k*17)
			targs := make([]any, 0, k*11)
			for j := 0; j < k; j++ {
				i := done + j
				id := startID + int64(i) + 1
				at := base.Add(time.Duration(i) * step)
				number := fmt.Sprintf("%s-%s-%06d", pop.Region[:6], at.Format("20060102"), i%1_000_000+1)
				number = fmt.Sprintf("%s-B%d", number, i/1_000_000) // unique across days and runs
				app := pop.Applicants[1+rng.IntN(len(pop.Applicants)-1)]
				if i%10 == 0 {
					app = pop.Applicants[0]
					if len(mine) < 10000 {
						mine = append(mine, number)
					}
				}
				di := 1 + rng.IntN(max(1, len(pop.DeptIDs)-1))
				if i%10 == 1 || len(pop.DeptIDs) == 1 {
					di = 0
				}
				dept := pop.DeptIDs[di]
				status, role, state, stage, hall := "delivered", "reviewer", "done", 2, int64(0)
				switch r := rng.IntN(100); {
				case r < 4:
					status, role, state, stage, hall = "submitted", "clerk", "open", 0, pop.HallID
				case r < 10:
					status, state = "in_review", "open"
				case r < 15:
					status = "granted"
				}
				day := workcal.DateOf(at).String()
				due := workcal.DateOf(at.AddDate(0, 0, 14)).String()
				region := regions[rng.IntN(len(regions))]
				channel := channels[rng.IntN(len(channels))]
				visits := 0
				if channel == "window" || channel == "agent" {
					visits = 1
				}
				accepted, concluded, used := int64(0), int64(0), 0
				overdue, late := rng.IntN(20) == 0, rng.IntN(50) == 0
				if status != "submitted" {
					accepted = at.Add(2 * time.Hour).UnixMilli()
					if late {
						accepted = at.AddDate(0, 0, 8).UnixMilli()
					}
				}
				if status == "delivered" || status == "granted" {
					used = 3 + rng.IntN(7)
					if overdue {
						used = 11 + rng.IntN(5)
					}
					concluded = at.AddDate(0, 0, used*7/5).UnixMilli()
				}
				data := fmt.Sprintf(`{"applicant":{"kind":"person","name":%q},"form":{"note":"压测数据 %d"},"materials":[],"delivery":{"method":"pickup","hall_id":%d},"clock":{"accept_due":%q,"accepted_on":%q,"promised":10,"legal":20,"due":%q},"dept_name":%q,"hall_name":"政务服务中心","visits":0}`,
					pop.ApplicantNm, i, pop.HallID, day, day, due, pop.DeptNames[di])
				if j > 0 {
					cs.WriteString(",")
					ts.WriteString(",")
				}
				cs.WriteString("(?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 10, ?, ?, ?)")
				cargs = append(cargs, id, number, pop.ItemCode, pop.ItemName, dept, region, region, pop.HallID, app,
					0, channel, status, stage, at.UnixMilli(), day, due, accepted, concluded, overdue && concluded > 0,
					late && accepted > 0, visits, used, data, at.UnixMilli(), at.UnixMilli())
				ts.WriteString("(?, 'review', '审查', ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				targs = append(targs, id, stage, role, pop.Region, deptIf(role, dept), hall, state, day, due, at.UnixMilli())
			}
			if _, err := tx.ExecContext(ctx, db.Rebind(`INSERT INTO cases (id, number, item_code, name, item_version, dept_id,
				region_code, intake_region, intake_hall_id, applicant_id, filer_id, channel, status, stage, submitted_at,
				accept_due, due_date, accepted_at, concluded_at, overdue, accept_late, visits, used_days, promised_days,
				data, created_at, updated_at) VALUES `+cs.String()), cargs...); err != nil {
				tx.Rollback()
				return nil, fmt.Errorf("seed cases: %w", err)
			}
			if _, err := tx.ExecContext(ctx, db.Rebind(`INSERT INTO case_tasks (case_id, step_key, step_name, stage, role,
				region_code, dept_id, hall_id, state, started_on, due_date, created_at) VALUES `+ts.String()), targs...); err != nil {
				tx.Rollback()
				return nil, fmt.Errorf("seed tasks: %w", err)
			}
			done += k
			inTx += k
		}
		if err := tx.Commit(); err != nil {
			return nil, err
		}
		if progress != nil {
			progress(done)
		}
	}
	if err := restore(); err != nil {
		return nil, err
	}
	if db.Engine == sqlstore.Postgres {
		// Identity columns do not advance on explicit ids.
		for _, t := range []string{"cases", "case_tasks"} {
			if _, err := w.ExecContext(ctx, fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %s))", t, t)); err != nil {
				return nil, err
			}
		}
	} else if _, err := w.ExecContext(ctx, "PRAGMA cache_size = -2000"); err != nil {
		return nil, err
	}
	// The counters are rebuilt through the pool: give its connection back.
	if err := w.Close(); err != nil {
		return nil, err
	}
	if err := sqlstore.NewCaseStore(db).RebuildCounters(ctx); err != nil {
		return nil, err
	}
	if err := sqlstore.NewStatStore(db).Rebuild(ctx); err != nil {
		return nil, err
	}
	// Planner statistics last, over the filled tables.
	if _, err := db.Exec(ctx, "ANALYZE"); err != nil {
		return nil, err
	}
	if db.Engine == sqlstore.SQLite {
		if err := db.DropStat4(ctx); err != nil {
			return nil, err
		}
	}
	return mine, nil
}

// dropIndexes drops the secondary (non-unique) indexes of cases and
// case_tasks and returns the function that creates them again.
func dropIndexes(ctx context.Context, db *sqlstore.DB, w *sql.Conn) (func() error, error) {
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('cases', 'case_tasks') AND sql IS NOT NULL`
	if db.Engine == sqlstore.Postgres {
		q = `SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname
			JOIN pg_index x ON x.indexrelid = c.oid WHERE i.tablename IN ('cases', 'case_tasks') AND NOT x.indisunique`
	}
	rows, err := w.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	for _, name := range names {
		if _, err := w.ExecContext(ctx, "DROP INDEX "+name); err != nil {
			return nil, err
		}
	}
	done := false
	return func() error {
		if done {
			return nil
		}
		done = true
		for _, def := range defs {
			if _, err := w.ExecContext(context.Background(), def); err != nil {
				return fmt.Errorf("rebuild index: %w", err)
			}
		}
		return nil
	}, nil
}

func deptIf(role string, dept int64) int64 {
	if role == "clerk" {
		return 0
	}
	return dept
}
