package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/validate"
)

// adminPageSize is how many items the managers' list shows at a time.
const adminPageSize = 50

// adminListData is the managers' list of items with its filters.
type adminListData struct {
	Rows     []adminRow
	Regions  []catOption
	Depts    []catOption
	Kinds    []catOption
	Statuses []catOption
	Bases    []catOption
	Name     string
	CanEdit  bool
	Export   string // query of the export links (the list's region and department)
	Next     string
	First    string
}

// adminRow is one item in the list with its names and pending draft.
type adminRow struct {
	catalog.Item
	DeptName, RegionName    string
	StatusText, StatusClass string
	DraftEditor             string
	DraftAt                 time.Time
	EditURL, GuideURL       string
}

func (c *catalogPages) adminList(rw http.ResponseWriter, r *http.Request) {
	ctx, p, lg, v := r.Context(), httpx.Principal(r.Context()), lang(r), r.URL.Query()
	f := catalog.ListFilter{Region: strings.TrimSpace(v.Get("region")), Kind: catalog.Kind(v.Get("kind")), Status: v.Get("status"),
		Name: strings.TrimSpace(v.Get("name")), Limit: adminPageSize}
	f.DeptID, _ = strconv.ParseInt(v.Get("dept"), 10, 64)
	f.After, _ = strconv.ParseInt(v.Get("cursor"), 10, 64)
	switch v.Get("base") {
	case "true", "false":
		b := v.Get("base") == "true"
		f.Base = &b
	}
	page := &Page{Title: "事项管理"}
	status := http.StatusOK
	var list []catalog.Item
	var err error
	if f.Region != "" {
		_, err = validate.RegionCode("region", f.Region)
	}
	if err == nil {
		list, err = c.svc.List(ctx, p, f)
	}
	if err != nil {
		if errs.FieldOf(err) == "" && !errs.Is(err, errs.Invalid) {
			c.w.Error(rw, r, err)
			return
		}
		page.Error, status = errs.MessageOf(err), errs.Status(errs.CodeOf(err))
	}
	root := c.root
	if rs := p.Regions(access.CatalogView); len(rs) > 0 {
		root = rs[0]
	}
	d := &adminListData{Name: f.Name, CanEdit: p.Has(access.CatalogEdit), Kinds: catKindOptions(lg, f.Kind),
		Regions: c.regionOptions(ctx, root, f.Region),
		Statuses: catChoices(lg, []catPair{{catalog.StatusDraft, "从未发布"}, {"pending", "有待发布草稿"}, {catalog.StatusPublished, "已发布"},
			{catalog.StatusSuspended, "已暂停"}, {catalog.StatusCancelled, "已取消"}}, f.Status),
		Bases: catChoices(lg, []catPair{{"false", "实施清单"}, {"true", "基本目录"}}, v.Get("base"))}
	deptRegion := f.Region
	if deptRegion == "" {
		deptRegion = root
	}
	d.Depts = c.deptOptions(ctx, deptRegion, f.DeptID)
	nm := c.names(ctx)
	for _, it := range list {
		row := adminRow{Item: it, DeptName: nm.dept(it.Doc.DeptID), RegionName: nm.region(it.Doc.RegionCode),
			EditURL: editURL(it.Code)}
		row.StatusText, row.StatusClass = catStatusLabel(lg, it)
		if it.PublishedVersion > 0 && it.InForce(time.Now()) {
			row.GuideURL = itemURL(it.Code)
		}
		if it.DraftVersion > 0 {
			// The editor of the pending draft: the publisher must be someone else.
			if dv, err := c.svc.Version(ctx, p, it.Code, it.DraftVersion); err == nil {
				row.DraftEditor, row.DraftAt = dv.EditorName, dv.CreatedAt
			}
		}
		d.Rows = append(d.Rows, row)
	}
	if len(list) == adminPageSize {
		d.Next = catWithParam(r.URL, "cursor", strconv.FormatInt(list[len(list)-1].ID, 10))
	}
	if f.After > 0 {
		d.First = catWithParam(r.URL, "cursor", "")
	}
	exp := []string{}
	if f.Region != "" {
		exp = append(exp, "region="+f.Region)
	}
	if f.DeptID != 0 {
		exp = append(exp, "dept="+strconv.FormatInt(f.DeptID, 10))
	}
	if len(exp) > 0 {
		d.Export = "?" + strings.Join(exp, "&")
	}
	page.Data = d
	c.w.render(rw, r, status, "catalog_admin", page)
}

// publish puts the pending draft in force (a second manager: four eyes).
func (c *catalogPages) publish(rw http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	it, err := c.svc.Publish(r.Context(), httpx.Principal(r.Context()), code, catFormVersion(r))
	if err != nil {
		c.actionFailed(rw, r, code, err, "")
		return
	}
	govDone(rw, r, editURL(it.Code), "已发布第 "+strconv.Itoa(it.PublishedVersion)+" 版，公众现在看到的是新内容")
}

// discard drops the pending draft; the published version stays.
func (c *catalogPages) discard(rw http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	it, err := c.svc.DiscardDraft(r.Context(), httpx.Principal(r.Context()), code, catFormVersion(r))
	if err != nil {
		c.actionFailed(rw, r, code, err, "")
		return
	}
	govDone(rw, r, editURL(it.Code), "草稿已丢弃")
}

// setStatus suspends, cancels or resumes an item from a date.
func (c *catalogPages) setStatus(rw http.ResponseWriter, r *http.Request) {
	code, status := r.PathValue("code"), r.PostFormValue("status")
	var from time.Time
	var err error
	if s := strings.TrimSpace(r.PostFormValue("from")); s != "" {
		if from, err = time.ParseInLocation(time.DateOnly, s, cst); err != nil {
			err = errs.Field("from", "生效日期应为 YYYY-MM-DD")
		}
	}
	var it catalog.Item
	if err == nil {
		it, err = c.svc.SetStatus(r.Context(), httpx.Principal(r.Context()), code, catFormVersion(r), status, from, r.PostFormValue("reason"))
	}
	if err != nil {
		c.actionFailed(rw, r, code, err, "status")
		return
	}
	msg := map[string]string{catalog.StatusSuspended: "已设置暂停办理", catalog.StatusCancelled: "已设置取消事项",
		catalog.StatusPublished: "已恢复办理"}[it.Status]
	govDone(rw, r, editURL(it.Code), msg)
}

// actionFailed draws the editor again with the refusal of a publication
// panel action; form names the panel's form whose inputs the error concerns.
func (c *catalogPages) actionFailed(rw http.ResponseWriter, r *http.Request, code string, err error, form string) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	d, lerr := c.loadEditor(ctx, p, code)
	if lerr != nil {
		c.w.Error(rw, r, err)
		return
	}
	d.Doc = d.current()
	page := &Page{Title: d.Item.Doc.Name, Form: map[string]string{}}
	if f := errs.FieldOf(err); f != "" && form != "" {
		err = &errs.Error{Code: errs.CodeOf(err), Field: form + "." + f, Message: errs.MessageOf(err)}
		for _, k := range []string{"status", "from", "reason"} {
			page.Form[form+"."+k] = r.PostFormValue(k)
		}
	}
	c.editPage(rw, r, errs.Status(errs.CodeOf(err)), page, d, err)
}

// catFormVersion is the item version a form was drawn with (0 when missing,
// which the store refuses as stale).
func catFormVersion(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return v
}
