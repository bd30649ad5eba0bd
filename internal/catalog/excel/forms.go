package excel

import "github.com/onewindow/onewindow/internal/catalog"

// assembleForm builds a document's form from its 表单字段 rows: rows
// without 所属表格 are the form's fields in order; rows naming a table
// field are that table's columns in order. A repeated key, or a parent
// that is not a table of the same form, is reported on its row.
func (imp *importer) assembleForm(b *build) {
	top := map[string]int{}     // key → index in b.doc.Form
	seen := map[string]int{}    // key → its row, for top-level fields
	colSeen := map[string]int{} // parent + "\x00" + key → its row
	for _, fr := range b.form {
		if fr.parent != "" {
			continue
		}
		if first, ok := seen[fr.field.Key]; ok && fr.field.Key != "" {
			fr.r.problem("key", "字段标识 %s 与第 %d 行重复", fr.field.Key, first)
			b.bad = true
			continue
		}
		seen[fr.field.Key] = fr.r.row
		top[fr.field.Key] = len(b.doc.Form)
		b.doc.Form = append(b.doc.Form, fr.field)
		b.formRows = append(b.formRows, fr.r.row)
		b.columnRows = append(b.columnRows, nil)
	}
	for _, fr := range b.form {
		if fr.parent == "" {
			continue
		}
		i, ok := top[fr.parent]
		switch {
		case !ok:
			fr.r.problem("parent", "本事项的表单中没有标识为 %s 的表格字段", clip(fr.parent))
		case b.doc.Form[i].Type != catalog.FieldTable:
			fr.r.problem("parent", "字段 %s 不是表格字段，不能有列", fr.parent)
		default:
			ck := fr.parent + "\x00" + fr.field.Key
			if first, dup := colSeen[ck]; dup && fr.field.Key != "" {
				fr.r.problem("key", "表格 %s 中的字段标识 %s 与第 %d 行重复", fr.parent, fr.field.Key, first)
			} else {
				colSeen[ck] = fr.r.row
				b.doc.Form[i].Columns = append(b.doc.Form[i].Columns, fr.field)
				b.columnRows[i] = append(b.columnRows[i], fr.r.row)
				continue
			}
		}
		b.bad = true
	}
}
