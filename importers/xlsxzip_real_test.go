package importers

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestRealXLSXAsExcelize reads every real workbook of the evaluation data
// (see real_test.go; skipped when absent) with the reader of xlsxzip.go
// and with excelize, and compares sheets, rows, cells and merged ranges;
// it logs the largest of each, which the defaults of Limits exceed by far.
func TestRealXLSXAsExcelize(t *testing.T) {
	if _, err := os.Stat("../../shared/data"); err != nil {
		t.Skip("evaluation data not available: ", err)
	}
	var files []string
	filepath.Walk("../../shared/data", func(p string, info os.FileInfo, err error) error {
		if err == nil && filepath.Ext(p) == ".xlsx" {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("no workbooks")
	}
	t.Logf("%d files", len(files))
	maxRows, maxCols, maxMerged, maxSST, maxText := 0, 0, 0, 0, 0
	for _, p := range files {
		data, _ := os.ReadFile(p)
		wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		b, err := openXLSX(data, p, DefaultLimits)
		if err != nil {
			t.Fatal(p, err)
		}
		maxSST = max(maxSST, len(b.sst))
		names := wb.GetSheetList()
		if len(names) != len(b.sheets) {
			t.Errorf("%s: sheets %v vs %d", p, names, len(b.sheets))
		}
		for i, sh := range names {
			if b.sheets[i].name != sh {
				t.Errorf("%s: sheet %q vs %q", p, sh, b.sheets[i].name)
			}
			want, _ := wb.GetRows(sh, excelize.Options{RawCellValue: true})
			sc, err := b.openSheet(b.sheets[i])
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for {
				row, cells, ok, err := sc.next()
				if err != nil {
					t.Fatal(p, err)
				}
				if !ok {
					break
				}
				for len(got) < row-1 {
					got = append(got, nil)
				}
				d, _ := denseRow(cells)
				got = append(got, d)
				maxCols = max(maxCols, len(d))
				for _, c := range d {
					maxText = max(maxText, len(c))
				}
			}
			maxRows = max(maxRows, len(got))
			for len(want) > 0 && len(want[len(want)-1]) == 0 {
				want = want[:len(want)-1]
			}
			if len(got) != len(want) {
				t.Errorf("%s %s: %d rows vs %d", p, sh, len(got), len(want))
			}
			for r := range min(len(got), len(want)) {
				w := want[r]
				g := got[r]
				for len(w) > 0 && w[len(w)-1] == "" {
					w = w[:len(w)-1]
				}
				if !slices.Equal(g, w) {
					t.Errorf("%s %s row %d:\n got %q\nwant %q", p, sh, r+1, g, w)
					break
				}
			}
			mc, _ := wb.GetMergeCells(sh, true)
			if len(mc) != len(sc.merges) {
				t.Errorf("%s %s: %d merges vs %d", p, sh, len(sc.merges), len(mc))
			}
			area := 0
			for _, m := range sc.merges {
				area += (m.r2 - m.r1 + 1) * (m.c2 - m.c1 + 1)
			}
			maxMerged = max(maxMerged, area)
			sc.close()
		}
		wb.Close()
	}
	t.Logf("largest: %d rows, %d columns, %d merged cells, %d shared strings, %d bytes of a cell's text", maxRows, maxCols, maxMerged, maxSST, maxText)
}
