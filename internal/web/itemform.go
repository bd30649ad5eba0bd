package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/validate"
)

func init() { addEnglish(govMissingEnglish(itemFormEnglish)) }

// FormNames names what the application form shows: the guide's
// department and region, and the regions offered to region fields. The
// structure store (sqlstore.GovStore) answers all three.
type FormNames interface {
	GuideNames
	ChildRegions(ctx context.Context, parent string) ([]gov.Region, error)
}

// itemFormPages render an item's application form as the online form and
// check a filled-in form against it (issue 3: the form is "rendered as
// the online form and used to validate submissions"). Nothing is saved:
// applying, which creates a case, comes with the cases module.
type itemFormPages struct {
	w     *Web
	svc   *catalog.Service
	names FormNames
}

// AddItemForm registers the public form pages: GET /items/{code}/apply
// (the empty form, with the materials checklist) and POST
// /items/{code}/apply/check, which checks every field and shows every
// problem at once (一次性告知) or that the form is correct. Without
// scripts, the table buttons post the form and the server adds or
// removes the row.
func (w *Web) AddItemForm(svc *catalog.Service, names FormNames) {
	f := &itemFormPages{w: w, svc: svc, names: names}
	w.handle("GET", "/items/{code}/apply", access.Public, f.page)
	w.handle("POST", "/items/{code}/apply/check", access.Public, f.check)
}

// maxFormBody bounds a posted form: 500 rows of a wide table fit easily.
const maxFormBody = 1 << 20

func (f *itemFormPages) page(rw http.ResponseWriter, r *http.Request) {
	it, err := f.svc.Applicable(r.Context(), r.PathValue("code"))
	if err != nil {
		f.w.Error(rw, r, err)
		return
	}
	f.render(rw, r, http.StatusOK, it, submission{}, nil, nil)
}

func (f *itemFormPages) check(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		f.w.Error(rw, r, errs.Wrap(err, errs.TooLarge, "填写的内容过多，无法检查"))
		return
	}
	it, err := f.svc.Applicable(r.Context(), r.PathValue("code"))
	if err != nil {
		f.w.Error(rw, r, err)
		return
	}
	sub := readSubmission(it.Doc.Form, r.PostForm)
	if op := r.PostForm.Get("op"); op != "" {
		// A table button without scripts: change the rows, check nothing.
		sub.apply(op, it.Doc.Form)
		f.render(rw, r, http.StatusOK, it, sub, nil, nil)
		return
	}
	out, err := catalog.ValidateValues(it.Doc.Form, sub.values(it.Doc.Form))
	var fe *catalog.FormErrors
	switch {
	case errors.As(err, &fe):
		f.render(rw, r, http.StatusUnprocessableEntity, it, sub, fe, nil)
	case err != nil:
		f.w.Error(rw, r, err)
	default:
		ok := fromValues(it.Doc.Form, out)
		ok.ticks = sub.ticks
		f.render(rw, r, http.StatusOK, it, ok, nil, out)
	}
}

func (f *itemFormPages) render(rw http.ResponseWriter, r *http.Request, status int, it catalog.Item, sub submission, fe *catalog.FormErrors, ok map[string]any) {
	ctx := r.Context()
	dept, region := (&guidePages{names: f.names}).resolve(ctx, it.Doc)
	g := guide.New(it, dept, region)
	path := "/items/" + url.PathEscape(it.Code)
	v := buildApply(it.Doc.Form, sub, fe, lang(r))
	v.Guide, v.GuideURL, v.Action, v.Checked, v.OK = g, path, path+"/apply/check", fe != nil || ok != nil, ok != nil
	if v.HasRegion {
		v.Regions = f.regions(ctx, it.Doc.RegionCode)
	}
	v.Materials = checklist(g.Materials, it.Doc.Materials, sub.ticks)
	if ok != nil {
		v.Result = resultLines(it.Doc.Form, ok, v.Regions)
		for _, m := range v.Materials {
			if m.Required && !m.Ticked {
				v.Unticked = append(v.Unticked, m.Name)
			}
		}
	}
	f.w.render(rw, r, status, "item_form", &Page{Title: "在线填报（预览）", Data: v})
}

// regions are the choices offered to region fields: the item's region
// and those above it with their children (the province's prefectures,
// the prefecture's counties, the county's townships); other codes may
// still be typed in.
func (f *itemFormPages) regions(ctx context.Context, code string) []catOption {
	var out []catOption
	seen := map[string]bool{}
	add := func(r gov.Region) {
		if !seen[r.Code] && len(out) < 400 {
			seen[r.Code] = true
			out = append(out, catOption{Value: r.Code, Label: r.Name})
		}
	}
	anc := validate.RegionAncestors(code)
	for i := len(anc) - 1; i >= 0; i-- {
		if r, err := f.names.Region(ctx, anc[i]); err == nil && r.Active {
			add(r)
		}
		if len(anc[i]) == 6 {
			kids, err := f.names.ChildRegions(ctx, anc[i])
			if err != nil {
				continue
			}
			for _, k := range kids {
				if k.Active {
					add(k)
				}
			}
		}
	}
	return out
}

