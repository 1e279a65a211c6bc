package importers

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestReadCNCityCodes checks unit cells that are codes, under units:
// cn-city: codes of every vintage the crosswalk knows, the municipalities'
// prefecture-style codes, numbers as Excel exports them, 12-digit
// statistical division codes.
func TestReadCNCityCodes(t *testing.T) {
	fw := cnCityFW(t)
	tests := []struct {
		text string
		year int
		want string // the table; "" = an error
		note string // the unit note, if any
		err  string // the error message
	}{
		{text: "440300", year: 2023, want: "深圳市 2023: gdp=1 code=440300 province=广东省\n"},
		{text: "440300.0", year: 2023, want: "深圳市 2023: gdp=1 code=440300 province=广东省\n"},
		{text: "440300.00", year: 2023, want: "深圳市 2023: gdp=1 code=440300 province=广东省\n"},
		{text: "440300000000", year: 2023, want: "深圳市 2023: gdp=1 code=440300 province=广东省\n"},
		{text: "4.403E+11", year: 2023, want: "深圳市 2023: gdp=1 code=440300 province=广东省\n"},
		{text: "４４０３００", year: 2023, want: "深圳市 2023: gdp=1 code=440300 province=广东省\n"},
		{text: "110000", year: 2023, want: "北京市 2023: gdp=1 code=110000 province=北京市\n"},
		{text: "110100", year: 2023, want: "北京市 2023: gdp=1 code=110000 province=北京市\n",
			note: "110100 is the prefecture-style code of 北京市; taken as 北京市 (110000)"},
		{text: "120100", year: 2023, want: "天津市 2023: gdp=1 code=120000 province=天津市\n",
			note: "120100 is the prefecture-style code of 天津市; taken as 天津市 (120000)"},
		{text: "310100000000", year: 2023, want: "上海市 2023: gdp=1 code=310000 province=上海市\n",
			note: "310100 is the prefecture-style code of 上海市; taken as 上海市 (310000)"},
		{text: "500100", year: 2023, want: "重庆市 2023: gdp=1 code=500000 province=重庆市\n",
			note: "500100 is the prefecture-style code of 重庆市; taken as 重庆市 (500000)"},
		{text: "522400", year: 2023, want: "毕节市 2023: gdp=1 code=520500 province=贵州省\n",
			note: "522400 is a former code of 毕节地区 (1981–2010), now 毕节市 (520500)"},
		{text: "522400", year: 2005, want: "毕节市 2005: gdp=1 code=520500 province=贵州省\n",
			note: "522400 is the code of 毕节地区 in 2005, now 毕节市 (520500)"},
		{text: "542100.0", year: 2012, want: "昌都市 2012: gdp=1 code=540300 province=西藏自治区\n",
			note: "542100 is the code of 昌都地区 in 2012, now 昌都市 (540300)"},
		{text: "132100", year: 2023,
			err: "132100: 132100 is a former code of 邯郸地区 (1981–1992), a unit the city table does not continue"},
		{text: "440305001000", year: 2023,
			err: "440305001000: 440305001000 is a 12-digit statistical division code of a township-level unit in 440305, 深圳市 (440300), not a prefecture-level city (its code ends in 000000)"},
		{text: "440305001002", year: 2023,
			err: "440305001002: 440305001002 is a 12-digit statistical division code of a village-level unit in 440305, 深圳市 (440300), not a prefecture-level city (its code ends in 000000)"},
		{text: "110101000000", year: 2023, err: "110101000000: not a known city code; a county-level code in 北京市 (110000)"},
		{text: "440305", year: 2023, err: "440305: not a known city code; a county-level code in 深圳市 (440300)"},
		{text: "130181000000", year: 2023, err: "130181000000: 130181 辛集市 is a county-level city (河北省), not a prefecture-level city"},
		{text: "130000", year: 2023, err: "130000: 130000 河北省 is a province, not a prefecture-level city"},
		{text: "999999", year: 2023, err: "999999: not a known city code"},
		{text: "4403000", year: 2023, err: "4403000: not a known city"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			input := "城市,年份,gdp\n" + tt.text + "," + strconv.Itoa(tt.year) + ",1\n"
			tab, rep, err := ReadCSV(strings.NewReader(input), "data.csv", Options{Framework: fw})
			if tt.err != "" {
				var ces CellErrors
				if !errors.As(err, &ces) || len(ces) != 1 || !errors.Is(err, ErrUnknownUnit) || ces[0].Err.Error() != tt.err || ces[0].Col != 1 {
					t.Fatalf("error %v\nwant %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := dump(tab); got != tt.want {
				t.Errorf("table %q, want %q", got, tt.want)
			}
			var notes []string
			for _, n := range rep.Units {
				notes = append(notes, n.Note)
			}
			if strings.Join(notes, "|") != tt.note {
				t.Errorf("notes %q, want %q", notes, tt.note)
			}
		})
	}
}

// TestCodeAndNameColumns checks which column is the unit column when a
// table has codes, names or both, and that they must agree.
func TestCodeAndNameColumns(t *testing.T) {
	fw := cnCityFW(t)
	tests := []struct {
		name, input string
		unitCol     string
		want        string // the table; "" = an error
		err         string // the whole error
	}{
		{name: "code, then name", input: "代码,城市,gdp\n440300,深圳市,1\n110100,北京,2\n",
			want: "深圳市 2023: gdp=1 code=440300 province=广东省\n北京市 2023: gdp=2 code=110000 province=北京市\n"},
		{name: "name, then code", input: "城市,行政区划代码,gdp\n深圳,440300.0,1\n",
			want: "深圳市 2023: gdp=1 code=440300 province=广东省\n"},
		{name: "codes only", input: "code,gdp\n440300,1\n522400,2\n",
			want: "深圳市 2023: gdp=1 code=440300 province=广东省\n毕节市 2023: gdp=2 code=520500 province=贵州省\n"},
		{name: "province first: the city column", input: "省份,代码,城市,gdp\n广东省,440300,深圳市,1\n",
			want: "深圳市 2023: gdp=1 省份=广东省 code=440300 province=广东省\n"},
		{name: "province first: the code column", input: "省份,代码,gdp\n广东省,440300,1\n",
			want: "深圳市 2023: gdp=1 省份=广东省 code=440300 province=广东省\n"},
		{name: "names in Latin script are not checked", input: "code,name,gdp\n440300,Shenzhen,1\n",
			want: "深圳市 2023: gdp=1 code=440300 province=广东省\n"},
		{name: "an empty code cell: the name gives the unit", input: "代码,城市,gdp\n,深圳市,1\n440100,-,2\n",
			want: "深圳市 2023: gdp=1 code=440300 province=广东省\n广州市 2023: gdp=2 code=440100 province=广东省\n"},
		{name: "the unit column given", input: "城市,代码,gdp\n深圳市,440300,1\n", unitCol: "代码",
			want: "深圳市 2023: gdp=1 code=440300 province=广东省\n"},
		{name: "code and name disagree", input: "代码,城市,gdp\n440300,广州市,1\n",
			err: `data.csv:2:8 (B2, column 城市): "广州市": code and name disagree: A2 (代码) "440300" is 深圳市 (440300), B2 (城市) "广州市" is 广州市 (440100)`},
		{name: "name and code disagree", input: "城市,代码,gdp\n深圳市,440300\n广州,440300,2\n",
			err: `data.csv:3:8 (B3, column 代码): "440300": code and name disagree: B3 (代码) "440300" is 深圳市 (440300), A3 (城市) "广州" is 广州市 (440100)`},
		{name: "a bad code beside a name", input: "城市,代码,gdp\n深圳市,999999,1\n",
			err: `data.csv:2:11 (B2, column 代码): 999999: not a known city code`},
		{name: "long, by code", input: "code,year,indicator,value\n440300,2023,gdp,1\n",
			want: "深圳市 2023: gdp=1 code=440300 province=广东省\n"},
		{name: "long, name and code", input: "城市,代码,年份,指标,数值\n深圳,440300,2023,gdp,1\n广州市,440300,2023,gdp,2\n",
			err: `data.csv:3:11 (B3, column 代码): "440300": code and name disagree: B3 (代码) "440300" is 深圳市 (440300), A3 (城市) "广州市" is 广州市 (440100)`},
		{name: "panel round trip", input: "unit,code,year,variable,value,measure_unit,scope,source\n深圳市,440300,2023,gdp,1,亿元,全市,x.csv!C2\n",
			want: "深圳市 2023: gdp=1 code=440300 province=广东省\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, _, err := ReadCSV(strings.NewReader(tt.input), "data.csv", Options{Framework: fw, Year: 2023, UnitColumn: tt.unitCol})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error:\n%v\nwant:\n%s", err, tt.err)
				}
				if strings.Contains(tt.err, "disagree") && !errors.Is(err, ErrCityMismatch) {
					t.Errorf("not ErrCityMismatch: %v", err)
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

	// Without cn-city the units are taken as printed, the other column a
	// label, as before.
	tab, _, err := ReadCSV(strings.NewReader("代码,城市,gdp\n440300,广州市,1\n"), "data.csv", Options{Framework: framework(t), Year: 2023})
	if err != nil || dump(tab) != "440300 2023: gdp=1 城市=广州市\n" {
		t.Errorf("without cn-city: %s %v", dump(tab), err)
	}
}

// TestCodeCellsInAWorkbook checks codes in numeric cells.
func TestCodeCellsInAWorkbook(t *testing.T) {
	data := workbook(t, sheetSpec{name: "Data", rows: [][]any{
		{"代码", "gdp"},
		{440300, 1},
		{440100.0, 2},
		{int64(110100000000), 3},
	}})
	tab, _, err := read(data, "codes.xlsx", Options{Framework: cnCityFW(t), Year: 2023})
	if err != nil {
		t.Fatal(err)
	}
	want := "深圳市 2023: gdp=1 code=440300 province=广东省\n广州市 2023: gdp=2 code=440100 province=广东省\n北京市 2023: gdp=3 code=110000 province=北京市\n"
	if got := dump(tab); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}
