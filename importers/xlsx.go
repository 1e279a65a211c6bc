package importers

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cityscore/cityscore/dataset"
)

// sheetYear returns the four-digit year (1000–2999) a sheet name holds:
// 2019, 2019年, data2020. It returns 0 when the name holds none, or several
// different ones (2019-2020). Longer runs of digits are not years.
// sheetKindZh names the sheets that hold no cells.
var sheetKindZh = map[string]string{"chartsheet": "图表工作表", "dialogsheet": "对话框工作表", "macrosheet": "宏工作表"}

func sheetYear(name string) int {
	year := 0
	for i := 0; i < len(name); {
		if name[i] < '0' || name[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(name) && name[j] >= '0' && name[j] <= '9' {
			j++
		}
		if j-i == 4 && (name[i] == '1' || name[i] == '2') {
			y, _ := strconv.Atoi(name[i:j])
			if year != 0 && y != year {
				return 0
			}
			year = y
		}
		i = j
	}
	return year
}

// readWorkbook reads an .xlsx workbook (see xlsxzip.go for how): with the
// fast path (xlsxfast.go), or when that cannot, again from the start with
// encoding/xml.
func readWorkbook(data []byte, name string, opt Options) (*dataset.Table, *Report, error) {
	if !slowOnly {
		tab, rep, err := readWorkbookWith(data, name, opt, true)
		if !errors.Is(err, errSlowPath) {
			return tab, rep, err
		}
	}
	return readWorkbookWith(data, name, opt, false)
}

// slowOnly makes readWorkbook use the encoding/xml path only (for tests).
var slowOnly = false

func readWorkbookWith(data []byte, name string, opt Options, fast bool) (*dataset.Table, *Report, error) {
	f := newFileReader(name, FormatXLSX, opt)
	f.size = int64(len(data))
	wb, err := openXLSXWith(data, name, f.lim, fast)
	if err != nil {
		return nil, nil, err
	}
	type toRead struct {
		ref  xlsxSheetRef
		year int
	}
	var sheets []xlsxSheetRef
	for _, sh := range wb.sheets {
		switch sh.kind {
		case "chartsheet", "dialogsheet", "macrosheet":
			f.info.Skipped = append(f.info.Skipped, SkippedSheet{Name: sh.name, Reason: "a " + strings.TrimSuffix(sh.kind, "sheet") + " sheet, not a worksheet",
				ReasonZh: sheetKindZh[sh.kind] + "，不是数据工作表"})
		default:
			sheets = append(sheets, sh)
		}
	}
	var read []toRead
	for _, sh := range sheets {
		if y := sheetYear(sh.name); y != 0 {
			read = append(read, toRead{sh, y})
		}
	}
	if len(read) > 0 {
		for _, sh := range sheets {
			if sheetYear(sh.name) == 0 {
				f.info.Skipped = append(f.info.Skipped, SkippedSheet{Name: sh.name, Reason: "no year in the sheet name", ReasonZh: "工作表名称中没有年份"})
			}
		}
	} else if len(sheets) > 0 {
		read = append(read, toRead{sheets[0], 0})
		for _, sh := range sheets[1:] {
			f.info.Skipped = append(f.info.Skipped, SkippedSheet{Name: sh.name, Reason: "not the first sheet, and no sheet is named for a year",
				ReasonZh: "不是第一个工作表，且没有以年份命名的工作表"})
		}
	}
	for _, sh := range read {
		if err := readSheet(wb, f, sh.ref, sh.year, fast); err != nil {
			if errors.Is(err, errSlowPath) {
				return nil, nil, err
			}
			_, rep, _ := f.finish()
			return nil, rep, err
		}
	}
	if len(read) == 0 {
		return nil, nil, fmt.Errorf("%s: %w: the workbook has no worksheet", name, ErrNoData)
	}
	return f.finish()
}

// yearbookProbe is the number of rows read before deciding whether a sheet
// is a yearbook table (see detectYearbook).
const yearbookProbe = 40

// readSheet streams one worksheet into f. Its first rows decide the layout:
// a yearbook table is held in memory with its merged cells and read by
// readYearbook; any other sheet streams through a sheetReader. The sheet
// is read to its end either way: an error anywhere in it fails the file.
func readSheet(wb *xlsxBook, f *fileReader, ref xlsxSheetRef, year int, fast bool) error {
	var sc rowSource
	var err error
	if fast {
		sc, err = wb.openFastSheet(ref)
	} else {
		sc, err = wb.openSlowSheet(ref)
	}
	if err != nil {
		return err
	}
	defer sc.close()
	sheet := ref.name
	s := f.newSheet(sheet, year)
	defer s.done()
	const (
		probing = iota
		yearbook
		generic
	)
	mode, hdr := probing, 0
	g := &grid{sheet: sheet}
	gridCells := 0
	tooBig := func(row int) error {
		return &LimitError{File: f.name, Sheet: sheet, Where: "row " + strconv.Itoa(row),
			What:  fmt.Sprintf("a table held in memory (a yearbook table) of more than %s cells", groupDigits(int64(f.lim.GridCells))),
			Field: "GridCells", Value: int64(f.lim.GridCells)}
	}
	// pad adds empty rows up to n rows: the rows the sheet skips.
	pad := func(n int) error {
		for len(g.rows) < n {
			g.rows = append(g.rows, nil)
			if gridCells++; gridCells > f.lim.GridCells {
				return tooBig(len(g.rows))
			}
		}
		return nil
	}
	// hold appends row to the grid.
	hold := func(row int, cells []string, marks []markedCell) error {
		if err := pad(row - 1); err != nil {
			return err
		}
		if marks != nil {
			for len(g.marks) < len(g.rows) {
				g.marks = append(g.marks, nil)
			}
			g.marks = append(g.marks, marks)
		}
		g.rows = append(g.rows, cells)
		if gridCells += max(1, len(cells)); gridCells > f.lim.GridCells {
			return tooBig(row)
		}
		return nil
	}
	decide := func() error {
		if h, ok := detectYearbook(g.rows); ok {
			mode, hdr = yearbook, h
			return nil
		}
		mode = generic
		s.nums = nil
		for i, cells := range g.rows {
			s.marks = nil
			if i < len(g.marks) {
				s.marks = g.marks[i]
			}
			if err := s.row(i+1, cells); err != nil {
				return err
			}
		}
		g.rows, g.marks = nil, nil
		return nil
	}
	// ahead reads the rows of a large sheet on a goroutine of its own once
	// the sheet is known to be a plain table with its header read.
	fs, isFast := sc.(*fastSheet)
	var ahead *rowsAhead
	defer func() {
		if ahead != nil {
			ahead.stop() // before sc.close, deferred earlier
		}
	}()
	for {
		var (
			row   int
			cells []string
			marks []markedCell
			nums  *rowNums
			ok    bool
			err   error
		)
		if ahead != nil {
			row, cells, marks, nums, ok, err = ahead.next()
		} else {
			row, cells, marks, nums, ok, err = sc.nextRow(s.direct, mode == generic)
		}
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if ahead == nil && isFast && s.rowsHint == 0 && fs.lastRow <= f.lim.Rows {
			// A hint, set before the rows held while probing are replayed:
			// rows are counted as they come.
			s.rowsHint = fs.lastRow
		}
		if mode == probing && row > yearbookProbe {
			if err := pad(yearbookProbe); err != nil {
				return err
			}
			if err := decide(); err != nil {
				return err
			}
		}
		if mode == generic {
			s.marks, s.nums = marks, nums
			if err := s.row(row, cells); err != nil {
				return err
			}
			if f.tooManyErrors() {
				return f.stopped(sheet)
			}
			if ahead == nil && isFast && s.header != nil && fs.lastRow >= aheadRows {
				ahead = startRowsAhead(fs, slices.Clone(s.direct))
			}
			continue
		}
		if err := hold(row, cells, marks); err != nil {
			return err
		}
		if mode == probing && len(g.rows) == yearbookProbe {
			if err := decide(); err != nil {
				return err
			}
		}
	}
	if mode == probing {
		if err := decide(); err != nil {
			return err
		}
	}
	if mode != yearbook {
		return nil
	}
	g.merges = sc.mergedRanges()
	s.info.Layout = LayoutYearbook
	n := len(f.rep.Tables)
	if err := f.readYearbook(g, hdr, year); err != nil {
		return err
	}
	if len(f.rep.Tables) > n {
		s.info.Rows = f.rep.Tables[n].Cities
	}
	return nil
}

// rowSource streams the rows of a worksheet: fastSheet, or sheetScan.
type rowSource interface {
	// nextRow returns the next row that holds a cell: its number, its
	// cells by column, their marks (nil when none is marked) and the
	// numbers of the columns direct names (nil when none); ok is false
	// after the last row. reuse lets the cells' slice be reused by the
	// next call.
	nextRow(direct []bool, reuse bool) (row int, cells []string, marks []markedCell, nums *rowNums, ok bool, err error)
	mergedRanges() []span // after the last row
	close()
}

// slowSheet is sheetScan as a rowSource.
type slowSheet struct{ *sheetScan }

func (b *xlsxBook) openSlowSheet(ref xlsxSheetRef) (rowSource, error) {
	sc, err := b.openSheet(ref)
	if err != nil {
		return nil, err
	}
	return slowSheet{sc}, nil
}

func (s slowSheet) nextRow([]bool, bool) (int, []string, []markedCell, *rowNums, bool, error) {
	row, xcells, ok, err := s.next()
	cells, marks := denseRow(xcells)
	return row, cells, marks, nil, ok, err
}

func (s slowSheet) mergedRanges() []span { return s.merges }

// denseRow lays a row's cells out by column: the texts, and the marks (nil
// when no cell is marked).
func denseRow(xcells []xlsxCell) ([]string, []markedCell) {
	if len(xcells) == 0 {
		return nil, nil
	}
	n := xcells[len(xcells)-1].col
	cells := make([]string, n)
	var marks []markedCell
	for _, c := range xcells {
		cells[c.col-1] = c.text
		if c.mark != markNone {
			if marks == nil {
				marks = make([]markedCell, n)
			}
			marks[c.col-1] = markedCell{c.mark, c.detail}
		}
	}
	return cells, marks
}

// percentFormat reports whether a number format code shows a percentage.
func percentFormat(code string) bool {
	quoted, escaped := false, false
	for _, r := range code {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case r == '%' && !quoted:
			return true
		}
	}
	return false
}

// percentOf returns the value a percentage-formatted numeric cell shows:
// the stored 0.125 is 12.5 with a percent sign. The decimal point of the
// stored text is moved, so no digit is rounded.
func percentOf(text string, cv cellValue) cellValue {
	out := cellValue{v: cv.v * 100, percent: true}
	t := foldCell(text)
	if strings.ContainsAny(t, "eE,") {
		return out
	}
	sign := ""
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+") {
		sign, t = t[:1], t[1:]
	}
	intPart, frac, _ := strings.Cut(t, ".")
	for len(frac) < 2 {
		frac += "0"
	}
	if v, err := strconv.ParseFloat(sign+intPart+frac[:2]+"."+frac[2:]+"0", 64); err == nil {
		out.v = v
	}
	return out
}
