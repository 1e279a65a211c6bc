package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLimitsDefaults(t *testing.T) {
	if got := (Limits{}).withDefaults(); got != DefaultLimits {
		t.Errorf("zero Limits = %+v, want the defaults", got)
	}
	got := (Limits{Rows: 10, CellText: -1}).withDefaults()
	if got.Rows != 10 || got.CellText != DefaultLimits.CellText || got.Columns != DefaultLimits.Columns {
		t.Errorf("%+v", got)
	}
	// The benchmark workload, 200,000 rows × 50 columns in one CSV of
	// 144 MB, is within the defaults (TestBigCSV reads it).
	d := DefaultLimits
	if d.Rows < 200_001 || d.Columns < 51 || d.FileSize < 200<<20 {
		t.Errorf("defaults %+v refuse the benchmark workload", d)
	}
}

// limitErr checks that err is a LimitError of field.
func limitErr(t *testing.T, err error, field string, parts ...string) {
	t.Helper()
	var le *LimitError
	if !errors.As(err, &le) || le.Field != field || !errors.Is(err, ErrLimit) {
		t.Fatalf("error %v (%T), want a LimitError of %s", err, err, field)
	}
	wantErr(t, err, append(parts, "(limit "+LimitFlag(field)+" = ", "--limit "+LimitFlag(field)+"=N", "Options.Limits."+field+" in Go)")...)
}

// Every limit ends the read with an error naming the field to raise.
func TestLimits(t *testing.T) {
	fw := framework(t)
	small := wsXML(wideRows(20, false), "")
	for _, tt := range []struct {
		name   string
		data   []byte
		lim    Limits
		field  string
		expect string
	}{
		// A workbook may unzip to 100 times its size whatever UnzipSize:
		// 20 MB of rows zipped to some 60 KB go beyond.
		{"unzip size", rawBook{sheet: small, bigSheet: 20 << 20}.build(t), Limits{UnzipSize: 2000}, "UnzipSize",
			"x.xlsx: xl/worksheets/sheet1.xml: the workbook unzips to more bytes than allowed (2,000, or 100 times the file's "},
		{"rows", rawBook{sheet: small}.build(t), Limits{Rows: 10}, "Rows", "x.xlsx: sheet Sheet1: row 11: more than 10 rows"},
		{"rows csv", []byte("城市,gdp\na,1\nb,2\nc,3\n"), Limits{Rows: 3}, "Rows", "x.xlsx: line 4: more than 3 rows"},
		{"columns", rawBook{sheet: wsXML(xrow(1, xs("A1", "城市"), xs("XFD1", "gdp")), "")}.build(t), Limits{Columns: 100}, "Columns", "x.xlsx: sheet Sheet1: XFD1: more than 100 columns"},
		{"columns csv", []byte("城市,gdp,pop\na,1,2\n"), Limits{Columns: 2}, "Columns", "x.xlsx: line 1: a row of more than 2 columns"},
		{"grid", hostile["merges"](t), Limits{GridCells: 1000}, "GridCells", "x.xlsx: sheet Sheet1: row 997: a table held in memory (a yearbook table) of more than 1,000 cells"},
		{"merged", hostile["merges"](t), Limits{}, "MergedCells", "x.xlsx: sheet Sheet1: merged ranges that cover more than 1,000,000 cells"},
		{"merged ranges", rawBook{sheet: wsXML(xrow(1, xs("A1", "城市")), `<mergeCells><mergeCell ref="A2:B3"/><mergeCell ref="A4:B5"/></mergeCells>`)}.build(t),
			Limits{MergedCells: 1}, "MergedCells", "x.xlsx: sheet Sheet1: more than 1 merged ranges"},
		{"shared strings", hostile["sst-many"](t), Limits{}, "SharedStrings", "x.xlsx: xl/sharedStrings.xml: more than 1,000,000 shared strings"},
		{"shared strings size", hostile["sst-truncated"](t), Limits{SharedStringsSize: 100}, "SharedStringsSize", "x.xlsx: xl/sharedStrings.xml: shared strings of more than 100 bytes"},
		{"cell text", hugeCell(t, 200<<10), Limits{}, "CellText", "x.xlsx: sheet Sheet1: B2: a cell of more than 131,072 bytes of text"},
		{"huge cell", hugeCell(t, 20<<20), Limits{}, "CellText", "x.xlsx: sheet Sheet1: B2: a cell of more than 131,072 bytes of text"},
		{"xml token", rawBook{sheet: wsXML(xrow(1, xs("A1", "城市"))+`<row r="2"><c r="A2" x="`+strings.Repeat("x", 2<<20)+`"/></row>`, "")}.build(t), Limits{},
			"CellText", "x.xlsx: sheet Sheet1: row 2: an XML text or tag of more than 1,048,576 bytes, 8 times the longest cell text allowed"},
		{"cell text csv", []byte("城市,gdp\n北京," + strings.Repeat("9", 300) + "\n"), Limits{CellText: 100}, "CellText",
			`x.xlsx: line 2, column 8 (B2): a cell of 300 bytes, more than 100: "` + strings.Repeat("9", 80) + `…" (300 characters)`},
		{"file size", []byte("城市,gdp\n北京,1\n"), Limits{FileSize: 10}, "FileSize", "x.xlsx: a file of more than 10 bytes"},
		{"html grid", []byte(`<table><tr><td>城市</td><td>gdp</td></tr>` + strings.Repeat(`<tr><td colspan="1000">x</td></tr>`, 1100) + `</table>`), Limits{},
			"GridCells", "x.xlsx: tables of more than 1,000,000 cells"},
		{"html columns", []byte(`<table><tr><td>城市</td><td>gdp</td></tr><tr><td colspan="1000">x</td><td colspan="1000">x</td></tr></table>`), Limits{Columns: 1500},
			"Columns", "x.xlsx: row 2: more than 1,500 columns"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.data) > 1<<20 {
				t.Fatalf("the file has %d bytes", len(tt.data))
			}
			within(t, 30*time.Second, func() {
				tab, _, err := Read(bytes.NewReader(tt.data), "x.xlsx", Options{Framework: fw, Limits: tt.lim, Dictionary: yearbookDictionary(), Year: 2020})
				limitErr(t, err, tt.field, tt.expect)
				if tab != nil {
					t.Error("a table with the error")
				}
			})
		})
	}
}

