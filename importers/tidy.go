package importers

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"

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

// PanelLen is len(Panel(t)), counted without building the rows.
func PanelLen(t *dataset.Table) int {
	n := 0
	for _, c := range t.Columns() {
		for row := range t.Len() {
			if c.Flags[row]&dataset.Computed == 0 && c.Origin(row).File != "" {
				n++
			}
		}
	}
	return n
}

// panelCells yields Panel's rows in order, each with its origin and an
// empty Source; the row is reused from one to the next.
func panelCells(t *dataset.Table) iter.Seq2[*PanelRow, dataset.Origin] {
	return func(yield func(*PanelRow, dataset.Origin) bool) {
		var r PanelRow
		for row, k := range t.Keys() {
			code := t.Label(LabelCode, row)
			if code == "" {
				if city, how, ok := cities.Lookup(string(k.Unit), k.Year); ok && city.IsCity() && how <= cities.Alias {
					code = city.Code
				}
			}
			for _, c := range t.Columns() {
				o := c.Origin(row)
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
// panel is never held in memory.
func WriteTablePanelCSV(w io.Writer, t *dataset.Table, raw bool) error {
	return writePanelLines(w, raw, panelCells(t))
}

// writePanelLines writes the panel CSV of the rows each yields: a row's
// source is its Source, or else its origin.
func writePanelLines(w io.Writer, raw bool, each func(func(*PanelRow, dataset.Origin) bool)) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var line, src []byte
	for k, h := range PanelHeader {
		if k > 0 {
			line = append(line, ',')
		}
		line = csvsafe.AppendField(line, h, raw)
	}
	if _, err := bw.Write(append(line, '\n')); err != nil {
		return err
	}
	var err error
	year, yearOf := "", 0
	each(func(r *PanelRow, o dataset.Origin) bool {
		if r.Year != yearOf || year == "" {
			year, yearOf = yearText(r.Year), r.Year
		}
		line = csvsafe.AppendField(line[:0], string(r.Unit), raw)
		line = csvsafe.AppendField(append(line, ','), r.Code, raw)
		line = append(append(line, ','), year...)
		line = csvsafe.AppendField(append(line, ','), string(r.Variable), raw)
		line = append(line, ',')
		if !math.IsNaN(r.Value) {
			// A number needs neither quotes nor the formula guard.
			line = strconv.AppendFloat(line, r.Value, 'f', -1, 64)
		}
		line = csvsafe.AppendField(append(line, ','), r.MeasureUnit, raw)
		line = csvsafe.AppendField(append(line, ','), r.Scope, raw)
		source := r.Source
		if source == "" {
			src = o.AppendTo(src[:0])
			source = string(src)
		}
		line = csvsafe.AppendField(append(line, ','), source, raw)
		if _, err = bw.Write(append(line, '\n')); err != nil {
			return false
		}
		return true
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
