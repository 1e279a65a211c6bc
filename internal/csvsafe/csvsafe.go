// Package csvsafe writes CSV that a spreadsheet opens as data, not as
// formulas. Excel, LibreOffice and WPS evaluate a field that starts with
// =, +, -, @, a tab or a carriage return; such a field gets a leading
// apostrophe (the OWASP advice against CSV injection), which the
// spreadsheet shows as text. A field that is a decimal number (-2.5, +3,
// 1e-5) is left alone, so numbers stay numbers.
//
// It imports nothing of cityscore, so importers and exporters can share it.
package csvsafe

import (
	"encoding/csv"
	"io"
	"unicode"
	"unicode/utf8"
)

// Field returns s, with a leading ' when a spreadsheet would read it as a
// formula and it is not a number.
func Field(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if !IsNumber(s) {
			return "'" + s
		}
	}
	return s
}

// IsNumber reports whether s is a plain decimal number: an optional sign,
// digits with an optional decimal point (or a point and digits), and an
// optional exponent. Inf, NaN, hexadecimal and digit separators are not.
func IsNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// Writer is a csv.Writer whose records pass through Field, unless it is
// raw.
type Writer struct {
	cw  *csv.Writer
	raw bool
	rec []string
}

// NewWriter returns a Writer to w. With raw set, fields are written as
// they are (for programs that read the CSV, not spreadsheets).
func NewWriter(w io.Writer, raw bool) *Writer {
	return &Writer{cw: csv.NewWriter(w), raw: raw}
}

// Write writes one record; rec itself is not changed.
func (w *Writer) Write(rec []string) error {
	if w.raw {
		return w.cw.Write(rec)
	}
	w.rec = w.rec[:0]
	for _, f := range rec {
		w.rec = append(w.rec, Field(f))
	}
	return w.cw.Write(w.rec)
}

// Flush writes any buffered data to the underlying io.Writer.
func (w *Writer) Flush() { w.cw.Flush() }

// Error reports any error of a previous Write or Flush.
func (w *Writer) Error() error { return w.cw.Error() }

// AppendField appends one field to a CSV line as Writer writes it: made
// safe by Field unless raw, then quoted as encoding/csv quotes (a field
// holding a comma, a quote, a line break, or starting with a space or a
// tab, and the field \.), inner quotes doubled. Writers of long tables
// build their lines with it, numbers appended directly, rather than a
// []string a record.
func AppendField(dst []byte, s string, raw bool) []byte {
	if !raw {
		s = Field(s)
	}
	if !needsQuotes(s) {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, s[i])
	}
	return append(dst, '"')
}

// needsQuotes is encoding/csv's fieldNeedsQuotes for the comma.
func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}
