package demo

import (
	"context"
	"fmt"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
)

// The demo catalog: about 330 items of 迪庆藏族自治州 — 30 province base
// items (基本目录) with their implementations in the prefecture and the
// three counties, and the items the prefecture, the counties and the
// townships provide on their own. It is generated from the templates in
// catalog_data*.go, so it is the same on every run.
//
// Codes (documented in docs and the guide):
//
//	基本编码  KK DDD NN SSS VV — 12 digits: the kind (01 行政许可 … 10 其他行政权力,
//	          20 公共服务), the implementing dept type (its position in
//	          gov.DeptKinds), the main item's number within the dept type, the
//	          sub-item (000 for the main item) and the handling variant (00 none,
//	          01 新设, 02 变更, 03 延续, 04 注销). A province base item's code is
//	          its basic code.
//	实施编码  基本编码 + "-" + the implementing region's 6-digit code, e.g.
//	          010260100000-533401. One dept per item and region, so it is unique.

// CatalogSummary is what LoadCatalog found or built.
type CatalogSummary struct {
	Items     int // the demo catalog's items, base items included
	BaseItems int // province base items
	Published int // of Items, those with a published version
	Created   int // items this call created (0 once the catalog is there)
	// Deviations are the implementations planted to differ from their base
	// item in a way the consistency report must find, one element each.
	Deviations []PlantedDeviation
	// Tightened are implementations that differ from their base only as the
	// rules allow (shorter promised days, a channel more, a material
	// fewer): the report must not list them.
	Tightened []string
}

// PlantedDeviation is one deliberate departure from the base catalog.
type PlantedDeviation struct {
	Code        string // 实施编码 of the implementation
	BaseCode    string
	Element     string // as catalog.Check names it: name, promised_days, materials[…], online_depth
	Description string
}

const importNote = "演示数据：迪庆藏族自治州政务服务事项目录"

// LoadCatalog creates and publishes the demo catalog: editor imports the
// drafts (base items in one transaction, implementations in another) and
// publisher, a different catalog manager, publishes them (four eyes). Both
// need catalog_manager over the province (base items belong to 530000) and
// distinct account ids.
//
// It is idempotent: items whose code exists are left alone, and only drafts
// that were never published (an interrupted earlier run) are published.
func LoadCatalog(ctx context.Context, svc *catalog.Service, editor, publisher *access.Principal, st Structure) (CatalogSummary, error) {
	p, err := planCatalog(st)
	if err != nil {
		return CatalogSummary{}, fmt.Errorf("demo: catalog: %w", err)
	}
	have, err := listItems(ctx, svc, editor, st.Province)
	if err != nil {
		return CatalogSummary{}, fmt.Errorf("demo: catalog: %w", err)
	}
	sum := CatalogSummary{Deviations: p.deviations, Tightened: p.tightened}
	for _, isBase := range []bool{true, false} {
		var docs []catalog.Doc
		for _, d := range p.docs {
			if _, ok := have[d.doc.Code]; !ok && d.isBase == isBase {
				docs = append(docs, d.doc)
			}
		}
		if len(docs) == 0 {
			continue
		}
		n, _, err := svc.Import(ctx, editor, docs, isBase, importNote)
		if err != nil {
			return CatalogSummary{}, fmt.Errorf("demo: catalog import: %w", err)
		}
		sum.Created += n
	}
	if sum.Created > 0 {
		if have, err = listItems(ctx, svc, editor, st.Province); err != nil {
			return CatalogSummary{}, fmt.Errorf("demo: catalog: %w", err)
		}
	}
	for _, d := range p.docs {
		it, ok := have[d.doc.Code]
		if !ok {
			return CatalogSummary{}, fmt.Errorf("demo: catalog: item %s missing after import", d.doc.Code)
		}
		if it.PublishedVersion == 0 && it.DraftVersion > 0 && it.Status == catalog.StatusDraft {
			if it, err = svc.Publish(ctx, publisher, it.Code, it.Version); err != nil {
				return CatalogSummary{}, fmt.Errorf("demo: catalog publish %s: %w", d.doc.Code, err)
			}
		}
		sum.Items++
		if d.isBase {
			sum.BaseItems++
		}
		if it.PublishedVersion > 0 {
			sum.Published++
		}
	}
	return sum, nil
}

// listItems returns every item under region by code.
func listItems(ctx context.Context, svc *catalog.Service, p *access.Principal, region string) (map[string]catalog.Item, error) {
	out := map[string]catalog.Item{}
	f := catalog.ListFilter{Region: region, Limit: 200}
	for {
		page, err := svc.List(ctx, p, f)
		if err != nil {
			return nil, err
		}
		for _, it := range page {
			out[it.Code] = it
		}
		if len(page) < f.Limit {
			return out, nil
		}
		f.After = page[len(page)-1].ID
	}
}
