package excel

import (
	"bytes"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// Limits on an imported file. A province's catalog is tens of thousands of
// items; a larger file is split by department or region.
const (
	MaxFileSize = 20 << 20 // bytes
	MaxItems    = 20000
)

// unzipLimit bounds what a 20 MB file may expand to, so a crafted archive
// cannot exhaust memory or disk.
const unzipLimit = 512 << 20

// rawCells reads cells as stored: numbers without their display format,
// so 533400 is not read as "533,400".
var rawCells = excelize.Options{RawCellValue: true}

// Import reads a workbook in the documented layout and returns its
// documents, checked and normalised by catalog.Doc.Validate. It checks the
// structure first (every sheet and column present under its header), then
// every cell, then every document, and reports every problem found with its
// sheet, row, column and reason. If there is any, it returns no documents,
// the report and an Invalid error: the caller imports nothing.
//
// The error alone (a nil report) means the file could not be read at all:
// Malformed for a file that is not .xlsx or has no 事项 sheet, TooLarge
// beyond MaxFileSize or MaxItems. On success the report is empty but for
// the count of items.
func Import(r io.Reader) ([]catalog.Doc, *Report, error) {
	data, err := readLimited(r)
	if err != nil {
		return nil, nil, err
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, nil, errs.E(errs.Malformed, "这是旧版 .xls 文件或加密的文件：请在 Excel 或 WPS 中取消密码并另存为 .xlsx 后再导入")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: excelize.StreamChunkSize})
	switch {
	case err != nil && strings.HasPrefix(err.Error(), "unzip size exceeds"):
		// excelize has no sentinel for this one.
		return nil, nil, errs.Wrap(err, errs.TooLarge, "文件解压后超过 %d MB，请按部门或地区分批导入", unzipLimit>>20)
	case err != nil:
		return nil, nil, errs.Wrap(err, errs.Malformed, "无法读取文件：请上传 Excel 工作簿（.xlsx）")
	}
	defer f.Close()
	if !slices.Contains(f.GetSheetList(), sheetItems) {
		return nil, nil, errs.E(errs.Malformed, "文件中没有“%s”工作表：请使用平台导出的事项模板填写", sheetItems)
	}
	imp := newImporter(f)
	lays := make([]*layout, len(sheets))
	for i, s := range sheets {
		if lays[i], err = imp.layout(s); err != nil {
			return nil, nil, err
		}
		imp.lays[s] = lays[i]
	}
	if !imp.rep.OK() {
		// Without the right columns the cells cannot be placed: stop here.
		return nil, imp.rep, imp.rep.err()
	}
	for _, l := range lays {
		if err := imp.readSheet(l); err != nil {
			return nil, nil, err
		}
	}
	docs := imp.finish()
	if !imp.rep.OK() {
		return nil, imp.rep, imp.rep.err()
	}
	return docs, imp.rep, nil
}

// readLimited reads the whole upload, refusing one beyond MaxFileSize.
func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, errs.Wrap(err, errs.Malformed, "读取上传的文件失败")
	}
	if len(data) > MaxFileSize {
		return nil, errs.E(errs.TooLarge, "文件超过 %d MB，请按部门或地区分批导入", MaxFileSize>>20)
	}
	return data, nil
}

// layout is where a sheet's columns are in the file: people may reorder
// columns, so they are found by header.
type layout struct {
	s        *sheetDef
	pos      []int // column position in the definition → 0-based column in the file
	dataFrom int   // first data row: 3, or 2 when the file has no key row
}

