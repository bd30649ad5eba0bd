package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// catalogSearchData is the public service hall: the search box, filters,
// theme tiles and the results (or the most viewed items before a search).
type catalogSearchData struct {
	Q         catalog.Query
	Searched  bool // text or a filter was given: show results, not the welcome
	Total     int
	Cards     []itemCard
	Popular   []itemCard // the welcome's most viewed items
	Person    []themeTile
	Org       []themeTile
	ThemeName string
	Regions   []catOption
	Depts     []catOption
	Kinds     []catOption
	Filtered  int // how many filters are set (the collapsed filter box says so)
	Chips     []catChip
	Orders    []catChip
	Next      string
	First     string
}

// itemCard is one result: what a citizen decides by, in words.
type itemCard struct {
	catalog.Hit
	Lang       string
	URL        string
	RegionName string
	Time       string // 即办件 / 承诺 5 个工作日
	Visits     string // 零跑动 / 最多跑一次 / 最多跑 2 次
	Online     bool   // 全程网办
	Cross      string // 跨省通办 / 省内通办
}

// themeTile is a theme to browse by.
type themeTile struct {
	catalog.Theme
	Label, Initial, URL string
}

// catChip is a quick toggle link (全程网办, 个人, …) or an order.
type catChip struct {
	Label, URL string
	On         bool
}

func (c *catalogPages) search(rw http.ResponseWriter, r *http.Request) {
	lg, v := lang(r), r.URL.Query()
	q := catalog.Query{Text: v.Get("q"), Region: v.Get("region"), Kind: catalog.Kind(v.Get("kind")), Theme: v.Get("theme"),
		Target: v.Get("target"), CrossRegion: v.Get("cross_region"), Order: v.Get("order"), Cursor: v.Get("cursor")}
	p := &Page{Title: "办事服务", Form: map[string]string{}}
	status := http.StatusOK
	bad := func(field, msg string) {
		p.Error = msg
		p.Fields = map[string]string{field: msg}
		status = http.StatusUnprocessableEntity
	}
	if s := v.Get("dept"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
			q.DeptID = n
		} else {
			bad("dept", "部门编号无效")
		}
	}
	if s := v.Get("online_depth"); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			q.OnlineDepth = n
		} else {
			bad("online_depth", "网办深度只能是 0（不限）到 4（全程网办）")
		}
	}
	d := &catalogSearchData{Q: q}
	d.Searched = strings.TrimSpace(q.Text) != "" || q.Region != "" || q.DeptID != 0 || q.Kind != "" || q.Theme != "" ||
		q.Target != "" || q.OnlineDepth != 0 || q.CrossRegion != "" || v.Has("order")
	ctx := r.Context()
	nm := c.names(ctx)
	d.Regions = c.regionOptions(ctx, c.root, q.Region)
	deptRegion := q.Region
	if deptRegion == "" {
		deptRegion = c.root
	}
	d.Depts = c.deptOptions(ctx, deptRegion, q.DeptID)
	if q.DeptID != 0 && !slices.ContainsFunc(d.Depts, func(o catOption) bool { return o.Selected }) {
		// The region changed under a department of another region: the
		// department filter no longer applies.
		q.DeptID, d.Q.DeptID = 0, 0
	}
	if p.Error == "" {
		if !d.Searched {
			q.Limit = 8
		}
		res, err := c.svc.Search(ctx, q)
		if err != nil {
			if errs.FieldOf(err) == "" {
				c.w.Error(rw, r, err)
				return
			}
			bad(errs.FieldOf(err), errs.MessageOf(err))
		} else {
			cards := make([]itemCard, len(res.Hits))
			for i, h := range res.Hits {
				cards[i] = hitCard(lg, h, nm)
			}
			if d.Searched {
				d.Cards, d.Total = cards, res.Total
				if res.Next != "" {
					d.Next = catWithParam(r.URL, "cursor", res.Next)
				}
			} else {
				d.Popular = cards
			}
			if q.Cursor != "" {
				d.First = catWithParam(r.URL, "cursor", "")
			}
		}
	}
	d.Person, d.Org = catThemeTiles(lg)
	if t, ok := catalog.ThemeByCode(q.Theme); ok {
		d.ThemeName = translate(lg, t.Name)
	}
	d.Kinds = catKindOptions(lg, q.Kind)
	for _, set := range []bool{q.Kind != "", q.DeptID != 0, q.Region != "", q.Theme != "", q.Target != "", q.OnlineDepth != 0, q.CrossRegion != ""} {
		if set {
			d.Filtered++
		}
	}
	toggle := func(label, name, value string) catChip {
		on := v.Get(name) == value
		if on {
			return catChip{Label: translate(lg, label), URL: catWithParam(r.URL, name, ""), On: true}
		}
		return catChip{Label: translate(lg, label), URL: catWithParam(r.URL, name, value)}
	}
	d.Chips = []catChip{toggle("个人办事", "target", catalog.TargetPerson), toggle("法人办事", "target", catalog.TargetOrg),
		toggle("全程网办", "online_depth", "4"), toggle("跨省通办", "cross_region", catalog.CrossNational),
		toggle("省内通办", "cross_region", catalog.CrossProvince)}
	if strings.TrimSpace(q.Text) != "" {
		rel := q.Order != catalog.OrderPopular
		d.Orders = []catChip{{Label: translate(lg, "按相关度"), URL: catWithParam(r.URL, "order", ""), On: rel},
			{Label: translate(lg, "按热度"), URL: catWithParam(r.URL, "order", catalog.OrderPopular), On: !rel}}
	}
	if d.ThemeName != "" {
		p.Title = d.ThemeName
	}
	p.Data = d
	c.w.render(rw, r, status, "catalog_search", p)
}

