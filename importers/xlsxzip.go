package importers

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
)

// An .xlsx workbook is read here, straight from its zip with encoding/xml,
// rather than through excelize, whose reading API cannot promise what the
// importer needs: excelize's row iterator ends silently at the first XML
// error (a truncated sheet reads as its first rows), looks a cell's style up
// by re-parsing the whole sheet (quadratic when the parse fails), holds
// whole sheets in memory for merged ranges, and spills large parts to
// temporary files. This reader:
//
//   - reads every part it uses to its end, strictly: a zip or XML error
//     anywhere (a truncated part, a bad checksum, a stray &, a DOCTYPE or
//     entity declaration, content after the root element) is an error
//     naming the file, the part or sheet and the last row read, and nothing
//     of the file is used ("read everything or fail");
//   - streams each worksheet once, with a cell's number format found in a
//     table built once from styles.xml (O(1) per cell);
//   - holds nothing on disk, and bounds what it holds in memory by Limits:
//     shared strings, cell text, rows, columns, merged cells, the size of
//     one XML token and the nesting of elements; and the bytes unzipped,
//     which bound the time taken (see unzipAllowed).
//
// Worksheets are read first by a faster tokenizer of the same XML
// (xlsxfast.go); whatever it does not handle, damage included, is read
// again from the start by this reader, whose results and errors are the
// reference.
//
// Excel's escapes of characters XML cannot carry (_x000D_) are decoded as
// excelize does.

// maxParts bounds the sheets and relationships of a workbook.
const maxParts = 16_384

// maxXMLDepth bounds the nesting of elements of a part: an .xlsx nests
// a dozen deep; a hostile part may nest millions.
const maxXMLDepth = 128

// Relationship types, by their last path element (the transitional and the
// strict namespaces differ before it).
const (
	relOfficeDocument = "officeDocument"
	relWorksheet      = "worksheet"
	relSharedStrings  = "sharedStrings"
	relStyles         = "styles"
)

// xlsxBook is an .xlsx workbook opened for reading: its zip and the parts
// every sheet needs, read once.
type xlsxBook struct {
	name     string // the file, for messages
	lim      Limits
	parts    map[string]*zip.File // by lower-case part name, no leading slash
	budget   int64                // bytes that may still be unzipped
	size     int64                // the file's bytes
	fast     bool                 // read the shared strings with fastXML
	sheets   []xlsxSheetRef
	date1904 bool
	sst      []string
	xfs      []numFmtKind   // by cell style index (cellXfs)
	xfCodes  map[int]string // the format code of each date style, for messages
	styled   bool           // the styles are read
}

// xlsxSheetRef is a sheet of the workbook, in workbook order.
type xlsxSheetRef struct {
	name string
	part string // "" when the relationship is missing
	kind string // relationship type: worksheet, chartsheet, …
}

// numFmtKind is what a cell style's number format shows a number as.
type numFmtKind uint8

const (
	fmtPlain numFmtKind = iota
	fmtPercent
	fmtDate
)

// DamagedError is an .xlsx workbook whose zip or XML cannot be read to its
// end. Nothing of the file is used: a sheet read up to the damage would
// score its first rows as if they were all. The message names the file,
// the part or sheet, the damage and, in a sheet, the last row read whole:
//
//	data.xlsx: sheet Sheet1 (xl/worksheets/sheet1.xml) is damaged: XML syntax error on line 2: unexpected EOF; in row 802, after row 801 (the last read whole): nothing of the workbook is used
type DamagedError struct {
	File  string
	Part  string // the zip part: xl/worksheets/sheet1.xml
	Sheet string // the sheet's name, when Part is a worksheet
	Last  int    // the last row read whole before the damage; 0 = none
	Row   int    // the row the damage is in; 0 = between rows
	Err   error
}

// ErrDamaged matches a DamagedError with errors.Is.
var ErrDamaged = errors.New("damaged workbook")

func (e *DamagedError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	b.WriteString(": ")
	if e.Sheet != "" {
		fmt.Fprintf(&b, "sheet %s (%s)", sheetRef(e.Sheet), e.Part)
	} else {
		b.WriteString(e.Part)
		if what := partWhat(e.Part); what != "" {
			b.WriteString(" (" + what + ")")
		}
	}
	b.WriteString(" is damaged: ")
	b.WriteString(e.Err.Error())
	switch {
	case e.Sheet == "":
		b.WriteString("; nothing of the workbook is read")
		return b.String()
	case e.Row > 0 && e.Last > 0:
		fmt.Fprintf(&b, "; in row %d, after row %d (the last read whole)", e.Row, e.Last)
	case e.Row > 0:
		fmt.Fprintf(&b, "; in row %d, the first", e.Row)
	case e.Last > 0:
		fmt.Fprintf(&b, "; after row %d (the last read whole)", e.Last)
	default:
		b.WriteString("; before the first row")
	}
	b.WriteString(": nothing of the workbook is used")
	return b.String()
}

