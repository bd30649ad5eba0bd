package demo

import (
	"context"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

func TestSharedFieldsAskAlikeFieldsOnce(t *testing.T) {
	items := []catalog.Doc{
		{Code: "A-0001", Form: []catalog.Field{txt("name", "申请人姓名", true, 20), idn("id", "公民身份号码", false),
			sel("way", "领取方式", true, "窗口领取", "邮寄"), {Key: "rows", Label: "成员", Type: catalog.FieldTable}}},
		{Code: "B-0001", Form: []catalog.Field{txt("applicant", "申请人姓名", false, 0), idn("id_no", "公民身份号码", true),
			sel("pickup", "领取方式", false, "邮寄", "自取"), {Key: "rows", Label: "成员", Type: catalog.FieldTable}, tel("tel", "联系电话", true)}},
		{Code: "C-0001", Form: []catalog.Field{txt("name", "申请人姓名", false, 0), sel("way", "领取方式", false, "窗口领取", "邮寄")}},
	}
	got := sharedFields(items)
	if len(got) != 3 {
		t.Fatalf("shared %+v, want name, id and pickup", got)
	}
	name, id, way := got[0], got[1], got[2]
	if name.Key != "name" || !name.Required || len(name.Maps) != 3 || name.Maps[1] != (catalog.FieldMap{ItemCode: "B-0001", FieldKey: "applicant"}) {
		t.Errorf("name: %+v", name)
	}
	if id.Type != catalog.FieldIDNumber || !id.Required || len(id.Maps) != 2 {
		t.Errorf("id: %+v", id)
	}
	// A select is shared only among items offering the same options: A and C, not B.
	if len(way.Options) != 2 || len(way.Maps) != 2 || way.Maps[1].ItemCode != "C-0001" {
		t.Errorf("way: %+v", way)
	}
	// The shared fields pass the bundle's own checks against these items.
	doc := catalog.BundleDoc{Name: "测试", Summary: "测试", Targets: []string{"person"}, PromisedDays: 1, SharedFields: got,
		Items: []catalog.BundleItem{{ItemCode: "A-0001", Always: true}, {ItemCode: "B-0001", Always: true}, {ItemCode: "C-0001", Always: true}}}
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	byCode := map[string]catalog.Doc{}
	for _, d := range items {
		d.LegalDays = 5
		byCode[d.Code] = d
	}
	if err := doc.CheckItems(byCode); err != nil {
		t.Fatal(err)
	}
}

func TestBundleDays(t *testing.T) {
	if d := bundleDays([]catalog.Doc{{PromisedDays: 3}, {PromisedDays: 7}, {Instant: true}}); d != 7 {
		t.Errorf("days %d, want the slowest promise 7", d)
	}
	if d := bundleDays([]catalog.Doc{{Instant: true}, {Instant: true}}); d != 0 {
		t.Errorf("all instant: %d", d)
	}
}

// TestLoadBundles builds the demo bundles from the demo catalog on both
// engines, evaluates 我要开饭店 and runs the loader again.
func TestLoadBundles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		sys := &access.Principal{AccountID: 1, Username: "demo", Kind: "staff", Grants: []access.Grant{{Role: access.SysAdmin, Region: "530000"}}}
		st, err := LoadStructure(ctx, gov.NewService(sqlstore.NewGovStore(db), nil), sys)
		if err != nil {
			t.Fatal(err)
		}
		editor := &access.Principal{AccountID: 11, Username: "catalog1", Kind: "staff", Grants: []access.Grant{{Role: access.CatalogManager, Region: "530000"}}}
		publisher := &access.Principal{AccountID: 12, Username: "catalog2", Kind: "staff", Grants: []access.Grant{{Role: access.CatalogManager, Region: "530000"}}}
		items := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
		if _, err := LoadCatalog(ctx, items, editor, publisher, st); err != nil {
			t.Fatal(err)
		}
		bundles := catalog.NewBundleService(sqlstore.NewBundleStore(db), items)
		if err := LoadBundles(ctx, bundles, items, editor, publisher, st); err != nil {
			t.Fatal(err)
		}
		list, err := bundles.Published(ctx, st.Prefecture)
		if err != nil || len(list) < 5 {
			t.Fatalf("published bundles: %v %d", err, len(list))
		}
		for _, b := range list {
			t.Logf("%s %s: %d items, %d questions, %d shared fields, %d days", b.Code, b.Name, len(b.Doc.Items),
				len(b.Doc.Questions), len(b.Doc.SharedFields), b.Doc.PromisedDays)
		}
		code := "YJS-" + st.Prefecture + "-KFD"
		base, err := bundles.Evaluate(ctx, code, map[string]string{"public_place": "no"})
		if err != nil {
			t.Fatal(err)
		}
		more, err := bundles.Evaluate(ctx, code, map[string]string{"public_place": "yes"})
		if err != nil {
			t.Fatal(err)
		}
		if len(base.Items) < 2 || len(more.Items) != len(base.Items)+1 || more.Items[len(more.Items)-1].Name != "公共场所卫生许可" {
			t.Fatalf("我要开饭店: %d items, with a public place %d", len(base.Items), len(more.Items))
		}
		ids := 0
		for _, m := range more.Materials {
			if m.Key == "居民身份证" {
				ids++
				if len(m.Uses) < 2 {
					t.Errorf("the ID card serves %d items", len(m.Uses))
				}
			}
		}
		if ids != 1 {
			t.Errorf("ID card listed %d times", ids)
		}
		if len(more.Form) == 0 || more.Form[0].ItemCode != "" {
			t.Errorf("no shared fields in the merged form: %+v", more.Form)
		}
		// Idempotent: nothing new, nothing changed.
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'bundle.%'").Scan(&n)
		if err := LoadBundles(ctx, bundles, items, editor, publisher, st); err != nil {
			t.Fatal(err)
		}
		var again int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'bundle.%'").Scan(&again)
		if again != n {
			t.Errorf("second run wrote %d bundle events", again-n)
		}
	})
}
