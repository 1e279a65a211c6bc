package importers

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/cityscore/cityscore/dataset"
)

// Encodings a text file can be read in, as the report names them.
const (
	EncodingUTF8    = "UTF-8"
	EncodingUTF8BOM = "UTF-8 with BOM"
	EncodingUTF16LE = "UTF-16LE"
	EncodingUTF16BE = "UTF-16BE"
	EncodingGB18030 = "GB18030"
)

// decodeText returns data as UTF-8 text and names its encoding: UTF-8
// (a BOM is dropped), UTF-16 with a BOM, or else GB18030.
func decodeText(data []byte) (string, string, error) {
	b, enc, err := decodeBytes(data)
	return string(b), enc, err
}

// decodeBytes is decodeText without the copy into a string: UTF-8 data
// is returned as it is (the text is a slice of data).
func decodeBytes(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\uFEFF")):
		return data[3:], EncodingUTF8BOM, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder().Bytes(data[2:])
		return b, EncodingUTF16LE, err
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder().Bytes(data[2:])
		return b, EncodingUTF16BE, err
	case utf8.Valid(data):
		return data, EncodingUTF8, nil
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	return b, EncodingGB18030, err
}

// sniffDelimiter picks the field delimiter from the first line: a tab or a
// semicolon when the line holds more of them than commas (outside quotes),
// else a comma.
func sniffDelimiter(text []byte) rune {
	var commas, tabs, semis int
	quoted := false
	for _, r := range text { // the bytes looked for are ASCII, never part of a longer UTF-8 sequence
		switch r {
		case '"':
			quoted = !quoted
		case '\n':
			if !quoted {
				goto done
			}
		case ',':
			if !quoted {
				commas++
			}
		case '\t':
			if !quoted {
				tabs++
			}
		case ';':
			if !quoted {
				semis++
			}
		}
	}
done:
	switch {
	case tabs > commas && tabs >= semis:
		return '\t'
	case semis > commas:
		return ';'
	}
	return ','
}

// validateAhead is the size of text from which UTF-8 is checked on a
// goroutine of its own while the text is read as UTF-8 (tests lower it).
var validateAhead = 8 << 20

// readText reads CSV or tab-separated text.
func readText(data []byte, name string, opt Options) (*dataset.Table, *Report, error) {
	if len(data) >= validateAhead && !bytes.HasPrefix(data, []byte("\uFEFF")) &&
		!bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		// A large text without a BOM is read as UTF-8 while it is checked,
		// as a file read ahead is.
		t, rep, _, _, err := readTextAhead(wholeFile(data), name, opt)
		return t, rep, err
	}
	text, enc, err := decodeBytes(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s: %w", name, enc, err)
	}
	return readDecoded(text, enc, data, name, opt, textChecked, nil)
}

// readTextAhead reads the text file src reads (UTF-8 without a BOM, its
// first chunk holding a line break) while it is read, or has read
// (wholeFile). The file is checked
// for UTF-8 and NUL when it is read whole, and read again as decodeBytes
// decodes it if it is not UTF-8. It returns the file's digest and size.
func readTextAhead(src *aheadFile, name string, opt Options) (*dataset.Table, *Report, [sha256.Size]byte, int, error) {
	type check struct {
		valid, binary bool
		data          []byte
		err           error
	}
	checked := make(chan check, 1)
	go func() {
		data, err := src.all()
		checked <- check{utf8.Valid(data), bytes.IndexByte(data, 0) >= 0, data, err}
	}()
	head, _ := src.wait(0)
	t, rep, err := readDecoded(head, EncodingUTF8, head, name, opt, textAhead, src)
	c := <-checked
	switch {
	case c.err != nil:
		return nil, nil, src.sum, 0, c.err
	case c.binary:
		return nil, nil, src.sum, 0, fmt.Errorf("%s: %w", name, ErrBinary)
	case !c.valid:
		text, enc, derr := decodeBytes(c.data)
		if derr != nil {
			return nil, nil, src.sum, 0, fmt.Errorf("%s: %s: %w", name, enc, derr)
		}
		t, rep, err = readDecoded(text, enc, c.data, name, opt, textChecked, nil)
	}
	return t, rep, src.sum, len(c.data), err
}

// How readDecoded reads a text.
type textMode uint8

const (
	textChecked textMode = iota // checked for NUL and quotes first
	textAhead                   // checked for NUL by the caller, for quotes as it is split
	textQuoted                  // with encoding/csv
)

// errQuoted stops the reading of a text assumed quote-free (textAhead)
// that holds a quote.
var errQuoted = errors.New("importers: a quote in the text")

