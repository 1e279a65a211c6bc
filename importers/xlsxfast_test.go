package importers

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The fast path must read what the encoding/xml path reads: the same
// rows, cells, marks and merged ranges, or leave the workbook to it
// (errSlowPath). These tests and FuzzSheetScanner compare the two on
// worksheets of every kind, well-formed or not.

// fastStyles has cell styles of each number format kind: 1 a percentage,
// 2 a built-in date, 3 a custom date, 4 a plain 0.00.
var fastStyles = xmlHead + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>` +
	`<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs></styleSheet>`

// fastSST are shared strings 0–8.
var fastSST = xmlHead + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<si><t>城市</t></si><si><t>gdp</t></si><si><t>green</t></si><si><t>年份</t></si><si><t>北京</t></si>` +
	`<si><t>上海</t></si><si><r><t>a&amp;</t></r><r><t>b</t></r></si><si><t>x_x000D_y</t></si><si><t>pop</t></si></sst>`

func fastBook(t testing.TB, sheet string) []byte {
	return rawBook{sheet: sheet, sst: fastSST, styles: fastStyles}.build(t)
}

// scanRow is a row as a rowSource gives it, for comparison.
type scanRow struct {
	row   int
	cells []string
	marks []markedCell
}

// scanAll reads every row of the workbook's first sheet from a fast or a
// slow row source, asking for the numbers of every column when direct:
// numbers are given back as their text (which parseValue must read as the
// same float64), after numMark. err is errSlowPath when the fast path gives up.
func scanAll(t testing.TB, data []byte, fast, direct bool) (rows []scanRow, merges []span, err error) {
	b, err := openXLSX(data, "f.xlsx", fuzzLimits.withDefaults())
	if err != nil {
		return nil, nil, err
	}
	var src rowSource
	if fast {
		src, err = b.openFastSheet(b.sheets[0])
	} else {
		src, err = b.openSlowSheet(b.sheets[0])
	}
	if err != nil {
		return nil, nil, err
	}
	defer src.close()
	var want []bool
	if direct {
		want = make([]bool, 300)
		for i := range want {
			want[i] = true
		}
	}
	for {
		row, cells, marks, nums, ok, err := src.nextRow(want, true)
		if err != nil || !ok {
			return rows, src.mergedRanges(), err
		}
		cells = slices.Clone(cells)
		for i := range cells {
			if v, isNum := nums.at(i); isNum {
				if cells[i] != "" {
					t.Fatalf("row %d, column %d: a number and the text %q", row, i+1, cells[i])
				}
				cells[i] = numMark + nums.textOf(i)
				cv, err := parseValue(nums.textOf(i))
				if err != nil || cv.missing || cv.percent || math.Float64bits(cv.v) != math.Float64bits(v) {
					t.Fatalf("row %d, column %d: %q read as %v, parseValue gives %+v, %v", row, i+1, nums.textOf(i), v, cv, err)
				}
			}
		}
		rows = append(rows, scanRow{row, cells, marks})
	}
}

const numMark = "\x00number "

// compareScan reads sheet both ways and fails when they differ; it
// returns whether the fast path read it.
func compareScan(t *testing.T, data []byte) bool {
	t.Helper()
	slowRows, slowMerges, slowErr := scanAll(t, data, false, false)
	fast := true
	for _, direct := range []bool{false, true} {
		fastRows, fastMerges, fastErr := scanAll(t, data, true, direct)
		if direct {
			for i := range fastRows {
				for j, c := range fastRows[i].cells {
					fastRows[i].cells[j] = strings.TrimPrefix(c, numMark)
				}
			}
		}
		if errors.Is(fastErr, errSlowPath) {
			// What was read before giving up is what the slow path reads.
			fast = false
			if len(fastRows) > len(slowRows) || !rowsEqual(fastRows, slowRows[:len(fastRows)]) {
				t.Fatalf("before giving up, the fast path read\n%v\nthe slow one\n%v", fastRows, slowRows)
			}
			continue
		}
		if fastErr != nil {
			t.Fatalf("the fast path failed with %v (slow: %v)", fastErr, slowErr)
		}
		if slowErr != nil {
			t.Fatalf("the fast path read what the slow path refuses: %v", slowErr)
		}
		if !rowsEqual(fastRows, slowRows) || !slices.Equal(fastMerges, slowMerges) {
			t.Fatalf("direct %v: fast\n%v %v\nslow\n%v %v", direct, fastRows, fastMerges, slowRows, slowMerges)
		}
	}
	return fast
}