// submission is a posted form as text, the way the page shows it again.
type submission struct {
	top   map[string]string              // field key → value
	rows  map[string][]map[string]string // table key → rows in order
	ticks map[string]bool                // materials the applicant has ticked
}

// readSubmission takes the form's fields from a post: f.KEY for a field,
// t.TABLE.N.COLUMN for a cell (N need not be contiguous: scripts remove
// rows), m.KEY for a ticked material. Other names are ignored.
func readSubmission(form []catalog.Field, pf url.Values) submission {
	s := submission{top: map[string]string{}, rows: map[string][]map[string]string{}, ticks: map[string]bool{}}
	for _, fd := range form {
		if fd.Type != catalog.FieldTable {
			if v, ok := pf["f."+fd.Key]; ok {
				s.top[fd.Key] = v[0]
			}
			continue
		}
		cols := map[string]bool{}
		for _, c := range fd.Columns {
			cols[c.Key] = true
		}
		byIndex := map[int]map[string]string{}
		prefix := "t." + fd.Key + "."
		for name, v := range pf {
			rest, ok := strings.CutPrefix(name, prefix)
			if !ok {
				continue
			}
			idx, col, ok := strings.Cut(rest, ".")
			n, err := strconv.Atoi(idx)
			if !ok || err != nil || n < 0 || !cols[col] {
				continue
			}
			if byIndex[n] == nil {
				byIndex[n] = map[string]string{}
			}
			byIndex[n][col] = v[0]
		}
		order := make([]int, 0, len(byIndex))
		for n := range byIndex {
			order = append(order, n)
		}
		sort.Ints(order)
		for _, n := range order {
			s.rows[fd.Key] = append(s.rows[fd.Key], byIndex[n])
		}
	}
	for name := range pf {
		if k, ok := strings.CutPrefix(name, "m."); ok {
			s.ticks[k] = true
		}
	}
	return s
}

// values is the submission as ValidateValues reads it.
func (s submission) values(form []catalog.Field) map[string]any {
	out := map[string]any{}
	for _, fd := range form {
		if fd.Type != catalog.FieldTable {
			if v, ok := s.top[fd.Key]; ok {
				out[fd.Key] = v
			}
			continue
		}
		rows := make([]any, 0, len(s.rows[fd.Key]))
		for _, r := range s.rows[fd.Key] {
			m := make(map[string]any, len(r))
			for k, v := range r {
				m[k] = v
			}
			rows = append(rows, m)
		}
		out[fd.Key] = rows
	}
	return out
}

// apply carries out a table button pressed without scripts:
// "add:TABLE" or "del:TABLE:N".
func (s *submission) apply(op string, form []catalog.Field) {
	parts := strings.Split(op, ":")
	for _, fd := range form {
		if fd.Type != catalog.FieldTable || len(parts) < 2 || parts[1] != fd.Key {
			continue
		}
		rows := s.rows[fd.Key]
		switch {
		case parts[0] == "add" && len(rows) < maxRows(fd):
			s.rows[fd.Key] = append(rows, map[string]string{})
		case parts[0] == "del" && len(parts) == 3:
			if n, err := strconv.Atoi(parts[2]); err == nil && n >= 0 && n < len(rows) {
				s.rows[fd.Key] = append(rows[:n:n], rows[n+1:]...)
			}
		}
	}
}

// fromValues shows normalised values in the inputs again.
func fromValues(form []catalog.Field, vals map[string]any) submission {
	s := submission{top: map[string]string{}, rows: map[string][]map[string]string{}}
	for _, fd := range form {
		if fd.Type != catalog.FieldTable {
			if v, ok := vals[fd.Key]; ok {
				s.top[fd.Key] = text(v)
			}
			continue
		}
		rows, _ := vals[fd.Key].([]any)
		for _, r := range rows {
			m, _ := r.(map[string]any)
			row := map[string]string{}
			for k, v := range m {
				row[k] = text(v)
			}
			s.rows[fd.Key] = append(s.rows[fd.Key], row)
		}
	}
	return s
}

// text writes a normalised value as the input shows it.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

func maxRows(fd catalog.Field) int {
	if fd.MaxRows > 0 {
		return fd.MaxRows
	}
	return catalog.DefaultMaxRows
}
