package importers_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
)

const exampleFramework = `
id: example
name: {zh: 示例, en: Example}
inputs:
  - id: gdp
    name: {zh: 地区生产总值, en: GDP}
    unit: 亿元
  - id: pop
    name: {zh: 常住人口, en: Resident population}
    unit: 万人
goals:
  - id: livable
    name: {zh: 宜居, en: Livable}
    indicators:
      - id: green
        name: {zh: 建成区绿化覆盖率, en: Green coverage of built-up area}
        unit: "%"
        direction: positive
`

func ExampleReadCSV() {
	fw, err := indicators.Parse([]byte(exampleFramework), "example.yaml")
	if err != nil {
		panic(err)
	}
	data := "城市,年份,地区生产总值（万元）,常住人口,建成区绿化覆盖率,省份\n" +
		"杭州市,2023,\"200,593,000\",1252.2,41.5%,浙江\n" +
		"宁波市,2023,164522000,969.7,－,浙江\n"
	tab, _, err := importers.ReadCSV(strings.NewReader(data), "cities.csv", importers.Options{Framework: fw})
	if err != nil {
		panic(err)
	}
	gdp := tab.Column("gdp")
	for i, k := range tab.Keys() {
		v, _ := gdp.Value(i)
		g, ok := tab.Column("green").Value(i)
		fmt.Printf("%s %d %s: GDP %v %s from %s, green %v (%v), province %s\n",
			k.Unit, k.Year, gdp.ID, v, gdp.Unit, gdp.Origin(i), g, ok, tab.Label("省份", i))
	}
	// Output:
	// 杭州市 2023 gdp: GDP 20059.3 亿元 from cities.csv!C2, green 41.5 (true), province 浙江
	// 宁波市 2023 gdp: GDP 16452.2 亿元 from cities.csv!C3, green NaN (false), province 浙江
}

func ExampleReport_Print() {
	fw, err := indicators.Parse([]byte(exampleFramework), "example.yaml")
	if err != nil {
		panic(err)
	}
	data := "city,year,GDP (万元),pop,province\nA,2023,150000,10,X\nB,2023,,,Y\n"
	_, rep, err := importers.ReadCSV(strings.NewReader(data), "cities.csv", importers.Options{Framework: fw})
	if err != nil {
		panic(err)
	}
	rep.Print(os.Stdout)
	// Output:
	// 1 file, 2 rows: 2 columns matched (1 converted), 1 unmatched; 1 row with no data
	// cities.csv: csv (UTF-8), wide, 2 rows
	//   matched (2): C GDP (万元) → gdp; D pop
	//   converted (1): C GDP (万元): 万元 → 亿元 ×0.0001
	//   unmatched (1): E province
	//   no data (1): B 2023 (row 3)
}

func ExampleCellErrors() {
	fw, err := indicators.Parse([]byte(exampleFramework), "example.yaml")
	if err != nil {
		panic(err)
	}
	data := "city,year,gdp,green\nA,2023,12,3a,40\nB,2023,\"12,3a\",n/a\nC,2023,1,99%%\n"
	_, _, err = importers.ReadCSV(strings.NewReader(data), "cities.csv", importers.Options{Framework: fw})
	fmt.Println(err)
	var ces importers.CellErrors
	if errors.As(err, &ces) {
		fmt.Println(len(ces), "bad cells; first at", ces[0].Row, ces[0].Col, "not a number:", errors.Is(ces[0], importers.ErrNotNumber))
	}
	// Output:
	// cities.csv:2:11 (D2, column green): "3a": not a number
	// cities.csv:3:8 (C3, column gdp): "12,3a": not a number
	// cities.csv:4:10 (D4, column green): "99%%": not a number
	// 3 bad cells; first at 2 4 not a number: true
}

func ExampleReadFile_legacyXLS() {
	fw, err := indicators.Parse([]byte(exampleFramework), "example.yaml")
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	// An Excel 97–2003 workbook: a BIFF8 Workbook stream in an OLE2 file.
	path := filepath.Join(dir, "2-1 人口.xls")
	if err := os.WriteFile(path, compoundFile("Workbook", biffWorkbook(nil)), 0o644); err != nil {
		panic(err)
	}
	_, _, err = importers.ReadFile(path, importers.Options{Framework: fw})
	fmt.Println(errors.Is(err, importers.ErrLegacyXLS))
	fmt.Println(strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""))
	// Output:
	// true
	// 2-1 人口.xls: legacy .xls (BIFF) is not read: the file is an Excel 97–2003 workbook (BIFF8); convert it to .xlsx: libreoffice --headless --convert-to xlsx "2-1 人口.xls"
}

// Under a framework whose units are Chinese prefecture-level cities
// (units: cn-city), every unit resolves through package cities: a short
// name, a code or a former name becomes the city's official name, with its
// code and province; a name that is no city is an error.
func ExampleReadCSV_cnCity() {
	fw, err := indicators.Parse([]byte("units: cn-city\n"+exampleFramework), "example.yaml")
	if err != nil {
		panic(err)
	}
	data := "城市,年份,地区生产总值（亿元）\n深圳,2023,34606\n330200,2023,16452\n襄樊市,2009,1201\n"
	tab, rep, err := importers.ReadCSV(strings.NewReader(data), "cities.csv", importers.Options{Framework: fw})
	if err != nil {
		panic(err)
	}
	for i, k := range tab.Keys() {
		fmt.Println(k.Unit, k.Year, tab.Label(importers.LabelCode, i), tab.Label(importers.LabelProvince, i))
	}
	for _, u := range rep.Units {
		fmt.Printf("row %d %s: %s\n", u.Row, u.Text, u.Note)
	}
	_, _, err = importers.ReadCSV(strings.NewReader("城市,年份,地区生产总值\n深川市,2023,1\n"), "cities.csv", importers.Options{Framework: fw})
	fmt.Println(err, errors.Is(err, importers.ErrUnknownUnit))
	// Output:
	// 深圳市 2023 440300 广东省
	// 宁波市 2023 330200 浙江省
	// 襄阳市 2009 420600 湖北省
	// row 2 深圳: short name of 深圳市 (440300)
	// row 4 襄樊市: 襄樊市 in 2009, now 襄阳市 (420600)
	// cities.csv:2:1 (A2, column 城市): 深川市: not a known city; did you mean 深圳市? true
}
