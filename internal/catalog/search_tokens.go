package catalog

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/validate"
)

// Chinese search without a Chinese tokenizer: neither SQLite's FTS5 nor
// PostgreSQL's 'simple' configuration segments Chinese words, and a
// dictionary segmenter would miss the words people actually type (执照 is
// inside 营业执照, 社保 is an abbreviation nobody writes in a name). So an
// item is indexed as the unigrams and overlapping bigrams of every run of
// Chinese characters, written as space-separated tokens that both engines
// split on spaces alone. A query of one character matches a unigram; a
// query of two or more requires every one of its bigrams (营业执照 → 营业,
// 业执, 执照), which finds the phrase and, rarely, text that merely holds all
// of its bigrams somewhere — an acceptable price for matching 执照 inside
// 营业执照 and 结婚 inside 结婚登记 exactly. Other scripts (Latin letters,
// digits, Tibetan, Uyghur, Yi …) are split into words and lower-cased.
//
// Two more kinds of token make search fast without reading items:
//   - name tokens: every token of the name and of the keywords is written a
//     second time with a mark (n执照, 名ic), so "the name or keywords hold
//     every term" is an index lookup and those matches come first without
//     ranking every match;
//   - filter tokens: the item's region subtrees, department, kind, themes,
//     targets, online depth and cross-region scope (区5334, 部12, 类licensing,
//     题marriage, 对person, 深3, 通province), so that a filter narrows the
//     index match instead of costing a row lookup per match.
// A mark mixes Chinese with ASCII, which no query term can do (a query is
// split where Chinese meets other letters), so a user cannot type a mark.

// MaxTokenBytes bounds the tokens of one item. The sources are written in
// order of importance (filters, name, keywords, kind, themes, department,
// codes, materials), so an item with hundreds of materials loses only the
// tail of its material tokens.
const MaxTokenBytes = 16 << 10

// maxWordRunes bounds one non-Chinese word: a longer run is no word anyone
// searches for, and an index term of megabytes would only cost space.
const maxWordRunes = 64

// segment is one run of searchable characters: Chinese (indexed as
// unigrams and bigrams) or a word of another script (indexed whole).
type segment struct {
	han   bool
	runes []rune
}

// segments splits s into runs of Chinese characters and words, after
// folding full-width forms to ASCII and lower-casing; everything else
// (punctuation, spaces, symbols, control characters) separates runs.
func segments(s string) []segment {
	var out []segment
	var cur segment
	flush := func() {
		if len(cur.runes) > 0 {
			out = append(out, cur)
		}
		cur = segment{}
	}
	for _, r := range s {
		r = foldRune(r)
		switch {
		case r == utf8.RuneError:
			flush()
		case unicode.Is(unicode.Variation_Selector, r):
			// A variation selector picks a glyph of the character
			// before it (葛 and 葛󠄀 are one character to a reader).
		case unicode.Is(unicode.Han, r):
			if !cur.han {
				flush()
				cur.han = true
			}
			cur.runes = append(cur.runes, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) && len(cur.runes) > 0 && !cur.han:
			if cur.han {
				flush()
			}
			if len(cur.runes) < maxWordRunes {
				cur.runes = append(cur.runes, unicode.ToLower(r))
			}
		default:
			flush()
		}
	}
	flush()
	return out
}

// foldRune turns a full-width ASCII form (ＡＢＣ１２３, typed in Chinese input
// mode) into its ASCII letter, so that the two spellings are one word.
func foldRune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

// tokenSet collects distinct tokens in order, within MaxTokenBytes.
type tokenSet struct {
	b    strings.Builder
	seen map[string]bool
	full bool
}

// add writes tok once.
func (t *tokenSet) add(tok string) {
	if t.full || t.seen[tok] {
		return
	}
	if t.b.Len()+len(tok)+1 > MaxTokenBytes {
		t.full = true
		return
	}
	t.seen[tok] = true
	if t.b.Len() > 0 {
		t.b.WriteByte(' ')
	}
	t.b.WriteString(tok)
}

// text adds the tokens of s (see textTokens).
func (t *tokenSet) text(s string) {
	for _, tok := range textTokens(s) {
		t.add(tok)
	}
}

// textTokens is each Chinese run's unigrams and bigrams and each word whole.
func textTokens(s string) []string {
	var out []string
	for _, seg := range segments(s) {
		if !seg.han {
			out = append(out, string(seg.runes))
			continue
		}
		for i, r := range seg.runes {
			out = append(out, string(r))
			if i+1 < len(seg.runes) {
				out = append(out, string(seg.runes[i:i+2]))
			}
		}
	}
	return out
}

// nameMark marks a token as coming from the name: Chinese tokens get an
// ASCII mark, words a Chinese one, so that no query term equals a mark.
func nameMark(tok string) string {
	r, _ := utf8.DecodeRuneInString(tok)
	if unicode.Is(unicode.Han, r) {
		return "n" + tok
	}
	return "名" + tok
}