// readDecoded reads text, data decoded from enc. With src (mode
// textAhead), text and data are what src has read so far, a line break in
// them, and the rest is read as src reads it.
func readDecoded(text []byte, enc string, data []byte, name string, opt Options, mode textMode, src *aheadFile) (*dataset.Table, *Report, error) {
	if mode == textChecked && bytes.IndexByte(text, 0) >= 0 {
		return nil, nil, fmt.Errorf("%s: %w", name, ErrBinary)
	}
	f := newFileReader(name, FormatCSV, opt)
	f.info.Encoding = enc
	f.size = int64(len(data))
	if src != nil {
		f.size = int64(len(src.buf))
	}
	if bytes.IndexByte(text, '\n') < 0 && bytes.IndexByte(text, '\r') >= 0 {
		// Lines ended by CR alone, as "CSV (Macintosh)" saves them. (A
		// file read ahead has a line feed in its first chunk: src has read
		// it all.)
		text = bytes.ReplaceAll(text, []byte("\r"), []byte("\n"))
		if src != nil {
			src = wholeFile(text)
		}
	}
	f.info.Delimiter = sniffDelimiter(text)

	s := f.newSheet("", 0)
	s.rowsHint = bytes.Count(text, []byte("\n"))
	if src != nil && len(text) < len(src.buf) {
		// Lines to come, as many as the size gives at the length of
		// those read, and a few more.
		s.rowsHint = int(float64(s.rowsHint)*float64(len(src.buf))/float64(len(text))*1.02) + 16
	}
	fail := func(err error) (*dataset.Table, *Report, error) {
		s.done()
		_, rep, _ := f.finish()
		return nil, rep, err
	}
	quoteFree := mode == textAhead || mode == textChecked && bytes.IndexByte(text, '"') < 0
	if !csvReaderOnly && quoteFree && f.info.Delimiter < utf8.RuneSelf {
		if err := readQuoteFree(s, text, byte(f.info.Delimiter), src); err != nil {
			if err == errQuoted {
				if src != nil {
					if text, err = src.all(); err != nil {
						return nil, nil, err
					}
					data = text
				}
				return readDecoded(text, enc, data, name, opt, textQuoted, nil)
			}
			return fail(err)
		}
		s.done()
		return f.finish()
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = f.info.Delimiter
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	s.pos = cr.FieldPos
	for rec := 1; ; rec++ {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(fmt.Errorf("%s: %w", name, err))
		}
		if err := f.checkRecord(rec, fields, cr.FieldPos); err != nil {
			return fail(err)
		}
		s.nfields = len(fields)
		if err := s.row(rec, fields); err != nil {
			return fail(err)
		}
		if f.tooManyErrors() {
			return fail(f.stopped(""))
		}
	}
	s.done()
	return f.finish()
}

// csvReaderOnly makes every text go to encoding/csv (tests compare).
var csvReaderOnly = false

// readQuoteFree reads text that holds no quote into s, record by record
// as splitText splits it, each with its plain numbers parsed.
func readQuoteFree(s *sheetReader, text []byte, comma byte, src *aheadFile) error {
	f := s.f
	var (
		line  int
		cells []string
		nums  rowNums
		err   error
	)
	// The line and byte column of field i, as csv.Reader.FieldPos gives
	// them: without quotes, field i starts after i delimiters.
	pos := func(i int) (int, int) {
		col := 1
		for _, c := range cells[:i] {
			col += len(c) + 1
		}
		return line, col
	}
	s.pos = pos
	nums.textFn = func(i int) string { return cells[i] }
	rec := 0
	splitText(text, comma, src, func(b *textBatch) bool {
		if b.quoted {
			err = errQuoted
			return false
		}
		for k := range b.records() {
			rec++
			line, cells, nums.has, nums.v = b.record(k)
			if err = f.checkRecord(rec, cells, pos); err != nil {
				return false
			}
			s.nfields = len(cells)
			if s.header == nil {
				// Rows up to the header's are kept (names, the header
				// itself): copies, not slices of the file.
				cells = cloneCells(cells)
			}
			// A row with no number may be empty (only delimiters); one
			// with numbers is not, and they are handed over parsed.
			s.nums = nil
			for _, h := range nums.has {
				if h {
					s.nums = &nums
					break
				}
			}
			if err = s.row(rec, cells); err != nil {
				return false
			}
			if f.tooManyErrors() {
				err = f.stopped("")
				return false
			}
		}
		return true
	})
	s.nums = nil
	return err
}

func cloneCells(cells []string) []string {
	c := make([]string, len(cells))
	for i, v := range cells {
		c[i] = strings.Clone(v)
	}
	return c
}

// checkRecord applies the limits on rows, columns and cell text to a
// record of a text file.
func (f *fileReader) checkRecord(rec int, fields []string, pos func(int) (int, int)) error {
	if rec > f.lim.Rows {
		line, _ := pos(0)
		return &LimitError{File: f.name, Where: fmt.Sprintf("line %d", line), What: fmt.Sprintf("more than %s rows", groupDigits(int64(f.lim.Rows))),
			Field: "Rows", Value: int64(f.lim.Rows)}
	}
	if len(fields) > f.lim.Columns {
		line, _ := pos(0)
		return &LimitError{File: f.name, Where: fmt.Sprintf("line %d", line), What: fmt.Sprintf("a row of more than %s columns", groupDigits(int64(f.lim.Columns))),
			Field: "Columns", Value: int64(f.lim.Columns)}
	}
	for i, v := range fields {
		if len(v) > f.lim.CellText {
			line, col := pos(i)
			return &LimitError{File: f.name, Where: fmt.Sprintf("line %d, column %d (%s)", line, col, cellName(i+1, rec)),
				What:  fmt.Sprintf("a cell of %s bytes, more than %s: %s", groupDigits(int64(len(v))), groupDigits(int64(f.lim.CellText)), quote(v)),
				Field: "CellText", Value: int64(f.lim.CellText)}
		}
	}
	return nil
}
