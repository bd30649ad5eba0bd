package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/excel"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
)

// importData is the import page: the upload form, and after an upload
// either every problem of the file or what was imported.
type importData struct {
	FileName string
	IsBase   bool
	Note     string
	// Problems are the file's faults, each with its sheet, row and column;
	// nothing was imported.
	Problems []excel.Problem
	Omitted  int
	Total    int
	// Done: the file was imported.
	Done                    bool
	Items, Created, Drafted int
	Regions                 []catOption // the export's region choice
}

func (c *catalogPages) importPage(rw http.ResponseWriter, r *http.Request) {
	c.renderImport(rw, r, http.StatusOK, &Page{}, &importData{})
}

func (c *catalogPages) renderImport(rw http.ResponseWriter, r *http.Request, status int, p *Page, d *importData) {
	ctx, pr := r.Context(), httpx.Principal(r.Context())
	root := c.root
	if rs := pr.Regions(access.CatalogView); len(rs) > 0 {
		root = rs[0]
	}
	d.Regions = c.regionOptions(ctx, root, root)
	p.Title, p.Data = "导入导出", d
	c.w.render(rw, r, status, "catalog_import", p)
}

// importFile imports an uploaded workbook (or JSON export) all or nothing.
func (c *catalogPages) importFile(rw http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	d := &importData{IsBase: r.PostFormValue("is_base") == "1", Note: r.PostFormValue("note")}
	page := &Page{}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		msg := "请选择要导入的 .xlsx 文件"
		page.Error, page.Fields = msg, map[string]string{"file": msg}
		c.renderImport(rw, r, http.StatusUnprocessableEntity, page, d)
		return
	}
	defer file.Close()
	d.FileName = hdr.Filename
	isJSON := strings.HasSuffix(strings.ToLower(hdr.Filename), ".json")
	n, created, drafted, probs, omitted, err := importItems(ctx, c.svc, p, file, isJSON, d.IsBase, d.Note)
	switch {
	case len(probs) > 0:
		d.Problems, d.Omitted, d.Total = probs, omitted, len(probs)+omitted
		page.Error = translate(lang(r), "文件有错误，未导入任何事项。请按下表逐项修改后重新上传。")
		c.renderImport(rw, r, http.StatusUnprocessableEntity, page, d)
	case err != nil:
		page.Error = errs.MessageOf(err)
		if errs.FieldOf(err) != "" {
			page.Fields = map[string]string{"file": page.Error}
		}
		c.renderImport(rw, r, errs.Status(errs.CodeOf(err)), page, d)
	default:
		d.Done, d.Items, d.Created, d.Drafted = true, n, created, drafted
		c.renderImport(rw, r, http.StatusOK, page, d)
	}
}

// importItems reads the file, checks every document against the catalog
// (department, region, the manager's scope) and imports them all, or
// returns every problem found and imports nothing.
func importItems(ctx context.Context, svc *catalog.Service, p *access.Principal, r io.Reader, isJSON, isBase bool, note string) (n, created, drafted int, probs []excel.Problem, omitted int, err error) {
	read := excel.Import
	if isJSON {
		read = excel.ImportJSON
	}
	docs, rep, err := read(r)
	if rep != nil && !rep.OK() {
		return 0, 0, 0, rep.Problems, rep.Omitted, nil
	}
	if err != nil {
		return 0, 0, 0, nil, 0, err
	}
	for i := range docs {
		d := docs[i]
		if err := svc.CheckDoc(ctx, p, &d, isBase); err != nil {
			if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Forbidden) {
				return 0, 0, 0, nil, 0, err
			}
			probs = append(probs, excel.Problem{Sheet: "事项", Column: "实施编码 " + docs[i].Code, Reason: errs.MessageOf(err)})
		}
	}
	if len(probs) > 0 {
		return 0, 0, 0, probs, 0, nil
	}
	created, drafted, err = svc.Import(ctx, p, docs, isBase, note)
	return len(docs), created, drafted, nil, 0, err
}

// template serves the empty workbook: every sheet with its headers and the
// 填写说明 sheet, to fill in and import.
func (c *catalogPages) template(rw http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := excel.Export(&buf, nil); err != nil {
		c.w.Error(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	rw.Header().Set("Content-Disposition", `attachment; filename="items-template.xlsx"; filename*=UTF-8''%E4%BA%8B%E9%A1%B9%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx`)
	rw.Write(buf.Bytes())
}
