package excel

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/onewindow/onewindow/internal/errs"
)

// importFails imports data, expects the Invalid error with a report and
// no documents, and returns the report.
func importFails(t *testing.T, data []byte) *Report {
	t.Helper()
	docs, rep, err := Import(bytes.NewReader(data))
	if !errs.Is(err, errs.Invalid) || rep == nil || docs != nil {
		t.Fatalf("docs=%d rep=%+v err=%v", len(docs), rep, err)
	}
	return rep
}

func TestRenamedColumn(t *testing.T) {
	data := edit(t, exportBytes(t, validDocs(t, fullDoc("11533401MB0001-01"))), func(f *excelize.File) {
		must(t, f.SetCellValue("事项", "O1", "承诺期限"))
	})
	rep := importFails(t, data)
	if !hasProblem(rep, "事项", 0, "承诺时限", "缺少列“承诺时限”") ||
		!hasProblem(rep, "事项", 1, "承诺期限", "无法识别的列“承诺期限”，应为“承诺时限”") || len(rep.Problems) != 2 {
		t.Errorf("problems = %v", rep.Problems)
	}
	_, _, err := Import(bytes.NewReader(data))
	if !strings.Contains(err.Error(), "事项") || !strings.Contains(err.Error(), "承诺时限") {
		t.Errorf("error does not name the column: %v", err)
	}
}

func TestStructureProblems(t *testing.T) {
	data := edit(t, exportBytes(t, nil), func(f *excelize.File) {
		must(t, f.DeleteSheet("收费"))
		must(t, f.SetCellValue("申请材料", "Q1", "材料名称")) // a repeated column
		must(t, f.SetCellValue("办理环节", "D2", "days")) // the key row contradicts 顺序号
	})
	rep := importFails(t, data)
	for _, want := range []struct {
		sheet  string
		row    int
		column string
		reason string
	}{
		{"收费", 0, "", "缺少工作表“收费”"},
		{"申请材料", 1, "材料名称", "重复出现"},
		{"办理环节", 2, "顺序号", "第 2 行的标识应为 stage"},
	} {
		if !hasProblem(rep, want.sheet, want.row, want.column, want.reason) {
			t.Errorf("missing %+v in %v", want, rep.Problems)
		}
	}
}

// TestThreeBadRows: three bad rows in three sheets give exactly three
// problems, each at the sheet, row and column where it is.
func TestThreeBadRows(t *testing.T) {
	data := edit(t, exportBytes(t, validDocs(t, fullDoc("11533401MB0001-01"), instantDoc("11530000SS0001"))), func(f *excelize.File) {
		must(t, f.SetCellValue("事项", "N4", "十五"))               // 法定时限 of the second item
		must(t, f.SetCellValue("申请材料", "D5", "必须提交"))           // 材料要求 of the third material
		must(t, f.SetCellValue("办理环节", "A7", "11539999XX0001")) // an item that is not in the file
	})
	rep := importFails(t, data)
	if len(rep.Problems) != 3 {
		t.Fatalf("problems = %v", rep.Problems)
	}
	want := []Problem{
		{Sheet: "事项", Row: 4, Column: "法定时限", Cell: "N4"},
		{Sheet: "申请材料", Row: 5, Column: "材料要求", Cell: "D5"},
		{Sheet: "办理环节", Row: 7, Column: "实施编码", Cell: "A7"},
	}
	for i, w := range want {
		p := rep.Problems[i]
		if p.Sheet != w.Sheet || p.Row != w.Row || p.Column != w.Column || p.Cell != w.Cell || p.Reason == "" {
			t.Errorf("problem %d = %+v, want at %+v", i, p, w)
		}
	}
	if !strings.Contains(rep.Problems[1].Reason, "必要、非必要、情形") {
		t.Errorf("reason does not list the accepted values: %s", rep.Problems[1].Reason)
	}
}

// TestValidationMapped: errors that only catalog.Doc.Validate finds are
// shown on the row and column they come from.
func TestValidationMapped(t *testing.T) {
	docs := validDocs(t, fullDoc("11533401MB0001-01"), fullDoc("11533401MB0001-02"), fullDoc("11533401MB0001-03"), instantDoc("11530000SS0001"))
	data := edit(t, exportBytes(t, docs), func(f *excelize.File) {
		must(t, f.SetCellValue("事项", "O3", 30))       // promised > legal, first item
		must(t, f.SetCellValue("申请材料", "E8", ""))     // the second item's conditional material loses its condition
		must(t, f.SetCellValue("表单字段", "F28", "甲;乙")) // options on a text column of the third item's table
		must(t, f.SetCellValue("办理环节", "D18", 3))     // the instant item's only step starts at 3
	})
	rep := importFails(t, data)
	for _, w := range []Problem{
		{Sheet: "事项", Row: 3, Column: "承诺时限", Cell: "O3", Reason: "不能超过法定时限"},
		{Sheet: "申请材料", Row: 8, Column: "情形说明", Cell: "E8", Reason: "请写明需要提交的情形"},
		{Sheet: "表单字段", Row: 28, Column: "选项", Cell: "F28", Reason: "只有下拉字段可以有选项"},
		{Sheet: "办理环节", Row: 18, Column: "顺序号", Cell: "D18", Reason: "第一个环节的顺序号应为 1"},
	} {
		found := false
		for _, p := range rep.Problems {
			found = found || p.Sheet == w.Sheet && p.Row == w.Row && p.Column == w.Column && p.Cell == w.Cell && strings.Contains(p.Reason, w.Reason)
		}
		if !found {
			t.Errorf("missing %+v in %v", w, rep.Problems)
		}
	}
	if len(rep.Problems) != 4 {
		t.Errorf("problems = %v", rep.Problems)
	}
}

