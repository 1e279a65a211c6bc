package importers

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
)

func FuzzReadCSV(f *testing.F) {
	for _, tt := range readTests {
		f.Add([]byte(tt.input))
	}
	f.Add([]byte("城市,地区生产总值（万元）\n北京,\"1,234\"\n"))
	f.Add([]byte("\xb3\xc7\xca\xd0,gdp\n\xb1\xb1\xbe\xa9,1\n")) // GBK
	f.Add([]byte("\xff\xfec\x00,\x00g\x00\n\x00"))              // UTF-16LE
	f.Add([]byte("a,\"b\n\"\"c\",d\r\n1,2,3,4,5\n"))
	f.Add([]byte("城市,年份,gdp\n深圳,2019,1\n深川市,2019,2\n440300,2020,3\n河北省,2019,4\n"))
	f.Add([]byte("城市,年份,指标,数值\n辛集市,2019,gdp,1\n深圳市,2019,gdp,2\n"))
	f.Add([]byte("code,name,gdp_2010,gdp_2020 (万元),gdp,pop_2061\n440300.0,Shenzhen,1,2,3,4\n110100000000,北京,5,6,7,8\n"))
	f.Add([]byte("省份,代码,城市,地区生产总值2020年（亿元）,人均地区生产总值（元）\n广东省,440300,广州市,1,2\n,522400,,3,4\n"))
	f.Add([]byte("代码,年份,指标,数值,单位\n4.403E+11,2020,人均地区生产总值,1,元\n440305001000,2020,gdp,2,万元\n"))
	fw, cn := framework(f), cnCityFW(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []Options{{Framework: fw}, {Framework: fw, UnitColumn: "gdp", Year: 2020},
			{Framework: cn}, {Framework: cn, AllowUnknownUnits: true, Year: 2020}} {
			tab, rep, err := ReadCSV(bytes.NewReader(data), "fuzz.csv", opt)
			if err != nil {
				if tab != nil {
					t.Fatalf("table and error %v", err)
				}
				var ces CellErrors
				if errors.As(err, &ces) {
					for _, e := range ces {
						if e.Row < 1 || e.Col < 1 || e.Err == nil || e.Error() == "" {
							t.Fatalf("bad cell error %+v", e)
						}
					}
				}
				continue
			}
			if rep == nil || len(rep.Files) != 1 {
				t.Fatalf("report %+v", rep)
			}
			for _, c := range tab.Columns() {
				if len(c.Values) != tab.Len() || len(c.Flags) != tab.Len() {
					t.Fatalf("column %s: %d values for %d rows", c.ID, len(c.Values), tab.Len())
				}
				for _, v := range c.Values {
					if math.IsInf(v, 0) {
						t.Fatalf("column %s holds %v", c.ID, v)
					}
				}
			}
			_ = rep.Issues()
			var b bytes.Buffer
			if err := rep.Print(&b); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzParseValue checks that any number Go formats is read back exactly,
// and that nothing parses to Inf or NaN.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"1,234", "12.5%", "１２", "-", "NaN", "1e308", "0x1p3"} {
		f.Add(s, 1.5)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		if cv, err := parseValue(s); err == nil && !cv.missing && (math.IsInf(cv.v, 0) || math.IsNaN(cv.v)) {
			t.Fatalf("parseValue(%q) = %v", s, cv.v)
		}
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return
		}
		for _, fmtc := range []byte{'g', 'f', 'e', 'E'} {
			text := strconv.FormatFloat(x, fmtc, -1, 64)
			cv, err := parseValue(text)
			if err != nil || cv.v != x && !(x == 0 && cv.v == 0) {
				t.Fatalf("parseValue(%q) = %v, %v; want %v", text, cv.v, err, x)
			}
		}
	})
}

