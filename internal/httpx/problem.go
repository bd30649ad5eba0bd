package httpx

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/onewindow/onewindow/internal/errs"
)

// Problem is an RFC 9457 problem details document. Detail is Chinese and
// safe to show; Code is the machine-readable error code.
type Problem struct {
	Type     string        `json:"type"`
	Title    string        `json:"title"`
	Status   int           `json:"status"`
	Detail   string        `json:"detail"`
	Instance string        `json:"instance,omitempty"`
	Code     string        `json:"code"`
	Errors   []FieldDetail `json:"errors,omitempty"`
}

// FieldDetail names one offending input.
type FieldDetail struct {
	Location string `json:"location,omitempty"`
	Message  string `json:"message"`
}

func (p *Problem) Error() string { return p.Detail }

// GetStatus makes Problem a huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes huma send application/problem+json.
func (p *Problem) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	return ct
}

// ProblemOf turns any error into a problem. Internal errors are logged
// with their cause and shown only as a generic message.
func ProblemOf(r *http.Request, err error) *Problem {
	if p, ok := err.(*Problem); ok {
		return p
	}
	code := errs.CodeOf(err)
	p := &Problem{
		Type:   "https://onewindow.dev/problems/" + string(code),
		Title:  errs.Title(code),
		Status: errs.Status(code),
		Detail: errs.MessageOf(err),
		Code:   string(code),
	}
	if r != nil {
		p.Instance = r.URL.Path
	}
	if f := errs.FieldOf(err); f != "" {
		p.Errors = []FieldDetail{{Location: "body." + f, Message: p.Detail}}
	}
	if code == errs.Internal || code == errs.Unavailable {
		path := ""
		if r != nil {
			path = r.URL.Path
		}
		slog.Error("request failed", "path", path, "err", err.Error())
	}
	return p
}

// WriteProblem writes err as application/problem+json.
func WriteProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := ProblemOf(r, err)
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}
