package exporters

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/scoring"
)

// writeBook writes o as a workbook and opens it again.
func writeBook(t testing.TB, o *Output) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, o); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}

// dump returns every sheet of f as TSV, the cells as Excel shows them
// (number formats applied), each row padded to the width of the sheet's
// header.
func dump(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "## %s\n", sheet)
		width := 0
		if len(rows) > 0 {
			width = len(rows[0])
		}
		for _, row := range rows {
			for len(row) < width {
				row = append(row, "")
			}
			b.WriteString(strings.Join(row, "\t"))
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

func TestWriteWorkbook(t *testing.T) {
	for _, tc := range []struct {
		lang   string
		sheets []string
		header []string // of the Ranking sheet
	}{
		{"zh", []string{"总览", "排名", "图表", "趋势", "历年排名", "维度", "指标", "权重", "数据质量", "方法"},
			[]string{"排名", "城市", "年份", "综合指数", "创新得分（3/3 项指标）", "创新排名", "宜居得分（3/3 项指标）", "宜居排名", "数据覆盖率", "得分变化", "名次变化（正为上升）", "排名状态"}},
		{"en", []string{"Overview", "Ranking", "Charts", "Trends", "Earlier years", "Dimensions", "Indicators", "Weights", "Data quality", "Method"},
			[]string{"Rank", "City", "Year", "Index", "Innovative score (3/3 indicators)", "Innovative rank", "Livable score (3/3 indicators)", "Livable rank", "Coverage", "Score change", "Rank change (+ = up)", "Status"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f, raw := writeBook(t, testOutput(t, tc.lang))
			if got := f.GetSheetList(); !reflect.DeepEqual(got, tc.sheets) {
				t.Fatalf("sheets: got %q, want %q", got, tc.sheets)
			}
			rows, err := f.GetRows(tc.sheets[1])
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rows[0], tc.header) {
				t.Errorf("ranking header: got %q, want %q", rows[0], tc.header)
			}
			golden(t, "workbook_"+tc.lang+".golden", dump(t, f))

			// Every sheet after the Overview has a frozen header row; the
			// Dimensions sheet two.
			for _, sheet := range tc.sheets[1:] {
				p, err := f.GetPanes(sheet)
				if err != nil {
					t.Fatal(err)
				}
				if rows := map[bool]int{false: 1, true: 2}[sheet == tc.sheets[5]]; !p.Freeze || p.YSplit != rows {
					t.Errorf("%s: header row not frozen: %+v", sheet, p)
				}
			}
			// Autofilters on the tabular sheets.
			filters := map[string]string{}
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm._FilterDatabase" {
					filters[dn.Scope] = dn.RefersTo
				}
			}
			want := map[string]string{
				tc.sheets[1]: "$A$1:$L$6", tc.sheets[3]: "$A$1:$F$6", tc.sheets[4]: "$A$1:$L$6", tc.sheets[5]: "$A$2:$H$12",
				tc.sheets[6]: "$A$1:$L$61", tc.sheets[7]: "$A$1:$L$13", tc.sheets[8]: "$A$1:$G$3", // an issue and a missing value
			}
			for sheet, ref := range want {
				if got := filters[sheet]; got != "'"+sheet+"'!"+ref {
					t.Errorf("%s: autofilter %q, want %s", sheet, got, ref)
				}
			}
			// The colour scales of the Ranking sheet: index and goal scores.
			cf, err := f.GetConditionalFormats(tc.sheets[1])
			if err != nil {
				t.Fatal(err)
			}
			for _, ref := range []string{"D2:D6", "E2:E6", "G2:G6"} {
				if len(cf[ref]) != 1 || cf[ref][0].Type != "3_color_scale" {
					t.Errorf("ranking %s: conditional formats %+v, want a 3-colour scale", ref, cf[ref])
				}
			}
			// Three native charts: bar and radar on the Charts sheet, the
			// index over the years on the Trends sheet.
			charts := chartParts(t, raw)
			if len(charts) != 3 {
				t.Fatalf("chart parts: got %d, want 3", len(charts))
			}
			if !strings.Contains(charts[0], "barChart>") || !strings.Contains(charts[1], "radarChart>") || !strings.Contains(charts[2], "lineChart>") {
				t.Error("want a bar chart, a radar chart and a line chart")
			}
			title := map[string]string{"zh": "综合指数前 5 名（2019 年）", "en": "Index: top 5 (2019)"}[tc.lang]
			if !strings.Contains(charts[0], title) {
				t.Errorf("bar chart has no title %q", title)
			}
		})
	}
}

