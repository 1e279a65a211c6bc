package exporters

// The rows of the streamed tables, written as worksheet XML by cityscore.
//
// excelize's StreamWriter spends some microseconds on a row (a cell name,
// a style lookup and an interface conversion a cell, and a temporary file
// past 16 MiB), which on a table of millions of rows is most of a
// workbook's time. So a table lets excelize write the frame of each of its
// sheets (the header rows, panes, column widths and styles, autofilter,
// colour scales, merged cells and print setup), and encodes the rows
// below the header itself, in the same XML that SetRow writes, byte for
// byte; they are spliced into the sheet's part, before </sheetData>, when
// the workbook is zipped.
//
// The rows are kept, deflated and spliced in by splice.go.

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// excelizeRows makes the tables write their rows with excelize's
// StreamWriter, as before the rows were encoded here: the reference that
// tests compare the spliced rows with, byte for byte.
var excelizeRows = false

// rowEncoder encodes rows of a sheet as StreamWriter.SetRow does.
type rowEncoder struct {
	colStyle []int    // the style of each column (from 0), 0 for none
	colName  []string // column letters, made as needed
}

// appendRow appends row (1-based) of vals, starting at column A, with
// opts, to b.
func (e *rowEncoder) appendRow(b []byte, row int, vals []any, opts *excelize.RowOpts) ([]byte, error) {
	b = append(b, `<row r="`...)
	b = strconv.AppendInt(b, int64(row), 10)
	b = append(b, '"')
	if opts != nil {
		var err error
		if b, err = appendRowAttrs(b, opts); err != nil {
			return b, err
		}
	}
	b = append(b, '>')
	for i, v := range vals {
		if v == nil {
			continue
		}
		style := 0
		if i < len(e.colStyle) {
			style = e.colStyle[i]
		}
		if opts != nil && opts.StyleID > 0 {
			style = opts.StyleID
		}
		switch c := v.(type) {
		case excelize.Cell:
			if c.Formula != "" {
				return b, errUnsupportedCell
			}
			if c.StyleID > 0 {
				style = c.StyleID
			}
			v = c.Value
		case *excelize.Cell:
			if c != nil {
				if c.Formula != "" {
					return b, errUnsupportedCell
				}
				if c.StyleID > 0 {
					style = c.StyleID
				}
				v = c.Value
			}
		}
		var err error
		if b, err = e.appendCell(b, i, row, style, v); err != nil {
			return b, err
		}
	}
	return append(b, `</row>`...), nil
}

// errUnsupportedCell is the error of a value the encoder does not write
// (formulas, rich text, times): the tables have none.
var errUnsupportedCell = errors.New("exporters: a cell value the row encoder does not write")

// appendRowAttrs appends the attributes of a row as RowOpts gives them.
func appendRowAttrs(b []byte, o *excelize.RowOpts) ([]byte, error) {
	if o.Height > excelize.MaxRowHeight {
		return b, excelize.ErrMaxRowHeight
	}
	if o.OutlineLevel > 7 {
		return b, excelize.ErrOutlineLevel
	}
	if o.StyleID > 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(o.StyleID), 10)
		b = append(b, `" customFormat="1"`...)
	}
	if o.Height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, o.Height, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	if o.OutlineLevel > 0 {
		b = append(b, ` outlineLevel="`...)
		b = strconv.AppendInt(b, int64(o.OutlineLevel), 10)
		b = append(b, '"')
	}
	if o.Hidden {
		b = append(b, ` hidden="1"`...)
	}
	return b, nil
}

// cellStart appends the start of the cell in column col (from 0) of row,
// up to its type.
func (e *rowEncoder) cellStart(b []byte, col, row, style int) []byte {
	var digits [20]byte
	return e.cellStartAt(b, col, strconv.AppendInt(digits[:0], int64(row), 10), style)
}

// cellStartAt is cellStart with the row given by its digits.
func (e *rowEncoder) cellStartAt(b []byte, col int, row []byte, style int) []byte {
	b = append(b, `<c r="`...)
	b = append(b, e.name(col)...)
	b = append(b, row...)
	b = append(b, '"')
	switch {
	case style == 0:
	case style < len(styleAttrs):
		b = append(b, styleAttrs[style]...)
	default:
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(style), 10)
		b = append(b, '"')
	}
	return b
}

