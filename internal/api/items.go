package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

type itemSearchIn struct {
	Q           string `query:"q" maxLength:"200" doc:"搜索词：事项名称、关键词、部门、申请材料；两个字的词（如 执照、结婚、社保）也能查到"`
	Region      string `query:"region" maxLength:"12" doc:"行政区划代码：该地区及下级地区的事项"`
	Dept        int64  `query:"dept" minimum:"0" doc:"实施部门编号"`
	Kind        string `query:"kind" maxLength:"20" doc:"事项类型，如 licensing（行政许可）、public_service（公共服务）"`
	Theme       string `query:"theme" maxLength:"30" doc:"主题，如 birth（出生）、start（开办）；见 GET /api/v1/themes"`
	Target      string `query:"target" enum:"person,org," doc:"服务对象：person 自然人，org 法人"`
	OnlineDepth int    `query:"online_depth" minimum:"0" maximum:"4" doc:"最低网办深度；4 = 全程网办"`
	CrossRegion string `query:"cross_region" enum:"province,national," doc:"通办范围：province 省内通办，national 跨省通办"`
	Order       string `query:"order" enum:"relevance,popular," doc:"排序：relevance 相关度（有搜索词时默认），popular 热度"`
	Cursor      string `query:"cursor" maxLength:"200" doc:"上一页返回的 next_cursor"`
	Limit       int    `query:"limit" minimum:"0" maximum:"100" doc:"每页条数，默认 20"`
}

type itemSearchOut struct{ Body catalog.SearchResult }

type themesOut struct {
	Body struct {
		Items []catalog.Theme `json:"items"`
	}
}

type itemCodeIn struct {
	Code string `path:"code" maxLength:"64" doc:"实施编码"`
}

// publicItem is an item as the public sees it: the published content in
// force and its standing, without the staff's drafts.
type publicItem struct {
	Code             string      `json:"code"`
	Status           string      `json:"status" doc:"published；suspended/cancelled 表示已定于生效日期起暂停或取消"`
	PublishedVersion int         `json:"published_version" doc:"版本号：申请时记录，按该版本办理"`
	SuspendedFrom    *time.Time  `json:"suspended_from,omitempty"`
	CancelledFrom    *time.Time  `json:"cancelled_from,omitempty"`
	StatusReason     string      `json:"status_reason,omitempty"`
	Popularity       int64       `json:"popularity"`
	UpdatedAt        time.Time   `json:"updated_at"`
	Doc              catalog.Doc `json:"doc"`
}

type publicItemOut struct{ Body publicItem }

type itemVersionIn struct {
	Code   string `path:"code" maxLength:"64"`
	Number int    `path:"n" minimum:"1" doc:"版本号"`
}

type itemVersionOut struct{ Body catalog.Version }

type itemOut struct{ Body catalog.Item }

type itemCreateIn struct {
	Body struct {
		Doc    catalog.Doc `json:"doc" doc:"事项的全部要素"`
		IsBase bool        `json:"is_base,omitempty" doc:"true：省级基本目录事项；false（默认）：本地实施清单事项"`
		Note   string      `json:"note,omitempty" maxLength:"500" doc:"编辑说明，记入版本和审计"`
	}
}

type itemDraftIn struct {
	Code string `path:"code" maxLength:"64"`
	Body struct {
		Doc     catalog.Doc `json:"doc"`
		Version int         `json:"version" minimum:"1" doc:"读取事项时的版本号（乐观锁）"`
		Note    string      `json:"note,omitempty" maxLength:"500" doc:"修改说明"`
	}
}

type itemLockIn struct {
	Code string `path:"code" maxLength:"64"`
	Body struct {
		Version int `json:"version" minimum:"1" doc:"读取事项时的版本号（乐观锁）"`
	}
}

