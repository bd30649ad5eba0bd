package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/catalog/catalogtest"
	"github.com/onewindow/onewindow/internal/httpx/httpxtest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

var bundlePrincipals = map[string]*access.Principal{
	"citizen":  httpxtest.Person(51, "citizen"),
	"clerk":    httpxtest.Staff(52, "clerk", access.Clerk, "533400"),
	"catalog1": httpxtest.Staff(53, "catalog1", access.CatalogManager, "533400"),
	"catalog2": httpxtest.Staff(54, "catalog2", access.CatalogManager, "533400"),
}

// newBundleSite serves the bundle pages over a real store holding two
// published items of 香格里拉市 and, when published is set, the bundle
// "我要开饭店" built from them.
func newBundleSite(t *testing.T, db *sqlstore.DB, published bool) *govSite {
	t.Helper()
	ctx := context.Background()
	dept := sqltest.MarketDept(t, db)
	items := catalog.NewService(sqlstore.NewCatalogStore(db), sqlstore.NewCatalogDepts(db), nil)
	ed, pub := bundlePrincipals["catalog1"], bundlePrincipals["catalog2"]
	for _, d := range []catalog.Doc{
		pageItem("GTDJ-533401", "个体工商户设立登记", dept, "operator", "经营者身份证"),
		pageItem("JLXK-533401", "酒类商品零售许可", dept, "applicant", "申请人身份证明"),
	} {
		catalogtest.Publish(t, items, ed, pub, d)
	}
	svc := catalog.NewBundleService(sqlstore.NewBundleStore(db), items)
	if published {
		b, err := svc.Create(ctx, ed, catalog.BundleInput{Code: "YJS-KFD", RegionCode: "533401", Doc: pageBundle()})
		if err == nil {
			_, err = svc.Publish(ctx, pub, b.Code, b.Version)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	w, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.AddBundles(svc)
	srv := httpxtest.Serve(t, w.Routes(), w.Error, bundlePrincipals)
	return &govSite{t: t, db: db, srv: srv}
}

func pageItem(code, name string, dept int64, nameKey, idCard string) catalog.Doc {
	return catalog.Doc{BaseCode: "B" + code, Code: code, Name: name, Kind: catalog.KindLicensing, DeptID: dept, RegionCode: "533401",
		ExerciseLevel: catalog.LevelCounty, Targets: []string{catalog.TargetPerson}, LegalDays: 20, PromisedDays: 5,
		OnlineDepth: 3, MaxVisits: 1, Channels: []string{catalog.ChannelOnline},
		Materials: []catalog.Material{{Key: "m1", Name: idCard, Requirement: catalog.Required, Forms: []string{catalog.FormCopy}, Copies: 1, Pledge: true}},
		Form: []catalog.Field{{Key: nameKey, Label: "姓名", Type: catalog.FieldText, Required: true},
			{Key: "shop", Label: "店铺名称", Type: catalog.FieldText}},
		Steps: []catalog.Step{{Key: "accept", Name: "受理", Stage: 1, Role: "clerk", Days: 1}}}
}

func pageBundle() catalog.BundleDoc {
	return catalog.BundleDoc{Name: "我要开饭店", Summary: "开办个体餐馆的登记和许可一次办。", Targets: []string{"person"}, PromisedDays: 10,
		Items: []catalog.BundleItem{{ItemCode: "GTDJ-533401", Always: true},
			{ItemCode: "JLXK-533401", When: []catalog.Condition{{Question: "liquor", Answer: "yes"}}}},
		Questions: []catalog.Question{{Key: "liquor", Text: "是否销售酒类？", Kind: catalog.QuestionYesNo}},
		SharedFields: []catalog.SharedField{{Field: catalog.Field{Key: "name", Label: "经营者姓名", Type: catalog.FieldText, Required: true},
			Maps: []catalog.FieldMap{{ItemCode: "GTDJ-533401", FieldKey: "operator"}, {ItemCode: "JLXK-533401", FieldKey: "applicant"}}}}}
}

func TestBundlePublicPages(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newBundleSite(t, db, true)
		st, body := s.get("", "/bundles")
		govWant(t, "list", st, 200, body, "我要开饭店", "开办个体餐馆", "涉及 2 个事项", "承诺时限 10 个工作日", `href="/bundles/YJS-KFD"`)

		st, body = s.get("", "/bundles/YJS-KFD")
		govWant(t, "guide", st, 200, body, "包含的事项", "个体工商户设立登记", "香格里拉市市场监督管理局", "必办", "按情形办理",
			"适用情形：是否销售酒类？是", "情形引导", `name="q.liquor" value="yes"`, "可能需要的材料", "用于：个体工商户设立登记、酒类商品零售许可",
			"可以告知承诺代替", `!id="bdl-result"`, "!合并申请表")
		if n := strings.Count(body, "经营者身份证</strong>") + strings.Count(body, "申请人身份证明</strong>"); n != 1 {
			t.Errorf("the ID card is listed %d times, want once", n)
		}

		// The questionnaire is a GET form: the answers come back in the URL.
		st, body = s.get("", "/bundles/YJS-KFD?check=1&q.liquor=yes")
		govWant(t, "liquor yes", st, 200, body, "根据您的回答，需要办理 2 个事项", "需要准备的材料", "合并申请表", "共同信息",
			"经营者姓名", "填入：个体工商户设立登记、酒类商品零售许可", "店铺名称", `value="yes" checked`, "重新回答", "!还有")
		st, body = s.get("", "/bundles/YJS-KFD?check=1&q.liquor=no")
		govWant(t, "liquor no", st, 200, body, "需要办理 1 个事项", "用于：个体工商户设立登记<", `value="no" checked`)
		st, body = s.get("", "/bundles/YJS-KFD?check=1")
		govWant(t, "unanswered", st, 200, body, "需要办理 1 个事项", "还有 1 个问题未回答")
		st, body = s.get("", "/bundles/YJS-KFD?check=1&q.liquor=maybe")
		govWant(t, "bad answer", st, 422, body, `class="field-error"`, "回答只能是", `!id="bdl-result"`)

		st, body = s.get("", "/bundles/NONE")
		govWant(t, "unknown", st, 404, body, "不存在或未发布")

		// English and elderly mode.
		st, body, _ = s.do("", "GET", "/bundles/YJS-KFD?check=1&q.liquor=yes", nil,
			&http.Cookie{Name: "ow_lang", Value: "en"}, &http.Cookie{Name: "ow_elderly", Value: "1"})
		govWant(t, "english", st, 200, body, "Your situation", "Show what I need", "Based on your answers: 2 items", "Shared details",
			"Yes", `class="elderly"`, "!情形引导")
	})
}

