package composite

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// CRITIC holds the settings of CRITICWeights. The zero value does not flip
// cost columns (the variant of Tuş & Aytaç Adalı 2019 that most tools test
// against); the profile default (flip_cost: true) is the caller's to set.
type CRITIC struct {
	// FlipCost normalises cost columns as (max − x)/(max − min) before the
	// correlations, as many Chinese papers do. Default false.
	FlipCost bool
}

// CRITICResult is the outcome of CRITICWeights. Every slice has one value
// per column.
type CRITICResult struct {
	// Weights sum to 1 and are never NaN.
	Weights []float64
	// SD is σ_j, the sample standard deviation of the normalised column;
	// Conflict is Σ_k (1 − r_jk); Info is C_j = σ_j·Conflict_j.
	SD, Conflict, Info []float64
	// Warnings report left-out units and columns whose weight was set by a
	// rule (WarnUnitsLeftOut, WarnTooFewUnits, WarnCRITICConstant, WarnAllZero
	// with Stat "C_j"), columns numbered from 1.
	Warnings []Warning
}

// CRITICWeights returns the weights of the CRITIC method (Criteria
// Importance Through Intercriteria Correlation; Diakoulaki, Mavrotas and
// Papayannakis 1995, Computers & Operations Research 22(7):763).
// cols[j][i] is the value of indicator j for unit i, NaN when missing;
// cost[j] marks a cost indicator, nil meaning none.
//
//	z_ij = (x_ij − min_j)/(max_j − min_j)    cost with FlipCost: (max_j − x_ij)/(max_j − min_j)
//	σ_j  = sample standard deviation of z_·j
//	r_jk = Pearson correlation of z_·j and z_·k
//	C_j  = σ_j Σ_k (1 − r_jk)
//	w_j  = C_j / Σ_k C_k
//
// The n − 1 of the sample SD cancels in w. Units with a missing value in
// any column are left out (listwise deletion, with a warning), so every
// statistic, min and max included, is over the same complete units.
//
// Rules, each with a warning: a constant column has σ = 0 and C = 0, and
// its correlation with every other column is taken as 0 (Pearson's r is
// 0/0 there); fewer than 2 complete units, or every C = 0 (e.g. a single
// column), give equal weights, with SD, Conflict and Info left at 0 in the
// former case.
//
// CRITICWeights returns a *WeightValueError for an infinite value. It
// panics if cost is not nil and its length differs from len(cols), or if
// the columns differ in length.
func CRITICWeights(cols [][]float64, cost []bool, opt CRITIC) (*CRITICResult, error) {
	checkObjectiveInput(cols, cost)
	m := len(cols)
	res := &CRITICResult{
		Weights: make([]float64, m), SD: make([]float64, m),
		Conflict: make([]float64, m), Info: make([]float64, m),
	}
	if m == 0 {
		return res, nil
	}
	rows, ok, err := listwise("critic", cols, res.Weights, &res.Warnings)
	if err != nil {
		return nil, err
	}
	if !ok {
		return res, nil
	}
	n := len(rows)

	z := mat.NewDense(n, m, nil)
	constant := make([]bool, m)
	for j, c := range cols {
		mn, mx := math.Inf(1), math.Inf(-1)
		for _, i := range rows {
			mn, mx = min(mn, c[i]), max(mx, c[i])
		}
		if mx == mn {
			constant[j] = true
			res.Warnings = append(res.Warnings, Warning{Kind: WarnCRITICConstant, Column: j + 1, Value: mn})
			continue // z stays 0
		}
		o, s := mn, 1/(mx-mn)
		if opt.FlipCost && cost != nil && cost[j] {
			o, s = mx, -s
		}
		for k, i := range rows {
			z.Set(k, j, (c[i]-o)*s)
		}
	}

	var r mat.SymDense
	stat.CorrelationMatrix(&r, z, nil)
	for j := range m {
		if !constant[j] {
			res.SD[j] = stat.StdDev(mat.Col(nil, j, z), nil)
		}
		var conflict float64
		for k := range m {
			if k == j {
				continue // 1 − r_jj = 0
			}
			rjk := r.At(j, k)
			if constant[j] || constant[k] {
				rjk = 0
			}
			conflict += 1 - rjk
		}
		res.Conflict[j] = conflict
		res.Info[j] = res.SD[j] * conflict
	}
	if !shareOf(res.Weights, res.Info) {
		equalOver(res.Weights, nil)
		res.Warnings = append(res.Warnings, Warning{Kind: WarnAllZero, Stat: "C_j"})
	}
	return res, nil
}

// listwise refuses infinite values of cols and returns the rows with a value
// in every column (listwise deletion), warning when some are left out. With
// fewer than two such rows it sets weights equal, warns, and returns ok
// false: the method has nothing to measure.
func listwise(method string, cols [][]float64, weights []float64, warnings *[]Warning) (rows []int, ok bool, err error) {
	if err := infiniteColumns(method, cols); err != nil {
		return nil, false, err
	}
	n := len(cols[0])
	rows = make([]int, 0, n)
	for i := range n {
		if !slices.ContainsFunc(cols, func(c []float64) bool { return math.IsNaN(c[i]) }) {
			rows = append(rows, i)
		}
	}
	if len(rows) < n {
		*warnings = append(*warnings, Warning{Kind: WarnUnitsLeftOut, Count: n - len(rows), Total: n})
	}
	if len(rows) < 2 {
		*warnings = append(*warnings, Warning{Kind: WarnTooFewUnits, Count: len(rows)})
		equalOver(weights, nil)
		return rows, false, nil
	}
	return rows, true, nil
}
