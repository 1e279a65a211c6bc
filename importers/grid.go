package importers

import (
	"fmt"
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
	// cover lists, for each row, the column ranges of the merges that
	// cover it, with the merge's index: memory in the merges' heights, not
	// their areas.
	cover [][]coverSpan
	// marks holds the marks of the workbook cells whose stored value is
	// not what they show (see cellMark), by row and column; a row without
	// any has none, and marks is nil when no cell is marked.
	marks [][]markedCell
}

// markedCell is a cell's mark and its detail (see xlsxCell).
type markedCell struct {
	mark   cellMark
	detail string
}

// span is a merged range, inclusive.
type span struct{ r1, c1, r2, c2 int }

// coverSpan is the columns a merge covers in a row.
type coverSpan struct{ c1, c2, m int }

// index clips the merged ranges to the cells of the grid (a range may
// reach past them: to row 1,048,576 or column XFD) and maps every cell
// they cover. The cells covered, added up, must stay within
// Limits.MergedCells: a few bytes of XML can declare billions.
func (g *grid) index(file string, lim Limits) error {
	w := g.width(0, len(g.rows)-1)
	merges := g.merges[:0:0]
	total := 0
	for _, m := range g.merges {
		total++ // a range counts at least 1, in or out of the grid
		if m.r1 >= len(g.rows) || m.c1 >= w || m.r1 < 0 || m.c1 < 0 {
			if total > lim.MergedCells {
				return mergedLimit(file, g.sheet, lim)
			}
			continue
		}
		m.r2, m.c2 = min(m.r2, len(g.rows)-1), min(m.c2, w-1)
		total += (m.r2-m.r1+1)*(m.c2-m.c1+1) - 1
		if total > lim.MergedCells {
			return mergedLimit(file, g.sheet, lim)
		}
		merges = append(merges, m)
	}
	g.merges = merges
	g.cover = nil
	if len(g.merges) > 0 {
		g.cover = make([][]coverSpan, len(g.rows))
	}
	for i, m := range g.merges {
		for r := m.r1; r <= m.r2; r++ {
			g.cover[r] = append(g.cover[r], coverSpan{m.c1, m.c2, i})
		}
	}
	return nil
}

func mergedLimit(file, sheet string, lim Limits) error {
	return &LimitError{File: file, Sheet: sheet, What: fmt.Sprintf("merged ranges that cover more than %s cells", groupDigits(int64(lim.MergedCells))),
		Field: "MergedCells", Value: int64(lim.MergedCells)}
}

// mark returns the mark of the cell at (r, c).
func (g *grid) mark(r, c int) markedCell {
	if r < len(g.marks) && c < len(g.marks[r]) {
		return g.marks[r][c]
	}
	return markedCell{}
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
	if r >= 0 && r < len(g.cover) {
		// Ranges should not overlap; when they do, the last one wins.
		spans := g.cover[r]
		for k := len(spans) - 1; k >= 0; k-- {
			if cs := spans[k]; c >= cs.c1 && c <= cs.c2 {
				s := g.merges[cs.m]
				return g.raw(s.r1, s.c1), cs.m
			}
		}
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
