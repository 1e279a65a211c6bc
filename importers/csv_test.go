package importers

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/cityscore/cityscore/dataset"
)

type readTest struct {
	name  string
	input string
	opt   Options // Framework is set by the test
	want  string  // dump of the table
	errs  []cellErr
	err   error // a file-level error, matched with errors.Is
	check func(t *testing.T, tab *dataset.Table, rep *Report)
}

var readTests = []readTest{
	{
		name: "wide with units, scope and a label",
		input: "城市,地区生产总值（万元）,常住人口（全市）,省份\n" +
			"北京,35000000,2189.3,北京\n" +
			"上海,\"43,214\",2487,上海\n",
		want: "北京: gdp=3500* pop=2189.3 省份=北京\n" +
			"上海: gdp=4.3214* pop=2487 省份=上海\n",
		check: func(t *testing.T, tab *dataset.Table, rep *Report) {
			c := tab.Column("gdp")
			if c.Unit != "亿元" || c.Scope != "全市" || c.Header != "地区生产总值（万元）" {
				t.Errorf("gdp column: unit %q scope %q header %q", c.Unit, c.Scope, c.Header)
			}
			if o := c.Origin(1); o != (dataset.Origin{File: "data.csv", Row: 3, Col: 2}) {
				t.Errorf("origin of 上海 gdp = %+v", o)
			}
			want := []MatchedColumn{
				{File: "data.csv", Col: "B", Header: "地区生产总值（万元）", Variable: "gdp", Stated: "万元", Unit: "亿元", Factor: 1e-4},
				{File: "data.csv", Col: "C", Header: "常住人口（全市）", Variable: "pop", Unit: "万人", Factor: 1},
			}
			if len(rep.Matched) != 2 || rep.Matched[0] != want[0] || rep.Matched[1] != want[1] {
				t.Errorf("matched = %+v", rep.Matched)
			}
			if len(rep.Unmatched) != 1 || rep.Unmatched[0] != (UnmatchedColumn{File: "data.csv", Col: "D", Header: "省份", Label: "省份"}) {
				t.Errorf("unmatched = %+v", rep.Unmatched)
			}
			if f := rep.Files[0]; f.Format != FormatCSV || f.Encoding != EncodingUTF8 || f.Layout != LayoutWide || f.Rows != 2 {
				t.Errorf("file info = %+v", f)
			}
		},
	},
	{
		name:  "year column",
		input: "city,year,gdp\nA,2019,1\nA,2020,2\nB,2019,3\n",
		want:  "A 2019: gdp=1\nA 2020: gdp=2\nB 2019: gdp=3\n",
	},
	{
		name:  "年份 column in the middle",
		input: "城市,gdp,年份\nA,1,2019\n",
		want:  "A 2019: gdp=1\n",
	},
	{
		name:  "Time column with numeric years",
		input: "unit,TIME,gdp\nA,2018.0,1\nB, 2018 ,2\n",
		want:  "A 2018: gdp=1\nB 2018: gdp=2\n",
	},
	{
		name:  "year first, then the unit",
		input: "年份,城市,gdp\n2019,A,1\n",
		want:  "A 2019: gdp=1\n",
	},
	{
		name:  "Options.Year without a year column",
		input: "city,gdp\nA,1\n",
		opt:   Options{Year: 2021},
		want:  "A 2021: gdp=1\n",
	},
	{
		name:  "year column wins over Options.Year",
		input: "city,year,gdp\nA,2019,1\n",
		opt:   Options{Year: 2021},
		want:  "A 2019: gdp=1\n",
	},
	{
		name:  "no year",
		input: "city,gdp\nA,1\n",
		want:  "A: gdp=1\n",
	},
	{
		name:  "bad year",
		input: "city,year,gdp\nA,2019年,1\nB,,2\n",
		errs: []cellErr{
			{File: "data.csv", Row: 2, Col: 2, Line: 2, Column: 3, Header: "year", Text: "2019年", Kind: ErrYear},
			{File: "data.csv", Row: 3, Col: 2, Line: 3, Column: 3, Header: "year", Text: "", Kind: ErrYear},
		},
	},
	{
		name:  "second year column",
		input: "city,year,年份,gdp\nA,2019,2019,1\n",
		errs:  []cellErr{{File: "data.csv", Row: 1, Col: 3, Line: 1, Column: 11, Header: "年份", Kind: ErrDuplicateColumn}},
	},
	{
		name:  "unit column option",
		input: "name,code,gdp\nAustria,AUT,1\nBelgium,BEL,2\n",
		opt:   Options{UnitColumn: "code"},
		want:  "AUT: gdp=1 name=Austria\nBEL: gdp=2 name=Belgium\n",
	},
	{
		name:  "unit column option folded",
		input: "name,Code ,gdp\nAustria,AUT,1\n",
		opt:   Options{UnitColumn: "ＣＯＤＥ"},
		want:  "AUT: gdp=1 name=Austria\n",
	},
	{
		name:  "unit column option absent",
		input: "name,code,gdp\nAustria,AUT,1\n",
		opt:   Options{UnitColumn: "uCode"},
		err:   ErrNoUnitColumn,
	},
	{
		name:  "trailing empty rows and columns",
		input: "city,gdp,,\nA,1,,\nB,2\n,,,\n\n ,\n",
		want:  "A: gdp=1\nB: gdp=2\n",
	},
	{
		name:  "empty rows inside are skipped",
		input: "city,gdp\nA,1\n,\n\u3000,\nB,2\n",
		want:  "A: gdp=1\nB: gdp=2\n",
	},
	{
		name:  "leading empty rows before the header",
		input: ",,\ncity,gdp\nA,1\n",
		want:  "A: gdp=1\n",
	},
	{
		name:  "row with values but no unit",
		input: "city,gdp\nA,1\n ,2\n",
		errs:  []cellErr{{File: "data.csv", Row: 3, Col: 1, Line: 3, Column: 1, Header: "city", Kind: ErrNoUnit}},
	},
	{
		name:  "duplicate unit and year",
		input: "city,year,gdp\nA,2019,1\nB,2019,2\nA,2019,1\n",
		errs:  []cellErr{{File: "data.csv", Row: 4, Col: 1, Line: 4, Column: 1, Header: "city", Text: "A", Kind: ErrDuplicate}},
	},
	{
		name:  "bad cells are all reported",
		input: "city,gdp,pop\nA,\"12,3a\",1\nB,2,abc\nC,NaN,inf\n",
		errs: []cellErr{
			{File: "data.csv", Row: 2, Col: 2, Line: 2, Column: 3, Header: "gdp", Text: "12,3a", Kind: ErrNotNumber},
			{File: "data.csv", Row: 3, Col: 3, Line: 3, Column: 5, Header: "pop", Text: "abc", Kind: ErrNotNumber},
			{File: "data.csv", Row: 4, Col: 2, Line: 4, Column: 3, Header: "gdp", Text: "NaN", Kind: ErrNotNumber},
			{File: "data.csv", Row: 4, Col: 3, Line: 4, Column: 7, Header: "pop", Text: "inf", Kind: ErrNotNumber},
		},
	},
	{
		name:  "missing markers",
		input: "city,gdp,pop,area\nA,-,—,–\nB,…,..,...\nC,NA,N/A,null\nD,/,无,\nE,1,,\n",
		want:  "A: gdp=- pop=- area=-\nB: gdp=- pop=- area=-\nC: gdp=- pop=- area=-\nD: gdp=- pop=- area=-\nE: gdp=1 pop=- area=-\n",
		check: func(t *testing.T, tab *dataset.Table, rep *Report) {
			if len(rep.NoData) != 4 || rep.NoData[3] != (NoData{File: "data.csv", Row: 5, Unit: "D"}) {
				t.Errorf("no data = %+v", rep.NoData)
			}
			if c := tab.Column("gdp"); c.Flags[0] != dataset.Missing || c.Origin(0).Row != 2 {
				t.Errorf("missing cell: flags %v origin %+v", c.Flags[0], c.Origin(0))
			}
		},
	},
	{
		name:  "value forms",
		input: "city,gdp,pop,green\nA,\"1,234.5\",＋１２,12.5%\nB, 7 ,−3,５０％\n",
		want:  "A: gdp=1234.5 pop=12 green=12.5\nB: gdp=7 pop=-3 green=50\n",
	},
	{
		name:  "percent in a column of another unit",
		input: "city,gdp\nA,12%\n",
		errs:  []cellErr{{File: "data.csv", Row: 2, Col: 2, Line: 2, Column: 3, Header: "gdp", Text: "12%", Kind: ErrUnit}},
	},
	{
		name:  "percent to permille",
		input: "city,出生率（%）\nA,1.25\nB,0.5%\n",
		want:  "A: birth=12.5*\nB: birth=5*\n",
	},
	{
		name:  "variable without a framework unit takes the stated one",
		input: "city,原始数（万人）\nA,1.5\n",
		want:  "A: raw=1.5\n",
		check: func(t *testing.T, tab *dataset.Table, rep *Report) {
			if u := tab.Column("raw").Unit; u != "万人" {
				t.Errorf("unit %q, want 万人", u)
			}
		},
	},
	{
		name:  "header problems",
		input: "city,常住人口,实际使用外资金额（亿元）,地区生产总值（现价）,gdp,地区生产总值,地区生产总值（市辖区）\nA,1,2,3,4,5,6\n",
		errs: []cellErr{
			{File: "data.csv", Row: 1, Col: 2, Line: 1, Column: 6, Header: "常住人口", Kind: ErrAmbiguous},
			{File: "data.csv", Row: 1, Col: 3, Line: 1, Column: 19, Header: "实际使用外资金额（亿元）", Kind: ErrUnit},
			{File: "data.csv", Row: 1, Col: 4, Line: 1, Column: 56, Header: "地区生产总值（现价）", Kind: ErrUnit},
			{File: "data.csv", Row: 1, Col: 6, Line: 1, Column: 91, Header: "地区生产总值", Kind: ErrDuplicateColumn},
			{File: "data.csv", Row: 1, Col: 7, Line: 1, Column: 110, Header: "地区生产总值（市辖区）", Kind: ErrScope},
		},
	},
	{
		name:  "unmatched columns become labels, duplicates renamed",
		input: "city,备注,gdp,备注\nA,x,1,y\nB,,2,\n",
		want:  "A: gdp=1 备注=x 备注 (D)=y\nB: gdp=2\n",
	},
	{
		name:  "cells beyond the header",
		input: "city,gdp\nA,1,,x\n",
		want:  "A: gdp=1\n",
		check: func(t *testing.T, tab *dataset.Table, rep *Report) {
			if len(rep.Unmatched) != 1 || rep.Unmatched[0].Col != "D" || rep.Unmatched[0].Label != "" {
				t.Errorf("unmatched = %+v", rep.Unmatched)
			}
		},
	},
	{
		name:  "no matched column: no no-data rows",
		input: "city,province\nA,x\n",
		want:  "A: province=x\n",
		check: func(t *testing.T, tab *dataset.Table, rep *Report) {
			if len(rep.NoData) != 0 {
				t.Errorf("no data = %+v", rep.NoData)
			}
		},
	},
	{
		name:  "tab separated",
		input: "city\tgdp\tgreen\nA\t1,234\t5\n",
		want:  "A: gdp=1234 green=5\n",
		check: func(t *testing.T, tab *dataset.Table, rep *Report) {
			if d := rep.Files[0].Delimiter; d != '\t' {
				t.Errorf("delimiter %q", d)
			}
		},
	},
	{
		name:  "semicolon separated",
		input: "city;gdp\nA;1\n",
		want:  "A: gdp=1\n",
	},
	{
		name:  "BOM",
		input: "\uFEFFcity,gdp\nA,1\n",
		want:  "A: gdp=1\n",
		check: func(t *testing.T, tab *dataset.Table, rep *Report) {
			if e := rep.Files[0].Encoding; e != EncodingUTF8BOM {
				t.Errorf("encoding %q", e)
			}
		},
	},
	{
		name:  "quoted header over two lines: rows count records, lines count lines",
		input: "city,\"地区生产总值\n（万元）\"\nA,1e4\nB,x\n",
		want:  "",
		errs:  []cellErr{{File: "data.csv", Row: 3, Col: 2, Line: 4, Column: 3, Header: "地区生产总值\n（万元）", Text: "x", Kind: ErrNotNumber}},
	},
	{
		name:  "long table",
		input: "unit,year,indicator,value\nA,2019,gdp,1\nA,2019,常住人口（全市）,2\nB,2020,GDP,-\nA,2020,地区生产总值（万元）,30000\n",
		want:  "A 2019: gdp=1 pop=2\nB 2020: gdp=- pop=-\nA 2020: gdp=3* pop=-\n",
		check: func(t *testing.T, tab *dataset.Table, rep *Report) {
			if l := rep.Files[0].Layout; l != LayoutLong {
				t.Errorf("layout %q", l)
			}
			if len(rep.NoData) != 1 || rep.NoData[0].Unit != "B" || rep.NoData[0].Row != 4 {
				t.Errorf("no data = %+v", rep.NoData)
			}
			if o := tab.Column("gdp").Origin(2); o != (dataset.Origin{File: "data.csv", Row: 5, Col: 4}) {
				t.Errorf("origin %+v", o)
			}
			if len(rep.Matched) != 4 || rep.Matched[3].Row != 5 || rep.Matched[3].Factor != 1e-4 {
				t.Errorf("matched = %+v", rep.Matched)
			}
		},
	},
	{
		name:  "long table in Chinese with a unit column, any order",
		input: "数值,单位,指标,年份,城市\n35000000,万元,地区生产总值,2019,北京\n2.5,‰,出生率,2019,北京\n0.5,%,出生率,2020,北京\n",
		want:  "北京 2019: gdp=3500* birth=2.5\n北京 2020: gdp=- birth=5*\n",
	},
	{
		name: "long table as cityscore import writes it",
		input: "unit,code,year,variable,value,measure_unit,scope,source\n" +
			"北京,110000,2019,pop,2189.3,万人,全市,a.xlsx#2019!C3\n" +
			"北京,110000,2019,常住人口,1800,万人,市辖区,a.xlsx#2019!D3\n",
		want: "北京 2019: pop=2189.3 pop_districts=1800 code=110000\n",
	},
	{
		name:  "long table: a varying extra column is not kept",
		input: "城市,年份,指标,数值,备注\nA,2019,gdp,1,x\nA,2019,pop,2,y\n",
		want:  "A 2019: gdp=1 pop=2\n",
		check: func(t *testing.T, tab *dataset.Table, rep *Report) {
			if len(rep.Unmatched) != 1 || rep.Unmatched[0].Label != "" || rep.Unmatched[0].Note == "" {
				t.Errorf("unmatched = %+v", rep.Unmatched)
			}
		},
	},
	{
		name:  "long table: unmatched indicator rows are skipped",
		input: "unit,year,indicator,value\nA,2019,gdp,1\nA,2019,rainfall,abc\nB,2019,rainfall,3\n",
		want:  "A 2019: gdp=1\n",
		check: func(t *testing.T, tab *dataset.Table, rep *Report) {
			if len(rep.Unmatched) != 1 || rep.Unmatched[0].Header != "rainfall" || rep.Unmatched[0].Row != 3 {
				t.Errorf("unmatched = %+v", rep.Unmatched)
			}
		},
	},
	{
		name:  "long table errors",
		input: "unit,year,indicator,value\nA,2019,gdp,1\nA,2019,地区生产总值,2\nA,2019,,3\nA,2019,常住人口,4\nB,2019,常住人口,5\nC,2019,gdp,x\n",
		errs: []cellErr{
			{File: "data.csv", Row: 3, Col: 4, Line: 3, Column: 27, Header: "value", Text: "2", Kind: ErrDuplicate},
			{File: "data.csv", Row: 4, Col: 3, Line: 4, Column: 8, Header: "indicator", Kind: ErrNoIndicator},
			{File: "data.csv", Row: 5, Col: 3, Line: 5, Column: 8, Header: "indicator", Text: "常住人口", Kind: ErrAmbiguous},
			{File: "data.csv", Row: 7, Col: 4, Line: 7, Column: 12, Header: "gdp", Text: "x", Kind: ErrNotNumber},
		},
	},
	{
		name:  "long table unit disagreeing with the bracket",
		input: "unit,year,indicator,value,measure_unit\nA,2019,地区生产总值（万元）,1,亿元\n",
		errs:  []cellErr{{File: "data.csv", Row: 2, Col: 5, Line: 2, Column: 41, Header: "measure_unit", Text: "亿元", Kind: ErrUnit}},
	},
}

