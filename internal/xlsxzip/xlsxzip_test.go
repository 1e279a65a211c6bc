package xlsxzip

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// build writes a zip of the named parts in the order given.
func build(t *testing.T, parts ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p[1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestNormalize(t *testing.T) {
	ct1 := `<Types><Default Extension="xml" ContentType="a"></Default><Default Extension="png" ContentType="b"></Default><Override PartName="/x"/><Default Extension="bmp" ContentType="c"/></Types>`
	ct2 := `<Types><Default Extension="png" ContentType="b"></Default><Default Extension="bmp" ContentType="c"/><Override PartName="/x"/><Default Extension="xml" ContentType="a"></Default></Types>`
	a := build(t, [2]string{"xl/worksheets/sheet2.xml", "two"}, [2]string{"xl/worksheets/sheet1.xml", "one"}, [2]string{contentTypes, ct1})
	b := build(t, [2]string{contentTypes, ct2}, [2]string{"xl/worksheets/sheet1.xml", "one"}, [2]string{"xl/worksheets/sheet2.xml", "two"})
	if bytes.Equal(a, b) {
		t.Fatal("the inputs should differ")
	}
	var na, nb bytes.Buffer
	if err := Normalize(&na, a); err != nil {
		t.Fatal(err)
	}
	if err := Normalize(&nb, b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(na.Bytes(), nb.Bytes()) {
		t.Fatal("normalized files differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(na.Bytes()), int64(na.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, _ := f.Open()
		got, _ := io.ReadAll(rc)
		rc.Close()
		want := map[string]string{"xl/worksheets/sheet1.xml": "one", "xl/worksheets/sheet2.xml": "two",
			contentTypes: `<Types><Default Extension="bmp" ContentType="c"/><Default Extension="png" ContentType="b"></Default><Override PartName="/x"/><Default Extension="xml" ContentType="a"></Default></Types>`}[f.Name]
		if string(got) != want {
			t.Errorf("%s: %s, want %s", f.Name, got, want)
		}
	}
	if len(names) != 3 || names[0] != contentTypes || names[1] != "xl/worksheets/sheet1.xml" {
		t.Errorf("order %v", names)
	}
}

func TestNormalizeNotZip(t *testing.T) {
	if err := Normalize(io.Discard, []byte("not a zip")); err == nil {
		t.Error("no error")
	}
}

func TestUsedRange(t *testing.T) {
	for _, tc := range []struct {
		name, part string
		want       string // the ref; "-" for not ok
	}{
		{"cells", `<worksheet><dimension ref="A1"/><cols><col min="1" max="3"/></cols><sheetData>` +
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" s="2"/></row>` +
			`<row r="7"><c r="B7"><v>1</v></c></row></sheetData><conditionalFormatting sqref="A1:Z99"><cfRule type="x"/></conditionalFormatting></worksheet>`, "A1:C7"},
		{"wide", `<sheetData><row r="2"><c r="B2"><v>1</v></c><c r="AAB1048576"><v>2</v></c></row></sheetData>`, "B2:AAB1048576"},
		{"one cell", `<sheetData><row r="3"><c r="D3"><v>1</v></c></row></sheetData>`, "D3"},
		{"no cells", `<sheetData/>`, "A1"},
		{"rows without cells", `<sheetData><row r="4" ht="30"></row></sheetData>`, "A1"},
		{"no sheetData", `<worksheet><c r="B2"/></worksheet>`, "-"},
		{"a cell without r", `<sheetData><row r="1"><c r="A1"><v>1</v></c><c><v>2</v></c></row></sheetData>`, "-"},
		{"a bad r", `<sheetData><row r="1"><c r="A0"><v>1</v></c></row></sheetData>`, "-"},
		{"r after other attributes", `<sheetData><row r="9"><c s="1" t="n" r="E9"><v>1</v></c></row></sheetData>`, "E9"},
		{"text that looks like a cell", `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lt;c r="Z99"</t></is></c></row></sheetData>`, "A1"},
	} {
		r, ok := UsedRange([]byte(tc.part))
		got := "-"
		if ok {
			got = r.Ref()
		}
		if got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestSetDimension(t *testing.T) {
	r := CellRange{Row1: 1, Col1: 1, Row2: 301, Col2: 27}
	for _, tc := range []struct{ part, want string }{
		{`<worksheet><dimension ref="A1"></dimension><sheetViews/></worksheet>`, `<worksheet><dimension ref="A1:AA301"/><sheetViews/></worksheet>`},
		{`<worksheet><dimension ref="A1" /><sheetData/></worksheet>`, `<worksheet><dimension ref="A1:AA301"/><sheetData/></worksheet>`},
		{`<worksheet><sheetData/></worksheet>`, `<worksheet><sheetData/></worksheet>`},
	} {
		if got := string(SetDimension([]byte(tc.part), r)); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.part, got, tc.want)
		}
	}
	if got := (CellRange{}).Union(CellRange{2, 3, 4, 5}).Union(CellRange{1, 4, 2, 9}); got != (CellRange{1, 3, 4, 9}) {
		t.Errorf("union %+v", got)
	}
}

// TestNormalizeDimension: a worksheet's dimension states the range of its
// cells after Normalize; other parts, and a worksheet whose dimension is
// right already, are copied as they are.
func TestNormalizeDimension(t *testing.T) {
	sheet := `<worksheet><dimension ref="A1"></dimension><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>2</v></c></row><row r="4"><c r="B4"><v>3</v></c></row></sheetData></worksheet>`
	right := `<worksheet><dimension ref="A1:B2"/><sheetData><row r="2"><c r="B2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`
	other := `<x><dimension ref="A1"/><sheetData><row r="1"><c r="B2"/></row></sheetData></x>`
	src := build(t, [2]string{contentTypes, "<Types/>"}, [2]string{"xl/worksheets/sheet1.xml", sheet},
		[2]string{"xl/worksheets/sheet2.xml", right}, [2]string{"xl/other.xml", other})
	var out bytes.Buffer
	if err := Normalize(&out, src); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"xl/worksheets/sheet1.xml": strings.Replace(sheet, `<dimension ref="A1"></dimension>`, `<dimension ref="A1:C4"/>`, 1),
		"xl/worksheets/sheet2.xml": right,
		"xl/other.xml":             other,
	}
	for _, f := range zr.File {
		if f.Name == contentTypes {
			continue
		}
		rc, _ := f.Open()
		got, _ := io.ReadAll(rc)
		rc.Close()
		if string(got) != want[f.Name] {
			t.Errorf("%s: %s, want %s", f.Name, got, want[f.Name])
		}
	}
}
