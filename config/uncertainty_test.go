package config_test

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

func TestUncertaintyProfile(t *testing.T) {
	p, err := config.LoadFile("testdata/uncertainty.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	u := p.Uncertainty
	if u == nil {
		t.Fatal("no uncertainty")
	}
	rank := scoring.DefaultNormalizeSpec(scoring.NormRank)
	zscore10 := scoring.DefaultNormalizeSpec(scoring.NormZScore)
	zscore10.Mean, zscore10.SD = 100, 10
	minmax := scoring.DefaultNormalizeSpec(scoring.NormMinMax)
	minmax.Range = [2]float64{1, 100}
	want := sensitivity.Spec{
		Design:     sensitivity.DesignSaltelli,
		N:          50,
		Seed:       18446744073709551615,
		Noise:      map[dataset.Level]float64{dataset.LevelIndicator: 0.1, dataset.LevelGoal: 0.25},
		WeightSets: 20,
		Aggregate:  []scoring.Aggregation{scoring.AggArithmetic, scoring.AggGeometric, scoring.AggHarmonic},
		Normalize:  []scoring.NormalizeSpec{minmax, rank, zscore10},
		Impute:     []composite.ImputeMethod{composite.ImputeNone, composite.ImputeMean, composite.ImputeGroupMedian},
		Rank:       []scoring.RankRule{{}, {By: scoring.RuleIndex, Min: 0.6, Common: 0.5}},
		LeaveOut:   dataset.LevelDimension,
		Bootstrap:  500,
	}
	if !reflect.DeepEqual(*u, want) {
		t.Errorf("uncertainty\n %+v\nwant\n %+v", *u, want)
	}
	// The spec is one package sensitivity runs: six inputs, N·(6 + 2) runs.
	plan, err := sensitivity.NewPlan(*u, checkSchema(t), p.Options)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Inputs) != 6 || len(plan.Replicates) != 50*8 {
		t.Errorf("%d inputs, %d replicates", len(plan.Inputs), len(plan.Replicates))
	}
}

