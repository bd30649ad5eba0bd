package catalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

func fp(f float64) *float64 { return &f }

// testForm has a field of every type, and a table of staff.
var testForm = []catalog.Field{
	{Key: "shop_name", Label: "经营者名称", Type: catalog.FieldText, Required: true, MaxLength: 10},
	{Key: "note", Label: "备注", Type: catalog.FieldText},
	{Key: "area", Label: "经营面积", Type: catalog.FieldNumber, Min: fp(1), Max: fp(1000)},
	{Key: "seats", Label: "座位数", Type: catalog.FieldNumber, Min: fp(0)},
	{Key: "opened", Label: "开业日期", Type: catalog.FieldDate},
	{Key: "kind", Label: "经营类别", Type: catalog.FieldSelect, Options: []string{"餐饮服务", "食品销售"}},
	{Key: "region", Label: "所在地区", Type: catalog.FieldRegion},
	{Key: "owner_id", Label: "负责人身份证号", Type: catalog.FieldIDNumber, Required: true},
	{Key: "credit", Label: "统一社会信用代码", Type: catalog.FieldCreditCode},
	{Key: "phone", Label: "联系电话", Type: catalog.FieldPhone, Required: true},
	{Key: "address", Label: "经营场所", Type: catalog.FieldAddress},
	{Key: "staff", Label: "从业人员", Type: catalog.FieldTable, Required: true, MaxRows: 3, Columns: []catalog.Field{
		{Key: "name", Label: "姓名", Type: catalog.FieldText, Required: true, MaxLength: 50},
		{Key: "id_number", Label: "身份证号", Type: catalog.FieldIDNumber, Required: true},
		{Key: "phone", Label: "电话", Type: catalog.FieldPhone},
	}},
}

// idX is a valid 公民身份号码 whose check character is X.
var idX = func() string {
	for seq := 0; seq < 1000; seq++ {
		if id := validate.MakeIDNumber("533401", time.Date(1985, 6, 15, 0, 0, 0, 0, time.UTC), seq); id[17] == 'X' {
			return id
		}
	}
	panic("no X")
}()

var (
	idOK   = validate.MakeIDNumber("533421", time.Date(1990, 2, 28, 0, 0, 0, 0, time.UTC), 21)
	credit = validate.MakeCreditCode("91533401MA6K12345")
)

// badCheck changes the last character of a 公民身份号码.
func badCheck(id string) string {
	if id[17] == '1' {
		return id[:17] + "2"
	}
	return id[:17] + "1"
}

// good is a complete, valid submission as a JSON client sends it.
func good() map[string]any {
	return map[string]any{
		"shop_name": "  香格里拉小吃店 ", "area": 35.5, "seats": "12", "opened": "2026-02-28", "kind": "餐饮服务",
		"region": "533401", "owner_id": strings.ToLower(idX), "credit": strings.ToLower(credit),
		"phone": "+86 138 8770 1234", "address": "建塘镇团结街 12 号",
		"staff": []any{
			map[string]any{"name": "扎西", "id_number": idOK, "phone": "0887-8221234"},
			map[string]any{"name": "", "id_number": " ", "phone": nil}, // a spare row left empty
			map[string]any{"name": "卓玛", "id_number": idX},
		},
	}
}

func TestValidateValuesNormalises(t *testing.T) {
	out, err := catalog.ValidateValues(testForm, good())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"shop_name": "香格里拉小吃店", "area": 35.5, "seats": 12.0, "opened": "2026-02-28", "kind": "餐饮服务",
		"region": "533401", "owner_id": idX, "credit": credit, "phone": "13887701234", "address": "建塘镇团结街 12 号",
		"staff": []any{
			map[string]any{"name": "扎西", "id_number": idOK, "phone": "0887-8221234"},
			map[string]any{"name": "卓玛", "id_number": idX},
		},
	}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("normalised:\n got %#v\nwant %#v", out, want)
	}
	// Normalised values pass again unchanged (cases store them).
	again, err := catalog.ValidateValues(testForm, out)
	if err != nil || !reflect.DeepEqual(again, out) {
		t.Fatalf("second pass: %v\n%#v", err, again)
	}
	// Optional blanks are left out.
	min := map[string]any{"shop_name": "店", "owner_id": idOK, "phone": "13887701234", "note": " ", "area": nil,
		"staff": []map[string]any{{"name": "扎西", "id_number": idOK}}}
	out, err = catalog.ValidateValues(testForm, min)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out["note"]; ok || len(out) != 4 {
		t.Fatalf("blank optional fields kept: %#v", out)
	}
}

