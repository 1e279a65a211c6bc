package importers

import (
	"fmt"
	"io"
	"iter"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cityscore/cityscore/dataset"
)

// Layout is the shape of a table in a file.
type Layout string

// Layouts of docs/formats.md §3.
const (
	LayoutWide         Layout = "wide"           // one row per unit (and year), one column per variable
	LayoutLong         Layout = "long"           // one row per unit, year and variable
	LayoutSheetPerYear Layout = "sheet per year" // a workbook with a wide (or long) sheet per year
	LayoutYearbook     Layout = "yearbook"       // a table as the China City Statistical Yearbook prints it
)

// Labels a yearbook table sets on the rows of its cities.
const (
	LabelCode     = "code"     // the official 6-digit code (package cities)
	LabelProvince = "province" // the province the city belongs to
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

	// Yearbook tables only.
	Tables []TableInfo // one per table read
	Bad    []BadCell   // cells that hold neither a number nor a missing marker, kept missing
	// SkippedTables are the yearbook tables not read: under a framework of
	// prefecture-level cities (units: cn-city), the tables of county-level
	// cities.
	SkippedTables []SkippedTable

	// Units are the city names read through a misprint, a short name or
	// another year's name, or kept as printed: those of yearbook tables,
	// and under units: cn-city those of every table.
	Units []UnitNote

	// Cells are the workbook value cells whose stored value is not used
	// as a number, though the cell is no error: a formula without a cached
	// value, a number formatted as a date. Each is kept missing, and listed.
	Cells []CellNote
}

// Kinds of CellNote, as Issues lists them.
const (
	// KindFormulaNoValue: a cell holds a formula but no value computed
	// from it (a workbook written by a program that does not calculate,
	// such as excelize or openpyxl). Nothing can be read: the cell is kept
	// missing (dataset.Missing), and Text is the formula.
	KindFormulaNoValue = dataset.IssueFormulaNoValue
	// KindDateNumber: a number on a numeric variable formatted as a date or
	// a time. Its serial number (45352 for 2024-03-01) is no statistic:
	// Excel turns a value typed as 3-5 or 1/2 into a date. The cell is
	// kept missing and flagged dataset.Invalid, and Text is the number.
	KindDateNumber = dataset.IssueDateNumber
)

// CellNote is a value cell of a workbook that was not read as a number and
// is not an error (see Report.Cells).
type CellNote struct {
	Kind     dataset.IssueKind // KindFormulaNoValue or KindDateNumber
	Origin   dataset.Origin
	Unit     dataset.UnitID
	Year     int
	Variable dataset.VariableID
	Text     string // the formula (=SUM(B2:B9)), or the number stored
	Note     string
	NoteZh   string // Note in Chinese
}

// SkippedTable is a yearbook table that was not read into the table: no
// row, no value, no error of its cities.
type SkippedTable struct {
	File, Sheet string
	Number      string // as printed (3-1); informative only
	Title       string
	Year        int    // the data year
	Reason      string // "a table of county-level cities (397 of 397 rows), not of prefecture-level ones (units: cn-city)"
	ReasonZh    string // Reason in Chinese
	Rows        int    // the rows of cities not read (province headings, totals and notes not counted)
}

// TableInfo describes a yearbook table read.
type TableInfo struct {
	File, Sheet string
	Number      string // the table number as printed (2-6); informative only
	Title       string // Chinese title, as printed (brackets with a scope kept, a unit dropped)
	TitleEn     string
	Scope       string // from the title: 全市, 市辖区, or ""
	Unit        string // from a unit row or the title: the unit of columns that state none
	Year        int    // the data year
	YearFrom    string // where Year came from: the banner, --year, the edition in the path
	// HeaderRow is the first row of the header block (1-based),
	// HeaderRows its height, FirstDataRow the row after it.
	HeaderRow, HeaderRows, FirstDataRow int
	Columns                             int // value columns with a header
	Unknown                             int // of them, matched to no variable
	Cities                              int // city rows read
	Provinces                           int // province heading rows skipped
	Aggregates                          int // rows of totals skipped (全国, 合计)
	Repeats                             int // header blocks repeated on later pages, skipped
	Notes                               int // continuation titles, notes and sources, skipped
	Values, Missing, Bad                int // value cells read: numbers, empty, not a number
}

