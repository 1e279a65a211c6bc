package importers

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// The tests of this file read units as Chinese prefecture-level cities
// (units: cn-city) in every reader.

// cnCityFW is the test framework with units: cn-city.
func cnCityFW(t testing.TB) *indicators.Framework {
	t.Helper()
	fw, err := indicators.Parse([]byte("units: cn-city\n"+testFramework), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if fw.Units != indicators.UnitsCNCity {
		t.Fatalf("units %q", fw.Units)
	}
	return fw
}

// unitFormat writes rows of (unit, value) of one year as one reader's
// layout. first is the row number of the first data row; sheet the sheet
// the cells are in.
type unitFormat struct {
	name     string
	file     string
	sheet    func(year int) string
	first    int
	yearbook bool // a province is a heading, a table of county-level cities is skipped
	write    func(t *testing.T, year int, rows [][2]string) []byte
}

// csvLines joins the header and rows with sep.
func csvLines(sep string, header []string, year int, rows [][2]string, long bool) []byte {
	var b strings.Builder
	b.WriteString(strings.Join(header, sep) + "\n")
	for _, r := range rows {
		cells := []string{r[0], strconv.Itoa(year)}
		if long {
			cells = append(cells, "gdp")
		}
		cells = append(cells, r[1])
		b.WriteString(strings.Join(cells, sep) + "\n")
	}
	return []byte(b.String())
}

func sheetRows(header []any, rows [][2]string, cell func(r [2]string) []any) [][]any {
	out := [][]any{header}
	for _, r := range rows {
		out = append(out, cell(r))
	}
	return out
}

var unitFormats = []unitFormat{
	{name: "csv", file: "data.csv", first: 2, write: func(_ *testing.T, year int, rows [][2]string) []byte {
		return csvLines(",", []string{"城市", "年份", "gdp"}, year, rows, false)
	}},
	{name: "text", file: "data.txt", first: 2, write: func(_ *testing.T, year int, rows [][2]string) []byte {
		return csvLines("\t", []string{"城市", "年份", "gdp"}, year, rows, false)
	}},
	{name: "long", file: "long.csv", first: 2, write: func(_ *testing.T, year int, rows [][2]string) []byte {
		return csvLines(",", []string{"城市", "年份", "指标", "数值"}, year, rows, true)
	}},
	{name: "xlsx", file: "data.xlsx", sheet: func(int) string { return "Data" }, first: 2, write: func(t *testing.T, year int, rows [][2]string) []byte {
		return workbook(t, sheetSpec{name: "Data", rows: sheetRows([]any{"城市", "年份", "gdp"}, rows, func(r [2]string) []any {
			return []any{r[0], year, r[1]}
		})})
	}},
	{name: "sheet per year", file: "years.xlsx", sheet: func(y int) string { return strconv.Itoa(y) }, first: 2, write: func(t *testing.T, year int, rows [][2]string) []byte {
		return workbook(t, sheetSpec{name: "说明", rows: [][]any{{"notes"}}},
			sheetSpec{name: strconv.Itoa(year), rows: sheetRows([]any{"城市", "gdp"}, rows, func(r [2]string) []any {
				return []any{r[0], r[1]}
			})})
	}},
	{name: "html", file: "page.xls", first: 2, write: func(_ *testing.T, year int, rows [][2]string) []byte {
		var b strings.Builder
		b.WriteString("<html><body><table>\n<tr><th>城市</th><th>年份</th><th>gdp</th></tr>\n")
		for _, r := range rows {
			fmt.Fprintf(&b, "<tr><td>%s</td><td>%d</td><td>%s</td></tr>\n", r[0], year, r[1])
		}
		b.WriteString("</table></body></html>\n")
		return []byte(b.String())
	}},
	{name: "yearbook", file: "yb.xlsx", sheet: func(int) string { return "Sheet49" }, first: 4, yearbook: true, write: func(t *testing.T, year int, rows [][2]string) []byte {
		out := [][]any{
			{fmt.Sprintf("中国%d年地级以上城市数据", year), nil, "2-6地区生产总值"},
			{"城 市", "City", "地区生产总值（当年价格）（亿元） Gross Regional Product"},
			{nil, nil, "全市 Total City"},
		}
		for _, r := range rows {
			out = append(out, []any{"  " + r[0], "x", r[1]})
		}
		return workbook(t, sheetSpec{name: "Sheet49", rows: out, merges: []string{"A2:A3", "B2:B3"}})
	}},
	{name: "html yearbook", file: "cnki.xls", first: 4, yearbook: true, write: func(_ *testing.T, year int, rows [][2]string) []byte {
		var b strings.Builder
		fmt.Fprintf(&b, "<html><body><div>中国%d年地级以上城市地区生产总值统计(一)</div>\n<table>\n", year)
		b.WriteString("<tr><td rowspan=\"2\">城市</td><td>地区生产总值（当年价格）（亿元）</td></tr>\n<tr><td>全市</td></tr>\n")
		for _, r := range rows {
			fmt.Fprintf(&b, "<tr><td>&nbsp;&nbsp;%s</td><td>%s</td></tr>\n", r[0], r[1])
		}
		b.WriteString("</table></body></html>\n")
		return []byte(b.String())
	}},
}

// unitErr is an expected error: the data row (1-based), the cell's text,
// the kind and, when not empty, the message of the CellError's Err.
type unitErr struct {
	row  int
	text string
	kind error
	msg  string
}

// unitNoteWant is an expected UnitNote: data row, text, note, kept.
type unitNoteWant struct {
	row  int
	text string
	note string
	kept bool
}

func TestReadCNCityUnits(t *testing.T) {
	shenzhen := "深圳市 %d: gdp=1 code=440300 province=广东省\n"
	tests := []struct {
		name  string
		year  int
		rows  [][2]string
		allow bool
		// want is the dump of the table, %d the year; yearbook, when not
		// empty, replaces it for the yearbook reader.
		want, yearbook string
		notes          []unitNoteWant
		errs           []unitErr
		ybErrs         []unitErr // the yearbook reader's, when they differ
	}{
		{name: "official name", year: 2019, rows: [][2]string{{"深圳市", "1"}}, want: shenzhen},
		{name: "short name", year: 2019, rows: [][2]string{{"深圳", "1"}}, want: shenzhen,
			notes: []unitNoteWant{{1, "深圳", "short name of 深圳市 (440300)", false}}},
		{name: "code", year: 2019, rows: [][2]string{{"440300", "1"}, {"110000", "2"}},
			want: "深圳市 %d: gdp=1 code=440300 province=广东省\n北京市 %[1]d: gdp=2 code=110000 province=北京市\n"},
		{name: "former name", year: 2015, rows: [][2]string{{"襄樊市", "1"}}, want: "襄阳市 %d: gdp=1 code=420600 province=湖北省\n",
			notes: []unitNoteWant{{1, "襄樊市", "襄樊市 is not a name in 2015; taken as 襄阳市 (420600), a name of the same unit in another year", false}}},
		{name: "name of the year, renamed since", year: 2009, rows: [][2]string{{"襄樊市", "1"}}, want: "襄阳市 %d: gdp=1 code=420600 province=湖北省\n",
			notes: []unitNoteWant{{1, "襄樊市", "襄樊市 in 2009, now 襄阳市 (420600)", false}}},
		{name: "abolished since", year: 2021, rows: [][2]string{{"莱芜市", "1"}}, want: "莱芜市 %d: gdp=1 code=371200 province=山东省\n",
			notes: []unitNoteWant{{1, "莱芜市", "莱芜市 (371200) is not a unit in 2021; taken as the unit of that name in another year", false}}},
		{name: "misprint", year: 2021, rows: [][2]string{{"荷泽市", "1"}}, want: "菏泽市 %d: gdp=1 code=371700 province=山东省\n",
			notes: []unitNoteWant{{1, "荷泽市", "misprint of 菏泽市 (371700)", false}}},
		{name: "unknown", year: 2023, rows: [][2]string{{"深川市", "1"}},
			errs: []unitErr{{1, "深川市", ErrUnknownUnit, "深川市: not a known city; did you mean 深圳市?"}}},
		{name: "every unknown unit", year: 2023, rows: [][2]string{{"深川市", "1"}, {"北京市", "2"}, {"石家庄币", "3"}, {"Xanadu", "4"}},
			errs: []unitErr{
				{1, "深川市", ErrUnknownUnit, "深川市: not a known city; did you mean 深圳市?"},
				{3, "石家庄币", ErrUnknownUnit, "石家庄币: not a known city; did you mean 石家庄市?"},
				{4, "Xanadu", ErrUnknownUnit, "Xanadu: not a known city"},
			}},
		{name: "province", year: 2023, rows: [][2]string{{"深圳市", "1"}, {"河北省", "2"}},
			errs:     []unitErr{{2, "河北省", ErrUnknownUnit, "河北省: 130000 河北省 is a province, not a prefecture-level city"}},
			yearbook: shenzhen, ybErrs: []unitErr{}},
		{name: "county-level city", year: 2023, rows: [][2]string{{"深圳市", "1"}, {"辛集市", "2"}},
			errs: []unitErr{{2, "辛集市", ErrUnknownUnit, "辛集市: 130181 辛集市 is a county-level city (河北省), not a prefecture-level city"}}},
		{name: "unknown code", year: 2023, rows: [][2]string{{"999999", "1"}},
			errs: []unitErr{{1, "999999", ErrUnknownUnit, "999999: not a known city code"}}},
		{name: "unknown kept", year: 2023, allow: true, rows: [][2]string{{"深川市", "1"}, {"辛集市", "2"}, {"深圳市", "3"}},
			want: "深川市 %d: gdp=1\n辛集市 %[1]d: gdp=2\n深圳市 %[1]d: gdp=3 code=440300 province=广东省\n",
			notes: []unitNoteWant{
				{1, "深川市", "not a known city; kept as printed (--allow-unknown-units); did you mean 深圳市?", true},
				{2, "辛集市", "130181 辛集市 is a county-level city (河北省), not a prefecture-level city; kept as printed (--allow-unknown-units)", true},
			}},
		{name: "duplicate after resolution", year: 2019, rows: [][2]string{{"深圳", "1"}, {"深圳市", "2"}},
			errs: []unitErr{{2, "", ErrDuplicate, ""}}},
	}
	fw := cnCityFW(t)
	for _, f := range unitFormats {
		for _, tt := range tests {
			t.Run(f.name+"/"+tt.name, func(t *testing.T) {
				opt := Options{Framework: fw, AllowUnknownUnits: tt.allow, Dictionary: NewDictionary(nil)}
				if f.yearbook {
					opt.Year = tt.year // the banner says it too
				}
				tab, rep, err := read(f.write(t, tt.year, tt.rows), f.file, opt)
				want, errs := tt.want, tt.errs
				if f.yearbook && tt.yearbook != "" {
					want = tt.yearbook
				}
				if f.yearbook && tt.ybErrs != nil {
					errs = tt.ybErrs
				}
				sheet := ""
				if f.sheet != nil {
					sheet = f.sheet(tt.year)
				}
				if len(errs) > 0 {
					if tab != nil {
						t.Errorf("a table with an error")
					}
					var ces CellErrors
					if !errors.As(err, &ces) {
						t.Fatalf("error %v", err)
					}
					if len(ces) != len(errs) {
						t.Errorf("%d errors, want %d:\n%v", len(ces), len(errs), err)
					}
					for i := range min(len(ces), len(errs)) {
						g, w := ces[i], errs[i]
						if g.File != f.file || g.Sheet != sheet || g.Row != f.first+w.row-1 || !errors.Is(g, w.kind) {
							t.Errorf("error %d: %v (%s %s R%d), want row %d %v", i, g, g.File, g.Sheet, g.Row, f.first+w.row-1, w.kind)
						}
						if w.text != "" && (g.Text != w.text || g.Col != 1) {
							t.Errorf("error %d: text %q col %d, want %q in column 1", i, g.Text, g.Col, w.text)
						}
						if w.msg != "" && g.Err.Error() != w.msg {
							t.Errorf("error %d: %q\nwant %q", i, g.Err.Error(), w.msg)
						}
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got, w := dump(tab), fmt.Sprintf(want, tt.year); got != w {
					t.Errorf("table:\n%s\nwant:\n%s", got, w)
				}
				if len(rep.Units) != len(tt.notes) {
					t.Fatalf("notes %+v, want %+v", rep.Units, tt.notes)
				}
				for i, n := range rep.Units {
					w := tt.notes[i]
					if n.File != f.file || n.Sheet != sheet || n.Row != f.first+w.row-1 || n.Col != 1 || n.Text != w.text || n.Note != w.note || n.Kept != w.kept || n.Year != tt.year {
						t.Errorf("note %+v\nwant %+v", n, w)
					}
				}
				for _, is := range rep.Issues() {
					if is.Kind == dataset.IssueUnknownCity && is.Text != "深川市" && is.Text != "辛集市" {
						t.Errorf("issue %+v", is)
					}
				}
			})
		}
	}
}

// TestReadCNCityMessages checks whole messages: the unknown city and a
// duplicate after resolution naming both rows.
func TestReadCNCityMessages(t *testing.T) {
	fw := cnCityFW(t)
	tests := []struct{ name, input, want string }{
		{"unknown", "城市,年份,gdp\n深川市,2023,1\n",
			`data.csv:2:1 (A2, column 城市): 深川市: not a known city; did you mean 深圳市?`},
		{"duplicate", "城市,年份,gdp\n深圳,2019,1\n深圳市,2019,2\n",
			`data.csv:3:1 (A3, column 城市): "深圳市": duplicate unit and year (2019): first at A2 (深圳 and 深圳市 are both 深圳市)`},
		{"county-level", "城市,gdp\n辛集市,1\n",
			`data.csv:2:1 (A2, column 城市): 辛集市: 130181 辛集市 is a county-level city (河北省), not a prefecture-level city`},
		{"several close names", "城市,年份,gdp\n广洲市,2023,1\n",
			`data.csv:2:1 (A2, column 城市): 广洲市: not a known city; did you mean 广元市, 广安市, 广州市?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadCSV(strings.NewReader(tt.input), "data.csv", Options{Framework: fw})
			if err == nil || err.Error() != tt.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
	// A name repeated over the years is reported once.
	_, _, err := ReadCSV(strings.NewReader("城市,年份,gdp\n深川市,2019,1\n深川市,2020,1\n深圳市,2020,1\n"), "data.csv", Options{Framework: fw})
	var ces CellErrors
	if !errors.As(err, &ces) || len(ces) != 1 || ces[0].Row != 2 {
		t.Errorf("error %v", err)
	}
}

// TestReadCNCityLong checks that a long table names a city on every row:
// the labels are set once, a short name is noted once per year, and the
// same city under two names holds one row.
func TestReadCNCityLong(t *testing.T) {
	input := "城市,年份,指标,数值\n深圳,2019,gdp,1\n深圳,2019,pop,2\n深圳市,2019,area,3\n深圳,2020,gdp,4\n"
	tab, rep, err := ReadCSV(strings.NewReader(input), "long.csv", Options{Framework: cnCityFW(t)})
	if err != nil {
		t.Fatal(err)
	}
	want := "深圳市 2019: gdp=1 pop=2 area=3 code=440300 province=广东省\n深圳市 2020: gdp=4 pop=- area=- code=440300 province=广东省\n"
	if got := dump(tab); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
	if len(rep.Units) != 2 || rep.Units[0].Row != 2 || rep.Units[1].Row != 5 {
		t.Errorf("notes %+v", rep.Units)
	}
}

// TestReadWithoutCNCity checks that without units: cn-city the units of
// tables other than yearbook tables are taken as printed.
func TestReadWithoutCNCity(t *testing.T) {
	input := "城市,年份,gdp\n深川市,2019,1\n河北省,2019,2\n辛集市,2019,3\n深圳,2019,4\n深圳市,2019,5\n"
	tab, rep, err := ReadCSV(strings.NewReader(input), "data.csv", Options{Framework: framework(t)})
	if err != nil {
		t.Fatal(err)
	}
	want := "深川市 2019: gdp=1\n河北省 2019: gdp=2\n辛集市 2019: gdp=3\n深圳 2019: gdp=4\n深圳市 2019: gdp=5\n"
	if got := dump(tab); got != want || len(rep.Units) != 0 {
		t.Errorf("table:\n%s\nwant:\n%s\nnotes %+v", got, want, rep.Units)
	}
}

// TestUnknownCityIssue checks that a unit kept as printed is an issue of
// kind "unknown city" and a short name one of kind "city name".
func TestUnknownCityIssue(t *testing.T) {
	input := "城市,年份,gdp\n深川市,2019,1\n深圳,2019,2\n"
	_, rep, err := ReadCSV(strings.NewReader(input), "data.csv", Options{Framework: cnCityFW(t), AllowUnknownUnits: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, is := range rep.Issues() {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s|%s", is.Kind, is.Origin, is.Unit, is.Text, is.Msg))
	}
	want := []string{
		"unknown city|data.csv!A2|深川市|深川市|not a known city; kept as printed (--allow-unknown-units); did you mean 深圳市?",
		"city name|data.csv!A3|深圳市|深圳|short name of 深圳市 (440300)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("issues:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// countySheets copy the layouts of the yearbook's tables of county-level
// cities (section 3): the 2021 edition's banner 中国2020年县级市数据 merged
// beside the title, a bilingual header over two rows; the 2024 edition's
// title, English title, unit row and bilingual header of four columns.
// Province rows head the cities; the official misprint 邛峡市 and a name
// the city table does not know are among them.
var countySheets = []struct {
	name   string
	file   string
	sheet  sheetSpec
	title  string
	year   int
	rows   int // city rows
	county int // of them, county-level cities known to the city table
	said   string
}{
	{
		name: "2021 edition", file: "2021/2021_2021-3-1.xlsx", title: "人口状况", year: 2020, rows: 5, county: 4, said: "中国2020年县级市数据",
		sheet: sheetSpec{name: "Sheet1", rows: [][]any{
			{},
			{"中国2020年县级市数据", nil, "3-1 人口状况（人）"},
			{"城 市", "City", "年末户籍人口"},
			{nil, nil, "Household Registered Population at Year-end"},
			{"河北省", "Hebei"},
			{"  辛集市", "  Xinji", "629495"},
			{"  晋州市", "  Jinzhou", "574609"},
			{"四川省", "Sichuan"},
			{"  邛峡市", "  Qionglai", 629495},
			{"  华蓥市", "  Huaying", "350000"},
			{"  某某市", "  Moumou", "1"},
		}, merges: []string{"A2:B2", "A3:A4", "B3:B4"}},
	},
	{
		name: "2024 edition", file: "extracted_2024_中国城市统计年鉴2024【excel】/3、县级城市统计资料/3-3_地区生产总值.xlsx", title: "地区生产总值", year: 2023, rows: 4, county: 4,
		sheet: sheetSpec{name: "Sheet69", rows: [][]any{
			{},
			{"3-3地区生产总值"},
			{"Gross Regional Product"},
			{},
			{"单位：万元"},
			{"(10 000 yuan)"},
			{},
			{"城 市", "City", "地区生产总值 Gross Regional Product", "第一产业增加值 Value-added of the Primary Industry",
				"第二产业增加值 Value-added of the Secondary Industry", "第三产业增加值 Value-added of the Tertiary Industry"},
			{"河北省", "Hebei"},
			{"  辛集市", "  Xinji", "4220352", "567752", "2308271", "1344329"},
			{"  晋州市", "  Jinzhou", "2045146", "470668", "526542", "1047936"},
			{"四川省", "Sichuan"},
			{"  邛峡市", "  Qionglai", "1", "1", "1", "1"},
			{"  都江堰市", "  Dujiangyan", "2", "2", "2", "2"},
		}},
	},
}

const countyFramework = `
units: cn-city
id: county
name: County
inputs:
  - {id: county_hukou_pop_yearend, name: {zh: 县级市年末户籍人口}, unit: 万人}
  - {id: county_gdp, name: {zh: 县级市地区生产总值}, unit: 万元}
  - {id: county_primary_value_added, name: {zh: 县级市第一产业增加值}, unit: 万元}
  - {id: gdp_total_city, name: {zh: 地区生产总值}, unit: 亿元, scope: 全市}
goals:
  - id: g
    name: G
    indicators:
      - {id: x, name: X, unit: "1", direction: positive}
`

func countyDictionary() *Dictionary {
	return NewDictionary([]YearbookColumn{
		{Edition: 2021, Table: "3-1", Title: "人口状况", Column: "年末户籍人口", Unit: "人", Input: "county_hukou_pop_yearend"},
		{Edition: 2024, Table: "3-3", Title: "地区生产总值", Column: "地区生产总值", Unit: "万元", Input: "county_gdp"},
		{Edition: 2024, Table: "3-3", Title: "地区生产总值", Column: "第一产业增加值", Unit: "万元", Input: "county_primary_value_added"},
		{Edition: 2024, Table: "2-6", Title: "地区生产总值", Column: "地区生产总值（当年价格）", Unit: "亿元", Scope: "全市", Input: "gdp_total_city"},
	})
}

func TestSkipCountyTables(t *testing.T) {
	fw, err := indicators.Parse([]byte(countyFramework), "county.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range countySheets {
		t.Run(tt.name, func(t *testing.T) {
			data := workbook(t, tt.sheet)
			opt := Options{Framework: fw, Dictionary: countyDictionary()}
			tab, rep, err := read(data, tt.file, opt)
			if err != nil {
				t.Fatal(err)
			}
			if tab.Len() != 0 || len(tab.Columns()) != 0 || len(rep.Tables) != 0 || len(rep.Units) != 0 || len(rep.Matched) != 0 {
				t.Errorf("read: %s columns %d, tables %+v, notes %+v, matched %+v", dump(tab), len(tab.Columns()), rep.Tables, rep.Units, rep.Matched)
			}
			if len(rep.SkippedTables) != 1 {
				t.Fatalf("skipped %+v", rep.SkippedTables)
			}
			s := rep.SkippedTables[0]
			wantReason := fmt.Sprintf("a table of county-level cities (%d of %d rows", tt.county, tt.rows)
			if tt.said != "" {
				wantReason += "; " + tt.said
			}
			wantReason += "), not of prefecture-level ones (units: cn-city)"
			if s.File != tt.file || s.Sheet != tt.sheet.name || s.Title != tt.title || s.Year != tt.year || s.Rows != tt.rows || s.Reason != wantReason {
				t.Errorf("skipped %+v\nwant reason %q", s, wantReason)
			}
			var kinds []string
			for _, is := range rep.Issues() {
				if is.Kind == dataset.IssueSkippedTable {
					kinds = append(kinds, is.Origin.String()+" "+is.Text+": "+is.Msg)
				}
			}
			wantIssue := fmt.Sprintf("%s#%s %s: %s; %d rows not read", tt.file, tt.sheet.name, s.Number+" "+tt.title, wantReason, tt.rows)
			if len(kinds) != 1 || kinds[0] != wantIssue {
				t.Errorf("issues %q\nwant %q", kinds, wantIssue)
			}
			var b bytes.Buffer
			if err := rep.Print(&b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), "1 table skipped") || !strings.Contains(b.String(), "skipped yearbook table "+s.Number+" "+tt.title) {
				t.Errorf("print:\n%s", b.String())
			}
			b.Reset()
			if err := rep.PrintImport(&b, Panel(tab)); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), "(1 skipped)") || !strings.Contains(b.String(), "skipped tables (not read):\n  "+s.Number+" "+tt.title) {
				t.Errorf("print import:\n%s", b.String())
			}

			// Without cn-city the table is read as before, and its
			// unknown city is an error.
			plain := *fw
			plain.Units = ""
			_, _, err = read(data, tt.file, Options{Framework: &plain, Dictionary: countyDictionary()})
			if tt.name == "2021 edition" {
				if !errors.Is(err, ErrUnknownUnit) {
					t.Errorf("without cn-city: %v", err)
				}
				return
			}
			tab, rep, err = read(data, tt.file, Options{Framework: &plain, Dictionary: countyDictionary()})
			if err != nil {
				t.Fatal(err)
			}
			if tab.Len() != tt.rows || len(rep.SkippedTables) != 0 || len(rep.Tables) != 1 {
				t.Errorf("without cn-city: %s %+v", dump(tab), rep.SkippedTables)
			}
		})
	}
}

// TestCountyRowsInACityTable checks that a table of prefecture-level
// cities with a county-level city among them is read, the county-level
// row an error.
func TestCountyRowsInACityTable(t *testing.T) {
	fw, err := indicators.Parse([]byte(countyFramework), "county.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data := workbook(t, sheetSpec{name: "Sheet49", rows: [][]any{
		{"2-6地区生产总值"},
		{"城 市", "City", "地区生产总值（当年价格）（亿元）"},
		{nil, nil, "全市 Total City"},
		{"河北省", "Hebei"},
		{"  石家庄市", "  Shijiazhuang", "7534"},
		{"  辛集市", "  Xinji", "431"},
		{"  唐山市", "  Tangshan", "9133"},
	}, merges: []string{"A2:A3", "B2:B3"}})
	_, rep, err := read(data, "2024_2-6_地区生产总值.xlsx", Options{Framework: fw, Dictionary: countyDictionary()})
	checkCellErrors(t, err, []cellErr{{File: "2024_2-6_地区生产总值.xlsx", Sheet: "Sheet49", Row: 6, Col: 1, Header: "城市", Text: "辛集市", Kind: ErrUnknownUnit}})
	if rep == nil || len(rep.SkippedTables) != 0 {
		t.Errorf("report %+v", rep)
	}
}
