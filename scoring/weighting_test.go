package scoring_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// fourUnits: index → g1 (d1: a, b; d2: c) and g2 (e negative), 4 units.
func fourUnits(t *testing.T) (*dataset.Schema, *dataset.Table) {
	t.Helper()
	return smallSchema(t), table(2023, []string{"A", "B", "C", "D"}, []string{"a", "b", "c", "e"}, [][]float64{
		{1, 10, 5, 9}, {4, 12, 8, 1}, {9, 30, 1, 4}, {2, 11, 6, 6},
	})
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestRunEntropyWeights(t *testing.T) {
	s, tab := fourUnits(t)
	opt := scoring.DefaultOptions()
	opt.Weights.Indicators = scoring.DefaultWeightSpec(scoring.WeightEntropy)
	opt.Weights.Dimensions = scoring.DefaultWeightSpec(scoring.WeightEntropy)
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	y := res.Years[0]
	// Within d1: entropy over a and b alone (min-max, flip cost, δ 0).
	want, _ := composite.EntropyWeights([][]float64{{1, 4, 9, 2}, {10, 12, 30, 11}}, nil, composite.Entropy{FlipCost: true})
	a, b := node(t, s, "a"), node(t, s, "b")
	if !near(y.Weights[a], want.Weights[0], 1e-15) || !near(y.Weights[b], want.Weights[1], 1e-15) {
		t.Errorf("d1 weights %v %v, want %v", y.Weights[a], y.Weights[b], want.Weights)
	}
	// Within g1 (node scope): entropy over g1's indicators a, b, c; d1 gets
	// the sum of a's and b's.
	g1, _ := composite.EntropyWeights([][]float64{{1, 4, 9, 2}, {10, 12, 30, 11}, {5, 8, 1, 6}}, nil, composite.Entropy{FlipCost: true})
	if d1 := y.Weights[node(t, s, "d1")]; !near(d1, g1.Weights[0]+g1.Weights[1], 1e-15) {
		t.Errorf("d1 within g1 = %v, want %v", d1, g1.Weights[0]+g1.Weights[1])
	}
	var diag *scoring.WeightDiagnostics
	for _, d := range y.Diagnostics {
		if d.Node == node(t, s, "d1") {
			diag = d
		}
	}
	if diag == nil || diag.Method != scoring.WeightEntropy || len(diag.Stats) != 2 || diag.Stats[0].Name != "e" {
		t.Fatalf("diagnostics of d1: %+v", diag)
	}
	if !near(diag.Stats[1].Values[0], want.D[0], 1e-15) {
		t.Errorf("d of a = %v, want %v", diag.Stats[1].Values[0], want.D[0])
	}
}

func TestRunLevelScope(t *testing.T) {
	s, tab := fourUnits(t)
	opt := scoring.DefaultOptions()
	spec := scoring.DefaultWeightSpec(scoring.WeightCRITIC)
	spec.Scope = scoring.ScopeLevel
	opt.Weights = scoring.PerLevel[scoring.WeightSpec]{Indicators: spec, Dimensions: spec, Goals: spec}
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	y := res.Years[0]
	// One CRITIC run over every indicator (e is a cost column): the
	// effective weight of each indicator is its global weight.
	all, _ := composite.CRITICWeights([][]float64{{1, 4, 9, 2}, {10, 12, 30, 11}, {5, 8, 1, 6}, {9, 1, 4, 6}},
		[]bool{false, false, false, true}, composite.CRITIC{FlipCost: true})
	for k, id := range []string{"a", "b", "c", "e"} {
		if got := y.Effective[node(t, s, id)]; !near(got, all.Weights[k], 1e-14) {
			t.Errorf("effective %s = %v, want the global CRITIC weight %v", id, got, all.Weights[k])
		}
	}
}

func TestRunPooledEntropy(t *testing.T) {
	s := smallSchema(t)
	tab := dataset.New()
	rows := map[int][][]float64{2021: {{1, 10, 5, 9}, {4, 12, 8, 1}}, 2022: {{9, 30, 1, 4}, {2, 11, 6, 6}}}
	for _, year := range []int{2021, 2022} {
		for k, u := range []string{"A", "B"} {
			row, _ := tab.AddRow(dataset.Key{Unit: dataset.UnitID(u), Year: year})
			for j, v := range []string{"a", "b", "c", "e"} {
				tab.AddColumn(dataset.VariableID(v), "", "").Set(row, rows[year][k][j], 0, dataset.Origin{})
			}
		}
	}
	opt := scoring.DefaultOptions()
	spec := scoring.DefaultWeightSpec(scoring.WeightEntropy)
	spec.Pooled = true
	opt.Weights.Indicators = spec
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	// One weight set over both years: k = 1/ln(n·T), n·T = 4.
	want, _ := composite.EntropyWeights([][]float64{{1, 4, 9, 2}, {10, 12, 30, 11}}, nil, composite.Entropy{FlipCost: true})
	a := node(t, s, "a")
	for _, y := range res.Years {
		if !near(y.Weights[a], want.Weights[0], 1e-15) {
			t.Errorf("%d: pooled weight of a = %v, want %v", y.Year, y.Weights[a], want.Weights[0])
		}
	}
}

func TestRunAHP(t *testing.T) {
	s, tab := fourUnits(t)
	opt := scoring.DefaultOptions()
	spec := scoring.DefaultWeightSpec(scoring.WeightAHP)
	spec.AHP.Solve = composite.SolveGeometric
	spec.AHP.Matrices = map[string][][][]float64{"index": {{{1, 3}, {1.0 / 3, 1}}}}
	opt.Weights.Goals = spec
	dims := scoring.DefaultWeightSpec(scoring.WeightAHP)
	dims.AHP.Matrices = map[string][][][]float64{"g1": {{{1, 2}, {0.5, 1}}, {{1, 4}, {0.25, 1}}}} // two experts
	opt.Weights.Dimensions = dims
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	y := res.Years[0]
	if g1 := y.Weights[node(t, s, "g1")]; !near(g1, 0.75, 1e-15) {
		t.Errorf("g1 = %v, want 0.75", g1)
	}
	// Group AHP: the geometric mean of 2 and 4 is √8; w = √8/(1+√8).
	if d1 := y.Weights[node(t, s, "d1")]; !near(d1, math.Sqrt(8)/(1+math.Sqrt(8)), 1e-12) {
		t.Errorf("d1 = %v", d1)
	}
	if len(y.TotalCR) != 2 || y.TotalCR[0].CR != 0 {
		t.Errorf("total CR = %+v (2×2 matrices are consistent)", y.TotalCR)
	}

	// A missing matrix names the node; an inconsistent one its CR.
	dims.AHP.Matrices = map[string][][][]float64{}
	opt.Weights.Dimensions = dims
	if _, err := scoring.Run(s, tab, opt); err == nil || !strings.Contains(err.Error(), `no judgment matrix for "g1"`) {
		t.Errorf("missing matrix: %v", err)
	}
	three, _ := dataset.NewSchema("t", "1", []dataset.Node{
		{ID: "index", Level: dataset.LevelIndex, Parent: -1},
		{ID: "g", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "a", Level: dataset.LevelIndicator, Parent: 1, Weight: 1, Variable: "a"},
		{ID: "b", Level: dataset.LevelIndicator, Parent: 1, Weight: 1, Variable: "b"},
		{ID: "c", Level: dataset.LevelIndicator, Parent: 1, Weight: 1, Variable: "c"},
	})
	bad := scoring.DefaultWeightSpec(scoring.WeightAHP)
	bad.AHP.Matrices = map[string][][][]float64{"g": {{{1, 9, 1.0 / 9}, {1.0 / 9, 1, 9}, {9, 1.0 / 9, 1}}}}
	opt = scoring.DefaultOptions()
	opt.Weights.Indicators = bad
	_, err = scoring.Run(three, tab, opt)
	var ie *composite.InconsistencyError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), `matrix "g"`) {
		t.Errorf("inconsistent matrix: %v", err)
	}
}

