package demo

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/gov/regiondata"
)

// allTemplateLists lists every template table in the order items are created.
func allTemplateLists() [][]tpl {
	return [][]tpl{basePersonTemplates, baseMoreTemplates, landTemplates, allTemplates, prefTemplates,
		prefMoreTemplates, countyTemplates, townTemplates, lifeTemplates}
}

// kindCodes are the two digits of a kind in the basic code.
var kindCodes = map[catalog.Kind]string{
	catalog.KindLicensing: "01", catalog.KindPenalty: "02", catalog.KindEnforcement: "03", catalog.KindLevy: "04",
	catalog.KindBenefit: "05", catalog.KindInspection: "06", catalog.KindConfirmation: "07", catalog.KindAward: "08",
	catalog.KindAdjudication: "09", catalog.KindOtherPower: "10", catalog.KindPublicService: "20",
}

var variantCodes = map[string]int{"": 0, catalog.VariantNew: 1, catalog.VariantChange: 2, catalog.VariantRenew: 3, catalog.VariantCancel: 4}

// basicCode is a template's 基本编码 (see catalog.go).
func basicCode(t tpl) (string, error) {
	dept := slices.Index(gov.DeptKinds, t.dept)
	kind, ok := kindCodes[t.kind]
	if dept < 0 || !ok || t.no < 1 || t.no > 99 || t.sub < 0 || t.sub > 999 {
		return "", fmt.Errorf("template %s: dept kind %q, kind %q or number out of range", t.name, t.dept, t.kind)
	}
	return fmt.Sprintf("%s%03d%02d%03d%02d", kind, dept+1, t.no, t.sub, variantCodes[t.variant]), nil
}

// place is a region that implements items: its level, phone exchange and
// departments by kind.
type place struct {
	code, level, phone string
	depts              map[string]deptRef
}

type deptRef struct {
	id   int64
	name string
}

// places resolves the prefecture and the counties with their departments'
// ids, looked up by name (in the structure the demo built).
func places(deptID func(name string) (int64, bool)) (place, []place, error) {
	var data structureData
	if err := json.Unmarshal(structureJSON, &data); err != nil {
		return place{}, nil, err
	}
	regions, err := regiondata.Load()
	if err != nil {
		return place{}, nil, err
	}
	names := map[string]string{}
	for _, r := range regions {
		names[r.Code] = r.Name
	}
	resolve := func(pl *place, ds []deptData, fill *strings.Replacer) error {
		pl.depts = map[string]deptRef{}
		for _, d := range ds {
			name := fill.Replace(d.Name)
			id, ok := deptID(name)
			if !ok {
				return fmt.Errorf("dept %s is not in the demo structure", name)
			}
			pl.depts[d.Kind] = deptRef{id: id, name: name}
		}
		return nil
	}
	pref := place{code: data.Prefecture, level: catalog.LevelCity, phone: data.PrefecturePhone}
	if err := resolve(&pref, data.PrefectureDepts, strings.NewReplacer()); err != nil {
		return place{}, nil, err
	}
	var counties []place
	for _, c := range data.Counties {
		pl := place{code: c.Code, level: catalog.LevelCounty, phone: c.Phone}
		fill := strings.NewReplacer("{county}", names[c.Code], "{short}", c.Short, "{title}", c.Title)
		if err := resolve(&pl, data.CountyDepts, fill); err != nil {
			return place{}, nil, err
		}
		counties = append(counties, pl)
	}
	return pref, counties, nil
}

// plannedDoc is one item of the demo catalog.
type plannedDoc struct {
	doc    catalog.Doc
	isBase bool
}

// plan is the whole demo catalog.
type plan struct {
	docs       []plannedDoc
	deviations []PlantedDeviation
	tightened  []string
}

// planCatalog expands every template over the regions that implement it and
// applies the local differences in tweaks.
func planCatalog(st Structure) (plan, error) {
	pref, counties, err := places(func(name string) (int64, bool) { id, ok := st.DeptIDs[name]; return id, ok })
	if err != nil {
		return plan{}, err
	}
	var p plan
	codes := map[string]string{} // template name → basic code
	index := map[string]int{}    // implementation code → position in p.docs
	for _, ts := range allTemplateLists() {
		for _, t := range ts {
			bc, err := basicCode(t)
			if err != nil {
				return plan{}, err
			}
			if prev, dup := codes[t.name]; dup {
				return plan{}, fmt.Errorf("template %s twice (%s)", t.name, prev)
			}
			codes[t.name] = bc
			parent := ""
			if t.parent != "" {
				if parent = codes[t.parent]; parent == "" {
					return plan{}, fmt.Errorf("template %s: parent %s must come first", t.name, t.parent)
				}
			}
			var where []place
			switch t.scope {
			case scopeBase, scopeAll:
				where = append([]place{pref}, counties...)
			case scopePref:
				where = []place{pref}
			case scopeCounty, scopeTown:
				where = counties
			}
			if t.scope == scopeBase {
				d := t.doc(bc, bc, parent, st.Province, catalog.LevelCounty, deptRef{}, place{})
				p.docs = append(p.docs, plannedDoc{doc: d, isBase: true})
			}
			for _, pl := range where {
				dept, ok := pl.depts[t.dept]
				if !ok {
					return plan{}, fmt.Errorf("template %s: no %s dept in %s", t.name, t.dept, pl.code)
				}
				level := pl.level
				switch t.scope {
				case scopeBase:
					level = catalog.LevelCounty // fixed by the base item
				case scopeTown:
					level = catalog.LevelTownship
				}
				code, parentCode := bc+"-"+pl.code, ""
				if parent != "" {
					parentCode = parent + "-" + pl.code
				}
				index[code] = len(p.docs)
				p.docs = append(p.docs, plannedDoc{doc: t.doc(code, bc, parentCode, pl.code, level, dept, pl)})
			}
		}
	}
	for _, tw := range tweaks {
		code := codes[tw.item] + "-" + tw.region
		i, ok := index[code]
		if !ok {
			return plan{}, fmt.Errorf("tweak of %s in %s: no such implementation", tw.item, tw.region)
		}
		tw.apply(&p.docs[i].doc)
		if tw.element == "" {
			p.tightened = append(p.tightened, code)
			continue
		}
		p.deviations = append(p.deviations, PlantedDeviation{Code: code, BaseCode: codes[tw.item], Element: tw.element, Description: tw.what})
	}
	return p, nil
}

