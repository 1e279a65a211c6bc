package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// csvToParquet writes the CSV file at src as a Parquet file: unit a
// string, year INT32, every other column DOUBLE (null when empty), as
// DuckDB's COPY of the CSV would type them.
func csvToParquet(t *testing.T, src, dst string) {
	t.Helper()
	recs := readCSVFile(t, src)
	order := recs[0]
	g := orderedGroup{Group: parquet.Group{}, order: order}
	for i, h := range order {
		switch {
		case i == 0:
			g.Group[h] = parquet.String()
		case h == "year":
			g.Group[h] = parquet.Optional(parquet.Int(32))
		default:
			g.Group[h] = parquet.Optional(parquet.Leaf(parquet.DoubleType))
		}
	}
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[any](&buf, parquet.NewSchema("t", g), parquet.MaxRowsPerRowGroup(7))
	for _, rec := range recs[1:] {
		row := make(parquet.Row, len(rec))
		for i, s := range rec {
			switch {
			case i == 0:
				row[i] = parquet.ByteArrayValue([]byte(s)).Level(0, 0, i)
			case s == "":
				row[i] = parquet.NullValue().Level(0, 0, i)
			case order[i] == "year":
				y, err := strconv.Atoi(s)
				if err != nil {
					t.Fatal(err)
				}
				row[i] = parquet.Int32Value(int32(y)).Level(0, 1, i)
			default:
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatal(err)
				}
				row[i] = parquet.DoubleValue(v).Level(0, 1, i)
			}
		}
		if _, err := w.WriteRows([]parquet.Row{row}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

type orderedGroup struct {
	parquet.Group
	order []string
}

func (g orderedGroup) Fields() []parquet.Field {
	by := map[string]parquet.Field{}
	for _, f := range g.Group.Fields() {
		by[f.Name()] = f
	}
	out := make([]parquet.Field, len(g.order))
	for i, n := range g.order {
		out[i] = by[n]
	}
	return out
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	stdout, stderr, code := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s", args, code, stderr)
	}
	return stdout
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRoundTripParquet: the values scored, as CSV and as Parquet, score to
// the same scores CSV byte for byte; so do the import panel as CSV and as
// Parquet; and the Parquet panel imported again is the CSV panel, sources
// included.
func TestRoundTripParquet(t *testing.T) {
	dir := t.TempDir()
	f := func(name string) string { return filepath.Join(dir, name) }
	mustRun(t, "score", "--processed", f("p.csv"), "--out", f("a.csv"), "--quiet")
	csvToParquet(t, f("p.csv"), f("p.parquet"))
	mustRun(t, "score", "--data", f("p.csv"), "--out", f("b.csv"), "--detail", "--quiet")
	mustRun(t, "score", "--data", f("p.parquet"), "--out", f("c.csv"), "--detail", "--quiet")
	if b, c := readFile(t, f("b.csv")), readFile(t, f("c.csv")); len(b) == 0 || !bytes.Equal(b, c) {
		t.Errorf("scores of p.csv and p.parquet differ:\n%s\n%s", b, c)
	}

	const yb = "testdata/import/yearbook"
	mustRun(t, "import", yb, "--year", "2023", "--out", f("panel.csv"), "--quiet")
	mustRun(t, "import", yb, "--year", "2023", "--out", f("panel.parquet"), "--quiet")
	mustRun(t, "import", f("panel.parquet"), "--out", f("panel2.csv"), "--quiet")
	if a, b := readFile(t, f("panel.csv")), readFile(t, f("panel2.csv")); len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("the Parquet panel imported again differs:\n%s\n%s", a, b)
	}
	mustRun(t, "score", "--data", f("panel.csv"), "--year", "2023", "--out", f("s1.csv"), "--quiet")
	mustRun(t, "score", "--data", f("panel.parquet"), "--year", "2023", "--out", f("s2.csv"), "--quiet")
	if a, b := readFile(t, f("s1.csv")), readFile(t, f("s2.csv")); len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("scores of the CSV and Parquet panels differ:\n%s\n%s", a, b)
	}
}

// TestScoreParquetOut: --out x.parquet writes the scores CSV's rows (wide)
// or a row per node (long), atomically, and never over an input.
func TestScoreParquetOut(t *testing.T) {
	dir := t.TempDir()
	f := func(name string) string { return filepath.Join(dir, name) }
	mustRun(t, "score", "--out", f("s.csv"), "--out", f("w.parquet"), "--processed", f("p.csv"), "--quiet")
	mustRun(t, "score", "--out", f("l.parquet"), "--parquet-layout", "long", "--quiet")
	rows := func(path string) (int64, string, []string) {
		data := readFile(t, path)
		pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, fl := range pf.Schema().Fields() {
			names = append(names, fl.Name())
		}
		layout, _ := pf.Lookup("cityscore.layout")
		return pf.NumRows(), layout, names
	}
	recs := readCSVFile(t, f("s.csv"))
	n, layout, names := rows(f("w.parquet"))
	if n != int64(len(recs)-1) || layout != "wide" || strings.Join(names, ",") != strings.Join(recs[0], ",") {
		t.Errorf("wide: %d rows (want %d), layout %s, columns %v", n, len(recs)-1, layout, names)
	}
	n, layout, names = rows(f("l.parquet"))
	if n == 0 || layout != "long" || strings.Join(names, ",") != "unit,code,year,node,level,value,score,rank,source" {
		t.Errorf("long: %d rows, layout %s, columns %v", n, layout, names)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 6 { // s.csv, p.csv, their manifests, w.parquet, l.parquet
		t.Errorf("files left: %v", entries)
	}
	if _, stderr, code := runCLI(t, "score", "--out", f("x.parquet"), "--parquet-layout", "tall"); code != 2 || !strings.Contains(stderr, "want wide or long") {
		t.Errorf("bad layout: exit %d: %s", code, stderr)
	}
	csvToParquet(t, f("p.csv"), f("in.parquet"))
	if _, stderr, code := runCLI(t, "score", "--data", f("in.parquet"), "--out", f("in.parquet")); code != 1 || !strings.Contains(stderr, "refusing to overwrite an input") {
		t.Errorf("output over the input: exit %d: %s", code, stderr)
	}
}

// TestDataFolderParquet: a folder's .parquet files are data files, and
// inputs that no output may replace.
func TestDataFolderParquet(t *testing.T) {
	if got := dataInputs([]string{"testdata"}); strings.Contains(strings.Join(got, " "), ".parquet") {
		t.Fatalf("testdata holds a .parquet file: %v", got)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.parquet"), nil, 0o644)
	if got := dataInputs([]string{dir}); len(got) != 2 || !strings.HasSuffix(got[1], "a.parquet") {
		t.Errorf("dataInputs = %v", got)
	}
}
