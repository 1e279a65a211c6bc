package importers

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"sync"
)

// A large text file is parsed while it is still being read: the reading
// of a file into fresh memory costs as long as a third of its parsing on a
// machine whose page faults are slow, and faults overlap with computing on
// another core though not with each other. aheadFile reads the file on a
// goroutine of its own, hashing it as it goes; the splitter (splitText)
// waits for the bytes it needs. Only quote-free UTF-8 text without a BOM,
// whose first chunk holds a line break, is read this way (readTextAhead);
// anything else is read whole first, as before.

// aheadChunk is how much of the file each read takes (the first one
// decides whether the file is read ahead).
var aheadChunk = 1 << 20

// aheadFile is a file read into buf by a goroutine of its own.
type aheadFile struct {
	buf []byte // the file's size when it was opened

	mu     sync.Mutex
	more   *sync.Cond
	filled int  // buf[:filled] is read
	done   bool // the file is read: filled is its size
	err    error
	sum    [sha256.Size]byte
}

// wait blocks until buf[:n] is read or the file is, and returns what is
// read and whether that is all of it.
func (a *aheadFile) wait(n int) ([]byte, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for a.filled < n && !a.done {
		a.more.Wait()
	}
	return a.buf[:a.filled], a.done
}

// all waits for the whole file and returns it, with the error that ended
// the reading.
func (a *aheadFile) all() ([]byte, error) {
	data, _ := a.wait(len(a.buf) + 1)
	a.mu.Lock()
	defer a.mu.Unlock()
	return data, a.err
}

// wholeFile is an aheadFile that has read data (its digest not taken).
func wholeFile(data []byte) *aheadFile {
	a := &aheadFile{buf: data, filled: len(data), done: true}
	a.more = sync.NewCond(&a.mu)
	return a
}

// readFileAhead reads the first chunk of fh (size bytes when opened).
// When the file is text to read ahead, it starts reading the rest and
// returns the aheadFile; otherwise it returns nil, fh back at its start.
func readFileAhead(fh *os.File, path string, size int64) (*aheadFile, error) {
	buf := make([]byte, size)
	n, err := io.ReadFull(fh, buf[:min(len(buf), aheadChunk)])
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	head := buf[:n]
	if n == len(buf) || sniff(head) != sniffText || bytes.HasPrefix(head, []byte("\uFEFF")) ||
		bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) ||
		bytes.IndexByte(head, '\n') < 0 {
		if _, err := fh.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return nil, nil
	}
	a := &aheadFile{buf: buf, filled: n}
	a.more = sync.NewCond(&a.mu)
	go a.read(fh, path)
	return a, nil
}

// read reads the rest of the file, a chunk at a time, hashing it.
func (a *aheadFile) read(fh *os.File, path string) {
	h := sha256.New()
	h.Write(a.buf[:a.filled])
	off := a.filled
	var err error
	for off < len(a.buf) {
		var m int
		m, err = io.ReadFull(fh, a.buf[off:min(len(a.buf), off+aheadChunk)])
		h.Write(a.buf[off : off+m])
		off += m
		a.mu.Lock()
		a.filled = off
		a.more.Broadcast()
		a.mu.Unlock()
		if err != nil {
			break
		}
	}
	switch err {
	case io.ErrUnexpectedEOF, io.EOF:
		err = nil // shorter than when opened: what there is
	case nil:
		// Longer than when opened: the bytes read would not be the file.
		var one [1]byte
		if k, _ := fh.Read(one[:]); k > 0 {
			err = fmt.Errorf("%s: the file grew while it was read; read it again", path)
		}
	default:
		err = fmt.Errorf("%s: %w", path, err)
	}
	a.mu.Lock()
	a.err = err
	h.Sum(a.sum[:0])
	a.done = true
	a.more.Broadcast()
	a.mu.Unlock()
}
