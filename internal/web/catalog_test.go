package web

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/catalog/excel"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/guide/guidetest"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// catPrincipals act on the catalog pages (header X-Test-As).
var catPrincipals = map[string]*access.Principal{
	"citizen":  httpxtest.Person(41, "citizen"),
	"clerk":    httpxtest.Staff(42, "clerk", access.Clerk, "533400"),
	"catalog1": httpxtest.Staff(43, "catalog1", access.CatalogManager, "533400"),
	"catalog2": httpxtest.Staff(44, "catalog2", access.CatalogManager, "533400"),
}

// Codes of the test catalog.
const (
	catFood    = "11533401MB0000011X1000-01" // 食品经营许可（新设）, published
	catLicence = "11533401MB0000011X2000-01" // 个体工商户设立登记, published: fully online, across provinces
	catDraft   = "11533401MB0000011X3000-01" // never published
)

// catSite serves the catalog pages over a real store: 云南省 › 迪庆州 ›
// 香格里拉市 with its market regulator, two published items and a draft.
type catSite struct {
	*govSite
	svc  *catalog.Service
	dept int64
}

func newCatSite(t *testing.T, db *sqlstore.DB) *catSite {
	t.Helper()
	dept := sqltest.MarketDept(t, db)
	svc := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	gv := gov.NewService(sqlstore.NewGovStore(db), nil)
	for _, d := range []catalog.Doc{guidetest.Doc(catFood, dept, "533401"), licenceDoc(dept)} {
		catalogtest.Publish(t, svc, catPrincipals["catalog1"], catPrincipals["catalog2"], d)
	}
	draft := guidetest.Doc(catDraft, dept, "533401")
	draft.Name = "尚未发布的执照事项"
	catalogtest.Draft(t, svc, catPrincipals["catalog1"], draft)

	w, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.AddCatalog(svc, gv, "533400")
	srv := httpxtest.Serve(t, w.Routes(), w.Error, catPrincipals)
	return &catSite{govSite: &govSite{t: t, db: db, srv: srv}, svc: svc, dept: dept}
}

// licenceDoc is an item found by 个体 (its name) and 执照 (a keyword):
// decided on the spot, fully online, accepted across provinces.
func licenceDoc(dept int64) catalog.Doc {
	return catalog.Doc{BaseCode: "11530000MB0000000X2000", Code: catLicence, Name: "个体工商户设立登记",
		Kind: catalog.KindConfirmation, DeptID: dept, RegionCode: "533401", ExerciseLevel: catalog.LevelCounty,
		Targets: []string{catalog.TargetPerson}, Instant: true, LegalDays: 15, OnlineDepth: 4,
		Channels: []string{catalog.ChannelOnline, catalog.ChannelMobile}, CrossRegion: catalog.CrossNational,
		Keywords: []string{"营业执照", "开店"}, Themes: []string{"start"},
		Materials: []catalog.Material{{Key: "m1", Name: "经营者身份证明", Requirement: catalog.Required,
			Forms: []string{catalog.FormElectronic}}},
		Steps: []catalog.Step{{Key: "accept", Name: "受理并决定", Stage: 1, Role: "clerk"}},
	}
}

