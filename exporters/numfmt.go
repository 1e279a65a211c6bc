package exporters

// Numbers as the workbook shows them.

import (
	"strconv"
	"strings"
)

// shortNumber writes v in at most 10 significant digits, without
// exponent or trailing zeros: 43, 0.3 (not 0.30000000000000004), 1250000.
func shortNumber(v float64) string {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 10, 64), 64)
	if err != nil {
		r = v
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// withUnit appends unit to the number text s: "43 %", "16 平方米".
func withUnit(s, unit string) string {
	if unit = strings.TrimSpace(unit); unit != "" {
		return s + " " + unit
	}
	return s
}
