package importers

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/cityscore/cityscore/dataset"
)

// parquetCases are Parquet files and the CSV text that reads the same.
var parquetCases = []struct {
	name string
	cols []pqCol
	rows [][]any
	csv  string
}{
	{
		name: "wide, doubles with nulls, int32 year",
		cols: []pqCol{{"城市", optString()}, {"year", optional(parquet.Int32Type)}, {"地区生产总值（万元）", optional(parquet.DoubleType)}, {"pop", optional(parquet.DoubleType)}, {"省份", optString()}},
		rows: [][]any{{"北京", int32(2019), 35000000.0, 2189.3, "北京"}, {"上海", int32(2019), nil, 2487.0, nil}, {"上海", int32(2020), 0.1, nil, "上海"}},
		csv:  "城市,year,地区生产总值（万元）,pop,省份\n北京,2019,35000000,2189.3,北京\n上海,2019,,2487,\n上海,2020,0.1,,上海\n",
	},
	{
		name: "wide, numbers as strings and markers",
		cols: []pqCol{{"city", optString()}, {"gdp", optString()}, {"green", optString()}, {"birth", optString()}},
		rows: [][]any{{"A", "1,234", "12.5%", "-"}, {"B", " ３ ", "NA", "0.5%"}},
		csv:  "city,gdp,green,birth\nA,\"1,234\",12.5%,-\nB, ３ ,NA,0.5%\n",
	},
	{
		name: "wide, every numeric type",
		cols: []pqCol{
			{"city", parquet.String()},
			{"gdp", optional(parquet.Int64Type)},
			{"pop", optional(parquet.FloatType)},
			{"area", parquet.Optional(parquet.Decimal(2, 9, parquet.Int32Type))},
			{"fdi", parquet.Optional(parquet.Decimal(3, 18, parquet.Int64Type))},
			{"buses", parquet.Optional(parquet.Decimal(2, 20, parquet.FixedLenByteArrayType(9)))},
			{"raw", parquet.Optional(parquet.Uint(32))},
			{"green", parquet.Optional(parquet.Int(16))},
		},
		rows: [][]any{
			{"A", int64(-7), float32(0.1), int32(12345), int64(-5), parquet.FixedLenByteArrayValue([]byte{0, 0, 0, 0, 0, 0, 0, 0x30, 0x39}), uint32(4000000000), int32(-3)},
			{"B", nil, float32(1e10), int32(-1), int64(123456789012345678), parquet.FixedLenByteArrayValue([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}), nil, nil},
		},
		csv: "city,gdp,pop,area,fdi,buses,raw,green\nA,-7,0.1,123.45,-0.005,123.45,4000000000,-3\nB,,1e10,-0.01,123456789012345.678,-0.02,,\n",
	},
	{
		name: "long, with measure_unit and source",
		cols: []pqCol{{"unit", optString()}, {"code", optString()}, {"year", optional(parquet.Int64Type)}, {"variable", optString()},
			{"value", optional(parquet.DoubleType)}, {"measure_unit", optString()}, {"scope", optString()}, {"source", optString()}},
		rows: [][]any{
			{"北京", "110000", int64(2019), "gdp", 35000.5, "亿元", "全市", "2-6.xlsx#Sheet1!C5"},
			{"北京", "110000", int64(2019), "pop", 2189.3, "万人", "全市", "b.csv!B2"},
			{"上海", nil, int64(2019), "gdp", nil, "万元", nil, "junk"},
			{"上海", nil, int64(2019), "area", 6340.0, nil, nil, nil},
		},
		csv: "unit,code,year,variable,value,measure_unit,scope,source\n北京,110000,2019,gdp,35000.5,亿元,全市,2-6.xlsx#Sheet1!C5\n" +
			"北京,110000,2019,pop,2189.3,万人,全市,b.csv!B2\n上海,,2019,gdp,,万元,,junk\n上海,,2019,area,6340,,,\n",
	},
	{
		name: "years in headers, no year column",
		cols: []pqCol{{"code", optString()}, {"name", optString()}, {"gdp_2010", optional(parquet.DoubleType)}, {"gdp_2020", optional(parquet.DoubleType)}},
		rows: [][]any{{"1", "x", 1.0, 2.0}, {"2", "y", nil, 4.0}},
		csv:  "code,name,gdp_2010,gdp_2020\n1,x,1,2\n2,y,,4\n",
	},
}