// Unwrap returns ErrDamaged and the cause.
func (e *DamagedError) Unwrap() []error { return []error{ErrDamaged, e.Err} }

func partWhat(part string) string {
	switch strings.ToLower(path.Base(part)) {
	case "sharedstrings.xml":
		return "the shared strings"
	case "styles.xml":
		return "the cell styles"
	case "workbook.xml":
		return "the list of sheets"
	case "workbook.xml.rels", ".rels":
		return "the relationships"
	}
	return ""
}

// openXLSX opens the zip data and reads the workbook, its relationships,
// the shared strings and the styles.
func openXLSX(data []byte, name string, lim Limits) (*xlsxBook, error) {
	return openXLSXWith(data, name, lim, false)
}

// openXLSXWith is openXLSX, reading the shared strings with the fast path
// when fast (see xlsxfast.go).
func openXLSXWith(data []byte, name string, lim Limits, fast bool) (*xlsxBook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: not an xlsx workbook: %w", name, err)
	}
	zr.RegisterDecompressor(zip.Deflate, newInflater)
	b := &xlsxBook{name: name, lim: lim, parts: map[string]*zip.File{}, budget: unzipAllowed(lim, len(data)), size: int64(len(data)), fast: fast}
	for _, f := range zr.File {
		n := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if _, dup := b.parts[n]; !dup && !strings.HasSuffix(n, "/") {
			b.parts[n] = f
		}
	}
	wbPart := "xl/workbook.xml"
	if b.parts["_rels/.rels"] != nil {
		rels, err := b.readRels("_rels/.rels", "")
		if err != nil {
			return nil, err
		}
		for _, r := range rels {
			if r.kind == relOfficeDocument && b.parts[strings.ToLower(r.target)] != nil {
				wbPart = r.target
				break
			}
		}
	}
	if b.parts[strings.ToLower(wbPart)] == nil {
		return nil, fmt.Errorf("%s: not an xlsx workbook (no %s in the zip)%s", name, wbPart, b.zipHint())
	}
	if err := b.readWorkbookPart(wbPart); err != nil {
		return nil, err
	}
	return b, nil
}

// unzipRatio is how many bytes a workbook may unzip to for each of its
// own, whatever Limits.UnzipSize: XML compresses some 5 to 20 times (the
// 64 MB workbook of 200,000 rows × 50 numbers unzips to 326 MB), a zip
// bomb about 1,000 times.
const unzipRatio = 100

// unzipAllowed is the most bytes a workbook of size bytes may unzip to:
// Limits.UnzipSize, or unzipRatio times its size when that is more. What
// the reader holds does not grow with it (worksheets are streamed; the
// other limits bound what is kept): the bound is on the time spent.
func unzipAllowed(lim Limits, size int) int64 {
	return max(lim.UnzipSize, unzipRatio*int64(size))
}

func (b *xlsxBook) unzipWhy() string {
	return fmt.Sprintf("%s, or %d times the file's %s bytes if that is more", groupDigits(b.lim.UnzipSize), unzipRatio, groupDigits(b.size))
}

// zipHint names what a zip that is no workbook seems to be.
func (b *xlsxBook) zipHint() string {
	switch {
	case b.parts["content.xml"] != nil && b.parts["mimetype"] != nil:
		return ": an OpenDocument file (.ods?); save it as .xlsx"
	case b.parts["word/document.xml"] != nil:
		return ": a Word document"
	case b.parts["ppt/presentation.xml"] != nil:
		return ": a PowerPoint presentation"
	case b.parts["xl/workbook.bin"] != nil:
		return ": an .xlsb binary workbook; save it as .xlsx"
	}
	return ""
}

// partReader reads a part of the zip for an xml.Decoder, one byte at a
// time (it is an io.ByteReader, so the decoder does no buffering of its
// own): it charges the bytes to the workbook's unzip budget, and refuses
// more than tokenMax bytes within one token (reset by xmlPart.next), so
// that no text, tag or comment grows without bound in memory.
type partReader struct {
	b        *xlsxBook
	part     string
	r        io.Reader
	buf      []byte
	i, n     int
	err      error
	tok      int
	tokenMax int
}

func (p *partReader) ReadByte() (byte, error) {
	if p.i == p.n {
		if p.err != nil {
			return 0, p.err
		}
		p.fill()
		if p.i == p.n {
			return 0, p.err
		}
	}
	p.tok++
	if p.tok > p.tokenMax {
		p.err = &LimitError{File: p.b.name, Where: p.part,
			What:  fmt.Sprintf("an XML text or tag of more than %s bytes, 8 times the longest cell text allowed", groupDigits(int64(p.tokenMax))),
			Field: "CellText", Value: int64(p.b.lim.CellText)}
		p.i, p.n = 0, 0
		return 0, p.err
	}
	c := p.buf[p.i]
	p.i++
	return c, nil
}

