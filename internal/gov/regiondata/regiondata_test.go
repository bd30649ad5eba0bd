package regiondata

import (
	"bytes"
	"testing"

	"github.com/onewindow/onewindow/internal/validate"
)

func TestLoadReadsEveryRowWithItsParent(t *testing.T) {
	rs, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, l := range levels {
		b, err := files.ReadFile(l.file)
		if err != nil {
			t.Fatal(err)
		}
		want += bytes.Count(bytes.TrimSpace(b), []byte("\n")) // rows = lines − header
	}
	if len(rs) != want {
		t.Fatalf("loaded %d regions, the files hold %d rows", len(rs), want)
	}
	seen := map[string]string{}
	for _, r := range rs {
		if r.Name == "" || !r.Active {
			t.Errorf("%s: empty name or inactive", r.Code)
		}
		if _, dup := seen[r.Code]; dup {
			t.Errorf("%s appears twice", r.Code)
		}
		if r.ParentCode != "" {
			if _, ok := seen[r.ParentCode]; !ok {
				t.Errorf("%s %s: parent %s missing or after its child", r.Code, r.Name, r.ParentCode)
			}
		}
		// The file's parent column agrees with the code's structure.
		if p := validate.RegionParent(r.Code); p != r.ParentCode {
			t.Errorf("%s %s: parent column %q, code says %q", r.Code, r.Name, r.ParentCode, p)
		}
		seen[r.Code] = r.Name
	}
	for code, name := range map[string]string{
		"530000": "云南省", "533400": "迪庆藏族自治州", "533401": "香格里拉市",
		"533422": "德钦县", "533423": "维西傈僳族自治县", "533401101": "建塘镇",
	} {
		if seen[code] != name {
			t.Errorf("%s = %q, want %q", code, seen[code], name)
		}
	}
}
