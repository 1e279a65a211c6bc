package exporters

// The rows of the largest tables, written on every core.

import (
	"bytes"
	"cmp"
	"hash/crc32"
	"runtime"
	"sync"

	kflate "github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// rowBlock is a block of consecutive rows of a table, on one of its
// sheets, written by whichever goroutine is free: as XML, or deflated
// when the book deflates as it goes (fast).
type rowBlock[S any] struct {
	from, n       int // the rows from, …, from+n−1 of those added
	sheet, local0 int // the sheet of the table and the row there of the first
	fast          bool

	xml   []byte    // the rows (not fast)
	chunk *deflated // the rows deflated (fast)
	crc   uint32
	size  int64
	state S     // what fill gathered
	err   error // the first value fill could not write
	width int   // the columns up to the last cell written in any row
	done  chan struct{}
}

// addRows adds n rows to t, row i written by fill into rb on the given
// sheet of the table, in blocks of under a chunk (none across a sheet),
// each written, and deflated once the book deflates as it goes, by a
// goroutine of its own; the blocks join their sheets' rows in order. A
// block's fill calls share a state of newState, handed to merge when the
// block is added, in order. XML and deflate take most of a large
// workbook's time, and the sheets written one row after another leave a
// core idle.
func addRows[S any](t *table, n int, newState func() S, fill func(rb *rowBuilder, i, sheet int, s S), merge func(S)) error {
	if excelizeRows {
		s := newState()
		for i := range n {
			rb, err := t.begin()
			if err != nil {
				return err
			}
			sheet, _ := t.at(t.row)
			fill(rb, i, sheet, s)
			if rb.err != nil {
				return rb.err
			}
			if err := t.end(rb); err != nil {
				return err
			}
		}
		if merge != nil {
			merge(s)
		}
		return nil
	}
	b := t.b
	t.enc.name(len(t.cols) - 1)                   // the column names, read only from here on
	rows := max(1, deflateChunk/(64*len(t.cols))) // below a chunk
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *rowBlock[S])
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf []byte // reused when deflated
			fw, _ := kflate.NewWriter(nil, 1)
			for bl := range jobs {
				buf = writeBlock(t, bl, buf, fw, newState, fill)
			}
		})
	}
	add := func(bl *rowBlock[S]) {
		<-bl.done
		body := t.bodies[bl.sheet]
		body.chunk(b.deflater, true) // the rows before it, first
		switch {
		case bl.chunk != nil:
			body.chunks = append(body.chunks, bl.chunk)
			body.crc = crc32Combine(body.crc, bl.crc, bl.size)
			body.size += bl.size
		case b.deflater != nil: // the book went fast since
			body.send(b.deflater, bl.xml)
		default:
			body.full = append(body.full, bl.xml)
		}
		body.wrote(bl.local0, bl.local0+bl.n-1, bl.width)
		if merge != nil {
			merge(bl.state)
		}
	}
	var pending []*rowBlock[S]
	var err error
	added := add
	add = func(bl *rowBlock[S]) {
		added(bl)
		err = cmp.Or(err, bl.err)
	}
	for i := 0; i < n; {
		sheet, local := t.at(t.row + 1)
		for sheet >= len(t.sws) && err == nil {
			err = t.more()
		}
		if err != nil {
			break
		}
		k := min(rows, n-i, t.head+splitRows-local+1)
		if local+k-1 > excelize.TotalRows {
			err = tooManyRows(t.name)
			break
		}
		t.row += k
		if b.deflater == nil && b.rows+t.row > fastDeflateRows {
			b.goFast()
		}
		bl := &rowBlock[S]{from: i, n: k, sheet: sheet, local0: local, fast: b.deflater != nil, done: make(chan struct{})}
		i += k
		if len(pending) == 2*workers {
			add(pending[0])
			pending = pending[1:]
		}
		pending = append(pending, bl)
		jobs <- bl
	}
	close(jobs)
	for _, bl := range pending {
		add(bl)
	}
	wg.Wait()
	return err
}

// writeBlock writes the rows of bl, in buf if given, deflated by fw when
// fast, and returns the buffer to reuse.
func writeBlock[S any](t *table, bl *rowBlock[S], buf []byte, fw *kflate.Writer, newState func() S, fill func(*rowBuilder, int, int, S)) []byte {
	defer close(bl.done)
	if buf == nil {
		buf = make([]byte, 0, deflateChunk+64<<10)
	}
	rb := rowBuilder{enc: &t.enc, buf: buf[:0]}
	bl.state = newState()
	for k := range bl.n {
		rb.start(bl.local0 + k)
		fill(&rb, bl.from+k, bl.sheet, bl.state)
		rb.finish()
	}
	bl.err, bl.width = rb.err, rb.width
	if !bl.fast {
		bl.xml = rb.buf
		return nil
	}
	bl.crc, bl.size = crc32.ChecksumIEEE(rb.buf), int64(len(rb.buf))
	// Deflated into a buffer of its own: no copy.
	out := bytes.NewBuffer(make([]byte, 0, len(rb.buf)/3))
	fw.Reset(out)
	fw.Write(rb.buf) // a bytes.Buffer does not fail
	fw.Flush()
	bl.chunk = &deflated{data: out.Bytes(), done: closed}
	return rb.buf
}

// parallelFor calls fn on the ranges of [0, n) of every core, and waits.
func parallelFor(n int, fn func(from, to int)) {
	workers := min(runtime.GOMAXPROCS(0), max(n/1024, 1))
	var wg sync.WaitGroup
	for w := range workers {
		from, to := n*w/workers, n*(w+1)/workers
		wg.Go(func() { fn(from, to) })
	}
	wg.Wait()
}