func TestRunCombine(t *testing.T) {
	s, tab := fourUnits(t)
	opt := scoring.DefaultOptions()
	ahp := scoring.DefaultWeightSpec(scoring.WeightAHP)
	ahp.AHP.Matrices = map[string][][][]float64{"index": {{{1, 3}, {1.0 / 3, 1}}}}
	comb := scoring.DefaultWeightSpec(scoring.WeightCombine)
	comb.Combine.Rule = composite.CombineGameTheory
	comb.Combine.Of = []scoring.WeightSpec{ahp, scoring.DefaultWeightSpec(scoring.WeightEntropy)}
	opt.Weights.Goals = comb
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	y := res.Years[0]
	var d *scoring.WeightDiagnostics
	for _, x := range y.Diagnostics {
		if x.Node == 0 {
			d = x
		}
	}
	if d == nil || len(d.Parts) != 2 || len(d.Coefficients) != 2 {
		t.Fatalf("root diagnostics %+v", d)
	}
	want, _ := composite.CombineWeights(composite.CombineGameTheory, [][]float64{d.Parts[0].Weights, d.Parts[1].Weights}, nil)
	if g1 := y.Weights[node(t, s, "g1")]; !near(g1, want.Weights[0], 1e-15) {
		t.Errorf("g1 = %v, want %v", g1, want.Weights[0])
	}
	comb.Combine.Of = comb.Combine.Of[:1]
	opt.Weights.Goals = comb
	if _, err := scoring.Run(s, tab, opt); err == nil || !strings.Contains(err.Error(), "two or more") {
		t.Errorf("combine of one: %v", err)
	}
}

