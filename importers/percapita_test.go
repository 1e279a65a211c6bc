package importers

import (
	"errors"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// perCapitaFramework has per-person units as the urban-construction
// yearbook and the bulletins print them short.
const perCapitaFramework = `
id: pc
name: Per capita
inputs:
  - {id: road_pp, name: {zh: 道路面积（按人口）, en: Road area per person}, unit: 平方米/人, aliases: [道路面积]}
  - {id: ticket, name: {zh: 人均门票支出, en: Ticket spending per visit}, unit: 元/人次}
  - {id: income, name: {zh: 城镇居民人均可支配收入, en: Urban disposable income per capita}, unit: 元/人}
  - {id: water_pc, name: {zh: 人均日生活用水量, en: Daily domestic water use per capita}, unit: 升/人·日}
  - {id: park_area, name: {zh: 公园绿地面积, en: Park green area}, unit: 公顷}
goals:
  - id: g
    name: G
    indicators:
      - {id: park_green_per_capita, name: {zh: 人均公园绿地面积, en: Park green space per capita}, unit: 平方米/人, direction: positive, aliases: [公园绿地]}
      - {id: gdp_pc, name: {zh: 人均地区生产总值, en: GDP per head}, unit: 元/人, direction: positive}
`

func TestPerCapitaShortUnits(t *testing.T) {
	fw, err := indicators.Parse([]byte(perCapitaFramework), "pc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		header string
		v      string // the variable; "" = an error
		value  string // as dumped, * converted
		note   string // the reading; "" = none
		err    string // part of the error
	}{
		{header: "人均公园绿地面积（平方米）", v: "park_green_per_capita", value: "14.5",
			note: "平方米 read as 平方米/人: a per-capita item (人均公园绿地面积)"},
		{header: "人均公园绿地面积(㎡)", v: "park_green_per_capita", value: "14.5",
			note: "㎡ read as 平方米/人: a per-capita item (人均公园绿地面积)"},
		{header: "人均公园绿地面积（单位：m2）", v: "park_green_per_capita", value: "14.5",
			note: "m2 read as 平方米/人: a per-capita item (人均公园绿地面积)"},
		// The header says per capita in English.
		{header: "park_green_per_capita (平方米)", v: "park_green_per_capita", value: "14.5",
			note: "平方米 read as 平方米/人: a per-capita item (park_green_per_capita)"},
		// The header does not, but the variable it matched does.
		{header: "公园绿地（平方米）", v: "park_green_per_capita", value: "14.5",
			note: "平方米 read as 平方米/人: a per-capita item (人均公园绿地面积)"},
		// The full unit needs no reading.
		{header: "人均公园绿地面积（平方米/人）", v: "park_green_per_capita", value: "14.5"},
		{header: "人均公园绿地面积（万平方米/人）", v: "park_green_per_capita", value: "145000*"},
		// Per person per day; 升 is not in the conversion table.
		{header: "人均日生活用水量（升）", v: "water_pc", value: "14.5",
			note: "升 read as 升/人·日: a per-capita item (人均日生活用水量)"},
		{header: "城镇居民人均可支配收入（元）", v: "income", value: "14.5",
			note: "元 read as 元/人: a per-capita item (城镇居民人均可支配收入)"},
		{header: "人均地区生产总值（元）", v: "gdp_pc", value: "14.5",
			note: "元 read as 元/人: a per-capita item (人均地区生产总值)"},
		// A magnitude prefix on the short unit is no per-capita reading.
		{header: "人均公园绿地面积（万平方米）",
			err: "万平方米 cannot be converted to 平方米/人 (a short per-capita unit must be 平方米 itself; state 万平方米/人 in full if that is meant)"},
		{header: "人均地区生产总值（万元）",
			err: "万元 cannot be converted to 元/人 (a short per-capita unit must be 元 itself; state 万元/人 in full if that is meant)"},
		// Neither the header nor the variable says per capita.
		{header: "道路面积（平方米）",
			err: "平方米 cannot be converted to 平方米/人 (平方米 is read as 平方米/人 only for a per-capita item: a header that starts with 人均 or says per capita)"},
		// Per visit is not per person.
		{header: "人均门票支出（元）", err: "元 cannot be converted to 元/人次"},
		// Another family.
		{header: "人均公园绿地面积（公顷）", err: "公顷 cannot be converted to 平方米/人"},
		{header: "人均日生活用水量（立方米）", err: "立方米 cannot be converted to 升/人·日"},
		// A per-capita header over a total is still an error.
		{header: "人均公园绿地面积（元）", err: "元 cannot be converted to 平方米/人"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			input := "城市," + tt.header + "\n深圳,14.5\n"
			tab, rep, err := ReadCSV(strings.NewReader(input), "data.csv", Options{Framework: fw, Year: 2023})
			if tt.err != "" {
				if !errors.Is(err, ErrUnit) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v\nwant %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, want := dump(tab), "深圳 2023: "+tt.v+"="+tt.value+"\n"; got != want {
				t.Errorf("table %q, want %q", got, want)
			}
			if len(rep.Matched) != 1 || rep.Matched[0].Note != tt.note || rep.Matched[0].Unit != fw.Variable(tt.v).Unit {
				t.Fatalf("matched %+v\nwant note %q", rep.Matched, tt.note)
			}
			var issues []string
			for _, is := range rep.Issues() {
				if is.Kind == dataset.IssueConverted {
					issues = append(issues, is.Msg)
				}
			}
			if tt.note != "" && (len(issues) != 1 || issues[0] != tt.note) {
				t.Errorf("converted issues %q, want %q", issues, tt.note)
			}
		})
	}
}

// TestPerCapitaLong checks the reading in a long table, whose unit column
// states the short unit, and in the printed report.
func TestPerCapitaLong(t *testing.T) {
	fw, err := indicators.Parse([]byte(perCapitaFramework), "pc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	input := "城市,年份,指标,数值,单位\n深圳,2023,人均公园绿地面积,14.5,平方米\n深圳,2023,道路面积,3,平方米\n"
	_, _, err = ReadCSV(strings.NewReader(input), "long.csv", Options{Framework: fw})
	checkCellErrors(t, err, []cellErr{{File: "long.csv", Row: 3, Col: 5, Line: 3, Column: 28, Header: "单位", Text: "平方米", Kind: ErrUnit}})

	input = "城市,年份,指标,数值,单位\n深圳,2023,人均公园绿地面积,14.5,平方米\n"
	tab, rep, err := ReadCSV(strings.NewReader(input), "long.csv", Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(tab); got != "深圳 2023: park_green_per_capita=14.5\n" {
		t.Errorf("table %q", got)
	}
	var b strings.Builder
	if err := rep.Print(&b); err != nil {
		t.Fatal(err)
	}
	want := "converted (1): C2 人均公园绿地面积: 平方米 read as 平方米/人: a per-capita item (人均公园绿地面积)"
	if !strings.Contains(b.String(), want) {
		t.Errorf("print:\n%s\nwant %s", b.String(), want)
	}
}

func TestPerPersonDen(t *testing.T) {
	for d, want := range map[string]bool{
		"人": true, "每人": true, "人·日": true, "人/日": true, "人日": true, "人·天": true, "人・日": true,
		"人次": false, "万人": false, "千人": false, "人口": false, "户": false, "": false,
	} {
		if got := perPersonDen(d); got != want {
			t.Errorf("perPersonDen(%q) = %v, want %v", d, got, want)
		}
	}
}

// TestPerCapitaYearbook checks the reading in a table laid out as the
// yearbooks print them.
func TestPerCapitaYearbook(t *testing.T) {
	fw, err := indicators.Parse([]byte(perCapitaFramework), "pc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data := workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"中国2022年城市建设状况", nil, "城市园林绿化"},
		{"城 市", "City", "人均公园绿地面积（平方米） Park Green Space per Capita", "人均日生活用水量（升）"},
		{"广东省", "Guangdong"},
		{"  深圳市", "  Shenzhen", "15.0", "180.5"},
	}})
	tab, rep, err := read(data, "jianshe.xlsx", Options{Framework: fw, Dictionary: NewDictionary(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(tab); got != "深圳市 2022: park_green_per_capita=15 water_pc=180.5 code=440300 province=广东省\n" {
		t.Errorf("table %q", got)
	}
	var notes []string
	for _, m := range rep.Matched {
		notes = append(notes, m.Note)
	}
	want := "平方米 read as 平方米/人: a per-capita item (人均公园绿地面积)|升 read as 升/人·日: a per-capita item (人均日生活用水量)"
	if strings.Join(notes, "|") != want {
		t.Errorf("notes %q\nwant %q", strings.Join(notes, "|"), want)
	}
}
