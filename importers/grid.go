package importers

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// grid is a sheet held in memory with its merged cells: a worksheet, or
// the tables of an HTML file laid out one under the other. Rows and
// columns are 0-based; cell names add 1.
type grid struct {
	sheet  string
	rows   [][]string
	merges []span
	// cover maps a cell covered by a merge to the merge's index.
	cover map[[2]int]int
}

// span is a merged range, inclusive.
type span struct{ r1, c1, r2, c2 int }

func (g *grid) index() {
	g.cover = make(map[[2]int]int)
	for i, m := range g.merges {
		// Cap a merge's reach at the grid's rows: a fuzzed file may
		// declare huge ranges.
		r2 := min(m.r2, len(g.rows)+1)
		c2 := min(m.c2, m.c1+1024)
		for r := m.r1; r <= r2; r++ {
			for c := m.c1; c <= c2; c++ {
				g.cover[[2]int{r, c}] = i
			}
		}
	}
}

// raw returns the text stored at (r, c), "" outside the grid.
func (g *grid) raw(r, c int) string {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return ""
	}
	return g.rows[r][c]
}

// at returns the text shown at (r, c): the top-left cell's text for a cell
// covered by a merge. m is the merge's index, or -1.
func (g *grid) at(r, c int) (text string, m int) {
	if i, ok := g.cover[[2]int{r, c}]; ok {
		s := g.merges[i]
		return g.raw(s.r1, s.c1), i
	}
	return g.raw(r, c), -1
}

// width returns the number of columns of the widest row in [r1, r2].
func (g *grid) width(r1, r2 int) int {
	w := 0
	for r := max(r1, 0); r <= r2 && r < len(g.rows); r++ {
		w = max(w, len(g.rows[r]))
	}
	return w
}

// norm collapses the white space of a header or title text (line breaks,
// runs of spaces, U+00A0, U+3000) to single spaces, and drops the spaces
// between two Chinese characters, which typesetting puts there
// ("第一产业占地区   生产总值的比重" → "第一产业占地区生产总值的比重").
func norm(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	var last rune
	for _, r := range s {
		if isCellSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space && !(isHan(last) && isHan(r)) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// splitZhEn splits a bilingual header into its Chinese and English parts:
// the Chinese part runs to the last Chinese character, plus any brackets
// that follow it without Latin letters (a unit such as (%) or （个）).
//
//	地区生产总值（当年价格） （亿元） Gross Regional Product （Current Prices）
//	→ 地区生产总值（当年价格） （亿元） | Gross Regional Product （Current Prices）
func splitZhEn(s string) (zh, en string) {
	s = norm(s)
	end := -1
	for i, r := range s {
		if isHan(r) {
			end = i + utf8.RuneLen(r)
		}
	}
	if end < 0 {
		return "", s
	}
	// Extend over the brackets that close around the last character, then
	// over bracket groups without letters: "(全市)", "(%)", " （个）".
	for end < len(s) && (s[end] == ')' || strings.HasPrefix(s[end:], "）")) {
		if s[end] == ')' {
			end++
		} else {
			end += len("）")
		}
	}
	for {
		rest := s[end:]
		t := strings.TrimLeft(rest, " ")
		open, size := utf8.DecodeRuneInString(t)
		if open != '(' && open != '（' {
			break
		}
		closeAt := strings.IndexAny(t[size:], ")）")
		if closeAt < 0 {
			break
		}
		inner := t[size : size+closeAt]
		if strings.IndexFunc(inner, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }) >= 0 {
			break
		}
		_, closeSize := utf8.DecodeRuneInString(t[size+closeAt:])
		end += len(rest) - len(t) + size + closeAt + closeSize
	}
	return strings.TrimSpace(s[:end]), strings.TrimSpace(s[end:])
}
