package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/httpx"
)

// The structure API: every read needs structure.view and every write
// structure.manage at the route; the service then checks the record's
// region against the actor's grants, so handlers only translate.

type regionsIn struct {
	Parent string `query:"parent" maxLength:"12" doc:"上级行政区划代码；为空时列出省级行政区划"`
}

type regionsOut struct {
	Body struct {
		Items []gov.RegionNode `json:"items" doc:"下级行政区划，各带直属的在用下级区划、部门、大厅数"`
	}
}

type regionCodeIn struct {
	Code string `path:"code" maxLength:"12" doc:"行政区划代码（6、9 或 12 位）"`
}

type regionOut struct{ Body gov.Region }

type regionDetailOut struct {
	Body struct {
		gov.Region
		Path []gov.Region `json:"path" doc:"从省级到本级的各级行政区划（面包屑）"`
	}
}

type createRegionIn struct {
	Body struct {
		Code string `json:"code" maxLength:"12" doc:"行政区划代码；层级和上级由代码推出，上级须已存在"`
		Name string `json:"name" maxLength:"50"`
	}
}

type renameRegionIn struct {
	Code string `path:"code" maxLength:"12"`
	Body struct {
		Name    string `json:"name" maxLength:"50"`
		Version int    `json:"version" minimum:"1" doc:"读取时的版本号（乐观锁）"`
	}
}

// activeBody switches a record on or off; the reason goes to the audit log.
type activeBody struct {
	Active  bool   `json:"active" doc:"true 启用，false 停用（行政区划为撤销）"`
	Reason  string `json:"reason,omitempty" maxLength:"200" doc:"原因，记入审计日志"`
	Version int    `json:"version" minimum:"1" doc:"读取时的版本号（乐观锁）"`
}

type regionActiveIn struct {
	Code string `path:"code" maxLength:"12"`
	Body activeBody
}

// listIn selects a page of depts or halls in a region's subtree.
type listIn struct {
	Region     string `query:"region" required:"true" maxLength:"12" doc:"行政区划代码：列出该区划及其下级的记录"`
	Q          string `query:"q" maxLength:"50" doc:"名称包含的文字"`
	Kind       string `query:"kind" maxLength:"20" doc:"部门类型，或大厅类型（centre / station）"`
	ActiveOnly bool   `query:"active_only" doc:"只列出在用的记录"`
	Cursor     string `query:"cursor" maxLength:"400" doc:"上一页返回的 next_cursor"`
	Limit      int    `query:"limit" minimum:"0" maximum:"500" doc:"每页条数，默认 100"`
}

// filter turns the query into the service's filter.
func (in *listIn) filter() gov.ListFilter {
	return gov.ListFilter{Region: in.Region, Name: in.Q, Kind: in.Kind, ActiveOnly: in.ActiveOnly, After: in.Cursor, Limit: in.Limit}
}

// listProblem reports a refused filter under the query parameter the client
// sent: the service names the filter's fields (after, name), the API's
// query says cursor and q.
func listProblem(err error) error {
	f := errs.FieldOf(err)
	if f == "" {
		return err
	}
	p := httpx.ProblemOf(nil, err)
	switch f {
	case "after":
		f = "cursor"
	case "name":
		f = "q"
	}
	p.Errors = []httpx.FieldDetail{{Location: "query." + f, Message: p.Detail}}
	return p
}

type idPath struct {
	ID int64 `path:"id" minimum:"1"`
}

type deptOut struct{ Body gov.Dept }

type deptsOut struct {
	Body struct {
		Items      []gov.Dept `json:"items"`
		NextCursor string     `json:"next_cursor,omitempty" doc:"传入 cursor 获取下一页；为空表示没有更多"`
	}
}

type createDeptIn struct {
	Body struct {
		RegionCode   string `json:"region_code" maxLength:"12" doc:"所属行政区划代码（创建后不可修改）"`
		Name         string `json:"name" maxLength:"100"`
		ShortName    string `json:"short_name,omitempty" maxLength:"30"`
		CreditCode   string `json:"credit_code" maxLength:"40" doc:"统一社会信用代码（18 位）"`
		Kind         string `json:"kind,omitempty" maxLength:"20" doc:"部门类型，如 市场监管、公安；同类部门在各地写法一致，便于比较"`
		Phone        string `json:"phone,omitempty" maxLength:"30"`
		ConfirmCheck bool   `json:"confirm_check,omitempty" doc:"已核对证书：接受仅校验码不符的早期试点代码（记入审计）"`
	}
}

type updateDeptIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version      int     `json:"version" minimum:"1" doc:"读取时的版本号（乐观锁）"`
		Name         *string `json:"name,omitempty" maxLength:"100" doc:"省略的字段保持不变"`
		ShortName    *string `json:"short_name,omitempty" maxLength:"30"`
		CreditCode   *string `json:"credit_code,omitempty" maxLength:"40"`
		Kind         *string `json:"kind,omitempty" maxLength:"20"`
		Phone        *string `json:"phone,omitempty" maxLength:"30"`
		ConfirmCheck bool    `json:"confirm_check,omitempty"`
	}
}

type activeIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body activeBody
}

// set overwrites *dst with *v when the client sent the field.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// AddGov registers the structure operations: regions, depts, halls and
// their windows.
func (a *API) AddGov(svc *gov.Service) {
	a.addRegions(svc)
	a.addDepts(svc)
	a.addHalls(svc)
	a.addWindows(svc)
}

