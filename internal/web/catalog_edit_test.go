package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/guide/guidetest"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// editorForm reads the editor's form from a page as a browser submits it:
// every enabled input, checked box, selected option and textarea of
// form#editor, leaving out the row templates the script clones.
func editorForm(t *testing.T, page string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	text := func(n *html.Node) string {
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
		}
		return b.String()
	}
	v := url.Values{}
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode {
			if n.Data == "template" {
				return
			}
			if id, _ := attr(n, "id"); n.Data == "form" && id == "editor" {
				in = true
			}
			name, named := attr(n, "name")
			_, disabled := attr(n, "disabled")
			if in && named && !disabled {
				switch n.Data {
				case "input":
					typ, _ := attr(n, "type")
					val, _ := attr(n, "value")
					_, checked := attr(n, "checked")
					switch typ {
					case "submit", "file":
					case "checkbox", "radio":
						if checked {
							v.Add(name, val)
						}
					default:
						v.Add(name, val)
					}
				case "textarea":
					v.Add(name, text(n))
				case "select":
					var first, chosen *html.Node
					var scan func(*html.Node)
					scan = func(o *html.Node) {
						for c := o.FirstChild; c != nil; c = c.NextSibling {
							if c.Type == html.ElementNode && c.Data == "option" {
								if first == nil {
									first = c
								}
								if _, ok := attr(c, "selected"); ok {
									chosen = c
								}
							}
							scan(c)
						}
					}
					scan(n)
					if chosen == nil {
						chosen = first
					}
					if chosen != nil {
						val, ok := attr(chosen, "value")
						if !ok {
							val = text(chosen)
						}
						v.Add(name, val)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(doc, false)
	return v
}

// normal is a document as validation leaves it, for comparison.
func normal(t *testing.T, d catalog.Doc) string {
	t.Helper()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(d, "", " ")
	return string(b)
}

func (s *catSite) draft(code string) catalog.Doc {
	s.t.Helper()
	ctx := context.Background()
	it, err := s.svc.Get(ctx, catPrincipals["catalog1"], code)
	if err != nil {
		s.t.Fatal(err)
	}
	if it.DraftVersion == 0 {
		s.t.Fatalf("%s has no draft", code)
	}
	v, err := s.svc.Version(ctx, catPrincipals["catalog1"], code, it.DraftVersion)
	if err != nil {
		s.t.Fatal(err)
	}
	return v.Doc
}

// TestCatalogEditorRoundTrip posts the editor as drawn: every element of a
// fully filled item comes back unchanged. Then a validation error is shown
// beside its row's input, and a row removed in the browser (a gap in the
// indices) is gone from the saved draft.
func TestCatalogEditorRoundTrip(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newCatSite(t, db)
		st, body := s.get("catalog1", editURL(catFood))
		govWant(t, "editor", st, 200, body, `name="materials[3].condition" value="委托他人办理的"`, `name="steps[4].key" value="deliver"`,
			`id="list-materials" data-token="__N__" data-next="4"`, `name="materials[__N__].name"`, `name="form[__N__].columns[__M__].label"`,
			`href="/admin/items/`+catFood+`/history"`)
		form := editorForm(t, body)
		form.Set("note", "原样保存")
		st, body, loc := s.do("catalog1", "POST", editURL(catFood), form)
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, editURL(catFood)) {
			t.Fatalf("save: %d %s\n%s", st, loc, body)
		}
		want := guidetest.Doc(catFood, s.dept, "533401")
		if got := normal(t, s.draft(catFood)); got != normal(t, want) {
			t.Errorf("the editor changed the item:\n%s\nwant\n%s", got, normal(t, want))
		}

		// A required name left blank: the error sits beside that input.
		st, body = s.get("catalog1", editURL(catFood))
		form = editorForm(t, body)
		form.Set("materials[1].name", " ")
		st, body, _ = s.do("catalog1", "POST", editURL(catFood), form)
		govWant(t, "blank material name", st, http.StatusUnprocessableEntity, body, "转到出错的位置", "申请材料第 2 项 · 名称：")
		near := regexp.MustCompile(`name="materials\[1\]\.name" value="" maxlength="200" aria-invalid="true" aria-describedby="fix-here"><span class="field-error" id="fix-here">([^<]+)</span>`)
		if m := near.FindStringSubmatch(body); m == nil || !strings.Contains(m[1], "必填") && !strings.Contains(m[1], "不能为空") {
			t.Errorf("the error is not beside materials[1].name:\n%s", body)
		}
		if n := strings.Count(body, `class="field-error"`); n != 1 {
			t.Errorf("%d field errors on the page, want 1", n)
		}

		// The browser removed materials[0] and added a column to form[1]
		// (index 7: the script numbers after the last row it drew).
		for k := range form {
			if strings.HasPrefix(k, "materials[0].") {
				delete(form, k)
			}
		}
		form.Set("materials[1].name", "营业执照")
		form.Set("form[1].type", "table")
		form.Set("form[1].columns[7].label", "房间")
		form.Set("form[1].columns[7].type", "text")
		st, body, _ = s.do("catalog1", "POST", editURL(catFood), form)
		if st != http.StatusSeeOther {
			t.Fatalf("save with gaps: %d\n%s", st, body)
		}
		got := s.draft(catFood)
		if len(got.Materials) != 3 || got.Materials[0].Name != "营业执照" || got.Materials[0].Key != "m2" {
			t.Errorf("materials after removing the first: %+v", got.Materials)
		}
		if f := got.Form[1]; f.Type != catalog.FieldTable || len(f.Columns) != 1 || f.Columns[0].Key != "c1" || f.Columns[0].Label != "房间" {
			t.Errorf("table field: %+v", f)
		}
	})
}

