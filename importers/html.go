package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/cityscore/cityscore/dataset"
)

// HTML tables saved under a .xls name (CNKI's exports, "Excel档案呈现方式")
// are laid out as a spreadsheet would open them: the text of each block
// outside a table (the title, a source line) is a row of one cell, and
// each table's rows follow, with rowspan and colspan as merged cells. Cell
// references (B5) count in that grid. The grid is then read like a
// worksheet: as a yearbook table when it looks like one, else as a wide or
// long table (the largest table of the page, its first row the header).

// maxHTMLSpan caps a cell's rowspan and colspan, against pages that
// declare absurd ones; the cells of the page are capped by
// Limits.GridCells and Limits.Columns.
const maxHTMLSpan = 1000

// readHTML reads an HTML page's tables.
func readHTML(data []byte, name string, opt Options) (*dataset.Table, *Report, error) {
	text, enc, err := decodeHTML(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s: %w", name, enc, err)
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	g, tables, err := htmlGrid(doc, opt.Limits.withDefaults())
	if err != nil {
		var le *LimitError
		if errors.As(err, &le) {
			le.File = name
			return nil, nil, le
		}
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(tables) == 0 {
		return nil, nil, fmt.Errorf("%s: %w", name, ErrHTML)
	}
	f := newFileReader(name, FormatHTML, opt)
	f.info.Encoding = enc
	f.size = int64(len(data))
	s := f.newSheet("", 0)
	probe := g.rows[:min(len(g.rows), yearbookProbe)]
	if hdr, ok := detectYearbook(probe); ok {
		s.info.Layout = LayoutYearbook
		if err := f.readYearbook(g, hdr, 0); err != nil {
			s.done()
			_, rep, _ := f.finish()
			return nil, rep, err
		}
		if n := len(f.rep.Tables); n > 0 {
			s.info.Rows = f.rep.Tables[n-1].Cities
		}
		s.done()
		return f.finish()
	}
	// Not a yearbook table: the largest table, as a plain one.
	best := tables[0]
	for _, t := range tables[1:] {
		if t[1]-t[0] > best[1]-best[0] {
			best = t
		}
	}
	for r := best[0]; r < best[1]; r++ {
		if err := s.row(r+1, g.rows[r]); err != nil {
			s.done()
			_, rep, _ := f.finish()
			return nil, rep, err
		}
	}
	s.done()
	return f.finish()
}

// decodeHTML returns the page as UTF-8: the encoding of a BOM or a
// <meta charset>, else UTF-8 when valid, else GB18030 (as decodeText).
func decodeHTML(data []byte) (string, string, error) {
	e, name, certain := charset.DetermineEncoding(data, "text/html")
	if !certain && (name == "windows-1252" || name == "utf-8") {
		// No declaration: charset guesses windows-1252, where Chinese
		// pages without one are GBK.
		return decodeText(data)
	}
	b, err := io.ReadAll(e.NewDecoder().Reader(bytes.NewReader(data)))
	if err != nil {
		return "", name, err
	}
	if name == "utf-8" {
		name = EncodingUTF8
	}
	return string(b), strings.ToUpper(name), nil
}

// htmlGrid lays a parsed page out as a grid, and returns the row range
// [start, end) of each table.
func htmlGrid(doc *html.Node, lim Limits) (*grid, [][2]int, error) {
	g := &grid{}
	var tables [][2]int
	var line strings.Builder
	flush := func() {
		if t := strings.TrimSpace(line.String()); t != "" {
			g.rows = append(g.rows, []string{t})
		}
		line.Reset()
	}
	cells := 0
	var walk func(n *html.Node) error
	walk = func(n *html.Node) error {
		switch n.Type {
		case html.TextNode:
			line.WriteString(n.Data)
			return nil
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Head, atom.Script, atom.Style, atom.Title, atom.Template:
				return nil
			case atom.Br:
				flush()
				return nil
			case atom.Table:
				flush()
				start := len(g.rows)
				if err := g.addTable(n, &cells, lim); err != nil {
					return err
				}
				if len(g.rows) > start {
					tables = append(tables, [2]int{start, len(g.rows)})
				}
				return nil
			}
		}
		block := n.Type == html.ElementNode && isBlock(n.DataAtom)
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if err := walk(c); err != nil {
				return err
			}
		}
		if block {
			flush()
		}
		return nil
	}
	if err := walk(doc); err != nil {
		return nil, nil, err
	}
	flush()
	return g, tables, nil
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Div, atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol,
		atom.Section, atom.Article, atom.Header, atom.Footer, atom.Center, atom.Caption, atom.Pre, atom.Body, atom.Tr:
		return true
	}
	return false
}

// addTable appends the rows of a table, placing each cell in the first
// free column of its row and recording its spans as a merge.
func (g *grid) addTable(t *html.Node, cells *int, lim Limits) error {
	base := len(g.rows)
	taken := map[[2]int]bool{}
	r := base
	var rowsOf func(n *html.Node)
	var trs []*html.Node
	rowsOf = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				trs = append(trs, c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				rowsOf(c)
			}
		}
	}
	rowsOf(t)
	for i, tr := range trs {
		for len(g.rows) <= r {
			g.rows = append(g.rows, nil)
		}
		col := 0
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
				continue
			}
			for taken[[2]int{r, col}] {
				col++
			}
			// A rowspan reaches no further than the table's last row.
			rs, cs := min(span1(td, "rowspan"), len(trs)-i), span1(td, "colspan")
			*cells += rs * cs
			switch {
			case *cells > lim.GridCells:
				return &LimitError{What: fmt.Sprintf("tables of more than %s cells", groupDigits(int64(lim.GridCells))), Field: "GridCells", Value: int64(lim.GridCells)}
			case col+cs > lim.Columns:
				return &LimitError{Where: fmt.Sprintf("row %d", r+1), What: fmt.Sprintf("more than %s columns", groupDigits(int64(lim.Columns))), Field: "Columns", Value: int64(lim.Columns)}
			}
			g.set(r, col, cellText(td))
			if rs > 1 || cs > 1 {
				g.merges = append(g.merges, span{r, col, r + rs - 1, col + cs - 1})
				for i := range rs {
					for j := range cs {
						taken[[2]int{r + i, col + j}] = true
					}
				}
			}
			col += cs
		}
		r++
	}
	// Rows that only spans reach.
	for len(g.rows) < r {
		g.rows = append(g.rows, nil)
	}
	return nil
}

func span1(n *html.Node, key string) int {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			if v, err := strconv.Atoi(strings.TrimSpace(a.Val)); err == nil && v > 1 {
				return min(v, maxHTMLSpan)
			}
		}
	}
	return 1
}

func (g *grid) set(r, c int, s string) {
	row := g.rows[r]
	for len(row) <= c {
		row = append(row, "")
	}
	row[c] = s
	g.rows[r] = row
}

// cellText is the text of a table cell, with <br> as a line break.
func cellText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
