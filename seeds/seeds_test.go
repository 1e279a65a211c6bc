package seeds_test

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/seeds"
)

func TestBuiltinFramework(t *testing.T) {
	fw, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	goals := []string{"innovative", "livable", "beautiful", "resilient", "civilized", "smart"}
	if len(fw.Goals) != len(goals) {
		t.Fatalf("%d goals", len(fw.Goals))
	}
	for i, g := range fw.Goals {
		if g.ID != goals[i] || g.Name.Zh == "" || g.Name.En == "" {
			t.Errorf("goal %d = %s %+v", i, g.ID, g.Name)
		}
	}
	inds := fw.Indicators()
	if len(inds) < 55 {
		t.Errorf("%d indicators, want at least 55", len(inds))
	}
	for _, ind := range inds {
		if ind.Name.Zh == "" || ind.Name.En == "" || ind.Unit == "" || len(ind.Clauses) == 0 {
			t.Errorf("indicator %s lacks a name, unit or clause: %+v", ind.ID, ind.Variable)
		}
		for _, c := range ind.Clauses {
			if !strings.HasPrefix(c, "(") || !strings.HasSuffix(c, ")") {
				t.Errorf("%s: clause %q", ind.ID, c)
			}
		}
	}
	if len(fw.Warnings) != 0 {
		t.Errorf("warnings: %v", fw.Warnings)
	}
}

func TestDefaultProfile(t *testing.T) {
	p, err := seeds.Profile()
	if err != nil {
		t.Fatal(err)
	}
	fw, _ := seeds.Framework()
	if err := p.Check(fw.Schema()); err != nil {
		t.Fatal(err)
	}
	o := p.Options
	if o.Normalize.Range != [2]float64{0, 100} || o.MaxMissingShare != 1 || o.Normalize.Method.String() != "minmax" {
		t.Errorf("default profile = %+v", o)
	}
}

// TestSample checks the shipped sample and reports, honestly, which goals
// and indicators it can feed.
func TestSample(t *testing.T) {
	fw, _ := seeds.Framework()
	tab, rep, err := seeds.Sample(fw)
	if err != nil {
		t.Fatal(err)
	}
	// 287 names as printed; 毫州市 (2005) is a misprint of 亳州市, so 286
	// cities, every one known.
	if tab.Len() != 1989 || len(tab.Units()) != 286 {
		t.Errorf("%d rows, %d units; want 1989, 286", tab.Len(), len(tab.Units()))
	}
	for row := range tab.Len() {
		if tab.Label(importers.LabelCode, row) == "" {
			t.Errorf("%v: no city code", tab.Key(row))
		}
	}
	if ys := tab.Years(); ys[0] != 2004 || ys[len(ys)-1] != 2012 || len(ys) != 9 {
		t.Errorf("years %v", ys)
	}
	if len(rep.Unmatched) != 0 {
		t.Errorf("unmatched columns: %v", rep.Unmatched)
	}
	// 北京 2012 GDP: 178,794,000 万元 in the source = 17,879.4 亿元.
	row, _ := tab.Row(dataset.Key{Unit: "北京市", Year: 2012})
	if v, _ := tab.Column("gdp_total_city").Value(row); math.Abs(v-17879.4) > 1e-9 {
		t.Errorf("北京 2012 GDP = %v 亿元", v)
	}
	c := fw.Compute(tab)
	var fed []string
	for _, ind := range fw.Indicators() {
		if c.From[ind.ID] != "none" {
			fed = append(fed, ind.ID)
		}
	}
	want := "gdp_per_capita tertiary_share retail_sales_per_capita hospital_beds_per_1k health_workers_per_1k " +
		"green_coverage_built_up so2_per_gdp nox_per_gdp msw_harmless_rate"
	if strings.Join(fed, " ") != want {
		t.Errorf("the sample feeds %v\nwant %s", fed, want)
	}
	// The sample prints no GDP per capita: it is derived, GDP over the
	// year-end population, and flagged so.
	gpc, gdp, pop := tab.Column("gdp_per_capita"), tab.Column("gdp_total_city"), tab.Column("resident_pop_total_city")
	n := 0
	for row := range tab.Len() {
		v, ok := gpc.Value(row)
		if !ok {
			continue
		}
		n++
		if w := gdp.Values[row] * 10000 / pop.Values[row]; v != w || gpc.Flags[row] != dataset.Computed|dataset.Derived || gpc.DerivationAt(row) == nil {
			t.Fatalf("%v: GDP per capita %v flags %b, want %v derived", tab.Key(row), v, gpc.Flags[row], w)
		}
	}
	if n == 0 || c.Derived["gdp_per_capita"] != n {
		t.Errorf("%d GDP per capita values, %d derived", n, c.Derived["gdp_per_capita"])
	}
	if !strings.Contains(seeds.SampleNotice(), "MIT License") || !strings.Contains(seeds.SampleNotice(), "Copyright (c) 2022 JC zhang") {
		t.Error("the notice lacks the licence")
	}
}

