package api

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/httpx"
)

// The case API (办件): applicants submit and follow their cases; the
// front desk accepts, refuses or asks for corrections; departments review
// and decide; results are delivered. The service checks who may do what
// to which case; routes only require a login.

type caseSubmitIn struct{ Body cases.SubmitInput }

type caseOut struct{ Body cases.Case }

type caseNumberIn struct {
	Number string `path:"number" maxLength:"40" doc:"办件编号，如 533401-20261123-000042"`
}

type caseViewOut struct{ Body cases.View }

type caseActionIn struct {
	Number string `path:"number" maxLength:"40"`
	Body   cases.ActionInput
}

type caseListIn struct{ cases.ListQuery }

type caseListOut struct{ Body cases.Page }

type messagesOut struct {
	Body struct {
		Messages []cases.Message `json:"messages"`
	}
}

type messagesReadIn struct {
	Body struct {
		IDs []int64 `json:"ids" maxItems:"200"`
	}
}

type emptyOut struct{}

type caseDocIn struct {
	Number string `path:"number" maxLength:"40"`
	ID     int64  `path:"id"`
}

type pdfOut struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

type checkIn struct {
	Code string `path:"code" maxLength:"20" doc:"文书上的核验码"`
}

// CheckResult is the public check of a document: no personal data.
type CheckResult struct {
	Valid      bool   `json:"valid"`
	Kind       string `json:"kind"`
	Title      string `json:"title"`
	Number     string `json:"number"`
	IssuedOn   string `json:"issued_on"`
	DeptName   string `json:"dept_name"`
	CaseNumber string `json:"case_number"`
	ItemName   string `json:"item_name"`
	Applicant  string `json:"applicant" doc:"脱敏"`
	Status     string `json:"case_status"`
	StatusText string `json:"case_status_title"`
}

type checkOut struct{ Body CheckResult }

// AddCases registers the case operations; documents' QR codes point at
// the public check page on the host the client used.
func (a *API) AddCases(svc *cases.Service, pdf guide.Options) {
	tags := []string{"办件"}
	register(a, access.Authenticated, huma.Operation{
		OperationID: "submit-case", Method: http.MethodPost, Path: "/api/v1/cases", Tags: tags,
		Summary: "提交申请（网上、窗口、代办），或保存草稿",
		Description: "申请人本人：channel 为 online 或 mobile。综合窗口人员：为到场申请人收件（on_behalf_of 填写核验后的身份），" +
			"受理大厅为其所在大厅；跨区域事项须事项允许通办。帮办代办员：须上传申请人签署的授权委托书。" +
			"申请表按事项已发布版本校验，材料须上传文件（POST /api/v1/files）、或在事项允许时选择告知承诺或容缺后补；" +
			"不通过时 422 一次列出全部问题。一件事填写 bundle_code 与 answers，表单为合并表单，材料按合并材料的 key 提交。",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *caseSubmitIn) (*caseOut, error) {
		c, err := svc.Submit(ctx, principal(ctx), in.Body)
		if fp := formProblem(err); fp != nil {
			return nil, fp
		}
		return &caseOut{Body: c}, locate(err, "body.")
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "list-cases", Method: http.MethodGet, Path: "/api/v1/cases", Tags: tags,
		Summary: "办件列表：我的办件、待办、本大厅、本部门、辖区全部",
		Description: "view=mine 申请人（或代办人）的办件，新的在前；view=inbox 当前用户各角色可办理的任务，" +
			"按到期日排序（最早到期在前）。均为游标分页，total 为符合条件的总数。",
	}, func(ctx context.Context, in *caseListIn) (*caseListOut, error) {
		pg, err := svc.List(ctx, principal(ctx), in.ListQuery)
		return &caseListOut{Body: pg}, inQuery(err)
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "get-case", Method: http.MethodGet, Path: "/api/v1/cases/{number}", Tags: tags,
		Summary:     "办件详情：状态、当前环节、各期限及其推算过程、时间线、文书",
		Description: "只有申请人（代办人）、受理大厅、承办部门及其辖区的监督人员可以查看；其他人得到 404。",
	}, func(ctx context.Context, in *caseNumberIn) (*caseViewOut, error) {
		v, err := svc.Get(ctx, principal(ctx), in.Number)
		return &caseViewOut{Body: v}, err
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "act-on-case", Method: http.MethodPost, Path: "/api/v1/cases/{number}/actions", Tags: tags,
		Summary: "办理操作：受理、不予受理、一次性告知补正、补正、认领、分派、通过、不予许可、退回、特别程序、延期、撤回、送达",
		Description: "当前状态不允许的操作返回 409，不是本人可做的返回 403，均不做任何改动。两人同时操作同一办件时只有一人成功，" +
			"另一人得到 409。version 可带上读取时的版本号以确认未被他人改动。",
	}, func(ctx context.Context, in *caseActionIn) (*caseOut, error) {
		c, err := svc.Act(ctx, principal(ctx), in.Number, in.Body)
		if fp := formProblem(err); fp != nil {
			return nil, fp
		}
		return &caseOut{Body: c}, locate(err, "body.")
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "get-case-document", Method: http.MethodGet, Path: "/api/v1/cases/{number}/documents/{id}", Tags: tags,
		Summary: "下载办件文书（PDF，含核验二维码）",
	}, func(ctx context.Context, in *caseDocIn) (*pdfOut, error) {
		d, c, err := svc.DocumentFor(ctx, principal(ctx), in.Number, in.ID)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		n := NoticeOf(d, c.Number, httpx.BaseURL(ctx))
		if err := guide.NoticePDF(&buf, n, pdf); err != nil {
			return nil, err
		}
		return &pdfOut{ContentType: "application/pdf", Body: buf.Bytes(),
			ContentDisposition: "attachment; filename*=UTF-8''" + url.PathEscape(d.Content.Title+"-"+c.Number+".pdf")}, nil
	})
	register(a, access.Public, huma.Operation{
		OperationID: "check-document", Method: http.MethodGet, Path: "/api/v1/check/{code}", Tags: tags,
		Summary:     "文书核验（公开）",
		Description: "按文书上的核验码确认文书真实存在，并给出文书编号、出具部门和办件当前状态；不含个人信息（申请人名称脱敏）。",
	}, func(ctx context.Context, in *checkIn) (*checkOut, error) {
		d, err := svc.CheckDocument(ctx, in.Code)
		if err != nil {
			return nil, err
		}
		return &checkOut{Body: CheckOf(d)}, nil
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "list-messages", Method: http.MethodGet, Path: "/api/v1/messages", Tags: tags,
		Summary: "站内消息（办件通知、到期提醒、超期督办）",
	}, func(ctx context.Context, _ *struct{}) (*messagesOut, error) {
		ms, err := svc.Messages(ctx, principal(ctx), 100)
		out := &messagesOut{}
		out.Body.Messages = nonNil(ms)
		return out, err
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "read-messages", Method: http.MethodPost, Path: "/api/v1/messages/read", Tags: tags,
		Summary: "标记消息已读", DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *messagesReadIn) (*emptyOut, error) {
		return &emptyOut{}, svc.MarkRead(ctx, principal(ctx), in.Body.IDs)
	})
}

