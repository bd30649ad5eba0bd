package gov

import (
	"testing"

	"github.com/onewindow/onewindow/internal/errs"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []Cursor{{}, {"533400", "迪庆州公安局"}, {"533401101", "a/b c"}} {
		got, err := DecodeCursor(c.Encode())
		if err != nil || got != c {
			t.Errorf("%+v → %q → %+v, %v", c, c.Encode(), got, err)
		}
	}
	for _, bad := range []string{"!!", "bm9uZXdsaW5l", "CnRvcA"} { // bad base64, no separator, empty region
		if _, err := DecodeCursor(bad); errs.FieldOf(err) != "after" {
			t.Errorf("DecodeCursor(%q) = %v", bad, err)
		}
	}
}

func TestWindowNumber(t *testing.T) {
	for in, want := range map[string]string{"a01": "A01", " B-12 ": "B-12", "": "", "A 01": "", "窗口1": "", "ABCDEFGHIJK": ""} {
		got, err := windowNumber(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("windowNumber(%q) = %q, %v", in, got, err)
		}
	}
}

func TestCheckRegionDerivesLevelAndParent(t *testing.T) {
	r, err := checkRegion(Region{Code: " 533401101001 ", Name: " 北门  社区 "})
	if err != nil || r.Level != LevelVillage || r.ParentCode != "533401101" || r.Name != "北门 社区" || !r.Active {
		t.Fatalf("checkRegion = %+v, %v", r, err)
	}
	for _, c := range []struct {
		r     Region
		field string
	}{
		{Region{Code: "530000", Name: "云南省", ParentCode: "100000"}, "parent_code"},
		{Region{Code: "533400", Name: "迪庆", Level: LevelProvince}, "level"},
		{Region{Code: "53340", Name: "迪庆"}, "code"},
		{Region{Code: "533400", Name: "迪庆\n藏族自治州"}, "name"},
	} {
		if _, err := checkRegion(c.r); errs.FieldOf(err) != c.field {
			t.Errorf("%+v: %v, want field %s", c.r, err, c.field)
		}
	}
}

func TestPageCutsTheExtraRow(t *testing.T) {
	pos := func(d Dept) Cursor { return Cursor{d.RegionCode, d.Name} }
	rows := []Dept{{RegionCode: "533400", Name: "甲"}, {RegionCode: "533400", Name: "乙"}, {RegionCode: "533401", Name: "丙"}}
	p := page(rows, 3, pos) // limit 2 asked, 3 fetched: there is a next page
	if len(p.Items) != 2 || p.Next != (Cursor{"533400", "乙"}).Encode() {
		t.Fatalf("page = %+v", p)
	}
	if p := page(rows[:2], 3, pos); len(p.Items) != 2 || p.Next != "" {
		t.Fatalf("last page = %+v", p)
	}
	if p := page[Dept](nil, 3, pos); p.Items == nil {
		t.Fatal("empty page has nil items (JSON null)")
	}
}
