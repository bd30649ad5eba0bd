package catalog

// Theme is a life event or enterprise-lifecycle stage the public browses by.
type Theme struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Target string `json:"target"` // person or org
}

// Themes lists the browsing themes: life events (个人) and the
// enterprise lifecycle (法人).
var Themes = []Theme{
	{"birth", "出生", TargetPerson}, {"school", "上学", TargetPerson}, {"work", "就业", TargetPerson},
	{"marriage", "婚育", TargetPerson}, {"housing", "住房", TargetPerson}, {"health", "医疗", TargetPerson},
	{"social_security", "社保", TargetPerson}, {"travel", "出行", TargetPerson}, {"elderly", "养老", TargetPerson},
	{"retirement", "退休", TargetPerson}, {"disability", "助残", TargetPerson}, {"death", "身后事", TargetPerson},
	{"start", "开办", TargetOrg}, {"operate", "经营", TargetOrg}, {"construct", "投资建设", TargetOrg},
	{"change", "变更", TargetOrg}, {"close", "注销", TargetOrg},
}

// ThemeByCode finds a theme.
func ThemeByCode(code string) (Theme, bool) {
	for _, t := range Themes {
		if t.Code == code {
			return t, true
		}
	}
	return Theme{}, false
}