// chartParts returns the chart XML parts of a workbook, in name order.
func chartParts(t testing.TB, raw []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	var out []string
	for _, zf := range files {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		_, err = b.ReadFrom(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b.String())
	}
	return out
}

// TestWorkbookLarge checks that the streamed Indicators sheet holds a row
// per unit, year and indicator of a large result.
func TestWorkbookLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large workbook")
	}
	o := benchOutput(t, 300, 60, 2)
	f, _ := writeBook(t, o)
	rows, err := f.Rows("指标")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Error(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if want := 1 + 300*60*2; n != want {
		t.Errorf("Indicators sheet: %d rows, want %d", n, want)
	}
}

// TestWorkbookImputed checks that an imputed cell is flagged three times: in
// italic on the Indicators sheet with its method as the source, as a row of
// the Data quality sheet, and in that sheet's count of imputed values.
func TestWorkbookImputed(t *testing.T) {
	o := testOutput(t, "en")
	opt := scoring.DefaultOptions()
	opt.Impute = scoring.ImputeSpec{Method: composite.ImputeLOCF}
	res, err := scoring.Run(o.Result.Schema, o.Table, opt)
	if err != nil {
		t.Fatal(err)
	}
	o.Result = res
	f, _ := writeBook(t, o)

	rows, col := indicatorRows(t, f)
	found := false
	for r, row := range rows {
		if row[col["City"]] != "杭州" || row[col["Year"]] != "2019" || row[col["Indicator id"]] != "patents" {
			continue
		}
		found = true
		if got := row[col["Value used"]]; got != "50.10" {
			t.Errorf("value used %q, want 50.10 (carried forward from 2018)", got)
		}
		if got := row[col["Source"]]; got != "imputed (locf)" {
			t.Errorf("source %q, want imputed (locf)", got)
		}
		cell, _ := excelize.CoordinatesToCellName(col["Value used"]+1, r+1)
		id, _ := f.GetCellStyle("Indicators", cell)
		st, _ := f.GetStyle(id)
		if st == nil || st.Font == nil || !st.Font.Italic {
			t.Errorf("%s: imputed value not in italic", cell)
		} else if st.CustomNumFmt == nil || *st.CustomNumFmt != "#,##0.00" {
			t.Errorf("%s: imputed value's format %v, want the indicator's #,##0.00", cell, st.CustomNumFmt)
		}
	}
	if !found {
		t.Fatal("no Indicators row for 杭州 2019 patents")
	}

	rows, err = f.GetRows("Data quality")
	if err != nil {
		t.Fatal(err)
	}
	imputedRow, section, counted := false, false, false
	for _, row := range rows {
		if len(row) > 3 && row[0] == "imputed" && row[1] == "杭州" && row[2] == "2019" && row[3] == "patents" {
			imputedRow = true
		}
		if len(row) > 0 && strings.HasPrefix(row[0], "Imputed values, by indicator") {
			section = true
		}
		if section && len(row) >= 4 && row[0] == "patents" {
			if row[2] != "0" || row[3] != "1" {
				t.Errorf("imputed count of patents: %v, want 0 in 2018 and 1 in 2019", row)
			}
			section, counted = false, true
		}
	}
	if !imputedRow {
		t.Error("Data quality: no imputed row for 杭州 2019 patents")
	}
	if !counted {
		t.Error("Data quality: no count of imputed values for patents")
	}
}

