package importers

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/klauspost/readahead"
)

// The fast path reads a worksheet with fastXML, a byte-level tokenizer,
// and fastSheet, which walks its tokens as sheetScan walks encoding/xml's:
// the same rows, cells, marks and merged ranges, without a token, an
// attribute or a string allocated per numeric cell. A number in a column
// that holds a variable is handed to the sheet reader as a float64 (see
// rowNums), parsed as parseValue would.
//
// The fast path accepts a subset of XML, and no error: a construct it does
// not handle (CDATA, names outside ASCII, white space outside the root
// other than ASCII) and anything the encoding/xml path would refuse (bad
// syntax, an unknown entity, a DOCTYPE, a limit met, a bad checksum, a
// truncated part) end it with errSlowPath. The workbook is then read again
// from its start by the encoding/xml path, which gives the result or the
// error with its wording: nothing read by the fast path is kept. The
// unzip budget is charged by reads of the same size at the same points or
// earlier, so that the fast path never gets further than the other would.

// errSlowPath ends the fast path: read the workbook with encoding/xml.
var errSlowPath = errors.New("importers: the workbook needs the encoding/xml reader")

type tokKind uint8

const (
	tokNone  tokKind = iota
	tokStart         // a start element: name, local, attrs
	tokEnd           // an end element (also after an empty element <a/>)
	tokText          // character data, entities decoded: text
	tokSkip          // a comment or a processing instruction
)

// fastAttr is an attribute of a start element: its name space prefix,
// local name and value (entities decoded).
type fastAttr struct {
	space, local, val []byte
}

// fastChunk is the size of each read of the part: partReader's, so that
// the unzip budget is charged in the same steps.
const fastChunk = 8 << 10

// parse outcomes.
type status uint8

const (
	stOK    status = iota
	stShort        // more input is needed
	stBad          // the slow path must decide
)

// fastXML tokenizes a part. A token's slices are valid until the next
// call of next.
type fastXML struct {
	b        *xlsxBook
	zf       io.ReadCloser
	buf      []byte
	r, w     int   // unread input: buf[r:w]
	rerr     error // the error that ended reading (io.EOF at the end)
	tokenMax int   // the slow path's limit on a token

	depth     int
	names     []byte // the names of the open elements, end to end
	ends      []int  // the end of each name in names
	ended     bool   // the root element has ended
	closeNext bool   // the last start element was empty: its end is next

	kind    tokKind
	name    []byte // as written, with its prefix
	local   []byte
	attrs   []fastAttr
	text    []byte
	scratch []byte // decoded texts and values of the current token
}

func (b *xlsxBook) openFast(part string) (*fastXML, error) {
	x, err := b.openPart(part, true)
	if err != nil {
		return nil, err
	}
	// The part's reader is taken over; nothing was read from it.
	zf := x.zf
	if b.parts[strings.ToLower(part)].UncompressedSize64 >= readAheadSize {
		// A large part is inflated on a goroutine of its own, a few
		// buffers ahead of the tokenizer: the two take about as long.
		if zf, err = readahead.NewReadCloserSize(x.zf, 4, 256<<10); err != nil {
			x.zf.Close()
			return nil, err
		}
	}
	return &fastXML{b: b, zf: zf, buf: make([]byte, 4*fastChunk), tokenMax: x.pr.tokenMax}, nil
}

// readAheadSize is the unzipped size of a part from which it is inflated
// ahead of its reader. A sheet of 300 rows × 80 numbers is about 700 KB
// (perf-gen's W1: its import took 0.18–0.22 s this way, 0.18–0.24 s with
// the limit at 4 MB); a yearbook table is under 200 KB.
const readAheadSize = 256 << 10

func (f *fastXML) close() { f.zf.Close() }

// more reads a chunk of the part. It returns false at the end of the part
// or when reading must stop (f.rerr).
func (f *fastXML) more() bool {
	if f.rerr != nil {
		return false
	}
	if f.w-f.r > f.tokenMax/2 {
		f.rerr = errSlowPath // a token near the slow path's limit
		return false
	}
	if f.r > 0 {
		copy(f.buf, f.buf[f.r:f.w])
		f.w -= f.r
		f.r = 0
	}
	if len(f.buf)-f.w < fastChunk {
		nb := make([]byte, 2*len(f.buf)+fastChunk)
		copy(nb, f.buf[:f.w])
		f.buf = nb
	}
	n, err := f.zf.Read(f.buf[f.w : f.w+fastChunk])
	f.w += n
	f.b.budget -= int64(n)
	switch {
	case f.b.budget < 0:
		f.rerr = errSlowPath
		return false
	case err != nil:
		f.rerr = err
	case n == 0:
		f.rerr = errSlowPath
	}
	return n > 0
}

