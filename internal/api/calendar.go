package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

type calendarAddIn struct {
	From   string `query:"from" required:"true" maxLength:"10" doc:"起算日期 YYYY-MM-DD（当天不计入）" example:"2026-09-28"`
	Days   int    `query:"days" required:"true" minimum:"1" maximum:"3650" doc:"工作日天数" example:"20"`
	Region string `query:"region" maxLength:"12" doc:"行政区划代码；计入该地区及其上级地区的特别安排"`
}

type calendarAddOut struct {
	Body struct {
		Date           workcal.Date  `json:"date" format:"date" doc:"第 N 个工作日"`
		From           workcal.Date  `json:"from" format:"date"`
		Days           int           `json:"days"`
		Region         string        `json:"region,omitempty"`
		Estimated      bool          `json:"estimated" doc:"区间内有年份缺少放假安排数据，按周末推算"`
		EstimatedYears []int         `json:"estimated_years,omitempty"`
		Skipped        []workcal.Run `json:"skipped" doc:"跳过的节假日"`
		MakeUp         []workcal.Run `json:"make_up" doc:"计入的调休上班日（周六、周日）"`
		Explanation    string        `json:"explanation" doc:"中文推算说明"`
	}
}

type calendarBetweenIn struct {
	From   string `query:"from" required:"true" maxLength:"10" doc:"起始日期 YYYY-MM-DD（当天不计入）"`
	To     string `query:"to" required:"true" maxLength:"10" doc:"截止日期 YYYY-MM-DD（当天计入）"`
	Region string `query:"region" maxLength:"12" doc:"行政区划代码"`
}

type calendarBetweenOut struct {
	Body struct {
		WorkingDays    int           `json:"working_days"`
		From           workcal.Date  `json:"from" format:"date"`
		To             workcal.Date  `json:"to" format:"date"`
		Region         string        `json:"region,omitempty"`
		Estimated      bool          `json:"estimated"`
		EstimatedYears []int         `json:"estimated_years,omitempty"`
		Skipped        []workcal.Run `json:"skipped"`
		MakeUp         []workcal.Run `json:"make_up"`
		Explanation    string        `json:"explanation"`
	}
}

type calendarYearsOut struct {
	Body struct {
		Items        []workcal.YearInfo `json:"items"`
		MissingYears []int              `json:"missing_years" doc:"今年或明年缺少放假安排数据的年份（期限按周末推算）"`
	}
}

type calendarYearIn struct {
	Year int `path:"year" minimum:"1950" maximum:"2199"`
}

type calendarYearOut struct {
	Body struct {
		workcal.YearInfo
		Days []workcal.Entry `json:"days"`
		Text string          `json:"text" doc:"导入文件格式的全文，可修改后重新导入"`
	}
}

type calendarImportIn struct {
	Body struct {
		Text string `json:"text" maxLength:"65536" doc:"一年的放假安排，格式同 onewindow calendar import FILE（year / notice / holiday / workday 行）"`
	}
}

type calendarYearInfoOut struct{ Body workcal.YearInfo }

type regionDaysIn struct {
	Region string `query:"region" maxLength:"12" doc:"只列出与该地区有关的安排：该地区、其上级和下级地区录入的"`
}

type regionDaysOut struct {
	Body struct {
		Items []workcal.RegionDay `json:"items"`
	}
}

type regionDayKeyIn struct {
	Region string `path:"region" maxLength:"12"`
	Date   string `path:"date" maxLength:"10"`
}

type regionDayPutIn struct {
	Region string `path:"region" maxLength:"12"`
	Date   string `path:"date" maxLength:"10"`
	Body   struct {
		Kind workcal.Kind `json:"kind" enum:"holiday,workday" doc:"holiday 放假；workday 上班"`
		Name string       `json:"name" maxLength:"40" doc:"名称，例如 藏历新年"`
	}
}

type regionDayOut struct{ Body workcal.RegionDay }

