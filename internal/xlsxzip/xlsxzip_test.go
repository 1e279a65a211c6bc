package xlsxzip

import (
	"archive/zip"
	"bytes"
	"io"
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