// doc renders a template for one region. Every doc gets its own copy of
// the template's slices, so local tweaks stay local.
func (t tpl) doc(code, basicCode, parentCode, region, level string, dept deptRef, pl place) catalog.Doc {
	d := catalog.Doc{
		BaseCode: basicCode, Code: code, ParentCode: parentCode, Variant: t.variant, Name: t.name, Kind: t.kind,
		DeptID: dept.id, RegionCode: region, DeptKind: t.dept, ExerciseLevel: level,
		LegalBasis: t.laws, Conditions: t.cond, Targets: targets(t.who),
		Instant: t.promised == 0, LegalDays: t.legal, PromisedDays: t.promised, Fees: t.fees,
		MaxVisits: t.visits, OnlineDepth: t.depth, InHall: true, Channels: channels(t.ch), CrossRegion: t.cross,
		SpecialProcedures: t.sp, FAQ: t.faq, Keywords: t.keys, Themes: t.themes,
		Form: t.form, Steps: steps(t.steps, t.promised),
	}
	if pl.phone != "" { // base items are the province's standard, with no office to call
		deptNo := slices.Index(gov.DeptKinds, t.dept) + 1
		d.ConsultPhone = fmt.Sprintf("%s%04d", pl.phone, 3000+deptNo*7)
		d.ComplaintPhone = pl.phone + "2345"
	}
	for _, m := range t.mats {
		d.Materials = append(d.Materials, catalog.Material(m))
	}
	// A deep copy: the templates share slices (laws, forms, materials' forms).
	b, _ := json.Marshal(d)
	var out catalog.Doc
	_ = json.Unmarshal(b, &out)
	return out
}

// tweak is one local difference of an implementation from its template.
type tweak struct {
	item, region string
	element      string // the element a consistency report names; "" for an allowed tightening
	what         string
	apply        func(*catalog.Doc)
}

func promise(days int, pattern string) func(*catalog.Doc) {
	return func(d *catalog.Doc) { d.PromisedDays, d.Steps = days, steps(pattern, days) }
}

// tweaks are the implementations that differ from the base: four planted
// deviations (one per element the report checks differently) and a few
// differences the rules allow.
var tweaks = []tweak{
	{item: "内地居民结婚登记", region: "533422", element: "name", what: "德钦县将事项名称改为“结婚登记”，与基本目录不一致",
		apply: func(d *catalog.Doc) { d.Name = "结婚登记" }},
	{item: "公共场所卫生许可", region: "533423", element: "promised_days", what: "维西县承诺时限 15 个工作日，长于基本目录的 10 个工作日",
		apply: promise(15, "site")},
	{item: "城乡居民基本养老保险参保登记", region: "533401", element: "materials[村（居）民委员会出具的居住证明]",
		what: "香格里拉市增加了基本目录没有的申请材料“村（居）民委员会出具的居住证明”",
		apply: func(d *catalog.Doc) {
			d.Materials = append(d.Materials, catalog.Material(must("residence_proof", "村（居）民委员会出具的居住证明", "oe", 1)))
		}},
	{item: "社会保障卡申领", region: "533422", element: "online_depth", what: "德钦县网办深度为二级，低于基本目录的三级",
		apply: func(d *catalog.Doc) { d.OnlineDepth = 2 }},
	{item: "公共场所卫生许可", region: "533401", what: "香格里拉市承诺时限压缩到 5 个工作日", apply: promise(5, "site")},
	{item: "建筑工程施工许可证核发", region: "533401", what: "香格里拉市承诺时限压缩到 1 个工作日", apply: promise(1, "std")},
	{item: "食品经营许可证新办", region: "533400", what: "迪庆州承诺时限压缩到 3 个工作日", apply: promise(3, "site")},
	{item: "企业设立登记", region: "533423", what: "维西县增加自助终端办理渠道",
		apply: func(d *catalog.Doc) { d.Channels = append(d.Channels, catalog.ChannelKiosk) }},
	{item: "失业保险金申领", region: "533423", what: "维西县不再要求提供社会保障卡（金融账户）",
		apply: func(d *catalog.Doc) {
			d.Materials = slices.DeleteFunc(d.Materials, func(m catalog.Material) bool { return m.Key == "bank_card" })
		}},
}
