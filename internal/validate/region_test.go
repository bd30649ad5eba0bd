package validate

import (
	"strings"
	"testing"
)

func TestRegionCode(t *testing.T) {
	valid := map[string]string{
		"530000": LevelProvince, "533400": LevelCity, "533401": LevelCounty, "429004": LevelCounty,
		"533401001": LevelTownship, "533401001001": LevelVillage, " 533422 ": LevelCounty,
	}
	for in, want := range valid {
		if got, err := RegionCode("region_code", in); err != nil || got != want {
			t.Errorf("RegionCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "53340", "5334010", "000000", "53340a", "533400000", "533401000", "533401001000", "533401000001"} {
		_, err := RegionCode("region_code", in)
		wantInvalid(t, err, "region_code")
	}
}

func TestRegionTree(t *testing.T) {
	if got := RegionAncestors("533401001001"); len(got) != 5 || got[4] != "530000" || got[2] != "533401" {
		t.Errorf("RegionAncestors = %v", got)
	}
	if RegionParent("429004") != "420000" {
		t.Errorf("RegionParent(429004) = %q, want the province", RegionParent("429004"))
	}
	if !InRegion("533401001", "533400") || InRegion("533501", "533400") || InRegion("533401", "") {
		t.Error("InRegion is wrong")
	}
}

// FuzzRegionCode: never panics, accepted codes keep their level, and the
// tree helpers terminate on anything.
func FuzzRegionCode(f *testing.F) {
	for _, s := range []string{"530000", "533400", "533401", "533401001", "533401001001", "", "00", "999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(RegionAncestors(s)) > 5 {
			t.Fatalf("RegionAncestors(%q) too deep", s)
		}
		InRegion(s, s)
		level, err := RegionCode("region_code", s)
		if err != nil {
			wantInvalid(t, err, "region_code")
			return
		}
		code := strings.TrimSpace(s)
		if again, err := RegionCode("region_code", code); err != nil || again != level {
			t.Fatalf("%q: level %q, then %q, %v", s, level, again, err)
		}
		if !InRegion(code, code) {
			t.Fatalf("%q not in its own subtree", code)
		}
	})
}
