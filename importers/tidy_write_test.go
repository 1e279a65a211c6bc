package importers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/internal/csvsafe"
)

// hostileRows are panel rows whose text fields a spreadsheet would
// evaluate, beside negative numbers.
var hostileRows = []PanelRow{
	{Unit: "=HYPERLINK(\"http://x\",\"y\")", Year: 2023, Variable: "gdp", Value: -2.5, MeasureUnit: "亿元", Scope: "全市", Source: "@x.csv!C2"},
	{Unit: "-2+3", Code: "110000", Year: 2023, Variable: "gdp", Value: -0.1, MeasureUnit: "+1天", Source: "x.csv!C3"},
	{Unit: "北京市", Year: 2023, Variable: "gdp", Value: math.NaN(), Source: "\tx.csv!C4"},
}

// panelRecords writes rows with WritePanelCSV (WritePanelCSVRaw when raw)
// and reads the CSV back.
func panelRecords(t *testing.T, rows []PanelRow, raw bool) [][]string {
	t.Helper()
	var b bytes.Buffer
	write := WritePanelCSV
	if raw {
		write = WritePanelCSVRaw
	}
	if err := write(&b, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestWritePanelCSVFormulaInjection: unit names and other text that a
// spreadsheet would evaluate get a leading ', numbers do not; the raw
// writer leaves every field as it is.
func TestWritePanelCSVFormulaInjection(t *testing.T) {
	for _, raw := range []bool{false, true} {
		recs := panelRecords(t, hostileRows, raw)
		q := "'"
		if raw {
			q = ""
		}
		want := [][]string{
			PanelHeader,
			{q + `=HYPERLINK("http://x","y")`, "", "2023", "gdp", "-2.5", "亿元", "全市", q + "@x.csv!C2"},
			{q + "-2+3", "110000", "2023", "gdp", "-0.1", q + "+1天", "", "x.csv!C3"},
			{"北京市", "", "2023", "gdp", "", "", "", q + "\tx.csv!C4"},
		}
		for i := range want {
			if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
				t.Errorf("raw %v, row %d: %q, want %q", raw, i, recs[i], want[i])
			}
		}
	}
}

// TestWritePanelXLSXReproducible: the same rows give the same bytes.
func TestWritePanelXLSXReproducible(t *testing.T) {
	var first []byte
	for range 8 {
		var b bytes.Buffer
		if err := WritePanelXLSX(&b, hostileRows); err != nil {
			t.Fatal(err)
		}
		if first != nil && !bytes.Equal(first, b.Bytes()) {
			t.Fatal("two panels of the same rows differ")
		}
		first = b.Bytes()
	}
	// The sheet states the range of its cells: a reader may believe it.
	f, err := excelize.OpenReader(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if dim, err := f.GetSheetDimension("panel"); err != nil || dim != "A1:H4" {
		t.Errorf("dimension %q (%v), want A1:H4", dim, err)
	}
}

// TestWritePanelXLSXRowLimit: more rows than a sheet holds is an error
// that says so, before anything is written.
func TestWritePanelXLSXRowLimit(t *testing.T) {
	defer func(n int) { panelRowLimit = n }(panelRowLimit)
	panelRowLimit = 3 // the header and two rows
	var b bytes.Buffer
	err := WritePanelXLSX(&b, hostileRows)
	if err == nil || !strings.Contains(err.Error(), "3 rows") || !strings.Contains(err.Error(), "CSV") || b.Len() > 0 {
		t.Errorf("error %v (%d bytes written)", err, b.Len())
	}
}

// The panel written from the table row by row, and its report, are those
// of the rows Panel builds: for tables with and without codes, years,
// missing cells and a hostile file name.
func TestWriteTablePanelCSV(t *testing.T) {
	inputs := map[string]string{
		"a.csv":            "城市,年份,gdp,pop\n北京,2019,1,2\n深圳,2019,,3\n河北省,2020,4,-\n",
		"=cmd|' /C x'.csv": "unit,gdp\n=A,1.5\n-B,-2\n",
	}
	for name, in := range inputs {
		for _, opt := range []Options{{Framework: framework(t)}, {Framework: cnCityFW(t), AllowUnknownUnits: true}} {
			tab, rep, err := ReadCSV(strings.NewReader(in), name, opt)
			if err != nil {
				t.Logf("%s: %v", name, err)
				continue
			}
			rows := Panel(tab)
			if PanelLen(tab) != len(rows) {
				t.Errorf("%s: PanelLen %d, Panel %d rows", name, PanelLen(tab), len(rows))
			}
			for _, raw := range []bool{false, true} {
				var want, got bytes.Buffer
				write := WritePanelCSV
				if raw {
					write = WritePanelCSVRaw
				}
				if err := write(&want, rows); err != nil {
					t.Fatal(err)
				}
				if err := WriteTablePanelCSV(&got, tab, raw); err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Errorf("%s, raw %v: from the table\n%s\nfrom the rows\n%s", name, raw, got.String(), want.String())
				}
			}
			var want, got bytes.Buffer
			rep.PrintImport(&want, rows)
			rep.PrintImportTable(&got, tab)
			if got.String() != want.String() {
				t.Errorf("%s: report from the table\n%s\nfrom the rows\n%s", name, got.String(), want.String())
			}
		}
	}
}

// TestPrintImportCounts: the counts that open the import summary and the
// units without a city code, in the order of their first such row, come
// from one pass over the panel.
func TestPrintImportCounts(t *testing.T) {
	nan := math.NaN()
	rows := []PanelRow{
		{Unit: "杭州市", Code: "330100", Year: 2022, Variable: "gdp", Value: 1},
		{Unit: "某区", Year: 2022, Variable: "gdp", Value: nan},
		{Unit: "杭州市", Code: "330100", Year: 2023, Variable: "gdp", Value: 2},
		{Unit: "甲地", Year: 2023, Variable: "gdp", Value: 3, Flag: dataset.Invalid},
		{Unit: "某区", Year: 2023, Variable: "gdp", Value: 4},
		{Unit: "旧名", Code: "", Year: 2022, Variable: "gdp", Value: 5},
		{Unit: "旧名", Code: "110000", Year: 2023, Variable: "gdp", Value: 6},
	}
	var b bytes.Buffer
	if err := (&Report{}).PrintImport(&b, rows); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"years 2022, 2023",
		"4 units (2 cities with a city code), 5 values, 1 missing, 1 bad cell",
		"units without a city code (not a city name of their year; provinces, or names kept with --allow-unknown-units): 3\n  某区, 甲地, 旧名\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}

// TestWriteTablePanelCSVBlocks: a table of several blocks of rows, written
// by one worker or by several, gives the lines of the rows one by one, in
// order; a writer that fails part way stops the run with its error.
func TestWriteTablePanelCSVBlocks(t *testing.T) {
	defer func(n int) { panelBlockCells = n }(panelBlockCells)
	panelBlockCells = 128 // 64 rows of two variables
	var in strings.Builder
	in.WriteString("城市,年份,gdp,pop\n")
	units := 3*(panelBlockCells/2) + 17 // two variables: three blocks and part of a fourth
	for u := range units {
		// Missing and invalid cells, and names a spreadsheet would evaluate.
		name := fmt.Sprintf("单元%04d", u)
		if u%97 == 0 {
			name = fmt.Sprintf("=单元%04d", u)
		}
		fmt.Fprintf(&in, "%s,%d,%d.%d,", name, 2019+u%3, u, u%10)
		if u%13 != 0 {
			fmt.Fprintf(&in, "%d", u*7)
		} else if u%2 == 0 {
			in.WriteString("-")
		}
		in.WriteString("\n")
	}
	tab, _, err := ReadCSV(strings.NewReader(in.String()), "blocks.csv", Options{Framework: cnCityFW(t), AllowUnknownUnits: true})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() <= 3*panelBlockRows(tab) {
		t.Fatalf("%d rows, %d a block: fewer than the test needs", tab.Len(), panelBlockRows(tab))
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, raw := range []bool{false, true} {
		var want bytes.Buffer
		if err := writePanelLines(&want, raw, panelCells(tab)); err != nil {
			t.Fatal(err)
		}
		for _, procs := range []int{1, 2, 3, 8} {
			runtime.GOMAXPROCS(procs)
			var got bytes.Buffer
			if err := WriteTablePanelCSV(&got, tab, raw); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("raw %v, %d workers: the lines differ from one by one's", raw, procs)
			}
			for _, after := range []int{0, 100, want.Len() / 2} {
				fw := &failingWriter{left: after}
				if err := WriteTablePanelCSV(fw, tab, raw); !errors.Is(err, errWriteFailed) {
					t.Errorf("raw %v, %d workers, failing after %d bytes: %v", raw, procs, after, err)
				}
			}
		}
	}
}

var errWriteFailed = errors.New("disk full")

// failingWriter takes left bytes, then fails.
type failingWriter struct{ left int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.left {
		n := w.left
		w.left = 0
		return n, errWriteFailed
	}
	w.left -= len(p)
	return len(p), nil
}

// originsTable is a table of 300 rows whose columns hold origins that
// follow runs and break them in every way a reader of spans must follow:
// runs of several files and sheets (one a file name that needs quotes,
// one that a spreadsheet would evaluate), rows without an origin, a run
// that goes on in another column of cells, a value set out of order (the
// column then keeps an origin a row), and computed values.
func originsTable(t *testing.T) *dataset.Table {
	t.Helper()
	tab := dataset.New()
	const rows = 300
	for i := range rows {
		tab.AddRow(dataset.Key{Unit: dataset.UnitID(fmt.Sprintf("单元%03d", i)), Year: 2020 + i%2})
	}
	files := []string{"a.xlsx", "b, c.xlsx", "=x.csv", " d.xlsx", "-e.xlsx"}
	sheets := []string{"2020", "", "Sheet 1"}
	for k := range 6 {
		c := tab.AddColumn(dataset.VariableID(fmt.Sprintf("v%d", k)), "", "")
		for row := range rows {
			f := files[(row/(7+k))%len(files)]
			s := sheets[(row/(11+k))%len(sheets)]
			cell := row + 2 + row/(13+k) // a jump now and then
			col := 2 + k + row/(50+k)    // another column of cells
			if (row+k)%17 == 5 {
				c.Set(row, math.NaN(), dataset.Missing, dataset.Origin{}) // no origin
				continue
			}
			flag := dataset.Flag(0)
			if (row+k)%23 == 3 {
				flag = dataset.Computed
			}
			c.Set(row, float64(row)+0.5, flag, dataset.Origin{File: f, Sheet: s, Row: cell, Col: col})
		}
		if k%2 == 1 {
			c.Set(rows/2, 1, 0, dataset.Origin{File: "late.xlsx", Sheet: "S", Row: 9, Col: 9}) // out of order
		}
	}
	return tab
}

// TestPanelOriginsBySpan: the panel's cells, whose origins are looked up
// once a span, have each the origin Column.Origin gives its row, over the
// whole table and from any first row; PanelLen counts them.
func TestPanelOriginsBySpan(t *testing.T) {
	tab := originsTable(t)
	type cell struct {
		row int
		id  dataset.VariableID
		o   dataset.Origin
	}
	var want []cell
	for row := range tab.Len() {
		for _, c := range tab.Columns() {
			if o := c.Origin(row); o.File != "" && c.Flags[row]&dataset.Computed == 0 {
				want = append(want, cell{row, c.ID, o})
			}
		}
	}
	if n := PanelLen(tab); n != len(want) {
		t.Errorf("PanelLen %d, want %d", n, len(want))
	}
	for _, lo := range []int{0, 1, 7, 149, 150, 299} {
		var got []cell
		for r, o := range panelCellsOf(tab, lo, tab.Len()) {
			row, _ := tab.Row(dataset.Key{Unit: r.Unit, Year: r.Year})
			got = append(got, cell{row, r.Variable, o})
		}
		first := 0
		for first < len(want) && want[first].row < lo {
			first++
		}
		if !slices.Equal(got, want[first:]) {
			t.Errorf("from row %d: %d cells, want %d", lo, len(got), len(want)-first)
			for i := range min(len(got), len(want)-first) {
				if got[i] != want[first+i] {
					t.Errorf("first difference: %+v, want %+v", got[i], want[first+i])
					break
				}
			}
		}
	}
}

// TestPanelSourcePrefix: the panel CSV written from the table, whose
// sources reuse the text of the file and sheet before them, is the CSV of
// the rows whose sources are written whole, raw or guarded, for files that
// need quotes or the formula guard.
func TestPanelSourcePrefix(t *testing.T) {
	tab := originsTable(t)
	for _, raw := range []bool{false, true} {
		var want, got bytes.Buffer
		write := WritePanelCSV
		if raw {
			write = WritePanelCSVRaw
		}
		if err := write(&want, Panel(tab)); err != nil {
			t.Fatal(err)
		}
		if err := writePanelLines(&got, raw, panelCells(tab)); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("raw %v: lines differ\n%s", raw, firstDiff(got.String(), want.String()))
		}
		for _, quoted := range []string{`"b, c.xlsx#2020!`, `'=x.csv`, `" d.xlsx`} {
			if !raw && !strings.Contains(got.String(), quoted) {
				t.Errorf("no source %s in the panel", quoted)
			}
		}
	}
}

// firstDiff returns the first line where a and b differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n%s\nwant\n%s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(al), len(bl))
}

