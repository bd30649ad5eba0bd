package catalog_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// bundleFixture holds the restaurant items, published in 香格里拉市, and a
// 德钦县 item that a 香格里拉 bundle may not use.
type bundleFixture struct {
	db       *sqlstore.DB
	items    *catalog.Service
	svc      *catalog.BundleService
	ed, pub  *access.Principal
	deqin    *access.Principal
	otherJur string // code of the 德钦县 item
}

func bundleSetup(t *testing.T, db *sqlstore.DB) *bundleFixture {
	t.Helper()
	shangri := sqltest.MarketDept(t, db)
	sqltest.Regions(t, db, "533422")
	deqinDept := sqltest.Dept(t, db, "533422", "德钦县市场监督管理局", "市场监管", "11533422MB0000021")
	items := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	f := &bundleFixture{db: db, items: items, svc: catalog.NewBundleService(sqlstore.NewBundleStore(db), items),
		ed: catalogtest.Manager(201, "catalog1", "533400"), pub: catalogtest.Manager(202, "catalog2", "533400"), deqin: catalogtest.Manager(203, "deqin", "533422")}
	for _, d := range restaurantItems() {
		f.publish(t, fullItem(d, shangri, "533401"))
	}
	other := fullItem(restaurantItems()[0], deqinDept, "533422")
	other.Code, f.otherJur = "YYZZ-02", "YYZZ-02"
	f.publish(t, other)
	return f
}

// fullItem completes a pure test doc into a valid, publishable item.
func fullItem(d catalog.Doc, dept int64, region string) catalog.Doc {
	d.BaseCode, d.Kind, d.DeptID, d.RegionCode, d.ExerciseLevel = "BASE-"+d.Code, catalog.KindLicensing, dept, region, catalog.LevelCounty
	d.Targets, d.OnlineDepth, d.Channels = []string{catalog.TargetPerson}, 3, []string{catalog.ChannelOnline, catalog.ChannelWindow}
	d.MaxVisits = 1
	d.Steps = []catalog.Step{{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1}}
	return d
}

func (f *bundleFixture) publish(t *testing.T, d catalog.Doc) {
	t.Helper()
	catalogtest.Publish(t, f.items, f.ed, f.pub, d)
}

