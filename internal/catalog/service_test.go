package catalog_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

type fixture struct {
	db        *sqlstore.DB
	svc       *catalog.Service
	dept      int64
	ed, pub   *access.Principal
	otherDept int64
}

func setup(t *testing.T, db *sqlstore.DB) *fixture {
	t.Helper()
	dept := sqltest.MarketDept(t, db)
	sqltest.Regions(t, db, "533422")
	other := sqltest.Dept(t, db, "533422", "德钦县民政局", "民政", "11533422MB0000021")
	svc := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	return &fixture{db: db, svc: svc, dept: dept, otherDept: other,
		ed: catalogtest.Manager(101, "catalog1", "533400"), pub: catalogtest.Manager(102, "catalog2", "533400")}
}

func sampleDoc(code string, dept int64) catalog.Doc {
	return catalog.Doc{
		BaseCode: "11530000MB0001", Code: code, Name: "食品经营许可（新设）", Kind: catalog.KindLicensing,
		DeptID: dept, RegionCode: "533401", ExerciseLevel: catalog.LevelCounty,
		LegalBasis: []catalog.LegalBasis{{Law: "《中华人民共和国食品安全法》", Article: "第三十五条", Text: "国家对食品生产经营实行许可制度。"}},
		Conditions: "具有与经营的食品品种、数量相适应的经营场所",
		Targets:    []string{catalog.TargetOrg, catalog.TargetPerson},
		LegalDays:  20, PromisedDays: 5, MaxVisits: 0, OnlineDepth: 4, InHall: true,
		Channels:    []string{catalog.ChannelOnline, catalog.ChannelWindow},
		CrossRegion: catalog.CrossProvince, ConsultPhone: "0887-8221234",
		Keywords: []string{"餐饮", "食品"}, Themes: []string{"start"},
		Materials: []catalog.Material{
			{Key: "m1", Name: "食品经营许可申请书", Requirement: catalog.Required, Forms: []string{catalog.FormOriginal}, Copies: 1},
			{Key: "m2", Name: "授权委托书", Requirement: catalog.Conditional, Condition: "委托他人办理的", Forms: []string{catalog.FormOriginal}, Copies: 1},
		},
		Form: []catalog.Field{
			{Key: "shop_name", Label: "店铺名称", Type: catalog.FieldText, Required: true, MaxLength: 50},
			{Key: "staff", Label: "从业人员", Type: catalog.FieldTable, Columns: []catalog.Field{
				{Key: "name", Label: "姓名", Type: catalog.FieldText, Required: true},
				{Key: "id_number", Label: "身份证号", Type: catalog.FieldIDNumber, Required: true}}},
		},
		Steps: []catalog.Step{{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1},
			{Key: "review", Name: "审查", Stage: 2, Role: "reviewer", Days: 3},
			{Key: "site", Name: "现场核查", Stage: 2, Role: "reviewer", Days: 3},
			{Key: "decide", Name: "决定", Stage: 3, Role: "approver", Days: 1}},
	}
}

func code(err error) errs.Code { return errs.CodeOf(err) }

