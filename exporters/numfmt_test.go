package exporters

// Tests of the number formats of values.

import (
	"math"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/scoring"
)

func TestNumFormatFor(t *testing.T) {
	for _, tc := range []struct {
		unit   string
		median float64
		whole  bool
		want   string
	}{
		{"%", 43.2, false, "0.0"},
		{"％", 12, true, "0.0"},
		{"百分比", 5.5, false, "0.0"},
		{"‰", 3.1, false, "0.0"},
		{"%", 0.35, false, "0.00"},
		{"个", 120, true, "#,##0"},
		{"家", 35, true, "#,##0"},
		{" 辆 ", 1.5e6, true, "#,##0"},
		{"件", 111.2, false, "#,##0.00"}, // 每万人发明专利拥有量: a rate
		{"张", 5.6, false, "#,##0.00"},
		{"万人", 2189.31, false, "#,##0"},
		{"万人", 350.7, false, "#,##0.00"},
		{"元", 450280.2538248, false, "#,##0"},
		{"万元", 85.25, false, "#,##0.00"},
		{"亿元", 40269.6, false, "#,##0"},
		{"平方米", 16.3, false, "#,##0.00"},
		{"分钟", 38, true, "#,##0"},
		{"km", 0.35, false, "0.00##"},
		{"", 0.0035, false, "0.00##"},
		{"", 12.5, false, "#,##0.00"},
		{"", 0, true, "#,##0"},
	} {
		if got := numFormatFor(tc.unit, tc.median, tc.whole); got != tc.want {
			t.Errorf("numFormatFor(%q, %v, %v) = %q, want %q", tc.unit, tc.median, tc.whole, got, tc.want)
		}
	}
}

func TestFormatAs(t *testing.T) {
	for _, tc := range []struct {
		code string
		v    float64
		want string
	}{
		{"#,##0", 450280.2538248, "450,280"},
		{"#,##0", -1234567, "-1,234,567"},
		{"#,##0.00", 1234.5, "1,234.50"},
		{"#,##0.00", 12, "12.00"},
		{"0.0", 43.25, "43.3"},
		{"0.00##", 0.5, "0.50"},
		{"0.00##", 0.0035, "0.0035"},
		{"0.00##", 0.123456, "0.1235"},
		{"0.00##", 1, "1.00"},
	} {
		if got := formatAs(tc.code, tc.v); got != tc.want {
			t.Errorf("formatAs(%q, %v) = %q, want %q", tc.code, tc.v, got, tc.want)
		}
	}
}

// TestIndicatorFormats reads the Indicators sheet back: each raw value's
// number format follows its indicator's unit and size, and the raw-value
// column is wide enough for the widest value as shown.
func TestIndicatorFormats(t *testing.T) {
	o := testOutput(t, "en")
	park := o.Table.Column("park_area") // 平方米: make it large
	for r := range park.Values {
		if !math.IsNaN(park.Values[r]) {
			park.Values[r] *= 12345.678
		}
	}
	res, err := scoring.Run(o.Result.Schema, o.Table, scoring.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	o.Result = res
	f, _ := writeBook(t, o)
	rows, col := indicatorRows(t, f)
	raw := col["Raw value"]
	want := map[string]string{"rd_share": "0.0", "patents": "#,##0.00", "park_area": "#,##0", "pm25": "#,##0", "commute": "#,##0"}
	seen := map[string]bool{}
	widest := ""
	for r, row := range rows[1:] {
		id := row[col["Indicator id"]]
		if len(row) <= raw || row[raw] == "" {
			continue
		}
		if len(row[raw]) > len(widest) {
			widest = row[raw]
		}
		code, ok := want[id]
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		cell, _ := excelize.CoordinatesToCellName(raw+1, r+2)
		sid, err := f.GetCellStyle("Indicators", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(sid)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil || *st.CustomNumFmt != code {
			t.Errorf("%s %s: number format %v, want %q", id, cell, st.CustomNumFmt, code)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("formats checked for %v, want every one of %v", seen, want)
	}
	if len(widest) != len("220,988") { // 17.9 × 12345.678
		t.Errorf("widest raw value %q, want 7 characters as 220,988", widest)
	}
	name, _ := excelize.ColumnNumberToName(raw + 1)
	if w, err := f.GetColWidth("Indicators", name); err != nil || w < textWidth(widest)+1 {
		t.Errorf("raw-value column %g wide, too narrow for %q", w, widest)
	}
}

// indicatorRows reads the English Indicators sheet of f: its rows and the
// column of each header.
func indicatorRows(t *testing.T, f *excelize.File) ([][]string, map[string]int) {
	t.Helper()
	rows, err := f.GetRows("Indicators")
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for c, h := range rows[0] {
		col[h] = c
	}
	return rows, col
}