func TestValidateValuesEveryType(t *testing.T) {
	cases := []struct {
		name   string
		set    map[string]any // changes to good()
		path   string
		reason string // part of the message
	}{
		{"required text", map[string]any{"shop_name": "   "}, "form.shop_name", "此项为必填项"},
		{"required absent", map[string]any{"phone": nil}, "form.phone", "此项为必填项"},
		{"text too long", map[string]any{"shop_name": "香格里拉市建塘镇小吃店"}, "form.shop_name", "不能超过 10 个字"},
		{"text default limit", map[string]any{"note": strings.Repeat("字", 501)}, "form.note", "不能超过 500 个字"},
		{"text control char", map[string]any{"shop_name": "小吃\x00店"}, "form.shop_name", "控制字符"},
		{"text not a string", map[string]any{"shop_name": 12.0}, "form.shop_name", "应填写为文字"},
		{"number below", map[string]any{"area": 0.5}, "form.area", "应在 1 到 1000 之间"},
		{"number above", map[string]any{"area": "1000.01"}, "form.area", "应在 1 到 1000 之间"},
		{"number min only", map[string]any{"seats": -1.0}, "form.seats", "不能小于 0"},
		{"number words", map[string]any{"area": "三十"}, "form.area", "应填写数字"},
		{"number NaN string", map[string]any{"area": "NaN"}, "form.area", "应填写数字"},
		{"number hex", map[string]any{"area": "0x10"}, "form.area", "应填写数字"},
		{"number bool", map[string]any{"area": true}, "form.area", "应填写数字"},
		{"date format", map[string]any{"opened": "2026/02/28"}, "form.opened", "年-月-日"},
		{"date unreal", map[string]any{"opened": "2026-02-30"}, "form.opened", "不是有效日期"},
		{"date range", map[string]any{"opened": "1850-01-01"}, "form.opened", "1900 年到 2100 年"},
		{"select other", map[string]any{"kind": "网吧"}, "form.kind", "请从选项中选择：餐饮服务、食品销售"},
		{"region shape", map[string]any{"region": "5334"}, "form.region", "行政区划代码应为"},
		{"region letters", map[string]any{"region": "53340A"}, "form.region", "只能由数字组成"},
		{"id check digit", map[string]any{"owner_id": badCheck(idOK)}, "form.owner_id", "校验位错误"},
		{"id length", map[string]any{"owner_id": "53340119900101"}, "form.owner_id", "应为 18 位"},
		{"credit check", map[string]any{"credit": credit[:17] + "0"}, "form.credit", "校验码"},
		{"phone", map[string]any{"phone": "8221234"}, "form.phone", "联系电话应为"},
		{"address too long", map[string]any{"address": strings.Repeat("路", 201)}, "form.address", "不能超过 200 个字"},
		{"table not a list", map[string]any{"staff": "扎西"}, "form.staff", "数组"},
		{"table row not an object", map[string]any{"staff": []any{"扎西"}}, "form.staff[0]", "每一行应为一个对象"},
		{"table too many rows", map[string]any{"staff": []any{
			map[string]any{"name": "a", "id_number": idOK}, map[string]any{"name": "b", "id_number": idOK},
			map[string]any{"name": "c", "id_number": idOK}, map[string]any{"name": "d", "id_number": idOK}}},
			"form.staff", "最多填写 3 行（当前 4 行）"},
		{"table required", map[string]any{"staff": []any{}}, "form.staff", "请至少填写一行"},
		{"table only blank rows", map[string]any{"staff": []any{map[string]any{"name": ""}}}, "form.staff", "请至少填写一行"},
		{"table cell", map[string]any{"staff": []any{map[string]any{"name": "扎西", "id_number": idOK},
			map[string]any{"name": "卓玛", "id_number": badCheck(idOK)}}}, "form.staff[1].id_number", "校验位错误"},
		{"table unknown column", map[string]any{"staff": []any{map[string]any{"name": "扎西", "id_number": idOK, "age": "30"}}},
			"form.staff[0].age", "没有这一项"},
		{"unknown key", map[string]any{"extra": "x"}, "form.extra", "申请表中没有这一项"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := good()
			for k, x := range c.set {
				v[k] = x
			}
			out, err := catalog.ValidateValues(testForm, v)
			if err == nil {
				t.Fatalf("accepted: %#v", out)
			}
			var fe *catalog.FormErrors
			if !errors.As(err, &fe) || len(fe.List) != 1 {
				t.Fatalf("want one problem, got %v", err)
			}
			e := fe.List[0]
			if e.Path != c.path || !strings.Contains(e.Reason, c.reason) || e.Message != e.Label+"："+e.Reason {
				t.Fatalf("got %+v, want %s: …%s…", e, c.path, c.reason)
			}
			if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != c.path || errs.MessageOf(err) != e.Message {
				t.Fatalf("classification: %s %q %q", errs.CodeOf(err), errs.FieldOf(err), errs.MessageOf(err))
			}
		})
	}
}

