package validate

import (
	"strings"

	"github.com/onewindow/onewindow/internal/errs"
)

// Region levels (GB/T 2260 down to county, 9-digit townships, 12-digit villages).
const (
	LevelProvince = "province"
	LevelCity     = "city"
	LevelCounty   = "county"
	LevelTownship = "township"
	LevelVillage  = "village"
)

// RegionCode checks the shape of a region code and returns its level:
// 6 digits (province xx0000, city xxxx00, county), 9 (township) or 12 (village).
// Whether the region exists is the region table's business, not this one's.
func RegionCode(field, code string) (level string, err error) {
	code = strings.TrimSpace(code)
	if !allDigits(code) {
		return "", errs.Field(field, "行政区划代码只能由数字组成")
	}
	switch len(code) {
	case 6:
		if code[:2] == "00" {
			return "", errs.Field(field, "行政区划代码 %s 的省级代码无效", code)
		}
		switch {
		case code[2:] == "0000":
			return LevelProvince, nil
		case code[4:] == "00":
			return LevelCity, nil
		}
		return LevelCounty, nil
	case 9:
		if code[6:] == "000" {
			return "", errs.Field(field, "乡镇（街道）代码 %s 无效", code)
		}
		return LevelTownship, nil
	case 12:
		if code[9:] == "000" || code[6:9] == "000" {
			return "", errs.Field(field, "村（社区）代码 %s 无效", code)
		}
		return LevelVillage, nil
	}
	return "", errs.Field(field, "行政区划代码应为 6 位（县级及以上）、9 位（乡镇街道）或 12 位（村社区）数字")
}

// RegionPrefix is the significant prefix of a code: every region in its
// subtree has a code starting with it (530000 → 53, 533400 → 5334,
// 533401 → 533401, 533401001 → 533401001). Scopes are checked with it.
func RegionPrefix(code string) string {
	if len(code) == 6 {
		switch {
		case code[2:] == "0000":
			return code[:2]
		case code[4:] == "00":
			return code[:4]
		}
	}
	return code
}

// RegionParent is the code of the level above, or "" for a province.
// Counties directly under a province (省直辖县级, such as 429004) have the
// province's city slot "90"; their parent is the province.
func RegionParent(code string) string {
	switch len(code) {
	case 12:
		return code[:9]
	case 9:
		return code[:6]
	case 6:
		switch {
		case code[2:] == "0000":
			return ""
		case code[4:] == "00", code[2:4] == "90":
			return code[:2] + "0000"
		}
		return code[:4] + "00"
	}
	return ""
}

// RegionAncestors lists code and the codes above it, nearest first.
func RegionAncestors(code string) []string {
	var out []string
	for c := code; c != ""; c = RegionParent(c) {
		out = append(out, c)
	}
	return out
}

// InRegion reports whether code lies in the subtree rooted at root.
func InRegion(code, root string) bool {
	return root != "" && strings.HasPrefix(code, RegionPrefix(root))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
