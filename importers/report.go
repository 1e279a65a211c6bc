package importers

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cityscore/cityscore/dataset"
)

// Layout is the shape of a table in a file.
type Layout string

// Layouts of FORMATS.md §3.
const (
	LayoutWide         Layout = "wide"           // one row per unit (and year), one column per variable
	LayoutLong         Layout = "long"           // one row per unit, year and variable
	LayoutSheetPerYear Layout = "sheet per year" // a workbook with a wide (or long) sheet per year
)

// Report says what an import read and how: per file, its format, the
// columns matched to the framework and those left as labels, the unit
// conversions and the units without data. Reports of several files are
// combined with Merge.
type Report struct {
	Files     []FileInfo
	Matched   []MatchedColumn
	Unmatched []UnmatchedColumn
	NoData    []NoData
}

// FileInfo describes one file read.
type FileInfo struct {
	File      string
	Format    Format
	Encoding  string // text files: EncodingUTF8, EncodingGB18030, …
	Delimiter rune   // text files
	Layout    Layout
	Sheets    []SheetInfo // the sheets read; one unnamed sheet for a text file
	Skipped   []SkippedSheet
	Rows      int // data rows read (not counting headers and empty rows)
}

// SheetInfo describes one sheet read.
type SheetInfo struct {
	Name   string // "" for a text file
	Year   int    // from the sheet's name; 0 = none
	Layout Layout
	Rows   int
}

// SkippedSheet is a sheet of a workbook that was not read.
type SkippedSheet struct {
	Name   string
	Reason string
}

// MatchedColumn is a column (or, in a long table, an indicator name) read
// into a variable.
type MatchedColumn struct {
	File     string
	Sheet    string
	Col      string // column letters, e.g. "C"
	Row      int    // long tables: the first row naming the indicator; 0 for a header
	Header   string // the header (or indicator cell) text
	Variable dataset.VariableID
	Stated   string  // the unit the header or unit column states; "" if none
	Unit     string  // the unit of the values stored
	Factor   float64 // stated unit → Unit; 1 when nothing was converted
}

// Converted reports whether the column's values were converted.
func (m MatchedColumn) Converted() bool { return m.Factor != 1 }

// UnmatchedColumn is a column that matched no variable. Its text is kept as
// the table label Label, unless Label is empty (see Note).
type UnmatchedColumn struct {
	File   string
	Sheet  string
	Col    string
	Row    int // long tables: the first row of an unmatched indicator name
	Header string
	Label  string
	Note   string
}

// NoData is a row whose matched values are all missing.
type NoData struct {
	File  string
	Sheet string
	Row   int
	Unit  dataset.UnitID
	Year  int
}

// Merge appends the lists of o to r.
func (r *Report) Merge(o *Report) {
	r.Files = append(r.Files, o.Files...)
	r.Matched = append(r.Matched, o.Matched...)
	r.Unmatched = append(r.Unmatched, o.Unmatched...)
	r.NoData = append(r.NoData, o.NoData...)
}

// Converted returns the matched columns whose values were converted.
func (r *Report) Converted() []MatchedColumn {
	var out []MatchedColumn
	for _, m := range r.Matched {
		if m.Converted() {
			out = append(out, m)
		}
	}
	return out
}

// Paths returns the names of the files read, in order: the paths ReadFile
// and ReadPaths opened, or the names given to ReadCSV, ReadWorkbook and
// Read.
func (r *Report) Paths() []string {
	out := make([]string, len(r.Files))
	for i, f := range r.Files {
		out[i] = f.File
	}
	return out
}

// Rows returns the number of data rows read from all files.
func (r *Report) Rows() int {
	n := 0
	for _, f := range r.Files {
		n += f.Rows
	}
	return n
}

// Issues lists the report's findings for the Data quality sheet: Kind
// "unmatched column", "converted", "no data", "skipped sheet" and
// "encoding" (a file decoded as GB18030 or UTF-16).
func (r *Report) Issues() []dataset.Issue {
	var out []dataset.Issue
	for _, f := range r.Files {
		switch f.Encoding {
		case "", EncodingUTF8, EncodingUTF8BOM:
		default:
			out = append(out, dataset.Issue{Kind: "encoding", Origin: dataset.Origin{File: f.File}, Msg: "decoded as " + f.Encoding})
		}
		for _, s := range f.Skipped {
			out = append(out, dataset.Issue{Kind: "skipped sheet", Origin: dataset.Origin{File: f.File, Sheet: s.Name}, Msg: s.Reason})
		}
	}
	for _, u := range r.Unmatched {
		msg := u.Note
		if u.Label != "" {
			msg = "kept as label " + strconv.Quote(u.Label)
		}
		out = append(out, dataset.Issue{Kind: "unmatched column", Origin: colOrigin(u.File, u.Sheet, u.Col, u.Row), Text: u.Header, Msg: msg})
	}
	for _, m := range r.Converted() {
		out = append(out, dataset.Issue{Kind: "converted", Variable: m.Variable, Origin: colOrigin(m.File, m.Sheet, m.Col, m.Row),
			Text: m.Header, Msg: fmt.Sprintf("%s → %s (×%s)", m.Stated, m.Unit, fmtFactor(m.Factor))})
	}
	for _, n := range r.NoData {
		out = append(out, dataset.Issue{Kind: "no data", Unit: n.Unit, Year: n.Year,
			Origin: dataset.Origin{File: n.File, Sheet: n.Sheet, Row: n.Row, Col: 1}, Msg: "every matched value is missing"})
	}
	return out
}

