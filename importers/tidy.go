package importers

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"math"
	"runtime"
	"strconv"
	"sync/atomic"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/cities"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/internal/csvsafe"
)

// PanelHeader is the header of the tidy long panel that `cityscore import`
// writes (docs/formats.md §3 and §4).
var PanelHeader = []string{"unit", "code", "year", "variable", "value", "measure_unit", "scope", "source"}

// PanelRow is one cell read from a data file, in the tidy long form.
type PanelRow struct {
	Unit        dataset.UnitID
	Code        string // official 6-digit code; "" when unknown
	Year        int    // 0 = the data carry no year
	Variable    dataset.VariableID
	Value       float64 // NaN when the cell is missing or not a number
	Flag        dataset.Flag
	MeasureUnit string // the unit of Value (the framework's)
	Scope       string
	Source      string // file#sheet!cell (file!cell for CSV and HTML)
}

// Panel returns one row for every cell of t read from a file (present,
// missing or invalid), in row order then column order. Computed and
// imputed values, which no file holds, are left out. The code is the row's
// LabelCode, else the code of a unit that names a city officially in its
// year (package cities), else empty.
func Panel(t *dataset.Table) []PanelRow {
	out := make([]PanelRow, 0, PanelLen(t))
	// Sources are written end to end into a buffer that becomes one string
	// when full, which the rows' Source fields slice: an allocation for
	// every few thousand cells, not one a cell.
	const chunk = 64 << 10
	buf := make([]byte, 0, chunk+512)
	var ends []int
	flush := func() {
		all, start, first := string(buf), 0, len(out)-len(ends)
		for i, end := range ends {
			out[first+i].Source = all[start:end]
			start = end
		}
		buf, ends = buf[:0], ends[:0]
	}
	for r, o := range panelCells(t) {
		if len(buf) >= chunk {
			flush()
		}
		buf = o.AppendTo(buf)
		ends = append(ends, len(buf))
		out = append(out, *r)
	}
	flush()
	return out
}

// PanelLen is len(Panel(t)), counted without building the rows. A
// column's origins are asked once a span (Column.OriginSpan), not once a
// row.
func PanelLen(t *dataset.Table) int {
	n := 0
	for _, c := range t.Columns() {
		for row := 0; row < t.Len(); {
			o, span := c.OriginSpan(row)
			if span == 0 {
				row++
				continue
			}
			if o.File != "" {
				for _, f := range c.Flags[row : row+span] {
					if f&dataset.Computed == 0 {
						n++
					}
				}
			}
			row += span
		}
	}
	return n
}

// panelCells yields Panel's rows in order, each with its origin and an
// empty Source; the row is reused from one to the next.
func panelCells(t *dataset.Table) iter.Seq2[*PanelRow, dataset.Origin] {
	return panelCellsOf(t, 0, t.Len())
}

// panelCellsOf is panelCells over the rows lo ≤ row < hi.
func panelCellsOf(t *dataset.Table, lo, hi int) iter.Seq2[*PanelRow, dataset.Origin] {
	return func(yield func(*PanelRow, dataset.Origin) bool) {
		var r PanelRow
		keys := t.Keys()
		// The origin of each column at the row, and how many rows after
		// it follow it one cell down (Column.OriginSpan): a column's
		// origins are looked up once a span.
		type originAt struct {
			o    dataset.Origin
			next int
		}
		at := make([]originAt, len(t.Columns()))
		for row := lo; row < hi; row++ {
			k := keys[row]
			code := t.Label(LabelCode, row)
			if code == "" {
				if city, how, ok := cities.Lookup(string(k.Unit), k.Year); ok && city.IsCity() && how <= cities.Alias {
					code = city.Code
				}
			}
			for j, c := range t.Columns() {
				a := &at[j]
				if a.next > 0 {
					a.o.Row++
					a.next--
				} else {
					o, span := c.OriginSpan(row)
					a.o, a.next = o, max(0, span-1)
				}
				o := a.o
				if o.File == "" || c.Flags[row]&dataset.Computed != 0 {
					continue
				}
				r = PanelRow{Unit: k.Unit, Code: code, Year: k.Year, Variable: c.ID, Value: c.Values[row],
					Flag: c.Flags[row], MeasureUnit: c.Unit, Scope: c.Scope}
				if !yield(&r, o) {
					return
				}
			}
		}
	}
}

// panelRows yields Panel's rows without their Source, for counting.
func panelRows(t *dataset.Table) iter.Seq[PanelRow] {
	return func(yield func(PanelRow) bool) {
		for r := range panelCells(t) {
			if !yield(*r) {
				return
			}
		}
	}
}

