package gov

import (
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// Service manages the structure: it checks input and permissions, then
// writes each change with its audit event through the Store.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns a service on store; now may be nil for time.Now.
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// staleMessage is what a user sees when another admin saved first.
const staleMessage = "记录已被他人修改，请刷新后重试"

// canView checks that p may read the structure (any staff account).
func canView(p *access.Principal) error {
	if p == nil {
		return errs.E(errs.Unauthorized, "请先登录")
	}
	if !p.Has(access.StructureView) {
		return errs.E(errs.Forbidden, "您的账号无权查看组织架构")
	}
	return nil
}

// canEdit checks that p may change structure at s. The message names the
// region, so that an admin of 533401 who opens a 533422 dept sees why.
func canEdit(p *access.Principal, s access.Scope) error {
	if p == nil {
		return errs.E(errs.Unauthorized, "请先登录")
	}
	if !p.Has(access.StructureEdit) {
		return errs.E(errs.Forbidden, "只有系统管理员可以维护组织架构")
	}
	if !p.Can(access.StructureEdit, s) {
		return errs.E(errs.Forbidden, "行政区划 %s 不在您的管理范围内，无权修改", s.Region)
	}
	return nil
}

// stale rewrites a store's conflict on a versioned write into the message
// users act on; a conflict on create (a duplicate) passes through.
func stale(err error) error {
	if errs.Is(err, errs.Conflict) {
		return errs.Wrap(err, errs.Conflict, staleMessage)
	}
	return err
}

// notFound maps a missing record to a message naming what is missing.
func notFound(err error, what string) error {
	if errs.Is(err, errs.NotFound) {
		return errs.Wrap(err, errs.NotFound, "%s不存在", what)
	}
	return err
}

// line checks a one-line text field (names, numbers, addresses): Text's
// rules, and no line breaks or tabs, which would break lists and cursors.
func line(field, s string, max int, required bool) (string, error) {
	s, err := validate.Text(field, s, max, required)
	if err != nil {
		return "", err
	}
	if strings.ContainsAny(s, "\n\t") {
		return "", errs.Field(field, "内容不能换行")
	}
	return strings.Join(strings.Fields(s), " "), nil
}

// optionalPhone checks a contact number when one is given.
func optionalPhone(field, s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	return validate.Phone(field, s)
}

// reasonText checks the optional reason recorded with a status change.
func reasonText(s string) (string, error) {
	return validate.Text("reason", s, 200, false)
}

// checkVersion refuses a write that names no version: the caller must say
// which state it saw.
func checkVersion(v int) error {
	if v < 1 {
		return errs.Field("version", "缺少版本号，请刷新后重试")
	}
	return nil
}

// pageFilter validates a list filter and turns it into a store query.
func pageFilter(f ListFilter) (Query, error) {
	if _, err := validate.RegionCode("region", f.Region); err != nil {
		return Query{}, err
	}
	after, err := DecodeCursor(f.After)
	if err != nil {
		return Query{}, err
	}
	name, err := line("name", f.Name, 50, false)
	if err != nil {
		return Query{}, err
	}
	kind, err := line("kind", f.Kind, 20, false)
	if err != nil {
		return Query{}, err
	}
	switch {
	case f.Limit <= 0:
		f.Limit = 100
	case f.Limit > 500:
		f.Limit = 500
	}
	return Query{Region: strings.TrimSpace(f.Region), Name: name, Kind: kind, ActiveOnly: f.ActiveOnly,
		After: after, Limit: f.Limit + 1}, nil
}

// page cuts the one extra row a query fetched into the next-page cursor.
func page[T any](items []T, limit int, pos func(T) Cursor) Page[T] {
	if items == nil {
		items = []T{}
	}
	if len(items) < limit {
		return Page[T]{Items: items}
	}
	items = items[:limit-1]
	return Page[T]{Items: items, Next: pos(items[len(items)-1]).Encode()}
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }
