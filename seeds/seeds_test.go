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
	if tab.Len() != 1989 || len(tab.Units()) != 287 {
		t.Errorf("%d rows, %d units; want 1989, 287", tab.Len(), len(tab.Units()))
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