func (f *bundleFixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), f.db.Rebind(q), args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBundleLifecycle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := bundleSetup(t, db)
		ctx := context.Background()
		in := catalog.BundleInput{Code: "yjs-kfd", RegionCode: "533401", Doc: restaurantDoc(), Note: "首次录入"}
		b, err := f.svc.Create(ctx, f.ed, in)
		if err != nil {
			t.Fatal(err)
		}
		if b.Code != "YJS-KFD" || b.Status != catalog.StatusDraft || b.Name != "我要开饭店" || b.EditorName != "catalog1" || b.Version != 1 {
			t.Fatalf("created: %+v", b)
		}
		if _, err := f.svc.Create(ctx, f.pub, in); errs.FieldOf(err) != "code" {
			t.Errorf("duplicate code: %v", err)
		}
		if _, err := f.svc.GetPublic(ctx, "YJS-KFD"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("a draft is public: %v", err)
		}
		if _, err := f.svc.Publish(ctx, f.ed, b.Code, b.Version); !errs.Is(err, errs.Forbidden) || !strings.Contains(errs.MessageOf(err), "四眼") {
			t.Fatalf("self-publish: %v", err)
		}
		b, err = f.svc.Publish(ctx, f.pub, b.Code, b.Version)
		if err != nil || b.Status != catalog.StatusPublished || b.Publisher != "catalog2" || b.PublishedAt == nil || b.Pending() {
			t.Fatalf("publish: %v %+v", err, b)
		}
		if _, err := f.svc.Publish(ctx, f.ed, b.Code, b.Version); !errs.Is(err, errs.Conflict) {
			t.Errorf("nothing pending: %v", err)
		}

		// Editing a published bundle leaves the public content in force.
		doc := b.Doc
		doc.PromisedDays = 10
		if _, err := f.svc.Update(ctx, f.pub, b.Code, b.Version+5, doc, "压缩时限"); !errs.Is(err, errs.Conflict) {
			t.Errorf("stale version: %v", err)
		}
		b, err = f.svc.Update(ctx, f.pub, b.Code, b.Version, doc, "压缩时限")
		if err != nil || b.Draft == nil || b.Draft.PromisedDays != 10 || b.Doc.PromisedDays != 15 || b.EditorName != "catalog2" {
			t.Fatalf("update: %v %+v", err, b)
		}
		g, err := f.svc.GetPublic(ctx, b.Code)
		if err != nil || g.PromisedDays != 15 || g.Bundle.Draft != nil || g.Bundle.EditorName != "" {
			t.Fatalf("public during a draft: %v %+v", err, g.Bundle)
		}
		if _, err := f.svc.Publish(ctx, f.pub, b.Code, b.Version); !errs.Is(err, errs.Forbidden) {
			t.Errorf("catalog2 edited, so catalog2 may not publish: %v", err)
		}
		b, err = f.svc.Publish(ctx, f.ed, b.Code, b.Version)
		if err != nil || b.Doc.PromisedDays != 10 || b.Draft != nil {
			t.Fatalf("publish the edit: %v %+v", err, b)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM audit_events WHERE object_type = 'bundle' AND object_id = 'YJS-KFD'"); n != 4 {
			t.Errorf("audit events %d, want create, publish, update, publish", n)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'bundle.update' AND reason = '压缩时限'"); n != 1 {
			t.Errorf("update audited %d times", n)
		}

		// Lists: staff see drafts, the public only published bundles (also from a county below, or the province above).
		draft := restaurantDoc()
		draft.Name = "我要开小吃店"
		if _, err := f.svc.Create(ctx, f.ed, catalog.BundleInput{Code: "YJS-XCD", RegionCode: "533401", Doc: draft}); err != nil {
			t.Fatal(err)
		}
		staff, err := f.svc.List(ctx, f.ed, catalog.BundleFilter{Region: "533400"})
		if err != nil || len(staff) != 2 {
			t.Fatalf("staff list: %v %d", err, len(staff))
		}
		if mine, _ := f.svc.List(ctx, f.deqin, catalog.BundleFilter{}); len(mine) != 0 {
			t.Errorf("德钦 sees 香格里拉's bundles: %d", len(mine))
		}
		for _, region := range []string{"", "533401", "533400", "530000", "533401101"} {
			pub, err := f.svc.Published(ctx, region)
			if err != nil || len(pub) != 1 || pub[0].Code != "YJS-KFD" || pub[0].Draft != nil || pub[0].Popularity != 1 {
				t.Errorf("public list of %q: %v %+v", region, err, pub)
			}
		}
		if pub, _ := f.svc.Published(ctx, "533422"); len(pub) != 0 {
			t.Errorf("德钦 gets 香格里拉's bundle: %+v", pub)
		}
		if _, err := f.svc.Published(ctx, "53x"); errs.FieldOf(err) != "region" {
			t.Errorf("bad region: %v", err)
		}
	})
}