// TestReadParquetLikeCSV reads each Parquet file and its CSV: the same
// table, values, flags and labels; origins at the same cells.
func TestReadParquetLikeCSV(t *testing.T) {
	fw := framework(t)
	for _, tc := range parquetCases {
		for _, groups := range []int{0, 1} {
			t.Run(tc.name, func(t *testing.T) {
				data := pqFile(t, tc.cols, tc.rows, groups)
				got, rep, err := Read(bytes.NewReader(data), "d.parquet", Options{Framework: fw})
				if err != nil {
					t.Fatal(err)
				}
				want, _, err := ReadCSV(strings.NewReader(tc.csv), "d.csv", Options{Framework: fw})
				if err != nil {
					t.Fatal(err)
				}
				if g, w := dump(got), dump(want); g != w {
					t.Fatalf("parquet:\n%s\ncsv:\n%s", g, w)
				}
				if f := rep.Files[0]; f.Format != FormatParquet || f.Rows != len(tc.rows) {
					t.Errorf("file info %+v", f)
				}
				long := strings.HasPrefix(tc.name, "long")
				for _, wc := range want.Columns() {
					gc := got.Column(wc.ID)
					for row := range want.Len() {
						if gc.Flags[row] != wc.Flags[row] {
							t.Errorf("%s row %d: flag %b, want %b", wc.ID, row, gc.Flags[row], wc.Flags[row])
						}
						wo, go_ := wc.Origin(row), gc.Origin(row)
						if long {
							continue // see TestReadParquetSource
						}
						wo.File = "d.parquet"
						if go_ != wo {
							t.Errorf("%s row %d: origin %+v, want %+v", wc.ID, row, go_, wo)
						}
					}
				}
			})
		}
	}
}

