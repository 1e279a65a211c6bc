package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	pqformat "github.com/parquet-go/parquet-go/format"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// FormatParquet is an Apache Parquet file.
const FormatParquet Format = "parquet"

// ErrParquet: a Parquet file that cannot be read: damaged, truncated, or
// with a column of a type that is not read (docs/formats.md §3, Parquet).
var ErrParquet = errors.New("Parquet")

var parquetMagic = []byte("PAR1")

// pqKind is how a Parquet column's values become cell text.
type pqKind uint8

const (
	pqInt32 pqKind = iota
	pqInt64
	pqUint32
	pqUint64
	pqFloat
	pqDouble
	pqText
	pqDecimal32 // DECIMAL in INT32
	pqDecimal64 // DECIMAL in INT64
	pqDecimalBytes
)

type pqColumn struct {
	name  string
	kind  pqKind
	scale int
}

// readParquet reads a Parquet file of one flat table, row group by row
// group, as a CSV file of the same header and cells: the header row is the
// column names (row 1), each Parquet row the next row. Numbers become the
// text that reads back as the same value; nulls are empty cells. A long
// table's source column (file#sheet!cell) becomes the origin of its value.
func readParquet(data []byte, name string, opt Options) (t *dataset.Table, rep *Report, err error) {
	defer func() {
		// A damaged file must not crash the run: the decoder's panics are
		// reported as a damaged file.
		if r := recover(); r != nil {
			t, rep, err = nil, nil, fmt.Errorf("%s: %w: damaged file (%v)", name, ErrParquet, r)
		}
	}()
	lim := opt.Limits.withDefaults()
	pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)),
		parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w: not a readable Parquet file (truncated or damaged?): %v", name, ErrParquet, err)
	}
	cols, err := parquetColumns(pf, name, lim)
	if err != nil {
		return nil, nil, err
	}
	if n := pf.NumRows(); n > int64(lim.Rows) {
		return nil, nil, &LimitError{File: name, What: fmt.Sprintf("%s rows, more than %s", groupDigits(n), groupDigits(int64(lim.Rows))),
			Field: "Rows", Value: int64(lim.Rows)}
	}
	var unpacked int64
	for _, rg := range pf.Metadata().RowGroups {
		for _, cc := range rg.Columns {
			unpacked += max(cc.MetaData.TotalUncompressedSize, 0)
		}
	}
	if unpacked > lim.UnzipSize {
		return nil, nil, &LimitError{File: name, What: fmt.Sprintf("%s bytes of column data once decompressed, more than %s",
			groupDigits(unpacked), groupDigits(lim.UnzipSize)), Field: "UnzipSize", Value: lim.UnzipSize}
	}

	f := newFileReader(name, FormatParquet, opt)
	f.size = int64(len(data))
	s := f.newSheet("", 0)
	var starts []int // the first row number of each row group
	fail := func(err error) (*dataset.Table, *Report, error) {
		s.done()
		markRowGroups(f.errs, starts)
		_, rep, _ := f.finish()
		return nil, rep, err
	}
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.name
	}
	if err := s.row(1, header); err != nil {
		return fail(err)
	}
	// A wide table has a row per Parquet row: the reader makes room for
	// them all at once, rather than growing every column row by row.
	s.rowsHint = int(pf.NumRows())
	srcCol := -1
	if s.long != nil {
		for i, h := range s.header {
			if slices.Contains(longSourceHdrs, indicators.Fold(h)) {
				srcCol = i
				break
			}
		}
	}
	var sources []string // by row number, when the long table has a source column
	cells := make([]string, len(cols))
	// In a wide table, numbers go to the row reader as numbers (rowNums),
	// as the xlsx reader hands over numeric cells: not formatted to text
	// and parsed back. vals keeps each number's value for the one message
	// that quotes its text.
	var nums rowNums
	vals := make([]parquet.Value, len(cols))
	nums.textFn = func(i int) string {
		t, _ := cols[i].text(vals[i], nil)
		return t
	}
	var num []byte
	buf := make([]parquet.Row, 512)
	row := 1
	for g, rg := range pf.RowGroups() {
		starts = append(starts, row+1)
		rows := rg.Rows()
		for {
			n, rerr := rows.ReadRows(buf)
			for _, r := range buf[:n] {
				row++
				clear(cells)
				direct := s.long == nil && s.direct != nil
				anyNum := false
				if direct {
					nums.has = append(nums.has[:0], make([]bool, len(cols))...)
					nums.v = append(nums.v[:0], make([]float64, len(cols))...)
				}
				for _, v := range r {
					c := v.Column()
					if c < 0 || c >= len(cols) || v.IsNull() {
						continue
					}
					if direct && c < len(s.direct) && s.direct[c] {
						if f, ok := cols[c].number(v); ok {
							nums.has[c], nums.v[c], vals[c] = true, f, v
							anyNum = true
							continue
						}
					}
					var text string
					text, num = cols[c].text(v, num)
					if len(text) > lim.CellText {
						rows.Close()
						return fail(&LimitError{File: name, Where: fmt.Sprintf("row %d, column %s", row-1, clip(cols[c].name)),
							What:  fmt.Sprintf("a cell of %s bytes, more than %s: %s", groupDigits(int64(len(text))), groupDigits(int64(lim.CellText)), quote(text)),
							Field: "CellText", Value: int64(lim.CellText)})
					}
					cells[c] = text
				}
				if srcCol >= 0 {
					for len(sources) < row {
						sources = append(sources, "")
					}
					sources = append(sources, cells[srcCol])
				}
				s.nums = nil
				if anyNum {
					s.nums = &nums
				}
				if err := s.row(row, cells); err != nil {
					rows.Close()
					return fail(err)
				}
				if f.tooManyErrors() {
					rows.Close()
					return fail(f.stopped(""))
				}
			}
			if rerr == io.EOF {
				break
			}
			if rerr != nil {
				rows.Close()
				return fail(fmt.Errorf("%s: %w: row group %d, after row %d: %v", name, ErrParquet, g+1, row-1, rerr))
			}
			if n == 0 {
				break
			}
		}
		if err := rows.Close(); err != nil {
			return fail(fmt.Errorf("%s: %w: row group %d: %v", name, ErrParquet, g+1, err))
		}
	}
	if want := pf.NumRows(); int64(row-1) != want {
		return fail(fmt.Errorf("%s: %w: %d rows read, the file says %d (truncated or damaged?)", name, ErrParquet, row-1, want))
	}
	s.done()
	markRowGroups(f.errs, starts)
	t, rep, err = f.finish()
	if err == nil && sources != nil {
		keepSources(t, name, s.long.val+1, sources)
	}
	return t, rep, err
}

