package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/stats"
)

// The supervision figures (效能监督指标): indicators for any scope and
// period, broken down by region, department, hall, month or day, the cases
// behind each figure, and the same as Excel.

type statsIn struct{ stats.Query }

type reportOut struct{ Body stats.Report }

type breakdownIn struct {
	stats.Query
	By string `query:"by" enum:"region,dept,hall,month,day" default:"region" doc:"分组：下级地区、部门、大厅、月、日"`
}

type breakdownOut struct{ Body stats.Breakdown }

type figureCasesIn struct{ stats.CasesQuery }

type figureCasesOut struct{ Body stats.CasesPage }

// AddStats registers the figure operations.
func (a *API) AddStats(svc *stats.Service) {
	tags := []string{"效能监督"}
	register(a, access.StatsView, huma.Operation{
		OperationID: "stats-indicators", Method: http.MethodGet, Path: "/api/v1/stats/indicators", Tags: tags,
		Summary: "指标（任意辖区、部门、大厅、人员和时段）",
		Description: "收件、受理、办结，按时办结率、超期办结率、超期受理率、平均用时、补正率、即办件占比、网上申报率、" +
			"零跑动率、主动评价率、好评率、差评率、差评整改率、实名差评回访率。每个指标给出分子、分母、公式，" +
			"以及 list：用 GET /api/v1/stats/cases?metric={list} 与相同范围参数列出它统计的办件。默认范围为本人辖区的本月。",
	}, func(ctx context.Context, in *statsIn) (*reportOut, error) {
		r, err := svc.Indicators(ctx, principal(ctx), in.Query)
		return &reportOut{Body: r}, err
	})
	register(a, access.StatsView, huma.Operation{
		OperationID: "stats-breakdown", Method: http.MethodGet, Path: "/api/v1/stats/breakdown", Tags: tags,
		Summary: "分组指标：按下级地区、部门、大厅、月或日",
	}, func(ctx context.Context, in *breakdownIn) (*breakdownOut, error) {
		b, err := svc.Breakdown(ctx, principal(ctx), in.Query, in.By)
		return &breakdownOut{Body: b}, err
	})
	register(a, access.StatsView, huma.Operation{
		OperationID: "stats-breakdown-xlsx", Method: http.MethodGet, Path: "/api/v1/stats/breakdown.xlsx", Tags: tags,
		Summary: "分组指标导出为 Excel（标题含范围和时段）",
	}, func(ctx context.Context, in *breakdownIn) (*fileOut, error) {
		b, err := svc.Breakdown(ctx, principal(ctx), in.Query, in.By)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := stats.BreakdownTable(b, "政务服务效能指标").WriteXLSX(&buf); err != nil {
			return nil, err
		}
		name := fmt.Sprintf("指标-%s-%s至%s.xlsx", b.Filter.Region, b.Filter.From, b.Filter.To)
		return &fileOut{ContentType: XLSX, Disposition: fmt.Sprintf(`attachment; filename="indicators.xlsx"; filename*=UTF-8''%s`,
			url.PathEscape(name)), Body: buf.Bytes()}, nil
	})
	register(a, access.StatsView, huma.Operation{
		OperationID: "stats-cases", Method: http.MethodGet, Path: "/api/v1/stats/cases", Tags: tags,
		Summary:     "指标统计的办件（逐件可查）",
		Description: "metric 取指标的 list 值（如 concluded_overdue，或 rated 加 scores=1,2），范围参数与指标相同。新到旧，cursor 分页。",
	}, func(ctx context.Context, in *figureCasesIn) (*figureCasesOut, error) {
		pg, err := svc.Cases(ctx, principal(ctx), in.CasesQuery)
		if pg.Cases == nil {
			pg.Cases = nonNil(pg.Cases)
		}
		return &figureCasesOut{Body: pg}, err
	})
}
