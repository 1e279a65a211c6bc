package importers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits bound what one data file may make the reader hold or do, so that a
// damaged or hostile file (an .xlsx is a zip: a few kilobytes can unzip to
// gigabytes, or declare merged ranges over millions of cells) ends with an
// error instead of exhausting memory or time. Each field's zero value means
// its default (DefaultLimits); a file over a limit is refused with an error
// that names the field (ErrLimit), so that a user who needs more can raise
// it. The defaults read the China City Statistical Yearbook's tables and a
// CSV of 200,000 rows × 50 columns with room to spare, and keep the memory a
// file of 1 MB makes the reader use under 200 MB (hostile_test.go lists the
// files it was measured on).
type Limits struct {
	// FileSize is the most bytes read from one file: a regular file larger
	// than this is refused before it is read, and a stream (Read,
	// ReadCSV, ReadWorkbook, or a special file allowed by
	// Options.ReadSpecialFiles) is cut off with an error after it.
	FileSize int64
	// UnzipSize is the most bytes unzipped from one .xlsx workbook: the
	// parts read (workbook, relationships, shared strings, styles and the
	// worksheets read), added up; but a workbook may always unzip to 100
	// times its own size (a zip bomb unzips 1,000 times). Nothing is
	// unzipped to disk, and worksheets are streamed: this bounds the time
	// a workbook takes, not the memory, which the other limits bound.
	UnzipSize int64
	// Rows is the most rows of one sheet or text file (the last row
	// number of a worksheet, the records of a CSV file).
	Rows int
	// Columns is the most columns of one row (the last column of a cell).
	Columns int
	// GridCells is the most cells of a table held in memory whole: a
	// yearbook table (with its merged cells) or an HTML page, counted as the
	// sum of the rows' lengths (an empty row counts 1).
	GridCells int
	// MergedCells is the most cells the merged ranges of one sheet or HTML
	// page cover, added up over the ranges (each range clipped to the
	// rows and columns that hold cells; a range counts at least 1).
	MergedCells int
	// SharedStrings is the most entries of an .xlsx workbook's shared
	// strings table, and SharedStringsSize the most bytes of their text,
	// added up.
	SharedStrings     int
	SharedStringsSize int64
	// Cells is the most cells of the table read from one file: its rows
	// (units and years) times its columns (variables and labels), each of
	// which takes some 60 bytes of memory; but a file may always hold one
	// cell for every 2 of its bytes. The first bounds what a small workbook
	// that unzips far makes the reader hold (an .xlsx of 300 KB can unzip
	// to 3 million cells); the second lets large text files through (a CSV
	// of 200,000 rows × 50 columns has 10 million cells in 144 MB).
	Cells int
	// CellText is the most bytes of one cell's text (Excel's own limit is
	// 32,767 characters, at most 98,301 bytes of UTF-8). Any XML text or
	// tag of a worksheet or of the shared strings is at most 8 times as
	// long (at least 1 MiB), and one of the other parts at most 64 KiB.
	CellText int
}

// DefaultLimits are the limits a zero Limits field stands for.
var DefaultLimits = Limits{
	FileSize:          1 << 30,   // 1 GiB
	UnzipSize:         256 << 20, // 256 MiB
	Rows:              5_000_000, // Excel's sheets stop at 1,048,576
	Columns:           16_384,    // Excel's: column XFD
	GridCells:         1_000_000,
	MergedCells:       1_000_000,
	Cells:             500_000,
	SharedStrings:     1_000_000,
	SharedStringsSize: 32 << 20,  // 32 MiB
	CellText:          128 << 10, // 128 KiB
}

// withDefaults returns l with every zero (or negative) field set to its
// default.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	for _, f := range limitFields {
		if v := f.get(l); v > 0 {
			f.set(&d, v)
		}
	}
	return d
}

// ErrLimit: a file exceeds one of the Limits. The message names the field
// of Options.Limits to raise.
var ErrLimit = errors.New("over a limit")

// LimitError is a file that exceeds one of the Limits.
type LimitError struct {
	File  string
	Sheet string // "" for a text file, or a problem of the whole workbook
	Where string // the cell or part the limit was met at, if any ("C14", "xl/sharedStrings.xml")
	What  string // what exceeds it: "merged ranges cover more than 1,000,000 cells"
	Field string // the field of Limits: "MergedCells"
	Value int64  // the limit applied
}

func (e *LimitError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	b.WriteString(": ")
	if e.Sheet != "" {
		b.WriteString("sheet ")
		b.WriteString(e.Sheet)
		b.WriteString(": ")
	}
	if e.Where != "" {
		b.WriteString(e.Where)
		b.WriteString(": ")
	}
	b.WriteString(e.What)
	fmt.Fprintf(&b, " (limit %s = %s; raise it to read this file: --limit %s=N on the command line, Options.Limits.%s in Go)",
		LimitFlag(e.Field), groupDigits(e.Value), LimitFlag(e.Field), e.Field)
	return b.String()
}

