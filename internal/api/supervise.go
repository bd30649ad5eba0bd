package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/supervise"
)

// The supervision API (督办): a supervisor sends a department of their
// region a notice with a reply limit; the department replies; the
// supervisor closes it or returns it. Notices are addressed by id (their
// numbers, 督办〔2026〕533401-0001, would need escaping in a path).

type noticeSendIn struct{ Body supervise.Input }

type noticeOut struct{ Body supervise.Notice }

type noticeIDIn struct {
	ID int64 `path:"id" doc:"督办编号（id）"`
}

type noticeViewOut struct{ Body supervise.View }

type noticeActionIn struct {
	ID   int64 `path:"id"`
	Body supervise.ActionInput
}

type noticeListIn struct{ supervise.ListQuery }

type noticeListOut struct{ Body supervise.Page }

// AddSupervise registers the supervision notice operations.
func (a *API) AddSupervise(svc *supervise.Service) {
	tags := []string{"督办"}
	register(a, access.Supervise, huma.Operation{
		OperationID: "send-notice", Method: http.MethodPost, Path: "/api/v1/notices", Tags: tags,
		Summary: "发出督办",
		Description: "监督人员向本辖区的部门发出督办：dept_id 为收文部门（填写 case_number 时可省略，默认为办件的承办部门；" +
			"办件须在本人监督范围内，且由该部门承办），subject 为事由（一行，≤100 字），body 为内容（≤2000 字），" +
			"days 为回复时限（1–30 个工作日，默认 3），按部门所在地的工作日历推算 reply_due。编号按行政区划和年度顺序编排，" +
			"如 督办〔2026〕533400-0001。部门的审查人员和审批负责人收到消息。辖区外的部门返回 403。",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *noticeSendIn) (*noticeOut, error) {
		n, err := svc.Send(ctx, principal(ctx), in.Body)
		return &noticeOut{Body: n}, locate(err, "body.")
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "list-notices", Method: http.MethodGet, Path: "/api/v1/notices", Tags: tags,
		Summary: "督办列表：发出的（监督人员）、收到的（部门）",
		Description: "view=sent 本人监督范围内各部门的督办，view=received 本人所在部门收到的督办；默认按角色选择。" +
			"status、dept 筛选；新的在前，游标分页（next_cursor）。",
	}, func(ctx context.Context, in *noticeListIn) (*noticeListOut, error) {
		pg, err := svc.List(ctx, principal(ctx), in.ListQuery)
		return &noticeListOut{Body: pg}, inQuery(err)
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "get-notice", Method: http.MethodGet, Path: "/api/v1/notices/{id}", Tags: tags,
		Summary:     "督办详情：内容、回复、办理记录（取自审计日志）和当前可做的操作",
		Description: "只有监督范围覆盖该部门的监督人员和该部门的工作人员可以查看；其他人得到 404。",
	}, func(ctx context.Context, in *noticeIDIn) (*noticeViewOut, error) {
		v, err := svc.Get(ctx, principal(ctx), in.ID)
		return &noticeViewOut{Body: v}, err
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "act-on-notice", Method: http.MethodPost, Path: "/api/v1/notices/{id}/actions", Tags: tags,
		Summary: "办理督办：回复（部门）、办结或退回（监督人员）",
		Description: "reply：收文部门回复（text 必填，≤2000 字），待回复 → 已回复；close：监督人员办结，已回复 → 已办结；" +
			"return：监督人员退回（text 为理由，必填；days 为新的回复时限，默认 3 个工作日），已回复 → 待回复。" +
			"当前状态不允许的操作返回 409，不是本人可做的返回 403，看不到的督办返回 404，均不做任何改动。" +
			"两人同时回复时只有一人成功，另一人得到 409；version 可带上读取时的版本号。",
	}, func(ctx context.Context, in *noticeActionIn) (*noticeOut, error) {
		n, err := svc.Act(ctx, principal(ctx), in.ID, in.Body)
		return &noticeOut{Body: n}, locate(err, "body.")
	})
}
