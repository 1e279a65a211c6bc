package importers

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cityscore/cityscore/dataset"
)

// The tests of this file are the regressions of an attack on the command
// line: small files (hostile_test.go) that exhausted memory or time, left
// temporary files behind, or lost rows and changed values without a word.

// within runs f and fails the test if it takes longer than d: the bugs
// were hangs and runs of minutes.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

func wantErr(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one with %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error\n%v\nlacks %q", err, p)
		}
	}
}

// A yearbook-style workbook of 1.5 KB declares 15 merged ranges down to row
// 1,048,576: the cells they cover are capped, with an error naming the
// limit, instead of a map of billions of cells.
func TestMergedCellsAreCapped(t *testing.T) {
	data := hostile["merges"](t)
	if len(data) > 4<<10 {
		t.Fatalf("the file has %d bytes", len(data))
	}
	within(t, 20*time.Second, func() {
		tab, _, err := ReadWorkbook(bytes.NewReader(data), "merges.xlsx", Options{Framework: yearbookFW(t), Dictionary: yearbookDictionary(), Year: 2020})
		wantErr(t, err, "merges.xlsx: sheet Sheet1: merged ranges that cover more than 1,000,000 cells (limit merged-cells = 1,000,000; raise it to read this file: --limit merged-cells=N on the command line, Options.Limits.MergedCells in Go)")
		if tab != nil {
			t.Error("a table with the error")
		}
	})
}

// Merged ranges that reach past the cells of the sheet cost nothing: they
// are clipped to the cells that hold data.
func TestMergesPastTheCellsAreClipped(t *testing.T) {
	data := rawBook{sheet: wsXML(
		xrow(1, xs("A1", "2-6地区生产总值"))+
			xrow(2, xs("A2", "城 市"), xs("B2", "City"), xs("C2", "地区生产总值（当年价格）（亿元）"))+
			xrow(3, xs("C3", "全市"))+
			xrow(4, xs("A4", "北京市"), xs("B4", "Beijing"), xn("C4", "1")),
		`<mergeCells count="4"><mergeCell ref="A2:A3"/><mergeCell ref="B2:B3"/>`+
			`<mergeCell ref="D1:XFD1048576"/><mergeCell ref="A5:C1048576"/></mergeCells>`)}.build(t)
	tab, _, err := ReadWorkbook(bytes.NewReader(data), "m.xlsx", Options{Framework: yearbookFW(t), Dictionary: yearbookDictionary(), Year: 2020})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(tab); got != "北京市 2020: gdp_total_city=1 code=110000 province=北京市\n" {
		t.Errorf("got %q", got)
	}
}

// A sheet whose XML is cut off or malformed is an error naming the file,
// the sheet and the last row read, never its first rows scored as if they
// were all.
func TestDamagedSheetIsAnError(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"truncated", "unexpected EOF; in row 802, after row 801 (the last read whole)"},
		{"truncated-percent", "unexpected EOF; in row 802, after row 801 (the last read whole)"},
		{"ampersand", "invalid character entity & (no semicolon); in row 600, after row 599 (the last read whole)"},
		{"doctype", "a DOCTYPE or entity declaration, which an xlsx part never holds; before the first row"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := hostile[tt.name](t)
			within(t, 20*time.Second, func() {
				tab, _, err := ReadWorkbook(bytes.NewReader(data), tt.name+".xlsx", Options{Framework: framework(t)})
				wantErr(t, err, tt.name+".xlsx: sheet Sheet1 (xl/worksheets/sheet1.xml) is damaged: ", tt.want, ": nothing of the workbook is used")
				if tab != nil {
					t.Errorf("a table of %d rows with the error", tab.Len())
				}
			})
		})
	}
}

// Damaged shared strings are named as such, not blamed on Sheet1!row 1.
func TestDamagedSharedStrings(t *testing.T) {
	_, _, err := ReadWorkbook(bytes.NewReader(hostile["sst-truncated"](t)), "s.xlsx", Options{Framework: framework(t)})
	wantErr(t, err, "s.xlsx: xl/sharedStrings.xml (the shared strings) is damaged: ", "nothing of the workbook is read")
	if err != nil && strings.Contains(err.Error(), "row 1") {
		t.Errorf("error blames a row: %v", err)
	}
}

