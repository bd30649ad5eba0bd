package catalog_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// restaurantItems are four items of "我要开饭店" as the pure functions see
// them: each asks for the applicant's name and ID number under its own keys,
// and each wants the ID card under a different name.
func restaurantItems() []catalog.Doc {
	idCard := func(key, name, lic string, req string, copies int, pledge bool) catalog.Material {
		return catalog.Material{Key: key, Name: name, LicenseType: lic, Requirement: req, Forms: []string{catalog.FormCopy}, Copies: copies, Pledge: pledge}
	}
	premises := catalog.Material{Key: "m9", Name: "经营场所使用证明（原件）", Requirement: catalog.Required, Forms: []string{catalog.FormOriginal}, Copies: 1, Pledge: true}
	return []catalog.Doc{
		{Code: "YYZZ-01", Name: "个体工商户设立登记", LegalDays: 15, PromisedDays: 1,
			Form: []catalog.Field{
				{Key: "operator", Label: "经营者姓名", Type: catalog.FieldText, Required: true},
				{Key: "operator_id", Label: "经营者身份证号", Type: catalog.FieldIDNumber, Required: true},
				{Key: "trade_name", Label: "个体工商户名称", Type: catalog.FieldText},
				{Key: "scope", Label: "经营范围", Type: catalog.FieldText, Required: true}},
			Materials: []catalog.Material{idCard("m1", "经营者身份证明", "居民身份证", catalog.Required, 1, false), premises}},
		{Code: "SPJY-01", Name: "食品经营许可", LegalDays: 20, PromisedDays: 5,
			Form: []catalog.Field{
				{Key: "applicant", Label: "申请人", Type: catalog.FieldText, Required: true},
				{Key: "id_no", Label: "身份证号码", Type: catalog.FieldIDNumber, Required: true},
				{Key: "main_form", Label: "主体业态", Type: catalog.FieldSelect, Required: true, Options: []string{"餐饮服务经营者", "食品销售经营者"}},
				{Key: "area", Label: "经营面积", Type: catalog.FieldNumber}},
			Materials: []catalog.Material{{Key: "a1", Name: "食品经营许可申请书", Requirement: catalog.Required, Forms: []string{catalog.FormOriginal}, Copies: 1},
				idCard("a2", "申请人身份证（复印件）", "", catalog.Required, 2, false),
				{Key: "a3", Name: "经营场所使用证明", Requirement: catalog.Conditional, Condition: "租赁场所的", Forms: []string{catalog.FormCopy}, Copies: 1, Pledge: true}}},
		{Code: "JLXK-01", Name: "酒类商品零售许可", LegalDays: 20, PromisedDays: 10,
			Form: []catalog.Field{{Key: "name", Label: "申请人", Type: catalog.FieldText, Required: true},
				{Key: "kinds", Label: "经营酒类", Type: catalog.FieldText}},
			Materials: []catalog.Material{idCard("b1", "身份证", "", catalog.Optional, 1, true)}},
		{Code: "YCXK-01", Name: "烟草专卖零售许可", LegalDays: 20, PromisedDays: 15,
			Form:      []catalog.Field{{Key: "applicant_name", Label: "申请人姓名", Type: catalog.FieldText, Required: true}},
			Materials: []catalog.Material{{Key: "c1", Name: "烟草专卖零售许可证申请表", Requirement: catalog.Required, Forms: []string{catalog.FormOriginal}, Copies: 1}}},
	}
}