// TestCatalogEditorWithoutScript: the 添加/删除 buttons post the form; the
// page comes back with the row added or removed and nothing saved.
func TestCatalogEditorWithoutScript(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newCatSite(t, db)
		before := s.count("SELECT COUNT(*) FROM item_versions")
		_, body := s.get("catalog1", editURL(catFood))
		form := editorForm(t, body)
		form.Set("_add", "steps")
		st, body, _ := s.do("catalog1", "POST", editURL(catFood), form)
		govWant(t, "add a step", st, 200, body, "已调整，尚未保存", `name="steps[5].name" value=""`, `data-next="6"`)
		form.Del("_add")
		form.Set("_remove", "faq[0]")
		st, body, _ = s.do("catalog1", "POST", editURL(catFood), form)
		govWant(t, "remove a question", st, 200, body, "许可证有效期多长？", "!仅销售预包装食品需要办理食品经营许可吗？", `name="faq[0].q" value="许可证有效期多长？"`)
		form.Del("_remove")
		form.Set("_add", "form[0].columns")
		st, body, _ = s.do("catalog1", "POST", editURL(catFood), form)
		govWant(t, "add a column", st, 200, body, `name="form[0].columns[0].label"`)
		if n := s.count("SELECT COUNT(*) FROM item_versions"); n != before {
			t.Errorf("versions %d → %d: a row button saved", before, n)
		}
	})
}

// TestCatalogCreateItem makes an item in the editor of a new one; a
// duplicate code is refused beside the code input.
func TestCatalogCreateItem(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		s := newCatSite(t, db)
		st, body := s.get("catalog1", "/admin/items/new")
		govWant(t, "new", st, 200, body, "新建事项", `name="is_base"`, `value="accept"`, "香格里拉市市场监督管理局")
		form := editorForm(t, body)
		d := licenceDoc(s.dept)
		form.Set("code", "11533401MB0000011X9000-01")
		form.Set("base_code", d.BaseCode)
		form.Set("name", "新办事项")
		form.Set("kind", string(catalog.KindPublicService))
		form.Set("dept_id", strconv.FormatInt(s.dept, 10))
		form.Set("legal_days", "10")
		form.Set("promised_days", "3")
		form.Set("materials[0].name", "身份证")
		form.Set("materials[0].requirement", "required")
		form.Set("materials[0].forms", "copy")
		st, body, loc := s.do("catalog1", "POST", "/admin/items", form)
		if st != http.StatusSeeOther || loc != editURL("11533401MB0000011X9000-01")+"?flash="+url.QueryEscape("草稿已保存，请另一位事项管理员审核发布") {
			t.Fatalf("create: %d %s\n%s", st, loc, body)
		}
		got := s.draft("11533401MB0000011X9000-01")
		if got.RegionCode != "533401" || got.DeptKind != "市场监管" || got.Materials[0].Key != "m1" || len(got.Steps) != 3 {
			t.Errorf("created: %+v", got)
		}
		form.Set("code", catFood)
		st, body, _ = s.do("catalog1", "POST", "/admin/items", form)
		govWant(t, "duplicate", st, http.StatusUnprocessableEntity, body, `<span class="field-error" id="fix-here">实施编码 `+catFood+` 已存在</span>`)
	})
}

func TestPlaceAndForm(t *testing.T) {
	d := &editData{Doc: guidetest.Doc(catFood, 1, "533401"), Err: map[string]string{}}
	d.Doc.Form[1].Columns = []catalog.Field{{Key: "c1", Label: "列", Type: catalog.FieldText}}
	reg := d.fill()
	for path, where := range map[string]func() string{
		"materials[2].forms[1]":         func() string { return d.Materials[2].Err["forms"] },
		"form[1].columns[0].options[3]": func() string { return d.Form[1].Columns[0].Err["options"] },
		"steps[4].role":                 func() string { return d.Steps[4].Err["role"] },
		"targets[1]":                    func() string { return d.Err["targets"] },
		"steps":                         func() string { return d.Err["steps"] },
		"faq[1]":                        func() string { return d.FAQ[1].Err["_"] },
	} {
		placeErr(reg, path, "错误："+path)
		if got := where(); got != "错误："+path {
			t.Errorf("%s placed at %q", path, got)
		}
	}
	_, err := docForm(url.Values{"legal_days": {"十"}})
	if errs.FieldOf(err) != "legal_days" {
		t.Errorf("a non-number: %v", err)
	}
	_, err = docForm(url.Values{"form[0].label": {"面积"}, "form[0].min": {"x"}})
	if errs.FieldOf(err) != "form[0].min" {
		t.Errorf("a non-number in a row: %v", err)
	}
	if got := splitWords("营业执照、开店，餐饮 食品;小吃"); strings.Join(got, "|") != "营业执照|开店|餐饮|食品|小吃" {
		t.Errorf("keywords: %q", got)
	}
}
