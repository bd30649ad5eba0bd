package catalog

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// The list rules of Check (materials, fees, special procedures matched by
// name) and the small helpers the rules share.

func checkMaterials(base, impl []Material) []Deviation {
	var out []Deviation
	byName := map[string]Material{}
	for _, m := range base {
		byName[m.Name] = m
	}
	for _, m := range impl {
		el, label := "materials["+m.Name+"]", "申请材料“"+m.Name+"”"
		b, ok := byName[m.Name]
		switch {
		case !ok:
			out = append(out, Deviation{Element: el, Label: label, Base: "（基本目录无此材料）", Impl: materialSummary(m), Rule: RuleNoNewMat})
		default:
			if m.Copies > b.Copies {
				out = append(out, Deviation{Element: el + ".copies", Label: label + "的份数", Base: copiesText(b.Copies),
					Impl: copiesText(m.Copies), Rule: RuleFewer})
			}
			if requirementRank(m.Requirement) > requirementRank(b.Requirement) {
				out = append(out, Deviation{Element: el + ".requirement", Label: label + "的要求",
					Base: zhEnum("requirement", b.Requirement), Impl: zhEnum("requirement", m.Requirement), Rule: RuleLooser})
			}
		}
	}
	return out
}

func checkFees(base, impl []Fee) []Deviation {
	var out []Deviation
	byName := map[string]Fee{}
	for _, f := range base {
		byName[f.Name] = f
	}
	for _, f := range impl {
		el, label := "fees["+f.Name+"]", "收费项目“"+f.Name+"”"
		b, ok := byName[f.Name]
		switch {
		case !ok:
			out = append(out, Deviation{Element: el, Label: label, Base: "（基本目录无此收费）", Impl: feeText(f), Rule: RuleNoNewFee})
		case b.Standard != f.Standard:
			out = append(out, Deviation{Element: el + ".standard", Label: label + "的收费标准", Base: b.Standard, Impl: f.Standard, Rule: RuleFeeStd})
		}
	}
	return out
}

func checkProcedures(base, impl []SpecialProcedure) []Deviation {
	var out []Deviation
	byName := map[string]SpecialProcedure{}
	for _, p := range base {
		byName[p.Name] = p
	}
	for _, p := range impl {
		el, label := "special_procedures["+p.Name+"]", "特别程序“"+p.Name+"”"
		b, ok := byName[p.Name]
		days := func(n int) string { return strconv.Itoa(n) + " 天" }
		switch {
		case !ok:
			out = append(out, Deviation{Element: el, Label: label, Base: "（基本目录无此程序）", Impl: p.Name + "：最长 " + days(p.MaxDays), Rule: RuleNoNewSP})
		case p.MaxDays > b.MaxDays:
			out = append(out, Deviation{Element: el + ".max_days", Label: label + "的最长时限", Base: days(b.MaxDays), Impl: days(p.MaxDays), Rule: RuleShorten})
		}
	}
	return out
}

// missing lists the values of want absent from have.
func missing(want, have []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}

func crossRank(c string) int {
	switch c {
	case CrossProvince:
		return 1
	case CrossNational:
		return 2
	}
	return 0
}

// requirementRank orders requirements from loosest to strictest.
func requirementRank(r string) int {
	switch r {
	case Optional:
		return 0
	case Conditional:
		return 1
	}
	return 2
}

func joinMap[T any](xs []T, f func(T) string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return strings.Join(out, "；")
}

func sorted(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

func canonJSON(v any) string {
	b, _ := json.Marshal(v)
	if string(b) == "null" || string(b) == "[]" {
		return ""
	}
	return string(b)
}
