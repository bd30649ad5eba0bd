// Package api is OneWindow's JSON API under /api/v1, described by an
// OpenAPI 3.1 document generated from the Go types (huma). Every operation
// declares the permission it needs; the app mounts each one behind
// httpx.Guard, so no operation is left unguarded. Errors are RFC 9457
// problem details with a Chinese detail.
package api

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
)

// Version is the API version in the OpenAPI document.
const Version = "1.0.0"

// MaxBody is the largest JSON body accepted (uploads have their own limit).
const MaxBody = 1 << 20

// API holds the huma API, its mux and the route table.
type API struct {
	mux    *http.ServeMux
	huma   huma.API
	routes []httpx.Route
}

// New builds an empty API; register groups of operations with the Add* functions.
func New() *API {
	mux := http.NewServeMux()
	cfg := huma.DefaultConfig("OneWindow 一网通办 API", Version)
	cfg.CreateHooks = nil // no $schema links in bodies
	cfg.OpenAPIPath = "/api/openapi"
	cfg.DocsPath = "" // the docs renderer loads scripts from a CDN; the document itself is enough
	cfg.SchemasPath = ""
	cfg.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaName)
	cfg.Info.Description = "一网通办平台接口。错误以 RFC 9457 problem details 返回，detail 为中文说明。" +
		"认证：POST /api/v1/session 获得令牌，之后在 Authorization: Bearer <token> 中携带。"
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer"},
	}
	a := &API{mux: mux, huma: humago.New(mux, cfg)}
	a.routes = append(a.routes, httpx.Route{Method: http.MethodGet, Pattern: "/api/openapi.json", Perm: access.Public})
	a.routes = append(a.routes, httpx.Route{Method: http.MethodGet, Pattern: "/api/openapi.yaml", Perm: access.Public})
	return a
}

// schemaName names component schemas: case types, whose short names
// (Material, Event, Task…) other packages use too, get a Case prefix.
// schemaPrefixes name the schemas of packages whose type names are common
// words (Report, Query, Row) after their package.
var schemaPrefixes = map[string]string{"/internal/cases": "Case", "/internal/stats": "Stats",
	"/internal/supervise": "Notice", "/internal/rank": "Rank", "/internal/hotline": "Ticket",
	"/internal/knowledge": "Knowledge"}

func schemaName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	for pkg, prefix := range schemaPrefixes {
		if strings.HasSuffix(t.PkgPath(), pkg) && !strings.HasPrefix(name, prefix) {
			return prefix + name
		}
	}
	return name
}

// Handler serves every operation (mount it behind the guards from Routes).
func (a *API) Handler() http.Handler { return a.mux }

// Routes lists every operation with its permission.
func (a *API) Routes() []httpx.Route {
	out := make([]httpx.Route, len(a.routes))
	for i, r := range a.routes {
		r.Handler = a.mux
		out[i] = r
	}
	return out
}

// OpenAPI returns the generated document.
func (a *API) OpenAPI() *huma.OpenAPI { return a.huma.OpenAPI() }

// register adds an operation with its permission.
func register[I, O any](a *API, perm access.Permission, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	if perm != access.Public {
		op.Security = []map[string][]string{{"bearer": {}}}
		op.Description = strings.TrimSpace(op.Description + "\n\n所需权限：" + string(perm))
	}
	if op.MaxBodyBytes == 0 {
		op.MaxBodyBytes = MaxBody
	}
	huma.Register(a.huma, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, problem(err)
		}
		return out, nil
	})
	a.routes = append(a.routes, httpx.Route{Method: op.Method, Pattern: op.Path, Perm: perm})
}

// problem turns a domain error into a huma status error.
func problem(err error) error {
	if _, ok := err.(huma.StatusError); ok {
		return err
	}
	return httpx.ProblemOf(nil, err)
}

// principal returns the acting principal (the guard ensured one exists).
func principal(ctx context.Context) *access.Principal { return httpx.Principal(ctx) }

func init() {
	// huma's own errors (schema validation, bad JSON, oversize) become
	// problems with a Chinese detail naming the fields.
	huma.NewError = func(status int, msg string, es ...error) huma.StatusError {
		p := &httpx.Problem{Status: status, Detail: zhMessage(status, msg)}
		p.Code = string(codeFor(status))
		p.Title = errs.Title(errs.Code(p.Code))
		p.Type = "https://onewindow.dev/problems/" + p.Code
		var fields []string
		for _, e := range es {
			if d, ok := e.(*huma.ErrorDetail); ok {
				for en, zh := range parseMessages {
					if strings.HasPrefix(d.Message, en) {
						d.Message = zh
						break
					}
				}
				loc := d.Location
				p.Errors = append(p.Errors, httpx.FieldDetail{Location: loc, Message: d.Message})
				fields = append(fields, fmt.Sprintf("%s：%s", fieldName(loc), d.Message))
			} else if e != nil {
				p.Errors = append(p.Errors, httpx.FieldDetail{Message: e.Error()})
			}
		}
		if len(fields) > 0 {
			p.Detail = "请求内容有误：" + strings.Join(fields, "；")
		}
		return p
	}
	zhValidation()
}

// parseMessages translates huma's parameter-parsing messages.
var parseMessages = map[string]string{
	"invalid integer":   "应为整数",
	"invalid number":    "应为数字",
	"invalid float":     "应为数字",
	"invalid boolean":   "应为 true 或 false",
	"invalid floating":  "应为数字",
	"invalid date/time": "应为 RFC 3339 时间，如 2026-11-23T08:30:00+08:00",
}

func fieldName(loc string) string {
	for _, p := range []string{"body.", "query.", "path.", "header."} {
		if s, ok := strings.CutPrefix(loc, p); ok {
			return "字段 " + s
		}
	}
	if loc == "body" {
		return "请求体"
	}
	return "字段 " + loc
}

func codeFor(status int) errs.Code {
	switch status {
	case http.StatusBadRequest:
		return errs.Malformed
	case http.StatusUnprocessableEntity:
		return errs.Invalid
	case http.StatusUnauthorized:
		return errs.Unauthorized
	case http.StatusForbidden:
		return errs.Forbidden
	case http.StatusNotFound:
		return errs.NotFound
	case http.StatusConflict:
		return errs.Conflict
	case http.StatusRequestEntityTooLarge:
		return errs.TooLarge
	}
	if status >= 500 {
		return errs.Internal
	}
	return errs.Malformed
}

func zhMessage(status int, msg string) string {
	switch status {
	case http.StatusUnprocessableEntity:
		return "请求内容未通过校验"
	case http.StatusBadRequest:
		if strings.Contains(msg, "too large") {
			return "请求体过大"
		}
		return "请求格式错误，无法解析"
	case http.StatusRequestEntityTooLarge:
		return "请求体过大"
	case http.StatusNotFound:
		return "未找到"
	case http.StatusMethodNotAllowed:
		return "不支持该请求方法"
	case http.StatusUnsupportedMediaType:
		return "不支持的内容类型，请使用 application/json"
	}
	if status >= 500 {
		return "系统内部错误，请稍后重试"
	}
	return msg
}