// layout reads a sheet's header row (and the key row, if there is one) and
// reports a missing sheet, an unknown, repeated or missing column, and a
// key that contradicts its header.
func (imp *importer) layout(s *sheetDef) (*layout, error) {
	l := &layout{s: s, pos: make([]int, len(s.cols)), dataFrom: keyRow}
	for i := range l.pos {
		l.pos[i] = -1
	}
	if !slices.Contains(imp.f.GetSheetList(), s.name) {
		imp.rep.add(Problem{Sheet: s.name, Reason: "缺少工作表“" + s.name + "”（没有数据也请保留该表和表头）"})
		return l, nil
	}
	rows, err := imp.f.Rows(s.name)
	if err != nil {
		return nil, errs.Wrap(err, errs.Malformed, "无法读取工作表“%s”", s.name)
	}
	defer rows.Close()
	var head, keys []string
	if rows.Next() {
		head, _ = rows.Columns(rawCells)
	}
	if rows.Next() {
		keys, _ = rows.Columns(rawCells)
	}
	if err := rows.Error(); err != nil {
		return nil, errs.Wrap(err, errs.Malformed, "无法读取工作表“%s”", s.name)
	}
	byHeader := map[string]int{}
	for i, c := range s.cols {
		byHeader[c.header] = i
	}
	// Row 2 is the key row when a cell in it holds the key of its own
	// column's header: files made from the exported template have it;
	// files typed from the documentation may not.
	for j, h := range head {
		if i, ok := byHeader[strings.TrimSpace(h)]; ok && j < len(keys) && strings.TrimSpace(keys[j]) == s.cols[i].key {
			l.dataFrom = firstData
			break
		}
	}
	for j, h := range head {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		i, ok := byHeader[h]
		switch {
		case !ok:
			reason := "无法识别的列“" + clip(h) + "”"
			if k := keyAt(keys, j, l.dataFrom); k != "" {
				if ki, ok := s.index[k]; ok {
					reason += "，应为“" + s.cols[ki].header + "”（请勿修改表头）"
				}
			}
			imp.rep.add(Problem{Sheet: s.name, Row: headerRow, Column: clip(h), Cell: cellName(j+1, headerRow), Reason: reason})
		case l.pos[i] >= 0:
			imp.rep.add(Problem{Sheet: s.name, Row: headerRow, Column: h, Cell: cellName(j+1, headerRow), Reason: "列“" + h + "”重复出现"})
		default:
			l.pos[i] = j
			if k := keyAt(keys, j, l.dataFrom); l.dataFrom == firstData && k != s.cols[i].key {
				imp.rep.add(Problem{Sheet: s.name, Row: keyRow, Column: h, Cell: cellName(j+1, keyRow),
					Reason: "第 2 行的标识应为 " + s.cols[i].key + "，不能是“" + clip(k) + "”（请勿修改或调换表头）"})
			}
		}
	}
	for i, c := range s.cols {
		if l.pos[i] < 0 {
			imp.rep.add(Problem{Sheet: s.name, Column: c.header, Reason: "缺少列“" + c.header + "”"})
		}
	}
	return l, nil
}

// keyAt is the key row's cell in column j, if the sheet has a key row.
func keyAt(keys []string, j, dataFrom int) string {
	if dataFrom != firstData || j >= len(keys) {
		return ""
	}
	return strings.TrimSpace(keys[j])
}

// readSheet reads every data row of a sheet whose layout is known.
func (imp *importer) readSheet(l *layout) error {
	rows, err := imp.f.Rows(l.s.name)
	if err != nil {
		return errs.Wrap(err, errs.Malformed, "无法读取工作表“%s”", l.s.name)
	}
	defer rows.Close()
	for n := 1; rows.Next(); n++ {
		if n < l.dataFrom {
			continue
		}
		cols, err := rows.Columns(rawCells)
		if err != nil {
			return errs.Wrap(err, errs.Malformed, "无法读取工作表“%s”第 %d 行", l.s.name, n)
		}
		r := &rowReader{rep: imp.rep, lay: l, row: n, vals: make([]string, len(l.s.cols))}
		for i, j := range l.pos {
			if j < len(cols) {
				r.vals[i] = cols[j]
			}
		}
		if r.empty() {
			continue
		}
		if err := imp.readRow(r); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return errs.Wrap(err, errs.Malformed, "无法读取工作表“%s”", l.s.name)
	}
	return nil
}
