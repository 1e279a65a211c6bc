package importers

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
)

// Limits on the workbooks read: an .xlsx is a zip, and a small upload can
// unzip to gigabytes.
const (
	maxUnzipSize    = 256 << 20 // all parts of the workbook, unzipped
	maxUnzipXMLSize = 64 << 20  // one worksheet held in memory; larger ones stream from a temporary file
)

// sheetYear returns the four-digit year (1000–2999) a sheet name holds:
// 2019, 2019年, data2020. It returns 0 when the name holds none, or several
// different ones (2019-2020). Longer runs of digits are not years.
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

// readWorkbook reads an .xlsx workbook.
func readWorkbook(data []byte, name string, opt Options) (*dataset.Table, *Report, error) {
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: maxUnzipSize, UnzipXMLSizeLimit: maxUnzipXMLSize})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	defer wb.Close()

	f := newFileReader(name, FormatXLSX, opt)
	sheets := wb.GetSheetList()
	type toRead struct {
		name string
		year int
	}
	var read []toRead
	for _, sh := range sheets {
		if y := sheetYear(sh); y != 0 {
			read = append(read, toRead{sh, y})
		}
	}
	if len(read) > 0 {
		for _, sh := range sheets {
			if sheetYear(sh) == 0 {
				f.info.Skipped = append(f.info.Skipped, SkippedSheet{Name: sh, Reason: "no year in the sheet name"})
			}
		}
	} else if len(sheets) > 0 {
		read = append(read, toRead{sheets[0], 0})
		for _, sh := range sheets[1:] {
			f.info.Skipped = append(f.info.Skipped, SkippedSheet{Name: sh, Reason: "not the first sheet, and no sheet is named for a year"})
		}
	}
	pct := percentStyles(wb)
	for _, sh := range read {
		if err := readSheet(wb, f, sh.name, sh.year, pct); err != nil {
			_, rep, _ := f.finish()
			return nil, rep, err
		}
	}
	return f.finish()
}

// yearbookProbe is the number of rows read before deciding whether a sheet
// is a yearbook table (see detectYearbook).
const yearbookProbe = 40

// readSheet streams one worksheet into f. Its first rows decide the layout:
// a yearbook table is held in memory with its merged cells and read by
// readYearbook; any other sheet streams through a sheetReader.
func readSheet(wb *excelize.File, f *fileReader, sheet string, year int, pct map[int]bool) error {
	rows, err := wb.Rows(sheet)
	if err != nil {
		return fmt.Errorf("%s: sheet %s: %w", f.name, sheet, err)
	}
	defer rows.Close()
	s := f.newSheet(sheet, year)
	defer s.done()
	if len(pct) > 0 {
		s.percentStyled = func(row, col int) bool {
			cell, err := excelize.CoordinatesToCellName(col, row)
			if err != nil {
				return false
			}
			st, err := wb.GetCellStyle(sheet, cell)
			if err != nil || !pct[st] {
				return false
			}
			t, err := wb.GetCellType(sheet, cell)
			return err == nil && (t == excelize.CellTypeNumber || t == excelize.CellTypeUnset)
		}
	}
	const (
		probing = iota
		yearbook
		generic
	)
	mode, hdr := probing, 0
	var buf [][]string
	decide := func() error {
		if h, ok := detectYearbook(buf); ok {
			mode, hdr = yearbook, h
			return nil
		}
		mode = generic
		for i, cells := range buf {
			if err := s.row(i+1, cells); err != nil {
				return err
			}
		}
		buf = nil
		return nil
	}
	for row := 1; rows.Next(); row++ {
		cells, err := rows.Columns()
		if err != nil {
			return fmt.Errorf("%s: %s!%s: %w", f.name, sheetRef(sheet), cellName(0, row), err)
		}
		if mode == generic {
			if err := s.row(row, cells); err != nil {
				return err
			}
			continue
		}
		buf = append(buf, cells)
		if mode == probing && len(buf) == yearbookProbe {
			if err := decide(); err != nil {
				return err
			}
		}
	}
	if err := rows.Error(); err != nil {
		return fmt.Errorf("%s: sheet %s: %w", f.name, sheet, err)
	}
	if mode == probing {
		if err := decide(); err != nil {
			return err
		}
	}
	if mode != yearbook {
		return nil
	}
	g := &grid{sheet: sheet, rows: buf}
	merges, err := wb.GetMergeCells(sheet, true)
	if err != nil {
		return fmt.Errorf("%s: sheet %s: %w", f.name, sheet, err)
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		g.merges = append(g.merges, span{r1 - 1, c1 - 1, r2 - 1, c2 - 1})
	}
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

// percentStyles returns the cell styles of wb whose number format shows a
// percentage: the built-in formats 9 (0%) and 10 (0.00%), or a custom
// format with a % outside quotes.
func percentStyles(wb *excelize.File) map[int]bool {
	pct := map[int]bool{}
	for i := 0; ; i++ {
		st, err := wb.GetStyle(i)
		if err != nil || st == nil {
			break
		}
		if st.NumFmt == 9 || st.NumFmt == 10 || (st.CustomNumFmt != nil && percentFormat(*st.CustomNumFmt)) {
			pct[i] = true
		}
	}
	return pct
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
