package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/gov"
)

type hallOut struct{ Body gov.Hall }

type hallsOut struct {
	Body struct {
		Items      []gov.Hall `json:"items"`
		NextCursor string     `json:"next_cursor,omitempty" doc:"传入 cursor 获取下一页；为空表示没有更多"`
	}
}

type createHallIn struct {
	Body struct {
		RegionCode string `json:"region_code" maxLength:"12" doc:"所属行政区划代码（创建后不可修改）"`
		Name       string `json:"name" maxLength:"100"`
		Kind       string `json:"kind" enum:"centre,station" doc:"centre 政务/便民服务中心，station 便民服务站"`
		Address    string `json:"address,omitempty" maxLength:"200"`
		Phone      string `json:"phone,omitempty" maxLength:"30"`
		Hours      string `json:"hours,omitempty" maxLength:"100" doc:"对外公布的办公时间"`
	}
}

type updateHallIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int     `json:"version" minimum:"1" doc:"读取时的版本号（乐观锁）"`
		Name    *string `json:"name,omitempty" maxLength:"100" doc:"省略的字段保持不变"`
		Kind    *string `json:"kind,omitempty" enum:"centre,station"`
		Address *string `json:"address,omitempty" maxLength:"200"`
		Phone   *string `json:"phone,omitempty" maxLength:"30"`
		Hours   *string `json:"hours,omitempty" maxLength:"100"`
	}
}

type windowOut struct{ Body gov.Window }

type windowsOut struct {
	Body struct {
		Items []gov.Window `json:"items"`
	}
}

type createWindowIn struct {
	ID   int64 `path:"id" minimum:"1" doc:"大厅编号"`
	Body struct {
		Number  string  `json:"number" maxLength:"10" doc:"窗口号，如 A01"`
		Name    string  `json:"name" maxLength:"50"`
		Kind    string  `json:"kind" enum:"general,dedicated" doc:"general 综合窗口（受理所有事项），dedicated 专窗"`
		DeptIDs []int64 `json:"dept_ids,omitempty" maxItems:"100" doc:"专窗受理其事项的部门（本区划、下级或上级区划的在用部门）"`
	}
}

type updateWindowIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int      `json:"version" minimum:"1" doc:"读取时的版本号（乐观锁）"`
		Number  *string  `json:"number,omitempty" maxLength:"10" doc:"省略的字段保持不变"`
		Name    *string  `json:"name,omitempty" maxLength:"50"`
		Kind    *string  `json:"kind,omitempty" enum:"general,dedicated" doc:"改为 general 且未给出 dept_ids 时，部门清空"`
		DeptIDs *[]int64 `json:"dept_ids,omitempty" maxItems:"100"`
	}
}

func (a *API) addHalls(svc *gov.Service) {
	tags := []string{"组织架构"}
	register(a, access.StructureView, huma.Operation{
		OperationID: "list-halls", Method: http.MethodGet, Path: "/api/v1/halls", Tags: tags,
		Summary: "大厅列表（行政区划及其下级，按区划代码和名称排序，分页）",
	}, func(ctx context.Context, in *listIn) (*hallsOut, error) {
		pg, err := svc.ListHalls(ctx, principal(ctx), in.filter())
		if err != nil {
			return nil, listProblem(err)
		}
		out := &hallsOut{}
		out.Body.Items, out.Body.NextCursor = pg.Items, pg.Next
		return out, nil
	})
	register(a, access.StructureView, huma.Operation{
		OperationID: "get-hall", Method: http.MethodGet, Path: "/api/v1/halls/{id}", Tags: tags,
		Summary: "查看大厅",
	}, func(ctx context.Context, in *idPath) (*hallOut, error) {
		h, err := svc.GetHall(ctx, principal(ctx), in.ID)
		return &hallOut{Body: h}, err
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "create-hall", Method: http.MethodPost, Path: "/api/v1/halls", Tags: tags,
		Summary: "新增大厅", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createHallIn) (*hallOut, error) {
		b := in.Body
		h, err := svc.CreateHall(ctx, principal(ctx), gov.HallInput{RegionCode: b.RegionCode, Name: b.Name, Kind: b.Kind,
			Address: b.Address, Phone: b.Phone, Hours: b.Hours})
		return &hallOut{Body: h}, err
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "update-hall", Method: http.MethodPatch, Path: "/api/v1/halls/{id}", Tags: tags,
		Summary: "修改大厅（所属行政区划不可修改；省略的字段不变）",
	}, func(ctx context.Context, in *updateHallIn) (*hallOut, error) {
		p, b := principal(ctx), in.Body
		cur, err := svc.GetHall(ctx, p, in.ID)
		if err != nil {
			return nil, err
		}
		hi := gov.HallInput{Name: cur.Name, Kind: cur.Kind, Address: cur.Address, Phone: cur.Phone, Hours: cur.Hours}
		set(&hi.Name, b.Name)
		set(&hi.Kind, b.Kind)
		set(&hi.Address, b.Address)
		set(&hi.Phone, b.Phone)
		set(&hi.Hours, b.Hours)
		h, err := svc.UpdateHall(ctx, p, in.ID, b.Version, hi)
		return &hallOut{Body: h}, err
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "set-hall-active", Method: http.MethodPost, Path: "/api/v1/halls/{id}/active", Tags: tags,
		Summary: "启用或停用大厅（须先停用其全部窗口）",
	}, func(ctx context.Context, in *activeIn) (*hallOut, error) {
		h, err := svc.SetHallActive(ctx, principal(ctx), in.ID, in.Body.Version, in.Body.Active, in.Body.Reason)
		return &hallOut{Body: h}, err
	})
}