func rowsEqual(a, b []scanRow) bool {
	return slices.EqualFunc(a, b, func(x, y scanRow) bool {
		return x.row == y.row && slices.Equal(x.cells, y.cells) && slices.Equal(x.marks, y.marks)
	})
}

// compareRead reads the workbook with the fast path (and its fallback)
// and with encoding/xml only: the table, the report and the error must be
// the same.
func compareRead(t *testing.T, data []byte) {
	t.Helper()
	opt := Options{Framework: framework(t), Limits: fuzzLimits, Year: 2020}
	tab, rep, err := readWorkbook(data, "f.xlsx", opt)
	slowOnly = true
	stab, srep, serr := readWorkbook(data, "f.xlsx", opt)
	slowOnly = false
	sameRead(t, "", "the encoding/xml path's", tab, rep, err, stab, srep, serr)
}

// compareSST opens the workbook with the shared strings read by both
// paths.
func compareSST(t *testing.T, data []byte) {
	t.Helper()
	fb, ferr := openXLSXWith(data, "f.xlsx", fuzzLimits.withDefaults(), true)
	sb, serr := openXLSXWith(data, "f.xlsx", fuzzLimits.withDefaults(), false)
	switch {
	case errors.Is(ferr, errSlowPath):
	case ferr != nil || serr != nil:
		t.Fatalf("fast: %v; slow: %v", ferr, serr)
	case !slices.Equal(fb.sst, sb.sst):
		t.Fatalf("shared strings\n%q\nthe encoding/xml path's\n%q", fb.sst, sb.sst)
	}
}

func TestFastSharedStrings(t *testing.T) {
	compareSST(t, fastBook(t, wsRows(fastHeader)))
	if b, err := openXLSXWith(fastBook(t, wsRows(fastHeader)), "f.xlsx", DefaultLimits, true); err != nil || b.sst[6] != "a&b" || b.sst[7] != "x\ry" {
		t.Fatalf("fast path: %v", err)
	}
	for _, tt := range fastCases {
		compareSST(t, rawBook{sheet: wsRows(fastHeader), sst: tt.sheet}.build(t))
	}
}

