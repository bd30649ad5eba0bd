package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

func TestBundleStore(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		diqing(t, gov.NewService(sqlstore.NewGovStore(db), nil))
		s := sqlstore.NewBundleStore(db)
		at := time.UnixMilli(1_790_000_000_000).UTC()
		doc := catalog.BundleDoc{Name: "我要开饭店", Summary: "一次办", Targets: []string{"person"}, PromisedDays: 5,
			Items: []catalog.BundleItem{{ItemCode: "A-0001", Always: true}, {ItemCode: "B-0001", Always: true}}}
		mk := func(code, region string) catalog.Bundle {
			return catalog.Bundle{Code: code, Name: doc.Name, RegionCode: region, Status: catalog.StatusDraft, Doc: doc,
				EditorID: 7, EditorName: "catalog1", Note: "首次录入", CreatedAt: at, UpdatedAt: at}
		}
		b, err := s.CreateBundle(ctx, mk("YJS-1", "533401"), audit.New(ctx, "bundle.create", "bundle", "YJS-1", nil, doc, ""))
		if err != nil {
			t.Fatal(err)
		}
		if b.ID == 0 || b.Version != 1 || b.EditorName != "catalog1" || b.Note != "首次录入" || !b.CreatedAt.Equal(at) || b.Doc.Items[1].ItemCode != "B-0001" {
			t.Fatalf("created: %+v", b)
		}
		if _, err := s.CreateBundle(ctx, mk("YJS-1", "533401")); !errs.Is(err, errs.Conflict) {
			t.Errorf("duplicate code: %v", err)
		}
		if _, err := s.CreateBundle(ctx, mk("YJS-2", "533499")); errs.FieldOf(err) != "region_code" {
			t.Errorf("unknown region: %v", err)
		}
		if _, err := s.Bundle(ctx, "NONE"); !errs.Is(err, errs.NotFound) {
			t.Errorf("missing: %v", err)
		}

		// Publish, then put a draft beside the published content.
		pub := at.Add(time.Hour)
		b.Status, b.Publisher, b.PublishedAt, b.EditorID, b.EditorName, b.Note = catalog.StatusPublished, "catalog2", &pub, 0, "", ""
		if b, err = s.UpdateBundle(ctx, b, 1); err != nil || b.Version != 2 || b.Status != catalog.StatusPublished || !b.PublishedAt.Equal(pub) {
			t.Fatalf("publish: %v %+v", err, b)
		}
		draft := doc
		draft.PromisedDays = 3
		b.Draft, b.EditorID, b.EditorName = &draft, 8, "catalog2"
		if _, err := s.UpdateBundle(ctx, b, 1); !errs.Is(err, errs.Conflict) {
			t.Errorf("stale version: %v", err)
		}
		if b, err = s.UpdateBundle(ctx, b, 2); err != nil {
			t.Fatal(err)
		}
		got, err := s.Bundle(ctx, "YJS-1")
		if err != nil || got.Draft == nil || got.Draft.PromisedDays != 3 || got.Doc.PromisedDays != 5 || got.EditorID != 8 || got.Version != 3 || got.Publisher != "catalog2" {
			t.Fatalf("read back: %v %+v", err, got)
		}
		gone := got
		gone.ID = 999999
		if _, err := s.UpdateBundle(ctx, gone, 3); !errs.Is(err, errs.NotFound) {
			t.Errorf("update a missing bundle: %v", err)
		}

		// Lists: by region subtree (optionally with ancestors), by status, most viewed first.
		for _, c := range [][2]string{{"YJS-2", "533400"}, {"YJS-3", "533422"}} {
			if _, err := s.CreateBundle(ctx, mk(c[0], c[1])); err != nil {
				t.Fatal(err)
			}
		}
		y3, _ := s.Bundle(ctx, "YJS-3")
		for range 2 {
			if err := s.CountBundleView(ctx, y3.ID); err != nil {
				t.Fatal(err)
			}
		}
		list := func(f catalog.BundleFilter) []string {
			f.Limit = 10
			bs, err := s.ListBundles(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, b := range bs {
				codes = append(codes, b.Code)
			}
			return codes
		}
		for _, c := range []struct {
			f    catalog.BundleFilter
			want []string
		}{
			{catalog.BundleFilter{}, []string{"YJS-3", "YJS-1", "YJS-2"}},
			{catalog.BundleFilter{Region: "533400"}, []string{"YJS-3", "YJS-1", "YJS-2"}},
			{catalog.BundleFilter{Region: "533401"}, []string{"YJS-1"}},
			{catalog.BundleFilter{Region: "533401", WithAncestors: true}, []string{"YJS-1", "YJS-2"}},
			{catalog.BundleFilter{Region: "533401101", WithAncestors: true}, []string{"YJS-1", "YJS-2"}},
			{catalog.BundleFilter{Status: catalog.StatusPublished}, []string{"YJS-1"}},
			{catalog.BundleFilter{Region: "533422", Status: catalog.StatusPublished}, nil},
		} {
			if got := list(c.f); !slices.Equal(got, c.want) {
				t.Errorf("list %+v = %v, want %v", c.f, got, c.want)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events WHERE action = 'bundle.create'"); n != 1 {
			t.Errorf("audit events %d, want the one passed in", n)
		}
	})
}
