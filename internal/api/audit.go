package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
)

type auditListIn struct {
	Actor      string    `query:"actor" maxLength:"64" doc:"操作人用户名或账号编号"`
	Action     string    `query:"action" maxLength:"64" doc:"操作类型，如 role.grant；以 . 结尾表示一类，如 session."`
	ObjectType string    `query:"object_type" maxLength:"64"`
	ObjectID   string    `query:"object_id" maxLength:"128"`
	From       time.Time `query:"from" doc:"起始时间（RFC 3339）"`
	To         time.Time `query:"to" doc:"截止时间（RFC 3339，不含）"`
	IP         string    `query:"ip" maxLength:"45"`
	Cursor     int64     `query:"cursor" minimum:"0"`
	Limit      int       `query:"limit" minimum:"0" maximum:"200"`
}

type auditListOut struct {
	Body struct {
		Items      []audit.Event `json:"items"`
		NextCursor string        `json:"next_cursor,omitempty"`
	}
}

type auditGetIn struct {
	Seq int64 `path:"seq" minimum:"1"`
}

type auditEventOut struct{ Body audit.Event }

type auditVerifyOut struct{ Body audit.Report }

// AddAudit registers the auditor's operations.
func (a *API) AddAudit(svc *audit.Service) {
	tags := []string{"审计"}
	register(a, access.AuditRead, huma.Operation{
		OperationID: "list-audit", Method: http.MethodGet, Path: "/api/v1/audit", Tags: tags,
		Summary: "查询审计记录（新的在前）",
	}, func(ctx context.Context, in *auditListIn) (*auditListOut, error) {
		items, next, err := svc.List(ctx, principal(ctx), audit.Filter{
			Actor: in.Actor, Action: in.Action, ObjectType: in.ObjectType, ObjectID: in.ObjectID,
			From: in.From, To: in.To, IP: in.IP, Before: in.Cursor, Limit: in.Limit,
		})
		if err != nil {
			return nil, err
		}
		out := &auditListOut{}
		out.Body.Items = items
		if out.Body.Items == nil {
			out.Body.Items = []audit.Event{}
		}
		if next > 0 {
			out.Body.NextCursor = strconv.FormatInt(next, 10)
		}
		return out, nil
	})
	register(a, access.AuditRead, huma.Operation{
		OperationID: "get-audit", Method: http.MethodGet, Path: "/api/v1/audit/{seq}", Tags: tags,
		Summary: "查看一条审计记录",
	}, func(ctx context.Context, in *auditGetIn) (*auditEventOut, error) {
		ev, err := svc.Get(ctx, principal(ctx), in.Seq)
		return &auditEventOut{Body: ev}, err
	})
	register(a, access.AuditRead, huma.Operation{
		OperationID: "verify-audit", Method: http.MethodPost, Path: "/api/v1/audit/verify", Tags: tags,
		Summary: "校验审计链完整性（SM3 哈希链）",
	}, func(ctx context.Context, _ *empty) (*auditVerifyOut, error) {
		rep, err := svc.Verify(ctx, principal(ctx))
		return &auditVerifyOut{Body: rep}, err
	})
}
