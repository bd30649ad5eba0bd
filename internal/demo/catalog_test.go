package demo

import (
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// TestCatalogPlan checks the generated catalog without a database: unique
// codes, every document valid, and the variety a demo should show.
func TestCatalogPlan(t *testing.T) {
	st := Structure{Province: "530000", DeptIDs: map[string]int64{}}
	pref, counties := fakeDepts(t, &st)
	p, err := planCatalog(st)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.docs) < 300 {
		t.Errorf("%d items, want ≥ 300", len(p.docs))
	}
	seen := map[string]bool{}
	types := map[string]bool{}
	var base, parallel, instant, fees, cond, templates, national, township int
	for _, pd := range p.docs {
		d := pd.doc
		if seen[d.Code] {
			t.Errorf("code %s twice", d.Code)
		}
		seen[d.Code] = true
		if err := d.Validate(); err != nil {
			t.Errorf("%s %s: %v", d.Code, d.Name, err)
		}
		if pd.isBase != (d.RegionCode == "530000") || pd.isBase != (d.DeptID == 0) || pd.isBase != (d.Code == d.BaseCode) {
			t.Errorf("%s: base item mismatch (region %s, dept %d)", d.Code, d.RegionCode, d.DeptID)
		}
		if !pd.isBase && d.Code != d.BaseCode+"-"+d.RegionCode {
			t.Errorf("%s: implementation code is not base code + region", d.Code)
		}
		if d.DeptID != 0 && d.DeptID != pref[d.DeptKind] && !slices.Contains(counties[d.RegionCode], d.DeptID) {
			t.Errorf("%s: dept %d is not a %s dept of %s", d.Code, d.DeptID, d.DeptKind, d.RegionCode)
		}
		for _, f := range d.Form {
			types[f.Type] = true
			for _, c := range f.Columns {
				types[c.Type] = true
			}
		}
		for i := 1; i < len(d.Steps); i++ {
			if d.Steps[i].Stage == d.Steps[i-1].Stage {
				parallel++
				break
			}
		}
		sum := 0
		for i, s := range d.Steps {
			if i == 0 || s.Stage != d.Steps[i-1].Stage {
				sum += s.Days
			}
		}
		if sum != d.PromisedDays {
			t.Errorf("%s: steps take %d days, promised %d", d.Code, sum, d.PromisedDays)
		}
		for _, m := range d.Materials {
			if m.Requirement == catalog.Conditional {
				cond++
			}
			if m.Template != "" {
				templates++
			}
		}
		if pd.isBase {
			base++
		}
		if d.Instant {
			instant++
		}
		if len(d.Fees) > 0 {
			fees++
		}
		if d.CrossRegion == catalog.CrossNational {
			national++
		}
		if d.ExerciseLevel == catalog.LevelTownship {
			township++
		}
	}
	for _, typ := range catalog.FieldTypes {
		if !types[typ] {
			t.Errorf("no form field of type %s", typ)
		}
	}
	t.Logf("%d items: %d base, %d with 会签, %d instant, %d with fees, %d conditional materials, %d materials with a blank form, %d 跨省通办, %d township",
		len(p.docs), base, parallel, instant, fees, cond, templates, national, township)
	if base != 30 || parallel == 0 || instant == 0 || fees == 0 || cond == 0 || templates == 0 || national == 0 || township == 0 {
		t.Error("the demo catalog lacks variety (see the counts above)")
	}
	if len(p.deviations) != 4 || len(p.tightened) == 0 {
		t.Errorf("deviations %v, tightened %v", p.deviations, p.tightened)
	}
}

