// Package open311 serves the 12345 hotline through Open311 GeoReport v2
// (docs/open311.md), so existing Open311 apps can file tickets and follow
// them: the subject classification's leaves are the services, a ticket is
// a service request, its number the service_request_id.
//
// It is a thin adapter over hotline.Service: requests are filed with
// Intake as an in-memory agent of the api key's region (channel open311);
// reading is public, through a store query that never selects the caller,
// and a request shows no personal data at all.
package open311

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
)

// ServiceInfo is one Open311 service: a leaf of the hotline's subject
// classification.
type ServiceInfo struct {
	ServiceCode string `json:"service_code"`
	ServiceName string `json:"service_name"`
	Description string `json:"description"`
	Metadata    bool   `json:"metadata"`
	Type        string `json:"type"`
	Keywords    string `json:"keywords"`
	Group       string `json:"group"`
}

// Definition is a service definition: the extra fields a request may carry
// as attribute[code]=value.
type Definition struct {
	ServiceCode string      `json:"service_code"`
	Attributes  []Attribute `json:"attributes"`
}

// Attribute is one extra field of a service definition.
type Attribute struct {
	Variable            bool    `json:"variable"`
	Code                string  `json:"code"`
	Datatype            string  `json:"datatype"`
	Required            bool    `json:"required"`
	DatatypeDescription string  `json:"datatype_description"`
	Order               int     `json:"order"`
	Description         string  `json:"description"`
	Values              []Value `json:"values"`
}

// Value is one choice of a list attribute.
type Value struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// Request is a ticket as Open311 shows it: never the caller's name, phone
// or e-mail. Null fields are sent as null, as the specification's examples do.
type Request struct {
	ServiceRequestID  string   `json:"service_request_id"`
	Status            string   `json:"status"`
	StatusNotes       *string  `json:"status_notes"`
	ServiceName       *string  `json:"service_name"`
	ServiceCode       string   `json:"service_code"`
	Description       *string  `json:"description"`
	AgencyResponsible *string  `json:"agency_responsible"`
	ServiceNotice     *string  `json:"service_notice"`
	RequestedDatetime string   `json:"requested_datetime"`
	UpdatedDatetime   *string  `json:"updated_datetime"`
	ExpectedDatetime  *string  `json:"expected_datetime"`
	Address           *string  `json:"address"`
	AddressID         *string  `json:"address_id"`
	Zipcode           *string  `json:"zipcode"`
	Lat               *float64 `json:"lat"`
	Long              *float64 `json:"long"`
	MediaURL          *string  `json:"media_url"`
}

// Receipt answers a filed request.
type Receipt struct {
	ServiceRequestID string  `json:"service_request_id"`
	ServiceNotice    string  `json:"service_notice"`
	AccountID        *string `json:"account_id"`
}

// Key is an app's api key as stored: only the hash of the key.
type Key struct {
	ID        int64
	Name      string
	Region    string
	Hash      string // hex SHA-256 of the key
	Prefix    string // the key's first characters, to tell keys apart
	Active    bool
	CreatedAt time.Time
	RevokedAt time.Time
}

// TicketQuery selects tickets for the public lists.
type TicketQuery struct {
	Numbers  []string // when set, only these (the other fields are ignored)
	Subjects []string // any of these subject codes
	Region   string   // the region subtree ("" any)
	Open     *bool    // nil any; true not closed; false closed
	FromMS   int64    // created at or after
	ToMS     int64    // created before
	Limit    int
}

// Store keeps api keys and reads tickets for the public.
type Store interface {
	// Key returns the key with this hash. errs.NotFound.
	Key(ctx context.Context, hash string) (Key, error)
	// Keys lists every key, newest first.
	Keys(ctx context.Context) ([]Key, error)
	// CreateKey stores k (setting its ID) with its audit events.
	CreateKey(ctx context.Context, k *Key, evs ...audit.Event) error
	// RevokeKey deactivates a key. errs.NotFound (no such active key).
	RevokeKey(ctx context.Context, id int64, at time.Time, evs ...audit.Event) error
	// RegionName returns an active region's name. errs.NotFound.
	RegionName(ctx context.Context, code string) (string, error)
	// Tickets lists tickets newest first.
	Tickets(ctx context.Context, q TicketQuery) ([]hotline.Ticket, error)
}

