package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// calendarExample is the import format help: a complete, valid file (a
// test parses it). Its dates only illustrate the format.
const calendarExample = `# 2027 年全国节假日安排（格式示例，日期仅作示意）
year 2027
notice 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）
holiday 2027-01-01..2027-01-03 元旦
holiday 2027-02-06..2027-02-14 春节
workday 2027-02-20 春节调休
`

// calendarData is what calendar.html shows.
type calendarData struct {
	Today      string
	CanEdit    bool
	Add        *calResult // the calculator's answers, nil until asked
	Span       *calResult
	Years      []calYearRow
	Grid       calGrid
	Choices    []int // years offered in the year picker
	RegionDays []workcal.RegionDay
	Example    string
}

// calResult is a computed date or count with its Chinese explanation.
type calResult struct {
	Date        string
	Weekday     string
	Days        int
	Explanation string
	Estimated   bool
}

// calYearRow is a line of the years table; Missing marks the current or
// next year without a national schedule.
type calYearRow struct {
	workcal.YearInfo
	SourceLabel string
	Missing     bool
}

// AddCalendar registers the working-day calendar page: a calculator, the
// years with their source, a year's month grids and the region days for
// staff; importing a year and editing region days for calendar managers.
func (w *Web) AddCalendar(svc *workcal.Service) {
	w.handle("GET", "/calendar", access.StructureView, func(rw http.ResponseWriter, r *http.Request) {
		w.calendarPage(rw, r, svc, http.StatusOK, &Page{})
	})
	w.handle("POST", "/calendar/import", access.CalendarEdit, func(rw http.ResponseWriter, r *http.Request) {
		text, err := importText(r)
		if err == nil {
			var sch workcal.Schedule
			if sch, err = workcal.ParseSchedule(strings.NewReader(text)); err == nil {
				if err = svc.ImportYear(r.Context(), sch); err == nil {
					h, wd := sch.Counts()
					calRedirect(rw, r, url.Values{"year": {strconv.Itoa(sch.Year)}},
						fmt.Sprintf("已导入 %d 年全国放假安排（放假 %d 天，调休上班 %d 天）", sch.Year, h, wd), "")
					return
				}
			}
		}
		// Every field of a schedule (year, notice, days, the file's lines)
		// is in the text.
		p := &Page{Form: map[string]string{"text": text}}
		w.calendarPage(rw, r, svc, calFormError(p, err, func(string) string { return "text" }), p)
	})
	w.handle("POST", "/calendar/region-days", access.CalendarEdit, func(rw http.ResponseWriter, r *http.Request) {
		region, kind, name := strings.TrimSpace(r.PostFormValue("rd_region")), r.PostFormValue("rd_kind"), r.PostFormValue("rd_name")
		date, err := calRegionDayKey(r, region, r.PostFormValue("rd_date"))
		if err == nil {
			err = svc.PutRegionDay(r.Context(), region, date, workcal.Kind(kind), name)
		}
		if err != nil {
			p := &Page{Form: map[string]string{"rd_region": region, "rd_date": r.PostFormValue("rd_date"), "rd_kind": kind, "rd_name": name}}
			w.calendarPage(rw, r, svc, calFormError(p, err, func(f string) string { return "rd_" + f }), p)
			return
		}
		calRedirect(rw, r, url.Values{"year": {strconv.Itoa(date.Year())}, "region": {region}},
			fmt.Sprintf("已保存地区 %s 在 %s 的安排", region, date), "region-days")
	})
	w.handle("POST", "/calendar/region-days/delete", access.CalendarEdit, func(rw http.ResponseWriter, r *http.Request) {
		region := strings.TrimSpace(r.PostFormValue("region"))
		date, err := calRegionDayKey(r, region, r.PostFormValue("date"))
		if err == nil {
			err = svc.DeleteRegionDay(r.Context(), region, date)
		}
		if err != nil {
			p := &Page{}
			w.calendarPage(rw, r, svc, calFormError(p, err, nil), p)
			return
		}
		calRedirect(rw, r, url.Values{"year": {strconv.Itoa(date.Year())}},
			fmt.Sprintf("已删除地区 %s 在 %s 的安排", region, date), "region-days")
	})
}

// importText is the uploaded file when one was chosen, else the textarea.
func importText(r *http.Request) (string, error) {
	f, _, err := r.FormFile("file")
	if err == nil {
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, 64<<10+1))
		if err != nil {
			return "", errs.Wrap(err, errs.Malformed, "读取上传的文件失败")
		}
		if len(b) > 0 {
			return string(b), nil
		}
	}
	return r.FormValue("text"), nil
}