// fastCases are worksheets (the rows, or a whole part when it starts with
// "<?xml" or "!") and whether the fast path reads them itself.
var fastCases = []struct {
	name  string
	sheet string
	fast  bool
}{
	{"plain", wsRows(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>12.5</v></c></row>`), true},
	{"no references", wsRows(`<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row><row><c t="s"><v>4</v></c><c><v>-1.5E-3</v></c></row>`), true},
	{"numbers", wsRows(fastHeader + `<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>1e400</v></c><c r="C2"><v>.5</v></c></row>` +
		`<row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3"><v>5.</v></c><c r="C3"><v> 7 </v></c></row>` +
		`<row r="4"><c r="A4" t="inlineStr"><is><t>广州</t></is></c><c r="B4"><v>+3</v></c><c r="C4"><v>-0</v></c></row>` +
		`<row r="5"><c r="A5" t="inlineStr"><is><t>深圳</t></is></c><c r="B5"><v>0x10</v></c><c r="C5"><v>1_000</v></c></row>` +
		`<row r="6"><c r="A6" t="inlineStr"><is><t>天津</t></is></c><c r="B6"><v>-</v></c><c r="C6"><v>1,234</v></c></row>`), true},
	{"entities", wsRows(fastHeader + `<row r="2"><c r="A2" t="inlineStr"><is><t>a&amp;b&lt;&gt;&apos;&quot;&#20013;&#x56FD;</t></is></c><c r="B2"><v>&#49;2</v></c></row>`), true},
	{"excel escapes", wsRows(fastHeader + `<row r="2"><c r="A2" t="inlineStr"><is><t>北_x000D_京_x005F_x</t></is></c><c r="B2" t="str"><v>1_x000D_</v></c></row>`), true},
	{"rich text", wsRows(fastHeader + `<row r="2"><c r="A2" t="inlineStr"><is><r><rPr><b/></rPr><t>北</t></r><r><t xml:space="preserve">京 </t></r><rPh><t>bei</t></rPh></is></c><c r="B2"><v>1</v></c></row>`), true},
	{"types", wsRows(fastHeader + `<row r="2"><c r="A2" t="s"><v> 5 </v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><v>#N/A</v></c></row>` +
		`<row r="3"><c r="A3" t="str"><v>杭州</v></c><c r="B3" t="n"><v>2</v></c><c r="C3" t="d"><v>2020-01-01</v></c></row>`), true},
	{"styles", wsRows(fastHeader + `<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" s="4"><v>1.5</v></c><c r="C2" s="1"><v>0.125</v></c></row>` +
		`<row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3" s="2"><v>45352</v></c><c r="C3" s="3"><v>45352.5</v></c></row>` +
		`<row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4" s="99"><v>3</v></c><c r="C4" s="-1"><v>4</v></c></row>`), true},
	{"formulas", wsRows(fastHeader + `<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><f>SUM(A1:A2)</f><v>3</v></c><c r="C2"><f t="shared" ref="C2:C3" si="0">B2*2</f></c></row>` +
		`<row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3"><f>1+1</f></c><c r="C3"><f t="shared" si="0"/></c></row>` +
		`<row r="4"><c r="A4" t="s"><v>7</v></c><c r="B4" t="str"><f>""</f><v></v></c><c r="C4" t="shared"><f t="shared" si="9"/></c></row>`), true},
	{"prefixes", `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s" x:t="n"><x:v>1</x:v></x:c></x:row>` +
		`<x:row r="2"><x:c r="A2" t="s"><x:v>4</x:v></x:c><x:c r="B2"><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>`, true},
	{"comments and space", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<!-- a comment -->\n<worksheet><sheetData>\r\n" +
		"  <row r=\"1\" ><c r = 'A1' t=\"s\" ><v>0</v></c>\t<c r=\"B1\" t=\"s\"><v>1<!-- x --></v></c></row>\n" +
		"  <row r=\"2\"><c r=\"A2\" t=\"s\"><v>4</v></c><c r=\"B2\"><v>1<?pi x?>2</v></c></row>\n</sheetData></worksheet>\n<!-- end -->\n", true},
	{"carriage returns", wsRows(fastHeader + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a\r\nb\rc</t></is></c><c r=\"B2\"><v>1\r</v></c></row>"), true},
	{"children skipped", wsRows(fastHeader + `<row r="2"><c r="A2" t="s"><v>4</v><extLst><v>9</v></extLst></c><x><c r="B2"><v>1</v></c></x><c r="C2"><v>2<b>3</b>4</v></c></row>`), true},
	{"empty elements", wsRows(fastHeader + `<row r="2"/><row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3"/><c r="C3"><v/></c><c r="D3"><v>1</v></c></row>`), true},
	{"gaps", wsRows(fastHeader + `<row r="5"><c r="A5" t="s"><v>4</v></c><c r="Z5"><v>1</v></c></row><row r="9"><c r="B9"><v>2</v></c></row>`), true},
	{"merged", wsXML(fastHeader+`<row r="2"><c r="A2" t="s"><v>4</v></c></row>`, `<mergeCells count="2"><mergeCell ref="A2:B3"/><mergeCell ref="C4"/></mergeCells>`), true},
	{"sheetData nested", wsRows(fastHeader + `<foo><row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>1</v></c></row></foo>`), true},
	{"rows outside sheetData", `<?xml version="1.0"?><worksheet><row r="1"><c r="A1"><v>1</v></c></row><sheetData>` + fastHeader + `</sheetData><row r="2"><c r="A2"><v>1</v></c></row></worksheet>`, true},
	{"year column", wsRows(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>3</v></c><c r="C1" t="s"><v>1</v></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>2020</v></c><c r="C2"><v>1</v></c></row>`), true},
	{"duplicate attribute", wsRows(fastHeader + `<row r="2"><c r="A2" r="B2" t="s"><v>4</v></c></row>`), true},
	// Cells read by expressCell, and cells like them that it leaves to
	// the tokenizer.
	{"express", wsRows(fastHeader + `<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" s="1" t="n"><v>1.5</v></c><c r="C2" t="n" s="0"><v>-2e3</v></c></row>` +
		`<row r="3"><c r="A3" s="0" t="s"><v>5</v></c><c r="B3" s="2"/><c r="C3"><v></v></c><c r="D3"><v>7</v></c></row>` +
		`<row r="4"><c r="a4" t="s"><v>+6</v></c><c r="B4" s="99"><v>3</v></c><c r="C4" s="x"><v>4</v></c></row>` +
		`<row r="5"><c t="s"><v>4</v></c><c><v>.5</v></c><c s="1"/><c><v>1E+2</v></c></row>`), true},
	{"express fallbacks", wsRows(fastHeader + `<row r="2"><c  r="A2" t="s"><v>4</v></c><c r='B2'><v>1</v></c><c r="C2" x="1"><v>2</v></c></row>` +
		`<row r="3"><c r="A3" t="s"><v>5</v> </c><c r="B3" t="str"><v>1</v></c><c r="C3"><v>1</v></c ></row>` +
		`<row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4"><v>1 </v></c><c r="C4" t="s" t="n"><v>0</v></c><c r="D4" s="1" /></row>` +
		`<row r="5"><c r="A5" t="s"><v>7</v></c><c r="B5"><v>&#49;</v></c><c r="C5"><f>1</f><v>1</v></c><c r="D5" r="E5"><v>1</v></c></row>`), true},
	{"express over chunks", wsRows(fastHeader + expressRows(2, 1500)), true},
	{"express cells out of order", wsRows(fastHeader + `<row r="2"><c r="C2"><v>1</v></c><c r="B2"><v>1</v></c></row>`), false},
	// Given to the encoding/xml path:
	{"cdata", wsRows(fastHeader + `<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[北京]]></t></is></c></row>`), false},
	{"doctype", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><worksheet><sheetData/></worksheet>`, false},
	{"unknown entity", wsRows(fastHeader + `<row r="2"><c r="A2" t="inlineStr"><is><t>&nbsp;</t></is></c></row>`), false},
	{"stray ampersand", wsRows(fastHeader + `<row r="2"><c r="A2" t="inlineStr"><is><t>a & b</t></is></c></row>`), false},
	{"bad char ref", wsRows(fastHeader + `<row r="2"><c r="A2" t="inlineStr"><is><t>&#0;</t></is></c></row>`), false},
	{"surrogate ref", wsRows(fastHeader + `<row r="2"><c r="A2" t="inlineStr"><is><t>&#xD800;</t></is></c></row>`), true},
	{"truncated", cut(wsRows(fastHeader+strings.Repeat(`<row><c t="s"><v>4</v></c><c><v>1</v></c></row>`, 50)), 0.6), false},
	{"mismatched", wsRows(fastHeader + `<row r="2"><c r="A2"><v>1</c></v></row>`), false},
	{"after root", wsRows(fastHeader) + `<x/>`, false},
	{"text after root", wsRows(fastHeader) + `x`, false},
	{"rows out of order", wsRows(fastHeader + `<row r="3"><c r="A3" t="s"><v>4</v></c></row><row r="2"><c r="A2" t="s"><v>5</v></c></row>`), false},
	{"cells out of order", wsRows(fastHeader + `<row r="2"><c r="B2"><v>1</v></c><c r="A2" t="s"><v>4</v></c></row>`), false},
	{"bad shared string", wsRows(fastHeader + `<row r="2"><c r="A2" t="s"><v>99</v></c></row>`), false},
	{"non-ASCII name", wsRows(fastHeader + `<row r="2"><数 r="A2"/></row>`), false},
	{"unquoted attribute", wsRows(fastHeader + `<row r=2></row>`), false},
	{"encoding", `<?xml version="1.0" encoding="GBK"?><worksheet><sheetData/></worksheet>`, false},
	{"bad UTF-8", wsRows(fastHeader + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>\xff</t></is></c></row>"), false},
	{"control char", wsRows(fastHeader + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>\x01</t></is></c></row>"), false},
	{"]]>", wsRows(fastHeader + `<row r="2"><c r="A2" t="inlineStr"><is><t>a]]>b</t></is></c></row>`), false},
	{"comment --", wsRows(fastHeader) + `<!-- a -- b -->`, false},
	{"deep", wsRows(fastHeader + strings.Repeat("<a>", 200) + strings.Repeat("</a>", 200)), false},
}

// fastHeader is a header row: 城市 | gdp | green.
const fastHeader = `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>`

func wsRows(rows string) string { return wsXML(rows, "") }

// expressRows are n rows from row first of a unit and two numbers, with
// and without styles and types, so that cells cross the reader's chunks.
func expressRows(first, n int) string {
	var b strings.Builder
	for r := first; r < first+n; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" s="%d"><v>%d.%d</v></c>`, r, r, 4+r%3, r, r%2, r, r%7)
		if r%5 != 0 {
			fmt.Fprintf(&b, `<c r="C%d" t="n"><v>-%de-%d</v></c>`, r, r, r%4)
		}
		b.WriteString("</row>")
	}
	return b.String()
}

func TestFastPathSameAsSlow(t *testing.T) {
	for _, tt := range fastCases {
		t.Run(tt.name, func(t *testing.T) {
			data := fastBook(t, tt.sheet)
			if fast := compareScan(t, data); fast != tt.fast {
				t.Errorf("read by the fast path: %v, want %v", fast, tt.fast)
			}
			compareRead(t, data)
		})
	}
}

// The numbers of a column that holds a variable come as float64, parsed
// as parseValue parses their text; other cells as text.
func TestFastPathNumbers(t *testing.T) {
	for _, tt := range []struct {
		text string
		ok   bool
	}{
		{"1", true}, {"-1.5", true}, {"12.50", true}, {"1E+20", true}, {"1.5e-7", true}, {".5", true}, {"5.", true}, {"-0", true},
		{"0.1000000000000000055511151231257827", true}, {"123456789012345678901234567890", true},
		{"0.000", true}, {"-0.000", true}, {"9007199254740993", true}, {"123456789012345", true}, {"1e22", true}, {"1e23", true},
		{"1.5e-22", true}, {"0.1", true}, {"0.3", true}, {"4.35", true}, {"1234.5678e-3", true}, {"1e-400", true}, {"00012.5000", true},
		{"1e400", false}, {"-", false}, {"", false}, {"+1", false}, {"1,000", false}, {" 1", false}, {"1e", false}, {"e5", false},
		{"0x1p3", false}, {"Inf", false}, {"NaN", false}, {"1_0", false}, {"--1", false}, {"1.2.3", false}, {".", false},
	} {
		checkPlainNumber(t, tt.text, tt.ok)
	}
	// Numbers as Excel writes them, of 1 to 17 significant digits.
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		v := math.Pow(10, r.Float64()*30-15) * r.Float64()
		text := strconv.FormatFloat(v, 'g', 1+r.IntN(17), 64)
		if r.IntN(4) == 0 {
			text = strconv.FormatFloat(v, 'f', r.IntN(8), 64)
		}
		checkPlainNumber(t, text, true)
	}
}

func checkPlainNumber(t *testing.T, text string, want bool) {
	t.Helper()
	tt := struct {
		text string
		ok   bool
	}{text, want}
	{
		v, ok := plainNumber([]byte(tt.text))
		if vs, oks := plainNumber(tt.text); oks != ok || math.Float64bits(vs) != math.Float64bits(v) {
			t.Errorf("%q: the string form gives %v %v, the bytes %v %v", tt.text, vs, oks, v, ok)
		}
		if ok != tt.ok {
			t.Errorf("%q: ok %v, want %v", tt.text, ok, tt.ok)
			return
		}
		if ok {
			cv, err := parseValue(tt.text)
			if err != nil || math.Float64bits(cv.v) != math.Float64bits(v) {
				t.Errorf("%q: %v, parseValue gives %v (%v)", tt.text, v, cv.v, err)
			}
		}
	}
}

// A damaged workbook read by the fast path gives the error of the
// encoding/xml path, with its row.
func TestFastPathDamaged(t *testing.T) {
	rows := fastHeader + strings.Repeat(`<row><c t="s"><v>4</v></c><c><v>1</v></c></row>`, 1)
	data := fastBook(t, wsRows(rows+`<row r="3"><c r="A3" t="inlineStr"><is><t>a & b</t></is></c></row>`))
	_, _, err := readWorkbook(data, "d.xlsx", Options{Framework: framework(t)})
	wantErr(t, err, "d.xlsx: sheet Sheet1 (xl/worksheets/sheet1.xml) is damaged: XML syntax error on line 2: invalid character entity & (no semicolon); in row 3, after row 2 (the last read whole)")
	if !errors.Is(err, ErrDamaged) {
		t.Errorf("%v is not ErrDamaged", err)
	}
}

// FuzzSheetScanner feeds worksheet XML to the fast path and to the
// encoding/xml path: the same rows or, when the fast path gives up, the
// same rows up to there; and the same table, report and error from the
// whole read.
func FuzzSheetScanner(f *testing.F) {
	for _, tt := range fastCases {
		f.Add([]byte(tt.sheet))
	}
	f.Fuzz(func(t *testing.T, sheet []byte) {
		if len(sheet) > 16<<10 {
			return
		}
		data := fastBook(t, string(sheet))
		compareScan(t, data)
		compareRead(t, data)
		// The input as the shared strings.
		compareSST(t, rawBook{sheet: wsRows(fastHeader), sst: string(sheet)}.build(t))
	})
}

// FuzzPlainNumber: a text plainNumber takes has the value parseValue gives
// it, bit for bit, whichever of its paths (exactDecimal, strconv) converts
// it, as a string and as bytes.
func FuzzPlainNumber(f *testing.F) {
	for _, s := range []string{"0", "-0", "12.5", ".5", "5.", "0.000123", "123456789012345", "1234567890123456",
		"0.1234567890123456789012", "1e5", "-1.5E-3", "00012", "1.2.3", "-", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := plainNumber(s)
		if vb, okb := plainNumber([]byte(s)); okb != ok || math.Float64bits(vb) != math.Float64bits(v) {
			t.Fatalf("%q: string %v %v, bytes %v %v", s, v, ok, vb, okb)
		}
		if !ok {
			return
		}
		cv, err := parseValue(s)
		if err != nil || math.Float64bits(cv.v) != math.Float64bits(v) {
			t.Fatalf("plainNumber(%q) = %v, parseValue gives %v (%v)", s, v, cv.v, err)
		}
	})
}

// FuzzPlainNumberOnePass: plainNumber takes the texts the two-pass
// reference takes, with the same bits.
func FuzzPlainNumberOnePass(f *testing.F) {
	for _, s := range []string{"0", "-0", "12.5", ".5", "5.", "0.000123", "123456789012345", "1234567890123456",
		"000000000000000000001.5", "0.1234567890123456789012", "1e5", "1e22", "1e23", "1e-22", "1e-23", "1e999",
		"0e9999", "5e0001", "-1.5E-3", "1E+3", "1e", "1e+", "00012", "1.2.3", "-", ".", "--1", "1 ", "97.1464"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := plainNumber(s)
		w, wok := plainNumberTwoPass(s)
		if ok != wok || math.Float64bits(v) != math.Float64bits(w) {
			t.Fatalf("plainNumber(%q) = %v %v, the two-pass reference %v %v", s, v, ok, w, wok)
		}
	})
}

// BenchmarkPlainNumber: numbers as a workbook stores them, in one pass
// and in two (the reference).
func BenchmarkPlainNumber(b *testing.B) {
	texts := [][]byte{[]byte("97.1464"), []byte("45860.63"), []byte("135332.8335"), []byte("2510"),
		[]byte("0.598553309354668"), []byte("-3.19"), []byte("1.5E-3"), []byte("12")}
	for _, bc := range []struct {
		name  string
		parse func([]byte) (float64, bool)
	}{{"one-pass", plainNumber[[]byte]}, {"two-pass", plainNumberTwoPass[[]byte]}} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if _, ok := bc.parse(texts[i&7]); !ok {
					b.Fatal("not a number")
				}
			}
		})
	}
}