// A workbook of 338 KB that unzips to 3 million cells stops at 500,000.
func TestCellsLimit(t *testing.T) {
	fw, _ := benchData(t, 1, 50)
	data := hostile["cells"](t)
	_, _, err := ReadWorkbook(bytes.NewReader(data), "c.xlsx", Options{Framework: fw})
	limitErr(t, err, "Cells", "c.xlsx: sheet Sheet1: row 10002: a table of more than 500,000 cells (10,001 rows × 50 columns) from a file of 338,319 bytes")
	// A CSV has 2 bytes for each cell: 1.5 million cells of "1," read.
	var b strings.Builder
	b.WriteString("城市,v00,v01,v02,v03\n")
	for i := range 300_000 {
		fmt.Fprintf(&b, "u%d,1,1,1,1\n", i)
	}
	if _, _, err := ReadCSV(strings.NewReader(b.String()), "c.csv", Options{Framework: fw}); err != nil {
		t.Fatal(err)
	}
}

func TestLimitsRaised(t *testing.T) {
	// What a limit refuses, a raised limit reads.
	data := rawBook{sheet: wsXML(wideRows(20, false), "")}.build(t)
	if _, _, err := Read(bytes.NewReader(data), "x.xlsx", Options{Framework: framework(t), Limits: Limits{Rows: 21}}); err != nil {
		t.Fatal(err)
	}
	// A workbook may unzip to 100 times its size, over UnzipSize.
	if _, _, err := Read(bytes.NewReader(data), "x.xlsx", Options{Framework: framework(t), Limits: Limits{UnzipSize: 2000}}); err != nil {
		t.Fatal(err)
	}
	// A regular file over FileSize is refused before it is read.
	path := filepath.Join(t.TempDir(), "big.csv")
	os.WriteFile(path, []byte("城市,gdp\n北京,1\n"), 0o600)
	_, _, err := ReadFile(path, Options{Framework: framework(t), Limits: Limits{FileSize: 5}})
	limitErr(t, err, "FileSize", path+": a file of 20 bytes, more than 5")
}