// TestSampleRegenerates checks that the shipped CSV is what gen_sample.go
// makes of the upstream workbook, when the workbook is at hand
// (../../shared/data, present on developer machines and in CI).
func TestSampleRegenerates(t *testing.T) {
	src := "../../shared/data/city-panel-2004-2012/1999-2018 Cities data.xlsx"
	if _, err := os.Stat(src); err != nil {
		t.Skip("upstream workbook not available:", err)
	}
	out := filepath.Join(t.TempDir(), "sample.csv")
	cmd := exec.Command("go", "run", "gen_sample.go", "-o", out, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen_sample: %v\n%s", err, b)
	}
	got, _ := os.ReadFile(out)
	want, _ := os.ReadFile("sample/city-panel-2004-2012.csv")
	if !bytes.Equal(got, want) {
		t.Error("sample/city-panel-2004-2012.csv differs from gen_sample.go's output; run go generate ./seeds")
	}
}

func TestDigest(t *testing.T) {
	for _, name := range []string{seeds.FrameworkName, seeds.ProfileName, seeds.SampleName} {
		sum, size, ok := seeds.Digest(name)
		if !ok || len(sum) != 64 || size == 0 {
			t.Errorf("Digest(%s) = %s %d %v", name, sum, size, ok)
		}
	}
	if _, _, ok := seeds.Digest("nope"); ok {
		t.Error("unknown name")
	}
}