func TestRunTOPSIS(t *testing.T) {
	s, tab := fourUnits(t)
	opt := scoring.DefaultOptions()
	opt.Normalize.Range = [2]float64{0, 1}
	topsis := scoring.DefaultAggregateSpec(scoring.AggTOPSIS)
	opt.Aggregate.Indicators = topsis
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	y := res.Years[0]
	a, b := y.Scores[node(t, s, "a")], y.Scores[node(t, s, "b")]
	want := composite.TOPSIS([][]float64{a, b}, []float64{0.25, 0.75}, composite.TOPSISScale).Closeness
	for u, v := range y.Scores[node(t, s, "d1")] {
		if !near(v, want[u], 1e-15) {
			t.Errorf("d1 = %v, want %v", y.Scores[node(t, s, "d1")], want)
			break
		}
	}

	// Flat TOPSIS at the index over every indicator, with effective weights.
	opt.Aggregate = scoring.PerLevel[scoring.AggregateSpec]{Goals: topsis}
	opt.Aggregate.Goals.Over = scoring.OverIndicators
	res, err = scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	y = res.Years[0]
	var cols [][]float64
	var w []float64
	for _, id := range []string{"a", "b", "c", "e"} {
		cols = append(cols, y.Scores[node(t, s, id)])
		w = append(w, y.Effective[node(t, s, id)])
	}
	want = composite.TOPSIS(cols, w, composite.TOPSISScale).Closeness
	for u, v := range y.Scores[0] {
		if !near(v, want[u], 1e-15) {
			t.Errorf("index = %v, want %v", y.Scores[0], want)
			break
		}
	}
}

func TestRunGRAAndCopeland(t *testing.T) {
	s, tab := fourUnits(t)
	for _, m := range []scoring.Aggregation{scoring.AggGRA, scoring.AggCopeland} {
		opt := scoring.DefaultOptions()
		opt.Aggregate.Goals = scoring.DefaultAggregateSpec(m)
		res, err := scoring.Run(s, tab, opt)
		if err != nil {
			t.Fatal(err)
		}
		y := res.Years[0]
		g1, g2 := y.Scores[node(t, s, "g1")], y.Scores[node(t, s, "g2")]
		var want []float64
		if m == scoring.AggGRA {
			want = composite.GRA([][]float64{g1, g2}, []float64{0.75, 0.25}, 0.5).Grade
		} else {
			want = composite.Copeland(nil, [][]float64{g1, g2}, []float64{0.75, 0.25})
		}
		for u, v := range y.Scores[0] {
			if !near(v, want[u], 1e-15) {
				t.Errorf("%v: index = %v, want %v", m, y.Scores[0], want)
				break
			}
		}
	}
}