// markRowGroups gives each cell error of a data row its row group.
func markRowGroups(errs CellErrors, starts []int) {
	for _, e := range errs {
		if e.Row < 2 || len(starts) == 0 {
			continue
		}
		e.RowGroup = sort.SearchInts(starts, e.Row+1)
	}
}

// keepSources replaces the origin of each value read from column col of the
// file name by the cell its row's source names (file#sheet!cell, as the
// import panel writes it), when the source reads as one.
func keepSources(t *dataset.Table, name string, col int, sources []string) {
	for _, c := range t.Columns() {
		for row := range t.Len() {
			o := c.Origin(row)
			if o.File != name || o.Col != col || o.Row >= len(sources) {
				continue
			}
			if src, ok := ParseOrigin(sources[o.Row]); ok {
				c.Set(row, c.Values[row], c.Flags[row], src)
			}
		}
	}
}

// ParseOrigin reads an origin as dataset.Origin.String writes it: file!C14,
// or file#Sheet!C14. ok is false for any other text.
func ParseOrigin(s string) (dataset.Origin, bool) {
	s = strings.TrimSpace(s)
	i := strings.LastIndexByte(s, '!')
	if i <= 0 {
		return dataset.Origin{}, false
	}
	col, row, ok := parseCellName(s[i+1:])
	if !ok {
		return dataset.Origin{}, false
	}
	file, sheet := s[:i], ""
	if j := strings.IndexByte(file, '#'); j >= 0 {
		file, sheet = file[:j], file[j+1:]
	}
	if file == "" {
		return dataset.Origin{}, false
	}
	return dataset.Origin{File: file, Sheet: sheet, Row: row, Col: col}, true
}