// TestReadParquetSource: a long table's source that reads as a cell is the
// value's origin; any other keeps the Parquet cell.
func TestReadParquetSource(t *testing.T) {
	tc := parquetCases[3]
	tab, _, err := Read(bytes.NewReader(pqFile(t, tc.cols, tc.rows, 0)), "d.parquet", Options{Framework: framework(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id   dataset.VariableID
		row  int
		want dataset.Origin
	}{
		{"gdp", 0, dataset.Origin{File: "2-6.xlsx", Sheet: "Sheet1", Row: 5, Col: 3}},
		{"pop", 0, dataset.Origin{File: "b.csv", Row: 2, Col: 2}},
		{"gdp", 1, dataset.Origin{File: "d.parquet", Row: 4, Col: 5}},  // source "junk"
		{"area", 1, dataset.Origin{File: "d.parquet", Row: 5, Col: 5}}, // no source
	} {
		if o := tab.Column(c.id).Origin(c.row); o != c.want {
			t.Errorf("%s row %d: origin %+v, want %+v", c.id, c.row, o, c.want)
		}
	}
}

func TestParseOrigin(t *testing.T) {
	for _, o := range []dataset.Origin{{File: "a.csv", Row: 3, Col: 2}, {File: "2-6 地区.xlsx", Sheet: "Sheet 1", Row: 45, Col: 28}, {File: "x", Sheet: "s!t", Row: 1, Col: 16384}} {
		if got, ok := ParseOrigin(o.String()); !ok || got != o {
			t.Errorf("ParseOrigin(%q) = %+v, %v", o.String(), got, ok)
		}
	}
	for _, s := range []string{"", "junk", "a.csv", "a.csv!", "a.csv!3", "a.csv!C0", "a.csv!C03", "a.csv!c3", "!C3", "#s!C3", "a.csv!C-3"} {
		if o, ok := ParseOrigin(s); ok {
			t.Errorf("ParseOrigin(%q) = %+v", s, o)
		}
	}
}

// TestReadParquetErrors: bad cells are named by file, row, row group, cell
// and column, with the text found; a bad schema by its column and type.
func TestReadParquetErrors(t *testing.T) {
	fw := framework(t)
	wide := []pqCol{{"city", optString()}, {"gdp", optString()}, {"pop", optional(parquet.DoubleType)}}
	for _, tc := range []struct {
		name  string
		cols  []pqCol
		rows  [][]any
		group int
		want  string
	}{
		{"junk text", wide, [][]any{{"A", "1", 1.0}, {"B", "2", 2.0}, {"C", "12,3a", 3.0}}, 2,
			`d.parquet: row 3, row group 2 (B4, column gdp): "12,3a": not a number`},
		{"NaN and Inf", wide, [][]any{{"A", "1", math.NaN()}, {"B", "2", math.Inf(-1)}}, 0,
			"d.parquet: row 1, row group 1 (C2, column pop): \"NaN\": not a number\n" +
				`d.parquet: row 2, row group 1 (C3, column pop): "-Inf": not a number`},
		{"duplicate unit", wide, [][]any{{"A", "1", 1.0}, {"A", "2", 2.0}}, 1,
			`d.parquet: row 2, row group 2 (A3, column city): "A": duplicate unit: first at A2`},
		{"no unit", wide, [][]any{{nil, "1", 1.0}}, 0,
			`d.parquet: row 1, row group 1 (A2, column city): row has values but no unit`},
		{"boolean", []pqCol{{"city", optString()}, {"flag", optional(parquet.BooleanType)}}, [][]any{{"A", true}}, 0,
			"d.parquet: column 2 (flag): Parquet: type BOOLEAN is not read; a column must hold numbers (INT32, INT64, FLOAT, DOUBLE, DECIMAL) or text (STRING): cast it, or leave it out of the export"},
		{"timestamp", []pqCol{{"city", optString()}, {"t", parquet.Optional(parquet.Timestamp(parquet.Millisecond))}}, [][]any{{"A", int64(1)}}, 0,
			"d.parquet: column 2 (t): Parquet: type INT64 (TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS)) is not read"},
		{"date", []pqCol{{"city", optString()}, {"d", parquet.Optional(parquet.Date())}}, [][]any{{"A", int32(1)}}, 0,
			"d.parquet: column 2 (d): Parquet: type INT32 (DATE) is not read"},
		{"list", []pqCol{{"city", optString()}, {"l", parquet.Repeated(parquet.Leaf(parquet.DoubleType))}}, nil, 0,
			"d.parquet: column 2 (l): Parquet: a repeated column"},
		{"nested", []pqCol{{"city", optString()}, {"g", parquet.Group{"a": parquet.Leaf(parquet.DoubleType)}}}, nil, 0,
			"d.parquet: column 2 (g): Parquet: a nested column"},
		{"header only", wide, nil, 0, "d.parquet: no data rows: only a header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := pqFile(t, tc.cols, tc.rows, tc.group)
			tab, _, err := Read(bytes.NewReader(data), "d.parquet", Options{Framework: fw})
			if err == nil || tab != nil {
				t.Fatalf("no error; table %v", dump(tab))
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error\n%v\nwant\n%s", err, tc.want)
			}
		})
	}
}

// TestReadParquetDamaged cuts and corrupts a file: an error naming the
// file, never a panic.
func TestReadParquetDamaged(t *testing.T) {
	fw := framework(t)
	tc := parquetCases[0]
	data := pqFile(t, tc.cols, tc.rows, 1)
	for n := 4; n < len(data); n += max(1, len(data)/97) {
		for _, d := range [][]byte{data[:n], append(append([]byte{}, data[:n]...), []byte("PAR1")...)} {
			tab, _, err := Read(bytes.NewReader(d), "cut.parquet", Options{Framework: fw})
			if err == nil {
				t.Errorf("cut at %d: no error: %s", n, dump(tab))
				continue
			}
			if !strings.HasPrefix(err.Error(), "cut.parquet") {
				t.Errorf("cut at %d: %v", n, err)
			}
		}
	}
	for i := 4; i < len(data)-8; i += 1 + i%7 {
		d := bytes.Clone(data)
		d[i] ^= 0x5a
		if _, _, err := Read(bytes.NewReader(d), "bad.parquet", Options{Framework: fw}); err != nil && !strings.HasPrefix(err.Error(), "bad.parquet") {
			t.Errorf("byte %d: %v", i, err)
		}
	}
	_, _, err := Read(bytes.NewReader(data[:len(data)/2]), "cut.parquet", Options{Framework: fw})
	if !errors.Is(err, ErrParquet) {
		t.Errorf("truncated: %v", err)
	}
}

// TestReadParquetLimits: rows, columns and cell text are bounded as in
// other files.
func TestReadParquetLimits(t *testing.T) {
	fw := framework(t)
	tc := parquetCases[0]
	data := pqFile(t, tc.cols, tc.rows, 0)
	for _, l := range []Limits{{Rows: 2}, {Columns: 4}, {CellText: 2}, {UnzipSize: 10}} {
		_, _, err := Read(bytes.NewReader(data), "d.parquet", Options{Framework: fw, Limits: l})
		if !errors.Is(err, ErrLimit) {
			t.Errorf("%+v: %v", l, err)
		}
	}
}

// TestReadPathsParquet: a folder's .parquet files are read with its CSV.
func TestReadPathsParquet(t *testing.T) {
	dir := t.TempDir()
	tc := parquetCases[0]
	if err := os.WriteFile(filepath.Join(dir, "a.parquet"), pqFile(t, tc.cols, tc.rows, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.csv"), []byte("城市,year,area\n北京,2019,16410\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tab, rep, err := ReadPaths([]string{dir}, Options{Framework: framework(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 2 || !strings.Contains(dump(tab), "北京 2019: gdp=3500* pop=2189.3 area=16410") {
		t.Errorf("files %+v\n%s", rep.Files, dump(tab))
	}
}

// TestReadParquetRefused: the format-specific readers name a Parquet file.
func TestReadParquetRefused(t *testing.T) {
	data := pqFile(t, parquetCases[0].cols, parquetCases[0].rows, 0)
	for _, read := range []func() error{
		func() error {
			_, _, err := ReadCSV(bytes.NewReader(data), "d.parquet", Options{Framework: framework(t)})
			return err
		},
		func() error {
			_, _, err := ReadWorkbook(bytes.NewReader(data), "d.parquet", Options{Framework: framework(t)})
			return err
		},
	} {
		if err := read(); err == nil || !strings.Contains(err.Error(), "a Parquet file") {
			t.Errorf("error %v", err)
		}
	}
}

// FuzzReadParquet reads bytes as a Parquet file: no panic, no table with
// an error, every cell error at a real cell.
func FuzzReadParquet(f *testing.F) {
	for _, tc := range parquetCases {
		f.Add(pqFile(f, tc.cols, tc.rows, 0))
		f.Add(pqFile(f, tc.cols, tc.rows, 1))
	}
	f.Add([]byte("PAR1"))
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	fw := framework(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, _, err := Read(bytes.NewReader(data), "fuzz.parquet", Options{Framework: fw})
		if err != nil {
			if tab != nil {
				t.Fatalf("table and error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.parquet") {
				t.Fatalf("error without the file name: %v", err)
			}
			var ces CellErrors
			if errors.As(err, &ces) {
				for _, e := range ces {
					if e.Row < 1 || e.Col < 1 || e.Err == nil {
						t.Fatalf("bad cell error %+v", e)
					}
				}
			}
		}
	})
}