// FuzzReadYearbook lays text out as a sheet (rows by line, cells by tab,
// "A1:B2" lines after a "merges" line as merged ranges) and reads it as a
// yearbook table when it looks like one: no panic, and every error and
// report points at a real cell.
func FuzzReadYearbook(f *testing.F) {
	f.Add("2-6地区生产总值\n城 市\tCity\t地区生产总值（亿元）\t\n\t\t全市 Total City\t市辖区\n北京市\tBeijing\t43761\t£05\n河北省\n  石家庄市\t\t1,2\t\nmerges\nA2:A3\nC2:D2")
	f.Add("中国2020年县级市数据\t\t3-1 人口状况（人）\n城市\tCity\t年末户籍人口\n四川省\n邛峡市\t\t629495\n")
	f.Add("单位：万元\n城市\t货物进口额\n北京\t1\n城市\t货物进口额\n天津\t2")
	f.Add("2-1 续表 1\n城 市\tCity\t常住人口\t\n\t\tDistricts under City\nmerges\nA2:Z99\nC1:A1")
	fw := yearbookFW(f)
	dict := yearbookDictionary()
	f.Fuzz(func(t *testing.T, text string) {
		g := &grid{sheet: "S"}
		merging := false
		for _, line := range strings.Split(text, "\n") {
			if line == "merges" {
				merging = true
				continue
			}
			if merging {
				var m span
				if _, err := fmt.Sscanf(line, "%c%d:%c%d", new(rune), &m.r1, new(rune), &m.r2); err == nil && len(line) >= 5 {
					m.c1, m.c2 = int(line[0]-'A'), int(line[strings.IndexByte(line, ':')+1]-'A')
					m.r1, m.r2 = m.r1-1, m.r2-1
					if m.r1 >= 0 && m.c1 >= 0 && m.r2 >= m.r1 && m.c2 >= m.c1 && m.c2 < 26 && m.r2 < 200 {
						g.merges = append(g.merges, m)
					}
				}
				continue
			}
			g.rows = append(g.rows, strings.Split(line, "\t"))
		}
		if len(g.rows) > 200 {
			return
		}
		hdr, ok := detectYearbook(g.rows)
		if !ok {
			return
		}
		fr := newFileReader("f.xlsx", FormatXLSX, Options{Framework: fw, Dictionary: dict, Year: 2020, AllowUnknownUnits: len(text)%2 == 0})
		if err := fr.readYearbook(g, hdr, 0); err != nil {
			return
		}
		tab, rep, err := fr.finish()
		if errors.Is(err, ErrNoData) {
			return
		}
		if err != nil {
			var ces CellErrors
			if !errors.As(err, &ces) {
				t.Fatalf("error %T %v", err, err)
			}
			for _, e := range ces {
				if e.Row < 1 || e.Col < 1 || e.Err == nil {
					t.Fatalf("bad cell error %+v", e)
				}
			}
			return
		}
		for _, b := range rep.Bad {
			if b.Origin.Row < 1 || b.Origin.Col < 1 {
				t.Fatalf("bad cell without a place: %+v", b)
			}
		}
		for _, row := range Panel(tab) {
			if row.Source == "" || (!math.IsNaN(row.Value) && row.Flag&dataset.Invalid != 0) {
				t.Fatalf("panel row %+v", row)
			}
		}
	})
}

// FuzzReadHTML reads HTML pages: no panic, no table together with an error.
func FuzzReadHTML(f *testing.F) {
	f.Add([]byte(cnkiPage(`<tr><td>&nbsp;&nbsp;阜新市</td><td>1</td><td>2</td><td>x</td><td>4</td><td>5</td></tr>`)))
	f.Add([]byte(`<table><tr><td rowspan="3" colspan="2">城市</td><td>b</td></tr><tr><td>全市</td></tr></table>`))
	f.Add([]byte(`<html><table><tr><th>city</th><th>gdp</th></tr><tr><td>A</td><td>1</td></tr></table>`))
	fw, err := parseFramework(cnkiFramework)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if sniff(data) != sniffHTML {
			return
		}
		tab, rep, err := readHTML(data, "f.xls", Options{Framework: fw, Dictionary: cnkiDictionary(), Year: 2014})
		if err != nil {
			if tab != nil {
				t.Fatal("table and error")
			}
			return
		}
		if rep == nil || len(rep.Files) != 1 {
			t.Fatalf("report %+v", rep)
		}
	})
}

// fuzzLimits are small limits, so that a fuzzed workbook meets them.
var fuzzLimits = Limits{FileSize: 4 << 20, UnzipSize: 8 << 20, Rows: 3000, Columns: 200, GridCells: 20_000,
	MergedCells: 5000, Cells: 20_000, SharedStrings: 5000, SharedStringsSize: 1 << 20, CellText: 2000}

// fuzzTexts are the cell texts a fuzzed workbook is made of: yearbook
// titles and headers, units, numbers, markers and junk.
var fuzzTexts = []string{"城市", "City", "城 市", "2-6地区生产总值", "中国2020年地级以上城市数据", "单位：万元", "全市", "市辖区",
	"地区生产总值（当年价格）（亿元）", "第一产业从业人员比重（%）", "北京市", "  石家庄市", "河北省", "三沙市", "深川市", "全国", "注：",
	"gdp", "pop", "green", "年份", "unit", "indicator", "value", "2020", "2019年", "1,234", "12.5%", "-", "…", "x", "", " ", "£05",
	"4.403E+11", "440300", "=1+1", "_x000D_", "a&b<c>"}

