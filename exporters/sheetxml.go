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
// A workbook of at most fastDeflateRows rows deflates every part in one
// stream at archive/zip's level, as excelize does: it keeps its bytes. A
// larger one hands its rows in chunks of deflateChunk bytes to a
// deflater on every core while the rows are written, each chunk deflated
// on its own at level 1 and ended by a sync flush, so that the chunks of a
// part, one after the other, are one valid deflate stream (as pigz does).
// The largest tables write their rows in blocks on every core, each block
// a chunk (addRows, blocks.go).

import (
	"archive/zip"
	"bytes"
	"cmp"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	kflate "github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// excelizeRows makes the tables write their rows with excelize's
// StreamWriter, as before the rows were encoded here: the reference that
// tests compare the spliced rows with, byte for byte.
var excelizeRows = false

// deflateChunk is the size of the chunks of rows a large workbook
// deflates on their own: large enough that the dictionary lost at each
// start costs little, small enough to keep both cores busy. A variable:
// tests lower it.
var deflateChunk = 1 << 20

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
	if style != 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(style), 10)
		b = append(b, '"')
	}
	return b
}

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

// pow10 are the powers of ten a short decimal is tried with.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6}

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
	x := math.Abs(v * pow10[len(pow10)-1])
	if x < 1e15 && math.Abs(x-math.Round(x)) > 4*(math.Nextafter(x, math.Inf(1))-x) {
		return b, false
	}
	for k, p := range pow10 {
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

// appendFloat15 appends v as excelize's formatCellFloat(v, -1, bits) does.
func appendFloat15(b []byte, v float64, bits int) []byte {
	if bits == 64 {
		if out, ok := appendShortDecimal(b, v); ok {
			return out
		}
	}
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

// sheetBody holds the rows of one sheet below its header, as XML: in
// chunks of about deflateChunk bytes, kept whole while the workbook is
// small (so that growing never copies much), deflated as they fill once
// it is large.
type sheetBody struct {
	sheet  string
	buf    []byte      // the rows not yet in a chunk
	full   [][]byte    // chunks kept whole
	chunks []*deflated // the chunks handed to the deflater, in order
	crc    uint32      // of the bytes of the chunks
	size   int64       // bytes of the chunks
}

// deflated is a chunk of XML deflated (and sync-flushed) by the deflater.
type deflated struct {
	data []byte
	done chan struct{}
}

// closed is a closed channel: the done of a chunk deflated already.
var closed = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// deflater deflates chunks of rows on every core.
type deflater struct {
	jobs   chan deflateJob
	wg     sync.WaitGroup
	free   chan []byte // chunk buffers to reuse
	closer sync.Once
}

type deflateJob struct {
	in  []byte
	out *deflated
}

func newDeflater() *deflater {
	n := runtime.GOMAXPROCS(0)
	d := &deflater{jobs: make(chan deflateJob, 2*n), free: make(chan []byte, 4*n)}
	for range n {
		d.wg.Add(1)
		go d.work()
	}
	return d
}

func (d *deflater) work() {
	defer d.wg.Done()
	fw, _ := kflate.NewWriter(nil, 1)
	for j := range d.jobs {
		// Deflated into a buffer of its own: no copy.
		out := bytes.NewBuffer(make([]byte, 0, len(j.in)/3))
		fw.Reset(out)
		fw.Write(j.in) // a bytes.Buffer does not fail
		fw.Flush()
		j.out.data = out.Bytes()
		close(j.out.done)
		select {
		case d.free <- j.in[:0]:
		default:
		}
	}
}

// buffer returns an empty chunk buffer.
func (d *deflater) buffer() []byte {
	select {
	case b := <-d.free:
		return b
	default:
		return make([]byte, 0, deflateChunk+64<<10)
	}
}

// close waits for the chunks handed so far and ends the goroutines; it
// may be called again.
func (d *deflater) close() {
	d.closer.Do(func() {
		close(d.jobs)
		d.wg.Wait()
	})
}

// chunk ends the current chunk when it is full, or, with all, whatever it
// holds: to the deflater d, or kept whole while there is none.
func (s *sheetBody) chunk(d *deflater, all bool) {
	if len(s.buf) == 0 || !all && len(s.buf) < deflateChunk {
		return
	}
	if d != nil {
		s.send(d, s.buf)
		s.buf = d.buffer()
		return
	}
	s.full = append(s.full, s.buf)
	s.buf = make([]byte, 0, deflateChunk+64<<10)
}

// send hands chunk p to the deflater.
func (s *sheetBody) send(d *deflater, p []byte) {
	s.crc = crc32.Update(s.crc, crc32.IEEETable, p)
	s.size += int64(len(p))
	out := &deflated{done: make(chan struct{})}
	s.chunks = append(s.chunks, out)
	d.jobs <- deflateJob{in: p, out: out}
}

// goFast switches the book to deflating its rows in chunks, as they are
// written: the rows of the tables so far are handed over at once.
func (b *book) goFast() {
	if b.deflater != nil {
		return
	}
	b.deflater = newDeflater()
	for _, s := range b.bodies {
		for _, p := range s.full {
			s.send(b.deflater, p)
		}
		s.full = nil
	}
}

// body starts the rows of sheet.
func (b *book) body(sheet string) *sheetBody {
	s := &sheetBody{sheet: sheet}
	b.bodies = append(b.bodies, s)
	return s
}

// splice writes the zip src (excelize's workbook, normalised) to w with the
// rows of b's sheets in their parts.
func (b *book) splice(w io.Writer, src []byte) error {
	if b.deflater != nil {
		for _, s := range b.bodies {
			s.chunk(b.deflater, true)
		}
		b.deflater.close()
	}
	parts, err := sheetParts(src)
	if err != nil {
		return err
	}
	byPart := map[string]*sheetBody{}
	for _, s := range b.bodies {
		p, ok := parts[s.sheet]
		if !ok {
			return fmt.Errorf("no part for sheet %q", s.sheet)
		}
		byPart[p] = s
	}
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, f := range zr.File {
		fh := entryHeader(f.FileHeader)
		s := byPart[f.Name]
		if s == nil {
			r, err := f.OpenRaw()
			if err != nil {
				return err
			}
			fw, err := zw.CreateRaw(&fh)
			if err != nil {
				return err
			}
			if _, err := io.Copy(fw, r); err != nil {
				return err
			}
			continue
		}
		if err := b.splicePart(zw, f, s); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return zw.Close()
}

// splicePart writes part f with the rows of s before its </sheetData>.
func (b *book) splicePart(zw *zip.Writer, f *zip.File, s *sheetBody) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	frame, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return err
	}
	at := bytes.LastIndex(frame, []byte("</sheetData>"))
	if at < 0 {
		return errors.New("no </sheetData>")
	}
	head, tail := frame[:at], frame[at:]
	fh := entryHeader(f.FileHeader)
	if b.deflater == nil {
		// One stream at archive/zip's level, as excelize deflates it.
		var out bytes.Buffer
		fw, _ := flate.NewWriter(&out, 5)
		crc, n := uint32(0), 0
		for _, p := range slices.Concat([][]byte{head}, s.full, [][]byte{s.buf, tail}) {
			fw.Write(p)
			crc = crc32.Update(crc, crc32.IEEETable, p)
			n += len(p)
		}
		if err := fw.Close(); err != nil {
			return err
		}
		fh.CRC32 = crc
		fh.UncompressedSize64 = uint64(n)
		fh.CompressedSize64 = uint64(out.Len())
		w, err := zw.CreateRaw(&fh)
		if err != nil {
			return err
		}
		_, err = w.Write(out.Bytes())
		return err
	}
	// The head, the deflated chunks and the tail: each a deflate stream
	// of its own ended by a sync flush (the tail by the final block).
	h, t := deflateFast(head, false), deflateFast(tail, true)
	crc := crc32Combine(crc32.ChecksumIEEE(head), s.crc, s.size)
	fh.CRC32 = crc32Combine(crc, crc32.ChecksumIEEE(tail), int64(len(tail)))
	fh.UncompressedSize64 = uint64(int64(len(head)) + s.size + int64(len(tail)))
	n := len(h) + len(t)
	for _, c := range s.chunks {
		<-c.done
		n += len(c.data)
	}
	fh.CompressedSize64 = uint64(n)
	w, err := zw.CreateRaw(&fh)
	if err != nil {
		return err
	}
	if _, err := w.Write(h); err != nil {
		return err
	}
	for _, c := range s.chunks {
		if _, err := w.Write(c.data); err != nil {
			return err
		}
		c.data = nil
	}
	_, err = w.Write(t)
	return err
}

// entryHeader returns the header of an entry of a normalised zip to write
// it again, as xlsxzip.Normalize writes it: no time, no extra fields.
func entryHeader(fh zip.FileHeader) zip.FileHeader {
	return zip.FileHeader{
		Name: fh.Name, Comment: fh.Comment, NonUTF8: fh.NonUTF8,
		CreatorVersion: fh.CreatorVersion, ReaderVersion: fh.ReaderVersion, Flags: fh.Flags, Method: fh.Method,
		CRC32: fh.CRC32, CompressedSize64: fh.CompressedSize64, UncompressedSize64: fh.UncompressedSize64,
		ExternalAttrs: fh.ExternalAttrs,
	}
}

// deflateFast deflates p at level 1, ended by a sync flush, or with the
// final block if last.
func deflateFast(p []byte, last bool) []byte {
	var out bytes.Buffer
	fw, _ := kflate.NewWriter(&out, 1)
	fw.Write(p)
	if last {
		fw.Close()
	} else {
		fw.Flush()
	}
	return out.Bytes()
}

// sheetParts returns the part of each sheet of the xlsx file src, by name.
func sheetParts(src []byte) (map[string]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, err
	}
	read := func(name string, v any) error {
		for _, f := range zr.File {
			if f.Name != name {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return err
			}
			defer rc.Close()
			return xml.NewDecoder(rc).Decode(v)
		}
		return fmt.Errorf("no %s", name)
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := read("xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := read("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = t[1:]
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		parts[s.Name] = target[s.ID]
	}
	return parts, nil
}

// crc32Combine returns the CRC-32 (IEEE) of a‖b from crc1 of a and crc2 of
// b, len2 bytes long, as zlib's crc32_combine.
func crc32Combine(crc1, crc2 uint32, len2 int64) uint32 {
	if len2 <= 0 {
		return crc1
	}
	var even, odd [32]uint32 // operators on the CRC: two and one zero bits
	odd[0] = 0xedb88320      // the reversed polynomial
	row := uint32(1)
	for n := 1; n < 32; n++ {
		odd[n] = row
		row <<= 1
	}
	gf2Square(&even, &odd) // two zero bits
	gf2Square(&odd, &even) // four
	for {
		// Apply len2 zero bytes to crc1, a bit of len2 at a time.
		gf2Square(&even, &odd)
		if len2&1 != 0 {
			crc1 = gf2Times(&even, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
		gf2Square(&odd, &even)
		if len2&1 != 0 {
			crc1 = gf2Times(&odd, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
	}
	return crc1 ^ crc2
}

func gf2Times(mat *[32]uint32, vec uint32) uint32 {
	var sum uint32
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func gf2Square(square, mat *[32]uint32) {
	for n := range 32 {
		square[n] = gf2Times(mat, mat[n])
	}
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
	r.col++
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
	r.col++
}

// values writes vals as the next cells, as table.add writes a row: nil
// leaves a cell empty, an excelize.Cell gives its style.
func (r *rowBuilder) values(vals []any) {
	if excelizeRows {
		r.vals = append(r.vals, vals...)
		r.col += len(vals)
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
		r.col++
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
	r.col++
}
