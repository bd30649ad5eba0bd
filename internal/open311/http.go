package open311

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
)

// MaxBody is the largest POST body accepted.
const MaxBody = 64 << 10

// Root is where the GeoReport v2 endpoint is mounted.
const Root = "/open311/v2"

// Handler serves Open311 over HTTP. Requests are authenticated only by
// their api_key: a session (cookie or bearer token) is never used here.
type Handler struct {
	svc *Service
	log *slog.Logger
}

// NewHandler returns the HTTP side of svc; log may be nil.
func NewHandler(svc *Service, log *slog.Logger) *Handler {
	if log == nil {
		log = slog.Default()
	}
	return &Handler{svc: svc, log: log}
}

// Routes lists the Open311 routes, all public (the POST checks its api_key).
func (h *Handler) Routes() []httpx.Route {
	route := func(method, pattern string, fn http.HandlerFunc) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Perm: access.Public, Handler: fn}
	}
	return []httpx.Route{
		route(http.MethodGet, "/open311/discovery.json", h.discovery),
		route(http.MethodGet, Root+"/{file}", h.collection),
		route(http.MethodPost, Root+"/{file}", h.post),
		route(http.MethodGet, Root+"/services/{file}", h.service),
		route(http.MethodGet, Root+"/requests/{file}", h.request),
		route("", "/open311/", func(w http.ResponseWriter, r *http.Request) {
			h.fail(w, r, errs.E(errs.NotFound, "Open311 接口不存在：%s（见 %s/services.json）", clip(r.URL.Path, 80), Root))
		}),
	}
}

// format cuts ".json" off a file name; ".xml" is refused: only JSON is served.
func format(file string) (string, error) {
	if base, ok := strings.CutSuffix(file, ".json"); ok && base != "" {
		return base, nil
	}
	if strings.HasSuffix(file, ".xml") {
		return "", errs.E(errs.Malformed, "本平台的 Open311 接口只支持 JSON：请将 .xml 改为 .json")
	}
	return "", errs.E(errs.NotFound, "Open311 接口不存在：%s（应以 .json 结尾）", clip(file, 60))
}