type itemStatusIn struct {
	Code string `path:"code" maxLength:"64"`
	Body struct {
		Status  string `json:"status" enum:"suspended,cancelled,published" doc:"suspended 暂停，cancelled 取消，published 恢复（仅暂停的事项）"`
		From    string `json:"from,omitempty" maxLength:"40" doc:"生效日期 YYYY-MM-DD（北京时间零时）或 RFC 3339 时间；为空表示立即生效。生效前事项照常办理"`
		Reason  string `json:"reason,omitempty" maxLength:"200" doc:"原因（暂停、取消时必填）"`
		Version int    `json:"version" minimum:"1"`
	}
}

type adminItemsIn struct {
	Status string `query:"status" enum:"draft,published,suspended,cancelled,pending," doc:"draft 从未发布；pending 有待发布的草稿"`
	Region string `query:"region" maxLength:"12"`
	Dept   int64  `query:"dept" minimum:"0"`
	Kind   string `query:"kind" maxLength:"20"`
	Base   string `query:"base" enum:"true,false," doc:"true 只列基本目录事项，false 只列实施清单事项"`
	Name   string `query:"name" maxLength:"50" doc:"名称包含的文字"`
	Cursor int64  `query:"cursor" minimum:"0"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200"`
}

// itemRow is one line of the staff list: the item's state without its
// content.
type itemRow struct {
	ID               int64        `json:"id"`
	Code             string       `json:"code"`
	BaseCode         string       `json:"base_code"`
	Name             string       `json:"name"`
	Kind             catalog.Kind `json:"kind"`
	DeptID           int64        `json:"dept_id"`
	RegionCode       string       `json:"region_code"`
	IsBase           bool         `json:"is_base"`
	Status           string       `json:"status"`
	PublishedVersion int          `json:"published_version"`
	DraftVersion     int          `json:"draft_version" doc:"待发布草稿的版本号；0 表示没有"`
	Popularity       int64        `json:"popularity"`
	Version          int          `json:"version"`
	UpdatedAt        time.Time    `json:"updated_at"`
}

type adminItemsOut struct {
	Body struct {
		Items      []itemRow `json:"items"`
		NextCursor string    `json:"next_cursor,omitempty" doc:"传入 cursor 获取下一页；为空表示没有更多"`
	}
}

