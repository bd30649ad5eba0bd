package excel

import "github.com/onewindow/onewindow/internal/catalog"

// cells is one row to export: column key → Go value (string, int, bool,
// *float64, []string). cellValue turns each into what the cell shows.
type cells map[string]any

// rowsOf calls emit once per row that sheet s holds for document d, in the
// document's order, so that import rebuilds the same lists.
func rowsOf(s *sheetDef, d *catalog.Doc, emit func(cells)) {
	switch s {
	case itemsSheet:
		instant := "promised"
		if d.Instant {
			instant = "instant"
		}
		emit(cells{"code": d.Code, "base_code": d.BaseCode, "parent_code": d.ParentCode, "variant": d.Variant,
			"name": d.Name, "kind": string(d.Kind), "dept_id": int(d.DeptID), "region_code": d.RegionCode,
			"dept_kind": d.DeptKind, "exercise_level": d.ExerciseLevel, "conditions": d.Conditions,
			"targets": d.Targets, "instant": instant, "legal_days": d.LegalDays, "promised_days": d.PromisedDays,
			"max_visits": d.MaxVisits, "online_depth": d.OnlineDepth, "in_hall": d.InHall, "channels": d.Channels,
			"cross_region": d.CrossRegion, "consult_phone": d.ConsultPhone, "complaint_phone": d.ComplaintPhone,
			"keywords": d.Keywords, "themes": d.Themes})
	case basisSheet:
		for _, b := range d.LegalBasis {
			emit(cells{"code": d.Code, "law": b.Law, "article": b.Article, "text": b.Text})
		}
	case feesSheet:
		for _, f := range d.Fees {
			emit(cells{"code": d.Code, "name": f.Name, "standard": f.Standard, "basis": f.Basis, "waivable": f.Waivable})
		}
	case procsSheet:
		for _, p := range d.SpecialProcedures {
			emit(cells{"code": d.Code, "name": p.Name, "max_days": p.MaxDays, "note": p.Note})
		}
	case faqSheet:
		for _, q := range d.FAQ {
			emit(cells{"code": d.Code, "q": q.Q, "a": q.A})
		}
	case materialsSheet:
		for _, m := range d.Materials {
			emit(cells{"code": d.Code, "key": m.Key, "name": m.Name, "requirement": m.Requirement,
				"condition": m.Condition, "forms": m.Forms, "copies": m.Copies, "spec": m.Spec,
				"template": m.Template, "sample": m.Sample, "note": m.Note, "acceptance": m.Acceptance,
				"license_type": m.LicenseType, "pledge": m.Pledge, "deferrable": m.Deferrable})
		}
	case formSheet:
		for _, f := range d.Form {
			emit(fieldCells(d.Code, "", f))
			for _, c := range f.Columns {
				emit(fieldCells(d.Code, f.Key, c))
			}
		}
	case stepsSheet:
		for _, st := range d.Steps {
			emit(cells{"code": d.Code, "key": st.Key, "name": st.Name, "stage": st.Stage, "role": st.Role, "days": st.Days})
		}
	}
}

// fieldCells is the row of a form field; a table's columns follow the
// table, naming it in 所属表格.
func fieldCells(code, parent string, f catalog.Field) cells {
	return cells{"code": code, "key": f.Key, "label": f.Label, "type": f.Type, "required": f.Required,
		"options": f.Options, "min": f.Min, "max": f.Max, "max_length": f.MaxLength, "help": f.Help,
		"parent": parent, "max_rows": f.MaxRows}
}

// cellValue is what column c's cell holds for the Go value v: Chinese
// names for enums, 是/否 for booleans, lists joined with ";", numbers as
// numbers, and nil (an empty cell) for nothing.
func cellValue(c column, v any) any {
	switch c.kind {
	case kInt:
		n, _ := v.(int)
		if n == 0 && c.blankZero {
			return nil
		}
		return n
	case kFloat:
		if p, _ := v.(*float64); p != nil {
			return *p
		}
		return nil
	case kBool:
		if b, _ := v.(bool); b {
			return "是"
		}
		return "否"
	case kEnum:
		s, _ := v.(string)
		if s == "" {
			return nil
		}
		return c.enum.title(s)
	case kList, kEnumList:
		xs, _ := v.([]string)
		if len(xs) == 0 {
			return nil
		}
		if c.kind == kEnumList {
			titled := make([]string, len(xs))
			for i, x := range xs {
				titled[i] = c.enum.title(x)
			}
			xs = titled
		}
		return joinList(xs)
	default:
		if s, _ := v.(string); s != "" {
			return s
		}
		return nil
	}
}