// formProblem is the 422 listing of a submission's form and material problems.
func formProblem(err error) error {
	var fe *catalog.FormErrors
	if errors.As(err, &fe) {
		p := FormProblem(fe)
		for i := range p.Errors {
			if p.Errors[i].Location != "" {
				p.Errors[i].Location = "body." + p.Errors[i].Location
			}
		}
		return p
	}
	return nil
}

// NoticeOf turns a stored document into the printable notice.
func NoticeOf(d cases.Document, caseNumber, root string) guide.Notice {
	n := guide.Notice{Kind: d.Kind, Title: d.Content.Title, Number: d.Number, CaseNumber: caseNumber,
		ItemName: d.Content.ItemName, DeptName: d.Content.DeptName, Applicant: d.Content.Applicant,
		IssuedOn: d.Content.IssuedOn, Paragraphs: d.Content.Paragraphs, ItemsTitle: d.Content.ItemsTitle,
		LegalBasis: d.Content.LegalBasis, Rights: d.Content.Rights, Contact: d.Content.Contact,
		CheckURL: strings.TrimSuffix(root, "/") + "/check/" + d.CheckCode, CheckCode: d.CheckCode}
	for _, it := range d.Content.Items {
		n.Items = append(n.Items, guide.NoticeItem{Name: it.Name, Problem: it.Problem})
	}
	return n
}

// CheckOf is the public view of a checked document.
func CheckOf(d cases.Document) CheckResult {
	r := CheckResult{Valid: true, Kind: d.Kind, Title: d.Content.Title, Number: d.Number, IssuedOn: d.Content.IssuedOn,
		DeptName: d.Content.DeptName, ItemName: d.Content.ItemName, Applicant: d.Content.Applicant}
	if d.Case != nil {
		r.CaseNumber, r.Status, r.StatusText = d.Case.Number, string(d.Case.Status), d.Case.Status.Title()
	}
	return r
}
