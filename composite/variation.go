package composite

import "math"

// VariationResult is the outcome of CVWeights and SDWeights. Every slice
// has one value per column.
type VariationResult struct {
	// Weights sum to 1 and are never NaN.
	Weights []float64
	// Mean and SD are the mean and sample standard deviation (n − 1) of the
	// values the method used (NaN with no value, SD NaN with fewer than 2).
	Mean, SD []float64
	// CV is V_j = s_j/|x̄_j| as it entered the weights (0 where it is
	// undefined); nil for SDWeights.
	CV []float64
	// Warnings name each column whose weight was set by a rule, columns
	// numbered from 1 (WarnNoValues, WarnCVOneValue, WarnCVMeanZero,
	// WarnSDOneValue, WarnSDConstant) and, for cv, each with negative
	// values (WarnCVNegative); then WarnAllZero, with Stat "V" or "σ", if
	// the weights are equal.
	Warnings []Warning
}

// CVWeights returns the weights of the coefficient of variation method
// (变异系数法). cols[j][i] is the raw value of indicator j for unit i, NaN
// when missing. Over the values present in each column,
//
//	V_j = s_j / |x̄_j|      s the sample standard deviation (n − 1)
//	w_j = V_j / Σ_k V_k
//
// The method is meant for positive ratio-scale data: it reads raw values
// (on min-max data the mean is arbitrary), direction plays no part, and a
// column with a negative value gets a warning. Each column uses its own
// values present (no listwise deletion).
//
// Rules, each with a warning: x̄ = 0, fewer than 2 values or no value →
// V = 0 (weight 0); every V = 0 → equal weights, 1/m over the columns that
// have a value. CVWeights returns a *WeightValueError for an infinite
// value; it panics if the columns differ in length.
func CVWeights(cols [][]float64) (*VariationResult, error) {
	checkObjectiveInput(cols, nil)
	m := len(cols)
	res := &VariationResult{Weights: make([]float64, m), Mean: make([]float64, m), SD: make([]float64, m), CV: make([]float64, m)}
	present := make([]bool, m)
	for j, c := range cols {
		if err := infiniteValue("cv", c); err != nil {
			err.Col = j + 1
			return nil, err
		}
		mean, sd, n := MeanSD(c)
		res.Mean[j], res.SD[j], present[j] = mean, sd, n > 0
		neg := 0
		for _, v := range c {
			if v < 0 {
				neg++
			}
		}
		if neg > 0 {
			res.Warnings = append(res.Warnings, Warning{Kind: WarnCVNegative, Column: j + 1, Count: neg})
		}
		switch {
		case n == 0:
			res.Warnings = append(res.Warnings, Warning{Kind: WarnNoValues, Column: j + 1})
		case n < 2:
			res.Warnings = append(res.Warnings, Warning{Kind: WarnCVOneValue, Column: j + 1})
		case mean == 0:
			res.Warnings = append(res.Warnings, Warning{Kind: WarnCVMeanZero, Column: j + 1})
		default:
			res.CV[j] = sd / math.Abs(mean)
		}
	}
	finishVariation(res, res.CV, present, "V")
	return res, nil
}

// SDWeights returns the weights of the standard deviation method (标准差法;
// Jahan and Edwards 2013). cols[j][i] is the value of indicator j for unit
// i, NaN when missing. Over the values present in each column,
//
//	w_j = σ_j / Σ_k σ_k    σ the sample standard deviation (n − 1)
//
// on the raw values (minmax false, FORMATS' transform: none), or with
// minmax on z = (x − min)/(max − min), cost columns (cost[j], nil meaning
// none) as (max − x)/(max − min) and a constant column as 0. Reflecting a
// column does not change its σ, so cost changes only the reported Mean
// (with minmax), never the weights. Raw σ carries each indicator's unit:
// prefer minmax unless the columns share one.
//
// Rules, each with a warning: a constant column, one with fewer than 2
// values or none → weight 0; every σ = 0 → equal weights, 1/m over the
// columns that have a value. SDWeights returns a *WeightValueError for an
// infinite value; it panics if cost is not nil and its length differs from
// len(cols), or if the columns differ in length.
func SDWeights(cols [][]float64, cost []bool, minmax bool) (*VariationResult, error) {
	checkObjectiveInput(cols, cost)
	m := len(cols)
	res := &VariationResult{Weights: make([]float64, m), Mean: make([]float64, m), SD: make([]float64, m)}
	sd := make([]float64, m)
	present := make([]bool, m)
	var buf []float64
	for j, c := range cols {
		if err := infiniteValue("stddev", c); err != nil {
			err.Col = j + 1
			return nil, err
		}
		x := c
		if minmax {
			// z = (x − o)·s; a constant column's z is taken as 0.
			mn, mx := math.Inf(1), math.Inf(-1)
			for _, v := range c {
				if !math.IsNaN(v) {
					mn, mx = min(mn, v), max(mx, v)
				}
			}
			o, s := mn, 0.0
			if mx > mn {
				s = 1 / (mx - mn)
				if cost != nil && cost[j] {
					o, s = mx, -s
				}
			}
			buf = append(buf[:0], c...)
			for i, v := range buf {
				buf[i] = (v - o) * s // NaN stays NaN
			}
			x = buf
		}
		mean, s, n := MeanSD(x)
		res.Mean[j], res.SD[j], present[j] = mean, s, n > 0
		switch {
		case n == 0:
			res.Warnings = append(res.Warnings, Warning{Kind: WarnNoValues, Column: j + 1})
		case n < 2:
			res.Warnings = append(res.Warnings, Warning{Kind: WarnSDOneValue, Column: j + 1})
		case s == 0:
			res.Warnings = append(res.Warnings, Warning{Kind: WarnSDConstant, Column: j + 1})
		default:
			sd[j] = s
		}
	}
	finishVariation(res, sd, present, "σ")
	return res, nil
}

func finishVariation(res *VariationResult, v []float64, present []bool, what string) {
	if !shareOf(res.Weights, v) && len(v) > 0 {
		equalOver(res.Weights, present)
		res.Warnings = append(res.Warnings, Warning{Kind: WarnAllZero, Stat: what})
	}
}