// next returns the next start element, end element or text, as
// xmlPart.next does; io.EOF after the root element has ended and the part
// is read to its end; errSlowPath for anything else.
func (f *fastXML) next() (tokKind, error) {
	for {
		var k tokKind
		if f.closeNext {
			f.closeNext = false
			k = tokEnd
			f.name = f.names[f.top():]
			f.local = localName(f.name)
		} else {
			var err error
			if k, err = f.token(); err != nil {
				if err == io.EOF && (f.depth > 0 || !f.ended) {
					return 0, errSlowPath
				}
				return 0, err
			}
		}
		switch k {
		case tokStart:
			if f.ended || f.depth >= maxXMLDepth {
				return 0, errSlowPath
			}
			f.depth++
			f.names = append(f.names, f.name...)
			f.ends = append(f.ends, len(f.names))
			f.kind = k
			return k, nil
		case tokEnd:
			if f.depth == 0 || !bytes.Equal(f.names[f.top():], f.name) {
				return 0, errSlowPath
			}
			f.names = f.names[:f.top()]
			f.ends = f.ends[:len(f.ends)-1]
			if f.depth--; f.depth == 0 {
				f.ended = true
			}
			f.kind = k
			return k, nil
		case tokText:
			if f.depth == 0 {
				for _, c := range f.text {
					if c != ' ' && c != '\t' && c != '\n' {
						return 0, errSlowPath
					}
				}
				continue
			}
			f.kind = k
			return k, nil
		}
	}
}

// top is where the innermost open element's name starts in f.names.
func (f *fastXML) top() int {
	if len(f.ends) < 2 {
		return 0
	}
	return f.ends[len(f.ends)-2]
}

// token reads the next token of the input: io.EOF at its end.
func (f *fastXML) token() (tokKind, error) {
	for {
		eof := f.rerr != nil
		if f.r == f.w && eof {
			if f.rerr == io.EOF {
				return 0, io.EOF
			}
			return 0, errSlowPath
		}
		if f.r < f.w {
			k, n, st := f.parse(f.buf[f.r:f.w], eof && f.rerr == io.EOF)
			switch st {
			case stOK:
				f.r += n
				return k, nil
			case stBad:
				return 0, errSlowPath
			}
			if eof {
				return 0, errSlowPath // a token cut by the end of the part
			}
		}
		f.more()
	}
}

