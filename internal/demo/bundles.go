package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// The demo bundles (一件事一次办) of 迪庆州. They are written against the
// demo catalog by item NAME, not code: each slot lists the names an item
// goes by, and the first published item found wins. The shared fields are
// derived from the items' own forms (a field with the same label and type
// in two or more items is asked once), so the bundles follow the catalog
// as it changes.

// LoadBundles publishes the demo bundles of the prefecture from the demo
// catalog: editor (a catalog manager) creates each, publisher (another)
// publishes it. A bundle whose items the catalog does not have (fewer than
// two found, or none always needed) is left out; at least five must be
// built. It is idempotent: an existing bundle is kept (and published if a
// previous run stopped before publishing it).
func LoadBundles(ctx context.Context, bundles *catalog.BundleService, items *catalog.Service, editor, publisher *access.Principal, st Structure) error {
	built := 0
	for _, spec := range demoBundles {
		code := "YJS-" + st.Prefecture + "-" + spec.code
		b, err := bundles.Get(ctx, editor, code)
		if errs.Is(err, errs.NotFound) {
			doc, ok, err := bundleDoc(ctx, items, editor, st, spec)
			if err != nil {
				return fmt.Errorf("demo: bundle %s: %w", spec.name, err)
			}
			if !ok {
				continue
			}
			if b, err = bundles.Create(ctx, editor, catalog.BundleInput{Code: code, RegionCode: st.Prefecture, Doc: doc, Note: "演示数据"}); err != nil {
				return fmt.Errorf("demo: bundle %s: %w", spec.name, err)
			}
		} else if err != nil {
			return err
		}
		if b.Pending() {
			if _, err := bundles.Publish(ctx, publisher, b.Code, b.Version); err != nil {
				return fmt.Errorf("demo: publish bundle %s: %w", spec.name, err)
			}
		}
		built++
	}
	if built < 5 {
		return fmt.Errorf("demo: only %d bundles could be built from the demo catalog, want at least 5", built)
	}
	return nil
}

// bundleDoc builds a bundle's content from the items the catalog has.
func bundleDoc(ctx context.Context, items *catalog.Service, p *access.Principal, st Structure, spec bundleSpec) (catalog.BundleDoc, bool, error) {
	doc := catalog.BundleDoc{Name: spec.name, Summary: spec.summary, Targets: spec.targets, Themes: spec.themes}
	var found []catalog.Doc
	asked := map[string]bool{}
	hasAlways := false
	for _, s := range spec.slots {
		it, ok, err := findItem(ctx, items, p, st, s.names)
		if err != nil {
			return doc, false, err
		}
		if !ok || slices.ContainsFunc(found, func(d catalog.Doc) bool { return d.Code == it.Code }) {
			continue
		}
		bi := catalog.BundleItem{ItemCode: it.Code, Always: s.question == ""}
		if !bi.Always {
			bi.When = []catalog.Condition{{Question: s.question, Answer: s.answer}}
			asked[s.question] = true
		}
		hasAlways = hasAlways || bi.Always
		doc.Items = append(doc.Items, bi)
		found = append(found, it)
	}
	if len(found) < 2 || !hasAlways {
		return doc, false, nil
	}
	for _, q := range spec.questions {
		if asked[q.Key] {
			doc.Questions = append(doc.Questions, q)
		}
	}
	doc.SharedFields = sharedFields(found)
	doc.PromisedDays = bundleDays(found)
	return doc, true, nil
}

// findItem finds a published item in force by name: in the prefecture
// first, then in its seat (the first county), where county-level items
// are piloted for the prefecture.
func findItem(ctx context.Context, items *catalog.Service, p *access.Principal, st Structure, names []string) (catalog.Doc, bool, error) {
	regions := []string{st.Prefecture}
	if len(st.Counties) > 0 {
		regions = append(regions, st.Counties[0])
	}
	impl := false
	for _, region := range regions {
		for _, name := range names {
			list, err := items.List(ctx, p, catalog.ListFilter{Region: region, Status: "public", Base: &impl, Name: name, Limit: 200})
			if err != nil {
				return catalog.Doc{}, false, err
			}
			var best *catalog.Doc
			for i := range list {
				d := &list[i].Doc
				if d.RegionCode != region || !strings.Contains(d.Name, name) {
					continue
				}
				if d.Name == name {
					return *d, true, nil
				}
				if best == nil || len(d.Name) < len(best.Name) {
					best = d
				}
			}
			if best != nil {
				return *best, true, nil
			}
		}
	}
	return catalog.Doc{}, false, nil
}

// sharedFields asks once what two or more items ask alike: fields of the
// same type and label (申请人姓名, 联系电话 …), and for a select the same
// options, become one shared field mapped into each.
func sharedFields(items []catalog.Doc) []catalog.SharedField {
	type group struct {
		sf    catalog.SharedField
		items map[string]bool
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, d := range items {
		for _, f := range d.Form {
			if f.Type == catalog.FieldTable {
				continue
			}
			k := f.Type + "|" + f.Label + "|" + strings.Join(f.Options, "|")
			g := byKey[k]
			if g == nil {
				g = &group{sf: catalog.SharedField{Field: catalog.Field{Key: f.Key, Label: f.Label, Type: f.Type,
					Options: slices.Clone(f.Options), Help: f.Help}}, items: map[string]bool{}}
				byKey[k] = g
				groups = append(groups, g)
			}
			if g.items[d.Code] {
				continue // an item's own repeated label stays its own
			}
			g.items[d.Code] = true
			g.sf.Required = g.sf.Required || f.Required
			g.sf.Maps = append(g.sf.Maps, catalog.FieldMap{ItemCode: d.Code, FieldKey: f.Key})
		}
	}
	out := []catalog.SharedField{}
	keys := map[string]bool{}
	for _, g := range groups {
		if len(g.sf.Maps) < 2 {
			continue
		}
		for base, n := g.sf.Key, 2; keys[g.sf.Key]; n++ {
			g.sf.Key = fmt.Sprintf("%s_%d", base, n)
		}
		keys[g.sf.Key] = true
		out = append(out, g.sf)
	}
	return out
}

// bundleDays is a demo bundle's promised limit: its items are handled in
// parallel, so the slowest item's promise (never above its legal limit,
// hence within the bundle rule); 0 only when every item is instant.
func bundleDays(items []catalog.Doc) int {
	days, instant := 0, true
	for _, d := range items {
		days = max(days, d.PromisedDays)
		instant = instant && d.Instant
	}
	if !instant {
		days = max(days, 1)
	}
	return days
}