func TestBundleChecksItemsAndScope(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := bundleSetup(t, db)
		ctx := context.Background()
		create := func(p *access.Principal, region string, edit func(d *catalog.BundleDoc)) error {
			d := restaurantDoc()
			edit(&d)
			_, err := f.svc.Create(ctx, p, catalog.BundleInput{Code: "YJS-TEST", RegionCode: region, Doc: d})
			return err
		}
		same := func(*catalog.BundleDoc) {}
		wantPlace(t, "unknown item", create(f.ed, "533401", func(d *catalog.BundleDoc) {
			d.Items[3].ItemCode, d.SharedFields[0].Maps[3].ItemCode = "NONE-01", "NONE-01"
		}), "items[3].item_code")
		wantPlace(t, "other county's item", create(f.ed, "533401", func(d *catalog.BundleDoc) {
			d.Items[0].ItemCode = f.otherJur
			d.SharedFields[0].Maps[0].ItemCode, d.SharedFields[1].Maps[0].ItemCode = f.otherJur, f.otherJur
		}), "items[0].item_code")
		wantPlace(t, "unknown field", create(f.ed, "533401", func(d *catalog.BundleDoc) { d.SharedFields[1].Maps[1].FieldKey = "idno" }), "shared_fields[1].maps[1].field_key")
		wantPlace(t, "days", create(f.ed, "533401", func(d *catalog.BundleDoc) { d.PromisedDays = 30 }), "promised_days")
		wantPlace(t, "code", func() error {
			_, err := f.svc.Create(ctx, f.ed, catalog.BundleInput{Code: "开饭店", RegionCode: "533401", Doc: restaurantDoc()})
			return err
		}(), "code")
		wantPlace(t, "region", create(f.ed, "5334", same), "region_code")
		if err := create(f.deqin, "533401", same); !errs.Is(err, errs.Forbidden) {
			t.Errorf("德钦's manager creates in 香格里拉: %v", err)
		}
		clerk := &access.Principal{AccountID: 9, Username: "clerk", Kind: "staff", Grants: []access.Grant{{Role: access.Clerk, Region: "533400"}}}
		if err := create(clerk, "533401", same); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a clerk creates a bundle: %v", err)
		}
		// A prefecture bundle may use a county's items; nothing was half-saved above.
		if err := create(f.ed, "533400", same); err != nil {
			t.Errorf("prefecture bundle with county items: %v", err)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM bundles"); n != 1 {
			t.Errorf("%d bundles stored, want 1", n)
		}
	})
}

func TestBundleGuideAndEvaluate(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := bundleSetup(t, db)
		ctx := context.Background()
		b, err := f.svc.Create(ctx, f.ed, catalog.BundleInput{Code: "YJS-KFD", RegionCode: "533401", Doc: restaurantDoc()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Publish(ctx, f.pub, b.Code, b.Version); err != nil {
			t.Fatal(err)
		}
		g, err := f.svc.GetPublic(ctx, "yjs-kfd")
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Items) != 4 || g.Items[0].Name != "个体工商户设立登记" || g.Items[0].DeptName != "香格里拉市市场监督管理局" || !g.Items[0].Available ||
			g.Items[2].Always || g.Items[2].When[0] != "是否销售酒类？是" || len(g.Questions) != 3 {
			t.Fatalf("guide items: %+v", g.Items)
		}
		if len(g.Materials) != 4 || g.Materials[0].Key != "居民身份证" || len(g.Materials[0].Uses) != 3 {
			t.Fatalf("guide materials: %+v", g.Materials)
		}

		ev, err := f.svc.Evaluate(ctx, "YJS-KFD", map[string]string{"liquor": "yes", "tobacco": "no", "size": ""})
		if err != nil {
			t.Fatal(err)
		}
		if len(ev.Items) != 3 || ev.Items[2].Code != "JLXK-01" || len(ev.Unanswered) != 1 || ev.Unanswered[0].Key != "size" ||
			ev.PromisedDays != 15 || len(ev.Form) != 4 || ev.Form[0].Title != "共同信息" || len(ev.Materials) != 3 {
			t.Fatalf("evaluation: %+v", ev)
		}
		if _, err := f.svc.Evaluate(ctx, "YJS-KFD", map[string]string{"liquor": "maybe"}); errs.FieldOf(err) != "answers.liquor" {
			t.Errorf("bad answer: %v", err)
		}
		if _, err := f.svc.Evaluate(ctx, "NONE", nil); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown bundle: %v", err)
		}

		// A suspended item is reported, not offered.
		it, err := f.items.Get(ctx, f.pub, "JLXK-01")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.items.SetStatus(ctx, f.pub, it.Code, it.Version, catalog.StatusSuspended, time.Now(), "换证期间暂停受理"); err != nil {
			t.Fatal(err)
		}
		ev, err = f.svc.Evaluate(ctx, "YJS-KFD", map[string]string{"liquor": "yes"})
		if err != nil || len(ev.Items) != 2 || len(ev.Unavailable) != 1 || ev.Unavailable[0].Name != "酒类商品零售许可" || len(ev.Form) != 3 {
			t.Fatalf("suspended item: %v %+v", err, ev)
		}
		if n := f.count(t, "SELECT popularity FROM bundles WHERE code = 'YJS-KFD'"); n != 1 {
			t.Errorf("popularity %d: the guide counts, evaluations do not", n)
		}
	})
}
