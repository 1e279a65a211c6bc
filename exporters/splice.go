package exporters

// The rows of the tables' sheets, kept and deflated as they are written,
// and spliced into the parts excelize writes.
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
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	kflate "github.com/klauspost/compress/flate"

	"github.com/cityscore/cityscore/internal/xlsxzip"
)

// deflateChunk is the size of the chunks of rows a large workbook
// deflates on their own: large enough that the dictionary lost at each
// start costs little, small enough to keep both cores busy. A variable:
// tests lower it.
var deflateChunk = 1 << 20

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

	used xlsxzip.CellRange // the cells of the rows, for the sheet's dimension
}

// wrote records that rows first … last, of cells from column A to column
// cols, were added to s.
func (s *sheetBody) wrote(first, last, cols int) {
	if last >= first && cols > 0 {
		s.used = s.used.Union(xlsxzip.CellRange{Row1: first, Col1: 1, Row2: last, Col2: cols})
	}
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
	if used, ok := xlsxzip.UsedRange(frame); ok {
		head = xlsxzip.SetDimension(head, used.Union(s.used))
	}
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