// exactDecimalTwoPass and plainNumberTwoPass are plainNumber as it was,
// checking the syntax and then reading the digits: the reference.
//
// exactDecimalTwoPass converts a number of plainNumber's syntax, unsigned, when
// its digits fit in 2^53 and its power of ten in pow10: one exact integer
// multiplied or divided by one exact power, so rounded once, correctly,
// as strconv.ParseFloat rounds (which takes the same path for it).
func exactDecimalTwoPass[T ~string | ~[]byte](u T) (float64, bool) {
	var mant uint64
	nd, frac, i := 0, 0, 0
	dot := false
	for ; i < len(u); i++ {
		c := u[i]
		switch {
		case c == '.':
			dot = true
			continue
		case c < '0' || c > '9':
		default:
			if mant != 0 || c != '0' {
				if nd++; nd > 15 {
					return 0, false
				}
			}
			mant = mant*10 + uint64(c-'0')
			if dot {
				frac++
			}
			continue
		}
		break
	}
	exp := 0
	if i < len(u) { // an exponent
		i++
		eneg := false
		if u[i] == '+' || u[i] == '-' {
			eneg = u[i] == '-'
			i++
		}
		if len(u)-i > 3 {
			return 0, false
		}
		for ; i < len(u); i++ {
			exp = exp*10 + int(u[i]-'0')
		}
		if eneg {
			exp = -exp
		}
	}
	if mant == 0 {
		return 0, true
	}
	if mant > 1<<53 {
		return 0, false
	}
	switch e := exp - frac; {
	case e == 0:
		return float64(mant), true
	case e > 0 && e <= 22:
		return float64(mant) * pow10[e], true
	case e < 0 && e >= -22:
		return float64(mant) / pow10[-e], true
	}
	return 0, false
}

