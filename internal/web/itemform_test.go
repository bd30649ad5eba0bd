package web

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/guide/guidetest"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

const (
	formCode  = "11533401MB0000011X6000-01" // published, a field of every type
	formDraft = "11533401MB0000011X6000-02" // never published
)

// everyField is a form with a field of every type and a table of staff.
func everyField() []catalog.Field {
	min, max := 1.0, 1000.0
	return []catalog.Field{
		{Key: "shop_name", Label: "经营者名称", Type: catalog.FieldText, Required: true, MaxLength: 50},
		{Key: "area", Label: "经营面积", Type: catalog.FieldNumber, Min: &min, Max: &max, Help: "单位：平方米"},
		{Key: "opened", Label: "开业日期", Type: catalog.FieldDate},
		{Key: "kind", Label: "经营类别", Type: catalog.FieldSelect, Required: true, Options: []string{"餐饮服务", "食品销售"}},
		{Key: "region", Label: "经营场所所在地", Type: catalog.FieldRegion},
		{Key: "owner_id", Label: "负责人身份证号", Type: catalog.FieldIDNumber, Required: true},
		{Key: "credit", Label: "统一社会信用代码", Type: catalog.FieldCreditCode},
		{Key: "phone", Label: "联系电话", Type: catalog.FieldPhone, Required: true},
		{Key: "address", Label: "经营场所", Type: catalog.FieldAddress, Required: true},
		{Key: "staff", Label: "从业人员", Type: catalog.FieldTable, Required: true, MaxRows: 5, Columns: []catalog.Field{
			{Key: "name", Label: "姓名", Type: catalog.FieldText, Required: true},
			{Key: "id_number", Label: "身份证号", Type: catalog.FieldIDNumber, Required: true},
			{Key: "health", Label: "健康证明", Type: catalog.FieldSelect, Options: []string{"有", "无"}},
		}},
	}
}

// formSite serves the guide and form pages over a real catalog: the
// guide's item with everyField as its form, published, and a draft.
func formSite(t *testing.T, db *sqlstore.DB) *httptest.Server {
	t.Helper()
	dept := sqltest.MarketDept(t, db)
	sqltest.Regions(t, db, "533422", "533401001")
	svc := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	editor, publisher := catalogtest.Manager(101, "catalog1", "533400"), catalogtest.Manager(102, "catalog2", "533400")
	doc := guidetest.Doc(formCode, dept, "533401")
	doc.Form = everyField()
	catalogtest.Publish(t, svc, editor, publisher, doc)
	doc = guidetest.Doc(formDraft, dept, "533401")
	doc.Form = everyField()
	catalogtest.Draft(t, svc, editor, doc)
	w, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	names := sqlstore.NewGovStore(db)
	w.AddGuide(svc, names, guide.Options{})
	w.AddItemForm(svc, names)
	return httpxtest.Serve(t, w.Routes(), w.Error, nil)
}

// postForm posts form values and returns the status and the page's text.
func postForm(t *testing.T, srv *httptest.Server, path string, v url.Values) (int, string) {
	t.Helper()
	res, err := srv.Client().PostForm(srv.URL+path, v)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, html.UnescapeString(string(b))
}

func formIDs() (x, ok, bad string) {
	for seq := 0; x == ""; seq++ {
		if id := validate.MakeIDNumber("533401", time.Date(1986, 4, 2, 0, 0, 0, 0, time.UTC), seq); id[17] == 'X' {
			x = id
		}
	}
	ok = validate.MakeIDNumber("533422", time.Date(1991, 11, 30, 0, 0, 0, 0, time.UTC), 15)
	bad = ok[:17] + "1"
	if ok[17] == '1' {
		bad = ok[:17] + "2"
	}
	return x, ok, bad
}

// goodForm is a correct submission as the page posts it, with a blank
// spare row and the rows numbered as a script leaves them (0, 2, 5).
func goodForm() url.Values {
	x, ok, _ := formIDs()
	return url.Values{
		"f.shop_name": {" 扎西小吃店 "}, "f.area": {"35"}, "f.opened": {""}, "f.kind": {"餐饮服务"}, "f.region": {"533401001"},
		"f.owner_id": {strings.ToLower(x)}, "f.credit": {""}, "f.phone": {"0887 822 1234"}, "f.address": {"建塘镇团结街 12 号"},
		"t.staff.0.name": {"扎西"}, "t.staff.0.id_number": {ok}, "t.staff.0.health": {"有"},
		"t.staff.2.name": {""}, "t.staff.2.id_number": {""}, "t.staff.2.health": {""},
		"t.staff.5.name": {"卓玛"}, "t.staff.5.id_number": {strings.ToLower(x)}, "t.staff.5.health": {""},
		"m.m1": {"1"},
	}
}

