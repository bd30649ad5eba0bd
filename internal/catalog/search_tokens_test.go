package catalog

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func tokenCount(s string) map[string]int {
	m := map[string]int{}
	for _, t := range strings.Fields(s) {
		m[t]++
	}
	return m
}

func TestTokensHoldBigramsUnigramsWordsAndFilters(t *testing.T) {
	doc := Doc{
		Code: "11533401MB0001X", BaseCode: "11530000MB0001", Name: "营业执照（IC卡）变更登记", Kind: KindOtherPower,
		DeptID: 12, RegionCode: "533401", Targets: []string{TargetOrg}, OnlineDepth: 3, CrossRegion: CrossNational,
		Keywords: []string{"开店"}, Themes: []string{"social_security", "start"},
		Materials: []Material{{Name: "法定代表人身份证明"}, {Name: "ＡＢＣ２０２４"}},
	}
	toks := tokenCount(Tokens(doc, "香格里拉市市场监督管理局"))
	for _, want := range []string{
		"营业", "业执", "执照", "执", "照", "变更", "更登", "登记", "ic", "卡", // name
		"n执照", "n登记", "n卡", "名ic", "n开店", // name and keywords, marked
		"开店", "其他", "行政", "权力", "社保", "开办", // keyword, kind title, theme names
		"市场", "监督", "管理", // department
		"11533401mb0001x", "11530000mb0001", // codes, lower-cased
		"身份", "证明", "abc2024", // materials; full-width folded
		AllToken, "区533401", "区5334", "区53", "部12", "类otherpower", "题socialsecurity", "题start",
		"对org", "深1", "深2", "深3", "通province", "通national",
	} {
		if toks[want] != 1 {
			t.Errorf("token %q: %d times, want once", want, toks[want])
		}
	}
	for _, absent := range []string{"照（", "（i", "深4", "对person", "区533422", "照变", "n其他", "mb"} {
		if toks[absent] != 0 {
			t.Errorf("unexpected token %q", absent)
		}
	}
}

func TestTokensAreBounded(t *testing.T) {
	doc := Doc{Name: "结婚登记", RegionCode: "533401"}
	for i := range 3000 {
		doc.Materials = append(doc.Materials, Material{Name: string(rune(0x4E00+i)) + string(rune(0x5E00+i)) + "证明材料"})
	}
	s := Tokens(doc, "民政局")
	if len(s) > MaxTokenBytes {
		t.Fatalf("tokens are %d bytes, more than %d", len(s), MaxTokenBytes)
	}
	toks := tokenCount(s)
	// What matters most is kept: filters and the name come first.
	for _, want := range []string{"结婚", "n结婚", "区5334", AllToken} {
		if toks[want] != 1 {
			t.Errorf("lost %q when truncating", want)
		}
	}
}

func TestQueryTerms(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"执照", []string{"执照"}},
		{"证", []string{"证"}},
		{"营业执照", []string{"营业", "业执", "执照"}},
		{"营业 执照", []string{"营业", "执照"}},
		{"社保社保", []string{"社保", "保社"}},
		{"IC卡 补办", []string{"ic", "卡", "补办"}},
		{"ＡＢＣ１２３", []string{"abc123"}},
		{`" * OR ( ' -- `, []string{"or"}},
		{`"*()'--^:`, nil},
		{"NEAR(营业 执照)", []string{"near", "营业", "执照"}},
	} {
		if got := QueryTerms(c.text); !slices.Equal(got, c.want) {
			t.Errorf("QueryTerms(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// Every query term of a text is a token of an item whose name is that text:
// an item is always found by its own name, and by any part of it that does
// not cut a word of another script (words are indexed whole: ICP, not IC).
func TestItemIsFoundByItsNameAndParts(t *testing.T) {
	for _, name := range []string{"结婚登记", "社会保障卡申领", "食品经营许可（新设）", "个体工商户设立登记", "ICP备案", "扎西·多吉的证明"} {
		toks := tokenCount(Tokens(Doc{Name: name}, ""))
		runes := []rune(name)
		for i := range runes {
			for j := i + 1; j <= len(runes); j++ {
				if cutsWord(runes, i) || cutsWord(runes, j) {
					continue
				}
				part := string(runes[i:j])
				for _, term := range QueryTerms(part) {
					if toks[term] == 0 {
						t.Errorf("%s: query %q needs %q, which is not a token", name, part, term)
					}
				}
				for _, term := range NameTerms(QueryTerms(part)) {
					if toks[term] == 0 {
						t.Errorf("%s: query %q needs name token %q", name, part, term)
					}
				}
			}
		}
	}
}

// No query term can equal a mark: users cannot type a filter or name token.
func TestQueryTermsNeverHitMarks(t *testing.T) {
	for _, text := range []string{"区5334", "n执照", "名ic", "对person", "深3", "区cn", "题start 类licensing"} {
		for _, term := range QueryTerms(text) {
			if strings.ContainsAny(term, "0123456789abcdefghijklmnopqrstuvwxyz") && strings.IndexFunc(term, isHan) >= 0 {
				t.Errorf("query %q produced the mixed term %q", text, term)
			}
		}
	}
}

// cutsWord reports whether cutting runes before index i splits an ASCII word.
func cutsWord(runes []rune, i int) bool {
	alnum := func(r rune) bool { return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	return i > 0 && i < len(runes) && alnum(runes[i-1]) && alnum(runes[i])
}

func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }

func TestFilterTokensMatchDocFilterTokens(t *testing.T) {
	doc := Doc{RegionCode: "533401", DeptID: 7, Kind: KindPublicService, Themes: []string{"marriage"},
		Targets: []string{TargetPerson, TargetOrg}, OnlineDepth: 2, CrossRegion: CrossProvince}
	have := tokenCount(strings.Join(docFilterTokens(doc), " "))
	pass := []Query{{}, {Region: "530000"}, {Region: "533400"}, {Region: "533401"}, {DeptID: 7},
		{Kind: KindPublicService}, {Theme: "marriage"}, {Target: TargetOrg}, {Target: TargetPerson},
		{OnlineDepth: 1}, {OnlineDepth: 2}, {CrossRegion: CrossProvince},
		{Region: "533400", Kind: KindPublicService, OnlineDepth: 2, Theme: "marriage"}}
	fail := []Query{{Region: "533422"}, {Region: "520000"}, {DeptID: 8}, {Kind: KindLicensing}, {Theme: "birth"},
		{OnlineDepth: 3}, {CrossRegion: CrossNational}, {Region: "533401", DeptID: 8}}
	passes := func(q Query) bool {
		for _, tok := range q.FilterTokens() {
			if have[tok] == 0 {
				return false
			}
		}
		return true
	}
	for _, q := range pass {
		if !passes(q) {
			t.Errorf("%+v: item should pass (tokens %v)", q, q.FilterTokens())
		}
	}
	for _, q := range fail {
		if passes(q) {
			t.Errorf("%+v: item should not pass", q)
		}
	}
}
