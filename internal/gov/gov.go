// Package gov is the structure of government the platform serves: regions
// (GB/T 2260 codes, down to 9-digit townships and 12-digit villages), the
// departments inside them, the service halls from the prefecture centre down
// to village stations, and the windows of each hall.
//
// Every other capability hangs off these records: an item belongs to a
// department, a case is accepted at a window, a role is scoped to a region
// subtree. So every change is checked against the actor's scope (a county's
// administrator cannot touch the prefecture's departments), made with
// optimistic concurrency (the caller names the version it read) and audited
// in the same transaction.
//
// The types double as API shapes, hence the snake_case JSON tags.
package gov

import (
	"time"

	"github.com/onewindow/onewindow/internal/validate"
)

// Region levels, as validate names them.
const (
	LevelProvince = validate.LevelProvince
	LevelCity     = validate.LevelCity
	LevelCounty   = validate.LevelCounty
	LevelTownship = validate.LevelTownship
	LevelVillage  = validate.LevelVillage
)

// levelRank orders levels from the top; tree order imports parents first.
var levelRank = map[string]int{
	LevelProvince: 1, LevelCity: 2, LevelCounty: 3, LevelTownship: 4, LevelVillage: 5,
}

// Region is an administrative division. Its code is its identity: a renamed
// region keeps its code, a re-coded one is a new region (the old one is
// deactivated, never deleted, since cases and accounts still point at it).
type Region struct {
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	Level      string    `json:"level"`                 // province, city, county, township, village
	ParentCode string    `json:"parent_code,omitempty"` // "" for a province
	Active     bool      `json:"active"`
	Version    int       `json:"version"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Dept is a department (部门 / 实施主体) inside one region: it owns items and
// reviews cases. IDs (here and in Hall and Window) are omitted from JSON
// only when zero, which happens in the audit snapshot of a creation, taken
// before the database assigns the id (the event's object id carries it).
type Dept struct {
	ID         int64     `json:"id,omitempty"`
	RegionCode string    `json:"region_code"`
	Name       string    `json:"name"`
	ShortName  string    `json:"short_name,omitempty"`
	CreditCode string    `json:"credit_code"`    // 统一社会信用代码
	Kind       string    `json:"kind,omitempty"` // dept type (市场监管, 公安…): matches the same dept across regions
	Phone      string    `json:"phone,omitempty"`
	Active     bool      `json:"active"`
	Version    int       `json:"version"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Hall kinds.
const (
	HallCentre  = "centre"  // 政务服务中心, 便民服务中心 (prefecture, county, township)
	HallStation = "station" // 便民服务站 (village, community)
)

// Hall is a physical service hall at any level.
type Hall struct {
	ID         int64     `json:"id,omitempty"`
	RegionCode string    `json:"region_code"`
	Name       string    `json:"name"`
	Kind       string    `json:"kind"` // centre, station
	Address    string    `json:"address,omitempty"`
	Phone      string    `json:"phone,omitempty"`
	Hours      string    `json:"hours,omitempty"` // opening hours as shown to the public
	Active     bool      `json:"active"`
	Version    int       `json:"version"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Window kinds.
const (
	WindowGeneral   = "general"   // 综合窗口: takes any item (一窗受理)
	WindowDedicated = "dedicated" // 专窗: takes the items of the depts it lists
)

// Window is a counter in a hall.
type Window struct {
	ID        int64     `json:"id,omitempty"`
	HallID    int64     `json:"hall_id"`
	Number    string    `json:"number"` // as painted above the counter: A01
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`     // general, dedicated
	DeptIDs   []int64   `json:"dept_ids"` // dedicated: the depts served; general: empty
	Active    bool      `json:"active"`
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

// RegionNode is a region with what hangs directly under it, for tree pages.
type RegionNode struct {
	Region
	RegionCounts
}

// RegionCounts counts the active records directly under a region.
type RegionCounts struct {
	Children int `json:"children"`
	Depts    int `json:"depts"`
	Halls    int `json:"halls"`
}

// DeptKinds are the dept types the UI offers. Kind is free text, so a
// region's own bodies (民族宗教, 档案…) fit, but the same type must be spelt
// the same everywhere for cross-region comparison: pick from this list first.
var DeptKinds = []string{
	"政府办公室", "发展改革", "工业和信息化", "教育", "科技", "民族宗教", "公安", "民政", "司法",
	"财政", "人力资源社会保障", "自然资源", "生态环境", "住房城乡建设", "交通运输", "水利",
	"农业农村", "林业草原", "商务", "文化旅游", "卫生健康", "退役军人", "应急管理", "审计",
	"国有资产", "市场监管", "统计", "医疗保障", "政务服务", "能源", "人民防空", "税务",
	"住房公积金", "消防救援", "气象", "残联", "公共资源交易", "邮政管理", "其他",
}