// A stream is cut off at FileSize: an endless reader ends with an error.
func TestEndlessStream(t *testing.T) {
	within(t, 10*time.Second, func() {
		_, _, err := Read(endless{}, "stdin", Options{Framework: framework(t), Limits: Limits{FileSize: 1 << 20}})
		limitErr(t, err, "FileSize", "stdin: a file of more than 1,048,576 bytes")
	})
	if _, err := os.Stat("/dev/zero"); err == nil {
		within(t, 10*time.Second, func() {
			_, _, err := ReadFile("/dev/zero", Options{Framework: framework(t), ReadSpecialFiles: true, Limits: Limits{FileSize: 1 << 20}})
			limitErr(t, err, "FileSize", "/dev/zero: a file of more than 1,048,576 bytes")
		})
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

var _ io.Reader = endless{}

func TestDamagedError(t *testing.T) {
	_, _, err := ReadWorkbook(bytes.NewReader(hostile["truncated"](t)), "t.xlsx", Options{Framework: framework(t)})
	var de *DamagedError
	if !errors.As(err, &de) || !errors.Is(err, ErrDamaged) {
		t.Fatalf("%v (%T)", err, err)
	}
	if de.File != "t.xlsx" || de.Sheet != "Sheet1" || de.Part != "xl/worksheets/sheet1.xml" || de.Row != 802 || de.Last != 801 {
		t.Errorf("%+v", de)
	}
	_, _, err = ReadWorkbook(bytes.NewReader(hostile["deep"](t)), "d.xlsx", Options{Framework: framework(t)})
	wantErr(t, err, "d.xlsx: sheet Sheet1 (xl/worksheets/sheet1.xml) is damaged: elements nested more than 128 deep")
}

func TestCellNotes(t *testing.T) {
	_, rep, err := ReadWorkbook(bytes.NewReader(hostile["formula-date"](t)), "f.xlsx", Options{Framework: framework(t), Year: 2020})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Cells) != 2 {
		t.Fatalf("cells %+v", rep.Cells)
	}
	f, d := rep.Cells[0], rep.Cells[1]
	if f.Kind != KindFormulaNoValue || f.Origin.String() != "f.xlsx#Sheet1!B2" || f.Unit != "北京" || f.Year != 2020 || f.Variable != "gdp" || f.Text != "=SUM(D2:E2)" {
		t.Errorf("formula %+v", f)
	}
	if d.Kind != KindDateNumber || d.Origin.String() != "f.xlsx#Sheet1!C3" || d.Unit != "上海" || d.Variable != "pop" || d.Text != "45352" {
		t.Errorf("date %+v", d)
	}
	var o Report
	o.Merge(rep)
	if len(o.Cells) != 2 {
		t.Error("Merge drops the cells")
	}
}

// Formulas without values and dates in a yearbook table, a long table, a
// year column; percentages in a yearbook table; custom formats.
func TestMarkedCells(t *testing.T) {
	styles := xmlHead + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>` +
		`<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs>` +
		`<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0.00"/></dxf></dxfs></styleSheet>`
	yb := wsXML(xrow(1, xs("A1", "2-6地区生产总值"))+
		xrow(2, xs("A2", "城 市"), xs("B2", "City"), xs("C2", "地区生产总值（当年价格）（亿元）"), xs("D2", "第一产业从业人员比重（%）"))+
		xrow(3, xs("C3", "全市"), xs("D3", "全市"))+
		xrow(4, xs("A4", "北京市"), xs("B4", "Beijing"), xf("C4", "C5*2"), xstyled("D4", "0.125", 2))+
		xrow(5, xs("A5", "天津市"), xs("B5", "Tianjin"), xstyled("C5", "45352", 1), xn("D5", "3")),
		`<mergeCells><mergeCell ref="A2:A3"/><mergeCell ref="B2:B3"/></mergeCells>`)
	tab, rep, err := ReadWorkbook(bytes.NewReader(rawBook{sheet: yb, styles: styles}.build(t)), "y.xlsx",
		Options{Framework: yearbookFW(t), Dictionary: yearbookDictionary(), Year: 2020})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(tab); !strings.Contains(got, "北京市 2020: gdp_total_city=- employment_share_total_city=12.5") || !strings.Contains(got, "天津市 2020: gdp_total_city=- employment_share_total_city=3") {
		t.Errorf("table\n%s", got)
	}
	var kinds []string
	for _, c := range rep.Cells {
		kinds = append(kinds, c.Kind.String()+" "+c.Origin.String()+" "+c.Text)
	}
	if want := "formula without value y.xlsx#Sheet1!C4 =C5*2|date-formatted number y.xlsx#Sheet1!C5 45352"; strings.Join(kinds, "|") != want {
		t.Errorf("cells %q", kinds)
	}
	if !strings.Contains(rep.Cells[1].Note, `format yyyy"年"m"月", shows 2024-03-01`) {
		t.Errorf("note %q", rep.Cells[1].Note)
	}
	// A long table, and a date in the year column.
	long := wsXML(xrow(1, xs("A1", "unit"), xs("B1", "year"), xs("C1", "indicator"), xs("D1", "value"))+
		xrow(2, xs("A2", "北京"), xn("B2", "2020"), xs("C2", "gdp"), xstyled("D2", "45352", 3))+
		xrow(3, xs("A3", "上海"), xstyled("B3", "43831", 3), xs("C3", "gdp"), xn("D3", "1")), "")
	_, _, err = ReadWorkbook(bytes.NewReader(rawBook{sheet: long, styles: styles}.build(t)), "l.xlsx", Options{Framework: framework(t)})
	wantErr(t, err, `l.xlsx: Sheet1!B3 (column year): "43831": a date (format m/d/yyyy, shows 2020-01-01), not a year`)
}

func TestDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy-mm-dd": true, `yyyy"年"m"月"d"日"`: true, "[$-804]yyyy/m/d": true, "h:mm": true, "[h]:mm:ss": true,
		"0.00E+00": false, "General": false, `0.0"m"`: false, "#,##0": false, `#,##0\m`: false, "[Red]0.00": false,
		"0%": false, `0;[Red]-0;"d"`: false, "@": false, "[DBNum1]0": false,
	} {
		if got := dateFormat(code); got != want {
			t.Errorf("dateFormat(%q) = %v", code, got)
		}
	}
	for v, want := range map[string]string{"45352": "2024-03-01", "1": "1900-01-01", "60": "1900-02-29", "61": "1900-03-01", "0.5": "12:00:00", "45352.25": "2024-03-01 06:00:00"} {
		if got, _ := excelDate(v, false); got != want {
			t.Errorf("excelDate(%s) = %s, want %s", v, got, want)
		}
	}
	if got, _ := excelDate("0", true); got != "1904-01-01" {
		t.Errorf("1904: %s", got)
	}
}

