package rating_test

import (
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/rating"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// The rules of 一事一评: only the applicant, only a concluded case, once,
// within the period, a score of 1–5 with its level's tags; a bad rating
// opens a rectification due in two working days.
func TestRateCase(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		svc := rating.NewService(sqlstore.NewRatingStore(db), e.Svc, e.Calendar.Calendar, e.Clock.Now)
		rate := func(c cases.Case, in rating.Input) (rating.Rating, error) {
			return svc.RateCase(casestest.Ctx(e.Citizen), e.Citizen, c.Number, in)
		}
		good := e.CaseIn(t, cases.Granted)
		open := e.CaseIn(t, cases.InReview)
		bad := e.CaseIn(t, cases.Delivered)

		for _, tc := range []struct {
			name string
			c    cases.Case
			in   rating.Input
			code errs.Code
		}{
			{"score 0", good, rating.Input{Score: 0}, errs.Invalid},
			{"score 6", good, rating.Input{Score: 6}, errs.Invalid},
			{"a bad tag on a good score", good, rating.Input{Score: 5, Tags: []string{"服务态度差"}}, errs.Invalid},
			{"a bad score without a reason", bad, rating.Input{Score: 1}, errs.Invalid},
			{"a case still in review", open, rating.Input{Score: 5}, errs.Conflict},
		} {
			before := head(t, db)
			if _, err := rate(tc.c, tc.in); !errs.Is(err, tc.code) {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			}
			if head(t, db) != before {
				t.Errorf("%s: the refused rating wrote an audit event", tc.name)
			}
		}
		if _, err := svc.RateCase(casestest.Ctx(e.Citizen2), e.Citizen2, good.Number, rating.Input{Score: 5}); !errs.Is(err, errs.NotFound) {
			t.Errorf("someone else's case: %v, want not found", err)
		}
		if _, err := svc.RateCase(casestest.Ctx(e.Supervisor), e.Supervisor, good.Number, rating.Input{Score: 5}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a supervisor rating: %v, want forbidden", err)
		}

		r, err := rate(good, rating.Input{Score: 5, Tags: []string{"办事效率高", "办事效率高"}, Comment: "很快"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Level != "非常满意" || len(r.Tags) != 1 || r.Rectification != 0 || !r.Named {
			t.Errorf("good rating %+v", r)
		}
		if _, err := rate(good, rating.Input{Score: 4}); !errs.Is(err, errs.Conflict) {
			t.Errorf("a second rating: %v, want conflict", err)
		}

		r, err = rate(bad, rating.Input{Score: 2, Tags: []string{"多次跑腿"}, Anonymous: true})
		if err != nil {
			t.Fatal(err)
		}
		if r.Rectification == 0 || r.Named {
			t.Errorf("bad anonymous rating %+v: want a rectification and no name", r)
		}
		list, err := svc.Ratings(casestest.Ctx(e.Supervisor), e.Supervisor, bad.Number)
		if err != nil || len(list) != 1 || list[0].AccountID != 0 || list[0].Rectification != r.Rectification {
			t.Errorf("ratings of the bad case: %+v %v", list, err)
		}
		var stage, due string
		if err := db.QueryRow(t.Context(), "SELECT stage, stage_due FROM rectifications WHERE id = ?", r.Rectification).Scan(&stage, &due); err != nil {
			t.Fatal(err)
		}
		want, _ := e.Calendar.Calendar().Add(e.Clock.Today(), 2, "")
		if stage != rating.StageVerify || due != want.Date.String() {
			t.Errorf("rectification %s due %s, want verify due %s", stage, due, want.Date)
		}

		// The period: 30 days after the conclusion.
		late := e.CaseIn(t, cases.Granted)
		e.Clock.Add(31 * 24 * time.Hour)
		if _, err := rate(late, rating.Input{Score: 5}); !errs.Is(err, errs.Conflict) {
			t.Errorf("31 days after the conclusion: %v, want conflict", err)
		}
	})
}

func head(t *testing.T, db *sqlstore.DB) int64 {
	t.Helper()
	h, err := db.AuditHead(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return h.Seq
}