func TestDraftPublishFourEyesAndHistory(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		it, err := f.svc.Create(ctx, f.ed, sampleDoc("11530000MB0001-533401", f.dept), false, "首次录入")
		if err != nil {
			t.Fatal(err)
		}
		if it.Status != catalog.StatusDraft || it.DraftVersion != 1 || it.Doc.DeptKind != "市场监管" {
			t.Fatalf("created: %+v", it)
		}
		// Not public before publication.
		if _, err := f.svc.Public(ctx, it.Code); code(err) != errs.NotFound {
			t.Fatalf("draft visible to the public: %v", err)
		}
		// The editor cannot publish their own draft.
		if _, err := f.svc.Publish(ctx, f.ed, it.Code, it.Version); code(err) != errs.Forbidden || !strings.Contains(errs.MessageOf(err), "四眼") {
			t.Fatalf("self-publish: %v", err)
		}
		it, err = f.svc.Publish(ctx, f.pub, it.Code, it.Version)
		if err != nil || it.Status != catalog.StatusPublished || it.PublishedVersion != 1 || it.DraftVersion != 0 {
			t.Fatalf("publish: %v %+v", err, it)
		}
		// Editing makes a draft; the published version stays in force.
		doc := it.Doc
		doc.PromisedDays = 3
		it, err = f.svc.SaveDraft(ctx, f.pub, it.Code, it.Version, doc, "压缩承诺时限")
		if err != nil || it.DraftVersion != 2 || it.Doc.PromisedDays != 5 {
			t.Fatalf("draft: %v %+v", err, it)
		}
		pubView, err := f.svc.Public(ctx, it.Code)
		if err != nil || pubView.Doc.PromisedDays != 5 {
			t.Fatalf("public during a draft: %v", err)
		}
		// Now catalog2 edited, so catalog1 publishes.
		if _, err := f.svc.Publish(ctx, f.pub, it.Code, it.Version); code(err) != errs.Forbidden {
			t.Fatalf("self-publish of v2: %v", err)
		}
		it, err = f.svc.Publish(ctx, f.ed, it.Code, it.Version)
		if err != nil || it.PublishedVersion != 2 || it.Doc.PromisedDays != 3 {
			t.Fatalf("publish v2: %v %+v", err, it)
		}
		// Cases keep their version: v1 is still readable, now superseded.
		v1, err := f.svc.Version(ctx, nil, it.Code, 1)
		if err != nil || v1.State != catalog.VersionSuperseded || v1.Doc.PromisedDays != 5 || v1.Publisher != "catalog2" {
			t.Fatalf("v1: %v %+v", err, v1)
		}
		hist, err := f.svc.History(ctx, f.ed, it.Code)
		if err != nil || len(hist) != 2 || hist[0].Number != 2 {
			t.Fatalf("history: %v %d", err, len(hist))
		}
		var events int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_events WHERE object_type = 'item' AND object_id = ?", it.Code).Scan(&events)
		if events != 4 {
			t.Fatalf("audit events for the item: %d, want 4", events)
		}
		// A stale item version is a conflict.
		if _, err := f.svc.SaveDraft(ctx, f.ed, it.Code, it.Version-1, doc, ""); code(err) != errs.Conflict {
			t.Fatalf("stale draft: %v", err)
		}
	})
}

func TestBadDocumentsNameThePlaceAndWriteNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		cases := []struct {
			mutate func(d *catalog.Doc)
			field  string
		}{
			{func(d *catalog.Doc) { d.Code = "bad code!" }, "code"},
			{func(d *catalog.Doc) { d.PromisedDays = 30 }, "promised_days"},
			{func(d *catalog.Doc) { d.Materials[1].Copies = -1 }, "materials[1].copies"},
			{func(d *catalog.Doc) { d.Materials[1].Condition = "" }, "materials[1].condition"},
			{func(d *catalog.Doc) { d.Form[0].Type = "signature" }, "form[0].type"},
			{func(d *catalog.Doc) { d.Form[1].Columns[1].Type = "table" }, "form[1].columns[1].type"},
			{func(d *catalog.Doc) { d.Steps[2].Role = "" }, "steps[2].role"},
			{func(d *catalog.Doc) { d.Steps[3].Stage = 5 }, "steps[3].stage"},
			{func(d *catalog.Doc) { d.OnlineDepth = 5 }, "online_depth"},
			{func(d *catalog.Doc) { d.DeptID = 99999 }, "dept_id"},
			{func(d *catalog.Doc) { d.RegionCode = "533422" }, "region_code"},
		}
		for _, c := range cases {
			d := sampleDoc("11530000MB0001-533401", f.dept)
			c.mutate(&d)
			_, err := f.svc.Create(ctx, f.ed, d, false, "")
			if code(err) != errs.Invalid || errs.FieldOf(err) != c.field {
				t.Errorf("%s: %v (field %q)", c.field, err, errs.FieldOf(err))
			}
		}
		// Outside the manager's region.
		county := catalogtest.Manager(103, "catalog9", "533422")
		if _, err := f.svc.Create(ctx, county, sampleDoc("11530000MB0001-533401", f.dept), false, ""); code(err) != errs.Forbidden {
			t.Errorf("out of region: %v", err)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM items").Scan(&n)
		if n != 0 {
			t.Fatalf("%d items written by rejected requests", n)
		}
		// An import with one bad document imports nothing.
		good, bad := sampleDoc("A0001-533401", f.dept), sampleDoc("A0002-533401", f.dept)
		bad.Steps = nil
		_, _, err := f.svc.Import(ctx, f.ed, []catalog.Doc{good, bad}, false, "批量导入")
		if errs.FieldOf(err) != "items[1].steps" {
			t.Fatalf("import error: %v", err)
		}
		db.QueryRow(ctx, "SELECT COUNT(*) FROM items").Scan(&n)
		if n != 0 {
			t.Fatal("a failed import wrote items")
		}
		created, drafted, err := f.svc.Import(ctx, f.ed, []catalog.Doc{good, sampleDoc("A0003-533401", f.dept)}, false, "批量导入")
		if err != nil || created != 2 || drafted != 0 {
			t.Fatalf("import: %d %d %v", created, drafted, err)
		}
		// Importing the same content again changes nothing; changed content drafts.
		changed := sampleDoc("A0003-533401", f.dept)
		changed.Name = "食品经营许可（新设，试点）"
		created, drafted, err = f.svc.Import(ctx, f.ed, []catalog.Doc{sampleDoc("A0001-533401", f.dept), changed}, false, "")
		if err != nil || created != 0 || drafted != 1 {
			t.Fatalf("re-import: %d %d %v", created, drafted, err)
		}
	})
}

