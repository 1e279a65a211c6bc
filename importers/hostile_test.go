package importers

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The files of this file are built part by part with archive/zip: damaged
// XML, merged ranges over a million rows, formulas without values, and
// other things excelize would not write. They are the hostile inputs of
// hardening_test.go and limits_test.go, each well under 1 MB.

const (
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain  = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relNS   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// rawBook is a workbook of one sheet, "Sheet1", written part by part.
type rawBook struct {
	sheet  string      // the worksheet XML (see wsXML)
	sst    string      // xl/sharedStrings.xml; "" for none
	styles string      // xl/styles.xml; "" for none
	parts  [][2]string // parts that replace the standard ones, or are added
	omit   []string    // standard parts left out
	// bigSheet, when > 0, writes the worksheet as that many bytes of
	// rows, streamed into the zip (for files that unzip to tens of MB).
	bigSheet int
	// store writes the parts uncompressed, so that a test can change
	// their bytes in the zip.
	store bool
}

func (b rawBook) build(t testing.TB) []byte {
	t.Helper()
	rels := `<Relationship Id="rId1" Type="` + relNS + `/worksheet" Target="worksheets/sheet1.xml"/>`
	if b.sst != "" {
		rels += `<Relationship Id="rId2" Type="` + relNS + `/sharedStrings" Target="sharedStrings.xml"/>`
	}
	if b.styles != "" {
		rels += `<Relationship Id="rId3" Type="` + relNS + `/styles" Target="styles.xml"/>`
	}
	parts := [][2]string{
		{"[Content_Types].xml", xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/></Types>`},
		{"_rels/.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relNS + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", xmlHead + `<workbook ` + nsMain + `><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`},
		{"xl/worksheets/sheet1.xml", b.sheet},
	}
	if b.sst != "" {
		parts = append(parts, [2]string{"xl/sharedStrings.xml", b.sst})
	}
	if b.styles != "" {
		parts = append(parts, [2]string{"xl/styles.xml", b.styles})
	}
	for _, p := range b.parts {
		replaced := false
		for i := range parts {
			if parts[i][0] == p[0] {
				parts[i], replaced = p, true
			}
		}
		if !replaced {
			parts = append(parts, p)
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if slices.ContainsFunc(b.omit, func(o string) bool { return strings.HasPrefix(p[0], o) }) {
			continue
		}
		method := zip.Deflate
		if b.store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if p[0] == "xl/worksheets/sheet1.xml" && b.bigSheet > 0 {
			io.WriteString(w, xmlHead+`<worksheet `+nsMain+`><sheetData>`)
			row := `<row><c t="inlineStr"><is><t>城市</t></is></c><c><v>1</v></c></row>`
			chunk := strings.Repeat(row, 4096)
			for n := 0; n < b.bigSheet; n += len(chunk) {
				io.WriteString(w, chunk)
			}
			io.WriteString(w, `</sheetData></worksheet>`)
			continue
		}
		if _, err := io.WriteString(w, p[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wsXML is a worksheet of the given rows (row elements) and what follows
// sheetData (mergeCells).
func wsXML(rows, after string) string {
	return xmlHead + `<worksheet ` + nsMain + `><sheetData>` + rows + `</sheetData>` + after + `</worksheet>`
}

// xrow is a row element of cells (see xs, xn).
func xrow(r int, cells ...string) string {
	return fmt.Sprintf(`<row r="%d">%s</row>`, r, strings.Join(cells, ""))
}

// xs is a cell of inline text, xn a numeric cell, xstyled one with a
// style index, xf a formula without a cached value.
func xs(ref, text string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + text + `</t></is></c>`
}
func xn(ref, v string) string { return `<c r="` + ref + `"><v>` + v + `</v></c>` }
func xstyled(ref, v string, s int) string {
	return fmt.Sprintf(`<c r="%s" s="%d"><v>%s</v></c>`, ref, s, v)
}
func xf(ref, formula string) string { return `<c r="` + ref + `"><f>` + formula + `</f></c>` }

// stylesXML is a styles part whose cell style 1 has the number format id
// (a built-in one, or 164 with code when code is not "").
func stylesXML(id int, code string) string {
	fmts := ""
	if code != "" {
		fmts = fmt.Sprintf(`<numFmts count="1"><numFmt numFmtId="%d" formatCode="%s"/></numFmts>`, id, code)
	}
	return xmlHead + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + fmts +
		`<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>` +
		fmt.Sprintf(`<cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="%d" xfId="0" applyNumberFormat="1"/></cellXfs>`, id) +
		`</styleSheet>`
}

// wideRows is a wide table of n cities: 城市 | gdp (亿元) | green (%), the
// green cells of style 1 when styled.
func wideRows(n int, styled bool) string {
	var b strings.Builder
	b.WriteString(xrow(1, xs("A1", "城市"), xs("B1", "gdp"), xs("C1", "green")))
	for i := range n {
		r := i + 2
		green := xn(fmt.Sprintf("C%d", r), "0.125")
		if styled {
			green = xstyled(fmt.Sprintf("C%d", r), "0.125", 1)
		}
		b.WriteString(xrow(r, xs(fmt.Sprintf("A%d", r), fmt.Sprintf("城市%05d", i)), xn(fmt.Sprintf("B%d", r), fmt.Sprint(i)), green))
	}
	return b.String()
}

// cut returns the first share of s: a part cut off, as a truncated
// download leaves it.
func cut(s string, share float64) string { return s[:int(float64(len(s))*share)] }

// Hostile workbooks, by name: each is a small file that made the reader
// exhaust memory or time, or read less than the file holds without a word.
var hostile = map[string]func(t testing.TB) []byte{
	// 15 merged ranges down to row 1,048,576 over a yearbook table whose
	// last cell is in row 300,000.
	"merges": func(t testing.TB) []byte {
		var merges []string
		for k := range 15 {
			merges = append(merges, fmt.Sprintf(`<mergeCell ref="A%d:XFD1048576"/>`, k+4))
		}
		return rawBook{sheet: wsXML(
			xrow(1, xs("A1", "2-1 人口数"))+
				xrow(2, xs("A2", "城市"), xs("B2", "City"), xs("C2", "户籍人口"))+
				xrow(3, xs("A3", "北京市"), xs("B3", "Beijing"), xn("C3", "1"))+
				xrow(300000, xs("A300000", "注")),
			`<mergeCells count="15">`+strings.Join(merges, "")+`</mergeCells>`)}.build(t)
	},
	// A sheet of 1,000 rows cut off at 80%.
	"truncated": func(t testing.TB) []byte {
		return rawBook{sheet: cut(wsXML(wideRows(1000, false), ""), 0.8)}.build(t)
	},
	// The same, its green cells formatted as percentages.
	"truncated-percent": func(t testing.TB) []byte {
		return rawBook{sheet: cut(wsXML(wideRows(1000, true), ""), 0.8), styles: stylesXML(10, "")}.build(t)
	},
	// A bare & in the text of row 600.
	"ampersand": func(t testing.TB) []byte {
		return rawBook{sheet: strings.Replace(wsXML(wideRows(1000, false), ""), "城市00598", "A & B", 1)}.build(t)
	},
	// A DOCTYPE declaring an entity, used in a cell.
	"doctype": func(t testing.TB) []byte {
		ws := wsXML(wideRows(10, false), "")
		ws = strings.Replace(ws, xmlHead, xmlHead+`<!DOCTYPE worksheet [<!ENTITY x "城市">]>`, 1)
		return rawBook{sheet: strings.Replace(ws, "城市00005", "&x;", 1)}.build(t)
	},
	// Shared strings cut off; the sheet itself is fine.
	"sst-truncated": func(t testing.TB) []byte {
		var si strings.Builder
		for i := range 200 {
			fmt.Fprintf(&si, "<si><t>城市%05d</t></si>", i)
		}
		sst := xmlHead + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + si.String() + `</sst>`
		return rawBook{sheet: wsXML(xrow(1, xs("A1", "城市"), xs("B1", "gdp"))+xrow(2, `<c r="A2" t="s"><v>0</v></c>`, xn("B2", "1")), ""),
			sst: cut(sst, 0.5)}.build(t)
	},
	// A zip that holds no workbook.
	"no-workbook": func(t testing.TB) []byte {
		return rawBook{sheet: wsXML(wideRows(3, false), ""), omit: []string{"xl/workbook.xml", "_rels/.rels"}}.build(t)
	},
	// A formula without a cached value and a number formatted as a date.
	"formula-date": func(t testing.TB) []byte {
		return rawBook{sheet: wsXML(
			xrow(1, xs("A1", "城市"), xs("B1", "gdp"), xs("C1", "pop"))+
				xrow(2, xs("A2", "北京"), xf("B2", "SUM(D2:E2)"), xn("C2", "2189"))+
				xrow(3, xs("A3", "上海"), xn("B3", "43214"), xstyled("C3", "45352", 1)), ""),
			styles: stylesXML(14, "")}.build(t)
	},
	// A 66 MB worksheet (more than excelize keeps in memory: it spills it
	// to a temporary file) in a workbook whose styles are damaged.
	"temp-spill": func(t testing.TB) []byte {
		return rawBook{bigSheet: 66 << 20, styles: cut(stylesXML(10, ""), 0.5)}.build(t)
	},
	// One cell of 200 MB of text (a zip of 200 KB).
	"huge-cell": func(t testing.TB) []byte { return hugeCell(t, 200<<20) },
	// Elements nested 10 million deep.
	"deep": func(t testing.TB) []byte {
		return rawBook{sheet: xmlHead + `<worksheet ` + nsMain + `>` + strings.Repeat("<a>", 10_000_000)}.build(t)
	},
	// 1.5 million empty shared strings.
	"sst-many": func(t testing.TB) []byte {
		sst := xmlHead + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + strings.Repeat("<si><t/></si>", 1_500_000) + `</sst>`
		return rawBook{sheet: wsXML(wideRows(3, false), ""), sst: sst}.build(t)
	},
	// A yearbook table of a million cells, each formatted as a percentage,
	// under merged ranges covering 999,000 cells.
	"grid": func(t testing.TB) []byte {
		var b strings.Builder
		b.WriteString(xrow(1, xs("A1", "2-6地区生产总值")))
		b.WriteString(xrow(2, xs("A2", "城 市"), xs("B2", "City"), xs("C2", "地区生产总值（当年价格）（亿元）")))
		cells := strings.Repeat(`<c s="1"><v>1</v></c>`, 97)
		for r := 3; r <= 10_000; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c t="inlineStr"><is><t>c%d</t></is></c><c/>%s</row>`, r, r, cells)
		}
		return rawBook{sheet: wsXML(b.String(), `<mergeCells><mergeCell ref="D3:CV9992"/></mergeCells>`), styles: stylesXML(10, "")}.build(t)
	},
	// The same table, every cell a formula of 70 characters without a
	// value.
	"formulas": func(t testing.TB) []byte {
		var b strings.Builder
		b.WriteString(xrow(1, xs("A1", "2-6地区生产总值")))
		b.WriteString(xrow(2, xs("A2", "城 市"), xs("B2", "City"), xs("C2", "地区生产总值（当年价格）（亿元）")))
		cells := strings.Repeat(`<c><f>SUM(A1:A9)+SUM(B1:B9)+SUM(C1:C9)+SUM(D1:D9)+SUM(E1:E9)+SUM(F1:F9)+1</f></c>`, 97)
		for r := 3; r <= 10_000; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c t="inlineStr"><is><t>f%d</t></is></c><c/>%s</row>`, r, r, cells)
		}
		return rawBook{sheet: wsXML(b.String(), "")}.build(t)
	},
	// Rows of unique keys with ten label columns: 100,000 of them.
	"labels": func(t testing.TB) []byte {
		var b strings.Builder
		b.WriteString(`<row>`)
		b.WriteString(xs("", "城市") + xs("", "gdp"))
		for j := range 10 {
			b.WriteString(xs("", fmt.Sprintf("label%d", j)))
		}
		b.WriteString(`</row>`)
		labels := strings.Repeat(`<c t="inlineStr"><is><t>a label</t></is></c>`, 10)
		for i := range 100_000 {
			fmt.Fprintf(&b, `<row><c t="inlineStr"><is><t>u%d</t></is></c><c><v>1</v></c>%s</row>`, i, labels)
		}
		return rawBook{sheet: wsXML(strings.ReplaceAll(b.String(), ` r=""`, ""), "")}.build(t)
	},
	// Shared strings of 31 MB, just under the limit, and 500,000 cells
	// that use them.
	"sst-big": func(t testing.TB) []byte {
		var si strings.Builder
		si.WriteString(xmlHead + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		for i := range 250 {
			fmt.Fprintf(&si, "<si><t>%d%s</t></si>", i, strings.Repeat("x", 128<<10-10))
		}
		si.WriteString(`</sst>`)
		var b strings.Builder
		b.WriteString(`<row>` + xs("", "城市"))
		for j := range 50 {
			b.WriteString(xs("", fmt.Sprintf("v%02d", j)))
		}
		b.WriteString(`</row>`)
		vals := strings.Repeat(`<c><v>1</v></c>`, 49)
		for i := range 10_000 {
			fmt.Fprintf(&b, `<row><c t="inlineStr"><is><t>u%d</t></is></c><c t="s"><v>%d</v></c>%s</row>`, i, i%250, vals)
		}
		return rawBook{sheet: wsXML(strings.ReplaceAll(b.String(), ` r=""`, ""), ""), sst: si.String()}.build(t)
	},
	// Cells as many as a small zip holds: 60,000 rows of 50 columns.
	"cells": func(t testing.TB) []byte {
		var b strings.Builder
		b.WriteString(`<row>`)
		b.WriteString(xs("", "城市"))
		for j := range 50 {
			b.WriteString(xs("", fmt.Sprintf("v%02d", j)))
		}
		b.WriteString(`</row>`)
		vals := strings.Repeat(`<c><v>1</v></c>`, 50)
		for i := range 60_000 {
			fmt.Fprintf(&b, `<row><c t="inlineStr"><is><t>u%d</t></is></c>%s</row>`, i, vals)
		}
		return rawBook{sheet: wsXML(strings.ReplaceAll(b.String(), ` r=""`, ""), "")}.build(t)
	},
}

// hugeCell is a workbook whose cell B2 holds n bytes of text.
func hugeCell(t testing.TB, n int) []byte {
	var b strings.Builder
	b.WriteString(xmlHead + `<worksheet ` + nsMain + `><sheetData>` + xrow(1, xs("A1", "城市"), xs("B1", "gdp")) + `<row r="2">` + xs("A2", "北京") + `<c r="B2" t="inlineStr"><is><t>`)
	b.WriteString(strings.Repeat("x", n))
	b.WriteString(`</t></is></c></row></sheetData></worksheet>`)
	return rawBook{sheet: b.String()}.build(t)
}

// storedBook is a workbook of one sheet, ws, whose parts are stored
// uncompressed.
func storedBook(t testing.TB, ws string) []byte { return rawBook{sheet: ws, store: true}.build(t) }

// TestWriteHostile writes the hostile files to $CITYSCORE_HOSTILE_DIR, to
// measure a reader's memory on them from outside (/usr/bin/time -v).
func TestWriteHostile(t *testing.T) {
	dir := os.Getenv("CITYSCORE_HOSTILE_DIR")
	if dir == "" {
		t.Skip("CITYSCORE_HOSTILE_DIR not set")
	}
	for name, build := range hostile {
		data := build(t)
		if err := os.WriteFile(filepath.Join(dir, name+".xlsx"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s.xlsx: %d bytes", name, len(data))
	}
}