// BadCell is a yearbook cell that holds neither a number nor a missing
// marker (the official tables have typos such as £05 or _ 2317). Its value
// is missing and flagged dataset.Invalid; reading goes on.
type BadCell struct {
	Origin   dataset.Origin
	Text     string
	Unit     dataset.UnitID
	Year     int
	Variable dataset.VariableID
	Note     string // "" = not a number
	NoteZh   string // Note in Chinese
}

// UnitNote is a row whose city name is not the official name of the year
// (a known misprint, a former or later name, a short name, the name before
// a rename), a yearbook city listed under another province, or a unit that
// is not a known city kept as printed (Kept).
type UnitNote struct {
	File, Sheet string
	Row, Col    int
	Text        string         // the name as printed
	Unit        dataset.UnitID // the unit it was read as
	Code        string         // "" when kept as printed
	Year        int
	Note        string
	NoteZh      string // Note in Chinese
	// Kept is true for a unit that is not a known city (or, under units:
	// cn-city, not a prefecture-level one), kept as printed because of
	// Options.AllowUnknownUnits.
	Kept bool
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
	// SHA256 is the hex SHA-256 of the file's bytes as read, and Bytes
	// their number, when it was read by path (ReadFile, ReadPaths).
	SHA256 string
	Bytes  int64
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
	Name     string
	Reason   string
	ReasonZh string // Reason in Chinese
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
	// Note says how the stated unit was read when it is not Unit nor
	// converts to it: a short per-capita unit, "平方米 read as 平方米/人: a
	// per-capita item (人均公园绿地面积)". It is listed with the conversions.
	Note   string
	NoteZh string // Note in Chinese
	// Year is the year the header names (age_60_2020 holds age_60 of
	// 2020), in a wide table whose rows carry no year; 0 for a column of
	// the row's own year.
	Year int
}

// Converted reports whether the column's values were converted.
func (m MatchedColumn) Converted() bool { return m.Factor != 1 }

// conversion describes the conversion and the reading of the stated unit:
// "万元 → 亿元 (×0.0001)", "平方米 read as 平方米/人: a per-capita item
// (人均公园绿地面积)".
func (m MatchedColumn) conversion() string { return m.conversionIn("en") }

// conversionIn is conversion in lang.
func (m MatchedColumn) conversionIn(lang string) string {
	var parts []string
	if m.Converted() {
		parts = append(parts, fmt.Sprintf("%s → %s (×%s)", m.Stated, m.Unit, fmtFactor(m.Factor)))
	}
	if note := (dataset.Text{En: m.Note, Zh: m.NoteZh}).In(lang); note != "" {
		parts = append(parts, note)
	}
	if lang == "zh" {
		return strings.Join(parts, "；")
	}
	return strings.Join(parts, "; ")
}

