package importers

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
)

func TestPanel(t *testing.T) {
	fw := yearbookFW(t)
	data := workbook(t, sheetSpec{name: "Sheet9", rows: [][]any{
		{"2-1人口数"},
		{"城 市", "City", "常住人口（万人）", nil},
		{nil, nil, "全市 Total City", "市辖区 Districts under City"},
		{"北京市", "Beijing", "2186", "2186"},
		{"河北省"},
		{"  石家庄市", "", "1123.50", "£05"},
		{"  三沙市"},
	}, merges: []string{"A2:A3", "B2:B3", "C2:D2"}})
	tab, _, err := read(data, "2024_2-1.xlsx", Options{Framework: fw, Dictionary: yearbookDictionary()})
	if err != nil {
		t.Fatal(err)
	}
	fw.Compute(tab) // computed values are not in the panel
	rows := Panel(tab)
	var b bytes.Buffer
	if err := WritePanelCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	want := `unit,code,year,variable,value,measure_unit,scope,source
北京市,110000,2023,resident_pop_total_city,2186,万人,全市,2024_2-1.xlsx#Sheet9!C4
北京市,110000,2023,resident_pop_districts,2186,万人,市辖区,2024_2-1.xlsx#Sheet9!D4
石家庄市,130100,2023,resident_pop_total_city,1123.5,万人,全市,2024_2-1.xlsx#Sheet9!C6
石家庄市,130100,2023,resident_pop_districts,,万人,市辖区,2024_2-1.xlsx#Sheet9!D6
三沙市,460300,2023,resident_pop_total_city,,万人,全市,2024_2-1.xlsx#Sheet9!C7
三沙市,460300,2023,resident_pop_districts,,万人,市辖区,2024_2-1.xlsx#Sheet9!D7
`
	if b.String() != want {
		t.Errorf("panel:\n%s\nwant:\n%s", b.String(), want)
	}
	if rows[3].Flag&dataset.Invalid == 0 || !math.IsNaN(rows[3].Value) {
		t.Errorf("bad cell row %+v", rows[3])
	}

	// The panel is a long table: it reads back as the same values.
	back, _, err := ReadCSV(strings.NewReader(b.String()), "panel.csv", Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	const round = "北京市 2023: resident_pop_total_city=2186 resident_pop_districts=2186 code=110000\n" +
		"石家庄市 2023: resident_pop_total_city=1123.5 resident_pop_districts=- code=130100\n" +
		"三沙市 2023: resident_pop_total_city=- resident_pop_districts=- code=460300\n"
	if got := dump(back); got != round {
		t.Errorf("read back:\n%s\nwant:\n%s", got, round)
	}
	var x bytes.Buffer
	if err := WritePanelXLSX(&x, rows); err != nil {
		t.Fatal(err)
	}
	back, _, err = ReadWorkbook(&x, "panel.xlsx", Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(back); got != round {
		t.Errorf("xlsx read back:\n%s\nwant:\n%s", got, round)
	}

	// Units of plain tables get a code when they name a city.
	plain, _, err := ReadCSV(strings.NewReader("城市,年份,常住人口\n北京,2020,1\n某地,2020,2\n"), "p.csv", Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	if p := Panel(plain); p[0].Code != "110000" || p[1].Code != "" || p[0].Source != "p.csv!C2" {
		t.Errorf("codes %+v", p)
	}
}