// parse reads a token at the start of p; eof says no input follows p.
func (f *fastXML) parse(p []byte, eof bool) (tokKind, int, status) {
	if p[0] != '<' {
		return f.parseText(p, eof)
	}
	if len(p) < 2 {
		return 0, 0, stShort
	}
	switch p[1] {
	case '/':
		end, st := scanName(p, 2)
		if st != stOK {
			return 0, 0, st
		}
		i := skipSpace(p, end)
		if i >= len(p) {
			return 0, 0, stShort
		}
		if p[i] != '>' {
			return 0, 0, stBad
		}
		f.name = p[2:end]
		f.local = localName(f.name)
		return tokEnd, i + 1, stOK
	case '?':
		end, st := scanName(p, 2)
		if st != stOK {
			return 0, 0, st
		}
		q := bytes.Index(p[end:], []byte("?>"))
		if q < 0 {
			return 0, 0, stShort
		}
		n := end + q + 2
		if string(p[2:end]) == "xml" {
			// The declaration: let encoding/xml check its version and
			// encoding.
			d := xml.NewDecoder(bytes.NewReader(p[:n]))
			d.Strict = true
			if _, err := d.RawToken(); err != nil {
				return 0, 0, stBad
			}
		}
		return tokSkip, n, stOK
	case '!':
		if len(p) < 4 {
			return 0, 0, stShort
		}
		if p[2] != '-' || p[3] != '-' {
			return 0, 0, stBad // CDATA, a DOCTYPE or a syntax error
		}
		q := bytes.Index(p[4:], []byte("--"))
		if q < 0 || 4+q+2 >= len(p) {
			return 0, 0, stShort
		}
		if p[4+q+2] != '>' {
			return 0, 0, stBad
		}
		return tokSkip, 4 + q + 3, stOK
	}
	end, st := scanName(p, 1)
	if st != stOK {
		return 0, 0, st
	}
	f.name = p[1:end]
	f.local = localName(f.name)
	f.attrs = f.attrs[:0]
	f.scratch = f.scratch[:0]
	i := end
	for {
		i = skipSpace(p, i)
		if i >= len(p) {
			return 0, 0, stShort
		}
		switch p[i] {
		case '/':
			if i+1 >= len(p) {
				return 0, 0, stShort
			}
			if p[i+1] != '>' {
				return 0, 0, stBad
			}
			f.closeNext = true
			return tokStart, i + 2, stOK
		case '>':
			return tokStart, i + 1, stOK
		}
		ae, st := scanName(p, i)
		if st != stOK {
			return 0, 0, st
		}
		a := fastAttr{local: p[i:ae]}
		if sp, loc, ok := splitName(a.local); ok {
			a.space, a.local = sp, loc
		}
		i = skipSpace(p, ae)
		if i >= len(p) {
			return 0, 0, stShort
		}
		if p[i] != '=' {
			return 0, 0, stBad
		}
		i = skipSpace(p, i+1)
		if i >= len(p) {
			return 0, 0, stShort
		}
		q := p[i]
		if q != '"' && q != '\'' {
			return 0, 0, stBad
		}
		j := bytes.IndexByte(p[i+1:], q)
		if j < 0 {
			return 0, 0, stShort
		}
		raw := p[i+1 : i+1+j]
		special, ok := checkText(raw, false)
		if !ok {
			return 0, 0, stBad
		}
		a.val = raw
		if special {
			start := len(f.scratch)
			if f.scratch, ok = decodeXMLText(f.scratch, raw); !ok {
				return 0, 0, stBad
			}
			a.val = f.scratch[start:]
		}
		f.attrs = append(f.attrs, a)
		i += 1 + j + 1
	}
}

func (f *fastXML) parseText(p []byte, eof bool) (tokKind, int, status) {
	j := bytes.IndexByte(p, '<')
	if j < 0 {
		if !eof {
			return 0, 0, stShort
		}
		j = len(p)
	}
	raw := p[:j]
	special, ok := checkText(raw, true)
	if !ok {
		return 0, 0, stBad
	}
	f.text = raw
	if special {
		if f.scratch, ok = decodeXMLText(f.scratch[:0], raw); !ok {
			return 0, 0, stBad
		}
		f.text = f.scratch
	}
	return tokText, j, stOK
}

// scanName returns the end of the name at p[i]: ASCII, at most one colon.
func scanName(p []byte, i int) (int, status) {
	if i >= len(p) {
		return 0, stShort
	}
	if c := p[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':') {
		return 0, stBad
	}
	colons := 0
	for j := i; ; j++ {
		if j >= len(p) {
			return 0, stShort
		}
		c := p[j]
		if c >= utf8.RuneSelf {
			return 0, stBad
		}
		if !isNameByte(c) {
			if colons > 1 {
				return 0, stBad
			}
			return j, stOK
		}
		if c == ':' {
			colons++
		}
	}
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-'
}

// splitName splits prefix:local as encoding/xml does.
func splitName(n []byte) (space, local []byte, ok bool) {
	i := bytes.IndexByte(n, ':')
	if i <= 0 || i == len(n)-1 {
		return nil, n, false
	}
	return n[:i], n[i+1:], true
}

func localName(n []byte) []byte {
	_, l, _ := splitName(n)
	return l
}

func skipSpace(p []byte, i int) int {
	for i < len(p) && (p[i] == ' ' || p[i] == '\n' || p[i] == '\t' || p[i] == '\r') {
		i++
	}
	return i
}

// checkText checks raw text or an attribute value for what encoding/xml
// refuses: a character outside XML's range, bad UTF-8 and, in text, "]]>".
// special says it holds an entity or a carriage return, to be decoded.
func checkText(b []byte, text bool) (special, ok bool) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&' || c == '\r':
				special = true
			case c < 0x20 && c != '\t' && c != '\n':
				return false, false
			case c == '>' && text && i >= 2 && b[i-1] == ']' && b[i-2] == ']':
				return false, false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || !isInCharacterRange(r) {
			return false, false
		}
		i += size
	}
	return special, true
}

