package guide

import (
	"strings"
	"unicode/utf8"
)

// Line-breaking rules (禁则): these may not begin a line …
const noStart = "，。、；：？！）》」』】〕〉”’…·%,.;:?!)]}"

// … and these may not end one.
const noEnd = "（《「『【〔〈“‘([{"

// tokens splits text into breakable units: a Latin word (letters, digits
// and the punctuation inside codes and addresses) stays whole, each CJK
// character and each space stands alone.
func tokens(s string) []string {
	var out []string
	word := -1
	for i, r := range s {
		latin := r < 0x80 && r != ' '
		if latin && word < 0 {
			word = i
			continue
		}
		if latin {
			continue
		}
		if word >= 0 {
			out = append(out, s[word:i])
			word = -1
		}
		out = append(out, string(r))
	}
	if word >= 0 {
		out = append(out, s[word:])
	}
	return out
}

// wrap breaks s into lines no wider than max at size: newlines are kept,
// closing punctuation never starts a line and opening punctuation never
// ends one, and a word longer than a line is cut.
func (w *writer) wrap(s string, size, max float64) []string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ").Replace(s)
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, w.wrapLine(para, size, max)...)
	}
	return lines
}

func (w *writer) wrapLine(s string, size, max float64) []string {
	var lines []string
	var cur []string
	curW := 0.0
	flush := func() {
		lines = append(lines, strings.TrimRight(strings.Join(cur, ""), " "))
		cur, curW = cur[:0], 0
	}
	toks := tokens(s)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		tw := w.measure(t, size)
		if curW+tw <= max {
			if len(cur) == 0 && t == " " && len(lines) > 0 {
				continue // no space at the start of a wrapped line
			}
			cur, curW = append(cur, t), curW+tw
			continue
		}
		switch {
		case t == " ":
			flush()
		case len(cur) == 0: // longer than a line: cut it
			cut := w.cut(t, size, max)
			cur, curW = []string{cut}, w.measure(cut, size)
			toks[i] = t[len(cut):]
			i--
		default:
			carry := breakAt(cur, t)
			next := append([]string(nil), cur[carry:]...)
			cur = cur[:carry]
			flush()
			for _, c := range next {
				cur, curW = append(cur, c), curW+w.measure(c, size)
			}
			i--
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// breakAt returns where to end a full line of tokens cur when next does
// not fit: before the closing marks that would otherwise start the next
// line, together with the character they close, and before opening marks
// that would end this one. It never returns 0, so each line holds something.
func breakAt(cur []string, next string) int {
	k := len(cur)
	if isMark(noStart, next) {
		for k > 0 && isMark(noStart, cur[k-1]) {
			k--
		}
		k--
	}
	for k > 1 && isMark(noEnd, cur[k-1]) {
		k--
	}
	if k <= 0 {
		return len(cur)
	}
	return k
}

// isMark reports whether token t is one of the punctuation marks in set.
func isMark(set, t string) bool {
	return utf8.RuneCountInString(t) == 1 && strings.Contains(set, t)
}

// cut returns the longest prefix of t (at least one rune) that fits max.
func (w *writer) cut(t string, size, max float64) string {
	width := 0.0
	for i, r := range t {
		face, g := w.faceFor(r)
		width += w.runeWidth(face, size, g)
		if width > max && i > 0 {
			return t[:i]
		}
	}
	return t
}
