package importers

// rowsAhead reads the rows of a large worksheet on a goroutine of its own,
// a batch at a time, ahead of the sheet reader that takes them: reading
// the XML (its cells, their numbers) and adding the rows to the table then
// take a CPU each, as inflating the part takes another (readahead). The
// rows come in the sheet's order, and an error after the rows read before
// it, as the fast sheet gives them.
type rowsAhead struct {
	batches chan *rowBatch // read, in order
	free    chan *rowBatch // taken: to be filled again
	quit    chan struct{}
	done    chan struct{} // closed when the goroutine has ended
	cur     *rowBatch
	i       int // cur's next row
}

// aheadRows is the <dimension> row count from which a fast sheet is read
// ahead (a var for the tests).
var aheadRows = 4096

const (
	aheadBatch   = 256 // rows a batch
	aheadBatches = 3   // one filled, one waiting, one read
)

// rowBatch holds rows as fastSheet.nextRow gives them, copied: a batch's
// slices are reused once the reader has moved on to the next batch, as
// nextRow reuses its own from one row to the next.
type rowBatch struct {
	rows []aheadRow
	err  error // after the rows
	end  bool  // the sheet ends after the rows
}

type aheadRow struct {
	row     int
	cells   []string
	marks   []markedCell
	nums    rowNums
	hasNums bool
}

// startRowsAhead starts reading the rows of fs after those read so far,
// with the columns direct names as numbers. Nothing else may read fs
// until stop has returned.
func startRowsAhead(fs *fastSheet, direct []bool) *rowsAhead {
	a := &rowsAhead{
		batches: make(chan *rowBatch, aheadBatches),
		free:    make(chan *rowBatch, aheadBatches),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	for range aheadBatches {
		a.free <- new(rowBatch)
	}
	go a.read(fs, direct)
	return a
}

func (a *rowsAhead) read(fs *fastSheet, direct []bool) {
	defer close(a.done)
	for {
		var b *rowBatch
		select {
		case b = <-a.free:
		case <-a.quit:
			return
		}
		b.rows, b.err, b.end = b.rows[:0], nil, false
		for len(b.rows) < aheadBatch {
			row, cells, marks, nums, ok, err := fs.nextRow(direct, true)
			if err != nil {
				b.err = err
				break
			}
			if !ok {
				b.end = true
				break
			}
			if len(b.rows) < cap(b.rows) {
				b.rows = b.rows[:len(b.rows)+1]
			} else {
				b.rows = append(b.rows, aheadRow{})
			}
			r := &b.rows[len(b.rows)-1]
			r.row, r.marks, r.hasNums = row, marks, nums != nil
			r.cells = append(r.cells[:0], cells...)
			if nums != nil {
				r.nums.copyFrom(nums)
			}
		}
		select {
		case a.batches <- b:
		case <-a.quit:
			return
		}
		if b.err != nil || b.end {
			return
		}
	}
}

// next returns the next row as fastSheet.nextRow does.
func (a *rowsAhead) next() (int, []string, []markedCell, *rowNums, bool, error) {
	for a.cur == nil || a.i >= len(a.cur.rows) {
		if a.cur != nil {
			if a.cur.err != nil {
				return 0, nil, nil, nil, false, a.cur.err
			}
			if a.cur.end {
				return 0, nil, nil, nil, false, nil
			}
			a.free <- a.cur // never waits: free holds every batch
		}
		a.cur, a.i = <-a.batches, 0
	}
	r := &a.cur.rows[a.i]
	a.i++
	var nums *rowNums
	if r.hasNums {
		nums = &r.nums
	}
	return r.row, r.cells, r.marks, nums, true, nil
}

// stop ends the reading and waits for the goroutine to end.
func (a *rowsAhead) stop() {
	close(a.quit)
	<-a.done
}

// copyFrom makes r a copy of src, reusing r's slices.
func (r *rowNums) copyFrom(src *rowNums) {
	r.has = append(r.has[:0], src.has...)
	r.v = append(r.v[:0], src.v...)
	r.off = append(r.off[:0], src.off...)
	r.n = append(r.n[:0], src.n...)
	r.text = append(r.text[:0], src.text...)
	r.textFn = src.textFn
}
