package importers

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

func TestSplitHeaderYear(t *testing.T) {
	for _, tt := range []struct {
		h, rest string
		year    int
	}{
		{"age_60_2020", "age_60", 2020},
		{"age_60_2010", "age_60", 2010},
		{"常住人口 2020", "常住人口", 2020},
		{"常住人口2020年", "常住人口", 2020},
		{"常住人口_2020年", "常住人口", 2020},
		{"常住人口（万人）2020年", "常住人口(万人)", 2020},
		{"常住人口2020年（万人）", "常住人口(万人)", 2020},
		{"pop_total_2010 (万人)", "pop_total(万人)", 2010},
		{"pop (人)_2020", "pop (人)", 2020},
		{"ＧＤＰ＿２０２０", "GDP", 2020},
		{"gdp_1949", "gdp", 1949},
		{"gdp_2100", "gdp", 2100},
		// Not a year at the end.
		{"gdp_1948", "", 0},
		{"gdp_2101", "", 0},
		{"gdp2020", "", 0},
		{"常住人口12020年", "", 0},
		{"_2020", "", 0},
		{"2020年", "", 0},
		{"2020", "", 0},
		{"gdp_20201", "", 0},
		{"pm2.5", "", 0},
	} {
		rest, y, ok := splitHeaderYear(tt.h)
		if rest != tt.rest || y != tt.year || ok != (tt.year != 0) {
			t.Errorf("splitHeaderYear(%q) = %q %d %v, want %q %d", tt.h, rest, y, ok, tt.rest, tt.year)
		}
	}
}