// checkRead checks the invariants of any read: a table or an error, not
// both; cell errors and limit errors that point somewhere; a report that
// prints.
func checkRead(t *testing.T, tab *dataset.Table, rep *Report, err error) {
	t.Helper()
	if (tab == nil) == (err == nil) {
		t.Fatalf("table %v and error %v", tab != nil, err)
	}
	if err != nil {
		var ces CellErrors
		if errors.As(err, &ces) {
			for _, e := range ces {
				if e.Row < 1 || e.Col < 1 || e.Err == nil || e.Error() == "" {
					t.Fatalf("bad cell error %+v", e)
				}
			}
		}
		var le *LimitError
		if errors.As(err, &le) && (le.Field == "" || le.File == "" || le.Value <= 0) {
			t.Fatalf("bad limit error %+v", le)
		}
		if len(err.Error()) > 100_000 {
			t.Fatalf("error of %d bytes", len(err.Error()))
		}
		return
	}
	if rep == nil || len(rep.Files) == 0 {
		t.Fatalf("report %+v", rep)
	}
	for _, c := range tab.Columns() {
		if len(c.Values) != tab.Len() || len(c.Flags) != tab.Len() {
			t.Fatalf("column %s: %d values for %d rows", c.ID, len(c.Values), tab.Len())
		}
		for _, v := range c.Values {
			if math.IsInf(v, 0) {
				t.Fatalf("column %s holds %v", c.ID, v)
			}
		}
	}
	for _, n := range rep.Cells {
		if n.Origin.File == "" || (n.Kind != KindFormulaNoValue && n.Kind != KindDateNumber) {
			t.Fatalf("cell note %+v", n)
		}
	}
	_ = rep.Issues()
	var b bytes.Buffer
	if err := rep.Print(&b); err != nil {
		t.Fatal(err)
	}
	if err := rep.PrintImport(&b, Panel(tab)); err != nil {
		t.Fatal(err)
	}
}

// FuzzReadWorkbookBuilt builds a workbook from the fuzz input with
// excelize (cells of text and numbers, far cells, merged ranges, number
// formats of percentages and dates, formulas without values, sheets named
// for years) and reads it back under small limits: no panic, a table or an
// error, and never a damaged workbook, since excelize wrote it.
func FuzzReadWorkbookBuilt(f *testing.F) {
	f.Add([]byte{0, 0, 0, 3, 0, 1, 1, 1, 0, 2, 2, 9, 0, 3, 0, 10, 0, 3, 2, 17, 2, 1, 0, 2, 1, 3, 3, 2, 0, 12})
	f.Add([]byte{0, 0, 0, 3, 0, 1, 1, 4, 0, 2, 2, 9, 0, 3, 0, 10, 0, 3, 2, 17, 4, 3, 2, 1, 3, 2, 5})
	f.Add([]byte{5, 24, 0, 0, 0, 17, 0, 1, 0, 18, 1, 0, 1, 1, 3, 7, 1, 1, 1, 1, 2, 200, 6, 2, 2})
	f.Add([]byte{0, 0, 0, 20, 0, 0, 1, 21, 0, 0, 2, 22, 0, 0, 3, 23, 0, 1, 0, 11, 0, 1, 1, 24, 0, 1, 2, 17, 1, 1, 3, 5, 0})
	f.Add([]byte{7, 255, 255, 10, 2, 0, 0, 255, 255})
	yb, dict, fw := yearbookFW(f), yearbookDictionary(), framework(f)
	f.Fuzz(func(t *testing.T, prog []byte) {
		if len(prog) > 512 {
			return
		}
		wb := excelize.NewFile()
		defer wb.Close()
		sheet := "Sheet1"
		next := func() int {
			if len(prog) == 0 {
				return 0
			}
			b := prog[0]
			prog = prog[1:]
			return int(b)
		}
		cell := func() string {
			c, _ := excelize.CoordinatesToCellName(next()%8+1, next()%24+1)
			return c
		}
		styles := map[int]int{}
		for len(prog) > 0 {
			var err error
			switch next() % 8 {
			case 0:
				c := cell()
				err = wb.SetCellStr(sheet, c, fuzzTexts[next()%len(fuzzTexts)])
			case 1:
				c := cell()
				err = wb.SetCellFloat(sheet, c, float64(next()*256+next())/float64(1+next()%100), -1, 64)
			case 2:
				a, b := cell(), cell()
				err = wb.MergeCell(sheet, a, b)
			case 3:
				c := cell()
				id := []int{9, 10, 14, 22, 45, 2, 49}[next()%7]
				st, ok := styles[id]
				if !ok {
					if st, err = wb.NewStyle(&excelize.Style{NumFmt: id}); err != nil {
						t.Fatal(err)
					}
					styles[id] = st
				}
				err = wb.SetCellStyle(sheet, c, c, st)
			case 4:
				c := cell()
				err = wb.SetCellFormula(sheet, c, "SUM(A1:B2)")
			case 5:
				name := []string{"2019", "2020年", "data2021", "说明", "Sheet 2"}[next()%5]
				if _, err := wb.NewSheet(name); err == nil {
					sheet = name
				}
			case 6:
				c := cell()
				err = wb.SetCellBool(sheet, c, next()%2 == 0)
			case 7:
				c, _ := excelize.CoordinatesToCellName(next()%300+1, next()*16+next()%16+1)
				err = wb.SetCellStr(sheet, c, fuzzTexts[next()%len(fuzzTexts)])
			}
			if err != nil {
				return // excelize refuses it (overlapping merges, …)
			}
		}
		var buf bytes.Buffer
		if err := wb.Write(&buf); err != nil {
			t.Fatal(err)
		}
		for _, opt := range []Options{
			{Framework: fw, Limits: fuzzLimits},
			{Framework: fw, Limits: fuzzLimits, Year: 2020, AllowUnknownUnits: true},
			{Framework: yb, Dictionary: dict, Limits: fuzzLimits, Year: 2020},
		} {
			tab, rep, err := ReadWorkbook(bytes.NewReader(buf.Bytes()), "fuzz.xlsx", opt)
			if errors.Is(err, ErrDamaged) {
				t.Fatalf("a workbook excelize wrote reads as damaged: %v", err)
			}
			checkRead(t, tab, rep, err)
		}
	})
}