func (p *partReader) fill() {
	n, err := p.r.Read(p.buf)
	p.i, p.n = 0, n
	p.b.budget -= int64(n)
	if p.b.budget < 0 {
		p.n = 0
		p.err = &LimitError{File: p.b.name, Where: p.part, What: "the workbook unzips to more bytes than allowed (" + p.b.unzipWhy() + ")",
			Field: "UnzipSize", Value: p.b.lim.UnzipSize}
		return
	}
	if err != nil {
		p.err = err
	} else if n == 0 {
		p.err = io.ErrNoProgress
	}
}

func (p *partReader) Read(dst []byte) (int, error) {
	for i := range dst {
		c, err := p.ReadByte()
		if err != nil {
			if i > 0 {
				return i, nil
			}
			return 0, err
		}
		dst[i] = c
	}
	return len(dst), nil
}

// xmlPart is a part being read, token by token.
type xmlPart struct {
	b     *xlsxBook
	name  string
	zf    io.ReadCloser
	pr    *partReader
	d     *xml.Decoder
	depth int
	stack []xml.Name // the elements open
	ended bool       // the root element has ended
}

// openPart opens a part of the zip for reading; big is true for the parts
// that hold cells' texts (worksheets, shared strings).
func (b *xlsxBook) openPart(name string, big bool) (*xmlPart, error) {
	f := b.parts[strings.ToLower(name)]
	if f == nil {
		return nil, &DamagedError{File: b.name, Part: name, Err: errors.New("missing from the zip")}
	}
	if int64(f.UncompressedSize64) > b.budget || f.UncompressedSize64 > 1<<62 {
		return nil, &LimitError{File: b.name, Where: name, What: fmt.Sprintf("the workbook unzips to more bytes than allowed (%s; this part alone declares %s)",
			b.unzipWhy(), groupDigits(int64(min(f.UncompressedSize64, 1<<62)))), Field: "UnzipSize", Value: b.lim.UnzipSize}
	}
	zf, err := f.Open()
	if err != nil {
		return nil, &DamagedError{File: b.name, Part: name, Err: err}
	}
	tokenMax := 64 << 10 // the workbook, relationships and styles: names and references
	if big {
		tokenMax = max(1<<20, 8*b.lim.CellText) // worksheets and shared strings: cells' texts
	}
	pr := &partReader{b: b, part: name, r: zf, buf: make([]byte, 8<<10), tokenMax: tokenMax}
	d := xml.NewDecoder(pr)
	d.Strict = true
	// No CharsetReader: OOXML parts are UTF-8 (or UTF-16, which Excel
	// never writes); another declared encoding is an error.
	return &xmlPart{b: b, name: name, zf: zf, pr: pr, d: d}, nil
}

func (x *xmlPart) close() { x.zf.Close() }

// next returns the next token: StartElement, EndElement or CharData
// (comments and processing instructions are skipped); io.EOF after the
// root element has ended and the part is read to its end, which checks
// its checksum. Elements are checked to nest properly here: the decoder's
// RawToken, faster than Token, leaves that (and name spaces, which the
// reader does not use) to its caller.
func (x *xmlPart) next() (xml.Token, error) {
	for {
		x.pr.tok = 0
		tok, err := x.d.RawToken()
		if err != nil {
			if err == io.EOF {
				switch {
				case x.depth > 0:
					return nil, &xml.SyntaxError{Msg: "unexpected EOF", Line: x.line()}
				case !x.ended:
					return nil, errors.New("no root element")
				}
				return nil, io.EOF
			}
			return nil, x.explain(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if x.ended {
				return nil, fmt.Errorf("element <%s> after the end of the root element", t.Name.Local)
			}
			if x.depth++; x.depth > maxXMLDepth {
				return nil, fmt.Errorf("elements nested more than %d deep", maxXMLDepth)
			}
			x.stack = append(x.stack, t.Name)
			return tok, nil
		case xml.EndElement:
			if x.depth == 0 {
				return nil, &xml.SyntaxError{Msg: "unexpected end element </" + t.Name.Local + ">", Line: x.line()}
			}
			if open := x.stack[len(x.stack)-1]; open != t.Name {
				return nil, &xml.SyntaxError{Msg: "element <" + open.Local + "> closed by </" + t.Name.Local + ">", Line: x.line()}
			}
			x.stack = x.stack[:len(x.stack)-1]
			if x.depth--; x.depth == 0 {
				x.ended = true
			}
			return tok, nil
		case xml.CharData:
			if x.depth == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, errors.New("text outside the root element")
				}
				continue
			}
			return tok, nil
		case xml.Directive:
			return nil, errors.New("a DOCTYPE or entity declaration, which an xlsx part never holds")
		}
	}
}

func (x *xmlPart) line() int {
	line, _ := x.d.InputPos()
	return line
}

