package composite_test

import (
	"errors"
	"math"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

// variationData is the first PCA test matrix (10 units × 4 indicators).
var variationData = [][]float64{
	{12.1, 10.2, 15.3, 9.8, 13.4, 11.0, 14.2, 8.7, 16.0, 10.9},
	{3.4, 2.9, 4.1, 2.2, 3.9, 3.0, 3.1, 2.5, 4.4, 2.8},
	{45, 50, 38, 61, 40, 55, 42, 66, 35, 48},
	{0.8, 0.6, 1.1, 0.5, 0.9, 0.7, 1.3, 0.4, 1.0, 0.75},
}

func TestVariationWeights(t *testing.T) {
	// References from numpy 1.24: s = X.std(0, ddof=1);
	// cv: V = s/|X.mean(0)|; stddev raw: s/Σs; stddev minmax: the same on
	// (X − min)/(max − min).
	tests := []struct {
		name string
		fn   func() (*composite.VariationResult, error)
		want []float64
	}{
		{"cv", func() (*composite.VariationResult, error) { return composite.CVWeights(variationData) },
			[]float64{0.207027371003, 0.225214893011, 0.215707050559, 0.352050685427}},
		{"stddev/raw", func() (*composite.VariationResult, error) { return composite.SDWeights(variationData, nil, false) },
			[]float64{0.181343466685, 0.052401075433, 0.745840821623, 0.02041463626}},
		{"stddev/minmax", func() (*composite.VariationResult, error) { return composite.SDWeights(variationData, nil, true) },
			[]float64{0.260386858328, 0.24966492158, 0.252188026954, 0.237760193138}},
		// Reflecting a column does not change its σ.
		{"stddev/minmax/cost", func() (*composite.VariationResult, error) {
			return composite.SDWeights(variationData, []bool{false, false, true, false}, true)
		}, []float64{0.260386858328, 0.24966492158, 0.252188026954, 0.237760193138}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.fn()
			if err != nil {
				t.Fatal(err)
			}
			wValid(t, res.Weights)
			if !wClose(res.Weights, tc.want, 1e-11) {
				t.Errorf("weights %v, want %v", res.Weights, tc.want)
			}
			if len(res.Warnings) != 0 {
				t.Errorf("warnings %q", res.Warnings)
			}
		})
	}
	t.Run("cv reports V", func(t *testing.T) {
		res, _ := composite.CVWeights(variationData)
		want := []float64{0.202598823965, 0.220397294533, 0.211092835466, 0.344519927475}
		if !wClose(res.CV, want, 1e-11) {
			t.Errorf("CV %v, want %v", res.CV, want)
		}
	})
}

func TestVariationEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		fn      func() (*composite.VariationResult, error)
		want    []float64
		warning string
	}{
		{"cv/mean 0", func() (*composite.VariationResult, error) { return composite.CVWeights([][]float64{{-1, 1}, {1, 3}}) },
			[]float64{0, 1}, "column 1: mean 0"},
		{"cv/negative values warned", func() (*composite.VariationResult, error) { return composite.CVWeights([][]float64{{-1, 3}, {1, 3}}) },
			nil, "column 1: 1 negative values"},
		{"cv/one value", func() (*composite.VariationResult, error) { return composite.CVWeights([][]float64{{wNaN, 3}, {1, 3}}) },
			[]float64{0, 1}, "column 1: only 1 value"},
		{"cv/no values and constant: equal over the present", func() (*composite.VariationResult, error) {
			return composite.CVWeights([][]float64{{wNaN, wNaN}, {2, 2}, {3, 3}})
		}, []float64{0, 0.5, 0.5}, "every V is 0"},
		{"stddev/constant column", func() (*composite.VariationResult, error) {
			return composite.SDWeights([][]float64{{4, 4, 4}, {1, 2, 3}}, nil, true)
		}, []float64{0, 1}, "column 1: constant"},
		{"stddev/all constant", func() (*composite.VariationResult, error) {
			return composite.SDWeights([][]float64{{4, 4, 4}, {1, 1, 1}}, nil, false)
		}, []float64{0.5, 0.5}, "every σ is 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.fn()
			if err != nil {
				t.Fatal(err)
			}
			wValid(t, res.Weights)
			if tc.want != nil && !wClose(res.Weights, tc.want, 1e-15) {
				t.Errorf("weights %v, want %v", res.Weights, tc.want)
			}
			wHasWarning(t, res.Warnings, tc.warning)
			for _, v := range res.CV {
				if math.IsNaN(v) {
					t.Errorf("CV %v", res.CV)
				}
			}
		})
	}
}

// TestObjectiveWeightsInfinite checks that every objective method names the
// unit and column of an infinite value instead of weighting with it.
func TestObjectiveWeightsInfinite(t *testing.T) {
	cols := [][]float64{{1, 2, 3}, {4, math.Inf(-1), 6}, {7, 8, 9}}
	for _, tc := range []struct {
		method string
		run    func() error
	}{
		{"critic", func() error { _, err := composite.CRITICWeights(cols, nil, composite.CRITIC{}); return err }},
		{"pca", func() error { _, err := composite.PCAWeights(cols); return err }},
		{"cv", func() error { _, err := composite.CVWeights(cols); return err }},
		{"stddev", func() error { _, err := composite.SDWeights(cols, nil, false); return err }},
	} {
		t.Run(tc.method, func(t *testing.T) {
			var we *composite.WeightValueError
			if err := tc.run(); !errors.As(err, &we) {
				t.Fatalf("error %v, want *WeightValueError", err)
			}
			if we.Method != tc.method || we.Col != 2 || we.Unit != 2 || !math.IsInf(we.Value, -1) {
				t.Errorf("got %+v, want %s column 2 unit 2 -Inf", we, tc.method)
			}
		})
	}
}
