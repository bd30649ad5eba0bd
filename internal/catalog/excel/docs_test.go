package excel

import (
	"os"
	"strings"
	"testing"
)

// TestLayoutDocumented keeps docs/catalog-excel.md in step with the
// layout: every sheet, every column's header and key, and every Chinese
// value an enum column accepts.
func TestLayoutDocumented(t *testing.T) {
	raw, err := os.ReadFile("../../../docs/catalog-excel.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	for _, s := range sheets {
		if !strings.Contains(doc, "## Sheet "+s.name+" ") {
			t.Errorf("sheet %s has no section", s.name)
		}
		for _, c := range s.cols {
			if !strings.Contains(doc, "| "+c.header+" | `"+c.key+"` |") {
				t.Errorf("%s: column %s (%s) is not documented", s.name, c.header, c.key)
			}
			if c.enum == nil {
				continue
			}
			for _, n := range c.enum.names() {
				if !strings.Contains(doc, n) {
					t.Errorf("%s: value %s of %s is not documented", s.name, n, c.header)
				}
			}
			for alias := range c.enum.parse {
				ascii := strings.IndexFunc(alias, func(r rune) bool { return r > 127 }) < 0
				if !ascii && !strings.Contains(doc, alias) {
					t.Errorf("%s: alias %s of %s is not documented", s.name, alias, c.header)
				}
			}
		}
	}
}