// TestUncertaintyDefaults: a profile without the block has none; keys left
// out take their defaults.
func TestUncertaintyDefaults(t *testing.T) {
	p, err := config.Parse([]byte("profile: a\n"), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Uncertainty != nil {
		t.Errorf("uncertainty %+v, want nil", p.Uncertainty)
	}
	tests := []struct {
		doc  string
		want sensitivity.Spec
	}{
		{"uncertainty: {noise: {goals: 0.25}}\n", sensitivity.Spec{
			Design: sensitivity.DesignUA, N: 100, Seed: 1, WeightSets: 100, Bootstrap: 1000,
			Noise: map[dataset.Level]float64{dataset.LevelGoal: 0.25}}},
		{"uncertainty: {n: 40, seed: 0, noise: {dimensions: 0}, leave_out: none}\n", sensitivity.Spec{
			Design: sensitivity.DesignUA, N: 40, Seed: 0, WeightSets: 40, Bootstrap: 1000,
			Noise: map[dataset.Level]float64{dataset.LevelDimension: 0}}},
		{"uncertainty: {design: saltelli, n: 3, leave_out: indicators, rank_rule: [none]}\n", sensitivity.Spec{
			Design: sensitivity.DesignSaltelli, N: 3, Seed: 1, WeightSets: 3, Bootstrap: 1000,
			LeaveOut: dataset.LevelIndicator, Rank: []scoring.RankRule{{}}}},
	}
	for _, tc := range tests {
		p, err := config.Parse([]byte(tc.doc), "p.yaml")
		if err != nil {
			t.Errorf("%q: %v", tc.doc, err)
			continue
		}
		if !reflect.DeepEqual(*p.Uncertainty, tc.want) {
			t.Errorf("%q:\n %+v\nwant\n %+v", tc.doc, *p.Uncertainty, tc.want)
		}
	}
}

func TestBadUncertainty(t *testing.T) {
	tests := []struct {
		name string
		doc  string // a profile, or a file of testdata
		want []string
	}{
		{"file", "uncertainty.bad.yaml", []string{
			`3:11: uncertainty.design: unknown design "sobol" (want ua|saltelli)`,
			`4:6: uncertainty.n: 2 is not a whole number ≥ 3 (COINr needs N > 2)`,
			`5:9: uncertainty.seed: want a whole number from 0 to 18446744073709551615, found "-1"`,
			`6:18: uncertainty.noise.goals: -0.25 is not a noise factor within [0, 1] (0.25: each weight varies by up to ±25 %; above 1 a weight could turn negative)`,
			`6:25: uncertainty.noise.regions: unknown key "regions" (want indicators|dimensions|goals)`,
			`6:51: uncertainty.noise.dimensions: 1.5 is not a noise factor within [0, 1] (0.25: each weight varies by up to ±25 %; above 1 a weight could turn negative)`,
			`7:16: uncertainty.weight_sets: 2.5 is not a whole number ≥ 1`,
			`8:27: uncertainty.aggregate[1]: unknown method "median" (want arithmetic|geometric|harmonic|topsis|gra|copeland)`,
			`8:35: uncertainty.aggregate[2]: want the name of an aggregation (arithmetic|geometric|harmonic|topsis|gra|copeland), found a mapping; each alternative takes its default parameters`,
			`8:53: uncertainty.aggregate[3]: the same alternative as uncertainty.aggregate[0]`,
			`9:44: uncertainty.normalize[1].sd: sd 0 must be positive`,
			`9:56: uncertainty.normalize[3]: the same alternative as uncertainty.normalize[0]`,
			`10:11: uncertainty.impute: empty list: give at least one alternative, or leave the key out`,
			`11:26: uncertainty.rank_rule[1].by: unknown value "city" (want goal|index|none)`,
			`11:33: uncertainty.rank_rule[2]: want none or {by: goal|index, min: 0.5, common: 0.5}, found "always"`,
			`12:14: uncertainty.leave_out: unknown value "goals" (want indicators|dimensions|none)`,
			`13:14: uncertainty.bootstrap: 0 is not a whole number ≥ 1`,
			`14:3: uncertainty.samples: unknown key "samples" (want design|n|seed|noise|dirichlet|weight_sets|aggregate|normalize|impute|rank_rule|leave_out|bootstrap)`,
		}},
		{"not a mapping", "uncertainty: [ua]\n", []string{
			`1:14: uncertainty: want a mapping, found a list`,
		}},
		{"null", "uncertainty:\n", []string{
			`1:13: uncertainty: want a mapping, found null`,
		}},
		{"wrong types", "uncertainty:\n  design: [ua]\n  n: many\n  seed: 1.5\n  noise: 0.25\n  aggregate: geometric\n  normalize: {method: minmax}\n  leave_out: {level: goals}\n", []string{
			`2:11: uncertainty.design: want text, found a list`,
			`3:6: uncertainty.n: "many" is not a number`,
			`4:9: uncertainty.seed: want a whole number from 0 to 18446744073709551615, found "1.5"`,
			`5:10: uncertainty.noise: want a mapping, found "0.25"`,
			`6:14: uncertainty.aggregate: want a list of alternatives, e.g. [a, b], found "geometric"`,
			`7:14: uncertainty.normalize: want a list of alternatives, e.g. [a, b], found a mapping`,
			`8:14: uncertainty.leave_out: want text, found a mapping`,
		}},
		{"too large", "uncertainty: {n: 1e7, weight_sets: 2000000, bootstrap: 1e300, noise: {goals: 0.1}}\n", []string{
			`1:18: uncertainty.n: 1e+07 is too large (at most 1000000)`,
			`1:36: uncertainty.weight_sets: 2e+06 is too large (at most 1000000)`,
			`1:56: uncertainty.bootstrap: 1e+300 is too large (at most 1000000)`,
		}},
		{"no input", "uncertainty: {design: ua, n: 10}\n", []string{
			`1:14: uncertainty: no uncertain input: give noise, alternatives (aggregate, normalize, impute, rank_rule) or leave_out`,
		}},
		{"leave_out none is no input", "uncertainty: {leave_out: none}\n", []string{
			`1:14: uncertainty: no uncertain input: give noise, alternatives (aggregate, normalize, impute, rank_rule) or leave_out`,
		}},
		{"empty noise", "uncertainty: {noise: {}}\n", []string{
			`1:22: uncertainty.noise: no level: give a factor for indicators, dimensions or goals, e.g. {goals: 0.25}`,
		}},
		{"saltelli with one input", "uncertainty: {design: saltelli, noise: {goals: 0.25, dimensions: 0.25}}\n", []string{
			`1:23: uncertainty.design: a saltelli design needs at least two uncertain inputs, found one (noise); add another or use design: ua`,
		}},
		{"weight sets without noise", "normalize: {method: minmax, range: [1, 100]}\nuncertainty: {weight_sets: 50, aggregate: [arithmetic, geometric]}\n", []string{
			`2:28: uncertainty.weight_sets: weight sets are drawn only with noise: give noise, or leave weight_sets out`,
		}},
		{"weights not by value", "uncertainty: {noise: {goals: 0.25, indicators: 0.1}, leave_out: dimensions}\nweights: {goals: equal, dimensions: {method: entropy}}\n", []string{
			`1:30: uncertainty.noise.goals: the profile computes the goal weights by equal (weights.goals); noise varies weights given by value: set them to framework or manual`,
			`1:65: uncertainty.leave_out: the profile computes the dimension weights by entropy (weights.dimensions); leaving a node out sets its weight to 0, which needs weights given by value: set them to framework or manual`,
		}},
		{"grouped imputation without a group", "uncertainty: {impute: [none, group_mean, mean]}\n", []string{
			`1:30: uncertainty.impute[1]: group_mean imputes within the groups of the profile's impute.group, and the profile names none: set impute: {method: group_mean, group: COLUMN}`,
		}},
		{"geometric after minmax from 0", "uncertainty: {aggregate: [arithmetic, geometric, harmonic, topsis]}\n", []string{
			`1:39: uncertainty.aggregate[1]: a geometric mean needs values > 0, but normalize (minmax [0, 100]) gives the lowest unit 0: normalise to values above 0, e.g. minmax with range: [1, 100]`,
			`1:50: uncertainty.aggregate[2]: a harmonic mean needs values > 0, but normalize (minmax [0, 100]) gives the lowest unit 0: normalise to values above 0, e.g. minmax with range: [1, 100]`,
		}},
		{"geometric after an override from 0", "normalize: {method: minmax, range: [1, 100], overrides: {x: {method: minmax, range: [-1, 1]}}}\nuncertainty: {aggregate: [geometric]}\n", []string{
			`2:27: uncertainty.aggregate[0]: a geometric mean needs values > 0, but normalize.overrides.x (minmax [-1, 1]) gives the lowest unit -1: normalise to values above 0, e.g. minmax with range: [1, 100]`,
		}},
		{"geometric after a normalize alternative from 0", "uncertainty: {aggregate: [geometric], normalize: [{method: minmax, range: [1, 100]}, minmax]}\n", []string{
			`1:27: uncertainty.aggregate[0]: a geometric mean needs values > 0, but uncertainty.normalize[1] (minmax [0, 100]) gives the lowest unit 0: normalise to values above 0, e.g. minmax with range: [1, 100]`,
		}},
		{"geometric after z-scores, percentiles and efficacy from 0", "uncertainty: {aggregate: [harmonic], normalize: [rank, {method: zscore, mean: 100, sd: 10}, zscore]}\n", []string{
			`1:27: uncertainty.aggregate[0]: a harmonic mean needs values > 0, but uncertainty.normalize[2] (zscore (mean 0, sd 1; sample SD, n−1)) gives the units below the mean values below 0: normalise to values above 0, e.g. minmax with range: [1, 100]`,
		}},
		{"the profile's percentiles", "normalize: percentile\nuncertainty: {aggregate: [arithmetic, geometric]}\n", []string{
			`2:39: uncertainty.aggregate[1]: a geometric mean needs values > 0, but normalize (percentile ((rank − 1)/(n − 1), ties → min)) gives the lowest unit 0: normalise to values above 0, e.g. minmax with range: [1, 100]`,
		}},
		{"efficacy from 0", "normalize: {method: efficacy, base: 60, span: 40}\nuncertainty: {aggregate: [geometric], normalize: [{method: efficacy, base: 0, span: 100}]}\n", []string{
			`2:27: uncertainty.aggregate[0]: a geometric mean needs values > 0, but uncertainty.normalize[0] (efficacy (功效系数) 0 + 100·(x − min)/(max − min)) gives the lowest unit 0: normalise to values above 0, e.g. minmax with range: [1, 100]`,
		}},
		{"the profile's geometric mean after a normalize alternative from 0", "aggregate: {indicators: geometric}\nnormalize: {method: minmax, range: [1, 100]}\nuncertainty: {normalize: [rank, minmax]}\n", []string{
			`3:33: uncertainty.normalize[1]: the profile's geometric mean of indicators (aggregate) needs values > 0, but minmax [0, 100] gives the lowest unit 0: normalise to values above 0, e.g. minmax with range: [1, 100]`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, name := []byte(tc.doc), "p.yaml"
			if strings.HasSuffix(tc.doc, ".yaml") {
				name = filepath.Join("testdata", tc.doc)
				_, err := config.LoadFile(name)
				checkProblems(t, err, name, tc.want)
				return
			}
			_, err := config.Parse(data, name)
			checkProblems(t, err, name, tc.want)
		})
	}
}

// TestUncertaintyCheck: leaving out a node whose siblings all have weight
// 0, or that has none, is an error against the framework.
func TestUncertaintyCheck(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"indicators", "uncertainty: {leave_out: indicators}\n", []string{
			`1:26: uncertainty.leave_out: leaving out any of these indicators would leave its parent with no weight, a replicate that cannot be scored (no sibling with a weight > 0 in framework f): z (in d2), q (in dx), w (in d3), v (in d4); leave out another level, or none`,
		}},
		{"manual weights 0", "weights:\n  indicators: {method: manual, values: {x: 1, y: 0, z: 1, q: 1, w: 1, v: 1}}\nuncertainty:\n  leave_out: indicators\n", []string{
			`4:14: uncertainty.leave_out: leaving out any of these indicators would leave its parent with no weight, a replicate that cannot be scored (no sibling with a weight > 0 in framework f): x (in d1), z (in d2), q (in dx), w (in d3), v (in d4); leave out another level, or none`,
		}},
		{"dimensions", "uncertainty: {leave_out: dimensions, noise: {goals: 0.5}}\n", []string{
			`1:26: uncertainty.leave_out: leaving out any of these dimensions would leave its parent with no weight, a replicate that cannot be scored (no sibling with a weight > 0 in framework f): d3 (in g2), d4 (in g3); leave out another level, or none`,
		}},
		{"good", "uncertainty: {noise: {goals: 0.5, dimensions: 0.5, indicators: 0.5}, aggregate: [arithmetic, gra]}\n", nil},
	}
	s := checkSchema(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := config.Parse([]byte(tc.doc), "p.yaml")
			if err != nil {
				t.Fatal(err)
			}
			err = p.Check(s)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			checkProblems(t, err, "p.yaml", tc.want)
		})
	}
	// One dimension per goal in this framework: leaving one out is fine.
	s2, err := dataset.NewSchema("f2", "1", []dataset.Node{
		{ID: "index", Level: dataset.LevelIndex, Parent: -1},
		{ID: "g1", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "d1", Level: dataset.LevelDimension, Parent: 1, Weight: 1},
		{ID: "x", Level: dataset.LevelIndicator, Parent: 2, Weight: 1},
		{ID: "d2", Level: dataset.LevelDimension, Parent: 1, Weight: 1},
		{ID: "y", Level: dataset.LevelIndicator, Parent: 4, Weight: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := config.Parse([]byte("uncertainty: {leave_out: dimensions}\n"), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(s2); err != nil {
		t.Error(err)
	}
}

// TestUncertaintyExample: the shipped example asks for a modest UA on
// top of the balanced profile's choices.
func TestUncertaintyExample(t *testing.T) {
	p, err := config.LoadFile("uncertainty.yaml")
	if err != nil {
		t.Fatal(err)
	}
	u := p.Uncertainty
	if u == nil || u.Design != sensitivity.DesignUA || u.N != 200 || u.WeightSets != 200 ||
		!reflect.DeepEqual(u.Noise, map[dataset.Level]float64{dataset.LevelDimension: 0.25, dataset.LevelGoal: 0.25}) ||
		!reflect.DeepEqual(u.Aggregate, []scoring.Aggregation{scoring.AggArithmetic, scoring.AggGeometric}) {
		t.Errorf("uncertainty %+v", u)
	}
	if r := p.Options.Normalize.Range; p.Options.Normalize.Method != scoring.NormMinMax || r != [2]float64{1, 100} {
		t.Errorf("normalize %+v", p.Options.Normalize)
	}
}

// checkProblems checks that err lists exactly the problems want, each
// "line:col: path: message" after the file name.
func checkProblems(t *testing.T, err error, file string, want []string) {
	t.Helper()
	ps := strictyaml.AsProblems(err)
	var got []string
	for _, p := range ps {
		got = append(got, strings.TrimPrefix(p.Error(), file+":"))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestUncertaintyDirichlet: dirichlet sets the concentration per level; a
// level may not have noise too, and a concentration must be > 0.
func TestUncertaintyDirichlet(t *testing.T) {
	p, err := config.Parse([]byte("uncertainty: {dirichlet: {goals: 50, dimensions: 20}}\n"), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if d := p.Uncertainty.Dirichlet; d[dataset.LevelGoal] != 50 || d[dataset.LevelDimension] != 20 || len(d) != 2 {
		t.Errorf("dirichlet %v", d)
	}
	for _, tc := range []struct{ doc, want string }{
		{"uncertainty:\n  dirichlet: {goals: 50}\n  noise: {goals: 0.2}\n", "p.yaml:3:18: uncertainty.noise.goals: the goals weights have a Dirichlet too"},
		{"uncertainty:\n  noise: {goals: 0.2}\n  dirichlet: {goals: 50}\n", "p.yaml:3:22: uncertainty.dirichlet.goals: the goals weights have noise too"},
		{"uncertainty:\n  dirichlet: {goals: 0}\n", "p.yaml:2:22: uncertainty.dirichlet.goals: 0 is not a Dirichlet concentration > 0"},
		{"uncertainty:\n  dirichlet: {}\n", "p.yaml:2:14: uncertainty.dirichlet: no level"},
	} {
		_, err := config.Parse([]byte(tc.doc), "p.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.doc, err, tc.want)
		}
	}
}