// explain words the errors of the decoder and of the zip.
func (x *xmlPart) explain(err error) error {
	var le *LimitError
	switch {
	case errors.As(err, &le):
		return err
	case errors.Is(err, zip.ErrChecksum):
		return fmt.Errorf("the zip checksum does not match (the file is corrupt): %w", err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("the zip data end early (a truncated file?): %w", err)
	}
	return err
}

// skip reads to the end of the element just started.
func (x *xmlPart) skip() error {
	depth := x.depth
	for x.depth >= depth {
		if _, err := x.next(); err != nil {
			return eofIsDamage(err)
		}
	}
	return nil
}

// text reads the text of the element just started, up to its end; it
// skips child elements. The text is at most max bytes.
func (x *xmlPart) text(max int, what func() error) (string, error) {
	depth := x.depth
	var s string
	var b []byte // when the text comes in several pieces
	for {
		t, err := x.next()
		if err != nil {
			return "", eofIsDamage(err)
		}
		switch t := t.(type) {
		case xml.CharData:
			if x.depth != depth {
				continue
			}
			n := len(s)
			if b != nil {
				n = len(b)
			}
			if n+len(t) > max {
				return "", what()
			}
			switch {
			case s == "" && b == nil:
				s = string(t)
			default:
				if b == nil {
					b = append([]byte(s), t...)
				} else {
					b = append(b, t...)
				}
			}
		case xml.EndElement:
			if x.depth < depth {
				if b != nil {
					return string(b), nil
				}
				return s, nil
			}
		}
	}
}

func eofIsDamage(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// relID returns the r:id attribute: a relationship id in any namespace.
func relID(se xml.StartElement) string {
	for _, a := range se.Attr {
		if a.Name.Local == "id" && a.Name.Space != "" {
			return a.Value
		}
	}
	return ""
}

// rel is a relationship of a .rels part.
type rel struct {
	id, kind, target string
}

// readRels reads a .rels part; targets are resolved against dir, the
// folder of the part the relationships belong to.
func (b *xlsxBook) readRels(part, dir string) ([]rel, error) {
	x, err := b.openPart(part, false)
	if err != nil {
		return nil, err
	}
	defer x.close()
	var out []rel
	for {
		t, err := x.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, &DamagedError{File: b.name, Part: part, Err: err}
		}
		se, ok := t.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		if len(out) >= maxParts {
			return nil, &DamagedError{File: b.name, Part: part, Err: fmt.Errorf("more than %s relationships", groupDigits(maxParts))}
		}
		r := rel{}
		r.id, _ = attr(se, "Id")
		typ, _ := attr(se, "Type")
		r.kind = typ[strings.LastIndexByte(typ, '/')+1:]
		target, _ := attr(se, "Target")
		if mode, _ := attr(se, "TargetMode"); mode == "External" {
			continue
		}
		if len(target) > 1024 || len(r.id) > 1024 {
			return nil, &DamagedError{File: b.name, Part: part, Err: errors.New("a relationship of more than 1,024 bytes")}
		}
		if strings.HasPrefix(target, "/") {
			r.target = path.Clean(strings.TrimPrefix(target, "/"))
		} else {
			r.target = path.Clean(path.Join(dir, target))
		}
		r.target = strings.TrimPrefix(r.target, "/")
		out = append(out, r)
	}
}

// readWorkbookPart reads the workbook (sheet names, the 1904 date
// system), its relationships, the shared strings and the styles.
func (b *xlsxBook) readWorkbookPart(part string) error {
	dir := path.Dir(part)
	relsPart := path.Join(dir, "_rels", path.Base(part)+".rels")
	var rels []rel
	if b.parts[strings.ToLower(relsPart)] != nil {
		var err error
		if rels, err = b.readRels(relsPart, dir); err != nil {
			return err
		}
	}
	byID := map[string]rel{}
	for _, r := range rels {
		byID[r.id] = r
	}
	x, err := b.openPart(part, false)
	if err != nil {
		return err
	}
	defer x.close()
	for {
		t, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return &DamagedError{File: b.name, Part: part, Err: err}
		}
		se, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "workbookPr":
			if v, _ := attr(se, "date1904"); v == "1" || v == "true" {
				b.date1904 = true
			}
		case "sheet":
			if len(b.sheets) >= maxParts {
				return &DamagedError{File: b.name, Part: part, Err: fmt.Errorf("more than %s sheets", groupDigits(maxParts))}
			}
			name, _ := attr(se, "name")
			if len(name) > 1024 {
				return &DamagedError{File: b.name, Part: part, Err: errors.New("a sheet name of more than 1,024 bytes")}
			}
			r := byID[relID(se)]
			b.sheets = append(b.sheets, xlsxSheetRef{name: name, part: r.target, kind: r.kind})
		}
	}
	for _, r := range rels {
		var err error
		switch r.kind {
		case relSharedStrings:
			if b.sst == nil && b.parts[strings.ToLower(r.target)] != nil {
				err = b.readSharedStrings(r.target)
			}
		case relStyles:
			if !b.styled && b.parts[strings.ToLower(r.target)] != nil {
				b.styled = true
				err = b.readStyles(r.target)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readSharedStrings reads the shared strings table: the text of each
// entry, its runs of rich text joined, phonetic runs (rPh) left out.
func (b *xlsxBook) readSharedStrings(part string) error {
	if b.fast {
		return b.readSharedStringsFast(part)
	}
	x, err := b.openPart(part, true)
	if err != nil {
		return err
	}
	defer x.close()
	b.sst = []string{}
	var size int64
	damaged := func(err error) error {
		var le *LimitError
		if errors.As(err, &le) {
			return err
		}
		return &DamagedError{File: b.name, Part: part, Err: err}
	}
	for {
		t, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return damaged(err)
		}
		se, ok := t.(xml.StartElement)
		if !ok || se.Name.Local != "si" {
			continue
		}
		if len(b.sst) >= b.lim.SharedStrings {
			return &LimitError{File: b.name, Where: part, What: fmt.Sprintf("more than %s shared strings", groupDigits(int64(b.lim.SharedStrings))),
				Field: "SharedStrings", Value: int64(b.lim.SharedStrings)}
		}
		s, err := x.richText(b.lim.CellText, func() error {
			return &LimitError{File: b.name, Where: fmt.Sprintf("%s, string %d", part, len(b.sst)),
				What: fmt.Sprintf("a shared string longer than %s bytes", groupDigits(int64(b.lim.CellText))), Field: "CellText", Value: int64(b.lim.CellText)}
		})
		if err != nil {
			return damaged(err)
		}
		size += int64(len(s))
		if size > b.lim.SharedStringsSize {
			return &LimitError{File: b.name, Where: part, What: fmt.Sprintf("shared strings of more than %s bytes", groupDigits(b.lim.SharedStringsSize)),
				Field: "SharedStringsSize", Value: b.lim.SharedStringsSize}
		}
		b.sst = append(b.sst, s)
	}
}

// richText reads a string item (si or is) just started: its t elements,
// direct or in runs (r), joined; phonetic runs are skipped.
func (x *xmlPart) richText(limit int, tooLong func() error) (string, error) {
	depth := x.depth
	var pieces []string
	n := 0
	for {
		t, err := x.next()
		if err != nil {
			return "", eofIsDamage(err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				s, err := x.text(limit-n, tooLong)
				if err != nil {
					return "", err
				}
				pieces = append(pieces, s)
				n += len(s)
			case "r":
			default: // rPh, phoneticPr, rPr
				if err := x.skip(); err != nil {
					return "", err
				}
			}
		case xml.EndElement:
			if x.depth < depth {
				if len(pieces) == 1 {
					return unescapeOOXML(pieces[0]), nil
				}
				return unescapeOOXML(strings.Join(pieces, "")), nil
			}
		}
	}
}

// unescapeOOXML decodes the _xHHHH_ escapes OOXML strings use for
// characters XML cannot hold (_x000D_ is a carriage return; _x005F_ an
// underscore).
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(v))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// readStyles reads the number format of every cell style (cellXfs): what
// it shows a number as, and for a date its code, for messages.
func (b *xlsxBook) readStyles(part string) error {
	x, err := b.openPart(part, false)
	if err != nil {
		return err
	}
	defer x.close()
	type numFmt struct {
		kind numFmtKind
		code string // a date format's code, clipped
	}
	custom := map[int]numFmt{}
	inXfs, inFmts := false, false
	for {
		t, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &DamagedError{File: b.name, Part: part, Err: err}
		}
		switch t := t.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmts":
				inFmts = true
			case "numFmt":
				if !inFmts {
					continue // a differential format (dxf)
				}
				if len(custom) >= 1<<16 {
					return &DamagedError{File: b.name, Part: part, Err: errors.New("more than 65,536 number formats")}
				}
				id, err := strconv.Atoi(attrOr(t, "numFmtId"))
				if err != nil {
					continue
				}
				code, _ := attr(t, "formatCode")
				switch {
				case percentFormat(code):
					custom[id] = numFmt{kind: fmtPercent}
				case dateFormat(code):
					custom[id] = numFmt{kind: fmtDate, code: clip(code)}
				default:
					custom[id] = numFmt{}
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if !inXfs {
					continue
				}
				if len(b.xfs) >= 1<<20 {
					return &DamagedError{File: b.name, Part: part, Err: errors.New("more than 1,048,576 cell styles")}
				}
				id, _ := strconv.Atoi(attrOr(t, "numFmtId"))
				f, isCustom := custom[id]
				switch {
				case isCustom:
				case id == 9 || id == 10:
					f.kind = fmtPercent
				case builtinDate(id):
					f = numFmt{kind: fmtDate, code: builtinDateCode(id)}
				}
				b.xfs = append(b.xfs, f.kind)
				if f.kind == fmtDate {
					if b.xfCodes == nil {
						b.xfCodes = map[int]string{}
					}
					b.xfCodes[len(b.xfs)-1] = f.code
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "cellXfs":
				inXfs = false
			case "numFmts":
				inFmts = false
			}
		}
	}
}

