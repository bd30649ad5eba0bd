package casestest

import "github.com/onewindow/onewindow/internal/catalog"

// The items New publishes (实施编码).
const (
	// StdItem: 迪庆州市场监督管理局, accept (clerk) → review (reviewer) →
	// decide (approver); promised 10, legal 20 working days; special
	// procedure 检验 (at most 10 days); materials m1 (required, pledge
	// allowed), m2 (required, deferrable), m3 (optional).
	StdItem = "SPJY-533400"
	// ParallelItem: two reviewer steps in stage 2 (会签), then decide.
	ParallelItem = "GGCS-533400"
	// InstantItem: 即办件, accepted and granted at the window.
	InstantItem = "JBJ-533400"
	// CrossItem: 德钦县市场监督管理局, 省内通办.
	CrossItem = "TB-533422"
	// LocalItem: 德钦县市场监督管理局, no cross-region scope.
	LocalItem = "BD-533422"
	// BundleItemA and BundleItemB are the two items of Bundle, of the
	// prefecture's market regulator and health commission.
	BundleItemA = "YJSA-533400"
	BundleItemB = "YJSB-533400"
	// Bundle is 我要开小吃店: BundleItemA and BundleItemB, both always.
	Bundle = "YJS-XCD-533400"
)

// StdMaterials are the std item's material keys.
const (
	MatPledge   = "m1" // required; a pledge may replace it
	MatDeferred = "m2" // required; may be supplied after acceptance
	MatOptional = "m3"
)

func floatp(f float64) *float64 { return &f }

// baseDoc is a valid item of dept in region with a two-field form and the
// std steps; callers adjust it.
func baseDoc(code, name string, dept int64, region string) catalog.Doc {
	return catalog.Doc{
		BaseCode: "B-" + code, Code: code, Name: name, Kind: catalog.KindLicensing, Variant: catalog.VariantNew,
		DeptID: dept, RegionCode: region, ExerciseLevel: catalog.LevelCity,
		LegalBasis: []catalog.LegalBasis{{Law: "《中华人民共和国行政许可法》", Article: "第二十九条"}},
		Targets:    []string{catalog.TargetPerson, catalog.TargetOrg},
		LegalDays:  20, PromisedDays: 10, MaxVisits: 1, OnlineDepth: 3, InHall: true,
		Channels:    []string{catalog.ChannelOnline, catalog.ChannelMobile, catalog.ChannelWindow, catalog.ChannelMail},
		CrossRegion: catalog.CrossNone,
		Materials: []catalog.Material{
			{Key: "m1", Name: "申请书", Requirement: catalog.Optional, Forms: []string{catalog.FormElectronic}},
		},
		Form: []catalog.Field{
			{Key: "shop_name", Label: "经营者名称", Type: catalog.FieldText, Required: true, MaxLength: 50},
			{Key: "area", Label: "经营面积", Type: catalog.FieldNumber, Min: floatp(1), Max: floatp(10000)},
		},
		Steps: []catalog.Step{
			{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1},
			{Key: "review", Name: "审查", Stage: 2, Role: "reviewer", Days: 3},
			{Key: "decide", Name: "决定", Stage: 3, Role: "approver", Days: 2},
		},
	}
}

func stdDoc(dept int64) catalog.Doc {
	d := baseDoc(StdItem, "食品经营许可", dept, "533400")
	d.SpecialProcedures = []catalog.SpecialProcedure{{Name: "检验", MaxDays: 10, Note: "抽样检验时间不计入办理时限"}}
	d.Materials = []catalog.Material{
		{Key: MatPledge, Name: "经营场所使用证明", Requirement: catalog.Required, Forms: []string{catalog.FormElectronic}, Pledge: true},
		{Key: MatDeferred, Name: "健康证明", Requirement: catalog.Required, Forms: []string{catalog.FormElectronic}, Deferrable: true},
		{Key: MatOptional, Name: "设备布局图", Requirement: catalog.Optional, Forms: []string{catalog.FormElectronic}},
	}
	return d
}

func parallelDoc(dept int64) catalog.Doc {
	d := baseDoc(ParallelItem, "公共场所卫生许可", dept, "533400")
	d.Steps = []catalog.Step{
		{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1},
		{Key: "papers", Name: "材料审查", Stage: 2, Role: "reviewer", Days: 2},
		{Key: "site", Name: "现场核查", Stage: 2, Role: "reviewer", Days: 3},
		{Key: "decide", Name: "决定", Stage: 3, Role: "approver", Days: 2},
	}
	return d
}

func instantDoc(dept int64) catalog.Doc {
	d := baseDoc(InstantItem, "食品小作坊登记变更", dept, "533400")
	d.Instant, d.PromisedDays, d.LegalDays = true, 0, 1
	d.Steps = []catalog.Step{{Key: "accept", Name: "受理并办结", Stage: 1, Role: "clerk", Days: 0}}
	return d
}

func crossDoc(dept int64) catalog.Doc {
	d := baseDoc(CrossItem, "个体工商户名称变更", dept, "533422")
	d.ExerciseLevel, d.CrossRegion = catalog.LevelCounty, catalog.CrossProvince
	return d
}

func localDoc(dept int64) catalog.Doc {
	d := baseDoc(LocalItem, "小餐饮经营许可", dept, "533422")
	d.ExerciseLevel = catalog.LevelCounty
	return d
}

// bundleItemDocs are the two items of the bundle: accept then decide,
// each asking for the operator's name (shared) and its own field.
func bundleItemDocs(market, health int64) []catalog.Doc {
	a := baseDoc(BundleItemA, "小餐饮登记", market, "533400")
	a.PromisedDays = 5
	a.Form = []catalog.Field{
		{Key: "operator", Label: "经营者姓名", Type: catalog.FieldText, Required: true},
		{Key: "seats", Label: "座位数", Type: catalog.FieldNumber, Min: floatp(1), Max: floatp(500)},
	}
	a.Steps = []catalog.Step{
		{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1},
		{Key: "decide", Name: "决定", Stage: 2, Role: "approver", Days: 2},
	}
	b := a
	b.BaseCode, b.Code, b.Name, b.DeptID = "B-"+BundleItemB, BundleItemB, "从业人员健康检查备案", health
	b.Form = []catalog.Field{
		{Key: "name", Label: "申请人姓名", Type: catalog.FieldText, Required: true},
		{Key: "staff", Label: "从业人员数", Type: catalog.FieldNumber, Min: floatp(1), Max: floatp(100)},
	}
	b.Materials = []catalog.Material{
		{Key: "h1", Name: "申请书", Requirement: catalog.Optional, Forms: []string{catalog.FormElectronic}},
	}
	return []catalog.Doc{a, b}
}

func bundleDoc() catalog.BundleDoc {
	return catalog.BundleDoc{
		Name: "我要开小吃店", Summary: "小吃店开业所需的登记和健康检查备案，一次申请、一套材料。",
		Targets: []string{catalog.TargetPerson}, PromisedDays: 10,
		Items: []catalog.BundleItem{{ItemCode: BundleItemA, Always: true}, {ItemCode: BundleItemB, Always: true}},
		SharedFields: []catalog.SharedField{
			{Field: catalog.Field{Key: "operator", Label: "经营者姓名", Type: catalog.FieldText, Required: true},
				Maps: []catalog.FieldMap{{ItemCode: BundleItemA, FieldKey: "operator"}, {ItemCode: BundleItemB, FieldKey: "name"}}},
		},
	}
}
