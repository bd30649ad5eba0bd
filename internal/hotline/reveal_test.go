package hotline_test

import (
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

func TestRevealPhone(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		in := call("0201", "533400")
		in.Confidential = true
		tk := e.intake(t, in)
		tk = e.act(t, e.dispatcher, tk.Number, hotline.ActionInput{Action: hotline.ActDispatch})
		audits := count(t, db, "SELECT COUNT(*) FROM audit_events")

		// Refusals write nothing: the lead department (403: it sees the
		// ticket), another department (404), a dispatcher without
		// pii.reveal and a supervisor (403), an agent without a reason (422).
		for _, c := range []struct {
			name string
			err  error
			code errs.Code
		}{
			{"department", reveal(e, e.market, tk.Number, "回访来电人"), errs.Forbidden},
			{"other department", reveal(e, e.housingRv, tk.Number, "回访来电人"), errs.NotFound},
			{"dispatcher", reveal(e, e.dispatcher, tk.Number, "回访来电人"), errs.Forbidden},
			{"supervisor", reveal(e, e.supervisor, tk.Number, "回访来电人"), errs.Forbidden},
			{"no reason", reveal(e, e.agent, tk.Number, ""), errs.Invalid},
			{"short reason", reveal(e, e.agent, tk.Number, "回访"), errs.Invalid},
			{"unknown", reveal(e, e.agent, "533400-RX-20000101-000009", "回访来电人"), errs.NotFound},
		} {
			if !errs.Is(c.err, c.code) {
				t.Errorf("%s: got %v, want %s", c.name, c.err, c.code)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events"); n != audits {
			t.Fatalf("refused reveals wrote %d audit events", n-audits)
		}

		phone, err := e.svc.RevealPhone(casestest.Ctx(e.agent), e.agent, tk.Number, "回访来电人，核实办理结果")
		if err != nil || phone != "13988776655" {
			t.Fatalf("agent reveal: %q, %v", phone, err)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events WHERE action = ? AND object_id = ? AND reason = ?",
			hotline.ActRevealPhone, tk.Number, "回访来电人，核实办理结果"); n != 1 {
			t.Fatalf("%d reveal audit events with the reason, want 1", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events WHERE before_json LIKE ? OR after_json LIKE ? OR reason LIKE ?",
			"%8776655%", "%8776655%", "%8776655%"); n != 0 {
			t.Fatalf("the number is in %d audit events", n)
		}
		got, err := e.store.Ticket(casestest.Ctx(e.agent), tk.Number)
		if err != nil || got.Version != tk.Version {
			t.Fatalf("reveal changed the ticket: version %d, %v", got.Version, err)
		}
	})
}

func reveal(e *env, p *access.Principal, number, reason string) error {
	_, err := e.svc.RevealPhone(casestest.Ctx(p), p, number, reason)
	return err
}
