package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

type indicatorsIn struct {
	Region string `query:"region" maxLength:"12" doc:"行政区划代码：该地区及下级地区的事项；为空表示全部"`
	Dept   int64  `query:"dept" minimum:"0" doc:"实施部门编号"`
}

type indicatorsOut struct{ Body catalog.Indicators }

type versionsOut struct {
	Body struct {
		Items []catalog.VersionInfo `json:"items" doc:"从新到旧"`
	}
}

type diffIn struct {
	Code string `path:"code" maxLength:"64" doc:"实施编码"`
	A    int    `query:"a" required:"true" minimum:"1" doc:"比较的起点版本号"`
	B    int    `query:"b" required:"true" minimum:"1" doc:"比较的终点版本号"`
}

type diffOut struct{ Body catalog.VersionDiff }

type consistencyIn struct {
	Region   string `query:"region" maxLength:"12" doc:"检查该地区及下级地区的实施清单事项"`
	BaseCode string `query:"base_code" maxLength:"64" doc:"只检查该基本编码的实施清单事项"`
	Cursor   string `query:"cursor" maxLength:"20" doc:"上一页返回的 next_cursor"`
	Limit    int    `query:"limit" minimum:"0" maximum:"2000" doc:"本页检查的事项数，默认 500"`
}

type consistencyOut struct{ Body catalog.ConsistencyReport }

type fixedOut struct {
	Body struct {
		catalog.FixedSetting
		Available []catalog.Element `json:"available" doc:"可设为统一要素的全部要素"`
	}
}

type fixedIn struct {
	Body struct {
		Elements []string `json:"elements" maxItems:"50" doc:"统一要素的名称，如 name、kind、legal_basis；base_code 总是统一"`
		Version  int      `json:"version" minimum:"0" doc:"读取时的版本号；从未设置过时为 0"`
	}
}

type fixedSetOut struct{ Body catalog.FixedSetting }

type implementationIn struct {
	Body struct {
		BaseCode string `json:"base_code" maxLength:"64" doc:"基本目录事项的基本编码"`
		DeptID   int64  `json:"dept_id" minimum:"1" doc:"实施部门"`
		Code     string `json:"code" maxLength:"64" doc:"新实施清单事项的实施编码"`
	}
}

// AddCatalogReports registers the catalog's reports: indicators (public),
// version history and readable diffs, the cross-region consistency report,
// its fixed-element setting, and new implementations inherited from a base item.
func (a *API) AddCatalogReports(svc *catalog.Service, rep *catalog.Reports) {
	tags := []string{"事项目录报告"}
	register(a, access.Public, huma.Operation{
		OperationID: "catalog-indicators", Method: http.MethodGet, Path: "/api/v1/catalog/indicators", Tags: tags,
		Summary: "事项指标：按类型统计、网上可办率、全程网办率、最多跑一次率、即办件率、进驻率、承诺时限压缩率",
		Description: "统计已发布且在施行中的实施清单事项（不含基本目录事项）。各比率的分母为依申请事项" +
			"（行政处罚、行政强制、行政征收、行政检查除外）；网上可办指网办深度三级及以上；" +
			"承诺时限压缩率 = 1 − Σ承诺时限 / Σ法定时限（只计法定时限大于 0 的事项）。分母为 0 时比率为 null。",
	}, func(ctx context.Context, in *indicatorsIn) (*indicatorsOut, error) {
		out, err := rep.Indicators(ctx, catalog.IndicatorFilter{Region: in.Region, DeptID: in.Dept})
		return &indicatorsOut{Body: out}, err
	})
	register(a, access.CatalogView, huma.Operation{
		OperationID: "list-item-versions", Method: http.MethodGet, Path: "/api/v1/items/{code}/versions", Tags: tags,
		Summary: "事项的版本历史（编辑人、发布人、时间、说明）",
	}, func(ctx context.Context, in *itemCodeIn) (*versionsOut, error) {
		vs, err := svc.History(ctx, principal(ctx), in.Code)
		if err != nil {
			return nil, err
		}
		out := &versionsOut{}
		out.Body.Items = catalog.VersionInfos(vs)
		return out, nil
	})
	register(a, access.CatalogView, huma.Operation{
		OperationID: "diff-item-versions", Method: http.MethodGet, Path: "/api/v1/items/{code}/diff", Tags: tags,
		Summary:     "两个版本之间的逐要素差异",
		Description: "申请材料、表单字段、办理环节按各自的标识匹配：调整顺序显示为移动，而不是删除再新增。",
	}, func(ctx context.Context, in *diffIn) (*diffOut, error) {
		d, err := svc.DiffVersions(ctx, principal(ctx), in.Code, in.A, in.B)
		return &diffOut{Body: d}, err
	})
	register(a, access.CatalogView, huma.Operation{
		OperationID: "catalog-consistency", Method: http.MethodGet, Path: "/api/v1/catalog/consistency", Tags: tags,
		Summary: "同一事项跨地区一致性：与基本目录不一致的实施清单事项，逐要素列出",
		Description: "统一要素须与基本目录一致；其余要素只能从严（承诺时限只能缩短、材料只能减少、网办深度只能提高……）。" +
			"每页检查 limit 个事项，返回其中不一致的；next_cursor 不为空表示还有未检查的事项。",
	}, func(ctx context.Context, in *consistencyIn) (*consistencyOut, error) {
		q := catalog.ConsistencyQuery{Region: in.Region, BaseCode: in.BaseCode, Limit: in.Limit}
		if in.Cursor != "" {
			after, err := strconv.ParseInt(in.Cursor, 10, 64)
			if err != nil || after < 0 {
				return nil, errs.Field("cursor", "翻页标记无效，请使用上一页返回的 next_cursor")
			}
			q.After = after
		}
		r, err := rep.Consistency(ctx, principal(ctx), q)
		return &consistencyOut{Body: r}, err
	})
	register(a, access.CatalogView, huma.Operation{
		OperationID: "get-fixed-elements", Method: http.MethodGet, Path: "/api/v1/catalog/fixed-elements", Tags: tags,
		Summary: "统一要素清单：各地实施清单须与基本目录保持一致的要素",
	}, func(ctx context.Context, _ *struct{}) (*fixedOut, error) {
		set, err := rep.FixedElements(ctx)
		if err != nil {
			return nil, err
		}
		out := &fixedOut{}
		out.Body.FixedSetting, out.Body.Available = set, catalog.FixableElements()
		return out, nil
	})
	register(a, access.CatalogPub, huma.Operation{
		OperationID: "put-fixed-elements", Method: http.MethodPut, Path: "/api/v1/catalog/fixed-elements", Tags: tags,
		Summary:     "修改统一要素清单（省级事项管理员）",
		Description: "清单约束全省各地区，只有在省级区划持有发布权限的事项管理员可以修改；修改记入审计日志。",
	}, func(ctx context.Context, in *fixedIn) (*fixedSetOut, error) {
		set, err := rep.SetFixedElements(ctx, principal(ctx), in.Body.Elements, in.Body.Version)
		return &fixedSetOut{Body: set}, err
	})
	register(a, access.CatalogEdit, huma.Operation{
		OperationID: "create-implementation", Method: http.MethodPost, Path: "/api/v1/catalog/implementations", Tags: tags,
		Summary:       "由基本目录事项生成本地实施清单事项（草稿，继承全部要素）",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *implementationIn) (*itemOut, error) {
		it, err := svc.NewImplementation(ctx, principal(ctx), in.Body.BaseCode, in.Body.DeptID, in.Body.Code)
		return &itemOut{Body: it}, err
	})
}