// UnmatchedColumn is a column that matched no variable. Its text is kept as
// the table label Label, unless Label is empty (see Note). Note says why,
// or, beside a label, what the header seemed to say (the year it names).
type UnmatchedColumn struct {
	File   string
	Sheet  string
	Col    string
	Row    int // long tables: the first row of an unmatched indicator name
	Header string
	Label  string
	Note   string
	NoteZh string // Note in Chinese
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
	r.Tables = append(r.Tables, o.Tables...)
	r.Bad = append(r.Bad, o.Bad...)
	r.SkippedTables = append(r.SkippedTables, o.SkippedTables...)
	r.Units = append(r.Units, o.Units...)
	r.Cells = append(r.Cells, o.Cells...)
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
// "unmatched column", "converted", "no data", "skipped sheet", "encoding" (a
// file decoded as GB18030 or UTF-16), "invalid" (a yearbook cell that is not
// a number, kept missing), "city name" (a city read through a misprint, a
// short name or another year's name), "unknown city" (a unit that is not a
// known city, kept as printed with AllowUnknownUnits), "skipped table" (a
// yearbook table of county-level cities not read under units: cn-city),
// "formula without value" and "date-formatted number" (Report.Cells). A
// cell's text is quoted up to 80 characters.
func (r *Report) Issues() []dataset.Issue {
	var out []dataset.Issue
	for _, b := range r.Bad {
		msg, msgZh := b.Note, b.NoteZh
		if msg == "" {
			msg, msgZh = "not a number; kept missing", "不是数字，按缺失处理"
		}
		out = append(out, dataset.Issue{Kind: dataset.IssueInvalid, Unit: b.Unit, Year: b.Year, Variable: b.Variable, Origin: b.Origin, Text: clip(b.Text),
			Msg: msg, MsgZh: msgZh})
	}
	for _, c := range r.Cells {
		out = append(out, dataset.Issue{Kind: c.Kind, Unit: c.Unit, Year: c.Year, Variable: c.Variable, Origin: c.Origin, Text: clip(c.Text), Msg: c.Note, MsgZh: c.NoteZh})
	}
	for _, u := range r.Units {
		kind := dataset.IssueCityName
		if u.Kept {
			kind = dataset.IssueUnknownCity
		}
		out = append(out, dataset.Issue{Kind: kind, Unit: u.Unit, Year: u.Year,
			Origin: dataset.Origin{File: u.File, Sheet: u.Sheet, Row: u.Row, Col: u.Col}, Text: clip(u.Text), Msg: u.Note, MsgZh: u.NoteZh})
	}
	for _, t := range r.SkippedTables {
		out = append(out, dataset.Issue{Kind: dataset.IssueSkippedTable, Year: t.Year, Origin: dataset.Origin{File: t.File, Sheet: t.Sheet},
			Text: strings.TrimSpace(t.Number + " " + t.Title), Msg: fmt.Sprintf("%s; %s not read", t.Reason, plural(t.Rows, "row")),
			MsgZh: fmt.Sprintf("%s；%d 行未读取", t.ReasonZh, t.Rows)})
	}
	for _, f := range r.Files {
		switch f.Encoding {
		case "", EncodingUTF8, EncodingUTF8BOM:
		default:
			out = append(out, dataset.Issue{Kind: dataset.IssueEncoding, Origin: dataset.Origin{File: f.File}, Msg: "decoded as " + f.Encoding,
				MsgZh: "按 " + f.Encoding + " 编码读取"})
		}
		for _, s := range f.Skipped {
			out = append(out, dataset.Issue{Kind: dataset.IssueSkippedSheet, Origin: dataset.Origin{File: f.File, Sheet: s.Name}, Msg: s.Reason, MsgZh: s.ReasonZh})
		}
	}
	for _, u := range r.Unmatched {
		msg, msgZh := u.Note, u.NoteZh
		if u.Label != "" {
			msg, msgZh = "kept as label "+quote(u.Label), "作为标签列保留："+u.Label
			if u.Note != "" {
				msg += "; " + u.Note
				msgZh += "；" + u.NoteZh
			}
		}
		out = append(out, dataset.Issue{Kind: dataset.IssueUnmatchedColumn, Origin: colOrigin(u.File, u.Sheet, u.Col, u.Row), Text: clip(u.Header),
			Msg: msg, MsgZh: msgZh})
	}
	for _, m := range r.Matched {
		if !m.Converted() && m.Note == "" {
			continue
		}
		out = append(out, dataset.Issue{Kind: dataset.IssueConverted, Variable: m.Variable, Origin: colOrigin(m.File, m.Sheet, m.Col, m.Row),
			Text: clip(m.Header), Msg: m.conversion(), MsgZh: m.conversionIn("zh")})
	}
	for _, n := range r.NoData {
		out = append(out, dataset.Issue{Kind: dataset.IssueNoData, Unit: n.Unit, Year: n.Year,
			Origin: dataset.Origin{File: n.File, Sheet: n.Sheet, Row: n.Row, Col: 1}, Msg: "every matched value is missing", MsgZh: "所有匹配的值均缺失"})
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
	r.printCounts(p)
	for _, f := range r.Files {
		r.printFile(p, f)
	}
	return p.err
}

// printCounts writes the first line of Print: files, rows, columns matched,
// converted and unmatched, rows with no data, then what was skipped or not
// read as a number.
func (r *Report) printCounts(p *printer) {
	conv := 0 // converted, or read as a short per-capita unit
	for _, m := range r.Matched {
		if m.Converted() || m.Note != "" {
			conv++
		}
	}
	skipped := 0
	for _, f := range r.Files {
		skipped += len(f.Skipped)
	}
	p.f("%s, %s: %d columns matched (%d converted), %d unmatched; %s with no data",
		plural(len(r.Files), "file"), plural(r.Rows(), "row"), len(r.Matched), conv, len(r.Unmatched), plural(len(r.NoData), "row"))
	if skipped > 0 {
		p.f("; %s skipped", plural(skipped, "sheet"))
	}
	if n := len(r.SkippedTables); n > 0 {
		p.f("; %s skipped", plural(n, "table"))
	}
	if n := r.countCells(KindFormulaNoValue); n > 0 {
		p.f("; %s without a value", plural(n, "formula"))
	}
	if n := r.countCells(KindDateNumber); n > 0 {
		p.f("; %s formatted as dates", plural(n, "number"))
	}
	p.f("\n")
}

// printFile writes the part of Print on one file: its format and sheets,
// its yearbook tables, then the lists of its cells and columns.
func (r *Report) printFile(p *printer, f FileInfo) {
	printFileFormat(p, f)
	matched, converted := r.matchedOf(f.File)
	unmatched := r.unmatchedOf(f.File)
	nodata := r.noDataOf(f.File)
	r.printFileTables(p, f.File)
	bad, names, formulas, dates := r.cellsOf(f.File)
	p.list("bad cells, kept missing", bad)
	p.list("formulas without a value, kept missing (save the file in Excel or LibreOffice to compute them)", formulas)
	p.list("numbers formatted as dates, kept missing", dates)
	p.list("city names", names)
	if len(matched) == 0 {
		p.f("\n  no column matched the framework")
	}
	p.list("matched", matched)
	p.list("converted", converted)
	p.list("unmatched", unmatched)
	p.list("no data", nodata)
	p.f("\n")
}

// printFileFormat writes a file's format, encoding, layout and rows, its
// sheets read and the sheets skipped.
func printFileFormat(p *printer, f FileInfo) {
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
}

// matchedOf lists the columns of file matched to a variable, and those of
// them converted or read as a short per-capita unit.
func (r *Report) matchedOf(file string) (matched, converted []string) {
	for _, m := range r.Matched {
		if m.File != file {
			continue
		}
		s := cellRef(m.Sheet, m.Col, m.Row) + " " + clip(m.Header)
		if m.Header != string(m.Variable) {
			s += " → " + string(m.Variable)
		}
		if m.Year != 0 {
			s += fmt.Sprintf(" (%d)", m.Year)
		}
		matched = append(matched, s)
		switch {
		case m.Converted() && m.Note == "":
			converted = append(converted, fmt.Sprintf("%s %s: %s → %s ×%s", cellRef(m.Sheet, m.Col, m.Row), clip(m.Header), m.Stated, m.Unit, fmtFactor(m.Factor)))
		case m.Note != "":
			converted = append(converted, fmt.Sprintf("%s %s: %s", cellRef(m.Sheet, m.Col, m.Row), clip(m.Header), m.conversion()))
		}
	}
	return matched, converted
}

// unmatchedOf lists the columns of file that matched no variable.
func (r *Report) unmatchedOf(file string) []string {
	var unmatched []string
	for _, u := range r.Unmatched {
		if u.File != file {
			continue
		}
		s := cellRef(u.Sheet, u.Col, u.Row) + " " + clip(u.Header)
		if u.Header == "" {
			s += "(no header)"
		}
		if u.Note != "" {
			s += " (" + u.Note + ")"
		}
		unmatched = append(unmatched, s)
	}
	return unmatched
}

// noDataOf lists the rows of file whose matched values are all missing.
func (r *Report) noDataOf(file string) []string {
	var nodata []string
	for _, n := range r.NoData {
		if n.File != file {
			continue
		}
		s := clip(string(n.Unit))
		if n.Year != 0 {
			s += " " + strconv.Itoa(n.Year)
		}
		where := "row " + strconv.Itoa(n.Row)
		if n.Sheet != "" {
			where = "sheet " + n.Sheet + " " + where
		}
		nodata = append(nodata, s+" ("+where+")")
	}
	return nodata
}

// printFileTables writes the yearbook tables of file read, then those
// skipped.
func (r *Report) printFileTables(p *printer, file string) {
	for _, t := range r.Tables {
		if t.File != file {
			continue
		}
		p.f("\n  yearbook table %s: year %d (%s), %s, %s, %d missing, %s; %s skipped",
			strings.TrimSpace(t.Number+" "+t.Title), t.Year, t.YearFrom, plural(t.Cities, "city"), plural(t.Values, "value"),
			t.Missing, plural(t.Bad, "bad cell"), plural(t.Provinces, "province row"))
	}
	for _, t := range r.SkippedTables {
		if t.File == file {
			p.f("\n  skipped yearbook table %s (%d): %s; %s not read", strings.TrimSpace(t.Number+" "+t.Title), t.Year, t.Reason, plural(t.Rows, "row"))
		}
	}
}

// cellsOf lists the cells of file kept missing: the bad cells, the city
// names noted, the formulas without a value and the numbers formatted as
// dates.
func (r *Report) cellsOf(file string) (bad, names, formulas, dates []string) {
	for _, b := range r.Bad {
		if b.Origin.File == file {
			bad = append(bad, fmt.Sprintf("%s %s %s %s", cellRef(b.Origin.Sheet, colName(b.Origin.Col), b.Origin.Row), b.Unit, b.Variable, quote(b.Text)))
		}
	}
	for _, u := range r.Units {
		if u.File == file {
			names = append(names, fmt.Sprintf("%s %s: %s", cellRef(u.Sheet, colName(u.Col), u.Row), quote(u.Text), u.Note))
		}
	}
	for _, c := range r.Cells {
		if c.Origin.File == file {
			s := fmt.Sprintf("%s %s %s %s", cellRef(c.Origin.Sheet, colName(c.Origin.Col), c.Origin.Row), c.Unit, c.Variable, quote(c.Text))
			if c.Kind == KindFormulaNoValue {
				formulas = append(formulas, s)
			} else {
				dates = append(dates, s)
			}
		}
	}
	return bad, names, formulas, dates
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
	if w, ok := strings.CutSuffix(what, "y"); ok {
		return strconv.Itoa(n) + " " + w + "ies"
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

// PrintImport writes the import report of `cityscore import`: the counts
// (tables, cities, values, missing and bad cells, unknown columns), then the
// yearbook tables one a line, the bad cells, the city names read through a
// misprint or another year's name, the unknown columns and the other files.
// rows are the panel of the import (see Panel).
func (r *Report) PrintImport(w io.Writer, rows []PanelRow) error {
	return r.printImport(w, slices.Values(rows))
}

// PrintImportTable is PrintImport of Panel(t), without building it.
func (r *Report) PrintImportTable(w io.Writer, t *dataset.Table) error {
	return r.printImport(w, panelRows(t))
}

func (r *Report) printImport(w io.Writer, rows iter.Seq[PanelRow]) error {
	p := &printer{w: w}
	others := r.otherFiles()
	c := countPanel(rows) // one pass over the panel, which may be large
	r.printImportCounts(p, c, others)
	r.printImportTables(p)
	r.printImportCells(p)
	r.printImportUnmatched(p)
	printNoCode(p, c.noCode)
	if others > 0 {
		r.printOtherFiles(p)
	}
	return p.err
}

// otherFiles counts the files that are not yearbook tables.
func (r *Report) otherFiles() int {
	others := 0
	for _, f := range r.Files {
		if f.Layout != LayoutYearbook {
			others++
		}
	}
	return others
}

// panelCounts are the counts of an import's panel for PrintImport.
type panelCounts struct {
	units, coded         int      // units, and those with a city code
	years                []string // the years, as yearText gives them; nil for none
	values, missing, bad int
	noCode               []string // the units with a row without a city code, clipped, in order
}

// countPanel counts the units, years and values of the panel rows, in one
// pass.
func countPanel(rows iter.Seq[PanelRow]) panelCounts {
	var c panelCounts
	units := map[dataset.UnitID]bool{}
	years := map[int]bool{}
	coded := map[dataset.UnitID]bool{}
	uncoded := map[dataset.UnitID]bool{}
	for row := range rows {
		units[row.Unit] = true
		years[row.Year] = true
		switch {
		case row.Flag&dataset.Invalid != 0:
			c.bad++
		case math.IsNaN(row.Value):
			c.missing++
		default:
			c.values++
		}
		if row.Code != "" {
			coded[row.Unit] = true
		} else if !uncoded[row.Unit] {
			uncoded[row.Unit] = true
			c.noCode = append(c.noCode, clip(string(row.Unit)))
		}
	}
	for _, y := range slices.Sorted(maps.Keys(years)) {
		c.years = append(c.years, yearText(y))
	}
	if len(c.years) == 1 && c.years[0] == "" {
		c.years = nil
	}
	c.units, c.coded = len(units), len(coded)
	return c
}

// printImportCounts writes the two lines of counts that open PrintImport:
// files, tables and years, then units, values, missing and bad cells and
// unknown columns.
func (r *Report) printImportCounts(p *printer, c panelCounts, others int) {
	p.f("read %s: %s", plural(len(r.Files), "file"), plural(len(r.Tables), "yearbook table"))
	if n := len(r.SkippedTables); n > 0 {
		p.f(" (%d skipped)", n)
	}
	if others > 0 {
		p.f(", %s", plural(others, "other table"))
	}
	if len(c.years) > 0 {
		p.f("; %s %s", pluralWord(len(c.years), "year"), strings.Join(c.years, ", "))
	}
	who := plural(c.units, "city")
	if c.coded < c.units {
		who = fmt.Sprintf("%s (%s with a city code)", plural(c.units, "unit"), plural(c.coded, "city"))
	}
	p.f("\n%s, %s, %d missing, %s, %s", who, plural(c.values, "value"), c.missing,
		plural(c.bad, "bad cell"), plural(len(r.Unmatched), "unknown column"))
	if n := r.countCells(KindFormulaNoValue); n > 0 {
		p.f(", %s without a value", plural(n, "formula"))
	}
	if n := r.countCells(KindDateNumber); n > 0 {
		p.f(", %s formatted as dates", plural(n, "number"))
	}
	p.f("\n")
}

// printImportTables lists the yearbook tables read, then those skipped.
func (r *Report) printImportTables(p *printer) {
	if len(r.Tables) > 0 {
		p.f("\ntables:\n")
		for _, t := range r.Tables {
			title := strings.TrimSpace(t.Number + " " + t.Title)
			p.f("  %s (%d, %s): %s, %s, %d missing", title, t.Year, t.YearFrom, plural(t.Cities, "city"), plural(t.Values, "value"), t.Missing)
			if t.Bad > 0 {
				p.f(", %s", plural(t.Bad, "bad cell"))
			}
			if t.Unknown > 0 {
				p.f(", %s", plural(t.Unknown, "unknown column"))
			}
			p.f("; header rows %d–%d, %s skipped", t.HeaderRow, t.HeaderRow+t.HeaderRows-1, plural(t.Provinces, "province row"))
			if t.Provinces > t.Cities {
				p.f(" (rows are mostly provinces: a table by province, not by city)")
			}
			p.f("\n    %s\n", ref(t.File, t.Sheet))
		}
	}
	if len(r.SkippedTables) > 0 {
		p.f("\nskipped tables (not read):\n")
		for _, t := range r.SkippedTables {
			p.f("  %s (%d): %s; %s not read\n    %s\n", strings.TrimSpace(t.Number+" "+t.Title), t.Year, t.Reason, plural(t.Rows, "row"), ref(t.File, t.Sheet))
		}
	}
}

// printImportCells lists the bad cells, the cells not read as numbers and
// the city names noted.
func (r *Report) printImportCells(p *printer) {
	if len(r.Bad) > 0 {
		p.f("\nbad cells (not numbers; kept missing):\n")
		for _, b := range r.Bad {
			p.f("  %s %s %s: %s", b.Origin, b.Unit, b.Variable, quote(b.Text))
			if b.Note != "" {
				p.f(" (%s)", b.Note)
			}
			p.f("\n")
		}
	}
	if len(r.Cells) > 0 {
		p.f("\ncells not read as numbers (kept missing):\n")
		for _, c := range r.Cells {
			p.f("  %s %s %s: %s: %s\n", c.Origin, c.Unit, c.Variable, c.Kind, quote(c.Text))
		}
	}
	if len(r.Units) > 0 {
		p.f("\ncity names:\n")
		for _, u := range r.Units {
			o := dataset.Origin{File: u.File, Sheet: u.Sheet, Row: u.Row, Col: u.Col}
			p.f("  %s %s: %s\n", o, quote(u.Text), u.Note)
		}
	}
}

// printImportUnmatched lists the unknown columns, not imported.
func (r *Report) printImportUnmatched(p *printer) {
	if len(r.Unmatched) == 0 {
		return
	}
	p.f("\nunknown columns (not imported):\n")
	for _, u := range r.Unmatched {
		s := ref(u.File, u.Sheet) + "!" + u.Col
		if u.Row > 0 {
			s += strconv.Itoa(u.Row)
		}
		p.f("  %s %s", s, quote(u.Header))
		switch {
		case u.Label != "" && u.Note != "":
			p.f(": kept as label %s; %s", quote(u.Label), u.Note)
		case u.Note != "":
			p.f(": %s", u.Note)
		case u.Label != "":
			p.f(": kept as label %s", quote(u.Label))
		}
		p.f("\n")
	}
}

// printNoCode lists the first 20 units of the panel without a city code.
func printNoCode(p *printer, noCode []string) {
	if len(noCode) > 0 {
		p.f("\nunits without a city code (not a city name of their year; provinces, or names kept with --allow-unknown-units): %d\n  %s\n",
			len(noCode), strings.Join(noCode[:min(len(noCode), 20)], ", "))
		if len(noCode) > 20 {
			p.f("  … and %d more\n", len(noCode)-20)
		}
	}
}

// printOtherFiles lists the files that are not yearbook tables.
func (r *Report) printOtherFiles(p *printer) {
	p.f("\nother files:\n")
	for _, f := range r.Files {
		if f.Layout == LayoutYearbook {
			continue
		}
		p.f("  %s: %s", f.File, f.Format)
		if f.Encoding != "" {
			p.f(" (%s)", f.Encoding)
		}
		p.f(", %s, %s\n", f.Layout, plural(f.Rows, "row"))
	}
}

func ref(file, sheet string) string {
	if sheet == "" {
		return file
	}
	return file + "#" + sheet
}

func pluralWord(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}

// countCells counts the cell notes of a kind.
func (r *Report) countCells(kind dataset.IssueKind) int {
	n := 0
	for _, c := range r.Cells {
		if c.Kind == kind {
			n++
		}
	}
	return n
}
