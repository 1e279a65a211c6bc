package dataset

import "slices"

// Provenance is kept as integers, not as an Origin of two strings (48
// bytes and two pointers a cell for the garbage collector): the files and
// sheets of a column are a small table, and a cell names its entry by
// index with its row and column.
//
// Most columns are read row after row from one sheet, so that the cell of
// table row r is source row r0 + r in a fixed column: such a stretch is
// one run, 20 bytes for any number of rows. A column whose cells do not
// follow runs (values set out of order, overwritten with another origin)
// switches to one ref of 12 bytes a row.

// source is the file and sheet of origins.
type source struct {
	file, sheet string
}

// cellRef is the origin of one value: src is a 1-based index into the
// column's sources (0: no origin), row and col the cell's.
type cellRef struct {
	src, row, col uint32
}

// originRun says that table rows row0 … row0+n-1 come from the cells
// (cell0 … cell0+n-1, col) of source src.
type originRun struct {
	row0, n, src, cell0, col uint32
}

// manySources is the number of sources from which a column indexes them
// with a map rather than a scan.
const manySources = 8

// origins is the provenance of one column: runs, or refs once the cells
// do not follow runs (then runs is nil and refs is not).
type origins struct {
	runs    []originRun
	refs    []cellRef
	sources []source
	srcOf   map[source]uint32 // index of sources, once there are many
	lastSrc uint32            // the source of the last set, tried first
}

// any reports whether some row has an origin.
func (p *origins) any() bool { return len(p.runs) > 0 || p.dense() }

// dense reports whether the column keeps a ref a row.
func (p *origins) dense() bool { return p.refs != nil }

// sourceIndex returns the 1-based index of (file, sheet), adding it.
func (p *origins) sourceIndex(file, sheet string) uint32 {
	if k := p.lastSrc; k > 0 && p.sources[k-1].file == file && p.sources[k-1].sheet == sheet {
		return k
	}
	src := source{file, sheet}
	var k uint32
	if p.srcOf != nil {
		k = p.srcOf[src]
	} else if i := slices.Index(p.sources, src); i >= 0 {
		k = uint32(i + 1)
	}
	if k == 0 {
		p.sources = append(p.sources, src)
		k = uint32(len(p.sources))
		if p.srcOf != nil {
			p.srcOf[src] = k
		} else if len(p.sources) > manySources {
			p.srcOf = make(map[source]uint32, 2*len(p.sources))
			for i, s := range p.sources {
				p.srcOf[s] = uint32(i + 1)
			}
		}
	}
	p.lastSrc = k
	return k
}

// set records o as the origin of row, in a column of rows rows.
func (p *origins) set(row, rows int, o Origin) {
	if p.dense() {
		var r cellRef
		if o != (Origin{}) {
			r = cellRef{p.sourceIndex(o.File, o.Sheet), uint32(o.Row), uint32(o.Col)}
		}
		p.refs[row] = r
		return
	}
	end := uint32(0) // the first row after the runs
	if n := len(p.runs); n > 0 {
		end = p.runs[n-1].row0 + p.runs[n-1].n
	}
	if o == (Origin{}) {
		if uint32(row) >= end || p.at(row) == (Origin{}) {
			return
		}
		p.densify(rows)
		p.refs[row] = cellRef{}
		return
	}
	src := p.sourceIndex(o.File, o.Sheet)
	r, c := uint32(o.Row), uint32(o.Col)
	switch {
	case uint32(row) == end && len(p.runs) > 0 &&
		p.runs[len(p.runs)-1].src == src && p.runs[len(p.runs)-1].col == c && p.runs[len(p.runs)-1].cell0+p.runs[len(p.runs)-1].n == r:
		p.runs[len(p.runs)-1].n++
	case uint32(row) >= end:
		// Runs pay while they are fewer than half the rows.
		if len(p.runs) >= 64 && len(p.runs) > rows/2 {
			p.densify(rows)
			p.refs[row] = cellRef{src, r, c}
			return
		}
		p.runs = append(p.runs, originRun{row0: uint32(row), n: 1, src: src, cell0: r, col: c})
	case p.at(row) == o:
	default:
		p.densify(rows)
		p.refs[row] = cellRef{src, r, c}
	}
}

// densify turns the runs into one ref a row.
func (p *origins) densify(rows int) {
	p.refs = make([]cellRef, rows)
	for _, run := range p.runs {
		for i := range run.n {
			p.refs[run.row0+i] = cellRef{run.src, run.cell0 + i, run.col}
		}
	}
	p.runs = nil
}

// at returns the origin of row.
func (p *origins) at(row int) Origin {
	o, _ := p.span(row)
	return o
}

// span returns the origin of row and the rows from row on that follow it
// in its run (1 when the column keeps a ref a row; 0 without an origin).
func (p *origins) span(row int) (Origin, int) {
	var r cellRef
	n := 1
	if p.dense() {
		r = p.refs[row]
	} else {
		i, _ := slices.BinarySearchFunc(p.runs, uint32(row), func(run originRun, row uint32) int {
			switch {
			case run.row0+run.n <= row:
				return -1
			case run.row0 > row:
				return 1
			}
			return 0
		})
		if i == len(p.runs) || p.runs[i].row0 > uint32(row) {
			return Origin{}, 0
		}
		run := p.runs[i]
		r = cellRef{run.src, run.cell0 + uint32(row) - run.row0, run.col}
		n = int(run.row0 + run.n - uint32(row))
	}
	if r.src == 0 {
		return Origin{}, 0
	}
	s := p.sources[r.src-1]
	return Origin{File: s.file, Sheet: s.sheet, Row: int(r.row), Col: int(r.col)}, n
}

// addRow adds a row without origin.
func (p *origins) addRow() {
	if p.dense() {
		p.refs = append(p.refs, cellRef{})
	}
}

// grow makes room for n rows.
func (p *origins) grow(n int) {
	if p.dense() {
		p.refs = slices.Grow(p.refs, n-len(p.refs))
	}
}