// styleAttrs are the s attributes of the first styles, made once: most
// cells of a large sheet have one of a few.
var styleAttrs = func() (attrs [256]string) {
	for i := range attrs {
		attrs[i] = ` s="` + strconv.Itoa(i) + `"`
	}
	return attrs
}()

// appendCell appends the cell of v in column col (from 0) of row.
func (e *rowEncoder) appendCell(b []byte, col, row, style int, v any) ([]byte, error) {
	return appendValue(e.cellStart(b, col, row, style), v)
}

// appendValue appends the type and value of a cell of v and ends it.
func appendValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, `></c>`...), nil
	case float64:
		return appendFloatCell(b, v, 64), nil
	case float32:
		return appendFloatCell(b, float64(v), 32), nil
	case int:
		return appendNumber(b, strconv.AppendInt, int64(v)), nil
	case int8:
		return appendNumber(b, strconv.AppendInt, int64(v)), nil
	case int16:
		return appendNumber(b, strconv.AppendInt, int64(v)), nil
	case int32:
		return appendNumber(b, strconv.AppendInt, int64(v)), nil
	case int64:
		return appendNumber(b, strconv.AppendInt, v), nil
	case uint:
		return appendNumber(b, strconv.AppendUint, uint64(v)), nil
	case uint8:
		return appendNumber(b, strconv.AppendUint, uint64(v)), nil
	case uint16:
		return appendNumber(b, strconv.AppendUint, uint64(v)), nil
	case uint32:
		return appendNumber(b, strconv.AppendUint, uint64(v)), nil
	case uint64:
		return appendNumber(b, strconv.AppendUint, v), nil
	case bool:
		if v {
			return append(b, ` t="b"><v>1</v></c>`...), nil
		}
		return append(b, ` t="b"><v>0</v></c>`...), nil
	case string:
		return appendInlineStr(b, v), nil
	case []byte:
		return appendInlineStr(b, string(v)), nil
	case []excelize.RichTextRun, excelize.Cell, *excelize.Cell, time.Time, time.Duration:
		// Rich text, a cell in a cell, and times, which need a style.
		return b, errUnsupportedCell
	}
	return appendInlineStr(b, fmt.Sprint(v)), nil
}

// name returns the letters of column col (from 0).
func (e *rowEncoder) name(col int) string {
	for len(e.colName) <= col {
		n, _ := excelize.ColumnNumberToName(len(e.colName) + 1)
		e.colName = append(e.colName, n)
	}
	return e.colName[col]
}

// appendNumber appends the value element of an integer and ends the cell.
func appendNumber[T int64 | uint64](b []byte, app func([]byte, T, int) []byte, v T) []byte {
	b = append(b, `><v>`...)
	b = app(b, v, 10)
	return append(b, `</v></c>`...)
}

// appendFloatCell appends the value of a float cell and ends it: the
// shortest decimal that reads back as v (a float of bits bits), cut to
// Excel's 15 significant digits (as excelize's formatCellFloat), or NaN
// and ±Inf as text.
func appendFloatCell(b []byte, v float64, bits int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return appendInlineStr(b, fmt.Sprint(v))
	}
	b = append(b, `><v>`...)
	b = appendFloat15(b, v, bits)
	return append(b, `</v></c>`...)
}

// shortPow10 are the powers of ten a short decimal is tried with.
var shortPow10 = pow10f[:7]

// appendShortDecimal appends v if it is n/10^k for an integer n of at
// most 15 digits (none cut to Excel's 15) and k ≤ 6, as strconv's shortest 'f' format does, and reports
// whether it did. Data read from files mostly are such decimals, and
// checking is a few multiplications where the shortest digits cost a
// hundred nanoseconds.
func appendShortDecimal(b []byte, v float64) ([]byte, bool) {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return b, false // -0 and specials: strconv
	}
	// A short decimal times 10^6 is an integer, but for a few ulps of
	// rounding: a computed value (a normalised one, a share) is left to
	// strconv at once.
	x := math.Abs(v * shortPow10[len(shortPow10)-1])
	if x < 1e15 && math.Abs(x-math.Round(x)) > 4*(math.Nextafter(x, math.Inf(1))-x) {
		return b, false
	}
	for k, p := range shortPow10 {
		x := v * p
		if !(math.Abs(x) < 1e15) {
			return b, false
		}
		n := math.Round(x)
		// n/10^k is the decimal when it reads back as v (the division
		// of two exact values is correctly rounded); below 10^15 < 2^50,
		// no other n is as close, and no shorter k read back.
		if n/p != v {
			continue
		}
		i := int64(n)
		if i < 0 {
			b = append(b, '-')
			i = -i
		}
		start := len(b)
		b = strconv.AppendInt(b, i, 10)
		if k == 0 {
			return b, true
		}
		digits := len(b) - start
		if digits <= k {
			// 0.0…0ddd: pad with zeros after "0."
			pad := k - digits
			b = append(b, make([]byte, pad+2)...)
			copy(b[start+pad+2:], b[start:start+digits])
			b[start], b[start+1] = '0', '.'
			for j := range pad {
				b[start+2+j] = '0'
			}
			return b, true
		}
		b = append(b, 0)
		at := len(b) - 1 - k
		copy(b[at+1:], b[at:len(b)-1])
		b[at] = '.'
		return b, true
	}
	return b, false
}

