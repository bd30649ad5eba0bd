package app_test

import (
	"sort"
	"strings"
	"testing"
)

// TestDemoConsistencyReportFindsThePlantedDeviations: over the whole demo
// prefecture the report lists exactly the four deviations the demo plants
// (a renamed item, a longer promised limit, an extra material, a shallower
// online depth), and keeps local items without a base item apart.
func TestDemoConsistencyReportFindsThePlantedDeviations(t *testing.T) {
	ta := start(t, "sqlite")
	tok := ta.login("catalog1")
	r := ta.do("GET", "/api/v1/catalog/consistency?region=533400&limit=2000", tok, nil)
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var rep struct {
		Items []struct {
			Code       string `json:"code"`
			Deviations []struct {
				Element string `json:"element"`
			} `json:"deviations"`
		} `json:"items"`
		LocalCount int `json:"local_count"`
	}
	r.json(t, &rep)
	var elements []string
	for _, it := range rep.Items {
		for _, d := range it.Deviations {
			el := d.Element
			if i := strings.IndexByte(el, '['); i > 0 {
				el = el[:i]
			}
			elements = append(elements, el)
		}
	}
	sort.Strings(elements)
	if strings.Join(elements, ",") != "materials,name,online_depth,promised_days" || rep.LocalCount == 0 {
		t.Fatalf("deviations %v in %d items, %d local", elements, len(rep.Items), rep.LocalCount)
	}
}

// TestAccountListByRegion: the staff filter takes grants in the region's
// subtree only (clerk1 works in 533400, catalog1 too; nobody in 533422).
func TestAccountListByRegion(t *testing.T) {
	each(t, func(t *testing.T, ta *testApp) {
		tok := ta.login("sysadmin")
		names := func(region string) string {
			r := ta.do("GET", "/api/v1/accounts?kind=staff&limit=200&region="+region, tok, nil)
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", region, r.Status, r.Body)
			}
			var out struct {
				Items []struct {
					Username string `json:"username"`
				} `json:"items"`
			}
			r.json(t, &out)
			var us []string
			for _, it := range out.Items {
				us = append(us, it.Username)
			}
			return strings.Join(us, ",")
		}
		if got := names("533400"); !strings.Contains(got, "clerk1") || !strings.Contains(got, "catalog1") {
			t.Fatalf("533400: %s", got)
		}
		if got := names("530000"); !strings.Contains(got, "clerk1") {
			t.Fatalf("530000 (the subtree includes 533400): %s", got)
		}
		if got := names("533422"); got != "" {
			t.Fatalf("533422: %s", got)
		}
	})
}
