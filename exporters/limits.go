package exporters

import (
	"fmt"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/scoring"
)

// Excel's limits, which excelize enforces with bare messages or by
// cutting a cell's text short without a word. The workbook writers check
// them first and name what does not fit.

// ErrTooManyRows is returned, wrapped with the sheet's name, when a sheet
// would need more rows than the 1,048,576 of an Excel sheet.
var ErrTooManyRows = fmt.Errorf("more than the %d rows an Excel sheet holds", excelize.TotalRows)

// ErrCellTooLong is returned, wrapped with the text and the sheet, when a
// text that must be kept whole (a unit name) is longer than the 32,767
// characters of an Excel cell.
var ErrCellTooLong = fmt.Errorf("longer than the %d characters an Excel cell holds", excelize.TotalCellChars)

// tooManyRows is the error of a sheet that overflows.
func tooManyRows(sheet string) error {
	return fmt.Errorf("sheet %q: %w; score fewer units or years (--year), or write CSV", sheet, ErrTooManyRows)
}

// cellChars is the length of s as Excel counts it: UTF-16 code units.
func cellChars(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

// shorten returns s cut to at most n characters, with … where it was cut.
func shorten(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}

// checkUnitNames returns an error naming the first unit of r whose name a
// cell cannot hold (excelize would cut it short, and two units could then
// look the same) and the sheet that lists it first.
func checkUnitNames(g lang, r *scoring.Result) error {
	for _, y := range r.Years {
		for _, u := range y.Units {
			if n := cellChars(string(u)); n > excelize.TotalCellChars {
				return unitTooLong(g.t(sheetRanking), string(u), n)
			}
		}
	}
	return nil
}

// unitTooLong is the error of a unit name longer than a cell holds.
func unitTooLong(sheet, unit string, n int) error {
	return fmt.Errorf("exporters: workbook: sheet %q: unit %q (%d characters) is %w",
		sheet, shorten(unit, 60), n, ErrCellTooLong)
}