// pow10u are the powers of ten to 10^18, and pow10f the same as floats
// (exact: 10^22 is the last power of ten a float64 holds exactly).
var (
	pow10u = func() (p [19]uint64) {
		p[0] = 1
		for k := 1; k < len(p); k++ {
			p[k] = p[k-1] * 10
		}
		return p
	}()
	pow10f = func() (p [19]float64) {
		for k, u := range pow10u {
			p[k] = float64(u)
		}
		return p
	}()
)

// appendCut15 appends v as appendFloat15 does, for |v| in [10^−4,
// 10^15), and reports whether it did; it leaves the rest to strconv.
//
// Let q = ⌊|v|·10^k⌋ for the k that makes q 15 digits long, exact in
// 128-bit integers: |v| = m·2^−s with m < 2^53, and 10^k < 2^64. The
// decimals of 15 digits next to v are D = q/10^k and D⁺ = (q+1)/10^k, and
// v's rounding interval, under an ulp wide, is far narrower than their
// gap, so it holds at most one of them. Whether it does is one division
// of exact floats each, correctly rounded (Clinger's fast path), which is
// how strconv reads a decimal back.
//   - When one of them reads back as v, it is the shortest decimal of v
//     (any shorter one is a decimal of 15 digits too), without its
//     trailing zeros.
//   - Otherwise the shortest decimal S has 16 or 17 digits, and its first
//     15 are q's: a decimal of 15 digits between v and S would lie in the
//     rounding interval, which holds both, and S would not be shortest.
func appendCut15(b []byte, v float64) ([]byte, bool) {
	a := math.Abs(v)
	if !(a >= 1e-4 && a < 1e15) {
		return b, false
	}
	fb := math.Float64bits(a)
	m := fb&(1<<52-1) | 1<<52
	s := uint(1075 - fb>>52) // a = m·2^−s; 3 ≤ s ≤ 66 in this range
	// q = ⌊m·10^k / 2^s⌋
	digitsAt := func(k int) uint64 {
		hi, lo := bits.Mul64(m, pow10u[k])
		if s >= 64 {
			return hi >> (s - 64)
		}
		return hi<<(64-s) | lo>>s
	}
	// 10^e ≤ a < 10^(e+1), estimated from 2^E ≤ a < 2^(E+1) as
	// ⌊E·log10 2⌋ (log10 2 ≈ 78913/2^18): never above e, and at most one
	// below it, which makes q 16 digits long (k is capped at 18 only for
	// a < 2^−13, where e = −4 exactly).
	e := (int(52-s) * 78913) >> 18
	k := min(14-e, len(pow10u)-1)
	q := digitsAt(k)
	if q >= 1e15 {
		k--
		q = digitsAt(k)
	}
	// Whether the shortest decimal has 15 digits or fewer. (q+1)/10^k
	// is never 10^(15−k) here: that would read back as a < 10^(15−k),
	// but every power of ten in this range is exact or its float above it.
	short := false
	if p := pow10f[k]; float64(q)/p == a {
		short = true
	} else if float64(q+1)/p == a {
		q, short = q+1, true
	}
	if v < 0 {
		b = append(b, '-')
	}
	var d [15]byte
	digits := d[:]
	put15(&d, q)
	frac := k // of the digits after the point
	if short {
		for frac > 0 && digits[len(digits)-1] == '0' {
			digits, frac = digits[:len(digits)-1], frac-1
		}
	}
	switch whole := len(digits) - frac; {
	case frac == 0:
		return append(b, digits...), true
	case whole > 0:
		b = append(b, digits[:whole]...)
		b = append(b, '.')
		return append(b, digits[whole:]...), true
	default:
		b = append(b, "0."...)
		for range -whole {
			b = append(b, '0')
		}
		return append(b, digits...), true
	}
}

