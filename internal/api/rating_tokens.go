package api

import (
	"context"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/rating"
)

// Window ratings (窗口评价): the clerk who served a visit issues a signed,
// one-use token; the applicant rates with it, without logging in.

type ratingTokenOut struct {
	Body struct {
		Token      string    `json:"token" doc:"签名的一次性评价码"`
		URL        string    `json:"url" doc:"评价页面的完整地址（二维码的内容）"`
		CaseNumber string    `json:"case_number"`
		ExpiresAt  time.Time `json:"expires_at"`
		QR         string    `json:"qr_png_base64" doc:"评价页面二维码（PNG，base64）"`
	}
}

type rateByTokenIn struct {
	Body struct {
		Token string `json:"token" minLength:"1" maxLength:"400" doc:"评价码（评价页面地址 /rate/ 之后的部分）"`
		rating.Input
	}
}

// AddRatingTokens registers the window-rating operations.
func (a *API) AddRatingTokens(t *rating.Tokens) {
	tags := []string{"好差评"}
	register(a, access.CaseAccept, huma.Operation{
		OperationID: "issue-rating-token", Method: http.MethodPost, Path: "/api/v1/cases/{number}/rating-token", Tags: tags,
		Summary: "窗口评价：为刚办理的办件生成评价二维码",
		Description: "受理或发证大厅的窗口工作人员为刚服务的申请人生成一次性评价码（30 分钟内有效），" +
			"以二维码或评价器展示；申请人无需登录即可评价，可匿名。已评价的办件返回 409，其他大厅的人员返回 403 或 404。",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *caseNumberIn) (*ratingTokenOut, error) {
		is, err := t.Issue(ctx, principal(ctx), in.Number)
		if err != nil {
			return nil, err
		}
		out := &ratingTokenOut{}
		out.Body.Token, out.Body.CaseNumber, out.Body.ExpiresAt = is.Token, is.CaseNumber, is.ExpiresAt
		out.Body.URL = httpx.BaseURL(ctx) + rating.RatePath(is.Token)
		png, err := guide.QR(out.Body.URL, 320)
		if err != nil {
			return nil, err
		}
		out.Body.QR = base64.StdEncoding.EncodeToString(png)
		return out, nil
	})
	register(a, access.Public, huma.Operation{
		OperationID: "rate-by-token", Method: http.MethodPost, Path: "/api/v1/ratings/by-token", Tags: tags,
		Summary: "窗口评价：凭评价码评价（无需登录）",
		Description: "评价规则与办件评价相同（score 1–5、该等级的标签、comment 不超过 500 字，差评须选标签或写明原因并自动转部门核实整改）。" +
			"评价码被改动或伪造返回 403，格式错误或已过期返回 422，已使用或办件已评价返回 409。anonymous 为 true 时不记录评价人。",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *rateByTokenIn) (*ratingOut, error) {
		r, err := t.Rate(ctx, in.Body.Token, in.Body.Input)
		return &ratingOut{Body: r}, locate(err, "body.")
	})
}