func attrOr(se xml.StartElement, local string) string {
	v, _ := attr(se, local)
	return v
}

// builtinDate reports whether a built-in number format shows a date or a
// time: 14–22 and 45–47, and the East Asian ones, 27–36 and 50–58.
func builtinDate(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
}

func builtinDateCode(id int) string {
	switch id {
	case 14:
		return "m/d/yyyy"
	case 15:
		return "d-mmm-yy"
	case 16:
		return "d-mmm"
	case 17:
		return "mmm-yy"
	case 18:
		return "h:mm AM/PM"
	case 19:
		return "h:mm:ss AM/PM"
	case 20:
		return "h:mm"
	case 21:
		return "h:mm:ss"
	case 22:
		return "m/d/yyyy h:mm"
	case 45:
		return "mm:ss"
	case 46:
		return "[h]:mm:ss"
	case 47:
		return "mm:ss.0"
	}
	return fmt.Sprintf("built-in date format %d", id)
}

// dateFormat reports whether a custom number format code shows a date or
// a time: y, m, d, h or s outside quotes, brackets and escapes ([h] of
// elapsed hours included), in its first section.
func dateFormat(code string) bool {
	quoted := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quoted:
			if c == '"' {
				quoted = false
			}
		case c == '"':
			quoted = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal, or padding
		case c == '[':
			end := strings.IndexByte(code[i:], ']')
			if end < 0 {
				return false
			}
			inner := strings.ToLower(code[i+1 : i+end])
			if inner == "h" || inner == "hh" || inner == "m" || inner == "mm" || inner == "s" || inner == "ss" {
				return true
			}
			i += end
		case c == ';':
			return false
		default:
			switch c | 0x20 {
			case 'y', 'd', 'h', 's':
				return true
			case 'm':
				return true
			case 'e':
				// 0.00E+00 is scientific; e alone is an era year.
				if i+1 < len(code) && (code[i+1] == '+' || code[i+1] == '-') {
					i++
					continue
				}
				return true
			case 'g':
				if strings.HasPrefix(strings.ToLower(code[i:]), "general") {
					i += len("general") - 1
					continue
				}
			}
		}
	}
	return false
}