func (r PanelRow) fields(year string) []string {
	v := ""
	if !math.IsNaN(r.Value) {
		v = strconv.FormatFloat(r.Value, 'f', -1, 64)
	}
	return []string{string(r.Unit), r.Code, year, string(r.Variable), v, r.MeasureUnit, r.Scope, r.Source}
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// WritePanelCSV writes rows as CSV (UTF-8, with the PanelHeader). A
// missing or invalid value is an empty field; numbers are written in full,
// without exponent. A text field that a spreadsheet would evaluate as a
// formula (a unit printed as =…, +…, -…, @…) gets a leading ' (package
// internal/csvsafe); WritePanelCSVRaw writes every field as it is.
func WritePanelCSV(w io.Writer, rows []PanelRow) error {
	return writePanelCSV(w, rows, false)
}

// WritePanelCSVRaw is WritePanelCSV with every field as it is, for
// programs that read the CSV.
func WritePanelCSVRaw(w io.Writer, rows []PanelRow) error {
	return writePanelCSV(w, rows, true)
}

func writePanelCSV(w io.Writer, rows []PanelRow, raw bool) error {
	return writePanelLines(w, raw, func(row func(*PanelRow, dataset.Origin) bool) {
		for i := range rows {
			if !row(&rows[i], dataset.Origin{}) {
				return
			}
		}
	})
}

// WriteTablePanelCSV writes Panel(t) as WritePanelCSV does (raw: as
// WritePanelCSVRaw), each row made as it is written: a large table's
// panel is never held in memory. With more than one CPU, the lines of a
// block of table rows (about panelBlockCells cells) are made by a worker
// at a time, and the blocks written in order; at most two blocks a worker
// wait to be written.
func WriteTablePanelCSV(w io.Writer, t *dataset.Table, raw bool) error {
	rows := panelBlockRows(t)
	workers := min(runtime.GOMAXPROCS(0), (t.Len()+rows-1)/rows)
	if workers < 2 {
		return writePanelLines(w, raw, panelCells(t))
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.Write(panelHeaderLine(raw)); err != nil {
		return err
	}
	blocks := (t.Len() + rows - 1) / rows
	done := make([]chan []byte, blocks) // each block's lines, once made
	for b := range done {
		done[b] = make(chan []byte, 1)
	}
	// A worker takes a token before it takes the next block; the writer
	// gives it back once the block is written, and its buffer with it.
	tokens := make(chan []byte, 2*workers)
	for range cap(tokens) {
		tokens <- nil
	}
	var next atomic.Int64
	var stop atomic.Bool
	for range workers {
		go func() {
			lw := panelLines{raw: raw}
			for buf := range tokens {
				b := int(next.Add(1) - 1)
				if b >= blocks {
					return
				}
				buf = buf[:0]
				if !stop.Load() {
					hi := min(t.Len(), (b+1)*rows)
					for r, o := range panelCellsOf(t, b*rows, hi) {
						buf = lw.append(buf, r, o)
					}
				}
				done[b] <- buf
			}
		}()
	}
	var err error
	for b := range blocks {
		buf := <-done[b]
		if err == nil {
			if _, err = bw.Write(buf); err != nil {
				stop.Store(true)
			}
		}
		tokens <- buf
	}
	close(tokens)
	if err != nil {
		return err
	}
	return bw.Flush()
}

// panelBlockCells is about the number of cells (panel lines, some 60
// bytes each) whose lines a worker of WriteTablePanelCSV makes at a time
// (a var for the tests).
var panelBlockCells = 4 << 10

// panelBlockRows is the number of t's rows in a block of WriteTablePanelCSV.
func panelBlockRows(t *dataset.Table) int {
	return max(1, panelBlockCells/max(1, len(t.Columns())))
}

// panelLines makes the lines of the panel CSV.
type panelLines struct {
	raw bool
	src []byte

	// The unit, code and year of the last row, and the line's start they
	// make (head holds at least the comma after the year).
	unit dataset.UnitID
	code string
	year int
	head []byte

	// The file and sheet of the last origin written from a cell, and its
	// source field up to the cell's name ("file#sheet!"), which plain says
	// is written as it is: no quotes, no formula guard. A source that
	// starts with it is then that prefix and the cell's name.
	file, sheet string
	prefix      []byte
	plain       bool
}

// panelHeaderLine returns the header line of the panel CSV.
func panelHeaderLine(raw bool) []byte {
	var line []byte
	for k, h := range PanelHeader {
		if k > 0 {
			line = append(line, ',')
		}
		line = csvsafe.AppendField(line, h, raw)
	}
	return append(line, '\n')
}

// append appends r's line to dst: its source is r.Source, or else o.
func (lw *panelLines) append(line []byte, r *PanelRow, o dataset.Origin) []byte {
	raw := lw.raw
	if len(lw.head) == 0 || r.Unit != lw.unit || r.Code != lw.code || r.Year != lw.year {
		lw.unit, lw.code, lw.year = r.Unit, r.Code, r.Year
		lw.head = csvsafe.AppendField(lw.head[:0], string(r.Unit), raw)
		lw.head = csvsafe.AppendField(append(lw.head, ','), r.Code, raw)
		lw.head = append(append(append(lw.head, ','), yearText(r.Year)...), ',')
	}
	line = append(line, lw.head...)
	line = csvsafe.AppendField(line, string(r.Variable), raw)
	line = append(line, ',')
	if !math.IsNaN(r.Value) {
		// A number needs neither quotes nor the formula guard.
		line = strconv.AppendFloat(line, r.Value, 'f', -1, 64)
	}
	line = csvsafe.AppendField(append(line, ','), r.MeasureUnit, raw)
	line = csvsafe.AppendField(append(line, ','), r.Scope, raw)
	source := r.Source
	if source == "" {
		if lw.plain && o.File == lw.file && o.Sheet == lw.sheet && o.Row > 0 && o.Col > 0 {
			line = append(append(line, ','), lw.prefix...)
			return append(dataset.AppendCellName(line, o.Col, o.Row), '\n')
		}
		lw.src = o.AppendTo(lw.src[:0])
		source = string(lw.src)
		lw.remember(o, raw)
	}
	line = csvsafe.AppendField(append(line, ','), source, raw)
	return append(line, '\n')
}

// remember keeps the prefix of the source lw.src, written from the cell o.
// Whether csvsafe.AppendField guards or quotes a source depends on its
// first character and on the characters , " CR LF in it (a field of `\.`
// alone is quoted too, and a prefix ends in "!"): a prefix that is neither
// guarded nor quoted is not either with a cell's name after it.
func (lw *panelLines) remember(o dataset.Origin, raw bool) {
	lw.plain = false
	if o.Row <= 0 || o.Col <= 0 {
		return
	}
	var name [24]byte
	n := len(dataset.AppendCellName(name[:0], o.Col, o.Row))
	lw.file, lw.sheet = o.File, o.Sheet
	lw.prefix = append(lw.prefix[:0], lw.src[:len(lw.src)-n]...)
	prefix := string(lw.prefix)
	lw.plain = prefix != "" && string(csvsafe.AppendField(nil, prefix, raw)) == prefix
}

// writePanelLines writes the panel CSV of the rows each yields: a row's
// source is its Source, or else its origin.
func writePanelLines(w io.Writer, raw bool, each func(func(*PanelRow, dataset.Origin) bool)) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	lw := panelLines{raw: raw}
	if _, err := bw.Write(panelHeaderLine(raw)); err != nil {
		return err
	}
	var line []byte
	var err error
	each(func(r *PanelRow, o dataset.Origin) bool {
		line = lw.append(line[:0], r, o)
		_, err = bw.Write(line)
		return err == nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// panelRowLimit is the most rows the panel sheet may have, its header
// included: Excel's limit.
var panelRowLimit = excelize.TotalRows

// WritePanelXLSX writes rows as a workbook with one sheet, "panel": the
// PanelHeader, then a row per value, year and value as numbers. More rows
// than an Excel sheet holds are an error.
func WritePanelXLSX(w io.Writer, rows []PanelRow) error {
	if len(rows)+1 > panelRowLimit {
		return fmt.Errorf("panel: %d values and the header are more than the %d rows an Excel sheet holds; write CSV (--out panel.csv)",
			len(rows), panelRowLimit)
	}
	wb := excelize.NewFile()
	defer wb.Close()
	const sheet = "panel"
	if err := wb.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	// The range of the cells, which a streamed sheet states before its
	// rows (excelize's own is A1): a reader may believe it.
	last, err := excelize.CoordinatesToCellName(len(PanelHeader), len(rows)+1)
	if err != nil {
		return err
	}
	if err := wb.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return err
	}
	sw, err := wb.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	head := make([]any, len(PanelHeader))
	for i, h := range PanelHeader {
		head[i] = h
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, r := range rows {
		cells := make([]any, len(PanelHeader))
		for j, f := range r.fields("") {
			cells[j] = f
		}
		if r.Year != 0 {
			cells[2] = r.Year
		}
		if math.IsNaN(r.Value) {
			cells[4] = nil
		} else {
			cells[4] = r.Value
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = wb.WriteTo(w)
	return err
}
