package excel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// JSONVersion is the version of the JSON export format. A later format
// that cannot be read the same way gets a new number, and ImportJSON
// refuses numbers it does not know rather than guessing.
const JSONVersion = 1

// jsonSheet is the Problem.Sheet of problems found in a JSON file.
const jsonSheet = "items"

// jsonFile is the JSON export: {"version":1,"items":[…]}, each item a
// catalog.Doc with the catalog's own field names.
type jsonFile struct {
	Version int           `json:"version"`
	Items   []catalog.Doc `json:"items"`
}

// ExportJSON writes docs as {"version":1,"items":[…]}, indented, with
// Chinese text as it is (not \u escapes) so the file reads in an editor.
func ExportJSON(w io.Writer, docs []catalog.Doc) error {
	if docs == nil {
		docs = []catalog.Doc{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jsonFile{Version: JSONVersion, Items: docs}); err != nil {
		return errs.Wrap(err, errs.Internal, "写出 JSON 文件失败")
	}
	return nil
}

// ImportJSON reads a file written by ExportJSON and checks every document
// with catalog.Doc.Validate, like Import: any problem (a document that does
// not validate, a repeated code) is listed in the report, with the item's
// position as Row and the field path as Column, and no documents are
// returned. The error alone means the file could not be read: Malformed
// (not JSON, an unknown field or version), TooLarge.
func ImportJSON(r io.Reader) ([]catalog.Doc, *Report, error) {
	data, err := readLimited(r)
	if err != nil {
		return nil, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var file jsonFile
	if err := dec.Decode(&file); err != nil {
		return nil, nil, jsonError(err)
	}
	if dec.More() {
		return nil, nil, errs.E(errs.Malformed, "JSON 文件在结尾处有多余的内容")
	}
	switch {
	case file.Version == 0:
		return nil, nil, errs.E(errs.Malformed, "JSON 文件缺少 version（应为 %d）", JSONVersion)
	case file.Version != JSONVersion:
		return nil, nil, errs.E(errs.Malformed, "不支持的 JSON 文件版本 %d（应为 %d）", file.Version, JSONVersion)
	case len(file.Items) > MaxItems:
		return nil, nil, errs.E(errs.TooLarge, "文件中的事项超过 %d 个，请按部门或地区分批导入", MaxItems)
	}
	rep := &Report{Items: len(file.Items)}
	seen := map[string]int{}
	for i := range file.Items {
		d := &file.Items[i]
		if err := d.Validate(); err != nil {
			p := Problem{Sheet: jsonSheet, Row: i + 1, Reason: err.Error()}
			var e *errs.Error
			if errors.As(err, &e) {
				p.Column, p.Reason = e.Field, e.Message
			}
			rep.add(p)
			continue
		}
		if first, ok := seen[d.Code]; ok {
			rep.add(Problem{Sheet: jsonSheet, Row: i + 1, Column: "code", Reason: fmt.Sprintf("实施编码 %s 与第 %d 项重复", d.Code, first)})
			continue
		}
		seen[d.Code] = i + 1
	}
	if !rep.OK() {
		return nil, rep, rep.err()
	}
	return file.Items, rep, nil
}

// jsonError explains a decoding failure in Chinese, naming the place.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return errs.Wrap(err, errs.Malformed, "JSON 格式错误（第 %d 字节附近）", syn.Offset)
	case errors.As(err, &typ):
		return errs.Wrap(err, errs.Malformed, "JSON 字段 %s 的值类型不对（应为 %s）", typ.Field, typ.Type)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errs.Wrap(err, errs.Malformed, "JSON 文件为空或不完整")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errs.Wrap(err, errs.Malformed, "JSON 文件有无法识别的字段 %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return errs.Wrap(err, errs.Malformed, "无法读取 JSON 文件")
}