// fakeDepts gives every demo dept an id, as LoadStructure would, and
// returns the ids by kind (prefecture) and by county.
func fakeDepts(t *testing.T, st *Structure) (map[string]int64, map[string][]int64) {
	t.Helper()
	st.DeptIDs = map[string]int64{}
	next := func(name string) (int64, bool) {
		st.DeptIDs[name] = int64(len(st.DeptIDs) + 1)
		return st.DeptIDs[name], true
	}
	pl, cs, err := places(next)
	if err != nil {
		t.Fatal(err)
	}
	pref, counties := map[string]int64{}, map[string][]int64{}
	for kind, d := range pl.depts {
		pref[kind] = d.id
	}
	for _, c := range cs {
		st.Counties = append(st.Counties, c.code)
		for _, d := range c.depts {
			counties[c.code] = append(counties[c.code], d.id)
		}
	}
	return pref, counties
}

// TestLoadCatalog loads the structure and the catalog on both engines.
func TestLoadCatalog(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		sys := &access.Principal{AccountID: 1, Username: "demo", Kind: "staff",
			Grants: []access.Grant{{Role: access.SysAdmin, Region: "530000"}}}
		st, err := LoadStructure(ctx, gov.NewService(sqlstore.NewGovStore(db), nil), sys)
		if err != nil {
			t.Fatal(err)
		}
		svc := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
		editor := &access.Principal{AccountID: 11, Username: "catalog1", Kind: "staff",
			Grants: []access.Grant{{Role: access.CatalogManager, Region: "530000"}}}
		publisher := &access.Principal{AccountID: 12, Username: "catalog2", Kind: "staff",
			Grants: []access.Grant{{Role: access.CatalogManager, Region: "530000"}}}

		start := time.Now()
		sum, err := LoadCatalog(ctx, svc, editor, publisher, st)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d items (%d base), %d published in %v", db.Engine, sum.Items, sum.BaseItems, sum.Published, time.Since(start))
		if sum.Items < 300 || sum.BaseItems != 30 || sum.Published != sum.Items || sum.Created != sum.Items {
			t.Fatalf("summary %+v", sum)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM items WHERE status = 'published'"); n != sum.Items {
			t.Errorf("%d published items in the table", n)
		}

		items, err := listItems(ctx, svc, editor, "530000")
		if err != nil || len(items) != sum.Items {
			t.Fatalf("list: %d items, %v", len(items), err)
		}
		bases := map[string]catalog.Doc{}
		for _, it := range items {
			if it.IsBase {
				bases[it.Doc.BaseCode] = it.Doc
			}
		}
		var found []string
		for _, it := range items {
			d := it.Doc
			if err := d.Validate(); err != nil {
				t.Errorf("%s: %v", it.Code, err)
			}
			if b, ok := bases[d.BaseCode]; ok && !it.IsBase {
				for _, dev := range catalog.Check(b, d, catalog.DefaultFixedElements) {
					found = append(found, it.Code+" "+dev.Element)
				}
			}
		}
		var planted []string
		for _, d := range sum.Deviations {
			planted = append(planted, d.Code+" "+d.Element)
		}
		sort.Strings(found)
		sort.Strings(planted)
		if !slices.Equal(found, planted) {
			t.Errorf("consistency check found\n%v\nplanted\n%v", found, planted)
		}

		// Four eyes: catalog1 edited, catalog2 published.
		vs, err := svc.History(ctx, editor, sum.Deviations[0].Code)
		if err != nil || len(vs) != 1 || vs[0].EditorID != 11 || vs[0].PublisherID != 12 {
			t.Errorf("history = %+v, %v", vs, err)
		}
		for _, q := range []string{"执照", "结婚", "社保"} {
			res, err := svc.Search(ctx, catalog.Query{Text: q})
			if err != nil || res.Total == 0 {
				t.Errorf("search %s: %d hits, %v", q, res.Total, err)
			}
		}

		// A second load changes nothing.
		events := count(t, db, "SELECT COUNT(*) FROM audit_events")
		again, err := LoadCatalog(ctx, svc, editor, publisher, st)
		if err != nil {
			t.Fatal(err)
		}
		if again.Created != 0 || again.Items != sum.Items || again.Published != sum.Items {
			t.Errorf("second load: %+v", again)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_events"); n != events {
			t.Errorf("second load wrote %d audit events", n-events)
		}
	})
}