// AddCalendar registers the working-day calculator (any logged-in
// account), the schedule browser (staff) and the schedule editing
// (calendar managers). Imports use the same text format as the command
// line, so one file works everywhere.
func (a *API) AddCalendar(svc *workcal.Service) {
	tags := []string{"工作日历"}
	register(a, access.Authenticated, huma.Operation{
		OperationID: "calendar-add", Method: http.MethodGet, Path: "/api/v1/calendar/add", Tags: tags,
		Summary:     "推算第 N 个工作日",
		Description: "返回 from 之后的第 days 个法定工作日（from 当天不计入），并说明跳过的节假日和计入的调休上班日。",
	}, func(ctx context.Context, in *calendarAddIn) (*calendarAddOut, error) {
		from, err := workcal.ParseDateField("from", in.From)
		if err != nil {
			return nil, inQuery(err)
		}
		r, err := svc.Calendar().Add(from, in.Days, strings.TrimSpace(in.Region))
		if err != nil {
			return nil, inQuery(err)
		}
		out := &calendarAddOut{}
		b := &out.Body
		b.Date, b.From, b.Days, b.Region = r.Date, r.From, r.Days, r.Region
		b.Estimated, b.EstimatedYears, b.Explanation = r.Estimated, r.EstimatedYears(), r.Explain()
		b.Skipped, b.MakeUp = nonNil(r.Skipped()), nonNil(r.MakeUp())
		return out, nil
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "calendar-between", Method: http.MethodGet, Path: "/api/v1/calendar/between", Tags: tags,
		Summary:     "计算两个日期之间的工作日天数",
		Description: "返回 from 之后、to 当天及以前的法定工作日天数；to 不晚于 from 时为 0。",
	}, func(ctx context.Context, in *calendarBetweenIn) (*calendarBetweenOut, error) {
		from, err := workcal.ParseDateField("from", in.From)
		if err != nil {
			return nil, inQuery(err)
		}
		to, err := workcal.ParseDateField("to", in.To)
		if err != nil {
			return nil, inQuery(err)
		}
		r, err := svc.Calendar().Span(from, to, strings.TrimSpace(in.Region))
		if err != nil {
			return nil, inQuery(err)
		}
		out := &calendarBetweenOut{}
		b := &out.Body
		b.WorkingDays, b.From, b.To, b.Region = r.Days, r.From, r.Date, r.Region
		b.Estimated, b.EstimatedYears, b.Explanation = r.Estimated, r.EstimatedYears(), r.Explain()
		b.Skipped, b.MakeUp = nonNil(r.Skipped()), nonNil(r.MakeUp())
		return out, nil
	})
	register(a, access.StructureView, huma.Operation{
		OperationID: "calendar-years", Method: http.MethodGet, Path: "/api/v1/calendar/years", Tags: tags,
		Summary: "全国放假安排年份列表（内置或导入）",
	}, func(ctx context.Context, _ *empty) (*calendarYearsOut, error) {
		out := &calendarYearsOut{}
		out.Body.Items = svc.Years()
		out.Body.MissingYears = nonNil(svc.Calendar().MissingYears(workcal.Today(time.Now())))
		return out, nil
	})
	register(a, access.StructureView, huma.Operation{
		OperationID: "calendar-year", Method: http.MethodGet, Path: "/api/v1/calendar/years/{year}", Tags: tags,
		Summary: "某一年的全国放假安排",
	}, func(ctx context.Context, in *calendarYearIn) (*calendarYearOut, error) {
		sch, ok := svc.Calendar().Schedule(in.Year)
		if !ok {
			return nil, errs.E(errs.NotFound, "没有 %d 年的全国放假安排数据", in.Year)
		}
		out := &calendarYearOut{}
		for _, y := range svc.Years() {
			if y.Year == in.Year {
				out.Body.YearInfo = y
			}
		}
		out.Body.Days, out.Body.Text = sch.Days, sch.Format()
		return out, nil
	})
	register(a, access.CalendarEdit, huma.Operation{
		OperationID: "calendar-import-year", Method: http.MethodPost, Path: "/api/v1/calendar/years", Tags: tags,
		Summary:     "导入一年的全国放假安排（整年替换）",
		Description: "text 为放假安排文件的全文，格式同 onewindow calendar import FILE。导入的年份整体替换内置或此前导入的同一年份。",
		// The text may be JSON-escaped (\uXXXX per Chinese character); the
		// 64 KB limit applies to the text itself.
		MaxBodyBytes: 512 << 10, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *calendarImportIn) (*calendarYearInfoOut, error) {
		sch, err := workcal.ParseSchedule(strings.NewReader(in.Body.Text))
		if err != nil {
			if errs.FieldOf(err) == "file" {
				err = errs.Field("text", "%s", errs.MessageOf(err))
			}
			return nil, err
		}
		if err := svc.ImportYear(ctx, sch); err != nil {
			return nil, err
		}
		for _, y := range svc.Years() {
			if y.Year == sch.Year {
				return &calendarYearInfoOut{Body: y}, nil
			}
		}
		return nil, errs.E(errs.Internal, "导入后未找到 %d 年", sch.Year)
	})
	register(a, access.StructureView, huma.Operation{
		OperationID: "calendar-region-days", Method: http.MethodGet, Path: "/api/v1/calendar/region-days", Tags: tags,
		Summary: "地区特别安排（地区自己的节假日或上班日）",
	}, func(ctx context.Context, in *regionDaysIn) (*regionDaysOut, error) {
		region := strings.TrimSpace(in.Region)
		if region != "" {
			if _, err := validate.RegionCode("region", region); err != nil {
				return nil, inQuery(err)
			}
		}
		out := &regionDaysOut{}
		out.Body.Items = nonNil(regionDaysFor(svc.Calendar(), region))
		return out, nil
	})
	register(a, access.CalendarEdit, huma.Operation{
		OperationID: "calendar-put-region-day", Method: http.MethodPut, Path: "/api/v1/calendar/region-days/{region}/{date}", Tags: tags,
		Summary: "设置地区特别安排（该地区及下级地区适用，优先于全国安排）",
	}, func(ctx context.Context, in *regionDayPutIn) (*regionDayOut, error) {
		date, err := regionDayKey(ctx, regionDayKeyIn{Region: in.Region, Date: in.Date})
		if err != nil {
			return nil, err
		}
		if err := svc.PutRegionDay(ctx, in.Region, date, in.Body.Kind, in.Body.Name); err != nil {
			return nil, err
		}
		for _, d := range svc.Calendar().RegionDays() {
			if d.Region == in.Region && d.Date == date {
				return &regionDayOut{Body: d}, nil
			}
		}
		return nil, errs.E(errs.Internal, "保存后未找到地区 %s 在 %s 的安排", in.Region, date)
	})
	register(a, access.CalendarEdit, huma.Operation{
		OperationID: "calendar-delete-region-day", Method: http.MethodDelete, Path: "/api/v1/calendar/region-days/{region}/{date}", Tags: tags,
		Summary: "删除地区特别安排", DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *regionDayKeyIn) (*empty, error) {
		date, err := regionDayKey(ctx, *in)
		if err != nil {
			return nil, err
		}
		return nil, svc.DeleteRegionDay(ctx, in.Region, date)
	})
}

