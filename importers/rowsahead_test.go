package importers

import (
	"fmt"
	"testing"
)

// TestRowsAhead: a sheet whose rows are read ahead on a goroutine
// (rowsAhead) gives the table, report and error of the same sheet read in
// line: the fast path's cases, and sheets of several batches that are
// plain, hold junk enough to stop the reading part way (maxCellErrors),
// or turn to the encoding/xml path late (a cell out of order, XML cut
// short).
func TestRowsAhead(t *testing.T) {
	defer func(n int) { aheadRows = n }(aheadRows)
	fw, _ := benchData(t, 1, 12)
	const units = 4*aheadBatch + 5
	number := func(i, j int) string {
		if (i+j)%31 == 7 {
			return "" // a blank cell
		}
		return fmt.Sprintf(`<c r="%s"><v>%g</v></c>`, cellName(j+3, i+2), float64(i*12+j)*1.25+0.5)
	}
	type book struct {
		name string
		data []byte
		opt  Options
	}
	books := []book{
		{"plain", bigSheetOf(t, units, 12, number), Options{Framework: fw}},
		{"junk", bigSheetOf(t, 1000, 12, func(i, j int) string {
			if i < 100 {
				return number(i, j)
			}
			return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>x%d</t></is></c>`, cellName(j+3, i+2), i)
		}), Options{Framework: fw}},
		{"out of order", bigSheetOf(t, units, 12, func(i, j int) string {
			if i == 3*aheadBatch && j == 5 {
				return fmt.Sprintf(`<c r="%s"><v>1</v></c>`, cellName(2, i+2))
			}
			return number(i, j)
		}), Options{Framework: fw}},
		{"cut short", bigSheetOf(t, units, 12, func(i, j int) string {
			if i == 3*aheadBatch && j == 5 {
				return fmt.Sprintf(`<c r="%s"><v>1</v>`, cellName(j+3, i+2))
			}
			return number(i, j)
		}), Options{Framework: fw}},
	}
	for _, tt := range fastCases {
		books = append(books, book{tt.name, fastBook(t, tt.sheet), Options{Framework: framework(t), Limits: fuzzLimits, Year: 2020}})
	}
	for _, b := range books {
		aheadRows = 1 << 30
		tab, rep, err := readWorkbook(b.data, "f.xlsx", b.opt)
		aheadRows = 0
		atab, arep, aerr := readWorkbook(b.data, "f.xlsx", b.opt)
		sameRead(t, b.name+": ", "read in line", atab, arep, aerr, tab, rep, err)
	}
}
