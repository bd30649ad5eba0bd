package catalog_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

func deviationLines(ds []catalog.Deviation) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s | %s | %s → %s | %s\n", d.Element, d.Label, d.Base, d.Impl, d.Rule)
	}
	return b.String()
}

// repImpl is the county implementation of repDoc's base item.
func repImpl() catalog.Doc {
	d := repDoc()
	d.Code, d.RegionCode, d.DeptID = "11530000MB0001-533422", "533422", 7
	return d
}

func TestCheckTighteningIsAllowed(t *testing.T) {
	impl := repImpl()
	impl.MaxVisits = 0                                            // fewer visits
	impl.OnlineDepth = 4                                          // deeper
	impl.Channels = append(impl.Channels, catalog.ChannelMobile)  // more channels
	impl.CrossRegion = catalog.CrossNational                      // wider
	impl.Materials = impl.Materials[:2]                           // fewer materials
	impl.Materials[1].Requirement = catalog.Optional              // looser
	impl.Fees = nil                                               // fee waived
	impl.Steps = impl.Steps[:2]                                   // local workflow
	impl.Conditions, impl.ConsultPhone = "本县补充说明", "0887-8411234" // local text
	impl.Instant, impl.PromisedDays = true, 0                     // instant: shorter than any promise
	if ds := catalog.Check(repDoc(), impl, catalog.DefaultFixedElements); len(ds) != 0 {
		t.Fatalf("tightening reported:\n%s", deviationLines(ds))
	}
}

func TestCheckReportsEveryDeviation(t *testing.T) {
	base, impl := repDoc(), repImpl()
	impl.Name = "食品经营许可（县级）"
	impl.ExerciseLevel = catalog.LevelTownship
	impl.LegalBasis = nil
	impl.LegalDays, impl.PromisedDays = 15, 12
	impl.MaxVisits, impl.OnlineDepth = 2, 2
	impl.Channels = []string{catalog.ChannelWindow}
	impl.CrossRegion = catalog.CrossNone
	impl.Targets = []string{catalog.TargetPerson}
	impl.Materials[1].Copies = 3
	impl.Materials[2].Requirement = catalog.Required
	impl.Materials = append(impl.Materials, catalog.Material{Key: "m9", Name: "房产证明", Requirement: catalog.Required,
		Forms: []string{catalog.FormCopy}, Copies: 1})
	impl.Fees = []catalog.Fee{{Name: "工本费", Standard: "每证 20 元"}, {Name: "审查费", Standard: "100 元"}}
	impl.SpecialProcedures = []catalog.SpecialProcedure{{Name: "现场核查", MaxDays: 10}}
	want := `name | 事项名称 | 食品经营许可 → 食品经营许可（县级） | 须与基本目录一致
exercise_level | 行使层级 | 县级 → 乡镇（街道）级 | 须与基本目录一致
legal_basis | 设定依据 | 《中华人民共和国食品安全法》第三十五条：国家对食品生产经营实行许可制度。 → （无） | 须与基本目录一致
legal_days | 法定时限 | 20 个工作日 → 15 个工作日 | 须与基本目录一致（法定时限由法律规定，压缩请调整承诺时限）
promised_days | 承诺时限 | 10 个工作日 → 12 个工作日 | 只能缩短
max_visits | 到现场次数 | 1 次 → 2 次 | 只能减少
online_depth | 网办深度 | 三级 → 二级 | 只能提高
channels | 办理渠道 | 网上办、窗口办 → 窗口办 | 不能取消基本目录已有的办理渠道（缺少网上办）
cross_region | 通办范围 | 省内通办 → 不通办 | 通办范围只能扩大
targets | 服务对象 | 法人 → 自然人 | 不能缩小服务对象
materials[身份证].copies | 申请材料“身份证”的份数 | 1 份 → 3 份 | 只能减少
materials[营业执照].requirement | 申请材料“营业执照”的要求 | 非必要 → 必要 | 材料要求只能放宽
materials[房产证明] | 申请材料“房产证明” | （基本目录无此材料） → 必要；复印件；1 份 | 只能减少申请材料，不能增加
fees[工本费].standard | 收费项目“工本费”的收费标准 | 每证 10 元 → 每证 20 元 | 收费标准须与基本目录一致
fees[审查费] | 收费项目“审查费” | （基本目录无此收费） → 审查费：100 元 | 不能增加收费项目
special_procedures[现场核查] | 特别程序“现场核查” | （基本目录无此程序） → 现场核查：最长 10 天 | 不能增加特别程序
`
	if got := deviationLines(catalog.Check(base, impl, catalog.DefaultFixedElements)); got != want {
		t.Fatalf("deviations:\n%s\nwant:\n%s", got, want)
	}
}

func TestCheckInstantAndFixedOverridesRule(t *testing.T) {
	base, impl := repDoc(), repImpl()
	base.Instant, base.PromisedDays = true, 0
	impl.PromisedDays = 0
	impl.Instant = false
	got := deviationLines(catalog.Check(base, impl, catalog.DefaultFixedElements))
	if got != "instant | 办件类型 | 即办件 → 承诺件 | 即办件不能改为承诺件\n" {
		t.Fatalf("instant loosened:\n%s", got)
	}
	// Fixing promised_days makes a shorter limit a deviation too (must equal),
	// reported once, under the equality rule.
	base, impl = repDoc(), repImpl()
	impl.PromisedDays = 3
	got = deviationLines(catalog.Check(base, impl, append(slices.Clone(catalog.DefaultFixedElements), "promised_days")))
	if got != "promised_days | 承诺时限 | 10 个工作日 → 3 个工作日 | 须与基本目录一致\n" {
		t.Fatalf("fixed promised days:\n%s", got)
	}
	// Dropping kind from the fixed list lets it differ.
	impl = repImpl()
	impl.Kind = catalog.KindConfirmation
	if ds := catalog.Check(base, impl, []string{"name"}); len(ds) != 0 {
		t.Fatalf("kind not fixed but reported:\n%s", deviationLines(ds))
	}
	if ds := catalog.Check(base, impl, catalog.DefaultFixedElements); len(ds) != 1 || ds[0].Element != "kind" || ds[0].Base != "行政许可" {
		t.Fatalf("kind fixed:\n%s", deviationLines(ds))
	}
}

func TestParseFixedElements(t *testing.T) {
	got, err := catalog.ParseFixedElements([]string{"promised_days", "name", " name ", "materials"})
	// Catalogue order, duplicates dropped, base_code always kept.
	if err != nil || strings.Join(got, ",") != "name,base_code,promised_days,materials" {
		t.Fatalf("parsed: %v %v", got, err)
	}
	if _, err := catalog.ParseFixedElements([]string{"name", "colour"}); errs.FieldOf(err) != "elements[1]" {
		t.Fatalf("unknown element: %v", err)
	}
	if got, err := catalog.ParseFixedElements(nil); err != nil || strings.Join(got, ",") != "base_code" {
		t.Fatalf("empty list: %v %v", got, err)
	}
	if catalog.ElementLabel("legal_basis") != "设定依据" || len(catalog.FixableElements()) < len(catalog.DefaultFixedElements) {
		t.Fatal("element catalogue")
	}
}
