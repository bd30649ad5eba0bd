package cases_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// 通办: a clerk in 香格里拉市 takes an item of 德钦县 whose scope allows it;
// 德钦县's department reviews it; the result is picked up at 德钦县's hall.
func TestCrossRegion(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		ctx := context.Background()
		clerk := e.ClerkCity

		// An item without a cross-region scope is refused, and nothing is
		// written (not even the walk-in applicant's account).
		local := casestest.SimpleInput(casestest.LocalItem)
		local.OnBehalfOf = casestest.WalkIn("格桑卓玛", "533422", 11)
		accounts, head := e.Count(t, "SELECT COUNT(*) FROM accounts"), e.Head(t)
		_, err := e.Svc.Submit(casestest.Ctx(clerk), clerk, local)
		if errs.FieldOf(err) != "item_code" || !strings.Contains(errs.MessageOf(err), "不支持异地受理") ||
			!strings.Contains(errs.MessageOf(err), "德钦县") {
			t.Fatalf("an item without 通办: %v", err)
		}
		if e.Count(t, "SELECT COUNT(*) FROM accounts") != accounts || e.Head(t) != head || e.Count(t, "SELECT COUNT(*) FROM cases") != 0 {
			t.Fatal("a refused submission wrote something")
		}

		in := casestest.SimpleInput(casestest.CrossItem)
		in.OnBehalfOf = casestest.WalkIn("格桑卓玛", "533422", 11)
		in.Delivery = cases.DeliveryInput{Method: cases.DeliverPickup, HallID: e.HallDeqin.ID}
		c := e.Submit(t, clerk, in)
		if c.IntakeHallID != e.HallCity.ID || c.IntakeRegion != "533401" || c.RegionCode != "533422" || c.DeptID != e.DeptDeqin ||
			!c.CrossRegion() || c.IntakeRegionName != "香格里拉市" || c.HomeRegionName != "德钦县" || c.DeptName != "德钦县市场监督管理局" ||
			!strings.HasPrefix(c.Number, "533422-") || c.Delivery.HallID != e.HallDeqin.ID || c.Channel != cases.ChannelWindow {
			t.Fatalf("cross-region case: %+v", c)
		}
		n := c.Number
		hall, err := e.Svc.List(ctx, clerk, cases.ListQuery{View: cases.ViewHall})
		if err != nil || hall.Total != 1 || hall.Cases[0].Number != n {
			t.Fatalf("intake hall's list: %v %+v", err, hall)
		}
		queue, err := e.Svc.List(ctx, clerk, cases.ListQuery{View: cases.ViewInbox})
		if err != nil || queue.Total != 1 || queue.Inbox[0].Task.HallID != e.HallCity.ID {
			t.Fatalf("intake clerk's queue: %v %+v", err, queue)
		}
		// The home hall's clerk sees the case (it is to be picked up there)
		// but may not accept it.
		before := e.State(t, n)
		if _, err := e.Svc.Act(ctx, e.ClerkDeqin, n, cases.ActionInput{Action: cases.ActAccept}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("the home hall's clerk accepts: %v", err)
		}
		if _, err := e.Svc.Act(ctx, e.ClerkPref, n, cases.ActionInput{Action: cases.ActAccept}); !errs.Is(err, errs.NotFound) {
			t.Errorf("an unrelated hall's clerk: %v", err)
		}
		e.Unchanged(t, "other halls", n, before)

		e.Do(t, clerk, n, cases.ActAccept)
		inbox, err := e.Svc.List(ctx, e.ReviewerDeqin, cases.ListQuery{View: cases.ViewInbox})
		if err != nil || inbox.Total != 1 || inbox.Inbox[0].Case.Number != n || inbox.Inbox[0].Task.DeptID != e.DeptDeqin {
			t.Fatalf("home reviewer's inbox: %v %+v", err, inbox)
		}
		if other, err := e.Svc.List(ctx, e.Reviewer, cases.ListQuery{View: cases.ViewInbox}); err != nil || other.Total != 0 {
			t.Errorf("the prefecture's reviewer sees it: %v %+v", err, other)
		}
		dept, err := e.Svc.List(ctx, e.ApproverDeqin, cases.ListQuery{View: cases.ViewDept})
		if err != nil || dept.Total != 1 {
			t.Errorf("home department's list: %v %+v", err, dept)
		}
		e.Do(t, e.ReviewerDeqin, n, cases.ActApprove)
		if c := e.Do(t, e.ApproverDeqin, n, cases.ActApprove); c.Status != cases.Granted {
			t.Fatalf("decided: %s", c.Status)
		}
		if v := e.Get(t, clerk, n); v.Status != cases.Granted || len(v.Documents) != 2 {
			t.Errorf("the intake side sees the result: %s %+v", v.Status, v.Documents)
		}
		if _, err := e.Svc.Act(ctx, e.ClerkDeqin, n, cases.ActionInput{Action: cases.ActDeliver, PickupCode: "000000x"}); errs.FieldOf(err) != "pickup_code" {
			t.Errorf("a wrong pickup code: %v", err)
		}
		if c := e.Act(t, e.ClerkDeqin, n, cases.ActionInput{Action: cases.ActDeliver, PickupCode: e.PickupCode(t, n)}); c.Status != cases.Delivered {
			t.Fatalf("delivered at the home hall: %s", c.Status)
		}
		if e.Count(t, "SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = ?", n) != 5 {
			t.Error("timeline incomplete")
		}
		e.CheckCounters(t)
		e.VerifyAudit(t)
	})
}