func restaurantDoc() catalog.BundleDoc {
	return catalog.BundleDoc{
		Name: " 我要开饭店 ", Summary: "个体餐馆开业所需的登记和许可，一次申请、一套材料。",
		Targets: []string{"person", "person"}, Themes: []string{"start"}, PromisedDays: 15,
		Items: []catalog.BundleItem{
			{ItemCode: "yyzz-01", Always: true},
			{ItemCode: "SPJY-01", Always: true},
			{ItemCode: "JLXK-01", When: []catalog.Condition{{Question: "liquor", Answer: "yes"}}},
			{ItemCode: "YCXK-01", When: []catalog.Condition{{Question: "tobacco", Answer: "yes"}, {Question: "size", Answer: "大型"}}},
		},
		Questions: []catalog.Question{
			{Key: "liquor", Text: "是否销售酒类？", Kind: catalog.QuestionYesNo},
			{Key: "tobacco", Text: "是否销售卷烟？", Kind: catalog.QuestionYesNo},
			{Key: "size", Text: "经营规模", Kind: catalog.QuestionChoice, Options: []string{"小型", "大型"}},
		},
		SharedFields: []catalog.SharedField{
			{Field: catalog.Field{Key: "name", Label: "经营者姓名", Type: catalog.FieldText, Required: true}, Maps: []catalog.FieldMap{
				{ItemCode: "YYZZ-01", FieldKey: "operator"}, {ItemCode: "SPJY-01", FieldKey: "applicant"},
				{ItemCode: "JLXK-01", FieldKey: "name"}, {ItemCode: "YCXK-01", FieldKey: "applicant_name"}}},
			{Field: catalog.Field{Key: "id_number", Label: "公民身份号码", Type: catalog.FieldIDNumber, Required: true}, Maps: []catalog.FieldMap{
				{ItemCode: "YYZZ-01", FieldKey: "operator_id"}, {ItemCode: "SPJY-01", FieldKey: "id_no"}}},
		},
	}
}

func byCode(docs []catalog.Doc) map[string]catalog.Doc {
	out := map[string]catalog.Doc{}
	for _, d := range docs {
		out[d.Code] = d
	}
	return out
}

func TestBundleValidateNormalises(t *testing.T) {
	d := restaurantDoc()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if d.Name != "我要开饭店" || len(d.Targets) != 1 || d.Items[0].ItemCode != "YYZZ-01" {
		t.Fatalf("not normalised: %q %v %s", d.Name, d.Targets, d.Items[0].ItemCode)
	}
	if err := d.CheckItems(byCode(restaurantItems())); err != nil {
		t.Fatal(err)
	}
}

// wantPlace checks an Invalid error naming field, with a Chinese message.
func wantPlace(t *testing.T, what string, err error, field string) {
	t.Helper()
	if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != field {
		t.Errorf("%s: err = %v, want invalid %s", what, err, field)
		return
	}
	if msg := errs.MessageOf(err); !strings.ContainsFunc(msg, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		t.Errorf("%s: message %q is not Chinese", what, msg)
	}
}