func plainNumberTwoPass[T ~string | ~[]byte](b T) (float64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	u := b
	if neg {
		u = b[1:]
	}
	i, digits := 0, 0
	for i < len(u) && '0' <= u[i] && u[i] <= '9' {
		i++
		digits++
	}
	if i < len(u) && u[i] == '.' {
		i++
		for i < len(u) && '0' <= u[i] && u[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(u) && (u[i] == 'e' || u[i] == 'E') {
		i++
		if i < len(u) && (u[i] == '+' || u[i] == '-') {
			i++
		}
		e := i
		for i < len(u) && '0' <= u[i] && u[i] <= '9' {
			i++
		}
		if i == e {
			return 0, false
		}
	}
	if i != len(u) || len(u) > 64 {
		return 0, false
	}
	if v, ok := exactDecimalTwoPass(u); ok {
		if neg {
			v = -v
		}
		return v, true
	}
	v, err := strconv.ParseFloat(string(u), 64)
	if err != nil {
		return 0, false // out of range: parseValue words it
	}
	if neg {
		v = -v
	}
	return v, true
}

// refColumnCases are cell references the fast path may meet.
var refColumnCases = []string{"A1", "B2", "Z9", "AA10", "XFD1048576", "b2", "A0", "A00", "A01", "A", "1", "", "A+5", "A-5",
	"A1B", "AAAAA1", "ABCDE12", "A123456789012345678", "A1234567890123456789", "$B$5", "B 2", "B\x002"}

// TestRefColumn: the fast path's column of a reference is parseCellRef's,
// and it takes the references parseCellRef takes; styleIndex reads as
// strconv.Atoi does.
func TestRefColumn(t *testing.T) {
	for _, ref := range refColumnCases {
		checkRefColumn(t, ref)
	}
	for _, sty := range []string{"", "0", "1", "07", "123456789", "1234567890", "99999999999999999999", "-1", "+2", "x", "1x"} {
		want, _ := strconv.Atoi(sty)
		if got := styleIndex([]byte(sty)); got != want {
			t.Errorf("styleIndex(%q) = %d, want %d", sty, got, want)
		}
	}
}

func checkRefColumn(t *testing.T, ref string) {
	t.Helper()
	wc, _, wok := parseCellRef(ref)
	gc, gok := refColumn([]byte(ref))
	if gok != wok || (wok && gc != wc) {
		t.Errorf("refColumn(%q) = %d, %v; parseCellRef: %d, %v", ref, gc, gok, wc, wok)
	}
}

func FuzzRefColumn(f *testing.F) {
	for _, ref := range refColumnCases {
		f.Add(ref)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		checkRefColumn(t, ref)
		want, _ := strconv.Atoi(ref)
		if got := styleIndex([]byte(ref)); got != want {
			t.Errorf("styleIndex(%q) = %d, want %d", ref, got, want)
		}
	})
}
