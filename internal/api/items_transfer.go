package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/excel"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
)

// XLSX is the content type of an Excel workbook.
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// MaxImport is the largest workbook accepted (a county's ~6,000 items fit).
const MaxImport = 20 << 20

type itemImportIn struct {
	ContentType string `header:"Content-Type"`
	Base        bool   `query:"base" doc:"true：导入省级基本目录事项；默认导入实施清单事项"`
	Note        string `query:"note" maxLength:"500" doc:"导入说明，记入每个草稿版本和审计"`
	RawBody     []byte `contentType:"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"`
}

type itemImportOut struct {
	Body struct {
		Items   int `json:"items" doc:"文件中的事项数"`
		Created int `json:"created" doc:"新建的事项（均为草稿，待另一位事项管理员发布）"`
		Drafted int `json:"drafted" doc:"已有事项上新建或替换的草稿"`
	}
}

type itemExportIn struct {
	Region string `query:"region" maxLength:"12" doc:"行政区划代码：该地区及下级地区的事项"`
	Dept   int64  `query:"dept" minimum:"0" doc:"实施部门编号"`
	Base   string `query:"base" enum:"true,false," doc:"true 只导出基本目录事项，false 只导出实施清单事项"`
}

type fileOut struct {
	ContentType string `header:"Content-Type"`
	Disposition string `header:"Content-Disposition"`
	Body        []byte
}

func (a *API) addItemTransfer(svc *catalog.Service, tags []string) {
	register(a, access.CatalogEdit, huma.Operation{
		OperationID: "import-items", Method: http.MethodPost, Path: "/api/v1/items/import", Tags: tags,
		Summary: "从 Excel 导入事项（全部成功才导入）",
		Description: "请求体为 .xlsx 文件本身（Content-Type: " + XLSX + "），JSON 导出文件（application/json），" +
			"或 multipart/form-data 的 file 字段（文件名以 .json 结尾时按 JSON 读取）。" +
			"文件有任何错误时不导入任何事项，返回 422，errors 列出每一处错误（工作表、行、列、原因）。" +
			"成功时新事项和有变化的已有事项都成为草稿，须由另一位事项管理员发布。",
		MaxBodyBytes: MaxImport, DefaultStatus: http.StatusOK,
	}, func(ctx context.Context, in *itemImportIn) (*itemImportOut, error) {
		file, isJSON, err := importFile(in.ContentType, in.RawBody)
		if err != nil {
			return nil, err
		}
		n, created, drafted, err := ImportItems(ctx, svc, principal(ctx), bytes.NewReader(file), isJSON, in.Base, in.Note)
		if err != nil {
			return nil, err
		}
		out := &itemImportOut{}
		out.Body.Items, out.Body.Created, out.Body.Drafted = n, created, drafted
		return out, nil
	})
	register(a, access.CatalogView, huma.Operation{
		OperationID: "export-items-xlsx", Method: http.MethodGet, Path: "/api/v1/items/export.xlsx", Tags: tags,
		Summary:     "导出事项为 Excel",
		Description: "版式与导入相同，导出后修改再导入不丢失任何要素。导出每个事项的最新内容：有待发布草稿的导出草稿。",
	}, func(ctx context.Context, in *itemExportIn) (*fileOut, error) {
		docs, err := exportDocs(ctx, svc, principal(ctx), in)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := excel.Export(&buf, docs); err != nil {
			return nil, err
		}
		return &fileOut{ContentType: XLSX, Disposition: attachment(exportName(in.Region, "xlsx")), Body: buf.Bytes()}, nil
	})
	register(a, access.CatalogView, huma.Operation{
		OperationID: "export-items-json", Method: http.MethodGet, Path: "/api/v1/items/export.json", Tags: tags,
		Summary: "导出事项为 JSON（每个事项的全部要素）",
	}, func(ctx context.Context, in *itemExportIn) (*fileOut, error) {
		docs, err := exportDocs(ctx, svc, principal(ctx), in)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := excel.ExportJSON(&buf, docs); err != nil {
			return nil, err
		}
		return &fileOut{ContentType: "application/json; charset=utf-8", Disposition: attachment(exportName(in.Region, "json")), Body: buf.Bytes()}, nil
	})
}

// importFile takes the file out of a raw or multipart body and says
// whether it is a JSON export (by content type or file name) rather than a
// workbook.
func importFile(contentType string, body []byte) ([]byte, bool, error) {
	mt, params, _ := mime.ParseMediaType(contentType)
	if mt != "multipart/form-data" {
		if len(body) == 0 {
			return nil, false, errs.Field("file", "请上传 .xlsx 文件")
		}
		return body, mt == "application/json", nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, false, errs.Field("file", "请在 file 字段上传 .xlsx 文件")
		}
		if err != nil {
			return nil, false, errs.E(errs.Malformed, "multipart 请求格式错误")
		}
		if part.FormName() != "file" {
			continue
		}
		b, err := io.ReadAll(part)
		if err != nil {
			return nil, false, errs.E(errs.Malformed, "上传的文件读取失败")
		}
		if len(b) == 0 {
			return nil, false, errs.Field("file", "上传的文件是空的")
		}
		return b, strings.HasSuffix(strings.ToLower(part.FileName()), ".json"), nil
	}
}