func TestClip(t *testing.T) {
	if got := quote("short"); got != `"short"` {
		t.Error(got)
	}
	s := strings.Repeat("é", 100)
	if got, want := quote(s), `"`+strings.Repeat("é", 80)+`…" (100 characters)`; got != want {
		t.Errorf("%s", got)
	}
	if got := clip(strings.Repeat("a", 81)); got != strings.Repeat("a", 80)+"… (81 characters)" {
		t.Error(got)
	}
	if groupDigits(1234567) != "1,234,567" || groupDigits(-1000) != "-1,000" || groupDigits(999) != "999" {
		t.Error("groupDigits")
	}
}

// Reading stops after 10,000 cell problems, with every one of them.
func TestCellErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("城市,gdp\n")
	for i := range 12_000 {
		fmt.Fprintf(&b, "c%d,x\n", i)
	}
	_, _, err := ReadCSV(strings.NewReader(b.String()), "e.csv", Options{Framework: framework(t)})
	var ces CellErrors
	if !errors.As(err, &ces) || len(ces) != maxCellErrors || !errors.Is(err, ErrNotNumber) {
		t.Fatalf("%d errors: %.300v", len(ces), err)
	}
	wantErr(t, err, "… and 9980 more", "e.csv: more than 10,000 problems; reading stopped")
}