// parseCellName reads an A1-style cell name.
func parseCellName(s string) (col, row int, ok bool) {
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		col = col*26 + int(s[i]-'A'+1)
		i++
		if col > 1<<24 {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(s) || s[i] == '0' {
		return 0, 0, false
	}
	row, err := strconv.Atoi(s[i:])
	if err != nil || row < 1 || !allDigits(s[i:]) {
		return 0, 0, false
	}
	return col, row, true
}

// parquetColumns checks the schema (a flat table of numbers and text) and
// returns its columns.
func parquetColumns(pf *parquet.File, name string, lim Limits) ([]pqColumn, error) {
	elems := pf.Metadata().Schema
	if len(elems) < 2 {
		return nil, fmt.Errorf("%s: %w: no columns", name, ErrParquet)
	}
	if n := len(elems) - 1; n > lim.Columns {
		return nil, &LimitError{File: name, What: fmt.Sprintf("%s columns, more than %s", groupDigits(int64(n)), groupDigits(int64(lim.Columns))),
			Field: "Columns", Value: int64(lim.Columns)}
	}
	cols := make([]pqColumn, 0, len(elems)-1)
	for i, e := range elems[1:] {
		where := fmt.Sprintf("%s: column %d (%s)", name, i+1, clip(e.Name))
		if e.NumChildren.V > 0 {
			return nil, fmt.Errorf("%s: %w: a nested column (group, list or map); only a flat table of numbers and text is read", where, ErrParquet)
		}
		if e.RepetitionType.V == pqformat.Repeated {
			return nil, fmt.Errorf("%s: %w: a repeated column; only a flat table of numbers and text is read", where, ErrParquet)
		}
		c, ok := pqColumnOf(e)
		if !ok {
			return nil, fmt.Errorf("%s: %w: type %s is not read; a column must hold numbers (INT32, INT64, FLOAT, DOUBLE, DECIMAL) or text (STRING): cast it, or leave it out of the export",
				where, ErrParquet, pqTypeName(e))
		}
		c.name = e.Name
		cols = append(cols, c)
	}
	if len(elems)-1 != len(pf.Schema().Columns()) {
		return nil, fmt.Errorf("%s: %w: the schema is damaged", name, ErrParquet)
	}
	return cols, nil
}

// pqColumnOf classifies a leaf column by its physical and logical (or
// converted) type.
func pqColumnOf(e pqformat.SchemaElement) (pqColumn, bool) {
	phys := e.Type.V
	if !e.Type.Valid {
		return pqColumn{}, false
	}
	unsigned, decimal, text := false, false, false
	scale := int(e.Scale.V)
	switch lt := e.LogicalType.Value.(type) {
	case nil:
		if ct, ok := e.ConvertedType.Get(); ok {
			switch {
			case ct == deprecated.UTF8 || ct == deprecated.Enum:
				text = true
			case ct == deprecated.Decimal:
				decimal = true
			case ct >= deprecated.Uint8 && ct <= deprecated.Uint64:
				unsigned = true
			case ct >= deprecated.Int8 && ct <= deprecated.Int64:
			default:
				return pqColumn{}, false
			}
		}
	case *pqformat.StringType, *pqformat.EnumType:
		text = true
	case *pqformat.DecimalType:
		decimal, scale = true, int(lt.Scale)
	case *pqformat.IntType:
		unsigned = !lt.IsSigned
	default:
		return pqColumn{}, false
	}
	if decimal && (scale < 0 || scale > 76) {
		return pqColumn{}, false
	}
	switch phys {
	case pqformat.Int32:
		switch {
		case text:
			return pqColumn{}, false
		case decimal:
			return pqColumn{kind: pqDecimal32, scale: scale}, true
		case unsigned:
			return pqColumn{kind: pqUint32}, true
		}
		return pqColumn{kind: pqInt32}, true
	case pqformat.Int64:
		switch {
		case text:
			return pqColumn{}, false
		case decimal:
			return pqColumn{kind: pqDecimal64, scale: scale}, true
		case unsigned:
			return pqColumn{kind: pqUint64}, true
		}
		return pqColumn{kind: pqInt64}, true
	case pqformat.Float, pqformat.Double:
		if text || decimal || unsigned || e.LogicalType.Value != nil || e.ConvertedType.Valid {
			return pqColumn{}, false
		}
		if phys == pqformat.Float {
			return pqColumn{kind: pqFloat}, true
		}
		return pqColumn{kind: pqDouble}, true
	case pqformat.ByteArray:
		switch {
		case decimal:
			return pqColumn{kind: pqDecimalBytes, scale: scale}, true
		case unsigned || (!text && (e.LogicalType.Value != nil || e.ConvertedType.Valid)):
			return pqColumn{}, false
		}
		// Plain BYTE_ARRAY is read as text, as older writers leave
		// strings unannotated.
		return pqColumn{kind: pqText}, true
	case pqformat.FixedLenByteArray:
		if decimal {
			return pqColumn{kind: pqDecimalBytes, scale: scale}, true
		}
	}
	return pqColumn{}, false
}

// pqTypeName names a column's type for a message: BOOLEAN, INT64 (TIMESTAMP(…)).
func pqTypeName(e pqformat.SchemaElement) string {
	s := e.Type.V.String()
	if !e.Type.Valid {
		s = "(none)"
	}
	if lt := e.LogicalType.String(); lt != "" {
		return s + " (" + lt + ")"
	}
	if ct, ok := e.ConvertedType.Get(); ok {
		return fmt.Sprintf("%s (converted type %d)", s, ct)
	}
	return s
}

// text returns v as cell text; buf is scratch space, returned for reuse.
func (c *pqColumn) text(v parquet.Value, buf []byte) (string, []byte) {
	buf = buf[:0]
	switch c.kind {
	case pqInt32:
		buf = strconv.AppendInt(buf, int64(v.Int32()), 10)
	case pqInt64:
		buf = strconv.AppendInt(buf, v.Int64(), 10)
	case pqUint32:
		buf = strconv.AppendUint(buf, uint64(v.Uint32()), 10)
	case pqUint64:
		buf = strconv.AppendUint(buf, v.Uint64(), 10)
	case pqFloat:
		f := v.Float()
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			return nanText(float64(f)), buf
		}
		// The shortest text of the float32 (0.1, not 0.10000000149),
		// as a CSV export of the column would hold.
		buf = strconv.AppendFloat(buf, float64(f), 'g', -1, 32)
	case pqDouble:
		f := v.Double()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nanText(f), buf
		}
		buf = strconv.AppendFloat(buf, f, 'g', -1, 64)
	case pqText:
		return string(v.ByteArray()), buf
	case pqDecimal32:
		buf = appendDecimal(buf, strconv.FormatInt(int64(v.Int32()), 10), c.scale)
	case pqDecimal64:
		buf = appendDecimal(buf, strconv.FormatInt(v.Int64(), 10), c.scale)
	case pqDecimalBytes:
		buf = appendDecimal(buf, twosComplement(v.ByteArray()).String(), c.scale)
	}
	return string(buf), buf
}

