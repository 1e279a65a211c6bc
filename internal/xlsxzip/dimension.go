package xlsxzip

import (
	"bytes"
	"regexp"

	"github.com/cityscore/cityscore/dataset"
)

// A worksheet's <dimension ref="A1:H301"/> states the range its cells
// use. excelize writes "A1" whatever a sheet holds, and a reader may
// believe it: openpyxl's read-only mode, the practical way to read a large
// workbook in Python, then sees one cell of every sheet. So the parts of
// a normalised workbook state the range of their cells (ECMA-376 Part 1,
// §18.3.1.35).

// A CellRange is a rectangle of cells, 1-based and inclusive. The zero
// CellRange holds no cell.
type CellRange struct {
	Row1, Col1, Row2, Col2 int
}

// Empty reports whether r holds no cell.
func (r CellRange) Empty() bool { return r.Row2 == 0 }

// Union returns the smallest range that holds r and o.
func (r CellRange) Union(o CellRange) CellRange {
	switch {
	case r.Empty():
		return o
	case o.Empty():
		return r
	}
	return CellRange{min(r.Row1, o.Row1), min(r.Col1, o.Col1), max(r.Row2, o.Row2), max(r.Col2, o.Col2)}
}

// Ref returns r as a dimension states it: "A1:H301", one cell's name when
// r is one cell, "A1" when it is empty (as Excel writes an empty sheet).
func (r CellRange) Ref() string {
	if r.Empty() {
		return "A1"
	}
	b := dataset.AppendCellName(nil, r.Col1, r.Row1)
	if r.Row1 != r.Row2 || r.Col1 != r.Col2 {
		b = dataset.AppendCellName(append(b, ':'), r.Col2, r.Row2)
	}
	return string(b)
}

// UsedRange returns the range of the cells in the <sheetData> of the
// worksheet part, as their r attributes give them. ok is false when the
// part has no <sheetData>, or a cell without a reference, whose place
// only the cells before it tell.
func UsedRange(part []byte) (r CellRange, ok bool) {
	start := bytes.Index(part, []byte("<sheetData"))
	if start < 0 {
		return CellRange{}, false
	}
	data := part[start:]
	if end := bytes.Index(data, []byte("</sheetData>")); end >= 0 {
		data = data[:end]
	}
	for {
		i := bytes.Index(data, []byte("<c"))
		if i < 0 {
			return r, true
		}
		data = data[i+2:]
		if len(data) == 0 || (data[0] != ' ' && data[0] != '>' && data[0] != '/') {
			continue // <col…>, <cfRule…>: not a cell
		}
		tag := data
		if end := bytes.IndexByte(tag, '>'); end >= 0 {
			tag = tag[:end]
		}
		col, row, found := cellRef(tag)
		if !found {
			return CellRange{}, false
		}
		r = r.Union(CellRange{row, col, row, col})
	}
}

// cellRef reads the r="B12" attribute of a cell's start tag (after "<c").
func cellRef(tag []byte) (col, row int, ok bool) {
	i := bytes.Index(tag, []byte(` r="`))
	if i < 0 {
		return 0, 0, false
	}
	ref := tag[i+4:]
	j := 0
	for ; j < len(ref) && 'A' <= ref[j] && ref[j] <= 'Z'; j++ {
		col = col*26 + int(ref[j]-'A') + 1
	}
	k := j
	for ; k < len(ref) && '0' <= ref[k] && ref[k] <= '9'; k++ {
		row = row*10 + int(ref[k]-'0')
	}
	if j == 0 || j > 3 || k == j || k-j > 7 || k >= len(ref) || ref[k] != '"' || row == 0 {
		return 0, 0, false
	}
	return col, row, true
}

// dimension is the <dimension> element of a worksheet.
var dimension = regexp.MustCompile(`<dimension\s+ref="[^"]*"\s*(?:/>|>\s*</dimension>)`)

// SetDimension returns part with the ref of its <dimension> element set to
// r's; part as it is when it has none.
func SetDimension(part []byte, r CellRange) []byte {
	loc := dimension.FindIndex(part)
	if loc == nil {
		return part
	}
	elem := `<dimension ref="` + r.Ref() + `"/>`
	if string(part[loc[0]:loc[1]]) == elem {
		return part
	}
	out := make([]byte, 0, len(part)+len(elem))
	out = append(out, part[:loc[0]]...)
	out = append(out, elem...)
	return append(out, part[loc[1]:]...)
}