// TestValidateValuesListsEveryProblem: an applicant learns every problem at
// once, each named by its label, in the order of the form.
func TestValidateValuesListsEveryProblem(t *testing.T) {
	v := good()
	v["shop_name"] = ""
	v["area"] = "5000"
	v["staff"] = []any{
		map[string]any{"name": "扎西", "id_number": idOK},
		map[string]any{"name": "卓玛", "id_number": idOK},
		map[string]any{"name": "", "id_number": badCheck(idOK), "phone": "123"},
	}
	v["zzz"] = 1
	_, err := catalog.ValidateValues(testForm, v)
	var fe *catalog.FormErrors
	if !errors.As(err, &fe) {
		t.Fatalf("%T %v", err, err)
	}
	want := []string{
		"form.shop_name|“经营者名称”：此项为必填项",
		"form.area|“经营面积”：应在 1 到 1000 之间",
		"form.staff[2].name|“从业人员”第 3 行“姓名”：此项为必填项",
		"form.staff[2].id_number|“从业人员”第 3 行“身份证号”：公民身份号码校验位错误，请核对最后一位",
		"form.staff[2].phone|“从业人员”第 3 行“电话”：",
		"form.zzz|“zzz”：申请表中没有这一项，请删除",
	}
	if len(fe.List) != len(want) {
		t.Fatalf("got %d problems: %+v", len(fe.List), fe.List)
	}
	for i, w := range want {
		path, msg, _ := strings.Cut(w, "|")
		if fe.List[i].Path != path || !strings.HasPrefix(fe.List[i].Message, msg) {
			t.Errorf("problem %d: got %s %s, want %s %s", i, fe.List[i].Path, fe.List[i].Message, path, msg)
		}
	}
	if m := errs.MessageOf(err); !strings.HasPrefix(m, "申请表有 6 处需要修改") {
		t.Errorf("summary: %s", m)
	}
}

func TestValidateValuesBoundsTheList(t *testing.T) {
	f := []catalog.Field{{Key: "rows", Label: "明细", Type: catalog.FieldTable, MaxRows: 500,
		Columns: []catalog.Field{{Key: "id", Label: "证件号", Type: catalog.FieldIDNumber}}}}
	var rows []any
	for i := 0; i < 500; i++ {
		rows = append(rows, map[string]any{"id": "bad"})
	}
	_, err := catalog.ValidateValues(f, map[string]any{"rows": rows})
	var fe *catalog.FormErrors
	if !errors.As(err, &fe) || len(fe.List) != 200 || fe.Omitted != 300 || fe.Total() != 500 {
		t.Fatalf("%v", err)
	}
}

// FuzzValidateValues feeds random JSON objects: never a panic, errors are
// always listed problems, and what passes passes again unchanged.
func FuzzValidateValues(f *testing.F) {
	seed, _ := json.Marshal(good())
	f.Add(seed)
	f.Add([]byte(`{"staff":[{},{"name":1}],"area":"1e400","opened":"0000-00-00","x":{"y":[]}}`))
	f.Add([]byte(`{"staff":{"0":{"name":"a"}},"phone":["1"],"kind":null,"region":"\u0000"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var v map[string]any
		if json.Unmarshal(b, &v) != nil {
			return
		}
		out, err := catalog.ValidateValues(testForm, v)
		if err != nil {
			var fe *catalog.FormErrors
			if !errors.As(err, &fe) || fe.Total() == 0 || !errs.Is(err, errs.Invalid) {
				t.Fatalf("unexpected error %T %v", err, err)
			}
			for _, e := range fe.List {
				if !strings.HasPrefix(e.Path, "form.") || e.Reason == "" {
					t.Fatalf("bad problem %+v", e)
				}
			}
			return
		}
		again, err := catalog.ValidateValues(testForm, out)
		if err != nil || !reflect.DeepEqual(again, out) {
			t.Fatalf("not stable: %v\n%#v\n%#v", err, out, again)
		}
	})
}

// TestCheckValues reads the form of the item in force, without counting a
// view, and refuses items the public cannot apply for.
func TestCheckValues(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		doc := sampleDoc("FORM-0001", fx.dept)
		doc.Form = testForm
		it, err := fx.svc.Create(ctx, fx.ed, doc, false, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := fx.svc.CheckValues(ctx, "FORM-0001", good()); !errs.Is(err, errs.NotFound) {
			t.Fatalf("draft: %v", err)
		}
		if _, err := fx.svc.Publish(ctx, fx.pub, it.Code, it.Version); err != nil {
			t.Fatal(err)
		}
		got, out, err := fx.svc.CheckValues(ctx, "form-0001", good())
		if err != nil || out["owner_id"] != idX || got.Code != "FORM-0001" {
			t.Fatalf("%v %v", err, out)
		}
		v := good()
		v["phone"] = "12"
		if _, _, err := fx.svc.CheckValues(ctx, "FORM-0001", v); errs.FieldOf(err) != "form.phone" {
			t.Fatalf("%v", err)
		}
		after, err := fx.svc.Applicable(ctx, "FORM-0001")
		if err != nil || after.Popularity != 0 {
			t.Fatalf("popularity %d, %v", after.Popularity, err)
		}
		if _, err := fx.svc.Applicable(ctx, "<nope>"); !errs.Is(err, errs.NotFound) || strings.Contains(errs.MessageOf(err), "<") {
			t.Fatalf("%v", err)
		}
	})
}
