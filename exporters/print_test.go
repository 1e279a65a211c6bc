package exporters

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/sensitivity"
)

// TestPrintSetup reads the workbook back: every sheet prints A4
// landscape, fitted to the page width; the Ranking sheet freezes its
// header and the two first columns, formats scores with two decimals and
// carries the group columns and the ranks within groups.
func TestPrintSetup(t *testing.T) {
	o := testOutput(t, "zh")
	o.CityUnits = o.Result.Years[0].Units[:1]
	o.Groups = []Grouping{{ID: "region", Label: dataset.Text{Zh: "地区", En: "Region"}, Of: map[dataset.UnitID]string{}, Ranked: true}}
	for _, y := range o.Result.Years {
		for _, id := range y.Units {
			o.Groups[0].Of[id] = "东部"
		}
	}
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, o); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
			t.Errorf("%s: page layout %+v, want A4 landscape fitted to one page wide", sheet, pl)
		}
		// Without fitToPage in the sheet's properties the page layout's
		// fit is ignored (an AutoFilter added later replaces them).
		props, err := f.GetSheetProps(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: sheet properties %+v, want fit to page", sheet, props)
		}
	}
	panes, err := f.GetPanes("排名")
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 2 {
		t.Errorf("Ranking panes %+v, want the header row and two columns frozen", panes)
	}
	rows, err := f.GetRows("排名")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rows[0], "地区") || !slices.Contains(rows[0], "地区内排名") {
		t.Errorf("Ranking header %v lacks the group and its rank", rows[0])
	}
	style, err := f.GetCellStyle("排名", "D2")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(style)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil || *st.CustomNumFmt != "0.00" {
		if st.NumFmt != 2 {
			t.Errorf("the index score's format %+v %v, want two decimals", st.CustomNumFmt, st.NumFmt)
		}
	}
}

// TestChartsClearOfPrintTitles: no chart starts in or at the edge of the
// rows repeated on every printed page; LibreOffice prints the part of a
// chart that touches them again on each page.
func TestChartsClearOfPrintTitles(t *testing.T) {
	o := testOutput(t, "zh")
	o.Uncertainty = handAnalysis(sensitivity.DesignUA)
	o.CityUnits = o.Result.Years[0].Units[:1]
	f, raw := writeBook(t, o)
	titles := map[string]int{} // sheet → last repeated row
	for _, dn := range f.GetDefinedName() {
		if dn.Name != "_xlnm.Print_Titles" {
			continue
		}
		m := regexp.MustCompile(`\$(\d+):\$(\d+)$`).FindStringSubmatch(dn.RefersTo)
		if m == nil {
			t.Fatalf("print titles %q", dn.RefersTo)
		}
		titles[dn.Scope], _ = strconv.Atoi(m[2])
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		for _, zf := range zr.File {
			if zf.Name == name {
				rc, err := zf.Open()
				if err != nil {
					t.Fatal(err)
				}
				defer rc.Close()
				b, err := io.ReadAll(rc)
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
		}
		return ""
	}
	charts := 0
	for k, sheet := range f.GetSheetList() {
		rels := read(fmt.Sprintf("xl/worksheets/_rels/sheet%d.xml.rels", k+1))
		for _, m := range regexp.MustCompile(`Target="\.\./drawings/(drawing\d+\.xml)"`).FindAllStringSubmatch(rels, -1) {
			drawing := read("xl/drawings/" + m[1])
			for _, from := range regexp.MustCompile(`<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>`).FindAllStringSubmatch(drawing, -1) {
				charts++
				row, _ := strconv.Atoi(from[1]) // 0-based: the chart's top edge is row+1's top
				if row < titles[sheet]+1 {
					t.Errorf("%s: a chart starts on row %d, at the repeated rows 1–%d", sheet, row+1, titles[sheet])
				}
			}
		}
	}
	if charts < 4 {
		t.Errorf("%d charts found, want the Overview's, Charts', Trends', Uncertainty's and the city's", charts)
	}
}