// Service is the Open311 side of the hotline.
type Service struct {
	hotline *hotline.Service
	store   Store
	now     func() time.Time
	limit   *limiter
}

// NewService returns the Open311 service; h may be nil for key
// management only, now nil for time.Now.
func NewService(h *hotline.Service, store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{hotline: h, store: store, now: now, limit: newLimiter(PostsPerMinute)}
}

// ServiceType is the type of every service: tickets are numbered at once.
const ServiceType = "realtime"

// catalogue is the classification as Open311 sees it.
type catalogue struct {
	subjects map[string]hotline.Subject
	leaves   []hotline.Subject
}

func (s *Service) catalogue(ctx context.Context) (catalogue, error) {
	subs, err := s.hotline.Subjects(ctx)
	if err != nil {
		return catalogue{}, err
	}
	c := catalogue{subjects: map[string]hotline.Subject{}}
	parent := map[string]bool{}
	for _, x := range subs {
		c.subjects[x.Code] = x
		if x.Active {
			parent[x.Parent] = true
		}
	}
	for _, x := range subs {
		if x.Active && !parent[x.Code] {
			c.leaves = append(c.leaves, x)
		}
	}
	sort.SliceStable(c.leaves, func(i, j int) bool { return c.leaves[i].Code < c.leaves[j].Code })
	return c, nil
}

// leaf returns the active leaf subject code names, or NotFound.
func (c catalogue) leaf(code string) (hotline.Subject, error) {
	for _, x := range c.leaves {
		if x.Code == code {
			return x, nil
		}
	}
	return hotline.Subject{}, errs.E(errs.NotFound, "service_code “%s” 不是可受理的诉求分类，请先查询 services.json", clip(code, 20))
}

func (c catalogue) info(x hotline.Subject) ServiceInfo {
	top := x
	for top.Parent != "" {
		p, ok := c.subjects[top.Parent]
		if !ok {
			break
		}
		top = p
	}
	desc := "12345 热线诉求分类：" + x.Path
	if x.FastLane {
		desc += "（企业直通车：企业诉求 1 个工作日内签收、5 个工作日内办结）"
	}
	return ServiceInfo{ServiceCode: x.Code, ServiceName: x.Name, Description: desc, Metadata: true, Type: ServiceType,
		Keywords: strings.ReplaceAll(x.Path, " › ", ","), Group: top.Name}
}

// Services lists the services: the active leaves of the classification.
func (s *Service) Services(ctx context.Context) ([]ServiceInfo, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ServiceInfo, 0, len(c.leaves))
	for _, x := range c.leaves {
		out = append(out, c.info(x))
	}
	return out, nil
}

// Definition returns a service's definition: every service takes the same
// optional attributes, the ticket type and confidentiality. Errors: NotFound.
func (s *Service) Definition(ctx context.Context, code string) (Definition, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return Definition{}, err
	}
	if _, err := c.leaf(code); err != nil {
		return Definition{}, err
	}
	types := make([]Value, 0, len(typeOrder))
	for _, k := range typeOrder {
		types = append(types, Value{Key: k, Name: hotline.Types[k]})
	}
	return Definition{ServiceCode: code, Attributes: []Attribute{
		{Variable: true, Code: AttrType, Datatype: "singlevaluelist", Required: false, Order: 1,
			DatatypeDescription: "不填为 help（求助）", Description: "诉求类型", Values: types},
		{Variable: true, Code: AttrConfidential, Datatype: "singlevaluelist", Required: false, Order: 2,
			DatatypeDescription: "不填为 false", Description: "要求保密：承办部门看不到诉求人的姓名和电话",
			Values: []Value{{Key: "false", Name: "否"}, {Key: "true", Name: "是"}}},
	}}, nil
}

// The attributes of every service definition.
const (
	AttrType         = "type"
	AttrConfidential = "confidential"
)

var typeOrder = []string{hotline.TypeHelp, hotline.TypeComplaint, hotline.TypeReport, hotline.TypeConsult,
	hotline.TypeSuggestion, hotline.TypePraise}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