// xlsxCell is a cell of a worksheet row.
type xlsxCell struct {
	col    int    // 1-based
	text   string // the value as stored: a number's digits, a string's text
	mark   cellMark
	detail string // markNoValue: the formula (=SUM(B2:B9)); markDate: the format and the date shown
}

// cellMark says how a cell's stored value differs from what it shows.
type cellMark uint8

const (
	markNone    cellMark = iota
	markPercent          // a number formatted as a percentage: 0.125 shows 12.5%
	markDate             // a number formatted as a date or time: 45352 shows 2024-03-01
	markNoValue          // a formula without a cached value: nothing is stored
)

// sheetScan streams the rows of a worksheet.
type sheetScan struct {
	b      *xlsxBook
	sheet  string
	x      *xmlPart
	row    int  // the row being read, or the last read
	inRow  bool // reading row
	last   int  // the last row read whole
	col    int
	cells  []xlsxCell
	shared map[string]string // shared formulas: si → the master's text
	merges []span            // merged ranges, read after the rows
	// details counts the cells given a detail (a formula, a date): past
	// maxListed, the report would not list them.
	details int
	inData  bool
	done    bool
}

// openSheet starts reading a worksheet.
func (b *xlsxBook) openSheet(ref xlsxSheetRef) (*sheetScan, error) {
	if ref.part == "" || b.parts[strings.ToLower(ref.part)] == nil {
		return nil, &DamagedError{File: b.name, Part: ref.part, Sheet: ref.name, Err: errors.New("the worksheet is missing from the zip")}
	}
	x, err := b.openPart(ref.part, true)
	if err != nil {
		return nil, err
	}
	return &sheetScan{b: b, sheet: ref.name, x: x, shared: map[string]string{}}, nil
}

func (s *sheetScan) close() { s.x.close() }

// damaged wraps an error met reading the sheet; limits pass through.
func (s *sheetScan) damaged(err error) error {
	var le *LimitError
	if errors.As(err, &le) {
		if le.Sheet == "" && le.Where == s.x.name {
			le.Sheet, le.Where = s.sheet, ""
			if s.inRow {
				le.Where = "row " + strconv.Itoa(s.row)
			}
		}
		return err
	}
	e := &DamagedError{File: s.b.name, Part: s.x.name, Sheet: s.sheet, Last: s.last, Err: err}
	if s.inRow {
		e.Row = s.row
	}
	return e
}

func (s *sheetScan) limit(where, what, field string, value int) error {
	return &LimitError{File: s.b.name, Sheet: s.sheet, Where: where, What: what, Field: field, Value: int64(value)}
}