// The other parts: the list of sheets, the styles, the zip's checksum.
func TestDamagedParts(t *testing.T) {
	ws := wsXML(wideRows(3, false), "")
	wb := xmlHead + `<workbook ` + nsMain + `><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	good := rawBook{sheet: ws}.build(t)
	// A byte of the (stored) sheet changed after the zip was written: the
	// checksum fails.
	corrupt := bytes.Replace(storedBook(t, ws), []byte("城市00001"), []byte("城市00009"), 1)
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"workbook", rawBook{sheet: ws, parts: [][2]string{{"xl/workbook.xml", cut(wb, 0.9)}}}.build(t), "xl/workbook.xml (the list of sheets) is damaged"},
		{"styles", rawBook{sheet: ws, styles: cut(stylesXML(10, ""), 0.7)}.build(t), "xl/styles.xml (the cell styles) is damaged"},
		{"checksum", corrupt, "checksum"},
		{"trailing", rawBook{sheet: ws + "<worksheet/>"}.build(t), "after the end of the root element"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadWorkbook(bytes.NewReader(tt.data), "d.xlsx", Options{Framework: framework(t)})
			wantErr(t, err, "d.xlsx: ", tt.want)
		})
	}
	if _, _, err := ReadWorkbook(bytes.NewReader(good), "g.xlsx", Options{Framework: framework(t)}); err != nil {
		t.Fatal(err)
	}
}

// A zip without a workbook says so, not "EOF".
func TestZipWithoutWorkbook(t *testing.T) {
	_, _, err := ReadWorkbook(bytes.NewReader(hostile["no-workbook"](t)), "X.xlsx", Options{Framework: framework(t)})
	wantErr(t, err, "X.xlsx: not an xlsx workbook (no xl/workbook.xml in the zip)")
}

// A formula without a cached value stays missing and is listed with its
// cell and formula; a date-formatted number is listed and kept missing
// (flagged invalid), never scored as its serial number.
func TestFormulaAndDateCellsAreReported(t *testing.T) {
	tab, rep, err := ReadWorkbook(bytes.NewReader(hostile["formula-date"](t)), "f.xlsx", Options{Framework: framework(t), Year: 2020})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dump(tab), "北京 2020: gdp=- pop=2189\n上海 2020: gdp=43214 pop=-\n"; got != want {
		t.Errorf("table\n%s\nwant\n%s", got, want)
	}
	pop := tab.Column("pop")
	if r, _ := tab.Row(dataset.Key{Unit: "上海", Year: 2020}); pop.Flags[r]&dataset.Invalid == 0 || !math.IsNaN(pop.Values[r]) {
		t.Errorf("上海 pop: %v, flags %v", pop.Values[r], pop.Flags[r])
	}
	var got []string
	for _, is := range rep.Issues() {
		if is.Kind == dataset.IssueFormulaNoValue || is.Kind == dataset.IssueDateNumber {
			got = append(got, is.Kind.String()+" "+is.Origin.String()+" "+string(is.Unit)+" "+string(is.Variable)+" "+is.Text+": "+is.Msg)
		}
	}
	if len(got) != 2 ||
		!strings.HasPrefix(got[0], "formula without value f.xlsx#Sheet1!B2 北京 gdp =SUM(D2:E2): a formula without a cached value") ||
		!strings.HasPrefix(got[1], "date-formatted number f.xlsx#Sheet1!C3 上海 pop 45352: a number formatted as a date (format m/d/yyyy, shows 2024-03-01)") {
		t.Errorf("issues:\n%s", strings.Join(got, "\n"))
	}
	var b bytes.Buffer
	if err := rep.Print(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1 formula without a value", "1 number formatted as dates", `Sheet1!B2 北京 gdp "=SUM(D2:E2)"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}

// A truncated sheet with a percent style took 193 s for 1,000 rows: every
// cell's style re-parsed the sheet.
func TestPercentStyleIsLinear(t *testing.T) {
	data := hostile["truncated-percent"](t)
	within(t, 10*time.Second, func() {
		_, _, err := ReadWorkbook(bytes.NewReader(data), "p.xlsx", Options{Framework: framework(t)})
		wantErr(t, err, "is damaged")
	})
	// The same sheet whole reads its percentages as they show.
	whole := rawBook{sheet: wsXML(wideRows(1000, true), ""), styles: stylesXML(10, "")}.build(t)
	tab, _, err := ReadWorkbook(bytes.NewReader(whole), "p.xlsx", Options{Framework: framework(t)})
	if err != nil {
		t.Fatal(err)
	}
	if v := tab.Column("green").Values[999]; v != 12.5 {
		t.Errorf("green = %v, want 12.5", v)
	}
}

