package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
)

func init() {
	addEnglish(map[string]string{
		"操作人":       "Actor",
		"操作类型":      "Action",
		"对象类型":      "Object type",
		"对象编号":      "Object id",
		"起始时间":      "From",
		"截止时间":      "To",
		"查询":        "Search",
		"时间":        "Time",
		"对象":        "Object",
		"事由":        "Reason",
		"下一页":       "Next page",
		"没有符合条件的记录": "No matching events",
		"校验审计链":     "Verify the chain",
		"校验结果":      "Verification result",
		"序号":        "Seq",
		"变更前":       "Before",
		"变更后":       "After",
		"前一哈希":      "Previous hash",
		"本条哈希":      "Hash",
		"返回列表":      "Back to the list",
		"审计记录":      "Audit event",
		"IP 地址":     "IP address",
		"（无）":       "(none)",
		"逐条核对哈希链，证明记录未被修改或删除": "Checks the hash chain event by event: proves that nothing was changed or removed",
	})
}

type auditListData struct {
	Items  []audit.Event
	Next   string
	Report *audit.Report
	// VerifyAction is where the verify form posts: it carries the list's
	// filter, so that verifying the chain keeps the auditor's filtered list.
	VerifyAction string
}

// AddAudit registers the auditor's pages: browse and filter the log, see
// one event, verify the chain.
func (w *Web) AddAudit(svc *audit.Service) {
	w.handle("GET", "/audit", access.AuditRead, func(rw http.ResponseWriter, r *http.Request) {
		w.auditList(rw, r, svc, nil)
	})
	w.handle("POST", "/audit/verify", access.AuditRead, func(rw http.ResponseWriter, r *http.Request) {
		rep, err := svc.Verify(r.Context(), httpx.Principal(r.Context()))
		if err != nil {
			w.Error(rw, r, err)
			return
		}
		w.auditList(rw, r, svc, &rep)
	})
	w.handle("GET", "/audit/{seq}", access.AuditRead, func(rw http.ResponseWriter, r *http.Request) {
		seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
		if err != nil || seq < 1 {
			w.Error(rw, r, errs.E(errs.NotFound, "审计记录不存在"))
			return
		}
		ev, err := svc.Get(r.Context(), httpx.Principal(r.Context()), seq)
		if err != nil {
			w.Error(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "audit_event", &Page{Title: "审计记录", Data: auditEventView{
			Event: ev, Before: pretty(ev.Before), After: pretty(ev.After),
		}})
	})
}

type auditEventView struct {
	audit.Event
	Before, After string
}

// pretty indents a JSON snapshot for reading; other text is shown as is.
func pretty(s string) string {
	var buf bytes.Buffer
	if json.Indent(&buf, []byte(s), "", "  ") != nil {
		return s
	}
	return buf.String()
}

func (w *Web) auditList(rw http.ResponseWriter, r *http.Request, svc *audit.Service, rep *audit.Report) {
	q := r.URL.Query()
	form := map[string]string{}
	for _, k := range []string{"actor", "action", "object_type", "object_id", "from", "to", "ip"} {
		form[k] = q.Get(k)
	}
	f := audit.Filter{Actor: form["actor"], Action: form["action"], ObjectType: form["object_type"],
		ObjectID: form["object_id"], IP: form["ip"]}
	p := &Page{Title: "审计日志", Form: form}
	var err error
	if f.From, err = parseLocal(form["from"]); err != nil {
		p.Fields = map[string]string{"from": "起始时间格式应为 2026-11-23 或 2026-11-23T08:30"}
	}
	if f.To, err = parseLocal(form["to"]); err != nil {
		p.Fields = map[string]string{"to": "截止时间格式应为 2026-11-23 或 2026-11-23T08:30"}
	}
	f.Before, _ = strconv.ParseInt(q.Get("cursor"), 10, 64)
	data := auditListData{Report: rep}
	filter := url.Values{}
	for k, v := range form {
		if v != "" {
			filter.Set(k, v)
		}
	}
	data.VerifyAction = "/audit/verify"
	if len(filter) > 0 {
		data.VerifyAction += "?" + filter.Encode()
	}
	if p.Fields == nil {
		items, next, err := svc.List(r.Context(), httpx.Principal(r.Context()), f)
		if err != nil {
			if errs.FieldOf(err) == "" {
				w.Error(rw, r, err)
				return
			}
			p.Fields = map[string]string{errs.FieldOf(err): errs.MessageOf(err)}
		}
		data.Items = items
		if next > 0 {
			filter.Set("cursor", strconv.FormatInt(next, 10))
			data.Next = "/audit?" + filter.Encode()
		}
	}
	p.Data = data
	status := http.StatusOK
	if p.Fields != nil {
		status = http.StatusUnprocessableEntity
	}
	w.render(rw, r, status, "audit", p)
}

// parseLocal reads a date or datetime-local value in China time.
func parseLocal(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, cst); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errs.Field("time", "时间格式不正确")
}