func TestSuspendCancelAndConcurrentPublish(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		it, err := f.svc.Create(ctx, f.ed, sampleDoc("B0001-533401", f.dept), false, "")
		if err != nil {
			t.Fatal(err)
		}
		// Two publishers at once: exactly one wins.
		third := catalogtest.Manager(104, "catalog3", "533400")
		var wg sync.WaitGroup
		results := make([]error, 2)
		for i, p := range []*access.Principal{f.pub, third} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = f.svc.Publish(ctx, p, it.Code, it.Version)
			}()
		}
		wg.Wait()
		if (results[0] == nil) == (results[1] == nil) || (code(results[0]) != errs.Conflict && code(results[1]) != errs.Conflict) {
			t.Fatalf("concurrent publish: %v / %v", results[0], results[1])
		}
		it, _ = f.svc.Get(ctx, f.ed, it.Code)
		// Suspension in the future keeps it in force until then.
		tomorrow := time.Now().Add(24 * time.Hour)
		it, err = f.svc.SetStatus(ctx, f.pub, it.Code, it.Version, catalog.StatusSuspended, tomorrow, "系统升级")
		if err != nil || !it.InForce(time.Now()) || it.InForce(tomorrow.Add(time.Minute)) {
			t.Fatalf("suspend: %v", err)
		}
		if _, err := f.svc.SetStatus(ctx, f.pub, it.Code, it.Version, catalog.StatusSuspended, time.Now(), ""); code(err) != errs.Invalid {
			t.Fatalf("suspend without a reason: %v", err)
		}
		it, err = f.svc.SetStatus(ctx, f.pub, it.Code, it.Version, catalog.StatusPublished, time.Time{}, "")
		if err != nil || it.Status != catalog.StatusPublished {
			t.Fatalf("resume: %v", err)
		}
		it, err = f.svc.SetStatus(ctx, f.pub, it.Code, it.Version, catalog.StatusCancelled, time.Now(), "上级取消该事项")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Public(ctx, it.Code); code(err) != errs.NotFound {
			t.Fatalf("cancelled item still public: %v", err)
		}
		if _, err := f.svc.SaveDraft(ctx, f.ed, it.Code, it.Version, it.Doc, ""); code(err) != errs.Conflict {
			t.Fatalf("edit after cancel: %v", err)
		}
	})
}
