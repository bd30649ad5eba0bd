package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

func init() { addEnglish(govMissingEnglish(bundleEnglish)) }

// bundlePages are the bundle (一件事一次办) pages: the public list and
// guide with its questionnaire (情形引导), which works as a plain GET form
// without scripts, and the catalog managers' JSON editor with four-eyes
// publication.
type bundlePages struct {
	w   *Web
	svc *catalog.BundleService
}

// AddBundles registers the bundle pages.
func (w *Web) AddBundles(svc *catalog.BundleService) {
	b := &bundlePages{w: w, svc: svc}
	w.handle("GET", "/bundles", access.Public, b.list)
	w.handle("GET", "/bundles/{code}", access.Public, b.guide)
	w.handle("GET", "/admin/bundles", access.CatalogView, b.adminList)
	w.handle("GET", "/admin/bundles/new", access.CatalogEdit, b.newPage)
	w.handle("POST", "/admin/bundles", access.CatalogEdit, b.create)
	w.handle("GET", "/admin/bundles/{code}", access.CatalogView, b.editPage)
	w.handle("POST", "/admin/bundles/{code}", access.CatalogEdit, b.update)
	w.handle("POST", "/admin/bundles/{code}/publish", access.CatalogPub, b.publish)
}

// answerPrefix prefixes a question's key in the questionnaire's query
// string, so a question keyed like another parameter cannot clash.
const answerPrefix = "q."

func (b *bundlePages) list(rw http.ResponseWriter, r *http.Request) {
	list, err := b.svc.Published(r.Context(), strings.TrimSpace(r.URL.Query().Get("region")))
	if err != nil {
		b.w.Error(rw, r, err)
		return
	}
	b.w.render(rw, r, http.StatusOK, "bundles", &Page{Title: "一件事一次办", Data: list})
}

func (b *bundlePages) guide(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	g, err := b.svc.GetPublic(ctx, r.PathValue("code"))
	if err != nil {
		b.w.Error(rw, r, err)
		return
	}
	lang := lang(r)
	q := r.URL.Query()
	answers := map[string]string{}
	for _, question := range g.Questions {
		if v := strings.TrimSpace(q.Get(answerPrefix + question.Key)); v != "" {
			answers[question.Key] = v
		}
	}
	v := bundleGuideView{Guide: g, Answered: q.Get("check") == "1", Answers: answers}
	p := &Page{Title: g.Bundle.Name, Fields: map[string]string{}}
	status := http.StatusOK
	if v.Answered {
		ev, err := b.svc.Evaluate(ctx, g.Bundle.Code, answers)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				b.w.Error(rw, r, err)
				return
			}
			status, v.Answered = errs.Status(errs.CodeOf(err)), false
			p.Error = errs.MessageOf(err)
			p.Fields[errs.FieldOf(err)] = errs.MessageOf(err)
		} else {
			v.Eval = &ev
		}
	}
	v.Questions = questionViews(lang, g.Questions, answers, p.Fields)
	mats := g.Materials
	if v.Eval != nil {
		mats = v.Eval.Materials
		v.Form = formViews(lang, v.Eval.Form)
	}
	v.Materials = materialViews(lang, mats)
	p.Data = v
	b.w.render(rw, r, status, "bundle", p)
}

// bundleGuideView is what bundle.html shows.
type bundleGuideView struct {
	catalog.Guide
	Answers   map[string]string
	Answered  bool                // the questionnaire was sent (and valid)
	Eval      *catalog.Evaluation // its result
	Questions []questionView
	Materials []materialView // of the evaluation, or of every item before one
	Form      []formGroupView
}

// bundleOption is one answer of a question.
type bundleOption struct {
	Value, Label string
	Checked      bool
}

type questionView struct {
	Key, Name, Text, Help, Error string
	Options                      []bundleOption
}

func questionViews(lang string, qs []catalog.Question, answers, fieldErrs map[string]string) []questionView {
	out := make([]questionView, len(qs))
	for i, q := range qs {
		v := questionView{Key: q.Key, Name: answerPrefix + q.Key, Text: q.Text, Help: q.Help, Error: fieldErrs["answers."+q.Key]}
		for _, a := range q.Answers() {
			v.Options = append(v.Options, bundleOption{Value: a, Label: translate(lang, catalog.AnswerText(a)), Checked: answers[q.Key] == a})
		}
		out[i] = v
	}
	return out
}

type materialView struct {
	Name, Requirement, ReqClass, Forms, LicenseType string
	Conditions                                      []string
	Copies                                          int
	Pledge, Deferrable                              bool
	Uses                                            []string
}

var requirementTitles = map[string]string{catalog.Required: "必要", catalog.Optional: "非必要", catalog.Conditional: "情形"}
var formTitles = map[string]string{catalog.FormOriginal: "原件", catalog.FormCopy: "复印件", catalog.FormElectronic: "电子件"}

func materialViews(lang string, ms []catalog.MergedMaterial) []materialView {
	out := make([]materialView, len(ms))
	for i, m := range ms {
		v := materialView{Name: m.Name, Requirement: translate(lang, requirementTitles[m.Requirement]), ReqClass: m.Requirement,
			Conditions: m.Conditions, Copies: m.Copies, Pledge: m.Pledge, Deferrable: m.Deferrable, LicenseType: m.LicenseType}
		var forms []string
		for _, f := range m.Forms {
			forms = append(forms, translate(lang, formTitles[f]))
		}
		v.Forms = strings.Join(forms, sep(lang))
		for _, u := range m.Uses {
			if len(v.Uses) == 0 || v.Uses[len(v.Uses)-1] != u.ItemName {
				v.Uses = append(v.Uses, u.ItemName)
			}
		}
		out[i] = v
	}
	return out
}

var fieldTypeTitles = map[string]string{
	catalog.FieldText: "文字", catalog.FieldNumber: "数字", catalog.FieldDate: "日期", catalog.FieldSelect: "选项",
	catalog.FieldRegion: "行政区划", catalog.FieldIDNumber: "公民身份号码", catalog.FieldCreditCode: "统一社会信用代码",
	catalog.FieldPhone: "电话号码", catalog.FieldAddress: "地址", catalog.FieldTable: "表格",
}

type formGroupView struct {
	Title  string
	Shared bool
	Fields []formFieldView
}

type formFieldView struct {
	Label, Type, Help, Options string
	Required                   bool
	Fills                      string // for a shared field: the items it fills
}

func formViews(lang string, groups []catalog.FormGroup) []formGroupView {
	out := make([]formGroupView, len(groups))
	for i, g := range groups {
		v := formGroupView{Title: g.Title, Shared: g.ItemCode == ""}
		if v.Shared {
			v.Title = translate(lang, g.Title)
		}
		for _, f := range g.Fields {
			v.Fields = append(v.Fields, formFieldView{Label: f.Label, Type: translate(lang, fieldTypeTitles[f.Type]), Help: f.Help,
				Options: strings.Join(f.Options, sep(lang)), Required: f.Required, Fills: strings.Join(g.Fills[f.Key], sep(lang))})
		}
		out[i] = v
	}
	return out
}

// sep joins a short list in the page's language.
func sep(lang string) string {
	if lang == "en" {
		return ", "
	}
	return "、"
}

func bundleURL(code string) string      { return "/bundles/" + url.PathEscape(code) }
func adminBundleURL(code string) string { return "/admin/bundles/" + url.PathEscape(code) }
