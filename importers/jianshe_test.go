package importers

import (
	"math"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// TestInputFormulaFromColumns reads 城区人口 and 城区暂住人口 as the
// urban-construction yearbook prints them (testdata/jianshe): the framework's
// urban_area_population, declared as their sum, is computed and traced to
// both cells; a file giving it directly wins.
func TestInputFormulaFromColumns(t *testing.T) {
	fw, err := indicators.LoadFile("testdata/jianshe/framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Framework: fw, Year: 2022}
	tab, rep, err := ReadPaths([]string{"testdata/jianshe/jianshe-2022.csv"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	// The short per-capita unit of the yearbook is read as 平方米/人.
	var notes []string
	for _, m := range rep.Matched {
		if m.Note != "" {
			notes = append(notes, m.Col+": "+m.Note)
		}
	}
	if want := "E: 平方米 read as 平方米/人: a per-capita item (人均公园绿地面积)"; strings.Join(notes, "\n") != want {
		t.Errorf("notes %q, want %q", notes, want)
	}
	cr := fw.Compute(tab)
	if cr.From["urban_area_population"] != indicators.FromFormula {
		t.Errorf("From %v", cr.From)
	}
	c := tab.Column("urban_area_population")
	row, _ := tab.Row(dataset.Key{Unit: "珠海市", Year: 2022})
	if v, ok := c.Value(row); !ok || math.Abs(v-205.7) > 1e-9 || c.Flags[row] != dataset.Computed {
		t.Errorf("珠海市 urban_area_population = %v %v flags %b, want 157.2 + 48.5 Computed", v, ok, c.Flags[row])
	}
	if got := origins(tab.Sources("urban_area_population", row)); got != "testdata/jianshe/jianshe-2022.csv!B3, testdata/jianshe/jianshe-2022.csv!C3" {
		t.Errorf("Sources = %s", got)
	}
	// The indicator over it traces through it to the three cells.
	if got := origins(tab.Sources("buses_per_10k", row)); got != "testdata/jianshe/jianshe-2022.csv!D3, testdata/jianshe/jianshe-2022.csv!B3, testdata/jianshe/jianshe-2022.csv!C3" {
		t.Errorf("Sources(buses_per_10k) = %s", got)
	}
	if v, _ := tab.Column("buses_per_10k").Value(row); math.Abs(v-2600/205.7) > 1e-9 {
		t.Errorf("buses_per_10k = %v", v)
	}

	// A file giving urban_area_population directly wins.
	tab, _, err = ReadPaths([]string{"testdata/jianshe/jianshe-2022.csv", "testdata/jianshe/direct-2022.csv"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	cr = fw.Compute(tab)
	c = tab.Column("urban_area_population")
	row, _ = tab.Row(dataset.Key{Unit: "珠海市", Year: 2022})
	if v, _ := c.Value(row); v != 206 || c.Flags[row]&dataset.Computed != 0 || c.Formula != "" || cr.From["urban_area_population"] != indicators.FromData {
		t.Errorf("direct: %v flags %b formula %q from %s", v, c.Flags[row], c.Formula, cr.From["urban_area_population"])
	}
	if got := origins(tab.Sources("urban_area_population", row)); got != "testdata/jianshe/direct-2022.csv!B3" {
		t.Errorf("Sources = %s", got)
	}
}

func origins(os []dataset.Origin) string {
	var s []string
	for _, o := range os {
		s = append(s, o.String())
	}
	return strings.Join(s, ", ")
}
