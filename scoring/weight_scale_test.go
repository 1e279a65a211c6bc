package scoring_test

import (
	"math"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// scaledSchema is smallSchema with every weight multiplied by k.
func scaledSchema(t *testing.T, k float64) *dataset.Schema {
	t.Helper()
	base := smallSchema(t)
	nodes := make([]dataset.Node, len(base.Nodes))
	copy(nodes, base.Nodes)
	for i := range nodes {
		nodes[i].Children = nil
		if i > 0 {
			nodes[i].Weight *= k
		}
	}
	s, err := dataset.NewSchema("scaled", "1", nodes)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestExtremeWeights: framework or manual weights of 1e308 (whose sum
// overflows) or 5e-324 (whose products underflow) weigh as their ratios
// say, and give the very scores of weights 3 and 1.
func TestExtremeWeights(t *testing.T) {
	tab := handTable()
	want, err := scoring.Run(smallSchema(t), tab, scoring.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	// smallSchema's weights are 3 and 1: times 1e308/3 or 2^1022 their
	// sums overflow, times 2^-1074 (5e-324) they are subnormal.
	for _, k := range []float64{1e308 / 3, math.Ldexp(1, 1022), math.Ldexp(1, -1074)} {
		s := scaledSchema(t, k)
		got, err := scoring.Run(s, tab, scoring.DefaultOptions())
		if err != nil {
			t.Fatalf("weights × %v: %v", k, err)
		}
		for i := range s.Nodes {
			if w, ww := got.Years[0].Weights[i], want.Years[0].Weights[i]; math.Abs(w-ww) > 1e-15 {
				t.Errorf("weights × %v: %s weighs %v, want %v", k, s.Nodes[i].ID, w, ww)
			}
			for u := range got.Years[0].Scores[i] {
				g, w := got.Years[0].Scores[i][u], want.Years[0].Scores[i][u]
				if !(g == w || math.IsNaN(g) && math.IsNaN(w)) && math.Abs(g-w) > 1e-12 {
					t.Errorf("weights × %v: score of %s for unit %d = %v, want %v", k, s.Nodes[i].ID, u, g, w)
				}
			}
		}
	}

	// Manual weights of 1e308 each: equal.
	opt := scoring.DefaultOptions()
	opt.Weights.Goals = scoring.WeightSpec{Method: scoring.WeightManual, Values: map[string]float64{"g1": 1e308, "g2": 1e308}}
	res, err := scoring.Weigh(smallSchema(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	if w := res.Years[0].Weights[1]; w != 0.5 {
		t.Errorf("g1 = %v, want 0.5", w)
	}
}

// TestZeroWeightsNamed: children that all have weight 0 are an error that
// names their parent and the method.
func TestZeroWeightsNamed(t *testing.T) {
	opt := scoring.DefaultOptions()
	opt.Weights.Goals = scoring.WeightSpec{Method: scoring.WeightManual, Values: map[string]float64{"g1": 0, "g2": 0}}
	_, err := scoring.Weigh(smallSchema(t), opt)
	if err == nil || !strings.Contains(err.Error(), `weights: the children of "index" all have weight 0 (manual weights)`) {
		t.Errorf("err = %v", err)
	}
}
