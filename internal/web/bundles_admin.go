package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
)

// The catalog managers' bundle pages: a list, and an editor in which the
// bundle's content is one JSON document (the same shape as the API's doc),
// checked completely on save with the error's place shown beside it.

func (b *bundlePages) adminList(rw http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	list, err := b.svc.List(r.Context(), p, catalog.BundleFilter{Region: strings.TrimSpace(r.URL.Query().Get("region"))})
	if err != nil {
		b.w.Error(rw, r, err)
		return
	}
	b.w.render(rw, r, http.StatusOK, "bundle_admin", &Page{Title: "一件事管理", Data: list})
}

// bundleEditView is what bundle_edit.html shows: a new bundle (Bundle nil)
// or an existing one, with the JSON being edited.
type bundleEditView struct {
	Bundle     *catalog.Bundle
	JSON       string
	CanEdit    bool
	CanPublish bool
	OwnEdit    bool // the viewer edited the pending content, so may not publish it
}

// bundleSkeleton starts a new bundle's JSON with every part named.
const bundleSkeleton = `{
  "name": "",
  "summary": "",
  "targets": ["person"],
  "themes": [],
  "items": [
    {"item_code": "", "always": true},
    {"item_code": "", "when": [{"question": "q1", "answer": "yes"}]}
  ],
  "questions": [
    {"key": "q1", "text": "", "kind": "yes_no"}
  ],
  "shared_fields": [
    {"key": "name", "label": "申请人姓名", "type": "text", "required": true,
     "maps": [{"item_code": "", "field_key": ""}]}
  ],
  "promised_days": 5,
  "note": ""
}`

func (b *bundlePages) newPage(rw http.ResponseWriter, r *http.Request) {
	b.w.render(rw, r, http.StatusOK, "bundle_edit", &Page{Title: "新建一件事",
		Form: map[string]string{}, Data: bundleEditView{JSON: bundleSkeleton, CanEdit: true}})
}

func (b *bundlePages) create(rw http.ResponseWriter, r *http.Request) {
	in := catalog.BundleInput{Code: r.PostFormValue("code"), RegionCode: strings.TrimSpace(r.PostFormValue("region_code")),
		Note: r.PostFormValue("note")}
	raw := r.PostFormValue("doc")
	doc, err := decodeBundleDoc(raw)
	if err == nil {
		in.Doc = doc
		var out catalog.Bundle
		if out, err = b.svc.Create(r.Context(), httpx.Principal(r.Context()), in); err == nil {
			http.Redirect(rw, r, adminBundleURL(out.Code)+"?flash="+urlQueryEscape("已保存，待另一位事项管理员发布"), http.StatusSeeOther)
			return
		}
	}
	p := bundleFailed(err)
	p.Title = "新建一件事"
	p.Form = map[string]string{"code": in.Code, "region_code": in.RegionCode, "note": in.Note}
	p.Data = bundleEditView{JSON: raw, CanEdit: true}
	b.w.render(rw, r, errs.Status(errs.CodeOf(err)), "bundle_edit", p)
}

func (b *bundlePages) editPage(rw http.ResponseWriter, r *http.Request) {
	b.showEdit(rw, r, http.StatusOK, &Page{}, "")
}

// showEdit renders the editor of the bundle in the path; raw, when set, is
// the JSON the user sent (kept after a failed save).
func (b *bundlePages) showEdit(rw http.ResponseWriter, r *http.Request, status int, p *Page, raw string) {
	pr := httpx.Principal(r.Context())
	bd, err := b.svc.Get(r.Context(), pr, r.PathValue("code"))
	if err != nil {
		b.w.Error(rw, r, err)
		return
	}
	if raw == "" {
		doc, pending := bd.PendingDoc()
		if !pending {
			doc = bd.Doc
		}
		raw = bundleJSON(doc)
	}
	p.Title = bd.Name
	if p.Form == nil {
		p.Form = map[string]string{}
	}
	scope := access.Scope{Region: bd.RegionCode}
	p.Data = bundleEditView{Bundle: &bd, JSON: raw, CanEdit: pr.Can(access.CatalogEdit, scope),
		CanPublish: bd.Pending() && pr.Can(access.CatalogPub, scope), OwnEdit: bd.Pending() && bd.EditorID == pr.AccountID}
	b.w.render(rw, r, status, "bundle_edit", p)
}

