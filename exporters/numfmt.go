package exporters

// Numbers as the workbook shows them.

import (
	"math"
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

// numFormatFor returns the number format of an indicator's raw values on
// the Indicators sheet, from its unit, the median of their absolute values
// and whether every value is whole. The cell keeps the full value; only
// the display is rounded, never to fewer digits than the values' size
// calls for:
//
//   - percentages (%, ％, ‰, 百分比, 百分点): one decimal, "0.0" (two
//     below a median of 1);
//   - whole values (counts such as 个, 家, 人, 件, and any indicator whose
//     values are all whole): "#,##0". A count unit with fractional values
//     is a rate (每万人发明专利拥有量, 件: 111.2) and is shown as a quantity;
//   - quantities and unknown units (元, 万元, 万人, 吨, 平方米, km, …): by size,
//     "#,##0" from a median of 1,000, "#,##0.00" from 1, "0.00##" below
//     (0.0035 stays visible).
func numFormatFor(unit string, median float64, whole bool) string {
	unit = strings.TrimSpace(unit)
	for _, p := range []string{"%", "％", "‰", "百分比", "百分点"} {
		if strings.Contains(unit, p) {
			if median < 1 && median != 0 {
				return "0.00"
			}
			return "0.0"
		}
	}
	switch {
	case whole, median >= 1000:
		return "#,##0"
	case median >= 1:
		return "#,##0.00"
	}
	return "0.00##"
}

// formatAs writes v as Excel shows it in number format code, one of those
// numFormatFor returns: for column widths.
func formatAs(code string, v float64) string {
	lo, hi := 0, 0
	if _, frac, ok := strings.Cut(code, "."); ok {
		lo = strings.Count(frac, "0")
		hi = lo + strings.Count(frac, "#")
	}
	// Excel rounds halves away from zero.
	p := math.Pow10(hi)
	s := strconv.FormatFloat(math.Round(v*p)/p, 'f', hi, 64)
	if hi > lo {
		s = strings.TrimRight(s, "0")
		if n := len(s) - strings.IndexByte(s, '.') - 1; n < lo {
			s += strings.Repeat("0", lo-n)
		}
		s = strings.TrimSuffix(s, ".")
	}
	if strings.Contains(code, ",") {
		i, f, ok := strings.Cut(s, ".")
		s = groupThousands(i)
		if ok {
			s += "." + f
		}
	}
	return s
}