// ImportItems reads a workbook (or, with isJSON, a JSON export) and
// imports it all or nothing: every problem of the file (sheet, row,
// column) and every item the catalog refuses is reported together as one
// Invalid problem whose errors list them; nothing is written unless there
// are none. It returns the number of items in the file, created and
// re-drafted.
func ImportItems(ctx context.Context, svc *catalog.Service, p *access.Principal, r io.Reader, isJSON, isBase bool, note string) (n, created, drafted int, err error) {
	read := excel.Import
	if isJSON {
		read = excel.ImportJSON
	}
	docs, rep, err := read(r)
	if rep != nil && !rep.OK() {
		return 0, 0, 0, ImportProblem(rep.Problems, rep.Omitted)
	}
	if err != nil {
		return 0, 0, 0, err
	}
	var bad []excel.Problem
	for i := range docs {
		d := docs[i]
		if err := svc.CheckDoc(ctx, p, &d, isBase); err != nil {
			if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Forbidden) {
				return 0, 0, 0, err
			}
			bad = append(bad, docProblem(docs[i].Code, err))
		}
	}
	if len(bad) > 0 {
		return 0, 0, 0, ImportProblem(bad, 0)
	}
	created, drafted, err = svc.Import(ctx, p, docs, isBase, note)
	return len(docs), created, drafted, err
}

// docProblem places a refusal of an item the file itself got right (its
// department, region or the importer's scope) at the item, by its code.
func docProblem(code string, err error) excel.Problem {
	return excel.Problem{Sheet: "事项", Column: "实施编码 " + code, Reason: errs.MessageOf(err)}
}

// ImportProblem is the 422 answer to a file with errors: the detail says
// how many and that nothing was imported; errors lists each one.
func ImportProblem(ps []excel.Problem, omitted int) *httpx.Problem {
	n := len(ps) + omitted
	p := httpx.ProblemOf(nil, errs.E(errs.Invalid, "文件有 %d 处错误，未导入任何事项", n))
	for _, x := range ps {
		loc := x.Sheet
		if x.Row > 0 {
			loc += fmt.Sprintf(" 第 %d 行", x.Row)
		}
		if x.Column != "" {
			loc += " " + x.Column
		}
		if x.Cell != "" {
			loc += "（" + x.Cell + "）"
		}
		p.Errors = append(p.Errors, httpx.FieldDetail{Location: loc, Message: x.Reason})
	}
	if omitted > 0 {
		p.Errors = append(p.Errors, httpx.FieldDetail{Message: fmt.Sprintf("另有 %d 处错误未列出", omitted)})
	}
	if len(ps) > 0 {
		p.Detail += "。第一处：" + ps[0].String()
	}
	return p
}

// exportDocs collects the latest content of every item the filter
// selects (its pending draft, else the version in force), a page at a time.
func exportDocs(ctx context.Context, svc *catalog.Service, p *access.Principal, in *itemExportIn) ([]catalog.Doc, error) {
	f := catalog.ListFilter{Region: strings.TrimSpace(in.Region), DeptID: in.Dept, Limit: 200}
	if err := checkRegion(f.Region); err != nil {
		return nil, inQuery(err)
	}
	if in.Base != "" {
		b := in.Base == "true"
		f.Base = &b
	}
	var docs []catalog.Doc
	for {
		list, err := svc.List(ctx, p, f)
		if err != nil {
			return nil, inQuery(err)
		}
		for _, it := range list {
			doc := it.Doc
			if it.DraftVersion > 0 && it.PublishedVersion > 0 {
				// The latest content, as the import compares with it: a
				// file exported and imported unchanged drafts nothing, and
				// never puts the published text over a pending draft.
				v, err := svc.Version(ctx, p, it.Code, it.DraftVersion)
				if err != nil {
					return nil, err
				}
				doc = v.Doc
			}
			docs = append(docs, doc)
		}
		if len(list) < f.Limit {
			return docs, nil
		}
		f.After = list[len(list)-1].ID
	}
}

func exportName(region, ext string) string {
	name := "事项目录"
	if region = strings.TrimSpace(region); region != "" {
		name += "-" + region
	}
	return name + "-" + time.Now().In(beijing).Format("20060102") + "." + ext
}

// attachment is a Content-Disposition naming a download, with an ASCII
// fallback for old clients (RFC 6266).
func attachment(name string) string {
	return fmt.Sprintf(`attachment; filename="items.%s"; filename*=UTF-8''%s`,
		name[strings.LastIndexByte(name, '.')+1:], url.PathEscape(name))
}

// relaxDocSchemas documents the import's other body types and makes the generated schemas of an item's content require
// only what Doc.Validate requires: Go's zero values (an empty list, false,
// 0) are valid content, and clients need not send them. Validate then
// names any missing element in Chinese with its place.
func relaxDocSchemas(h huma.API) {
	required := map[string][]string{
		"Doc":              {"code", "base_code", "name", "kind", "region_code", "exercise_level", "targets", "online_depth", "channels", "steps"},
		"LegalBasis":       {"law"},
		"Fee":              {"name", "standard"},
		"SpecialProcedure": {"name"},
		"QA":               {"q", "a"},
		"Material":         {"key", "name", "requirement", "forms"},
		"Field":            {"key", "label", "type"},
		"Step":             {"key", "name", "stage", "role"},
	}
	if pi := h.OpenAPI().Paths["/api/v1/items/import"]; pi != nil && pi.Post != nil && pi.Post.RequestBody != nil {
		// The import reads a JSON export or a form upload too.
		c := pi.Post.RequestBody.Content
		c["application/json"] = &huma.MediaType{Schema: &huma.Schema{Type: "object", Description: "ExportJSON 导出的文件：{\"version\":1,\"items\":[…]}"}}
		c["multipart/form-data"] = &huma.MediaType{Schema: &huma.Schema{Type: "object", Properties: map[string]*huma.Schema{
			"file": {Type: "string", Format: "binary", Description: ".xlsx 或 .json 文件"}}}}
	}
	schemas := h.OpenAPI().Components.Schemas.Map()
	for name, req := range required {
		if s, ok := schemas[name]; ok {
			s.Required = req
			s.PrecomputeMessages()
		}
	}
}
