package composite_test

import (
	"math"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

func TestPCAWeights(t *testing.T) {
	// References from numpy 1.24 (the documented variant):
	//   R = np.corrcoef(X.T); ev, V = np.linalg.eigh(R), sorted descending;
	//   q = max(1, (ev >= 1).sum());
	//   w = (|V[:, :q]|·ev[:q]/ev[:q].sum()).sum(1); w /= w.sum()
	tests := []struct {
		name     string
		cols     [][]float64
		retained int
		ev, w    []float64
	}{
		{"one component", [][]float64{
			{12.1, 10.2, 15.3, 9.8, 13.4, 11.0, 14.2, 8.7, 16.0, 10.9},
			{3.4, 2.9, 4.1, 2.2, 3.9, 3.0, 3.1, 2.5, 4.4, 2.8},
			{45, 50, 38, 61, 40, 55, 42, 66, 35, 48},
			{0.8, 0.6, 1.1, 0.5, 0.9, 0.7, 1.3, 0.4, 1.0, 0.75},
		}, 1,
			[]float64{3.578458487987, 0.321723284837, 0.078050195577, 0.021768031598},
			[]float64{0.260487309021, 0.242800261816, 0.256929770319, 0.239782658844}},
		{"two components", [][]float64{
			{3.1, 4.5, 2.2, 5.0, 3.8, 1.9, 4.1, 2.8, 3.5, 4.8, 2.5, 3.9},
			{6.2, 8.8, 4.9, 9.6, 7.1, 4.0, 7.9, 5.5, 7.4, 9.0, 5.2, 7.0},
			{2.9, 4.1, 2.5, 5.2, 3.3, 2.0, 4.4, 2.6, 3.9, 4.6, 3.0, 3.6},
			{40, 35, 52, 44, 60, 38, 55, 47, 30, 58, 42, 50},
			{12, 15, 9, 14, 8, 16, 10, 13, 18, 7, 11, 12},
		}, 2,
			[]float64{3.019141182731, 1.828139782427, 0.089739954616, 0.057495787844, 0.005483292381},
			[]float64{0.200542998286, 0.210279517268, 0.207199007542, 0.195639066917, 0.186339409987}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := composite.PCAWeights(tc.cols)
			if err != nil {
				t.Fatal(err)
			}
			wValid(t, res.Weights)
			if res.Retained != tc.retained {
				t.Errorf("retained %d, want %d", res.Retained, tc.retained)
			}
			if !wClose(res.Eigenvalues, tc.ev, 1e-10) {
				t.Errorf("eigenvalues %v, want %v", res.Eigenvalues, tc.ev)
			}
			if !wClose(res.Weights, tc.w, 1e-11) {
				t.Errorf("weights %v, want %v", res.Weights, tc.w)
			}
			var s float64
			for k, v := range res.VarianceExplained {
				s += v
				if math.Abs(v-tc.ev[k]/float64(len(tc.cols))) > 1e-11 {
					t.Errorf("variance explained %v", res.VarianceExplained)
				}
			}
			if math.Abs(s-1) > 1e-12 {
				t.Errorf("variance explained sums to %v", s)
			}
		})
	}
}

func TestPCAEdgeCases(t *testing.T) {
	t.Run("constant column weight 0", func(t *testing.T) {
		res, err := composite.PCAWeights([][]float64{{1, 2, 3, 5}, {7, 7, 7, 7}, {2, 1, 4, 4}})
		if err != nil {
			t.Fatal(err)
		}
		wValid(t, res.Weights)
		if res.Weights[1] != 0 || res.Eigenvalues[2] > 1e-12 {
			t.Errorf("weights %v eigenvalues %v", res.Weights, res.Eigenvalues)
		}
		wHasWarning(t, res.Warnings, "column 2: constant")
	})
	t.Run("fewer units than columns", func(t *testing.T) {
		res, err := composite.PCAWeights([][]float64{{1, 2, 4}, {3, 1, 2}, {5, 5, 1}, {2, 8, 3}})
		if err != nil {
			t.Fatal(err)
		}
		wValid(t, res.Weights)
		if len(res.Eigenvalues) != 4 || res.Eigenvalues[3] != 0 {
			t.Errorf("eigenvalues %v", res.Eigenvalues)
		}
	})
	t.Run("listwise deletion and too few units", func(t *testing.T) {
		res, err := composite.PCAWeights([][]float64{{1, wNaN, 3}, {2, 4, wNaN}})
		if err != nil {
			t.Fatal(err)
		}
		if !wClose(res.Weights, []float64{0.5, 0.5}, 0) {
			t.Errorf("weights %v", res.Weights)
		}
		wHasWarning(t, res.Warnings, "2 of 3 units left out")
		wHasWarning(t, res.Warnings, "1 complete units (need 2)")
	})
	t.Run("no column varies", func(t *testing.T) {
		res, err := composite.PCAWeights([][]float64{{1, 1}, {2, 2}})
		if err != nil {
			t.Fatal(err)
		}
		if !wClose(res.Weights, []float64{0.5, 0.5}, 0) {
			t.Errorf("weights %v", res.Weights)
		}
	})
}
