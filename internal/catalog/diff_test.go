package catalog_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/catalog"
)

// repDoc is a small, valid item for the diff, consistency and indicator tests.
func repDoc() catalog.Doc {
	return catalog.Doc{
		BaseCode: "11530000MB0001", Code: "11530000MB0001", Name: "食品经营许可", Kind: catalog.KindLicensing,
		RegionCode: "530000", DeptKind: "市场监管", ExerciseLevel: catalog.LevelCounty,
		LegalBasis: []catalog.LegalBasis{{Law: "《中华人民共和国食品安全法》", Article: "第三十五条", Text: "国家对食品生产经营实行许可制度。"}},
		Targets:    []string{catalog.TargetOrg},
		LegalDays:  20, PromisedDays: 10, MaxVisits: 1, OnlineDepth: 3, InHall: true,
		Channels:    []string{catalog.ChannelOnline, catalog.ChannelWindow},
		CrossRegion: catalog.CrossProvince,
		Fees:        []catalog.Fee{{Name: "工本费", Standard: "每证 10 元"}},
		Materials: []catalog.Material{
			{Key: "m1", Name: "申请书", Requirement: catalog.Required, Forms: []string{catalog.FormOriginal}, Copies: 1},
			{Key: "m2", Name: "身份证", Requirement: catalog.Required, Forms: []string{catalog.FormCopy}, Copies: 1},
			{Key: "m3", Name: "营业执照", Requirement: catalog.Optional, Forms: []string{catalog.FormCopy}, Copies: 1},
		},
		Form: []catalog.Field{
			{Key: "applicant_name", Label: "申请人", Type: catalog.FieldText, Required: true},
			{Key: "staff", Label: "从业人员", Type: catalog.FieldTable, Columns: []catalog.Field{
				{Key: "name", Label: "姓名", Type: catalog.FieldText}}},
		},
		Steps: []catalog.Step{{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1},
			{Key: "review", Name: "审查", Stage: 2, Role: "reviewer", Days: 5},
			{Key: "decide", Name: "决定", Stage: 3, Role: "approver", Days: 2}},
	}
}

// changeLines renders changes one per line, for comparing with a wanted list.
func changeLines(cs []catalog.Change) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%s %s | %s | %s → %s\n", c.Op, c.Path, c.Label, c.Before, c.After)
	}
	return b.String()
}

func TestDiffNoChange(t *testing.T) {
	if cs := catalog.Diff(repDoc(), repDoc()); len(cs) != 0 {
		t.Fatalf("identical docs differ:\n%s", changeLines(cs))
	}
}

func TestDiffReadableElementByElement(t *testing.T) {
	a, b := repDoc(), repDoc()
	b.PromisedDays = 5
	b.Instant = false
	b.OnlineDepth = 4
	b.MaxVisits = 0
	b.Channels = []string{catalog.ChannelOnline, catalog.ChannelMobile, catalog.ChannelWindow}
	b.Kind = catalog.KindConfirmation
	b.Materials[1].Copies = 2                        // 身份证 2 份
	b.Materials[2].Requirement = catalog.Conditional // 营业执照 becomes conditional
	b.Materials[2].Condition = "已办理营业执照的"
	b.Form[0].Required = false
	b.Form[1].Columns[0].Label = "从业人员姓名"
	b.Steps[1].Days = 3
	b.Fees = nil
	want := `changed kind | 事项类型 | 行政许可 → 行政确认
changed promised_days | 承诺时限 | 10 个工作日 → 5 个工作日
removed fees[工本费] | 收费项目“工本费” | 工本费：每证 10 元 → 
changed max_visits | 到现场次数 | 1 次 → 0 次
changed online_depth | 网办深度 | 三级 → 四级（全程网办）
changed channels | 办理渠道 | 网上办、窗口办 → 网上办、掌上办、窗口办
changed materials[m2].copies | 申请材料“身份证”的份数 | 1 份 → 2 份
changed materials[m3].requirement | 申请材料“营业执照”的要求 | 非必要 → 情形材料
changed materials[m3].condition | 申请材料“营业执照”的适用情形 | （无） → 已办理营业执照的
changed form[applicant_name].required | 表单字段“申请人”的填写要求 | 必填 → 选填
changed form[staff].columns[name].label | 表单字段“从业人员”的列“从业人员姓名”的名称 | 姓名 → 从业人员姓名
changed steps[review].days | 办理环节“审查”的时限 | 5 个工作日 → 3 个工作日
`
	if got := changeLines(catalog.Diff(a, b)); got != want {
		t.Fatalf("diff:\n%s\nwant:\n%s", got, want)
	}
}

