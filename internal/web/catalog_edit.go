package web

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/httpx"
)

// newItem is the editor of a new item, with the usual three review steps
// to start from.
func (c *catalogPages) newItem(rw http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	doc := catalog.Doc{ExerciseLevel: catalog.LevelCounty, Targets: []string{catalog.TargetPerson},
		Channels: []string{catalog.ChannelWindow, catalog.ChannelOnline}, CrossRegion: catalog.CrossNone, OnlineDepth: 1,
		Steps: []catalog.Step{
			{Key: "accept", Name: "受理", Stage: 1, Role: string(access.Clerk), Days: 1},
			{Key: "review", Name: "审查", Stage: 2, Role: string(access.Reviewer)},
			{Key: "decide", Name: "决定", Stage: 3, Role: string(access.Approver)},
		}}
	if rs := p.Regions(access.CatalogEdit); len(rs) > 0 {
		doc.RegionCode = rs[0]
	}
	d := &editData{New: true, Action: "/admin/items", CanEdit: true, Doc: doc}
	c.editPage(rw, r, http.StatusOK, &Page{Title: "新建事项"}, d, nil)
}

// create saves a new item as its first draft.
func (c *catalogPages) create(rw http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	d := &editData{New: true, Action: "/admin/items", CanEdit: true}
	doc, done := c.readEditor(rw, r, d, &Page{Title: "新建事项"})
	if done {
		return
	}
	it, err := c.svc.Create(ctx, p, doc, d.IsBase, d.Note)
	if err != nil {
		c.editPage(rw, r, errs.Status(errs.CodeOf(err)), &Page{Title: "新建事项"}, d, err)
		return
	}
	govDone(rw, r, editURL(it.Code), "草稿已保存，请另一位事项管理员审核发布")
}

// editItem shows an item in the editor: its pending draft when there is
// one, else the version in force.
func (c *catalogPages) editItem(rw http.ResponseWriter, r *http.Request) {
	d, err := c.loadEditor(r.Context(), httpx.Principal(r.Context()), r.PathValue("code"))
	if err != nil {
		c.w.Error(rw, r, err)
		return
	}
	d.Doc = d.current()
	c.editPage(rw, r, http.StatusOK, &Page{Title: d.Item.Doc.Name}, d, nil)
}

