package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
)

func TestPerLevelProfile(t *testing.T) {
	p, err := config.LoadFile("testdata/per-level.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := p.Options
	if p.Name != "balanced" || p.Framework != "builtin" {
		t.Errorf("name %q framework %q", p.Name, p.Framework)
	}
	if o.Normalize.Method != scoring.MinMax || o.Normalize.Range != [2]float64{0, 100} {
		t.Errorf("normalize = %+v", o.Normalize)
	}
	pm := o.Normalize.Overrides["pm25"]
	if pm.Method != scoring.Goalposts || pm.Goalposts == nil || *pm.Goalposts != [2]float64{75, 5} {
		t.Errorf("override = %+v", pm)
	}
	if o.Weights.Indicators.Method != scoring.FrameworkWeights || o.Weights.Dimensions.Method != scoring.EqualWeights ||
		o.Weights.Goals.Method != scoring.ManualWeights || o.Weights.Goals.Values["innovative"] != 2 {
		t.Errorf("weights = %+v", o.Weights)
	}
	if o.Aggregate.Goals.Method != scoring.Arithmetic || o.MaxMissingShare != 0.5 {
		t.Errorf("aggregate %+v, max share %v", o.Aggregate, o.MaxMissingShare)
	}
}

func TestBareNames(t *testing.T) {
	p, err := config.LoadFile("testdata/bare.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := p.Options
	if p.Name != "bare.good" || o.Normalize.Method != scoring.ZScore || o.Normalize.SD != 1 || o.Normalize.Mean != 0 {
		t.Errorf("profile %q, normalize %+v", p.Name, o.Normalize)
	}
	// Levels left out of a per-level block keep the default.
	if o.Aggregate.Goals.Method != scoring.Geometric || o.Aggregate.Indicators.Method != scoring.Arithmetic {
		t.Errorf("aggregate = %+v", o.Aggregate)
	}
	if o.MaxMissingShare != 1 || o.Weights.Goals.Method != scoring.FrameworkWeights {
		t.Errorf("defaults: %+v", o)
	}
}

func TestBadProfile(t *testing.T) {
	path := filepath.Join("testdata", "bad.bad.yaml")
	_, err := config.LoadFile(path)
	want := []string{
		`2:1: normalise: unknown key "normalise"`,
		`5:3: normalize.range: unknown key "range" (want method|mean|sd|overrides)`,
		`6:7: normalize.sd: sd -1 must be positive`,
		`8:19: weights.goals.method: unknown method "entropyy" (want framework|equal|manual|entropy|critic|cv|stddev|pca|ahp|combine)`,
		`9:15: weights.dimensions: manual weights need values`,
		`10:21: aggregate.method: unknown method "median" (want arithmetic|geometric|harmonic|topsis|gra|copeland)`,
		`11:22: missing.max_share: 1.5 is not a share within [0, 1]`,
		`12:18: impute.method: unknown method "mean" (want none)`,
	}
	ps := strictyaml.AsProblems(err)
	if len(ps) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(want), err)
	}
	for i, p := range ps {
		if msg := p.Error(); !strings.HasPrefix(msg, path+":") || !strings.Contains(msg, want[i]) {
			t.Errorf("problem %d = %q, want …%s…", i, msg, want[i])
		}
	}
}

func TestCheck(t *testing.T) {
	s, err := dataset.NewSchema("f", "1", []dataset.Node{
		{ID: "index", Level: dataset.LevelIndex, Parent: -1},
		{ID: "innovative", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "pm25", Level: dataset.LevelIndicator, Parent: 1, Weight: 1},
		{ID: "smart", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "x", Level: dataset.LevelIndicator, Parent: 3, Weight: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := config.LoadFile("testdata/per-level.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	err = p.Check(s)
	want := []string{
		`11:51: weights.goals.values.livable: unknown goal "livable" in framework f`,
		`weights: manual goal weights give no value for smart`,
	}
	ps := strictyaml.AsProblems(err)
	if len(ps) != len(want) {
		t.Fatalf("got %v, want %d problems", err, len(want))
	}
	for i, p := range ps {
		if !strings.Contains(p.Error(), want[i]) {
			t.Errorf("problem %d = %q, want …%s…", i, p.Error(), want[i])
		}
	}
}

func TestDefault(t *testing.T) {
	p := config.Default()
	if p.Options.Normalize.Method != scoring.MinMax || p.Options.MaxMissingShare != 1 {
		t.Errorf("default = %+v", p.Options)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, file := range files {
		b, _ := os.ReadFile(file)
		f.Add(b)
	}
	f.Add([]byte("weights: {indicators: {method: manual, values: {a: x}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := config.Parse(data, "fuzz.yaml")
		if err != nil && len(strictyaml.AsProblems(err)) == 0 {
			t.Fatalf("error without problems: %v", err)
		}
	})
}