func TestBundleValidateNamesThePlace(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(d *catalog.BundleDoc)
		field string
	}{
		{"no name", func(d *catalog.BundleDoc) { d.Name = " " }, "name"},
		{"no summary", func(d *catalog.BundleDoc) { d.Summary = "" }, "summary"},
		{"bad target", func(d *catalog.BundleDoc) { d.Targets = []string{"alien"} }, "targets[0]"},
		{"bad theme", func(d *catalog.BundleDoc) { d.Themes = []string{"start", "party"} }, "themes[1]"},
		{"negative days", func(d *catalog.BundleDoc) { d.PromisedDays = -1 }, "promised_days"},
		{"one item", func(d *catalog.BundleDoc) { d.Items = d.Items[:1]; d.Questions = nil; d.SharedFields = nil }, "items"},
		{"bad code", func(d *catalog.BundleDoc) { d.Items[1].ItemCode = "a b" }, "items[1].item_code"},
		{"duplicate item", func(d *catalog.BundleDoc) { d.Items[1].ItemCode = "YYZZ-01" }, "items[1].item_code"},
		{"never applies", func(d *catalog.BundleDoc) { d.Items[1].Always = false }, "items[1].when"},
		{"always with condition", func(d *catalog.BundleDoc) { d.Items[2].Always = true }, "items[2].when"},
		{"unknown question", func(d *catalog.BundleDoc) { d.Items[3].When[1].Question = "smoke" }, "items[3].when[1].question"},
		{"unknown answer", func(d *catalog.BundleDoc) { d.Items[3].When[1].Answer = "中型" }, "items[3].when[1].answer"},
		{"yes/no answer", func(d *catalog.BundleDoc) { d.Items[2].When[0].Answer = "是" }, "items[2].when[0].answer"},
		{"bad question key", func(d *catalog.BundleDoc) { d.Questions[0].Key = "Liquor" }, "questions[0].key"},
		{"duplicate question", func(d *catalog.BundleDoc) { d.Questions[1].Key = "liquor" }, "questions[1].key"},
		{"question text", func(d *catalog.BundleDoc) { d.Questions[0].Text = "" }, "questions[0].text"},
		{"question kind", func(d *catalog.BundleDoc) { d.Questions[0].Kind = "multi" }, "questions[0].kind"},
		{"yes/no options", func(d *catalog.BundleDoc) { d.Questions[0].Options = []string{"是", "否"} }, "questions[0].options"},
		{"one option", func(d *catalog.BundleDoc) { d.Questions[2].Options = []string{"小型"} }, "questions[2].options"},
		{"duplicate options", func(d *catalog.BundleDoc) { d.Questions[2].Options = []string{"大型", "大型"} }, "questions[2].options"},
		{"unused question", func(d *catalog.BundleDoc) {
			d.Questions = append(d.Questions, catalog.Question{Key: "pets", Text: "是否允许携带宠物？", Kind: catalog.QuestionYesNo})
		}, "questions[3]"},
		{"shared type", func(d *catalog.BundleDoc) { d.SharedFields[1].Type = "photo" }, "shared_fields[1].type"},
		{"shared table", func(d *catalog.BundleDoc) { d.SharedFields[0].Type = catalog.FieldTable }, "shared_fields[0].type"},
		{"shared key twice", func(d *catalog.BundleDoc) { d.SharedFields[1].Key = "name" }, "shared_fields[1].key"},
		{"unmapped shared", func(d *catalog.BundleDoc) { d.SharedFields[1].Maps = nil }, "shared_fields[1].maps"},
		{"map outside bundle", func(d *catalog.BundleDoc) { d.SharedFields[1].Maps[1].ItemCode = "HYDJ-01" }, "shared_fields[1].maps[1].item_code"},
		{"map bad key", func(d *catalog.BundleDoc) { d.SharedFields[1].Maps[0].FieldKey = "1x" }, "shared_fields[1].maps[0].field_key"},
		{"mapped twice", func(d *catalog.BundleDoc) { d.SharedFields[1].Maps[0].FieldKey = "operator" }, "shared_fields[1].maps[0].field_key"},
	} {
		d := restaurantDoc()
		c.edit(&d)
		wantPlace(t, c.name, d.Validate(), c.field)
	}
}

func TestBundleCheckItems(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(d *catalog.BundleDoc, items map[string]catalog.Doc)
		field string
	}{
		{"item missing", func(d *catalog.BundleDoc, items map[string]catalog.Doc) { delete(items, "JLXK-01") }, "items[2].item_code"},
		{"no such field", func(d *catalog.BundleDoc, _ map[string]catalog.Doc) { d.SharedFields[0].Maps[2].FieldKey = "nom" }, "shared_fields[0].maps[2].field_key"},
		{"type differs", func(d *catalog.BundleDoc, _ map[string]catalog.Doc) {
			d.SharedFields[1].Maps[1].FieldKey = "area"
		}, "shared_fields[1].maps[1].field_key"},
		{"optional for a required field", func(d *catalog.BundleDoc, _ map[string]catalog.Doc) { d.SharedFields[0].Required = false }, "shared_fields[0].required"},
		{"option the item lacks", func(d *catalog.BundleDoc, _ map[string]catalog.Doc) {
			d.SharedFields = append(d.SharedFields, catalog.SharedField{
				Field: catalog.Field{Key: "form", Label: "业态", Type: catalog.FieldSelect, Required: true, Options: []string{"餐饮服务经营者", "中央厨房"}},
				Maps:  []catalog.FieldMap{{ItemCode: "SPJY-01", FieldKey: "main_form"}}})
		}, "shared_fields[2].options"},
		{"longer than the slowest", func(d *catalog.BundleDoc, _ map[string]catalog.Doc) { d.PromisedDays = 21 }, "promised_days"},
		{"instant with promised items", func(d *catalog.BundleDoc, _ map[string]catalog.Doc) { d.PromisedDays = 0 }, "promised_days"},
	} {
		d := restaurantDoc()
		items := byCode(restaurantItems())
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
		c.edit(&d, items)
		wantPlace(t, c.name, d.CheckItems(items), c.field)
	}
	// The limit may equal the slowest item's legal limit, and be 0 when every item is instant.
	d := restaurantDoc()
	d.Validate()
	d.PromisedDays = 20
	if err := d.CheckItems(byCode(restaurantItems())); err != nil {
		t.Errorf("20 days = the longest legal limit: %v", err)
	}
	items := byCode(restaurantItems())
	for k, v := range items {
		v.Instant = true
		items[k] = v
	}
	d.PromisedDays = 0
	if err := d.CheckItems(items); err != nil {
		t.Errorf("all instant: %v", err)
	}
}