func TestNoDataIs(t *testing.T) {
	_, _, err := Read(strings.NewReader(""), "e.csv", Options{Framework: framework(t)})
	if !errors.Is(err, ErrNoData) {
		t.Errorf("%v is not ErrNoData", err)
	}
}

// Other zips are named: an OpenDocument spreadsheet, a Word document.
func TestOtherZips(t *testing.T) {
	ods := rawBook{sheet: "x", parts: [][2]string{{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", "<x/>"}},
		omit: []string{"xl/", "_rels/.rels"}}.build(t)
	_, _, err := Read(bytes.NewReader(ods), "o.xlsx", Options{Framework: framework(t)})
	wantErr(t, err, "o.xlsx: not an xlsx workbook (no xl/workbook.xml in the zip): an OpenDocument file (.ods?); save it as .xlsx")
	_, _, err = Read(bytes.NewReader([]byte("PK\x03\x04garbage")), "g.xlsx", Options{Framework: framework(t)})
	wantErr(t, err, "g.xlsx: not an xlsx workbook: zip: not a valid zip file")
}

// The workload of the benchmarks: 200,000 rows × 50 columns in one CSV
// (144 MB). Run with CITYSCORE_BIG=1.
func TestBigCSV(t *testing.T) {
	if os.Getenv("CITYSCORE_BIG") == "" {
		t.Skip("CITYSCORE_BIG not set")
	}
	fw, _ := benchData(t, 1, 50)
	var b bytes.Buffer
	b.WriteString("城市,年份")
	for j := range 50 {
		fmt.Fprintf(&b, ",v%02d", j)
	}
	b.WriteByte('\n')
	for i := range 200_000 {
		fmt.Fprintf(&b, "城市%06d,2020", i)
		for j := range 50 {
			fmt.Fprintf(&b, ",%g", float64(i*50+j)*1.25+0.5)
		}
		b.WriteByte('\n')
	}
	start := time.Now()
	tab, _, err := ReadCSV(&b, "big.csv", Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rows × %d columns in %v", tab.Len(), len(tab.Columns()), time.Since(start))
}

func TestLimitsSet(t *testing.T) {
	var l Limits
	for _, s := range []string{"merged-cells=2000000", "file-size=2G", "cell-text=256K", "rows=1_000"} {
		if err := l.Set(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	if l.MergedCells != 2000000 || l.FileSize != 2<<30 || l.CellText != 256<<10 || l.Rows != 1000 {
		t.Errorf("limits %+v", l)
	}
	for _, s := range []string{"merged-cells", "merged=1", "rows=0", "rows=-3", "rows=1.5", "rows=9999999999G"} {
		if err := l.Set(s); err == nil {
			t.Errorf("%s: no error", s)
		}
	}
	for _, f := range limitFields {
		if LimitFlag(f.field) != f.name {
			t.Errorf("%s: flag %q", f.field, LimitFlag(f.field))
		}
	}
}