func TestCatalogPublicPages(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newCatSite(t, db)
		st, body := s.get("", "/items")
		govWant(t, "hall", st, 200, body, "办事服务", `href="/items?theme=birth"`, `href="/items?theme=start"`, "热门事项",
			guidetest.Name, "个体工商户设立登记", "!尚未发布的执照事项", `name="q"`)

		st, body = s.get("", "/items?q=个体")
		govWant(t, "search 个体", st, 200, body, "共找到 1 个事项", `href="/items/`+catLicence+`"`, "个体工商户设立登记",
			"香格里拉市市场监督管理局", "即办件", "零跑动", "全程网办", "跨省通办", "!"+guidetest.Name, "按热度")
		st, body = s.get("", "/items?q=执照")
		govWant(t, "search 执照 (a keyword, a material)", st, 200, body, "共找到 2 个事项", "个体工商户设立登记", guidetest.Name,
			"!尚未发布的执照事项")
		st, body = s.get("", "/items?q=食品")
		govWant(t, "search 食品", st, 200, body, guidetest.Name, "承诺 5 个工作日", "最多跑一次", "省内通办", "!个体工商户设立登记")
		st, body = s.get("", "/items?q=食品&online_depth=4")
		govWant(t, "no match", st, 200, body, "共找到 0 个事项", "没有找到符合条件的事项")
		st, body = s.get("", "/items?theme=start&target=person")
		govWant(t, "theme", st, 200, body, "<title>开办", guidetest.Name, "个体工商户设立登记", `aria-current="true"`)
		st, body = s.get("", "/items?region=533401&dept=99999")
		govWant(t, "a department of another region is dropped", st, 200, body, "共找到 2 个事项", "香格里拉市市场监督管理局")
		st, body = s.get("", "/items?online_depth=abc")
		govWant(t, "bad filter", st, http.StatusUnprocessableEntity, body, "网办深度只能是")
		st, body = s.get("", "/items?kind=nonsense")
		govWant(t, "bad kind", st, http.StatusUnprocessableEntity, body, "事项类型")

		st, body = s.get("", "/themes")
		govWant(t, "themes", st, 200, body, "主题服务", "个人办事", "法人办事", "出生", "退休", "开办", "注销", `href="/items?theme=close"`)
		st, body, _ = s.do("", "GET", "/themes", nil, &http.Cookie{Name: "ow_lang", Value: "en"})
		govWant(t, "themes in English", st, 200, body, "Browse by theme", "Starting up", "Retirement")
	})
}

func TestCatalogAdminListAndAccess(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newCatSite(t, db)
		st, body := s.get("clerk", "/admin/items")
		govWant(t, "list", st, 200, body, "事项管理", guidetest.Name, "尚未发布的执照事项", "待发布草稿", "编辑人 catalog1",
			"香格里拉市市场监督管理局", "!/admin/items/new")
		st, body = s.get("catalog1", "/admin/items?status=pending")
		govWant(t, "pending", st, 200, body, "尚未发布的执照事项", "!个体工商户设立登记", `href="/admin/items/new"`)
		st, body = s.get("catalog1", "/admin/items?name=个体")
		govWant(t, "by name", st, 200, body, "个体工商户设立登记", "!尚未发布的执照事项")

		st, body = s.get("catalog1", "/admin/items?region=abc")
		govWant(t, "bad region", st, http.StatusUnprocessableEntity, body, "行政区划", "没有符合条件的事项")
		st, body = s.get("clerk", editURL(catDraft))
		govWant(t, "read only", st, 200, body, "您可以查看，但不能修改此事项", `<fieldset class="editor-body" disabled>`, "!审核通过并发布")
		st, _ = s.get("citizen", "/admin/items")
		if st != http.StatusForbidden {
			t.Errorf("citizen: %d", st)
		}
		st, _, loc := s.do("", "GET", "/admin/items", nil)
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("anonymous: %d %s", st, loc)
		}
	})
}