func TestApplicableAndAnswers(t *testing.T) {
	d := restaurantDoc()
	d.Validate()
	for _, c := range []struct {
		answers map[string]string
		want    []string
	}{
		{nil, []string{"YYZZ-01", "SPJY-01"}},
		{map[string]string{"liquor": "no", "tobacco": "no"}, []string{"YYZZ-01", "SPJY-01"}},
		{map[string]string{"liquor": "yes"}, []string{"YYZZ-01", "SPJY-01", "JLXK-01"}},
		{map[string]string{"tobacco": "yes", "liquor": "no"}, []string{"YYZZ-01", "SPJY-01", "YCXK-01"}},
		{map[string]string{"size": "大型", "liquor": "yes"}, []string{"YYZZ-01", "SPJY-01", "JLXK-01", "YCXK-01"}},
	} {
		if got := catalog.Applicable(d, c.answers); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Applicable(%v) = %v, want %v", c.answers, got, c.want)
		}
	}
	if err := d.CheckAnswers(map[string]string{"liquor": "yes", "size": ""}); err != nil {
		t.Errorf("valid answers: %v", err)
	}
	wantPlace(t, "unknown question", d.CheckAnswers(map[string]string{"pets": "yes"}), "answers.pets")
	wantPlace(t, "bad yes/no", d.CheckAnswers(map[string]string{"liquor": "是"}), "answers.liquor")
	wantPlace(t, "bad choice", d.CheckAnswers(map[string]string{"size": "中型"}), "answers.size")
	if un := d.Unanswered(map[string]string{"liquor": "no"}); len(un) != 2 || un[0].Key != "tobacco" || un[1].Key != "size" {
		t.Errorf("unanswered: %+v", un)
	}
	items := restaurantItems()
	if n := catalog.EffectiveDays(d, items, []string{"YYZZ-01"}); n != 15 {
		t.Errorf("effective days for 营业执照 alone = %d, want 15 (its legal limit)", n)
	}
	d.PromisedDays = 12
	if n := catalog.EffectiveDays(d, items, []string{"YYZZ-01", "SPJY-01"}); n != 12 {
		t.Errorf("effective days = %d, want the bundle's 12", n)
	}
}

func TestMergedFormAsksSharedFieldsOnce(t *testing.T) {
	d := restaurantDoc()
	d.Validate()
	items := restaurantItems()
	form := catalog.MergedForm(d, items, catalog.Applicable(d, map[string]string{"liquor": "yes"}))
	var titles []string
	keys := map[string]bool{}
	for _, g := range form {
		titles = append(titles, g.Title)
		for _, f := range g.Fields {
			if keys[f.Key] {
				t.Errorf("field %s asked twice", f.Key)
			}
			keys[f.Key] = true
		}
	}
	if want := []string{"共同信息", "个体工商户设立登记", "食品经营许可", "酒类商品零售许可"}; !reflect.DeepEqual(titles, want) {
		t.Fatalf("groups %v, want %v", titles, want)
	}
	if !keys["name"] || !keys["id_number"] || keys["YYZZ-01.operator"] || keys["SPJY-01.id_no"] || keys["JLXK-01.name"] {
		t.Errorf("shared fields should replace the items' own: %v", keys)
	}
	if !keys["YYZZ-01.scope"] || !keys["SPJY-01.main_form"] || !keys["JLXK-01.kinds"] {
		t.Errorf("item fields missing: %v", keys)
	}
	if got := form[0].Fills["name"]; !reflect.DeepEqual(got, []string{"个体工商户设立登记", "食品经营许可", "酒类商品零售许可"}) {
		t.Errorf("name fills %v (tobacco does not apply)", got)
	}
	// The tobacco item alone keeps its name field when no shared field reaches it.
	d.SharedFields[0].Maps = d.SharedFields[0].Maps[:3]
	form = catalog.MergedForm(d, items, []string{"YCXK-01"})
	if len(form) != 1 || form[0].ItemCode != "YCXK-01" || form[0].Fields[0].Key != "YCXK-01.applicant_name" {
		t.Errorf("no shared group when no shared field applies: %+v", form)
	}
}