// A failed read leaves nothing in $TMPDIR: a 66 MB sheet was spilled to a
// temporary file and the workbook was not closed when opening failed.
func TestFailedReadLeavesNoTempFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	data := hostile["temp-spill"](t)
	if len(data) > 1<<20 {
		t.Fatalf("the file has %d bytes", len(data))
	}
	_, _, err := ReadWorkbook(bytes.NewReader(data), "t.xlsx", Options{Framework: framework(t)})
	wantErr(t, err, "xl/styles.xml")
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		fi, _ := e.Info()
		t.Errorf("left in TMPDIR: %s (%d bytes)", e.Name(), fi.Size())
	}
}

// A cell's text is quoted up to 80 characters, with its length, in errors
// and in the report: a 200 MB cell was echoed whole.
func TestLongCellsAreClipped(t *testing.T) {
	long := strings.Repeat("长", 40_000) // 120,000 bytes, under the cell limit
	_, _, err := ReadCSV(strings.NewReader("城市,gdp\n北京,"+long+"\n"), "l.csv", Options{Framework: framework(t)})
	wantErr(t, err, `l.csv:2:8 (B2, column gdp): "`+strings.Repeat("长", 80)+`…" (40,000 characters): not a number`)
	if err != nil && len(err.Error()) > 500 {
		t.Errorf("message of %d bytes", len(err.Error()))
	}
	// A yearbook's bad cell and a unit kept as printed, in the report.
	data := workbook(t, sheetSpec{name: "S", rows: [][]any{
		{"2-6地区生产总值"},
		{"城 市", "City", "地区生产总值（当年价格）（亿元）"},
		{nil, nil, "全市"},
		{"北京市", "Beijing", long},
		{"深川市" + long, "x", "1"},
	}, merges: []string{"A2:A3", "B2:B3"}})
	tab, rep, err := ReadWorkbook(bytes.NewReader(data), "y.xlsx", Options{Framework: yearbookFW(t), Dictionary: yearbookDictionary(), Year: 2020, AllowUnknownUnits: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	rep.Print(&b)
	rep.PrintImport(&b, Panel(tab))
	for _, is := range rep.Issues() {
		b.WriteString(is.Text + ": " + is.Msg + "\n")
	}
	if strings.Contains(b.String(), strings.Repeat("长", 81)) {
		t.Errorf("the report quotes more than 80 characters of a cell (%d bytes)", b.Len())
	}
	if !strings.Contains(b.String(), "(32,767 characters)") {
		t.Errorf("the report does not give the length:\n%.2000s", b.String())
	}
}

// Empty files, files of white space or CRs, and header-only files name the
// file and say they hold no data rows, rather than an empty table that
// fails later with "the data hold )".
func TestNoDataRows(t *testing.T) {
	opt := Options{Framework: framework(t)}
	for _, tt := range []struct{ name, text, want string }{
		{"empty.csv", "", "empty.csv: no data rows: an empty file"},
		{"blank.csv", " \n\n\t\n", "blank.csv: no data rows: an empty file"},
		{"cr.csv", "\r\r\r", "cr.csv: no data rows: an empty file"},
		{"header.csv", "城市,gdp\n", "header.csv: no data rows: only a header"},
		{"header-cr.csv", "城市,gdp\r\r", "header-cr.csv: no data rows: only a header"},
	} {
		_, _, err := Read(strings.NewReader(tt.text), tt.name, opt)
		wantErr(t, err, tt.want)
	}
	// Lines ended by CR alone ("CSV (Macintosh)") are lines.
	tab, _, err := Read(strings.NewReader("城市,gdp\r北京,1\r上海,2\r"), "mac.csv", opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(tab); got != "北京: gdp=1\n上海: gdp=2\n" {
		t.Errorf("got %q", got)
	}
	for _, tt := range []struct {
		name  string
		sheet sheetSpec
		want  string
	}{
		{"empty.xlsx", sheetSpec{name: "Sheet1"}, "empty.xlsx: no data rows: nothing in sheet Sheet1 (an empty sheet)"},
		{"header.xlsx", sheetSpec{name: "数据", rows: [][]any{{"城市", "gdp"}}}, "header.xlsx: no data rows in sheet 数据: only a header"},
	} {
		_, _, err := ReadWorkbook(bytes.NewReader(workbook(t, tt.sheet)), tt.name, opt)
		wantErr(t, err, tt.want)
	}
	_, _, err = Read(strings.NewReader("<table><tr><th>城市</th><th>gdp</th></tr></table>"), "h.xls", opt)
	wantErr(t, err, "h.xls: no data rows")
}