// TestWritePanelCSVLineStarts: lines of the same unit in other years or
// with another code, one after the other, each start with their own
// unit, code and year (the writer reuses the start of the line before
// while they are the same).
func TestWritePanelCSVLineStarts(t *testing.T) {
	rows := []PanelRow{
		{Unit: "旧名", Year: 2019, Variable: "gdp", Value: 1},
		{Unit: "旧名", Year: 2019, Variable: "pop", Value: 2},
		{Unit: "旧名", Year: 2020, Variable: "gdp", Value: 3},
		{Unit: "旧名", Code: "110000", Year: 2020, Variable: "gdp", Value: 4},
		{Unit: "旧名", Code: "110000", Variable: "gdp", Value: 5},
		{Unit: "新名", Code: "110000", Variable: "gdp", Value: 6},
		{Unit: "=新名", Code: "110000", Variable: "gdp", Value: 7},
	}
	for _, raw := range []bool{false, true} {
		recs := panelRecords(t, rows, raw)
		if len(recs) != len(rows)+1 {
			t.Fatalf("raw %v: %d records, want %d", raw, len(recs), len(rows)+1)
		}
		for i, r := range rows {
			want := r.fields(yearText(r.Year))
			if !raw {
				want[0] = csvsafe.Field(want[0])
			}
			if got := recs[i+1]; !slices.Equal(got[:5], want[:5]) {
				t.Errorf("raw %v, row %d: %q, want %q", raw, i, got[:5], want[:5])
			}
		}
	}
}