func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// decodeXMLText appends b to dst with its entities decoded and its line ends
// normalised (\r\n and \r to \n); ok is false for an entity encoding/xml
// refuses.
func decodeXMLText(dst, b []byte) ([]byte, bool) {
	for i := 0; i < len(b); {
		switch c := b[i]; c {
		case '\r':
			dst = append(dst, '\n')
			i++
			if i < len(b) && b[i] == '\n' {
				i++
			}
		case '&':
			semi := bytes.IndexByte(b[i:], ';')
			if semi < 0 {
				return dst, false
			}
			ent := b[i+1 : i+semi]
			i += semi + 1
			switch string(ent) {
			case "lt":
				dst = append(dst, '<')
				continue
			case "gt":
				dst = append(dst, '>')
				continue
			case "amp":
				dst = append(dst, '&')
				continue
			case "apos":
				dst = append(dst, '\'')
				continue
			case "quot":
				dst = append(dst, '"')
				continue
			}
			if len(ent) < 2 || ent[0] != '#' {
				return dst, false
			}
			digits, base := ent[1:], 10
			if digits[0] == 'x' {
				digits, base = digits[1:], 16
			}
			if len(digits) == 0 {
				return dst, false
			}
			for _, d := range digits {
				if !('0' <= d && d <= '9' || base == 16 && ('a' <= d && d <= 'f' || 'A' <= d && d <= 'F')) {
					return dst, false
				}
			}
			n, err := strconv.ParseUint(string(digits), base, 64)
			if err != nil || n > utf8.MaxRune {
				return dst, false
			}
			r := rune(n)
			if !utf8.ValidRune(r) {
				r = utf8.RuneError // as string(rune(n))
			}
			if !isInCharacterRange(r) {
				return dst, false
			}
			dst = utf8.AppendRune(dst, r)
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst, true
}

// attr returns the value of the attribute local without a prefix.
func (f *fastXML) attr(local string) ([]byte, bool) {
	for _, a := range f.attrs {
		if a.space == nil && string(a.local) == local {
			return a.val, true
		}
	}
	return nil, false
}

// skip reads to the end of the element just started.
func (f *fastXML) skip() error {
	depth := f.depth
	for f.depth >= depth {
		if _, err := f.next(); err != nil {
			return errSlowPath
		}
	}
	return nil
}

// appendText appends the text of the element just started (not of its
// children) to dst, up to its end; more than max bytes goes to the slow
// path, which words the limit.
func (f *fastXML) appendText(dst []byte, max int) ([]byte, error) {
	depth := f.depth
	n := len(dst)
	for {
		k, err := f.next()
		if err != nil {
			return dst, errSlowPath
		}
		switch k {
		case tokText:
			if f.depth != depth {
				continue
			}
			if len(dst)-n+len(f.text) > max {
				return dst, errSlowPath
			}
			dst = append(dst, f.text...)
		case tokEnd:
			if f.depth < depth {
				return dst, nil
			}
		}
	}
}

// appendRichText appends the text of a string item (si or is) just
// started, as xmlPart.richText reads it, without unescapeOOXML.
func (f *fastXML) appendRichText(dst []byte, max int) ([]byte, error) {
	depth := f.depth
	n := len(dst)
	for {
		k, err := f.next()
		if err != nil {
			return dst, errSlowPath
		}
		switch k {
		case tokStart:
			switch string(f.local) {
			case "t":
				if dst, err = f.appendText(dst, max-(len(dst)-n)); err != nil {
					return dst, err
				}
			case "r":
			default:
				if err := f.skip(); err != nil {
					return dst, err
				}
			}
		case tokEnd:
			if f.depth < depth {
				return dst, nil
			}
		}
	}
}

// readSharedStringsFast reads the shared strings as readSharedStrings
// does, or gives up (errSlowPath).
func (b *xlsxBook) readSharedStringsFast(part string) error {
	x, err := b.openFast(part)
	if err != nil {
		return errSlowPath
	}
	defer x.close()
	b.sst = []string{}
	var size int64
	var buf []byte
	for {
		k, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return errSlowPath
		}
		if k != tokStart || string(x.local) != "si" {
			continue
		}
		if len(b.sst) >= b.lim.SharedStrings {
			return errSlowPath
		}
		if buf, err = x.appendRichText(buf[:0], b.lim.CellText); err != nil {
			return err
		}
		s := unescapeOOXML(string(buf))
		if size += int64(len(s)); size > b.lim.SharedStringsSize {
			return errSlowPath
		}
		b.sst = append(b.sst, s)
	}
}

// rowNums are the numbers of a row handed over as float64, by column − 1:
// cells of columns the sheet reader asked for (sheetReader.direct) that
// hold a number as Excel writes it. Their text (for messages) is kept
// too.
type rowNums struct {
	has  []bool
	v    []float64
	off  []int32 // text[off[i]:off[i+1]]… see textOf
	n    []int32
	text []byte
	// textFn, if set, gives the text of number i instead of text (a
	// Parquet number, formatted only when a message quotes it).
	textFn func(i int) string
}

func (r *rowNums) at(i int) (float64, bool) {
	if r == nil || i >= len(r.has) || !r.has[i] {
		return 0, false
	}
	return r.v[i], true
}

func (r *rowNums) textOf(i int) string {
	if r.textFn != nil {
		return r.textFn(i)
	}
	return string(r.text[r.off[i] : r.off[i]+r.n[i]])
}

// fastSheet streams the rows of a worksheet from fastXML, as sheetScan
// does from encoding/xml.
type fastSheet struct {
	b       *xlsxBook
	x       *fastXML
	part    string
	row     int
	last    int
	col     int
	inData  bool
	done    bool
	shared  map[string]string
	merges  []span
	details int
	// lastRow is the last row of the sheet's <dimension> (0: none), for
	// the reader to make room for the rows at once.
	lastRow int

	texts   []string
	nums    rowNums
	numbers bool // the row holds a number in nums
	marks   []colMark
	vbuf    []byte
	fbuf    []byte
	isbuf   []byte
}

type colMark struct {
	col int
	m   markedCell
}

func (b *xlsxBook) openFastSheet(ref xlsxSheetRef) (*fastSheet, error) {
	if ref.part == "" || b.parts[strings.ToLower(ref.part)] == nil {
		return nil, errSlowPath
	}
	x, err := b.openFast(ref.part)
	if err != nil {
		return nil, errSlowPath
	}
	return &fastSheet{b: b, x: x, part: ref.part, shared: map[string]string{}}, nil
}

func (s *fastSheet) close()               { s.x.close() }
func (s *fastSheet) mergedRanges() []span { return s.merges }

// nextRow returns the next row that holds a cell, as sheetScan.next and
// denseRow do. Numbers of the columns direct names come in nums; reuse
// lets the cells' slice be reused by the next call.
func (s *fastSheet) nextRow(direct []bool, reuse bool) (int, []string, []markedCell, *rowNums, bool, error) {
	if s.done {
		return 0, nil, nil, nil, false, nil
	}
	for {
		k, err := s.x.next()
		if err == io.EOF {
			s.done = true
			return 0, nil, nil, nil, false, nil
		}
		if err != nil {
			return 0, nil, nil, nil, false, err
		}
		if k == tokEnd {
			if string(s.x.local) == "sheetData" {
				s.inData = false
			}
			continue
		}
		if k != tokStart {
			continue
		}
		switch local := string(s.x.local); {
		case local == "sheetData":
			s.inData = true
		case local == "row" && s.inData:
			r := s.row + 1
			if v, ok := s.x.attr("r"); ok {
				n, err := strconv.Atoi(string(v))
				if err != nil || n < 1 || n <= s.row {
					return 0, nil, nil, nil, false, errSlowPath
				}
				r = n
			}
			if r > s.b.lim.Rows {
				return 0, nil, nil, nil, false, errSlowPath
			}
			s.row = r
			if err := s.readRow(direct); err != nil {
				return 0, nil, nil, nil, false, err
			}
			s.last = r
			if len(s.texts) == 0 {
				continue
			}
			cells := s.texts
			if !reuse {
				cells = append([]string(nil), s.texts...)
			}
			var marks []markedCell
			if len(s.marks) > 0 {
				marks = make([]markedCell, len(cells))
				for _, m := range s.marks {
					marks[m.col-1] = m.m
				}
			}
			var nums *rowNums
			if s.numbers {
				nums = &s.nums
			}
			return r, cells, marks, nums, true, nil
		case local == "dimension" && !s.inData:
			if ref, ok := s.x.attr("ref"); ok {
				if m, ok := parseRange(string(ref)); ok {
					// Believed only as far as the part's size allows (a row
					// of values takes more than 64 bytes of XML, and deflate
					// shrinks at most 1,032 times): a forged dimension must
					// not reserve a million rows.
					zf := s.b.parts[strings.ToLower(s.part)]
					size := min(zf.UncompressedSize64, 1032*zf.CompressedSize64)
					s.lastRow = int(min(uint64(m.r2), size/64))
				}
			}
		case local == "mergeCell":
			ref, _ := s.x.attr("ref")
			m, ok := parseRange(string(ref))
			if !ok || len(s.merges) >= s.b.lim.MergedCells {
				return 0, nil, nil, nil, false, errSlowPath
			}
			s.merges = append(s.merges, m)
		}
	}
}

func (s *fastSheet) readRow(direct []bool) error {
	s.texts = s.texts[:0]
	s.marks = s.marks[:0]
	s.nums.has = s.nums.has[:0]
	s.nums.v = s.nums.v[:0]
	s.nums.off = s.nums.off[:0]
	s.nums.n = s.nums.n[:0]
	s.nums.text = s.nums.text[:0]
	s.numbers = false
	s.col = 0
	depth := s.x.depth
	for {
		if ok, err := s.expressCell(direct); err != nil {
			return err
		} else if ok {
			continue
		}
		k, err := s.x.next()
		if err != nil {
			return errSlowPath
		}
		switch k {
		case tokStart:
			if string(s.x.local) != "c" {
				if err := s.x.skip(); err != nil {
					return err
				}
				continue
			}
			if err := s.readCell(direct); err != nil {
				return err
			}
		case tokEnd:
			if s.x.depth < depth {
				return nil
			}
		}
	}
}

// expressCell reads a cell written the usual way, whole in the buffer, in
// one pass: <c r="B2" s="1" t="s"><v>12</v></c> or <c r="B2" s="1"/>,
// attributes r, s and t (absent, "n" or "s") of letters and digits, a
// value of digits, signs, points and exponents. It returns false, having
// read nothing, for anything else, which the tokenizer then reads.
func (s *fastSheet) expressCell(direct []bool) (bool, error) {
	x := s.x
	if x.closeNext {
		return false, nil
	}
	p := x.buf[x.r:x.w]
	if len(p) < 4 || p[0] != '<' || p[1] != 'c' || p[2] != ' ' {
		return false, nil
	}
	var ref, typ, sty []byte
	haveRef, haveTyp, haveSty := false, false, false
	i := 2
	for {
		if i >= len(p) {
			return false, nil
		}
		if p[i] == '>' || p[i] == '/' {
			break
		}
		if p[i] != ' ' || i+4 >= len(p) || p[i+2] != '=' || p[i+3] != '"' {
			return false, nil
		}
		name := p[i+1]
		j := i + 4
		for j < len(p) && isAlnum(p[j]) {
			j++
		}
		if j >= len(p) || p[j] != '"' {
			return false, nil
		}
		val := p[i+4 : j]
		switch {
		case name == 'r' && !haveRef:
			ref, haveRef = val, true
		case name == 't' && !haveTyp:
			typ, haveTyp = val, true
		case name == 's' && !haveSty:
			sty, haveSty = val, true
		default:
			return false, nil
		}
		i = j + 1
	}
	t := typNumber
	switch string(typ) {
	case "", "n":
	case "s":
		t = typShared
	default:
		return false, nil
	}
	hasV := false
	var n int
	if p[i] == '/' {
		if i+1 >= len(p) || p[i+1] != '>' {
			return false, nil
		}
		n = i + 2
	} else {
		// ><v>value</v></c>
		const open, close = "><v>", "</v></c>"
		if len(p) < i+len(open) || string(p[i:i+len(open)]) != open {
			return false, nil
		}
		j := i + len(open)
		k := j
		for k < len(p) && isNumberByte(p[k]) {
			k++
		}
		if len(p) < k+len(close) || string(p[k:k+len(close)]) != close {
			return false, nil
		}
		hasV = true
		s.vbuf = append(s.vbuf[:0], p[j:k]...)
		n = k + len(close)
	}
	if !hasV {
		s.vbuf = s.vbuf[:0]
	}
	s.isbuf = s.isbuf[:0]
	col := s.col + 1
	if haveRef {
		c, ok := refColumn(ref)
		if !ok || c <= s.col {
			return false, errSlowPath
		}
		col = c
	}
	style := 0
	if haveSty {
		style = styleIndex(sty)
	}
	x.r += n
	s.col = col
	if col > s.b.lim.Columns {
		return false, errSlowPath
	}
	return true, s.addCell(direct, col, t, style, hasV, false, "")
}

// refColumn returns the column of a cell reference, and whether
// parseCellRef takes the reference: letters, then a row number of up to
// 18 digits that is not 0; anything else goes to parseCellRef.
func refColumn(ref []byte) (col int, ok bool) {
	i := 0
	for i < len(ref) && i < 4 && 'A' <= ref[i] && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A') + 1
		i++
	}
	plain := i > 0 && i < len(ref) && len(ref)-i <= 18
	nonzero := false
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			plain = false
			break
		}
		nonzero = nonzero || c != '0'
	}
	if !plain {
		c, _, ok := parseCellRef(string(ref))
		return c, ok
	}
	return col, nonzero
}

