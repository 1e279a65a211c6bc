package composite_test

import (
	"math"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

func TestCombineWeights(t *testing.T) {
	a := []float64{0.6, 0.3, 0.1}
	b := []float64{0.3, 0.3, 0.4}
	c := []float64{0.2, 0.5, 0.3}
	tests := []struct {
		name  string
		rule  composite.CombineRule
		ws    [][]float64
		alpha []float64
		want  []float64
		coef  []float64
	}{
		{"linear/default alpha 0.5", composite.CombineLinear, [][]float64{a, b}, nil, []float64{0.45, 0.3, 0.25}, []float64{0.5, 0.5}},
		{"linear/alpha 0.7", composite.CombineLinear, [][]float64{a, b}, []float64{0.7}, []float64{0.51, 0.3, 0.19}, []float64{0.7, 0.3}},
		{"linear/three vectors", composite.CombineLinear, [][]float64{a, b, c}, []float64{0.5, 0.25, 0.25},
			[]float64{0.425, 0.35, 0.225}, []float64{0.5, 0.25, 0.25}},
		{"linear/renormalised input", composite.CombineLinear, [][]float64{{6, 3, 1}, {3, 3, 4}}, nil, []float64{0.45, 0.3, 0.25}, []float64{0.5, 0.5}},
		// (Π w)^(1/3), normalised: by hand.
		{"min_information/three vectors", composite.CombineMinInformation, [][]float64{a, b, c}, nil, wNorm([]float64{
			math.Cbrt(0.6 * 0.3 * 0.2), math.Cbrt(0.3 * 0.3 * 0.5), math.Cbrt(0.1 * 0.4 * 0.3)}), nil},
		{"multiplicative/three vectors", composite.CombineMultiplicative, [][]float64{a, b, c}, nil, wNorm([]float64{
			0.6 * 0.3 * 0.2, 0.3 * 0.3 * 0.5, 0.1 * 0.4 * 0.3}), nil},
		// Identical vectors: singular system, equal α, W = the vector.
		{"game_theory/identical vectors", composite.CombineGameTheory, [][]float64{a, a}, nil, a, []float64{0.5, 0.5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := composite.CombineWeights(tc.rule, tc.ws, tc.alpha)
			if err != nil {
				t.Fatal(err)
			}
			wValid(t, res.Weights)
			if !wClose(res.Weights, tc.want, 1e-15) {
				t.Errorf("weights %v, want %v", res.Weights, tc.want)
			}
			if !wClose(res.Coefficients, tc.coef, 1e-15) {
				t.Errorf("coefficients %v, want %v", res.Coefficients, tc.coef)
			}
		})
	}
	t.Run("game_theory/singular warns", func(t *testing.T) {
		res, err := composite.CombineWeights(composite.CombineGameTheory, [][]float64{a, a}, nil)
		if err != nil {
			t.Fatal(err)
		}
		wHasWarning(t, res.Warnings, "singular")
	})
	t.Run("game_theory/three vectors", func(t *testing.T) {
		// α solves the Gram system; the combined vector lies between.
		res, err := composite.CombineWeights(composite.CombineGameTheory, [][]float64{a, b, c}, nil)
		if err != nil {
			t.Fatal(err)
		}
		wValid(t, res.Weights)
		wValid(t, res.Coefficients)
		if len(res.Warnings) != 0 {
			t.Errorf("warnings %q", res.Warnings)
		}
	})
}

func wNorm(x []float64) []float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	for i := range x {
		x[i] /= s
	}
	return x
}

func TestCombineErrors(t *testing.T) {
	a := []float64{0.6, 0.3, 0.1}
	tests := []struct {
		name  string
		rule  composite.CombineRule
		ws    [][]float64
		alpha []float64
		want  string
	}{
		{"one vector", composite.CombineLinear, [][]float64{a}, nil, "need at least 2"},
		{"length mismatch", composite.CombineLinear, [][]float64{a, {0.5, 0.5}}, nil, "vector 2 has 2 weights"},
		{"negative weight", composite.CombineLinear, [][]float64{a, {0.5, 0.6, -0.1}}, nil, "vector 2, weight 3"},
		{"NaN weight", composite.CombineLinear, [][]float64{a, {0.5, math.NaN(), 0.5}}, nil, "vector 2, weight 2"},
		{"zero vector", composite.CombineLinear, [][]float64{a, {0, 0, 0}}, nil, "vector 2 sums to 0"},
		{"alpha count", composite.CombineLinear, [][]float64{a, a, a}, []float64{0.5}, "1 alpha values for 3 vectors"},
		{"alpha sum", composite.CombineLinear, [][]float64{a, a, a}, []float64{0.5, 0.5, 0.5}, "sum to 1.5"},
		{"alpha range", composite.CombineLinear, [][]float64{a, a}, []float64{1.2}, "outside [0, 1]"},
		{"disjoint supports", composite.CombineMultiplicative, [][]float64{{1, 0}, {0, 1}}, nil, "every product is 0"},
		{"unknown rule", composite.CombineRule(9), [][]float64{a, a}, nil, "unknown rule composite.CombineRule(9)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := composite.CombineWeights(tc.rule, tc.ws, tc.alpha)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCombineRuleNames(t *testing.T) {
	for _, r := range []composite.CombineRule{composite.CombineLinear, composite.CombineMultiplicative, composite.CombineMinInformation, composite.CombineGameTheory} {
		var got composite.CombineRule
		if err := got.UnmarshalText([]byte(r.String())); err != nil || got != r {
			t.Errorf("%v: round trip %v, %v", r, got, err)
		}
	}
	var r composite.CombineRule
	if err := r.UnmarshalText([]byte("product")); err == nil || !strings.Contains(err.Error(), "game_theory|linear|min_information|multiplicative") {
		t.Errorf("unknown rule: %v", err)
	}
}