func TestRunCouplingAndObstacles(t *testing.T) {
	// Two subsystems given as pre-computed scores (normalize: none).
	s, _ := dataset.NewSchema("cc", "1", []dataset.Node{
		{ID: "index", Level: dataset.LevelIndex, Parent: -1},
		{ID: "econ", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "u1", Level: dataset.LevelIndicator, Parent: 1, Weight: 1, Variable: "u1"},
		{ID: "env", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "u2", Level: dataset.LevelIndicator, Parent: 3, Weight: 1, Variable: "u2"},
	})
	tab := table(2023, []string{"A", "B", "C"}, []string{"u1", "u2"}, [][]float64{{0.6, 0.4}, {0.3, 0.3}, {0, 0.8}})
	opt := scoring.DefaultOptions()
	opt.Normalize.NormalizeSpec = scoring.DefaultNormalizeSpec(scoring.NormNone)
	opt.Coupling = &scoring.CouplingSpec{}
	opt.Obstacles = true
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	cy := res.Years[0].Coupling
	// A: C = 2√(0.24)/1 = 0.9798, T = 0.5, D = √(C·T).
	c := 2 * math.Sqrt(0.6*0.4) / 1.0
	if cy.Scale != 1 || !near(cy.C[0], c, 1e-15) || !near(cy.T[0], 0.5, 1e-15) || !near(cy.D[0], math.Sqrt(c*0.5), 1e-15) {
		t.Errorf("A: scale %v C %v T %v D %v", cy.Scale, cy.C[0], cy.T[0], cy.D[0])
	}
	if cy.C[1] != 1 || cy.C[2] != 0 || cy.Grades[2].Level != 1 {
		t.Errorf("equal subsystems C = %v; a zero subsystem C = %v, grade %v", cy.C[1], cy.C[2], cy.Grades[2])
	}
	if g := cy.Grades[0]; g.Zh != "初级协调" { // D = 0.6999 … in (0.6, 0.7]
		t.Errorf("grade of A = %+v (D %v)", g, cy.D[0])
	}
	// Obstacles of A: deviations 0.4 and 0.6, weights ½ each → 40 % and 60 %.
	ob := res.Years[0].Obstacles
	if !near(ob[2][0], 40, 1e-12) || !near(ob[4][0], 60, 1e-12) || !near(ob[1][0]+ob[3][0], 100, 1e-12) {
		t.Errorf("obstacles of A: u1 %v u2 %v econ %v env %v", ob[2][0], ob[4][0], ob[1][0], ob[3][0])
	}

	opt.Normalize.NormalizeSpec = scoring.DefaultNormalizeSpec(scoring.NormZScore)
	if _, err := scoring.Run(s, tab, opt); err == nil || !strings.Contains(err.Error(), "obstacles") {
		t.Errorf("obstacles with z-scores: %v", err)
	}
}

func TestWeighWithoutData(t *testing.T) {
	s := smallSchema(t)
	opt := scoring.DefaultOptions()
	opt.Weights.Goals = scoring.WeightSpec{Method: scoring.WeightManual, Values: map[string]float64{"g1": 1, "g2": 3}}
	res, err := scoring.Weigh(s, opt)
	if err != nil {
		t.Fatal(err)
	}
	if w := res.Years[0].Weights[node(t, s, "g2")]; w != 0.75 {
		t.Errorf("g2 = %v", w)
	}
	if scoring.NeedsData(opt) {
		t.Error("manual weights need no data")
	}
	opt.Weights.Indicators = scoring.DefaultWeightSpec(scoring.WeightEntropy)
	if !scoring.NeedsData(opt) {
		t.Error("entropy needs data")
	}
	if _, err := scoring.Weigh(s, opt); !errors.Is(err, scoring.ErrNeedsData) {
		t.Errorf("Weigh with entropy: %v", err)
	}
}

