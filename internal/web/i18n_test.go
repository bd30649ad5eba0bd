package web

import (
	"io/fs"
	"regexp"
	"sort"
	"testing"
)

// TestEveryTemplateStringHasEnglish keeps the English catalogue complete:
// every {{t .Lang "…"}} (or $.Lang) string in a template needs an entry.
func TestEveryTemplateStringHasEnglish(t *testing.T) {
	re := regexp.MustCompile(`\{\{t \$?\.Lang "([^"]+)"\}\}`)
	missing := map[string]bool{}
	err := fs.WalkDir(files, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if _, ok := english[m[1]]; !ok {
				missing[m[1]+" ("+p+")"] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	for k := range missing {
		list = append(list, k)
	}
	sort.Strings(list)
	for _, k := range list {
		t.Errorf("no English for %s", k)
	}
}