// regionDayKey parses a region day's path and checks that the caller's
// calendar grant covers the region: a county's administrator may not
// change another county's days.
func regionDayKey(ctx context.Context, in regionDayKeyIn) (workcal.Date, error) {
	if _, err := validate.RegionCode("region", in.Region); err != nil {
		return workcal.Date{}, inPath(err)
	}
	date, err := workcal.ParseDateField("date", in.Date)
	if err != nil {
		return workcal.Date{}, inPath(err)
	}
	if !principal(ctx).Can(access.CalendarEdit, access.Scope{Region: in.Region}) {
		return workcal.Date{}, errs.E(errs.Forbidden, "您的授权范围不包括地区 %s，不能修改它的工作日历", in.Region)
	}
	return date, nil
}

// regionDaysFor lists the region days that concern region: those entered
// for it, for the regions above it (they hold in it too) and for the
// regions below it. An empty region lists all.
func regionDaysFor(cal *workcal.Calendar, region string) []workcal.RegionDay {
	all := cal.RegionDays()
	if region == "" {
		return all
	}
	above := validate.RegionAncestors(region)
	out := all[:0]
	for _, d := range all {
		if validate.InRegion(d.Region, region) || containsString(above, d.Region) {
			out = append(out, d)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// inQuery and inPath point an invalid-field error at the query or path
// parameter it came from (domain errors name only the field).
func inQuery(err error) error { return locate(err, "query.") }
func inPath(err error) error  { return locate(err, "path.") }

func locate(err error, where string) error {
	f := errs.FieldOf(err)
	if f == "" || !errs.Is(err, errs.Invalid) {
		return err
	}
	p := httpx.ProblemOf(nil, err)
	p.Errors = []httpx.FieldDetail{{Location: where + f, Message: p.Detail}}
	return p
}

// nonNil makes empty lists encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