func TestItemFormPage(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		srv := formSite(t, db)
		res, b := fetch(t, srv, "/items/"+formCode+"/apply")
		page := html.UnescapeString(string(b))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%d\n%s", res.StatusCode, page)
		}
		for _, want := range []string{
			`action="/items/` + formCode + `/apply/check"`, "在线填报（预览）", "正式申请请登录后点“在线申请”",
			`name="f.shop_name" maxlength="50"`, `type="number" step="any" inputmode="decimal" min="1" max="1000"`, "单位：平方米",
			`name="f.opened" type="date"`, `<option value="餐饮服务">餐饮服务</option>`,
			`name="f.region" list="af-regions"`, `<option value="533401001">建塘镇</option>`, `<option value="533422">德钦县</option>`,
			`name="f.owner_id" maxlength="22" pattern="[0-9]{17}[0-9Xx]"`, `name="f.credit" maxlength="22"`,
			`name="f.phone" type="tel" inputmode="tel"`, `<textarea id="af-address" name="f.address" rows="2" maxlength="200"`,
			`name="t.staff.0.name"`, `name="t.staff.2.id_number"`, `name="t.staff.__ROW__.name"`, `value="add:staff"`,
			`aria-label="身份证号 3"`, "委托他人办理的", `name="m.m4"`, guidetest.MaterialNames[0], "item_form.js",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("form lacks %s", want)
			}
		}
		if strings.Contains(page, `name="t.staff.3.name"`) {
			t.Error("more than three spare rows")
		}
		// The guide links to the form.
		_, b = fetch(t, srv, "/items/"+formCode)
		if !strings.Contains(string(b), `href="/items/`+formCode+`/apply"`) {
			t.Error("guide does not link the form")
		}
		// Drafts and unknown items have no form.
		for _, code := range []string{formDraft, "NOPE-0001"} {
			if res, _ := fetch(t, srv, "/items/"+code+"/apply"); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d", code, res.StatusCode)
			}
		}
		// English shell.
		_, b = fetch(t, srv, "/items/"+formCode+"/apply", "Cookie", "ow_lang=en")
		if !strings.Contains(string(b), "Check my answers") || !strings.Contains(string(b), "Materials checklist") {
			t.Error("no English")
		}
	})
}

func TestItemFormCheck(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		srv := formSite(t, db)
		path := "/items/" + formCode + "/apply/check"
		x, ok, bad := formIDs()

		// Three bad values: three problems, each in the summary and beside
		// its input. Rows are numbered as shown: the blank spare row is
		// the second, so 卓玛 is the third.
		v := goodForm()
		v.Set("f.area", "5000")
		v.Set("f.phone", "12345")
		v.Set("t.staff.5.id_number", bad)
		status, page := postForm(t, srv, path, v)
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("%d\n%s", status, page)
		}
		for _, want := range []string{
			`<a href="#af-area">“经营面积”：应在 1 到 1000 之间</a>`,
			`<a href="#af-phone">“联系电话”：联系电话应为`,
			`<a href="#af-staff-2-id_number">“从业人员”第 3 行“身份证号”：公民身份号码校验位错误`,
			`id="af-area-err">应在 1 到 1000 之间</span>`, `id="af-staff-2-id_number-err">公民身份号码校验位错误`,
			`value=" 扎西小吃店 "`, `value="` + bad + `"`, `name="m.m1" value="1" checked`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %s", want)
			}
		}
		if n := strings.Count(page, `aria-invalid="true"`); n != 3 {
			t.Errorf("%d inputs marked invalid, want 3", n)
		}
		if n := len(regexp.MustCompile(`<li><a href="#af-`).FindAllString(page, -1)); n != 3 {
			t.Errorf("%d problems listed, want 3", n)
		}

		// A good form: correct, the values normalised in the inputs and
		// masked in the summary; the blank spare row is dropped.
		status, page = postForm(t, srv, path, goodForm())
		if status != http.StatusOK || !strings.Contains(page, "表单填写正确") {
			t.Fatalf("%d\n%s", status, page)
		}
		for _, want := range []string{`value="` + x + `"`, `value="0887-8221234"`, `value="扎西小吃店"`, `value="` + ok + `"`,
			`name="t.staff.1.id_number"`, "0887-***1234", "5334**********" + x[14:], "建塘镇（533401001）", "身份证号 " + "5334**********" + ok[14:]} {
			if !strings.Contains(page, want) {
				t.Errorf("result lacks %s", want)
			}
		}
		if strings.Contains(page, `name="t.staff.2.name"`) || strings.Contains(page, `aria-invalid`) {
			t.Error("spare row kept or a problem shown")
		}

		// Without scripts the table buttons post the form: add, then remove.
		v = goodForm()
		v.Set("op", "add:staff")
		status, page = postForm(t, srv, path, v)
		if status != http.StatusOK || !strings.Contains(page, `name="t.staff.3.name"`) || strings.Contains(page, "apply-result") {
			t.Fatalf("add: %d", status)
		}
		v = goodForm()
		v.Set("op", "del:staff:0")
		_, page = postForm(t, srv, path, v)
		if strings.Contains(page, `value="扎西"`) || !strings.Contains(page, `value="卓玛"`) {
			t.Error("row not removed")
		}

		// Nothing filled in: every required field is named.
		status, page = postForm(t, srv, path, url.Values{})
		if status != http.StatusUnprocessableEntity || strings.Count(page, "此项为必填项</a>") != 5 || !strings.Contains(page, "“从业人员”：请至少填写一行") {
			t.Fatalf("empty: %d %d", status, strings.Count(page, "此项为必填项</a>"))
		}
	})
}
