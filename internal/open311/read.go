package open311

import (
	"context"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Query is a GET requests.json as the app sent it.
type Query struct {
	IDs          string // service_request_id: comma-separated; when set the rest is ignored
	ServiceCodes string // service_code: comma-separated
	StartDate    string // start_date, end_date: W3C date-times (or YYYY-MM-DD, China time)
	EndDate      string
	Status       string // open, closed or both, comma-separated
	Jurisdiction string // jurisdiction_id: a region subtree
}

// Limits of the public list.
const (
	MaxResults = 1000 // requests per answer
	MaxDays    = 90   // the longest start_date … end_date span, and the default span
	MaxIDs     = 100  // service_request_id values per query
)

// Requests lists requests, newest first: by id, or by service, period
// (default the last 90 days) and status. Errors: Invalid naming the parameter.
func (s *Service) Requests(ctx context.Context, q Query) ([]Request, error) {
	var tq TicketQuery
	if ids := split(q.IDs); len(ids) > 0 {
		if len(ids) > MaxIDs {
			return nil, errs.Field("service_request_id", "一次最多查询 %d 个 service_request_id", MaxIDs)
		}
		tq = TicketQuery{Numbers: ids, Limit: len(ids)}
	} else {
		var err error
		if tq, err = s.query(q); err != nil {
			return nil, err
		}
	}
	return s.requests(ctx, tq)
}

// Request returns one request. Errors: NotFound.
func (s *Service) Request(ctx context.Context, id string) (Request, error) {
	list, err := s.requests(ctx, TicketQuery{Numbers: []string{strings.TrimSpace(id)}, Limit: 1})
	if err != nil {
		return Request{}, err
	}
	if len(list) == 0 {
		return Request{}, errs.E(errs.NotFound, "service_request_id “%s” 不存在", clip(id, 40))
	}
	return list[0], nil
}

func (s *Service) query(q Query) (TicketQuery, error) {
	tq := TicketQuery{Subjects: split(q.ServiceCodes), Limit: MaxResults}
	now := s.now()
	end, err := instant("end_date", q.EndDate, true)
	if err != nil {
		return tq, err
	}
	start, err := instant("start_date", q.StartDate, false)
	if err != nil {
		return tq, err
	}
	switch {
	case start.IsZero() && end.IsZero():
		end = now.Add(time.Millisecond)
		start = end.AddDate(0, 0, -MaxDays)
	case start.IsZero():
		start = end.AddDate(0, 0, -MaxDays)
	case end.IsZero():
		end = start.AddDate(0, 0, MaxDays)
	}
	if !end.After(start) {
		return tq, errs.Field("end_date", "end_date 应晚于 start_date")
	}
	if end.Sub(start) > MaxDays*24*time.Hour {
		return tq, errs.Field("end_date", "start_date 到 end_date 不能超过 %d 天", MaxDays)
	}
	tq.FromMS, tq.ToMS = start.UnixMilli(), end.UnixMilli()
	var open, closed bool
	for _, st := range split(q.Status) {
		switch st {
		case "open":
			open = true
		case "closed":
			closed = true
		default:
			return tq, errs.Field("status", "status 应为 open、closed，或用逗号分隔两者")
		}
	}
	if open != closed {
		tq.Open = &open
	}
	if tq.Region = strings.TrimSpace(q.Jurisdiction); tq.Region != "" {
		if _, err := validate.RegionCode("jurisdiction_id", tq.Region); err != nil {
			return tq, err
		}
	}
	return tq, nil
}

// instant reads a W3C date-time, or a China date, as the start of a
// period or (end true) its exclusive end: the next millisecond, or the
// next midnight. "" is the zero time.
func instant(field, s string, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		if end {
			t = t.Add(time.Millisecond) // an end instant is included
		}
		return t, nil
	}
	if d, err := time.ParseInLocation("2006-01-02", s, workcal.China); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d, nil
	}
	return time.Time{}, errs.Field(field, "%s 应为 W3C 日期时间，如 2026-12-08T09:30:00+08:00，或日期 2026-12-08", field)
}

func split(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func (s *Service) requests(ctx context.Context, q TicketQuery) ([]Request, error) {
	list, err := s.store.Tickets(ctx, q)
	if err != nil {
		return nil, err
	}
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Request, 0, len(list))
	for i := range list {
		out = append(out, c.request(&list[i]))
	}
	return out, nil
}

// request shows a ticket without personal data: never the caller; the
// description and address only of tickets filed through Open311 (which
// their submitters published); a phone or web caller never agreed to that.
func (c catalogue) request(t *hotline.Ticket) Request {
	r := Request{ServiceRequestID: t.Number, Status: "open", ServiceCode: t.SubjectCode,
		RequestedDatetime: stamp(t.CreatedAt), UpdatedDatetime: opt(stamp(t.UpdatedAt)),
		ExpectedDatetime: opt(stamp(t.HandleDue)), AgencyResponsible: opt(t.DeptName)}
	if t.Status == hotline.StatusClosed {
		r.Status = "closed"
	}
	if sub, ok := c.subjects[t.SubjectCode]; ok {
		r.ServiceName = opt(sub.Name)
	}
	notes := hotline.StatusTitles[t.Status]
	switch {
	case t.Outcome == hotline.OutcomeDuplicate && t.MergedNumber != "":
		notes += "：重复诉求，已并入工单 " + t.MergedNumber
	case t.Outcome != "":
		notes += "：" + hotline.Outcomes[t.Outcome]
	case t.Status == hotline.StatusDispatching:
		notes += "：12345 热线正在确定承办部门"
	case t.DeptName != "":
		notes += "：由" + t.DeptName + "办理"
	}
	r.StatusNotes = &notes
	r.ServiceNotice = opt(notice(t.Number))
	if t.Channel == hotline.ChannelOpen311 {
		p := parse(t.Content)
		r.Description, r.Address, r.Lat, r.Long, r.MediaURL = opt(p.desc), opt(t.Address), p.lat, p.long, opt(p.media)
	}
	return r
}

// stamp is an instant in China time with its offset, "" for none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(workcal.China).Format(time.RFC3339)
}

// opt is nil for "", else a pointer to s.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