// TestRunIntervalWithEveryMethod: an interval indicator enters objective
// weights through its [0, 1] transform and is scored by every method.
func TestRunIntervalWithEveryMethod(t *testing.T) {
	s, _ := dataset.NewSchema("iv", "1", []dataset.Node{
		{ID: "index", Level: dataset.LevelIndex, Parent: -1},
		{ID: "g", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "ratio", Level: dataset.LevelIndicator, Parent: 1, Weight: 1, Variable: "ratio", Direction: dataset.Interval,
			Optimal: &dataset.Range{Lo: 13, Hi: 19}, Tolerable: &dataset.Range{Lo: 8, Hi: 25}},
		{ID: "x", Level: dataset.LevelIndicator, Parent: 1, Weight: 1, Variable: "x"},
	})
	tab := table(0, []string{"A", "B", "C", "D"}, []string{"ratio", "x"}, [][]float64{{15, 1}, {22, 2}, {10, 3}, {30, 4}})
	for _, w := range []scoring.WeightMethod{scoring.WeightEntropy, scoring.WeightCRITIC, scoring.WeightCV, scoring.WeightStdDev, scoring.WeightPCA} {
		for _, a := range []scoring.Aggregation{scoring.AggArithmetic, scoring.AggTOPSIS, scoring.AggGRA, scoring.AggCopeland} {
			opt := scoring.DefaultOptions()
			opt.Weights.Indicators = scoring.DefaultWeightSpec(w)
			opt.Aggregate.Indicators = scoring.DefaultAggregateSpec(a)
			res, err := scoring.Run(s, tab, opt)
			if err != nil {
				t.Fatalf("%v/%v: %v", w, a, err)
			}
			y := res.Years[0]
			for u, v := range y.Scores[0] {
				if math.IsNaN(v) {
					t.Errorf("%v/%v: unit %d has no score", w, a, u)
				}
			}
			if r := y.Ranks[node(t, s, "ratio")]; r[0] != 1 || r[3] != 4 { // 15 is optimal, 30 is beyond tolerable
				t.Errorf("%v/%v: interval ranks %v", w, a, r)
			}
			// Min-max of the transform: 15 → 1, 22 → 1 − 3/6, 10 → 2/5, 30 → 0.
			if z := y.Scores[node(t, s, "ratio")]; !slices.Equal(z, []float64{100, 50, 40, 0}) {
				t.Errorf("%v/%v: interval scores %v", w, a, z)
			}
		}
	}
}

// TestWarningsNameIndicators: the kernels' warnings reach the diagnostics
// typed, each column named by its indicator id, and a node whose children
// all got weight 0 is reported.
func TestWarningsNameIndicators(t *testing.T) {
	s := smallSchema(t)
	tab := table(2023, []string{"A", "B", "C", "D"}, []string{"a", "b", "c", "e"}, [][]float64{
		{1, 10, 5, 9}, {4, 10, 5, 1}, {9, 10, 5, 4}, {2, 10, 5, 6},
	})
	diag := func(res *scoring.Result, id string) *scoring.WeightDiagnostics {
		for _, d := range res.Years[0].Diagnostics {
			if d.Node == node(t, s, id) {
				return d
			}
		}
		t.Fatalf("no diagnostics of %s", id)
		return nil
	}
	opt := scoring.DefaultOptions()
	opt.Weights.Indicators = scoring.DefaultWeightSpec(scoring.WeightStdDev)
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := []composite.Warning{{Kind: composite.WarnSDConstant, Column: 2, Indicator: "b"}}
	if got := diag(res, "d1").Warnings; len(got) != 1 || got[0] != want[0] || got[0].String() != "indicator b: constant; σ = 0, weight 0" {
		t.Errorf("d1 warnings %+v, want %+v", got, want)
	}

	// Level scope: d2's only indicator c is constant, so d2's children sum
	// to 0 and get equal weights.
	opt.Weights.Indicators.Scope = scoring.ScopeLevel
	if res, err = scoring.Run(s, tab, opt); err != nil {
		t.Fatal(err)
	}
	got := diag(res, "d2").Warnings
	if len(got) == 0 || got[len(got)-1].Kind != composite.WarnAllZeroChildren ||
		got[len(got)-1].String() != "every child got weight 0; equal weights used" {
		t.Errorf("d2 warnings %q, want the last WarnAllZeroChildren", got)
	}
}