// calRegionDayKey parses a region day's key and checks that the viewer's
// calendar grant covers the region.
func calRegionDayKey(r *http.Request, region, date string) (workcal.Date, error) {
	if _, err := validate.RegionCode("region", region); err != nil {
		return workcal.Date{}, err
	}
	d, err := workcal.ParseDateField("date", strings.TrimSpace(date))
	if err != nil {
		return workcal.Date{}, err
	}
	if !httpx.Principal(r.Context()).Can(access.CalendarEdit, access.Scope{Region: region}) {
		return workcal.Date{}, errs.E(errs.Forbidden, "您的授权范围不包括地区 %s，不能修改它的工作日历", region)
	}
	return d, nil
}

// calFormError puts err on the page and, when it names a field, on the
// form input field(name) stands for; it returns the status to answer with.
func calFormError(p *Page, err error, field func(string) string) int {
	p.Error = errs.MessageOf(err)
	if f := errs.FieldOf(err); f != "" && field != nil {
		p.Fields = map[string]string{field(f): p.Error}
	}
	return errs.Status(errs.CodeOf(err))
}

// calFieldError shows a calculator's error on its input (prefix + the
// field the calendar names) or, naming none, above the page.
func calFieldError(p *Page, prefix string, err error) {
	if f := errs.FieldOf(err); f != "" {
		p.Fields[prefix+f] = errs.MessageOf(err)
		return
	}
	p.Error = errs.MessageOf(err)
}

func calRedirect(rw http.ResponseWriter, r *http.Request, q url.Values, flash, anchor string) {
	q.Set("flash", flash)
	u := "/calendar?" + q.Encode()
	if anchor != "" {
		u += "#" + anchor
	}
	http.Redirect(rw, r, u, http.StatusSeeOther)
}

// calendarPage renders the page; the calculator, year and region come from
// the query so that every view is a plain link that works without script.
func (w *Web) calendarPage(rw http.ResponseWriter, r *http.Request, svc *workcal.Service, status int, p *Page) {
	q := r.URL.Query()
	cal, years, lg := svc.Calendar(), svc.Years(), lang(r)
	today := workcal.Today(time.Now())
	if p.Form == nil {
		p.Form = map[string]string{}
	}
	if p.Fields == nil {
		p.Fields = map[string]string{}
	}
	for _, k := range []string{"add_from", "add_days", "add_region", "span_from", "span_to", "span_region", "year", "region"} {
		if _, set := p.Form[k]; !set {
			p.Form[k] = strings.TrimSpace(q.Get(k))
		}
	}
	for _, k := range []string{"add_from", "span_from"} {
		if p.Form[k] == "" {
			p.Form[k] = today.String()
		}
	}
	d := &calendarData{Today: today.String(), CanEdit: httpx.Principal(r.Context()).Has(access.CalendarEdit), Example: calendarExample}
	if q.Has("add_days") {
		d.Add = calAdd(cal, p, lg)
	}
	if q.Has("span_to") {
		d.Span = calSpan(cal, p, lg)
	}

	year := today.Year()
	if v := p.Form["year"]; v != "" {
		if y, err := strconv.Atoi(v); err == nil && y >= workcal.MinYear && y <= workcal.MaxYear {
			year = y
		} else {
			p.Fields["year"] = fmt.Sprintf("年份应为 %d 到 %d 之间的数字", workcal.MinYear, workcal.MaxYear)
		}
	}
	region := p.Form["region"]
	if region != "" {
		if _, err := validate.RegionCode("region", region); err != nil {
			p.Fields["region"], region = errs.MessageOf(err), ""
		}
	}
	d.Grid = buildGrid(cal, years, year, region, lg, today)
	d.RegionDays = calRegionDaysFor(cal, region)
	d.Years, d.Choices = calYears(years, cal.MissingYears(today), year)
	if q.Get("draft") == "1" && d.CanEdit && p.Form["text"] == "" {
		if sch, ok := cal.Schedule(year); ok {
			p.Form["text"] = sch.Format()
		}
	}
	if status == http.StatusOK && len(p.Fields) > 0 {
		status = http.StatusUnprocessableEntity
	}
	p.Title, p.Data = "工作日历", d
	w.render(rw, r, status, "calendar", p)
}

// calAdd answers the "n-th working day" form; errors go on its fields.
func calAdd(cal *workcal.Calendar, p *Page, lang string) *calResult {
	from, err := workcal.ParseDateField("from", p.Form["add_from"])
	if err == nil {
		var n int
		if n, err = strconv.Atoi(p.Form["add_days"]); err != nil {
			err = errs.Field("days", "工作日天数应为 1 到 %d 之间的整数", workcal.MaxAddDays)
		} else {
			var res workcal.Result
			if res, err = cal.Add(from, n, p.Form["add_region"]); err == nil {
				return &calResult{Date: res.Date.String(), Weekday: calWeekdayName(res.Date, lang), Days: n,
					Explanation: res.Explain(), Estimated: res.Estimated}
			}
		}
	}
	calFieldError(p, "add_", err)
	return nil
}

