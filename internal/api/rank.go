package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/rank"
)

// Rankings (晾晒): a region's evaluation schemes (weighted indicators),
// the live ranking of any period, and the kept weekly and monthly
// rankings, each also as Excel.

type schemeListOut struct {
	Body struct {
		Schemes []rank.Scheme `json:"schemes"`
		// Choices are the indicators a scheme may weigh, with their scoring rules.
		Choices []rank.Choice `json:"choices"`
	}
}

type schemeOut struct{ Body rank.Scheme }

type schemeCreateIn struct{ Body rank.Input }

type schemeIDIn struct {
	ID int64 `path:"id" doc:"评价办法编号"`
}

type schemeUpdateIn struct {
	ID   int64 `path:"id"`
	Body rank.Input
}

type liveRankingIn struct {
	ID   int64  `path:"id"`
	From string `query:"from" maxLength:"10" doc:"起始日期 YYYY-MM-DD（含），默认本月 1 日"`
	To   string `query:"to" maxLength:"10" doc:"截止日期 YYYY-MM-DD（含），默认今天"`
}

type keptRankingIn struct {
	ID     int64  `path:"id"`
	Period string `query:"period" enum:"week,month," doc:"week 周排名（默认）/ month 月排名"`
	Start  string `query:"start" maxLength:"10" doc:"周期起始日：星期一或 1 日；默认最近一期"`
}

type rankingOut struct{ Body rank.Ranking }

// AddRank registers the ranking operations.
func (a *API) AddRank(svc *rank.Service) {
	tags := []string{"排名晾晒"}
	register(a, access.StatsView, huma.Operation{
		OperationID: "list-rank-schemes", Method: http.MethodGet, Path: "/api/v1/rank/schemes", Tags: tags,
		Summary:     "评价办法列表（本人辖区及下级）",
		Description: "列出本人指标查看权限（须覆盖整个辖区，不限于某部门或大厅）所及各地区的评价办法，以及可选的指标和计分规则（choices）。",
	}, func(ctx context.Context, _ *struct{}) (*schemeListOut, error) {
		list, err := svc.Schemes(ctx, principal(ctx))
		out := &schemeListOut{}
		out.Body.Schemes, out.Body.Choices = nonNil(list), rank.Choices()
		return out, err
	})
	register(a, access.Supervise, huma.Operation{
		OperationID: "create-rank-scheme", Method: http.MethodPost, Path: "/api/v1/rank/schemes", Tags: tags,
		Summary: "制定评价办法",
		Description: "region_code 为制定办法的行政区划（须在本人监督范围内）；subject 为 dept（该区划本级部门）或 region（其下级地区）；" +
			"indicators 为 1–12 项指标（choices 中的 key，不得重复）及权重（大于 0、不超过 100，之和不必为 100）。" +
			"各项错误以字段名返回 422，例如 body.indicators[1].weight。",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *schemeCreateIn) (*schemeOut, error) {
		sc, err := svc.Create(ctx, principal(ctx), in.Body)
		return &schemeOut{Body: sc}, locate(err, "body.")
	})
	register(a, access.StatsView, huma.Operation{
		OperationID: "get-rank-scheme", Method: http.MethodGet, Path: "/api/v1/rank/schemes/{id}", Tags: tags,
		Summary:     "评价办法详情",
		Description: "辖区外的评价办法返回 404。",
	}, func(ctx context.Context, in *schemeIDIn) (*schemeOut, error) {
		sc, err := svc.Scheme(ctx, principal(ctx), in.ID)
		return &schemeOut{Body: sc}, err
	})
	register(a, access.Supervise, huma.Operation{
		OperationID: "update-rank-scheme", Method: http.MethodPut, Path: "/api/v1/rank/schemes/{id}", Tags: tags,
		Summary: "修改、停用或启用评价办法",
		Description: "请求体同创建（region_code 可省略，不能改变），另须带 version（读取时的版本号），已被他人修改时返回 409；" +
			"active=false 停用（不再自动生成周、月排名，已保存的排名保留），true 启用。",
	}, func(ctx context.Context, in *schemeUpdateIn) (*schemeOut, error) {
		sc, err := svc.Update(ctx, principal(ctx), in.ID, in.Body)
		return &schemeOut{Body: sc}, locate(err, "body.")
	})
	register(a, access.StatsView, huma.Operation{
		OperationID: "live-ranking", Method: http.MethodGet, Path: "/api/v1/rank/schemes/{id}/ranking", Tags: tags,
		Summary: "实时排名（任意时段，不保存）",
		Description: "按评价办法计算任意时段的排名；名次变化与紧邻的等长时段比较（整月时为此前相同月数）。" +
			"本期无收件的单位列在最后，不参与排名（rank 为 0）。",
	}, func(ctx context.Context, in *liveRankingIn) (*rankingOut, error) {
		r, err := svc.Live(ctx, principal(ctx), in.ID, in.From, in.To)
		return &rankingOut{Body: r}, inQuery(err)
	})
	register(a, access.StatsView, huma.Operation{
		OperationID: "live-ranking-xlsx", Method: http.MethodGet, Path: "/api/v1/rank/schemes/{id}/ranking.xlsx", Tags: tags,
		Summary: "实时排名导出为 Excel（标题含办法名称、排名对象和时段）",
	}, func(ctx context.Context, in *liveRankingIn) (*fileOut, error) {
		r, err := svc.Live(ctx, principal(ctx), in.ID, in.From, in.To)
		if err != nil {
			return nil, inQuery(err)
		}
		return rankingFile(r)
	})
	register(a, access.StatsView, huma.Operation{
		OperationID: "kept-ranking", Method: http.MethodGet, Path: "/api/v1/rank/schemes/{id}/snapshots", Tags: tags,
		Summary: "已保存的周、月排名",
		Description: "每周一、每月 1 日自动保存上一周（星期一至星期日）、上一月的排名，每个单位带上一期名次（prev_rank）和变化（change）。" +
			"kept 列出已保存各期的起始日；未保存的时段返回 404。",
	}, func(ctx context.Context, in *keptRankingIn) (*rankingOut, error) {
		r, err := svc.Kept(ctx, principal(ctx), in.ID, in.Period, in.Start)
		return &rankingOut{Body: r}, inQuery(err)
	})
	register(a, access.StatsView, huma.Operation{
		OperationID: "kept-ranking-xlsx", Method: http.MethodGet, Path: "/api/v1/rank/schemes/{id}/snapshots.xlsx", Tags: tags,
		Summary: "已保存的周、月排名导出为 Excel",
	}, func(ctx context.Context, in *keptRankingIn) (*fileOut, error) {
		r, err := svc.Kept(ctx, principal(ctx), in.ID, in.Period, in.Start)
		if err != nil {
			return nil, inQuery(err)
		}
		return rankingFile(r)
	})
}

// rankingFile is a ranking as an .xlsx download named after the scheme
// and the period.
func rankingFile(r rank.Ranking) (*fileOut, error) {
	var buf bytes.Buffer
	if err := rank.Table(r).WriteXLSX(&buf); err != nil {
		return nil, err
	}
	name := fmt.Sprintf("排名-%s-%s至%s.xlsx", r.Scheme.Name, r.From, r.To)
	return &fileOut{ContentType: XLSX, Disposition: fmt.Sprintf(`attachment; filename="ranking.xlsx"; filename*=UTF-8''%s`,
		url.PathEscape(name)), Body: buf.Bytes()}, nil
}