func TestDuplicates(t *testing.T) {
	data := edit(t, exportBytes(t, validDocs(t, fullDoc("11533401MB0001-01"), instantDoc("11530000SS0001"))), func(f *excelize.File) {
		must(t, f.SetCellValue("事项", "A4", "11533401mb0001-01")) // the first item's code again, in lower case
		must(t, f.SetCellValue("申请材料", "B4", "m1"))              // material m2 becomes m1
		must(t, f.SetCellValue("表单字段", "B10", "id_number"))      // table column post becomes id_number
		must(t, f.SetCellValue("办理环节", "B5", "review"))          // step site becomes review
	})
	rep := importFails(t, data)
	for _, w := range []Problem{
		{Sheet: "事项", Row: 4, Column: "实施编码", Reason: "与第 3 行重复"},
		{Sheet: "申请材料", Row: 4, Column: "材料标识", Reason: "材料标识 m1 与第 3 行重复"},
		{Sheet: "表单字段", Row: 10, Column: "字段标识", Reason: "与第 9 行重复"},
		{Sheet: "办理环节", Row: 5, Column: "环节标识", Reason: "环节标识 review 与第 4 行重复"},
	} {
		if !hasProblem(rep, w.Sheet, w.Row, w.Column, w.Reason) {
			t.Errorf("missing %+v in %v", w, rep.Problems)
		}
	}
}

// TestHandMadeFile reads a file typed from the documentation: no key row,
// columns in another order, codes instead of Chinese names, full-width
// separators, numbers typed as numbers.
func TestHandMadeFile(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			must(t, f.SetSheetName("Sheet1", s.name))
		} else {
			_, err := f.NewSheet(s.name)
			must(t, err)
		}
		var head []any
		for j := len(s.cols) - 1; j >= 0; j-- {
			head = append(head, s.cols[j].header)
		}
		must(t, f.SetSheetRow(s.name, "A1", &head))
	}
	row := func(s *sheetDef, vals map[string]any) {
		var out []any
		for j := len(s.cols) - 1; j >= 0; j-- {
			out = append(out, vals[s.cols[j].key])
		}
		must(t, f.SetSheetRow(s.name, "A2", &out))
	}
	row(itemsSheet, map[string]any{"code": "11533401mb0009", "base_code": "000123456009", "name": " 个体工商户登记 ",
		"kind": "licensing", "region_code": 533401, "exercise_level": "县区级", "targets": "自然人；法人",
		"instant": "承诺件", "legal_days": 15, "promised_days": 3.0, "max_visits": 0, "online_depth": 4,
		"channels": "网上办\n掌上办", "themes": "开办", "consult_phone": "0887 8221234", "dept_id": 7})
	row(materialsSheet, map[string]any{"code": "11533401MB0009", "key": "m1", "name": "登记申请书",
		"requirement": "required", "forms": "电子件", "pledge": "Y"})
	row(stepsSheet, map[string]any{"code": "11533401MB0009", "key": "accept", "name": "受理", "stage": 1, "role": "受理人员"})
	var buf bytes.Buffer
	_, err := f.WriteTo(&buf)
	must(t, err)
	docs, rep, err := Import(&buf)
	if err != nil {
		t.Fatalf("%v: %v", err, rep.Problems)
	}
	d := docs[0]
	if d.Code != "11533401MB0009" || d.Name != "个体工商户登记" || d.RegionCode != "533401" || d.ExerciseLevel != "county" ||
		len(d.Targets) != 2 || d.PromisedDays != 3 || d.OnlineDepth != 4 || len(d.Channels) != 2 || d.Themes[0] != "start" ||
		d.ConsultPhone != "0887-8221234" || d.DeptID != 7 || !d.Materials[0].Pledge || d.Steps[0].Role != "clerk" || d.CrossRegion != "none" {
		t.Errorf("doc = %+v", d)
	}
}

func TestNotAWorkbook(t *testing.T) {
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	w, _ := zw.Create("word/document.xml")
	_, _ = w.Write([]byte("<document/>"))
	_ = zw.Close()
	for name, data := range map[string][]byte{
		"text":  []byte("实施编码,事项名称\n11533401MB0001,食品经营许可\n"),
		"empty": nil,
		"xls":   append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...),
		"docx":  docx.Bytes(),
	} {
		docs, rep, err := Import(bytes.NewReader(data))
		if !errs.Is(err, errs.Malformed) || docs != nil || rep != nil {
			t.Errorf("%s: docs=%v rep=%v err=%v", name, docs, rep, err)
			continue
		}
		var e *errs.Error
		if !errors.As(err, &e) || !strings.Contains(e.Message, "xlsx") && !strings.Contains(e.Message, "模板") {
			t.Errorf("%s: message %q does not say what to upload", name, e.Message)
		}
	}
}

func TestTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte{'x'}, MaxFileSize+1)
	if _, _, err := Import(bytes.NewReader(big)); !errs.Is(err, errs.TooLarge) {
		t.Errorf("20 MB + 1: %v", err)
	}
	// MaxItems + 1 items (codes only: the count is checked while reading).
	data := edit(t, exportBytes(t, nil), func(f *excelize.File) {
		sw, err := f.NewStreamWriter("事项")
		must(t, err)
		head := make([]any, len(itemsSheet.cols))
		for i, c := range itemsSheet.cols {
			head[i] = c.header
		}
		must(t, sw.SetRow("A1", head))
		for r := 2; r <= MaxItems+2; r++ {
			must(t, sw.SetRow(cellName(1, r), []any{"X"}))
		}
		must(t, sw.Flush())
	})
	if _, _, err := Import(bytes.NewReader(data)); !errs.Is(err, errs.TooLarge) || !strings.Contains(err.Error(), "20000") {
		t.Errorf("too many items: %v", err)
	}
}