// next returns the next row that holds a cell: its number and its cells in
// column order (cells that hold nothing left out). ok is false after the
// last row; the merged ranges are then in s.merges.
func (s *sheetScan) next() (row int, cells []xlsxCell, ok bool, err error) {
	if s.done {
		return 0, nil, false, nil
	}
	for {
		t, err := s.x.next()
		if err == io.EOF {
			s.done = true
			return 0, nil, false, nil
		}
		if err != nil {
			return 0, nil, false, s.damaged(err)
		}
		se, isStart := t.(xml.StartElement)
		if !isStart {
			if ee, isEnd := t.(xml.EndElement); isEnd && ee.Name.Local == "sheetData" {
				s.inData = false
			}
			continue
		}
		switch {
		case se.Name.Local == "sheetData":
			s.inData = true
		case se.Name.Local == "row" && s.inData:
			r := s.row + 1
			if v, ok := attr(se, "r"); ok {
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 {
					return 0, nil, false, s.damaged(fmt.Errorf("row number %q", clip(v)))
				}
				if n <= s.row {
					return 0, nil, false, s.damaged(fmt.Errorf("row %d after row %d: rows out of order", n, s.row))
				}
				r = n
			}
			if r > s.b.lim.Rows {
				return 0, nil, false, s.limit(fmt.Sprintf("row %d", r), fmt.Sprintf("more than %s rows", groupDigits(int64(s.b.lim.Rows))), "Rows", s.b.lim.Rows)
			}
			s.row, s.inRow = r, true
			if err := s.readRow(); err != nil {
				return 0, nil, false, err
			}
			s.inRow, s.last = false, r
			if len(s.cells) > 0 {
				return r, s.cells, true, nil
			}
		case se.Name.Local == "mergeCell":
			ref, _ := attr(se, "ref")
			m, ok := parseRange(ref)
			if !ok {
				return 0, nil, false, s.damaged(fmt.Errorf("merged range %q", clip(ref)))
			}
			if len(s.merges) >= s.b.lim.MergedCells {
				return 0, nil, false, s.limit("", fmt.Sprintf("more than %s merged ranges", groupDigits(int64(s.b.lim.MergedCells))), "MergedCells", s.b.lim.MergedCells)
			}
			s.merges = append(s.merges, m)
		}
	}
}

// readRow reads the cells of the row element just started.
func (s *sheetScan) readRow() error {
	s.cells = s.cells[:0]
	s.col = 0
	depth := s.x.depth
	for {
		t, err := s.x.next()
		if err != nil {
			return s.damaged(eofIsDamage(err))
		}
		switch t := t.(type) {
		case xml.StartElement:
			if t.Name.Local != "c" {
				if err := s.x.skip(); err != nil {
					return s.damaged(err)
				}
				continue
			}
			if err := s.readCell(t); err != nil {
				return err
			}
		case xml.EndElement:
			if s.x.depth < depth {
				return nil
			}
		}
	}
}

