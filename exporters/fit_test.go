package exporters

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestMisfits: a number wider than its column and a text cut off by its
// neighbour are found; a wrapped text, a text running on over empty cells
// and a cell inside a wide merged range are not.
func TestMisfits(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	s := "Sheet1"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetColWidth(s, "A", "D", 6))
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true}})
	must(err)
	must(f.SetCellValue(s, "A1", 12345678.5)) // needs 10 > 6: ###
	must(f.SetCellValue(s, "A2", "乌鲁木齐市"))    // 10 wide, B2 filled: cut off
	must(f.SetCellValue(s, "B2", 1))
	must(f.SetCellValue(s, "A3", "乌鲁木齐市")) // runs on over B3
	must(f.SetCellValue(s, "A4", "乌鲁木齐市"))
	must(f.SetCellStyle(s, "A4", "A4", wrap))
	must(f.SetCellValue(s, "B4", 2))
	must(f.SetCellValue(s, "A5", "乌鲁木齐市")) // merged over A5:B5, 12 wide
	must(f.MergeCell(s, "A5", "B5"))
	must(f.SetCellValue(s, "C5", 3))
	must(f.SetCellValue(s, "A6", 12.5))
	must(f.SetCellValue(s, "A7", 3.14159265358979))      // General: fewer decimals
	must(f.SetCellValue(s, "A8", 123456.25))             // General: 123456 fits, 6 wide
	fixed, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	must(err)
	must(f.SetCellValue(s, "A9", 123456.25)) // 123,456.25: ###
	must(f.SetCellStyle(s, "A9", "A9", fixed))
	got, err := Misfits(f)
	must(err)
	want := []string{"A1", "A2", "A9"}
	if len(got) != len(want) {
		t.Fatalf("misfits %v, want cells %v", got, want)
	}
	for i, m := range got {
		if m.Cell != want[i] || m.Sheet != s {
			t.Errorf("misfit %d: %v, want %s", i, m, want[i])
		}
	}
}

// TestWorkbookFits: no cell of the test workbooks shows ### or is cut
// off, in either language: the plain panel, a strict ranking rule with a
// unit left unranked, targets, obstacles, and the overview fixture with
// grades and peer groups; each with the city sheets of two units.
func TestWorkbookFits(t *testing.T) {
	outputs := map[string]func(lang string) *Output{
		"panel":     func(lang string) *Output { return testOutput(t, lang) },
		"ranked":    func(lang string) *Output { return rankedOutput(t, lang) },
		"overview":  func(lang string) *Output { return overviewOutput(t, lang) },
		"targets":   func(lang string) *Output { o := targetOutput(t); o.Lang = lang; return o },
		"obstacles": func(lang string) *Output { o := obstacleOutput(t); o.Lang = lang; return o },
	}
	for name, output := range outputs {
		for _, lang := range []string{"zh", "en"} {
			t.Run(name+"/"+lang, func(t *testing.T) {
				o := output(lang)
				y := o.Result.Years[len(o.Result.Years)-1]
				o.CityUnits = y.Units[:2]
				f, _ := writeBook(t, o)
				got, err := Misfits(f)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range got {
					t.Error(m)
				}
			})
		}
	}
}
