package exporters

// Tests of the Dimensions sheet.

import (
	"slices"
	"strconv"
	"testing"
)

// TestDimensionsSheet reads the Dimensions sheet back: each goal's name
// merged over the score and rank columns of its dimensions, the dimension
// names (no ids) on row 2, the engine's ranks, both header rows frozen and
// printed on every page, colour scales on the scores.
func TestDimensionsSheet(t *testing.T) {
	for _, tc := range []struct {
		lang   string
		merged map[string]string
		header []string
	}{
		{"zh", map[string]string{"C1:F1": "创新", "G1:H1": "宜居"},
			[]string{"城市", "年份", "创新投入", "排名", "创新产出", "排名", "居住环境", "排名"}},
		{"en", map[string]string{"C1:F1": "Innovative", "G1:H1": "Livable"},
			[]string{"City", "Year", "Innovation input", "Rank", "Innovation output", "Rank", "Living environment", "Rank"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			o := testOutput(t, tc.lang)
			f, _ := writeBook(t, o)
			sheet := lang(tc.lang).t(sheetDimensions)
			mc, err := f.GetMergeCells(sheet)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, m := range mc {
				got[m.GetStartAxis()+":"+m.GetEndAxis()] = m.GetCellValue()
			}
			if len(got) != len(tc.merged) {
				t.Errorf("merged cells %v, want %v", got, tc.merged)
			}
			for ref, want := range tc.merged {
				if got[ref] != want {
					t.Errorf("merged %s: %q, want %q", ref, got[ref], want)
				}
			}
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rows[1], tc.header) {
				t.Errorf("header %q, want %q", rows[1], tc.header)
			}
			// 杭州's rank on innovation output in 2019 is the engine's.
			r := o.Result
			i, _ := r.Schema.Index("innov_output")
			y := r.Years[len(r.Years)-1]
			u, _ := y.Unit("杭州")
			k := slices.IndexFunc(rows, func(row []string) bool { return row[0] == "杭州" && row[1] == "2019" })
			if k < 0 {
				t.Fatal("no row 杭州 2019")
			}
			if want := strconv.Itoa(int(y.Ranks[i][u])); y.Ranks[i][u] == 0 || rows[k][5] != want {
				t.Errorf("杭州 2019 innovation output rank %q, want %s", rows[k][5], want)
			}
			if p, _ := f.GetPanes(sheet); !p.Freeze || p.XSplit != 1 || p.YSplit != 2 {
				t.Errorf("panes %+v, want two header rows and the unit column frozen", p)
			}
			titles := ""
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet {
					titles = dn.RefersTo
				}
			}
			if titles != "'"+sheet+"'!$1:$2" {
				t.Errorf("print titles %q, want both header rows", titles)
			}
			cf, err := f.GetConditionalFormats(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for _, ref := range []string{"C3:C12", "E3:E12", "G3:G12"} {
				if len(cf[ref]) != 1 || cf[ref][0].Type != "3_color_scale" {
					t.Errorf("%s: conditional formats %+v, want a 3-colour scale", ref, cf[ref])
				}
			}
		})
	}
}
