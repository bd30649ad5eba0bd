package catalog

import (
	"encoding/base64"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// Search orders.
const (
	OrderRelevance = "relevance" // items whose name holds every term first, then the rest; each by popularity
	OrderPopular   = "popular"   // most viewed first
)

// Search limits.
const (
	MaxQueryRunes = 50     // longest query text, in characters
	DefaultLimit  = 20     // hits per page when the query names none
	MaxLimit      = 100    // most hits per page
	MaxTotal      = 10_000 // Total is counted up to this
)

// Normalize checks and completes a public query: the text trimmed (runs of
// white space become one space), every filter checked, the order and limit
// defaulted, the cursor checked against the order. Errors are
// errs.Field naming the query parameter (q, region, dept, kind, theme,
// target, online_depth, cross_region, order, limit, cursor). Text that is
// only punctuation is not an error: it has no terms and matches nothing.
func (q Query) Normalize() (Query, error) {
	q.Text = strings.Join(strings.Fields(strings.ToValidUTF8(q.Text, " ")), " ")
	if n := utf8.RuneCountInString(q.Text); n > MaxQueryRunes {
		return Query{}, errs.Field("q", "搜索词不能超过 %d 个字（当前 %d 个）", MaxQueryRunes, n)
	}
	q.Region = strings.TrimSpace(q.Region)
	if q.Region != "" {
		if _, err := validate.RegionCode("region", q.Region); err != nil {
			return Query{}, err
		}
	}
	if q.DeptID < 0 {
		return Query{}, errs.Field("dept", "部门编号无效")
	}
	q.Kind = Kind(strings.TrimSpace(string(q.Kind)))
	if q.Kind != "" && !q.Kind.Valid() {
		return Query{}, errs.Field("kind", "事项类型 %q 不存在", clipQuery(string(q.Kind)))
	}
	q.Theme = strings.TrimSpace(q.Theme)
	if _, ok := ThemeByCode(q.Theme); q.Theme != "" && !ok {
		return Query{}, errs.Field("theme", "主题 %q 不存在", clipQuery(q.Theme))
	}
	switch q.Target = strings.TrimSpace(q.Target); q.Target {
	case "", TargetPerson, TargetOrg:
	default:
		return Query{}, errs.Field("target", "服务对象只能是 person（自然人）或 org（法人）")
	}
	if q.OnlineDepth < 0 || q.OnlineDepth > 4 {
		return Query{}, errs.Field("online_depth", "网办深度只能是 0（不限）到 4（全程网办）")
	}
	switch q.CrossRegion = strings.TrimSpace(q.CrossRegion); q.CrossRegion {
	case "", CrossProvince, CrossNational:
	default:
		return Query{}, errs.Field("cross_region", "通办范围只能是 province（省内通办）或 national（跨省通办）")
	}
	switch q.Order = strings.TrimSpace(q.Order); q.Order {
	case "":
		q.Order = OrderPopular
		if q.Text != "" {
			q.Order = OrderRelevance
		}
	case OrderRelevance:
		if q.Text == "" {
			q.Order = OrderPopular // nothing to rank by
		}
	case OrderPopular:
	default:
		return Query{}, errs.Field("order", "排序只能是 relevance（相关度）或 popular（热度）")
	}
	switch {
	case q.Limit == 0:
		q.Limit = DefaultLimit
	case q.Limit < 0 || q.Limit > MaxLimit:
		return Query{}, errs.Field("limit", "每页条数应为 1–%d", MaxLimit)
	}
	q.Cursor = strings.TrimSpace(q.Cursor)
	if _, err := DecodeCursor(q.Order, q.Cursor); err != nil {
		return Query{}, err
	}
	return q, nil
}

func clipQuery(s string) string {
	if utf8.RuneCountInString(s) > 20 {
		return string([]rune(s)[:20]) + "…"
	}
	return s
}

// Cursor is a position in search results: keyset, so that a deep page
// costs what the first does. Results run in tiers (relevance order: the
// items whose name holds every term, then the rest; popularity order: one
// tier), each by popularity descending, then id ascending.
type Cursor struct {
	Tier       int   // relevance: 0 name matches, 1 the rest
	Popularity int64 // the last hit's popularity
	ID         int64 // the last hit's id; 0 means the first page
}

// Encode makes the opaque cursor string for order.
func (c Cursor) Encode(order string) string {
	s := "p:" + strconv.FormatInt(c.Popularity, 10) + ":" + strconv.FormatInt(c.ID, 10)
	if order == OrderRelevance {
		s = "r:" + strconv.Itoa(c.Tier) + ":" + strconv.FormatInt(c.Popularity, 10) + ":" + strconv.FormatInt(c.ID, 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

// DecodeCursor reads a cursor made by Encode for the same order; "" is the
// first page. A cursor of another order or a forged one is
// errs.Field("cursor").
func DecodeCursor(order, s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	bad := errs.Field("cursor", "翻页标记无效，请从第一页重新查询")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, bad
	}
	parts := strings.Split(string(raw), ":")
	var c Cursor
	switch {
	case order == OrderRelevance && len(parts) == 4 && parts[0] == "r":
		if c.Tier, err = strconv.Atoi(parts[1]); err != nil || c.Tier < 0 || c.Tier > 1 {
			return Cursor{}, bad
		}
		parts = parts[1:]
	case order == OrderPopular && len(parts) == 3 && parts[0] == "p":
	default:
		return Cursor{}, bad
	}
	p, err1 := strconv.ParseInt(parts[1], 10, 64)
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || p < 0 || id <= 0 {
		return Cursor{}, bad
	}
	c.Popularity, c.ID = p, id
	return c, nil
}
