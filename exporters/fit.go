package exporters

// Reading a written workbook back for cells that do not fit their columns.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Misfit is a cell of a written workbook that does not show whole: a number
// wider than its column (Excel and WPS show ###), or a text wider than its
// column with a value in the next cell, so that it is cut off.
type Misfit struct {
	Sheet, Cell string
	Text        string  // as displayed, number format applied
	Need, Width float64 // display width of the text and the column width, in character cells
}

func (m Misfit) String() string {
	return fmt.Sprintf("%s!%s %q: needs %.0f, column is %.1f wide", m.Sheet, m.Cell, m.Text, m.Need, m.Width)
}

// Misfits lists the cells of f that do not show whole. A cell whose style
// wraps its text, an empty cell and a text with nothing to its right (it
// runs on over the empty cells) fit; a merged range counts the width of
// all its columns. Widths are estimates: a digit or a Latin letter is one
// character cell, a Chinese character two (DisplayWidth).
func Misfits(f *excelize.File) ([]Misfit, error) {
	var out []Misfit
	// How a style shows a cell: wrapped text; a number in the General
	// format, which drops decimals to fit and shows ### only when its
	// whole part does not fit.
	type look struct{ wrap, general bool }
	looks := map[int]look{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			return nil, err
		}
		raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		merged, err := mergedWidths(f, sheet)
		if err != nil {
			return nil, err
		}
		widths := map[int]float64{}
		colWidth := func(c int) (float64, error) {
			if w, ok := widths[c]; ok {
				return w, nil
			}
			name, err := excelize.ColumnNumberToName(c)
			if err != nil {
				return 0, err
			}
			w, err := f.GetColWidth(sheet, name)
			widths[c] = w
			return w, err
		}
		for r, row := range rows {
			for c, text := range row {
				if text == "" {
					continue
				}
				cell, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return nil, err
				}
				w, inMerge := merged[cell]
				if !inMerge {
					if w, err = colWidth(c + 1); err != nil {
						return nil, err
					}
				} else if w == 0 {
					continue // inside a merged range, not its first cell
				}
				need := textWidth(text)
				if need <= w {
					continue
				}
				style, err := f.GetCellStyle(sheet, cell)
				if err != nil {
					return nil, err
				}
				look, ok := looks[style]
				if !ok {
					st, err := f.GetStyle(style)
					if err != nil {
						return nil, err
					}
					look.wrap = st != nil && st.Alignment != nil && st.Alignment.WrapText
					look.general = st == nil || (st.NumFmt == 0 && (st.CustomNumFmt == nil || *st.CustomNumFmt == "" || *st.CustomNumFmt == "General"))
					looks[style] = look
				}
				if look.wrap {
					continue
				}
				typ, err := f.GetCellType(sheet, cell)
				if err != nil {
					return nil, err
				}
				number := typ == excelize.CellTypeNumber
				if typ == excelize.CellTypeUnset && r < len(raw) && c < len(raw[r]) {
					_, e := strconv.ParseFloat(raw[r][c], 64)
					number = e == nil
				}
				if !number && (c+1 >= len(row) || row[c+1] == "") {
					continue // a text runs on over the empty cell to its right
				}
				if number && look.general {
					whole, _, _ := strings.Cut(text, ".")
					if strings.ContainsAny(text, "eE") || textWidth(whole) <= w {
						continue // shown with fewer decimals
					}
				}
				out = append(out, Misfit{Sheet: sheet, Cell: cell, Text: text, Need: need, Width: w})
			}
		}
	}
	return out, nil
}

// mergedWidths maps the first cell of each merged range of sheet to the
// width of all its columns, and every other cell of the range to 0.
func mergedWidths(f *excelize.File, sheet string) (map[string]float64, error) {
	ranges, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, m := range ranges {
		c1, r1, err := excelize.CellNameToCoordinates(m.GetStartAxis())
		if err != nil {
			return nil, err
		}
		c2, r2, err := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err != nil {
			return nil, err
		}
		w := 0.0
		for c := c1; c <= c2; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			cw, err := f.GetColWidth(sheet, name)
			if err != nil {
				return nil, err
			}
			w += cw
		}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				name, _ := excelize.CoordinatesToCellName(c, r)
				out[name] = 0
			}
		}
		out[m.GetStartAxis()] = w
	}
	return out, nil
}