func (a *API) addRegions(svc *gov.Service) {
	tags := []string{"组织架构"}
	register(a, access.StructureView, huma.Operation{
		OperationID: "list-regions", Method: http.MethodGet, Path: "/api/v1/regions", Tags: tags,
		Summary: "下级行政区划（含直属区划、部门、大厅数）",
	}, func(ctx context.Context, in *regionsIn) (*regionsOut, error) {
		items, err := svc.RegionTree(ctx, principal(ctx), in.Parent)
		if err != nil {
			return nil, listProblem(err)
		}
		out := &regionsOut{}
		out.Body.Items = items
		return out, nil
	})
	register(a, access.StructureView, huma.Operation{
		OperationID: "get-region", Method: http.MethodGet, Path: "/api/v1/regions/{code}", Tags: tags,
		Summary: "查看行政区划（含上级路径）",
	}, func(ctx context.Context, in *regionCodeIn) (*regionDetailOut, error) {
		path, err := svc.RegionPath(ctx, principal(ctx), in.Code)
		if err != nil {
			return nil, err
		}
		if len(path) == 0 {
			return nil, errs.E(errs.NotFound, "行政区划不存在")
		}
		out := &regionDetailOut{}
		out.Body.Region, out.Body.Path = path[len(path)-1], path
		return out, nil
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "create-region", Method: http.MethodPost, Path: "/api/v1/regions", Tags: tags,
		Summary: "新增行政区划", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createRegionIn) (*regionOut, error) {
		r, err := svc.CreateRegion(ctx, principal(ctx), gov.Region{Code: in.Body.Code, Name: in.Body.Name})
		return &regionOut{Body: r}, err
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "rename-region", Method: http.MethodPatch, Path: "/api/v1/regions/{code}", Tags: tags,
		Summary: "修改行政区划名称（代码不可修改）",
	}, func(ctx context.Context, in *renameRegionIn) (*regionOut, error) {
		r, err := svc.UpdateRegion(ctx, principal(ctx), in.Code, in.Body.Version, in.Body.Name)
		return &regionOut{Body: r}, err
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "set-region-active", Method: http.MethodPost, Path: "/api/v1/regions/{code}/active", Tags: tags,
		Summary: "撤销或恢复行政区划（其下须无在用的区划、部门、大厅）",
	}, func(ctx context.Context, in *regionActiveIn) (*regionOut, error) {
		b := in.Body
		r, err := svc.SetRegionActive(ctx, principal(ctx), in.Code, b.Version, b.Active, b.Reason)
		return &regionOut{Body: r}, err
	})
}

func (a *API) addDepts(svc *gov.Service) {
	tags := []string{"组织架构"}
	register(a, access.StructureView, huma.Operation{
		OperationID: "list-depts", Method: http.MethodGet, Path: "/api/v1/depts", Tags: tags,
		Summary: "部门列表（行政区划及其下级，按区划代码和名称排序，分页）",
	}, func(ctx context.Context, in *listIn) (*deptsOut, error) {
		pg, err := svc.ListDepts(ctx, principal(ctx), in.filter())
		if err != nil {
			return nil, listProblem(err)
		}
		out := &deptsOut{}
		out.Body.Items, out.Body.NextCursor = pg.Items, pg.Next
		return out, nil
	})
	register(a, access.StructureView, huma.Operation{
		OperationID: "get-dept", Method: http.MethodGet, Path: "/api/v1/depts/{id}", Tags: tags,
		Summary: "查看部门",
	}, func(ctx context.Context, in *idPath) (*deptOut, error) {
		d, err := svc.GetDept(ctx, principal(ctx), in.ID)
		return &deptOut{Body: d}, err
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "create-dept", Method: http.MethodPost, Path: "/api/v1/depts", Tags: tags,
		Summary: "新增部门", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createDeptIn) (*deptOut, error) {
		b := in.Body
		d, err := svc.CreateDept(ctx, principal(ctx), gov.DeptInput{RegionCode: b.RegionCode, Name: b.Name, ShortName: b.ShortName,
			CreditCode: b.CreditCode, Kind: b.Kind, Phone: b.Phone, ConfirmCheck: b.ConfirmCheck})
		return &deptOut{Body: d}, err
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "update-dept", Method: http.MethodPatch, Path: "/api/v1/depts/{id}", Tags: tags,
		Summary: "修改部门（所属行政区划不可修改；省略的字段不变）",
	}, func(ctx context.Context, in *updateDeptIn) (*deptOut, error) {
		p, b := principal(ctx), in.Body
		// PATCH keeps what the client left out: start from the stored dept.
		// Its version is not used; the client's is, so a change made since
		// the client read the dept is still refused.
		cur, err := svc.GetDept(ctx, p, in.ID)
		if err != nil {
			return nil, err
		}
		di := gov.DeptInput{Name: cur.Name, ShortName: cur.ShortName, CreditCode: cur.CreditCode, Kind: cur.Kind,
			Phone: cur.Phone, ConfirmCheck: b.ConfirmCheck}
		set(&di.Name, b.Name)
		set(&di.ShortName, b.ShortName)
		set(&di.CreditCode, b.CreditCode)
		set(&di.Kind, b.Kind)
		set(&di.Phone, b.Phone)
		if b.CreditCode == nil {
			// The stored code was accepted once, perhaps on confirmation;
			// keeping it is no new claim.
			di.ConfirmCheck = true
		}
		d, err := svc.UpdateDept(ctx, p, in.ID, b.Version, di)
		return &deptOut{Body: d}, err
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "set-dept-active", Method: http.MethodPost, Path: "/api/v1/depts/{id}/active", Tags: tags,
		Summary: "启用或停用部门（仍有专窗受理其事项时不能停用）",
	}, func(ctx context.Context, in *activeIn) (*deptOut, error) {
		d, err := svc.SetDeptActive(ctx, principal(ctx), in.ID, in.Body.Version, in.Body.Active, in.Body.Reason)
		return &deptOut{Body: d}, err
	})
}