// styleIndex reads a cell's s attribute as strconv.Atoi does, or 0 when
// Atoi would fail (an empty attribute included).
func styleIndex(sty []byte) int {
	if len(sty) > 9 {
		n, _ := strconv.Atoi(string(sty))
		return n
	}
	n := 0
	for _, c := range sty {
		if c < '0' || c > '9' {
			n, _ := strconv.Atoi(string(sty))
			return n
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'
}

// cell types, as readCell tells them apart.
const (
	typNumber = iota // "" or "n"
	typShared        // "s"
	typInline        // "inlineStr"
	typOther         // str, b, e, d, …
)

func (s *fastSheet) readCell(direct []bool) error {
	x := s.x
	col := s.col + 1
	if ref, ok := x.attr("r"); ok {
		c, _, ok := parseCellRef(string(ref))
		if !ok || c <= s.col {
			return errSlowPath
		}
		col = c
	}
	s.col = col
	if col > s.b.lim.Columns {
		return errSlowPath
	}
	typ := typOther
	switch t, _ := x.attr("t"); string(t) {
	case "", "n":
		typ = typNumber
	case "s":
		typ = typShared
	case "inlineStr":
		typ = typInline
	}
	style := 0
	if v, ok := x.attr("s"); ok {
		style, _ = strconv.Atoi(string(v))
	}
	limit := s.b.lim.CellText
	s.vbuf, s.fbuf, s.isbuf = s.vbuf[:0], s.fbuf[:0], s.isbuf[:0]
	hasV, hasF, fShared, fSI := false, false, false, ""
	depth := x.depth
	for {
		k, err := x.next()
		if err != nil {
			return errSlowPath
		}
		if k == tokEnd && x.depth < depth {
			break
		}
		if k != tokStart {
			continue
		}
		switch string(x.local) {
		case "v":
			hasV = true
			s.vbuf, err = x.appendText(s.vbuf[:0], limit)
		case "f":
			hasF = true
			t, _ := x.attr("t")
			fShared = string(t) == "shared"
			si, _ := x.attr("si")
			fSI = string(si)
			s.fbuf, err = x.appendText(s.fbuf[:0], limit)
		case "is":
			s.isbuf, err = x.appendRichText(s.isbuf[:0], limit)
		default:
			err = x.skip()
		}
		if err != nil {
			return err
		}
	}
	f := ""
	if hasF {
		f = string(s.fbuf)
		if fShared {
			if f != "" {
				if len(s.shared) < 1<<16 {
					s.shared[fSI] = clip(f)
				}
			} else {
				f = s.shared[fSI]
			}
		}
	}
	return s.addCell(direct, col, typ, style, hasV, hasF, f)
}

// addCell adds the cell read into s.vbuf (and s.isbuf) to the row.
func (s *fastSheet) addCell(direct []bool, col, typ, style int, hasV, hasF bool, f string) error {
	var (
		text   string
		mark   cellMark
		detail string
		num    float64
		isNum  bool
	)
	switch typ {
	case typShared:
		if len(s.vbuf) == 0 {
			break
		}
		i, err := strconv.Atoi(strings.TrimSpace(string(s.vbuf)))
		if err != nil || i < 0 || i >= len(s.b.sst) {
			return errSlowPath
		}
		text = s.b.sst[i]
	case typInline:
		if len(s.isbuf) > 0 {
			text = unescapeOOXML(string(s.isbuf))
		} else if hasV {
			text = string(s.vbuf)
		}
	case typNumber:
		if len(s.vbuf) == 0 {
			break
		}
		if style > 0 && style < len(s.b.xfs) && s.b.xfs[style] != fmtPlain {
			text = string(s.vbuf)
			switch s.b.xfs[style] {
			case fmtPercent:
				mark = markPercent
			case fmtDate:
				mark = markDate
				detail = "format " + s.b.xfCodes[style]
				if d, ok := excelDate(text, s.b.date1904); ok {
					detail += ", shows " + d
				}
			}
			break
		}
		if col-1 < len(direct) && direct[col-1] {
			num, isNum = plainNumber(s.vbuf)
		}
		if !isNum {
			text = string(s.vbuf)
		}
	default:
		text = string(s.vbuf)
	}
	if hasF && !hasV && text == "" && !isNum {
		mark = markNoValue
		detail = "=" + clip(f)
		if f == "" {
			detail = "a shared formula"
		}
	}
	if mark == markDate || mark == markNoValue {
		if s.details++; s.details > maxListed {
			detail = ""
		}
	}
	if text == "" && mark == markNone && !isNum {
		return nil
	}
	for len(s.texts) < col-1 {
		s.texts = append(s.texts, "")
		s.nums.has = append(s.nums.has, false)
		s.nums.v = append(s.nums.v, 0)
		s.nums.off = append(s.nums.off, 0)
		s.nums.n = append(s.nums.n, 0)
	}
	s.texts = append(s.texts, text)
	s.nums.has = append(s.nums.has, isNum)
	s.nums.v = append(s.nums.v, num)
	s.nums.off = append(s.nums.off, int32(len(s.nums.text)))
	if isNum {
		s.numbers = true
		s.nums.text = append(s.nums.text, s.vbuf...)
		s.nums.n = append(s.nums.n, int32(len(s.vbuf)))
	} else {
		s.nums.n = append(s.nums.n, 0)
	}
	if mark != markNone {
		s.marks = append(s.marks, colMark{col, markedCell{mark, detail}})
	}
	return nil
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// plainNumber parses a number as Excel stores it — an optional minus,
// digits with an optional fraction, an optional exponent — to what
// parseValue gives its text; ok is false for any other text (which then
// goes through parseValue).
//
// It reads the text once, the digits into an integer on the way. When at
// most 15 of them are significant and the power of ten is in pow10, the
// value is that exact integer multiplied or divided by one exact power, so
// rounded once, correctly, as strconv.ParseFloat rounds (which takes the
// same path for it); other numbers go to strconv.
func plainNumber[T ~string | ~[]byte](b T) (float64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	u := b
	if neg {
		u = b[1:]
	}
	if len(u) > 64 {
		return 0, false
	}
	var mant uint64
	i, sig := 0, 0 // sig: the digits from the first that is not 0
	for ; i < len(u) && '0' <= u[i] && u[i] <= '9'; i++ {
		if mant != 0 || u[i] != '0' {
			sig++
		}
		mant = mant*10 + uint64(u[i]-'0') // of no use past 15 digits
	}
	digits, frac := i, 0
	if i < len(u) && u[i] == '.' {
		i++
		start := i
		for ; i < len(u) && '0' <= u[i] && u[i] <= '9'; i++ {
			if mant != 0 || u[i] != '0' {
				sig++
			}
			mant = mant*10 + uint64(u[i]-'0')
		}
		frac = i - start
		digits += frac
	}
	if digits == 0 {
		return 0, false
	}
	exp, expDigits := 0, 0
	if i < len(u) && (u[i] == 'e' || u[i] == 'E') {
		i++
		eneg := false
		if i < len(u) && (u[i] == '+' || u[i] == '-') {
			eneg = u[i] == '-'
			i++
		}
		start := i
		for ; i < len(u) && '0' <= u[i] && u[i] <= '9'; i++ {
			if exp < 1000 {
				exp = exp*10 + int(u[i]-'0')
			}
		}
		if expDigits = i - start; expDigits == 0 {
			return 0, false
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(u) {
		return 0, false
	}
	v, exact := 0.0, sig <= 15 && expDigits <= 3
	if exact && mant != 0 {
		switch e := exp - frac; {
		case e == 0:
			v = float64(mant)
		case e > 0 && e <= 22:
			v = float64(mant) * pow10[e]
		case e < 0 && e >= -22:
			v = float64(mant) / pow10[-e]
		default:
			exact = false
		}
	}
	if !exact {
		var err error
		if v, err = strconv.ParseFloat(string(u), 64); err != nil {
			return 0, false // out of range: parseValue words it
		}
	}
	if neg {
		v = -v
	}
	return v, true
}