func TestBundleEditorPages(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newBundleSite(t, db, false)
		st, _ := s.get("citizen", "/admin/bundles")
		govWant(t, "citizen", st, 403, "")
		st, _ = s.get("clerk", "/admin/bundles/new")
		govWant(t, "clerk new", st, 403, "")
		st, body := s.get("clerk", "/admin/bundles")
		govWant(t, "clerk list", st, 200, body, "一件事管理", "!新建一件事")
		st, body = s.get("catalog1", "/admin/bundles/new")
		govWant(t, "new", st, 200, body, "新建一件事", `name="doc"`, "shared_fields")

		doc, _ := json.Marshal(pageBundle())
		form := func(code, doc string) url.Values {
			return url.Values{"code": {code}, "region_code": {"533401"}, "doc": {doc}, "note": {"首次录入"}, "csrf_token": {"x"}}
		}
		st, body, _ = s.do("catalog1", "POST", "/admin/bundles", form("YJS-KFD", `{"name": "我要开饭店",`+"\n"+`  "items": [}`))
		govWant(t, "syntax", st, 422, body, "JSON 有误：第 2 行", "YJS-KFD", `"items": [}`)
		st, body, _ = s.do("catalog1", "POST", "/admin/bundles", form("YJS-KFD", `{"nmae": "我要开饭店"}`))
		govWant(t, "unknown key", st, 422, body, "未知的字段", "nmae")
		bad := strings.Replace(string(doc), `"answer":"yes"`, `"answer":"是"`, 1)
		st, body, _ = s.do("catalog1", "POST", "/admin/bundles", form("YJS-KFD", bad))
		govWant(t, "invalid", st, 422, body, "items[1].when[0].answer：", "没有回答")
		st, body, _ = s.do("catalog1", "POST", "/admin/bundles", form("开饭店", string(doc)))
		govWant(t, "code", st, 422, body, "一件事编码应为")

		st, _, loc := s.do("catalog1", "POST", "/admin/bundles", form("yjs-kfd", string(doc)))
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/bundles/YJS-KFD?flash=") {
			t.Fatalf("create: %d %s", st, loc)
		}
		st, body = s.get("catalog1", "/admin/bundles/YJS-KFD")
		govWant(t, "own draft", st, 200, body, "待发布（从未发布）", "四眼原则", "!审核并发布", `"item_code"`, "!查看公众页面")
		st, body, _ = s.do("catalog1", "POST", "/admin/bundles/YJS-KFD/publish", url.Values{"version": {"1"}})
		govWant(t, "self-publish", st, 403, body, "四眼原则")
		st, body = s.get("catalog2", "/admin/bundles/YJS-KFD")
		govWant(t, "other's draft", st, 200, body, "审核并发布", "catalog1")
		st, _, loc = s.do("catalog2", "POST", "/admin/bundles/YJS-KFD/publish", url.Values{"version": {"1"}})
		if st != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", st, loc)
		}
		st, body = s.get("", "/bundles/YJS-KFD")
		govWant(t, "now public", st, 200, body, "我要开饭店")

		// An edit waits for publication; a stale version shows the bundle as it now is.
		edited := strings.Replace(string(doc), `"promised_days":10`, `"promised_days":8`, 1)
		st, _, _ = s.do("catalog2", "POST", "/admin/bundles/YJS-KFD", url.Values{"doc": {edited}, "version": {"2"}, "note": {"压缩时限"}})
		if st != http.StatusSeeOther {
			t.Fatalf("update: %d", st)
		}
		st, body, _ = s.do("catalog1", "POST", "/admin/bundles/YJS-KFD", url.Values{"doc": {string(doc)}, "version": {"2"}})
		govWant(t, "stale", st, 409, body, "已被他人修改", `"promised_days": 8`)
		st, body = s.get("catalog1", "/admin/bundles")
		govWant(t, "list", st, 200, body, "已发布", "有待发布的修改", "新建一件事")
		st, body = s.get("", "/bundles/YJS-KFD")
		govWant(t, "public keeps the old limit", st, 200, body, "10 个工作日")
	})
}

func TestJSONProblem(t *testing.T) {
	for raw, want := range map[string]string{
		"{\n  \"name\": 1\n}":              "第 2 行，name 的值类型不对（应为 文字）",
		`{"items": {}}`:                    "items 的值类型不对（应为 列表 [...]）",
		`{"name": "a"`:                     "内容不完整",
		`{"name": "a"} {}`:                 "多余的文字",
		"{\n\n   \"name\" \"a\"}":          "第 3 行第 11 列附近",
		`{"shared_fields": [{"mapz": 1}]}`: "未知的字段 \"mapz\"",
	} {
		_, err := decodeBundleDoc(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("decode %q: %v, want %q", raw, err, want)
		}
	}
}
