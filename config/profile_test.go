package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
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
	if o.Normalize.Method != scoring.NormMinMax || o.Normalize.Range != [2]float64{0, 100} {
		t.Errorf("normalize = %+v", o.Normalize)
	}
	pm := o.Normalize.Overrides["pm25"]
	if pm.Method != scoring.NormGoalposts || pm.Goalposts == nil || *pm.Goalposts != [2]float64{75, 5} {
		t.Errorf("override = %+v", pm)
	}
	if o.Weights.Indicators.Method != scoring.WeightFramework || o.Weights.Dimensions.Method != scoring.WeightEqual ||
		o.Weights.Goals.Method != scoring.WeightManual || o.Weights.Goals.Values["innovative"] != 2 {
		t.Errorf("weights = %+v", o.Weights)
	}
	if o.Aggregate.Goals.Method != scoring.AggArithmetic || o.MaxMissingShare != 0.5 {
		t.Errorf("aggregate %+v, max share %v", o.Aggregate, o.MaxMissingShare)
	}
}

func TestBareNames(t *testing.T) {
	p, err := config.LoadFile("testdata/bare.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := p.Options
	if p.Name != "bare.good" || o.Normalize.Method != scoring.NormZScore || o.Normalize.SD != 1 || o.Normalize.Mean != 0 {
		t.Errorf("profile %q, normalize %+v", p.Name, o.Normalize)
	}
	// Levels left out of a per-level block keep the default.
	if o.Aggregate.Goals.Method != scoring.AggGeometric || o.Aggregate.Indicators.Method != scoring.AggArithmetic {
		t.Errorf("aggregate = %+v", o.Aggregate)
	}
	if o.MaxMissingShare != 1 || o.Weights.Goals.Method != scoring.WeightFramework {
		t.Errorf("defaults: %+v", o)
	}
}

func TestBadProfile(t *testing.T) {
	path := filepath.Join("testdata", "bad.bad.yaml")
	_, err := config.LoadFile(path)
	want := []string{
		`2:1: normalise: unknown key "normalise"`,
		`5:3: normalize.range: unknown key "range" (want method|mean|sd|overrides|pooled)`,
		`6:7: normalize.sd: sd -1 must be positive`,
		`8:19: weights.goals.method: unknown method "entropyy" (want framework|equal|manual|entropy|critic|cv|stddev|pca|ahp|combine)`,
		`9:15: weights.dimensions: manual weights need values`,
		`10:21: aggregate.method: unknown method "median" (want arithmetic|geometric|harmonic|topsis|gra|copeland)`,
		`11:22: missing.max_share: 1.5 is not a share within [0, 1]`,
		`12:18: impute.method: unknown method "average" (want none|mean|median|group_mean|group_median|interpolate|locf)`,
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
	if p.Options.Normalize.Method != scoring.NormMinMax || p.Options.MaxMissingShare != 1 {
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
	// Anchors and aliases, a merge key, several documents, numbers out of
	// range, zero weights, text that is not a profile.
	f.Add([]byte("m0: &m0 {method: manual, values: {a: x}}\nm1: &m1 [*m0, *m0]\nm2: &m2 [*m1, *m1]\nweights: {method: combine, of: *m2}\n"))
	f.Add([]byte("base: &b {method: manual}\nweights:\n  goals: {<<: *b, values: {g1: 1}}\n"))
	f.Add([]byte("profile: a\n---\nprofile: b\n...\n---\n"))
	f.Add([]byte("weights: {goals: {method: manual, values: {g1: 1e-400, g2: 1e400}}}\nmissing: {thin_goal: 1e300}\ntargets: {since: 1e19}\n"))
	f.Add([]byte("weights: {indicators: {method: manual, values: {x: 0, y: 0}}, dimensions: {method: manual, values: {d3: 0}}}\n"))
	f.Add([]byte("weights: {goals: {method: ahp, matrices: {index: [[1, \"1e-200/1e200\"], [\"1e200/1e-200\", 1]]}}}\n"))
	f.Add([]byte("unit,a,b\nx,1,2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := config.Parse(data, "fuzz.yaml")
		if err == nil {
			err = p.Check(checkSchema(t))
			if err == nil {
				return
			}
		}
		ps := strictyaml.AsProblems(err)
		if len(ps) == 0 {
			t.Fatalf("error without problems: %v", err)
		}
		if len(ps) > strictyaml.MaxProblems+1 {
			t.Fatalf("%d problems listed", len(ps))
		}
		for _, p := range ps {
			if len(p.Msg) > 4100 {
				t.Fatalf("a message of %d bytes", len(p.Msg))
			}
		}
	})
}

func TestMethodsProfile(t *testing.T) {
	p, err := config.LoadFile("testdata/methods.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := p.Options
	if o.Normalize.Method != scoring.NormEfficacy || o.Normalize.Base != 60 || o.Normalize.Span != 40 {
		t.Errorf("normalize %+v", o.Normalize)
	}
	e := o.Weights.Indicators
	if e.Method != scoring.WeightEntropy || e.Entropy.Transform != composite.TransformNone || e.Entropy.FlipCost ||
		e.Entropy.Shift != 0.0001 || !e.Pooled || e.Scope != scoring.ScopeLevel {
		t.Errorf("entropy %+v", e)
	}
	if c := o.Weights.Dimensions; c.Method != scoring.WeightCRITIC || c.CRITIC.FlipCost {
		t.Errorf("critic %+v", c)
	}
	g := o.Weights.Goals
	if g.Method != scoring.WeightCombine || g.Combine.Rule != composite.CombineLinear || g.Combine.Alpha[0] != 0.6 || len(g.Combine.Of) != 2 {
		t.Fatalf("combine %+v", g)
	}
	ahp := g.Combine.Of[0].AHP
	if ahp.Solve != composite.SolveArithmetic || ahp.RI != composite.RIChinese || len(ahp.Matrices["index"]) != 2 || ahp.Matrices["index"][0][1][0] != 1.0/3 {
		t.Errorf("ahp %+v", ahp)
	}
	if sd := g.Combine.Of[1]; sd.Method != scoring.WeightStdDev || !sd.SDMinMax {
		t.Errorf("stddev %+v", sd)
	}
	a := o.Aggregate
	if a.Indicators.Method != scoring.AggTOPSIS || a.Indicators.Weighting != composite.TOPSISDistance ||
		a.Dimensions.Method != scoring.AggGRA || a.Dimensions.Rho != 0.4 || a.Goals.Method != scoring.AggCopeland {
		t.Errorf("aggregate %+v", a)
	}
	if c := o.Coupling; c == nil || c.Of != dataset.LevelGoal || c.Scale != 100 || c.TWeights["g1"] != 0.6 || c.Bins != composite.BinUpperOpen {
		t.Errorf("coupling %+v", c)
	}
}

func TestBadMethods(t *testing.T) {
	tests := []struct {
		file  string
		check bool // the problems come from Check against a framework
		want  []string
	}{
		{"ahp.bad.yaml", false, []string{
			`6:18: weights.dimensions.matrices.g1[0][2]: judgment 0 must be positive`,
			`8:12: weights.dimensions.matrices.g1[2][0]: judgment 0 must be positive`,
			`11:11: weights.dimensions.matrices.g2[1]: row 2 has 3 entries; the matrix has 2 rows`,
			`14:12: weights.dimensions.matrices.g3[1][0]: not reciprocal: a[2][1] = 0.33 but a[1][2] = 3 (their product is 0.99, not 1; write fractions like 1/3, not 0.33)`,
			`18:9: weights.goals.of: combine needs two or more methods, found 1`,
			`19:15: weights.indicators: ahp needs matrices`,
			`19:36: weights.indicators.solve: unknown AHP solve method "power" (want arithmetic|eigenvector|geometric)`,
			`20:40: aggregate.weighting: unknown TOPSIS weighting method "euclid" (want distance|scale)`,
		}},
		{"rank-rule.bad.yaml", false, []string{
			`2:19: population_basis: invalid basis "常住 人口"`,
			`4:19: missing.rank_rule.by: unknown value "city" (want goal|index|none)`,
			`4:30: missing.rank_rule.min: 0 is not a share within (0, 1]`,
			`4:41: missing.rank_rule.common: 1 is not a share within [0, 1)`,
			`5:14: missing.thin_goal: 2.5 must be a whole number ≥ 0`,
		}},
		{"ahp-check.bad.yaml", true, []string{
			`5:7: weights.goals.matrices.index: matrix "index" is inconsistent: CR = `,
			`13:7: weights.dimensions.matrices.nope: unknown node "nope"`,
			`14:24: coupling.t_weights.d1: "d1" is a dimension, not a goal`,
		}},
	}
	s := checkSchema(t)
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			p, err := config.LoadFile(path)
			if tc.check {
				if err != nil {
					t.Fatal(err)
				}
				err = p.Check(s)
			}
			ps := strictyaml.AsProblems(err)
			if len(ps) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(tc.want), err)
			}
			for i, pr := range ps {
				if !strings.Contains(pr.Error(), tc.want[i]) {
					t.Errorf("problem %d = %q\nwant …%s…", i, pr.Error(), tc.want[i])
				}
			}
		})
	}
}

// checkSchema: index → g1 (d1: x, y; d2: z), g2 (d3: w), g3 (d4: v).
func checkSchema(t *testing.T) *dataset.Schema {
	s, err := dataset.NewSchema("f", "1", []dataset.Node{
		{ID: "index", Level: dataset.LevelIndex, Parent: -1},
		{ID: "g1", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "d1", Level: dataset.LevelDimension, Parent: 1, Weight: 1},
		{ID: "x", Level: dataset.LevelIndicator, Parent: 2, Weight: 1},
		{ID: "y", Level: dataset.LevelIndicator, Parent: 2, Weight: 1},
		{ID: "d2", Level: dataset.LevelDimension, Parent: 1, Weight: 1},
		{ID: "z", Level: dataset.LevelIndicator, Parent: 5, Weight: 1},
		{ID: "dx", Level: dataset.LevelDimension, Parent: 1, Weight: 1},
		{ID: "q", Level: dataset.LevelIndicator, Parent: 7, Weight: 1},
		{ID: "g2", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "d3", Level: dataset.LevelDimension, Parent: 9, Weight: 1},
		{ID: "w", Level: dataset.LevelIndicator, Parent: 10, Weight: 1},
		{ID: "g3", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "d4", Level: dataset.LevelDimension, Parent: 12, Weight: 1},
		{ID: "v", Level: dataset.LevelIndicator, Parent: 13, Weight: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRankRuleNone: rank_rule none, or a profile without one, ranks every
// unit with a score (COINr's behaviour).
func TestRankRuleNone(t *testing.T) {
	for _, doc := range []string{"profile: a\n", "profile: b\nmissing: {rank_rule: none}\n"} {
		p, err := config.Parse([]byte(doc), "p.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if p.Options.Rank != (scoring.RankRule{}) {
			t.Errorf("%q: rank rule %+v", doc, p.Options.Rank)
		}
	}
	if _, err := config.Parse([]byte("missing: {rank_rule: always}\n"), "p.yaml"); err == nil ||
		!strings.Contains(err.Error(), `1:22: missing.rank_rule: want none or {by: goal|index, min: 0.5, common: 0.5}, found "always"`) {
		t.Errorf("err = %v", err)
	}
}

func TestPanelProfile(t *testing.T) {
	p, err := config.LoadFile("testdata/panel.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := p.Options
	if !o.Normalize.Pooled || o.Impute.Method != composite.ImputeGroupMedian || o.Impute.Group != "省份" {
		t.Errorf("normalize/impute: %+v %+v", o.Normalize, o.Impute)
	}
	if o.Treat.Method != composite.TreatWinsorize || o.Treat.WinMax != 1 || o.Treat.Fallback != composite.FallbackLog {
		t.Errorf("treat %+v", o.Treat)
	}
	if o.TreatOverrides["x"].Method != composite.TreatNone || o.TreatOverrides["y"].WinMax != 3 {
		t.Errorf("treat overrides %+v", o.TreatOverrides)
	}
	if o.MaxMissingShare != 0.5 || o.MinCoverage != 0.6 {
		t.Errorf("missing %v %v", o.MaxMissingShare, o.MinCoverage)
	}
	// common is left out: its default.
	if want := (scoring.RankRule{By: scoring.RuleIndex, Min: 0.7, Common: 0.5}); o.Rank != want {
		t.Errorf("rank rule %+v, want %+v", o.Rank, want)
	}
	if o.ThinGoal != 4 {
		t.Errorf("thin goal %d", o.ThinGoal)
	}
	if p.PopulationBasis != "resident" {
		t.Errorf("population basis %q", p.PopulationBasis)
	}
	tg := o.Targets
	if tg.Values["x"][2035] != 95 || tg.Cuts.Yellow != 0.8 || tg.Trend.Since != 2015 || tg.RollUp != composite.RollUpWorstTwo {
		t.Errorf("targets %+v", tg)
	}
}
