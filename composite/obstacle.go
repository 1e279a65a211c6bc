package composite

import "math"

// Obstacles returns the obstacle degree (障碍度) of each indicator for each
// unit, in percent, laid out like z: O[j][i] for indicator j and unit i.
// z[j][i] is the normalised value, oriented so that higher is better, scale
// the top of the normalisation range (100 for min-max [0, 100], 1 for data
// already in [0, 1]) and w[j] the factor contribution, the indicator's
// effective (global) weight. With the deviation (指标偏离度) I = 1 − z/scale,
// the obstacle degree model (障碍度模型) common in Chinese regional
// evaluation after entropy-TOPSIS scoring is
//
//	O_ij = w_j·I_ij / Σ_k w_k·I_ik × 100
//
// with the sum over the indicators unit i has, so each unit's obstacles sum
// to 100. A unit at the ideal on every indicator it has (Σ = 0) gets 0 for
// all of them. A missing indicator gets NaN, so a unit with no value gets
// NaN throughout; a dimension's or goal's obstacle is the sum of its
// indicators' (skip the NaN). Values above scale give negative deviations,
// which are used as given. Obstacles panics if scale is not positive, if
// len(w) != len(z) or if the columns differ in length.
func Obstacles(z [][]float64, w []float64, scale float64) [][]float64 {
	if len(w) != len(z) {
		panic("composite: slice length mismatch")
	}
	if !(scale > 0) {
		panic("composite: obstacle scale must be positive")
	}
	out := make([][]float64, len(z))
	if len(z) == 0 {
		return out
	}
	n := len(z[0])
	for _, c := range z {
		if len(c) != n {
			panic("composite: column length mismatch")
		}
	}
	buf := make([]float64, (len(z)+1)*n)
	total := buf[len(z)*n:]
	for j, col := range z {
		o := buf[j*n : (j+1)*n : (j+1)*n]
		out[j] = o
		obstacleTerms(o, total, col, w[j], scale)
	}
	for _, o := range out {
		obstacleShares(o, total)
	}
	return out
}

// obstacleTerms sets o = w·(1 − z/scale) and adds it to total where z is
// present.
func obstacleTerms(o, total, z []float64, w, scale float64) {
	o, total = o[:len(z)], total[:len(z)]
	for i, v := range z {
		if math.IsNaN(v) {
			o[i] = v
			continue
		}
		t := w * (1 - v/scale)
		o[i] = t
		total[i] += t
	}
}

// obstacleShares turns the terms o into percentages of total, 0 where the
// total is 0.
func obstacleShares(o, total []float64) {
	total = total[:len(o)]
	for i, t := range o {
		if math.IsNaN(t) {
			continue
		}
		if s := total[i]; s != 0 {
			o[i] = t / s * 100
		} else {
			o[i] = 0
		}
	}
}
