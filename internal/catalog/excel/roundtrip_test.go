package excel

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/onewindow/onewindow/internal/catalog"
)

func TestRoundTrip(t *testing.T) {
	want := validDocs(t, fullDoc("11533401MB0001-01"), instantDoc("11530000SS0001"), fullDoc("11533401MB0001-02"))
	data := exportBytes(t, want)
	got, rep, err := Import(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("import: %v; problems: %v", err, rep)
	}
	if rep.Items != 3 || !rep.OK() {
		t.Fatalf("report = %+v", rep)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("doc %d differs:\n got %+v\nwant %+v", i, got[i], want[i])
			}
		}
		t.FailNow()
	}
	// And again: an exported import exports the same cells.
	if again := exportBytes(t, got); !sameCells(t, again, data) {
		t.Error("export of the imported documents differs from the first export")
	}
}

func TestEmptyTemplate(t *testing.T) {
	data := exportBytes(t, nil)
	docs, rep, err := Import(bytes.NewReader(data))
	if err != nil || len(docs) != 0 || rep.Items != 0 {
		t.Fatalf("docs=%v rep=%+v err=%v", docs, rep, err)
	}
}

// TestWorkbookShape checks what a catalog manager sees: the sheets in
// order, Chinese headers, the hidden key row, frozen panes and drop-downs.
func TestWorkbookShape(t *testing.T) {
	data := exportBytes(t, validDocs(t, fullDoc("11533401MB0001-01")))
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wantSheets := []string{"事项", "设定依据", "收费", "特别程序", "常见问题", "申请材料", "表单字段", "办理环节", "填写说明"}
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Fatalf("sheets = %v", got)
	}
	rows, _ := f.GetRows("事项")
	if rows[0][14] != "承诺时限" || rows[1][14] != "promised_days" || rows[2][5] != "行政许可" || rows[2][11] != "自然人;法人" {
		t.Errorf("事项 rows = %q", rows[:3])
	}
	if vis, _ := f.GetRowVisible("事项", 2); vis {
		t.Error("key row is visible")
	}
	panes, _ := f.GetPanes("事项")
	if !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 1 {
		t.Errorf("panes = %+v", panes)
	}
	dvs, _ := f.GetDataValidations("事项")
	var kindList string
	for _, dv := range dvs {
		if strings.HasPrefix(dv.Sqref, "F3:") {
			kindList = dv.Formula1
		}
	}
	if !strings.Contains(kindList, "行政许可") || !strings.Contains(kindList, "公共服务") {
		t.Errorf("事项类型 drop-down = %q (validations %d)", kindList, len(dvs))
	}
	mats, _ := f.GetRows("申请材料")
	if len(mats) != 5 || mats[4][3] != "情形" || mats[2][5] != "原件;电子件" {
		t.Errorf("申请材料 = %q", mats)
	}
	form, _ := f.GetRows("表单字段")
	if form[7][10] != "staff" || form[7][1] != "name" {
		t.Errorf("a table column row = %q", form[7])
	}
	renderForLooking(t, data)
}

// renderForLooking converts the workbook to PDF when LibreOffice is there
// and ONEWINDOW_RENDER names a directory, so a person can look at it. It
// checks only that the conversion works.
func renderForLooking(t *testing.T, data []byte) {
	dir := os.Getenv("ONEWINDOW_RENDER")
	soffice, err := exec.LookPath("soffice")
	if dir == "" || err != nil {
		t.Log("not rendering: set ONEWINDOW_RENDER=dir with soffice installed")
		return
	}
	in := filepath.Join(dir, "catalog.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(soffice, "--headless", "--convert-to", "pdf", "--outdir", dir, in).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v: %s", err, out)
	}
}

// sameCells compares every sheet's cell values of two workbooks.
func sameCells(t *testing.T, a, b []byte) bool {
	t.Helper()
	read := func(data []byte) map[string][][]string {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out := map[string][][]string{}
		for _, s := range f.GetSheetList() {
			out[s], _ = f.GetRows(s)
		}
		return out
	}
	return reflect.DeepEqual(read(a), read(b))
}

func TestListEncoding(t *testing.T) {
	for _, xs := range [][]string{nil, {"a"}, {"餐饮;小吃", "热食；冷食", `a\b`, "x\ny"}} {
		if got := splitList(joinList(xs)); !reflect.DeepEqual(got, xs) {
			t.Errorf("split(join(%q)) = %q", xs, got)
		}
	}
	if got := splitList(" 网上办；窗口办\n 掌上办 ;; "); !slices.Equal(got, []string{"网上办", "窗口办", "掌上办"}) {
		t.Errorf("typed list = %q", got)
	}
}

func FuzzListEncoding(f *testing.F) {
	f.Add("a;b", "c\\d")
	f.Fuzz(func(t *testing.T, a, b string) {
		xs := []string{strings.TrimSpace(a), strings.TrimSpace(b)}
		xs = slices.DeleteFunc(xs, func(s string) bool {
			return s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s, "\r") || !utf8.ValidString(s)
		})
		if len(xs) == 0 {
			xs = nil
		}
		if got := splitList(joinList(xs)); !reflect.DeepEqual(got, xs) {
			t.Errorf("split(join(%q)) = %q", xs, got)
		}
	})
}

// TestEnumsCoverCatalog keeps the workbook's enums in step with the
// catalog's constants: a new kind or field type needs a Chinese name here.
func TestEnumsCoverCatalog(t *testing.T) {
	for _, k := range catalog.Kinds {
		if kindEnum.title(string(k)) == string(k) {
			t.Errorf("kind %s has no Chinese name", k)
		}
	}
	for _, ft := range catalog.FieldTypes {
		if fieldTypeEnum.title(ft) == ft {
			t.Errorf("field type %s has no Chinese name", ft)
		}
	}
	for _, th := range catalog.Themes {
		if c, ok := themeEnum.lookup(th.Name); !ok || c != th.Code {
			t.Errorf("theme %s does not read back", th.Name)
		}
	}
}
