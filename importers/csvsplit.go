package importers

import (
	"bytes"
	"context"
	"strings"
	"unsafe"
)

// Text without a quote character needs none of a CSV parser's state: every
// line is a record and every delimiter ends a field. The splitter below
// reads such text as encoding/csv does (FieldsPerRecord -1, no comment
// character, no trimming) — a CR before a line's LF is dropped, as is one
// at the end of the text; empty lines are skipped but counted — and hands
// each record over with its plain numbers already parsed (plainNumber), so
// that on a large file the splitting and the number parsing run on one
// core while the rows are read into the table on another. Text that holds
// a quote goes to encoding/csv. FuzzSplitText and FuzzQuoteFreeSameAsCSV
// check the two readers against each other.

// textBatch is a run of consecutive records of quote-free text.
type textBatch struct {
	// text is the batch's lines: the file's own bytes, not copied (they
	// are never written to). A cell kept by the table must be cloned, or
	// it keeps the whole file.
	text  string
	line  []int   // the line each record is on (1-based)
	start []int32 // record k is cells[start[k]:start[k+1]]
	cells []string
	has   []bool    // has[j]: cells[j] is a plain number, v[j]
	v     []float64 // (the row reader's rowNums)
	// quoted says the batch's text holds a quote: its records are not
	// split, and the text must go to encoding/csv.
	quoted bool
}

func (b *textBatch) records() int { return len(b.line) }

func (b *textBatch) record(k int) (line int, cells []string, has []bool, v []float64) {
	lo, hi := b.start[k], b.start[k+1]
	return b.line[k], b.cells[lo:hi], b.has[lo:hi], b.v[lo:hi]
}

// batchBytes is about how much text a batch holds.
const batchBytes = 256 << 10

// fill splits the records of text that begin within about batchBytes into
// b, text's first line being line. It returns the text and the line after
// them.
func (b *textBatch) fill(text []byte, comma byte, line int) ([]byte, int) {
	if len(text) == 0 {
		return text, line
	}
	end := len(text)
	if end > batchBytes {
		if i := bytes.IndexByte(text[batchBytes:], '\n'); i >= 0 {
			end = batchBytes + i + 1
		}
	}
	b.text = unsafe.String(unsafe.SliceData(text), end)
	b.line, b.start, b.cells, b.has, b.v = b.line[:0], b.start[:0], b.cells[:0], b.has[:0], b.v[:0]
	if b.quoted = strings.IndexByte(b.text, '"') >= 0; b.quoted {
		b.start = append(b.start, 0)
		return text[end:], line
	}
	rest := b.text
	for len(rest) > 0 {
		i := strings.IndexByte(rest, '\n')
		var l string
		if i < 0 {
			l, rest = rest, ""
		} else {
			l, rest = rest[:i], rest[i+1:]
		}
		if n := len(l); n > 0 && l[n-1] == '\r' {
			l = l[:n-1]
		}
		if l == "" {
			line++
			continue
		}
		b.line = append(b.line, line)
		b.start = append(b.start, int32(len(b.cells)))
		for {
			j := strings.IndexByte(l, comma)
			cell := l
			if j >= 0 {
				cell = l[:j]
			}
			var v float64
			ok := false
			if cell != "" && (cell[0] <= '9') { // a digit, '-' or '.'; never a letter or a CJK byte
				v, ok = plainNumber(cell)
			}
			b.cells = append(b.cells, cell)
			b.has = append(b.has, ok)
			b.v = append(b.v, v)
			if j < 0 {
				break
			}
			l = l[j+1:]
		}
		line++
	}
	b.start = append(b.start, int32(len(b.cells)))
	return text[end:], line
}

// splitText calls each with the batches of quote-free text in order. A
// text of more than one batch is split on its own goroutine, a few batches
// ahead; each returning false stops it. With src, text is what src has
// read so far, and the rest is split as src reads it.
func splitText(text []byte, comma byte, src *aheadFile, each func(*textBatch) bool) {
	if src == nil && len(text) <= batchBytes {
		var b textBatch
		for line := 1; len(text) > 0; {
			text, line = b.fill(text, comma, line)
			if !each(&b) {
				return
			}
		}
		return
	}
	const ahead = 3
	full := make(chan *textBatch, ahead)
	free := make(chan *textBatch, ahead+1)
	for range ahead + 1 {
		free <- new(textBatch)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		defer close(full)
		pos := 0 // of the text's start in src
		for line := 1; ; {
			if src != nil {
				// Wait for a batch's worth and the end of its last line,
				// or the end of the file.
				want := pos + batchBytes + 1
				for {
					read, done := src.wait(want)
					text = read[pos:]
					if done || len(text) > batchBytes && bytes.IndexByte(text[batchBytes:], '\n') >= 0 {
						break
					}
					want = len(read) + aheadChunk
				}
			}
			if len(text) == 0 {
				return
			}
			var b *textBatch
			select {
			case b = <-free:
			case <-ctx.Done():
				return
			}
			n := len(text)
			text, line = b.fill(text, comma, line)
			pos += n - len(text)
			full <- b // never blocks: at most ahead+1 batches exist, one held by the reader
		}
	}()
	for b := range full {
		if !each(b) {
			return
		}
		free <- b
	}
}
