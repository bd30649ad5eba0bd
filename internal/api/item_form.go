package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/httpx"
)

type itemValidateIn struct {
	Code string `path:"code" maxLength:"64" doc:"实施编码"`
	Body struct {
		Values map[string]any `json:"values" doc:"申请表各字段的值，键为字段标识（见事项详情 doc.form[].key）。数字字段可传数字或数字字符串；日期为 YYYY-MM-DD；表格字段为对象数组，每行的键为列标识"`
	}
}

type itemValidateOut struct {
	Body struct {
		OK      bool           `json:"ok" doc:"总为 true；有错误时返回 422"`
		Version int            `json:"version" doc:"校验所依据的事项版本（已发布版本号）"`
		Values  map[string]any `json:"values" doc:"规范化后的值：去除首尾空白，身份证号末位 X 大写，手机号为 11 位数字，固定电话为 区号-号码，数字为数值；未填写的选填项和空行不列出"`
	}
}

// AddItemForm registers the check of an application form against an
// item's form (issue 3: the form is "used to validate submissions"). It
// creates nothing: applying (a case) comes with the cases module.
func (a *API) AddItemForm(svc *catalog.Service) {
	register(a, access.Public, huma.Operation{
		OperationID: "validate-item-form", Method: http.MethodPost, Path: "/api/v1/items/{code}/validate",
		Tags:    []string{"事项目录"},
		Summary: "按事项的申请表校验填写内容（公开）",
		Description: "按正在办理的已发布版本的申请表校验：必填、长度、数字范围、日期、选项、行政区划代码、" +
			"公民身份号码、统一社会信用代码、电话、表格行。通过时返回规范化后的值；不通过时返回 422，" +
			"errors 一次列出全部问题（一次性告知），location 为 form.字段 或 form.表格[行].列（行号从 0 起），" +
			"message 以字段名称说明问题。只校验，不创建办件。",
	}, func(ctx context.Context, in *itemValidateIn) (*itemValidateOut, error) {
		it, values, err := svc.CheckValues(ctx, in.Code, in.Body.Values)
		var fe *catalog.FormErrors
		if errors.As(err, &fe) {
			return nil, FormProblem(fe)
		}
		if err != nil {
			return nil, err
		}
		out := &itemValidateOut{}
		out.Body.OK, out.Body.Version, out.Body.Values = true, it.PublishedVersion, values
		return out, nil
	})
}

// FormProblem is the 422 answer to a form with errors: the detail sums
// up, errors lists every problem at its place (form.staff[2].id_number).
func FormProblem(fe *catalog.FormErrors) *httpx.Problem {
	p := httpx.ProblemOf(nil, fe)
	p.Errors = make([]httpx.FieldDetail, 0, len(fe.List)+1)
	for _, e := range fe.List {
		p.Errors = append(p.Errors, httpx.FieldDetail{Location: e.Path, Message: e.Message})
	}
	if fe.Omitted > 0 {
		p.Errors = append(p.Errors, httpx.FieldDetail{Message: fmt.Sprintf("另有 %d 处错误未列出，请先修改以上各处", fe.Omitted)})
	}
	return p
}
