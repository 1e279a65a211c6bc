package importers

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/indicators"
)

// bigSheet is a workbook of one sheet of units × cols written as Excel
// writes it (r= references, shared strings for the unit column, blank
// cells left out), for benchData's framework: a city column, a year column
// and cols numbers.
func bigSheet(tb testing.TB, units, cols int) []byte {
	tb.Helper()
	return bigSheetOf(tb, units, cols, func(i, j int) string {
		if (i+j)%31 == 7 {
			return "" // a blank cell
		}
		return fmt.Sprintf(`<c r="%s"><v>%g</v></c>`, cellName(j+3, i+2), float64(i*cols+j)*1.25+0.5)
	})
}

// bigSheetOf is bigSheet with the cell of unit i and number j (0-based)
// written by cell.
func bigSheetOf(tb testing.TB, units, cols int, cell func(i, j int) string) []byte {
	tb.Helper()
	var sst strings.Builder
	var ws strings.Builder
	sst.WriteString(xmlHead + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	_, rows := benchData(tb, 1, cols)
	header := rows[0]
	ws.WriteString(`<row r="1">`)
	for j, h := range header {
		fmt.Fprintf(&ws, `<c r="%s" t="s"><v>%d</v></c>`, cellName(j+1, 1), j)
		fmt.Fprintf(&sst, `<si><t>%s</t></si>`, h)
	}
	ws.WriteString(`</row>`)
	for i := range units {
		r := i + 2
		fmt.Fprintf(&ws, `<row r="%d" spans="1:%d">`, r, cols+2)
		fmt.Fprintf(&ws, `<c r="A%d" t="s"><v>%d</v></c><c r="B%d"><v>2020</v></c>`, r, len(header)+i, r)
		fmt.Fprintf(&sst, `<si><t>城市%06d</t></si>`, i)
		for j := range cols {
			ws.WriteString(cell(i, j))
		}
		ws.WriteString(`</row>`)
	}
	sst.WriteString(`</sst>`)
	return rawBook{sheet: wsXML(ws.String(), ""), sst: sst.String()}.build(tb)
}

// BenchmarkReadBigSheet reads a generated sheet of 20,000 rows × 50
// numbers by the fast path and, for comparison, by the encoding/xml path.
func BenchmarkReadBigSheet(b *testing.B) {
	fw, _ := benchData(b, 1, 50)
	data := bigSheet(b, 20_000, 50)
	for _, path := range []struct {
		name string
		fast bool
	}{{"fast", true}, {"encoding-xml", false}} {
		b.Run(path.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				tab, _, err := readWorkbookWith(data, "big.xlsx", Options{Framework: fw}, path.fast)
				if err != nil {
					b.Fatal(err)
				}
				if tab.Len() != 20_000 {
					b.Fatalf("%d rows", tab.Len())
				}
			}
		})
	}
}

// perfInput returns the path of a benchmark workbook of perf-gen (W1.xlsx,
// W2.xlsx) in CITYSCORE_PERF_DIR and the framework that matches its
// headers (cmd/cityscore/testdata/perf); it skips without them.
func perfInput(tb testing.TB, file, framework string) (string, *indicators.Framework) {
	tb.Helper()
	dir := os.Getenv("CITYSCORE_PERF_DIR")
	if dir == "" {
		tb.Skip("CITYSCORE_PERF_DIR is not set (a folder holding perf-gen's W1.xlsx and W2.xlsx)")
	}
	path := filepath.Join(dir, file)
	if _, err := os.Stat(path); err != nil {
		tb.Skip(err)
	}
	y, err := os.ReadFile(filepath.Join("..", "cmd", "cityscore", "testdata", "perf", framework))
	if err != nil {
		tb.Fatal(err)
	}
	fw, err := indicators.Parse(y, framework)
	if err != nil {
		tb.Fatal(err)
	}
	return path, fw
}

// BenchmarkPerfWorkbooks reads perf-gen's W1 (10 sheets × 300 × 80) and
// W2 (200,000 × 50) from CITYSCORE_PERF_DIR. The peer figures (issue 15,
// this machine): R readxl reads W1 in 1.02 s and W2 in 25.4 s, pandas W2
// in 68.9 s.
func BenchmarkPerfWorkbooks(b *testing.B) {
	for _, w := range []struct{ file, framework string }{{"W1.xlsx", "w1.yaml"}, {"W2.xlsx", "w2.yaml"}} {
		b.Run(strings.TrimSuffix(w.file, ".xlsx"), func(b *testing.B) {
			path, fw := perfInput(b, w.file, w.framework)
			data, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := ReadWorkbook(bytes.NewReader(data), path, Options{Framework: fw}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestPerfChecksums reads W1 and W2 from CITYSCORE_PERF_DIR and checks
// every value against perf-gen's checksums.txt: per sheet, the sum of the
// values and the number of blank cells.
func TestPerfChecksums(t *testing.T) {
	for _, w := range []struct{ file, framework, name string }{{"W1.xlsx", "w1.yaml", "W1"}, {"W2.xlsx", "w2.yaml", "W2"}} {
		t.Run(w.name, func(t *testing.T) {
			path, fw := perfInput(t, w.file, w.framework)
			sums, err := os.ReadFile(filepath.Join(filepath.Dir(path), "checksums.txt"))
			if err != nil {
				t.Skip(err)
			}
			tab, _, err := ReadFile(path, Options{Framework: fw})
			if err != nil {
				t.Fatal(err)
			}
			type total struct {
				sum    float64
				blanks int
			}
			got := map[string]*total{}
			for i, k := range tab.Keys() {
				sheet := "Sheet1"
				if k.Year != 0 {
					sheet = strconv.Itoa(k.Year)
				}
				if got[sheet] == nil {
					got[sheet] = &total{}
				}
				for _, c := range tab.Columns() {
					if v, ok := c.Value(i); ok {
						got[sheet].sum += v
					} else {
						got[sheet].blanks++
					}
				}
			}
			n := 0
			for _, line := range strings.Split(string(sums), "\n") {
				var file, sheet string
				var sum float64
				var blanks int
				if _, err := fmt.Sscanf(line, "%s %s sum=%g blanks=%d", &file, &sheet, &sum, &blanks); err != nil || file != w.name {
					continue
				}
				n++
				g := got[sheet]
				if g == nil || g.blanks != blanks || math.Abs(g.sum-sum) > 1e-9*math.Abs(sum) {
					t.Errorf("sheet %s: %+v, want sum %v, %d blanks", sheet, g, sum, blanks)
				}
			}
			if n == 0 || n != len(got) {
				t.Errorf("%d sheets checked, %d read", n, len(got))
			}
		})
	}
}
