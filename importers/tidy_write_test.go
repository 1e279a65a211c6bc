package importers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
)

// hostileRows are panel rows whose text fields a spreadsheet would
// evaluate, beside negative numbers.
var hostileRows = []PanelRow{
	{Unit: "=HYPERLINK(\"http://x\",\"y\")", Year: 2023, Variable: "gdp", Value: -2.5, MeasureUnit: "亿元", Scope: "全市", Source: "@x.csv!C2"},
	{Unit: "-2+3", Code: "110000", Year: 2023, Variable: "gdp", Value: -0.1, MeasureUnit: "+1天", Source: "x.csv!C3"},
	{Unit: "北京市", Year: 2023, Variable: "gdp", Value: math.NaN(), Source: "\tx.csv!C4"},
}

// TestWritePanelCSVFormulaInjection: unit names and other text that a
// spreadsheet would evaluate get a leading ', numbers do not; the raw
// writer leaves every field as it is.
func TestWritePanelCSVFormulaInjection(t *testing.T) {
	for _, raw := range []bool{false, true} {
		var b bytes.Buffer
		write := WritePanelCSV
		if raw {
			write = WritePanelCSVRaw
		}
		if err := write(&b, hostileRows); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
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
