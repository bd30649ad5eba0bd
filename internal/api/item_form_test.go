package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/api"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/guide/guidetest"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

const formItem = "11533401MB0000011X5000-01"

// formServer serves POST /api/v1/items/{code}/validate over a real store
// holding a published item whose form has a table of staff.
func formServer(t *testing.T, db *sqlstore.DB) *httptest.Server {
	t.Helper()
	dept := sqltest.MarketDept(t, db)
	svc := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	doc := guidetest.Doc(formItem, dept, "533401")
	min, max := 1.0, 1000.0
	doc.Form = []catalog.Field{
		{Key: "shop_name", Label: "经营者名称", Type: catalog.FieldText, Required: true, MaxLength: 50},
		{Key: "area", Label: "经营面积（平方米）", Type: catalog.FieldNumber, Min: &min, Max: &max},
		{Key: "phone", Label: "联系电话", Type: catalog.FieldPhone, Required: true},
		{Key: "staff", Label: "从业人员", Type: catalog.FieldTable, Required: true, MaxRows: 10, Columns: []catalog.Field{
			{Key: "name", Label: "姓名", Type: catalog.FieldText, Required: true},
			{Key: "id_number", Label: "身份证号", Type: catalog.FieldIDNumber, Required: true},
		}},
	}
	catalogtest.Publish(t, svc, itemPrincipals["catalog1"], itemPrincipals["catalog2"], doc)
	a := api.New()
	a.AddItemForm(svc)
	return httpxtest.Serve(t, a.Routes(), httpx.WriteProblem, nil)
}

// post sends a JSON body anonymously and decodes the answer.
func post(t *testing.T, srv *httptest.Server, path, body string) (int, map[string]any) {
	t.Helper()
	res, err := srv.Client().Post(srv.URL+path, "application/json", bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%d %s", res.StatusCode, raw)
	}
	return res.StatusCode, out
}

// idEndingInX is a valid 公民身份号码 whose check character is X.
func idEndingInX() string {
	for seq := 0; ; seq++ {
		if id := validate.MakeIDNumber("533401", time.Date(1988, 3, 9, 0, 0, 0, 0, time.UTC), seq); id[17] == 'X' {
			return id
		}
	}
}

func TestValidateItemForm(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		srv := formServer(t, db)
		path := "/api/v1/items/" + formItem + "/validate"
		idX := idEndingInX()
		ok := validate.MakeIDNumber("533421", time.Date(1992, 7, 1, 0, 0, 0, 0, time.UTC), 7)

		// A good submission comes back normalised.
		status, body := post(t, srv, path, `{"values":{"shop_name":" 扎西小吃店 ","area":"35","phone":"138 8770 1234",
			"staff":[{"name":"扎西","id_number":"`+strings.ToLower(idX)+`"},{"name":"","id_number":""},{"name":"卓玛","id_number":"`+ok+`"}]}}`)
		if status != http.StatusOK || body["ok"] != true || body["version"] != 1.0 {
			t.Fatalf("%d %v", status, body)
		}
		want := map[string]any{"shop_name": "扎西小吃店", "area": 35.0, "phone": "13887701234", "staff": []any{
			map[string]any{"name": "扎西", "id_number": idX}, map[string]any{"name": "卓玛", "id_number": ok}}}
		if !reflect.DeepEqual(body["values"], want) {
			t.Fatalf("values %#v", body["values"])
		}

		// Every problem at once, each at its place.
		bad := ok[:17] + map[bool]string{true: "1", false: "2"}[ok[17] != '1']
		status, body = post(t, srv, path, `{"values":{"area":5000,"phone":"123","nickname":"x",
			"staff":[{"name":"扎西","id_number":"`+ok+`"},{"name":"卓玛","id_number":"`+ok+`"},{"name":"次仁","id_number":"`+bad+`"}]}}`)
		if status != http.StatusUnprocessableEntity || body["code"] != "invalid" {
			t.Fatalf("%d %v", status, body)
		}
		got := map[string]string{}
		for _, e := range body["errors"].([]any) {
			m := e.(map[string]any)
			got[m["location"].(string)] = m["message"].(string)
		}
		wantAt := map[string]string{
			"form.shop_name":          "“经营者名称”：此项为必填项",
			"form.area":               "“经营面积（平方米）”：应在 1 到 1000 之间",
			"form.phone":              "“联系电话”：联系电话应为",
			"form.staff[2].id_number": "“从业人员”第 3 行“身份证号”：公民身份号码校验位错误",
			"form.nickname":           "“nickname”：申请表中没有这一项",
		}
		if len(got) != len(wantAt) {
			t.Fatalf("errors %v", got)
		}
		for loc, msg := range wantAt {
			if !strings.HasPrefix(got[loc], msg) {
				t.Errorf("%s: %q, want %q…", loc, got[loc], msg)
			}
		}
		if d, _ := body["detail"].(string); !strings.HasPrefix(d, "申请表有 5 处需要修改") {
			t.Errorf("detail %q", d)
		}

		// Items the public cannot apply for are not found; bodies are checked.
		if status, _ := post(t, srv, "/api/v1/items/NOPE-0001/validate", `{"values":{}}`); status != http.StatusNotFound {
			t.Fatalf("unknown item: %d", status)
		}
		if status, _ := post(t, srv, path, `{"values":[1]}`); status != http.StatusUnprocessableEntity && status != http.StatusBadRequest {
			t.Fatalf("values not an object: %d", status)
		}
	})
}
