package catalog

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// ConsistencyQuery selects the implementations a consistency report checks.
type ConsistencyQuery struct {
	Region   string `json:"region,omitempty"`    // subtree of the implementations
	BaseCode string `json:"base_code,omitempty"` // one base item's implementations
	After    int64  `json:"-"`                   // keyset cursor (item id)
	Limit    int    `json:"-"`                   // implementations checked per page: 1–2000, default 500
}

// ImplDeviations is one implementation that departs from its base item.
type ImplDeviations struct {
	ID          int64       `json:"id"`
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	RegionCode  string      `json:"region_code"`
	DeptID      int64       `json:"dept_id"`
	Version     int         `json:"version"` // published version checked
	BaseCode    string      `json:"base_code"`
	BaseItem    string      `json:"base_item,omitempty"` // code of the base item compared with; "" when there is none
	BaseVersion int         `json:"base_version,omitempty"`
	Deviations  []Deviation `json:"deviations"`
}

// ConsistencyReport is one page of the report: of Checked implementations,
// those that deviate. A non-empty Next means more remain to be checked.
type ConsistencyReport struct {
	Region   string           `json:"region,omitempty"`
	BaseCode string           `json:"base_code,omitempty"`
	Fixed    []string         `json:"fixed"`
	Checked  int              `json:"checked"`
	Items    []ImplDeviations `json:"items"`
	// Local lists implementations with no published base item for their
	// region: local items (地方特有事项), not deviations; at most 200 are listed.
	Local      []ImplDeviations `json:"local"`
	LocalCount int              `json:"local_count"`
	Next       string           `json:"next_cursor,omitempty"`
}

// Consistency checks the published implementations in force of a region
// subtree and/or a base code against their base items (the nearest
// published base whose region contains the implementation's), a page of
// implementations at a time, and returns those that deviate.
func (r *Reports) Consistency(ctx context.Context, p *access.Principal, q ConsistencyQuery) (ConsistencyReport, error) {
	if !p.Has(access.CatalogView) {
		return ConsistencyReport{}, errs.E(errs.Forbidden, "无权查看一致性报告")
	}
	q.BaseCode = upper(q.BaseCode)
	if q.Region == "" && q.BaseCode == "" {
		return ConsistencyReport{}, errs.Field("region", "请指定行政区划或基本编码")
	}
	if q.Region != "" {
		if _, err := validate.RegionCode("region", q.Region); err != nil {
			return ConsistencyReport{}, err
		}
	}
	if q.Limit <= 0 {
		q.Limit = 500
	}
	q.Limit = min(q.Limit, 2000)
	fixed, err := r.FixedElements(ctx)
	if err != nil {
		return ConsistencyReport{}, err
	}
	rep := ConsistencyReport{Region: q.Region, BaseCode: q.BaseCode, Fixed: fixed.Elements, Items: []ImplDeviations{}, Local: []ImplDeviations{}}
	impl := false
	bases := map[string][]Item{}
	after, more := q.After, true
	for more && rep.Checked < q.Limit {
		batch := min(200, q.Limit-rep.Checked)
		its, err := r.svc.store.ListItems(ctx, ListFilter{Region: q.Region, BaseCode: q.BaseCode, Base: &impl,
			Status: "public", After: after, Limit: batch})
		if err != nil {
			return ConsistencyReport{}, err
		}
		more = len(its) == batch
		for _, it := range its {
			after = it.ID
			rep.Checked++
			bs, ok := bases[it.Doc.BaseCode]
			if !ok {
				if bs, err = r.svc.bases(ctx, it.Doc.BaseCode); err != nil {
					return ConsistencyReport{}, err
				}
				bases[it.Doc.BaseCode] = bs
			}
			row := ImplDeviations{ID: it.ID, Code: it.Code, Name: it.Doc.Name, RegionCode: it.Doc.RegionCode,
				DeptID: it.Doc.DeptID, Version: it.PublishedVersion, BaseCode: it.Doc.BaseCode}
			if base, ok := nearestBase(bs, it.Doc.RegionCode); ok {
				row.BaseItem, row.BaseVersion = base.Code, base.PublishedVersion
				row.Deviations = Check(base.Doc, it.Doc, fixed.Elements)
			} else {
				rep.LocalCount++
				if len(rep.Local) < 200 {
					rep.Local = append(rep.Local, row)
				}
				continue
			}
			if len(row.Deviations) > 0 {
				rep.Items = append(rep.Items, row)
			}
		}
	}
	if more {
		rep.Next = strconv.FormatInt(after, 10)
	}
	return rep, nil
}

// bases lists the published base items in force with a base code.
func (s *Service) bases(ctx context.Context, baseCode string) ([]Item, error) {
	isBase := true
	return s.store.ListItems(ctx, ListFilter{Base: &isBase, BaseCode: baseCode, Status: "public", Limit: 100})
}

// nearestBase picks the base item whose region is the nearest one
// containing region (a city's own base item overrides the province's).
func nearestBase(bases []Item, region string) (Item, bool) {
	for _, code := range validate.RegionAncestors(region) {
		for _, b := range bases {
			if b.Doc.RegionCode == code {
				return b, true
			}
		}
	}
	return Item{}, false
}

// NewImplementation creates a region's implementation of a base item as a
// new draft: every element inherited from the published base, with the
// implementing department, its region and the new implementation code
// filled in. The parent code is cleared (the base's parent is a base
// item; the region links its own). The draft then goes through the usual
// edit and four-eyes publication.
func (s *Service) NewImplementation(ctx context.Context, p *access.Principal, baseCode string, deptID int64, code string) (Item, error) {
	baseCode = upper(baseCode)
	if deptID <= 0 {
		return Item{}, errs.Field("dept_id", "请选择实施部门")
	}
	d, err := s.depts.DeptInfo(ctx, deptID)
	if errs.Is(err, errs.NotFound) {
		return Item{}, errs.Field("dept_id", "实施部门（编号 %d）不存在", deptID)
	}
	if err != nil {
		return Item{}, err
	}
	bs, err := s.bases(ctx, baseCode)
	if err != nil {
		return Item{}, err
	}
	base, ok := nearestBase(bs, d.Region)
	if !ok {
		return Item{}, errs.Field("base_code", "基本目录中没有适用于 %s 的已发布事项 %s", d.Region, clip(baseCode))
	}
	if base.Doc.DeptKind != "" && d.Kind != base.Doc.DeptKind {
		return Item{}, errs.Field("dept_id", "%s的部门类型（%s）与基本目录规定的实施主体类型（%s）不一致", d.Name, orNone(d.Kind), base.Doc.DeptKind)
	}
	var doc Doc
	raw, err := json.Marshal(base.Doc) // a deep copy: the draft must not share the base's slices
	if err != nil {
		return Item{}, err
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return Item{}, err
	}
	doc.Code, doc.DeptID, doc.RegionCode, doc.ParentCode = code, deptID, d.Region, ""
	return s.Create(ctx, p, doc, false, "由基本目录事项 "+base.Code+" 第 "+strconv.Itoa(base.PublishedVersion)+" 版生成")
}
