// Package demo builds the demonstration data that `serve --demo` loads: a
// real prefecture (迪庆藏族自治州) with its departments, halls and windows,
// and the demo accounts that work in them. Everything is synthetic but
// valid (credit codes pass their check characters), and the same on every
// run, so screenshots and the README stay true.
package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/gov/regiondata"
	"github.com/onewindow/onewindow/internal/validate"
)

//go:embed structure.json
var structureJSON []byte

// structureData is the shape of structure.json.
type structureData struct {
	Province         string     `json:"province"`
	Prefecture       string     `json:"prefecture"`
	PrefectureShort  string     `json:"prefecture_short"`
	PrefecturePhone  string     `json:"prefecture_phone"`
	PrefectureCentre hallData   `json:"prefecture_centre"`
	PrefectureDepts  []deptData `json:"prefecture_depts"`
	Counties         []struct {
		Code          string `json:"code"`
		Short         string `json:"short"` // 香格里拉
		Title         string `json:"title"` // 市 or 县, for short dept names
		Phone         string `json:"phone"` // area code and exchange, four digits follow
		CentreAddress string `json:"centre_address"`
	} `json:"counties"`
	CountyDepts []deptData   `json:"county_depts"` // {county}, {short}, {title} are filled in
	Villages    []gov.Region `json:"villages"`
	Hours       struct {
		County   string `json:"county"`
		Township string `json:"township"`
		Village  string `json:"village"`
	} `json:"hours"`
	Windows map[string][]windowData `json:"windows"` // by level: prefecture, county, township, village
}

type deptData struct {
	Name     string `json:"name"`
	Short    string `json:"short"`
	Kind     string `json:"kind"`
	Category string `json:"category"` // 机构类别代码: "" or 1 机关, 2 事业单位, 3 群众团体
}

type hallData struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Phone   string `json:"phone"`
	Hours   string `json:"hours"`
}

type windowData struct {
	Number    string   `json:"number"`
	Name      string   `json:"name"`
	DeptKinds []string `json:"dept_kinds"` // empty: a general window
}

// Structure is what LoadStructure built: the ids the demo accounts and later
// demo data hang on, and how much there is.
type Structure struct {
	Province        string   // 530000 云南省
	Prefecture      string   // 533400 迪庆藏族自治州
	Counties        []string // 533401 香格里拉市, 533422 德钦县, 533423 维西傈僳族自治县
	CentreHallID    int64    // 迪庆州政务服务中心
	GeneralWindowID int64    // its A01 综合受理窗口
	SAMRDeptID      int64    // 迪庆州市场监督管理局
	GovServiceID    int64    // 迪庆州政务服务管理局
	// DeptIDs holds every demo dept's id by name; HallIDs each hall's by
	// region code (one hall per region).
	DeptIDs map[string]int64
	HallIDs map[string]int64
	// How many demo regions, depts, halls and windows there are.
	Regions, Depts, Halls, Windows int
}

// LoadStructure builds 迪庆藏族自治州 in 云南省: the regions down to every
// township and a few villages, about 35 prefecture and 20 county
// departments, the prefecture and county service centres, a 便民服务中心 in
// every township (development zones have none) and a 便民服务站 in each
// village, each hall with its windows. p must hold structure.manage over
// 530000 (a sysadmin grant on 云南省; an in-memory principal will do).
//
// It is idempotent: what exists (found by name, or window number) is kept,
// so it can run on every start and still return the ids.
func LoadStructure(ctx context.Context, svc *gov.Service, p *access.Principal) (Structure, error) {
	var data structureData
	if err := json.Unmarshal(structureJSON, &data); err != nil {
		return Structure{}, fmt.Errorf("demo: structure.json: %w", err)
	}
	b := &builder{ctx: ctx, svc: svc, p: p, data: &data,
		st: Structure{Province: data.Province, Prefecture: data.Prefecture,
			DeptIDs: map[string]int64{}, HallIDs: map[string]int64{}}}
	for _, step := range []func() error{b.regions, b.depts, b.halls} {
		if err := step(); err != nil {
			return Structure{}, fmt.Errorf("demo: structure: %w", err)
		}
	}
	b.st.Depts, b.st.Halls = len(b.st.DeptIDs), len(b.st.HallIDs)
	b.st.SAMRDeptID = b.st.DeptIDs["迪庆州市场监督管理局"]
	b.st.GovServiceID = b.st.DeptIDs["迪庆州政务服务管理局"]
	b.st.CentreHallID = b.st.HallIDs[data.Prefecture]
	return b.st, nil
}

