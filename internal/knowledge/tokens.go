package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/catalog"
)

// Tokens is the search index text of an article: the unigrams and
// bigrams of its Chinese and the words of other scripts (the catalogue's
// tokenizer, catalog.QueryTerms), the title's and keywords' also marked
// (catalog.NameTerms) so that "the title or a keyword holds every term"
// is one index lookup and ranks first. Space-separated, each once.
func Tokens(a Article) string {
	var b strings.Builder
	seen := map[string]bool{}
	add := func(toks []string) {
		for _, t := range toks {
			if !seen[t] {
				seen[t] = true
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(t)
			}
		}
	}
	named := append([]string{a.Title}, a.Keywords...)
	for _, s := range named {
		toks := indexTerms(s)
		add(toks)
		add(catalog.NameTerms(toks))
	}
	for _, s := range append([]string{a.Answer}, a.Subjects...) {
		add(indexTerms(s))
	}
	return b.String()
}

// TitleTokens is the unmarked tokens of the title and keywords alone,
// for an engine that keeps them apart (PostgreSQL: see
// internal/sqlstore/knowledge_search.go).
func TitleTokens(a Article) string {
	var out []string
	seen := map[string]bool{}
	for _, s := range append([]string{a.Title}, a.Keywords...) {
		for _, t := range indexTerms(s) {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return strings.Join(out, " ")
}

// indexTerms is what a query can ask of s: catalog.QueryTerms gives the
// bigrams of each Chinese run (and one-character runs) and the words;
// the characters of the bigrams are added so that a one-character query
// finds them too.
func indexTerms(s string) []string {
	terms := catalog.QueryTerms(s)
	out := make([]string, 0, len(terms)*2)
	for _, t := range terms {
		out = append(out, t)
		if r, _ := utf8.DecodeRuneInString(t); unicode.Is(unicode.Han, r) && utf8.RuneCountInString(t) == 2 {
			for _, c := range t {
				out = append(out, string(c))
			}
		}
	}
	return out
}

// Snippet is up to width characters of text around the first place a
// query term occurs (the start when none does), with … where cut.
func Snippet(text string, terms []string, width int) string {
	text = strings.Join(strings.Fields(text), " ")
	runes := []rune(text)
	if len(runes) <= width {
		return text
	}
	lower := strings.ToLower(text)
	at := -1
	for _, t := range terms {
		if i := strings.Index(lower, t); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	start := 0
	if at > 0 {
		start = max(utf8.RuneCountInString(lower[:at])-width/4, 0)
	}
	end := min(start+width, len(runes))
	start = max(end-width, 0)
	out := string(runes[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(runes) {
		out += "…"
	}
	return out
}
