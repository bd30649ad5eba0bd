package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/stats"
)

// The dashboard's overdue list holds the open cases past their due date
// within the scope, most overdue first, and nothing concluded, waiting
// for acceptance or not yet due.
func TestTopOverdue(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		e := casestest.New(t, db, nil)
		st := sqlstore.NewStatStore(db)
		review := e.CaseIn(t, cases.InReview)
		e.Clock.Add(24 * time.Hour)
		special := e.CaseIn(t, cases.Special)
		e.CaseIn(t, cases.Granted)
		e.CaseIn(t, cases.Submitted)
		deqin := e.Submit(t, e.Citizen2, casestest.SimpleInput(casestest.LocalItem))
		deqin = e.Do(t, e.ClerkDeqin, deqin.Number, cases.ActAccept)

		numbers := func(f stats.Filter, limit int) []string {
			t.Helper()
			rows, err := st.TopOverdue(ctx, f, e.Clock.Today(), limit)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for i, r := range rows {
				if i > 0 && r.Due.Before(rows[i-1].Due) {
					t.Errorf("not most overdue first: %s before %s", rows[i-1].Due, r.Due)
				}
				out = append(out, r.Number)
			}
			return out
		}
		if got := numbers(stats.Filter{Region: "533400"}, 10); len(got) != 0 {
			t.Fatalf("nothing is due yet, listed %v", got)
		}
		e.Clock.Add(90 * 24 * time.Hour)
		all := numbers(stats.Filter{Region: "533400"}, 10)
		slices.Sort(all)
		want := []string{review.Number, special.Number, deqin.Number}
		slices.Sort(want)
		if !slices.Equal(all, want) {
			t.Fatalf("overdue in the prefecture: %v, want %v", all, want)
		}
		for _, c := range []struct {
			name string
			f    stats.Filter
			want []string
		}{
			{"county", stats.Filter{Region: "533422"}, []string{deqin.Number}},
			{"department", stats.Filter{Region: "533400", DeptID: e.DeptDeqin}, []string{deqin.Number}},
			{"hall", stats.Filter{Region: "533400", HallID: e.HallDeqin.ID}, []string{deqin.Number}},
			{"another county", stats.Filter{Region: "533401"}, nil},
		} {
			if got := numbers(c.f, 10); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
		market := numbers(stats.Filter{Region: "533400", DeptID: e.DeptMarket}, 10)
		if len(market) != 2 || !slices.Contains(market, review.Number) || !slices.Contains(market, special.Number) {
			t.Errorf("market regulator: %v", market)
		}
		if got := numbers(stats.Filter{Region: "533400"}, 1); len(got) != 1 {
			t.Errorf("limit 1: %v", got)
		}
	})
}
