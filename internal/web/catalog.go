package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/validate"
)

// catalogPages are the service catalog's pages: the public service hall
// (办事服务: search, themes) and the catalog managers' pages (list, editor,
// publication, status, import and export). The guide of one item
// (/items/{code}) and the history pages are other page groups.
type catalogPages struct {
	w    *Web
	svc  *catalog.Service
	gov  *gov.Service
	root string
	// reader reads region and department names for the public filters.
	// The structure of government is public (every guide names its
	// department), but gov.Service serves it to staff only, so the public
	// pages read it as a read-only staff principal rather than as the visitor.
	reader *access.Principal
}

// AddCatalog registers the catalog pages. gv names regions and departments
// (filters, the editor's department list); root is the platform's root
// region, where the public region filter starts.
func (w *Web) AddCatalog(svc *catalog.Service, gv *gov.Service, root string) {
	c := &catalogPages{w: w, svc: svc, gov: gv, root: root,
		reader: &access.Principal{Username: "public", Kind: "staff", Grants: []access.Grant{{Role: access.Agent, Region: root}}}}
	w.handle("GET", "/items", access.Public, c.search)
	w.handle("GET", "/themes", access.Public, c.themes)

	view, edit, pub := access.CatalogView, access.CatalogEdit, access.CatalogPub
	w.handle("GET", "/admin/items", view, c.adminList)
	w.handle("GET", "/admin/items/new", edit, c.newItem)
	w.handle("POST", "/admin/items", edit, c.create)
	w.handle("GET", "/admin/items/{code}/edit", view, c.editItem)
	w.handle("POST", "/admin/items/{code}/edit", edit, c.saveDraft)
	w.handle("POST", "/admin/items/{code}/publish", pub, c.publish)
	w.handle("POST", "/admin/items/{code}/discard", edit, c.discard)
	w.handle("POST", "/admin/items/{code}/status", pub, c.setStatus)
	w.handle("GET", "/admin/items/import", edit, c.importPage)
	w.handle("POST", "/admin/items/import", edit, c.importFile)
	w.handle("GET", "/admin/items/template.xlsx", edit, c.template)
}

// catOption is one choice of a select.
type catOption struct {
	Value, Label string
	Selected     bool
}

// catKindOptions lists the item kinds, the current one selected.
func catKindOptions(lang string, current catalog.Kind) []catOption {
	out := make([]catOption, 0, len(catalog.Kinds))
	for _, k := range catalog.Kinds {
		out = append(out, catOption{Value: string(k), Label: translate(lang, k.Title()), Selected: k == current})
	}
	return out
}

// regionOptions is a drill-down region filter: root and its children,
// and under the selected region the line down to it and its own children,
// indented by depth.
func (c *catalogPages) regionOptions(ctx context.Context, root, selected string) []catOption {
	if root == "" {
		return nil
	}
	names := map[string]string{}
	name := func(code string) string {
		if n, ok := names[code]; ok {
			return n
		}
		n := code
		if r, err := c.gov.GetRegion(ctx, c.reader, code); err == nil {
			n = r.Name
		}
		names[code] = n
		return n
	}
	out := []catOption{{Value: root, Label: name(root), Selected: selected == root}}
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		kids, err := c.gov.ListRegions(ctx, c.reader, parent)
		if err != nil {
			return
		}
		for _, k := range kids {
			if !k.Active {
				continue
			}
			names[k.Code] = k.Name
			out = append(out, catOption{Value: k.Code, Label: strings.Repeat("\u3000", depth) + k.Name, Selected: k.Code == selected})
			// Open the branch that leads to the selection, and the
			// selection's own children, one level at a time.
			if selected != "" && (validate.InRegion(selected, k.Code) && depth < 4) {
				walk(k.Code, depth+1)
			}
		}
	}
	walk(root, 1)
	return out
}

// deptOptions lists the active departments placed in region itself (not
// its subtree), for the department filter and the editor.
func (c *catalogPages) deptOptions(ctx context.Context, region string, selected int64) []catOption {
	if region == "" {
		return nil
	}
	var out []catOption
	after := ""
	for {
		pg, err := c.gov.ListDepts(ctx, c.reader, gov.ListFilter{Region: region, ActiveOnly: true, After: after, Limit: 500})
		if err != nil {
			return out
		}
		for _, d := range pg.Items {
			if d.RegionCode == region {
				out = append(out, catOption{Value: strconv.FormatInt(d.ID, 10), Label: d.Name, Selected: d.ID == selected})
			}
		}
		// Depts come in region-code order: the region's own come first.
		if pg.Next == "" || (len(pg.Items) > 0 && pg.Items[len(pg.Items)-1].RegionCode != region) {
			return out
		}
		after = pg.Next
	}
}

// catNames resolves region and department names for a list, once each.
type catNames struct {
	ctx     context.Context
	c       *catalogPages
	regions map[string]string
	depts   map[int64]string
}

func (c *catalogPages) names(ctx context.Context) *catNames {
	return &catNames{ctx: ctx, c: c, regions: map[string]string{}, depts: map[int64]string{}}
}

func (n *catNames) region(code string) string {
	if s, ok := n.regions[code]; ok {
		return s
	}
	s := code
	if r, err := n.c.gov.GetRegion(n.ctx, n.c.reader, code); err == nil {
		s = r.Name
	}
	n.regions[code] = s
	return s
}

func (n *catNames) dept(id int64) string {
	if id == 0 {
		return ""
	}
	if s, ok := n.depts[id]; ok {
		return s
	}
	s := "#" + strconv.FormatInt(id, 10)
	if d, err := n.c.gov.GetDept(n.ctx, n.c.reader, id); err == nil {
		s = d.Name
	}
	n.depts[id] = s
	return s
}

// itemURL is the public guide of an item; editURL its editor.
func itemURL(code string) string { return "/items/" + url.PathEscape(code) }
func editURL(code string) string { return "/admin/items/" + url.PathEscape(code) + "/edit" }

// catWithParam is u's path and query with one parameter set (or removed when
// value is "") and the cursor dropped: a changed filter starts at page one.
func catWithParam(u *url.URL, name, value string) string {
	q := url.Values{}
	for k, v := range u.Query() {
		if k != "cursor" && k != "flash" && k != name {
			q[k] = v
		}
	}
	if value != "" {
		q.Set(name, value)
	}
	if len(q) == 0 {
		return u.Path
	}
	return u.Path + "?" + q.Encode()
}
