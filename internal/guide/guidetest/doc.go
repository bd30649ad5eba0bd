// Package guidetest holds a fully filled item for tests of guides: every
// element set, long text that must wrap, a conditional material, a
// parallel (会签) stage, fees, special procedures and FAQ.
package guidetest

import "github.com/onewindow/onewindow/internal/catalog"

// Doc returns a complete, valid 食品经营许可 item for a department in
// region. A rendered guide must show Name, every MaterialNames entry,
// FeeStandard and ConsultPhone.
func Doc(code string, deptID int64, region string) catalog.Doc {
	return catalog.Doc{
		BaseCode: "11530000MB0000000X1000", Code: code, Name: Name, Kind: catalog.KindLicensing,
		Variant: catalog.VariantNew, DeptID: deptID, RegionCode: region, DeptKind: "市场监管",
		ExerciseLevel: catalog.LevelCity,
		LegalBasis: []catalog.LegalBasis{
			{Law: "《中华人民共和国食品安全法》", Article: "第三十五条", Text: "国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，应当依法取得许可。但是，销售食用农产品和仅销售预包装食品的，不需要取得许可。"},
			{Law: "《食品经营许可和备案管理办法》", Article: "第四条"},
		},
		Conditions: "（一）具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所，保持该场所环境整洁，并与有毒、有害场所以及其他污染源保持规定的距离；\n（二）具有与经营的食品品种、数量相适应的经营设备或者设施；\n（三）有专职或者兼职的食品安全管理人员和保证食品安全的规章制度。",
		Targets:    []string{catalog.TargetPerson, catalog.TargetOrg},
		LegalDays:  20, PromisedDays: 5,
		Fees:      []catalog.Fee{{Name: "工本费", Standard: FeeStandard, Basis: "《云南省行政事业性收费目录清单》", Waivable: true}},
		MaxVisits: 1, OnlineDepth: 3, InHall: true,
		Channels:    []string{catalog.ChannelOnline, catalog.ChannelMobile, catalog.ChannelWindow, catalog.ChannelMail},
		CrossRegion: catalog.CrossProvince,
		SpecialProcedures: []catalog.SpecialProcedure{
			{Name: "现场核查", MaxDays: 10, Note: "需要对经营场所进行现场核查的，核查时间不计入办理时限。"},
		},
		ConsultPhone: ConsultPhone, ComplaintPhone: "0887-8223456",
		FAQ: []catalog.QA{
			{Q: "仅销售预包装食品需要办理食品经营许可吗？", A: "不需要。仅销售预包装食品的，应当报所在地县级以上地方人民政府食品安全监督管理部门备案。"},
			{Q: "许可证有效期多长？", A: "食品经营许可证有效期为 5 年。"},
		},
		Keywords: []string{"食品", "餐饮", "开饭店"},
		Themes:   []string{"start"},
		Materials: []catalog.Material{
			{Key: "m1", Name: MaterialNames[0], Requirement: catalog.Required, Forms: []string{catalog.FormOriginal, catalog.FormElectronic}, Copies: 1, Spec: "A4", Template: "f-blank-1", Sample: "f-sample-1", Acceptance: "内容完整，签字盖章齐全"},
			{Key: "m2", Name: MaterialNames[1], Requirement: catalog.Required, Forms: []string{catalog.FormCopy}, Copies: 1, LicenseType: "营业执照"},
			{Key: "m3", Name: MaterialNames[2], Requirement: catalog.Required, Forms: []string{catalog.FormOriginal}, Copies: 1, Spec: "A4", Pledge: true, Note: "标明经营场所的布局、设备设施位置，以及与污染源的距离。一张清楚的平面图即可，不必请专业机构绘制。"},
			{Key: "m4", Name: MaterialNames[3], Requirement: catalog.Conditional, Condition: "委托他人办理的", Forms: []string{catalog.FormOriginal}, Copies: 1, Deferrable: true},
		},
		Form: []catalog.Field{
			{Key: "shop_name", Label: "经营者名称", Type: catalog.FieldText, Required: true, MaxLength: 100},
			{Key: "address", Label: "经营场所", Type: catalog.FieldAddress, Required: true},
		},
		Steps: []catalog.Step{
			{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1},
			{Key: "review", Name: "材料审查", Stage: 2, Role: "reviewer", Days: 2},
			{Key: "site", Name: "现场核查意见", Stage: 2, Role: "reviewer", Days: 2},
			{Key: "decide", Name: "审批决定", Stage: 3, Role: "approver", Days: 1},
			{Key: "deliver", Name: "制证送达", Stage: 4, Role: "clerk", Days: 1},
		},
	}
}

// Text the tests look for in a rendered guide.
const (
	Name         = "食品经营许可（新设）"
	FeeStandard  = "每证 10 元"
	ConsultPhone = "0887-8221234"
)

// MaterialNames are the names of Doc's materials, in order.
var MaterialNames = []string{"食品经营许可申请书", "营业执照或者其他主体资格证明文件", "与食品经营相适应的经营场所和设备布局、操作流程等文件", "授权委托书及经办人身份证明"}
