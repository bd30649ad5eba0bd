package excel

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/onewindow/onewindow/internal/catalog"
)

func ptr(f float64) *float64 { return &f }

// fullDoc fills every element of a document, with the values that are easy
// to lose on the way through a spreadsheet: list values holding ";", text
// with line breaks and a leading "=", digits with leading zeros, negative
// and fractional numbers, a table in the form, a conditional material,
// fees, FAQ and parallel steps.
func fullDoc(code string) catalog.Doc {
	return catalog.Doc{
		BaseCode: "000123456000", Code: code, ParentCode: "11530000MB0001", Variant: catalog.VariantChange,
		Name: "食品经营许可（变更）", Kind: catalog.KindLicensing, DeptID: 42, RegionCode: "533401",
		DeptKind: "市场监管", ExerciseLevel: catalog.LevelCounty,
		LegalBasis: []catalog.LegalBasis{
			{Law: "《中华人民共和国食品安全法》", Article: "第三十五条", Text: "国家对食品生产经营实行许可制度。\n从事食品销售和餐饮服务，应当依法取得许可。"},
			{Law: "《食品经营许可和备案管理办法》", Article: "第二十七条", Text: "=SUM(A1:A2) 不是公式"},
		},
		Conditions: "1. 具有与经营的食品品种、数量相适应的场所；\n2. 有食品安全管理人员。",
		Targets:    []string{catalog.TargetPerson, catalog.TargetOrg},
		LegalDays:  20, PromisedDays: 5,
		Fees:      []catalog.Fee{{Name: "工本费", Standard: "每证 10 元", Basis: "云价收费〔2020〕1 号", Waivable: true}, {Name: "检测费", Standard: "按实际", Waivable: false}},
		MaxVisits: 1, OnlineDepth: 3, InHall: true,
		Channels:    []string{catalog.ChannelOnline, catalog.ChannelMobile, catalog.ChannelWindow, catalog.ChannelMail},
		CrossRegion: catalog.CrossNational,
		SpecialProcedures: []catalog.SpecialProcedure{
			{Name: "现场核查", MaxDays: 10, Note: "需要时进行"}, {Name: "专家评审", MaxDays: 0},
		},
		ConsultPhone: "0887-8221234", ComplaintPhone: "13800138000",
		FAQ:      []catalog.QA{{Q: "变更地址需要重新申请吗？", A: "经营场所变更的，应当重新申请；\n其他事项变更的，申请变更即可。"}},
		Keywords: []string{"食品", "餐饮;小吃", "许可\\证"},
		Themes:   []string{"start", "operate"},
		Materials: []catalog.Material{
			{Key: "m1", Name: "食品经营许可变更申请书", Requirement: catalog.Required, Forms: []string{catalog.FormOriginal, catalog.FormElectronic},
				Copies: 1, Spec: "A4", Template: "0007", Sample: "0008", Note: "法定代表人签字", Acceptance: "内容完整、签字齐全",
				Pledge: false, Deferrable: false},
			{Key: "m2", Name: "营业执照", Requirement: catalog.Optional, Forms: []string{catalog.FormCopy}, LicenseType: "营业执照", Pledge: true},
			{Key: "m3", Name: "委托书", Requirement: catalog.Conditional, Condition: "委托他人办理的", Forms: []string{catalog.FormOriginal},
				Copies: 2, Deferrable: true},
		},
		Form: []catalog.Field{
			{Key: "shop_name", Label: "店铺名称", Type: catalog.FieldText, Required: true, MaxLength: 50, Help: "与营业执照一致"},
			{Key: "area", Label: "经营面积", Type: catalog.FieldNumber, Min: ptr(-1.5), Max: ptr(100000.25)},
			{Key: "floor", Label: "楼层", Type: catalog.FieldNumber, Min: ptr(0)},
			{Key: "scope", Label: "经营项目", Type: catalog.FieldSelect, Required: true, Options: []string{"预包装食品销售", "热食类;冷食类", "其他"}},
			{Key: "staff", Label: "从业人员", Type: catalog.FieldTable, MaxRows: 20, Columns: []catalog.Field{
				{Key: "name", Label: "姓名", Type: catalog.FieldText, Required: true},
				{Key: "id_number", Label: "身份证号码", Type: catalog.FieldIDNumber, Required: true},
				{Key: "post", Label: "岗位", Type: catalog.FieldSelect, Options: []string{"厨师", "服务员"}},
			}},
			{Key: "name", Label: "联系人", Type: catalog.FieldText},
			{Key: "phone", Label: "联系电话", Type: catalog.FieldPhone, Required: true},
		},
		Steps: []catalog.Step{
			{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1},
			{Key: "review", Name: "审查", Stage: 2, Role: "reviewer", Days: 2},
			{Key: "site", Name: "现场核查", Stage: 2, Role: "reviewer", Days: 2},
			{Key: "decide", Name: "决定", Stage: 3, Role: "approver", Days: 1},
			{Key: "deliver", Name: "出件", Stage: 4, Role: "hall_manager", Days: 0},
		},
	}
}

// instantDoc is a small instant item with the lists it may leave empty.
func instantDoc(code string) catalog.Doc {
	return catalog.Doc{
		BaseCode: "000999000111", Code: code, Name: "社会保障卡申领", Kind: catalog.KindPublicService,
		RegionCode: "530000", ExerciseLevel: catalog.LevelProvince, Targets: []string{catalog.TargetPerson},
		Instant: true, OnlineDepth: 4, Channels: []string{catalog.ChannelMobile}, CrossRegion: catalog.CrossNone,
		Materials: []catalog.Material{{Key: "id", Name: "居民身份证", Requirement: catalog.Required, Forms: []string{catalog.FormOriginal}}},
		Steps:     []catalog.Step{{Key: "accept", Name: "受理并办结", Stage: 1, Role: "clerk"}},
	}
}

// validDocs are fixtures normalised by Validate, as stored documents are.
func validDocs(t *testing.T, docs ...catalog.Doc) []catalog.Doc {
	t.Helper()
	for i := range docs {
		if err := docs[i].Validate(); err != nil {
			t.Fatalf("fixture %d invalid: %v", i, err)
		}
	}
	return docs
}

func exportBytes(t *testing.T, docs []catalog.Doc) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, docs); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// edit opens an exported workbook, lets fn change it and returns the file.
func edit(t *testing.T, data []byte, fn func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fn(f)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// must fails the test on an error from an excelize call in an edit.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// hasProblem finds a problem on sheet/row/column whose reason contains want.
func hasProblem(rep *Report, sheet string, row int, column, want string) bool {
	for _, p := range rep.Problems {
		if p.Sheet == sheet && p.Row == row && p.Column == column && bytes.Contains([]byte(p.Reason), []byte(want)) {
			return true
		}
	}
	return false
}