func TestMergedMaterialsDeduplicates(t *testing.T) {
	items := restaurantItems()
	ms := catalog.MergedMaterials(items, []string{"YYZZ-01", "SPJY-01", "JLXK-01", "YCXK-01"})
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	want := []string{"经营者身份证明", "经营场所使用证明（原件）", "食品经营许可申请书", "烟草专卖零售许可证申请表"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("materials %v, want %v", names, want)
	}
	id := ms[0]
	if id.Key != "居民身份证" || id.LicenseType != "居民身份证" || len(id.Uses) != 3 || id.Requirement != catalog.Required ||
		id.Copies != 2 || id.Pledge || id.Uses[2].ItemName != "酒类商品零售许可" {
		t.Errorf("ID card once for three items: %+v", id)
	}
	premises := ms[1]
	if len(premises.Uses) != 2 || premises.Requirement != catalog.Required || !premises.Pledge || premises.Conditions != nil ||
		!slices.Equal(premises.Forms, []string{catalog.FormOriginal, catalog.FormCopy}) {
		t.Errorf("premises: %+v", premises)
	}
	// Only the conditional use applies: the condition is kept.
	ms = catalog.MergedMaterials(items, []string{"SPJY-01"})
	if ms[2].Requirement != catalog.Conditional || !slices.Equal(ms[2].Conditions, []string{"租赁场所的"}) {
		t.Errorf("conditional material: %+v", ms[2])
	}
}

func TestNormalizeMaterialName(t *testing.T) {
	for in, want := range map[string]string{
		"申请人身份证（复印件）": "居民身份证", "居民身份证 原件": "居民身份证", "有效身份证明": "居民身份证",
		"户口本": "居民户口簿", "《出生医学证明》": "出生医学证明", "营业执照副本复印件": "营业执照",
		"Business Licence": "businesslicence", "复印件": "复印件", "经办人身份证": "经办人身份证",
		"经营者身份证": "居民身份证", "法定代表人身份证": "法定代表人身份证",
	} {
		if got := catalog.NormalizeMaterialName(in); got != want {
			t.Errorf("NormalizeMaterialName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitSubmission(t *testing.T) {
	d := restaurantDoc()
	d.Validate()
	answers := map[string]string{"liquor": "yes", "tobacco": "no"}
	values := map[string]any{
		"name": "卓玛", "id_number": "533421199001010023",
		"YYZZ-01.scope": "中餐", "SPJY-01.main_form": "餐饮服务经营者", "JLXK-01.kinds": "啤酒",
		"YCXK-01.applicant_name": "不适用", "YYZZ-01.operator": "被共用字段覆盖", "stray": 1,
	}
	got := catalog.SplitSubmission(d, answers, values)
	want := map[string]map[string]any{
		"YYZZ-01": {"operator": "卓玛", "operator_id": "533421199001010023", "scope": "中餐"},
		"SPJY-01": {"applicant": "卓玛", "id_no": "533421199001010023", "main_form": "餐饮服务经营者"},
		"JLXK-01": {"name": "卓玛", "kinds": "啤酒"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("split:\n got %v\nwant %v", got, want)
	}
}