type builder struct {
	ctx     context.Context
	svc     *gov.Service
	p       *access.Principal
	data    *structureData
	st      Structure
	names   map[string]string           // region code → name
	kids    map[string][]string         // region code → child codes, in code order
	byKind  map[string]map[string]int64 // region code → dept kind → id
	orgSeq  int
	phoneNo map[string]int // phone prefix → numbers handed out
}

// regions imports the province, the prefecture's subtree from the official
// data, and the villages.
func (b *builder) regions() error {
	all, err := regiondata.Load()
	if err != nil {
		return err
	}
	prefix := validate.RegionPrefix(b.data.Prefecture)
	var rs []gov.Region
	for _, r := range all {
		if r.Code == b.data.Province || strings.HasPrefix(r.Code, prefix) {
			rs = append(rs, r)
		}
	}
	rs = append(rs, b.data.Villages...)
	if _, err := b.svc.ImportRegions(b.ctx, b.p, rs); err != nil {
		return err
	}
	b.names, b.kids = map[string]string{}, map[string][]string{}
	for _, r := range rs {
		b.names[r.Code] = r.Name
		parent := validate.RegionParent(r.Code)
		b.kids[parent] = append(b.kids[parent], r.Code)
		if parent == b.data.Prefecture {
			b.st.Counties = append(b.st.Counties, r.Code)
		}
	}
	b.st.Regions = len(rs)
	return nil
}

// existingDepts maps the depts already in the prefecture by region and name.
func (b *builder) existingDepts() (map[string]gov.Dept, error) {
	out := map[string]gov.Dept{}
	f := gov.ListFilter{Region: b.data.Prefecture, Limit: 500}
	for {
		pg, err := b.svc.ListDepts(b.ctx, b.p, f)
		if err != nil {
			return nil, err
		}
		for _, d := range pg.Items {
			out[d.RegionCode+"/"+d.Name] = d
		}
		if f.After = pg.Next; f.After == "" {
			return out, nil
		}
	}
}