// TestWorkbookSplit lowers the rows a sheet holds: the long tables continue
// on numbered sheets, each with the header, frozen panes, print titles and
// autofilter; every row of the table appears once, in order; the Method
// and Overview sheets say so.
func TestWorkbookSplit(t *testing.T) {
	for _, tc := range []struct {
		lang  string
		rows  int
		split map[string][]string // first sheet → its sheets
		quals string              // the Method line of the Indicators sheet
	}{
		{"zh", 25, map[string][]string{"指标": {"指标", "指标 (2)", "指标 (3)"}},
			"分表：指标\t\t共 60 行，分为 3 张表：指标, 指标 (2), 指标 (3)\t每张表至多 25 行"},
		{"en", 25, map[string][]string{"Indicators": {"Indicators", "Indicators (2)", "Indicators (3)"}},
			"Split sheet: Indicators\t\t60 rows over 3 sheets: Indicators, Indicators (2), Indicators (3)\tUp to 25 rows per sheet"},
		{"en", 4, map[string][]string{
			"Ranking":       {"Ranking", "Ranking (2)"},
			"Earlier years": {"Earlier years", "Earlier years (2)"},
			"Dimensions":    {"Dimensions", "Dimensions (2)", "Dimensions (3)"},
			"Data quality":  nil, // sections below the issues: checked row by row, not named here
		}, "Split sheet: Ranking\t\t5 rows over 2 sheets: Ranking, Ranking (2)\tUp to 4 rows per sheet"},
	} {
		t.Run(fmt.Sprintf("%s-%d", tc.lang, tc.rows), func(t *testing.T) {
			whole, _ := writeBook(t, testOutput(t, tc.lang))
			defer func(n int) { splitRows = n }(splitRows)
			splitRows = tc.rows
			f, raw := writeBook(t, testOutput(t, tc.lang))
			checkDimensions(t, raw)
			sheets := f.GetSheetList()
			for first, want := range tc.split {
				if want == nil {
					continue
				}
				i := slices.Index(sheets, first)
				if i < 0 || i+len(want) > len(sheets) || !slices.Equal(sheets[i:i+len(want)], want) {
					t.Errorf("sheets %q: want %q in a row", sheets, want)
				}
			}
			titles, filters := map[string]string{}, map[string]string{}
			for _, dn := range f.GetDefinedName() {
				switch dn.Name {
				case "_xlnm.Print_Titles":
					titles[dn.Scope] = dn.RefersTo
				case "_xlnm._FilterDatabase":
					filters[dn.Scope] = dn.RefersTo
				}
			}
			// Every sheet of the unsplit workbook: its rows below the header,
			// read over its continuation sheets, are the same rows.
			wholeFilters := map[string]string{}
			for _, dn := range whole.GetDefinedName() {
				if dn.Name == "_xlnm._FilterDatabase" {
					wholeFilters[dn.Scope] = dn.RefersTo
				}
			}
			for _, sheet := range whole.GetSheetList()[1:] {
				if sheet == "Method" || sheet == "方法" {
					continue // the lines on the split added
				}
				want, err := whole.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				wp, _ := whole.GetPanes(sheet)
				head := wp.YSplit
				parts := []string{sheet}
				for k := 2; slices.Contains(sheets, fmt.Sprintf("%s (%d)", sheet, k)); k++ {
					parts = append(parts, fmt.Sprintf("%s (%d)", sheet, k))
				}
				if len(parts) > 1 && !(len(want) > head+tc.rows) {
					t.Errorf("%s: split over %d sheets with %d rows", sheet, len(parts), len(want)-head)
				}
				var got [][]string
				for k, p := range parts {
					rows, err := f.GetRows(p)
					if err != nil {
						t.Fatal(err)
					}
					if len(rows) < head || !reflect.DeepEqual(rows[:head], want[:head]) {
						t.Errorf("%s: header %q, want %q", p, rows[:min(head, len(rows))], want[:head])
						continue
					}
					if len(parts) > 1 && len(rows)-head > tc.rows {
						t.Errorf("%s: %d rows below the header, want at most %d", p, len(rows)-head, tc.rows)
					}
					if k < len(parts)-1 {
						for len(rows) < head+tc.rows {
							rows = append(rows, nil) // a trailing blank row
						}
					}
					got = append(got, rows[head:]...)
					if sheet == sheets[0] || len(parts) == 1 {
						continue
					}
					if p, _ := f.GetPanes(p); !p.Freeze || p.YSplit != head {
						t.Errorf("%s: panes %+v, want %d header rows frozen", parts[k], p, head)
					}
					if want := fmt.Sprintf("'%s'!$1:$%d", parts[k], head); titles[parts[k]] != want {
						t.Errorf("%s: print titles %q, want %q", parts[k], titles[parts[k]], want)
					}
					// The colour scales, on each sheet.
					wcf, _ := whole.GetConditionalFormats(sheet)
					if cf, _ := f.GetConditionalFormats(parts[k]); len(cf) != len(wcf) && len(rows) > head {
						t.Errorf("%s: %d conditional formats, want %d", parts[k], len(cf), len(wcf))
					}
					// The filter's range, split: each sheet over its share.
					_, end, _ := strings.Cut(wholeFilters[sheet], ":")
					last, _ := strconv.Atoi(strings.TrimLeft(end, "$ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
					if last -= head + k*tc.rows; last > 0 {
						col := strings.TrimRight(strings.TrimPrefix(end, "$"), "$0123456789")
						want := fmt.Sprintf("'%s'!$A$%d:$%s$%d", parts[k], head, col, head+min(last, tc.rows))
						if filters[parts[k]] != want {
							t.Errorf("%s: autofilter %q, want %q", parts[k], filters[parts[k]], want)
						}
					}
				}
				for len(want) > 0 && len(want[len(want)-1]) == 0 {
					want = want[:len(want)-1]
				}
				for len(got) > 0 && len(got[len(got)-1]) == 0 {
					got = got[:len(got)-1]
				}
				if !reflect.DeepEqual(got, want[head:]) {
					t.Errorf("%s: rows over %q differ from the unsplit sheet's", sheet, parts)
				}
			}
			method := string(dump(t, f))
			if !strings.Contains(method, tc.quals) {
				t.Errorf("no Method line %q", tc.quals)
			}
			ov, _ := f.GetRows(sheets[0])
			note := map[string]string{"zh": "分为 3 张表：指标 至 指标 (3)，每张至多 25 行", "en": "split over"}[tc.lang]
			found := false
			for _, row := range ov {
				found = found || slices.ContainsFunc(row, func(s string) bool { return strings.Contains(s, note) })
			}
			if !found {
				t.Errorf("Overview: no note %q of the split", note)
			}
		})
	}
}

// TestContinuedNames: a continuation sheet's name fits Excel's 31
// characters and differs from every other sheet's, in both languages.
func TestContinuedNames(t *testing.T) {
	for _, g := range []lang{"zh", "en"} {
		names := map[string]bool{}
		for l := sheetRanking; l <= sheetEarlier; l++ {
			names[g.t(l)] = true
		}
		for _, l := range []label{sheetCities, sheetUncertainty, sheetOverview, sheetGroups} {
			names[g.t(l)] = true
		}
		for base := range names {
			for _, k := range []int{2, 99} {
				n := g.t(sheetContinued, base, k)
				if cellChars(n) > 31 || names[n] {
					t.Errorf("%s: continuation %q too long or taken", g, n)
				}
			}
		}
	}
}

// TestWorkbookFastDeflate: a workbook of more rows than fastDeflateRows is
// deflated at the fast level: other bytes, the same cells; a smaller one
// keeps Go's default level.
func TestWorkbookFastDeflate(t *testing.T) {
	f, slow := writeBook(t, testOutput(t, "en"))
	defer func(n int) { fastDeflateRows = n }(fastDeflateRows)
	fastDeflateRows = 10
	ff, fast := writeBook(t, testOutput(t, "en"))
	if bytes.Equal(slow, fast) {
		t.Error("the same bytes at both levels")
	}
	if !bytes.Equal(dump(t, f), dump(t, ff)) {
		t.Error("the fast level changed the cells")
	}
	checkDimensions(t, slow)
	checkDimensions(t, fast)
	_, again := writeBook(t, testOutput(t, "en"))
	if !bytes.Equal(fast, again) {
		t.Error("two fast writes differ")
	}
}

// checkDimensions checks that the <dimension> of every worksheet of the
// workbook raw states the range of its cells, as encoding/xml reads their
// references: a reader such as openpyxl's read-only mode believes it.
func checkDimensions(t testing.TB, raw []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	sheets := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		sheets++
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(rc)
		var dim string
		r1, c1, r2, c2 := 0, 0, 0, 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", zf.Name, err)
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			for _, a := range se.Attr {
				switch {
				case se.Name.Local == "dimension" && a.Name.Local == "ref":
					dim = a.Value
				case se.Name.Local == "c" && a.Name.Local == "r":
					c, r, err := excelize.CellNameToCoordinates(a.Value)
					if err != nil {
						t.Fatalf("%s: %v", zf.Name, err)
					}
					if r2 == 0 {
						r1, c1, r2, c2 = r, c, r, c
					}
					r1, c1, r2, c2 = min(r1, r), min(c1, c), max(r2, r), max(c2, c)
				}
			}
		}
		rc.Close()
		want := "A1"
		if r2 > 0 {
			from, _ := excelize.CoordinatesToCellName(c1, r1)
			to, _ := excelize.CoordinatesToCellName(c2, r2)
			want = from + ":" + to
			if from == to {
				want = from
			}
		}
		if dim != want {
			t.Errorf("%s: dimension %q, its cells %q", zf.Name, dim, want)
		}
	}
	if sheets == 0 {
		t.Error("no worksheet")
	}
}