// number returns v as the row reader takes a number directly: the value
// its text (text) reads as. Floats (whose shortest text as float32 reads
// as another float64), decimals, text and non-finite values go by text.
func (c *pqColumn) number(v parquet.Value) (float64, bool) {
	switch c.kind {
	case pqInt32:
		return float64(v.Int32()), true
	case pqInt64:
		return float64(v.Int64()), true
	case pqUint32:
		return float64(v.Uint32()), true
	case pqUint64:
		return float64(v.Uint64()), true
	case pqDouble:
		f := v.Double()
		return f, !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return 0, false
}

// nanText is the text of a non-finite float, which the value parser
// reports as not a number.
func nanText(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// appendDecimal appends the decimal whose unscaled value is digits (with
// an optional minus sign) and whose scale is scale: 12345, 2 → 123.45.
func appendDecimal(buf []byte, digits string, scale int) []byte {
	if neg := strings.HasPrefix(digits, "-"); neg {
		buf = append(buf, '-')
		digits = digits[1:]
	}
	if scale == 0 {
		return append(buf, digits...)
	}
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	buf = append(buf, digits[:len(digits)-scale]...)
	buf = append(buf, '.')
	return append(buf, digits[len(digits)-scale:]...)
}

// twosComplement reads a big-endian two's-complement integer.
func twosComplement(b []byte) *big.Int {
	x := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		x.Sub(x, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return x
}