func TestDiffListsMatchByKey(t *testing.T) {
	a, b := repDoc(), repDoc()
	// Reorder: 营业执照 moves to the front; the other two keep their order,
	// so only 营业执照 is reported as moved.
	b.Materials = []catalog.Material{a.Materials[2], a.Materials[0], a.Materials[1]}
	// A rename keeps the key: one change of the name, not a removal and an addition.
	b.Materials[1].Name = "食品经营许可申请书"
	// Add a material, remove a step, add a step.
	b.Materials = append(b.Materials, catalog.Material{Key: "m4", Name: "健康证明", Requirement: catalog.Required,
		Forms: []string{catalog.FormCopy, catalog.FormElectronic}, Copies: 2})
	b.Steps = []catalog.Step{a.Steps[0], {Key: "site", Name: "现场核查", Stage: 2, Role: "reviewer", Days: 2}, a.Steps[2]}
	want := `moved materials[m3] | 申请材料“营业执照”的位置 | 第 3 项 → 第 1 项
changed materials[m1].name | 申请材料“食品经营许可申请书”的名称 | 申请书 → 食品经营许可申请书
added materials[m4] | 申请材料“健康证明” |  → 必要；复印件、电子件；2 份
removed steps[review] | 办理环节“审查” | 第 2 步；审查人员；5 个工作日 → 
added steps[site] | 办理环节“现场核查” |  → 第 2 步；审查人员；2 个工作日
`
	if got := changeLines(catalog.Diff(a, b)); got != want {
		t.Fatalf("diff:\n%s\nwant:\n%s", got, want)
	}
}

func TestDiffSwapIsOneMove(t *testing.T) {
	a, b := repDoc(), repDoc()
	b.Steps[0], b.Steps[1] = a.Steps[1], a.Steps[0]
	cs := catalog.Diff(a, b)
	var moves []string
	for _, c := range cs {
		if c.Op == catalog.ChangeMoved {
			moves = append(moves, c.Path)
		}
	}
	// Swapping two neighbours moves one of them; the stage numbers are unchanged
	// here, so nothing else differs.
	if len(moves) != 1 || len(cs) != 1 {
		t.Fatalf("swap:\n%s", changeLines(cs))
	}
}

func TestDiffUnkeyedListsByName(t *testing.T) {
	a, b := repDoc(), repDoc()
	b.LegalBasis[0].Text = "国家对食品生产经营实行许可制度。从事食品销售，应当依法取得许可。"
	b.Fees[0].Standard = "免费"
	b.Fees[0].Waivable = true
	b.FAQ = []catalog.QA{{Q: "能否网上办理？", A: "可以。"}}
	want := `changed legal_basis[《中华人民共和国食品安全法》第三十五条].text | 设定依据“《中华人民共和国食品安全法》第三十五条”的条文内容 | 国家对食品生产经营实行许可制度。 → 国家对食品生产经营实行许可制度。从事食品销售，应当依法取得许可。
changed fees[工本费].standard | 收费项目“工本费”的收费标准 | 每证 10 元 → 免费
changed fees[工本费].waivable | 收费项目“工本费”的可减免 | 否 → 是
added faq[能否网上办理？] | 常见问题“能否网上办理？” |  → 可以。
`
	if got := changeLines(catalog.Diff(a, b)); got != want {
		t.Fatalf("diff:\n%s\nwant:\n%s", got, want)
	}
}
