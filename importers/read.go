package importers

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// detail is an error that reads as msg and matches kind with errors.Is.
type detail struct {
	kind error
	msg  string
}

func (d *detail) Error() string { return d.msg }
func (d *detail) Unwrap() error { return d.kind }

func errorf(kind error, format string, args ...any) error {
	return &detail{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// place is a cell of a file, for messages about a second occurrence.
type place struct {
	sheet    string
	row, col int
}

func (p place) String() string {
	if p.sheet != "" {
		return sheetRef(p.sheet) + "!" + cellName(p.col, p.row)
	}
	return cellName(p.col, p.row)
}

type cellKey struct {
	key dataset.Key
	v   dataset.VariableID
}

// fileReader reads the sheets of one file into one table and one report.
type fileReader struct {
	opt  Options
	lim  Limits
	fw   *indicators.Framework
	name string
	t    *dataset.Table
	rep  *Report
	info FileInfo
	errs CellErrors

	// firstAt and firstRow are where a wide table gave each key first
	// (firstOf): by table row when a key is one of the table's rows as it
	// is read (a slice, not a second map of every key beside the table's
	// own), otherwise by key.
	firstAt   []firstRef
	firstText map[int]string // table row → the unit cell's text, where it is not the key's unit
	sheetAt   []string       // the sheets firstAt names
	firstRow  map[dataset.Key]firstRow
	firstCell map[cellKey]place // long: the value cell of each key and variable
	longKeys  map[dataset.Key]*longKey
	labels    []*longLabel // long tables: label columns, in order
	labelOf   map[string]*longLabel
	// noted holds the city notes and unit errors already reported (see
	// cityNote, cityKey).
	noted   map[string]bool
	matched map[cityText]cityMatch // unit cells resolved (see matchCity)
	// headers counts the tables whose header row was found, and skipped
	// the tables or sheets deliberately not read (county-level yearbook
	// tables, sheets without a matching column under cn-city): a file
	// with neither rows nor these holds no data (ErrNoData).
	headers, skipped int
	dataRows         int                       // rows read below a header (cities of a yearbook table)
	size             int64                     // the file's bytes (see Limits.Cells)
	notes            map[dataset.IssueKind]int // cell notes by kind, listed or not
	bad              int                       // bad cells, listed or not
}

// checkCells applies Limits.Cells to the table read so far; where is the
// sheet and row just read.
func (f *fileReader) checkCells(sheet string, row int) error {
	rows, cols := int64(f.t.Len()), int64(len(f.t.Columns())+len(f.t.LabelNames()))
	if n := rows * cols; n <= int64(f.lim.Cells) || n <= f.size/2 {
		return nil
	}
	return &LimitError{File: f.name, Sheet: sheet, Where: "row " + strconv.Itoa(row),
		What: fmt.Sprintf("a table of more than %s cells (%s rows × %d columns) from a file of %s bytes (a file may hold more cells only if it has 2 bytes for each)",
			groupDigits(int64(f.lim.Cells)), groupDigits(rows), cols, groupDigits(f.size)),
		Field: "Cells", Value: int64(f.lim.Cells)}
}

// maxCellErrors is the most cell problems collected from one file; reading
// stops after them, so that a damaged file cannot fill memory with errors.
const maxCellErrors = 10_000

func (f *fileReader) tooManyErrors() bool { return len(f.errs) >= maxCellErrors }

// stopped returns the problems collected when reading stopped after
// maxCellErrors of them.
func (f *fileReader) stopped(sheet string) error {
	where := f.name
	if sheet != "" {
		where += ": sheet " + sheet
	}
	return errors.Join(f.errs, fmt.Errorf("%s: more than %s problems; reading stopped", where, groupDigits(maxCellErrors)))
}

// label returns the long-table label column name, adding it if new.
func (f *fileReader) label(name string) *longLabel {
	if l := f.labelOf[name]; l != nil {
		return l
	}
	l := &longLabel{name: name, vals: map[dataset.Key]string{}}
	f.labels = append(f.labels, l)
	f.labelOf[name] = l
	return l
}

// longKey tracks a unit-year of a long table, for the no-data list.
type longKey struct {
	at      place
	present bool
}

// longLabel collects a long table's extra column, which becomes a label
// only if it holds one text per unit-year.
type longLabel struct {
	name      string
	unmatched []int // its entries in rep.Unmatched
	vals      map[dataset.Key]string
	varies    bool
}

func newFileReader(name string, format Format, opt Options) *fileReader {
	return &fileReader{
		opt: opt, lim: opt.Limits.withDefaults(), fw: opt.Framework, name: name, t: dataset.New(), rep: &Report{},
		info:      FileInfo{File: name, Format: format},
		firstCell: map[cellKey]place{},
		longKeys:  map[dataset.Key]*longKey{},
		labelOf:   map[string]*longLabel{},
		noted:     map[string]bool{},
		matched:   map[cityText]cityMatch{},
	}
}

// finish completes the report and returns the outcome of the file.
func (f *fileReader) finish() (*dataset.Table, *Report, error) {
	for _, l := range f.labels {
		if l.varies {
			for _, i := range l.unmatched {
				u := &f.rep.Unmatched[i]
				u.Label = ""
				u.Note = "varies within a unit and year; not kept"
				u.NoteZh = "同一城市同一年份的取值不一，未保留"
			}
			continue
		}
		for k, s := range l.vals {
			if row, ok := f.t.Row(k); ok {
				f.t.SetLabel(l.name, row, s)
			}
		}
	}
	for _, k := range f.t.Keys() {
		if lk := f.longKeys[k]; lk != nil && !lk.present {
			f.rep.NoData = append(f.rep.NoData, NoData{File: f.name, Sheet: lk.at.sheet, Row: lk.at.row, Unit: k.Unit, Year: k.Year})
		}
	}
	layouts := map[Layout]bool{}
	for _, s := range f.info.Sheets {
		f.info.Rows += s.Rows
		layouts[s.Layout] = true
	}
	switch {
	case len(f.info.Sheets) > 0 && f.info.Sheets[0].Layout == LayoutYearbook:
		f.info.Layout = LayoutYearbook
	case f.info.Format == FormatXLSX && len(f.info.Sheets) > 0 && f.info.Sheets[0].Year != 0:
		f.info.Layout = LayoutSheetPerYear
	case len(f.info.Sheets) > 0:
		f.info.Layout = f.info.Sheets[0].Layout
	}
	f.listMore()
	f.rep.Files = append(f.rep.Files, f.info)
	if len(f.errs) > 0 {
		return nil, f.rep, f.errs
	}
	if f.dataRows == 0 && f.skipped == 0 && len(f.rep.SkippedTables) == 0 {
		return nil, f.rep, f.noData()
	}
	return f.t, f.rep, nil
}

// noData is the error of a file without a data row: empty, or a header
// only.
func (f *fileReader) noData() error {
	var sheets []string
	for _, s := range f.info.Sheets {
		if s.Name != "" {
			sheets = append(sheets, sheetRef(s.Name))
		}
	}
	where := ""
	if len(sheets) > 0 {
		where = " in sheet " + strings.Join(sheets, ", ")
	}
	if f.headers == 0 {
		if f.info.Format == FormatXLSX {
			return errorf(ErrNoData, "%s: no data rows: nothing%s (an empty sheet)", f.name, where)
		}
		return errorf(ErrNoData, "%s: no data rows: an empty file", f.name)
	}
	return errorf(ErrNoData, "%s: no data rows%s: only a header", f.name, where)
}

// column returns the table column of v and the conversion of values stated
// in unit stated. The framework's unit is the target; a variable without
// one takes the first unit stated for it. header is the header (or
// indicator cell) that matched v: a short per-capita unit (平方米 for
// 平方米/人) is read as the target when the header or v's name says per
// capita (see perCapitaUnit), and note then records the reading.
func (f *fileReader) column(v *indicators.Variable, stated, header string) (col *dataset.Column, conv conversion, note dataset.Text, err error) {
	id := dataset.VariableID(v.ID)
	target := v.Unit
	if target == "" {
		if c := f.t.Column(id); c != nil {
			target = c.Unit
		} else {
			target = stated
		}
	}
	if stated != "" && target != "" {
		if conv, err = convertUnit(stated, target); err != nil {
			if note = perCapitaNote(v, stated, target, header); note.En == "" {
				if hint := perCapitaHint(stated, target); hint != "" {
					err = errorf(ErrUnit, "%v%s", err, hint)
				}
				return nil, conv, dataset.Text{}, err
			}
			conv, err = conversion{}, nil
		}
	}
	return f.t.AddColumn(id, target, v.Scope), conv, note, nil
}

// sheetReader reads one grid of cells: a CSV file or a worksheet. Rows are
// pushed to it in order; the first non-empty row is the header.
type sheetReader struct {
	f     *fileReader
	sheet string // "" for CSV
	year  int    // from the sheet's name; 0 = none

	// pos returns the line and byte column of field i of the current CSV
	// record, as csv.Reader.FieldPos; nil for workbooks.
	pos     func(i int) (line, col int)
	nfields int // fields in the current CSV record
	// rowsHint is about how many rows the sheet has (0: unknown): a wide
	// sheet makes room for them in the table at its first data row.
	rowsHint int
	// marks are the marks of the current row's cells by column (a number
	// formatted as a percentage or a date, a formula without a value);
	// nil when no cell of the row is marked.
	marks []markedCell
	// nums are the numbers of the current row handed over as float64 (see
	// rowNums), in the columns direct names: those that hold a variable,
	// known once the header is read. nil when none.
	nums   *rowNums
	direct []bool

	info    SheetInfo
	header  []string
	unitCol int
	yearCol int
	// checkCol is the column checked against the unit column under
	// cn-city (a code column beside names, a name column beside codes;
	// see setCheckColumn), -1 if none; unitIsCode says the unit column
	// holds codes. keyCol is the column the current row's unit was read
	// from: the unit column, or the check column when the unit cell is
	// empty.
	checkCol   int
	unitIsCode bool
	keyCol     int
	cols       []*wideCol
	// rowYears are the years a wide row gives values for: 0 for the row's
	// own year (the year column, the sheet's, Options.Year), then the
	// years its headers name (age_60_2010, age_60_2020), ascending.
	rowYears  []int
	rowOf     []int  // the table row of each of rowYears, for the current row
	present   []bool // whether the current row gives a value in each of rowYears
	hasValues bool   // some column holds a variable
	long      *longLayout
	stop      bool // a file-level problem: ignore further rows
}

type colKind uint8

const (
	colIgnore   colKind = iota // header problem, the unit or year column
	colValue                   // a variable
	colLabel                   // an unmatched header: a label
	colNoHeader                // no header: ignored, reported if it holds data
)

type wideCol struct {
	kind     colKind
	header   string
	label    string
	col      *dataset.Column
	conv     conversion
	source   string // unit the cells are in: stated, else the column's
	year     int    // the year the header names (age_60_2020); 0 = the row's
	yk       int    // the index of year in the sheet's rowYears
	reported bool   // colNoHeader: reported as unmatched
}

// firstRow is where a wide table gave a key first: the unit cell and its
// text.
type firstRow struct {
	at   place
	text string
}

// firstRef is a firstRow by index: sheet is 1 + the index of the sheet
// in fileReader.sheetAt (0: none), row and col the unit cell's.
type firstRef struct {
	sheet, row, col int32
}

// firstOf returns where the wide rows of the file gave key first, if they
// did; row is key's table row, or -1 when it has none.
func (f *fileReader) firstOf(key dataset.Key, row int) (firstRow, bool) {
	if row >= 0 && row < len(f.firstAt) && f.firstAt[row].sheet > 0 {
		r := f.firstAt[row]
		text, ok := f.firstText[row]
		if !ok {
			text = string(key.Unit)
		}
		return firstRow{place{f.sheetAt[r.sheet-1], int(r.row), int(r.col)}, text}, true
	}
	first, ok := f.firstRow[key]
	return first, ok
}

// setFirst records that the wide row at (its unit cell, with text) gave
// key first; row is key's table row, or -1.
func (f *fileReader) setFirst(key dataset.Key, row int, at place, text string) {
	if row < 0 || at.row > math.MaxInt32 || at.col > math.MaxInt32 {
		if f.firstRow == nil {
			f.firstRow = map[dataset.Key]firstRow{}
		}
		f.firstRow[key] = firstRow{at, text}
		return
	}
	if n := len(f.sheetAt); n == 0 || f.sheetAt[n-1] != at.sheet {
		f.sheetAt = append(f.sheetAt, at.sheet)
	}
	if row >= len(f.firstAt) {
		f.firstAt = append(f.firstAt, make([]firstRef, row+1-len(f.firstAt))...)
	}
	f.firstAt[row] = firstRef{int32(len(f.sheetAt)), int32(at.row), int32(at.col)}
	if text != string(key.Unit) {
		if f.firstText == nil {
			f.firstText = map[int]string{}
		}
		f.firstText[row] = text
	}
}

func (f *fileReader) newSheet(name string, year int) *sheetReader {
	return &sheetReader{f: f, sheet: name, year: year, unitCol: -1, yearCol: -1, checkCol: -1, keyCol: -1,
		info: SheetInfo{Name: name, Year: year}}
}

// done adds the sheet to the file's report.
func (s *sheetReader) done() {
	if s.header == nil && s.info.Layout == "" {
		s.info.Layout = LayoutWide
	}
	s.f.info.Sheets = append(s.f.info.Sheets, s.info)
}

// cellErr records a problem with the cell at row and 0-based column i.
func (s *sheetReader) cellErr(row, i int, header, text string, err error) {
	e := &CellError{File: s.f.name, Sheet: s.sheet, Row: row, Col: i + 1, Header: header, Text: text, Err: err}
	if s.pos != nil && s.nfields > 0 {
		if i < s.nfields {
			e.Line, e.Column = s.pos(i)
		} else {
			e.Line, _ = s.pos(0)
		}
	}
	s.f.errs = append(s.f.errs, e)
}

func (s *sheetReader) origin(row, i int) dataset.Origin {
	return dataset.Origin{File: s.f.name, Sheet: s.sheet, Row: row, Col: i + 1}
}

func (s *sheetReader) markAt(i int) markedCell {
	if i >= 0 && i < len(s.marks) {
		return s.marks[i]
	}
	return markedCell{}
}

func cellAt(cells []string, i int) string {
	if i >= 0 && i < len(cells) {
		return cells[i]
	}
	return ""
}

func emptyRow(cells []string) bool {
	for _, c := range cells {
		if trimCell(c) != "" {
			return false
		}
	}
	return true
}

// row takes the cells of row (1-based). It returns a file-level error that
// ends reading.
func (s *sheetReader) row(row int, cells []string) error {
	if s.stop || (s.nums == nil && emptyRow(cells)) {
		return nil
	}
	if s.header == nil {
		s.f.headers++
		return s.setHeader(row, cells)
	}
	s.info.Rows++
	s.f.dataRows++
	if s.info.Rows == 1 && s.long == nil && s.rowsHint > 0 {
		s.f.t.Grow(s.rowsHint * max(1, len(s.rowYears)))
		s.f.firstAt = slices.Grow(s.f.firstAt, s.rowsHint)
	}
	if s.long != nil {
		s.longRow(row, cells)
	} else {
		s.wideRow(row, cells)
	}
	return s.f.checkCells(s.sheet, row)
}

// setHeader reads the header row and plans every column.
func (s *sheetReader) setHeader(row int, cells []string) error {
	s.header = make([]string, len(cells))
	for i, c := range cells {
		s.header[i] = trimCell(c)
	}
	if l, ok := s.detectLong(); ok {
		s.info.Layout = LayoutLong
		s.long = l
		return s.planLong()
	}
	s.info.Layout = LayoutWide
	// The unit column is the first one, or the second when the first is
	// the year (年份,城市,…); under cn-city, a code or city column (see
	// cityUnitColumn).
	s.unitCol = 0
	if len(s.header) > 1 && isYearHeader(s.header[0]) {
		s.unitCol = 1
	}
	if uc := s.f.opt.UnitColumn; uc != "" {
		s.unitCol = findHeader(s.header, uc)
		if s.unitCol < 0 {
			s.stop = true
			where := s.f.name
			if s.sheet != "" {
				where += ": sheet " + s.sheet
			}
			return fmt.Errorf("%s: %w %s (headers: %s)", where, ErrNoUnitColumn, quote(uc), headerList(s.header))
		}
	} else if s.f.cnCity() {
		s.unitCol = s.cityUnitColumn(s.unitCol)
	}
	s.setCheckColumn()
	// Years in headers (age_60_2020) are read in a table whose rows carry
	// no year of their own: no year column, not a sheet named for a year.
	headerYears := s.year == 0
	for i, h := range s.header {
		if i != s.unitCol && isYearHeader(h) {
			headerYears = false
		}
	}
	s.cols = make([]*wideCol, len(s.header))
	type cellID struct {
		id   dataset.VariableID
		year int
	}
	seen := map[cellID]int{}
	labels := map[string]bool{}
	years := map[int]bool{}
	plain := false // a value column of the row's own year
	for i, h := range s.header {
		c := &wideCol{header: h}
		s.cols[i] = c
		switch {
		case i == s.unitCol || i == s.checkCol:
			continue
		case isYearHeader(h):
			if s.yearCol >= 0 {
				s.cellErr(row, i, h, "", errorf(ErrDuplicateColumn, "second year column (the first is %s)", colName(s.yearCol+1)))
				continue
			}
			s.yearCol = i
			continue
		case h == "":
			c.kind = colNoHeader
			continue
		}
		m, err := matchHeader(s.f.fw, h, "")
		var note dataset.Text
		if err == nil && m.v == nil && headerYears {
			if rest, y, ok := splitHeaderYear(h); ok {
				if m, err = matchHeader(s.f.fw, rest, ""); err == nil && m.v != nil {
					c.year = y
				} else if err == nil {
					note = dataset.Text{En: fmt.Sprintf("names the year %d, but no input or indicator is named %s", y, rest),
						Zh: fmt.Sprintf("表头写明年份 %d，但框架中没有名为 %s 的输入或指标", y, rest)}
				}
			}
		}
		if err != nil {
			s.cellErr(row, i, h, "", err)
			continue
		}
		if m.v == nil {
			c.kind = colLabel
			c.label = h
			if labels[h] {
				c.label = h + " (" + colName(i+1) + ")"
			}
			labels[c.label] = true
			s.f.rep.Unmatched = append(s.f.rep.Unmatched, UnmatchedColumn{
				File: s.f.name, Sheet: s.sheet, Col: colName(i + 1), Header: h, Label: c.label, Note: note.En, NoteZh: note.Zh})
			continue
		}
		id := dataset.VariableID(m.v.ID)
		if j, dup := seen[cellID{id, c.year}]; dup {
			what := string(id)
			if c.year != 0 {
				what = fmt.Sprintf("%s of %d", id, c.year)
			}
			s.cellErr(row, i, h, "", errorf(ErrDuplicateColumn, "column %s (%s) already holds %s", colName(j+1), s.header[j], what))
			continue
		}
		seen[cellID{id, c.year}] = i
		col, conv, note, err := s.f.column(m.v, m.stated, h)
		if err != nil {
			s.cellErr(row, i, h, "", err)
			continue
		}
		if col.Header == "" {
			col.Header = h
		}
		c.kind, c.col, c.conv = colValue, col, conv
		c.source = m.stated
		if c.source == "" {
			c.source = col.Unit
		}
		if c.year != 0 {
			years[c.year] = true
		} else {
			plain = true
		}
		s.hasValues = true
		s.f.rep.Matched = append(s.f.rep.Matched, MatchedColumn{
			File: s.f.name, Sheet: s.sheet, Col: colName(i + 1), Header: h, Variable: id,
			Stated: m.stated, Unit: col.Unit, Factor: conv.factor(), Note: note.En, NoteZh: note.Zh, Year: c.year})
	}
	// A row gives values for its own year when a plain column holds a
	// variable or no header names a year, and for every year a header
	// names.
	if plain || len(years) == 0 {
		s.rowYears = append(s.rowYears, 0)
	}
	s.rowYears = append(s.rowYears, slices.Sorted(maps.Keys(years))...)
	s.direct = make([]bool, len(s.cols))
	for i, c := range s.cols {
		s.direct[i] = c.kind == colValue
		c.yk = slices.Index(s.rowYears, c.year)
	}
	s.rowOf, s.present = make([]int, len(s.rowYears)), make([]bool, len(s.rowYears))
	if !s.hasValues && s.f.cnCity() {
		// Under units: cn-city a table none of whose columns is an input
		// or indicator (a download manifest beside the yearbook tables)
		// holds no city data: its rows are not read, so that its first
		// column is not taken for city names.
		s.stop = true
		s.f.skipped++
		s.f.info.Skipped = append(s.f.info.Skipped, SkippedSheet{Name: s.sheet,
			Reason:   "no column matches an input or indicator of the framework; its rows are not read as cities (units: cn-city)",
			ReasonZh: "没有一列与框架的输入或指标对应，其行不作为城市读取（units: cn-city）"})
	}
	return nil
}

// splitHeaderYear splits a year off the end of a wide table's header:
// "age_60_2020", "常住人口 2020", "常住人口2020年" and, before a trailing
// unit in brackets, "常住人口2020年（万人）" give the rest (with the bracket:
// 常住人口（万人）) and the year, a plausible one (1949–2100). ok is false
// when the header ends in no year, or nothing is left before it.
func splitHeaderYear(h string) (rest string, year int, ok bool) {
	h = trimCell(width.Fold.String(h))
	if rest, year, ok = cutYear(h); ok {
		return rest, year, true
	}
	if name, inner, ok := splitBracket(h); ok {
		if r, y, ok := cutYear(name); ok {
			return r + "(" + inner + ")", y, true
		}
	}
	return "", 0, false
}

// cutYear cuts a trailing "_YYYY", " YYYY" or "YYYY年" off h.
func cutYear(h string) (string, int, bool) {
	var rest string
	digits := ""
	switch {
	case strings.HasSuffix(h, "年"):
		r := strings.TrimSuffix(h, "年")
		if len(r) < 4 {
			return "", 0, false
		}
		rest, digits = r[:len(r)-4], r[len(r)-4:]
		rest = strings.TrimRight(rest, "_- \u3000")
	case len(h) > 5 && (h[len(h)-5] == '_' || h[len(h)-5] == ' '):
		rest, digits = strings.TrimRight(h[:len(h)-5], "_ \u3000"), h[len(h)-4:]
	default:
		return "", 0, false
	}
	if !allDigits(digits) || (rest != "" && rest[len(rest)-1] >= '0' && rest[len(rest)-1] <= '9' && !strings.ContainsAny(h[len(rest):len(rest)+1], "_ ")) {
		return "", 0, false
	}
	y, _ := strconv.Atoi(digits)
	if y < 1949 || y > 2100 || trimCell(rest) == "" {
		return "", 0, false
	}
	return trimCell(rest), y, true
}

// findHeader returns the index of the header named name: equal after
// trimming, else after folding; -1 if none.
func findHeader(headers []string, name string) int {
	name = trimCell(name)
	if i := slices.Index(headers, name); i >= 0 {
		return i
	}
	fn := indicators.Fold(name)
	for i, h := range headers {
		if indicators.Fold(h) == fn {
			return i
		}
	}
	return -1
}

// rowKey reads the unit and year of a data row. ok is false after an error.
func (s *sheetReader) rowKey(row int, cells []string) (dataset.Key, bool) {
	s.keyCol = s.unitCol
	unit := trimCell(cellAt(cells, s.unitCol))
	if unit == "" && s.checkCol >= 0 {
		// The check column (a code beside an empty name) gives the unit.
		s.keyCol = s.checkCol
		unit = trimCell(cellAt(cells, s.checkCol))
	}
	if unit == "" {
		s.cellErr(row, s.unitCol, s.header[s.unitCol], "", ErrNoUnit)
		return dataset.Key{}, false
	}
	year := s.year
	if year == 0 {
		year = s.f.opt.Year
	}
	if s.yearCol >= 0 {
		text := cellAt(cells, s.yearCol)
		switch y, err := parseYear(text); {
		case trimCell(text) == "" && s.year != 0:
			// An empty year cell in a year sheet takes the sheet's year.
		case err != nil:
			if m := s.markAt(s.yearCol); m.mark == markDate {
				err = errorf(ErrYear, "a date (%s), not a year", m.detail)
			}
			s.cellErr(row, s.yearCol, s.header[s.yearCol], text, err)
			return dataset.Key{}, false
		case s.year != 0 && y != s.year:
			s.cellErr(row, s.yearCol, s.header[s.yearCol], text,
				errorf(ErrYear, "year %d in sheet %s, which is named for %d", y, s.sheet, s.year))
			return dataset.Key{}, false
		default:
			year = y
		}
	}
	// A copy: the cell may be a slice of a large text (a CSV file's
	// batch) that the table should not keep.
	return dataset.Key{Unit: dataset.UnitID(strings.Clone(unit)), Year: year}, true
}

// value parses a value cell and converts it. ok is false after an error.
// note, when not nil, is a cell kept missing to be listed in the report
// (a formula without a cached value, a number formatted as a date); the
// caller completes and adds it.
//
// A percentage (12.5%, or a numeric cell formatted as one) is taken in %
// and converted to the column's unit when the column is not in %: 0.5% in a
// ‰ column is 5‰. In a column of a unit % does not convert to, it is an
// error.
func (s *sheetReader) value(row, i int, text, header string, conv conversion, source, target string) (v float64, flag dataset.Flag, ok bool, note *CellNote) {
	m := s.markAt(i)
	if m.mark == markNoValue {
		return math.NaN(), dataset.Missing, true, formulaNote(m.detail)
	}
	var cv cellValue
	if v, plain := plainNumber(text); plain && m.mark == markNone {
		cv.v = v // what parseValue gives, without its folding and cleaning
	} else {
		var err error
		if cv, err = parseValue(text); err != nil {
			s.cellErr(row, i, header, text, err)
			return 0, 0, false, nil
		}
	}
	if cv.missing {
		return math.NaN(), dataset.Missing, true, nil
	}
	switch {
	case m.mark == markDate && !cv.percent:
		return math.NaN(), dataset.Invalid, true, dateNote(text, m.detail)
	case m.mark == markPercent && !cv.percent:
		cv = percentOf(text, cv)
	}
	if cv.percent && source != "" && canonUnit(source) != "%" {
		c, err := convertUnit("%", target)
		if err != nil {
			s.cellErr(row, i, header, text, errorf(ErrUnit, "percentage in a column in %s", source))
			return 0, 0, false, nil
		}
		conv = c
	}
	if conv.identity() {
		return cv.v, 0, true, nil
	}
	return conv.apply(cv.v), dataset.Converted, true, nil
}

// addNote completes a note of value and adds it to the report.
func (s *sheetReader) addNote(n *CellNote, row, i int, k dataset.Key, id dataset.VariableID) {
	s.f.addNote(n, s.origin(row, i), k.Unit, k.Year, id)
}

func (f *fileReader) addNote(n *CellNote, o dataset.Origin, unit dataset.UnitID, year int, id dataset.VariableID) {
	if f.notes == nil {
		f.notes = map[dataset.IssueKind]int{}
	}
	if f.notes[n.Kind]++; f.notes[n.Kind] > maxListed {
		return
	}
	n.Origin, n.Unit, n.Year, n.Variable = o, unit, year, id
	f.rep.Cells = append(f.rep.Cells, *n)
}

// addBad adds a bad cell of a yearbook table to the report.
func (f *fileReader) addBad(b BadCell) {
	if f.bad++; f.bad <= maxListed {
		f.rep.Bad = append(f.rep.Bad, b)
	}
}

// maxListed is the most cells of one kind (bad cells, each kind of
// CellNote) the report of a file lists one by one; a last entry counts
// the others. A damaged file could otherwise list millions.
const maxListed = 10_000

// listMore adds to the report the entries that count the cells not
// listed.
func (f *fileReader) listMore() {
	if n := f.bad - maxListed; n > 0 {
		f.rep.Bad = append(f.rep.Bad, BadCell{Origin: dataset.Origin{File: f.name},
			Note:   fmt.Sprintf("and %s more bad cells, not listed one by one", groupDigits(int64(n))),
			NoteZh: fmt.Sprintf("另有 %s 个无效单元格，未逐一列出", groupDigits(int64(n)))})
	}
	for _, kind := range []dataset.IssueKind{KindFormulaNoValue, KindDateNumber} {
		if n := f.notes[kind] - maxListed; n > 0 {
			f.rep.Cells = append(f.rep.Cells, CellNote{Kind: kind, Origin: dataset.Origin{File: f.name},
				Note:   fmt.Sprintf("and %s more cells of this kind, not listed one by one", groupDigits(int64(n))),
				NoteZh: fmt.Sprintf("另有 %s 个同类单元格，未逐一列出", groupDigits(int64(n)))})
		}
	}
}

// formulaNote and dateNote are the report's notes of a formula without a
// cached value and of a number formatted as a date.
func formulaNote(formula string) *CellNote {
	return &CellNote{Kind: KindFormulaNoValue, Text: formula,
		Note:   "a formula without a cached value (the file was written by a program that does not calculate); kept missing: open and save the file in Excel or LibreOffice to store the values",
		NoteZh: "公式单元格没有保存计算结果（文件由不做计算的程序写出），按缺失处理：请用 Excel 或 LibreOffice 打开并保存该文件以存入计算结果"}
}

func dateNote(text, detail string) *CellNote {
	if detail != "" {
		detail = " (" + detail + ")"
	}
	return &CellNote{Kind: KindDateNumber, Text: text,
		Note:   "a number formatted as a date" + detail + ", whose serial number is no statistic (Excel turns 3-5 or 1/2 typed into a cell into a date); kept missing and flagged invalid: re-enter the value, or set the cell's number format to General if the number is right",
		NoteZh: "设置为日期格式的数值，其日期序列号不是统计数据（在单元格中输入 3-5 或 1/2 会被 Excel 变成日期）；按缺失处理并标为无效：请重新输入数值，若数值无误请把单元格格式设为“常规”"}
}

func (s *sheetReader) wideRow(row int, cells []string) {
	for len(s.cols) < len(cells) {
		s.cols = append(s.cols, &wideCol{kind: colNoHeader})
	}
	// Cells past the end of a short row are empty: only the row's own
	// cells are visited, so that a wide header does not make every row
	// cost its width.
	for i, c := range s.cols[:len(cells)] {
		if c.kind == colNoHeader && !c.reported && trimCell(cellAt(cells, i)) != "" {
			c.reported = true
			s.f.rep.Unmatched = append(s.f.rep.Unmatched, UnmatchedColumn{
				File: s.f.name, Sheet: s.sheet, Col: colName(i + 1), Note: "no header; not kept", NoteZh: "无表头，未保留"})
		}
	}
	key, ok := s.rowKey(row, cells)
	if !ok {
		return
	}
	printed := string(key.Unit)
	city, ok := s.cityKey(row, cells, &key)
	if !ok {
		return
	}
	at := place{s.sheet, row, s.keyCol + 1}
	// A row of its own year only (most tables), while no key is recorded
	// by key, adds its key as the table row whose first row it records:
	// one lookup. Other rows look the key up first.
	fast := len(s.rowYears) == 1 && s.rowYears[0] == 0 && len(s.f.firstRow) == 0
	keyRow, added := -1, false
	if fast {
		keyRow, added = s.f.t.AddRow(key)
	} else if r, ok := s.f.t.Row(key); ok {
		keyRow = r
	}
	if first, dup := s.f.firstOf(key, keyRow); dup && !added {
		err := dupErr(key, "", first.at)
		if ft := first.text; ft != printed {
			err = errorf(ErrDuplicate, "%v (%s and %s are both %s)", err, ft, printed, key.Unit)
		}
		if s.f.opt.UnitColumn == "" && s.yearCol < 0 {
			err = errorf(ErrDuplicate, "%v (if another column names the units, give it as the unit column)", err)
		}
		s.cellErr(row, s.keyCol, s.header[s.keyCol], printed, err)
		return
	}
	s.f.setFirst(key, keyRow, at, printed)
	// One table row per year the row gives values for: its own (key.Year)
	// and each year a header names.
	rows, present := s.rowOf, s.present
	for k, y := range s.rowYears {
		ky := key
		if y != 0 {
			ky.Year = y
		}
		if fast {
			rows[k] = keyRow
		} else {
			rows[k], _ = s.f.t.AddRow(ky)
		}
		present[k] = false
	}
	for i, c := range s.cols[:len(cells)] {
		text := cells[i]
		switch c.kind {
		case colValue:
			var (
				v    float64
				flag dataset.Flag
				ok   bool
				note *CellNote
			)
			if n, isNum := s.nums.at(i); isNum {
				// A number as Excel stores it: what value gives its text.
				v, ok = n, true
				if !c.conv.identity() {
					v, flag = c.conv.apply(n), dataset.Converted
				}
			} else if v, flag, ok, note = s.value(row, i, text, c.header, c.conv, c.source, c.col.Unit); !ok {
				continue
			}
			r := rows[c.yk]
			if note != nil {
				s.addNote(note, row, i, s.f.t.Key(r), c.col.ID)
			}
			if old, have := c.col.Value(r); have {
				// A plain column and one whose header names the same
				// year (gdp with --year 2020, and gdp_2020) give one cell.
				if flag&dataset.Missing == 0 && v != old {
					if _, isNum := s.nums.at(i); isNum {
						text = s.nums.textOf(i)
					}
					o := c.col.Origin(r)
					s.cellErr(row, i, c.header, text, errorf(ErrDuplicate, "%s of %s in %d is given twice: %s here, %s in %s (%s)",
						c.col.ID, key.Unit, s.f.t.Key(r).Year, fmtFactor(v), fmtFactor(old), cellName(o.Col, o.Row), s.header[o.Col-1]))
				}
				continue
			}
			c.col.Set(r, v, flag, s.origin(row, i))
			present[c.yk] = present[c.yk] || flag&dataset.Missing == 0
		case colLabel:
			if t := trimCell(text); t != "" {
				t = strings.Clone(t)
				for _, r := range rows {
					s.f.t.SetLabel(c.label, r, t)
				}
			}
		}
	}
	for k := range s.rowYears {
		r := rows[k]
		s.f.setCityLabels(r, city)
		if s.hasValues && !present[k] {
			s.f.rep.NoData = append(s.f.rep.NoData, NoData{File: s.f.name, Sheet: s.sheet, Row: row, Unit: key.Unit, Year: s.f.t.Key(r).Year})
		}
	}
}

func dupErr(k dataset.Key, v dataset.VariableID, first place) error {
	what := "unit"
	if k.Year != 0 {
		what += " and year"
	}
	if v != "" {
		what += " and variable " + string(v)
	}
	if k.Year != 0 {
		return errorf(ErrDuplicate, "duplicate %s (%d): first at %s", what, k.Year, first)
	}
	return errorf(ErrDuplicate, "duplicate %s: first at %s", what, first)
}

// longLayout is the plan of a long table.
type longLayout struct {
	unit, year, ind, val, mu, scope int // -1 when absent
	vars                            map[string]*longVar
	extras                          []longExtra
}

// longExtra is a long table's column that may become a label.
type longExtra struct {
	col int
	lab *longLabel
}

// longVar is the resolution of one indicator text (with its unit and
// scope cells) of a long table.
type longVar struct {
	col    *dataset.Column
	conv   conversion
	source string
	skip   bool // unmatched, or an error already reported
}

// detectLong reports whether the header is a long table's: unit,
// indicator and value columns (year optional), in any order.
func (s *sheetReader) detectLong() (*longLayout, bool) {
	l := &longLayout{unit: -1, year: -1, ind: -1, val: -1, mu: -1, scope: -1}
	unitHeaders := longUnitHeaders
	if uc := s.f.opt.UnitColumn; uc != "" {
		unitHeaders = []string{indicators.Fold(uc)}
	}
	set := func(p *int, i int) {
		if *p < 0 {
			*p = i
		}
	}
	for i, h := range s.header {
		switch fh := indicators.Fold(h); {
		case slices.Contains(unitHeaders, fh):
			set(&l.unit, i)
		case slices.Contains(yearHeaders, fh):
			set(&l.year, i)
		case slices.Contains(longIndHeaders, fh):
			set(&l.ind, i)
		case slices.Contains(longValueHeaders, fh):
			set(&l.val, i)
		case slices.Contains(longMUHeaders, fh):
			set(&l.mu, i)
		case slices.Contains(longScopeHeaders, fh):
			set(&l.scope, i)
		}
	}
	if l.unit < 0 && s.f.cnCity() && s.f.opt.UnitColumn == "" {
		// Under cn-city a column of codes or city names will do.
		if l.unit = s.headerIn(cityHeaders, -1); l.unit < 0 {
			l.unit = s.headerIn(codeHeaders, -1)
		}
	}
	return l, l.unit >= 0 && l.ind >= 0 && l.val >= 0
}

// planLong lists a long table's other columns as label candidates.
func (s *sheetReader) planLong() error {
	l := s.long
	l.vars = map[string]*longVar{}
	s.unitCol, s.yearCol = l.unit, l.year
	s.setCheckColumn()
	names := map[string]bool{}
	for i, h := range s.header {
		if i == l.unit || i == l.year || i == l.ind || i == l.val || i == l.mu || i == l.scope || i == s.checkCol {
			continue
		}
		if h == "" || slices.Contains(longSourceHdrs, indicators.Fold(h)) {
			continue
		}
		name := h
		if names[name] {
			name = h + " (" + colName(i+1) + ")"
		}
		names[name] = true
		lab := s.f.label(name)
		s.f.rep.Unmatched = append(s.f.rep.Unmatched, UnmatchedColumn{
			File: s.f.name, Sheet: s.sheet, Col: colName(i + 1), Header: h, Label: name})
		lab.unmatched = append(lab.unmatched, len(s.f.rep.Unmatched)-1)
		l.extras = append(l.extras, longExtra{i, lab})
	}
	return nil
}

func (s *sheetReader) longRow(row int, cells []string) {
	l := s.long
	key, ok := s.rowKey(row, cells)
	if !ok {
		return
	}
	city, ok := s.cityKey(row, cells, &key)
	if !ok {
		return
	}
	for _, e := range l.extras {
		if e.col >= len(cells) {
			break // extras are in column order
		}
		lab := e.lab
		if t := trimCell(cellAt(cells, e.col)); t != "" {
			if old, have := lab.vals[key]; have && old != t {
				lab.varies = true
			}
			lab.vals[key] = t
		}
	}
	indText := trimCell(cellAt(cells, l.ind))
	valText := cellAt(cells, l.val)
	if indText == "" {
		if cv, err := parseValue(valText); err != nil || !cv.missing {
			s.cellErr(row, l.ind, s.header[l.ind], "", ErrNoIndicator)
		}
		return
	}
	lv := s.resolve(row, indText, trimCell(cellAt(cells, l.mu)), trimCell(cellAt(cells, l.scope)))
	if lv.skip {
		return
	}
	ck := cellKey{key, lv.col.ID}
	at := place{s.sheet, row, l.val + 1}
	if first, dup := s.f.firstCell[ck]; dup {
		s.cellErr(row, l.val, s.header[l.val], valText, dupErr(key, lv.col.ID, first))
		return
	}
	s.f.firstCell[ck] = at
	v, flag, ok, note := s.value(row, l.val, valText, indText, lv.conv, lv.source, lv.col.Unit)
	if !ok {
		return
	}
	if note != nil {
		s.addNote(note, row, l.val, key, lv.col.ID)
	}
	r, _ := s.f.t.AddRow(key)
	lk := s.f.longKeys[key]
	if lk == nil {
		lk = &longKey{at: place{s.sheet, row, s.keyCol + 1}}
		s.f.longKeys[key] = lk
		s.f.setCityLabels(r, city)
	}
	lv.col.Set(r, v, flag, s.origin(row, l.val))
	lk.present = lk.present || flag&dataset.Missing == 0
}

// resolve matches a long table's indicator cell, once per distinct
// (indicator, unit, scope).
func (s *sheetReader) resolve(row int, ind, mu, scope string) *longVar {
	l := s.long
	k := ind + "\x00" + mu + "\x00" + scope
	if lv := l.vars[k]; lv != nil {
		return lv
	}
	lv := &longVar{skip: true}
	l.vars[k] = lv
	m, err := matchHeader(s.f.fw, ind, scope)
	if err != nil {
		s.cellErr(row, l.ind, s.header[l.ind], ind, err)
		return lv
	}
	if m.v == nil {
		s.f.rep.Unmatched = append(s.f.rep.Unmatched, UnmatchedColumn{
			File: s.f.name, Sheet: s.sheet, Col: colName(l.ind + 1), Row: row, Header: ind,
			Note: "indicator not in the framework; rows skipped", NoteZh: "框架中没有该指标，相关行未读取"})
		return lv
	}
	stated := m.stated
	if mu != "" {
		if stated != "" && !sameUnit(stated, mu) {
			s.cellErr(row, l.mu, s.header[l.mu], mu, errorf(ErrUnit, "unit %s disagrees with %s stated in the indicator %s", clip(mu), stated, quote(ind)))
			return lv
		}
		stated = mu
	}
	col, conv, note, err := s.f.column(m.v, stated, ind)
	if err != nil {
		i, text := l.ind, ind
		if mu != "" {
			i, text = l.mu, mu
		}
		s.cellErr(row, i, s.header[i], text, err)
		return lv
	}
	if col.Header == "" {
		col.Header = ind
	}
	lv.col, lv.conv, lv.skip = col, conv, false
	lv.source = stated
	if lv.source == "" {
		lv.source = col.Unit
	}
	s.f.rep.Matched = append(s.f.rep.Matched, MatchedColumn{
		File: s.f.name, Sheet: s.sheet, Col: colName(l.ind + 1), Row: row, Header: ind,
		Variable: col.ID, Stated: stated, Unit: col.Unit, Factor: conv.factor(), Note: note.En, NoteZh: note.Zh})
	return lv
}

// headerList lists headers for a message: each clipped, at most 30.
func headerList(hs []string) string {
	var parts []string
	for _, h := range hs[:min(len(hs), 30)] {
		parts = append(parts, clip(h))
	}
	if len(hs) > 30 {
		parts = append(parts, fmt.Sprintf("… and %d more", len(hs)-30))
	}
	return strings.Join(parts, ", ")
}