func (a *API) addWindows(svc *gov.Service) {
	tags := []string{"组织架构"}
	register(a, access.StructureView, huma.Operation{
		OperationID: "list-windows", Method: http.MethodGet, Path: "/api/v1/halls/{id}/windows", Tags: tags,
		Summary: "大厅的窗口（按窗口号）",
	}, func(ctx context.Context, in *idPath) (*windowsOut, error) {
		ws, err := svc.ListWindows(ctx, principal(ctx), in.ID)
		if err != nil {
			return nil, err
		}
		out := &windowsOut{}
		out.Body.Items = ws
		return out, nil
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "create-window", Method: http.MethodPost, Path: "/api/v1/halls/{id}/windows", Tags: tags,
		Summary: "新增窗口", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createWindowIn) (*windowOut, error) {
		b := in.Body
		w, err := svc.CreateWindow(ctx, principal(ctx), gov.WindowInput{HallID: in.ID, Number: b.Number, Name: b.Name,
			Kind: b.Kind, DeptIDs: b.DeptIDs})
		return &windowOut{Body: w}, err
	})
	register(a, access.StructureView, huma.Operation{
		OperationID: "get-window", Method: http.MethodGet, Path: "/api/v1/windows/{id}", Tags: tags,
		Summary: "查看窗口",
	}, func(ctx context.Context, in *idPath) (*windowOut, error) {
		w, err := svc.GetWindow(ctx, principal(ctx), in.ID)
		return &windowOut{Body: w}, err
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "update-window", Method: http.MethodPatch, Path: "/api/v1/windows/{id}", Tags: tags,
		Summary: "修改窗口（所属大厅不可修改；省略的字段不变）",
	}, func(ctx context.Context, in *updateWindowIn) (*windowOut, error) {
		p, b := principal(ctx), in.Body
		cur, err := svc.GetWindow(ctx, p, in.ID)
		if err != nil {
			return nil, err
		}
		wi := gov.WindowInput{Number: cur.Number, Name: cur.Name, Kind: cur.Kind, DeptIDs: cur.DeptIDs}
		set(&wi.Number, b.Number)
		set(&wi.Name, b.Name)
		set(&wi.Kind, b.Kind)
		set(&wi.DeptIDs, b.DeptIDs)
		if b.Kind != nil && *b.Kind == gov.WindowGeneral && b.DeptIDs == nil {
			// A window turned general serves every dept; its old list goes.
			wi.DeptIDs = nil
		}
		w, err := svc.UpdateWindow(ctx, p, in.ID, b.Version, wi)
		return &windowOut{Body: w}, err
	})
	register(a, access.StructureEdit, huma.Operation{
		OperationID: "set-window-active", Method: http.MethodPost, Path: "/api/v1/windows/{id}/active", Tags: tags,
		Summary: "启用或停用窗口（大厅停用时不能启用）",
	}, func(ctx context.Context, in *activeIn) (*windowOut, error) {
		w, err := svc.SetWindowActive(ctx, principal(ctx), in.ID, in.Body.Version, in.Body.Active, in.Body.Reason)
		return &windowOut{Body: w}, err
	})
}