// TestDerivedPopulation checks the built-in framework's derive routes on the
// yearbook's own numbers. 沈阳 2023 (2024 edition): 常住人口 blank in 表2-1,
// GDP 8,122 亿元 and GDP per capita 88,519 元 in 表2-6, so the resident
// population is 8122 × 10⁴ ÷ 88519 ≈ 917.5 万人. 大连 2022 (2023 edition):
// 表2-1 prints only 户籍人口.
func TestDerivedPopulation(t *testing.T) {
	fw, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	cell := func(file string, r, c int) dataset.Origin {
		return dataset.Origin{File: file, Sheet: "Sheet1", Row: r, Col: c}
	}
	build := func() *dataset.Table {
		tab := dataset.New()
		for _, r := range []struct {
			unit            dataset.UnitID
			year            int
			pop, hukou      float64
			gdp, gdpPC, bed float64
		}{
			{"沈阳市", 2023, nan, nan, 8122, 88519, 60000},
			{"大连市", 2022, nan, 608, 8430.9, nan, 40000},
		} {
			row, _ := tab.AddRow(dataset.Key{Unit: r.unit, Year: r.year})
			tab.AddColumn("resident_pop_total_city", "万人", "全市").Set(row, r.pop, 0, cell("2-1.xlsx", row+5, 2))
			tab.AddColumn("hukou_pop_total_city", "万人", "全市").Set(row, r.hukou, 0, cell("2-1.xlsx", row+5, 3))
			tab.AddColumn("gdp_total_city", "亿元", "全市").Set(row, r.gdp, 0, cell("2-6.xlsx", row+5, 3))
			tab.AddColumn("gdp_per_capita_total_city", "元", "全市").Set(row, r.gdpPC, 0, cell("2-6.xlsx", row+5, 5))
			tab.AddColumn("hospital_beds_total_city", "张", "全市").Set(row, r.bed, 0, cell("2-23.xlsx", row+5, 4))
		}
		return tab
	}
	want := 8122 * 10000.0 / 88519
	tests := []struct {
		basis         string
		shenyang      float64 // resident_pop_total_city
		dalian        float64
		dalianGDPPC   float64 // gdp_per_capita
		dalianDerived int     // derived values of resident_pop_total_city and gdp_per_capita, 大连
	}{
		{"", want, nan, nan, 0},                           // strict: 户籍人口 never stands in
		{"any", want, 608, 8430.9 * 10000 / 608, 2},       // through the registered route
		{"registered", nan, 608, 8430.9 * 10000 / 608, 2}, // only registered figures
		{"resident", want, nan, nan, 0},                   // as strict, hukou dropped
	}
	for _, tc := range tests {
		t.Run("basis="+tc.basis, func(t *testing.T) {
			tab := build()
			rep := fw.ComputeWith(tab, indicators.ComputeOptions{Basis: tc.basis})
			pop := tab.Column("resident_pop_total_city")
			if v := pop.Values[0]; !(v == tc.shenyang || math.IsNaN(v) && math.IsNaN(tc.shenyang)) && math.Abs(v-tc.shenyang) > 1e-9*want {
				t.Errorf("沈阳 resident population = %v, want %v", v, tc.shenyang)
			}
			if v := pop.Values[1]; !(v == tc.dalian || math.IsNaN(v) && math.IsNaN(tc.dalian)) {
				t.Errorf("大连 resident population = %v, want %v", v, tc.dalian)
			}
			g := tab.Column("gdp_per_capita")
			if v := g.Values[1]; !(math.Abs(v-tc.dalianGDPPC) < 1e-6 || math.IsNaN(v) && math.IsNaN(tc.dalianGDPPC)) {
				t.Errorf("大连 GDP per capita = %v, want %v", v, tc.dalianGDPPC)
			}
			n := 0
			for _, is := range rep.Issues {
				if is.Kind == dataset.IssueDerived && is.Unit == "大连市" {
					n++
				}
			}
			if n != tc.dalianDerived {
				t.Errorf("大连: %d derived values, want %d: %v", n, tc.dalianDerived, rep.Issues)
			}
		})
	}

	tab := build()
	rep := fw.Compute(tab)
	v, _ := tab.Column("resident_pop_total_city").Value(0)
	if math.Abs(v-want) > 1e-9*want || math.Abs(v-917.5) > 0.05 {
		t.Errorf("沈阳 resident population = %v, want %v", v, want)
	}
	var got []string
	for _, o := range tab.Sources("hospital_beds_per_1k", 0) {
		got = append(got, o.String())
	}
	if s := strings.Join(got, ", "); s != "2-23.xlsx#Sheet1!D5, 2-6.xlsx#Sheet1!C5, 2-6.xlsx#Sheet1!E5" {
		t.Errorf("hospital beds per 1k of 沈阳 come from %s", s)
	}
	if fl := tab.Column("hospital_beds_per_1k").Flags[0]; fl != dataset.Computed|dataset.Derived {
		t.Errorf("hospital_beds_per_1k of 沈阳 flagged %b, want Computed|Derived", fl)
	}
	if g, _ := tab.Column("gdp_per_capita").Value(0); g != 88519 || tab.Column("gdp_per_capita").Flags[0]&dataset.Derived != 0 {
		t.Errorf("GDP per capita of 沈阳 = %v, want the published 88519", g)
	}
	if rep.Derived["resident_pop_total_city"] != 1 {
		t.Errorf("Derived = %v", rep.Derived)
	}
}

// TestSources: every raw input and every indicator without a formula (the
// variables an analyst collects) states where to get it: publication ·
// table · the header as printed there.
func TestSources(t *testing.T) {
	fw, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	check := func(v *indicators.Variable) {
		if parts := strings.Split(v.Source, "·"); len(parts) < 3 || strings.TrimSpace(parts[0]) == "" {
			t.Errorf("%s: source %q is not publication · table · header", v.ID, v.Source)
		}
	}
	for _, v := range fw.Inputs {
		check(v)
	}
	for _, ind := range fw.Indicators() {
		if ind.Formula == nil {
			check(&ind.Variable)
		}
	}
}