// Unwrap returns ErrLimit.
func (e *LimitError) Unwrap() error { return ErrLimit }

// groupDigits formats n with thousands separators: 1000000 → 1,000,000.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// maxQuoted is the most characters of a cell's text that messages and
// report notes quote.
const maxQuoted = 80

// clip returns s cut to maxQuoted characters, with "…" and its full length
// when cut: a 200 MB cell is never echoed whole.
func clip(s string) string {
	if len(s) <= maxQuoted {
		return s
	}
	n, cut := 0, len(s)
	for i := range s {
		if n == maxQuoted {
			cut = i
			break
		}
		n++
	}
	if cut == len(s) {
		return s
	}
	return s[:cut] + fmt.Sprintf("… (%s characters)", groupDigits(int64(utf8.RuneCountInString(s))))
}

// quote is strconv.Quote of the clipped text: "ab…" (200,000 characters)
// keeps the length outside the quotes.
func quote(s string) string {
	c := clip(s)
	if c == s {
		return strconv.Quote(s)
	}
	text, length, _ := strings.Cut(c, "… (")
	return strconv.Quote(text+"…") + " (" + length
}

// limitFields names the fields of Limits as a command line spells them
// (--limit merged-cells=2000000), in the order of the type.
var limitFields = []struct {
	name, field string
	get         func(l Limits) int64
	set         func(l *Limits, v int64)
}{
	{"file-size", "FileSize", func(l Limits) int64 { return l.FileSize }, func(l *Limits, v int64) { l.FileSize = v }},
	{"unzip-size", "UnzipSize", func(l Limits) int64 { return l.UnzipSize }, func(l *Limits, v int64) { l.UnzipSize = v }},
	{"rows", "Rows", func(l Limits) int64 { return int64(l.Rows) }, func(l *Limits, v int64) { l.Rows = int(v) }},
	{"columns", "Columns", func(l Limits) int64 { return int64(l.Columns) }, func(l *Limits, v int64) { l.Columns = int(v) }},
	{"grid-cells", "GridCells", func(l Limits) int64 { return int64(l.GridCells) }, func(l *Limits, v int64) { l.GridCells = int(v) }},
	{"merged-cells", "MergedCells", func(l Limits) int64 { return int64(l.MergedCells) }, func(l *Limits, v int64) { l.MergedCells = int(v) }},
	{"shared-strings", "SharedStrings", func(l Limits) int64 { return int64(l.SharedStrings) }, func(l *Limits, v int64) { l.SharedStrings = int(v) }},
	{"shared-strings-size", "SharedStringsSize", func(l Limits) int64 { return l.SharedStringsSize }, func(l *Limits, v int64) { l.SharedStringsSize = v }},
	{"cells", "Cells", func(l Limits) int64 { return int64(l.Cells) }, func(l *Limits, v int64) { l.Cells = int(v) }},
	{"cell-text", "CellText", func(l Limits) int64 { return int64(l.CellText) }, func(l *Limits, v int64) { l.CellText = int(v) }},
}

// LimitFlag returns the command-line name of a Limits field
// ("MergedCells" → "merged-cells"), or "".
func LimitFlag(field string) string {
	for _, f := range limitFields {
		if f.field == field {
			return f.name
		}
	}
	return ""
}

// Set sets one limit from text "name=value", the name as LimitFlag gives it
// (merged-cells=2000000) and the value a positive whole number, with an
// optional K, M or G suffix (powers of 1024 for sizes and counts alike).
func (l *Limits) Set(s string) error {
	name, val, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("%q: want NAME=VALUE (%s)", s, strings.Join(LimitNames(), ", "))
	}
	name = strings.TrimSpace(name)
	val = strings.ReplaceAll(strings.TrimSpace(val), "_", "")
	mult := int64(1)
	switch {
	case strings.HasSuffix(strings.ToUpper(val), "K"):
		mult, val = 1<<10, val[:len(val)-1]
	case strings.HasSuffix(strings.ToUpper(val), "M"):
		mult, val = 1<<20, val[:len(val)-1]
	case strings.HasSuffix(strings.ToUpper(val), "G"):
		mult, val = 1<<30, val[:len(val)-1]
	}
	n, err := strconv.ParseInt(val, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return fmt.Errorf("%q: the value must be a positive whole number (K, M, G allowed)", s)
	}
	for _, f := range limitFields {
		if f.name == name {
			f.set(l, n*mult)
			return nil
		}
	}
	return fmt.Errorf("%q: unknown limit %q (want %s)", s, name, strings.Join(LimitNames(), ", "))
}

// LimitNames returns the command-line names of the limits.
func LimitNames() []string {
	var out []string
	for _, f := range limitFields {
		out = append(out, f.name)
	}
	return out
}
