package importers

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// The tests of this file build small workbooks that copy, one by one, the
// quirks of the China City Statistical Yearbook tables listed in
// shared/data/ccsy2024-excel/README.md and of the CNKI exports of
// shared/data/cnki-ccsy-export-samples/README.md. The real files are
// evaluation data and are only read by real_test.go, when present.

const yearbookFramework = `
id: yb
name: {zh: 年鉴, en: Yearbook}
inputs:
  - {id: resident_pop_total_city, name: {zh: 常住人口, en: Resident population}, unit: 万人, scope: 全市}
  - {id: resident_pop_districts, name: {zh: 市辖区常住人口, en: Resident population (districts)}, unit: 万人, scope: 市辖区}
  - {id: urban_resident_pop_total_city, name: {zh: 城镇常住人口}, unit: 万人, scope: 全市}
  - {id: hukou_pop_total_city, name: {zh: 户籍人口}, unit: 万人, scope: 全市}
  - {id: hukou_pop_districts, name: {zh: 市辖区户籍人口}, unit: 万人, scope: 市辖区}
  - {id: gdp_total_city, name: {zh: 地区生产总值}, unit: 亿元, scope: 全市}
  - {id: gdp_districts, name: {zh: 市辖区地区生产总值}, unit: 亿元, scope: 市辖区}
  - {id: gdp_per_capita_total_city, name: {zh: 全市人均地区生产总值}, unit: 元, scope: 全市}
  - {id: gdp_per_capita_districts, name: {zh: 市辖区人均地区生产总值}, unit: 元, scope: 市辖区}
  - {id: budget_revenue_total_city, name: {zh: 地方一般公共预算收入}, unit: 万元, scope: 全市}
  - {id: budget_revenue_districts, name: {zh: 市辖区地方本级一般公共预算收入}, unit: 万元, scope: 市辖区}
  - {id: imports_total_city, name: {zh: 货物进口额}, unit: 亿元, scope: 全市}
  - {id: housing_sales_total_city, name: {zh: 商品房销售面积}, unit: 万平方米, scope: 全市}
  - {id: residential_sales_total_city, name: {zh: 住宅销售面积}, unit: 万平方米, scope: 全市}
  - {id: pm25_total_city, name: {zh: 细颗粒物年平均浓度}, unit: 微克/立方米, scope: 全市}
  - {id: county_hukou_pop_yearend, name: {zh: 县级市年末户籍人口}, unit: 万人}
  - {id: employment_share_total_city, name: {zh: 第一产业从业人员比重}, unit: "%", scope: 全市}
  - {id: employment_share_districts, name: {zh: 市辖区第一产业从业人员比重}, unit: "%", scope: 市辖区, aliases: [第一产业从业人员比重_市辖区]}
goals:
  - id: g
    name: 目标
    indicators:
      - {id: gdp_pc, name: {zh: 人均GDP}, unit: 元/人, direction: positive, formula: gdp_total_city * 10000 / resident_pop_total_city}
`

// yearbookDictionary is a dictionary of the columns the tests use, as
// yearbook/columns.csv lists them.
func yearbookDictionary() *Dictionary {
	c := func(ed int, table, title, col, unit, scope, id string) YearbookColumn {
		return YearbookColumn{Edition: ed, DataYear: ed - 1, Table: table, Title: title, Column: col, Unit: unit, Scope: scope, Input: id}
	}
	return NewDictionary([]YearbookColumn{
		c(2021, "2-1", "人口数", "常住人口", "", "全市", "resident_pop_total_city"),
		c(2021, "2-1", "人口数", "常住人口", "", "市辖区", "resident_pop_districts"),
		c(2021, "2-1", "人口数", "城镇常住人口", "", "全市", "urban_resident_pop_total_city"),
		c(2022, "2-1", "人口数", "户籍人口", "万人", "全市", "hukou_pop_total_city"),
		c(2022, "2-1", "人口数", "户籍人口", "万人", "市辖区", "hukou_pop_districts"),
		c(2024, "2-1", "人口数", "常住人口", "万人", "全市", "resident_pop_total_city"),
		c(2024, "2-1", "人口数", "常住人口", "万人", "市辖区", "resident_pop_districts"),
		c(2022, "2-7", "地区生产总值", "地区生产总值（当年价格）", "亿元", "全市", "gdp_total_city"),
		c(2024, "2-6", "地区生产总值", "地区生产总值（当年价格）", "亿元", "全市", "gdp_total_city"),
		c(2024, "2-6", "地区生产总值", "地区生产总值（当年价格）", "亿元", "市辖区", "gdp_districts"),
		c(2024, "2-6", "地区生产总值", "人均地区生产总值", "元", "全市", "gdp_per_capita_total_city"),
		c(2024, "2-6", "地区生产总值", "人均地区生产总值", "元", "市辖区", "gdp_per_capita_districts"),
		c(2024, "2-8", "地方一般公共预算收支状况(全市)", "地方本级一般公共预算收入", "万元", "全市", "budget_revenue_total_city"),
		c(2024, "2-9", "地方一般公共预算收支状况(市辖区)", "地方本级一般公共预算收入", "万元", "市辖区", "budget_revenue_districts"),
		c(2024, "2-12", "对外经济贸易(全市)", "货物进口额", "万元", "全市", "imports_total_city"),
		c(2024, "2-11", "商品房销售面积", "商品房销售面积", "万平方米", "全市", "housing_sales_total_city"),
		c(2024, "2-11", "商品房销售面积", "住宅", "万平方米", "全市", "residential_sales_total_city"),
		c(2024, "2-5", "空气质量状况和污水及生活垃圾处理率(全市)", "细颗粒物年平均浓度", "微克/立方米", "全市", "pm25_total_city"),
		c(2021, "3-1", "人口状况", "年末户籍人口", "人", "", "county_hukou_pop_yearend"),
		c(2024, "3-1", "人口状况", "年末户籍人口", "万人", "", "county_hukou_pop_yearend"),
		// Synonyms (seeds/yearbook/synonyms.csv): any table, any edition.
		{Column: "年末户籍人口", Unit: "万人", Scope: "全市", Input: "hukou_pop_total_city"},
		{Column: "年末户籍人口", Unit: "万人", Scope: "市辖区", Input: "hukou_pop_districts"},
	})
}

