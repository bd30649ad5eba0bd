package cases_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// Bad applications are refused as Invalid with every problem listed, and
// nothing is written: no case, no attached file, no audit event.
func TestBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := casestest.New(t, db, nil)
		ctx := context.Background()
		cit := e.Citizen
		mine, theirs := e.Upload(t, cit), e.Upload(t, e.Citizen2)
		used := e.SubmitStd(t, cit)
		usedFile := used.Materials[0].Files[0]
		cases0, head := e.Count(t, "SELECT COUNT(*) FROM cases"), e.Head(t)
		accounts, msgs := e.Count(t, "SELECT COUNT(*) FROM accounts"), e.Count(t, "SELECT COUNT(*) FROM messages")
		nothing := func(what string) {
			t.Helper()
			if e.Count(t, "SELECT COUNT(*) FROM cases") != cases0 || e.Head(t) != head ||
				e.Count(t, "SELECT COUNT(*) FROM accounts") != accounts || e.Count(t, "SELECT COUNT(*) FROM messages") != msgs {
				t.Errorf("%s wrote something", what)
			}
			if f, _ := e.Files.Get(ctx, mine); f.CaseID != 0 {
				t.Errorf("%s attached the upload", what)
			}
		}

		// Every problem at once: the form's and the materials'.
		_, err := e.Svc.Submit(ctx, cit, cases.SubmitInput{ItemCode: casestest.StdItem,
			Form: map[string]any{"shop_name": "", "area": 0},
			Materials: []cases.MaterialInput{
				{Key: casestest.MatDeferred, Pledge: true},
				{Key: casestest.MatOptional, Paper: true},
				{Key: "m9", Files: []string{mine}},
			}})
		var fe *catalog.FormErrors
		if !errs.Is(err, errs.Invalid) || !errors.As(err, &fe) {
			t.Fatalf("bad application: %v", err)
		}
		var paths []string
		for _, p := range fe.List {
			paths = append(paths, p.Path)
		}
		for _, want := range []string{"form.shop_name", "form.area", "materials[2]", "materials.m1", "materials.m2", "materials.m3"} {
			if !slices.Contains(paths, want) {
				t.Errorf("problem at %s not listed: %v", want, paths)
			}
		}
		for _, p := range fe.List {
			if p.Path == "materials.m2" && !strings.Contains(p.Reason, "不适用告知承诺") {
				t.Errorf("a pledge where none is allowed: %+v", p)
			}
			if p.Path == "materials.m1" && !strings.Contains(p.Reason, "或选择告知承诺") {
				t.Errorf("a missing material that allows a pledge: %+v", p)
			}
		}
		if !strings.Contains(errs.MessageOf(err), "申请表有") {
			t.Errorf("summary: %s", errs.MessageOf(err))
		}
		nothing("a bad application")

		for _, c := range []struct {
			what string
			in   cases.SubmitInput
			code errs.Code
			msg  string
		}{
			{"someone else's file", withFiles(casestest.StdForm(), mine, theirs), errs.Invalid, "不属于申请人"},
			{"a file of another case", withFiles(casestest.StdForm(), usedFile, mine), errs.Invalid, "已用于其他办件"},
			{"a file that does not exist", withFiles(casestest.StdForm(), mine, "0123456789abcdef0123456789abcdef"), errs.Invalid, "不存在"},
			{"an unknown item", cases.SubmitInput{ItemCode: "NOPE-0000", Form: casestest.StdForm()}, errs.NotFound, "不存在"},
			{"item and bundle", cases.SubmitInput{ItemCode: casestest.StdItem, BundleCode: casestest.Bundle}, errs.Invalid, "只能填写一个"},
			{"a window channel online", cases.SubmitInput{ItemCode: casestest.StdItem, Channel: cases.ChannelWindow}, errs.Invalid, "网上"},
			{"on behalf of oneself", cases.SubmitInput{ItemCode: casestest.StdItem, OnBehalfOf: casestest.WalkIn("张三", "533401", 3)}, errs.Invalid, "代办"},
			{"a bad mail address", cases.SubmitInput{ItemCode: casestest.ParallelItem, Form: casestest.StdForm(),
				Delivery: cases.DeliveryInput{Method: cases.DeliverMail, Recipient: "扎西", Phone: "13988776655"}}, errs.Invalid, "邮寄地址"},
		} {
			_, err := e.Svc.Submit(ctx, cit, c.in)
			if !errs.Is(err, c.code) || !strings.Contains(errs.MessageOf(err), c.msg) {
				t.Errorf("%s: %v", c.what, err)
			}
			nothing(c.what)
		}

		// At the window: a refused application opens no account for the
		// walk-in applicant; a bad identity names its field.
		walk := casestest.SimpleInput(casestest.ParallelItem)
		walk.OnBehalfOf = casestest.WalkIn("和建国", "533401", 5)
		walk.Form = map[string]any{"area": "很大"}
		if _, err := e.Svc.Submit(ctx, e.ClerkPref, walk); !errs.Is(err, errs.Invalid) {
			t.Errorf("bad form at the window: %v", err)
		}
		nothing("a bad form at the window")
		walk.Form = casestest.StdForm()
		id := walk.OnBehalfOf.IDNumber
		walk.OnBehalfOf.IDNumber = id[:17] + map[bool]string{true: "1", false: "2"}[id[17] != '1'] // a wrong check character
		if _, err := e.Svc.Submit(ctx, e.ClerkPref, walk); errs.FieldOf(err) != "on_behalf_of.id_number" {
			t.Errorf("bad ID number: %v", err)
		}
		nothing("a bad ID number at the window")
		agent := casestest.SimpleInput(casestest.ParallelItem)
		agent.OnBehalfOf = casestest.WalkIn("和建国", "533401", 5)
		if _, err := e.Svc.Submit(ctx, e.Agent, agent); errs.FieldOf(err) != "on_behalf_of.authorisation_file" {
			t.Errorf("an agent without the authorisation: %v", err)
		}
		nothing("an agent without the authorisation")

		// A supplement with someone else's file changes nothing either.
		c := e.Act(t, e.ClerkPref, used.Number, cases.ActionInput{Action: cases.ActRequestCorrection, Problems: casestest.Problems()})
		before := e.State(t, c.Number)
		_, err = e.Svc.Act(ctx, cit, c.Number, cases.ActionInput{Action: cases.ActSupplement,
			Materials: []cases.MaterialInput{{Key: casestest.MatDeferred, Files: []string{theirs}}}})
		if !errs.Is(err, errs.Invalid) {
			t.Errorf("supplement with someone else's file: %v", err)
		}
		e.Unchanged(t, "a supplement with someone else's file", c.Number, before)
		for _, in := range []cases.ActionInput{
			{Action: cases.ActSupplement, Form: map[string]any{"shop_name": ""}},
			{Action: "promote"},
		} {
			if _, err := e.Svc.Act(ctx, cit, c.Number, in); !errs.Is(err, errs.Invalid) {
				t.Errorf("%+v: %v", in, err)
			}
		}
		e.Unchanged(t, "bad supplements", c.Number, before)
		e.VerifyAudit(t)
	})
}

func withFiles(form map[string]any, pledge, deferred string) cases.SubmitInput {
	return cases.SubmitInput{ItemCode: casestest.StdItem, Form: form, Materials: []cases.MaterialInput{
		{Key: casestest.MatPledge, Files: []string{pledge}}, {Key: casestest.MatDeferred, Files: []string{deferred}}}}
}