// twoDigits are "00" to "99".
const twoDigits = "00010203040506070809" + "10111213141516171819" + "20212223242526272829" +
	"30313233343536373839" + "40414243444546474849" + "50515253545556575859" + "60616263646566676869" +
	"70717273747576777879" + "80818283848586878889" + "90919293949596979899"

// put15 writes the 15 digits of q < 10^15 to d, with leading zeros: in
// groups of four (3+4+4+4), each two pairs, so that the divisions do not
// wait on each other.
func put15(d *[15]byte, q uint64) {
	hi, lo := uint32(q/1e8), uint32(q%1e8) // 7 and 8 digits
	g0, g1, g2, g3 := hi/1e4, hi%1e4, lo/1e4, lo%1e4
	put4 := func(at int, g uint32) {
		a, b := 2*(g/100), 2*(g%100)
		d[at], d[at+1], d[at+2], d[at+3] = twoDigits[a], twoDigits[a+1], twoDigits[b], twoDigits[b+1]
	}
	a, b := 2*(g0/100), 2*(g0%100) // g0 < 1000
	d[0], d[1], d[2] = byte('0'+a/2), twoDigits[b], twoDigits[b+1]
	put4(3, g1)
	put4(7, g2)
	put4(11, g3)
}

// appendFloat15 appends v as excelize's formatCellFloat(v, -1, bits) does:
// by appendCut15 in its range, by appendShortDecimal a short decimal
// below it, by strconv the rest (and float32 values).
func appendFloat15(b []byte, v float64, bits int) []byte {
	if bits == 64 {
		if out, ok := appendCut15(b, v); ok {
			return out
		}
		if out, ok := appendShortDecimal(b, v); ok {
			return out
		}
	}
	return appendFloat15Strconv(b, v, bits)
}

// appendFloat15Strconv is appendFloat15 by strconv alone: the shortest
// 'f' decimal of v cut to 15 significant digits.
func appendFloat15Strconv(b []byte, v float64, bits int) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', -1, bits)
	if math.Abs(v) == math.MaxFloat64 {
		return b
	}
	const maxPrec = 15
	str := b[start:]
	decimal := bytes.IndexByte(str, '.')
	significant := 0
	for i, c := range str {
		if c < '0' || c > '9' || significant == 0 && c == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && i > decimal {
			// Cut after the 15th digit, and a trailing point.
			n := i
			if n > 0 && str[n-1] == '.' {
				n--
			}
			return b[:start+n]
		}
		if decimal < 0 {
			decimal = len(str)
		}
		// An integer part of more than 15 digits: zeros past the 15th.
		for ; i < decimal; i++ {
			str[i] = '0'
		}
		return b[:start+decimal]
	}
	return b
}

// appendInlineStr appends the type and value of an inline string cell
// and ends it, as excelize writes s.
func appendInlineStr(b []byte, s string) []byte {
	b = append(b, ` t="inlineStr"><is><t`...)
	if plainText(s) {
		b = append(b, '>')
		b = append(b, s...)
		return append(b, `</t></is></c>`...)
	}
	v, preserve := excelText(s)
	if preserve {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	b = append(b, v...)
	return append(b, `</t></is></c>`...)
}

// plainText reports whether s is written as it is: valid XML characters
// none of which is escaped, no space at either end, no _xHHHH_ escape and
// short enough not to be cut.
func plainText(s string) bool {
	if len(s) > excelize.TotalCellChars || s == "" {
		return s == ""
	}
	switch s[0] {
	case ' ':
		return false
	}
	switch s[len(s)-1] {
	case ' ':
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20, c == '&', c == '<', c == '>', c == '"', c == '\'':
			return false
		case c == '_' && i+1 < len(s) && s[i+1] == 'x':
			return false
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
				return false
			}
			i += n - 1
		}
	}
	return true
}

// excelText returns s as excelize writes it in an inline string (its
// trimCellValue and bstrMarshal): cut to 32,767 UTF-16 units, XML
// escaped but for line feeds, and _xHHHH_ sequences escaped; preserve
// reports whether it starts or ends with white space.
func excelText(s string) (v string, preserve bool) {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > excelize.TotalCellChars {
			s = s[:i]
			break
		}
	}
	if s != "" {
		for _, c := range []byte{'\t', '\n', '\r', ' '} {
			if s[0] == c || s[len(s)-1] == c {
				preserve = true
				break
			}
		}
		var buf strings.Builder
		_ = xml.EscapeText(&buf, []byte(s))
		s = strings.ReplaceAll(buf.String(), "&#xA;", "\n")
	}
	return bstrMarshal(s), preserve
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal escapes the _xHHHH_ sequences of s that Excel would read as
// characters, as excelize's function of that name (BSD-3-Clause, the
// excelize authors).
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}