func censusFW(t testing.TB) *indicators.Framework {
	t.Helper()
	fw, err := indicators.LoadFile("testdata/census/framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

// TestHeaderYears reads the census-style fixture: one row per city, codes
// as keys, a year at the end of each header; it loads as a panel of two
// years.
func TestHeaderYears(t *testing.T) {
	const file = "testdata/census/census-2010-2020.csv"
	tab, rep, err := ReadFile(file, Options{Framework: censusFW(t)})
	if err != nil {
		t.Fatal(err)
	}
	want := "深圳市 2010: pop_total=1042.4 age_60=31* age_0_14=- age_61_2020=1 region=south code=440300 province=广东省\n" +
		"深圳市 2020: pop_total=1763.4 age_60=94.07* age_0_14=266.1 age_61_2020=1 region=south code=440300 province=广东省\n" +
		"北京市 2010: pop_total=1961.2 age_60=246.1* age_0_14=- age_61_2020=2 region=north code=110000 province=北京市\n" +
		"北京市 2020: pop_total=2189.3 age_60=429.6* age_0_14=259.2 age_61_2020=2 region=north code=110000 province=北京市\n" +
		"毕节市 2010: pop_total=653.6 age_60=78* age_0_14=- age_61_2020=3 region=southwest code=520500 province=贵州省\n" +
		"毕节市 2020: pop_total=689.9 age_60=102.1* age_0_14=188.5 age_61_2020=3 region=southwest code=520500 province=贵州省\n"
	if got := dump(tab); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
	var matched []string
	for _, m := range rep.Matched {
		matched = append(matched, fmt.Sprintf("%s %s %d %s", m.Col, m.Variable, m.Year, m.Stated))
	}
	wantMatched := "C pop_total 2010 万人|D pop_total 2020 万人|E age_60 2010 人|F age_60 2020 人|G age_0_14 2020 "
	if strings.Join(matched, "|") != wantMatched {
		t.Errorf("matched %q\nwant %q", strings.Join(matched, "|"), wantMatched)
	}
	if len(rep.Unmatched) != 2 || rep.Unmatched[0].Header != "age_61_2020" ||
		rep.Unmatched[0].Note != "names the year 2020, but no input or indicator is named age_61" || rep.Unmatched[1].Header != "region" {
		t.Errorf("unmatched %+v", rep.Unmatched)
	}
	// Both codes that are not the unit's current one are noted.
	var notes []string
	for _, n := range rep.Units {
		notes = append(notes, n.Text+": "+n.Note)
	}
	wantNotes := "110100.0: 110100 is the prefecture-style code of 北京市; taken as 北京市 (110000)|" +
		"522400: 522400 is a former code of 毕节地区 (1981–2010), now 毕节市 (520500)"
	if strings.Join(notes, "|") != wantNotes {
		t.Errorf("notes %q\nwant %q", strings.Join(notes, "|"), wantNotes)
	}
	var b strings.Builder
	if err := rep.Print(&b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"C pop_total_2010 (万人) → pop_total (2010)",
		"H age_61_2020 (names the year 2020, but no input or indicator is named age_61)"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("print lacks %q:\n%s", s, b.String())
		}
	}
	var issues []string
	for _, is := range rep.Issues() {
		if is.Kind == dataset.IssueUnmatchedColumn {
			issues = append(issues, is.Msg)
		}
	}
	if len(issues) != 2 || issues[0] != `kept as label "age_61_2020"; names the year 2020, but no input or indicator is named age_61` {
		t.Errorf("issues %q", issues)
	}
	// The table carries both years.
	if ys := tab.Years(); len(ys) != 2 || ys[0] != 2010 || ys[1] != 2020 {
		t.Errorf("years %v", ys)
	}
}

// TestHeaderYearRules checks when a year in a header is read, and the plain
// and year columns of the same variable.
func TestHeaderYearRules(t *testing.T) {
	fw := framework(t) // not cn-city: the feature is generic
	tests := []struct {
		name, input string
		year        int
		want        string
		err         string
		errKind     error
	}{
		{name: "Chinese headers", input: "城市,年末常住人口2010年（万人）,年末常住人口（万人）2020年,地区生产总值 2020\n北京,1961.2,2189.3,36102.6\n",
			want: "北京 2010: pop=1961.2 gdp=-\n北京 2020: pop=2189.3 gdp=36102.6\n"},
		{name: "plain and year columns: the plain one takes --year", input: "城市,gdp,gdp_2020\n北京,1,2\n", year: 2019,
			want: "北京 2019: gdp=1\n北京 2020: gdp=2\n"},
		{name: "plain and year columns without --year", input: "城市,gdp,gdp_2020\n北京,1,2\n",
			want: "北京: gdp=1\n北京 2020: gdp=2\n"},
		{name: "the same cell twice, equal", input: "城市,gdp,gdp_2020\n北京,2,2\n上海,-,3\n", year: 2020,
			want: "北京 2020: gdp=2\n上海 2020: gdp=3\n"},
		{name: "the same cell twice, different", input: "城市,gdp,gdp_2020\n北京,1,2\n", year: 2020,
			err: `data.csv:2:10 (C2, column gdp_2020): "2": gdp of 北京 in 2020 is given twice: 2 here, 1 in B2 (gdp)`, errKind: ErrDuplicate},
		{name: "two columns of one year", input: "城市,gdp_2020,地区生产总值 2020\n北京,1,2\n",
			err: `data.csv:1:17 (C1, column 地区生产总值 2020): column B (gdp_2020) already holds gdp of 2020`, errKind: ErrDuplicateColumn},
		// With a year column, gdp_2020 is an unmatched column: a label.
		{name: "with a year column, no year in headers", input: "城市,年份,gdp_2020\n北京,2020,1\n",
			want: "北京 2020: gdp_2020=1\n"},
		{name: "a header that is an id wins", input: "城市,raw\n北京,1\n", year: 2020,
			want: "北京 2020: raw=1\n"},
		{name: "every value of a year missing", input: "城市,gdp_2010,gdp_2020\n北京,-,2\n",
			want: "北京 2010: gdp=-\n北京 2020: gdp=2\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, _, err := ReadCSV(strings.NewReader(tt.input), "data.csv", Options{Framework: fw, Year: tt.year})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err || !errors.Is(err, tt.errKind) {
					t.Fatalf("error:\n%v\nwant:\n%s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := dump(tab); got != tt.want {
				t.Errorf("table:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}

	// A sheet named for a year reads no year in headers.
	data := workbook(t, sheetSpec{name: "2019", rows: [][]any{{"城市", "gdp_2020"}, {"北京", 1}}})
	tab, rep, err := read(data, "years.xlsx", Options{Framework: fw})
	if err != nil || dump(tab) != "北京 2019: gdp_2020=1\n" || len(rep.Unmatched) != 1 || rep.Unmatched[0].Note != "" {
		t.Errorf("sheet per year: %s %v %+v", dump(tab), err, rep.Unmatched)
	}
	// NoData names the year.
	_, rep, err = ReadCSV(strings.NewReader("城市,gdp_2010,gdp_2020\n北京,-,2\n"), "data.csv", Options{Framework: fw})
	if err != nil || len(rep.NoData) != 1 || rep.NoData[0].Year != 2010 {
		t.Errorf("no data %+v %v", rep.NoData, err)
	}
}

// TestCensusWithYearbook merges the census-style file with a yearbook-style
// table of 2020 through ReadPaths: the rows join on the same cities (by
// code in one, by name in the other), and a formula over both traces to a
// cell of each.
func TestCensusWithYearbook(t *testing.T) {
	fw := censusFW(t)
	dir := t.TempDir()
	yb := workbook(t, sheetSpec{name: "Sheet49", rows: [][]any{
		{"中国2020年地级以上城市数据", nil, "2-6地区生产总值"},
		{"城 市", "City", "地区生产总值（当年价格）（亿元） Gross Regional Product"},
		{nil, nil, "全市 Total City"},
		{"  北京市", "  Beijing", "36102.6"},
		{"广东省", "Guangdong"},
		{"  深圳市", "  Shenzhen", "27670.2"},
		{"贵州省", "Guizhou"},
		{"  毕节市", "  Bijie", "2020.4"},
	}, merges: []string{"A2:A3", "B2:B3"}})
	ybPath := filepath.Join(dir, "2-6 地区生产总值.xlsx")
	if err := os.WriteFile(ybPath, yb, 0o644); err != nil {
		t.Fatal(err)
	}
	const census = "testdata/census/census-2010-2020.csv"
	tab, rep, err := ReadPaths([]string{census, ybPath}, Options{Framework: fw, Dictionary: NewDictionary(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tables) != 1 || rep.Tables[0].Year != 2020 || rep.Tables[0].Cities != 3 {
		t.Fatalf("yearbook tables %+v", rep.Tables)
	}
	if tab.Len() != 6 {
		t.Errorf("%d rows, want 6 (3 cities × 2 years):\n%s", tab.Len(), dump(tab))
	}
	cr := fw.Compute(tab)
	gdp := tab.Column("gdp_total_city")
	for _, tt := range []struct {
		unit  string
		code  string
		gdp   float64
		pc    float64
		cells string
	}{
		{"深圳市", "440300", 27670.2, 27670.2 * 10000 / 1763.4, census + "!D2, " + ybPath + "#Sheet49!C6"},
		{"北京市", "110000", 36102.6, 36102.6 * 10000 / 2189.3, census + "!D3, " + ybPath + "#Sheet49!C4"},
		{"毕节市", "520500", 2020.4, 2020.4 * 10000 / 689.9, census + "!D4, " + ybPath + "#Sheet49!C8"},
	} {
		row, ok := tab.Row(dataset.Key{Unit: dataset.UnitID(tt.unit), Year: 2020})
		if !ok {
			t.Fatalf("no row %s 2020", tt.unit)
		}
		if v, _ := gdp.Value(row); v != tt.gdp || tab.Label(LabelCode, row) != tt.code {
			t.Errorf("%s: gdp %v code %s", tt.unit, v, tab.Label(LabelCode, row))
		}
		pc, ok := tab.Column("gdp_per_capita").Value(row)
		if !ok || math.Abs(pc-tt.pc) > 1e-9*tt.pc {
			t.Errorf("%s gdp_per_capita = %v, want %v", tt.unit, pc, tt.pc)
		}
		if got := origins(tab.Sources("gdp_per_capita", row)); got != reorder(tt.cells) {
			t.Errorf("%s Sources = %s\nwant %s", tt.unit, got, reorder(tt.cells))
		}
		// 2010 has the census values, no yearbook.
		row10, ok := tab.Row(dataset.Key{Unit: dataset.UnitID(tt.unit), Year: 2010})
		if !ok {
			t.Fatalf("no row %s 2010", tt.unit)
		}
		if _, ok := gdp.Value(row10); ok {
			t.Errorf("%s 2010 has a gdp", tt.unit)
		}
		if _, ok := tab.Column("aged_share").Value(row10); !ok {
			t.Errorf("%s 2010 has no aged_share", tt.unit)
		}
	}
	if cr.From["gdp_per_capita"] != indicators.FromFormula {
		t.Errorf("From %v", cr.From)
	}
}

// reorder puts the cells of "census, yearbook" in the order of the formula
// gdp_total_city * 10000 / pop_total: the yearbook's GDP first.
func reorder(cells string) string {
	a, b, _ := strings.Cut(cells, ", ")
	return b + ", " + a
}