// saveDraft saves the editor's content as the item's pending draft.
func (c *catalogPages) saveDraft(rw http.ResponseWriter, r *http.Request) {
	ctx, p, code := r.Context(), httpx.Principal(r.Context()), r.PathValue("code")
	d, err := c.loadEditor(ctx, p, code)
	if err != nil {
		c.w.Error(rw, r, err)
		return
	}
	page := &Page{Title: d.Item.Doc.Name}
	doc, done := c.readEditor(rw, r, d, page)
	if done {
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if _, err := c.svc.SaveDraft(ctx, p, code, version, doc, d.Note); err != nil {
		if errs.Is(err, errs.Conflict) && version != d.Item.Version {
			// Someone saved in between. Keep what this manager typed, and
			// say that saving again overwrites the other change.
			err = errs.E(errs.Conflict, "保存期间该事项已被他人修改。下方仍是您填写的内容；再次保存将覆盖他人的修改，请先在新窗口打开本页核对。")
		}
		c.editPage(rw, r, errs.Status(errs.CodeOf(err)), page, d, err)
		return
	}
	govDone(rw, r, editURL(d.Item.Code), "草稿已保存，请另一位事项管理员审核发布")
}

// readEditor reads the posted editor into d. The no-script row buttons
// (添加一行, 删除) and an unreadable number draw the page again at once;
// done says the page was drawn.
func (c *catalogPages) readEditor(rw http.ResponseWriter, r *http.Request, d *editData, page *Page) (catalog.Doc, bool) {
	if err := r.ParseForm(); err != nil {
		c.w.Error(rw, r, errs.E(errs.Malformed, "表单无法读取"))
		return catalog.Doc{}, true
	}
	remove := r.PostForm.Get("_remove")
	form := withoutRow(r.PostForm, remove)
	doc, perr := docForm(form)
	c.deriveRegion(r.Context(), &doc)
	d.Doc, d.Note = doc, form.Get("note")
	if d.New {
		d.IsBase = form.Get("is_base") == "1"
	}
	if add := form.Get("_add"); add != "" || remove != "" {
		d.Doc = addRow(doc, add)
		page.Flash = translate(lang(r), "已调整，尚未保存")
		c.editPage(rw, r, http.StatusOK, page, d, nil)
		return doc, true
	}
	if perr != nil {
		c.editPage(rw, r, http.StatusUnprocessableEntity, page, d, perr)
		return doc, true
	}
	return doc, false
}

// deriveRegion places an item with a department in its department's region.
func (c *catalogPages) deriveRegion(ctx context.Context, doc *catalog.Doc) {
	if doc.DeptID <= 0 {
		return
	}
	if dept, err := c.gov.GetDept(ctx, c.reader, doc.DeptID); err == nil {
		doc.RegionCode = dept.RegionCode
	}
}

// addRow appends a blank row to the list a no-script 添加 button names.
func addRow(doc catalog.Doc, list string) catalog.Doc {
	switch list {
	case "legal_basis":
		doc.LegalBasis = append(doc.LegalBasis, catalog.LegalBasis{})
	case "fees":
		doc.Fees = append(doc.Fees, catalog.Fee{})
	case "special_procedures":
		doc.SpecialProcedures = append(doc.SpecialProcedures, catalog.SpecialProcedure{})
	case "faq":
		doc.FAQ = append(doc.FAQ, catalog.QA{})
	case "materials":
		doc.Materials = append(doc.Materials, catalog.Material{Requirement: catalog.Required, Forms: []string{catalog.FormOriginal}, Copies: 1})
	case "form":
		doc.Form = append(doc.Form, catalog.Field{Type: catalog.FieldText})
	case "steps":
		doc.Steps = append(doc.Steps, catalog.Step{Role: string(access.Reviewer)})
	default:
		if m := columnsList.FindStringSubmatch(list); m != nil {
			if i, _ := strconv.Atoi(m[1]); i < len(doc.Form) {
				doc.Form[i].Columns = append(doc.Form[i].Columns, catalog.Field{Type: catalog.FieldText})
			}
		}
	}
	return doc
}

// columnsList names the columns of a table field: form[3].columns.
var columnsList = regexp.MustCompile(`^form\[(\d{1,4})\]\.columns$`)

// loadEditor reads an item's state and its pending draft for the editor.
func (c *catalogPages) loadEditor(ctx context.Context, p *access.Principal, code string) (*editData, error) {
	it, err := c.svc.Get(ctx, p, code)
	if err != nil {
		return nil, err
	}
	d := &editData{Item: it, Action: editURL(it.Code)}
	if it.DraftVersion > 0 {
		v, err := c.svc.Version(ctx, p, it.Code, it.DraftVersion)
		if err != nil {
			return nil, err
		}
		d.Draft = &v
		d.Mine = v.EditorID == p.AccountID
	}
	scope := access.Scope{Region: it.Doc.RegionCode, DeptID: it.Doc.DeptID}
	d.CanEdit = p.Can(access.CatalogEdit, scope) && it.Status != catalog.StatusCancelled
	d.CanPub = p.Can(access.CatalogPub, scope)
	d.InForce = it.PublishedVersion > 0 && it.InForce(time.Now())
	d.IsBase = it.IsBase
	return d, nil
}

// current is the content the editor starts from: the pending draft, else
// the version in force.
func (d *editData) current() catalog.Doc {
	if d.Draft != nil {
		return d.Draft.Doc
	}
	return d.Item.Doc
}

// editPage draws the editor; err (when not nil) is shown at the top and
// beside its input.
func (c *catalogPages) editPage(rw http.ResponseWriter, r *http.Request, status int, p *Page, d *editData, err error) {
	ctx, lg := r.Context(), lang(r)
	d.Lang, d.Err = lg, map[string]string{}
	reg := d.fill()
	if err != nil {
		msg := errs.MessageOf(err)
		p.Error = msg
		if f := errs.FieldOf(err); f != "" {
			placeErr(reg, f, msg)
			if w := describePath(strings.TrimPrefix(f, "status.")); w != "" && !strings.Contains(msg, w) {
				p.Error = w + "：" + msg
			}
		}
	}
	d.Today = time.Now().In(cst).Format(time.DateOnly)
	d.StatusText, d.StatusClass = catStatusLabel(lg, d.Item)
	d.options(lg)
	d.DeptGroups = c.deptGroups(ctx, httpx.Principal(ctx), d.Doc.DeptID)
	if p.Form == nil {
		p.Form = map[string]string{}
	}
	p.Data = d
	c.w.render(rw, r, status, "item_edit", p)
}

// deptGroups lists the departments a manager may choose, by region, and
// the item's current one even when it lies elsewhere.
func (c *catalogPages) deptGroups(ctx context.Context, p *access.Principal, current int64) []deptGroup {
	nm := c.names(ctx)
	var out []deptGroup
	at := map[string]int{}
	found := current == 0
	roots := p.Regions(access.CatalogEdit)
	if len(roots) == 0 {
		roots = p.Regions(access.CatalogView)
	}
	seen := map[string]bool{}
	for _, root := range roots {
		if seen[root] {
			continue
		}
		seen[root] = true
		after := ""
		for n := 0; n < 10; n++ { // at most 5,000 departments
			pg, err := c.gov.ListDepts(ctx, c.reader, gov.ListFilter{Region: root, ActiveOnly: true, After: after, Limit: 500})
			if err != nil {
				break
			}
			for _, dept := range pg.Items {
				i, ok := at[dept.RegionCode]
				if !ok {
					i = len(out)
					at[dept.RegionCode] = i
					out = append(out, deptGroup{Region: nm.region(dept.RegionCode)})
				}
				out[i].Depts = append(out[i].Depts, catOption{Value: strconv.FormatInt(dept.ID, 10), Label: dept.Name, Selected: dept.ID == current})
				found = found || dept.ID == current
			}
			if pg.Next == "" {
				break
			}
			after = pg.Next
		}
	}
	if !found {
		out = append(out, deptGroup{Region: "—", Depts: []catOption{{Value: strconv.FormatInt(current, 10), Label: nm.dept(current), Selected: true}}})
	}
	return out
}

// catStatusLabel names an item's state in words with its pill class.
func catStatusLabel(lg string, it catalog.Item) (string, string) {
	switch it.Status {
	case catalog.StatusPublished:
		return translate(lg, "已发布"), "ok"
	case catalog.StatusSuspended:
		return translate(lg, "已暂停"), "warn"
	case catalog.StatusCancelled:
		return translate(lg, "已取消"), "bad"
	}
	return translate(lg, "未发布"), ""
}
