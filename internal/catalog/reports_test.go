package catalog_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

const repBase = "11530000MB0001"

// repSetup publishes the province base item (repDoc) and returns the
// reports over the real stores with the province's two catalog managers.
func repSetup(t *testing.T, db *sqlstore.DB) (*fixture, *catalog.Reports) {
	t.Helper()
	f := setup(t, db)
	ctx := context.Background()
	prov1, prov2 := catalogtest.Manager(201, "prov1", "530000"), catalogtest.Manager(202, "prov2", "530000")
	base, err := f.svc.Create(ctx, prov1, repDoc(), true, "基本目录")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Publish(ctx, prov2, base.Code, base.Version); err != nil {
		t.Fatal(err)
	}
	return f, catalog.NewReports(f.svc, sqlstore.NewCatalogStats(db))
}

// repPublish creates an implementation from the base, lets edit change
// it, and publishes it under four eyes.
func repPublish(t *testing.T, f *fixture, code string, edit func(d *catalog.Doc)) catalog.Item {
	t.Helper()
	ctx := context.Background()
	it, err := f.svc.NewImplementation(ctx, f.ed, repBase, f.dept, code)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		doc := it.Doc
		edit(&doc)
		if it, err = f.svc.SaveDraft(ctx, f.ed, code, it.Version, doc, "本地调整"); err != nil {
			t.Fatal(err)
		}
	}
	it, err = f.svc.Publish(ctx, f.pub, code, it.Version)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func TestNewImplementationInheritsTheBase(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f, _ := repSetup(t, db)
		ctx := context.Background()
		it, err := f.svc.NewImplementation(ctx, f.ed, strings.ToLower(repBase), f.dept, repBase+"-533401")
		if err != nil {
			t.Fatal(err)
		}
		d := it.Doc
		if it.IsBase || it.Status != catalog.StatusDraft || d.BaseCode != repBase || d.DeptID != f.dept || d.RegionCode != "533401" ||
			d.Name != "食品经营许可" || len(d.Materials) != 3 || len(d.Steps) != 3 || d.PromisedDays != 10 || d.ExerciseLevel != catalog.LevelCounty {
			t.Fatalf("inherited draft: %+v", it)
		}
		hist, err := f.svc.History(ctx, f.ed, it.Code)
		if err != nil || len(hist) != 1 || !strings.Contains(hist[0].Note, "由基本目录事项 "+repBase+" 第 1 版生成") {
			t.Fatalf("note: %v %+v", err, hist)
		}
		// A department of another type cannot implement it.
		if _, err := f.svc.NewImplementation(ctx, f.ed, repBase, f.otherDept, repBase+"-533422"); errs.FieldOf(err) != "dept_id" ||
			!strings.Contains(errs.MessageOf(err), "实施主体类型（市场监管）") {
			t.Fatalf("dept of another kind: %v", err)
		}
		if _, err := f.svc.NewImplementation(ctx, f.ed, "11530000MB9999", f.dept, "X-533401"); errs.FieldOf(err) != "base_code" {
			t.Fatalf("unknown base: %v", err)
		}
		// Outside the manager's region: the usual scope check.
		outsider := catalogtest.Manager(301, "km", "530100")
		if _, err := f.svc.NewImplementation(ctx, outsider, repBase, f.dept, repBase+"-X"); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("outsider: %v", err)
		}
	})
}