// AddItems registers the service catalog's item operations: public search
// and reads, and the catalog managers' drafts, four-eyes publication,
// status changes, Excel/JSON import and export.
func (a *API) AddItems(svc *catalog.Service) {
	tags := []string{"事项目录"}
	register(a, access.Public, huma.Operation{
		OperationID: "search-items", Method: http.MethodGet, Path: "/api/v1/items", Tags: tags,
		Summary:     "搜索事项（公开）",
		Description: "全文检索已发布且正在办理的事项，可按地区、部门、类型、主题、服务对象、网办深度、通办范围筛选；按相关度或热度排序。",
	}, func(ctx context.Context, in *itemSearchIn) (*itemSearchOut, error) {
		res, err := svc.Search(ctx, catalog.Query{
			Text: in.Q, Region: in.Region, DeptID: in.Dept, Kind: catalog.Kind(in.Kind), Theme: in.Theme,
			Target: in.Target, OnlineDepth: in.OnlineDepth, CrossRegion: in.CrossRegion, Order: in.Order,
			Cursor: in.Cursor, Limit: in.Limit,
		})
		if err != nil {
			return nil, inQuery(err)
		}
		res.Hits = nonNil(res.Hits)
		return &itemSearchOut{Body: res}, nil
	})
	register(a, access.Public, huma.Operation{
		OperationID: "list-themes", Method: http.MethodGet, Path: "/api/v1/themes", Tags: tags,
		Summary: "办事主题：个人生命周期与企业生命周期（公开）",
	}, func(ctx context.Context, _ *empty) (*themesOut, error) {
		out := &themesOut{}
		out.Body.Items = catalog.Themes
		return out, nil
	})
	register(a, access.Public, huma.Operation{
		OperationID: "get-item", Method: http.MethodGet, Path: "/api/v1/items/{code}", Tags: tags,
		Summary:     "事项详情（公开）",
		Description: "正在办理的已发布版本的全部要素：设定依据、条件、时限、收费、申请材料、申请表单、办理环节等。每次读取计入热度。",
	}, func(ctx context.Context, in *itemCodeIn) (*publicItemOut, error) {
		it, err := svc.Public(ctx, in.Code)
		if err != nil {
			return nil, err
		}
		return &publicItemOut{Body: publicItem{
			Code: it.Code, Status: it.Status, PublishedVersion: it.PublishedVersion, SuspendedFrom: it.SuspendedFrom,
			CancelledFrom: it.CancelledFrom, StatusReason: it.StatusReason, Popularity: it.Popularity,
			UpdatedAt: it.UpdatedAt, Doc: it.Doc,
		}}, nil
	})
	register(a, access.Public, huma.Operation{
		OperationID: "get-item-version", Method: http.MethodGet, Path: "/api/v1/items/{code}/versions/{n}", Tags: tags,
		Summary:     "事项的某一版本",
		Description: "已发布和已被替代的版本公开（办件按申请时的版本办理）；草稿仅工作人员可见。",
	}, func(ctx context.Context, in *itemVersionIn) (*itemVersionOut, error) {
		v, err := svc.Version(ctx, principal(ctx), in.Code, in.Number)
		if err != nil {
			return nil, err
		}
		if v.State != catalog.VersionDraft && !principal(ctx).Has(access.CatalogView) {
			// Who edited and published is staff business.
			v.EditorID, v.EditorName, v.PublisherID, v.Publisher = 0, "", 0, ""
		}
		return &itemVersionOut{Body: v}, nil
	})
	a.addItemAdmin(svc, tags)
	a.addItemTransfer(svc, tags)
	relaxDocSchemas(a.huma)
}