func TestCatalogPublishFourEyesAndStatus(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newCatSite(t, db)
		it, err := s.svc.Get(context.Background(), catPrincipals["catalog1"], catDraft)
		if err != nil {
			t.Fatal(err)
		}
		v := url.Values{"version": {strconv.Itoa(it.Version)}}
		st, body, _ := s.do("catalog1", "POST", "/admin/items/"+catDraft+"/publish", v)
		govWant(t, "own draft", st, http.StatusForbidden, body, "四眼原则", "您是这份草稿的编辑人")
		st, _, loc := s.do("catalog2", "POST", "/admin/items/"+catDraft+"/publish", v)
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, editURL(catDraft)) {
			t.Fatalf("publish: %d %s", st, loc)
		}
		st, body = s.get("", "/items?q=执照")
		govWant(t, "published draft is found", st, 200, body, "尚未发布的执照事项")

		it, _ = s.svc.Get(context.Background(), catPrincipals["catalog1"], catDraft)
		v = url.Values{"version": {strconv.Itoa(it.Version)}, "status": {"suspended"}, "from": {"2099-01-01"}}
		st, body, _ = s.do("catalog2", "POST", "/admin/items/"+catDraft+"/status", v)
		govWant(t, "no reason", st, http.StatusUnprocessableEntity, body, `name="reason" maxlength="200" value="" placeholder="暂停、取消时必填"><span class="field-error" id="fix-here">`,
			`value="2099-01-01"`, "<details class=\"status-change\" open>")
		v.Set("reason", "机构调整")
		st, _, _ = s.do("catalog2", "POST", "/admin/items/"+catDraft+"/status", v)
		if st != http.StatusSeeOther {
			t.Fatalf("suspend: %d", st)
		}
		st, body = s.get("catalog1", editURL(catDraft))
		govWant(t, "suspended from a future date", st, 200, body, "已暂停", "2099-01-01", "生效前照常办理", "机构调整", "恢复该事项")
	})
}

// upload posts a file to the import page as catalog1.
func (s *catSite) upload(name string, file []byte, fields map[string]string) (int, string) {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(file)
	mw.Close()
	res, b := httpxtest.Do(s.t, s.srv, httpxtest.NewRequest(s.t, s.srv, "catalog1", "POST", "/admin/items/import", &body, mw.FormDataContentType()))
	return res.StatusCode, html.UnescapeString(string(b))
}

func TestCatalogImportPage(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newCatSite(t, db)
		st, body := s.get("catalog1", "/admin/items/import")
		govWant(t, "import page", st, 200, body, `enctype="multipart/form-data"`, `href="/admin/items/template.xlsx"`,
			`action="/api/v1/items/export.xlsx"`, "迪庆藏族自治州")
		st, _, _ = s.do("catalog1", "GET", "/admin/items/template.xlsx", nil)
		if st != 200 {
			t.Errorf("template: %d", st)
		}

		bad := []catalog.Doc{licenceDoc(s.dept), licenceDoc(s.dept)}
		bad[0].Code, bad[0].PromisedDays, bad[0].Instant = "11533401MB0000011X7000-01", 99, false
		bad[1].Code = "11533401MB0000011X7000-02"
		bad[1].Materials[0].Forms = nil
		var buf bytes.Buffer
		if err := excel.Export(&buf, bad); err != nil {
			t.Fatal(err)
		}
		before := s.count("SELECT COUNT(*) FROM items")
		st, body = s.upload("清单.xlsx", buf.Bytes(), map[string]string{"note": "调整"})
		govWant(t, "bad file", st, http.StatusUnprocessableEntity, body, "清单.xlsx 中有 2 处错误", "未导入任何事项",
			"<td data-label=\"工作表\" class=\"nowrap\">事项</td>", "<td data-label=\"工作表\" class=\"nowrap\">申请材料</td>", "承诺时限", `value="调整"`)
		if n := s.count("SELECT COUNT(*) FROM items"); n != before {
			t.Errorf("a bad file imported %d items", n-before)
		}

		buf.Reset()
		good := licenceDoc(s.dept)
		good.Code = "11533401MB0000011X7000-03"
		excel.Export(&buf, []catalog.Doc{good})
		st, body = s.upload("新增.xlsx", buf.Bytes(), nil)
		govWant(t, "good file", st, 200, body, "导入完成", "<dt>新建事项（草稿）</dt><dd><strong>1</strong></dd>")
		st, body = s.upload("空.txt", nil, nil)
		govWant(t, "empty", st, http.StatusBadRequest, body, "无法读取文件")
	})
}
