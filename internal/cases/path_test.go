package cases_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// The whole journey of one case: online with an upload, one correction
// notice listing three problems, supplemented, accepted, reviewed, decided,
// mailed and delivered, with its timeline, documents and audit trail.
func TestFullPath(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		ctx := context.Background()
		cit := e.Citizen
		pdf := e.Upload(t, cit)
		in := cases.SubmitInput{ItemCode: casestest.StdItem, Form: casestest.StdForm(),
			Materials: []cases.MaterialInput{{Key: casestest.MatPledge, Files: []string{pdf}}, {Key: casestest.MatDeferred, Files: []string{e.Upload(t, cit)}}},
			Delivery:  cases.DeliveryInput{Method: cases.DeliverMail, Address: "云南省迪庆州香格里拉市建塘镇长征路 1 号", Recipient: "扎西顿珠", Phone: "13988776655"}}
		c := e.Submit(t, cit, in)
		if !regexp.MustCompile(`^533400-20260928-\d{6}$`).MatchString(c.Number) || c.Status != cases.Submitted ||
			c.Channel != cases.ChannelOnline || c.IntakeHallID != e.HallPref.ID || c.DeptID != e.DeptMarket || c.ItemVersion != 1 {
			t.Fatalf("submitted: %+v", c)
		}
		// 09-28 + 5 working days: 09-29, 09-30, (国庆 10-01…10-07), 10-08, 10-09, 10-10 (调休).
		if c.Clock.AcceptDue.String() != "2026-10-10" || !strings.Contains(c.Clock.AcceptExplain, "跳过") {
			t.Errorf("accept due %s (%s)", c.Clock.AcceptDue, c.Clock.AcceptExplain)
		}
		if c.Delivery.Phone != "139****6655" || c.Applicant.Name != "扎西顿珠" || c.Applicant.IDNumber == "" || strings.Contains(c.Applicant.IDNumber, "19850") {
			t.Errorf("personal data not masked: %+v %+v", c.Delivery, c.Applicant)
		}
		if f, err := e.Files.Get(ctx, pdf); err != nil || f.CaseID != c.ID {
			t.Fatalf("upload not attached: %+v %v", f, err)
		}
		n := c.Number

		e.Clock.Add(time.Hour)
		c = e.Act(t, e.ClerkPref, n, cases.ActionInput{Action: cases.ActRequestCorrection, Problems: casestest.Problems()})
		if c.Status != cases.Correction || c.Corrections != 1 || len(c.Problems) != 3 || c.RepeatedCorrection() {
			t.Fatalf("correction: %+v", c)
		}
		if r := c.Clock.Running(); r == nil || r.Kind != "correction" || r.From.String() != "2026-09-28" {
			t.Fatalf("clock not paused: %+v", c.Clock.Pauses)
		}
		v := e.Get(t, cit, n)
		if len(v.Documents) != 1 || v.Documents[0].Kind != cases.DocCorrection || len(v.Documents[0].Content.Items) != 3 ||
			v.Documents[0].Content.Items[2].Problem != casestest.Problems()[2].Problem {
			t.Fatalf("correction notice: %+v", v.Documents)
		}
		if len(v.Tasks) != 1 || v.Tasks[0].State != cases.TaskDone {
			t.Fatalf("acceptance task after the notice: %+v", v.Tasks)
		}

		e.Clock.SetDay(casestest.Day(t, "2026-09-29"))
		fresh := e.Upload(t, cit)
		c = e.Act(t, cit, n, cases.ActionInput{Action: cases.ActSupplement, Form: map[string]any{"shop_name": "雪域高原小吃店", "area": 60},
			Materials: []cases.MaterialInput{{Key: casestest.MatDeferred, Files: []string{fresh}}}})
		if c.Status != cases.Submitted || c.Form["area"] != float64(60) && c.Form["area"] != 60 || c.Clock.Running() != nil {
			t.Fatalf("supplement: %+v form %v pauses %+v", c.Status, c.Form, c.Clock.Pauses)
		}
		if p := c.Clock.Pauses[0]; p.To.String() != "2026-09-29" || p.Days != 1 {
			t.Errorf("correction pause: %+v", p)
		}
		if f, _ := e.Files.Get(ctx, fresh); f.CaseID != c.ID {
			t.Errorf("supplemented file not attached: %+v", f)
		}

		c = e.Do(t, e.ClerkPref, n, cases.ActAccept)
		if c.Status != cases.InReview || c.Stage != 2 || c.Clock.AcceptedOn.String() != "2026-09-29" || c.Clock.Due.IsZero() {
			t.Fatalf("accept: %+v %+v", c.Status, c.Clock)
		}
		inbox, err := e.Svc.List(casestest.Ctx(e.Reviewer), e.Reviewer, cases.ListQuery{View: cases.ViewInbox})
		if err != nil || inbox.Total != 1 || len(inbox.Inbox) != 1 || inbox.Inbox[0].Case.Number != n || inbox.Inbox[0].Task.StepKey != "review" {
			t.Fatalf("reviewer inbox: %v %+v", err, inbox)
		}
		c = e.Do(t, e.Reviewer, n, cases.ActClaim)
		c = e.Act(t, e.Reviewer, n, cases.ActionInput{Action: cases.ActApprove, Comment: "材料齐全，符合条件"})
		if c.Status != cases.InReview || c.Stage != 3 {
			t.Fatalf("after review: %+v stage %d", c.Status, c.Stage)
		}
		c = e.Act(t, e.Approver, n, cases.ActionInput{Action: cases.ActApprove, Comment: "同意许可"})
		if c.Status != cases.Granted || c.Decision == nil || c.Decision.Result != cases.Granted || c.ConcludedAt.IsZero() {
			t.Fatalf("decide: %+v %+v", c.Status, c.Decision)
		}
		if _, err := e.Svc.Act(casestest.Ctx(e.ClerkPref), e.ClerkPref, n, cases.ActionInput{Action: cases.ActDeliver}); errs.FieldOf(err) != "tracking" {
			t.Errorf("mail without a tracking number: %v", err)
		}
		c = e.Act(t, e.ClerkPref, n, cases.ActionInput{Action: cases.ActDeliver, Carrier: "EMS", Tracking: "1191234567890"})
		if c.Status != cases.Delivered || c.Delivery.Tracking != "1191234567890" || c.DeliveredAt.IsZero() {
			t.Fatalf("deliver: %+v %+v", c.Status, c.Delivery)
		}

		v = e.Get(t, cit, n)
		var acts []string
		for i, ev := range v.Events {
			acts = append(acts, ev.Action)
			if i > 0 && ev.ID <= v.Events[i-1].ID {
				t.Errorf("timeline out of order: %+v", v.Events)
			}
		}
		want := []string{"submit", "request_correction", "supplement", "accept", "claim", "approve", "approve", "deliver"}
		if !slices.Equal(acts, want) {
			t.Fatalf("timeline %v, want %v", acts, want)
		}
		if ev := v.Events[3]; ev.ActorID != e.ClerkPref.AccountID || ev.Role != "clerk" || ev.From != cases.Submitted || ev.To != cases.InReview {
			t.Errorf("accept event: %+v", ev)
		}
		if ev := v.Events[6]; ev.ActorID != e.Approver.AccountID || ev.Role != "approver" || ev.To != cases.Granted {
			t.Errorf("decide event: %+v", ev)
		}
		if ev := v.Events[7]; ev.Data["tracking"] != "1191234567890" {
			t.Errorf("deliver event: %+v", ev)
		}
		var kinds []string
		numbers, codes := map[string]bool{}, map[string]bool{}
		for _, d := range v.Documents {
			kinds = append(kinds, d.Kind)
			if numbers[d.Number] || codes[d.CheckCode] || len(d.CheckCode) != 12 || !strings.Contains(d.Number, n) {
				t.Errorf("document number or check code not unique: %+v", d)
			}
			numbers[d.Number], codes[d.CheckCode] = true, true
		}
		if !slices.Equal(kinds, []string{cases.DocCorrection, cases.DocAccept, cases.DocGrant}) {
			t.Fatalf("documents %v", kinds)
		}
		grant := v.Documents[2]
		chk, err := e.Svc.CheckDocument(ctx, strings.ToLower(grant.CheckCode))
		if err != nil || chk.Number != grant.Number || chk.Case == nil || chk.Case.Status != cases.Delivered || chk.Content.Applicant == "扎西顿珠" {
			t.Fatalf("public check: %v %+v", err, chk)
		}
		if _, err := e.Svc.CheckDocument(ctx, "AAAAAAAAAAAA"); !errs.Is(err, errs.NotFound) {
			t.Errorf("forged code: %v", err)
		}
		if d, _, err := e.Svc.DocumentFor(ctx, cit, n, grant.ID); err != nil || d.Kind != cases.DocGrant {
			t.Errorf("document for the applicant: %v", err)
		}
		if _, _, err := e.Svc.DocumentFor(ctx, e.Citizen2, n, grant.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("document for someone else: %v", err)
		}

		for _, a := range want {
			if e.Count(t, "SELECT COUNT(*) FROM audit_events WHERE action = ? AND object_type = 'case' AND object_id = ?", "case."+a, n) == 0 {
				t.Errorf("no audit event case.%s", a)
			}
		}
		if got := e.Count(t, "SELECT COUNT(*) FROM audit_events WHERE object_type = 'case' AND object_id = ?", n); got != len(want) {
			t.Errorf("%d audit events for the case, want %d", got, len(want))
		}
		if e.Count(t, "SELECT COUNT(*) FROM audit_events WHERE after_json LIKE ? OR after_json LIKE ?", "%13988776655%", "%扎西顿珠%") != 0 {
			t.Error("audit log holds personal data")
		}
		msgs, err := e.Svc.Messages(ctx, cit, 0)
		if err != nil || len(msgs) < 5 || msgs[0].Number != n {
			t.Fatalf("messages: %v %+v", err, msgs)
		}
		if err := e.Svc.MarkRead(ctx, cit, []int64{msgs[0].ID}); err != nil {
			t.Fatal(err)
		}
		if msgs, _ = e.Svc.Messages(ctx, cit, 0); msgs[0].ReadAt.IsZero() || !msgs[1].ReadAt.IsZero() {
			t.Errorf("mark read: %+v", msgs[:2])
		}
		e.CheckCounters(t)
		e.VerifyAudit(t)
	})
}