func TestConsistencyReport(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f, rep := repSetup(t, db)
		ctx := context.Background()
		good := repPublish(t, f, repBase+"-A", func(d *catalog.Doc) { d.PromisedDays = 5 })
		bad := repPublish(t, f, repBase+"-B", func(d *catalog.Doc) {
			d.PromisedDays = 15
			d.Materials = append(d.Materials, catalog.Material{Key: "m9", Name: "房产证明", Requirement: catalog.Required,
				Forms: []string{catalog.FormCopy}, Copies: 1})
		})
		r, err := rep.Consistency(ctx, f.ed, catalog.ConsistencyQuery{Region: "533400"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Checked != 2 || len(r.Items) != 1 || r.Next != "" {
			t.Fatalf("report: %+v", r)
		}
		row := r.Items[0]
		if row.Code != bad.Code || row.BaseItem != repBase || row.BaseVersion != 1 || row.Version != 1 || len(row.Deviations) != 2 ||
			row.Deviations[0].Element != "promised_days" || row.Deviations[1].Element != "materials[房产证明]" {
			t.Fatalf("deviating item: %+v", row)
		}
		// By base code, a page of one at a time.
		r, err = rep.Consistency(ctx, f.ed, catalog.ConsistencyQuery{BaseCode: strings.ToLower(repBase), Limit: 1})
		if err != nil || r.Checked != 1 || len(r.Items) != 0 || r.Next != strconv.FormatInt(good.ID, 10) {
			t.Fatalf("first page: %v %+v", err, r)
		}
		r, err = rep.Consistency(ctx, f.ed, catalog.ConsistencyQuery{BaseCode: repBase, Limit: 1, After: good.ID})
		if err != nil || r.Checked != 1 || len(r.Items) != 1 || r.Items[0].Code != bad.Code {
			t.Fatalf("second page: %v %+v", err, r)
		}
		if _, err := rep.Consistency(ctx, f.ed, catalog.ConsistencyQuery{}); errs.FieldOf(err) != "region" {
			t.Fatalf("no scope: %v", err)
		}
		if _, err := rep.Consistency(ctx, nil, catalog.ConsistencyQuery{Region: "533400"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("anonymous: %v", err)
		}

		// Fixing promised_days turns A's shorter limit into a deviation too.
		if _, err := rep.SetFixedElements(ctx, f.ed, []string{"name"}, 0); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a prefecture manager changed the province's list: %v", err)
		}
		prov := catalogtest.Manager(201, "prov1", "530000")
		set, err := rep.SetFixedElements(ctx, prov, append(catalog.DefaultFixedElements, "promised_days"), 0)
		if err != nil || set.Version != 1 {
			t.Fatalf("set: %v %+v", err, set)
		}
		if _, err := rep.SetFixedElements(ctx, prov, catalog.DefaultFixedElements, 0); !errs.Is(err, errs.Conflict) {
			t.Fatalf("stale version: %v", err)
		}
		got, err := rep.FixedElements(ctx)
		if err != nil || got.Version != 1 || strings.Join(got.Elements, ",") != "name,base_code,kind,dept_kind,exercise_level,legal_basis,promised_days" {
			t.Fatalf("read back: %v %+v", err, got)
		}
		r, err = rep.Consistency(ctx, f.ed, catalog.ConsistencyQuery{Region: "533401"})
		if err != nil || len(r.Items) != 2 || r.Items[0].Deviations[0].Rule != catalog.RuleEqual {
			t.Fatalf("with promised_days fixed: %v %+v", err, r)
		}
		var events int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_events WHERE action = 'setting.update' AND object_id = ?", catalog.FixedElementsKey).Scan(&events)
		if events != 1 {
			t.Fatalf("audit events: %d", events)
		}
	})
}

func TestDiffVersions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f, _ := repSetup(t, db)
		ctx := context.Background()
		it := repPublish(t, f, repBase+"-A", nil)
		doc := it.Doc
		doc.PromisedDays = 4
		doc.Materials[1].Copies = 2
		if _, err := f.svc.SaveDraft(ctx, f.pub, it.Code, it.Version, doc, "压缩时限"); err != nil {
			t.Fatal(err)
		}
		d, err := f.svc.DiffVersions(ctx, f.ed, it.Code, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		if d.A.Number != 1 || d.A.State != catalog.VersionPublished || d.B.State != catalog.VersionDraft || d.B.EditorName != "catalog2" ||
			d.B.Note != "压缩时限" || d.A.Publisher != "catalog2" {
			t.Fatalf("versions: %+v / %+v", d.A, d.B)
		}
		if got := changeLines(d.Changes); got != "changed promised_days | 承诺时限 | 10 个工作日 → 4 个工作日\n"+
			"changed materials[m2].copies | 申请材料“身份证”的份数 | 1 份 → 2 份\n" {
			t.Fatalf("changes:\n%s", got)
		}
		// Departments are named, not numbered.
		cur, _ := f.svc.Get(ctx, f.pub, it.Code)
		doc.DeptID, doc.RegionCode = f.otherDept, "533422"
		if _, err := f.svc.SaveDraft(ctx, f.pub, it.Code, cur.Version, doc, "改由德钦县办理"); err != nil {
			t.Fatal(err)
		}
		if d, err = f.svc.DiffVersions(ctx, f.ed, it.Code, 1, 2); err != nil ||
			!strings.Contains(changeLines(d.Changes), "changed dept_id | 实施部门 | 香格里拉市市场监督管理局 → 德钦县民政局\n") {
			t.Fatalf("dept change: %v\n%s", err, changeLines(d.Changes))
		}
		if _, err := f.svc.DiffVersions(ctx, f.ed, it.Code, 1, 9); !errs.Is(err, errs.NotFound) || !strings.Contains(errs.MessageOf(err), "第 9 版") {
			t.Fatalf("missing version: %v", err)
		}
		if _, err := f.svc.DiffVersions(ctx, catalogtest.Manager(301, "km", "530100"), it.Code, 1, 2); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("outside the region: %v", err)
		}
	})
}