// calSpan answers the "working days between" form.
func calSpan(cal *workcal.Calendar, p *Page, lang string) *calResult {
	from, err := workcal.ParseDateField("from", p.Form["span_from"])
	if err == nil {
		var to workcal.Date
		if to, err = workcal.ParseDateField("to", p.Form["span_to"]); err == nil {
			var res workcal.Result
			if res, err = cal.Span(from, to, p.Form["span_region"]); err == nil {
				return &calResult{Date: to.String(), Weekday: calWeekdayName(to, lang), Days: res.Days,
					Explanation: res.Explain(), Estimated: res.Estimated}
			}
		}
	}
	calFieldError(p, "span_", err)
	return nil
}

func init() {
	addEnglish(map[string]string{
		"工作日历":        "Working-day calendar",
		"工作日计算":       "Working-day calculator",
		"推算期限":        "Compute a due date",
		"推算":          "Compute",
		"推算结果":        "Due date",
		"计算":          "Count",
		"计算工作日天数":     "Count working days",
		"起算日期（当天不计入）": "Start date (not counted)",
		"开始日期（当天不计入）": "From (not counted)",
		"截止日期（当天计入）":  "To (counted)",
		"工作日天数":       "Working days",
		"个工作日":        "working days",
		"地区代码（可选）":    "Region code (optional)",
		"地区代码":        "Region code",
		"地区":          "Region",
		"含缺少放假安排数据的年份，按周末推算": "Includes a year without a holiday schedule: counted with weekends only",
		"法定工作日按国务院办公厅每年的节假日安排计算：周一至周五上班，放假日休息，调休的周六、周日上班；地区的特别安排适用于该地区及其下级地区。": "Statutory working days follow the State Council's yearly holiday schedule: Monday to Friday are worked, holidays are not, and make-up Saturdays and Sundays are; a region's own days apply to it and every region below it.",
		"年日历": "calendar",
		"年份":  "Year",
		"查看":  "Show",
		"依据":  "Based on",
		"来源":  "Source",
		"内置":  "Built in",
		"导入":  "Imported",
		"该年没有全国放假安排数据：日历只按周末显示，期限按周末推算。": "This year has no national holiday schedule: the calendar shows weekends only and deadlines are counted with weekends only.",
		"休":       "off",
		"班":       "work",
		"放假":      "Holiday",
		"上班":      "Working day",
		"调休上班":    "Make-up working day",
		"周末":      "Weekend",
		"工作日":     "Working day",
		"休息日":     "Day off",
		"今天":      "Today",
		"放假与调休安排": "Holidays and make-up days",
		"天":       "days",
		"全国放假安排":  "National holiday schedules",
		"通知":      "Notice",
		"更新时间":    "Updated",
		"缺少数据":    "No data",
		"期限暂按周末推算；通知发布后请导入。": "Deadlines are counted with weekends only until the notice is published and imported.",
		"替代内置":    "replaces built-in",
		"以此为底稿修改": "Start an import from this year",
		"地区特别安排":  "Region days",
		"与地区有关":   "concerning region",
		"自治州、自治县等地区自己的节日或上班日，适用于该地区及其所有下级地区，并优先于全国安排。": "A region's own holidays or working days (autonomous prefectures and counties): they apply to the region and every region below it, and win over the national schedule.",
		"日期":          "Date",
		"类型":          "Kind",
		"名称":          "Name",
		"操作":          "Actions",
		"确定删除这一天的安排？": "Delete this day?",
		"删除":          "Delete",
		"没有地区特别安排":    "No region days",
		"新增或修改":       "Add or change",
		"例如 藏历新年":     "e.g. Tibetan New Year",
		"保存":          "Save",
		"导入一年的全国放假安排": "Import a year's national holiday schedule",
		"安排全文":        "Schedule text",
		"或上传文本文件":     "or upload a text file",
		"导入的年份整体替换内置或此前导入的同一年份；有错误时不做任何修改。": "An imported year replaces the built-in or earlier imported schedule of that year entirely; a file with any error changes nothing.",
		"文件格式": "File format",
		"年份（可省略，取第一个日期的年份）":      "the year (optional: the first date's year)",
		"通知名称及文号":                "the notice's title and number",
		"放假（也可写“放假”）":            "days off (also written 放假)",
		"调休上班，只能是周六或周日（也可写“上班”）": "make-up working days, only Saturdays or Sundays (also written 上班)",
		"注释；空行忽略":                "a comment; blank lines are ignored",
		"一个文件只含一年；同一天不能出现两次。与命令 onewindow calendar import FILE 使用同一格式。": "One file holds one year; no date may appear twice. The same format as the command onewindow calendar import FILE.",
		"示例": "Example",
		"示例中的日期仅用于说明格式，请以国务院办公厅正式通知为准。": "The example's dates only illustrate the format; enter the State Council's published notice.",
	})
}