// hitCard puts a hit into the words a citizen reads.
func hitCard(lg string, h catalog.Hit, nm *catNames) itemCard {
	c := itemCard{Hit: h, Lang: lg, URL: itemURL(h.Code), RegionName: nm.region(h.RegionCode), Online: h.OnlineDepth == 4}
	if h.Instant {
		c.Time = translate(lg, "即办件")
	} else if lg == "en" {
		c.Time = fmt.Sprintf("Within %d working days", h.PromisedDays)
	} else {
		c.Time = fmt.Sprintf("承诺 %d 个工作日", h.PromisedDays)
	}
	switch {
	case h.MaxVisits == 0:
		c.Visits = translate(lg, "零跑动")
	case h.MaxVisits == 1:
		c.Visits = translate(lg, "最多跑一次")
	case lg == "en":
		c.Visits = fmt.Sprintf("At most %d visits", h.MaxVisits)
	default:
		c.Visits = fmt.Sprintf("最多跑 %d 次", h.MaxVisits)
	}
	switch h.CrossRegion {
	case catalog.CrossNational:
		c.Cross = translate(lg, "跨省通办")
	case catalog.CrossProvince:
		c.Cross = translate(lg, "省内通办")
	}
	return c
}

// themes is the theme browser: life events and the enterprise lifecycle
// as big tiles.
func (c *catalogPages) themes(rw http.ResponseWriter, r *http.Request) {
	lg := lang(r)
	d := &catalogSearchData{}
	d.Person, d.Org = catThemeTiles(lg)
	c.w.render(rw, r, http.StatusOK, "catalog_themes", &Page{Title: "主题服务", Data: d})
}

// catThemeTiles splits the themes into the person's and the organisation's.
func catThemeTiles(lg string) (person, org []themeTile) {
	for _, t := range catalog.Themes {
		glyph, ok := catThemeGlyphs[t.Code]
		if !ok {
			glyph = string([]rune(t.Name)[:1])
		}
		tile := themeTile{Theme: t, Label: translate(lg, t.Name), Initial: glyph, URL: "/items?theme=" + t.Code}
		if t.Target == catalog.TargetOrg {
			org = append(org, tile)
		} else {
			person = append(person, tile)
		}
	}
	return person, org
}

// catThemeGlyphs are the one-character marks of the theme tiles (出生 and 出行
// share their first character, so the mark is chosen, not cut).
var catThemeGlyphs = map[string]string{
	"birth": "婴", "school": "学", "work": "业", "marriage": "婚", "housing": "房", "health": "医",
	"social_security": "保", "travel": "行", "elderly": "老", "retirement": "休", "disability": "助", "death": "安",
	"start": "开", "operate": "营", "construct": "建", "change": "变", "close": "销",
}
