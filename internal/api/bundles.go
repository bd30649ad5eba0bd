package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// The bundle API (一件事一次办): the public reads published bundles and
// answers their questionnaire; catalog managers create and edit them,
// and a second manager publishes. The service checks every scope.

type bundlesIn struct {
	Region string `query:"region" maxLength:"12" doc:"行政区划代码：该地区、其下级和上级地区的一件事"`
}

// bundleSummary is one line of the public list.
type bundleSummary struct {
	Code         string    `json:"code"`
	Name         string    `json:"name"`
	RegionCode   string    `json:"region_code"`
	Summary      string    `json:"summary"`
	Targets      []string  `json:"targets"`
	Themes       []string  `json:"themes"`
	Items        int       `json:"items" doc:"包含的事项数（含按情形办理的事项）"`
	PromisedDays int       `json:"promised_days" doc:"一件事的承诺时限（工作日）"`
	Popularity   int64     `json:"popularity"`
	UpdatedAt    time.Time `json:"updated_at"`
}

type bundlesOut struct {
	Body struct {
		Items []bundleSummary `json:"items"`
	}
}

type bundleCodeIn struct {
	Code string `path:"code" maxLength:"64" doc:"一件事编码"`
}

type bundleGuideOut struct{ Body catalog.Guide }

type bundleEvaluateIn struct {
	Code string `path:"code" maxLength:"64"`
	Body struct {
		Answers map[string]string `json:"answers,omitempty" doc:"情形问题的回答：问题标识 → 回答（是非题为 yes 或 no，选择题为选项原文）；未回答的问题不增加事项"`
	}
}

type bundleEvaluationOut struct{ Body catalog.Evaluation }

type adminBundlesIn struct {
	Region string `query:"region" maxLength:"12"`
	Status string `query:"status" enum:"draft,published," doc:"draft 从未发布"`
}

type adminBundlesOut struct {
	Body struct {
		Items []catalog.Bundle `json:"items"`
	}
}

type bundleOut struct{ Body catalog.Bundle }

type bundleCreateIn struct{ Body catalog.BundleInput }

type bundleUpdateIn struct {
	Code string `path:"code" maxLength:"64"`
	Body struct {
		Doc     catalog.BundleDoc `json:"doc"`
		Version int               `json:"version" minimum:"1" doc:"读取时的版本号（乐观锁）"`
		Note    string            `json:"note,omitempty" maxLength:"500" doc:"修改说明，记入审计"`
	}
}

type bundlePublishIn struct {
	Code string `path:"code" maxLength:"64"`
	Body struct {
		Version int `json:"version" minimum:"1"`
	}
}

