package importers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/cityscore/cityscore/dataset"
)

// Errors a CellError wraps. Match them with errors.Is on the error a Read
// function returns.
var (
	// ErrNotNumber: a value cell holds text that is neither a number nor a
	// missing-value marker.
	ErrNotNumber = errors.New("not a number")
	// ErrYear: a year cell is not a four-digit integer, or disagrees with the
	// year in its sheet's name.
	ErrYear = errors.New("not a year")
	// ErrNoUnit: a row has values but its unit (city) cell is empty.
	ErrNoUnit = errors.New("row has values but no unit")
	// ErrNoIndicator: a long-table row has a value but no indicator.
	ErrNoIndicator = errors.New("row has a value but no indicator")
	// ErrDuplicate: the same unit and year (and, in a long table, variable)
	// appear twice in one file.
	ErrDuplicate = errors.New("duplicate")
	// ErrAmbiguous: a header matches several variables and names none of
	// their scopes.
	ErrAmbiguous = errors.New("ambiguous header")
	// ErrScope: a header names one scope and matches a variable of another.
	ErrScope = errors.New("scope mismatch")
	// ErrUnit: a stated unit is unknown, or cannot be converted to the
	// framework's unit.
	ErrUnit = errors.New("unit")
	// ErrDuplicateColumn: two columns of one sheet hold the same variable.
	ErrDuplicateColumn = errors.New("variable already read")
	// ErrUnknownUnit: a unit cell names no city the city table (package
	// cities) knows, and Options.AllowUnknownUnits is false. Yearbook tables
	// always resolve their cities; under a framework whose units are
	// prefecture-level cities (units: cn-city) every table does, and a
	// province or a county-level city is not a unit either. The message
	// proposes the closest known names:
	//
	//	深川市: not a known city; did you mean 深圳市?
	//	辛集市: 130181 辛集市 is a county-level city (河北省), not a prefecture-level city
	ErrUnknownUnit = errors.New("unknown city")
	// ErrCityMismatch: under units: cn-city, a row's code cell and name cell
	// (the unit column and the check column beside it) denote different
	// cities:
	//
	//	code and name disagree: A2 (代码) "440300" is 深圳市 (440300), B2 (城市) "广州市" is 广州市 (440100)
	ErrCityMismatch = errors.New("code and name disagree")
)

// File-level errors.
var (
	// ErrLegacyXLS: the file is a legacy binary Excel workbook (BIFF, OLE2).
	ErrLegacyXLS = errors.New("legacy .xls (BIFF) is not read")
	// ErrEncrypted: the file is a password-protected workbook.
	ErrEncrypted = errors.New("password-protected workbook is not read")
	// ErrHTML: the file is an HTML page without a table.
	ErrHTML = errors.New("HTML page without a table")
	// ErrBinary: the file is neither text nor a workbook.
	ErrBinary = errors.New("binary data, not a CSV, text or .xlsx file")
	// ErrNoUnitColumn: Options.UnitColumn names no header of the file.
	ErrNoUnitColumn = errors.New("no unit column")
	// ErrNoYear: a yearbook table whose data year neither the table, the
	// options nor the file's path give.
	ErrNoYear = errors.New("no data year")
	// ErrNoData: a file holds no data row: it is empty (or white space
	// only), or holds a header only.
	ErrNoData = errors.New("no data rows")
	// ErrNotRegular: a path names a named pipe, a device or a socket,
	// which is not read unless Options.ReadSpecialFiles.
	ErrNotRegular = errors.New("not a regular file")
)

// CellError is a problem with one cell: a value that is not a number, a bad
// year, a header that cannot be matched or converted.
//
// Row and Col are 1-based and name the cell as a spreadsheet would (for a
// CSV file, Row counts records, the header being 1). For CSV files Line and
// Column give the field's position in the text, as encoding/csv's FieldPos
// does (Column counts bytes of the UTF-8 text; 0 when the field is absent
// from a short record).
type CellError struct {
	File   string
	Sheet  string // empty for CSV files
	Row    int
	Col    int
	Line   int // CSV only
	Column int // CSV only
	// RowGroup is the Parquet row group (1-based) of a data row; 0 for
	// other formats and for the header.
	RowGroup int
	Header   string
	Text     string // the cell's text; empty for header problems
	Err      error
}

// Error formats e as
//
//	data.csv:14:3 (C14, column gdp_pc): "12,3a": not a number
//	data.xlsx: Sheet1!C14 (column gdp_pc): "12,3a": not a number
//	data.parquet: row 13, row group 1 (C14, column gdp_pc): "12,3a": not a number
//
// A Parquet row counts the data rows from 1; the cell counts the header as
// row 1, as the file's CSV export would.
func (e *CellError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	cell := cellName(e.Col, e.Row)
	if e.RowGroup > 0 {
		fmt.Fprintf(&b, ": row %d, row group %d", e.Row-1, e.RowGroup)
	}
	if e.Sheet == "" {
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Column > 0 {
				fmt.Fprintf(&b, ":%d", e.Column)
			}
		}
		b.WriteString(" (")
		b.WriteString(cell)
		if e.Header != "" {
			b.WriteString(", column ")
			b.WriteString(clip(e.Header))
		}
		b.WriteString(")")
	} else {
		b.WriteString(": ")
		b.WriteString(sheetRef(e.Sheet))
		b.WriteString("!")
		b.WriteString(cell)
		if e.Header != "" {
			b.WriteString(" (column ")
			b.WriteString(clip(e.Header))
			b.WriteString(")")
		}
	}
	msg := ""
	if e.Err != nil {
		msg = e.Err.Error()
	}
	// A message that starts with the cell's text (深川市: not a known city;
	// …) names it already. A long text is quoted up to 80 characters.
	if e.Text != "" && !strings.HasPrefix(msg, clip(e.Text)+": ") {
		b.WriteString(": ")
		b.WriteString(quote(e.Text))
	}
	b.WriteString(": ")
	b.WriteString(msg)
	return b.String()
}

// Unwrap returns e.Err.
func (e *CellError) Unwrap() error { return e.Err }

// maxErrorLines caps the lines of a CellErrors message.
const maxErrorLines = 20

// CellErrors lists every cell problem of a file, in reading order. Its
// message shows the first 20, one per line, and says how many more there
// are.
type CellErrors []*CellError

func (es CellErrors) Error() string {
	n := min(len(es), maxErrorLines)
	lines := make([]string, 0, n+1)
	for _, e := range es[:n] {
		lines = append(lines, e.Error())
	}
	if more := len(es) - n; more > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more", more))
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns every error of the list, so that errors.Is and errors.As
// look at each.
func (es CellErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// cellName is dataset.CellName that tolerates zero coordinates.
func cellName(col, row int) string {
	switch {
	case col > 0 && row > 0:
		return dataset.CellName(col, row)
	case col > 0:
		return colName(col)
	case row > 0:
		return "row " + strconv.Itoa(row)
	}
	return "?"
}

// colName returns the letters of a 1-based column: 3 → "C".
func colName(col int) string {
	s := dataset.CellName(col, 1)
	return s[:len(s)-1]
}

// sheetRef quotes a sheet name for a cell reference as Excel does when it
// holds anything but letters, digits and underscores: 'My data'!C3.
func sheetRef(s string) string {
	for _, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
	}
	return s
}
