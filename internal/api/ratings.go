package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/rating"
)

// The rating API (好差评): the applicant rates a concluded case once; a bad
// rating opens a rectification for the department.

type rateIn struct {
	Number string `path:"number" maxLength:"40"`
	Body   rating.Input
}

type ratingOut struct{ Body rating.Rating }

type ratingsOut struct {
	Body struct {
		Ratings []rating.Rating `json:"ratings"`
	}
}

// AddRatings registers the rating operations.
func (a *API) AddRatings(svc *rating.Service) {
	tags := []string{"好差评"}
	register(a, access.Authenticated, huma.Operation{
		OperationID: "rate-case", Method: http.MethodPost, Path: "/api/v1/cases/{number}/rating", Tags: tags,
		Summary: "评价办件（一事一评）",
		Description: "申请人在办件办结后 30 天内评价一次：score 1 非常不满意 … 5 非常满意，tags 为该等级可选的标签，" +
			"comment 不超过 500 字。不满意和非常不满意须选择标签或写明原因，并自动转承办部门核实整改（2 个工作日内核实）。" +
			"再次评价返回 409；他人的办件返回 404。",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *rateIn) (*ratingOut, error) {
		r, err := svc.RateCase(ctx, principal(ctx), in.Number, in.Body)
		return &ratingOut{Body: r}, locate(err, "body.")
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "list-case-ratings", Method: http.MethodGet, Path: "/api/v1/cases/{number}/ratings", Tags: tags,
		Summary: "办件的评价（匿名评价不显示评价人）",
	}, func(ctx context.Context, in *caseNumberIn) (*ratingsOut, error) {
		list, err := svc.Ratings(ctx, principal(ctx), in.Number)
		out := &ratingsOut{}
		out.Body.Ratings = nonNil(list)
		return out, err
	})
}