// readCell reads the c element just started.
func (s *sheetScan) readCell(se xml.StartElement) error {
	col := s.col + 1
	if ref, ok := attr(se, "r"); ok {
		c, _, ok := parseCellRef(ref)
		if !ok {
			return s.damaged(fmt.Errorf("cell reference %q in row %d", clip(ref), s.row))
		}
		if c <= s.col {
			return s.damaged(fmt.Errorf("cell %s after column %s: cells out of order", clip(ref), colName(s.col)))
		}
		col = c
	}
	s.col = col
	if col > s.b.lim.Columns {
		return s.limit(cellName(col, s.row), fmt.Sprintf("more than %s columns", groupDigits(int64(s.b.lim.Columns))), "Columns", s.b.lim.Columns)
	}
	typ, _ := attr(se, "t")
	style := 0
	if v, ok := attr(se, "s"); ok {
		style, _ = strconv.Atoi(v)
	}
	where := cellName(col, s.row)
	tooLong := func() error {
		return s.limit(where, fmt.Sprintf("a cell of more than %s bytes of text", groupDigits(int64(s.b.lim.CellText))), "CellText", s.b.lim.CellText)
	}
	var v, is, f string
	hasV, hasF := false, false
	fShared, fSI := false, ""
	depth := s.x.depth
	for {
		t, err := s.x.next()
		if err != nil {
			return s.damaged(eofIsDamage(err))
		}
		if _, ok := t.(xml.EndElement); ok && s.x.depth < depth {
			break
		}
		st, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		var err2 error
		switch st.Name.Local {
		case "v":
			hasV = true
			v, err2 = s.x.text(s.b.lim.CellText, tooLong)
		case "f":
			hasF = true
			fShared = attrOr(st, "t") == "shared"
			fSI = attrOr(st, "si")
			f, err2 = s.x.text(s.b.lim.CellText, tooLong)
		case "is":
			is, err2 = s.x.richText(s.b.lim.CellText, tooLong)
		default:
			err2 = s.x.skip()
		}
		if err2 != nil {
			return s.damaged(err2)
		}
	}
	if hasF && fShared {
		if f != "" {
			if len(s.shared) < 1<<16 {
				s.shared[fSI] = clip(f) // for the report only
			}
		} else {
			f = s.shared[fSI]
		}
	}
	c := xlsxCell{col: col}
	switch typ {
	case "s":
		if v == "" {
			break
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(s.b.sst) {
			return s.damaged(fmt.Errorf("cell %s refers to shared string %s, but the workbook has %d", where, clip(v), len(s.b.sst)))
		}
		c.text = s.b.sst[i]
	case "inlineStr":
		c.text = is
		if is == "" && hasV {
			c.text = v
		}
	case "", "n":
		c.text = v
		if v != "" && style > 0 && style < len(s.b.xfs) {
			switch s.b.xfs[style] {
			case fmtPercent:
				c.mark = markPercent
			case fmtDate:
				c.mark = markDate
				c.detail = "format " + s.b.xfCodes[style]
				if d, ok := excelDate(v, s.b.date1904); ok {
					c.detail += ", shows " + d
				}
			}
		}
	default: // str, b, e, d
		c.text = v
	}
	if hasF && !hasV && c.text == "" {
		// A cached empty string (<v></v>) is a value: an empty cell.
		c.mark = markNoValue
		c.detail = "=" + clip(f)
		if f == "" {
			c.detail = "a shared formula"
		}
	}
	if c.mark == markDate || c.mark == markNoValue {
		if s.details++; s.details > maxListed {
			c.detail = ""
		}
	}
	if c.text == "" && c.mark != markNoValue {
		return nil
	}
	s.cells = append(s.cells, c)
	return nil
}

// parseCellRef reads a cell reference: "B5" → 2, 5.
func parseCellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && (ref[i]|0x20) >= 'a' && (ref[i]|0x20) <= 'z' {
		col = col*26 + int(ref[i]|0x20-'a') + 1
		i++
		if col > 1<<24 {
			return 0, 0, false
		}
	}
	if i == 0 {
		return 0, 0, false
	}
	// An absolute reference ($B$5) does not occur in cell elements.
	if i == len(ref) {
		return col, 0, true // a bare column, as some writers give
	}
	n, err := strconv.Atoi(ref[i:])
	if err != nil || n < 1 {
		return 0, 0, false
	}
	return col, n, true
}

// parseRange reads a merged range "A1:C3" into a 0-based span.
func parseRange(ref string) (span, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		b = a
	}
	c1, r1, ok1 := parseCellRef(a)
	c2, r2, ok2 := parseCellRef(b)
	if !ok1 || !ok2 || r1 < 1 || r2 < 1 {
		return span{}, false
	}
	if c2 < c1 {
		c1, c2 = c2, c1
	}
	if r2 < r1 {
		r1, r2 = r2, r1
	}
	return span{r1 - 1, c1 - 1, r2 - 1, c2 - 1}, true
}

// excelDate formats a date serial as the date it shows: 45352 →
// 2024-03-01 (with a time when it has a fraction of a day).
func excelDate(v string, date1904 bool) (string, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 || f > 2958465 { // 9999-12-31
		return "", false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	} else if f < 61 {
		// Excel's day 60 is 1900-02-29, which did not exist: days
		// before it count from a day later.
		base = base.AddDate(0, 0, 1)
		if f >= 60 {
			return "1900-02-29", true
		}
	}
	days := math.Floor(f)
	t := base.AddDate(0, 0, int(days)).Add(time.Duration(math.Round((f-days)*86400)) * time.Second)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02"), true
	}
	if days == 0 {
		return t.Format("15:04:05"), true
	}
	return t.Format("2006-01-02 15:04:05"), true
}

// inflaters keeps klauspost/compress's decompressors (a *flate reader, as
// an io.ReadCloser) between parts. They inflate a part about a fifth
// faster than compress/flate: the 326 MB of perf-gen's W2 sheet in
// 1.0–1.24 s against 1.33–1.51 s. archive/zip still checks each part's
// CRC-32 and size.
var inflaters sync.Pool

// newInflater is the zip.Decompressor of Deflate parts.
func newInflater(r io.Reader) io.ReadCloser {
	if fr, ok := inflaters.Get().(io.ReadCloser); ok {
		if err := fr.(flate.Resetter).Reset(r, nil); err == nil {
			return &inflater{fr: fr}
		}
	}
	return &inflater{fr: flate.NewReader(r)}
}

// inflater returns its decompressor to inflaters when closed. Its lock
// keeps a Close from another goroutine (a read-ahead's) from pooling a
// decompressor that is being read.
type inflater struct {
	mu sync.Mutex
	fr io.ReadCloser
}

func (f *inflater) Read(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fr == nil {
		return 0, errors.New("importers: read of a closed zip part")
	}
	return f.fr.Read(p)
}

func (f *inflater) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fr == nil {
		return nil
	}
	err := f.fr.Close()
	inflaters.Put(f.fr)
	f.fr = nil
	return err
}
