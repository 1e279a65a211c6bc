package exporters

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/internal/csvsafe"
	"github.com/cityscore/cityscore/scoring"
)

// renameUnits renames the units of every year of o's result.
func renameUnits(o *Output, names map[dataset.UnitID]dataset.UnitID) {
	for _, y := range o.Result.Years {
		for i, u := range y.Units {
			if n, ok := names[u]; ok {
				y.Units[i] = n
			}
		}
	}
}

// hostile are unit names a spreadsheet would evaluate.
var hostile = map[dataset.UnitID]dataset.UnitID{
	"北京": `=HYPERLINK("http://x","y")`,
	"上海": "-2+3",
	"广州": "@SUM(A1)",
	"深圳": "+86 755 1234",
	"杭州": "\t=1",
}

// TestCSVFormulaInjection: every CSV writer quotes a field a spreadsheet
// would read as a formula, leaves numbers (negative z-scores) alone, and
// writes the fields as they are with RawCSV.
func TestCSVFormulaInjection(t *testing.T) {
	o := targetOutput(t)
	// z-scores give negative numbers in every score column.
	opt := scoring.DefaultOptions()
	opt.Normalize.NormalizeSpec = scoring.DefaultNormalizeSpec(scoring.NormZScore)
	opt.Targets.Values = map[string]map[int]float64{"pm25": {2025: 25}, "park_area": {2030: 16}}
	opt.Obstacles = false
	res, err := scoring.Run(o.Result.Schema, o.Table, opt)
	if err != nil {
		t.Fatal(err)
	}
	o.Result = res
	o.Detail = true
	renameUnits(o, hostile)
	// A node id that starts with =, for the weights CSV.
	res.Schema.Nodes[3].ID = "=cmd"
	writers := map[string]func(io.Writer, *Output) error{
		"scores": WriteCSV, "processed": WriteProcessedCSV, "changes": WriteChangesCSV,
		"targets": WriteTargetsCSV, "weights-applied": WriteWeightsAppliedCSV,
		"weights": func(w io.Writer, o *Output) error {
			if o.RawCSV {
				return WriteWeightsCSVRaw(w, o.Result)
			}
			return WriteWeightsCSV(w, o.Result)
		},
	}
	om := obstacleOutput(t)
	renameUnits(om, hostile)
	for name, write := range writers {
		for _, raw := range []bool{false, true} {
			o.RawCSV, om.RawCSV = raw, raw
			var buf bytes.Buffer
			if err := write(&buf, o); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			check(t, name, buf.Bytes(), raw, name != "weights")
		}
	}
	for _, raw := range []bool{false, true} {
		om.RawCSV = raw
		var buf bytes.Buffer
		if err := WriteObstaclesCSV(&buf, om); err != nil {
			t.Fatal(err)
		}
		check(t, "obstacles", buf.Bytes(), raw, true)
	}
}

// obstacleOutput is the test output with obstacle degrees.
func obstacleOutput(t *testing.T) *Output {
	t.Helper()
	o := testOutput(t, "")
	opt := scoring.DefaultOptions()
	opt.Obstacles = true
	res, err := scoring.Run(o.Result.Schema, o.Table, opt)
	if err != nil {
		t.Fatal(err)
	}
	o.Result = res
	return o
}

// check reads a CSV and checks its fields: no field a spreadsheet would
// evaluate, unless raw; negative numbers as numbers; the hostile unit
// names quoted (or, raw, as they are).
func check(t *testing.T, name string, b []byte, raw, units bool) {
	t.Helper()
	recs := readCSV(t, b)
	negative, seen, bad := false, map[string]bool{}, map[string]bool{}
	for _, rec := range recs {
		for _, f := range rec {
			seen[f] = true
			if f == "" {
				continue
			}
			if csvsafe.IsNumber(f) {
				negative = negative || f[0] == '-'
				continue
			}
			if !raw && strings.ContainsRune("=+-@\t\r", rune(f[0])) {
				bad[f] = true
			}
		}
	}
	if len(bad) > 0 {
		t.Errorf("%s: fields a spreadsheet would evaluate: %q", name, slices.Sorted(maps.Keys(bad)))
	}
	if !units {
		want := "'=cmd"
		if raw {
			want = "=cmd"
		}
		if !seen[want] {
			t.Errorf("%s (raw %v): no field %q", name, raw, want)
		}
		return
	}
	for _, u := range hostile {
		want := "'" + string(u)
		if raw {
			want = string(u)
		}
		if !seen[want] {
			t.Errorf("%s (raw %v): no field %q", name, raw, want)
		}
	}
	if name == "scores" && !negative {
		t.Errorf("%s: no negative number to leave alone", name)
	}
}

