package importers

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// missingMarkers are the texts that mean "no value", compared after width
// folding, trimming and lower-casing. The list is docs/formats.md §3's, plus
// "...", "——" and "……" (the doubled dashes and ellipses of Chinese
// typesetting) and the minus sign U+2212 alone.
var missingMarkers = map[string]bool{
	"": true, "-": true, "—": true, "–": true, "−": true, "——": true,
	"…": true, "……": true, "..": true, "...": true,
	"na": true, "n/a": true, "null": true, "/": true, "无": true,
}

// isCellSpace reports the runes trimmed around a cell: Unicode white space
// (which includes U+3000 and NBSP) and the zero-width space and BOM that
// copied text carries.
func isCellSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

func trimCell(s string) string { return strings.TrimFunc(s, isCellSpace) }

// foldCell trims s and folds full-width forms to ASCII.
func foldCell(s string) string {
	s = trimCell(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return trimCell(width.Fold.String(s))
		}
	}
	return s
}

// cellValue is a parsed value cell.
type cellValue struct {
	v       float64
	missing bool
	percent bool // the text ended with a percent sign
}

// parseValue reads the text of a value cell: a decimal number with an
// optional sign (+, -, −), thousands separators in groups of three, an
// exponent and a trailing percent sign, after trimming and width folding; or
// a missing-value marker. Anything else, including Inf and NaN, is
// ErrNotNumber.
func parseValue(s string) (cellValue, error) {
	t := foldCell(s)
	if (t == "" || t[0] < '0' || t[0] > '9') && (missingMarkers[t] || missingMarkers[strings.ToLower(t)]) {
		return cellValue{v: math.NaN(), missing: true}, nil
	}
	var cv cellValue
	if rest, ok := strings.CutSuffix(t, "%"); ok {
		cv.percent = true
		t = strings.TrimRightFunc(rest, isCellSpace)
	}
	neg := false
	switch {
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	case strings.HasPrefix(t, "-"):
		t, neg = t[1:], true
	case strings.HasPrefix(t, "−"):
		t, neg = t[len("−"):], true
	}
	num, ok := cleanNumber(t)
	if !ok {
		return cellValue{}, ErrNotNumber
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return cellValue{}, ErrNotNumber
	}
	if neg {
		v = -v
	}
	cv.v = v
	return cv, nil
}

// cleanNumber checks the syntax of an unsigned decimal number and returns it
// without thousands separators:
//
//	digits    = int [ "." [ d* ] ] | "." d+
//	int       = d+ | d{1,3} ( "," d{3} )+
//	number    = digits [ ("e" | "E") [ "+" | "-" ] d+ ]
func cleanNumber(s string) (string, bool) {
	i, n := 0, len(s)
	isDigit := func(j int) bool { return j < n && s[j] >= '0' && s[j] <= '9' }
	// Integer part, with thousands separators only in groups of three.
	start := i
	for isDigit(i) {
		i++
	}
	intDigits := i - start
	commas := false
	if i < n && s[i] == ',' {
		if intDigits < 1 || intDigits > 3 {
			return "", false
		}
		for i < n && s[i] == ',' {
			if !(isDigit(i+1) && isDigit(i+2) && isDigit(i+3)) || isDigit(i+4) {
				return "", false
			}
			i += 4
			intDigits += 3
		}
		commas = true
	}
	fracDigits := 0
	if i < n && s[i] == '.' {
		i++
		for isDigit(i) {
			i++
			fracDigits++
		}
	}
	if intDigits == 0 && fracDigits == 0 {
		return "", false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !isDigit(i) {
			return "", false
		}
		for isDigit(i) {
			i++
		}
	}
	if i != n {
		return "", false
	}
	if commas {
		return strings.ReplaceAll(s, ",", ""), true
	}
	return s, true
}

// parseYear reads a year cell: an integer from 1000 to 9999, possibly
// written as a number with a zero fraction (2018.0), as workbooks store it.
func parseYear(s string) (int, error) {
	cv, err := parseValue(s)
	if err != nil || cv.missing || cv.percent || cv.v != math.Trunc(cv.v) || cv.v < 1000 || cv.v > 9999 {
		return 0, ErrYear
	}
	return int(cv.v), nil
}
