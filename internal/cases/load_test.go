package cases_test

import (
	"testing"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// The hall manager sees the front desk's load: waiting, overdue,
// in correction, waiting for delivery, and who claimed what.
func TestHallLoad(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		hall := e.HallPref.ID
		e.CaseIn(t, cases.Submitted)
		claimed := e.CaseIn(t, cases.Submitted)
		e.Do(t, e.ClerkPref, claimed.Number, cases.ActClaim)
		e.CaseIn(t, cases.Correction)
		e.CaseIn(t, cases.Granted)
		l, err := e.Svc.Load(casestest.Ctx(e.HallManager), e.HallManager, hall)
		if err != nil {
			t.Fatal(err)
		}
		if l.Waiting != 2 || l.Overdue != 0 || l.Correction != 1 || l.Deliver != 1 {
			t.Errorf("load %+v, want 2 waiting, 1 in correction, 1 to deliver", l)
		}
		if len(l.ByClerk) != 1 || l.ByClerk[0].Open != 1 || l.ByClerk[0].Username != e.ClerkPref.Username {
			t.Errorf("claimed %+v, want %s with 1", l.ByClerk, e.ClerkPref.Username)
		}
		// Four working days later both waiting cases are due soon; two more
		// and they are past their 5.
		e.Workdays(t, 4)
		if l, _ = e.Svc.Load(casestest.Ctx(e.HallManager), e.HallManager, hall); l.DueSoon != 2 || l.Overdue != 0 {
			t.Errorf("four working days later: %+v, want 2 due soon", l)
		}
		e.Workdays(t, 2)
		if l, _ = e.Svc.Load(casestest.Ctx(e.HallManager), e.HallManager, hall); l.Overdue != 2 {
			t.Errorf("a week later: %+v, want 2 overdue", l)
		}
		if _, err := e.Svc.Load(casestest.Ctx(e.ClerkDeqin), e.ClerkDeqin, hall); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a clerk of another hall: %v, want forbidden", err)
		}
	})
}
