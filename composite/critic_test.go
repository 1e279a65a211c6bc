package composite_test

import (
	"errors"
	"math"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

// tusAdali is the decision matrix of Tuş & Aytaç Adalı (2019), Opsearch
// 56(2):528 (time and attendance software selection), as read in
// energyinpython/distance-metrics-for-mcda:tests/test_weights.py: 5
// alternatives × 6 criteria, criterion 1 (price) a cost.
var tusAdali = [][]float64{
	{5000, 680, 2000, 600, 800},
	{3, 5, 3, 4, 2},
	{3, 3, 2, 3, 4},
	{4, 2, 3, 1, 3},
	{3, 2, 4, 2, 3},
	{2, 1, 3, 2, 4},
}

var tusAdaliCost = []bool{true, false, false, false, false, false}

func TestCRITICTusAdali(t *testing.T) {
	tests := []struct {
		name    string
		opt     composite.CRITIC
		want    []float64
		tol     float64
		sd, inf []float64 // nil: not checked
	}{
		// Published weights (3 dp): min-max without flipping the cost
		// column, the variant most tools test against.
		{"published/flip_cost=false", composite.CRITIC{}, []float64{0.157, 0.249, 0.168, 0.121, 0.154, 0.151}, 5e-4, nil, nil},
		// Same convention to 1e-12, compared against numpy 1.24:
		//   Z = (X − min)/(max − min); sd = Z.std(0, ddof=1);
		//   C = sd·(1 − np.corrcoef(Z.T)).sum(0); w = C/ΣC
		{"numpy/flip_cost=false", composite.CRITIC{},
			[]float64{0.157003432042, 0.249489243164, 0.167675249193, 0.12110022243, 0.154099291586, 0.150632561586}, 1e-11,
			[]float64{0.424779962485, 0.380058475033, 0.353553390593, 0.380058475033, 0.418330013267, 0.380058475033},
			[]float64{1.870298307238, 2.972032541553, 1.997425983961, 1.442602483731, 1.835702827971, 1.794405518948}},
		// Derived (numpy, as above with Z[:, cost] = (max − X)/(max − min)):
		// flipping the price column first changes every weight.
		{"numpy/flip_cost=true", composite.CRITIC{FlipCost: true},
			[]float64{0.184066407331, 0.213028978511, 0.142214162321, 0.158300641223, 0.168382221283, 0.134007589332}, 1e-11,
			nil, []float64{2.377501317614, 2.75159755896, 1.836915074306, 2.044696740393, 2.174915883709, 1.730914536907}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := composite.CRITICWeights(tusAdali, tusAdaliCost, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			wValid(t, res.Weights)
			if !wClose(res.Weights, tc.want, tc.tol) {
				t.Errorf("weights %v, want %v", res.Weights, tc.want)
			}
			if tc.sd != nil && !wClose(res.SD, tc.sd, 1e-11) {
				t.Errorf("SD %v, want %v", res.SD, tc.sd)
			}
			if tc.inf != nil && !wClose(res.Info, tc.inf, 1e-11) {
				t.Errorf("Info %v, want %v", res.Info, tc.inf)
			}
			for j := range res.Info {
				if math.Abs(res.Info[j]-res.SD[j]*res.Conflict[j]) > 1e-15 {
					t.Errorf("Info ≠ SD·Conflict in column %d", j+1)
				}
			}
			if len(res.Warnings) != 0 {
				t.Errorf("warnings %q", res.Warnings)
			}
		})
	}
}

func TestCRITICEdgeCases(t *testing.T) {
	t.Run("listwise deletion", func(t *testing.T) {
		// A unit missing in one column leaves every column: the result is
		// that of the matrix without the unit.
		cols := [][]float64{{1, 5, 3, 8, 2}, {2, wNaN, 7, 1, 4}, {9, 3, 3, 6, 1}}
		res, err := composite.CRITICWeights(cols, nil, composite.CRITIC{})
		if err != nil {
			t.Fatal(err)
		}
		ref, _ := composite.CRITICWeights([][]float64{{1, 3, 8, 2}, {2, 7, 1, 4}, {9, 3, 6, 1}}, nil, composite.CRITIC{})
		if !wClose(res.Weights, ref.Weights, 1e-15) {
			t.Errorf("%v, want %v", res.Weights, ref.Weights)
		}
		wHasWarning(t, res.Warnings, "1 of 5 units left out")
	})
	t.Run("constant column: σ 0, r 0 with the others", func(t *testing.T) {
		cols := [][]float64{{1, 5, 3, 8}, {4, 4, 4, 4}, {2, 3, 3, 6}}
		res, err := composite.CRITICWeights(cols, nil, composite.CRITIC{})
		if err != nil {
			t.Fatal(err)
		}
		wValid(t, res.Weights)
		if res.Weights[1] != 0 || res.SD[1] != 0 {
			t.Errorf("constant column: w %v, σ %v", res.Weights[1], res.SD[1])
		}
		// Column 1's conflict: (1 − r_13) + (1 − 0) for the constant one.
		ref, _ := composite.CRITICWeights([][]float64{cols[0], cols[2]}, nil, composite.CRITIC{})
		if math.Abs(res.Conflict[0]-(ref.Conflict[0]+1)) > 1e-15 {
			t.Errorf("conflict %v, want %v", res.Conflict[0], ref.Conflict[0]+1)
		}
		wHasWarning(t, res.Warnings, "column 2: constant")
	})
	t.Run("fewer than 2 complete units: equal weights", func(t *testing.T) {
		res, err := composite.CRITICWeights([][]float64{{1, wNaN}, {wNaN, 2}}, nil, composite.CRITIC{})
		if err != nil {
			t.Fatal(err)
		}
		if !wClose(res.Weights, []float64{0.5, 0.5}, 0) {
			t.Errorf("%v", res.Weights)
		}
		wHasWarning(t, res.Warnings, "0 complete units")
	})
	t.Run("single column: every C = 0, equal weights", func(t *testing.T) {
		res, err := composite.CRITICWeights([][]float64{{1, 2, 3}}, nil, composite.CRITIC{})
		if err != nil {
			t.Fatal(err)
		}
		if !wClose(res.Weights, []float64{1}, 0) {
			t.Errorf("%v", res.Weights)
		}
		wHasWarning(t, res.Warnings, "every C_j is 0")
	})
	t.Run("infinite value", func(t *testing.T) {
		_, err := composite.CRITICWeights([][]float64{{1, 2}, {math.Inf(-1), 1}}, nil, composite.CRITIC{})
		var we *composite.WeightValueError
		if !errors.As(err, &we) || we.Col != 2 || we.Unit != 1 {
			t.Errorf("error %v", err)
		}
	})
}