// FuzzReadXLSXBytes feeds raw bytes to the workbook reader: as the whole
// file (a zip), and as the XML of the worksheet and of the shared strings
// of a workbook otherwise sound. It must never panic or hang, and must
// return a table or an error.
func FuzzReadXLSXBytes(f *testing.F) {
	for _, name := range []string{"doctype", "sst-truncated", "no-workbook", "formula-date", "merges"} {
		f.Add(hostile[name](f))
	}
	// Small seeds: the fuzzer minimizes what it finds, slowly when large.
	f.Add(rawBook{sheet: cut(wsXML(wideRows(10, true), ""), 0.8), styles: stylesXML(10, "")}.build(f))
	f.Add(rawBook{sheet: strings.Replace(wsXML(wideRows(10, false), ""), "城市00005", "A & B", 1)}.build(f))
	f.Add(workbook(f, sheetSpec{name: "2020", rows: [][]any{{"城市", "gdp", "green"}, {"北京", 1.5, "12%"}}}))
	f.Add([]byte(wsXML(wideRows(3, true), `<mergeCells><mergeCell ref="A1:B2"/></mergeCells>`)))
	f.Add([]byte(wsXML(xrow(1, xs("A1", "城市"), xs("B1", "gdp"))+xrow(2, `<c r="A2" t="s"><v>0</v></c>`, xf("B2", "1+1")), "")))
	f.Add([]byte(`<sst><si><t>城市</t></si><si><r><t>北</t></r><r><t>京</t></r><rPh><t>ベイ</t></rPh></si></sst>`))
	fw := framework(f)
	sst := xmlHead + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>城市</t></si><si><t>北京</t></si></sst>`
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		opt := Options{Framework: fw, Limits: fuzzLimits, Year: 2020}
		tab, rep, err := ReadWorkbook(bytes.NewReader(data), "fuzz.xlsx", opt)
		checkRead(t, tab, rep, err)
		// The bytes as the worksheet, with shared strings, and as the
		// shared strings of a sound sheet.
		sheet := wsXML(xrow(1, `<c r="A1" t="s"><v>0</v></c>`, xs("B1", "gdp"))+xrow(2, `<c r="A2" t="s"><v>1</v></c>`, xn("B2", "1")), "")
		for _, b := range []rawBook{{sheet: string(data), sst: sst, styles: stylesXML(10, ""), store: true},
			{sheet: sheet, sst: string(data), store: true}} {
			tab, rep, err := ReadWorkbook(bytes.NewReader(b.build(t)), "fuzz.xlsx", opt)
			checkRead(t, tab, rep, err)
		}
	})
}