func (a *API) addItemAdmin(svc *catalog.Service, tags []string) {
	register(a, access.CatalogView, huma.Operation{
		OperationID: "list-items-admin", Method: http.MethodGet, Path: "/api/v1/admin/items", Tags: tags,
		Summary: "事项管理列表（含草稿、暂停、取消的事项）",
	}, func(ctx context.Context, in *adminItemsIn) (*adminItemsOut, error) {
		f := catalog.ListFilter{Region: strings.TrimSpace(in.Region), DeptID: in.Dept, Kind: catalog.Kind(in.Kind),
			Status: in.Status, Name: in.Name, After: in.Cursor, Limit: in.Limit}
		if err := checkRegion(f.Region); err != nil {
			return nil, inQuery(err)
		}
		if f.Limit == 0 {
			f.Limit = 50
		}
		if in.Base != "" {
			b := in.Base == "true"
			f.Base = &b
		}
		list, err := svc.List(ctx, principal(ctx), f)
		if err != nil {
			return nil, inQuery(err)
		}
		out := &adminItemsOut{}
		out.Body.Items = make([]itemRow, len(list))
		for i, it := range list {
			out.Body.Items[i] = itemRow{ID: it.ID, Code: it.Code, BaseCode: it.Doc.BaseCode, Name: it.Doc.Name,
				Kind: it.Doc.Kind, DeptID: it.Doc.DeptID, RegionCode: it.Doc.RegionCode, IsBase: it.IsBase,
				Status: it.Status, PublishedVersion: it.PublishedVersion, DraftVersion: it.DraftVersion,
				Popularity: it.Popularity, Version: it.Version, UpdatedAt: it.UpdatedAt}
		}
		if len(list) == f.Limit {
			out.Body.NextCursor = strconv.FormatInt(list[len(list)-1].ID, 10)
		}
		return out, nil
	})
	register(a, access.CatalogEdit, huma.Operation{
		OperationID: "create-item", Method: http.MethodPost, Path: "/api/v1/items", Tags: tags,
		Summary:       "新建事项（保存为草稿）",
		Description:   "新事项的第一版是草稿，须由另一位事项管理员发布后才对公众可见。",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *itemCreateIn) (*itemOut, error) {
		it, err := svc.Create(ctx, principal(ctx), in.Body.Doc, in.Body.IsBase, in.Body.Note)
		return &itemOut{Body: it}, inDoc(err)
	})
	register(a, access.CatalogEdit, huma.Operation{
		OperationID: "put-item-draft", Method: http.MethodPut, Path: "/api/v1/items/{code}/draft", Tags: tags,
		Summary:     "保存事项草稿",
		Description: "修改后的内容成为（或替换）待发布草稿；已发布版本在草稿发布前继续有效。",
	}, func(ctx context.Context, in *itemDraftIn) (*itemOut, error) {
		it, err := svc.SaveDraft(ctx, principal(ctx), in.Code, in.Body.Version, in.Body.Doc, in.Body.Note)
		return &itemOut{Body: it}, inDoc(err)
	})
	register(a, access.CatalogEdit, huma.Operation{
		OperationID: "discard-item-draft", Method: http.MethodDelete, Path: "/api/v1/items/{code}/draft", Tags: tags,
		Summary: "丢弃待发布草稿（仅已发布过的事项）",
	}, func(ctx context.Context, in *itemLockIn) (*itemOut, error) {
		it, err := svc.DiscardDraft(ctx, principal(ctx), in.Code, in.Body.Version)
		return &itemOut{Body: it}, err
	})
	register(a, access.CatalogPub, huma.Operation{
		OperationID: "publish-item", Method: http.MethodPost, Path: "/api/v1/items/{code}/publish", Tags: tags,
		Summary:     "发布草稿（四眼原则）",
		Description: "草稿须由编辑人以外的另一位事项管理员发布；编辑人本人发布返回 403。",
	}, func(ctx context.Context, in *itemLockIn) (*itemOut, error) {
		it, err := svc.Publish(ctx, principal(ctx), in.Code, in.Body.Version)
		return &itemOut{Body: it}, err
	})
	register(a, access.CatalogPub, huma.Operation{
		OperationID: "set-item-status", Method: http.MethodPost, Path: "/api/v1/items/{code}/status", Tags: tags,
		Summary:     "暂停、取消或恢复事项",
		Description: "暂停、取消自生效日期起生效，须说明原因；恢复只适用于暂停的事项。",
	}, func(ctx context.Context, in *itemStatusIn) (*itemOut, error) {
		from, err := effectiveFrom(in.Body.From)
		if err != nil {
			return nil, inDoc(err)
		}
		it, err := svc.SetStatus(ctx, principal(ctx), in.Code, in.Body.Version, in.Body.Status, from, in.Body.Reason)
		return &itemOut{Body: it}, inDoc(err)
	})
}

// effectiveFrom reads a status change's effective date: a day (from its
// first moment, Beijing time) or an exact time; "" is now.
func effectiveFrom(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, beijing); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, errs.Field("from", "生效日期应为 YYYY-MM-DD，如 2026-12-01")
}

// beijing is the zone in which a bare effective date starts.
var beijing = time.FixedZone("CST", 8*3600)

// inDoc points a domain error at the body field it names: the service's
// paths (materials[2].name) are inside doc, the rest at the top level.
func inDoc(err error) error {
	f := errs.FieldOf(err)
	switch {
	case err == nil:
		return nil
	case f == "" || !errs.Is(err, errs.Invalid):
		return err
	case f == "from" || f == "reason" || f == "status" || f == "version":
		return locate(err, "body.")
	}
	return locate(err, "body.doc.")
}

// checkRegion refuses a malformed region filter by name ("" is any).
func checkRegion(code string) error {
	if code == "" {
		return nil
	}
	_, err := validate.RegionCode("region", code)
	return err
}
