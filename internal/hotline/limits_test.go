package hotline_test

import (
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

func TestSetLimits(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		all, err := e.svc.AllLimits(casestest.Ctx(e.agent), e.agent)
		if err != nil || len(all) != 4 || all[0].Class != hotline.ClassDefault {
			t.Fatalf("limits: %+v, %v", all, err)
		}
		if _, err := e.svc.AllLimits(casestest.Ctx(e.market), e.market); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("department reads limits: %v", err)
		}
		ok := hotline.LimitsInput{Class: "default", Urgency: "normal", SignN: 2, SignUnit: "day", HandleN: 7, HandleUnit: "day", ComplexDays: 20}
		audits := count(t, db, "SELECT COUNT(*) FROM audit_events")
		city := &access.Principal{AccountID: 999, Grants: []access.Grant{{Role: access.Dispatcher, Region: "533401"}}}
		bad := func(f func(*hotline.LimitsInput)) hotline.LimitsInput { in := ok; f(&in); return in }
		for _, c := range []struct {
			name string
			p    *access.Principal
			in   hotline.LimitsInput
			code errs.Code
		}{
			{"agent", e.agent, ok, errs.Forbidden},
			{"department", e.market, ok, errs.Forbidden},
			{"county dispatcher", city, ok, errs.Forbidden},
			{"sign 0", e.dispatcher, bad(func(in *hotline.LimitsInput) { in.SignN = 0 }), errs.Invalid},
			{"sign 11 days", e.dispatcher, bad(func(in *hotline.LimitsInput) { in.SignN = 11 }), errs.Invalid},
			{"handle 61 days", e.dispatcher, bad(func(in *hotline.LimitsInput) { in.HandleN = 61; in.ComplexDays = 60 }), errs.Invalid},
			{"unit", e.dispatcher, bad(func(in *hotline.LimitsInput) { in.SignUnit = "week" }), errs.Invalid},
			{"sign after handle", e.dispatcher, bad(func(in *hotline.LimitsInput) { in.SignN = 8 }), errs.Invalid},
			{"complex short", e.dispatcher, bad(func(in *hotline.LimitsInput) { in.ComplexDays = 3 }), errs.Invalid},
			{"unknown row", e.dispatcher, bad(func(in *hotline.LimitsInput) { in.Class = "praise" }), errs.NotFound},
		} {
			if _, err := e.svc.SetLimits(casestest.Ctx(c.p), c.p, c.in); !errs.Is(err, c.code) {
				t.Errorf("%s: got %v, want %s", c.name, err, c.code)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events"); n != audits {
			t.Fatalf("refused changes wrote %d audit events", n-audits)
		}

		got, err := e.svc.SetLimits(casestest.Ctx(e.dispatcher), e.dispatcher, ok)
		if err != nil || got.HandleN != 7 || got.UpdatedAt.IsZero() {
			t.Fatalf("set: %+v, %v", got, err)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events WHERE action = 'hotline.limits_update' AND object_id = 'default/normal'"); n != 1 {
			t.Fatalf("%d audit events", n)
		}
		// A second edit from the same stale read loses.
		if _, err := e.svc.SetLimits(casestest.Ctx(e.supervisor), e.supervisor, ok); !errs.Is(err, errs.Conflict) {
			t.Fatalf("stale edit: %v", err)
		}
		next := ok
		next.HandleN, next.UpdatedAt = 6, got.UpdatedAt
		if _, err := e.svc.SetLimits(casestest.Ctx(e.supervisor), e.supervisor, next); err != nil {
			t.Fatalf("supervisor edit: %v", err)
		}

		// The new limits apply to the next dispatch.
		tk := e.intake(t, call("0201", "533400"))
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActDispatch})
		if want := "+ 6 个工作日"; !strings.Contains(tk.HandleExplain, want) {
			t.Fatalf("handle explain %q, want %q", tk.HandleExplain, want)
		}
	})
}
