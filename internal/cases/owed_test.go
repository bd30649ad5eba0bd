package cases_test

import (
	"testing"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// A material accepted as missing (容缺) is supplied after acceptance, once,
// with files; the case stays where it is.
func TestSupplyOwed(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		c := e.CaseOwing(t, cases.InReview)
		if c.Owed[0].Done || c.Owed[0].Due.IsZero() {
			t.Fatalf("owed %+v", c.Owed)
		}
		act := func(m ...cases.MaterialInput) error {
			_, err := e.Svc.Act(casestest.Ctx(e.Citizen), e.Citizen, c.Number, cases.ActionInput{Action: cases.ActSupplyOwed, Materials: m})
			return err
		}
		if err := act(cases.MaterialInput{Key: casestest.MatPledge, Files: []string{e.Upload(t, e.Citizen)}}); !errs.Is(err, errs.Invalid) {
			t.Errorf("supplying a material that is not owed: %v", err)
		}
		if err := act(cases.MaterialInput{Key: casestest.MatDeferred}); !errs.Is(err, errs.Invalid) {
			t.Errorf("supplying without files: %v", err)
		}
		f := e.Upload(t, e.Citizen)
		if err := act(cases.MaterialInput{Key: casestest.MatDeferred, Files: []string{f}}); err != nil {
			t.Fatal(err)
		}
		v := e.Get(t, e.Citizen, c.Number)
		if v.Status != cases.InReview || !v.Owed[0].Done {
			t.Errorf("after supplying: %s, owed %+v", v.Status, v.Owed)
		}
		found := false
		for _, m := range v.Materials {
			if m.Key == casestest.MatDeferred && len(m.Files) == 1 && m.Files[0] == f && !m.Deferred {
				found = true
			}
		}
		if !found {
			t.Errorf("the supplied file is not among the materials: %+v", v.Materials)
		}
		if err := act(cases.MaterialInput{Key: casestest.MatDeferred, Files: []string{e.Upload(t, e.Citizen)}}); !errs.Is(err, errs.Invalid) {
			t.Errorf("supplying twice: %v", err)
		}
	})
}