// Tokens is the search index text of an item version (item_fts.tokens):
// its filter tokens, the tokens of its name (plain and marked), keywords,
// kind title, theme names, department name, codes and material names,
// space-separated, each distinct token once, at most MaxTokenBytes.
// The codes are included so that staff and citizens who hold a printed
// guide can find the item by its 实施编码 or 基本编码.
func Tokens(doc Doc, deptName string) string {
	t := tokenSet{seen: map[string]bool{}}
	for _, tok := range docFilterTokens(doc) {
		t.add(tok)
	}
	name := textTokens(doc.Name)
	for _, tok := range name {
		t.add(tok)
	}
	for _, tok := range name {
		t.add(nameMark(tok))
	}
	// Keywords are what catalog managers say an item is found by, so they
	// rank with the name: 执照 brings 个体工商户设立登记 (keyword 营业执照) up
	// with the items named …执照, before items merely asking for one.
	for _, k := range doc.Keywords {
		kw := textTokens(k)
		for _, tok := range kw {
			t.add(tok)
		}
		for _, tok := range kw {
			t.add(nameMark(tok))
		}
	}
	t.text(doc.Kind.Title())
	for _, code := range doc.Themes {
		if th, ok := ThemeByCode(code); ok {
			t.text(th.Name)
		}
	}
	t.text(deptName)
	t.text(doc.Code)
	t.text(doc.BaseCode)
	for _, m := range doc.Materials {
		t.text(m.Name)
	}
	return t.b.String()
}

// QueryTerms is what a query text must match: the bigrams of each Chinese
// run (its one character when the run is one character long) and each
// word, distinct, in the order typed. All must be present in an item's
// tokens. A text of only punctuation and symbols has no terms: it matches
// nothing (it must not match everything).
func QueryTerms(text string) []string {
	var terms []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			terms = append(terms, s)
		}
	}
	for _, seg := range segments(text) {
		switch {
		case !seg.han:
			add(string(seg.runes))
		case len(seg.runes) == 1:
			add(string(seg.runes))
		default:
			for i := 0; i+1 < len(seg.runes); i++ {
				add(string(seg.runes[i : i+2]))
			}
		}
	}
	return terms
}

// NameTerms is terms as name tokens: an item matches all of them when its
// name holds every term, which relevance order puts first.
func NameTerms(terms []string) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = nameMark(t)
	}
	return out
}

// Marks of the filter tokens (see the package comment of this file).
const (
	markRegion = "区"
	markDept   = "部"
	markKind   = "类"
	markTheme  = "题"
	markTarget = "对"
	markDepth  = "深"
	markCross  = "通"
)

// AllToken is in every indexed item's tokens: a search with neither text
// nor filters matches it, so that every search counts the same way.
const AllToken = markRegion + "cn"

// docFilterTokens is what the filters of a Query can ask of doc.
func docFilterTokens(d Doc) []string {
	out := []string{AllToken}
	if d.RegionCode != "" {
		for _, code := range validate.RegionAncestors(d.RegionCode) {
			out = append(out, markRegion+validate.RegionPrefix(code))
		}
	}
	if d.DeptID != 0 {
		out = append(out, markDept+strconv.FormatInt(d.DeptID, 10))
	}
	if d.Kind != "" {
		out = append(out, markKind+bare(string(d.Kind)))
	}
	for _, th := range d.Themes {
		out = append(out, markTheme+bare(th))
	}
	for _, t := range d.Targets {
		out = append(out, markTarget+bare(t))
	}
	for k := 1; k <= d.OnlineDepth && k <= 4; k++ {
		out = append(out, markDepth+strconv.Itoa(k)) // 深k: depth ≥ k
	}
	switch d.CrossRegion {
	case CrossNational:
		// Handled across provinces, so across the province too.
		out = append(out, markCross+CrossProvince, markCross+CrossNational)
	case CrossProvince:
		out = append(out, markCross+CrossProvince)
	}
	return out
}

// FilterTokens is the tokens an item must have to pass q's filters, or
// AllToken alone when q has none. q must be normalised.
func (q Query) FilterTokens() []string {
	var out []string
	if q.Region != "" {
		out = append(out, markRegion+validate.RegionPrefix(q.Region))
	}
	if q.DeptID != 0 {
		out = append(out, markDept+strconv.FormatInt(q.DeptID, 10))
	}
	if q.Kind != "" {
		out = append(out, markKind+bare(string(q.Kind)))
	}
	if q.Theme != "" {
		out = append(out, markTheme+bare(q.Theme))
	}
	if q.Target != "" {
		out = append(out, markTarget+bare(q.Target))
	}
	if q.OnlineDepth > 0 {
		out = append(out, markDepth+strconv.Itoa(q.OnlineDepth))
	}
	if q.CrossRegion != "" {
		out = append(out, markCross+q.CrossRegion)
	}
	if len(out) == 0 {
		out = append(out, AllToken)
	}
	return out
}

// bare drops the underscores of a code (other_power → otherpower): the
// PostgreSQL parser splits words at "_", and a filter token must stay one.
func bare(code string) string { return strings.ReplaceAll(code, "_", "") }