// colOrigin is the origin of a header cell (row 0: the header row, taken as
// 1) or of a long table's indicator cell.
func colOrigin(file, sheet, col string, row int) dataset.Origin {
	o := dataset.Origin{File: file, Sheet: sheet, Row: max(row, 1)}
	n := 0
	for _, c := range col {
		n = n*26 + int(c-'A') + 1
	}
	o.Col = n
	return o
}

func fmtFactor(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// Print writes a short summary: the counts first, then per file its format,
// layout and columns.
func (r *Report) Print(w io.Writer) error {
	p := &printer{w: w}
	conv := r.Converted()
	skipped := 0
	for _, f := range r.Files {
		skipped += len(f.Skipped)
	}
	p.f("%s, %s: %d columns matched (%d converted), %d unmatched; %s with no data",
		plural(len(r.Files), "file"), plural(r.Rows(), "row"), len(r.Matched), len(conv), len(r.Unmatched), plural(len(r.NoData), "row"))
	if skipped > 0 {
		p.f("; %s skipped", plural(skipped, "sheet"))
	}
	p.f("\n")
	for _, f := range r.Files {
		p.f("%s: %s", f.File, f.Format)
		if f.Encoding != "" {
			p.f(" (%s", f.Encoding)
			if f.Delimiter != 0 && f.Delimiter != ',' {
				p.f(", delimiter %q", f.Delimiter)
			}
			p.f(")")
		}
		p.f(", %s, %s", f.Layout, plural(f.Rows, "row"))
		for _, s := range f.Sheets {
			if s.Name != "" {
				p.f("\n  sheet %s: %s", s.Name, plural(s.Rows, "row"))
				if s.Year != 0 {
					p.f(", year %d", s.Year)
				}
			}
		}
		for _, s := range f.Skipped {
			p.f("\n  skipped sheet %s: %s", s.Name, s.Reason)
		}
		var matched, converted, unmatched, nodata []string
		for _, m := range r.Matched {
			if m.File != f.File {
				continue
			}
			s := cellRef(m.Sheet, m.Col, m.Row) + " " + m.Header
			if m.Header != string(m.Variable) {
				s += " → " + string(m.Variable)
			}
			matched = append(matched, s)
			if m.Converted() {
				converted = append(converted, fmt.Sprintf("%s %s: %s → %s ×%s", cellRef(m.Sheet, m.Col, m.Row), m.Header, m.Stated, m.Unit, fmtFactor(m.Factor)))
			}
		}
		for _, u := range r.Unmatched {
			if u.File != f.File {
				continue
			}
			s := cellRef(u.Sheet, u.Col, u.Row) + " " + u.Header
			if u.Header == "" {
				s += "(no header)"
			}
			if u.Label == "" && u.Note != "" {
				s += " (" + u.Note + ")"
			}
			unmatched = append(unmatched, s)
		}
		for _, n := range r.NoData {
			if n.File != f.File {
				continue
			}
			s := string(n.Unit)
			if n.Year != 0 {
				s += " " + strconv.Itoa(n.Year)
			}
			where := "row " + strconv.Itoa(n.Row)
			if n.Sheet != "" {
				where = "sheet " + n.Sheet + " " + where
			}
			nodata = append(nodata, s+" ("+where+")")
		}
		if len(matched) == 0 {
			p.f("\n  no column matched the framework")
		}
		p.list("matched", matched)
		p.list("converted", converted)
		p.list("unmatched", unmatched)
		p.list("no data", nodata)
		p.f("\n")
	}
	return p.err
}

func cellRef(sheet, col string, row int) string {
	s := col
	if row > 0 {
		s += strconv.Itoa(row)
	}
	if sheet != "" {
		s = sheetRef(sheet) + "!" + s
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) list(title string, items []string) {
	if len(items) > 0 {
		p.f("\n  %s (%d): %s", title, len(items), strings.Join(items, "; "))
	}
}