func TestReadCSV(t *testing.T) {
	fw := framework(t)
	for _, tt := range readTests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Framework = fw
			tab, rep, err := ReadCSV(strings.NewReader(tt.input), "data.csv", opt)
			switch {
			case tt.err != nil:
				if !errors.Is(err, tt.err) {
					t.Fatalf("error %v, want %v", err, tt.err)
				}
				return
			case tt.errs != nil:
				checkCellErrors(t, err, tt.errs)
				if tab != nil {
					t.Errorf("table not nil on error")
				}
				return
			case err != nil:
				t.Fatalf("unexpected error: %v", err)
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

func TestReadCSVErrorMessages(t *testing.T) {
	fw := framework(t)
	tests := []struct{ name, input, want string }{
		{"not a number", "city,year,gdp_pc\nA,2019,\"12,3a\"\n",
			`data.csv:2:8 (C2, column gdp_pc): "12,3a": not a number`},
		{"duplicate", "city,year,gdp\nA,2019,1\nA,2019,2\n",
			`data.csv:3:1 (A3, column city): "A": duplicate unit and year (2019): first at A2`},
		{"ambiguous", "city,常住人口\n",
			`data.csv:1:6 (B1, column 常住人口): ambiguous header: matches pop (全市), pop_districts (市辖区); name the scope or use the id`},
		{"not convertible", "city,实际使用外资金额（亿元）\n",
			`data.csv:1:6 (B1, column 实际使用外资金额（亿元）): 亿元 cannot be converted to 万美元`},
		{"no unit column", "name,gdp\n", `data.csv: no unit column "code" (headers: name, gdp)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := Options{Framework: fw}
			if tt.name == "no unit column" {
				opt.UnitColumn = "code"
			}
			_, _, err := ReadCSV(strings.NewReader(tt.input), "data.csv", opt)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func TestReadCSVErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("city,gdp\n")
	for i := range 25 {
		b.WriteString("C" + string(rune('a'+i)) + ",x\n")
	}
	_, _, err := ReadCSV(strings.NewReader(b.String()), "data.csv", Options{Framework: framework(t)})
	var ces CellErrors
	if !errors.As(err, &ces) || len(ces) != 25 {
		t.Fatalf("error %v", err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 21 || lines[20] != "… and 5 more" {
		t.Errorf("message has %d lines, last %q", len(lines), lines[len(lines)-1])
	}
	if !errors.Is(err, ErrNotNumber) {
		t.Errorf("errors.Is(err, ErrNotNumber) = false")
	}
}

func TestReadCSVEncodings(t *testing.T) {
	fw := framework(t)
	text := "城市,地区生产总值（万元）,省份\n北京,10000,北京\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	utf16le, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.ReplaceAll(text, ",", "\t"))
	if err != nil {
		t.Fatal(err)
	}
	utf16be, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, data, enc string }{
		{"UTF-8", text, EncodingUTF8},
		{"GBK", gbk, EncodingGB18030},
		{"UTF-16LE tab-separated", utf16le, EncodingUTF16LE},
		{"UTF-16BE", utf16be, EncodingUTF16BE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, rep, err := Read(strings.NewReader(tt.data), "data.xls", Options{Framework: fw})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := dump(tab), "北京: gdp=1* 省份=北京\n"; got != want {
				t.Errorf("table %q, want %q", got, want)
			}
			if rep.Files[0].Encoding != tt.enc {
				t.Errorf("encoding %q, want %q", rep.Files[0].Encoding, tt.enc)
			}
		})
	}
}

func TestReadCSVParseError(t *testing.T) {
	_, _, err := ReadCSV(strings.NewReader("city,gdp\nA,1\"2\n"), "data.csv", Options{Framework: framework(t)})
	if err == nil || !strings.HasPrefix(err.Error(), "data.csv: parse error on line 2") {
		t.Errorf("error %v", err)
	}
}

func TestReadNeedsFramework(t *testing.T) {
	if _, _, err := ReadCSV(bytes.NewReader(nil), "x.csv", Options{}); err == nil {
		t.Error("no error without a framework")
	}
}
