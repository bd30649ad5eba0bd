package gov

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// Store keeps the structure. Every write stores its audit events in the same
// transaction; events with an empty ObjectID get the new record's id.
// Updates take the record with the Version the caller read, write only when
// the stored version still equals it, and bump it.
type Store interface {
	// Region returns one region. errs.NotFound.
	Region(ctx context.Context, code string) (Region, error)
	// ChildRegions lists the regions whose parent is parent ("": the
	// provinces) in code order.
	ChildRegions(ctx context.Context, parent string) ([]Region, error)
	// RegionCounts counts the active child regions, depts and halls directly
	// under each code. Codes without any are absent from the map.
	RegionCounts(ctx context.Context, codes []string) (map[string]RegionCounts, error)
	// CreateRegion inserts r. errs.Conflict when the code exists.
	CreateRegion(ctx context.Context, r Region, evs ...audit.Event) error
	// UpdateRegion writes r's name and active flag. errs.NotFound;
	// errs.Conflict when r.Version is stale.
	UpdateRegion(ctx context.Context, r Region, evs ...audit.Event) error
	// ImportRegions upserts rs, in the order given, in one transaction. For
	// each it calls diff with the stored region (nil when new); diff returns
	// the audit event of the change, or nil when nothing changed, in which
	// case the region is left alone. It returns how many regions changed.
	ImportRegions(ctx context.Context, rs []Region, diff func(before *Region, r Region) *audit.Event) (int, error)

	// Dept returns one dept. errs.NotFound.
	Dept(ctx context.Context, id int64) (Dept, error)
	// DeptByCreditCode finds a dept by its credit code. errs.NotFound.
	DeptByCreditCode(ctx context.Context, code string) (Dept, error)
	// DeptByName finds a dept by region and exact name. errs.NotFound.
	DeptByName(ctx context.Context, region, name string) (Dept, error)
	// ListDepts lists depts in the subtree of q.Region, ordered by region
	// code and name.
	ListDepts(ctx context.Context, q Query) ([]Dept, error)
	// CreateDept inserts d and returns its id. errs.Conflict when the name is
	// taken in the region or the credit code anywhere.
	CreateDept(ctx context.Context, d Dept, evs ...audit.Event) (int64, error)
	// UpdateDept writes d's mutable fields. errs.NotFound; errs.Conflict
	// when d.Version is stale or the new name or credit code is taken.
	UpdateDept(ctx context.Context, d Dept, evs ...audit.Event) error
	// DeptWindows counts the active windows that list the dept.
	DeptWindows(ctx context.Context, deptID int64) (int, error)

	// Hall returns one hall. errs.NotFound.
	Hall(ctx context.Context, id int64) (Hall, error)
	// HallByName finds a hall by region and exact name. errs.NotFound.
	HallByName(ctx context.Context, region, name string) (Hall, error)
	// ListHalls lists halls in the subtree of q.Region, ordered by region
	// code and name (q.Kind filters on the hall kind).
	ListHalls(ctx context.Context, q Query) ([]Hall, error)
	// CreateHall inserts h and returns its id. errs.Conflict when the name is
	// taken in the region.
	CreateHall(ctx context.Context, h Hall, evs ...audit.Event) (int64, error)
	// UpdateHall writes h's mutable fields. errs.NotFound; errs.Conflict
	// when h.Version is stale or the name is taken.
	UpdateHall(ctx context.Context, h Hall, evs ...audit.Event) error

	// Window returns one window with its depts. errs.NotFound.
	Window(ctx context.Context, id int64) (Window, error)
	// ListWindows lists a hall's windows with their depts, by number.
	ListWindows(ctx context.Context, hallID int64) ([]Window, error)
	// CreateWindow inserts w and its dept list and returns its id.
	// errs.Conflict when the number is taken in the hall.
	CreateWindow(ctx context.Context, w Window, evs ...audit.Event) (int64, error)
	// UpdateWindow writes w's mutable fields and replaces its dept list.
	// errs.NotFound; errs.Conflict when w.Version is stale or the number is
	// taken.
	UpdateWindow(ctx context.Context, w Window, evs ...audit.Event) error
}

// Query selects depts or halls for the store.
type Query struct {
	Region     string // subtree root; required
	Name       string // substring of the name, "" for all
	Kind       string // dept type or hall kind, "" for all
	ActiveOnly bool
	After      Cursor // keyset: rows after this one
	Limit      int
}

// Cursor is the position of the last row of a page: lists are ordered by
// (region code, name), which is unique for depts and for halls.
type Cursor struct {
	Region string
	Name   string
}

// IsZero reports the start of a list.
func (c Cursor) IsZero() bool { return c.Region == "" && c.Name == "" }

// Encode turns c into the opaque token an API hands back for the next page.
func (c Cursor) Encode() string {
	if c.IsZero() {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(c.Region + "\n" + c.Name))
}

// DecodeCursor parses a token from Encode; "" is the start of the list.
func DecodeCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	region, name, ok := strings.Cut(string(b), "\n")
	if err != nil || !ok || region == "" {
		return Cursor{}, errs.Field("after", "分页参数无效，请从第一页重新查询")
	}
	return Cursor{Region: region, Name: name}, nil
}

// ListFilter selects depts or halls for a page.
type ListFilter struct {
	Region     string `json:"region"`         // subtree root
	Name       string `json:"name,omitempty"` // part of the name
	Kind       string `json:"kind,omitempty"` // dept type or hall kind
	ActiveOnly bool   `json:"active_only,omitempty"`
	After      string `json:"after,omitempty"` // Next of the previous page
	Limit      int    `json:"limit,omitempty"` // default 100, at most 500
}

// Page is one page of a list; Next is "" on the last page.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}