// TestWorkbookReproducible: the same output gives the same bytes, every
// time (excelize writes the streamed sheets and the default content types
// in map order).
func TestWorkbookReproducible(t *testing.T) {
	o := targetOutput(t)
	var first []byte
	for range 8 {
		var buf bytes.Buffer
		if err := WriteWorkbook(&buf, o); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = buf.Bytes()
			continue
		}
		if !bytes.Equal(first, buf.Bytes()) {
			t.Fatal("two workbooks of the same output differ")
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part %s", zr.File[0].Name)
	}
	if _, err := excelize.OpenReader(bytes.NewReader(first)); err != nil {
		t.Fatal(err)
	}
}

// TestWorkbookLongUnit: a unit name over 255 characters (wider than a
// column may be) is written; one over the 32,767 characters of a cell is
// an error that names the unit, shortened, and the sheet.
func TestWorkbookLongUnit(t *testing.T) {
	o := testOutput(t, "")
	long := strings.Repeat("长", 300)
	renameUnits(o, map[dataset.UnitID]dataset.UnitID{"北京": dataset.UnitID(long)})
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, o); err != nil {
		t.Fatalf("300 characters: %v", err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	rows, _ := f.GetRows(f.GetSheetName(1))
	for _, r := range rows {
		found = found || len(r) > 1 && r[1] == long
	}
	if !found {
		t.Error("the long unit name is not on the Ranking sheet")
	}

	o = testOutput(t, "en")
	huge := "市" + strings.Repeat("长", 40000)
	renameUnits(o, map[dataset.UnitID]dataset.UnitID{"北京": dataset.UnitID(huge)})
	err = WriteWorkbook(io.Discard, o)
	if err == nil {
		t.Fatal("a unit name of 40,001 characters: no error")
	}
	msg := err.Error()
	if !strings.Contains(msg, `"市长长`) || !strings.Contains(msg, "Ranking") || !strings.Contains(msg, "40001") || len(msg) > 300 {
		t.Errorf("error %q: want the unit (quoted, shortened), its length and the sheet", msg)
	}
}

// TestWorkbookRowLimit: a sheet that would hold more rows than Excel's
// 1,048,576 is an error that names the sheet (tables continue on a new
// sheet long before; here splitRows is set past the limit).
func TestWorkbookRowLimit(t *testing.T) {
	defer func(n int) { splitRows = n }(splitRows)
	splitRows = excelize.TotalRows
	o := testOutput(t, "en")
	f := excelize.NewFile()
	defer f.Close()
	b := &book{f: f, g: "en", o: o, r: o.Result}
	tb, err := b.stream("Indicators", []column{{header: "unit"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	tb.row = excelize.TotalRows - 1
	if err := tb.add([]any{"last"}); err != nil {
		t.Fatalf("row %d: %v", excelize.TotalRows, err)
	}
	err = tb.add([]any{"one too many"})
	if err == nil || !strings.Contains(err.Error(), `"Indicators"`) || !strings.Contains(err.Error(), strconv.Itoa(excelize.TotalRows)) {
		t.Fatalf("row %d: error %v, want one naming the sheet and the limit", excelize.TotalRows+1, err)
	}
	if !errors.Is(err, ErrTooManyRows) {
		t.Errorf("error %v is not ErrTooManyRows", err)
	}
}