func TestIndicatorsReport(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f, rep := repSetup(t, db)
		ctx := context.Background()
		repPublish(t, f, repBase+"-A", func(d *catalog.Doc) { d.PromisedDays, d.OnlineDepth, d.MaxVisits = 5, 4, 0 })
		repPublish(t, f, repBase+"-B", func(d *catalog.Doc) { d.InHall, d.OnlineDepth = false, 2 })
		// An unpublished draft does not count.
		if _, err := f.svc.NewImplementation(ctx, f.ed, repBase, f.dept, repBase+"-C"); err != nil {
			t.Fatal(err)
		}
		got, err := rep.Indicators(ctx, catalog.IndicatorFilter{Region: "533400"})
		if err != nil {
			t.Fatal(err)
		}
		// A: depth 4, 0 visits, in hall, 5 of 20 days; B: depth 2, 1 visit,
		// not in hall, 10 of 20 days. The base item is not counted.
		if got.RegionName != "迪庆藏族自治州" || got.Items != 2 || got.Applied != 2 || got.Online.Count != 1 || got.WholeOnline.Count != 1 ||
			got.OneVisit.Count != 2 || got.InHall.Count != 1 || got.Instant.Count != 0 || *got.Compression.Value != 1-15.0/40.0 {
			t.Fatalf("figures: %+v", got.Figures)
		}
		if len(got.Kinds) != len(catalog.Kinds) || got.Kinds[0].Kind != catalog.KindLicensing || got.Kinds[0].Items != 2 {
			t.Fatalf("kinds: %+v", got.Kinds)
		}
		if len(got.Regions) != 1 || got.Regions[0].Code != "533401" || got.Regions[0].Name != "香格里拉市" || len(got.Depts) != 0 {
			t.Fatalf("breakdowns: %+v %+v", got.Regions, got.Depts)
		}
		got, err = rep.Indicators(ctx, catalog.IndicatorFilter{Region: "533401"})
		if err != nil || len(got.Depts) != 1 || got.Depts[0].DeptID != f.dept || got.Depts[0].Name != "香格里拉市市场监督管理局" || got.Depts[0].Items != 2 {
			t.Fatalf("depts: %v %+v", err, got.Depts)
		}
		got, err = rep.Indicators(ctx, catalog.IndicatorFilter{DeptID: f.otherDept})
		if err != nil || got.Items != 0 || got.Online.Value != nil || got.DeptName != "德钦县民政局" {
			t.Fatalf("empty dept: %v %+v", err, got)
		}
		if _, err := rep.Indicators(ctx, catalog.IndicatorFilter{Region: "533499"}); errs.FieldOf(err) != "region" {
			t.Fatalf("unknown region: %v", err)
		}
		if _, err := rep.Indicators(ctx, catalog.IndicatorFilter{Region: "12"}); errs.FieldOf(err) != "region" {
			t.Fatalf("malformed region: %v", err)
		}
		if _, err := rep.Indicators(ctx, catalog.IndicatorFilter{DeptID: 99999}); errs.FieldOf(err) != "dept" {
			t.Fatalf("unknown dept: %v", err)
		}
	})
}