func (b *bundlePages) update(rw http.ResponseWriter, r *http.Request) {
	raw := r.PostFormValue("doc")
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	doc, err := decodeBundleDoc(raw)
	if err == nil {
		var out catalog.Bundle
		out, err = b.svc.Update(r.Context(), httpx.Principal(r.Context()), r.PathValue("code"), version, doc, r.PostFormValue("note"))
		if err == nil {
			http.Redirect(rw, r, adminBundleURL(out.Code)+"?flash="+urlQueryEscape("已保存，待另一位事项管理员发布"), http.StatusSeeOther)
			return
		}
	}
	p := bundleFailed(err)
	p.Form = map[string]string{"note": r.PostFormValue("note")}
	if errs.Is(err, errs.Conflict) {
		raw = "" // another manager saved first: show the bundle as it now is
	}
	b.showEdit(rw, r, errs.Status(errs.CodeOf(err)), p, raw)
}

func (b *bundlePages) publish(rw http.ResponseWriter, r *http.Request) {
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	out, err := b.svc.Publish(r.Context(), httpx.Principal(r.Context()), r.PathValue("code"), version)
	if err != nil {
		b.showEdit(rw, r, errs.Status(errs.CodeOf(err)), bundleFailed(err), "")
		return
	}
	http.Redirect(rw, r, adminBundleURL(out.Code)+"?flash="+urlQueryEscape("已发布"), http.StatusSeeOther)
}

// bundleFailed puts an error at the top of the editor and beside its field:
// places inside the content (items[2].when[0].answer) beside the JSON.
func bundleFailed(err error) *Page {
	p := &Page{Error: errs.MessageOf(err), Fields: map[string]string{}}
	switch f := errs.FieldOf(err); f {
	case "":
	case "code", "region_code", "note":
		p.Fields[f] = errs.MessageOf(err)
	case "doc":
		p.Fields["doc"] = errs.MessageOf(err)
	default:
		p.Fields["doc"] = f + "：" + errs.MessageOf(err)
		p.Error = f + "：" + errs.MessageOf(err)
	}
	return p
}

// decodeBundleDoc reads the editor's JSON strictly: an unknown key is a typo
// that would otherwise vanish silently.
func decodeBundleDoc(raw string) (catalog.BundleDoc, error) {
	var d catalog.BundleDoc
	if strings.TrimSpace(raw) == "" {
		return d, errs.Field("doc", "请填写一件事的内容（JSON）")
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return d, errs.Field("doc", "JSON 有误：%s", jsonProblem(raw, err))
	}
	if dec.More() {
		return d, errs.Field("doc", "JSON 有误：内容结束后还有多余的文字")
	}
	return d, nil
}

// jsonProblem says in Chinese where and why JSON failed to decode.
func jsonProblem(raw string, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := lineCol(raw, syn.Offset)
		return fmt.Sprintf("第 %d 行第 %d 列附近有语法错误（检查引号、逗号和括号）", line, col)
	case errors.As(err, &typ):
		line, _ := lineCol(raw, typ.Offset)
		return fmt.Sprintf("第 %d 行，%s 的值类型不对（应为 %s）", line, typ.Field, jsonKind(typ.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "未知的字段 " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "内容不完整（缺少结尾的括号？）"
	}
	return "无法解析"
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "文字"
	case "bool":
		return "true 或 false"
	case "slice":
		return "列表 [...]"
	case "struct", "map":
		return "对象 {...}"
	}
	return "数字"
}

func lineCol(raw string, offset int64) (int, int) {
	if offset > int64(len(raw)) {
		offset = int64(len(raw))
	}
	before := raw[:offset]
	line := strings.Count(before, "\n") + 1
	col := len([]rune(before[strings.LastIndexByte(before, '\n')+1:]))
	return line, max(col, 1)
}

// bundleJSON formats a bundle's content for the editor.
func bundleJSON(d catalog.BundleDoc) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(d)
	return strings.TrimSpace(buf.String())
}