// depts creates the prefecture's and each county's departments.
func (b *builder) depts() error {
	have, err := b.existingDepts()
	if err != nil {
		return err
	}
	b.byKind, b.phoneNo = map[string]map[string]int64{}, map[string]int{}
	for _, d := range b.data.PrefectureDepts {
		if err := b.dept(have, b.data.Prefecture, b.data.PrefecturePhone, d); err != nil {
			return err
		}
	}
	for _, c := range b.data.Counties {
		fill := strings.NewReplacer("{county}", b.names[c.Code], "{short}", c.Short, "{title}", c.Title)
		for _, d := range b.data.CountyDepts {
			d.Name, d.Short = fill.Replace(d.Name), fill.Replace(d.Short)
			if err := b.dept(have, c.Code, c.Phone, d); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *builder) dept(have map[string]gov.Dept, region, phone string, d deptData) error {
	b.orgSeq++
	in := gov.DeptInput{RegionCode: region, Name: d.Name, ShortName: d.Short, Kind: d.Kind,
		CreditCode: creditCode(d.Category, region, b.orgSeq), Phone: b.phone(phone)}
	got, ok := have[region+"/"+d.Name]
	if !ok {
		var err error
		if got, err = b.svc.CreateDept(b.ctx, b.p, in); err != nil {
			return fmt.Errorf("%s: %w", d.Name, err)
		}
	}
	b.st.DeptIDs[got.Name] = got.ID
	if b.byKind[region] == nil {
		b.byKind[region] = map[string]int64{}
	}
	b.byKind[region][got.Kind] = got.ID
	return nil
}

// phone hands out the next number of an exchange ("0887-823" → 0887-8231001…).
func (b *builder) phone(prefix string) string {
	b.phoneNo[prefix]++
	return fmt.Sprintf("%s%04d", prefix, 1000+b.phoneNo[prefix]*7)
}

// creditCode is a valid 统一社会信用代码 for a government body: 1 (registered
// by 机构编制), its category (1 机关 by default), the region, a synthetic
// 9-character organisation code (GB 11714, "MB" as the codes the 编办 has
// issued since 2015 begin) and the GB 32100 check character.
func creditCode(category, region string, seq int) string {
	if category == "" {
		category = "1"
	}
	org := fmt.Sprintf("MB%06d", 153400+seq)
	return validate.MakeCreditCode("1" + category + region + org + string(orgCheck(org)))
}

// orgCheck is the GB 11714 check character of an 8-character organisation
// code body.
func orgCheck(body string) byte {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' && c <= 'Z' {
			v = int(c-'A') + 10
		}
		sum += v * weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// hallSpec is a hall to build and the windows it gets.
type hallSpec struct {
	in      gov.HallInput
	windows []windowData
}

// halls builds the prefecture centre, the county centres, each township's
// 便民服务中心 and each village's 便民服务站, with their windows.
func (b *builder) halls() error {
	d := b.data
	pc := d.PrefectureCentre
	specs := []hallSpec{{gov.HallInput{RegionCode: d.Prefecture, Name: pc.Name, Kind: gov.HallCentre,
		Address: pc.Address, Phone: pc.Phone, Hours: pc.Hours}, d.Windows["prefecture"]}}
	const province = "云南省迪庆藏族自治州"
	for _, c := range d.Counties {
		county := b.names[c.Code]
		specs = append(specs, hallSpec{gov.HallInput{RegionCode: c.Code, Name: county + "政务服务中心", Kind: gov.HallCentre,
			Address: c.CentreAddress, Phone: b.phone(c.Phone), Hours: d.Hours.County}, d.Windows["county"]})
		for _, t := range b.kids[c.Code] {
			if devZone(t) {
				continue
			}
			town := b.names[t]
			specs = append(specs, hallSpec{gov.HallInput{RegionCode: t, Name: town + "便民服务中心", Kind: gov.HallCentre,
				Address: province + county + town, Phone: b.phone(c.Phone), Hours: d.Hours.Township}, d.Windows["township"]})
			for _, v := range b.kids[t] {
				specs = append(specs, hallSpec{gov.HallInput{RegionCode: v, Name: b.names[v] + "便民服务站", Kind: gov.HallStation,
					Address: province + county + town + b.names[v], Phone: b.phone(c.Phone), Hours: d.Hours.Village}, d.Windows["village"]})
			}
		}
	}
	have := map[string]gov.Hall{}
	f := gov.ListFilter{Region: d.Prefecture, Limit: 500}
	for {
		pg, err := b.svc.ListHalls(b.ctx, b.p, f)
		if err != nil {
			return err
		}
		for _, h := range pg.Items {
			have[h.RegionCode+"/"+h.Name] = h
		}
		if f.After = pg.Next; f.After == "" {
			break
		}
	}
	for _, s := range specs {
		h, ok := have[s.in.RegionCode+"/"+s.in.Name]
		if !ok {
			var err error
			if h, err = b.svc.CreateHall(b.ctx, b.p, s.in); err != nil {
				return fmt.Errorf("%s: %w", s.in.Name, err)
			}
		}
		b.st.HallIDs[h.RegionCode] = h.ID
		if err := b.windows(h, s.windows); err != nil {
			return fmt.Errorf("%s: %w", h.Name, err)
		}
	}
	return nil
}

// devZone reports a township-level code of a 类似乡级单位 (development zones
// and the like, codes x4xx/x5xx): they have a management committee, not a
// 便民服务中心.
func devZone(code string) bool {
	return len(code) == 9 && (code[6] == '4' || code[6] == '5')
}

// windows gives hall h the windows it lacks; a window listing dept kinds is
// dedicated to the depts of those kinds in the hall's own region.
func (b *builder) windows(h gov.Hall, want []windowData) error {
	ws, err := b.svc.ListWindows(b.ctx, b.p, h.ID)
	if err != nil {
		return err
	}
	have := map[string]gov.Window{}
	for _, w := range ws {
		have[w.Number] = w
	}
	for _, wd := range want {
		w, ok := have[wd.Number]
		if !ok {
			in := gov.WindowInput{HallID: h.ID, Number: wd.Number, Name: wd.Name, Kind: gov.WindowGeneral}
			for _, kind := range wd.DeptKinds {
				id, ok := b.byKind[h.RegionCode][kind]
				if !ok {
					return fmt.Errorf("window %s: no %s dept in %s", wd.Number, kind, h.RegionCode)
				}
				in.Kind, in.DeptIDs = gov.WindowDedicated, append(in.DeptIDs, id)
			}
			if w, err = b.svc.CreateWindow(b.ctx, b.p, in); err != nil {
				return fmt.Errorf("window %s: %w", wd.Number, err)
			}
		}
		b.st.Windows++
		if h.RegionCode == b.data.Prefecture && b.st.GeneralWindowID == 0 && w.Kind == gov.WindowGeneral {
			b.st.GeneralWindowID = w.ID
		}
	}
	return nil
}