func (h *Handler) collection(w http.ResponseWriter, r *http.Request) {
	base, err := format(r.PathValue("file"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	switch base {
	case "services":
		list, err := h.svc.Services(r.Context())
		h.reply(w, r, list, err)
	case "requests":
		v := r.URL.Query()
		list, err := h.svc.Requests(r.Context(), Query{IDs: v.Get("service_request_id"), ServiceCodes: v.Get("service_code"),
			StartDate: v.Get("start_date"), EndDate: v.Get("end_date"), Status: v.Get("status"),
			Jurisdiction: v.Get("jurisdiction_id")})
		h.reply(w, r, list, err)
	default:
		h.fail(w, r, errs.E(errs.NotFound, "Open311 接口不存在：%s.json", clip(base, 40)))
	}
}

func (h *Handler) service(w http.ResponseWriter, r *http.Request) {
	code, err := format(r.PathValue("file"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	def, err := h.svc.Definition(r.Context(), code)
	h.reply(w, r, def, err)
}

func (h *Handler) request(w http.ResponseWriter, r *http.Request) {
	id, err := format(r.PathValue("file"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	req, err := h.svc.Request(r.Context(), id)
	// The specification answers a single request as a list of one.
	h.reply(w, r, []Request{req}, err)
}

func (h *Handler) post(w http.ResponseWriter, r *http.Request) {
	base, err := format(r.PathValue("file"))
	if err == nil && base != "requests" {
		err = errs.E(errs.NotFound, "只能向 %s/requests.json 提交诉求", Root)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		err = r.ParseForm()
	case strings.HasPrefix(ct, "multipart/form-data"):
		err = r.ParseMultipartForm(MaxBody)
	default:
		err = errs.E(errs.Malformed, "请以表单提交（Content-Type: application/x-www-form-urlencoded）")
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = errs.E(errs.TooLarge, "提交的内容超过 %d KB 上限", MaxBody>>10)
	} else if err != nil && errs.CodeOf(err) == errs.Internal {
		err = errs.E(errs.Malformed, "无法读取提交的表单")
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// Only the body counts: an api_key in the URL would end up in proxies' logs.
	f := r.PostForm
	in := Submission{APIKey: f.Get("api_key"), Jurisdiction: f.Get("jurisdiction_id"), ServiceCode: f.Get("service_code"),
		Lat: f.Get("lat"), Long: f.Get("long"), Address: f.Get("address_string"), AddressID: f.Get("address_id"),
		Email: f.Get("email"), FirstName: f.Get("first_name"), LastName: f.Get("last_name"), Phone: f.Get("phone"),
		Description: f.Get("description"), MediaURL: f.Get("media_url"), Attributes: map[string]string{},
		IP: audit.ActorFrom(r.Context()).IP}
	for k, vs := range f {
		if code, ok := strings.CutPrefix(k, "attribute["); ok && strings.HasSuffix(code, "]") && len(vs) > 0 {
			in.Attributes[strings.TrimSuffix(code, "]")] = vs[0]
		}
	}
	rc, err := h.svc.File(r.Context(), in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.write(w, http.StatusCreated, []Receipt{rc})
}

// discovery describes the endpoint (Open311 service discovery).
func (h *Handler) discovery(w http.ResponseWriter, r *http.Request) {
	const changeset = "2026-12-01T00:00:00+08:00"
	type endpoint struct {
		Specification string   `json:"specification"`
		URL           string   `json:"url"`
		Changeset     string   `json:"changeset"`
		Type          string   `json:"type"`
		Formats       []string `json:"formats"`
	}
	h.write(w, http.StatusOK, map[string]any{
		"changeset":   changeset,
		"contact":     "12345 政务服务便民热线",
		"key_service": "api_key 由 12345 热线为每个应用签发（onewindow open311 keys add）",
		"endpoints": []endpoint{{Specification: "http://wiki.open311.org/GeoReport_v2", URL: httpx.BaseOf(r) + Root,
			Changeset: changeset, Type: "production", Formats: []string{"application/json"}}},
	})
}

func (h *Handler) reply(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.write(w, http.StatusOK, v)
}

func (h *Handler) write(w http.ResponseWriter, status int, v any) {
	buf, err := json.Marshal(v)
	if err != nil {
		status, buf = http.StatusInternalServerError, []byte(`[{"code":500,"description":"内部错误"}]`)
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/json; charset=utf-8")
	// Any web app may read the public answers; none carries a credential.
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf)
}

// Error is one Open311 error.
type Error struct {
	Code        int    `json:"code"`
	Description string `json:"description"`
}

// fail answers an error as the specification does: a list of errors with
// the HTTP status as code. Internal errors are logged, never shown.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "内部错误，请稍后重试"
	var many errTooMany
	switch code := errs.CodeOf(err); {
	case errors.As(err, &many):
		status, msg = http.StatusTooManyRequests, many.Error()
	case code == errs.Invalid || code == errs.Malformed:
		status, msg = http.StatusBadRequest, errs.MessageOf(err)
		if f := errs.FieldOf(err); f != "" && !strings.Contains(msg, f) {
			msg = f + "：" + msg
		}
	case code == errs.Forbidden || code == errs.Unauthorized:
		status, msg = http.StatusForbidden, errs.MessageOf(err)
	case code == errs.NotFound:
		status, msg = http.StatusNotFound, errs.MessageOf(err)
	case code == errs.TooLarge:
		status, msg = http.StatusRequestEntityTooLarge, errs.MessageOf(err)
	case code == errs.Unavailable:
		status, msg = http.StatusServiceUnavailable, errs.MessageOf(err)
	default:
		h.log.ErrorContext(r.Context(), "open311", "path", r.URL.Path, "err", err)
	}
	h.write(w, status, []Error{{Code: status, Description: msg}})
}