// AddBundles registers the bundle operations.
func (a *API) AddBundles(svc *catalog.BundleService) {
	tags := []string{"一件事一次办"}
	register(a, access.Public, huma.Operation{
		OperationID: "list-bundles", Method: http.MethodGet, Path: "/api/v1/bundles", Tags: tags,
		Summary: "一件事列表（公开）", Description: "已发布的一件事，按热度排序。",
	}, func(ctx context.Context, in *bundlesIn) (*bundlesOut, error) {
		list, err := svc.Published(ctx, strings.TrimSpace(in.Region))
		if err != nil {
			return nil, inQuery(err)
		}
		out := &bundlesOut{}
		out.Body.Items = make([]bundleSummary, len(list))
		for i, b := range list {
			out.Body.Items[i] = bundleSummary{Code: b.Code, Name: b.Name, RegionCode: b.RegionCode, Summary: b.Doc.Summary,
				Targets: nonNil(b.Doc.Targets), Themes: nonNil(b.Doc.Themes), Items: len(b.Doc.Items),
				PromisedDays: b.Doc.PromisedDays, Popularity: b.Popularity, UpdatedAt: b.UpdatedAt}
		}
		return out, nil
	})
	register(a, access.Public, huma.Operation{
		OperationID: "get-bundle", Method: http.MethodGet, Path: "/api/v1/bundles/{code}", Tags: tags,
		Summary:     "一件事办事指南（公开）",
		Description: "包含的事项（必办与按情形办理）、情形问题、合并去重后的申请材料和承诺时限。每次读取计入热度。",
	}, func(ctx context.Context, in *bundleCodeIn) (*bundleGuideOut, error) {
		g, err := svc.GetPublic(ctx, in.Code)
		return &bundleGuideOut{Body: g}, err
	})
	register(a, access.Public, huma.Operation{
		OperationID: "evaluate-bundle", Method: http.MethodPost, Path: "/api/v1/bundles/{code}/evaluate", Tags: tags,
		Summary:     "情形引导：按回答得出要办的事项、合并表单和材料（公开）",
		Description: "共用字段在合并表单中只问一次，并填入各事项的对应字段；事项自己的字段以“事项编码.字段标识”为键。",
	}, func(ctx context.Context, in *bundleEvaluateIn) (*bundleEvaluationOut, error) {
		ev, err := svc.Evaluate(ctx, in.Code, in.Body.Answers)
		return &bundleEvaluationOut{Body: ev}, locate(err, "body.")
	})
	register(a, access.CatalogView, huma.Operation{
		OperationID: "list-bundles-admin", Method: http.MethodGet, Path: "/api/v1/admin/bundles", Tags: tags,
		Summary: "一件事管理列表（含草稿和待发布的修改）",
	}, func(ctx context.Context, in *adminBundlesIn) (*adminBundlesOut, error) {
		list, err := svc.List(ctx, principal(ctx), catalog.BundleFilter{Region: strings.TrimSpace(in.Region), Status: in.Status})
		if err != nil {
			return nil, inQuery(err)
		}
		out := &adminBundlesOut{}
		out.Body.Items = nonNil(list)
		return out, nil
	})
	register(a, access.CatalogView, huma.Operation{
		OperationID: "get-bundle-admin", Method: http.MethodGet, Path: "/api/v1/admin/bundles/{code}", Tags: tags,
		Summary: "查看一件事（含待发布的修改）",
	}, func(ctx context.Context, in *bundleCodeIn) (*bundleOut, error) {
		b, err := svc.Get(ctx, principal(ctx), in.Code)
		return &bundleOut{Body: b}, err
	})
	register(a, access.CatalogEdit, huma.Operation{
		OperationID: "create-bundle", Method: http.MethodPost, Path: "/api/v1/bundles", Tags: tags,
		Summary:       "新建一件事（待发布）",
		Description:   "内容须由另一位事项管理员发布后才对公众可见。所含事项须已发布，共用字段须对应到事项申请表中的字段。",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *bundleCreateIn) (*bundleOut, error) {
		b, err := svc.Create(ctx, principal(ctx), in.Body)
		return &bundleOut{Body: b}, inBundle(err)
	})
	register(a, access.CatalogEdit, huma.Operation{
		OperationID: "update-bundle", Method: http.MethodPut, Path: "/api/v1/bundles/{code}", Tags: tags,
		Summary:     "修改一件事",
		Description: "从未发布的一件事直接修改；已发布的一件事的修改成为待发布内容，发布前公众看到的仍是原内容。",
	}, func(ctx context.Context, in *bundleUpdateIn) (*bundleOut, error) {
		b, err := svc.Update(ctx, principal(ctx), in.Code, in.Body.Version, in.Body.Doc, in.Body.Note)
		return &bundleOut{Body: b}, inBundle(err)
	})
	register(a, access.CatalogPub, huma.Operation{
		OperationID: "publish-bundle", Method: http.MethodPost, Path: "/api/v1/bundles/{code}/publish", Tags: tags,
		Summary:     "发布一件事（四眼原则）",
		Description: "待发布内容须由编辑人以外的另一位事项管理员发布；发布时重新核对所含事项。",
	}, func(ctx context.Context, in *bundlePublishIn) (*bundleOut, error) {
		b, err := svc.Publish(ctx, principal(ctx), in.Code, in.Body.Version)
		return &bundleOut{Body: b}, inBundle(err)
	})
	relaxBundleSchemas(a.huma)
}

// inBundle points a domain error at the body field it names: the bundle's
// own fields are at the top of the body, the content's inside doc.
func inBundle(err error) error {
	switch errs.FieldOf(err) {
	case "":
		return err
	case "code", "region_code", "note", "version":
		return locate(err, "body.")
	}
	return locate(err, "body.doc.")
}

// relaxBundleSchemas lists the truly required properties of the bundle
// types: huma marks every property without omitempty required, but a
// bundle's lists may be empty and its flags false.
func relaxBundleSchemas(h huma.API) {
	required := map[string][]string{
		"BundleDoc":   {"name", "summary", "targets", "items"},
		"BundleItem":  {"item_code"},
		"Condition":   {"question", "answer"},
		"Question":    {"key", "text", "kind"},
		"SharedField": {"key", "label", "type", "maps"},
		"FieldMap":    {"item_code", "field_key"},
		"Field":       {"key", "label", "type"},
		"BundleInput": {"code", "region_code", "doc"},
	}
	schemas := h.OpenAPI().Components.Schemas.Map()
	for name, req := range required {
		if s, ok := schemas[name]; ok {
			s.Required = req
			s.PrecomputeMessages()
		}
	}
}