// rowBuilder writes a row of a table cell by cell, without boxing its
// values: the wide Indicators sheet writes millions of them. Cells are
// written from column A on; a value that is not finite leaves its cell
// empty, as numValue does.
type rowBuilder struct {
	enc    *rowEncoder
	buf    []byte // the XML, appended to
	row    int    // on its sheet
	digits []byte // of row
	col    int    // the next column, from 0
	vals   []any  // with excelizeRows: the row for SetRow
	err    error  // the first value not written

	width int // the columns up to the last cell written, in the rows so far
}

// start appends the start of row.
func (r *rowBuilder) start(row int) {
	r.row, r.col, r.vals = row, 0, r.vals[:0]
	r.digits = strconv.AppendInt(r.digits[:0], int64(row), 10)
	if !excelizeRows {
		r.buf = append(r.buf, `<row r="`...)
		r.buf = append(r.buf, r.digits...)
		r.buf = append(r.buf, `">`...)
	}
}

// finish ends the row.
func (r *rowBuilder) finish() {
	if !excelizeRows {
		r.buf = append(r.buf, `</row>`...)
	}
}

// style returns the style of the next cell: style, else its column's.
func (r *rowBuilder) style(style int) int {
	if style == 0 && r.col < len(r.enc.colStyle) {
		return r.enc.colStyle[r.col]
	}
	return style
}

// wrote follows a cell written: the next column, and the row's width.
func (r *rowBuilder) wrote() {
	r.col++
	r.width = max(r.width, r.col)
}

// skip leaves the next cell empty.
func (r *rowBuilder) skip() {
	if excelizeRows {
		r.vals = append(r.vals, nil)
	}
	r.col++
}

// str writes text s, nothing for "".
func (r *rowBuilder) str(s string) {
	if s == "" {
		r.skip()
		return
	}
	if excelizeRows {
		r.vals = append(r.vals, s)
	} else {
		r.buf = appendInlineStr(r.enc.cellStartAt(r.buf, r.col, r.digits, r.style(0)), s)
	}
	r.wrote()
}

// int writes n, nothing for 0 when blankZero.
func (r *rowBuilder) int(n int, blankZero bool) {
	if n == 0 && blankZero {
		r.skip()
		return
	}
	if excelizeRows {
		r.vals = append(r.vals, n)
	} else {
		r.buf = appendNumber(r.enc.cellStartAt(r.buf, r.col, r.digits, r.style(0)), strconv.AppendInt, int64(n))
	}
	r.wrote()
}

// values writes vals as the next cells, as table.add writes a row: nil
// leaves a cell empty, an excelize.Cell gives its style.
func (r *rowBuilder) values(vals []any) {
	if excelizeRows {
		r.vals = append(r.vals, vals...)
		r.col += len(vals)
		r.width = max(r.width, r.col)
		return
	}
	for _, v := range vals {
		if v == nil {
			r.col++
			continue
		}
		style := r.style(0)
		var c *excelize.Cell
		switch cv := v.(type) {
		case excelize.Cell:
			c = &cv
		case *excelize.Cell:
			c = cv
		}
		if c != nil {
			if c.Formula != "" {
				r.err = cmp.Or(r.err, errUnsupportedCell)
			}
			if c.StyleID > 0 {
				style = c.StyleID
			}
			v = c.Value
		}
		buf, err := appendValue(r.enc.cellStartAt(r.buf, r.col, r.digits, style), v)
		r.buf, r.err = buf, cmp.Or(r.err, err)
		r.wrote()
	}
}

// num writes v in style (0: its column's), nothing when v is not finite.
func (r *rowBuilder) num(v float64, style int) {
	if !finite(v) {
		r.skip()
		return
	}
	if excelizeRows {
		r.vals = append(r.vals, excelize.Cell{StyleID: style, Value: v})
	} else {
		r.buf = appendFloatCell(r.enc.cellStartAt(r.buf, r.col, r.digits, r.style(style)), v, 64)
	}
	r.wrote()
}