func yearbookFW(t testing.TB) *indicators.Framework {
	t.Helper()
	fw, err := indicators.Parse([]byte(yearbookFramework), "yb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

// unknownCitySheet names a city (石家庄币, a typo) the city table does not know.
var unknownCitySheet = sheetSpec{name: "S", rows: [][]any{
	{"2-6地区生产总值"},
	{"城 市", "City", "地区生产总值（当年价格）（亿元）"},
	{nil, nil, "全市"},
	{"石家庄币", "x", "1"},
}, merges: []string{"A2:A3", "B2:B3"}}

func TestReadYearbook(t *testing.T) {
	fw := yearbookFW(t)
	dict := yearbookDictionary()
	tests := []struct {
		name  string
		file  string // default "t.xlsx"
		sheet sheetSpec
		opt   Options
		want  string // dump of the table
		errs  []cellErr
		check func(t *testing.T, tab *dataset.Table, rep *Report)
	}{
		{
			// README quirks 1, 2, 3, 4, 5: row 1 blank, table number and
			// title, English title, merged bilingual header over 全市 /
			// 市辖区 sub-headers, names indented by two spaces except the
			// municipalities, a province row, numbers as text and as
			// numbers, 三沙市 without values.
			name: "2024 edition layout",
			file: "2024_2-6_地区生产总值.xlsx",
			sheet: sheetSpec{name: "Sheet49", rows: [][]any{
				{},
				{"2-6地区生产总值"},
				{},
				{"Gross Regional Product"},
				{},
				{"城 市", "City", "地区生产总值（当年价格） （亿元）\nGross Regional Product （Current Prices）   （100 000 000 yuan）", nil, "人均地区生产总值 (元) Per Capita GRP (yuan)"},
				{nil, nil, "全市 Total City", "市辖区 Districts under City", "全市\nTotal City", "市辖区 Districts\nunder City"},
				{"北京市", "Beijing", "43761", "43761", "200278", "200278"},
				{"河北省", "Hebei"},
				{"  石家庄市", "  Shijiazhuang", 7534.5, "4710", " 67099 ", "81615"},
				{"海南省", "Hainan"},
				{"  三沙市", "  Sansha"},
			}, merges: []string{"A6:A7", "B6:B7", "C6:D6", "E6:F6"}},
			want: "北京市 2023: gdp_total_city=43761 gdp_districts=43761 gdp_per_capita_total_city=200278 gdp_per_capita_districts=200278 code=110000 province=北京市\n" +
				"石家庄市 2023: gdp_total_city=7534.5 gdp_districts=4710 gdp_per_capita_total_city=67099 gdp_per_capita_districts=81615 code=130100 province=河北省\n" +
				"三沙市 2023: gdp_total_city=- gdp_districts=- gdp_per_capita_total_city=- gdp_per_capita_districts=- code=460300 province=海南省\n",
			check: func(t *testing.T, tab *dataset.Table, rep *Report) {
				ti := rep.Tables[0]
				if ti.Number != "2-6" || ti.Title != "地区生产总值" || ti.TitleEn != "Gross Regional Product" || ti.HeaderRow != 6 || ti.HeaderRows != 2 ||
					ti.FirstDataRow != 8 || ti.Cities != 3 || ti.Provinces != 2 || ti.Values != 8 || ti.Missing != 4 || ti.Year != 2023 ||
					!strings.HasPrefix(ti.YearFrom, "edition 2024") {
					t.Errorf("table info %+v", ti)
				}
				if len(rep.NoData) != 1 || rep.NoData[0].Unit != "三沙市" {
					t.Errorf("no data %+v", rep.NoData)
				}
				c := tab.Column("gdp_districts")
				if o := c.Origin(1); o.String() != "2024_2-6_地区生产总值.xlsx#Sheet49!D10" {
					t.Errorf("origin %s", o)
				}
				if o := c.Origin(2); o.Row != 12 || c.Flags[2]&dataset.Missing == 0 {
					t.Errorf("三沙市 cell %+v %v", o, c.Flags[2])
				}
				if rep.Files[0].Layout != LayoutYearbook || rep.Files[0].Rows != 3 {
					t.Errorf("file %+v", rep.Files[0])
				}
			},
		},
		{
			// Quirk 1 (2021 edition) and 10: a banner names the data year,
			// which wins over --year; the title sits beside it; the
			// header's unit is missing, so the framework's is assumed.
			name: "2021 edition banner",
			sheet: sheetSpec{name: "Sheet1", rows: [][]any{
				{"中国2020年地级以上城市数据", nil, "2-1 人口数"},
				{},
				{"城 市", "City", "常住人口                                 Urban Resident Population", nil, nil, nil},
				{nil, nil, nil, nil, "城镇常住人口                 Urban Resident Population"},
				{nil, nil, "全市                                  Total City", "市辖区 Districts under City", "全市      Total City"},
				{"北京市", "Beijing", 2189, 2189, 1916},
				{"河北省", "Hebei"},
				{"  唐山市", "  Tangshan", 772, 379, 496},
			}, merges: []string{"A1:B2", "C1:F2", "A3:A5", "B3:B5", "C3:D4", "E4:F4"}},
			opt:  Options{Year: 2023},
			want: "北京市 2020: resident_pop_total_city=2189 resident_pop_districts=2189 urban_resident_pop_total_city=1916 code=110000 province=北京市\n唐山市 2020: resident_pop_total_city=772 resident_pop_districts=379 urban_resident_pop_total_city=496 code=130200 province=河北省\n",
			check: func(t *testing.T, _ *dataset.Table, rep *Report) {
				if yf := rep.Tables[0].YearFrom; !strings.Contains(yf, "中国2020年地级以上城市数据") || !strings.Contains(yf, "--year 2023 not applied") {
					t.Errorf("year from %q", yf)
				}
			},
		},
		{
			// Quirks 2 and 9 (2022 edition): nothing is indented; 2-1 holds
			// 户籍人口, not 常住人口; the unit row holds both languages; the
			// official misprint 荷泽市 is 菏泽市.
			name: "2022 edition without indentation, misprint",
			file: "2022/2022_2022-2-1 人口数.xlsx",
			sheet: sheetSpec{name: "Sheet1", rows: [][]any{
				{"2-1人口数", "Household Resident Population"},
				{},
				{"单位：万人                                  (10 000 persons)"},
				{"城 市", "City"},
				{nil, nil, "户籍人口 Household Resident Population"},
				{nil, nil, "全市 Total City", "市辖区 Districts under City"},
				{"山东省", "Shandong"},
				{"荷泽市", "Heze", 1000, 200},
			}, merges: []string{"A4:A6", "B4:B6", "C4:D4", "C5:D5"}},
			want: "菏泽市 2021: hukou_pop_total_city=1000 hukou_pop_districts=200 code=371700 province=山东省\n",
			check: func(t *testing.T, _ *dataset.Table, rep *Report) {
				if len(rep.Units) != 1 || rep.Units[0].Text != "荷泽市" || rep.Units[0].Row != 8 || !strings.Contains(rep.Units[0].Note, "misprint of 菏泽市") {
					t.Errorf("units %+v", rep.Units)
				}
				if rep.Tables[0].Unit != "万人" || rep.Tables[0].Year != 2021 {
					t.Errorf("table %+v", rep.Tables[0])
				}
			},
		},
		{
			// Quirk 6: typos in value cells are bad cells, reported with
			// their place, never read as 0; reading goes on.
			name: "bad cells",
			sheet: sheetSpec{name: "Sheet89", rows: [][]any{
				{"2-11商品房销售面积"},
				{"单位：万平方米"},
				{"(10 000 sq.m)"},
				{"城 市", "City", "商品房销售面积", nil, "住宅 Residential Buildings"},
				{nil, nil, "Sales Area of Commercial Residential Building"},
				{nil, nil, "全市 Total City", "市辖区 Districts under City", "全市 Total City"},
				{"青海省", "Qinghai"},
				{"  西宁市", "  Xining", "£05", "12", "135OOO"},
				{"山东省", "Shandong"},
				{"  烟台市", "  Yantai", "_ 2317", "1", "—"},
			}, merges: []string{"A4:A6", "B4:B6", "C4:D4", "C5:D5"}},
			opt:  Options{Year: 2023},
			want: "西宁市 2023: housing_sales_total_city=- residential_sales_total_city=- code=630100 province=青海省\n烟台市 2023: housing_sales_total_city=- residential_sales_total_city=- code=370600 province=山东省\n",
			check: func(t *testing.T, tab *dataset.Table, rep *Report) {
				var got []string
				for _, b := range rep.Bad {
					got = append(got, b.Origin.String()+" "+string(b.Unit)+" "+string(b.Variable)+" "+b.Text)
				}
				want := "t.xlsx#Sheet89!C8 西宁市 housing_sales_total_city £05|t.xlsx#Sheet89!E8 西宁市 residential_sales_total_city 135OOO|t.xlsx#Sheet89!C10 烟台市 housing_sales_total_city _ 2317"
				if strings.Join(got, "|") != want {
					t.Errorf("bad cells\n%s\nwant\n%s", strings.Join(got, "|"), want)
				}
				c := tab.Column("housing_sales_total_city")
				if !math.IsNaN(c.Values[0]) || c.Flags[0]&dataset.Invalid == 0 {
					t.Errorf("flags %v", c.Flags[0])
				}
				if r := tab.Column("residential_sales_total_city"); r.Flags[1]&dataset.Invalid != 0 || r.Flags[1]&dataset.Missing == 0 {
					t.Errorf("— is missing, not bad: %v", r.Flags[1])
				}
				issues := rep.Issues()
				if len(issues) < 3 || issues[0].Kind != dataset.IssueInvalid || issues[0].Text != "£05" {
					t.Errorf("issues %v", issues)
				}
				if len(rep.Unmatched) != 1 || rep.Unmatched[0].Col != "D" || !strings.Contains(rep.Unmatched[0].Note, "only for 全市") {
					t.Errorf("unmatched %+v", rep.Unmatched)
				}
				if ti := rep.Tables[0]; ti.Bad != 3 || ti.Missing != 1 {
					t.Errorf("counts %+v", ti)
				}
			},
		},
		{
			// Quirks 7 and 10 (2021 county tables): the unit is in the
			// title, and 人 is converted to the framework's 万人; the banner
			// says 县级市; county-level misprints.
			name: "unit in the title converted",
			sheet: sheetSpec{name: "Sheet1", rows: [][]any{
				{},
				{"中国2020年县级市数据", nil, "3-1 人口状况（人）"},
				{"城 市", "City", "年末户籍人口"},
				{nil, nil, "Household Registered Population at Year-end"},
				{"四川省", "Sichuan"},
				{"  邛峡市", "  Qionglai", 629495},
				{"  华蓋市", "  Huaying", "350000"},
			}, merges: []string{"A2:B2", "A3:A4", "B3:B4"}},
			want: "邛崃市 2020: county_hukou_pop_yearend=62.9495* code=510183 province=四川省\n华蓥市 2020: county_hukou_pop_yearend=35* code=511681 province=四川省\n",
			check: func(t *testing.T, _ *dataset.Table, rep *Report) {
				if m := rep.Matched[0]; m.Stated != "人" || m.Unit != "万人" || m.Factor != 1e-4 {
					t.Errorf("matched %+v", m)
				}
				if len(rep.Units) != 2 {
					t.Errorf("units %+v", rep.Units)
				}
			},
		},
		{
			// The scope of a table without sub-headers comes from its
			// title: the same column is 全市 in 2-8 and 市辖区 in 2-9.
			name: "scope from the title",
			sheet: sheetSpec{name: "Sheet73", rows: [][]any{
				{"2-9地方一般公共预算收支状况(市辖区)"},
				{"Local General Public Budget Revenue and Expenditure (Districts under City)"},
				{"单位：万元"},
				{"城 市", "City", "地方本级一般 公共预算收入 Local General Public Budget Revenue"},
				{"天津市", "Tianjin", "20275112"},
			}},
			opt:  Options{Year: 2023},
			want: "天津市 2023: budget_revenue_districts=2.0275112e+07 code=120000 province=天津市\n",
		},
		{
			// Quirk 7: the unit row (merged) and an English unit beside it;
			// 万元 converted to the framework's 亿元.
			name: "unit row converted",
			sheet: sheetSpec{name: "Sheet8", rows: [][]any{
				{"2-12对外经济贸易(全市)"},
				{"Foreign Trade and Economic Cooperation (Total City)"},
				{"单位：万元", nil, nil, "(10 000 yuan)"},
				{"城 市", "City", "货物进口额 Import Volume of Goods"},
				{"北京市", "Beijing", "304662637"},
			}, merges: []string{"A3:C3"}},
			opt:  Options{Year: 2023},
			want: "北京市 2023: imports_total_city=30466.2637* code=110000 province=北京市\n",
		},
		{
			// The unit 微克/立方米 in a header, a note above the header
			// and a source below the data.
			name: "notes and sources",
			sheet: sheetSpec{name: "S", rows: [][]any{
				{"2-5空气质量状况和污水及生活垃圾处理率(全市)"},
				{"Air Quality Condition, Ratio of Waste Water and"},
				{"Consumption (Total City)"},
				{"注：本表中“年末实有巡游出租汽车营运车数\"与\"年末实有出租汽车营运车数”口径一致。"},
				{"城 市", "City", "细颗粒物年平均浓度 (微克/立方米) Annual Mean Concentration ofPM25 (ug/m3)"},
				{"北京市", "Beijing", "32"},
				{"资料来源：生态环境部"},
			}},
			opt:  Options{Year: 2023},
			want: "北京市 2023: pm25_total_city=32 code=110000 province=北京市\n",
			check: func(t *testing.T, _ *dataset.Table, rep *Report) {
				if ti := rep.Tables[0]; ti.Notes != 1 || ti.TitleEn != "Air Quality Condition, Ratio of Waste Water and" || ti.Scope != "全市" {
					t.Errorf("table %+v", ti)
				}
			},
		},
		{
			// CNKI: a converted export repeats its header on every page,
			// after a continuation title; sub-headers may be English only;
			// cities are indented with U+00A0; subtotals of provinces are
			// skipped like province headings.
			name: "CNKI pages",
			sheet: sheetSpec{name: "1-7", rows: [][]any{
				{"(一)人口、劳动力及土地资源"},
				{"2-1 人口状况"},
				{"城 市", "City", "年末户籍人口 (万人)\r\nHousehold Registered\r\nPopulation at Year-end"},
				{nil, nil, "全市\nTotal City", "市辖区\nDistricts\nunder City"},
				{"吉林省", "Jilin", "2600", "1200"},
				{"\u00a0\u00a0长春市", "Changchun", "1363", "800"},
				{},
				{"2-1 续表 1 continued 1"},
				{"城 市", "City", "年末户籍人口 (万人)"},
				{nil, nil, "全市\nTotal City", "Districts\nunder City"},
				{"\u00a0\u00a0吉林市", "Jilin", "400", "180"},
			}, merges: []string{"A3:A4", "B3:B4", "C3:D3", "A9:A10", "B9:B10", "C9:D9"}},
			opt:  Options{Year: 2016},
			want: "长春市 2016: hukou_pop_total_city=1363 hukou_pop_districts=800 code=220100 province=吉林省\n吉林市 2016: hukou_pop_total_city=400 hukou_pop_districts=180 code=220200 province=吉林省\n",
			check: func(t *testing.T, _ *dataset.Table, rep *Report) {
				if ti := rep.Tables[0]; ti.Repeats != 1 || ti.Notes != 1 || ti.Provinces != 1 || ti.Cities != 2 {
					t.Errorf("table %+v", ti)
				}
			},
		},
		{
			// Former names: 襄樊市 is 襄阳市 (same code) in any year, and
			// reported when the name is not that year's.
			name: "former name",
			sheet: sheetSpec{name: "S", rows: [][]any{
				{"2-6地区生产总值"},
				{"城 市", "City", "地区生产总值（当年价格）（亿元）", nil},
				{nil, nil, "全市", "市辖区"},
				{"湖北省"},
				{"  襄樊市", "  Xiangfan", "5000", "1000"},
			}, merges: []string{"A2:A3", "B2:B3", "C2:D2"}},
			opt:  Options{Year: 2015},
			want: "襄阳市 2015: gdp_total_city=5000 gdp_districts=1000 code=420600 province=湖北省\n",
			check: func(t *testing.T, _ *dataset.Table, rep *Report) {
				if len(rep.Units) != 1 || !strings.Contains(rep.Units[0].Note, "not a name in 2015") {
					t.Errorf("units %+v", rep.Units)
				}
			},
		},
		{
			name:  "unknown city",
			sheet: unknownCitySheet,
			opt:   Options{Year: 2023},
			errs:  []cellErr{{File: "t.xlsx", Sheet: "S", Row: 4, Col: 1, Header: "城市", Text: "石家庄币", Kind: ErrUnknownUnit}},
		},
		{
			name:  "unknown city allowed",
			sheet: unknownCitySheet,
			opt:   Options{Year: 2023, AllowUnknownUnits: true},
			want:  "石家庄币 2023: gdp_total_city=1\n",
			check: func(t *testing.T, _ *dataset.Table, rep *Report) {
				if len(rep.Units) != 1 || !rep.Units[0].Kept || rep.Units[0].Note != "not a known city; kept as printed (--allow-unknown-units); did you mean 石家庄市?" {
					t.Errorf("units %+v", rep.Units)
				}
			},
		},
		{
			// Columns the dictionary and the framework do not know are
			// reported, not read; a column without header but with data
			// too.
			name: "unknown columns",
			sheet: sheetSpec{name: "S", rows: [][]any{
				{"2-27城市交通状况"},
				{"城 市", "City", "城市公共交通客运总量 (万人次)", "常住人口 (万人)", nil},
				{nil, nil, "全市 Total City", "全市 Total City"},
				{"北京市", "Beijing", "554030", "2186", "9"},
			}, merges: []string{"A2:A3", "B2:B3"}},
			opt:  Options{Year: 2023},
			want: "北京市 2023: resident_pop_total_city=2186 code=110000 province=北京市\n",
			check: func(t *testing.T, _ *dataset.Table, rep *Report) {
				if len(rep.Unmatched) != 2 || rep.Unmatched[0].Col != "C" || rep.Unmatched[1].Col != "E" || rep.Tables[0].Unknown != 1 {
					t.Errorf("unmatched %+v", rep.Unmatched)
				}
			},
		},
		{
			// A column the dictionary knows for both scopes cannot be read
			// without one.
			name: "ambiguous scope",
			sheet: sheetSpec{name: "S", rows: [][]any{
				{"2-1人口数"},
				{"城 市", "City", "常住人口"},
				{"北京市", "Beijing", "2186"},
			}},
			opt:  Options{Year: 2023},
			want: "北京市 2023: code=110000 province=北京市\n",
			check: func(t *testing.T, _ *dataset.Table, rep *Report) {
				if len(rep.Unmatched) != 1 || !strings.Contains(rep.Unmatched[0].Note, "name the scope") {
					t.Errorf("unmatched %+v", rep.Unmatched)
				}
			},
		},
		{
			name: "two cities with one name",
			sheet: sheetSpec{name: "S", rows: [][]any{
				{"2-1人口数"},
				{"城 市", "City", "常住人口"},
				{nil, nil, "全市"},
				{"北京市", "Beijing", "2186"},
				{"北京市", "Beijing", "2186"},
			}},
			opt:  Options{Year: 2023},
			errs: []cellErr{{File: "t.xlsx", Sheet: "S", Row: 5, Col: 1, Header: "城市", Text: "北京市", Kind: ErrDuplicate}},
		},
		{
			name: "values without a city",
			sheet: sheetSpec{name: "S", rows: [][]any{
				{"2-1人口数"},
				{"城 市", "City", "常住人口"},
				{nil, nil, "全市"},
				{"北京市", "Beijing", "2186"},
				{nil, nil, "7"},
			}},
			opt:  Options{Year: 2023},
			errs: []cellErr{{File: "t.xlsx", Sheet: "S", Row: 5, Col: 1, Header: "城市", Kind: ErrNoUnit}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "t.xlsx"
			}
			opt := tt.opt
			opt.Framework, opt.Dictionary = fw, dict
			data := workbook(t, tt.sheet)
			tab, rep, err := read(data, file, opt)
			if tt.errs != nil {
				if tab != nil {
					t.Errorf("table with an error")
				}
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

func TestReadYearbookYear(t *testing.T) {
	fw := yearbookFW(t)
	sheet := sheetSpec{name: "S", rows: [][]any{
		{"2-1人口数"},
		{"城 市", "City", "常住人口"},
		{nil, nil, "全市"},
		{"北京市", "Beijing", "2186"},
	}}
	data := workbook(t, sheet)
	tests := []struct {
		file string
		year int
		want int
		from string
	}{
		{"2-1.xlsx", 2023, 2023, "--year"},
		{"中国城市统计年鉴2024【excel】/2、地级以上城市统计资料/2-1_人口数.xlsx", 0, 2023, "edition 2024 in the path"},
		{"2024/2-1.xlsx", 0, 2023, "edition 2024 in the path"},
		{"2022_2022-2-1 人口数.xlsx", 0, 2021, "edition 2022 in the path"},
		{"城市统计年鉴 2020年版/x.xlsx", 0, 2019, "edition 2020 in the path"},
		{"中国城市统计年鉴2024/x.xlsx", 2021, 2021, "--year"},
	}
	for _, tt := range tests {
		tab, rep, err := read(data, tt.file, Options{Framework: fw, Year: tt.year, Dictionary: yearbookDictionary()})
		if err != nil {
			t.Errorf("%s: %v", tt.file, err)
			continue
		}
		if y := tab.Keys()[0].Year; y != tt.want || !strings.HasPrefix(rep.Tables[0].YearFrom, tt.from) {
			t.Errorf("%s --year %d: year %d (%s), want %d (%s)", tt.file, tt.year, y, rep.Tables[0].YearFrom, tt.want, tt.from)
		}
	}
	_, _, err := read(data, filepath.Join("tables", "2-1.xlsx"), Options{Framework: fw, Dictionary: yearbookDictionary()})
	if !errors.Is(err, ErrNoYear) || !strings.Contains(err.Error(), "--year") {
		t.Errorf("no year: %v", err)
	}
}

// TestReadYearbookEditions reads the same table of two editions, numbered
// 2-7 in one and 2-6 in the other (quirk 8), into one panel.
func TestReadYearbookEditions(t *testing.T) {
	fw := yearbookFW(t)
	table := func(number string, gdp string) []byte {
		return workbook(t, sheetSpec{name: "S", rows: [][]any{
			{number + "地区生产总值 Gross Regional Product"},
			{"城 市", "City", "地区生产总值（当年价格）（亿元） Gross Regional Product （Current Prices） （100 000 000 yuan）"},
			{nil, nil, "全市 Total City"},
			{"北京市", "Beijing", gdp},
		}, merges: []string{"A2:A3", "B2:B3"}})
	}
	dir := writeFiles(t, map[string][]byte{
		// File names as published: spaces, full-width brackets, a stray (1).
		"2022/2022_2022-2-7 地区生产总值.xlsx": table("2-7", "40270"),
		"extracted_2024_中国城市统计年鉴2024【excel】/2、地级以上城市统计资料/2-6_地区生产总值(1).xlsx": table("2-6", "43761"),
	})
	tab, _, err := ReadPaths([]string{filepath.Join(dir, "2022"), filepath.Join(dir, "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")},
		Options{Framework: fw, Dictionary: yearbookDictionary()})
	if err != nil {
		t.Fatal(err)
	}
	want := "北京市 2021: gdp_total_city=40270 code=110000 province=北京市\n北京市 2023: gdp_total_city=43761 code=110000 province=北京市\n"
	if got := dump(tab); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

// TestReadYearbookWithoutDictionary matches columns by the framework's
// names when no dictionary is given.
func TestReadYearbookWithoutDictionary(t *testing.T) {
	fw := yearbookFW(t)
	data := workbook(t, sheetSpec{name: "S", rows: [][]any{
		{"2-1人口数"},
		{"城 市", "City", "常住人口 (万人)", "户籍人口 (人)"},
		{nil, nil, "全市", "全市"},
		{"北京市", "Beijing", "2186", "14140000"},
	}})
	tab, _, err := Read(bytes.NewReader(data), "t.xlsx", Options{Framework: fw, Year: 2023})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(tab); got != "北京市 2023: resident_pop_total_city=2186 hukou_pop_total_city=1414* code=110000 province=北京市\n" {
		t.Errorf("table %q", got)
	}
}

// TestDetectYearbook keeps plain tables, whose header is their first row,
// out of the yearbook reader.
func TestDetectYearbook(t *testing.T) {
	tests := []struct {
		name string
		rows [][]string
		hdr  int
		ok   bool
	}{
		{"plain wide table", [][]string{{"城市", "年份", "gdp"}, {"北京", "2020", "1"}}, 0, false},
		{"title above", [][]string{{"2-1人口数"}, {"城 市", "City", "常住人口"}}, 1, true},
		{"banner above", [][]string{{"中国2020年地级以上城市数据"}, {}, {"城市", "", "x"}}, 2, true},
		{"unit row above", [][]string{{"单位：万元"}, {"城市", "gdp"}}, 1, true},
		{"bilingual name column", [][]string{{"城 市", "City", "常住人口"}}, 0, true},
		{"scope sub-header", [][]string{{"地区", "常住人口"}, {"", "全市"}}, 0, true},
		{"no place column", [][]string{{"2-1人口数"}, {"unit", "gdp"}}, 0, false},
	}
	for _, tt := range tests {
		hdr, ok := detectYearbook(tt.rows)
		if ok != tt.ok || (ok && hdr != tt.hdr) {
			t.Errorf("%s: %d %v, want %d %v", tt.name, hdr, ok, tt.hdr, tt.ok)
		}
	}
}

func TestSplitZhEn(t *testing.T) {
	tests := []struct{ in, zh, en string }{
		{"地区生产总值（当年价格） （亿元）\nGross Regional Product （Current Prices）", "地区生产总值（当年价格） （亿元）", "Gross Regional Product （Current Prices）"},
		{"常住人口城镇化率(%) Urbanization Rate(%)", "常住人口城镇化率(%)", "Urbanization Rate(%)"},
		{"高新技术企业数(国家级)(个) The Number", "高新技术企业数(国家级)(个)", "The Number"},
		{"第一产业占地区                  生产总值的比重（%）   Primary", "第一产业占地区生产总值的比重（%）", "Primary"},
		{"2-12对外经济贸易(全市)", "2-12对外经济贸易(全市)", ""},
		{"全市\r\nTotal City", "全市", "Total City"},
		{"Districts under City", "", "Districts under City"},
		{"细颗粒物(PM2.5)年均浓度 (微克/立方米) Annual (ug/m3)", "细颗粒物(PM2.5)年均浓度 (微克/立方米)", "Annual (ug/m3)"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if zh, en := splitZhEn(tt.in); zh != tt.zh || en != tt.en {
			t.Errorf("splitZhEn(%q) = %q, %q; want %q, %q", tt.in, zh, en, tt.zh, tt.en)
		}
	}
}

func TestUnitRowUnit(t *testing.T) {
	tests := []struct{ in, want string }{
		{"单位：万元", "万元"},
		{"单位：万人                    (10 000 persons)", "万人"},
		{"单位：万元(10000yuan)", "万元"},
		{"单位：平方公里(sq.km)", "平方公里"},
		{"单位:％", "%"},
		{"单位：", ""},
		{"单位名称", ""},
	}
	for _, tt := range tests {
		if got, _ := unitRowUnit(tt.in); got != tt.want {
			t.Errorf("unitRowUnit(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDictionaryLookup(t *testing.T) {
	d := yearbookDictionary()
	tests := []struct {
		title, column, scope string
		want                 string
	}{
		{"地区生产总值", "地区生产总值(当年价格)", "全市", "gdp_total_city"},
		{"地区生产总值", "地区生产总值（当年价格）", "市辖区", "gdp_districts"},
		{"地方一般公共预算收支状况（市辖区）", "地方本级一般公共预算收入", "市辖区", "budget_revenue_districts"},
		{"地方一般公共预算收支状况(全市)", "地方本级一般公共预算收入", "全市", "budget_revenue_total_city"},
		{"别的表", "地方本级一般公共预算收入", "市辖区", "budget_revenue_districts"},
		{"人口状况", "年末户籍人口", "", "county_hukou_pop_yearend"},
		{"人口数", "常住人口", "", ""}, // 全市 or 市辖区?
		{"人口数", "常住人口", "城区", ""},
		{"人口数", "未知", "全市", ""},
	}
	for _, tt := range tests {
		c, ok := d.Lookup(tt.title, tt.column, tt.scope)
		if (tt.want == "") == ok || c.Input != tt.want {
			t.Errorf("Lookup(%q, %q, %q) = %q %v, want %q", tt.title, tt.column, tt.scope, c.Input, ok, tt.want)
		}
	}
	if got := d.Inputs(); len(got) != 16 || got[0] != "resident_pop_total_city" {
		t.Errorf("inputs %v", got)
	}
}

func TestReadDictionary(t *testing.T) {
	good := "edition,data_year,table,table_title_zh,column_zh,header_en,unit,scope,input_id\n" +
		"2024,2023,2-1,人口数,常住人口,Permanent Resident Population,万人,全市,resident_pop_total_city\n" +
		",,,,年末户籍人口,,万人,全市,hukou_pop_total_city\n"
	d, err := ReadDictionary(strings.NewReader("\uFEFF"+good), "c.csv")
	if err != nil || len(d.Columns()) != 2 || d.Columns()[1].Edition != 0 {
		t.Fatalf("%v %+v", err, d)
	}
	for _, bad := range []string{
		"a,b\n",
		strings.Replace(good, "resident_pop_total_city", "", 1),
		strings.Replace(good, ",全市,resident", ",全省,resident", 1),
		strings.Replace(good, "2024,2023", "x,2023", 1),
	} {
		if _, err := ReadDictionary(strings.NewReader(bad), "c.csv"); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
}

// TestReadCNKICSV reads error5.xls of the CNKI samples as it is: a CSV in
// GB18030 under a .xls name, written by R (NA for missing), with the scope
// joined to the column name, and provinces mixed with cities. It is a plain
// wide table.
func TestReadCNKICSV(t *testing.T) {
	fw := yearbookFW(t)
	text := "\"城市\",\"第一产业从业人员比重_全市\",\"第一产业从业人员比重_市辖区\"\n\"安徽省\",0.87,0.42\n\"白银市\",1.36,NA\n"
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	tab, rep, err := Read(strings.NewReader(gbk), "error5.xls", Options{Framework: fw, Year: 2014})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(tab); got != "安徽省 2014: employment_share_total_city=0.87 employment_share_districts=0.42\n白银市 2014: employment_share_total_city=1.36 employment_share_districts=-\n" {
		t.Errorf("table %q", got)
	}
	if f := rep.Files[0]; f.Format != FormatCSV || f.Encoding != EncodingGB18030 {
		t.Errorf("file %+v", f)
	}
	if p := Panel(tab); p[0].Code != "" || p[2].Code != "620400" {
		t.Errorf("codes: a province has none, 白银市 620400: %+v", p)
	}
}
