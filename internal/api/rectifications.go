package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/rating"
)

// The rectification API (差评整改): the department's staff holding
// rating.rectify verify, rectify, call back and appeal; supervisors
// recheck, decide appeals and set the stage limits. The service checks
// who may act on which rectification.

type rectListIn struct{ rating.RectQuery }

type rectListOut struct{ Body rating.RectPage }

type rectIDIn struct {
	ID int64 `path:"id" doc:"整改编号"`
}

type rectViewOut struct{ Body rating.RectView }

type rectActIn struct {
	ID   int64 `path:"id"`
	Body rating.RectAction
}

type rectOut struct{ Body rating.Rectification }

type limitsRegionIn struct {
	Region string `path:"region" maxLength:"12" doc:"行政区划代码"`
}

type limitsPutIn struct {
	Region string `path:"region" maxLength:"12"`
	Body   rating.LimitsInput
}

type limitsOut struct{ Body rating.Limits }

// AddRectifications registers the rectification operations.
func (a *API) AddRectifications(svc *rating.Service) {
	tags := []string{"差评整改"}
	register(a, access.Authenticated, huma.Operation{
		OperationID: "list-rectifications", Method: http.MethodGet, Path: "/api/v1/rectifications", Tags: tags,
		Summary: "差评整改列表（本部门、辖区），新的在前",
		Description: "部门整改人员（rating.rectify）看到本部门的，效能监督人员（supervise）看到辖区的；其他人 403。" +
			"stage 按环节筛选（open 为未办结），region 只看该地区及下级，dept 按部门，overdue=true 只看本环节已超期的。" +
			"due_level 为期限预警：yellow 一个工作日内到期，red 已超期。游标分页。",
	}, func(ctx context.Context, in *rectListIn) (*rectListOut, error) {
		pg, err := svc.ListRectifications(ctx, principal(ctx), in.RectQuery)
		return &rectListOut{Body: pg}, inQuery(err)
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "get-rectification", Method: http.MethodGet, Path: "/api/v1/rectifications/{id}", Tags: tags,
		Summary:     "差评整改详情：评价、各环节记录、当前期限与可办理的操作",
		Description: "只有被评价部门的整改人员和辖区效能监督人员可以查看，其他人 404。匿名评价不显示评价人。",
	}, func(ctx context.Context, in *rectIDIn) (*rectViewOut, error) {
		v, err := svc.Rectification(ctx, principal(ctx), in.ID)
		return &rectViewOut{Body: v}, err
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "act-on-rectification", Method: http.MethodPost, Path: "/api/v1/rectifications/{id}/actions", Tags: tags,
		Summary: "整改操作：核实、整改、回访、复核通过、复核退回、申诉、申诉成立、申诉驳回",
		Description: "verify 核实（comment 写明核实情况）→ rectify 整改（comment 整改措施，files 可附佐证）→ callback 回访" +
			"（实名评价才有：result 满意、基本满意或不满意，comment 回访情况）→ recheck_pass 复核通过（办结）或 recheck_return" +
			"（comment 退回理由，回到整改）。在核实或整改环节部门可以 appeal 申诉一次（comment 理由，files 证明材料必填），" +
			"由效能监督人员 appeal_uphold（评价作废，办结）或 appeal_reject（回到原环节，重新计时）。" +
			"当前环节不允许的操作返回 409，不是本人可做的 403，其他部门 404，均不做任何改动；两人同时操作时只有一人成功，另一人 409。",
	}, func(ctx context.Context, in *rectActIn) (*rectOut, error) {
		x, err := svc.Act(ctx, principal(ctx), in.ID, in.Body)
		return &rectOut{Body: x}, locate(err, "body.")
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "get-rectification-limits", Method: http.MethodGet, Path: "/api/v1/rectification-limits/{region}", Tags: tags,
		Summary:     "某地区各整改环节的时限（工作日）",
		Description: "取该地区向上最近一级设置的时限（from 为其代码），都没有设置时为默认值：核实 2、整改 15、回访 1、复核 5 个工作日。",
	}, func(ctx context.Context, in *limitsRegionIn) (*limitsOut, error) {
		l, err := svc.Limits(ctx, principal(ctx), in.Region)
		return &limitsOut{Body: l}, inPath(err)
	})
	register(a, access.Supervise, huma.Operation{
		OperationID: "put-rectification-limits", Method: http.MethodPut, Path: "/api/v1/rectification-limits/{region}", Tags: tags,
		Summary:     "设置某地区各整改环节的时限",
		Description: "每项 1 到 60 个工作日；下级地区没有自己设置的沿用。只有管辖该地区的效能监督人员可以设置，记入审计日志。",
	}, func(ctx context.Context, in *limitsPutIn) (*limitsOut, error) {
		l, err := svc.SetLimits(ctx, principal(ctx), in.Region, in.Body)
		if errs.FieldOf(err) == "region" {
			return nil, inPath(err)
		}
		return &limitsOut{Body: l}, locate(err, "body.")
	})
}
