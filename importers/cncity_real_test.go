package importers_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/cities"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/seeds"
)

// cnCity returns the built-in framework with units: cn-city.
func cnCity(t testing.TB) *indicators.Framework {
	t.Helper()
	fw := builtin(t)
	fw.Units = indicators.UnitsCNCity
	return fw
}

// checkCities checks that every row of tab is a prefecture-level city or a
// municipality, named by its current official name, with its code and
// province.
func checkCities(t *testing.T, tab *dataset.Table) {
	t.Helper()
	for i := range tab.Len() {
		k := tab.Key(i)
		code := tab.Label(importers.LabelCode, i)
		c, ok := cities.ByCode(code)
		if !ok || string(k.Unit) != c.Name || tab.Label(importers.LabelProvince, i) != c.Province ||
			(c.Level != cities.Prefecture && c.Level != cities.Municipality) {
			t.Errorf("%s %d: code %q is %+v", k.Unit, k.Year, code, c)
		}
	}
}

// TestSampleCNCity reads the built-in sample (names as printed in
// 2004–2012) under units: cn-city: every row resolves, and the names that
// are not the official name of their year are reported.
func TestSampleCNCity(t *testing.T) {
	tab, rep, err := importers.ReadFile("../seeds/sample/city-panel-2004-2012.csv", importers.Options{Dictionary: seeds.Yearbook(), Framework: cnCity(t)})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 1989 || len(tab.Units()) != 286 {
		t.Errorf("%d rows, %d cities; want 1989, 286", tab.Len(), len(tab.Units()))
	}
	checkCities(t, tab)
	var notes []string
	for _, u := range rep.Units {
		notes = append(notes, fmt.Sprintf("%d %s→%s: %s", u.Year, u.Text, u.Unit, u.Note))
	}
	want := []string{
		"2005 毫州市→亳州市: misprint of 亳州市 (341600)",
		"2012 思茅市→普洱市: 思茅市 is not a name in 2012; taken as 普洱市 (530800), a name of the same unit in another year",
	}
	if !slices.Equal(notes, want) {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
	// 巢湖市 was a prefecture-level city until 2011: its 2010 row is 341400.
	r, ok := tab.Row(dataset.Key{Unit: "巢湖市", Year: 2010})
	if !ok || tab.Label(importers.LabelCode, r) != "341400" {
		t.Errorf("巢湖市 2010: %v %q", ok, tab.Label(importers.LabelCode, r))
	}
}

// TestRealYearbookCNCity reads the yearbook tables of the four editions
// under units: cn-city: the tables of county-level cities are skipped, and
// no county-level city is read.
func TestRealYearbookCNCity(t *testing.T) {
	root := filepath.Join(sharedData, "ccsy2024-excel")
	needDir(t, root)
	fw := cnCity(t)
	var dirs []string
	for _, ed := range []string{"2021", "2022", "2023", "2024"} {
		dirs = append(dirs, filepath.Join(root, ed))
	}
	tab, rep, err := importers.ReadPaths(dirs, importers.Options{Dictionary: seeds.Yearbook(), Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	checkCities(t, tab)
	if len(rep.Tables) != 15 || len(tab.Units()) != 297 {
		t.Errorf("%d tables, %d cities; want 15, 297", len(rep.Tables), len(tab.Units()))
	}
	var skipped []string
	for _, s := range rep.SkippedTables {
		skipped = append(skipped, fmt.Sprintf("%d %s %s %d", s.Year, s.Number, s.Title, s.Rows))
	}
	want := []string{
		"2020 3-1 人口状况 387", "2020 3-3 地区生产总值 387", "2021 3-1 人口状况 393", "2021 3-3 地区生产总值 393",
		"2022 3-1 人口状况 394", "2022 3-3 地区生产总值 394", "2023 3-1 人口状况 397", "2023 3-3 地区生产总值 397",
	}
	if !slices.Equal(skipped, want) {
		t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(skipped, "\n"), strings.Join(want, "\n"))
	}
	for _, c := range tab.Columns() {
		if strings.HasPrefix(string(c.ID), "county_") {
			t.Errorf("column %s read", c.ID)
		}
	}
	n := 0
	for _, is := range rep.Issues() {
		if is.Kind == dataset.IssueSkippedTable {
			n++
		}
	}
	if n != 8 {
		t.Errorf("%d skipped-table issues", n)
	}

	// The 2024 edition's section 3: every table skipped.
	section3 := filepath.Join(filepath.Dir(section2), "3、县级城市统计资料")
	tab, rep, err = importers.ReadPaths([]string{section3}, importers.Options{Dictionary: seeds.Yearbook(), Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 0 || len(rep.Tables) != 0 || len(rep.SkippedTables) != 7 {
		t.Errorf("section 3: %d rows, %d tables, %d skipped", tab.Len(), len(rep.Tables), len(rep.SkippedTables))
	}
	for _, s := range rep.SkippedTables {
		if s.Rows != 397 || s.Year != 2023 {
			t.Errorf("%+v", s)
		}
	}

	// Section 2: every city read, as without cn-city.
	tab, rep, err = importers.ReadPaths([]string{section2}, importers.Options{Dictionary: seeds.Yearbook(), Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	checkCities(t, tab)
	if tab.Len() != 297 || len(rep.Tables) != 30 || len(rep.SkippedTables) != 0 || len(rep.Units) != 0 {
		t.Errorf("section 2: %d rows, %d tables, %d skipped, notes %v", tab.Len(), len(rep.Tables), len(rep.SkippedTables), rep.Units)
	}
}

// TestRealCNKIExportsCNCity reads the CNKI exports under units: cn-city.
// error5.xls, a CSV written by R without a year, mixes the 27 provinces and
// a total (城市合计) with the cities: each is an error, or kept with
// AllowUnknownUnits; 莱芜市, merged into 济南市 in 2019, is read as the
// unit of its years.
func TestRealCNKIExportsCNCity(t *testing.T) {
	dir := filepath.Join(sharedData, "cnki-ccsy-export-samples")
	needDir(t, dir)
	fw := cnCity(t)
	for _, f := range []string{"correct.xls", "error4.xls", "error2.xls"} {
		tab, _, err := importers.ReadFile(filepath.Join(dir, f), importers.Options{Dictionary: seeds.Yearbook(), Framework: fw})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		checkCities(t, tab)
	}
	path := filepath.Join(dir, "error5.xls")
	_, _, err := importers.ReadFile(path, importers.Options{Dictionary: seeds.Yearbook(), Framework: fw})
	var ces importers.CellErrors
	if !errors.As(err, &ces) || len(ces) != 28 {
		t.Fatalf("error5.xls: %v", err)
	}
	provinces := 0
	for _, e := range ces {
		switch {
		case !errors.Is(e, importers.ErrUnknownUnit):
			t.Errorf("%v", e)
		case strings.HasSuffix(e.Err.Error(), "is a province, not a prefecture-level city"):
			provinces++
		case e.Err.Error() != "城市合计: not a known city":
			t.Errorf("%v", e)
		}
	}
	if provinces != 27 {
		t.Errorf("%d provinces", provinces)
	}
	tab, rep, err := importers.ReadFile(path, importers.Options{Dictionary: seeds.Yearbook(), Framework: fw, AllowUnknownUnits: true})
	if err != nil {
		t.Fatal(err)
	}
	var kept, notes []string
	for _, u := range rep.Units {
		if u.Kept {
			kept = append(kept, u.Text)
		} else {
			notes = append(notes, u.Text+": "+u.Note)
		}
	}
	want := []string{"莱芜市: 莱芜市 (371200) is not a current unit; taken as the unit of that name in earlier years (the rows give no year)"}
	if len(kept) != 28 || !slices.Equal(notes, want) {
		t.Errorf("kept %v\nnotes %q", kept, notes)
	}
	if n := len(tab.Units()); n != 318 {
		t.Errorf("%d units", n)
	}
}
