package importers_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/seeds"
)

// The tests of this file read the real yearbook tables and CNKI exports,
// which are evaluation data kept out of the repository
// (../../shared/data; see their READMEs). They skip when the folder is
// absent. The repository's own tests of every quirk are yearbook_test.go,
// html_test.go and ole2_test.go.

const sharedData = "../../shared/data"

var section2 = filepath.Join(sharedData, "ccsy2024-excel", "2024", "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")

func needDir(t testing.TB, dir string) {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		t.Skip("evaluation data not available: ", err)
	}
}

func builtin(t testing.TB) *indicators.Framework {
	t.Helper()
	fw, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

// editionInputs returns the input ids of the yearbook dictionary for an
// edition, those of section 2 (tables of prefecture-level cities) or 3.
func editionInputs(edition int, section string) []string {
	var out []string
	for _, c := range seeds.Yearbook().Columns() {
		if c.Edition == edition && strings.HasPrefix(c.Table, section+"-") && !slices.Contains(out, c.Input) {
			out = append(out, c.Input)
		}
	}
	return out
}

// checkInputs checks that every input id has a column with a value in
// every year.
func checkInputs(t *testing.T, tab *dataset.Table, year int, ids []string) {
	t.Helper()
	rows := tab.RowsOf(year)
	for _, id := range ids {
		c := tab.Column(dataset.VariableID(id))
		n := 0
		if c != nil {
			for _, r := range rows {
				if !math.IsNaN(c.Values[r]) {
					n++
				}
			}
		}
		if n == 0 {
			t.Errorf("%d: no value of %s", year, id)
		}
	}
}

func TestRealYearbook2024Section2(t *testing.T) {
	needDir(t, section2)
	tab, rep, err := importers.ReadPaths([]string{section2}, importers.Options{Dictionary: seeds.Yearbook(), Framework: builtin(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tables) != 30 {
		t.Errorf("%d tables, want 30", len(rep.Tables))
	}
	for _, ti := range rep.Tables {
		want := 297
		if ti.Number == "2-29" {
			want = 296 // README: 2-29 has 296 cities
		}
		if ti.Cities != want || ti.Provinces != 27 || ti.Year != 2023 || ti.Unknown != 0 {
			t.Errorf("%s %s: %d cities, %d province rows, year %d, %d unknown columns", ti.Number, ti.Title, ti.Cities, ti.Provinces, ti.Year, ti.Unknown)
		}
	}
	if n := len(tab.Units()); n != 297 || tab.Len() != 297 {
		t.Errorf("%d units, %d rows; want 297", n, tab.Len())
	}
	for i := range tab.Len() {
		if code := tab.Label(importers.LabelCode, i); len(code) != 6 {
			t.Errorf("%s: code %q", tab.Key(i).Unit, code)
		}
	}
	checkInputs(t, tab, 2023, editionInputs(2024, "2"))
	if len(rep.Unmatched) != 0 || len(rep.Units) != 0 {
		t.Errorf("unmatched %v, city names %v", rep.Unmatched, rep.Units)
	}

	// The two typos of the official tables, at their cells.
	var bad []string
	for _, b := range rep.Bad {
		bad = append(bad, fmt.Sprintf("%s#%s!%s %s %s %q", filepath.Base(b.Origin.File), b.Origin.Sheet,
			dataset.CellName(b.Origin.Col, b.Origin.Row), b.Unit, b.Variable, b.Text))
	}
	slices.Sort(bad)
	want := []string{
		`2-11_商品房销售面积.xlsx#Sheet89!C324 西宁市 commercial_housing_sales_area_total_city "£05"`,
		`2-27_城市交通状况.xlsx#Sheet28!E154 烟台市 passenger_volume_road_water_total_city "_ 2317"`,
	}
	if !slices.Equal(bad, want) {
		t.Errorf("bad cells:\n%s\nwant:\n%s", strings.Join(bad, "\n"), strings.Join(want, "\n"))
	}

	// Published figures (README "Checked as genuine").
	for _, c := range []struct {
		unit string
		id   dataset.VariableID
		want float64
	}{
		{"北京市", "gdp_total_city", 43761}, {"北京市", "resident_pop_total_city", 2186}, {"北京市", "pm25_annual_mean_total_city", 32},
		{"北京市", "gdp_growth_total_city", 5.2}, {"石家庄市", "resident_pop_districts", 578},
	} {
		r, _ := tab.Row(dataset.Key{Unit: dataset.UnitID(c.unit), Year: 2023})
		if v, _ := tab.Column(c.id).Value(r); v != c.want {
			t.Errorf("%s %s = %v, want %v", c.unit, c.id, v, c.want)
		}
	}

	// Every cell of every table is in the panel: about 36,000 values.
	rows := importers.Panel(tab)
	values, missing, invalid := 0, 0, 0
	for _, r := range rows {
		switch {
		case r.Flag&dataset.Invalid != 0:
			invalid++
		case math.IsNaN(r.Value):
			missing++
		default:
			values++
		}
	}
	if len(rows) != 36231 || values != 35134 || missing != 1095 || invalid != 2 {
		t.Errorf("panel: %d rows, %d values, %d missing, %d bad", len(rows), values, missing, invalid)
	}
}

func TestRealYearbookCoreTables(t *testing.T) {
	root := filepath.Join(sharedData, "ccsy2024-excel")
	needDir(t, root)
	var dirs []string
	for _, ed := range []string{"2021", "2022", "2023", "2024"} {
		dirs = append(dirs, filepath.Join(root, ed))
	}
	// The tables of county-level cities are read too: the framework's
	// units are not units: cn-city here (see TestRealYearbookCNCity).
	fw := builtin(t)
	fw.Units = ""
	tab, rep, err := importers.ReadPaths(dirs, importers.Options{Dictionary: seeds.Yearbook(), Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tables) != 23 {
		t.Errorf("%d tables, want 23", len(rep.Tables))
	}
	if ys := tab.Years(); !slices.Equal(ys, []int{2020, 2021, 2022, 2023}) {
		t.Errorf("years %v", ys)
	}
	counties := map[int]int{2020: 387, 2021: 393, 2022: 394, 2023: 397}
	for _, ti := range rep.Tables {
		want := 297
		if strings.HasPrefix(ti.Number, "3-") {
			want = counties[ti.Year]
		}
		if ti.Cities != want || ti.Unknown != 0 {
			t.Errorf("%s %s (%d): %d cities, want %d; %d unknown columns", ti.Number, ti.Title, ti.Year, ti.Cities, want, ti.Unknown)
		}
	}
	for ed := 2021; ed <= 2024; ed++ {
		ids := editionInputs(ed, "3")
		if ed < 2024 {
			ids = append(ids, editionInputs(ed, "2")...)
		}
		checkInputs(t, tab, ed-1, ids)
	}
	// 2021 edition: 年末户籍人口 in 人, read in 万人.
	r, _ := tab.Row(dataset.Key{Unit: "辛集市", Year: 2020})
	if v, _ := tab.Column("county_hukou_pop_yearend").Value(r); v != 62.9495 {
		t.Errorf("辛集市 2020 = %v 万人, want 62.9495", v)
	}
	// README: 2020 rows of 北京.
	r, _ = tab.Row(dataset.Key{Unit: "北京市", Year: 2020})
	if v, _ := tab.Column("gdp_total_city").Value(r); v != 36103 {
		t.Errorf("北京 2020 GDP %v", v)
	}
	var misprints []string
	for _, u := range rep.Units {
		if strings.Contains(u.Note, "misprint") {
			misprints = append(misprints, fmt.Sprintf("%d %s→%s", u.Year, u.Text, u.Unit))
		}
	}
	slices.Sort(misprints)
	misprints = slices.Compact(misprints)
	want := []string{"2021 什都市→什邡市", "2021 华蓋市→华蓥市", "2021 峡州市→嵊州市", "2021 漂阳市→溧阳市", "2021 理春市→珲春市",
		"2021 荷泽市→菏泽市", "2021 邛峡市→邛崃市", "2021 阊中市→阆中市", "2023 邛峡市→邛崃市"}
	if !slices.Equal(misprints, want) {
		t.Errorf("misprints %v\nwant %v", misprints, want)
	}
	var bad []string
	for _, b := range rep.Bad {
		bad = append(bad, dataset.CellName(b.Origin.Col, b.Origin.Row)+" "+b.Text)
	}
	if strings.Join(bad, "|") != "D298 143)413|E325 2604G40|E389 4414)61|E405 135OOO" {
		t.Errorf("bad cells %v", bad)
	}
}

func TestRealCNKIExports(t *testing.T) {
	dir := filepath.Join(sharedData, "cnki-ccsy-export-samples")
	needDir(t, dir)
	// Units as printed: error5.xls mixes provinces with the cities (see
	// TestRealCNKIExportsCNCity).
	fw := builtin(t)
	fw.Units = ""
	tests := []struct {
		file   string
		err    error
		msg    string // substring of the error
		values int    // values read when there is no error
		year   int
	}{
		{file: "cnki.xls", err: importers.ErrEncrypted, msg: `(BIFF8) encrypted with RC4 under Excel's default password "VelvetSweatshop"`},
		{file: "error.xls", err: importers.ErrLegacyXLS, msg: "Excel 97–2003 workbook (BIFF8); convert it to .xlsx: libreoffice --headless --convert-to xlsx"},
		{file: "correct.xls", values: 251, year: 2014},
		{file: "error4.xls", values: 208, year: 2014},
		{file: "error5.xls", values: 1864},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			tab, rep, err := importers.ReadFile(filepath.Join(dir, tt.file), importers.Options{Dictionary: seeds.Yearbook(), Framework: fw})
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("error %v, want %v with %q", err, tt.err, tt.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range importers.Panel(tab) {
				if !math.IsNaN(r.Value) {
					n++
				}
			}
			if n != tt.values || (tt.year != 0 && tab.Years()[0] != tt.year) {
				t.Errorf("%d values in %v, want %d in %d", n, tab.Years(), tt.values, tt.year)
			}
			_ = rep
		})
	}
	// error2.xls is a table by province: nothing in it is city data.
	tab, rep, err := importers.ReadFile(filepath.Join(dir, "error2.xls"), importers.Options{Dictionary: seeds.Yearbook(), Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	if len(importers.Panel(tab)) != 0 || rep.Tables[0].Provinces <= rep.Tables[0].Cities {
		t.Errorf("error2.xls: %+v", rep.Tables)
	}
}

// BenchmarkYearbook reads the 30 section-2 tables of the 2024 edition
// (about 36,000 values) as `cityscore import` does, and reports the peak of
// the heap in use, sampled every millisecond, as peak-MB. pandas with
// openpyxl on the same files: testdata/bench_pandas.py.
func BenchmarkYearbook(b *testing.B) {
	needDir(b, section2)
	fw := builtin(b)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	b.ReportAllocs()
	for b.Loop() {
		tab, _, err := importers.ReadPaths([]string{section2}, importers.Options{Dictionary: seeds.Yearbook(), Framework: fw})
		if err != nil {
			b.Fatal(err)
		}
		if len(importers.Panel(tab)) != 36231 {
			b.Fatal("wrong number of cells")
		}
	}
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-MB")
}
