package importers

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
)

// pointThree is 0.1+0.2 computed in float64: 0.30000000000000004.
var pointThree = func() float64 { a, b := 0.1, 0.2; return a + b }()

// exact is a numeric cell written with all the digits that identify the
// float64, as Excel stores them (excelize's SetCellValue rounds to 15).
type exact struct {
	v    float64
	prec int // digits after the point
}

// sheetSpec is a worksheet of a test workbook. A nil cell is left empty;
// float64 and int cells are numeric, strings are text.
type sheetSpec struct {
	name    string
	rows    [][]any
	formats map[string]int // cell → built-in number format id
	at      map[int]int    // row index in rows → row number, for gaps; default index+1
	merges  []string       // merged ranges: "A6:A8"
}

// workbook writes sheets to an .xlsx in memory.
func workbook(t testing.TB, sheets ...sheetSpec) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			n := r + 1
			if at, ok := s.at[r]; ok {
				n = at
			}
			for c, v := range row {
				if v == nil {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, n)
				var err error
				if e, ok := v.(exact); ok {
					err = f.SetCellFloat(s.name, cell, e.v, e.prec, 64)
				} else {
					err = f.SetCellValue(s.name, cell, v)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range s.merges {
			a, b, _ := strings.Cut(m, ":")
			if err := f.MergeCell(s.name, a, b); err != nil {
				t.Fatal(err)
			}
		}
		for cell, id := range s.formats {
			st, err := f.NewStyle(&excelize.Style{NumFmt: id})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(s.name, cell, cell, st); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadWorkbook(t *testing.T) {
	fw := framework(t)
	tests := []struct {
		name   string
		sheets []sheetSpec
		opt    Options
		want   string
		errs   []cellErr
		check  func(t *testing.T, tab *dataset.Table, rep *Report)
	}{
		{
			name: "first sheet of a plain workbook",
			sheets: []sheetSpec{
				{name: "数据", rows: [][]any{
					{"城市", "地区生产总值（万元）", "常住人口（全市）", "省份"},
					{"北京", 35000000.0, 2189.3, "北京"},
					{"上海", "43,214", exact{294.97000000000003, 14}, nil},
					{nil},
					{"广州", nil, exact{pointThree, 17}}, // ragged: no D cell
				}, at: map[int]int{4: 6}},
				{name: "说明", rows: [][]any{{"notes"}}},
			},
			// The cells hold "294.97000000000003" and "0.30000000000000004", the
			// 17-digit forms of the doubles nearest 294.97 and 0.1+0.2.
			want: "北京: gdp=3500* pop=2189.3 省份=北京\n上海: gdp=4.3214* pop=294.97\n广州: gdp=- pop=0.30000000000000004\n",
			check: func(t *testing.T, tab *dataset.Table, rep *Report) {
				f := rep.Files[0]
				if f.Format != FormatXLSX || f.Layout != LayoutWide || f.Rows != 3 || len(f.Sheets) != 1 ||
					len(f.Skipped) != 1 || f.Skipped[0].Name != "说明" {
					t.Errorf("file info %+v", f)
				}
				if o := tab.Column("pop").Origin(2); o != (dataset.Origin{File: "data.xlsx", Sheet: "数据", Row: 6, Col: 3}) {
					t.Errorf("origin %+v", o)
				}
			},
		},
		{
			name: "sheet per year",
			sheets: []sheetSpec{
				{name: "说明", rows: [][]any{{"notes"}}},
				{name: "2019", rows: [][]any{{"city", "gdp"}, {"A", 1}, {"B", 2}}},
				{name: "2020年", rows: [][]any{{"city", "year", "gdp"}, {"A", 2020, 3}, {"B", nil, 4}}},
				{name: "data2021", rows: [][]any{{"unit", "indicator", "value"}, {"A", "gdp", 5}}},
				{name: "2019-2020", rows: [][]any{{"x"}}},
			},
			opt:  Options{Year: 1999},
			want: "A 2019: gdp=1\nB 2019: gdp=2\nA 2020: gdp=3\nB 2020: gdp=4\nA 2021: gdp=5\n",
			check: func(t *testing.T, tab *dataset.Table, rep *Report) {
				f := rep.Files[0]
				if f.Layout != LayoutSheetPerYear || len(f.Sheets) != 3 || f.Sheets[2].Layout != LayoutLong || f.Sheets[1].Year != 2020 {
					t.Errorf("file info %+v", f)
				}
				if len(f.Skipped) != 2 || f.Skipped[0].Name != "说明" || f.Skipped[1].Name != "2019-2020" {
					t.Errorf("skipped %+v", f.Skipped)
				}
			},
		},
		{
			name: "year column disagreeing with the sheet",
			sheets: []sheetSpec{
				{name: "2019", rows: [][]any{{"city", "year", "gdp"}, {"A", 2019, 1}, {"B", 2018, 2}}},
			},
			errs: []cellErr{{File: "data.xlsx", Sheet: "2019", Row: 3, Col: 2, Header: "year", Text: "2018", Kind: ErrYear}},
		},
		{
			name: "duplicate across year sheets",
			sheets: []sheetSpec{
				{name: "2019", rows: [][]any{{"city", "gdp"}, {"A", 1}}},
				{name: "2019 (2)", rows: [][]any{{"city", "gdp"}, {"A", 1}}},
			},
			errs: []cellErr{{File: "data.xlsx", Sheet: "2019 (2)", Row: 2, Col: 1, Header: "city", Text: "A", Kind: ErrDuplicate}},
		},
		{
			name: "bad cells",
			sheets: []sheetSpec{
				{name: "Sheet1", rows: [][]any{{"city", "gdp", "gdp_pc"}, {"A", "12,3a", "#DIV/0!"}, {"B", true, 1}}},
			},
			errs: []cellErr{
				{File: "data.xlsx", Sheet: "Sheet1", Row: 2, Col: 2, Header: "gdp", Text: "12,3a", Kind: ErrNotNumber},
				{File: "data.xlsx", Sheet: "Sheet1", Row: 2, Col: 3, Header: "gdp_pc", Text: "#DIV/0!", Kind: ErrNotNumber},
			},
		},
		{
			name: "percent-formatted cells",
			sheets: []sheetSpec{
				{name: "Sheet1", rows: [][]any{
					{"city", "green", "出生率", "gdp"},
					{"A", 0.125, 0.0025, 3},
					{"B", 0.1234, "0.5%", 4},
				}, formats: map[string]int{"B2": 10, "C2": 10, "B3": 9}},
			},
			want: "A: green=12.5 birth=2.5* gdp=3\nB: green=12.34 birth=5* gdp=4\n",
		},
		{
			name: "percent-formatted cell in a column of another unit",
			sheets: []sheetSpec{
				{name: "Sheet1", rows: [][]any{{"city", "gdp"}, {"A", 0.5}}, formats: map[string]int{"B2": 9}},
			},
			errs: []cellErr{{File: "data.xlsx", Sheet: "Sheet1", Row: 2, Col: 2, Header: "gdp", Text: "0.5", Kind: ErrUnit}},
		},
		{
			name: "unit column option and label",
			sheets: []sheetSpec{
				{name: "Sheet1", rows: [][]any{{"uName", "uCode", "Time", "gdp"}, {"Austria", "AUT", 2018, 1.5}}},
			},
			opt:  Options{UnitColumn: "uCode"},
			want: "AUT 2018: gdp=1.5 uName=Austria\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Framework = fw
			data := workbook(t, tt.sheets...)
			tab, rep, err := ReadWorkbook(bytes.NewReader(data), "data.xlsx", opt)
			if tt.errs != nil {
				checkCellErrors(t, err, tt.errs)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := dump(tab); got != tt.want {
				t.Errorf("table:\n%s\nwant:\n%s", got, tt.want)
			}
			if tt.check != nil {
				tt.check(t, tab, rep)
			}
		})
	}
}

func TestReadWorkbookErrorMessage(t *testing.T) {
	data := workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{{"city", "year", "gdp_pc"}, {"A", 2019, "12,3a"}}})
	_, _, err := Read(bytes.NewReader(data), "data.xlsx", Options{Framework: framework(t)})
	want := `data.xlsx: Sheet1!C2 (column gdp_pc): "12,3a": not a number`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	data = workbook(t, sheetSpec{name: "My data", rows: [][]any{{"city", "gdp"}, {"A", "x"}}})
	_, _, err = Read(bytes.NewReader(data), "data.xlsx", Options{Framework: framework(t)})
	if want := `data.xlsx: 'My data'!B2 (column gdp): "x": not a number`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

func TestSheetYear(t *testing.T) {
	for name, want := range map[string]int{
		"2019": 2019, "2019年": 2019, "data2020": 2020, "2020 data": 2020, "表2019年": 2019,
		"Sheet1": 0, "2019-2020": 0, "20190": 0, "12019": 0, "": 0, "2019 2019": 2019, "0999": 0,
	} {
		if got := sheetYear(name); got != want {
			t.Errorf("sheetYear(%q) = %d, want %d", name, got, want)
		}
	}
}

func TestPercentOf(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
	}{
		{"0.125", 12.5}, {"0.1234", 12.34}, {"1", 100}, {"-0.5", -50}, {"0.12340000000000001", 12.340000000000001}, {"1.5E-3", 0.15},
	} {
		cv, _ := parseValue(tt.in)
		if got := percentOf(tt.in, cv); got.v != tt.want || !got.percent {
			t.Errorf("percentOf(%s) = %+v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestReadWorkbookNotText(t *testing.T) {
	fw := framework(t)
	if _, _, err := ReadWorkbook(strings.NewReader("city,gdp\n"), "x.xlsx", Options{Framework: fw}); err == nil {
		t.Error("text read as a workbook")
	}
	data := workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{{"city"}}})
	if _, _, err := ReadCSV(bytes.NewReader(data), "x.csv", Options{Framework: fw}); err == nil {
		t.Error("workbook read as text")
	}
	_, _, err := ReadWorkbook(strings.NewReader("PK\x03\x04garbage"), "bad.xlsx", Options{Framework: fw})
	if err == nil || !strings.HasPrefix(err.Error(), "bad.xlsx: ") {
		t.Errorf("error %v", err)
	}
	var ce *CellError
	if errors.As(err, &ce) {
		t.Errorf("a broken zip is not a cell error")
	}
}

// TestDuplicateRows: where a wide sheet gave a key first is recorded by
// table row (a row of its own year) or by key (a row of header years); a
// repeated key is found either way, on each sheet named for a year.
func TestDuplicateRows(t *testing.T) {
	own := [][]any{{"city", "year", "gdp"}, {"A", 2019, 1.0}, {"B", 2019, 2.0}}
	years := [][]any{{"city", "gdp_2019", "gdp_2020"}, {"A", 1.0, 2.0}, {"B", 1.0, 2.0}}
	tests := []struct {
		name   string
		sheets []sheetSpec
		want   string // "" for no error
	}{
		{"own year", []sheetSpec{{name: "S1", rows: append(own, []any{"A", 2019, 3.0})}},
			`data.xlsx: S1!A4 (column city): "A": duplicate unit and year (2019): first at S1!A2`},
		{"own year, other year", []sheetSpec{{name: "S1", rows: append(own, []any{"A", 2020, 3.0})}}, ""},
		{"header years", []sheetSpec{{name: "S1", rows: append(years, []any{"A", 3.0, 4.0})}},
			`data.xlsx: S1!A4 (column city): "A": duplicate unit: first at S1!A2 (if another column names the units, give it as the unit column)`},
		{"year sheets", []sheetSpec{{name: "2019", rows: [][]any{{"city", "gdp"}, {"A", 1.0}}},
			{name: "2020", rows: [][]any{{"city", "gdp"}, {"A", 1.0}, {"B", 1.0}}}}, ""},
		{"year sheets, repeated", []sheetSpec{{name: "2019", rows: [][]any{{"city", "gdp"}, {"A", 1.0}}},
			{name: "2020", rows: [][]any{{"city", "gdp"}, {"A", 1.0}, {"A", 2.0}}}},
			`data.xlsx: 2020!A3 (column city): "A": duplicate unit and year (2020): first at 2020!A2 (if another column names the units, give it as the unit column)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Read(bytes.NewReader(workbook(t, tt.sheets...)), "data.xlsx", Options{Framework: framework(t)})
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
